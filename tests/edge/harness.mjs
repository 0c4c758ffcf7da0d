// Shared by the edge tests: bundles the example Worker the way wrangler does, runs
// Workers under workerd through Miniflare, plays a browser's cookie jar, and serves the
// loopback stand-ins the Worker talks to (a token-endpoint relay, a Cloudflare Access JWKS).
import { createServer, request as httpRequest } from "node:http";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { webcrypto } from "node:crypto";

export const repo = process.env.ZA_REPO;
if (!repo) throw new Error("set ZA_REPO to the repository root");
export const here = dirname(fileURLToPath(import.meta.url));
export const example = join(here, "edge-worker");
const { bundleWorker } = await import(`${repo}/tests/workerd-bundle.mjs`);
export const { Miniflare } = await import(`${repo}/tests/node_modules/miniflare/dist/src/index.js`);
export const fake = await import(`${repo}/tests/fake-zendesk/server.mjs`);

const toml = readFileSync(join(example, "wrangler.toml"), "utf8");
export const tomlValue = (key) => toml.match(new RegExp(`^${key}\\s*=\\s*"([^"]*)"`, "m"))?.[1];
export const COMPAT_DATE = tomlValue("compatibility_date");
export const CLIENT_ID = fake.CONFIDENTIAL_CLIENT_ID ?? "zendesk_auth_confidential";
export const SESSION_SECRET = "test-only session secret, 48 characters long....";

/** The example bundled as `wrangler deploy` bundles it (see tests/workerd-bundle.mjs). */
export function bundle(entry = join(example, tomlValue("main")), outdir = join(here, "dist")) {
  return bundleWorker(entry, outdir, here);
}

/** One Worker of the example; `owner` names the Worker whose Durable Objects it shares. */
export function worker(name, scriptPath, bindings, owner) {
  const ns = (className) => (owner ? { className, scriptName: owner } : { className, useSQLite: true });
  return {
    name,
    modules: true,
    scriptPath,
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: COMPAT_DATE,
    bindings,
    durableObjects: { ZENDESK_SESSIONS: ns("ZendeskSession"), ZENDESK_RATE_BUDGET: ns("ZendeskRateBudget") },
  };
}

/** A browser's view of one Worker: a cookie jar and manual redirects. */
export class Browser {
  constructor(mf, workerName, origin) {
    this.mf = mf;
    this.workerName = workerName;
    this.origin = origin;
    this.jar = new Map();
  }
  async fetch(path, init = {}) {
    const headers = { ...(init.headers ?? {}) };
    if (this.jar.size) headers.cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join("; ");
    const url = path.startsWith("http") ? path : this.origin + path;
    // Miniflare's getWorker() refuses a foreign Origin itself (dev-server protection);
    // dispatchFetch() passes it on, to the first Worker of the instance.
    const res = init.firstWorker
      ? await this.mf.dispatchFetch(url, { ...init, headers, redirect: "manual" })
      : await (await this.mf.getWorker(this.workerName)).fetch(url, { ...init, headers, redirect: "manual" });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const [k, v] = [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)];
      if (attrs.some((a) => /max-age=0/i.test(a.trim()))) this.jar.delete(k);
      else this.jar.set(k, v);
    }
    return res;
  }
  /** /auth/login -> Zendesk's authorization page (the fake approves at once) -> /auth/callback. */
  async signIn() {
    const login = await this.fetch("/auth/login");
    if (login.status !== 302) throw new Error(`login answered ${login.status}: ${await login.text()}`);
    const zendesk = await fetch(login.headers.get("location"), { redirect: "manual" });
    if (zendesk.status !== 302) throw new Error(`authorization page answered ${zendesk.status}`);
    const callback = await this.fetch(zendesk.headers.get("location"));
    await callback.text();
    return callback;
  }
}

/**
 * A relay between the Worker and the fake Zendesk. `dropNextTokenAnswer()` makes the next
 * answer of the token endpoint get lost: the fake has handled the request (and rotated the
 * pair), the Worker sees the connection die. It also keeps every token it relays, so tests
 * can look for them where they must not be.
 */
export async function startRelay(target) {
  const seen = new Set();
  let drop = false;
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      // The Host stays the relay's, so the absolute URLs the fake builds point at the relay, as Zendesk's point at itself.
      const up = httpRequest(target + req.url, { method: req.method, headers: req.headers }, (upRes) => {
        const body = [];
        upRes.on("data", (c) => body.push(c));
        upRes.on("end", () => {
          const text = Buffer.concat(body).toString("utf8");
          if (req.url.endsWith("/oauth/tokens")) {
            try {
              const j = JSON.parse(text);
              for (const k of ["access_token", "refresh_token"]) if (j[k]) seen.add(j[k]);
            } catch { /* not a token answer */ }
            if (drop) {
              drop = false;
              req.socket.destroy();
              return;
            }
          }
          res.writeHead(upRes.statusCode, upRes.headers);
          res.end(Buffer.concat(body));
        });
      });
      up.on("error", () => req.socket.destroy());
      up.end(Buffer.concat(chunks));
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    tokens: seen,
    dropNextTokenAnswer() {
      drop = true;
    },
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  };
}

const b64u = (buf) => Buffer.from(buf).toString("base64url");

/** A Cloudflare Access team on loopback: a JWKS at /cdn-cgi/access/certs and a signer, keys from WebCrypto. */
export async function startAccessTeam() {
  const alg = { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" };
  const good = await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"]);
  const other = await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"]);
  const jwk = { ...(await webcrypto.subtle.exportKey("jwk", good.publicKey)), kid: "key-1", alg: "RS256", use: "sig" };
  let certsServed = 0;
  const server = createServer((req, res) => {
    if (req.url !== "/cdn-cgi/access/certs") return res.writeHead(404).end();
    certsServed++;
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const team = `http://127.0.0.1:${server.address().port}`;
  async function sign(claims, { key = good.privateKey, header = { alg: "RS256", kid: "key-1", typ: "JWT" } } = {}) {
    const now = Math.floor(Date.now() / 1000);
    const payload = { iss: team, aud: ["aud-tag"], email: "person@example.com", iat: now, exp: now + 300, ...claims };
    const input = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(payload))}`;
    const sig = await webcrypto.subtle.sign("RSASSA-PKCS1-v1_5", key, new TextEncoder().encode(input));
    return `${input}.${b64u(sig)}`;
  }
  return { team, audience: "aud-tag", sign, otherKey: other.privateKey, certsServed: () => certsServed, close: () => new Promise((r) => server.close(r)) };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
