// @ts-check
// Builds the core's results (validation, inspection) from what the wasm side decided.
// Diagnostics are queued here one at a time and attached to the next result or error.

import { codeHint, codeName, fieldName, makeError } from "./error.js";

const SEVERITIES = ["error", "warning"];
const SCHEMES = ["api_token", "password", "bearer", "unknown"];
const CREDENTIAL_FIELDS = ["subdomain", "email", "apiToken", "oauthToken", "password"];

/** @type {Array<{ field: string, code: string, severity: string, message: string, hint: string }>} */
let pending = [];

function take() {
  const d = pending;
  pending = [];
  return d;
}

/** @param {number} field @param {number} code @param {number} severity @param {string} message */
export function pushDiagnostic(field, code, severity, message) {
  pending.push({ field: fieldName(field), code: codeName(code), severity: SEVERITIES[severity], message, hint: codeHint(code) });
}

// A secret shown in a log keeps at most its last 4 characters, and those only when it is
// long enough to spare them (the Rust side's text::mask).
/** @param {string} s */
const mask = (s) => "********" + ([...s].length > 15 ? [...s].slice(-4).join("") : "");

// What JSON.stringify and Node's util.inspect (console.log) show of validate()'s
// `credentials`: the same fields with the secrets masked. Own and non-enumerable, so the
// object still compares and copies as a plain one, and spreading or Object.assign still
// copy the values.
const shown = {
  /** @this {Record<string, string>} */
  value() {
    /** @type {Record<string, string>} */
    const out = {};
    for (const [name, value] of Object.entries(this)) out[name] = CREDENTIAL_FIELDS.indexOf(name) > 1 ? mask(value) : value;
    return out;
  },
};
const SHOWN = { toJSON: shown, [Symbol.for("nodejs.util.inspect.custom")]: shown };

/**
 * The result of validate(). Fields whose bit is set in `same` are the values the caller
 * passed, taken from the snapshot that was validated (never read again from the caller's
 * object); the others are the normalized strings. Secrets are accessors, which browser
 * consoles show as (...) until clicked.
 * @param {boolean} ok @param {Record<string, unknown>} snap @param {number} same
 * @param {string | undefined} subdomain @param {string | undefined} email @param {string | undefined} apiToken
 * @param {string | undefined} oauthToken @param {string | undefined} password
 */
export function makeValidation(ok, snap, same, subdomain, email, apiToken, oauthToken, password) {
  /** @type {Record<string, unknown>} */
  const credentials = Object.defineProperties({}, SHOWN);
  const changed = [subdomain, email, apiToken, oauthToken, password];
  for (let i = 0; i < 5; i++) {
    const name = CREDENTIAL_FIELDS[i];
    let value = same & (1 << i) ? snap[name] : changed[i];
    if (typeof value !== "string") continue;
    if (i < 2) credentials[name] = value;
    else Object.defineProperty(credentials, name, { get: () => value, set: (v) => (value = v), enumerable: true, configurable: true });
  }
  return { ok, credentials, diagnostics: take() };
}

/** @param {number} scheme @param {string | undefined} email @param {string | undefined} secretMasked */
export function makeInspection(scheme, email, secretMasked) {
  /** @type {{ scheme: string, diagnostics: unknown[], email?: string, secretMasked?: string }} */
  const r = { scheme: SCHEMES[scheme], diagnostics: take() };
  if (email !== undefined) r.email = email;
  if (secretMasked !== undefined) r.secretMasked = secretMasked;
  return r;
}

/**
 * A thrown error for a diagnostic, with the queued diagnostics attached when asked.
 * @param {number} code @param {number} field @param {string} message @param {boolean} withDiagnostics
 */
export function diagnosticError(code, field, message, withDiagnostics) {
  const diagnostics = take();
  return makeError(code, field, message, withDiagnostics ? diagnostics : undefined);
}
