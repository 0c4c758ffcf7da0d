// The npm page's Deno example, read from the installed package and run by Deno with the
// package resolved from node_modules; only the target is swapped (subdomain -> the fake).
const { SEED } = await import(`${Deno.env.get("ZA_REPO")}/tests/fake-zendesk/seed.mjs`);

Deno.test("README Deno example runs", async () => {
  const readme = await Deno.readTextFile("node_modules/zendesk-auth/README.md");
  const section = readme.split(/^## /m).find((s) => s.startsWith("Deno"));
  const code = section.match(/```js\n([\s\S]*?)```/)[1];
  const local = code
    .replace('"npm:zendesk-auth/client"', '"zendesk-auth/client"')
    .replace('subdomain: "acme"', `baseUrl: ${JSON.stringify(`${Deno.env.get("FAKE_ZENDESK_URL")}/acme`)}`);
  if (local === code) throw new Error("the example no longer has the expected shape");
  await Deno.writeTextFile("deno/readme-example.mjs", local);
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-env", "--allow-read", "--allow-net=127.0.0.1", "deno/readme-example.mjs"],
    env: { ZENDESK_OAUTH_TOKEN: SEED.acme.oauth.adminReadWrite.token, DENO_NO_UPDATE_CHECK: "1" },
  }).output();
  const stdout = new TextDecoder().decode(out.stdout).trim();
  if (!out.success || stdout !== "oauth") throw new Error(`exit ${out.code}: ${stdout} ${new TextDecoder().decode(out.stderr)}`);
});
