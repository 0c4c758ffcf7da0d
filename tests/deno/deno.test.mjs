// The installed package in Deno 2: imported by name (npm resolution through
// node_modules, the package's `deno` export condition), the core, and a request to the
// fake Zendesk, which runs in a Node process (its URL arrives in FAKE_ZENDESK_URL).
import { validate, buildAuthorizationHeader, apiBaseUrl } from "zendesk-auth";
import { ZendeskClient } from "zendesk-auth/client";
const { SEED } = await import(`${Deno.env.get("ZA_REPO")}/tests/fake-zendesk/seed.mjs`);

const equal = (a, b) => {
  if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`expected ${JSON.stringify(b)}, got ${JSON.stringify(a)}`);
};
// Zendesk's documentation example of an API token.
const TOKEN = "6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv";

Deno.test("validate and build headers; base64 checked with Deno's own btoa", () => {
  const r = validate({ subdomain: "https://acme.zendesk.com/agent", email: "agent@example.com", apiToken: TOKEN });
  equal(r.ok, true);
  equal(r.credentials.subdomain, "acme");
  equal(buildAuthorizationHeader(r.credentials), "Basic " + btoa(`agent@example.com/token:${TOKEN}`));
  equal(apiBaseUrl("ACME"), "https://acme.zendesk.com");
});

Deno.test("a coded error, never a secret", () => {
  try {
    buildAuthorizationHeader({ email: "agent@example.com", apiToken: `\u201C${TOKEN}\u201D` });
    throw new Error("no error");
  } catch (e) {
    equal(e.code, "API_TOKEN_INVISIBLE_CHAR");
    equal(e.message.includes(TOKEN), false);
  }
});

Deno.test("ZendeskClient against the fake Zendesk (no CORS in Deno: the API token is used)", async () => {
  const base = `${Deno.env.get("FAKE_ZENDESK_URL")}/acme`;
  const c = new ZendeskClient({ baseUrl: base, email: SEED.acme.users.admin.email, apiToken: SEED.acme.apiTokens[0] });
  equal(c.authScheme, "api_token");
  const me = await c.verify();
  equal(me.user.email, SEED.acme.users.admin.email);
  equal(me.rateLimit.limit, 700);
  let pages = 0;
  for await (const _ of c.paginate("/api/v2/tickets.json", { pageSize: 100 })) pages++;
  equal(pages, 30);
});
