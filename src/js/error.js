// @ts-check
// ZendeskAuthError, the one error class of the package, and the code table the wasm side
// fills once so that codes and hints cross the boundary as small integers.
//
// The class is kept under a global symbol, so every copy of this file (the core's and
// the client's builds, ES module and CommonJS entries) hands out the same class and
// `err instanceof ZendeskAuthError` holds whichever entry threw.

const KEY = Symbol.for("zendesk-auth.ZendeskAuthError");

/**
 * @typedef {{ field?: string, diagnostics?: unknown[], status?: number, requestId?: string,
 *   zendeskError?: string, details?: unknown, retryAfterMs?: number, rateLimit?: unknown, cause?: unknown }} ErrorDetails
 */

function defineErrorClass() {
  class ZendeskAuthError extends Error {
    /**
     * @param {string} code a stable code: branch on it, never on the message
     * @param {string} message what went wrong; never contains a secret
     * @param {string} [hint] what to do about it
     * @param {ErrorDetails} [details] the fields that apply (status, requestId, cause...)
     */
    constructor(code, message, hint, details) {
      super(message, details && details.cause !== undefined ? { cause: details.cause } : undefined);
      /** @type {string} */
      this.code = code;
      if (hint !== undefined) /** @type {string} */ (this.hint = hint);
      if (details) {
        for (const [key, value] of Object.entries(details)) {
          if (key !== "cause" && value !== undefined) /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (this))[key] = value;
        }
      }
    }
  }
  // Both names survive minification: the error's (what logs show) and the class's.
  Object.defineProperty(ZendeskAuthError.prototype, "name", { value: "ZendeskAuthError", writable: true, configurable: true });
  Object.defineProperty(ZendeskAuthError, "name", { value: "ZendeskAuthError" });
  return ZendeskAuthError;
}

/** @returns {ReturnType<typeof defineErrorClass>} */
function sharedErrorClass() {
  const known = /** @type {any} */ (globalThis)[KEY];
  if (typeof known === "function") return known;
  const created = defineErrorClass();
  try {
    Object.defineProperty(globalThis, KEY, { value: created });
  } catch {
    // A frozen global object: this copy's class is used on its own.
  }
  return created;
}

export const ZendeskAuthError = sharedErrorClass();

/** @type {string[]} */
const FIELDS = [];
/** @type {string[]} */
const CODES = [];
/** @type {string[]} */
const HINTS = [];

/**
 * A field's name (no hint) or a code's name and hint, at its number.
 * @param {number} i @param {string} name @param {string | undefined} hint
 */
export function register(i, name, hint) {
  if (hint === undefined) FIELDS[i] = name;
  else {
    CODES[i] = name;
    HINTS[i] = hint;
  }
}

/** @param {number} i */
export function fieldName(i) {
  return FIELDS[i];
}

/** @param {number} i */
export function codeName(i) {
  return CODES[i];
}

/** @param {number} i */
export function codeHint(i) {
  return HINTS[i];
}

/**
 * An error for a registered diagnostic code.
 * @param {number} code @param {number} field @param {string} message @param {unknown[] | undefined} diagnostics
 */
export function makeError(code, field, message, diagnostics) {
  return new ZendeskAuthError(CODES[code], message, HINTS[code], { field: FIELDS[field], diagnostics });
}

/**
 * An error from the client: its own hint, and what Zendesk answered when it answered.
 * @param {string} code @param {string} message @param {string} hint @param {ErrorDetails} [details]
 */
export function makeClientError(code, message, hint, details) {
  return new ZendeskAuthError(code, message, hint, details);
}
