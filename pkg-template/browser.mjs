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

/** The glue's function `name`, refusing politely until init() has finished. */
function guarded(name) {
  return (...args) => {
    ensure(name);
    return glue[name](...args);
  };
}

export const validate = guarded("validate");
export const buildAuthorizationHeader = guarded("buildAuthorizationHeader");
export const inspectAuthorizationHeader = guarded("inspectAuthorizationHeader");
export const redact = guarded("redact");
export const apiBaseUrl = guarded("apiBaseUrl");
export const createAuthorizationUrl = guarded("createAuthorizationUrl");
export const exchangeCode = guarded("exchangeCode");
export const refreshToken = guarded("refreshToken");
export const clientCredentialsToken = guarded("clientCredentialsToken");

export class ZendeskClient extends glue.ZendeskClient {
  constructor(options) {
    ensure("new ZendeskClient");
    super(options);
  }
}
