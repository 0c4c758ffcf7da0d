// Counts what one request costs at the boundary: calls from wasm into JavaScript (the
// glue's imports), calls from JavaScript into wasm (the module's exports), and heap
// allocations inside wasm (a build with the `alloc-count` feature exports the count).
//
//   node bench/crossings.mjs DIR
//
// DIR holds a --target web build of the client (zendesk_auth.js + zendesk_auth_bg.wasm)
// made with `--features alloc-count`. The request goes to the fake Zendesk, started here.
// Prints one JSON line.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

import { startFakeZendesk, SEED } from "../tests/fake-zendesk/server.mjs";

const [dir] = process.argv.slice(2);
const counts = { wasmToJs: 0, jsToWasm: 0, imports: {}, exports: {} };
let counting = false;

const Instance = WebAssembly.Instance;
WebAssembly.Instance = function (module, imports) {
  for (const ns of Object.values(imports)) {
    for (const [name, f] of Object.entries(ns)) {
      if (typeof f !== "function") continue;
      ns[name] = function (...args) {
        if (counting) {
          counts.wasmToJs++;
          const short = name.replace(/^__wbg_|_[0-9a-f]{16}$/g, "");
          counts.imports[short] = (counts.imports[short] ?? 0) + 1;
        }
        return f.apply(this, args);
      };
    }
  }
  const real = new Instance(module, imports);
  const exports = {};
  for (const [name, v] of Object.entries(real.exports)) {
    exports[name] = typeof v !== "function" || name === "za_allocations" ? v : function (...args) {
      if (counting) {
        counts.jsToWasm++;
        counts.exports[name] = (counts.exports[name] ?? 0) + 1;
      }
      return v.apply(this, args);
    };
  }
  return { exports };
};

const glue = await import(pathToFileURL(resolve(dir, "zendesk_auth.js")).href);
const wasm = glue.initSync({ module: readFileSync(join(dir, "zendesk_auth_bg.wasm")) });
const allocations = () => (typeof wasm.za_allocations === "function" ? wasm.za_allocations() : NaN);

const zd = await startFakeZendesk();
const client = new glue.ZendeskClient({ email: SEED.acme.users.admin.email, apiToken: SEED.acme.apiTokens[0], baseUrl: zd.accountUrl("acme") });
// One warm-up request, so one-time work (cached strings, tables) is not counted.
await client.get("/api/v2/users/me.json");
const before = allocations();
counting = true;
await client.get("/api/v2/users/me.json");
counting = false;
counts.allocations = allocations() - before;
await zd.close();
console.log(JSON.stringify(counts));
