// Browser and bundler entry of the core (validation, headers, inspection, redaction).
// `await init()` first; the client is the separate entry "zendesk-auth/client".
import wasmInit, * as glue from "./zendesk_auth.js";
import { browserEntry } from "./guard.mjs";

const entry = browserEntry(wasmInit, glue);
export default entry.init;
export const initSync = entry.initSync;

export const { validate, buildAuthorizationHeader, inspectAuthorizationHeader, redact, apiBaseUrl } = entry.core;
