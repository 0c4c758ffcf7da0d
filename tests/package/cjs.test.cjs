// require("zendesk-auth") from CommonJS on Node 20: no init, same behaviour, same .wasm.
const { test } = require("node:test");
const assert = require("node:assert/strict");
const { validate, buildAuthorizationHeader } = require("zendesk-auth");
const { ZendeskClient, parseCallback } = require("zendesk-auth/client");

// Zendesk's documentation example of an API token.
const TOKEN = "6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv";

test("require() works with no init call", () => {
  assert.equal(validate({ subdomain: "acme", email: "agent@example.com", apiToken: TOKEN }).ok, true);
  const expected = "Basic " + Buffer.from(`agent@example.com/token:${TOKEN}`, "utf8").toString("base64");
  assert.equal(buildAuthorizationHeader({ email: "agent@example.com", apiToken: TOKEN }), expected);
});

test("the CommonJS client talks to the fake Zendesk", async () => {
  const { startFakeZendesk, SEED } = await import(`${process.env.ZA_REPO}/tests/fake-zendesk/server.mjs`);
  const zd = await startFakeZendesk({});
  try {
    const c = new ZendeskClient({ baseUrl: zd.accountUrl("acme"), oauthToken: SEED.acme.oauth.adminReadWrite.token });
    assert.equal((await c.verify()).user.email, SEED.acme.users.admin.email);
  } finally {
    await zd.close();
  }
});

test("parseCallback from require() checks the state and reads the code", () => {
  assert.deepEqual(parseCallback("https://app.example/callback?code=abc&state=s1", { state: "s1" }), { code: "abc", state: "s1" });
  assert.throws(() => parseCallback("https://app.example/callback?code=abc&state=s2", { state: "s1" }), (e) => e.code === "STATE_MISMATCH" && e.name === "ZendeskAuthError");
});
