// Where the commands talk to (subdomain, base URL, token file), and a valid access
// token from the token file, refreshed under the lock when it is about to expire.
//
// Rotation is the hard part: Zendesk deletes the old access and refresh token when it
// answers a refresh, so the new pair is written to disk before anything else happens,
// and only one process may refresh at a time. The others wait for the lock and read
// the file the winner wrote.

import { readdir } from "node:fs/promises";
import { join } from "node:path";

import { clientCredentialsToken, refreshToken, validate } from "../client/node.mjs";
import { acquireLock, configDir, readTokenFile, tokenFilePath, writeTokenFile } from "./store.mjs";
import { CliError, EXIT, TRANSIENT_CODES, fromPackageError, withProgress } from "./ui.mjs";

/** Seconds a printed token must still be valid for, unless --min-valid says otherwise. */
export const DEFAULT_MIN_VALID_SECONDS = 60;
const TOKEN_ENDPOINT_TIMEOUT_MS = 30_000;

/**
 * The subdomain from --subdomain or ZENDESK_SUBDOMAIN, normalised by the package's own
 * validation (a pasted URL becomes `acme`). Returns { subdomain, diagnostics } or
 * { subdomain: undefined } when none was given; throws the coded error when it cannot work.
 */
export function resolveSubdomain(values, env = process.env) {
  const given = values.subdomain ?? env.ZENDESK_SUBDOMAIN;
  if (given === undefined || given === "") return { subdomain: undefined, diagnostics: [] };
  const result = validate({ subdomain: given });
  const diagnostics = result.diagnostics.filter((d) => d.field === "subdomain" || d.field === "any");
  const error = diagnostics.find((d) => d.severity === "error");
  if (error) throw new CliError(error.code, error.message, error.hint);
  return { subdomain: result.credentials.subdomain, diagnostics };
}

/** --base-url, else ZENDESK_BASE_URL, else what the token file recorded at login, else none (Zendesk itself). */
export function resolveBaseUrl(values, env = process.env, stored) {
  const value = values["base-url"] ?? env.ZENDESK_BASE_URL ?? stored ?? undefined;
  if (value === undefined || value === "") return undefined;
  let url;
  try {
    url = new URL(value);
  } catch {
    throw new CliError("INVALID_OPTION", "The base URL is not a URL.", "Give an absolute URL such as http://127.0.0.1:8787/acme, or leave --base-url and ZENDESK_BASE_URL unset to talk to Zendesk.");
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new CliError("INVALID_OPTION", "The base URL must not carry credentials, a query or a fragment.", "Give only scheme, host, port and path.");
  }
  return url.href.replace(/\/$/, "");
}

/**
 * The token file to use: --token-file / ZENDESK_TOKEN_FILE, else the subdomain's, else
 * the only one in the config folder. Null when none can be chosen.
 */
export async function locateTokenFile(values, subdomain, env = process.env) {
  const explicit = values["token-file"] ?? env.ZENDESK_TOKEN_FILE;
  if (explicit) return explicit;
  if (subdomain) return tokenFilePath({ subdomain }, env);
  const dir = configDir(env);
  const names = await readdir(dir).catch(() => []);
  const files = names.filter((n) => /^tokens-[a-z0-9-]+\.json$/.test(n));
  if (files.length === 1) return join(dir, files[0]);
  if (files.length > 1) {
    const subs = files.map((n) => n.slice(7, -5)).join(", ");
    throw new CliError("SUBDOMAIN_MISSING", `There are tokens for several accounts (${subs}).`, "Say which one with --subdomain or ZENDESK_SUBDOMAIN.");
  }
  return null;
}

export function notLoggedIn(subdomain) {
  const who = subdomain ? ` for ${subdomain}` : "";
  return new CliError("NOT_LOGGED_IN", `No saved OAuth tokens${who}.`, `Run \`npx zendesk-auth login --subdomain ${subdomain ?? "SUBDOMAIN"} --client-id CLIENT_ID\` first.`);
}

/** Whether the saved access token stays valid for at least `minValidMs` more. */
export function isFresh(data, minValidMs, now = Date.now()) {
  if (!data) return false;
  if (data.accessTokenExpiresAt === undefined || data.accessTokenExpiresAt === null) return true; // never expires
  return data.accessTokenExpiresAt - now > minValidMs;
}

/** Whether an expired access token can be replaced without a browser. */
export function canRenew(data, now = Date.now()) {
  if (data.grant === "client_credentials") return true;
  if (!data.refreshToken) return false;
  return data.refreshTokenExpiresAt === undefined || data.refreshTokenExpiresAt === null || data.refreshTokenExpiresAt > now;
}

function loginAgain(data, what) {
  return new CliError(
    "LOGIN_EXPIRED",
    `${what} Saved tokens for ${data.subdomain} can no longer be renewed.`,
    `Run \`npx zendesk-auth login --subdomain ${data.subdomain} --client-id ${data.clientId}\` again.`,
  );
}

/** A new token set from Zendesk: a refresh, or the client-credentials grant again. */
async function renew(data, { baseUrl, env }) {
  const signal = AbortSignal.timeout(TOKEN_ENDPOINT_TIMEOUT_MS);
  try {
    return await renewWith(data, { baseUrl, env, signal });
  } catch (err) {
    // Our own deadline, not a user's cancel: say so.
    if (err?.code === "ABORTED" && signal.aborted) {
      throw new CliError("TIMEOUT", `Zendesk's token endpoint did not answer within ${TOKEN_ENDPOINT_TIMEOUT_MS / 1000} s.`, "Check the network, or Zendesk's status page.", { exitCode: EXIT.warning });
    }
    throw err;
  }
}

function renewWith(data, { baseUrl, env, signal }) {
  const endpoint = { baseUrl, subdomain: baseUrl ? undefined : data.subdomain, clientId: data.clientId, signal };
  const clientSecret = env.ZENDESK_CLIENT_SECRET || undefined;
  if (data.grant === "client_credentials") {
    if (!clientSecret) {
      throw new CliError("CLIENT_SECRET_MISSING", "The saved token came from the client-credentials grant, which needs the client secret to renew.", "Set ZENDESK_CLIENT_SECRET in the environment.");
    }
    return clientCredentialsToken({ ...endpoint, clientSecret, scopes: data.scope });
  }
  return refreshToken({ ...endpoint, refreshToken: data.refreshToken, clientSecret });
}

/** The token file's contents after a new token set arrived. */
function withNewTokens(data, set, now) {
  return {
    ...data,
    accessToken: set.accessToken,
    // A refresh always rotates; a grant without one (client credentials) has none to keep.
    refreshToken: set.refreshToken ?? null,
    refreshTokenExpiresAt: set.refreshToken ? (set.refreshTokenExpiresAt ?? null) : null,
    accessTokenExpiresAt: set.accessTokenExpiresAt ?? null,
    scope: set.scope || data.scope,
    tokenType: set.tokenType,
    obtainedAt: now,
  };
}

/**
 * A valid access token from the token file at `path`: returns { data, refreshed }.
 * Refreshes under the lock when fewer than `minValidMs` remain. Errors: NOT_LOGGED_IN,
 * LOGIN_EXPIRED (invalid_grant: log in again), transient ones (5xx, timeout, network:
 * the saved refresh token is untouched, try again), LOCK_TIMEOUT.
 */
export async function freshTokens(path, { minValidMs, values = {}, env = process.env, subdomain, lockTimeoutMs } = {}) {
  let data = await readTokenFile(path);
  if (!data) throw notLoggedIn(subdomain);
  if (isFresh(data, minValidMs)) return { data, refreshed: false };
  if (!canRenew(data)) throw loginAgain(data, "The refresh token has expired.");

  const lock = await acquireLock(path, {
    timeoutMs: lockTimeoutMs,
    ready: async () => {
      const now = await readTokenFile(path).catch(() => null);
      return isFresh(now, minValidMs) || (now !== null && now.accessToken !== data.accessToken && isFresh(now, 0));
    },
  });
  if (!lock.acquired) return { data: await readTokenFile(path), refreshed: false };
  const seen = data.accessToken;
  try {
    // Another process may have refreshed between our read and the lock. Its token is
    // taken even when it lives less than --min-valid: refreshing again would not help.
    data = await readTokenFile(path);
    if (!data) throw notLoggedIn(subdomain);
    if (isFresh(data, minValidMs) || (data.accessToken !== seen && isFresh(data, 0))) return { data, refreshed: false };
    if (!canRenew(data)) throw loginAgain(data, "The refresh token has expired.");
    const baseUrl = resolveBaseUrl(values, env, data.baseUrl);
    let set;
    try {
      set = await withProgress("Refreshing the access token", renew(data, { baseUrl, env }));
    } catch (err) {
      if (err instanceof CliError && !TRANSIENT_CODES.has(err.code)) throw err;
      if (err?.code === "INVALID_GRANT") {
        // Someone holding a broken lock may have rotated it already: their pair is on disk.
        const now = await readTokenFile(path).catch(() => null);
        if (now && now.refreshToken !== data.refreshToken && isFresh(now, minValidMs)) return { data: now, refreshed: false };
        throw loginAgain(data, "Zendesk refused the refresh token (expired, revoked or already used).");
      }
      const cli = fromPackageError(err, TRANSIENT_CODES.has(err?.code) ? EXIT.warning : EXIT.broken);
      if (TRANSIENT_CODES.has(err?.code)) {
        cli.message = `${cli.message} The saved refresh token is unchanged.`;
        cli.hint = `Try again in a moment. ${cli.hint}`;
      }
      throw cli;
    }
    const next = withNewTokens(data, set, Date.now());
    // Zendesk has already deleted the old pair: nothing may come before this write.
    await writeTokenFile(path, next);
    return { data: next, refreshed: true };
  } finally {
    await lock.release();
  }
}
