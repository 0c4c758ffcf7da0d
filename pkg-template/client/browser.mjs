// Browser and bundler entry of "zendesk-auth/client": everything the core entry has,
// plus ZendeskClient and the OAuth calls, in one .wasm of their own. `await init()` first.
import wasmInit, * as glue from "./zendesk_auth.js";
import { browserEntry } from "../guard.mjs";

const entry = browserEntry(wasmInit, glue);
export default entry.init;
export const initSync = entry.initSync;

export const { validate, buildAuthorizationHeader, inspectAuthorizationHeader, redact, apiBaseUrl } = entry.core;
export const createAuthorizationUrl = entry.guarded("createAuthorizationUrl");
export const exchangeCode = entry.guarded("exchangeCode");
export const refreshToken = entry.guarded("refreshToken");
export const clientCredentialsToken = entry.guarded("clientCredentialsToken");

export class ZendeskClient extends glue.ZendeskClient {
  constructor(options) {
    entry.ensure("new ZendeskClient");
    super(options);
  }
}
