// The npm page's Cloudflare Workers example, read from the installed package and run
// under workerd (Miniflare) against the fake Zendesk; only the target is swapped
// (subdomain -> the fake's base URL).
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const repo = process.env.ZA_REPO;
const requireTool = createRequire(`${repo}/tests/`);
const { bundleWorker } = await import(`${repo}/tests/workerd-bundle.mjs`);
const { Miniflare } = requireTool("miniflare");
const { startFakeZendesk, SEED } = await import(`${repo}/tests/fake-zendesk/server.mjs`);

const readme = readFileSync(join(dirname(createRequire(`${process.cwd()}/`).resolve("zendesk-auth/package.json")), "README.md"), "utf8");
const section = readme.split(/^## /m).find((s) => s.startsWith("Cloudflare Workers"));
const [code] = [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);

let zd, mf;
after(async () => {
  await mf?.dispose();
  await zd?.close();
});

test("README Workers example runs under workerd with the package's workerd entry", async () => {
  assert.ok(code.includes("subdomain: env.ZENDESK_SUBDOMAIN"));
  zd = await startFakeZendesk({});
  mkdirSync("readme-worker", { recursive: true });
  writeFileSync("readme-worker/index.js", code.replace("subdomain: env.ZENDESK_SUBDOMAIN", "baseUrl: env.ZENDESK_BASE_URL"));
  const built = await bundleWorker("readme-worker/index.js", "readme-worker/dist");
  assert.ok(Object.keys(built.metafile.inputs).some((p) => p.endsWith("zendesk-auth/client/workerd.mjs")));
  mf = new Miniflare({
    modules: true,
    scriptPath: "readme-worker/dist/index.js",
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: "2025-06-01",
    bindings: { ZENDESK_BASE_URL: zd.accountUrl("acme"), ZENDESK_EMAIL: SEED.acme.users.admin.email, ZENDESK_API_TOKEN: SEED.acme.apiTokens[0] },
  });
  const res = await mf.dispatchFetch("http://worker.test/");
  assert.deepEqual(await res.json(), { name: "Ada Admin", scheme: "api_token" });
});

test("README zendesk-auth/edge example: the three-line Worker serves sign-in and refuses the anonymous", async () => {
  const { bundle, worker, CLIENT_ID, SESSION_SECRET } = await import("./harness.mjs");
  const edge = readme.split(/^## /m).find((s) => s.startsWith("Backend-for-frontend on Workers"));
  const [edgeCode] = [...edge.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.match(edgeCode, /from "zendesk-auth\/edge"/);
  const fakeZd = await startFakeZendesk({});
  mkdirSync("readme-edge", { recursive: true });
  writeFileSync("readme-edge/index.js", edgeCode);
  await bundle("readme-edge/index.js", "readme-edge/dist");
  const app = "http://localhost:8790";
  const m = new Miniflare({ workers: [worker("readme-edge", "readme-edge/dist/index.js", {
    AUTH_MODE: "user", APP_ORIGIN: app, ZENDESK_SUBDOMAIN: "acme", ZENDESK_BASE_URL: fakeZd.accountUrl("acme"),
    ZENDESK_CLIENT_ID: CLIENT_ID, ZENDESK_CLIENT_SECRET: SEED.acme.oauthClients.confidential.secret, SESSION_SECRET,
  })] });
  try {
    const login = await m.dispatchFetch(`${app}/auth/login`, { redirect: "manual" });
    assert.equal(login.status, 302);
    assert.ok(login.headers.get("location").startsWith(`${fakeZd.accountUrl("acme")}/oauth/authorizations/new?`));
    const api = await m.dispatchFetch(`${app}/api/v2/users/me.json`);
    assert.equal(api.status, 401);
    assert.deepEqual(Object.keys(await api.json()).sort(), ["code", "hint", "message"]);
    assert.equal(api.headers.get("x-zendesk-auth-code"), "NOT_SIGNED_IN");
    assert.equal(fakeZd.getLog({ account: "acme" }).length, 0, "an anonymous call reached Zendesk");
  } finally {
    await m.dispose();
    await fakeZd.close();
  }
});
