// The client features integrators reach for first, through the installed package against
// the fake Zendesk: request headers, bodies sent byte-exact (files to the uploads endpoint
// included), a bounded onTokens. What the fake received
// is read from its captures (headers) and its uploads store (bytes); byte counts and
// digests are computed here with node:crypto.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { ZendeskClient, createAuthorizationUrl, exchangeCode } from "zendesk-auth/client";
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
  console.log(`# upload round trip: ${bytes.length} bytes sent, ${file.bytes.length} bytes received, sha256 equal; Blob ${files[1].bytes.length} bytes`);
});

async function authorizeRedirect(url, extra = "") {
  const res = await fetch(url + extra, { redirect: "manual" });
  assert.equal(res.status, 302);
  return res.headers.get("location");
}

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
