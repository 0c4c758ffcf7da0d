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
const nodeSection = readme.split(/^## /m).find((s) => s.startsWith("Node"));
const blocks = [...nodeSection.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);

test("the README has Node examples", () => {
  assert.ok(blocks.length >= 3, `found ${blocks.length}`);
});

blocks.forEach((code, i) => {
  test(`README Node example ${i + 1} runs`, () => {
    const file = `readme-example-${i + 1}.mjs`;
    writeFileSync(file, code);
    const out = execFileSync(process.execPath, [file], { encoding: "utf8" });
    // Each example's `// comment` after a console.log states what it prints.
    for (const line of code.split("\n")) {
      const m = line.match(/console\.log\(.*\); \/\/ (.+)$/);
      if (m && !m[1].includes("...")) assert.ok(out.includes(m[1].replace(/^"|"$/g, "")), `example ${i + 1}: expected ${m[1]} in:\n${out}`);
    }
  });
});
