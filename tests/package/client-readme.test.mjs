// The npm page's client examples (exports, records, uploads, 422 details; hooks, page caps,
// upload(), token info and revocation; parseCallback), read from the installed package and
// run as they are against the fake Zendesk, only the target swapped, so the README cannot
// drift from the code.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const readme = readFileSync(join(dirname(require.resolve("zendesk-auth/package.json")), "README.md"), "utf8");
const sectionBlocks = (title) => [...readme.split(/^## /m).find((s) => s.startsWith(title)).matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
const blocks = sectionBlocks("Calling the Zendesk API");

/** Runs `code` as a module file with node; resolves to its stdout. */
function runFile(file, code, env = {}) {
  writeFileSync(file, code);
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [file], { env: { ...process.env, ...env } }, (err, stdout, stderr) => (err ? reject(new Error(stderr || err.message)) : resolve(stdout))));
}

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

test("README example 'Logging hooks, page caps, uploads and tokens' runs against the fake Zendesk", async () => {
  const code = blocks.find((b) => b.includes("revokeToken()"));
  assert.ok(code && code.includes('subdomain: "acme",'));
  const { startFakeZendesk, SEED } = await import(`${process.env.ZA_REPO}/tests/fake-zendesk/server.mjs`);
  const zd = await startFakeZendesk({});
  try {
    const token = SEED.acme.oauth.adminReadWrite.token;
    const out = await runFile("readme-client-3.mjs", code.replace('subdomain: "acme",', `baseUrl: ${JSON.stringify(zd.accountUrl("acme"))},`), { ZENDESK_OAUTH_TOKEN: token });
    // What each console.log's comment says it prints.
    assert.deepEqual(out.trim().split("\n"), ["[ 100, 200 ]", "Bearer [redacted] AcmeSync/1.0 (ops@acme.example)", "150", "true", "[ 'read', 'write' ] null", "true"]);
    assert.ok(!out.includes(token));
    // Two uploads in one, then the token deleted by its id, and gone.
    const posts = zd.getLog({ account: "acme", method: "POST" }).map((e) => [e.apiPath, e.status]);
    assert.deepEqual(posts, [["/api/v2/uploads.json", 201], ["/api/v2/uploads.json", 201]]);
    assert.match(zd.getLog({ account: "acme", method: "DELETE" })[0].apiPath, /^\/api\/v2\/oauth\/tokens\/\d+\.json$/);
  } finally {
    await zd.close();
  }
});

test("README example of parseCallback runs as it is", async () => {
  const code = sectionBlocks("Moving to OAuth").find((b) => b.includes("parseCallback(denied"));
  assert.ok(code);
  const out = await runFile("readme-callback.mjs", code);
  assert.deepEqual(out.trim().split("\n"), ["OAUTH_DENIED access_denied: The user denied the authorization request.", "c0de verifier", "STATE_MISMATCH"]);
});
