// A value that can never work is an error everywhere it can be given: validate(),
// buildAuthorizationHeader(), new ZendeskClient() and the header inspector agree.
import { test } from "node:test";
import assert from "node:assert/strict";
import { validate, buildAuthorizationHeader, inspectAuthorizationHeader, ZendeskClient } from "zendesk-auth/client";

// Zendesk's documentation example of an API token, a 64-hex opaque access token, a password.
const TOKEN = "6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv";
const OAUTH = "2e8f0d5b0b8a4c6f9e1d3a7b5c9e0f1a2b3c4d5e6f708192a3b4c5d6e7f80912";
const PASSWORD = "hunter2-Staple9";
const basic = (user, secret) => "Basic " + Buffer.from(`${user}:${secret}`).toString("base64");

const MISTAKES = [
  { name: "an API token as the OAuth token", credentials: { oauthToken: TOKEN }, code: "OAUTH_TOKEN_LOOKS_LIKE_API_TOKEN", header: `Bearer ${TOKEN}`, inspected: "HEADER_API_TOKEN_AS_BEARER" },
  { name: "an opaque OAuth token as the API token", credentials: { email: "agent@example.com", apiToken: OAUTH }, code: "API_TOKEN_LOOKS_LIKE_OAUTH", header: basic("agent@example.com/token", OAUTH), inspected: "API_TOKEN_LOOKS_LIKE_OAUTH" },
  { name: "a password as the API token", credentials: { email: "agent@example.com", apiToken: PASSWORD }, code: "API_TOKEN_LOOKS_LIKE_PASSWORD", header: basic("agent@example.com/token", PASSWORD), inspected: "API_TOKEN_LOOKS_LIKE_PASSWORD" },
];

for (const m of MISTAKES) {
  test(`${m.name}: an error in validate, the header builder, the client and the inspector`, () => {
    const credentials = { subdomain: "acme", ...m.credentials };
    const v = validate(credentials);
    assert.equal(v.ok, false);
    assert.deepEqual(v.diagnostics.filter((d) => d.code === m.code).map((d) => d.severity), ["error"]);
    for (const make of [() => buildAuthorizationHeader(credentials), () => new ZendeskClient(credentials)]) {
      assert.throws(make, (e) => e.code === m.code && !e.message.includes(PASSWORD) && !e.message.includes(TOKEN.slice(0, 8)));
    }
    const inspected = inspectAuthorizationHeader(m.header).diagnostics.find((d) => d.code === m.inspected);
    assert.equal(inspected?.severity, "error");
  });
}

test("API_TOKEN_RETIRING comes once per result, with the days left", () => {
  // 2026-11-22T00:00:00Z is 159 days before 2027-04-30 (python3: date(2027,4,30) - date(2026,11,22)).
  const now = Date.UTC(2026, 10, 22);
  const v = validate({ subdomain: "acme", email: `agent@example.com/token:${TOKEN}`, apiToken: `agent@example.com/token:${TOKEN}` }, { now });
  const retiring = v.diagnostics.filter((d) => d.code === "API_TOKEN_RETIRING");
  assert.equal(retiring.length, 1);
  assert.match(retiring[0].message, /2027-04-30, in 159 days/);
  const r = inspectAuthorizationHeader(`curl -u agent@example.com/token:${TOKEN} https://acme.zendesk.com`, { now });
  assert.equal(r.diagnostics.filter((d) => d.code === "API_TOKEN_RETIRING").length, 1);
});
