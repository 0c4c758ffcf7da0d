// The client features integrators reach for first, through the installed package against
// the fake Zendesk: request headers (userAgent and Marketplace ones included), bodies sent
// byte-exact, uploads, logging hooks, page caps and progress, OAuth callbacks, token info
// and revocation, a bounded onTokens. What the fake received
// is read from its captures (headers) and its uploads store (bytes); byte counts and
// digests are computed here with node:crypto.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { ZendeskClient, createAuthorizationUrl, exchangeCode, parseCallback } from "zendesk-auth/client";
import { rejectsCoded } from "./coded.mjs";

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

const rejects = (promise, code) => rejectsCoded(promise, code, secrets);

const lastCapture = () => zd.captures().at(-1);

test("headers per client and per request (User-Agent and Marketplace ones too); the request's win", async () => {
  const c = keep(new ZendeskClient({
    baseUrl: captureBase,
    oauthToken: bearer,
    headers: { "User-Agent": "AcmeSync/2.1 (ops@acme.test)", "X-Source": "client", "X-Trace": "t1", "X-Zendesk-Marketplace-Name": "Acme Sync", "X-Zendesk-Marketplace-Organization-Id": 4471 },
  }));
  await c.get("/api/v2/tickets.json", { headers: new Headers({ "Idempotency-Key": "k-42", "X-Trace": "t2" }) });
  const h = lastCapture().headers;
  assert.equal(h["user-agent"], "AcmeSync/2.1 (ops@acme.test)");
  assert.equal(h["x-source"], "client");
  assert.equal(h["x-trace"], "t2");
  assert.equal(h["idempotency-key"], "k-42");
  assert.equal(h["x-zendesk-marketplace-name"], "Acme Sync");
  assert.equal(h["x-zendesk-marketplace-organization-id"], "4471");
  assert.equal(h.authorization, "[redacted]");
});

test("userAgent and marketplace options send Zendesk's headers, per client and per request", async () => {
  const c = keep(new ZendeskClient({
    baseUrl: captureBase,
    oauthToken: bearer,
    userAgent: "AcmeSync/2.1 (ops@acme.test)",
    marketplace: { name: "Acme Sync", organizationId: 4471, appId: "998" },
  }));
  await c.get("/api/v2/tickets.json");
  let h = lastCapture().headers;
  assert.equal(h["user-agent"], "AcmeSync/2.1 (ops@acme.test)");
  assert.equal(h["x-zendesk-marketplace-name"], "Acme Sync");
  assert.equal(h["x-zendesk-marketplace-organization-id"], "4471");
  assert.equal(h["x-zendesk-marketplace-app-id"], "998");
  await c.get("/api/v2/tickets.json", { userAgent: "AcmeSync/2.2", marketplace: { appId: 999 } });
  h = lastCapture().headers;
  assert.equal(h["user-agent"], "AcmeSync/2.2");
  assert.equal(h["x-zendesk-marketplace-app-id"], "999");
  assert.equal(h["x-zendesk-marketplace-name"], "Acme Sync");
  assert.throws(() => new ZendeskClient({ baseUrl: base, oauthToken: bearer, marketplace: "Acme" }), (e) => e.code === "INVALID_OPTION");
  assert.throws(() => new ZendeskClient({ baseUrl: base, oauthToken: bearer, userAgent: "a\r\nX-Injected: 1" }), (e) => e.code === "INVALID_OPTION");
  const unreadable = Object.defineProperty({}, "name", { enumerable: true, get() { throw new Error("no"); } });
  assert.throws(() => new ZendeskClient({ baseUrl: base, oauthToken: bearer, marketplace: unreadable }), (e) => e.code === "INVALID_OPTION");
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

test("a file posted to /api/v2/uploads.json arrives byte-exact and its upload token comes back", async () => {
  const c = oauth();
  const bytes = randomBytes(100_000);
  const r = await c.post("/api/v2/uploads.json", new Uint8Array(bytes), { query: { filename: "report.pdf" }, headers: { "Content-Type": "application/pdf" } });
  assert.equal(r.status, 201);
  const token = r.data.upload.token;
  const [file] = uploadedFiles(token);
  assert.equal(file.bytes.length, bytes.length);
  assert.equal(createHash("sha256").update(file.bytes).digest("hex"), createHash("sha256").update(bytes).digest("hex"));
  assert.equal(r.data.upload.attachment.content_type, "application/pdf");
  // A Blob (as from a file input) added to the same upload, typed by itself.
  const blob = new Blob([bytes.subarray(0, 1234)], { type: "image/png" });
  const again = await c.post("/api/v2/uploads.json", blob, { query: { filename: "shot.png", token } });
  assert.equal(again.data.upload.token, token);
  const files = uploadedFiles(token);
  assert.equal(files.length, 2);
  assert.deepEqual(files[1].bytes, bytes.subarray(0, 1234));
  assert.equal(files[1].attachment.content_type, "image/png");
  console.log(`# upload round trip (post): ${bytes.length} bytes sent, ${file.bytes.length} bytes received, sha256 equal; Blob ${files[1].bytes.length} bytes`);
});

test("upload(): the file's bytes arrive byte-exact and the upload token comes back on top", async () => {
  const c = oauth();
  const bytes = randomBytes(100_000);
  const r = await c.upload(new Uint8Array(bytes), { filename: "report.pdf", contentType: "application/pdf" });
  assert.equal(r.status, 201);
  assert.equal(typeof r.token, "string");
  assert.equal(r.token, r.data.upload.token);
  const [file] = uploadedFiles(r.token);
  assert.equal(file.bytes.length, 100_000);
  assert.equal(createHash("sha256").update(file.bytes).digest("hex"), createHash("sha256").update(bytes).digest("hex"));
  assert.equal(r.data.upload.attachment.content_type, "application/pdf");
  assert.equal(r.data.upload.attachment.file_name, "report.pdf");
  // A Blob (as from a file input) added to the same upload, typed by itself.
  const again = await c.upload(new Blob([bytes.subarray(0, 1234)], { type: "image/png" }), { filename: "shot.png", token: r.token });
  assert.equal(again.token, r.token);
  const files = uploadedFiles(r.token);
  assert.equal(files.length, 2);
  assert.deepEqual(files[1].bytes, bytes.subarray(0, 1234));
  assert.equal(files[1].attachment.content_type, "image/png");
  console.log(`# upload round trip (upload()): ${bytes.length} bytes sent, ${file.bytes.length} bytes received, sha256 equal; Blob ${files[1].bytes.length} bytes`);
  await rejects(c.upload({ not: "bytes" }, { filename: "x" }), "INVALID_OPTION");
  await rejects(c.upload(new Uint8Array([1])), "INVALID_OPTION");
  await rejects(c.upload(new Uint8Array([1]), { filename: "x", token: 5 }), "INVALID_OPTION");
  await rejects(c.upload(new Uint8Array([1]), new Proxy({}, { ownKeys() { throw new Error("no"); } })), "INVALID_OPTION");
  assert.equal(zd.getLog({ account: "acme", method: "POST" }).length, 2);
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
  assert.equal(req.headers.accept, "application/json");
  // Retry-After: 1 (the fault's) is at least a second's wait.
  assert.ok(events[2][1].waitMs >= 1000);
  assert.equal(events[2][1].url, `${base}/api/v2/users/me.json`);
  assert.equal(typeof events[4][1].headers["x-request-id"], "string");
  assert.equal(typeof events[4][1].durationMs, "number");
  assert.equal(events[1][1].headers["retry-after"], "1");
  const everything = JSON.stringify(events);
  for (const s of secrets) assert.ok(!everything.includes(s));
  assert.ok(!everything.includes(Buffer.from(`${admin}/token:${apiToken}`).toString("base64")));
  console.log(`# hooks' redacted output for one request: ${JSON.stringify(events.slice(3))}`);
});

test("a Bearer client's hooks see 'Bearer [redacted]'; a failure without an answer reports its kind", async () => {
  const events = [];
  const c = oauth({ onRequest: (e) => events.push(e), onResponse: (e) => events.push(e), retry: { maxRetries: 0 }, timeoutMs: 300 });
  zd.enqueueFault("acme", [{ fault: "delay=2000" }]);
  await rejects(c.get("/api/v2/users/me.json"), "TIMEOUT");
  assert.equal(events[0].headers.authorization, "Bearer [redacted]");
  assert.equal(events[1].status, 0);
  assert.equal(events[1].error, "TIMEOUT");
  assert.ok(!JSON.stringify(events).includes(bearer));
  // Query values that would be secrets are masked in the URL a hook sees.
  await c.get("/api/v2/users/me.json", { query: { access_token: "not-a-real-one", page: 2 } });
  assert.equal(events.at(-1).url, `${base}/api/v2/users/me.json?access_token=[redacted]&page=2`);
});

test("a throwing, rejecting or never-settling hook does not break, hang or change the request", async () => {
  const c = client({
    onRequest: (e) => {
      e.headers.authorization = "Bearer stolen";
      e.url = "https://attacker.example/";
      throw new Error("logger down");
    },
    onResponse: async () => {
      throw new Error("async logger down");
    },
    onRetry: () => new Promise(() => {}),
  });
  zd.enqueueFault("acme", [{ fault: "503-retry-after=0" }]);
  const started = Date.now();
  assert.equal((await c.get("/api/v2/users/me.json")).status, 200);
  assert.ok(Date.now() - started < 5000);
  const log = zd.getLog({ account: "acme" });
  assert.deepEqual(log.map((e) => [e.authScheme, e.status]), [["basic", 503], ["basic", 200]]);
  assert.throws(() => client({ onRetry: "log" }), (e) => e.code === "INVALID_OPTION");
  const getter = Object.defineProperty({ baseUrl: base, email: admin, apiToken }, "onRequest", { enumerable: true, get() { throw new Error("no"); } });
  assert.throws(() => new ZendeskClient(getter), (e) => e.code === "INVALID_OPTION" && e.hint.length > 10);
});

test("maxPages, maxItems and onPage: caps hold exactly, no request past them, progress counts records", async () => {
  zd.configureAccount("acme", { recordCount: { tickets: 250 } });
  const list = (path) => zd.getLog({ account: "acme" }).filter((e) => e.apiPath === path);
  const events = [];
  const pages = [];
  for await (const p of client().paginate("/api/v2/tickets.json", { maxPages: 2, onPage: (e) => events.push(e) })) pages.push(p);
  assert.equal(pages.length, 2);
  assert.deepEqual(events, [{ page: 1, items: 100 }, { page: 2, items: 200 }]);
  assert.equal(list("/api/v2/tickets.json").length, 2);
  zd.clearLog();
  const ids = [];
  for await (const t of client().paginate("/api/v2/tickets.json", { maxItems: 120 }).items()) ids.push(t.id);
  assert.deepEqual(ids, Array.from({ length: 120 }, (_, i) => i + 1));
  assert.equal(list("/api/v2/tickets.json").length, 2);
  // Offset pages carry the list's total as `count`.
  const offset = [];
  for await (const p of client().paginate("/api/v2/tickets.json", { query: { page: 1, per_page: 100 }, onPage: (e) => offset.push(e), maxPages: 1 })) assert.equal(p.status, 200);
  assert.deepEqual(offset, [{ page: 1, items: 100, total: 250 }]);
  // A throwing onPage does not break the listing.
  let kept = 0;
  for await (const p of client().paginate("/api/v2/tickets.json", { onPage: () => { throw new Error("logger down"); } })) kept += p.data.tickets.length;
  assert.equal(kept, 250);
  for (const bad of [{ maxItems: 0 }, { maxPages: 1.5 }, { maxPages: "2" }, { onPage: "log" }]) {
    assert.throws(() => client().paginate("/api/v2/tickets.json", bad), (e) => e.code === "INVALID_OPTION");
  }
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
  assert.deepEqual(parsed, { code: new URL(back).searchParams.get("code"), state: flow.state, codeVerifier: flow.codeVerifier, redirectUri });
  const tokens = await exchangeCode({ baseUrl: base, clientId: publicClient, ...parsed });
  assert.equal(typeof tokens.accessToken, "string");
  // The user clicks "deny": RFC 6749's error redirect, as the fake sends it.
  const denied = createAuthorizationUrl({ baseUrl: base, clientId: publicClient, redirectUri, scopes: ["read"] });
  const deniedBack = await authorizeRedirect(denied.url, "&login_as=deny");
  const e = (() => {
    try {
      parseCallback(new URL(deniedBack), { state: denied.state });
    } catch (err) {
      return err;
    }
  })();
  assert.equal(e.name, "ZendeskAuthError");
  assert.equal(e.code, "OAUTH_DENIED");
  // The fake's words for a denial (tests/fake-zendesk/oauth.mjs).
  assert.equal(e.zendeskError, "access_denied: The user denied the authorization request.");
  assert.ok(e.hint.length > 10);
  assert.throws(() => parseCallback(back, { state: "another-tab" }), (err) => err.code === "STATE_MISMATCH");
  assert.throws(() => parseCallback(`${redirectUri}?code=abc`, { state: flow.state }), (err) => err.code === "STATE_MISMATCH");
  assert.throws(() => parseCallback(back, {}), (err) => err.code === "INVALID_OPTION");
  assert.throws(() => parseCallback(back), (err) => err.code === "INVALID_OPTION");
  assert.throws(() => parseCallback("not a url", { state: flow.state }), (err) => err.code === "INVALID_OPTION");
  assert.throws(() => parseCallback(`${redirectUri}?state=${flow.state}`, { state: flow.state }), (err) => err.code === "INVALID_OPTION");
  assert.throws(() => parseCallback(`${redirectUri}?state=${flow.state}&error=invalid_scope&error_description=Bad%0Ascope`, { state: flow.state }),
    (err) => err.code === "INVALID_SCOPE" && err.zendeskError === "invalid_scope: Bad scope");
  const getter = Object.defineProperty({}, "state", { enumerable: true, get() { throw new Error("no"); } });
  assert.throws(() => parseCallback(back, getter), (err) => err.code === "INVALID_OPTION");
});

test("tokenInfo reads the token in use (scopes, expiry, client) without any of its characters", async () => {
  const info = await oauth().tokenInfo();
  // The seed: adminReadWrite is the admin's read and write token, never expiring.
  assert.deepEqual(info.scopes, ["read", "write"]);
  assert.equal(typeof info.id, "number");
  assert.equal(info.userId, acme.users.admin.id);
  assert.equal(info.expiresAt, null);
  assert.equal(info.createdAt, Date.UTC(2025, 0, 6, 9, 0, 0));
  assert.ok(!JSON.stringify(info).includes(bearer.slice(0, 10)));
  // A token from the token endpoint: its expiry, as asked for (expiresIn 600 s).
  const flow = createAuthorizationUrl({ baseUrl: base, clientId: publicClient, redirectUri, scopes: ["read"] });
  const code = new URL(await authorizeRedirect(flow.url)).searchParams.get("code");
  const before = Date.now();
  const tokens = await exchangeCode({ baseUrl: base, clientId: publicClient, code, codeVerifier: flow.codeVerifier, redirectUri, expiresIn: 600 });
  const fresh = await keep(new ZendeskClient({ baseUrl: base, oauthToken: tokens.accessToken })).tokenInfo();
  assert.deepEqual(fresh.scopes, ["read"]);
  assert.ok(Math.abs(fresh.expiresAt - (before + 600_000)) < 5_000);
  await rejects(client().tokenInfo(), "INVALID_OPTION");
});

test("revokeToken looks the id up, deletes it and verifies it is gone (DELETE current.json would not revoke)", async () => {
  const c = oauth();
  const { id } = await c.tokenInfo();
  const r = await c.revokeToken();
  assert.deepEqual(r, { id, revoked: true });
  const del = zd.getLog({ account: "acme", method: "DELETE" });
  assert.deepEqual(del.map((e) => e.apiPath), [`/api/v2/oauth/tokens/${id}.json`]);
  await rejects(oauth().verify(), "UNAUTHORIZED");
  // By id: an admin revokes an agent's token; an agent cannot see the admin's (404).
  zd.reset();
  const agent = keep(new ZendeskClient({ baseUrl: base, oauthToken: acme.oauth.agentReadWrite.token }));
  const agentId = (await agent.tokenInfo()).id;
  const adminId = (await oauth().tokenInfo()).id;
  await rejects(agent.revokeToken({ id: adminId }), "NOT_FOUND");
  assert.deepEqual(await oauth().revokeToken({ id: String(agentId) }), { id: agentId, revoked: true });
  await rejects(agent.verify(), "UNAUTHORIZED");
  for (const id of ["1; DROP", 0, -3, 1.5, {}, "12345678901234567890"]) await rejects(oauth().revokeToken({ id }), "INVALID_OPTION");
  // A bare id is not options: refused rather than read as "revoke the token in use".
  await rejects(oauth().revokeToken(agentId), "INVALID_OPTION");
});

test("revokeToken reports a token that still works after Zendesk answered the DELETE", async () => {
  // A Zendesk that answers the DELETE with 204 and revokes nothing, as users report of
  // DELETE current.json: every DELETE is sent there instead.
  const realFetch = globalThis.fetch;
  globalThis.fetch = (url, init) => realFetch(init && init.method === "DELETE" ? String(url).replace(/tokens\/\d+\.json$/, "tokens/current.json") : url, init);
  try {
    await rejects(oauth().revokeToken(), "REVOKE_FAILED");
  } finally {
    globalThis.fetch = realFetch;
  }
  assert.deepEqual(zd.getLog({ account: "acme", method: "DELETE" }).map((e) => [e.apiPath, e.status]), [["/api/v2/oauth/tokens/current.json", 204]]);
  assert.equal((await oauth().verify()).authScheme, "oauth");
});

test("onTokens that never settles ends the refresh with ON_TOKENS_TIMEOUT and keeps the only working pair", async () => {
  const flow = createAuthorizationUrl({ baseUrl: base, clientId: publicClient, redirectUri, scopes: ["read"] });
  const code = new URL(await authorizeRedirect(flow.url)).searchParams.get("code");
  const tokens = await exchangeCode({ baseUrl: base, clientId: publicClient, code, codeVerifier: flow.codeVerifier, redirectUri });
  const c = keep(new ZendeskClient({ baseUrl: base, tokens, clientId: publicClient, onTokens: () => new Promise(() => {}), onTokensTimeoutMs: 200 }));
  zd.advanceClock(31 * 60 * 1000);
  const started = Date.now();
  await rejects(c.verify(), "ON_TOKENS_TIMEOUT");
  assert.ok(Date.now() - started < 2000);
  // The old refresh token is spent at Zendesk; the new pair is what keeps the user signed in.
  assert.equal((await c.verify()).authScheme, "oauth");
  assert.equal(zd.getLog({ grantType: "refresh_token", status: 200 }).length, 1);
});
