// Logging a validate() result shows no secret: JSON.stringify, util.inspect, console.log
// (captured from a child process) and util.format's %o and %O all mask the secrets to at
// most their last 4 characters, while reading a field still gives the value itself.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { inspect, format } from "node:util";
import { buildAuthorizationHeader, validate } from "zendesk-auth";

// Zendesk's documentation example of an API token, a 64-hex opaque access token, a password.
const TOKEN = "6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv";
const OAUTH = "2e8f0d5b0b8a4c6f9e1d3a7b5c9e0f1a2b3c4d5e6f708192a3b4c5d6e7f80912";
const PASSWORD = "hunter2-Staple9";
const SECRETS = [TOKEN, OAUTH, PASSWORD];

/** Every 5-character slice of every secret: a mask may keep 4, never 5. */
function assertNoSecret(text, how) {
  for (const secret of SECRETS) {
    for (let i = 0; i + 5 <= secret.length; i++) {
      assert.ok(!text.includes(secret.slice(i, i + 5)), `${how} shows ${secret.slice(i, i + 5)} of a secret: ${text}`);
    }
  }
}

const result = () => validate({ subdomain: "acme", email: "agent@example.com", apiToken: TOKEN, oauthToken: OAUTH });

test("JSON.stringify, util.inspect and util.format mask the secrets of a validate() result", () => {
  const r = result();
  const outputs = {
    "JSON.stringify": JSON.stringify(r),
    "JSON.stringify(credentials)": JSON.stringify(r.credentials, null, 2),
    "util.inspect": inspect(r),
    "util.inspect depth Infinity showHidden": inspect(r, { depth: Infinity, showHidden: true }),
    "util.format %o": format("%o", r),
    "util.format %O": format("%O", r),
    "util.format %j": format("%j", r),
    "template string": `${inspect(r.credentials)}`,
  };
  for (const [how, text] of Object.entries(outputs)) assertNoSecret(text, how);
  // The masked form, written out: the last 4 characters of long secrets only.
  assert.deepEqual(JSON.parse(JSON.stringify(r.credentials)), {
    subdomain: "acme",
    email: "agent@example.com",
    apiToken: "********2akv",
    oauthToken: "********0912",
  });
  assert.match(outputs["util.inspect"], /apiToken: '\*{8}2akv'/);
});

test("a short secret is masked whole", () => {
  const r = validate({ subdomain: "acme", email: "agent@example.com", password: "hunter2" });
  assert.deepEqual(JSON.parse(JSON.stringify(r.credentials)).password, "********");
  assert.ok(!inspect(r).includes("hunter2"));
});

test("console.log of a result, as a program prints it, shows no secret", () => {
  const program = `
    import { validate } from "zendesk-auth";
    const r = validate({ subdomain: "acme", email: "agent@example.com", apiToken: ${JSON.stringify(TOKEN)}, oauthToken: ${JSON.stringify(OAUTH)} });
    console.log(r);
    console.log("%o", r.credentials);
    console.error(r.credentials);
    console.dir(r, { depth: 5 });
  `;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", program], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  assert.match(out, /\*{8}2akv/);
  assertNoSecret(out, "console.log");
});

test("reading, spreading and passing the credentials on still give the values", () => {
  const r = result();
  assert.equal(r.credentials.apiToken, TOKEN);
  assert.equal(r.credentials.oauthToken, OAUTH);
  assert.deepEqual({ ...r.credentials }, { subdomain: "acme", email: "agent@example.com", apiToken: TOKEN, oauthToken: OAUTH });
  assert.deepEqual(Object.keys(r.credentials), ["subdomain", "email", "apiToken", "oauthToken"]);
  assert.equal(Object.assign({}, r.credentials).oauthToken, OAUTH);
  // Independently computed: Basic base64 of "email/token:TOKEN", and the Bearer value.
  assert.equal(buildAuthorizationHeader(r.credentials, { scheme: "api_token" }), "Basic " + Buffer.from(`agent@example.com/token:${TOKEN}`).toString("base64"));
  assert.equal(buildAuthorizationHeader(r.credentials), `Bearer ${OAUTH}`);
  // Fields stay writable, as on a plain object.
  r.credentials.oauthToken = "replaced";
  assert.equal(r.credentials.oauthToken, "replaced");
  delete r.credentials.oauthToken;
  assert.equal("oauthToken" in r.credentials, false);
});
