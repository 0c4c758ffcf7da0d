// Browser and bundler entry of the core (validation, headers, inspection, redaction).
// `await init()` first; the client is the separate entry "zendesk-auth/client".
import * as glue from "./zendesk_auth.js";
import { browserEntry } from "./guard.mjs";

const entry = browserEntry(glue.initSync, "zendesk-auth", new URL("zendesk_auth_bg.wasm", import.meta.url));
export default entry.init;
export const initSync = entry.initSync;
export { ZendeskAuthError } from "./error.js";

export const validate = entry.guarded(glue.validate, "validate");
export const buildAuthorizationHeader = entry.guarded(glue.buildAuthorizationHeader, "buildAuthorizationHeader");
export const inspectAuthorizationHeader = entry.guarded(glue.inspectAuthorizationHeader, "inspectAuthorizationHeader");
export const redact = entry.guarded(glue.redact, "redact");
export const apiBaseUrl = entry.guarded(glue.apiBaseUrl, "apiBaseUrl");
