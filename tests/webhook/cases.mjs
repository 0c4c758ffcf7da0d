// The case table every runtime runs (Node, Chromium, workerd). Expected signatures are
// computed here with Node's crypto.createHmac, or were computed with python3's hmac
// (PYTHON_VECTORS), never with the module under test. Cases are plain JSON: bytes travel
// as {"$bytes": base64} (see revive.mjs).
import { createHmac } from "node:crypto";

export const SECRET = "Zk3vQ9rT2mWx7LpA1cYe8NbH4uJs6DgF0oKiR5tEqVw=";
export const OLD_SECRET = "pO8sLr2XcV5nQ1wZ7yT4mJ9hG3fD6kA0bE2uI8oPqRs=";
export const TEST_SECRET = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ=="; // Zendesk's documentation
export const TS = "2026-11-30T11:59:00Z";
export const NOW = Date.parse("2026-11-30T12:00:00Z");
export const JSON_BODY = '{"type":"zen:event-type:ticket.created","subject":"zen:ticket:1","detail":{"id":"1","subject":"Printer on fire"}}';
export const UTF8_BODY = "Grüße, Zoë: 🔥 日本語のチケット";

// python3 -c 'import hmac,hashlib,base64; print(base64.b64encode(hmac.new(SECRET, TS + body, hashlib.sha256).digest()))'
// with SECRET, TS as above and body = JSON_BODY, b"" and UTF8_BODY encoded as UTF-8.
export const PYTHON_VECTORS = [
  { body: JSON_BODY, signature: "KHR/cHiCZSgnNAaiZSHfwGr0JprKU71KSWRG8GwTEAU=" },
  { body: "", signature: "fICv53UxLNcqJwZLvVHSu5y3aNLtckFIRirfGB+fGpY=" },
  { body: UTF8_BODY, signature: "/inaym/2uvV8pxVEXfdnpXjWrZbmAOupqVPWmCW+dpc=" },
];

// Zendesk's own example on the version of "Verifying webhook authenticity" that says
// base64(HMACSHA256((BODY)(TIMESTAMP))): its sample signature is over body + timestamp
// (python3 confirms; timestamp + body gives Rry/4TtIdFyawtXXp8QdI6tlAUUQ/5kL1OTp5qo/ZIk=).
export const ZENDESK_DOC_SAMPLE = {
  secret: "HRkRd4BeOAoUkfZr-mhauJT64rvBASlJRoIyPsd3zeA=",
  body: '{"say": "hello"}',
  timestamp: "2021-07-25T10:00:00Z",
  signature: "tRDSF7URY8BLCDlaBcQ7FHu051Zk+aAB0NKMP53teMw=",
};

export const sign = (secret, message, encoding = "base64") => createHmac("sha256", secret).update(message).digest(encoding);
const b64 = (bytes) => Buffer.from(bytes).toString("base64");
export const bytes = (v) => ({ $bytes: b64(Buffer.from(v)) });
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** Options signed correctly (timestamp + body, SECRET), then changed by `over`. */
function signed(body = JSON_BODY, over = {}) {
  const raw = typeof body === "string" ? body : Buffer.from(body.$bytes ?? body.$buffer ?? "", "base64");
  const ts = over.timestamp ?? TS;
  return { body, signature: sign(SECRET, Buffer.concat([Buffer.from(ts), Buffer.from(raw)])), timestamp: ts, secret: SECRET, now: NOW, ...over };
}

/** [name, options, expected]: expected is "ok" (plus fields to match) or a code. */
export function cases() {
  const pretty2 = JSON.stringify(JSON.parse(JSON_BODY), null, 2);
  const pretty4 = JSON.stringify(JSON.parse(JSON_BODY), null, 4);
  const t = (ms) => signed(JSON_BODY, { timestamp: iso(ms) });
  const list = [
    ...PYTHON_VECTORS.map((v, i) => [`python3 vector ${i + 1} (${v.body.length ? `${Buffer.byteLength(v.body)} bytes` : "empty body"})`, { body: v.body, signature: v.signature, timestamp: TS, secret: SECRET, now: NOW }, { ok: true, secretIndex: 0, testSecret: false }]),
    ["JSON body as a string", signed(), { ok: true, secretIndex: 0 }],
    ["JSON body as a Uint8Array", signed(bytes(JSON_BODY)), { ok: true }],
    ["JSON body as an ArrayBuffer", signed({ $buffer: b64(Buffer.from(JSON_BODY)) }), { ok: true }],
    ["empty body as null (GET/DELETE webhooks)", { ...signed(""), body: null }, { ok: true }],
    ["empty body as empty bytes", signed(bytes("")), { ok: true }],
    ["multi-byte UTF-8 body as a string", signed(UTF8_BODY), { ok: true }],
    ["multi-byte UTF-8 body as bytes", signed(bytes(UTF8_BODY)), { ok: true }],
    ["body bytes that are not UTF-8", signed(bytes([0xff, 0xfe, 0x00, 0x80])), { ok: true }],
    ["rotation: second of two secrets", { ...signed(), secret: undefined, secrets: [OLD_SECRET, SECRET] }, { ok: true, secretIndex: 1 }],
    ["rotation: first of two secrets", { ...signed(), secret: undefined, secrets: [SECRET, OLD_SECRET] }, { ok: true, secretIndex: 0 }],
    ["secret given as bytes (its UTF-8)", { ...signed(), secret: bytes(SECRET) }, { ok: true }],
    ["timestamp with a zone offset", signed(JSON_BODY, { timestamp: "2026-11-30T12:59:00+01:00" }), { ok: true }],
    ["timestamp with fractional seconds", signed(JSON_BODY, { timestamp: "2026-11-30T11:59:00.250Z" }), { ok: true }],
    ["signature header with surrounding spaces", { ...signed(), signature: ` ${signed().signature} ` }, { ok: true }],
    ["exactly 300 s old", t(NOW - 300_000), { ok: true }],
    ["exactly 300 s ahead", t(NOW + 300_000), { ok: true }],
    ["301 s old", t(NOW - 301_000), "WEBHOOK_TIMESTAMP_OUT_OF_WINDOW"],
    ["301 s ahead", t(NOW + 301_000), "WEBHOOK_TIMESTAMP_OUT_OF_WINDOW"],
    ["a day old", t(NOW - 86_400_000), "WEBHOOK_TIMESTAMP_OUT_OF_WINDOW"],
    ["1000 s old with toleranceSeconds 3600", { ...t(NOW - 1_000_000), toleranceSeconds: 3600 }, { ok: true }],
    ["2 s old with toleranceSeconds 0", { ...t(NOW - 2000), toleranceSeconds: 0 }, "WEBHOOK_TIMESTAMP_OUT_OF_WINDOW"],
    ["signature null", { ...signed(), signature: null }, "WEBHOOK_SIGNATURE_MISSING"],
    ["signature empty", { ...signed(), signature: "" }, "WEBHOOK_SIGNATURE_MISSING"],
    ["signature left out", { ...signed(), signature: undefined }, "WEBHOOK_SIGNATURE_MISSING"],
    ["timestamp null", { ...signed(), timestamp: null }, "WEBHOOK_TIMESTAMP_MISSING"],
    ["timestamp blank", { ...signed(), timestamp: "  " }, "WEBHOOK_TIMESTAMP_MISSING"],
    ["signature in hex", { ...signed(), signature: sign(SECRET, TS + JSON_BODY, "hex") }, "WEBHOOK_SIGNATURE_MALFORMED"],
    ["signature not base64", { ...signed(), signature: "not a signature!" }, "WEBHOOK_SIGNATURE_MALFORMED"],
    ["signature base64 of 20 bytes", { ...signed(), signature: b64(Buffer.alloc(20, 7)) }, "WEBHOOK_SIGNATURE_MALFORMED"],
    ["signature header sent twice", { ...signed(), signature: `${signed().signature}, ${signed().signature}` }, "WEBHOOK_SIGNATURE_MALFORMED"],
    ["signature with a sha256= prefix", { ...signed(), signature: `sha256=${signed().signature}` }, "WEBHOOK_SIGNATURE_MALFORMED"],
    ["signature in base64url", { ...signed(), signature: sign(SECRET, TS + JSON_BODY, "base64url") + "_-" }, "WEBHOOK_SIGNATURE_MALFORMED"],
    ["secret passed as the signature", { ...signed(), signature: SECRET }, "WEBHOOK_SIGNATURE_MALFORMED"],
    ["timestamp in Unix seconds", signed(JSON_BODY, { timestamp: String(Math.floor(NOW / 1000) - 60) }), "WEBHOOK_TIMESTAMP_INVALID"],
    ["timestamp in Unix milliseconds", signed(JSON_BODY, { timestamp: String(NOW - 60000) }), "WEBHOOK_TIMESTAMP_INVALID"],
    ["timestamp as an HTTP date", signed(JSON_BODY, { timestamp: new Date(NOW - 60000).toUTCString() }), "WEBHOOK_TIMESTAMP_INVALID"],
    ["timestamp on 30 February", signed(JSON_BODY, { timestamp: "2026-02-30T11:59:00Z" }), "WEBHOOK_TIMESTAMP_INVALID"],
    ["timestamp without a zone", signed(JSON_BODY, { timestamp: "2026-11-30T11:59:00" }), "WEBHOOK_TIMESTAMP_INVALID"],
    ["timestamp as a number", { ...signed(), timestamp: Math.floor(NOW / 1000) }, "WEBHOOK_TIMESTAMP_INVALID"],
    ["wrong secret", { ...signed(), secret: OLD_SECRET }, "WEBHOOK_SIGNATURE_MISMATCH"],
    ["body changed after signing", { ...signed(), body: JSON_BODY.replace("fire", "FIRE") }, "WEBHOOK_SIGNATURE_MISMATCH"],
    ["timestamp changed after signing", { ...signed(), timestamp: "2026-11-30T11:59:01Z" }, "WEBHOOK_SIGNATURE_MISMATCH"],
    ["signed with a '.' between timestamp and body (Stripe's scheme)", { ...signed(), signature: sign(SECRET, `${TS}.${JSON_BODY}`) }, "WEBHOOK_SIGNATURE_MISMATCH"],
    ["signed with the builder's test secret", { ...signed(), signature: sign(TEST_SECRET, TS + JSON_BODY) }, "WEBHOOK_TEST_SECRET"],
    ["signed with the test secret, allowTestSecret", { ...signed(), signature: sign(TEST_SECRET, TS + JSON_BODY), allowTestSecret: true }, { ok: true, secretIndex: -1, testSecret: true }],
    ["test secret configured as the secret", { ...signed(), secret: TEST_SECRET, signature: sign(TEST_SECRET, TS + JSON_BODY) }, "WEBHOOK_TEST_SECRET"],
    ["test secret configured, allowTestSecret", { ...signed(), secret: TEST_SECRET, signature: sign(TEST_SECRET, TS + JSON_BODY), allowTestSecret: true }, { ok: true, secretIndex: 0 }],
    ["test-secret request too old, allowTestSecret", { ...signed(), timestamp: iso(NOW - 3_600_000), signature: sign(TEST_SECRET, iso(NOW - 3_600_000) + JSON_BODY), allowTestSecret: true }, "WEBHOOK_TIMESTAMP_OUT_OF_WINDOW"],
    ["signed body + timestamp", { ...signed(), signature: sign(SECRET, JSON_BODY + TS) }, "WEBHOOK_ORDER_REVERSED"],
    ["Zendesk's documentation sample (body + timestamp)", { ...ZENDESK_DOC_SAMPLE, now: Date.parse(ZENDESK_DOC_SAMPLE.timestamp) }, "WEBHOOK_ORDER_REVERSED"],
    ["signed compact, given pretty (2 spaces)", { ...signed(), body: pretty2 }, "WEBHOOK_BODY_REENCODED"],
    ["signed pretty (2 spaces), given compact", { ...signed(pretty2), body: JSON_BODY }, "WEBHOOK_BODY_REENCODED"],
    ["signed pretty (4 spaces), given compact", { ...signed(pretty4), body: JSON_BODY }, "WEBHOOK_BODY_REENCODED"],
    ["secret decoded to bytes (Buffer.from(secret, 'base64'))", { ...signed(), secret: bytes(Buffer.from(SECRET, "base64")) }, "WEBHOOK_SECRET_DECODED"],
    ["secret decoded with atob (a binary string)", { ...signed(), secret: Buffer.from(SECRET, "base64").toString("latin1") }, "WEBHOOK_SECRET_DECODED"],
    ["base64url secret decoded (Zendesk's example secret)", { ...ZENDESK_DOC_SAMPLE, signature: sign(ZENDESK_DOC_SAMPLE.secret, ZENDESK_DOC_SAMPLE.timestamp + ZENDESK_DOC_SAMPLE.body), secret: bytes(Buffer.from(ZENDESK_DOC_SAMPLE.secret, "base64url")), now: Date.parse(ZENDESK_DOC_SAMPLE.timestamp) }, "WEBHOOK_SECRET_DECODED"],
    ["secret with a trailing newline", { ...signed(), secret: `${SECRET}\n` }, "WEBHOOK_SECRET_WHITESPACE"],
    ["body already parsed", { ...signed(), body: JSON.parse(JSON_BODY) }, "WEBHOOK_BODY_PARSED"],
    ["no secret", { ...signed(), secret: undefined }, "WEBHOOK_SECRET_MISSING"],
    ["empty secret", { ...signed(), secret: "" }, "WEBHOOK_SECRET_MISSING"],
    ["empty secrets list", { ...signed(), secret: undefined, secrets: [] }, "WEBHOOK_SECRET_MISSING"],
    ["secret and secrets both", { ...signed(), secrets: [SECRET] }, "WEBHOOK_OPTIONS_INVALID"],
    ["secret a number", { ...signed(), secret: 42 }, "WEBHOOK_OPTIONS_INVALID"],
    ["unknown option (typo)", { ...signed(), tolerance: 60 }, "WEBHOOK_OPTIONS_INVALID"],
    ["negative toleranceSeconds", { ...signed(), toleranceSeconds: -1 }, "WEBHOOK_OPTIONS_INVALID"],
    ["body left out", { ...signed(), body: undefined }, "WEBHOOK_OPTIONS_INVALID"],
    ["body a number", { ...signed(), body: 7 }, "WEBHOOK_OPTIONS_INVALID"],
    ["now a string", { ...signed(), now: "yesterday" }, "WEBHOOK_OPTIONS_INVALID"],
    ["allowTestSecret a string", { ...signed(), allowTestSecret: "yes" }, "WEBHOOK_OPTIONS_INVALID"],
    ["signature a number", { ...signed(), signature: 12345 }, "WEBHOOK_OPTIONS_INVALID"],
  ];
  // JSON drops undefined, which is what "left out" means here.
  return list.map(([name, options, expected]) => ({ name, options: JSON.parse(JSON.stringify(options)), expected }));
}

/** Seeded PRNG (mulberry32): the same cases on every run and in every runtime. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Property cases: random secret, body and timestamp signed with createHmac, each once as
 * signed (must pass) and once with one byte flipped in body, timestamp or secret (must fail).
 */
export function propertyCases(n, seed = 20261130) {
  const rand = prng(seed);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const randomBytes = (len) => Buffer.from(Array.from({ length: len }, () => int(0, 255)));
  const out = [];
  for (let i = 0; i < n; i++) {
    const secret = randomBytes(int(1, 64));
    const body = randomBytes(int(0, 300));
    const ms = NOW + int(-250, 250) * 1000;
    const timestamp = iso(ms);
    const signature = sign(secret, Buffer.concat([Buffer.from(timestamp), body]));
    const base = { body: bytes(body), signature, timestamp, secret: bytes(secret), now: NOW };
    out.push({ name: `property ${i}: as signed`, options: base, expected: { ok: true } });
    const where = ["body", "timestamp", "secret"][i % 3];
    const flip = (buf, mask) => {
      const copy = Buffer.from(buf);
      copy[int(0, copy.length - 1)] ^= mask;
      return copy;
    };
    let options;
    if (where === "body") options = { ...base, body: bytes(body.length ? flip(body, int(1, 255)) : Buffer.from([int(0, 255)])) };
    else if (where === "timestamp") options = { ...base, timestamp: flip(Buffer.from(timestamp), int(1, 127)).toString("latin1") };
    else options = { ...base, secret: bytes(flip(secret, int(1, 255))) };
    out.push({ name: `property ${i}: one byte of the ${where} flipped`, options, expected: "any failure" });
  }
  return out;
}

/** Checks one verdict against a case's expectation; answers an error text or null. */
export function mismatch(c, verdict) {
  if (c.expected === "any failure") return verdict.ok === false && typeof verdict.code === "string" ? null : `${c.name}: expected a failure, got ${JSON.stringify(verdict)}`;
  if (typeof c.expected === "string") {
    if (verdict.ok !== false || verdict.code !== c.expected) return `${c.name}: expected ${c.expected}, got ${JSON.stringify(verdict)}`;
    if (typeof verdict.message !== "string" || verdict.message.length < 10 || typeof verdict.hint !== "string" || verdict.hint.length < 10) return `${c.name}: no message or hint`;
    return null;
  }
  for (const [k, v] of Object.entries(c.expected)) if (verdict[k] !== v) return `${c.name}: expected ${k}=${v}, got ${JSON.stringify(verdict)}`;
  return null;
}
