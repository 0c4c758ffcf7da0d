// @ts-check
// Reading what callers pass, once, without ever letting their code throw into wasm.
//
// A caller's object becomes a snapshot: its own enumerable string-keyed properties, each
// read exactly once (a getter runs once, a Proxy's traps run once), copied into an object
// with no prototype. Inherited values do not count, so a polluted Object.prototype changes
// nothing. Everything after that reads the snapshot, which cannot throw or change.

/**
 * The kind of a value, as the wasm side numbers them.
 * 0 absent (undefined or null), 1 string, 2 number, 3 boolean, 4 function, 5 object,
 * 6 anything else (symbol, bigint).
 * @param {unknown} value
 */
export function kindOf(value) {
  return value == null ? 0 : KINDS.indexOf(typeof value) + 1 || 6;
}

const KINDS = ["string", "number", "boolean", "function", "object"];

/**
 * A snapshot of a caller's object (see above). Anything but an object gives an empty
 * snapshot (the wasm side checks the kind itself first). When the object cannot be read,
 * the snapshot says why instead of throwing (see faultOf).
 * @param {unknown} value
 * @returns {Record<string, unknown>}
 */
export function snapshot(value) {
  /** @type {Record<string, unknown>} */
  const copy = Object.create(null);
  if (kindOf(value) !== 5) return copy;
  const object = /** @type {object} */ (value);
  /** @type {string[]} */
  let keys;
  try {
    keys = Object.keys(object);
  } catch {
    return fault("");
  }
  for (const key of keys) {
    try {
      copy[key] = /** @type {Record<string, unknown>} */ (object)[key];
    } catch {
      return fault(key);
    }
  }
  return copy;
}

const FAULT = Symbol("fault");

/** A snapshot that records the key whose read threw. @param {string} key */
function fault(key) {
  /** @type {Record<string | symbol, unknown>} */
  const f = Object.create(null);
  f[FAULT] = key;
  return /** @type {Record<string, unknown>} */ (f);
}

/**
 * The key whose read threw ("" when the object could not even be listed), or undefined
 * when the snapshot is whole.
 * @param {Record<string | symbol, unknown>} snap
 */
export function faultOf(snap) {
  const key = snap[FAULT];
  return typeof key === "string" ? key : undefined;
}

/**
 * The value at `key` of a snapshot, or of another object this package made.
 * @param {any} object @param {string} key
 */
export function valueAt(object, key) {
  return object == null ? undefined : object[key];
}

/**
 * A snapshot's keys in one string, NUL-separated (one crossing instead of one per key).
 * @param {Record<string, unknown>} snap
 */
export function keysOf(snap) {
  return Object.keys(snap).join("\0");
}

/**
 * The five credential fields of a snapshot: the strings, and the kinds of the others
 * packed 3 bits a field (subdomain, email, apiToken, oauthToken, password).
 * @param {Record<string, unknown>} snap
 */
export function credentialKinds(snap) {
  return kindOf(snap.subdomain) | (kindOf(snap.email) << 3) | (kindOf(snap.apiToken) << 6) | (kindOf(snap.oauthToken) << 9) | (kindOf(snap.password) << 12);
}

/**
 * The value at `key` when it is a string.
 * @param {Record<string, unknown>} snap @param {string} key
 */
export function textAt(snap, key) {
  const v = snap[key];
  return typeof v === "string" ? v : undefined;
}

/**
 * The time a caller's options give as `now` (a number or a Date), else the clock.
 * @param {unknown} options
 */
export function nowOf(options) {
  const v = snapshot(options).now;
  let t = typeof v === "number" ? v : NaN;
  if (kindOf(v) === 5) {
    try {
      t = Date.prototype.getTime.call(v); // throws for anything but a real Date
    } catch {
      t = NaN;
    }
  }
  return Number.isFinite(t) ? t : Date.now();
}
