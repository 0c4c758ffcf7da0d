// `login`: the authorization-code flow with PKCE through a loopback redirect
// (RFC 8252: http://127.0.0.1:PORT/callback), or the client-credentials grant with
// --client-credentials; the token set goes to the token file.

import { spawn } from "node:child_process";
import http from "node:http";

import { ZendeskClient, clientCredentialsToken, createAuthorizationUrl, exchangeCode } from "../client/node.mjs";
import { resolveBaseUrl, resolveSubdomain } from "./access.mjs";
import { fileMode, tokenFilePath, writeTokenFile } from "./store.mjs";
import { CliError, EXIT, fromPackageError, palette, relativeTime, withProgress, writeJson } from "./ui.mjs";

export const DEFAULT_SCOPES = "read write";
const DEFAULT_WAIT_SECONDS = 300;
const CALLBACK_PATH = "/callback";

function page(title, text) {
  const esc = (s) => String(s).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head><body><h1>${esc(title)}</h1><p>${esc(text)}</p></body></html>\n`;
}

function answer(res, status, title, text) {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", Connection: "close" });
  res.end(page(title, text));
}

/** Try the platform's opener; a failure only means the user opens the printed address. */
function openBrowser(url) {
  const [cmd, args] =
    process.platform === "darwin" ? ["open", [url]] : process.platform === "win32" ? ["cmd", ["/c", "start", '""', url.replace(/&/g, "^&")]] : ["xdg-open", [url]];
  try {
    const child = spawn(cmd, args, { stdio: "ignore", detached: true });
    child.on("error", () => {});
    child.unref();
  } catch {
    // No opener on this machine.
  }
}

function parsePort(value) {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!/^\d{1,5}$/.test(String(value)) || port > 65535) {
    throw new CliError("INVALID_OPTION", "--port must be a number from 0 to 65535.", "Leave it out to get a free port, or give the port registered with your OAuth client's redirect URL.");
  }
  return port;
}

function parseSeconds(value, name, fallback) {
  if (value === undefined) return fallback;
  if (!/^\d{1,6}$/.test(String(value)) || Number(value) === 0) throw new CliError("INVALID_OPTION", `--${name} must be a whole number of seconds above 0.`, `For example --${name} ${fallback}.`);
  return Number(value);
}

/** Listen on loopback for the one redirect carrying our state; resolves { code } or rejects. */
function awaitCallback({ port, expectedState, waitSeconds }) {
  // `expectedState` is a function: the state exists only once the URL, which needs the port, does.
  const server = http.createServer();
  let settle;
  const result = new Promise((resolve, reject) => {
    settle = { resolve, reject };
  });
  result.catch(() => {}); // awaited later; a timeout before then must not crash the process
  server.on("request", (req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    if (req.method !== "GET" || url.pathname !== CALLBACK_PATH) return answer(res, 404, "Not found", "This address only takes the Zendesk sign-in redirect.");
    const params = url.searchParams;
    // RFC 6749 section 10.12: a redirect without our state is someone else's; ignore it and keep waiting.
    const state = expectedState();
    if (!state || params.get("state") !== state) return answer(res, 400, "Sign-in not accepted", "This sign-in response does not belong to the login command that is waiting. Start again from the terminal.");
    const error = params.get("error");
    if (error) {
      answer(res, 200, "Sign-in cancelled", "Zendesk did not grant access. You can close this tab.");
      const description = params.get("error_description");
      return settle.reject(
        new CliError("AUTHORIZATION_DENIED", `Zendesk did not grant access: ${error}${description ? ` (${description})` : ""}.`, error === "access_denied" ? "Run login again and choose Allow." : "Check the client id, its redirect URLs and the scopes in Admin Center, then run login again."),
      );
    }
    const code = params.get("code");
    if (!code) return answer(res, 400, "Sign-in not accepted", "The redirect carried no authorization code.");
    settle.resolve({ code, res });
  });
  const listening = new Promise((resolve, reject) => {
    server.once("error", (err) =>
      reject(new CliError("PORT_UNAVAILABLE", `Cannot listen on 127.0.0.1:${port} (${err.code}).`, "Choose another --port, or leave it out to get a free one.")),
    );
    server.listen(port, "127.0.0.1", () => resolve(server.address().port));
  });
  const timer = setTimeout(
    () => settle.reject(new CliError("LOGIN_TIMEOUT", `No sign-in arrived within ${waitSeconds} s.`, "Run login again and finish signing in in the browser, or pass --timeout with more seconds.", { exitCode: EXIT.warning })),
    waitSeconds * 1000,
  );
  const close = () => {
    clearTimeout(timer);
    server.closeAllConnections?.();
    server.close();
  };
  return { listening, result, close };
}

/** Who the token acts as; a token without `read` cannot say, which is not fatal. */
async function whoAmI({ subdomain, baseUrl, accessToken }) {
  try {
    const client = new ZendeskClient({ subdomain, baseUrl, oauthToken: accessToken, retry: { maxRetries: 1, maxWaitMs: 10_000 } });
    const me = await client.verify();
    client.free();
    return { user: me.user, error: null };
  } catch (err) {
    return { user: null, error: fromPackageError(err) };
  }
}

export async function login(values, env = process.env) {
  const { subdomain } = resolveSubdomain(values, env);
  if (!subdomain) throw new CliError("SUBDOMAIN_MISSING", "No subdomain given.", "Pass --subdomain acme (the acme of acme.zendesk.com) or set ZENDESK_SUBDOMAIN.");
  const clientId = values["client-id"] ?? env.ZENDESK_CLIENT_ID;
  if (!clientId) {
    throw new CliError("CLIENT_ID_MISSING", "No OAuth client id given.", "Create an OAuth client in Admin Center (Apps and integrations > APIs > OAuth clients), then pass its identifier with --client-id or ZENDESK_CLIENT_ID.");
  }
  const baseUrl = resolveBaseUrl(values, env);
  const scopes = values.scopes ?? DEFAULT_SCOPES;
  const path = tokenFilePath({ tokenFile: values["token-file"] ?? env.ZENDESK_TOKEN_FILE, subdomain }, env);
  const clientSecret = env.ZENDESK_CLIENT_SECRET || undefined;
  const target = { subdomain: baseUrl ? undefined : subdomain, baseUrl };
  const c = palette(process.stderr);

  let set;
  let grant;
  try {
    if (values["client-credentials"]) {
      if (!clientSecret) throw new CliError("CLIENT_SECRET_MISSING", "--client-credentials needs the client secret.", "Set ZENDESK_CLIENT_SECRET in the environment (never on the command line, where other users can see it).");
      grant = "client_credentials";
      set = await withProgress("Asking Zendesk for a token", clientCredentialsToken({ ...target, clientId, clientSecret, scopes }));
    } else {
      grant = "authorization_code";
      set = await authorizationCodeFlow({ values, target, subdomain, clientId, clientSecret, scopes, c });
    }
  } catch (err) {
    throw fromPackageError(err);
  }

  const who = await withProgress("Checking the new token", whoAmI({ ...target, accessToken: set.accessToken }));
  const now = Date.now();
  const data = {
    subdomain,
    baseUrl: baseUrl ?? null,
    clientId,
    grant,
    scope: set.scope || scopes,
    tokenType: set.tokenType,
    accessToken: set.accessToken,
    accessTokenExpiresAt: set.accessTokenExpiresAt ?? null,
    refreshToken: set.refreshToken ?? null,
    refreshTokenExpiresAt: set.refreshToken ? (set.refreshTokenExpiresAt ?? null) : null,
    obtainedAt: now,
    user: who.user,
  };
  await writeTokenFile(path, data);
  const mode = await fileMode(path);
  const summary = {
    subdomain,
    grant,
    user: who.user,
    scope: data.scope,
    tokenFile: path,
    tokenFileMode: mode === null ? null : `0${mode.toString(8)}`,
    accessTokenExpiresAt: toIso(data.accessTokenExpiresAt),
    refreshTokenExpiresAt: toIso(data.refreshTokenExpiresAt),
  };
  if (values.json) return writeJson(summary), EXIT.ok;
  const as = who.user ? `${who.user.name ?? "user"} <${who.user.email ?? "?"}> (${who.user.role ?? "?"})` : "an unknown user (the token cannot read /users/me)";
  const err = process.stderr;
  err.write(`${c.green("Logged in")} to ${subdomain} as ${as}, scopes: ${data.scope}\n`);
  err.write(`Tokens saved to ${path}${summary.tokenFileMode ? ` (mode ${summary.tokenFileMode})` : ""}\n`);
  if (data.accessTokenExpiresAt) err.write(`The access token expires ${relativeTime(data.accessTokenExpiresAt, now)}; \`npx zendesk-auth token\` renews it.\n`);
  if (data.refreshTokenExpiresAt) err.write(`The refresh token expires ${relativeTime(data.refreshTokenExpiresAt, now)}: run login again before then.\n`);
  if (who.error) err.write(`${c.yellow("warning")} ${who.error.code}: ${who.error.message}\n`);
  return EXIT.ok;
}

function toIso(ms) {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}

async function authorizationCodeFlow({ values, target, subdomain, clientId, clientSecret, scopes, c }) {
  const port = parsePort(values.port);
  const waitSeconds = parseSeconds(values.timeout, "timeout", DEFAULT_WAIT_SECONDS);
  // The state is only known once the URL exists, and the URL needs the port: listen first.
  let expectedState = null;
  const callback = awaitCallback({ port, expectedState: () => expectedState, waitSeconds });
  try {
    const boundPort = await callback.listening;
    const redirectUri = `http://127.0.0.1:${boundPort}${CALLBACK_PATH}`;
    const auth = createAuthorizationUrl({ ...target, clientId, redirectUri, scopes });
    expectedState = auth.state;
    const err = process.stderr;
    err.write(`Open this address in a browser to sign in to ${subdomain}:\n\n  ${c.cyan(auth.url)}\n\n`);
    err.write(`Waiting for Zendesk to redirect to ${redirectUri} (register it in the OAuth client's redirect URLs).\n`);
    if (!values["no-browser"] && process.stderr.isTTY) openBrowser(auth.url);
    const { code, res } = await withProgress("Waiting for the browser", callback.result);
    try {
      const set = await withProgress("Exchanging the code", exchangeCode({ ...target, clientId, clientSecret, code, codeVerifier: auth.codeVerifier, redirectUri }));
      answer(res, 200, "Signed in", "zendesk-auth has its token. You can close this tab and go back to the terminal.");
      return set;
    } catch (e) {
      answer(res, 200, "Sign-in failed", "Zendesk refused the code exchange; the terminal says why.");
      throw e;
    }
  } finally {
    callback.close();
  }
}
