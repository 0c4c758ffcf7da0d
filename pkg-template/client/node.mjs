// Node and Deno entry of "zendesk-auth/client" (see ../node.mjs): the .wasm is loaded
// on import. ZendeskClient is the protected class (see protect.js).
import { readFileSync } from "node:fs";
import { initSync, ZendeskClient as Handle } from "./zendesk_auth.js";
import { protectClient } from "./protect.js";
export { parseCallback } from "./protect.js";

initSync({ module: readFileSync(new URL("./zendesk_auth_bg.wasm", import.meta.url)) });

// Named, not `export *`: the glue also exports Pages, the class behind paginate(),
// which is not for constructing.
export { default, initSync, validate, buildAuthorizationHeader, inspectAuthorizationHeader, redact, apiBaseUrl, createAuthorizationUrl, exchangeCode, refreshToken, clientCredentialsToken } from "./zendesk_auth.js";
export { ZendeskAuthError } from "../error.js";
export const ZendeskClient = protectClient(Handle);
