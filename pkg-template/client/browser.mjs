// Browser and bundler entry of "zendesk-auth/client": everything the core entry has,
// plus ZendeskClient and the OAuth calls, in one .wasm of their own. `await init()` first.
import * as glue from "./zendesk_auth.js";
import { browserEntry } from "../guard.mjs";
import { protectClient } from "./protect.js";
export { parseCallback } from "./protect.js";

const entry = browserEntry(glue.initSync, "zendesk-auth/client", new URL("zendesk_auth_bg.wasm", import.meta.url));
export default entry.init;
export const initSync = entry.initSync;
export { ZendeskAuthError } from "../error.js";

export const validate = entry.guarded(glue.validate, "validate");
export const buildAuthorizationHeader = entry.guarded(glue.buildAuthorizationHeader, "buildAuthorizationHeader");
export const inspectAuthorizationHeader = entry.guarded(glue.inspectAuthorizationHeader, "inspectAuthorizationHeader");
export const redact = entry.guarded(glue.redact, "redact");
export const apiBaseUrl = entry.guarded(glue.apiBaseUrl, "apiBaseUrl");
export const createAuthorizationUrl = entry.guarded(glue.createAuthorizationUrl, "createAuthorizationUrl");
export const exchangeCode = entry.guarded(glue.exchangeCode, "exchangeCode");
export const refreshToken = entry.guarded(glue.refreshToken, "refreshToken");
export const clientCredentialsToken = entry.guarded(glue.clientCredentialsToken, "clientCredentialsToken");
export const ZendeskClient = protectClient(glue.ZendeskClient, entry.ensure);
