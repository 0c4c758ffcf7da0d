// Self-tests: the fake answers in the shapes public recordings of real Zendesk
// traffic show, by era and by endpoint (README.md, "Recorded shapes", names the
// recording or thread behind each expectation).
//
// Expected values are written out here from those recordings, or computed
// independently (timestamps with Date.UTC, page counts by arithmetic), never
// read from the fake's own modules.
//
// Run: node --test tests/fake-zendesk/

import { after, before, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";

import { startFakeZendesk } from "./server.mjs";
import { SEED, apiTokenAuthorization, bearerAuthorization } from "./seed.mjs";

const acme = SEED.acme;
const ADMIN = apiTokenAuthorization(acme.users.admin.email, acme.apiTokens[0]);
const BEARER = bearerAuthorization(acme.oauth.adminReadWrite.token);
// The fake's generated records start at 2024-01-01T00:00:00Z: tickets one minute apart, users one hour apart.
const EPOCH_SEC = Date.UTC(2024, 0, 1) / 1000;

let zd;
let base;

before(async () => {
  zd = await startFakeZendesk();
  base = zd.accountUrl("acme");
});
after(() => zd.close());
beforeEach(() => zd.reset());

function get(url, auth = ADMIN, init = {}) {
  const target = url.startsWith("http") ? url : base + url;
  const doFetch = target.startsWith("https://") ? zd.zendeskFetch : fetch;
  return doFetch(target, { ...init, headers: { authorization: auth, ...init.headers } });
}

async function json(url, auth) {
  const res = await get(url, auth);
  assert.equal(res.status, 200, url);
  return res.json();
}

function post(path, body, auth = ADMIN) {
  return fetch(base + path, { method: "POST", headers: { authorization: auth, "content-type": "application/json" }, body: JSON.stringify(body) });
}

/** Raw HTTP, to see header lines as sent and to set Host. */
function raw(path, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: zd.port, path, headers, agent: false }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end();
  });
}

const headerLines = (rawHeaders, name) => rawHeaders.filter((_, i) => i % 2 === 0 && rawHeaders[i].toLowerCase() === name).length;

describe("request ids, by era", () => {
  it("sends X-Request-Id twice by default (recordings since about 2019), never X-Zendesk-Request-Id", async () => {
    const res = await get("/api/v2/users/me.json");
    const value = res.headers.get("x-request-id");
    // grouparoo's recording: `6aec353dcb8351d7-SEA`, once as X-Request-Id and once as X-Request-ID.
    assert.match(value, /^([0-9a-f]{16}-SEA), \1$/);
    assert.equal(res.headers.get("x-zendesk-request-id"), null);
    assert.equal(zd.getLog({ account: "acme" })[0].requestId, value.split(", ")[0], "the log holds the id a user would quote");
    const wire = await raw("/acme/api/v2/users/me.json", { authorization: ADMIN });
    assert.equal(headerLines(wire.rawHeaders, "x-request-id"), 2, "two header lines on the wire");
  });

  it("sends it once with requestId: single", async () => {
    zd.configureAccount("acme", { shapes: { requestId: "single" } });
    const res = await get("/api/v2/users/me.json");
    assert.match(res.headers.get("x-request-id"), /^[0-9a-f]{16}-SEA$/);
    assert.equal(res.headers.get("x-zendesk-request-id"), null);
  });

  it("answers as the 2016 recordings with requestId: legacy: X-Zendesk-Request-Id and an unrelated X-Request-Id", async () => {
    zd.configureAccount("acme", { shapes: { requestId: "legacy" } });
    const res = await get("/api/v2/users/me.json");
    const zendeskId = res.headers.get("x-zendesk-request-id");
    const otherId = res.headers.get("x-request-id");
    assert.match(zendeskId, /^[0-9a-f]{20}$/); // `1fcdee3a31262d9d3064` in the recording
    assert.match(otherId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(zd.getLog({ account: "acme" })[0].requestId, zendeskId);
    // Other accounts keep today's shape.
    const team = await fetch(`${zd.accountUrl("team")}/api/v2/users/me.json`);
    assert.equal(team.headers.get("x-zendesk-request-id"), null);
  });

  it("switches era over the control API, refuses unknown shapes, and reset restores the default", async () => {
    const set = (body) => fetch(`${zd.url}/__control/accounts/acme`, { method: "POST", body: JSON.stringify(body) });
    assert.equal((await set({ shapes: { requestId: "legacy" } })).status, 200);
    assert.ok((await get("/api/v2/users/me.json")).headers.get("x-zendesk-request-id"));
    for (const bad of [{ shapes: { requestId: "2015" } }, { shapes: { nope: true } }, { shapes: { cursorOverlap: -1 } }, { shapes: "legacy" }]) {
      const res = await set(bad);
      assert.equal(res.status, 400, JSON.stringify(bad));
      assert.equal((await res.json()).error, "ControlError");
    }
    assert.equal((await fetch(`${zd.url}/__control/accounts/acme`)).status, 200);
    assert.equal((await (await fetch(`${zd.url}/__control/accounts/acme`)).json()).shapes.requestId, "legacy");
    await fetch(`${zd.url}/__control/reset`, { method: "POST" });
    assert.equal((await get("/api/v2/users/me.json")).headers.get("x-zendesk-request-id"), null);
  });

  it("lets a browser read the request id: X-Request-Id is in Access-Control-Expose-Headers", async () => {
    const res = await get("/api/v2/users/me.json", BEARER);
    const exposed = res.headers.get("access-control-expose-headers").split(", ");
    assert.ok(exposed.includes("X-Request-Id"));
    assert.ok(exposed.includes("rate-limit-remaining"));
  });
});

describe("pagination links and chains", () => {
  it("links webhook invocations with the explicit default port: https://acme.zendesk.com:443/... over all 888 records", async () => {
    const first = "https://acme.zendesk.com/api/v2/webhooks/01GZABCDEF/invocations?page[size]=100";
    const ids = [];
    let url = first;
    let pages = 0;
    while (url) {
      assert.ok(pages < 50, "the chain never ends");
      const page = await json(url);
      pages++;
      ids.push(...page.invocations.map((i) => i.id));
      if (page.meta.has_more) assert.ok(page.links.next.startsWith("https://acme.zendesk.com:443/api/v2/webhooks/01GZABCDEF/invocations?page[size]=100&page[after]="), page.links.next);
      url = page.meta.has_more ? page.links.next : null;
    }
    assert.equal(pages, Math.ceil(888 / 100));
    assert.equal(new Set(ids).size, 888);
  });

  it("writes out :80 for a plain-http Host, and leaves a Host that names its port as it is", async () => {
    const plain = await raw("/api/v2/webhooks/01GZ/invocations?page[size]=1", { host: "acme.zendesk.com", authorization: ADMIN });
    assert.ok(JSON.parse(plain.body).links.next.startsWith("http://acme.zendesk.com:80/api/v2/webhooks/01GZ/invocations?"));
    const prefixed = await json("/api/v2/webhooks/01GZ/invocations?page[size]=1");
    assert.ok(prefixed.links.next.startsWith(`${zd.url}/acme/api/v2/webhooks/01GZ/invocations?`), prefixed.links.next);
  });

  it("keeps other lists without a port unless linkPort says otherwise", async () => {
    const list = "https://acme.zendesk.com/api/v2/tickets.json?page[size]=2";
    assert.ok((await json(list)).links.next.startsWith("https://acme.zendesk.com/api/v2/tickets.json?"));
    zd.configureAccount("acme", { shapes: { linkPort: "explicit" } });
    assert.ok((await json(list)).links.next.startsWith("https://acme.zendesk.com:443/api/v2/tickets.json?"));
    zd.configureAccount("acme", { shapes: { linkPort: "implicit" } });
    assert.ok((await json("https://acme.zendesk.com/api/v2/webhooks/01GZ/invocations?page[size]=2")).links.next.startsWith("https://acme.zendesk.com/api/v2/webhooks/"));
  });

  it("leaves links.next out, rather than null, at the end of a chain (cursorEnd: no-next)", async () => {
    zd.configureAccount("acme", { recordCount: { tickets: 3 }, shapes: { cursorEnd: "no-next" } });
    const one = await json("/api/v2/tickets.json?page[size]=2");
    assert.equal(one.meta.has_more, true);
    assert.equal(typeof one.links.next, "string");
    const two = await json(one.links.next);
    assert.deepEqual(two.tickets.map((t) => t.id), [3]);
    assert.equal(two.meta.has_more, false);
    assert.equal("next" in two.links, false);
    assert.equal(typeof two.links.prev, "string");
  });

  it("ends a cursor chain with an empty page (cursorEnd: empty-page)", async () => {
    zd.configureAccount("acme", { recordCount: { tickets: 5 }, shapes: { cursorEnd: "empty-page" } });
    const sizes = [];
    const more = [];
    let page = await json("/api/v2/tickets.json?page[size]=2");
    for (let guard = 0; ; guard++) {
      assert.ok(guard < 50, "the chain never ends");
      sizes.push(page.tickets.length);
      more.push(page.meta.has_more);
      if (!page.meta.has_more) break;
      page = await json(page.links.next);
    }
    assert.deepEqual(sizes, [2, 2, 1, 0]);
    assert.deepEqual(more, [true, true, true, false]);
    assert.deepEqual(page.meta, { has_more: false });
  });

  it("repeats the last record of a page at the start of the next (cursorOverlap: 1)", async () => {
    zd.configureAccount("acme", { recordCount: { tickets: 7 }, shapes: { cursorOverlap: 1 } });
    const pages = [];
    let page = await json("/api/v2/tickets.json?page[size]=3");
    for (let guard = 0; ; guard++) {
      assert.ok(guard < 50, "the chain never ends");
      pages.push(page.tickets.map((t) => t.id));
      if (!page.meta.has_more) break;
      page = await json(page.links.next);
    }
    assert.deepEqual(pages, [[1, 2, 3], [3, 4, 5], [5, 6, 7]]);
  });

  it("adds page, per_page, page_count and facets to offset pages (offsetFields: extended)", async () => {
    const plain = await json("/api/v2/tickets.json?per_page=100");
    assert.deepEqual(Object.keys(plain).sort(), ["count", "next_page", "previous_page", "tickets"]);
    zd.configureAccount("acme", { shapes: { offsetFields: "extended" } });
    const page = await json("/api/v2/tickets.json?per_page=100&page=2");
    assert.equal(page.count, 3000);
    assert.equal(page.page, 2);
    assert.equal(page.per_page, 100);
    assert.equal(page.page_count, 30);
    assert.equal(page.facets, null);
  });
});

describe("incremental exports", () => {
  it("pages a cursor export with after_url/after_cursor to end_of_stream, and answers an empty page past it", async () => {
    zd.configureAccount("acme", { recordCount: { tickets: 25 } });
    const sizes = [];
    let page = await json("/api/v2/incremental/tickets/cursor.json?start_time=0&per_page=10");
    assert.deepEqual(Object.keys(page).sort(), ["after_cursor", "after_url", "before_cursor", "before_url", "end_of_stream", "tickets"]);
    const seen = [];
    for (let guard = 0; ; guard++) {
      assert.ok(guard < 50, "the chain never ends");
      sizes.push(page.tickets.length);
      seen.push(...page.tickets.map((t) => t.id));
      assert.ok(page.after_url.endsWith(`cursor=${page.after_cursor}`), page.after_url);
      assert.ok(page.after_url.startsWith(`${zd.url}/acme/api/v2/incremental/tickets/cursor.json?`));
      if (page.end_of_stream) break;
      page = await json(page.after_url);
    }
    assert.deepEqual(sizes, [10, 10, 5]);
    assert.deepEqual(seen, Array.from({ length: 25 }, (_, i) => i + 1));
    // The end of the stream still names where to poll next.
    const past = await json(page.after_url);
    assert.deepEqual(past.tickets, []);
    assert.equal(past.end_of_stream, true);
    assert.equal(past.after_cursor, page.after_cursor);
    // before_url goes back one page.
    const back = await json(page.before_url);
    assert.deepEqual(back.tickets.map((t) => t.id), [11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
  });

  it("exports users by cursor from start_time, inclusive", async () => {
    // The eleventh user (index 10, id 1011) was created ten hours after the epoch.
    const page = await json(`/api/v2/incremental/users/cursor.json?start_time=${EPOCH_SEC + 10 * 3600}&per_page=3`);
    assert.deepEqual(page.users.map((u) => u.id), [1011, 1012, 1013]);
    assert.equal(page.users[0].generated_timestamp, EPOCH_SEC + 10 * 3600);
    assert.equal(page.end_of_stream, false);
  });

  it("refuses an export without start_time or with an unreadable cursor (400)", async () => {
    for (const path of ["/api/v2/incremental/tickets/cursor.json", "/api/v2/incremental/tickets/cursor.json?cursor=%%%", "/api/v2/incremental/tickets.json"]) {
      const res = await get(path);
      assert.equal(res.status, 400, path);
      assert.equal((await res.json()).error, "InvalidValue");
    }
  });

  it("keeps next_page on the last time-based page, with end_of_stream: true, and that link answers itself", async () => {
    zd.configureAccount("acme", { recordCount: { tickets: 25 } });
    const tsOf = (id) => EPOCH_SEC + id * 60; // ticket n was updated n minutes after the epoch
    const pages = [];
    let url = "/api/v2/incremental/tickets.json?start_time=0&per_page=10";
    let page;
    for (let guard = 0; ; guard++) {
      assert.ok(guard < 50, "the chain never ends");
      page = await json(url);
      pages.push(page.tickets.map((t) => t.id));
      assert.equal(page.count, page.tickets.length);
      assert.equal(page.end_time, tsOf(page.tickets.at(-1).id));
      assert.ok(page.next_page.endsWith(`start_time=${page.end_time}`), page.next_page);
      if (page.end_of_stream) break;
      url = page.next_page;
    }
    // start_time is inclusive: each page begins with the previous page's last ticket.
    assert.deepEqual(pages, [
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      [10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
      [19, 20, 21, 22, 23, 24, 25],
    ]);
    assert.equal(typeof page.next_page, "string");
    const beyond = await json(page.next_page);
    assert.deepEqual(beyond.tickets.map((t) => t.id), [25]);
    assert.equal(beyond.end_of_stream, true);
    const again = await json(beyond.next_page);
    assert.equal(beyond.next_page, again.next_page, "a client that follows next_page now loops");
    assert.deepEqual(again, beyond);
  });
});

describe("errors and rate limits", () => {
  it("answers 422 RecordInvalid with field-level details for a malformed email", async () => {
    const res = await post("/api/v2/users.json", { user: { name: "Bad Mail", email: "badmail" } });
    assert.equal(res.status, 422);
    assert.deepEqual(await res.json(), {
      error: "RecordInvalid",
      description: "Record validation errors",
      details: { email: [{ description: "Email: badmail is not properly formatted", error: "InvalidFormat" }] },
    });
    const noName = await post("/api/v2/users.json", { user: { email: "ok@example.com" } });
    assert.equal(noName.status, 422);
    assert.deepEqual((await noName.json()).details, { name: [{ description: "Name: is too short (minimum is 1 characters)", error: "TooShort" }] });
    const created = await post("/api/v2/users.json", { user: { name: "Good Mail", email: "good@example.com" } });
    assert.equal(created.status, 201);
    const { user } = await created.json();
    assert.equal(created.headers.get("location"), user.url);
    assert.equal(user.email, "good@example.com");
  });

  it("can answer its own 429 as text/plain 'Rate limit exceeded', with or without rate-limit headers", async () => {
    zd.configureAccount("acme", { rateLimit: { limit: 1, windowMs: 60_000 }, shapes: { rateLimitedBody: "text" } });
    assert.equal((await get("/api/v2/users/me.json")).status, 200);
    const limited = await get("/api/v2/users/me.json");
    assert.equal(limited.status, 429);
    assert.match(limited.headers.get("content-type"), /^text\/plain/);
    assert.equal(await limited.text(), "Rate limit exceeded");
    assert.equal(limited.headers.get("x-rate-limit"), "1");
    assert.equal(limited.headers.get("x-rate-limit-remaining"), "0");
    assert.match(limited.headers.get("retry-after"), /^\d+$/);

    zd.configureAccount("acme", { rateLimit: { limit: 1, windowMs: 60_000 }, shapes: { rateLimitHeaders: "none" } });
    await get("/api/v2/users/me.json");
    const bare = await get("/api/v2/users/me.json");
    assert.equal(bare.status, 429);
    assert.equal(await bare.text(), "Rate limit exceeded");
    for (const name of ["x-rate-limit", "x-rate-limit-remaining", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", "rate-limit"]) {
      assert.equal(bare.headers.get(name), null, name);
    }
  });

  it("has a 429-text fault: text/plain, Retry-After, no rate-limit headers", async () => {
    const res = await get("/api/v2/users/me.json", ADMIN, { headers: { "x-fake-fault": "429-text=4" } });
    assert.equal(res.status, 429);
    assert.match(res.headers.get("content-type"), /^text\/plain/);
    assert.equal(await res.text(), "Rate limit exceeded");
    assert.equal(res.headers.get("retry-after"), "4");
    assert.equal(res.headers.get("x-rate-limit"), null);
  });

  it("adds the older hyphenated rate-limit headers (rateLimitHeaders: legacy), with the same counts", async () => {
    const today = await get("/api/v2/users/me.json");
    assert.equal(today.headers.get("rate-limit"), null);
    zd.configureAccount("acme", { shapes: { rateLimitHeaders: "legacy" } });
    const res = await get("/api/v2/users/me.json");
    assert.equal(res.headers.get("rate-limit"), "700"); // Enterprise
    assert.equal(res.headers.get("rate-limit-remaining"), res.headers.get("x-rate-limit-remaining"));
    assert.equal(res.headers.get("rate-limit-reset"), res.headers.get("ratelimit-reset"));
    const reset = Number(res.headers.get("rate-limit-reset"));
    assert.ok(reset >= 1 && reset <= 60, String(reset));
  });

  it("challenges a refused Bearer token with WWW-Authenticate: Bearer realm=..., unless bearerChallenge is off", async () => {
    const expired = bearerAuthorization(acme.oauth.expired.token);
    const res = await get("/api/v2/users/me.json", expired);
    assert.equal(res.status, 401);
    assert.equal(
      res.headers.get("www-authenticate"),
      'Bearer realm="Zendesk::OAuth Bearer Token Authentication", error="invalid_token", error_description="The access token provided is expired, revoked, malformed or invalid for other reasons."',
    );
    zd.configureAccount("acme", { shapes: { bearerChallenge: false } });
    assert.equal((await get("/api/v2/users/me.json", expired)).headers.get("www-authenticate"), null);
    // Basic keeps its own challenge either way.
    const basic = await get("/api/v2/users.json", apiTokenAuthorization(acme.users.admin.email, "A".repeat(40)));
    assert.equal(basic.headers.get("www-authenticate"), 'Basic realm="Web Password"');
  });
});
