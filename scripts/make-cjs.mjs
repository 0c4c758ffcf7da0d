// Makes pkg/node.cjs, the CommonJS entry for `require("zendesk-auth")` on Node 20, from
// wasm-bindgen's nodejs glue. The glue loads the same zendesk_auth_bg.wasm as the ES
// module entries (wasm-bindgen emits identical bytes for both targets), but it
// require()s the inline JS snippets, which are ES modules; this writes CommonJS copies
// of them (.cjs) and points the glue there. Our snippets are plain `export function`
// declarations, which is all this conversion handles; anything else fails the build.
//   node scripts/make-cjs.mjs <nodejs-glue-dir> <pkg-dir>
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [glueDir, pkgDir] = process.argv.slice(2);
let glue = readFileSync(join(glueDir, "zendesk_auth.js"), "utf8");

glue = glue.replace(/require\(String\.raw`\.\/(snippets\/[^`]+)\.js`\)/g, (_, path) => {
  const source = readFileSync(join(pkgDir, `${path}.js`), "utf8");
  const names = [...source.matchAll(/^export function (\w+)/gm)].map((m) => m[1]);
  const body = source.replace(/^export function /gm, "function ");
  if (/^\s*export\s/m.test(body)) throw new Error(`${path}.js: only 'export function' can be converted`);
  writeFileSync(join(pkgDir, `${path}.cjs`), `"use strict";\n${body}\nmodule.exports = { ${names.join(", ")} };\n`);
  return `require(String.raw\`./${path}.cjs\`)`;
});
if (!glue.includes("`${__dirname}/zendesk_auth_bg.wasm`")) throw new Error("the nodejs glue no longer loads zendesk_auth_bg.wasm from its own folder");

// Same surface as the ES module entries: init() resolves at once, initSync() is a no-op.
glue += `
module.exports.default = function init() { return Promise.resolve(wasm); };
module.exports.initSync = function initSync() { return wasm; };
`;
writeFileSync(join(pkgDir, "node.cjs"), glue);
