// The npm page's second client example (exports, records, uploads, 422 details), read
// from the installed package and run as it is against the fake Zendesk, only the target
// swapped, so the README cannot drift from the code.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const readme = readFileSync(join(dirname(require.resolve("zendesk-auth/package.json")), "README.md"), "utf8");
const section = readme.split(/^## /m).find((s) => s.startsWith("Calling the Zendesk API"));
const blocks = [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);

test("README example 'Exports, records, headers and files' runs against the fake Zendesk", async () => {
  const code = blocks.find((b) => b.includes("incremental/tickets/cursor.json"));
  assert.ok(code && code.includes('subdomain: "acme",'));
  const { startFakeZendesk, SEED } = await import(`${process.env.ZA_REPO}/tests/fake-zendesk/server.mjs`);
  const zd = await startFakeZendesk({});
  try {
    writeFileSync("readme-client-2.mjs", code.replace('subdomain: "acme",', `baseUrl: ${JSON.stringify(zd.accountUrl("acme"))},`));
    const out = await new Promise((resolve, reject) =>
      execFile(process.execPath, ["readme-client-2.mjs"], { env: { ...process.env, ZENDESK_OAUTH_TOKEN: SEED.acme.oauth.adminReadWrite.token } },
        (err, stdout, stderr) => (err ? reject(new Error(stderr || err.message)) : resolve(stdout))));
    // What each console.log's comment says it prints.
    assert.deepEqual(out.trim().split("\n"), ["500", "string", "BAD_REQUEST [ 'email' ]"]);
    // The ticket went out with the upload token and the caller's idempotency key.
    assert.equal(zd.getLog({ account: "acme", method: "POST", apiPath: "/api/v2/tickets.json" })[0].status, 201);
  } finally {
    await zd.close();
  }
});
