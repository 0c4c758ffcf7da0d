// ZendeskClient from the installed package against the fake Zendesk, in Node.
// Expected statuses, bodies and limits are Zendesk's documented ones;
// waits are measured from the fake's request log, not from the client.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { ZendeskClient } from "zendesk-auth/client";
import { rejectsCoded } from "./coded.mjs";

const repo = process.env.ZA_REPO;
const { startFakeZendesk, SEED } = await import(`${repo}/tests/fake-zendesk/server.mjs`);

const acme = SEED.acme;
const admin = acme.users.admin.email;
const apiToken = acme.apiTokens[0];
const secrets = [...acme.apiTokens, ...Object.values(acme.oauth).map((o) => o.token)];
let zd;
let base;

before(async () => {
  zd = await startFakeZendesk({});
  base = zd.accountUrl("acme");
});
after(() => zd.close());
beforeEach(() => zd.reset());

const client = (extra = {}) => new ZendeskClient({ baseUrl: base, email: admin, apiToken, ...extra });
const oauth = (token = acme.oauth.adminReadWrite.token, extra = {}) => new ZendeskClient({ baseUrl: base, oauthToken: token, ...extra });

const rejects = (promise, code) => rejectsCoded(promise, code, secrets);

const apiLog = (filter = {}) => zd.getLog({ account: "acme", ...filter });

test("verify with an API token returns the user, the scheme and the documented Enterprise limit", async () => {
  const r = await client().verify();
  assert.deepEqual(r.user, { id: acme.users.admin.id, name: r.user.name, email: admin, role: "admin" });
  assert.equal(r.authScheme, "api_token");
  assert.equal(r.rateLimit.limit, 700);
  assert.equal(typeof r.rateLimit.remaining, "number");
  assert.equal(apiLog()[0].authScheme, "basic");
});

test("OAuth is preferred when both are given (API tokens retire 2027-04-30)", async () => {
  const c = client({ oauthToken: acme.oauth.adminReadWrite.token });
  assert.equal(c.authScheme, "oauth");
  assert.equal((await c.verify()).authScheme, "oauth");
  assert.equal(apiLog()[0].authScheme, "bearer");
});

test("credentials ignored by Zendesk (token access off) are ANONYMOUS, not success", async () => {
  const c = new ZendeskClient({ baseUrl: zd.accountUrl("tokenoff"), email: SEED.tokenoff.users.admin.email, apiToken: SEED.tokenoff.apiTokens[0] });
  const e = await rejects(c.verify(), "ANONYMOUS");
  assert.match(e.message, /token access/);
});

test("401 keeps Zendesk's text, status and request id, with the likely cause", async () => {
  const e = await rejects(client({ apiToken: "A".repeat(40) }).verify(), "UNAUTHORIZED");
  assert.equal(e.status, 401);
  assert.equal(e.zendeskError, "Couldn't authenticate you");
  assert.equal(e.requestId, apiLog()[0].requestId);
  const b = await rejects(oauth(acme.oauth.expired.token).verify(), "UNAUTHORIZED");
  assert.match(b.zendeskError, /invalid_token/);
  assert.match(b.message, /expired, revoked/);
});

test("403 says role or missing scope; 404 says no help desk or not found; 400 keeps Zendesk's reason", async () => {
  const role = await rejects(oauth(acme.oauth.endUserReadWrite.token).get("/api/v2/users.json"), "FORBIDDEN");
  assert.match(role.message, /role/);
  const scope = await rejects(oauth(acme.oauth.adminTicketsRead.token).get("/api/v2/users.json"), "FORBIDDEN");
  assert.match(scope.zendeskError, /missing the following required scopes/);
  const nohelp = await rejects(new ZendeskClient({ baseUrl: zd.accountUrl("nosuchaccount"), oauthToken: "abc123abc123" }).verify(), "NO_HELP_DESK");
  assert.equal(nohelp.status, 404);
  await rejects(client().get("/api/v2/tickets/987654321.json"), "NOT_FOUND");
  const deep = await rejects(client().get("/api/v2/tickets.json", { query: { page: 101, per_page: 100 } }), "BAD_REQUEST");
  assert.match(deep.zendeskError, /InvalidPaginationDepth/);
});

test("429 waits Retry-After (never earlier) and then succeeds", async () => {
  zd.enqueueFault("acme", { fault: "429-retry-after=1", count: 2, path: "/api/v2/users/me.json" });
  const r = await client().get("/api/v2/users/me.json");
  assert.equal(r.status, 200);
  const log = apiLog();
  assert.deepEqual(log.map((l) => l.status), [429, 429, 200]);
  for (let i = 1; i < log.length; i++) {
    const gap = Date.parse(log[i].time) - Date.parse(log[i - 1].time) - (log[i - 1].durationMs ?? 0);
    assert.ok(gap >= 1000, `retry ${i} came after ${gap} ms, before Retry-After (1000 ms)`);
  }
});

test("onRateLimit 'throw' raises RATE_LIMITED at once with retryAfterMs", async () => {
  zd.enqueueFault("acme", { fault: "429-retry-after=7", count: 1 });
  const e = await rejects(client({ retry: { onRateLimit: "throw" } }).get("/api/v2/users/me.json"), "RATE_LIMITED");
  assert.equal(e.retryAfterMs, 7000);
  assert.equal(e.status, 429);
  assert.equal(apiLog().length, 1);
});

test("the maxWaitMs deadline is kept: a wait that would pass it is not started", async () => {
  zd.enqueueFault("acme", { fault: "429-retry-after=30", count: 1 });
  const t0 = Date.now();
  const e = await rejects(client({ retry: { maxWaitMs: 2000 } }).get("/api/v2/users/me.json"), "RATE_LIMITED");
  assert.ok(Date.now() - t0 < 1000);
  assert.equal(e.retryAfterMs, 30000);
  zd.enqueueFault("acme", { fault: "429-no-retry-after", count: 1 });
  await rejects(client({ retry: { maxWaitMs: 2000 } }).get("/api/v2/users/me.json"), "RATE_LIMITED");
});

test("503 with Retry-After is retried; without it (maintenance) it is not", async () => {
  zd.enqueueFault("acme", { fault: "503-retry-after=1", count: 1 });
  assert.equal((await client().get("/api/v2/users/me.json")).status, 200);
  zd.clearLog();
  zd.enqueueFault("acme", { fault: "503", count: 1 });
  const e = await rejects(client().get("/api/v2/users/me.json"), "SERVER_ERROR");
  assert.equal(e.status, 503);
  assert.equal(apiLog().length, 1);
});

test("GET retries 502, 504 and connection resets; writes are retried only on 429", async () => {
  zd.enqueueFault("acme", [{ fault: "502", count: 1 }, { fault: "504", count: 1 }, { fault: "reset", count: 1 }]);
  assert.equal((await client().get("/api/v2/users/me.json")).status, 200);
  assert.equal(apiLog().length, 4);

  const ticket = { ticket: { subject: "Printer on fire", comment: { body: "Help" } } };
  for (const fault of ["503-retry-after=1", "502", "reset"]) {
    zd.reset();
    zd.enqueueFault("acme", { fault, count: 1, method: "POST" });
    await rejects(client().post("/api/v2/tickets.json", ticket), fault === "reset" ? "NETWORK" : "SERVER_ERROR");
    assert.equal(zd.writes({ account: "acme" }).length, 1, `${fault}: a write was repeated`);
  }
  zd.reset();
  zd.enqueueFault("acme", { fault: "429-retry-after=1", count: 1, method: "POST" });
  const created = await client().post("/api/v2/tickets.json", ticket);
  assert.equal(created.status, 201);
  assert.equal(created.data.ticket.subject, "Printer on fire");
  assert.equal(zd.writes({ account: "acme" }).length, 2);
});

test("timeoutMs per attempt gives TIMEOUT; an AbortSignal gives ABORTED, whatever its reason", async () => {
  zd.enqueueFault("acme", { fault: "delay=2000", count: 5 });
  await rejects(client({ timeoutMs: 200, retry: { maxRetries: 0 } }).get("/api/v2/users/me.json"), "TIMEOUT");
  zd.reset();
  zd.enqueueFault("acme", { fault: "stall", count: 1 });
  const controller = new AbortController();
  setTimeout(() => controller.abort("a string, not an Error"), 100);
  await rejects(client().get("/api/v2/users/me.json", { signal: controller.signal }), "ABORTED");
  const already = AbortSignal.abort();
  await rejects(client().verify({ signal: already }), "ABORTED");
  // The instance is still healthy after all that.
  assert.equal((await client().verify()).user.email, admin);
});

test("malformed JSON is BAD_RESPONSE; a redirect to another host is refused and no credential reaches it", async () => {
  zd.enqueueFault("acme", { fault: "malformed", count: 1 });
  await rejects(client().get("/api/v2/users/me.json"), "BAD_RESPONSE");
  zd.enqueueFault("acme", { fault: "redirect", count: 1 });
  const e = await rejects(client().get("/api/v2/users/me.json"), "REDIRECT_REFUSED");
  assert.equal(e.status, 302);
  assert.equal(zd.captures().length, 0);
});

test("paginate follows cursor links over every record, pages of pageSize", async () => {
  const ids = [];
  let pages = 0;
  for await (const page of client().paginate("/api/v2/tickets.json", { pageSize: 100 })) {
    pages++;
    assert.ok(page.data.tickets.length <= 100);
    ids.push(...page.data.tickets.map((t) => t.id));
  }
  // The tickets index has its own documented bucket (zendesk-ratelimit-tickets-index, 100/min).
  const first = await client().get("/api/v2/tickets.json", { query: { "page[size]": 1 } });
  assert.equal(first.rateLimit.buckets["tickets-index"].total, 100);
  assert.equal(typeof first.rateLimit.buckets["tickets-index"].remaining, "number");
  // The fake seeds 3,000 tickets with ids 1..3000.
  assert.equal(ids.length, 3000);
  assert.equal(new Set(ids).size, 3000);
  assert.equal(pages, 30);
});

test("paginate falls back to next_page for offset pagination, and stops early on break", async () => {
  let count = 0;
  let pages = 0;
  for await (const page of client().paginate("/api/v2/users.json", { query: { per_page: 100, page: 1 } })) {
    pages++;
    count += page.data.users.length;
    if (pages === 1) assert.equal(typeof page.data.next_page, "string");
  }
  const first = await client().get("/api/v2/users.json", { query: { per_page: 1 } });
  assert.equal(count, first.data.count);
  zd.clearLog();
  for await (const page of client().paginate("/api/v2/tickets.json")) {
    assert.ok(page.data.tickets.length > 0);
    break;
  }
  assert.equal(apiLog().length, 1);
});

test("paths must be Zendesk API paths under the base URL", async () => {
  for (const path of ["https://evil.example/api/v2/users.json", "/users.json", "/api/v2/../../__control/log", "//evil.example/api/v2/x"]) {
    await rejects(client().get(path), "INVALID_PATH");
  }
  assert.equal(zd.getLog().length, 0);
  const r = await client().request("get", "api/v2/users/me.json");
  assert.equal(r.status, 200);
});

test("bad configuration fails in the constructor with a coded error", () => {
  const ctor = (o) => {
    try {
      new ZendeskClient(o);
    } catch (e) {
      return e.code;
    }
    return "no error";
  };
  assert.equal(ctor({ subdomain: "evil.example/x#", oauthToken: "abc123abc123" }), "SUBDOMAIN_NOT_ZENDESK_HOST");
  assert.equal(ctor({ oauthToken: "abc123abc123" }), "SUBDOMAIN_MISSING");
  assert.equal(ctor({ subdomain: "acme" }), "NO_CREDENTIALS");
  assert.equal(ctor({ subdomain: "acme", email: admin }), "NO_CREDENTIALS");
  assert.equal(ctor({ subdomain: "acme", oauthToken: "abc123abc123", auth: "api_token" }), "INVALID_OPTION");
  assert.equal(ctor({ subdomain: "acme", oauthToken: "abc123abc123", timeoutMs: "soon" }), "INVALID_OPTION");
  assert.equal(ctor({ baseUrl: "http://proxy.example", oauthToken: "abc123abc123" }), "INVALID_OPTION");
  assert.equal(ctor({ subdomain: "acme", email: admin, password: "x" }), "PASSWORD_AUTH_REMOVED");
  assert.equal(new ZendeskClient({ subdomain: "https://acme.zendesk.com/agent", oauthToken: "abc123abc123" }).baseUrl, "https://acme.zendesk.com");
  // Behind a proxy that adds the credentials, none are needed.
  assert.equal(new ZendeskClient({ baseUrl: base }).authScheme, "none");
});
