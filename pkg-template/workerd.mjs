// Cloudflare Workers (workerd) entry. Workers import a .wasm file as a compiled
// WebAssembly.Module and do not allow compiling from bytes at run time, so the module
// is imported and instantiated synchronously here; no init call is needed.
import wasmModule from "./zendesk_auth_bg.wasm";
import { initSync } from "./zendesk_auth.js";

initSync({ module: wasmModule });

export * from "./zendesk_auth.js";
export { default } from "./zendesk_auth.js";
export { ZendeskAuthError } from "./error.js";
