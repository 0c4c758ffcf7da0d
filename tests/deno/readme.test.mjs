// The npm page's Deno example, read from the installed package and run by Deno with the
// package resolved from node_modules, under exactly the permissions the page lists: the
// flags of its `deno run` line, with only the host of --allow-net swapped for the fake's,
// as the example's subdomain is swapped for the fake's base URL. Then once without each
// of those permissions, to show that every one of them is needed.
const { SEED } = await import(`${Deno.env.get("ZA_REPO")}/tests/fake-zendesk/seed.mjs`);

const readme = await Deno.readTextFile("node_modules/zendesk-auth/README.md");
const section = readme.split(/^## /m).find((s) => s.startsWith("Deno"));
const fake = new URL(Deno.env.get("FAKE_ZENDESK_URL"));

/** The permission flags of the README's `deno run ... main.mjs` line, as written. */
function listedPermissions() {
  const line = section.match(/```sh\n(deno run [^\n]*)\n```/)?.[1];
  if (!line) throw new Error("the Deno section has no `deno run` line");
  const words = line.split(/\s+/);
  if (words.at(-1) !== "main.mjs") throw new Error(`the run line does not end with main.mjs: ${line}`);
  const flags = words.slice(2, -1);
  const bad = flags.filter((f) => !/^--allow-(read|env|net)=\S+$/.test(f));
  if (bad.length) throw new Error(`flags other than scoped --allow-read/env/net: ${bad.join(" ")}`);
  return flags;
}

function runExample(flags) {
  return new Deno.Command(Deno.execPath(), {
    // --no-prompt grants nothing: a missing permission fails instead of waiting for an answer.
    args: ["run", "--no-prompt", ...flags, "deno/main.mjs"],
    env: { ZENDESK_OAUTH_TOKEN: SEED.acme.oauth.adminReadWrite.token, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
  }).output();
}

const text = (bytes) => new TextDecoder().decode(bytes).trim();

Deno.test("README Deno example runs with exactly the permissions the README lists", async () => {
  const code = section.match(/```js\n([\s\S]*?)```/)[1];
  const local = code.replace('subdomain: "acme"', `baseUrl: ${JSON.stringify(`${fake.origin}/acme`)}`);
  if (local === code) throw new Error("the example no longer has the expected shape");
  await Deno.writeTextFile("deno/main.mjs", local);

  const listed = listedPermissions();
  const flags = listed.map((f) => f.replace(/^--allow-net=acme\.zendesk\.com$/, `--allow-net=${fake.host}`));
  if (flags.join(" ") === listed.join(" ")) throw new Error("no --allow-net=acme.zendesk.com to point at the fake");
  const out = await runExample(flags);
  if (!out.success || text(out.stdout) !== "oauth") throw new Error(`exit ${out.code}: ${text(out.stdout)} ${text(out.stderr)}`);

  for (const dropped of flags) {
    const without = await runExample(flags.filter((f) => f !== dropped));
    const name = dropped.slice("--allow-".length).split("=")[0];
    if (without.success) throw new Error(`the example also runs without ${dropped}: the README lists more than it needs`);
    // Deno refuses with NotCapable; the client turns a refused fetch into its NETWORK error.
    const expected = name === "net" ? /NotCapable: .*--allow-net|ZendeskAuthError: .*connection/i : new RegExp(`NotCapable: .*--allow-${name}`);
    if (!expected.test(text(without.stderr))) {
      throw new Error(`without ${dropped}, expected ${expected}, got: ${text(without.stderr).slice(0, 400)}`);
    }
  }
});
