// The client features integrators reach for first, through the installed package against
// the fake Zendesk: request headers, bodies sent byte-exact, uploads, logging hooks,
// OAuth callbacks, token info and revocation, a bounded onTokens. What the fake received
// is read from its captures (headers) and its uploads store (bytes); byte counts and
// digests are computed here with node:crypto.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { ZendeskClient, createAuthorizationUrl, exchangeCode, parseCallback } from "zendesk-auth/client";

const repo = process.env.ZA_REPO;
const { startFakeZendesk, SEED } = await import(`${repo}/tests/fake-zendesk/server.mjs`);
const { uploadedFiles } = await import(`${repo}/tests/fake-zendesk/uploads.mjs`);

const acme = SEED.acme;
const admin = acme.users.admin.email;
const apiToken = acme.apiTokens[0];
const bearer = acme.oauth.adminReadWrite.token;
const secrets = [...acme.apiTokens, ...Object.values(acme.oauth).map((o) => o.token)];
const publicClient = acme.oauthClients.public.identifier;
const redirectUri = "http://127.0.0.1:9/oauth/callback";
let zd, base, captureBase;
let live = [];

before(async () => {
  zd = await startFakeZendesk({});
  base = zd.accountUrl("acme");
  // The fake records every request under /__capture/ with its headers (credentials redacted).
  captureBase = `${new URL(base).origin}/__capture/acme`;
});
after(() => zd.close());
beforeEach(() => {
  zd.reset();
  zd.clearCaptures();
  live = [];
});

// Clients are held until the next test so none is collected while in use.
const keep = (c) => (live.push(c), c);
const client = (extra = {}) => keep(new ZendeskClient({ baseUrl: base, email: admin, apiToken, ...extra }));
const oauth = (extra = {}) => keep(new ZendeskClient({ baseUrl: base, oauthToken: bearer, ...extra }));

async function rejects(promise, code) {
  try {
    await promise;
  } catch (e) {
    assert.equal(e.name, "ZendeskAuthError");
    assert.equal(e.code, code, e.message);
    assert.ok(e.hint && e.hint.length > 10);
    const everything = JSON.stringify(e, Object.getOwnPropertyNames(e));
    for (const s of secrets) assert.ok(!everything.includes(s), "error leaks a credential");
    return e;
  }
  assert.fail(`expected ${code}, got success`);
}

const lastCapture = () => zd.captures().at(-1);

test("headers per client and per request, userAgent, Marketplace headers; the request's win", async () => {
  const c = keep(new ZendeskClient({
    baseUrl: captureBase,
    oauthToken: bearer,
    userAgent: "AcmeSync/2.1 (ops@acme.test)",
    headers: { "X-Source": "client", "X-Trace": "t1" },
    marketplace: { name: "Acme Sync", organizationId: 4471, appId: "998" },
  }));
  await c.get("/api/v2/tickets.json", { headers: { "Idempotency-Key": "k-42", "X-Trace": "t2" } });
  const h = lastCapture().headers;
  assert.equal(h["user-agent"], "AcmeSync/2.1 (ops@acme.test)");
  assert.equal(h["x-source"], "client");
  assert.equal(h["x-trace"], "t2");
  assert.equal(h["idempotency-key"], "k-42");
  assert.equal(h["x-zendesk-marketplace-name"], "Acme Sync");
  assert.equal(h["x-zendesk-marketplace-organization-id"], "4471");
  assert.equal(h["x-zendesk-marketplace-app-id"], "998");
  assert.equal(h.authorization, "[redacted]");
});

test("Authorization, Host, Cookie and framing headers are refused with a coded error, never sent", async () => {
  for (const name of ["Authorization", "authorization", "Host", "Cookie", "Proxy-Authorization", "Content-Length"]) {
    await rejects(oauth().get("/api/v2/users/me.json", { headers: { [name]: "x" } }), "HEADER_NOT_ALLOWED");
    assert.throws(() => new ZendeskClient({ baseUrl: base, oauthToken: bearer, headers: { [name]: "x" } }), (e) => e.code === "HEADER_NOT_ALLOWED");
  }
  const e = await rejects(oauth().get("/api/v2/users/me.json", { headers: { "X-Trace": "a\r\nX-Injected: secret-value" } }), "INVALID_OPTION");
  assert.ok(!e.message.includes("secret-value"));
  assert.equal(zd.getLog({ account: "acme" }).length, 0);
});

test("asUser sends X-On-Behalf-Of with OAuth and is refused with an API token", async () => {
  const c = keep(new ZendeskClient({ baseUrl: captureBase, oauthToken: bearer }));
  await c.get("/api/v2/users/me.json", { asUser: "agent@acme.test" });
  assert.equal(lastCapture().headers["x-on-behalf-of"], "agent@acme.test");
  await c.get("/api/v2/users/me.json", { asUser: 1002 });
  assert.equal(lastCapture().headers["x-on-behalf-of"], "1002");
  await rejects(client().get("/api/v2/users/me.json", { asUser: "agent@acme.test" }), "INVALID_OPTION");
});

test("bodies: objects as JSON, bytes, Blobs, forms and strings as they are with their type", async () => {
  const c = keep(new ZendeskClient({ baseUrl: captureBase, oauthToken: bearer }));
  const sent = async (body) => {
    await c.post("/api/v2/anything.json", body);
    return lastCapture().headers["content-type"];
  };
  assert.equal(await sent({ ticket: { subject: "x" } }), "application/json");
  assert.equal(await sent(new Uint8Array([1, 2, 3])), "application/octet-stream");
  assert.equal(await sent(new Blob(["<p>x</p>"], { type: "text/html" })), "text/html");
  assert.match(await sent(new URLSearchParams({ a: "1" })), /^application\/x-www-form-urlencoded/);
  const form = new FormData();
  form.append("file", new Blob(["abc"]), "a.txt");
  assert.match(await sent(form), /^multipart\/form-data; boundary=/);
  assert.equal(await sent('{"ticket":{}}'), "application/json");
  assert.equal(await sent("plain words"), "text/plain; charset=utf-8");
  // The caller's Content-Type wins.
  await c.post("/api/v2/anything.json", new Uint8Array([1]), { headers: { "Content-Type": "image/png" } });
  assert.equal(lastCapture().headers["content-type"], "image/png");
});

test("upload: the file's bytes arrive byte-exact and the upload token comes back", async () => {
  const c = oauth();
  const bytes = randomBytes(100_000);
  const r = await c.upload(new Uint8Array(bytes), { filename: "report.pdf", contentType: "application/pdf" });
  assert.equal(r.status, 201);
  assert.equal(typeof r.token, "string");
  const [file] = uploadedFiles(r.token);
  assert.equal(file.bytes.length, bytes.length);
  assert.equal(createHash("sha256").update(file.bytes).digest("hex"), createHash("sha256").update(bytes).digest("hex"));
  assert.equal(r.data.upload.attachment.content_type, "application/pdf");
  // A Blob (as from a file input) added to the same upload, typed by itself.
  const blob = new Blob([bytes.subarray(0, 1234)], { type: "image/png" });
  const again = await c.upload(blob, { filename: "shot.png", token: r.token });
  assert.equal(again.token, r.token);
  const files = uploadedFiles(r.token);
  assert.equal(files.length, 2);
  assert.deepEqual(files[1].bytes, bytes.subarray(0, 1234));
  assert.equal(files[1].attachment.content_type, "image/png");
  console.log(`# upload round trip: ${bytes.length} bytes sent, ${file.bytes.length} bytes received, sha256 equal; Blob ${files[1].bytes.length} bytes`);
  await rejects(c.upload({ not: "bytes" }, { filename: "x" }), "INVALID_OPTION");
  await rejects(c.upload(new Uint8Array([1])), "INVALID_OPTION");
});

test("hooks see method, URL, status, attempt, wait and redacted headers; none sees a credential", async () => {
  const events = [];
  const c = client({
    onRequest: (e) => events.push(["request", e]),
    onResponse: (e) => events.push(["response", e]),
    onRetry: (e) => events.push(["retry", e]),
    headers: { "X-Trace": "t1" },
  });
  zd.enqueueFault("acme", [{ fault: "429-retry-after=1" }]);
  const r = await c.get("/api/v2/users/me.json");
  assert.equal(r.status, 200);
  assert.deepEqual(events.map(([k, e]) => [k, e.attempt, e.status]), [["request", 1, undefined], ["response", 1, 429], ["retry", 2, 429], ["request", 2, undefined], ["response", 2, 200]]);
  const [, req] = events[0];
  assert.equal(req.method, "GET");
  assert.equal(req.url, `${base}/api/v2/users/me.json`);
  assert.equal(req.headers.authorization, "Basic [redacted]");
  assert.equal(req.headers["x-trace"], "t1");
  assert.ok(events[2][1].waitMs >= 1000);
  assert.equal(typeof events[4][1].headers["x-request-id"], "string");
  const everything = JSON.stringify(events);
  for (const s of secrets) assert.ok(!everything.includes(s));
  assert.ok(!everything.includes(Buffer.from(`${admin}/token:${apiToken}`).toString("base64")));
  console.log(`# hooks' redacted output for one request: ${JSON.stringify(events.slice(3))}`);
});

test("a throwing or rejecting hook does not break the request, and cannot change it", async () => {
  const c = client({
    onRequest: (e) => {
      e.headers.authorization = "Bearer stolen";
      throw new Error("logger down");
    },
    onResponse: async () => {
      throw new Error("async logger down");
    },
  });
  assert.equal((await c.get("/api/v2/users/me.json")).status, 200);
  assert.equal(zd.getLog({ account: "acme" })[0].authScheme, "basic");
  assert.throws(() => client({ onRetry: "log" }), (e) => e.code === "INVALID_OPTION");
});

async function authorizeRedirect(url, extra = "") {
  const res = await fetch(url + extra, { redirect: "manual" });
  assert.equal(res.status, 302);
  return res.headers.get("location");
}

test("parseCallback: checks state, turns error=access_denied into a coded error, feeds exchangeCode", async () => {
  const flow = createAuthorizationUrl({ baseUrl: base, clientId: publicClient, redirectUri, scopes: ["read"] });
  const back = await authorizeRedirect(flow.url);
  const parsed = parseCallback(back, { state: flow.state, codeVerifier: flow.codeVerifier, redirectUri });
  assert.equal(parsed.state, flow.state);
  assert.equal(parsed.code, new URL(back).searchParams.get("code"));
  const tokens = await exchangeCode({ baseUrl: base, clientId: publicClient, ...parsed });
  assert.equal(typeof tokens.accessToken, "string");
  // The user clicks "deny": RFC 6749's error redirect, as the fake sends it.
  const denied = createAuthorizationUrl({ baseUrl: base, clientId: publicClient, redirectUri, scopes: ["read"] });
  const deniedBack = await authorizeRedirect(denied.url, "&login_as=deny");
  const e = (() => {
    try {
      parseCallback(deniedBack, { state: denied.state });
    } catch (err) {
      return err;
    }
  })();
  assert.equal(e.code, "OAUTH_DENIED");
  assert.equal(e.zendeskError, `access_denied: ${new URL(deniedBack).searchParams.get("error_description")}`);
  assert.throws(() => parseCallback(back, { state: "another-tab" }), (err) => err.code === "STATE_MISMATCH");
  assert.throws(() => parseCallback(`${redirectUri}?code=abc`, { state: flow.state }), (err) => err.code === "STATE_MISMATCH");
  assert.throws(() => parseCallback(back, {}), (err) => err.code === "INVALID_OPTION");
  assert.throws(() => parseCallback(`${redirectUri}?state=${flow.state}&error=invalid_scope`, { state: flow.state }), (err) => err.code === "INVALID_SCOPE");
});

test("tokenInfo reads the token in use (scopes, expiry, client) without any of its characters", async () => {
  const info = await oauth().tokenInfo();
  assert.deepEqual(info.scopes, ["read", "write"]);
  assert.equal(typeof info.id, "number");
  assert.equal(info.userId, acme.users.admin.id);
  assert.ok(!JSON.stringify(info).includes(bearer.slice(0, 10)));
});

test("revokeToken looks the id up, deletes it and verifies it is gone (DELETE current.json would not revoke)", async () => {
  const c = oauth();
  const { id } = await c.tokenInfo();
  const r = await c.revokeToken();
  assert.deepEqual(r, { id, revoked: true });
  const del = zd.getLog({ account: "acme", method: "DELETE" });
  assert.deepEqual(del.map((e) => e.apiPath), [`/api/v2/oauth/tokens/${id}.json`]);
  await rejects(oauth().verify(), "UNAUTHORIZED");
  // By id, from an admin's other token.
  const other = keep(new ZendeskClient({ baseUrl: base, oauthToken: acme.oauth.agentReadWrite.token }));
  const agentId = (await other.tokenInfo()).id;
  assert.deepEqual(await keep(new ZendeskClient({ baseUrl: base, oauthToken: acme.oauth.adminTicketsRead.token })).revokeToken({ id: agentId }).catch((e) => e.code), "FORBIDDEN");
  await rejects(c.revokeToken({ id: "1; DROP" }), "INVALID_OPTION");
});

test("onTokens that never settles ends the refresh with ON_TOKENS_TIMEOUT and keeps the only working pair", async () => {
  const flow = createAuthorizationUrl({ baseUrl: base, clientId: publicClient, redirectUri, scopes: ["read"] });
  const tokens = await exchangeCode({ baseUrl: base, clientId: publicClient, ...parseCallback(await authorizeRedirect(flow.url), { state: flow.state, codeVerifier: flow.codeVerifier, redirectUri }) });
  const c = keep(new ZendeskClient({ baseUrl: base, tokens, clientId: publicClient, onTokens: () => new Promise(() => {}), onTokensTimeoutMs: 200 }));
  zd.advanceClock(31 * 60 * 1000);
  const started = Date.now();
  await rejects(c.verify(), "ON_TOKENS_TIMEOUT");
  assert.ok(Date.now() - started < 2000);
  // The old refresh token is spent at Zendesk; the new pair is what keeps the user signed in.
  assert.equal((await c.verify()).authScheme, "oauth");
  assert.equal(zd.getLog({ grantType: "refresh_token", status: 200 }).length, 1);
});
