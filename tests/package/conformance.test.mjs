// ZendeskClient from the installed package against the shapes recorded Zendesk accounts
// answer with (tests/fake-zendesk/README.md, "Recorded shapes"): incremental exports,
// cursor chains that end differently, links with an explicit :443, 422 details, text
// 429s, the older rate-limit headers, and the package's own proxy answering for itself.
// Expected values come from those shapes and the fake's documented record model, never
// from the client.
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { ZendeskClient } from "zendesk-auth/client";
import { rejectsCoded } from "./coded.mjs";

const { startFakeZendesk, SEED } = await import(`${process.env.ZA_REPO}/tests/fake-zendesk/server.mjs`);

const acme = SEED.acme;
const admin = acme.users.admin.email;
const apiToken = acme.apiTokens[0];
const secrets = [...acme.apiTokens, ...Object.values(acme.oauth).map((o) => o.token)];
let zd, base;

before(async () => {
  zd = await startFakeZendesk({});
  base = zd.accountUrl("acme");
});
after(() => zd.close());
beforeEach(() => zd.reset());

// Held until the next test: a client nobody references may be collected (and its state
// wiped) while one of its page iterators is still going.
let live = [];
beforeEach(() => (live = []));
const client = (extra = {}) => {
  const c = new ZendeskClient({ baseUrl: base, email: admin, apiToken, ...extra });
  live.push(c);
  return c;
};
const log = (apiPath) => zd.getLog({ account: "acme", apiPath });

const rejects = (promise, code) => rejectsCoded(promise, code, secrets);

async function collect(iterator) {
  const pages = [];
  for await (const page of iterator) pages.push(page);
  return pages;
}

// The fake's record model (README, "Incremental exports"): generated tickets were updated
// a minute apart from 2024-01-01T00:00:00Z in id order.
const EPOCH = Date.UTC(2024, 0, 1) / 1000;

test("a cursor export is followed by after_url to end_of_stream, and not past it", async () => {
  zd.configureAccount("acme", { recordCount: { tickets: 250 } });
  const pages = await collect(client().paginate("/api/v2/incremental/tickets/cursor.json", { query: { start_time: EPOCH, per_page: 100 } }));
  const ids = pages.flatMap((p) => p.data.tickets.map((t) => t.id));
  assert.deepEqual(ids, Array.from({ length: 250 }, (_, i) => i + 1));
  assert.deepEqual(pages.map((p) => p.data.end_of_stream), [false, false, true]);
  // The last page still carries an after_url (the place to poll from); it was not fetched.
  assert.equal(typeof pages[2].data.after_url, "string");
  assert.equal(log("/api/v2/incremental/tickets/cursor.json").length, 3);
});

test("a time-based export stops at end_of_stream although next_page is still set", async () => {
  zd.configureAccount("acme", { recordCount: { tickets: 250 } });
  const c = client();
  const pages = await collect(c.paginate("/api/v2/incremental/tickets.json", { query: { start_time: EPOCH, per_page: 100 } }));
  const last = pages.at(-1).data;
  assert.equal(last.end_of_stream, true);
  assert.equal(typeof last.next_page, "string");
  // start_time is inclusive, so each page repeats the previous page's last record:
  // 1..100, 100..199, 199..250.
  assert.deepEqual(pages.map((p) => p.data.tickets.length), [100, 100, 52]);
  assert.equal(last.tickets.at(-1).id, 250);
  assert.equal(log("/api/v2/incremental/tickets.json").length, 3);
  // items() gives each record as Zendesk sent it, duplicates included (documented).
  const items = [];
  for await (const t of c.paginate("/api/v2/incremental/tickets.json", { query: { start_time: EPOCH, per_page: 100 } }).items()) items.push(t.id);
  assert.equal(items.length, 252);
});

test("users are exported by cursor too, with items() finding the records' key", async () => {
  zd.configureAccount("acme", { recordCount: { users: 130 } });
  let n = 0;
  for await (const user of client().paginate("/api/v2/incremental/users/cursor.json", { query: { start_time: EPOCH, per_page: 50 } }).items()) {
    assert.equal(typeof user.email, "string");
    n += 1;
  }
  assert.equal(n, 130);
});

test("a link that repeats ends the chain with PAGINATION_LOOP instead of looping", async () => {
  // Reported: a time-based next_page answered with a page whose next_page is itself.
  const self = "https://acme.zendesk.com/api/v2/incremental/tickets.json?start_time=1704070800&per_page=100";
  const real = globalThis.fetch;
  let calls = 0;
  globalThis.fetch = async () => {
    calls += 1;
    return new Response(JSON.stringify({ tickets: [{ id: 250 }], next_page: self, count: 1 }), { headers: { "content-type": "application/json" } });
  };
  try {
    const c = new ZendeskClient({ subdomain: "acme", oauthToken: acme.oauth.adminReadWrite.token });
    const pages = c.paginate("/api/v2/incremental/tickets.json", { query: { start_time: 1704070800, per_page: 100 } });
    assert.equal((await pages.next()).done, false);
    await rejects(pages.next(), "PAGINATION_LOOP");
    assert.equal(calls, 1);
    c.free();
  } finally {
    globalThis.fetch = real;
  }
});

for (const cursorEnd of ["next-link", "no-next", "empty-page"]) {
  test(`a cursor chain ending as '${cursorEnd}' gives every record once`, async () => {
    zd.configureAccount("acme", { recordCount: { tickets: 250 }, shapes: { cursorEnd } });
    const ids = [];
    const c = client();
    for await (const t of c.paginate("/api/v2/tickets.json").items("tickets")) ids.push(t.id);
    c.free();
    assert.deepEqual(ids, Array.from({ length: 250 }, (_, i) => i + 1));
    assert.equal(log("/api/v2/tickets.json").length, cursorEnd === "empty-page" ? 4 : 3);
  });
}

test("webhook invocations linked with https://acme.zendesk.com:443 are followed to the end (888 records)", async () => {
  const real = globalThis.fetch;
  globalThis.fetch = zd.zendeskFetch;
  try {
    const c = new ZendeskClient({ subdomain: "acme", oauthToken: acme.oauth.adminReadWrite.token });
    let n = 0;
    const pages = c.paginate("/api/v2/webhooks/01GXYZ/invocations");
    for await (const page of pages) {
      if (page.data.links?.next) assert.match(page.data.links.next, /^https:\/\/acme\.zendesk\.com:443\//);
      n += page.data.invocations.length;
    }
    assert.equal(n, 888);
  } finally {
    globalThis.fetch = real;
  }
});

test("items() gives records one by one, by the path's name, a given key, or the only list", async () => {
  zd.configureAccount("acme", { recordCount: { tickets: 250 } });
  const ids = [];
  const c = client();
  for await (const t of c.paginate("/api/v2/tickets.json").items()) ids.push(t.id);
  assert.deepEqual(ids, Array.from({ length: 250 }, (_, i) => i + 1));
  // Stopping early stops the requests: one page for the first 10 records.
  zd.clearLog();
  let n = 0;
  for await (const t of c.paginate("/api/v2/tickets.json").items("tickets")) if (++n === 10 || !t) break;
  assert.equal(log("/api/v2/tickets.json").length, 1);
  const pages = c.paginate("/api/v2/tickets.json");
  await rejects(pages.items("users").next(), "INVALID_OPTION");
  await rejects(c.paginate("/api/v2/tickets.json").items(42).next(), "INVALID_OPTION");
});

test("a 422 keeps Zendesk's field-level details on the error and their reason in the message", async () => {
  const e = await rejects(client().post("/api/v2/users.json", { user: { name: "Ann", email: "badmail" } }), "BAD_REQUEST");
  assert.equal(e.status, 422);
  // The body the fake answers with, as its README documents it.
  assert.deepEqual(e.details, { email: [{ description: "Email: badmail is not properly formatted", error: "InvalidFormat" }] });
  assert.match(e.message, /Zendesk said: RecordInvalid: Record validation errors: Email: badmail is not properly formatted/);
  assert.match(e.zendeskError, /RecordInvalid/);
});

test("a 429 sent as text/plain 'Rate limit exceeded' is RATE_LIMITED with Zendesk's words and the wait", async () => {
  const e = await rejects(client({ retry: { maxRetries: 0 } }).get("/api/v2/users/me.json", { headers: { "X-Fake-Fault": "429-text" } }), "RATE_LIMITED");
  assert.equal(e.status, 429);
  assert.equal(e.zendeskError, "Rate limit exceeded");
  assert.equal(e.retryAfterMs, 1000);
});

test("the account's own text 429 without rate-limit headers, then the retry that succeeds", async () => {
  zd.configureAccount("acme", { rateLimit: { limit: 1, windowMs: 1500 }, shapes: { rateLimitedBody: "text", rateLimitHeaders: "none" } });
  const c = client();
  await c.get("/api/v2/users/me.json");
  const r = await c.get("/api/v2/users/me.json");
  assert.equal(r.status, 200);
  assert.deepEqual(zd.getLog({ account: "acme" }).map((e) => e.status), [200, 429, 200]);
});

test("rate limits are read from the older hyphenated headers too", async () => {
  zd.configureAccount("acme", { shapes: { rateLimitHeaders: "legacy" } });
  const r = await client().get("/api/v2/users/me.json");
  assert.equal(r.rateLimit.limit, 700);
  // An answer with only the hyphenated family (the issue report's names).
  const real = globalThis.fetch;
  globalThis.fetch = async () =>
    new Response('{"user":{"id":1}}', { headers: { "content-type": "application/json", "rate-limit": "400", "rate-limit-remaining": "398", "rate-limit-reset": "17" } });
  try {
    const old = await new ZendeskClient({ subdomain: "acme", oauthToken: acme.oauth.adminReadWrite.token }).get("/api/v2/users/me.json");
    assert.deepEqual(old.rateLimit, { limit: 400, remaining: 398, resetSeconds: 17, buckets: {} });
  } finally {
    globalThis.fetch = real;
  }
});

test("the package's proxy answering for itself keeps its code (not NOT_FOUND or UNAUTHORIZED)", async () => {
  // The shapes of zendesk-auth/edge's own answers: { code, message, hint } with X-Zendesk-Auth-Code.
  const answers = {
    "/api/v2/secret.json": [404, "PATH_NOT_ALLOWED", "This path is not on the proxy's allow-list.", "Allowed: /api/v2/tickets."],
    "/api/v2/users/me.json": [401, "REAUTH_REQUIRED", "Zendesk no longer accepts this session's grant (expired, revoked or already used).", "Send the user to /auth/login to sign in again."],
  };
  const server = createServer((req, res) => {
    const a = answers[new URL(req.url, "http://x").pathname];
    if (!a) {
      res.writeHead(404, { "content-type": "application/json" });
      return res.end('{"error":"InvalidEndpoint","description":"Not found"}');
    }
    res.writeHead(a[0], { "content-type": "application/json; charset=utf-8", "x-zendesk-auth-code": a[1] });
    res.end(JSON.stringify({ code: a[1], message: a[2], hint: a[3] }));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  try {
    const proxied = new ZendeskClient({ baseUrl: `http://127.0.0.1:${server.address().port}` });
    const e = await rejects(proxied.get("/api/v2/secret.json"), "PATH_NOT_ALLOWED");
    assert.equal(e.status, 404);
    assert.equal(e.message, "This path is not on the proxy's allow-list.");
    assert.equal(e.hint, "Allowed: /api/v2/tickets.");
    await rejects(proxied.get("/api/v2/users/me.json"), "REAUTH_REQUIRED");
    // Without the header it is Zendesk's (or anyone's) 404.
    await rejects(proxied.get("/api/v2/other.json"), "NOT_FOUND");
  } finally {
    server.close();
  }
});
