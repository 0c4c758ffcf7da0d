// The client against hostile servers and mocked fetch functions: unparseable redirects,
// truncated bodies, resets, bodies that never end, and fetch mocks that resolve junk,
// reject with non-Errors, throw, or never settle. Each request must end in a coded
// error, the process must live, and the client must still work afterwards.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { ZendeskClient, ZendeskAuthError } from "zendesk-auth/client";
import { outcome } from "./kit.mjs";

const { startFakeZendesk, SEED } = await import(`${process.env.ZA_REPO}/tests/fake-zendesk/server.mjs`);
let zd, hostile, hostileUrl;
const unhandled = [];
const onUnhandled = (e) => unhandled.push(e);

// Each path answers one way; the behaviour is chosen by the path.
const answers = {
  "/redirect-bracket": (req, res) => res.writeHead(302, { location: "http://[" }).end(),
  "/redirect-space": (req, res) => res.writeHead(302, { location: "https://exa mple.com/" }).end(),
  "/redirect-port": (req, res) => res.writeHead(302, { location: "http://a:99999/" }).end(),
  "/redirect-away": (req, res) => res.writeHead(301, { location: "https://attacker.example/api/v2/x" }).end(),
  "/truncated": (req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
    res.write('{"user":');
    setTimeout(() => res.socket.destroy(), 20);
  },
  "/reset": (req, res) => req.socket.destroy(),
  "/not-json": (req, res) => res.writeHead(200, { "content-type": "application/json" }).end("{not json"),
  "/endless": (req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.write("[");
    const t = setInterval(() => res.write("1,"), 50);
    res.on("close", () => clearInterval(t));
  },
  "/headers-junk": (req, res) => res.writeHead(429, { "retry-after": "soon", "x-rate-limit": "lots", "x-request-id": "a\u00e9b" }).end("Rate limit exceeded"),
};

before(async () => {
  process.on("unhandledRejection", onUnhandled);
  zd = await startFakeZendesk({});
  hostile = createServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname.replace(/^\/api\/v2/, "").replace(/\.json$/, "");
    (answers[path] ?? ((q, r) => r.writeHead(404).end()))(req, res);
  });
  await new Promise((r) => hostile.listen(0, "127.0.0.1", r));
  hostileUrl = `http://127.0.0.1:${hostile.address().port}`;
});
after(async () => {
  process.off("unhandledRejection", onUnhandled);
  hostile.closeAllConnections();
  await new Promise((r) => hostile.close(r));
  await zd.close();
  assert.deepEqual(unhandled, []);
});

const hostileClient = () => new ZendeskClient({ baseUrl: hostileUrl, oauthToken: "a".repeat(54), timeoutMs: 1000, retry: { maxRetries: 1, maxWaitMs: 3000 } });

test("hostile servers: every answer ends in its coded error", async () => {
  const expected = {
    "/redirect-bracket": "REDIRECT_REFUSED",
    "/redirect-space": "REDIRECT_REFUSED",
    "/redirect-port": "REDIRECT_REFUSED",
    "/redirect-away": "REDIRECT_REFUSED",
    "/truncated": "NETWORK",
    "/reset": "NETWORK",
    "/not-json": "BAD_RESPONSE",
    "/endless": "TIMEOUT",
    "/headers-junk": "RATE_LIMITED",
  };
  const c = hostileClient();
  const got = {};
  for (const path of Object.keys(expected)) got[path] = await outcome(() => c.get(`/api/v2${path}.json`), ZendeskAuthError, 10_000);
  assert.deepEqual(got, Object.fromEntries(Object.entries(expected).map(([p, code]) => [p, `error:${code}`])));
});

test("mocked fetch: junk, non-Error rejections, throws and hangs all end coded, with the cause kept", async () => {
  const real = globalThis.fetch;
  const response = new Response("{}", { status: 200, headers: { "content-type": "application/json" } });
  const mocks = {
    "resolves 42": () => Promise.resolve(42),
    "resolves {}": () => Promise.resolve({}),
    "resolves null": () => Promise.resolve(null),
    "resolves an object with throwing getters": () => Promise.resolve(Object.defineProperty({}, "status", { get() { throw new Error("status"); } })),
    "resolves status 99999": () => Promise.resolve({ status: 99999, text: async () => "{}" }),
    "rejects with a string": () => Promise.reject("offline"),
    "rejects with undefined": () => Promise.reject(undefined),
    "throws synchronously": () => { throw new TypeError("fetch is broken"); },
    "is not a function": 42,
    "never settles": () => new Promise(() => {}),
    "body never settles": () => Promise.resolve({ status: 200, headers: new Headers(), text: () => new Promise(() => {}) }),
    "body rejects": () => Promise.resolve({ status: 200, headers: new Headers(), text: () => Promise.reject(new Error("body")) }),
    "headers throw": () => Promise.resolve({ status: 200, get headers() { throw new Error("headers"); }, text: async () => '{"ok":1}' }),
  };
  const c = new ZendeskClient({ subdomain: "acme", oauthToken: "a".repeat(54), timeoutMs: 300, retry: { maxRetries: 0 } });
  const got = {};
  const causes = {};
  try {
    for (const [name, mock] of Object.entries(mocks)) {
      globalThis.fetch = mock;
      got[name] = await outcome(() => c.get("/api/v2/users/me.json"), ZendeskAuthError, 5000);
      causes[name] = await c.get("/api/v2/users/me.json").catch((e) => e.cause);
    }
    // A duck-typed Response with a JSON body is a good answer, as test mocks expect.
    globalThis.fetch = () => Promise.resolve(response.clone());
    got["a real Response"] = await outcome(() => c.get("/api/v2/users/me.json"), ZendeskAuthError);
  } finally {
    globalThis.fetch = real;
  }
  assert.deepEqual(got, {
    "resolves 42": "error:NETWORK",
    "resolves {}": "error:NETWORK",
    "resolves null": "error:NETWORK",
    "resolves an object with throwing getters": "error:NETWORK",
    "resolves status 99999": "error:NETWORK",
    "rejects with a string": "error:NETWORK",
    "rejects with undefined": "error:NETWORK",
    "throws synchronously": "error:NETWORK",
    "is not a function": "error:NETWORK",
    "never settles": "error:TIMEOUT",
    "body never settles": "error:TIMEOUT",
    "body rejects": "error:NETWORK",
    "headers throw": "value",
    "a real Response": "value",
  });
  assert.equal(causes["rejects with a string"], "offline");
  assert.ok(causes["throws synchronously"] instanceof TypeError);
  assert.equal(causes["body rejects"].message, "body");
  // And the client still talks to a real server afterwards.
  const ok = new ZendeskClient({ baseUrl: zd.accountUrl("acme"), oauthToken: SEED.acme.oauth.adminReadWrite.token });
  assert.equal((await ok.verify()).user.id, SEED.acme.users.admin.id);
});

test("the OAuth calls meet a token endpoint that answers junk: coded, settled", async () => {
  const { refreshToken, exchangeCode, clientCredentialsToken } = await import("zendesk-auth/client");
  const base = { baseUrl: hostileUrl, clientId: "c" };
  for (const call of [
    () => refreshToken({ ...base, refreshToken: "r" }),
    () => exchangeCode({ ...base, code: "c", codeVerifier: "v".repeat(43), redirectUri: "https://app.example/cb" }),
    () => clientCredentialsToken({ ...base, clientSecret: "s", scopes: "read" }),
  ]) {
    const o = await outcome(call, ZendeskAuthError, 10_000);
    assert.match(o, /^error:[A-Z_]+$/);
  }
});
