// Cloudflare Workers (workerd) entry of "zendesk-auth/client" (see ../workerd.mjs).
import wasmModule from "./zendesk_auth_bg.wasm";
import { initSync, ZendeskClient as Handle } from "./zendesk_auth.js";
import { protectClient } from "./protect.js";

initSync({ module: wasmModule });

export * from "./zendesk_auth.js";
export { default } from "./zendesk_auth.js";
export { ZendeskAuthError } from "../error.js";
export const ZendeskClient = protectClient(Handle);
