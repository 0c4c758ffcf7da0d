// The demo: serves the page (www/) and the built package (pkg/ at /pkg/) on loopback,
// together with the fake Zendesk on another port, so the browser applies CORS to the
// page's requests exactly as it would with Zendesk. Node 20, no npm dependencies.
//
//   node www/serve.mjs [--port 8080] [--zendesk-port 8081] [--target fake|zendesk] [--quiet]
//
// --port 0 / --zendesk-port 0 pick free ports. When it is listening, it prints exactly one
// JSON line on stdout ({"demo":"http://127.0.0.1:N/","fakeZendesk":"http://127.0.0.1:M"});
// the human part (URL, demo credentials, the fake's request log) goes to stderr.
//
// It also runs /zendesk-proxy/: a same-origin proxy that adds an API token itself and
// forwards an allow-list of GET paths to the fake's demo account, the way
// examples/edge-worker/ does in front of a real Zendesk. The page then holds no secret.
//
// /oauth/callback serves the page again: it is the redirect URI of the page's OAuth (PKCE)
// sign-in against the fake, whose seeded public client /config.json names.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startFakeZendesk, SEED } from "../tests/fake-zendesk/server.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const folders = { www: join(root, "www"), pkg: join(root, "pkg") };
const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
};

const DEMO_ACCOUNT = "acme";
const PROXY_PREFIX = "/zendesk-proxy";
/** Where the fake's authorization page sends the browser back (the page itself, see /config.json). */
const OAUTH_CALLBACK = "/oauth/callback";
/** What the proxy forwards (GET only), as an edge worker's allow-list would. */
const PROXY_ALLOW = [/^\/api\/v2\/users\/me(\.json)?$/, /^\/api\/v2\/users(\.json)?$/, /^\/api\/v2\/tickets(\.json)?$/, /^\/api\/v2\/tickets\/\d+(\.json)?$/];
/** Answer headers the proxy passes back; everything else (CORS, cookies) stays behind. */
const PROXY_PASS = /^(content-type|x-zendesk-request-id|x-rate-limit|x-rate-limit-remaining|ratelimit-(limit|remaining|reset)|zendesk-ratelimit-[a-z0-9-]+|retry-after)$/;

/** The demo credentials: they open only the fake (tests/fake-zendesk/seed.mjs). */
export function demoCredentials() {
  const acme = SEED[DEMO_ACCOUNT];
  return { subdomain: DEMO_ACCOUNT, email: acme.users.admin.email, apiToken: acme.apiTokens[0], oauthToken: acme.oauth.adminReadWrite.token };
}

function listen(server, port) {
  return new Promise((resolve, reject) => {
    const onError = (error) => reject(error);
    server.once("error", onError);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", onError);
      resolve(server.address().port);
    });
  });
}

/** Maps a URL path to a file inside www/ or pkg/, or null. Nothing outside those two folders. */
function resolveFile(pathname) {
  let path;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (path.includes("\0")) return null;
  const [base, rest] = path.startsWith("/pkg/") ? [folders.pkg, path.slice(5)] : [folders.www, path === "/" ? "index.html" : path.slice(1)];
  const file = normalize(join(base, rest));
  if (!file.startsWith(base + sep)) return null;
  if (base === folders.www && file === join(folders.www, "serve.mjs")) return null; // the server is not part of the page
  return file;
}

/**
 * Starts the fake Zendesk and the demo server.
 * @param {object} [o]
 * @param {number} [o.port=8080]            0 for any free port
 * @param {number} [o.zendeskPort]          the fake's port; default port+1 (any free port if that is taken), 0 for any
 * @param {"fake"|"zendesk"} [o.target]     the target the page selects first
 * @param {(line: string) => void} [o.logLine] one line per request the fake receives (never a credential)
 */
export async function startDemo({ port = 8080, zendeskPort, target = "fake", logLine } = {}) {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error("--port must be 0..65535");
  if (target !== "fake" && target !== "zendesk") throw new Error(`--target must be "fake" or "zendesk", not "${target}"`);
  const explicitZendeskPort = zendeskPort !== undefined;
  const fakePort = explicitZendeskPort ? zendeskPort : port === 0 || port === 65535 ? 0 : port + 1;
  if (!Number.isInteger(fakePort) || fakePort < 0 || fakePort > 65535) throw new Error("--zendesk-port must be 0..65535");

  // The fake as documented, plus one friendlier choice: a 401 to a Bearer request carries a
  // CORS header, so the page can show UNAUTHORIZED for a bad OAuth token (see its README,
  // assumption 3). Everything else, 403 and 429 included, is hidden from the browser as with Zendesk.
  const friendly = { corsOn401: true };
  const fakeOptions = { accounts: { acme: friendly, tokenoff: friendly, team: friendly }, logLine };
  let fake;
  try {
    fake = await startFakeZendesk({ port: fakePort, ...fakeOptions });
  } catch (error) {
    if (error.code !== "EADDRINUSE" || explicitZendeskPort) throw portError(error, "--zendesk-port", fakePort);
    fake = await startFakeZendesk({ port: 0, ...fakeOptions });
  }

  let url; // set once listening
  let hosts = new Set();
  const csp = [
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${fake.url} https://*.zendesk.com`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
  const common = {
    "content-security-policy": csp,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
  };

  const config = () => ({
    defaultTarget: target,
    fake: { url: fake.url, accounts: ["acme", "tokenoff", "team"] },
    proxy: { path: PROXY_PREFIX, account: DEMO_ACCOUNT, email: SEED[DEMO_ACCOUNT].users.admin.email },
    demo: demoCredentials(),
    // The OAuth (PKCE) section: the fake's seeded public client, which needs no secret and
    // accepts any http://127.0.0.1:{port}/{path} redirect URI (tests/fake-zendesk/README.md).
    oauth: {
      account: DEMO_ACCOUNT,
      baseUrl: fake.accountUrl(DEMO_ACCOUNT),
      clientId: SEED[DEMO_ACCOUNT].oauthClients.public.identifier,
      scopes: "read",
      callbackPath: OAUTH_CALLBACK,
    },
  });

  async function proxy(req, res, requestUrl) {
    const apiPath = requestUrl.pathname.slice(PROXY_PREFIX.length);
    const refuse = (status, error, description) =>
      res.writeHead(status, { ...common, "content-type": types[".json"] }).end(JSON.stringify({ error, description }));
    if (req.method !== "GET" && req.method !== "HEAD") return refuse(405, "MethodNotAllowed", "This proxy forwards only GET requests.");
    if (!PROXY_ALLOW.some((re) => re.test(apiPath))) {
      return refuse(403, "PathNotAllowed", "This proxy forwards only /api/v2/users/me.json, /api/v2/users.json, /api/v2/tickets.json and /api/v2/tickets/{id}.json.");
    }
    const { email, apiToken } = demoCredentials();
    const upstreamBase = fake.accountUrl(DEMO_ACCOUNT);
    let answer;
    try {
      answer = await fetch(`${upstreamBase}${apiPath}${requestUrl.search}`, {
        method: req.method,
        // Only what the proxy itself decides: none of the page's headers (cookies, its own
        // Authorization) travel on.
        headers: { authorization: `Basic ${Buffer.from(`${email}/token:${apiToken}`, "utf8").toString("base64")}`, accept: "application/json" },
        redirect: "manual",
        signal: AbortSignal.timeout(15_000),
      });
    } catch {
      return refuse(502, "UpstreamUnreachable", "The proxy could not reach Zendesk.");
    }
    const headers = { ...common };
    for (const [name, value] of answer.headers) if (PROXY_PASS.test(name)) headers[name] = value;
    // Links in the body (pagination, url fields) point back through the proxy.
    const body = (await answer.text()).split(upstreamBase).join(`http://${req.headers.host}${PROXY_PREFIX}`);
    res.writeHead(answer.status, headers).end(req.method === "HEAD" ? undefined : body);
  }

  async function handle(req, res) {
    // Only our own host names: a page on another name (DNS rebinding) gets nothing.
    if (!hosts.has(String(req.headers.host ?? "").toLowerCase())) {
      return res.writeHead(421, { ...common, "content-type": "text/plain" }).end("unexpected Host header\n");
    }
    // A page on another site may link here (a navigation), but not call the proxy, which
    // acts with the demo account's token, nor read the configuration.
    if (crossSite(req)) {
      return res.writeHead(403, { ...common, "content-type": "text/plain" }).end("cross-site request refused\n");
    }
    let requestUrl;
    try {
      requestUrl = new URL(`http://demo.invalid${req.url.startsWith("/") ? "" : "/"}${req.url}`); // "//x" stays a path
    } catch {
      return res.writeHead(400, { ...common, "content-type": "text/plain" }).end("bad request\n");
    }
    if (requestUrl.pathname === PROXY_PREFIX || requestUrl.pathname.startsWith(`${PROXY_PREFIX}/`)) return proxy(req, res, requestUrl);
    if (req.method !== "GET" && req.method !== "HEAD") return res.writeHead(405, { ...common, allow: "GET, HEAD" }).end();
    if (requestUrl.pathname === "/config.json") {
      return res.writeHead(200, { ...common, "content-type": types[".json"] }).end(JSON.stringify(config()));
    }
    // The OAuth redirect URI is the page itself: it finishes the sign-in when it loads there.
    const file = requestUrl.pathname === OAUTH_CALLBACK ? join(folders.www, "index.html") : resolveFile(requestUrl.pathname);
    let body;
    try {
      if (!file) throw new Error("outside");
      body = await readFile(file);
    } catch {
      return res.writeHead(404, { ...common, "content-type": "text/plain" }).end("not found\n");
    }
    res.writeHead(200, { ...common, "content-type": types[extname(file)] ?? "application/octet-stream" });
    res.end(req.method === "HEAD" ? undefined : body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end();
    });
  });
  let demoPort;
  try {
    demoPort = await listen(server, port);
  } catch (error) {
    await fake.close();
    throw portError(error, "--port", port);
  }
  url = `http://127.0.0.1:${demoPort}/`;
  hosts = new Set([`127.0.0.1:${demoPort}`, `localhost:${demoPort}`, `[::1]:${demoPort}`]);

  return {
    url,
    port: demoPort,
    fake,
    fakeUrl: fake.url,
    close: async () => {
      server.closeAllConnections?.();
      await new Promise((r) => server.close(r));
      await fake.close();
    },
  };
}

/**
 * A browser request sent by a page of another origin: its Origin names another page, or
 * its Sec-Fetch-Site is not same-origin or none. Top-level GET navigations are let through
 * (a link to the demo, the fake's OAuth redirect back to the callback); they carry no
 * page's script and cannot read anything they were not shown.
 */
function crossSite(req) {
  const h = req.headers;
  if (h["sec-fetch-mode"] === "navigate" && (req.method === "GET" || req.method === "HEAD")) return false;
  if (h.origin !== undefined && String(h.origin).toLowerCase() !== `http://${String(h.host).toLowerCase()}`) return true;
  const site = h["sec-fetch-site"];
  return site !== undefined && site !== "same-origin" && site !== "none";
}

function portError(error, flag, port) {
  if (error.code !== "EADDRINUSE") return error;
  const hint = flag === "--port" ? "PORT=8090 make demo, or node www/serve.mjs --port 8090" : "node www/serve.mjs --zendesk-port N, or 0 for any free port";
  return new Error(`port ${port} is already in use; choose another (${hint})`);
}

// ---- command line -----------------------------------------------------------

function parseArgs(argv) {
  const args = { port: 8080, zendeskPort: undefined, target: "fake", quiet: false };
  const number = (v, flag) => {
    if (!/^\d+$/.test(String(v))) throw new Error(`${flag} needs a port number (0 for any free port)`);
    return Number(v);
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s);
    const value = () => inline ?? argv[++i];
    if (flag === "--port") args.port = number(value(), flag);
    else if (flag === "--zendesk-port") args.zendeskPort = number(value(), flag);
    else if (flag === "--target") args.target = value();
    else if (flag === "--quiet") args.quiet = true;
    else throw new Error(`unknown argument "${argv[i]}" (usage: serve.mjs [--port 8080] [--zendesk-port 8081] [--target fake|zendesk] [--quiet])`);
  }
  return args;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const demo = await startDemo({
    port: args.port,
    zendeskPort: args.zendeskPort,
    target: args.target,
    logLine: args.quiet ? undefined : (line) => process.stderr.write(`  fake-zendesk: ${line}\n`),
  });
  process.stdout.write(`${JSON.stringify({ demo: demo.url, fakeZendesk: demo.fakeUrl })}\n`);
  const c = demoCredentials();
  const targetLine =
    args.target === "zendesk"
      ? `target:  your Zendesk, https://{subdomain}.zendesk.com (switch to the local fake on the page at any time)`
      : `target:  the local fake Zendesk at ${demo.fake.accountUrl(c.subdomain)} (accounts acme, tokenoff, team)`;
  process.stderr.write(
    [
      "",
      `zendesk-auth demo: ${demo.url}`,
      "",
      targetLine,
      "",
      "demo credentials (they open only the local fake):",
      `  Subdomain    ${c.subdomain}`,
      `  Email        ${c.email}`,
      `  API token    ${c.apiToken}`,
      `  OAuth token  ${c.oauthToken}`,
      "",
      "For a real account choose \"My Zendesk\" on the page. A browser can call {subdomain}.zendesk.com",
      "only with an OAuth token: Zendesk sends no CORS headers for API-token (Basic) requests. To use an",
      "API token from a page, put a same-origin proxy that holds it in front (examples/edge-worker/).",
      "",
      "Ctrl-C stops the demo.",
      "",
    ].join("\n"),
  );
  const stop = () => demo.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    process.stderr.write(`demo: ${error.message}\n`);
    process.exit(1);
  });
}
