// What the hostile layer throws at the package: values made to break a JavaScript
// boundary, and the checks every outcome must pass. Shared by tests/hostile/*.test.mjs;
// runs in Node and, through a page, in Chromium (nothing here is Node-only).

/** A fresh set of hostile values, by name (fresh because some are stateful). */
export function hostileValues() {
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const throwingGetter = (key) => Object.defineProperty({}, key, { enumerable: true, get() { throw new Error(`getter ${key}`); } });
  const trap = (name) => new Proxy({ subdomain: "acme" }, { [name]() { throw new Error(`trap ${name}`); } });
  return {
    undefined: undefined,
    null: null,
    "revoked Proxy": revoked.proxy,
    "ownKeys trap throws": trap("ownKeys"),
    "get trap throws": trap("get"),
    "getOwnPropertyDescriptor trap throws": trap("getOwnPropertyDescriptor"),
    "getPrototypeOf trap throws": trap("getPrototypeOf"),
    "throwing getter (subdomain)": throwingGetter("subdomain"),
    "throwing getter (apiToken)": throwingGetter("apiToken"),
    "throwing getter (query)": throwingGetter("query"),
    "throwing getter (signal)": throwingGetter("signal"),
    "throwing getter (body)": throwingGetter("body"),
    "throwing getter (baseUrl)": throwingGetter("baseUrl"),
    "throwing getter (tokens)": throwingGetter("tokens"),
    "Object.create(null)": Object.create(null),
    "{toString: 1}": { toString: 1, valueOf: 1 },
    "{toString() throws}": { toString() { throw new Error("toString"); }, [Symbol.toPrimitive]() { throw new Error("toPrimitive"); } },
    "query with hostile values": { query: { a: { toString: 1 }, b: Object.create(null), c: [{ toString() { throw new Error("x"); } }], d: Symbol("s") } },
    "body of a BigInt": { body: 1n },
    "body with a cycle": (() => { const o = { a: 1 }; o.self = o; return { body: o }; })(),
    "body toJSON throws": { body: { toJSON() { throw new Error("toJSON"); } } },
    "signal not a signal": { signal: { aborted: true, addEventListener() { throw new Error("listener"); } } },
    "tokens as a revoked Proxy": { subdomain: "acme", clientId: "x", tokens: revoked.proxy },
    "retry throws": { subdomain: "acme", oauthToken: "a".repeat(54), retry: throwingGetter("maxRetries") },
    "baseUrl unparseable": { baseUrl: "http://[", oauthToken: "a".repeat(54) },
    "baseUrl not a string": { baseUrl: { toString() { return "https://attacker.example"; } }, subdomain: "acme", oauthToken: "a".repeat(54) },
    "onTokens not a function": { subdomain: "acme", clientId: "c", tokens: { accessToken: "a".repeat(54), refreshToken: "r".repeat(40) }, onTokens: "yes" },
    "scopes as a hostile array": { subdomain: "acme", clientId: "c", redirectUri: "https://app.example/cb", scopes: new Proxy(["read"], { get() { throw new Error("scopes"); } }) },
    symbol: Symbol("s"),
    function: () => "acme",
    bigint: 10n,
    number: 42,
    NaN: NaN,
    "a Date": new Date(NaN),
    array: ["acme", "agent@example.com"],
    "lone surrogates": "\uD800acme\uDFFF",
    "CRLF and NUL": "acme\r\nX-Injected: 1\0",
    "1 MB string": "a".repeat(1 << 20),
    "credentials with lone surrogates": { subdomain: "acme\uD800", email: "a\uDFFF@example.com", apiToken: "\uD800".repeat(40) },
    "credentials, every field an object": { subdomain: {}, email: [], apiToken: { length: 40 }, oauthToken: () => 1, password: Symbol("p") },
  };
}

/** A value a test can name in a message without running hostile code. */
export const describe = (v) => {
  try {
    return typeof v === "string" ? `string(${v.length})` : typeof v === "symbol" ? "symbol" : typeof v === "bigint" ? "bigint" : typeof v;
  } catch {
    return "?";
  }
};

/**
 * Runs `call` (which may return a value, a promise, or throw) and classifies what came
 * out: "value", or "error:CODE" for a ZendeskAuthError. Anything else (another kind of
 * exception, a promise still pending after `ms`) is returned as "bad:..." so the test can
 * report it with the input that caused it.
 */
export async function outcome(call, ZendeskAuthError, ms = 5000) {
  let result;
  try {
    result = call();
  } catch (e) {
    return classify(e, ZendeskAuthError);
  }
  if (!result || typeof result.then !== "function") return "value";
  let timer;
  const pending = new Promise((resolve) => { timer = setTimeout(() => resolve("bad:pending"), ms); });
  try {
    const settled = await Promise.race([Promise.resolve(result).then(() => "value", (e) => classify(e, ZendeskAuthError)), pending]);
    return settled;
  } finally {
    clearTimeout(timer);
  }
}

function classify(e, ZendeskAuthError) {
  if (e instanceof ZendeskAuthError && typeof e.code === "string" && /^[A-Z][A-Z_]+$/.test(e.code) && typeof e.message === "string") {
    return `error:${e.code}`;
  }
  let what = "?";
  try {
    what = `${e && e.constructor && e.constructor.name}: ${e && e.message}`;
  } catch {}
  return `bad:${what}`;
}
