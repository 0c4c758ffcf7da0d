// Makes pkg/node.cjs, the CommonJS entry for `require("zendesk-auth")` on Node 20, from
// wasm-bindgen's nodejs glue. The glue loads the same zendesk_auth_bg.wasm as the ES
// module entries (wasm-bindgen emits identical bytes for both targets), but it
// require()s the JS snippets (src/js/*.js), which are ES modules; this writes CommonJS
// copies of them (.cjs) and points the glue there. Our snippets use only `export
// function`, `export const` and `import { names } from "./sibling.js"`, which is all
// this conversion handles; anything else fails the build.
//   node scripts/make-cjs.mjs <nodejs-glue-dir> <pkg-dir>
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [glueDir, pkgDir] = process.argv.slice(2);
let glue = readFileSync(join(glueDir, "zendesk_auth.js"), "utf8");

/** Writes `${path}.cjs` beside the ES module `${path}.js` (path relative to pkgDir). */
export function convert(pkgDir, path) {
  const source = readFileSync(join(pkgDir, `${path}.js`), "utf8");
  const names = [...source.matchAll(/^export (?:function|const) (\w+)/gm)].map((m) => m[1]);
  const body = source
    .replace(/^export (function|const) /gm, "$1 ")
    .replace(/^import \{([^}]+)\} from "(\.\.?\/[\w-]+)\.js";$/gm, 'const {$1} = require("$2.cjs");');
  if (/^\s*(export|import)\s/m.test(body)) throw new Error(`${path}.js: only 'export function', 'export const' and named sibling imports can be converted`);
  writeFileSync(join(pkgDir, `${path}.cjs`), `"use strict";\n${body}\nmodule.exports = { ${names.join(", ")} };\n`);
}

glue = glue.replace(/require\(String\.raw`\.\/(snippets\/[^`]+)\.js`\)/g, (_, path) => {
  convert(pkgDir, path);
  return `require(String.raw\`./${path}.cjs\`)`;
});
if (!glue.includes("`${__dirname}/zendesk_auth_bg.wasm`")) throw new Error("the nodejs glue no longer loads zendesk_auth_bg.wasm from its own folder");

// Same surface as the ES module entries: init() resolves at once, initSync() is a no-op;
// ZendeskAuthError from the shared error module (pkg/error.js, converted once by the
// core's build), and in the client's build the protected ZendeskClient and parseCallback
// (protect.js).
const client = existsSync(join(pkgDir, "protect.js"));
if (!client) convert(pkgDir, "error");
else convert(pkgDir, "protect");
glue += `
module.exports.default = function init() { return Promise.resolve(wasm); };
module.exports.initSync = function initSync() { return wasm; };
module.exports.ZendeskAuthError = require("${client ? "../" : "./"}error.cjs").ZendeskAuthError;
`;
// Pages, the class behind paginate(), is the glue's own: the ES module entries do not
// export it either.
if (client) glue += `module.exports.ZendeskClient = require("./protect.cjs").protectClient(module.exports.ZendeskClient);\nmodule.exports.parseCallback = require("./protect.cjs").parseCallback;\ndelete module.exports.Pages;\n`;
writeFileSync(join(pkgDir, "node.cjs"), glue);
