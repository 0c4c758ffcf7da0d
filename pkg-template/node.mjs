// Node and Deno entry: the .wasm is read from disk and instantiated synchronously on
// import, so there is nothing to initialise. `init()` still exists and resolves at
// once, so code written for the browser entry runs here unchanged.
import { readFileSync } from "node:fs";
import { initSync } from "./zendesk_auth.js";

initSync({ module: readFileSync(new URL("./zendesk_auth_bg.wasm", import.meta.url)) });

export * from "./zendesk_auth.js";
export { default } from "./zendesk_auth.js";
export { ZendeskAuthError } from "./error.js";
