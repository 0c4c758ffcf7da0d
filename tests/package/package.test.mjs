// The packed tarball, installed by name into a scratch project, used the way a Node
// user uses it. Expected header values are computed here with Node's Buffer, not by
// the package.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import init, {
  apiBaseUrl,
  buildAuthorizationHeader,
  inspectAuthorizationHeader,
  redact,
  validate,
} from "zendesk-auth";

// Zendesk's documentation example of an API token.
const TOKEN = "6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv";
const EMAIL = "agent@example.com";
const basic = (user, secret) => "Basic " + Buffer.from(`${user}:${secret}`, "utf8").toString("base64");
const codes = (r) => r.diagnostics.map((d) => d.code);

function assertCodedError(fn, code) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof Error);
    assert.equal(e.name, "ZendeskAuthError");
    assert.equal(e.code, code);
    assert.equal(typeof e.field, "string");
    assert.ok(e.hint.length > 10);
    assert.ok(!e.message.includes(TOKEN) && !e.hint.includes(TOKEN));
    return true;
  });
}

test("works on import in Node, with no init call; init() is memoised", async () => {
  assert.equal(validate({ subdomain: "acme", oauthToken: "abc123abc123" }).ok, true);
  const a = init();
  assert.equal(await a, await init());
});

test("API token header equals Basic base64(email/token:TOKEN) of the UTF-8 bytes", () => {
  assert.equal(buildAuthorizationHeader({ subdomain: "acme", email: EMAIL, apiToken: TOKEN }), basic(`${EMAIL}/token`, TOKEN));
  const email = "jürgen@example.de";
  assert.equal(buildAuthorizationHeader({ email, apiToken: TOKEN }), basic(`${email}/token`, TOKEN));
});

test("OAuth is preferred and sent as Bearer", () => {
  const oauthToken = "2e8f0d5b0b8a4c6f9e1d3a7b5c9e0f1a";
  assert.equal(buildAuthorizationHeader({ email: EMAIL, apiToken: TOKEN, oauthToken }), `Bearer ${oauthToken}`);
  assert.equal(buildAuthorizationHeader({ email: EMAIL, apiToken: TOKEN, oauthToken }, { scheme: "api_token" }), basic(`${EMAIL}/token`, TOKEN));
});

test("a smart quote that makes btoa throw becomes a coded diagnostic", () => {
  const pasted = `\u201C${TOKEN}\u201D`;
  assert.throws(() => btoa(`${EMAIL}/token:${pasted}`));
  const r = validate({ subdomain: "acme", email: EMAIL, apiToken: pasted });
  assert.equal(r.ok, false);
  assert.ok(codes(r).includes("API_TOKEN_INVISIBLE_CHAR"));
  assertCodedError(() => buildAuthorizationHeader({ email: EMAIL, apiToken: pasted }), "API_TOKEN_INVISIBLE_CHAR");
});

test("no token gives NO_CREDENTIALS, never 'email/token:undefined'", () => {
  assertCodedError(() => buildAuthorizationHeader({ subdomain: "acme", email: EMAIL }), "NO_CREDENTIALS");
  assertCodedError(() => buildAuthorizationHeader({ subdomain: "acme", email: EMAIL, apiToken: undefined }), "NO_CREDENTIALS");
});

test("a subdomain that would send credentials elsewhere is refused", () => {
  for (const subdomain of ["evil.example/x#", "https://acme.zendesk.com@evil.example", "acme.zendesk.com.evil.example"]) {
    assertCodedError(() => apiBaseUrl(subdomain), "SUBDOMAIN_NOT_ZENDESK_HOST");
    assert.equal(validate({ subdomain, oauthToken: "abc123abc123" }).ok, false);
  }
  assert.equal(apiBaseUrl("https://acme.zendesk.com/agent/tickets/1"), "https://acme.zendesk.com");
  assert.equal(new URL(apiBaseUrl("ACME")).host, "acme.zendesk.com");
});

test("inspecting a header from a log explains the missing /token", () => {
  const r = inspectAuthorizationHeader(`Authorization: ${basic(EMAIL, TOKEN)}\n`);
  assert.equal(r.scheme, "password");
  assert.equal(r.email, EMAIL);
  assert.equal(r.secretMasked, "********2akv");
  assert.deepEqual(codes(r), ["WHITESPACE_TRIMMED", "HEADER_HAS_NAME_PREFIX", "HEADER_MISSING_TOKEN_SUFFIX", "API_TOKEN_RETIRING"]);
  assert.ok(!JSON.stringify(r).includes(TOKEN));
});

test("redact masks credentials in a log line", () => {
  const line = `GET https://acme.zendesk.com/api/v2/users/me.json -u ${EMAIL}/token:${TOKEN} ${basic(`${EMAIL}/token`, TOKEN)}`;
  const out = redact(line);
  assert.ok(!out.includes(TOKEN));
  assert.ok(!out.includes(basic(`${EMAIL}/token`, TOKEN).slice(6)));
  assert.ok(out.includes(EMAIL) && out.includes("https://acme.zendesk.com/api/v2/users/me.json"));
});

test("bad input of every type never throws from validate or inspect, and the instance stays usable", () => {
  for (const v of [null, undefined, 42, "acme", [], () => 1, { subdomain: {} }, { apiToken: 7n }, { email: Symbol("x") }]) {
    assert.equal(typeof validate(v).ok, "boolean");
    assert.ok(Array.isArray(inspectAuthorizationHeader(v).diagnostics));
  }
  assert.equal(validate({ subdomain: "acme", email: EMAIL, apiToken: TOKEN }).ok, true);
});

test("dates: API tokens fail after 2027-04-30; `now` accepts a number or a Date", () => {
  const c = { subdomain: "acme", email: EMAIL, apiToken: TOKEN };
  assert.equal(validate(c, { now: new Date("2027-05-01T00:00:00Z") }).ok, false);
  assert.equal(validate(c, { now: Date.parse("2027-04-29T23:59:59Z") }).ok, true);
});

test("package.json: exports with types first, an allow-list of files, ESM", () => {
  const require = createRequire(import.meta.url);
  const pkg = JSON.parse(readFileSync(require.resolve("zendesk-auth/package.json"), "utf8"));
  for (const entry of [".", "./client"]) {
    const conditions = Object.keys(pkg.exports[entry]);
    assert.equal(conditions[0], "types", entry);
    assert.equal(conditions.at(-1), "default", entry);
    for (const c of ["node", "browser", "workerd", "deno"]) assert.ok(conditions.includes(c), `${entry} ${c}`);
    // workerd and deno must be matched before the generic browser/node entries.
    assert.ok(conditions.indexOf("workerd") < conditions.indexOf("browser"), entry);
    assert.ok(conditions.indexOf("deno") < conditions.indexOf("node"), entry);
  }
  assert.equal(pkg.type, "module");
  assert.ok(Array.isArray(pkg.files));
});

test("the client entry has the core's functions, answering the same; the core entry has no client", async () => {
  const core = await import("zendesk-auth");
  const client = await import("zendesk-auth/client");
  assert.equal(core.ZendeskClient, undefined);
  assert.equal(core.exchangeCode, undefined);
  assert.equal(typeof client.ZendeskClient, "function");
  const cases = [
    { subdomain: "https://Acme.zendesk.com/agent", email: EMAIL, apiToken: TOKEN },
    { subdomain: "acme", oauthToken: "Bearer x" },
    {},
  ];
  for (const c of cases) assert.deepEqual(client.validate(c), core.validate(c));
  assert.equal(client.buildAuthorizationHeader(cases[0]), core.buildAuthorizationHeader(cases[0]));
  assert.deepEqual(client.inspectAuthorizationHeader("Basic abc"), core.inspectAuthorizationHeader("Basic abc"));
});
