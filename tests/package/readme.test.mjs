// The npm page's Node examples, read from the installed package and run as they are,
// so the README cannot drift from the code.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve("zendesk-auth/package.json"));
const readme = readFileSync(join(packageDir, "README.md"), "utf8");
const section = (title) => readme.split(/^## /m).find((s) => s.startsWith(title));
const jsBlocks = (text) => [...text.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
const blocks = jsBlocks(section("Node"));

test("the README has Node examples", () => {
  assert.ok(blocks.length >= 3, `found ${blocks.length}`);
});

function run(file, code, env = {}) {
  writeFileSync(file, code);
  return execFileSync(process.execPath, [file], { encoding: "utf8", env: { ...process.env, ...env } });
}

blocks.forEach((code, i) => {
  test(`README Node example ${i + 1} runs`, () => {
    const out = run(`readme-example-${i + 1}.mjs`, code);
    // Each example's `// comment` after a console.log states what it prints.
    for (const line of code.split("\n")) {
      const m = line.match(/console\.log\(.*\); \/\/ (.+)$/);
      if (m && !m[1].includes("...")) assert.ok(out.includes(m[1].replace(/^"|"$/g, "")), `example ${i + 1}: expected ${m[1]} in:\n${out}`);
    }
  });
});

test("README client example runs against the fake Zendesk, only the target swapped", async () => {
  const [code] = jsBlocks(section("Calling the Zendesk API"));
  assert.ok(code.includes('subdomain: "acme",'));
  const { startFakeZendesk, SEED } = await import(`${process.env.ZA_REPO}/tests/fake-zendesk/server.mjs`);
  const zd = await startFakeZendesk({});
  try {
    const local = code.replace('subdomain: "acme",', `baseUrl: ${JSON.stringify(zd.accountUrl("acme"))},`);
    // execFileSync would block the fake's event loop: run the example asynchronously.
    const { execFile } = await import("node:child_process");
    writeFileSync("readme-client.mjs", local);
    const out = await new Promise((resolve, reject) =>
      execFile(process.execPath, ["readme-client.mjs"], { env: { ...process.env, ZENDESK_OAUTH_TOKEN: SEED.acme.oauth.adminReadWrite.token } },
        (err, stdout, stderr) => (err ? reject(new Error(stderr || err.message)) : resolve(stdout))));
    assert.deepEqual(out.trim().split("\n"), ["admin oauth 699", "true", "NOT_FOUND 404 true"]);
  } finally {
    await zd.close();
  }
});
