// Cloudflare Workers (workerd) entry of "zendesk-auth/client" (see ../workerd.mjs).
import wasmModule from "./zendesk_auth_bg.wasm";
import { initSync, ZendeskClient as Handle } from "./zendesk_auth.js";
import { protectClient } from "./protect.js";
export { parseCallback } from "./protect.js";

initSync({ module: wasmModule });

// Named, not `export *`: the glue also exports Pages, the class behind paginate(),
// which is not for constructing.
export { default, initSync, validate, buildAuthorizationHeader, inspectAuthorizationHeader, redact, apiBaseUrl, createAuthorizationUrl, exchangeCode, refreshToken, clientCredentialsToken } from "./zendesk_auth.js";
export { ZendeskAuthError } from "../error.js";
export const ZendeskClient = protectClient(Handle);
