// Browser and bundler entry. The .wasm is fetched by `await init()` (memoised: call it
// as often as you like). Calling a function before that throws a ZendeskAuthError with
// code NOT_INITIALIZED instead of an obscure TypeError from the glue.
import wasmInit, * as glue from "./zendesk_auth.js";

let ready = false;
let pending;

/** Loads the WebAssembly module once; later calls return the same promise. */
export default function init(input) {
  if (!pending) {
    pending = wasmInit(input).then(
      (exports) => {
        ready = true;
        return exports;
      },
      (error) => {
        pending = undefined; // let a later call try again
        throw error;
      },
    );
  }
  return pending;
}

/** Instantiates synchronously from a compiled module or bytes you already have. */
export function initSync(input) {
  const exports = glue.initSync(input);
  ready = true;
  return exports;
}

function notInitialized(name) {
  const error = new Error(`zendesk-auth is not initialised yet: await init() before calling ${name}().`);
  error.name = "ZendeskAuthError";
  error.code = "NOT_INITIALIZED";
  error.hint = "Call `await init()` once at start-up (it fetches the .wasm file), then use the functions.";
  return error;
}

function ensure(name) {
  if (!ready) throw notInitialized(name);
}

export function validate(credentials, options) {
  ensure("validate");
  return glue.validate(credentials, options);
}

export function buildAuthorizationHeader(credentials, options) {
  ensure("buildAuthorizationHeader");
  return glue.buildAuthorizationHeader(credentials, options);
}

export function inspectAuthorizationHeader(value, options) {
  ensure("inspectAuthorizationHeader");
  return glue.inspectAuthorizationHeader(value, options);
}

export function redact(text) {
  ensure("redact");
  return glue.redact(text);
}

export function apiBaseUrl(subdomain) {
  ensure("apiBaseUrl");
  return glue.apiBaseUrl(subdomain);
}

export function createAuthorizationUrl(options) {
  ensure("createAuthorizationUrl");
  return glue.createAuthorizationUrl(options);
}

export function exchangeCode(options) {
  ensure("exchangeCode");
  return glue.exchangeCode(options);
}

export function refreshToken(options) {
  ensure("refreshToken");
  return glue.refreshToken(options);
}

export function clientCredentialsToken(options) {
  ensure("clientCredentialsToken");
  return glue.clientCredentialsToken(options);
}

export class ZendeskClient extends glue.ZendeskClient {
  constructor(options) {
    ensure("new ZendeskClient");
    super(options);
  }
}
