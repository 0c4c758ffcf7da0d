// zendesk-auth/webhook: checks the signature Zendesk puts on every webhook request.
//
// Plain JavaScript over the runtime's WebCrypto (crypto.subtle), not Rust: HMAC-SHA256 in
// the .wasm would have pushed the core entry over its download budget, while WebCrypto is
// already in every runtime this package supports (Node 20+, Deno, browsers, workerd).
// Nothing here imports the other entries, so they do not grow by a byte.
//
// What Zendesk sends (developer.zendesk.com, "Verifying webhook authenticity"):
//   X-Zendesk-Webhook-Signature           base64(HMAC-SHA256(secret, timestamp + raw body))
//   X-Zendesk-Webhook-Signature-Timestamp ISO 8601, e.g. 2021-03-25T05:09:27Z
// with no separator between timestamp and body, and the body possibly empty.
//
// Every failure is a verdict { ok: false, code, message, hint }, never an exception: a
// webhook endpoint faces the whole internet, and an input that made it throw would turn a
// forged request into a 500 (or, uncaught, a crashed process) instead of a clean refusal.

export const SIGNATURE_HEADER = "X-Zendesk-Webhook-Signature";
export const TIMESTAMP_HEADER = "X-Zendesk-Webhook-Signature-Timestamp";
/** The fixed secret the webhook builder signs test sends with, before a webhook exists. Public. */
export const TEST_SECRET = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==";
export const DEFAULT_TOLERANCE_SECONDS = 300;
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export const WEBHOOK_CODES = Object.freeze([
  "WEBHOOK_OPTIONS_INVALID",
  "WEBHOOK_SECRET_MISSING",
  "WEBHOOK_SIGNATURE_MISSING",
  "WEBHOOK_TIMESTAMP_MISSING",
  "WEBHOOK_BODY_PARSED",
  "WEBHOOK_CRYPTO_UNAVAILABLE",
  "WEBHOOK_SIGNATURE_MALFORMED",
  "WEBHOOK_TIMESTAMP_INVALID",
  "WEBHOOK_SIGNATURE_MISMATCH",
  "WEBHOOK_TEST_SECRET",
  "WEBHOOK_ORDER_REVERSED",
  "WEBHOOK_BODY_REENCODED",
  "WEBHOOK_SECRET_DECODED",
  "WEBHOOK_SECRET_WHITESPACE",
  "WEBHOOK_TIMESTAMP_OUT_OF_WINDOW",
  "WEBHOOK_REQUEST_INVALID",
  "WEBHOOK_BODY_UNREADABLE",
  "WEBHOOK_BODY_TOO_LARGE",
]);

const SIGNATURE_OPTIONS = ["body", "signature", "timestamp", "secret", "secrets", "now", "toleranceSeconds", "allowTestSecret"];
const REQUEST_OPTIONS = ["secret", "secrets", "now", "toleranceSeconds", "allowTestSecret", "maxBodyBytes"];
// More would be a configuration mistake, and each one costs an HMAC on every request.
const MAX_SECRETS = 16;
// Diagnosing a re-serialised body parses and re-encodes it three times; past this size a
// forged request would make that expensive, so big bodies get the plain mismatch.
const MAX_DIAGNOSED_BODY_BYTES = 256 * 1024;
const encoder = new TextEncoder();

const fail = (code, message, hint) => ({ ok: false, code, message, hint });
const SIGNATURE_HINT = `Pass the ${SIGNATURE_HEADER} header exactly as received, e.g. request.headers.get("${SIGNATURE_HEADER}").`;
const TIMESTAMP_HINT = `Pass the ${TIMESTAMP_HEADER} header exactly as received: it is part of what Zendesk signed.`;
const RAW_BODY_HINT = "Read the body as raw bytes or text before any JSON parsing (Express: express.raw({ type: \"*/*\" }); fetch handlers: await request.arrayBuffer()) and pass that.";

/**
 * Checks a Zendesk webhook signature. Resolves { ok: true, secretIndex, testSecret } or
 * { ok: false, code, message, hint }; never rejects.
 */
export async function verifyWebhookSignature(options) {
  try {
    const read = readOptions(options, SIGNATURE_OPTIONS, "verifyWebhookSignature");
    if (!read.ok) return read;
    return await verifyRead(read.values);
  } catch {
    return unreadable("verifyWebhookSignature");
  }
}

/**
 * Reads a Request's two signature headers and raw body (once, up to maxBodyBytes) and checks
 * them. When ok, also gives the body as text and, when it is JSON, parsed (`event`).
 */
export async function verifyWebhookRequest(request, options) {
  try {
    const read = readOptions(options, REQUEST_OPTIONS, "verifyWebhookRequest");
    if (!read.ok) return read;
    const o = read.values;
    let maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    if (o.maxBodyBytes !== undefined) {
      if (!Number.isSafeInteger(o.maxBodyBytes) || o.maxBodyBytes < 0) {
        return fail("WEBHOOK_OPTIONS_INVALID", "maxBodyBytes must be a whole number of bytes, 0 or more.", `Leave it out for the default of ${DEFAULT_MAX_BODY_BYTES} bytes.`);
      }
      maxBodyBytes = o.maxBodyBytes;
    }
    // Configuration mistakes first, as verifyWebhookSignature reports them.
    const secrets = readSecrets(o);
    if (!secrets.ok) return secrets;
    let signature, timestamp, length, bodyUsed, stream;
    try {
      const headers = request.headers;
      signature = headers.get(SIGNATURE_HEADER);
      timestamp = headers.get(TIMESTAMP_HEADER);
      length = headers.get("content-length");
      bodyUsed = request.bodyUsed;
      stream = request.body;
    } catch {
      return fail("WEBHOOK_REQUEST_INVALID", "verifyWebhookRequest needs a fetch Request (with headers.get and a body stream); this value is not one.", "Pass the Request your handler received; elsewhere (Express, Fastify), read the headers and the raw body yourself and call verifyWebhookSignature.");
    }
    // Headers first: a request without a signature is refused without reading its body.
    const early = headerProblem(signature, timestamp);
    if (early) return early;
    if (bodyUsed === true) {
      return fail("WEBHOOK_BODY_UNREADABLE", "The request's body has already been read, so the raw bytes Zendesk signed are gone.", "Call verifyWebhookRequest before anything reads the body (request.json(), request.text()), or clone the request first; then use the verdict's `event`.");
    }
    if (length !== null && length !== undefined && /^\d+$/.test(length) && Number(length) > maxBodyBytes) {
      return tooLarge(maxBodyBytes);
    }
    const body = await readBody(stream, maxBodyBytes);
    if (!body.ok) return body;
    const verdict = await verifyRead({ ...o, body: body.bytes, signature, timestamp }, secrets);
    if (!verdict.ok) return verdict;
    const text = new TextDecoder().decode(body.bytes);
    let event = null;
    if (text.trim() !== "") {
      try {
        event = JSON.parse(text);
      } catch {
        // Zendesk also sends XML and form-encoded bodies: verified, but not JSON.
      }
    }
    return { ...verdict, event, text };
  } catch {
    return unreadable("verifyWebhookRequest");
  }
}

// ---- options --------------------------------------------------------------------------

function unreadable(fn) {
  return fail("WEBHOOK_OPTIONS_INVALID", `The options passed to ${fn} could not be read.`, "Pass a plain object of plain values: strings, bytes, numbers and booleans, no getters or proxies.");
}

/** Each allowed option read once, as an own data property: a getter could answer differently on each read. */
function readOptions(options, allowed, fn) {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    return fail("WEBHOOK_OPTIONS_INVALID", `${fn} takes one options object; got ${describeType(options)}.`, `Call it as ${fn}(${fn === "verifyWebhookRequest" ? "request, " : ""}{ ${fn === "verifyWebhookRequest" ? "secret" : "body, signature, timestamp, secret"} }).`);
  }
  let keys;
  try {
    keys = Reflect.ownKeys(options);
  } catch {
    return unreadable(fn);
  }
  for (const key of keys.slice(0, 64)) {
    if (typeof key === "string" && !allowed.includes(key)) {
      const also = fn === "verifyWebhookRequest" && SIGNATURE_OPTIONS.includes(key) ? " (verifyWebhookRequest reads the body and headers from the request itself)" : "";
      return fail("WEBHOOK_OPTIONS_INVALID", `Unknown option "${key.slice(0, 40)}"${also}.`, `The options are: ${allowed.join(", ")}.`);
    }
  }
  const values = {};
  for (const key of allowed) {
    let d;
    try {
      d = Reflect.getOwnPropertyDescriptor(options, key);
    } catch {
      return unreadable(fn);
    }
    if (d === undefined) continue;
    if (!("value" in d)) return fail("WEBHOOK_OPTIONS_INVALID", `The option ${key} is a getter; it is read as a plain value only.`, `Pass ${key} as a plain property, e.g. { ${key}: value }.`);
    values[key] = d.value;
  }
  return { ok: true, values };
}

function describeType(v) {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

/** Bytes of a string (UTF-8), a typed array or an ArrayBuffer, copied so later changes by the caller do not matter; null otherwise. */
function toBytes(v) {
  if (typeof v === "string") return encoder.encode(v);
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength).slice();
  const tag = Object.prototype.toString.call(v);
  if (tag === "[object ArrayBuffer]" || tag === "[object SharedArrayBuffer]") return new Uint8Array(v).slice();
  return null;
}

/** The secrets as { bytes, text } (text only for strings), or a failure. */
function readSecrets(o) {
  if (o.secret !== undefined && o.secrets !== undefined) {
    return fail("WEBHOOK_OPTIONS_INVALID", "Both secret and secrets were given.", "Use secret for one signing secret, or secrets: [current, previous] while rotating; not both.");
  }
  let list;
  if (o.secrets !== undefined) {
    if (!Array.isArray(o.secrets)) return fail("WEBHOOK_OPTIONS_INVALID", `secrets must be an array of signing secrets; got ${describeType(o.secrets)}.`, "Pass secrets: [current, previous] while rotating, or secret: \"...\" for one.");
    const n = Reflect.getOwnPropertyDescriptor(o.secrets, "length").value;
    if (n > MAX_SECRETS) return fail("WEBHOOK_OPTIONS_INVALID", `secrets holds ${n} secrets; at most ${MAX_SECRETS} are checked.`, "Keep only the secrets of webhooks that can still call this endpoint: the current one and, while rotating, the previous one.");
    list = [];
    for (let i = 0; i < n; i++) {
      const d = Reflect.getOwnPropertyDescriptor(o.secrets, i);
      if (!d || !("value" in d)) return fail("WEBHOOK_OPTIONS_INVALID", `secrets[${i}] is missing or a getter.`, "Pass an array of plain strings.");
      list.push(d.value);
    }
  } else if (o.secret !== undefined && o.secret !== null) {
    list = [o.secret];
  } else {
    list = [];
  }
  const secrets = [];
  for (const [i, s] of list.entries()) {
    const where = o.secrets !== undefined ? `secrets[${i}]` : "secret";
    if (typeof s !== "string" && toBytes(s) === null) {
      return fail("WEBHOOK_OPTIONS_INVALID", `${where} must be the signing secret as a string; got ${describeType(s)}.`, "Pass the secret exactly as Zendesk shows it (Admin Center > Apps and integrations > Webhooks > the webhook > Reveal secret).");
    }
    const bytes = toBytes(s);
    if (bytes.length === 0) return fail("WEBHOOK_SECRET_MISSING", `${where} is empty.`, "Set it to the webhook's signing secret; an empty secret would make any signature computable.");
    secrets.push({ bytes, text: typeof s === "string" ? s : null });
  }
  if (secrets.length === 0) {
    return fail("WEBHOOK_SECRET_MISSING", "No signing secret was given, so nothing can be checked.", "Pass secret: the webhook's signing secret (Admin Center > Apps and integrations > Webhooks > the webhook > Reveal secret, or GET /api/v2/webhooks/{id}/signing_secret).");
  }
  return { ok: true, secrets };
}

// ---- the check ------------------------------------------------------------------------

function headerProblem(signature, timestamp) {
  if (signature === undefined || signature === null || (typeof signature === "string" && signature.trim() === "")) {
    return fail("WEBHOOK_SIGNATURE_MISSING", `No ${SIGNATURE_HEADER}: the request is not signed.`, `Refuse it. Zendesk signs every webhook request; a request without the header did not come from Zendesk (or a proxy dropped the header). ${SIGNATURE_HINT}`);
  }
  if (typeof signature !== "string") return fail("WEBHOOK_OPTIONS_INVALID", `signature must be the header's text; got ${describeType(signature)}.`, SIGNATURE_HINT);
  if (timestamp === undefined || timestamp === null || (typeof timestamp === "string" && timestamp.trim() === "")) {
    return fail("WEBHOOK_TIMESTAMP_MISSING", `No ${TIMESTAMP_HEADER}: the signature cannot be checked without the time it covers.`, `Refuse it. Zendesk sends both headers on every webhook request. ${TIMESTAMP_HINT}`);
  }
  if (typeof timestamp !== "string") {
    const seen = typeof timestamp === "number" ? " (a number: Zendesk's timestamp is an ISO 8601 string, and the exact string is what was signed)" : "";
    return fail("WEBHOOK_TIMESTAMP_INVALID", `timestamp must be the header's text; got ${describeType(timestamp)}${seen}.`, TIMESTAMP_HINT);
  }
  return null;
}

// `secrets` when the caller has read them already: each array element is read only once.
async function verifyRead(o, secrets = readSecrets(o)) {
  if (!secrets.ok) return secrets;
  const allowTest = o.allowTestSecret === true;
  if (o.allowTestSecret !== undefined && typeof o.allowTestSecret !== "boolean") {
    return fail("WEBHOOK_OPTIONS_INVALID", "allowTestSecret must be true or false.", "Set allowTestSecret: true only while trying webhooks from the webhook builder.");
  }
  if (!allowTest && secrets.secrets.some((s) => s.text === TEST_SECRET)) {
    return fail("WEBHOOK_TEST_SECRET", "The secret configured is the webhook builder's public test secret, which anyone can sign with.", "Use the webhook's own signing secret (Reveal secret, once the webhook is created); pass allowTestSecret: true only while testing from the builder.");
  }
  let toleranceMs = DEFAULT_TOLERANCE_SECONDS * 1000;
  if (o.toleranceSeconds !== undefined) {
    if (typeof o.toleranceSeconds !== "number" || !Number.isFinite(o.toleranceSeconds) || o.toleranceSeconds < 0) {
      return fail("WEBHOOK_OPTIONS_INVALID", "toleranceSeconds must be a finite number of seconds, 0 or more.", `Leave it out for the default of ${DEFAULT_TOLERANCE_SECONDS} seconds either way; a check without a window would accept replayed requests forever.`);
    }
    toleranceMs = o.toleranceSeconds * 1000;
  }
  let nowMs;
  if (o.now === undefined) nowMs = Date.now();
  else if (typeof o.now === "number" && Number.isFinite(o.now)) nowMs = o.now;
  else if (Object.prototype.toString.call(o.now) === "[object Date]" && Number.isFinite(Date.prototype.getTime.call(o.now))) nowMs = Date.prototype.getTime.call(o.now);
  else return fail("WEBHOOK_OPTIONS_INVALID", "now must be a Date or milliseconds since 1970.", "Leave it out to use the clock; tests pass a fixed Date.");

  const early = headerProblem(o.signature, o.timestamp);
  if (early) return early;
  const timestamp = o.timestamp;
  const signature = o.signature.trim();

  if (o.body === undefined) {
    return fail("WEBHOOK_OPTIONS_INVALID", "No body was given.", `Pass the raw body exactly as received, or "" for a request without one (GET and DELETE webhooks). ${RAW_BODY_HINT}`);
  }
  const body = o.body === null ? new Uint8Array(0) : toBytes(o.body);
  if (body === null) {
    if (typeof o.body === "object") {
      return fail("WEBHOOK_BODY_PARSED", "The body is an object, not the raw bytes Zendesk signed (a string, Uint8Array or ArrayBuffer). If it is the parsed JSON, serialising it again rarely gives the same bytes.", RAW_BODY_HINT);
    }
    return fail("WEBHOOK_OPTIONS_INVALID", `The body must be a string, a Uint8Array or an ArrayBuffer; got ${describeType(o.body)}.`, RAW_BODY_HINT);
  }

  const subtle = globalThis.crypto?.subtle;
  if (!subtle || typeof subtle.verify !== "function") {
    return fail("WEBHOOK_CRYPTO_UNAVAILABLE", "This runtime has no WebCrypto (crypto.subtle), which the check needs.", "Use Node 20 or newer, Deno, workerd or a browser page served over HTTPS (crypto.subtle exists only in secure contexts).");
  }

  const texts = secrets.secrets.map((s) => s.text).filter((t) => t !== null);
  const mac = parseSignature(signature, texts);
  if (!mac.ok) return mac;
  const at = parseTimestamp(timestamp, texts);
  if (!at.ok) return at;

  const check = makeChecker(subtle, mac.bytes);
  const tsBytes = encoder.encode(timestamp);
  const signed = concat(tsBytes, body);
  const keys = secrets.secrets.map((s) => s.bytes);
  const results = await Promise.all(keys.map((k) => check(k, signed)));
  let verdict;
  const index = results.indexOf(true);
  if (index >= 0) verdict = { ok: true, secretIndex: index, testSecret: false };
  else verdict = await diagnose({ check, keys, secrets: secrets.secrets, tsBytes, body, signed, allowTest });
  if (!verdict.ok) return verdict;
  return checkWindow(verdict, timestamp, at.ms, nowMs, toleranceMs);
}

/** check(key, message): does HMAC-SHA256(key, message) equal the received MAC? */
function makeChecker(subtle, macBytes) {
  return async (key, message) => {
    const k = await subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
    // verify() compares inside the runtime's crypto library in constant time, and the
    // expected MAC never exists as a JavaScript value that could leak or be logged.
    return subtle.verify("HMAC", k, macBytes, message);
  };
}

function concat(a, b) {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * Why no secret matched, for the mistakes that can be recognised without weakening the
 * check: each candidate is again a full HMAC verification against the received MAC, and
 * every one of them is still refused (except the test secret, when opted in).
 */
async function diagnose({ check, keys, secrets, tsBytes, body, signed, allowTest }) {
  const testKey = encoder.encode(TEST_SECRET);
  if (await check(testKey, signed)) {
    if (allowTest) return { ok: true, secretIndex: -1, testSecret: true };
    return fail("WEBHOOK_TEST_SECRET", "This request was signed with the webhook builder's public test secret: a test send, not a webhook's own signature.", "Refused because anyone can sign with the test secret. Create the webhook and test it from its page (signed with its own secret), or pass allowTestSecret: true while developing.");
  }
  for (const s of secrets) {
    if (s.text === null) continue;
    const trimmed = s.text.trim();
    if (trimmed !== s.text && trimmed !== "" && (await check(encoder.encode(trimmed), signed))) {
      return fail("WEBHOOK_SECRET_WHITESPACE", "The secret configured has leading or trailing whitespace (often a newline from an environment file); without it the signature matches.", "Remove the whitespace from the configured secret. Refused until then.");
    }
  }
  for (const s of secrets) {
    for (const encoded of base64Of(s)) {
      if (!(await check(encoder.encode(encoded), signed))) continue;
      return fail("WEBHOOK_SECRET_DECODED", "The secret configured looks base64-decoded: its base64 encoding is the secret that signed this request.", "Zendesk uses the signing secret as the text shown, not its decoded bytes: pass the string exactly as Zendesk shows it. Refused until then.");
    }
  }
  const reversed = concat(body, tsBytes);
  for (const k of keys) {
    if (await check(k, reversed)) {
      return fail("WEBHOOK_ORDER_REVERSED", "The signature covers body + timestamp; Zendesk signs timestamp + body.", "Whatever signed this (a test, a proxy, a copy of one version of Zendesk's documentation) put the body first. Refused: sign timestamp + body.");
    }
  }
  if (body.length > 0 && body.length <= MAX_DIAGNOSED_BODY_BYTES) {
    for (const candidate of reencodings(body)) {
      const message = concat(tsBytes, candidate);
      for (const k of keys) {
        if (await check(k, message)) {
          return fail("WEBHOOK_BODY_REENCODED", "The body given is JSON that was parsed and serialised again: a re-encoding of it matches the signature, the bytes given do not.", `${RAW_BODY_HINT} Refused: only the exact bytes received can be checked.`);
        }
      }
    }
  }
  return fail("WEBHOOK_SIGNATURE_MISMATCH", `The signature does not match this body (${body.length} bytes) and timestamp under ${keys.length === 1 ? "the secret" : `any of the ${keys.length} secrets`} given.`, "Refuse the request. If it really came from Zendesk: check the secret is this webhook's signing secret (it changes when the secret is reset), and that the body is the raw bytes received, untouched by any parser or proxy.");
}

/**
 * The texts a decoded secret may have come from: bytes as given (Buffer.from(secret,
 * "base64")) or a binary string (atob), in standard base64 and in base64url (Zendesk's own
 * example secret uses "-"), with and without padding.
 */
function base64Of(s) {
  let binary = "";
  if (s.text === null) {
    for (const b of s.bytes) binary += String.fromCharCode(b);
  } else {
    if (/[^\x00-\xff]/.test(s.text)) return [];
    binary = s.text;
  }
  const standard = btoa(binary);
  const url = standard.replace(/\+/g, "-").replace(/\//g, "_");
  return [...new Set([standard, url, url.replace(/=+$/, "")])];
}

/** Compact and pretty (2 and 4 spaces) re-encodings of a JSON body that differ from it. */
function reencodings(body) {
  let value;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    return [];
  }
  if (value === null || typeof value !== "object") return [];
  const seen = new Set();
  const out = [];
  for (const space of [undefined, 2, 4]) {
    const text = JSON.stringify(value, null, space);
    if (seen.has(text)) continue;
    seen.add(text);
    const bytes = encoder.encode(text);
    if (bytes.length !== body.length || bytes.some((b, i) => b !== body[i])) out.push(bytes);
  }
  return out;
}

async function readBody(stream, max) {
  if (stream === null || stream === undefined) return { ok: true, bytes: new Uint8Array(0) };
  let reader;
  try {
    reader = stream.getReader();
  } catch {
    return fail("WEBHOOK_BODY_UNREADABLE", "The request's body stream could not be read (it is locked or already read).", "Call verifyWebhookRequest before anything reads the body, or pass a clone of the request.");
  }
  const chunks = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const chunk = toBytes(value);
      if (chunk === null) throw new TypeError("not bytes");
      size += chunk.length;
      if (size > max) {
        reader.cancel().catch(() => {});
        return tooLarge(max);
      }
      chunks.push(chunk);
    }
  } catch {
    return fail("WEBHOOK_BODY_UNREADABLE", "Reading the request's body failed part way (the connection closed, or the stream did not give bytes).", "Refuse the request; Zendesk retries webhooks that fail.");
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { ok: true, bytes };
}

function tooLarge(max) {
  return fail("WEBHOOK_BODY_TOO_LARGE", `The request's body is larger than ${max} bytes, so it was not read.`, "Refused before reading it all. If your webhooks really send more, raise maxBodyBytes.");
}

// ---- the two headers ------------------------------------------------------------------

/**
 * A short, printable excerpt of a received value for a message, or null when it must not
 * be shown: when it overlaps a secret (the arguments were swapped).
 */
function excerpt(value, secrets, max) {
  for (const s of secrets) {
    if (s.length >= 4 && value.includes(s)) return null;
    if (value.length >= 8 && s.includes(value)) return null;
  }
  const cut = value.length > max ? `${value.slice(0, max)}...` : value;
  return JSON.stringify(cut.replace(/[^\x20-\x7e]/g, "?"));
}

function parseSignature(signature, secretTexts) {
  // 44 characters are expected; a huge value is refused before any scan of it.
  if (signature.length > 256) {
    return fail("WEBHOOK_SIGNATURE_MALFORMED", `The signature is ${signature.length} characters long; Zendesk's is 44.`, "Refuse the request: it was not signed by Zendesk.");
  }
  // A few characters are enough to recognise a value, and too few to be worth reusing.
  const shown = excerpt(signature, secretTexts, 8);
  if (shown === null) {
    return fail("WEBHOOK_SIGNATURE_MALFORMED", "The signature given contains the secret (not shown): the arguments look swapped.", `${SIGNATURE_HINT} The secret goes in secret.`);
  }
  const received = `received ${shown} (${signature.length} characters)`;
  const malformed = (what, hint = "Zendesk's signature is standard base64 of the 32-byte HMAC-SHA256, 44 characters ending in \"=\". Refuse the request.") => fail("WEBHOOK_SIGNATURE_MALFORMED", `The signature is ${what}: ${received}.`, hint);
  if (/^[0-9a-f]{64}$/i.test(signature)) {
    return malformed("hexadecimal, not base64", "Zendesk sends the HMAC as base64 (44 characters). Whatever produced this hex signature (a test or a proxy of your own) must encode the HMAC-SHA256 as base64 instead.");
  }
  if (signature.includes(",")) return malformed("several values joined by commas, as when the header arrives more than once");
  if (/^(sha256|v\d)=/i.test(signature)) return malformed("prefixed with a scheme (as other providers send), which Zendesk never does");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signature) || signature.length % 4 === 1) {
    const urlSafe = /^[A-Za-z0-9_-]+={0,2}$/.test(signature) ? " (base64url's alphabet; Zendesk uses standard base64)" : "";
    return malformed(`not base64${urlSafe}`);
  }
  let binary;
  try {
    binary = atob(signature.length % 4 === 0 ? signature : signature + "=".repeat(4 - (signature.length % 4)));
  } catch {
    return malformed("not base64");
  }
  if (binary.length !== 32) return malformed(`base64 of ${binary.length} bytes, while an HMAC-SHA256 is 32`);
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) bytes[i] = binary.charCodeAt(i);
  return { ok: true, bytes };
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i;

function parseTimestamp(timestamp, secretTexts) {
  const invalid = (seen, hint = `Zendesk sends ISO 8601 in UTC, e.g. 2021-03-25T05:09:27Z. ${TIMESTAMP_HINT}`) => fail("WEBHOOK_TIMESTAMP_INVALID", `The timestamp is not ISO 8601: ${seen}.`, hint);
  if (timestamp.length > 64) return invalid(`${timestamp.length} characters, far too long for a date`);
  const shown = excerpt(timestamp, secretTexts, 32);
  if (shown === null) return invalid("it contains the secret (not shown); the arguments look swapped");
  const m = ISO.exec(timestamp);
  if (!m) {
    const t = timestamp.trim();
    if (/^\d{9,11}$/.test(t)) {
      return invalid(`received ${shown}, which looks like Unix time in seconds (${new Date(Number(t) * 1000).toISOString().replace(".000", "")})`, `A verifier that parses the timestamp as an integer skips the replay window without noticing. Pass the header itself; Zendesk's is ISO 8601. ${TIMESTAMP_HINT}`);
    }
    if (/^\d{12,14}$/.test(t)) {
      return invalid(`received ${shown}, which looks like Unix time in milliseconds (${new Date(Number(t)).toISOString()})`);
    }
    if (!Number.isNaN(Date.parse(t))) return invalid(`received ${shown}, a date in another format (ISO 8601 has a "T" between date and time, and a zone such as "Z")`);
    return invalid(`received ${shown}`);
  }
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const days = new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate();
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > days || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return invalid(`received ${shown}, which has the shape of ISO 8601 but no such date or time exists`);
  }
  let offsetMin = 0;
  if (zone.toUpperCase() !== "Z") {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return invalid(`received ${shown}, whose zone offset does not exist`);
    offsetMin = (zone[0] === "-" ? -1 : 1) * (oh * 60 + om);
  }
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), frac ? Number(frac.slice(0, 3).padEnd(3, "0")) : 0) - offsetMin * 60000;
  return { ok: true, ms };
}

function checkWindow(verdict, timestamp, signedMs, nowMs, toleranceMs) {
  const off = nowMs - signedMs;
  if (Math.abs(off) <= toleranceMs) return verdict;
  const when = off > 0 ? "in the past" : "in the future";
  return fail("WEBHOOK_TIMESTAMP_OUT_OF_WINDOW", `The signature is genuine but its timestamp ${timestamp} is ${duration(Math.abs(off))} ${when}; at most ${toleranceMs / 1000} s either way is accepted.`, off > 0 ? "Refuse it: an old request sent again is a replay. If requests from Zendesk land here, check this machine's clock (NTP) and any queue that delays them." : "Refuse it. If requests from Zendesk land here, this machine's clock is behind: check it (NTP).");
}

function duration(ms) {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 120) return `${min} min`;
  const h = Math.round(min / 60);
  if (h < 48) return `${h} h`;
  return `${Math.round(h / 24)} days`;
}
