// The demo page (www/) in real headless Chromium, driven by playwright-core: the page on
// one origin, the fake Zendesk on another, so CORS is the browser's own. Types bad and good
// credentials and checks what the page shows; writes screenshots to test-results/demo/.
//
// Expected values come from independent sources: the header from Node's Buffer, users and
// limits from the fake's seed, hints from the package's own validate() in Node, statuses
// from the fake's request log, tokens from the fake's token endpoint answers.
//
//   ZA_REPO=$PWD node --test --test-reporter=spec tests/demo/demo.test.mjs   (scripts/test-demo.sh)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { request } from "node:http";
import { mkdir, rm } from "node:fs/promises";
import { createHmac, randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";

const repo = process.env.ZA_REPO ?? fileURLToPath(new URL("../..", import.meta.url));
const { chromium } = await import(`${repo}/tests/node_modules/playwright-core/index.mjs`);
const { startDemo } = await import(`${repo}/www/serve.mjs`);
const { SEED } = await import(`${repo}/tests/fake-zendesk/seed.mjs`);
const za = await import(`${repo}/pkg/node.mjs`);
const zaWebhook = await import(`${repo}/pkg/webhook/index.mjs`);

const shots = `${repo}/test-results/demo`;
const acme = SEED.acme;
const admin = acme.users.admin;
const apiToken = acme.apiTokens[0];
const oauthToken = acme.oauth.adminReadWrite.token;
const badOauthToken = randomBytes(27).toString("hex"); // well-formed, unknown to the fake
const basic = (user, secret) => `Basic ${Buffer.from(`${user}:${secret}`, "utf8").toString("base64")}`;
const apiTokenHeader = basic(`${admin.email}/token`, apiToken);
const passwordStyleHeader = basic(admin.email, apiToken); // the missing-/token mistake

/** Everything that must never reach the console, storage or a screenshot-free log. */
const secrets = [
  ...acme.apiTokens,
  ...Object.values(acme.oauth).map((o) => o.token),
  badOauthToken,
  apiTokenHeader.slice(6),
  passwordStyleHeader.slice(6),
];

/** The hint the package gives for a code, computed in Node: the page must show the same. */
function hintFor(credentials, code) {
  const d = za.validate(credentials).diagnostics.find((x) => x.code === code);
  assert.ok(d, `package gives ${code} for this input`);
  return d.hint;
}

let demo;
let browser;
const consoleLines = [];
const requestUrls = [];

before(async () => {
  await rm(shots, { recursive: true, force: true });
  await mkdir(shots, { recursive: true });
  demo = await startDemo({ port: 0, zendeskPort: 0 });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});
after(async () => {
  await browser?.close();
  await demo?.close();
});

/** A fresh page on the demo (own context: no state shared between tests). */
async function open({ width = 1024, height = 900, clipboard = false, initScript } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  if (clipboard) await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(demo.url).origin });
  const page = await context.newPage();
  page.on("console", (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => consoleLines.push(`pageerror: ${e.message}`));
  page.on("request", (r) => requestUrls.push(r.url()));
  if (initScript) await page.addInitScript(initScript);
  await page.goto(demo.url);
  await page.waitForSelector("html[data-ready=true]");
  page.close = ((close) => async () => {
    await close.call(page);
    await context.close();
  })(page.close);
  return page;
}

const field = (page, label) => page.getByLabel(label, { exact: true });
const text = (page, selector) => page.locator(selector).innerText();
const shot = (page, name, fullPage = true) => page.screenshot({ path: `${shots}/${name}.png`, fullPage });

/** The text of everything an input's aria-describedby points at. */
function describedBy(page, id) {
  return page.evaluate((id) => {
    const ids = (document.getElementById(id).getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean);
    return ids.map((x) => document.getElementById(x)?.textContent ?? "").join(" ");
  }, id);
}

async function testConnection(page) {
  await page.getByRole("button", { name: "Test connection" }).click();
  await page.locator("#test-result .outcome").waitFor();
  return text(page, "#test-result");
}

/** The fake's record of the connection test's GET (the browser's CORS preflight left out). */
const connectionLog = () => demo.fake.getLog().filter((l) => l.method === "GET" && l.apiPath?.startsWith("/api/v2/users/me"));

/** A GET with a Host header of our choosing (fetch does not let one set it). */
function getWithHost(url, host) {
  return new Promise((resolve, reject) => {
    request(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode);
    }).on("error", reject).end();
  });
}

/** Every visible text whose contrast with its background is under 4.5:1 (runs in the page). */
function contrastCheck() {
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const over = (top, under) => ({
    r: top.r * top.a + under.r * (1 - top.a), g: top.g * top.a + under.g * (1 - top.a), b: top.b * top.a + under.b * (1 - top.a), a: 1,
  });
  const lum = ({ r, g, b }) => {
    const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    const layers = [];
    for (let n = el; n; n = n.parentElement) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c && c.a > 0) {
        layers.push(c);
        if (c.a >= 1) break;
      }
    }
    return layers.reverse().reduce((under, top) => over(top, under), { r: 255, g: 255, b: 255, a: 1 });
  };
  const found = [];
  let count = 0;
  for (const el of document.querySelectorAll("body *")) {
    if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
    const rect = el.getBoundingClientRect();
    if (!rect.width || !rect.height || el.closest("[hidden], .visually-hidden, .skip")) continue;
    count++;
    const bg = background(el);
    const fg = over(parse(getComputedStyle(el).color), bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    if (ratio < 4.5) found.push(`${el.tagName.toLowerCase()}.${el.className} "${el.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}`);
  }
  return { problems: found, checked: count };
}

// ---- the server ---------------------------------------------------------------------------

test("serve.mjs: free ports, one JSON line on stdout, URL and demo credentials printed", async () => {
  const child = spawn(process.execPath, [`${repo}/www/serve.mjs`, "--port", "0", "--zendesk-port", "0", "--quiet"], { stdio: ["ignore", "pipe", "pipe"] });
  try {
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const deadline = Date.now() + 10_000;
    while (!err.includes("Ctrl-C") && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
    const lines = out.trim().split("\n");
    assert.equal(lines.length, 1, `exactly one line on stdout: ${out}`);
    const { demo: url, fakeZendesk } = JSON.parse(lines[0]);
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.match(fakeZendesk, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(new URL(url).origin, new URL(fakeZendesk).origin);
    for (const expected of [url, admin.email, apiToken, oauthToken, "examples/edge-worker/"]) assert.ok(err.includes(expected), `prints ${expected}`);

    const page = await fetch(url);
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-security-policy"), new RegExp(`connect-src 'self' ${fakeZendesk} https://\\*\\.zendesk\\.com;`));
    assert.equal((await fetch(`${url}pkg/browser.mjs`)).status, 200);
    const config = await (await fetch(`${url}config.json`)).json();
    assert.equal(config.fake.url, fakeZendesk);
    for (const path of ["pkg/..%2f..%2fCargo.toml", "..%2fCargo.toml", "%2e%2e/Cargo.toml", "/Cargo.toml", "serve.mjs", "%E0%A4%A"]) {
      assert.equal((await fetch(`${url}${path}`)).status, 404, path);
    }
    assert.equal(await getWithHost(url, "rebound.example"), 421, "a foreign Host (DNS rebinding) is refused");
    assert.equal(await getWithHost(url, `localhost:${new URL(url).port}`), 200);
    // The proxy forwards its allow-list only, GET only.
    assert.equal((await fetch(`${url}zendesk-proxy/api/v2/users/me.json`)).status, 200);
    assert.equal((await fetch(`${url}zendesk-proxy/api/v2/tickets/1/comments.json`)).status, 403);
    assert.equal((await fetch(`${url}zendesk-proxy/api/v2/tickets.json`, { method: "POST", body: "{}" })).status, 405);
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
  }
});

// ---- the form -----------------------------------------------------------------------------

test("every control is labelled, diagnostics are linked to their input, and the page starts calm", async () => {
  const page = await open();
  for (const label of ["Subdomain", "Email", "API token", "OAuth token"]) await field(page, label).waitFor();
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll("input, textarea, button, select")]
      .filter((el) => !(el.labels?.length || el.getAttribute("aria-label") || (el.tagName === "BUTTON" && el.textContent.trim())))
      .map((el) => el.outerHTML),
  );
  assert.deepEqual(unlabelled, []);
  for (const id of ["subdomain", "email", "apiToken", "oauthToken"]) {
    const ids = await page.getAttribute(`#${id}`, "aria-describedby");
    assert.ok(ids.split(" ").includes(`${id}-diagnostics`), `${id} is described by its diagnostics`);
  }
  assert.equal(await page.locator(".diagnostic").count(), 0, "no error before anything was typed");
  assert.equal(await page.locator('input[name="target"][value="fake"]').isChecked(), true, "the fake is the default target");
  assert.match(await text(page, "#target-note"), new RegExp(demo.fake.url.replaceAll(".", "\\.")));
  await shot(page, "01-start");
  await page.close();
});

test("a pasted URL shows SUBDOMAIN_WAS_URL with its hint and the normalized acme, as it is typed", async () => {
  const page = await open();
  const pasted = "https://acme.zendesk.com/agent/tickets/1";
  await field(page, "Subdomain").pressSequentially(pasted);
  const shown = await text(page, "#subdomain-diagnostics");
  assert.match(shown, /SUBDOMAIN_WAS_URL/);
  assert.ok(shown.includes(hintFor({ subdomain: pasted }, "SUBDOMAIN_WAS_URL")), "with its hint");
  const normalized = await text(page, "#subdomain-normalized");
  assert.match(normalized, /Normalized: acme\b/);
  assert.match(normalized, /https:\/\/acme\.zendesk\.com/);
  assert.match(await describedBy(page, "subdomain"), /SUBDOMAIN_WAS_URL/, "reachable through aria-describedby");
  await page.close();
});

test("a smart quote in the API token shows API_TOKEN_INVISIBLE_CHAR under that field, with its hint", async () => {
  const page = await open();
  const quoted = `${apiToken}\u201d`;
  await field(page, "Subdomain").fill("acme");
  await field(page, "Email").fill(admin.email);
  await field(page, "API token").fill(quoted);
  const shown = await text(page, "#apiToken-diagnostics");
  assert.match(shown, /API_TOKEN_INVISIBLE_CHAR/);
  assert.ok(shown.includes(hintFor({ email: admin.email, apiToken: quoted }, "API_TOKEN_INVISIBLE_CHAR")), "with its hint");
  assert.equal(await page.getAttribute("#apiToken", "aria-invalid"), "true");
  for (const other of ["subdomain", "email", "oauthToken", "general"]) {
    assert.doesNotMatch(await page.locator(`#${other}-diagnostics`).textContent(), /INVISIBLE_CHAR/, `not under ${other}`);
  }
  assert.match(await text(page, "#scheme-line"), /Not built yet \(API token\).*API_TOKEN_INVISIBLE_CHAR/s);
  assert.equal(await page.locator("#output").isVisible(), false, "no header from a broken token");
  assert.ok(await page.locator("#retirement").isVisible(), "the retirement notice shows with an API token, built or not");
  assert.match(await text(page, "#retirement"), /API tokens stop working on 2027-04-30/);
  await field(page, "OAuth token").fill("Bearer abc def");
  await page.locator("#oauthToken").blur();
  await shot(page, "02-diagnostics");
  await page.close();
});

test("Clear, then one click on Fill in the demo account fills the form (no diagnostic jumps in between)", async () => {
  const page = await open();
  await field(page, "Subdomain").fill("acme");
  await field(page, "Email").fill(admin.email);
  await page.getByRole("button", { name: "Clear" }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), "subdomain", "Clear leaves the cursor in Subdomain");
  const fill = page.getByRole("button", { name: "Fill in the demo account" });
  const before = await fill.boundingBox();
  // One real click (mouse down, up) on the button: the blur of Subdomain happens on mouse down.
  await fill.click();
  assert.equal(await field(page, "Subdomain").inputValue(), "acme", "filled by the first click");
  assert.equal(await field(page, "Email").inputValue(), admin.email);
  assert.equal(await field(page, "API token").inputValue(), apiToken);
  assert.equal(await field(page, "OAuth token").inputValue(), oauthToken);
  assert.equal(await page.locator(".diagnostic.error").count(), 0, "no error for the demo account");
  assert.match(await text(page, "#header-value"), /^Bearer \*{8}/);

  // Clear again and leave the empty field by clicking elsewhere: no "missing" error, nothing moves.
  await page.getByRole("button", { name: "Clear" }).click();
  await page.locator("#credentials-h").click();
  assert.equal(await page.locator(".diagnostic").count(), 0, "leaving an untouched empty field raises nothing");
  assert.deepEqual(await fill.boundingBox(), before, "the button stays where the pointer found it");
  // A field typed in and then left still says what is missing.
  await field(page, "Subdomain").fill("x");
  await field(page, "Subdomain").fill("");
  await page.locator("#credentials-h").click();
  assert.match(await text(page, "#subdomain-diagnostics"), /SUBDOMAIN_MISSING/);
  await page.close();
});

// ---- the header -----------------------------------------------------------------------------

test("the header is masked until revealed, then equals Basic base64(email/token:TOKEN); curl and fetch follow", async () => {
  const page = await open();
  await field(page, "Subdomain").fill("acme");
  await field(page, "Email").fill(admin.email);
  await field(page, "API token").fill(apiToken);
  const masked = { header: await text(page, "#header-value"), curl: await text(page, "#curl-value"), fetch: await text(page, "#fetch-value") };
  for (const [name, value] of Object.entries(masked)) {
    assert.ok(!secrets.some((s) => value.includes(s)), `${name} is masked: ${value}`);
    assert.match(value, /\*{8}/, `${name} shows the mask`);
  }
  assert.match(masked.header, /^Basic \*{8}/);
  assert.ok(masked.curl.includes(`-u '${admin.email}/token:********${apiToken.slice(-4)}'`), masked.curl);
  assert.ok(await page.locator("#retirement").isVisible());
  assert.match(await text(page, "#retirement"), /API tokens stop working on 2027-04-30/);
  await shot(page, "03-header-masked");

  await page.getByRole("button", { name: "Reveal" }).click();
  assert.equal(await text(page, "#header-value"), apiTokenHeader);
  assert.ok((await text(page, "#curl-value")).includes(`-u '${admin.email}/token:${apiToken}'`));
  assert.ok((await text(page, "#fetch-value")).includes(`Authorization: "${apiTokenHeader}"`));
  await page.getByRole("button", { name: "Hide", exact: true }).click();
  assert.equal(await text(page, "#header-value"), masked.header, "masked again");

  // An OAuth token wins when both are given, and is masked the same way.
  await field(page, "OAuth token").fill(oauthToken);
  assert.equal(await text(page, "#header-value"), `Bearer ********${oauthToken.slice(-4)}`);
  assert.match(await text(page, "#scheme-line"), /API token is not used/);
  await page.close();
});

test("Copy puts the full header on the clipboard; a refused clipboard is explained", async () => {
  const page = await open({ clipboard: true });
  await field(page, "Email").fill(admin.email);
  await field(page, "API token").fill(apiToken);
  await page.getByRole("button", { name: "Copy header" }).click();
  await page.locator("#copy-status:not(:empty)").waitFor();
  assert.match(await text(page, "#copy-status"), /Copied the Authorization header/);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), apiTokenHeader);
  await page.close();

  const refusing = await open({
    initScript: () => {
      Object.defineProperty(navigator, "clipboard", { value: { writeText: () => Promise.reject(new DOMException("denied", "NotAllowedError")) } });
    },
  });
  await field(refusing, "Email").fill(admin.email);
  await field(refusing, "API token").fill(apiToken);
  await refusing.getByRole("button", { name: "Copy curl command" }).click();
  await refusing.locator("#copy-status:not(:empty)").waitFor();
  assert.match(await text(refusing, "#copy-status"), /Could not copy.*Reveal/);
  await refusing.close();
});

// ---- the inspector --------------------------------------------------------------------------

test("the inspector on a header without /token shows HEADER_MISSING_TOKEN_SUFFIX and the masked secret", async () => {
  const page = await open();
  const inspector = page.getByLabel("Authorization header or curl -u string");
  await inspector.fill(passwordStyleHeader);
  const shown = await text(page, "#inspect-result");
  assert.match(shown, /HEADER_MISSING_TOKEN_SUFFIX/);
  assert.ok(shown.includes(admin.email), "shows the email");
  assert.ok(shown.includes(`********${apiToken.slice(-4)}`), "shows the masked secret");
  assert.ok(!shown.includes(apiToken), "never the secret itself");
  await shot(page, "04-inspector");

  await inspector.fill(`curl https://acme.zendesk.com/api/v2/users/me.json -u ${admin.email}/token:${apiToken}`);
  const curl = await text(page, "#inspect-result");
  assert.match(curl, /api_token/);
  assert.doesNotMatch(curl, /HEADER_MISSING_TOKEN_SUFFIX/);
  await page.close();
});

// ---- test connection ------------------------------------------------------------------------

test("Test connection with the OAuth token shows the admin user, scheme oauth and the rate-limit numbers", async () => {
  demo.fake.reset();
  const page = await open();
  await field(page, "Subdomain").fill("acme");
  await field(page, "OAuth token").fill(oauthToken);
  const shown = await testConnection(page);
  assert.match(shown, /Connected as Ada Admin/);
  assert.ok(shown.includes(admin.email));
  assert.match(shown, /Scheme\s+oauth/);
  // The first counted request of a fresh window on an Enterprise account (limit 700).
  assert.match(shown, /699 of 700 requests left this minute, window resets in \d+ s/);
  const log = connectionLog();
  assert.equal(log.length, 1);
  assert.equal(log[0].authScheme, "bearer");
  await shot(page, "05-connection-ok");
  await page.close();
});

test("Test connection with only an API token shows CORS_REQUIRES_OAUTH and its hint, and sends nothing", async () => {
  demo.fake.reset();
  const page = await open();
  await field(page, "Subdomain").fill("acme");
  await field(page, "Email").fill(admin.email);
  await field(page, "API token").fill(apiToken);
  const shown = await testConnection(page);
  assert.match(shown, /CORS_REQUIRES_OAUTH/);
  assert.match(shown, /Use an OAuth access token in the browser, or send requests through a same-origin proxy/);
  assert.equal(demo.fake.getLog().length, 0, "no request reached the fake");
  await shot(page, "06-connection-cors");
  await page.close();
});

test("Test connection with a bad OAuth token shows UNAUTHORIZED with its hint", async () => {
  demo.fake.reset();
  const page = await open();
  await field(page, "Subdomain").fill("acme");
  await field(page, "OAuth token").fill(badOauthToken);
  const shown = await testConnection(page);
  assert.match(shown, /UNAUTHORIZED/);
  assert.match(shown, /Status\s+401/);
  assert.match(shown, /Refresh the access token/);
  assert.match(shown, /Request id\s+[0-9a-f]{16}-[A-Z]{3}\s/);
  assert.equal(connectionLog()[0]?.status, 401);
  await shot(page, "07-connection-unauthorized");
  await page.close();
});

/** What the page must say for a Bearer request without a readable answer, and must not. */
function assertBearerNetworkHelp(shown) {
  assert.match(shown, /NETWORK/);
  assert.match(shown, /No readable answer to the OAuth request/);
  assert.match(shown, /sent as Bearer/);
  assert.match(shown, /refused the request with 429 or 403/);
  assert.match(shown, /carry no CORS headers/);
  assert.match(shown, /The subdomain is wrong/);
  // Advice for API tokens does not fit a request that sent an OAuth token.
  assert.doesNotMatch(shown, /API.token|same-origin proxy|Basic/i);
}

test("a Bearer request answered 403 without CORS headers lists the causes that fit, not API-token advice", async () => {
  demo.fake.reset();
  const page = await open();
  await field(page, "Subdomain").fill("acme");
  // A real token of the acme admin, granted only tickets:read: /users/me needs read, so Zendesk says 403.
  await field(page, "OAuth token").fill(acme.oauth.adminTicketsRead.token);
  const shown = await testConnection(page);
  assertBearerNetworkHelp(shown);
  assert.match(shown, /Check that make demo is still running/, "online: the connection itself is one cause");
  assert.doesNotMatch(shown, /offline/i, "the browser is online");
  const log = connectionLog();
  assert.ok(log.length >= 1 && log.every((l) => l.status === 403 && l.authScheme === "bearer"), JSON.stringify(log));
  const { problems } = await page.evaluate(contrastCheck);
  assert.deepEqual(problems, []);
  await shot(page, "12-bearer-403");
  await page.close();
});

test("a Bearer request answered 429 without CORS headers gets the same explanation", async () => {
  demo.fake.reset();
  demo.fake.enqueueFault("acme", { fault: "429-retry-after=1", count: 5, method: "GET", path: "/api/v2/users/me.json" });
  const page = await open();
  await field(page, "Subdomain").fill("acme");
  await field(page, "OAuth token").fill(oauthToken);
  const shown = await testConnection(page);
  assertBearerNetworkHelp(shown);
  const log = connectionLog();
  assert.ok(log.length >= 1 && log.every((l) => l.status === 429), JSON.stringify(log));
  demo.fake.reset();
  await page.close();
});

test("a Bearer request to an unknown subdomain, and one while offline, say what fits each", async () => {
  demo.fake.reset();
  const page = await open();
  await field(page, "Subdomain").fill("nosuchaccount");
  await field(page, "OAuth token").fill(oauthToken);
  const wrong = await testConnection(page);
  assertBearerNetworkHelp(wrong);
  assert.match(wrong, /accounts acme, team and tokenoff/);
  const unknown = demo.fake.getLog().filter((l) => l.path?.includes("/nosuchaccount/"));
  assert.ok(unknown.length >= 1 && unknown.every((l) => l.status === 404), JSON.stringify(unknown));

  demo.fake.reset();
  await field(page, "Subdomain").fill("acme");
  await page.context().setOffline(true);
  const offline = await testConnection(page);
  assertBearerNetworkHelp(offline);
  const causes = await page.locator("#test-result .causes li").allInnerTexts();
  assert.match(causes[0], /^This browser is offline\. Reconnect/, `offline comes first: ${causes.join(" | ")}`);
  assert.ok(!causes.some((c) => /make demo is still running/.test(c)), "not the server, when the browser knows it is offline");
  // (Chromium still lets the CORS preflight out: it is not the request the page made.)
  assert.deepEqual(connectionLog(), [], "the request did not leave the browser");
  await shot(page, "13-bearer-offline");
  await page.context().setOffline(false);
  await page.close();
});

test("through the same-origin proxy the page sends no credential and the client's scheme is none", async () => {
  demo.fake.reset();
  const page = await open();
  const sent = [];
  page.on("request", (r) => sent.push({ url: r.url(), authorization: r.headers().authorization }));
  await page.getByLabel("Same-origin proxy holding an API token").check();
  await field(page, "OAuth token").fill(badOauthToken); // typed, but not what the proxy test uses
  const shown = await testConnection(page);
  assert.match(shown, /Connected as Ada Admin/);
  assert.match(shown, /Scheme\s+none/);
  const toProxy = sent.filter((r) => r.url.includes("/zendesk-proxy/"));
  assert.equal(toProxy.length, 1);
  assert.equal(toProxy[0].authorization, undefined);
  assert.equal(connectionLog()[0].authScheme, "basic", "the proxy added the API token");
  await shot(page, "08-connection-proxy");
  await page.close();
});

test("the My Zendesk target explains CORS, points at the edge-worker proxy, and refuses an API token before sending", async () => {
  const page = await open();
  await page.getByLabel(/My Zendesk/).check();
  await field(page, "Subdomain").fill("https://acme.zendesk.com");
  await field(page, "Email").fill(admin.email);
  await field(page, "API token").fill(apiToken);
  const note = await text(page, "#target-note");
  assert.match(note, /https:\/\/acme\.zendesk\.com/);
  assert.match(note, /CORS headers only for OAuth/);
  assert.match(note, /examples\/edge-worker\//);
  assert.ok((await text(page, "#curl-value")).includes("'https://acme.zendesk.com/api/v2/users/me.json'"));
  const before = requestUrls.length;
  const shown = await testConnection(page);
  assert.match(shown, /CORS_REQUIRES_OAUTH/);
  assert.ok(!requestUrls.slice(before).some((u) => u.includes("zendesk.com")), "nothing sent to zendesk.com");
  await shot(page, "09-my-zendesk");
  await page.close();
});

// ---- accessibility and layout ---------------------------------------------------------------

test("keyboard: every control is reachable with Tab, focus is visible, Space toggles the token", async () => {
  const page = await open();
  await field(page, "Email").fill(admin.email);
  await field(page, "API token").fill(apiToken);
  await page.evaluate(() => document.activeElement.blur());
  const order = [];
  for (let i = 0; i < 45; i++) {
    await page.keyboard.press("Tab");
    order.push(await page.evaluate(() => {
      const el = document.activeElement;
      return el.id || el.getAttribute("aria-label") || el.textContent.trim();
    }));
  }
  for (const expected of ["subdomain", "email", "apiToken", "Show API token", "oauthToken", "Show OAuth token", "reveal", "Copy header", "test", "inspect-input",
    "webhook-example", "webhook-headers", "webhook-body", "webhook-secret", "Show signing secret", "webhook-allow-test", "webhook-as-of"]) {
    assert.ok(order.includes(expected), `${expected} reachable: ${order.join(", ")}`);
  }
  assert.ok(order.indexOf("subdomain") < order.indexOf("email") && order.indexOf("email") < order.indexOf("apiToken"), "in reading order");

  await page.focus("#apiToken");
  const outline = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
  });
  assert.notEqual(outline.style, "none");
  assert.ok(outline.width >= 2, "a focus ring at least 2px wide");

  await page.keyboard.press("Tab"); // to "Show API token"
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("aria-label")), "Show API token");
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(ring, "none", "buttons show focus too");
  await page.keyboard.press("Space");
  assert.equal(await page.getAttribute("#apiToken", "type"), "text");
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("aria-label")), "Hide API token");
  await page.keyboard.press("Space");
  assert.equal(await page.getAttribute("#apiToken", "type"), "password");
  await page.close();
});

test("at 1280x900 Credentials and the results share one screen, in two columns; the inspector is one link away", async () => {
  demo.fake.reset();
  const page = await open({ width: 1280, height: 900 });
  const box = (selector) => page.locator(selector).boundingBox();
  const height = () => page.evaluate(() => document.documentElement.scrollHeight);
  const start = await height();
  // Reading order: Credentials first, then the results, then the rest.
  assert.deepEqual(await page.locator("main h2").allInnerTexts(),
    ["Credentials", "Test connection", "Authorization header", "OAuth (PKCE)", "Header inspector", "Webhook signature"]);

  await page.getByRole("button", { name: "Fill in the demo account" }).click();
  const filled = await height();
  const [credentials, results, testButton, header, inspector] = await Promise.all(
    ["#credentials-card", "#test-card", "#test", "#header-value", "#inspector-card"].map(box));
  assert.ok(results.x >= credentials.x + credentials.width, "the results sit beside Credentials");
  assert.ok(Math.abs(results.y - credentials.y) < 2, "both columns start at the same height");
  for (const [name, b] of Object.entries({ credentials, testButton, header })) {
    assert.ok(b.y + b.height <= 900, `${name} ends at ${b.y + b.height}px, inside the first screen`);
  }
  assert.ok(Math.abs(inspector.x - credentials.x) < 2 && inspector.y - (credentials.y + credentials.height) < 40, "the inspector comes right under Credentials");
  await testConnection(page);
  const outcome = await box("#test-result .outcome");
  assert.ok(outcome.y + outcome.height <= 900, `the connection result ends at ${outcome.y + outcome.height}px, inside the first screen`);
  const tested = await height();
  // One column with Target on top made it 2,950px on load.
  assert.ok(start < 2000, `the page is ${start}px tall on load`);
  console.log(`# page height at 1280x900: ${start}px on load, ${filled}px with the demo account, ${tested}px once tested`);
  await shot(page, "15-wide-1280", false);

  // The links at the top reach every card; the inspector's puts the focus on it.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await page.getByRole("link", { name: "Header inspector" }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), "inspect-h");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "inspect-input", "one Tab from the link to the inspector's input");
  await page.close();
});

test("every visible text has a contrast of at least 4.5:1", async () => {
  demo.fake.reset();
  const page = await open();
  await field(page, "Subdomain").fill("https://ACME.zendesk.com");
  await field(page, "Email").fill(` ${admin.email}`);
  await field(page, "API token").fill(`${apiToken}\u201d`);
  await field(page, "OAuth token").fill(badOauthToken);
  await testConnection(page);
  await page.getByLabel("Authorization header or curl -u string").fill(passwordStyleHeader);
  const { problems, checked } = await page.evaluate(contrastCheck);
  assert.ok(checked > 80, `checked ${checked} texts`);
  assert.deepEqual(problems, []);
  await page.close();
});

test("at 360px wide nothing scrolls sideways", async () => {
  demo.fake.reset();
  const page = await open({ width: 360, height: 740 });
  await field(page, "Subdomain").fill("https://acme.zendesk.com/agent/tickets/1");
  await field(page, "Email").fill(admin.email);
  await field(page, "API token").fill(apiToken);
  await field(page, "OAuth token").fill(oauthToken);
  await testConnection(page);
  await page.getByLabel("Authorization header or curl -u string").fill(passwordStyleHeader);
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  assert.ok(widths.scroll <= widths.client, `scrollWidth ${widths.scroll} > ${widths.client}`);
  const overflowing = await page.evaluate(() =>
    [...document.querySelectorAll("main *")].filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5).map((el) => el.tagName + "#" + el.id),
  );
  assert.deepEqual(overflowing, []);
  await shot(page, "10-narrow-360");
  await page.close();
});

// ---- OAuth (PKCE) ---------------------------------------------------------------------------

const publicClientId = acme.oauthClients.public.identifier;
const storageCounts = (page) =>
  page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length, cookie: document.cookie }));

/**
 * Watches a page for the OAuth round trip: its top-level navigations, and the tokens the
 * fake issues (read from the token endpoint's answers, so the test can prove they never
 * show up in full). Every token seen is added to `secrets`, which the last test checks too.
 */
function watchOAuth(page) {
  const seen = { navigations: [], tokens: [], reading: [] };
  page.on("request", (r) => {
    if (r.isNavigationRequest() && r.frame() === page.mainFrame()) seen.navigations.push(r.url());
  });
  page.on("response", (r) => {
    if (!r.url().endsWith("/oauth/tokens") || r.status() !== 200) return;
    seen.reading.push(
      r.json().then((body) => {
        const pair = { access: body.access_token, refresh: body.refresh_token };
        seen.tokens.push(pair);
        secrets.push(pair.access, pair.refresh);
      }),
    );
  });
  seen.settled = () => Promise.all(seen.reading);
  return seen;
}

/** Presses the button and waits for the page to come back from the fake and finish. */
async function signIn(page) {
  await page.getByRole("button", { name: "Sign in with Zendesk (PKCE)" }).click();
  await page.waitForSelector("#oauth-outcome", { timeout: 20_000 });
  return text(page, "#oauth-result");
}

test("config.json names the fake's public OAuth client, and /oauth/callback serves the page", async () => {
  const config = await (await fetch(`${demo.url}config.json`)).json();
  assert.deepEqual(config.oauth, {
    account: "acme",
    baseUrl: demo.fake.accountUrl("acme"),
    clientId: publicClientId,
    scopes: "read",
    callbackPath: "/oauth/callback",
  });
  const callback = await fetch(`${demo.url}oauth/callback?code=x&state=y`);
  assert.equal(callback.status, 200);
  assert.ok(callback.headers.get("content-security-policy"));
  assert.equal(await callback.text(), await (await fetch(demo.url)).text(), "the same page");
});

test("OAuth (PKCE): to the fake's authorization page and back, verify() as the admin with scheme oauth, Refresh now rotates", async () => {
  demo.fake.reset();
  const page = await open();
  const watch = watchOAuth(page);
  const consoleBefore = consoleLines.length;
  assert.equal(await field(page, "Client id").inputValue(), publicClientId, "prefilled from /config.json");
  assert.equal(await field(page, "Scopes").inputValue(), "read");
  assert.match(await text(page, "#oauth"), /2027-04-30/);
  assert.match(await text(page, "#oauth-real"), /Admin Center.*redirect/s);

  const shown = await signIn(page);
  await watch.settled();

  // The round trip: the page, the fake's authorization URL, the callback on the page.
  const redirectUri = `${demo.url}oauth/callback`;
  const [authorize, callback] = watch.navigations.slice(-2).map((u) => new URL(u));
  assert.equal(`${authorize.origin}${authorize.pathname}`, `${demo.fake.accountUrl("acme")}/oauth/authorizations/new`);
  const asked = Object.fromEntries(authorize.searchParams);
  assert.equal(asked.client_id, publicClientId);
  assert.equal(asked.redirect_uri, redirectUri);
  assert.equal(asked.scope, "read");
  assert.equal(asked.code_challenge_method, "S256");
  assert.match(asked.code_challenge, /^[A-Za-z0-9_-]{43}$/);
  assert.ok(!("code_verifier" in asked), "the verifier never travels in the URL");
  assert.equal(`${callback.origin}${callback.pathname}`, redirectUri);
  assert.equal(callback.searchParams.get("state"), asked.state);
  assert.ok(callback.searchParams.get("code"));
  assert.equal(page.url(), demo.url, "the code is gone from the address bar");

  // What the page shows.
  assert.match(shown, /Signed in with OAuth as Ada Admin/);
  assert.ok(shown.includes(admin.email), shown);
  assert.match(shown, /Scheme\s+oauth/);
  assert.match(shown, /Scope\s+read/);
  assert.match(shown, /Access token\s+\*{8}\S{4} expires \d{1,2}:\d{2}:\d{2}.*\(in (29|30) min\)/);
  assert.equal(watch.tokens.length, 1);
  const first = watch.tokens[0];
  assert.match(shown, new RegExp(`Refresh token\\s+\\*{8}${first.refresh.slice(-4)}`));
  assert.equal(await page.evaluate(() => document.activeElement?.id), "oauth-outcome", "focus moves to the result");
  assert.match(await text(page, "#oauth-status"), /Signed in with OAuth as Ada Admin/);
  const stats = demo.fake.oauthStats("acme");
  assert.equal(stats.authorizations.approved, 1);
  assert.equal(stats.tokenRequests.authorization_code, 1);
  const verified = connectionLog();
  assert.equal(verified.length, 1);
  assert.equal(verified[0].authScheme, "bearer");
  assert.deepEqual(await storageCounts(page), { local: 0, session: 0, cookie: "" }, "state and verifier removed");

  // Refresh now: a new pair, the new refresh token shown masked, exactly one refresh at the fake.
  await page.getByRole("button", { name: "Refresh now" }).click();
  await page.locator("#oauth-refresh-note.fine").waitFor();
  await watch.settled();
  assert.equal(watch.tokens.length, 2);
  const second = watch.tokens[1];
  assert.notEqual(second.refresh, first.refresh);
  const refreshed = await text(page, "#oauth-result");
  const maskedFirst = `********${first.refresh.slice(-4)}`;
  const maskedSecond = `********${second.refresh.slice(-4)}`;
  // Masks keep 4 hex characters: two 64-hex tokens share them once in 65,536 runs.
  if (first.refresh.slice(-4) !== second.refresh.slice(-4)) assert.notEqual(maskedSecond, maskedFirst, "the masked tokens differ");
  assert.match(refreshed, new RegExp(`Refresh token\\s+${maskedSecond.replaceAll("*", "\\*")}`));
  assert.ok(refreshed.includes(`new refresh token ${maskedSecond} replaces ${maskedFirst}`), refreshed);
  assert.equal(demo.fake.oauthStats("acme").tokenRequests.refresh_token, 1);
  assert.equal(demo.fake.getLog({ grantType: "refresh_token" }).length, 1);
  assert.equal(await page.evaluate(() => document.activeElement?.id), "oauth-refresh", "focus stays on the button");

  // Never a token in full: not on the page, not in its markup, not in the console.
  const html = await page.content();
  const all = watch.tokens.flatMap((t) => [t.access, t.refresh]);
  assert.deepEqual(all.filter((t) => html.includes(t)), [], "a token in the page");
  const leaked = consoleLines.slice(consoleBefore).filter((line) => all.some((t) => line.includes(t)));
  assert.deepEqual(leaked, [], "console lines holding a token");
  assert.deepEqual(await storageCounts(page), { local: 0, session: 0, cookie: "" });
  await shot(page, "11-oauth-pkce");

  // Tokens live in memory only: a reload forgets them.
  await page.reload();
  await page.waitForSelector("html[data-ready=true]");
  assert.equal(await text(page, "#oauth-result"), "");
  assert.deepEqual(await storageCounts(page), { local: 0, session: 0, cookie: "" });
  await page.close();
});

test("OAuth (PKCE) keeps what was typed (no secret stored) and feeds the new token into the header and Test connection", async () => {
  demo.fake.reset();
  const page = await open();
  const watch = watchOAuth(page);
  await page.getByLabel(/My Zendesk/).check();
  await field(page, "Subdomain").fill("acme");
  await field(page, "Email").fill(admin.email);
  await field(page, "API token").fill(apiToken);
  await field(page, "Scopes").fill("read write");
  // What waits in storage during the trip: the way to the authorization page is answered
  // 204 (a navigation that does not happen, so the page stays to be read), then the test
  // continues it to the URL the page chose, in the same tab.
  let authorizeUrl;
  await page.route((url) => url.pathname.endsWith("/oauth/authorizations/new"), (route) => {
    authorizeUrl = route.request().url();
    return route.fulfill({ status: 204 });
  });
  await page.getByRole("button", { name: "Sign in with Zendesk (PKCE)" }).click();
  for (let i = 0; !authorizeUrl && i < 200; i++) await page.waitForTimeout(50);
  assert.ok(authorizeUrl, "the page set off for the authorization page");
  const stored = await page.evaluate(() => ({
    local: localStorage.length,
    cookie: document.cookie,
    session: Object.fromEntries(Object.keys(sessionStorage).map((k) => [k, sessionStorage.getItem(k)])),
  }));
  await page.unrouteAll();
  await page.goto(authorizeUrl);
  await page.waitForSelector("#oauth-outcome", { timeout: 20_000 });
  const shown = await text(page, "#oauth-result");
  await watch.settled();
  assert.match(shown, /Signed in with OAuth as Ada Admin/);
  assert.match(shown, /Scope\s+read write/, "the typed scopes were asked for");

  // During the trip: one sessionStorage entry, holding the verifier and the non-secret fields only.
  assert.equal(stored.local, 0);
  assert.equal(stored.cookie, "");
  const values = Object.values(stored.session);
  assert.equal(values.length, 1, JSON.stringify(Object.keys(stored.session)));
  const entry = JSON.parse(values[0]);
  assert.match(entry.codeVerifier, /^[A-Za-z0-9._~-]{43,128}$/);
  assert.deepEqual(entry.typed, { target: "zendesk", scopes: "read write", subdomain: "acme", email: admin.email });
  assert.ok(!secrets.some((x) => values[0].includes(x)), "no credential in session storage");

  // Back: what was typed is there again, except the token, which was never stored.
  assert.equal(await field(page, "Subdomain").inputValue(), "acme");
  assert.equal(await field(page, "Email").inputValue(), admin.email);
  assert.equal(await field(page, "Scopes").inputValue(), "read write");
  assert.equal(await field(page, "API token").inputValue(), "");
  assert.deepEqual(await storageCounts(page), { local: 0, session: 0, cookie: "" });

  // The new access token sits in the OAuth token field, masked; the fake's target is chosen,
  // since the fake issued it.
  const access = watch.tokens[0].access;
  assert.equal(await field(page, "OAuth token").inputValue(), access);
  assert.equal(await page.getAttribute("#oauthToken", "type"), "password");
  assert.equal(await page.locator('input[name="target"][value="fake"]').isChecked(), true);
  assert.match(await text(page, "#oauthToken-source"), /From the OAuth sign-in \(read write\), expires/);
  assert.equal(await text(page, "#header-value"), `Bearer ********${access.slice(-4)}`);
  assert.match(await text(page, "#scheme-line"), /Bearer with the OAuth token/);
  assert.match(await text(page, "#oauth-fed"), /now in the OAuth token field/);

  // Test connection uses it: the admin, as Bearer, one GET at the fake.
  const before = connectionLog().length;
  const tested = await testConnection(page);
  assert.match(tested, /Connected as Ada Admin/);
  assert.match(tested, /Scheme\s+oauth/);
  const log = connectionLog().slice(before);
  assert.equal(log.length, 1);
  assert.equal(log[0].authScheme, "bearer");
  await shot(page, "14-oauth-kept-and-fed");

  // Refresh now: the field follows the rotated access token.
  await page.getByRole("button", { name: "Refresh now" }).click();
  await page.locator("#oauth-refresh-note.fine").waitFor();
  await watch.settled();
  const rotated = watch.tokens[1].access;
  assert.notEqual(rotated, access);
  assert.equal(await field(page, "OAuth token").inputValue(), rotated);
  assert.equal(await text(page, "#header-value"), `Bearer ********${rotated.slice(-4)}`);

  // Typing another token ends the link: the field is the person's again.
  await field(page, "OAuth token").fill(oauthToken);
  assert.equal(await text(page, "#oauthToken-source"), "");
  const html = await page.content();
  assert.deepEqual(watch.tokens.flatMap((t) => [t.access, t.refresh]).filter((t) => html.includes(t)), [], "a token in the markup");
  await page.close();
});

test("OAuth (PKCE): a tampered state shows the mismatch, the code is not exchanged, nothing stays stored", async () => {
  demo.fake.reset();
  const page = await open();
  await field(page, "Subdomain").fill("team");
  // The fake sends back whatever state it was given: change it on the way there.
  await page.route((url) => url.pathname.endsWith("/oauth/authorizations/new"), (route) => {
    const url = new URL(route.request().url());
    url.searchParams.set("state", `tampered-${url.searchParams.get("state")}`);
    return route.continue({ url: url.href });
  });
  const shown = await signIn(page);
  assert.match(shown, /State mismatch/);
  assert.match(shown, /The code was not used/);
  assert.match(shown, /Start the sign-in again/);
  assert.doesNotMatch(shown, /Signed in/);
  const stats = demo.fake.oauthStats("acme");
  assert.equal(stats.authorizations.approved, 1, "the fake did issue a code");
  assert.equal(stats.tokenRequests.authorization_code, 0, "which the page did not exchange");
  assert.equal(await field(page, "Subdomain").inputValue(), "team", "what was typed comes back all the same");
  assert.equal(await field(page, "OAuth token").inputValue(), "", "and no token was fed");
  assert.equal(page.url(), demo.url);
  assert.equal(await page.evaluate(() => document.activeElement?.id), "oauth-outcome");
  assert.deepEqual(await storageCounts(page), { local: 0, session: 0, cookie: "" });

  // The same callback again (a replay) finds no sign-in in progress.
  await page.unrouteAll();
  await page.goto(`${demo.url}oauth/callback?code=replayed&state=whatever`);
  await page.waitForSelector("#oauth-outcome");
  assert.match(await text(page, "#oauth-result"), /did not start a sign-in/);
  assert.equal(demo.fake.oauthStats("acme").tokenRequests.authorization_code, 0);
  await page.close();
});

test("OAuth (PKCE): bad input is explained at its field and nothing is sent", async () => {
  demo.fake.reset();
  const page = await open();
  await field(page, "Scopes").fill("read nonsense");
  await page.getByRole("button", { name: "Sign in with Zendesk (PKCE)" }).click();
  await page.locator("#oauth-scopes-diagnostics li").waitFor();
  assert.match(await describedBy(page, "oauth-scopes"), /Error 'nonsense' is not a Zendesk OAuth scope\..*INVALID_SCOPE/s);
  assert.equal(await page.getAttribute("#oauth-scopes", "aria-invalid"), "true");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "oauth-scopes");
  await field(page, "Scopes").fill("read");
  await field(page, "Client id").fill("");
  await page.getByRole("button", { name: "Sign in with Zendesk (PKCE)" }).click();
  assert.match(await describedBy(page, "oauth-client-id"), /clientId is required/);
  assert.equal(await page.getAttribute("#oauth-scopes", "aria-invalid"), null, "the fixed field is clear again");
  assert.equal(page.url(), demo.url, "still here");
  assert.equal(demo.fake.getLog().length, 0, "nothing sent");
  assert.deepEqual(await storageCounts(page), { local: 0, session: 0, cookie: "" });
  await page.close();
});

test("OAuth (PKCE) signed in at 360px: nothing scrolls sideways, every text has a contrast of at least 4.5:1", async () => {
  demo.fake.reset();
  const page = await open({ width: 360, height: 740 });
  await signIn(page);
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  assert.ok(widths.scroll <= widths.client, `scrollWidth ${widths.scroll} > ${widths.client}`);
  const overflowing = await page.evaluate(() =>
    [...document.querySelectorAll("main *")].filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5).map((el) => el.tagName + "#" + el.id),
  );
  assert.deepEqual(overflowing, []);
  const { problems } = await page.evaluate(contrastCheck);
  assert.deepEqual(problems, []);
  await page.close();
});

// ---- secrets ------------------------------------------------------------------------------

// ---- webhook signature ----------------------------------------------------------------------

/** A webhook as Zendesk signs it, computed here with Node's HMAC (not the package's). */
function signedWebhook({ secret, body, timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, "Z"), order = "timestamp+body", encoding = "base64" }) {
  const message = order === "timestamp+body" ? timestamp + body : body + timestamp;
  return { timestamp, body, signature: createHmac("sha256", secret).update(message, "utf8").digest(encoding) };
}

const webhookHeaders = ({ signature, timestamp }) =>
  [`Content-Type: application/json; charset=utf-8`, signature !== undefined ? `X-Zendesk-Webhook-Signature: ${signature}` : null,
    timestamp !== undefined ? `X-Zendesk-Webhook-Signature-Timestamp: ${timestamp}` : null].filter(Boolean).join("\n");

async function pasteWebhook(page, { headers, body, secret }) {
  await page.fill("#webhook-headers", headers);
  await page.fill("#webhook-body", body);
  await page.fill("#webhook-secret", secret);
  await page.waitForFunction(() => document.querySelector("#webhook-result .outcome") !== null);
  // The check is asynchronous (WebCrypto): wait until the answer is for what is in the fields now.
  await page.waitForTimeout(150);
  return text(page, "#webhook-result");
}

test("webhook signature: a pasted genuine webhook is Genuine; each mistake shows its code, message and hint; nothing leaves the page", async () => {
  const page = await open();
  const sent = [];
  page.on("request", (r) => sent.push(r.url()));
  const secret = randomBytes(32).toString("base64");
  const event = { type: "zen:event-type:ticket.created", account_id: 10001, detail: { id: "7", subject: "Drucker brennt 🔥 – größer" } };
  const body = JSON.stringify(event);
  const genuine = signedWebhook({ secret, body });

  const ok = await pasteWebhook(page, { headers: webhookHeaders(genuine), body, secret });
  assert.match(ok, /Genuine/);
  assert.match(ok, new RegExp(`${Buffer.byteLength(body)} bytes`), "the UTF-8 length, counted here by Node");
  assert.match(await text(page, "#webhook-headers-found"), /the signature and the timestamp/);
  await shot(page, "16-webhook-genuine");

  const hour = new Date(Date.now() - 3600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  const old = signedWebhook({ secret, body, timestamp: hour });
  const cases = [
    ["WEBHOOK_SIGNATURE_MISMATCH", { headers: webhookHeaders(genuine), body, secret: randomBytes(32).toString("base64") }],
    ["WEBHOOK_BODY_REENCODED", { headers: webhookHeaders(genuine), body: JSON.stringify(event, null, 2), secret }],
    ["WEBHOOK_ORDER_REVERSED", { headers: webhookHeaders(signedWebhook({ secret, body, order: "body+timestamp" })), body, secret }],
    ["WEBHOOK_SIGNATURE_MALFORMED", { headers: webhookHeaders(signedWebhook({ secret, body, encoding: "hex" })), body, secret }],
    ["WEBHOOK_TIMESTAMP_INVALID", { headers: webhookHeaders(signedWebhook({ secret, body, timestamp: String(Math.floor(Date.now() / 1000)) })), body, secret }],
    ["WEBHOOK_TIMESTAMP_OUT_OF_WINDOW", { headers: webhookHeaders(old), body, secret }],
    ["WEBHOOK_TEST_SECRET", { headers: webhookHeaders(signedWebhook({ secret: zaWebhook.TEST_SECRET, body })), body, secret }],
    ["WEBHOOK_SECRET_WHITESPACE", { headers: webhookHeaders(genuine), body, secret: `${secret} ` }],
    ["WEBHOOK_SIGNATURE_MISSING", { headers: webhookHeaders({ timestamp: genuine.timestamp }), body, secret }],
    ["WEBHOOK_TIMESTAMP_MISSING", { headers: webhookHeaders({ signature: genuine.signature }), body, secret }],
    ["WEBHOOK_SECRET_MISSING", { headers: webhookHeaders(genuine), body, secret: "" }],
  ];
  for (const [expected, input] of cases) {
    const shown = await pasteWebhook(page, input);
    assert.match(shown, new RegExp(`Refused: ${expected}\\b`), `${expected}: ${shown}`);
    // The message and hint are the package's, as Node computes them for the same input.
    const hdr = new Map(input.headers.split("\n").map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
    const verdict = await zaWebhook.verifyWebhookSignature({ body: input.body, secret: input.secret,
      signature: hdr.get("x-zendesk-webhook-signature"), timestamp: hdr.get("x-zendesk-webhook-signature-timestamp") });
    assert.equal(verdict.code, expected);
    const [message, hint] = await Promise.all(["#webhook-result .message", "#webhook-result .hint"].map((sel) => text(page, sel)));
    if (expected !== "WEBHOOK_TIMESTAMP_OUT_OF_WINDOW") assert.equal(message, verdict.message, expected); // that one says how far off, to the second
    assert.equal(hint, verdict.hint, expected);
    for (const s of [secret, input.secret].filter((x) => x.trim().length >= 8)) {
      assert.ok(!shown.includes(s.trim()) && !shown.includes(s.trim().slice(0, 12)), `${expected}: the page shows the secret`);
    }
    if (expected === "WEBHOOK_BODY_REENCODED") await shot(page, "17-webhook-diagnosis");
  }

  // Copied from a log an hour later: judged at its own timestamp it is genuine.
  await pasteWebhook(page, { headers: webhookHeaders(old), body, secret });
  await page.getByLabel(/Copied from a log/).check();
  await page.waitForTimeout(150);
  assert.match(await text(page, "#webhook-result"), /Genuine/);
  assert.match(await text(page, "#webhook-result"), /3[56]\d\d s ago/);
  // The builder's test secret, accepted only when allowed, and then said so.
  await page.getByLabel(/Copied from a log/).uncheck();
  await pasteWebhook(page, { headers: webhookHeaders(signedWebhook({ secret: zaWebhook.TEST_SECRET, body })), body, secret });
  await page.getByLabel("Accept the webhook builder's test secret").check();
  await page.waitForTimeout(150);
  assert.match(await text(page, "#webhook-result"), /Genuine[\s\S]*test secret/);

  // The secret is a password field until Show, and stays out of the page's text.
  assert.equal(await page.getAttribute("#webhook-secret", "type"), "password");
  await page.getByRole("button", { name: "Show signing secret" }).click();
  assert.equal(await page.getAttribute("#webhook-secret", "type"), "text");
  assert.ok(!(await page.evaluate(() => document.body.innerText)).includes(secret));
  assert.deepEqual(sent, [], "the webhook check made a request");
  await page.close();
});

test("webhook signature: Fill in an example signs one in the page (WebCrypto), Genuine, with no request", async () => {
  const page = await open({ width: 360, height: 800 });
  const sent = [];
  page.on("request", (r) => sent.push(r.url()));
  await page.getByRole("button", { name: "Fill in an example" }).click();
  await page.locator("#webhook-result .outcome").waitFor();
  assert.match(await text(page, "#webhook-result"), /Genuine/);
  // Checked again in Node with its own HMAC: the example really is signed as Zendesk signs.
  const [headers, body, secret] = await Promise.all(["#webhook-headers", "#webhook-body", "#webhook-secret"].map((id) => page.inputValue(id)));
  const sig = headers.match(/X-Zendesk-Webhook-Signature: (\S+)/)[1];
  const ts = headers.match(/X-Zendesk-Webhook-Signature-Timestamp: (\S+)/)[1];
  assert.equal(sig, createHmac("sha256", secret).update(ts + body).digest("base64"));
  assert.equal(JSON.parse(body).type, "zen:event-type:ticket.created");
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 360, `the page is ${wide}px wide at 360px`);
  await shot(page, "18-webhook-example-360");
  assert.deepEqual(sent, []);
  await page.close();
});

// ---- the demo's servers against other sites -------------------------------------------------

/** A raw request with headers fetch() will not let a program set (Host, Sec-Fetch-*), as browsers and rebound names send them. */
function rawRequest(url, { method = "GET", headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, setHost: headers.host === undefined }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

test("serve.mjs and the fake it starts refuse other sites and rebound names; links and the page itself still work", async () => {
  const page = new URL(demo.url);
  const fake = new URL(demo.fake.url);
  const patch = JSON.stringify({ apiTokenAccess: false });
  // The fake's control endpoints: only a loopback Host, only from no page or its own.
  for (const [headers, status] of [
    [{ host: `rebound.example:${fake.port}` }, 421],
    [{ host: `127.0.0.1.nip.io:${fake.port}` }, 421],
    [{ origin: "https://evil.example" }, 403],
    [{ origin: page.origin }, 403], // the demo page itself has no business there
    [{ "sec-fetch-site": "cross-site" }, 403],
    [{ "sec-fetch-site": "same-site" }, 403],
  ]) {
    const r = await rawRequest(`${demo.fake.url}/__control/accounts/acme`, { method: "POST", headers: { "content-type": "text/plain", ...headers }, body: patch });
    assert.equal(r.status, status, JSON.stringify(headers));
  }
  assert.equal(demo.fake.account("acme").apiTokenAccess, true, "a refused control request changed the fake");
  // The demo server: its proxy (which adds the API token) and its configuration refuse other pages.
  for (const path of ["/zendesk-proxy/api/v2/users/me.json", "/config.json", "/app.js"]) {
    for (const headers of [{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site", "sec-fetch-mode": "cors" }, { origin: demo.fake.url, "sec-fetch-site": "same-site" }]) {
      const r = await rawRequest(new URL(path, demo.url), { headers });
      assert.equal(r.status, 403, `${path} ${JSON.stringify(headers)}`);
    }
    const own = await rawRequest(new URL(path, demo.url), { headers: { origin: page.origin, "sec-fetch-site": "same-origin" } });
    assert.equal(own.status, 200, path);
  }
  assert.equal((await rawRequest(new URL("/zendesk-proxy/api/v2/users/me.json", demo.url), { headers: { host: `rebound.example:${page.port}` } })).status, 421);
  assert.equal((await rawRequest(new URL("/zendesk-proxy/api/v2/users/me.json", demo.url), { headers: { host: `[::1]:${page.port}` } })).status, 200);
  // A link from another site opens the page (a navigation).
  const linked = await rawRequest(demo.url, { headers: { "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate", "sec-fetch-dest": "document" } });
  assert.equal(linked.status, 200);
});

test("a page on another site, in Chromium, cannot reconfigure the fake or use the demo's proxy", async () => {
  demo.fake.reset();
  // The attacker's page, on an origin of its own: form posts and no-cors fetches need no preflight.
  const attacker = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(`<!doctype html><title>elsewhere</title><form id="f" method="POST" enctype="text/plain"
      action="${demo.fake.url}/__control/accounts/acme"><input name='{"apiTokenAccess":false,"x":"' value='"}'></form>
      <script>
        window.results = Promise.all([
          fetch("${demo.fake.url}/__control/accounts/acme", { method: "POST", mode: "no-cors", headers: { "content-type": "text/plain" }, body: '{"apiTokenAccess":false}' }).then(() => "sent", (e) => "failed"),
          fetch("${demo.fake.url}/__control/faults/acme", { method: "POST", mode: "no-cors", headers: { "content-type": "text/plain" }, body: '{"fault":"500","count":5}' }).then(() => "sent", () => "failed"),
          fetch("${demo.url}zendesk-proxy/api/v2/users/me.json", { mode: "no-cors" }).then(() => "sent", () => "failed"),
        ]);
      </script>`);
  });
  await new Promise((r) => attacker.listen(0, "127.0.0.1", r));
  const before = demo.fake.getLog().length;
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    const statuses = [];
    tab.on("response", (r) => statuses.push([new URL(r.url()).pathname, r.status()]));
    await tab.goto(`http://localhost:${attacker.address().port}/`);
    await tab.evaluate(() => window.results);
    await Promise.all([tab.waitForNavigation().catch(() => null), tab.evaluate(() => document.getElementById("f").submit())]);
    assert.equal(demo.fake.account("acme").apiTokenAccess, true, "the other site reconfigured the fake");
    assert.deepEqual(demo.fake.faults("acme"), [], "the other site queued faults in the fake");
    const proxied = demo.fake.getLog().slice(before).filter((e) => e.apiPath === "/api/v2/users/me.json");
    assert.deepEqual(proxied, [], "the other site made the proxy call the fake with the demo's token");
    const refused = statuses.filter(([p]) => p.startsWith("/__control") || p.startsWith("/zendesk-proxy"));
    assert.ok(refused.length >= 3 && refused.every(([, s]) => s === 403), JSON.stringify(statuses));
  } finally {
    await context.close();
    await new Promise((r) => attacker.close(r));
  }
});

test("no secret in the console, in storage or cookies; requests only to the page and the fake", async () => {
  const page = await open();
  await page.getByRole("button", { name: "Fill in the demo account" }).click();
  await page.getByRole("button", { name: "Reveal" }).click();
  await testConnection(page);
  const stored = await page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    cookie: document.cookie,
    databases: (await indexedDB.databases()).length,
    caches: (await caches.keys()).length,
  }));
  assert.deepEqual(stored, { local: 0, session: 0, cookie: "", databases: 0, caches: 0 });
  await page.close();

  assert.ok(consoleLines.length >= 0);
  const leaked = consoleLines.filter((line) => secrets.some((s) => line.includes(s)));
  assert.deepEqual(leaked, [], "console lines holding a secret");
  const origins = new Set(requestUrls.map((u) => new URL(u).origin));
  origins.delete(new URL(demo.url).origin);
  origins.delete(new URL(demo.fake.url).origin);
  assert.deepEqual([...origins], [], "requests to other origins");
});
