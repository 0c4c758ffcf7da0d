// `doctor`: is this setup affected by the end of API tokens, does it work today, and
// what is the next step. It reads the usual environment variables and the token file
// `login` wrote, validates each setup with the package, checks it against the account,
// and never prints a secret (the last 4 characters at most).
//
// Exit codes: 0 ok, 1 warning (works, but needs action before a date), 2 broken.

import { ZendeskClient, validate } from "../client/node.mjs";
import { canRenew, isFresh, locateTokenFile, resolveBaseUrl } from "./access.mjs";
import { fileMode, readTokenFile } from "./store.mjs";
import { EXIT, fromPackageError, mask, palette, relativeTime, withProgress, writeJson } from "./ui.mjs";

// Zendesk's API token retirement (the migration guide): every API token is deactivated on
// this day; since 2026-07-28 a token unused for 30 days is deactivated already, and
// since 2026-10-27 nobody can create one.
export const API_TOKEN_DEADLINE = "2027-04-30";
const INACTIVITY_RULE_SINCE = "2026-07-28";
const NO_NEW_TOKENS_SINCE = "2026-10-27";
const DAY_MS = 86_400_000;
// A fixed port to suggest, since the OAuth client must list the exact redirect URL.
const LOGIN_PORT = 8765;
const STATUS_RANK = { ok: 0, warning: 1, broken: 2 };

/** Whole days from today (UTC) to the deadline: 151 on 2026-11-30. */
export function daysUntilDeadline(now = Date.now()) {
  const d = new Date(now);
  const today = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return Math.round((Date.parse(`${API_TOKEN_DEADLINE}T00:00:00Z`) - today) / DAY_MS);
}

function worse(a, b) {
  return STATUS_RANK[b] > STATUS_RANK[a] ? b : a;
}

function errorBody(e) {
  return { code: e.code, message: e.message, hint: e.hint, ...(e.details ?? {}) };
}

function iso(ms) {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}

/** verify(): who the credentials act as, their scheme and the rate limit; or the coded error. */
async function checkOnline(options) {
  let client;
  try {
    client = new ZendeskClient({ ...options, retry: { maxRetries: 1, maxWaitMs: 15_000 }, timeoutMs: 15_000 });
    const me = await client.verify();
    const account = { user: me.user, authScheme: me.authScheme, rateLimit: { limit: me.rateLimit.limit ?? null, remaining: me.rateLimit.remaining ?? null } };
    let tokenInfo = null;
    let tokenInfoError = null;
    if (options.oauthToken) {
      try {
        tokenInfo = (await client.get("/api/v2/oauth/tokens/current.json")).data?.token ?? null;
      } catch (err) {
        tokenInfoError = fromPackageError(err);
      }
    }
    return { account, tokenInfo, tokenInfoError, error: null };
  } catch (err) {
    return { account: null, tokenInfo: null, tokenInfoError: null, error: fromPackageError(err) };
  } finally {
    client?.free();
  }
}

/** Findings for the package's diagnostics: errors break the setup, warnings are worth a look. */
function fromDiagnostics(diagnostics) {
  let status = "ok";
  for (const d of diagnostics) status = worse(status, d.severity === "error" ? "broken" : "warning");
  return status;
}

async function apiTokenSetup({ subdomain, baseUrl, email, apiToken, offline, now }) {
  const setup = { kind: "api_token", source: "environment", status: "ok", email: email ?? null, secret: mask(apiToken), diagnostics: [], account: null, error: null, oauth: null, notes: [] };
  const result = validate({ subdomain, email, apiToken }, { now });
  setup.diagnostics = result.diagnostics;
  setup.status = fromDiagnostics(result.diagnostics);
  const days = daysUntilDeadline(now);
  setup.notes.push(
    days > 0
      ? `Zendesk deactivates every API token on ${API_TOKEN_DEADLINE}: ${days} days left. Move this setup to OAuth before then.`
      : `Zendesk deactivated every API token on ${API_TOKEN_DEADLINE}: this setup cannot work any more.`,
    `Since ${INACTIVITY_RULE_SINCE} an API token unused for 30 days is deactivated (and deleted 60 days later); since ${NO_NEW_TOKENS_SINCE} no new API token can be created.`,
  );
  // A working API token still needs action before the deadline.
  setup.status = worse(setup.status, days > 0 ? "warning" : "broken");
  if (setup.status === "broken" || offline) return setup;
  const online = await checkOnline({ subdomain: baseUrl ? undefined : result.credentials.subdomain, baseUrl, email: result.credentials.email, apiToken: result.credentials.apiToken, auth: "api_token" });
  setup.account = online.account;
  if (online.error) {
    setup.error = errorBody(online.error);
    setup.status = "broken";
  }
  return setup;
}

function describeExpiry(expiresAt, now) {
  if (expiresAt === null || expiresAt === undefined) return "does not expire";
  return expiresAt > now ? `expires ${relativeTime(expiresAt, now)} (${iso(expiresAt)})` : `expired ${relativeTime(expiresAt, now)}`;
}

function tokenInfoSummary(info) {
  if (!info) return null;
  return { tokenId: info.id ?? null, scopes: info.scopes ?? null, expiresAt: info.expires_at ?? null, usedAt: info.used_at ?? null, clientId: info.client_id ?? null };
}

async function oauthEnvSetup({ subdomain, baseUrl, oauthToken, offline, now }) {
  const setup = { kind: "oauth", source: "environment", status: "ok", secret: mask(oauthToken), diagnostics: [], account: null, error: null, oauth: null, notes: [] };
  const result = validate({ subdomain, oauthToken }, { now });
  setup.diagnostics = result.diagnostics;
  setup.status = fromDiagnostics(result.diagnostics);
  if (setup.status === "broken" || offline) return setup;
  const online = await checkOnline({ subdomain: baseUrl ? undefined : result.credentials.subdomain, baseUrl, oauthToken: result.credentials.oauthToken, auth: "oauth" });
  setup.account = online.account;
  if (online.error) {
    setup.error = errorBody(online.error);
    setup.status = "broken";
    return setup;
  }
  const info = tokenInfoSummary(online.tokenInfo);
  setup.oauth = info && { ...info, refreshable: false };
  if (online.tokenInfoError) setup.notes.push(`Zendesk would not describe the token (${online.tokenInfoError.code}); its scopes and expiry are unknown.`);
  const expiresAt = info?.expiresAt ? Date.parse(info.expiresAt) : null;
  if (expiresAt) {
    setup.status = worse(setup.status, "warning");
    setup.notes.push(
      `This access token ${describeExpiry(expiresAt, now)}, and a token in an environment variable cannot be refreshed. Let \`npx zendesk-auth token\` hand out fresh ones instead.`,
    );
  } else if (info) {
    setup.notes.push("This access token does not expire. Older local OAuth clients may keep non-expiring tokens until 2027-04-01; plan for expiring ones.");
  }
  return setup;
}

async function tokenFileSetup({ path, baseUrlOverride, offline, now, env }) {
  const setup = { kind: "oauth", source: "token file", tokenFile: path, status: "ok", secret: null, diagnostics: [], account: null, error: null, oauth: null, notes: [] };
  let data;
  try {
    data = await readTokenFile(path);
  } catch (err) {
    setup.status = "broken";
    setup.error = errorBody(err);
    return setup;
  }
  if (!data) return null;
  setup.secret = mask(data.accessToken);
  setup.subdomain = data.subdomain;
  setup.baseUrl = baseUrlOverride ?? data.baseUrl ?? null;
  const mode = await fileMode(path);
  if (mode !== null && (mode & 0o077) !== 0) {
    setup.status = "warning";
    setup.notes.push(`The token file's mode is 0${mode.toString(8)}: other users can read it. Run \`chmod 600 ${path}\`.`);
  }
  const renewable = canRenew(data, now);
  setup.oauth = {
    grant: data.grant,
    scopes: typeof data.scope === "string" ? data.scope.split(" ").filter(Boolean) : null,
    expiresAt: iso(data.accessTokenExpiresAt),
    refreshable: data.grant === "client_credentials" ? Boolean(env.ZENDESK_CLIENT_SECRET) : renewable,
    refreshTokenExpiresAt: iso(data.refreshTokenExpiresAt),
    tokenId: null,
  };
  const fresh = isFresh(data, 0, now);
  if (!fresh && !renewable) {
    setup.status = "broken";
    setup.error = { code: "LOGIN_EXPIRED", message: "The saved access token and refresh token have both expired.", hint: `Run \`npx zendesk-auth login --subdomain ${data.subdomain} --client-id ${data.clientId}\` again.` };
    return setup;
  }
  if (data.grant === "client_credentials" && !env.ZENDESK_CLIENT_SECRET) {
    setup.status = worse(setup.status, "warning");
    setup.notes.push("These tokens come from the client-credentials grant: set ZENDESK_CLIENT_SECRET so `token` can renew them.");
  }
  setup.notes.push(`The access token ${describeExpiry(data.accessTokenExpiresAt, now)}; \`npx zendesk-auth token\` renews it when needed.`);
  if (data.refreshTokenExpiresAt) {
    setup.notes.push(`The refresh token ${describeExpiry(data.refreshTokenExpiresAt, now)}; each refresh replaces it. Run login again if it lapses.`);
    if (data.refreshTokenExpiresAt - now < 7 * DAY_MS) setup.status = worse(setup.status, "warning");
  }
  if (!fresh || offline) return setup;
  let baseUrl;
  try {
    baseUrl = resolveBaseUrl({ "base-url": baseUrlOverride }, {}, data.baseUrl);
  } catch (err) {
    setup.status = "broken";
    setup.error = errorBody(err);
    return setup;
  }
  const online = await checkOnline({ subdomain: baseUrl ? undefined : data.subdomain, baseUrl, oauthToken: data.accessToken, auth: "oauth" });
  setup.account = online.account;
  if (online.error) {
    setup.error = errorBody(online.error);
    setup.status = "broken";
    if (online.error.code === "UNAUTHORIZED" && renewable) {
      setup.status = "warning";
      setup.error.hint = "Zendesk refused the saved access token (revoked?). `npx zendesk-auth token --min-valid 99999` forces a refresh; if that fails too, run login again.";
    }
    return setup;
  }
  if (online.tokenInfo) setup.oauth.tokenId = online.tokenInfo.id ?? null;
  if (online.tokenInfo?.scopes) setup.oauth.scopes = online.tokenInfo.scopes;
  return setup;
}

function nextSteps(report, subdomainForCommands) {
  const sub = subdomainForCommands ?? "SUBDOMAIN";
  const steps = [];
  const has = (pred) => report.setups.some(pred);
  const apiToken = report.setups.find((s) => s.kind === "api_token");
  const workingOAuth = has((s) => s.kind === "oauth" && s.status !== "broken");
  for (const s of report.setups) {
    if (s.error?.hint) steps.push(s.error.hint);
    for (const d of s.diagnostics) if (d.severity === "error") steps.push(d.hint);
  }
  if (report.setups.length === 0) {
    steps.push("Set ZENDESK_SUBDOMAIN with ZENDESK_OAUTH_TOKEN (or ZENDESK_EMAIL and ZENDESK_API_TOKEN), or sign in with OAuth:");
  }
  if ((apiToken || report.setups.length === 0) && !workingOAuth) {
    steps.push(
      `Create an OAuth client in Admin Center (Apps and integrations > APIs > OAuth clients) whose redirect URLs include http://127.0.0.1:${LOGIN_PORT}/callback, or ask an admin for one.`,
      `npx zendesk-auth login --subdomain ${sub} --client-id CLIENT_ID --port ${LOGIN_PORT}`,
    );
  }
  if (apiToken) {
    steps.push(`In scripts, replace \`curl -u EMAIL/token:API_TOKEN\` with \`curl -H "Authorization: Bearer $(npx zendesk-auth token)"\`, then delete the API token in Admin Center.`);
  }
  return [...new Set(steps)];
}

function gatherSubdomain(values, env) {
  const given = values.subdomain ?? env.ZENDESK_SUBDOMAIN;
  if (given === undefined || given === "") return { given: undefined, normalised: undefined };
  const result = validate({ subdomain: given });
  const bad = result.diagnostics.some((d) => d.field === "subdomain" && d.severity === "error");
  return { given, normalised: bad ? undefined : result.credentials.subdomain };
}

export async function doctor(values, env = process.env) {
  const now = Date.now();
  const offline = Boolean(values.offline);
  const sub = gatherSubdomain(values, env);
  const baseUrlOverride = values["base-url"] ?? env.ZENDESK_BASE_URL ?? undefined;
  const baseUrl = resolveBaseUrl(values, env);
  const email = values.email ?? env.ZENDESK_EMAIL ?? undefined;
  const apiToken = env.ZENDESK_API_TOKEN || undefined;
  const oauthToken = env.ZENDESK_OAUTH_TOKEN || undefined;

  const setups = [];
  const work = async () => {
    if (apiToken || (email && !oauthToken)) setups.push(await apiTokenSetup({ subdomain: sub.given, baseUrl, email, apiToken, offline, now }));
    if (oauthToken) setups.push(await oauthEnvSetup({ subdomain: sub.given, baseUrl, oauthToken, offline, now }));
    let path = null;
    try {
      path = await locateTokenFile(values, sub.normalised, env);
    } catch {
      path = null; // several accounts and no subdomain: nothing to choose from
    }
    if (path && (sub.given === undefined || sub.normalised)) {
      const fileSetup = await tokenFileSetup({ path, baseUrlOverride, offline, now, env });
      if (fileSetup) setups.push(fileSetup);
    }
  };
  await withProgress("Checking with Zendesk", work());

  const subdomain = sub.normalised ?? setups.find((s) => s.subdomain)?.subdomain ?? null;
  let verdict = setups.length ? "ok" : "broken";
  for (const s of setups) verdict = worse(verdict, s.status);
  const report = {
    verdict,
    exitCode: EXIT[verdict],
    subdomain,
    baseUrl: baseUrl ?? setups.find((s) => s.baseUrl)?.baseUrl ?? null,
    today: new Date(now).toISOString().slice(0, 10),
    apiTokenDeadline: API_TOKEN_DEADLINE,
    daysLeft: daysUntilDeadline(now),
    setups,
    nextSteps: [],
  };
  if (!setups.length) {
    report.error = { code: "NO_CREDENTIALS", message: "No Zendesk credentials found in the environment, and no saved OAuth tokens.", hint: "Set the variables or log in (next steps)." };
  }
  report.nextSteps = nextSteps(report, subdomain ?? sub.given);
  if (values.json) writeJson(report);
  else printReport(report);
  return report.exitCode;
}

const KIND_TITLE = { api_token: "API token", oauth: "OAuth token" };

function printReport(r) {
  const out = process.stdout;
  const c = palette(out);
  const colour = { ok: c.green, warning: c.yellow, broken: c.red };
  out.write(`${c.bold("zendesk-auth doctor")}${r.subdomain ? ` for ${r.subdomain}` : ""}${r.baseUrl ? ` at ${r.baseUrl}` : ""}\n`);
  out.write(
    r.daysLeft > 0
      ? `Today is ${r.today}: ${r.daysLeft} days until Zendesk deactivates every API token (${r.apiTokenDeadline}).\n`
      : `Today is ${r.today}: Zendesk deactivated every API token on ${r.apiTokenDeadline}.\n`,
  );
  if (r.error) out.write(`\n${c.red("error")} ${c.bold(r.error.code)}: ${r.error.message}\n`);
  for (const s of r.setups) {
    const from = s.source === "token file" ? `token file ${s.tokenFile}` : s.kind === "api_token" ? "ZENDESK_EMAIL + ZENDESK_API_TOKEN" : "ZENDESK_OAUTH_TOKEN";
    out.write(`\n${c.bold(KIND_TITLE[s.kind])} from ${from}: ${colour[s.status](s.status)}\n`);
    if (s.secret) out.write(`  secret      ${s.secret}\n`);
    if (s.kind === "api_token" && s.email) out.write(`  email       ${s.email}\n`);
    if (s.account) {
      const u = s.account.user;
      out.write(`  user        ${u.name ?? "?"} <${u.email ?? "?"}>, ${u.role ?? "?"}, id ${u.id}\n`);
      out.write(`  scheme      ${s.account.authScheme === "oauth" ? "OAuth (Bearer)" : "API token (Basic)"}\n`);
      const rl = s.account.rateLimit;
      if (rl.limit !== null) out.write(`  rate limit  ${rl.remaining ?? "?"} of ${rl.limit} requests left this minute\n`);
    }
    if (s.oauth) {
      if (s.oauth.scopes) out.write(`  scopes      ${s.oauth.scopes.join(" ")}\n`);
      out.write(`  expires     ${s.oauth.expiresAt ?? "never"}\n`);
      out.write(`  refreshable ${s.oauth.refreshable ? `yes${s.oauth.refreshTokenExpiresAt ? `, refresh token until ${s.oauth.refreshTokenExpiresAt}` : ""}` : "no"}\n`);
    }
    for (const d of s.diagnostics) {
      out.write(`  ${d.severity === "error" ? c.red("error") : c.yellow("warning")} ${c.bold(d.code)}: ${d.message}\n    ${c.dim("hint:")} ${d.hint}\n`);
    }
    if (s.error) out.write(`  ${c.red("error")} ${c.bold(s.error.code)}: ${s.error.message}\n    ${c.dim("hint:")} ${s.error.hint}\n`);
    for (const n of s.notes) out.write(`  ${c.dim("note:")} ${n}\n`);
  }
  out.write(`\nVerdict: ${colour[r.verdict](r.verdict)} (exit ${r.exitCode})\n`);
  if (r.nextSteps.length) {
    out.write("Next steps:\n");
    r.nextSteps.forEach((step, i) => out.write(`  ${i + 1}. ${step}\n`));
  }
}

