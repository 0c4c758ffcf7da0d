// `token` prints a valid access token for scripts; `logout` revokes it at Zendesk and
// deletes the token file.

import { ZendeskClient } from "../client/node.mjs";
import { DEFAULT_MIN_VALID_SECONDS, freshTokens, locateTokenFile, notLoggedIn, resolveBaseUrl, resolveSubdomain } from "./access.mjs";
import { deleteTokenFile, readTokenFile } from "./store.mjs";
import { CliError, EXIT, TRANSIENT_CODES, fromPackageError, palette, withProgress, writeJson } from "./ui.mjs";

function minValidMs(value) {
  if (value === undefined) return DEFAULT_MIN_VALID_SECONDS * 1000;
  if (!/^\d{1,6}$/.test(String(value))) throw new CliError("INVALID_OPTION", "--min-valid must be a whole number of seconds.", `For example --min-valid ${DEFAULT_MIN_VALID_SECONDS}.`);
  return Number(value) * 1000;
}

async function tokenFileFor(values, env) {
  const { subdomain } = resolveSubdomain(values, env);
  const path = await locateTokenFile(values, subdomain, env);
  if (!path) throw notLoggedIn(subdomain);
  return { subdomain, path };
}

export async function token(values, env = process.env) {
  const { subdomain, path } = await tokenFileFor(values, env);
  const { data, refreshed } = await freshTokens(path, { minValidMs: minValidMs(values["min-valid"]), values, env, subdomain });
  if (subdomain && data.subdomain !== subdomain) {
    throw new CliError("TOKEN_FILE_MISMATCH", `The token file holds tokens for ${data.subdomain}, not ${subdomain}.`, "Point --token-file at the right file, or leave --subdomain out.");
  }
  if (values.json) {
    writeJson({
      accessToken: data.accessToken,
      tokenType: "Bearer",
      subdomain: data.subdomain,
      scope: data.scope,
      expiresAt: data.accessTokenExpiresAt ? new Date(data.accessTokenExpiresAt).toISOString() : null,
      refreshed,
    });
  } else {
    process.stdout.write(`${data.accessToken}\n`);
  }
  return EXIT.ok;
}

/** Revoke by id (GET current.json, then DELETE {id}.json): DELETE current.json answers 204 and revokes nothing. */
async function revoke(data, accessToken, values, env) {
  const baseUrl = resolveBaseUrl(values, env, data.baseUrl);
  const client = new ZendeskClient({ subdomain: baseUrl ? undefined : data.subdomain, baseUrl, oauthToken: accessToken, retry: { maxRetries: 2, maxWaitMs: 20_000 } });
  try {
    const info = await client.get("/api/v2/oauth/tokens/current.json");
    const id = info.data?.token?.id;
    if (!Number.isInteger(id)) throw new CliError("BAD_RESPONSE", "Zendesk's token information had no token id.", "Revoke the token in Admin Center (Apps and integrations > APIs > OAuth clients).");
    await client.delete(`/api/v2/oauth/tokens/${id}.json`);
    return id;
  } finally {
    client.free();
  }
}

export async function logout(values, env = process.env) {
  const { subdomain, path } = await tokenFileFor(values, env).catch((err) => {
    if (err.code === "NOT_LOGGED_IN") return { path: null };
    throw err;
  });
  const data = path ? await readTokenFile(path) : null;
  const c = palette(process.stderr);
  if (!data) {
    if (values.json) writeJson({ revoked: false, tokenId: null, tokenFileDeleted: false, tokenFile: path });
    else process.stderr.write(`Not logged in${subdomain ? ` to ${subdomain}` : ""}: nothing to do.\n`);
    return EXIT.ok;
  }

  let tokenId = null;
  let warning = null;
  try {
    // The access token may have expired; a refresh gives one that can revoke the grant.
    const { data: current } = await freshTokens(path, { minValidMs: 10_000, values, env, subdomain: data.subdomain });
    tokenId = await withProgress("Revoking the token", revoke(current, current.accessToken, values, env));
  } catch (err) {
    const e = fromPackageError(err);
    if (TRANSIENT_CODES.has(e.code) || e.code === "LOCK_TIMEOUT") {
      // Keep the file: deleting it would lose the only way to revoke the grant later.
      e.message = `Could not reach Zendesk to revoke the token: ${e.message}`;
      e.hint = `The token file is kept; run logout again. ${e.hint}`;
      e.exitCode = EXIT.warning;
      throw e;
    }
    if (e.code === "LOGIN_EXPIRED" || e.code === "UNAUTHORIZED") {
      // Zendesk no longer accepts these tokens: there is nothing left to revoke.
    } else {
      warning = new CliError(
        e.code,
        `The token could not be revoked: ${e.message}`,
        "Revoke it in Admin Center (Apps and integrations > APIs > OAuth clients), or ask an admin; revoking needs the write scope.",
        { exitCode: EXIT.warning },
      );
    }
  }
  const deleted = await deleteTokenFile(path);
  if (values.json) {
    writeJson({ revoked: tokenId !== null, tokenId, tokenFileDeleted: deleted, tokenFile: path, ...(warning ? { warning: { code: warning.code, message: warning.message, hint: warning.hint } } : {}) });
  } else {
    if (tokenId !== null) process.stderr.write(`${c.green("Revoked")} OAuth token ${tokenId} for ${data.subdomain} (access and refresh token).\n`);
    else if (!warning) process.stderr.write(`Zendesk no longer accepted the saved tokens for ${data.subdomain}; nothing to revoke.\n`);
    if (warning) process.stderr.write(`${c.yellow("warning")} ${warning.code}: ${warning.message}\n  hint: ${warning.hint}\n`);
    process.stderr.write(`Deleted ${path}\n`);
  }
  return warning ? EXIT.warning : EXIT.ok;
}
