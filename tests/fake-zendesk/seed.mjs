// Seeded accounts and their demo credentials.
//
// Everything here is deterministic (derived from fixed labels with SHA-512), so
// tests, benchmarks and a human with curl all see the same tokens on every run.
// Tests import these values instead of copying strings, so a change here cannot
// silently desynchronise them.
//
// None of these are real secrets: they only open this fake.

import { createHash } from "node:crypto";

const BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A 40-character [A-Za-z0-9] API token, the shape Zendesk's documentation describes. */
function deriveApiToken(label) {
  const bytes = createHash("sha512").update(`fake-zendesk:api-token:${label}`).digest();
  let token = "";
  for (let i = 0; i < 40; i++) token += BASE62[bytes[i] % 62];
  return token;
}

/** An opaque OAuth access token: 54 hex characters, like a doc example. */
function deriveOpaqueToken(label) {
  return createHash("sha256").update(`fake-zendesk:oauth:${label}`).digest("hex").slice(0, 54);
}

/** An OAuth client secret: 64 hex characters. */
function deriveClientSecret(label) {
  return createHash("sha256").update(`fake-zendesk:oauth-client-secret:${label}`).digest("hex");
}

/** Identifier of the seeded public (PKCE, no secret) OAuth client, the same in every account. */
export const PUBLIC_CLIENT_ID = "zendesk_auth_demo";
/** Identifier of the seeded confidential OAuth client; its secret differs per account. */
export const CONFIDENTIAL_CLIENT_ID = "zendesk_auth_confidential";

// Seeded users sit at the start of each account's user list; generated users
// follow (see records.mjs). Ids are stable so tests can name them.
export const FIRST_USER_ID = 1001;

/** Password every seeded user "has". Password Basic auth never authenticates (see auth.mjs). */
export const DEMO_PASSWORD = "correct-horse-battery-staple";

function seedAccount(subdomain, { plan, limitPerMinute, apiTokenAccess }) {
  const users = {
    admin: { id: 1001, name: "Ada Admin", email: `admin@${subdomain}.test`, role: "admin", verified: true },
    agent: { id: 1002, name: "Alan Agent", email: `agent@${subdomain}.test`, role: "agent", verified: true },
    endUser: { id: 1003, name: "Erin Enduser", email: `enduser@${subdomain}.test`, role: "end-user", verified: true },
    // An API token only works with a *verified* user's email.
    unverified: { id: 1004, name: "Uma Unverified", email: `unverified@${subdomain}.test`, role: "end-user", verified: false },
  };
  const oauth = {
    adminReadWrite: { token: deriveOpaqueToken(`${subdomain}:admin-read-write`), userId: users.admin.id, scopes: ["read", "write"] },
    agentReadWrite: { token: deriveOpaqueToken(`${subdomain}:agent-read-write`), userId: users.agent.id, scopes: ["read", "write"] },
    endUserReadWrite: { token: deriveOpaqueToken(`${subdomain}:enduser-read-write`), userId: users.endUser.id, scopes: ["read", "write"] },
    adminTicketsRead: { token: deriveOpaqueToken(`${subdomain}:admin-tickets-read`), userId: users.admin.id, scopes: ["tickets:read"] },
    // Expired at a fixed instant in the past, so it is expired whatever the clock says.
    expired: { token: deriveOpaqueToken(`${subdomain}:expired`), userId: users.admin.id, scopes: ["read", "write"], expiresAt: Date.UTC(2024, 0, 1) },
    revoked: { token: deriveOpaqueToken(`${subdomain}:revoked`), userId: users.admin.id, scopes: ["read", "write"], revoked: true },
  };
  // OAuth clients are registered per account, as on Zendesk. Besides the fixed
  // redirect URI, both accept any http://127.0.0.1|localhost|[::1]:{port}/{path}
  // (`loopbackRedirects`), so a test can listen on a free port for the callback.
  const oauthClients = {
    public: {
      // Zendesk gives each OAuth client a numeric id beside its identifier; token records name it.
      id: 501,
      identifier: PUBLIC_CLIENT_ID,
      name: "zendesk-auth demo (public, PKCE)",
      kind: "public",
      redirectUris: ["https://app.example/oauth/callback"],
      loopbackRedirects: true,
      ownerUserId: users.admin.id,
    },
    confidential: {
      id: 502,
      identifier: CONFIDENTIAL_CLIENT_ID,
      name: "zendesk-auth server (confidential)",
      kind: "confidential",
      secret: deriveClientSecret(`${subdomain}:confidential`),
      redirectUris: ["https://server.example/oauth/callback"],
      loopbackRedirects: true,
      // client_credentials tokens act as the user who created the client.
      ownerUserId: users.admin.id,
    },
  };
  return {
    subdomain,
    plan,
    apiTokenAccess,
    rateLimit: { limit: limitPerMinute, windowMs: 60_000 },
    // 888 webhook invocations: the count in the report of a client stopping after page 1.
    recordCount: { users: 2500, tickets: 3000, invocations: 888 },
    users,
    // Account-wide: any verified user's email with any active token.
    apiTokens: [1, 2, 3].map((n) => deriveApiToken(`${subdomain}:${n}`)),
    // Well-formed but deactivated: must not authenticate.
    inactiveApiTokens: [deriveApiToken(`${subdomain}:inactive`)],
    oauth,
    oauthClients,
  };
}

/** The seeded accounts, by subdomain. Any other subdomain has "No help desk". */
export const SEED = Object.freeze({
  acme: seedAccount("acme", { plan: "enterprise", limitPerMinute: 700, apiTokenAccess: true }),
  tokenoff: seedAccount("tokenoff", { plan: "enterprise", limitPerMinute: 700, apiTokenAccess: false }),
  team: seedAccount("team", { plan: "team", limitPerMinute: 200, apiTokenAccess: true }),
});

/** `Authorization` value for API token auth: Basic base64("{email}/token:{token}") of the UTF-8 bytes. */
export function apiTokenAuthorization(email, token) {
  return `Basic ${Buffer.from(`${email}/token:${token}`, "utf8").toString("base64")}`;
}

/** `Authorization` value for the removed password form: Basic base64("{email}:{password}"). */
export function passwordAuthorization(email, password) {
  return `Basic ${Buffer.from(`${email}:${password}`, "utf8").toString("base64")}`;
}

/** `Authorization` value for an OAuth access token. */
export function bearerAuthorization(accessToken) {
  return `Bearer ${accessToken}`;
}
