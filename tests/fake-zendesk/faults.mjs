// Faults: the network and service failures a client's retry, timeout and
// safety code must survive.
//
// A fault is named by a short spec string. It comes either from the request
// itself (`?__fault=` or `X-Fake-Fault:`) or from the account's queue (control
// API: "the next N requests matching this method/path get fault X").
//
//   delay=MS               answer normally after MS milliseconds
//   stall                  never answer (until the client or the fake closes)
//   reset                  destroy the socket without an answer (TCP RST)
//   malformed              200 with a truncated JSON body
//   large=BYTES            200 with a valid JSON body of about BYTES bytes
//   redirect[=CODE]        302 (or CODE) to /__capture/... on ANOTHER host name
//   redirect-same-host[=CODE]  the same, on the same host name
//   429 | 429=N | 429-retry-after=N   429 with Retry-After: N (default 1)
//   429-no-retry-after     429 without Retry-After
//   429-text | 429-text=N  429 as text/plain "Rate limit exceeded", Retry-After: N (default 1)
//   503 | 503-retry-after=N   503 without / with Retry-After (maintenance / retry)
//   500 | 502 | 504        that status

const MAX_LARGE_BYTES = 200_000_000;
const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);

/** Parse a fault spec; throws a TypeError on anything unknown, so typos fail loudly. */
export function parseFault(spec) {
  const text = String(spec ?? "").trim();
  const [name, rawArg] = text.split("=", 2);
  const arg = rawArg === undefined ? undefined : Number(rawArg);
  const needInt = (min, max) => {
    if (!Number.isInteger(arg) || arg < min || arg > max) throw new TypeError(`fault "${text}": expected ${name}=<integer ${min}..${max}>`);
    return arg;
  };
  switch (name) {
    case "delay":
      return { kind: "delay", ms: needInt(0, 600_000), spec: text };
    case "stall":
    case "reset":
    case "malformed":
      if (rawArg !== undefined) break;
      return { kind: name, spec: text };
    case "large":
      return { kind: "large", bytes: needInt(2, MAX_LARGE_BYTES), spec: text };
    case "redirect":
    case "redirect-same-host": {
      const status = rawArg === undefined ? 302 : needInt(300, 308);
      if (!REDIRECT_CODES.has(status)) break;
      return { kind: "redirect", sameHost: name === "redirect-same-host", status, spec: text };
    }
    case "429":
    case "429-retry-after":
      return { kind: "status", status: 429, retryAfter: rawArg === undefined ? 1 : needInt(0, 86_400), spec: text };
    case "429-text":
      return { kind: "status", status: 429, retryAfter: rawArg === undefined ? 1 : needInt(0, 86_400), text: true, spec: text };
    case "429-no-retry-after":
      if (rawArg !== undefined) break;
      return { kind: "status", status: 429, retryAfter: null, spec: text };
    case "503":
      if (rawArg !== undefined) break;
      return { kind: "status", status: 503, retryAfter: null, spec: text };
    case "503-retry-after":
      return { kind: "status", status: 503, retryAfter: needInt(0, 86_400), spec: text };
    case "500":
    case "502":
    case "504":
      if (rawArg !== undefined) break;
      return { kind: "status", status: Number(name), retryAfter: null, spec: text };
    default:
  }
  throw new TypeError(`unknown fault "${text}"`);
}

/** The fault the request asks for itself, or null. Throws on a malformed spec. */
export function faultFromRequest(headers, searchParams) {
  const spec = searchParams.get("__fault") ?? headers["x-fake-fault"];
  return spec === undefined || spec === null || spec === "" ? null : parseFault(spec);
}

/**
 * Queue entries: { fault: spec, count = 1, method?, path? }. `path` is matched
 * against the account-relative path ("/api/v2/users/me.json"); a trailing `*`
 * makes it a prefix. Parsed now, so a bad spec is refused at enqueue time.
 */
export function enqueueFaults(account, entries) {
  const list = Array.isArray(entries) ? entries : [entries];
  const parsed = list.map((entry) => {
    if (!entry || typeof entry !== "object") throw new TypeError("fault entry must be an object like {\"fault\":\"429\",\"count\":2}");
    const count = entry.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new TypeError("fault count must be a positive integer");
    if (entry.method !== undefined && typeof entry.method !== "string") throw new TypeError("fault method must be a string");
    if (entry.path !== undefined && (typeof entry.path !== "string" || !entry.path.startsWith("/"))) throw new TypeError("fault path must start with /");
    parseFault(entry.fault);
    return { fault: String(entry.fault), remaining: count, method: entry.method?.toUpperCase(), path: entry.path };
  });
  account.faults.push(...parsed);
  return parsed.length;
}

function pathMatches(pattern, path) {
  if (pattern === undefined) return true;
  return pattern.endsWith("*") ? path.startsWith(pattern.slice(0, -1)) : path === pattern;
}

/** Take the first queued fault matching this request (FIFO), or null. */
export function takeQueuedFault(account, method, path) {
  const index = account.faults.findIndex((f) => (f.method === undefined || f.method === method) && pathMatches(f.path, path));
  if (index < 0) return null;
  const entry = account.faults[index];
  entry.remaining--;
  if (entry.remaining === 0) account.faults.splice(index, 1);
  return parseFault(entry.fault);
}

/** A valid JSON document of about `bytes` bytes (at least the wrapper's size). */
export function largeJsonBody(bytes) {
  const head = '{"padding":"';
  const tail = '"}';
  return head + "x".repeat(Math.max(0, bytes - head.length - tail.length)) + tail;
}

/** Broken JSON: a user object cut off mid-string, as a dropped connection or buggy proxy would leave it. */
export const MALFORMED_JSON_BODY = '{"user":{"id":1001,"name":"Ada Adm';
