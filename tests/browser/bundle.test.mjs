// A production bundle of an app that imports the package by name (esbuild, minified,
// browser conditions, no plugins), loaded in headless Chromium and run against the fake
// Zendesk on another origin.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { appResult, launch, servePages } from "./harness.mjs";

const repo = process.env.ZA_REPO;
const esbuild = createRequire(`${repo}/tests/`)("esbuild");
const { startFakeZendesk, SEED } = await import(`${repo}/tests/fake-zendesk/server.mjs`);

let zd, site, browser;
before(async () => {
  mkdirSync("dist", { recursive: true });
  writeFileSync("app.mjs", `
    import init, { validate, ZendeskClient } from "zendesk-auth/client";
    await init();
    const params = new URLSearchParams(location.search);
    const client = new ZendeskClient({ baseUrl: params.get("base"), oauthToken: params.get("token") });
    window.result = {
      valid: validate({ subdomain: "Acme", oauthToken: params.get("token") }).ok,
      me: (await client.verify()).user.email,
    };
  `);
  await esbuild.build({ entryPoints: ["app.mjs"], bundle: true, minify: true, format: "esm", platform: "browser", outfile: "dist/app.js", logLevel: "error" });
  // The glue finds the .wasm next to the script (new URL(..., import.meta.url)): ship it beside the bundle.
  const pkgDir = dirname(createRequire(`${process.cwd()}/`).resolve("zendesk-auth/package.json"));
  copyFileSync(join(pkgDir, "client", "zendesk_auth_bg.wasm"), "dist/zendesk_auth_bg.wasm");
  zd = await startFakeZendesk({});
  site = await servePages({
    "/": `<!doctype html><script type="module" src="/dist/app.js"></script>`,
    "/dist/app.js": { type: "text/javascript", body: readFileSync("dist/app.js") },
    "/dist/zendesk_auth_bg.wasm": { type: "application/wasm", body: readFileSync("dist/zendesk_auth_bg.wasm") },
  });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await site?.close();
  await zd?.close();
});

test("the bundle uses the browser entry and runs validate and a client call", async () => {
  const bundle = readFileSync("dist/app.js", "utf8");
  assert.ok(bundle.includes("NOT_INITIALIZED"), "the browser entry (browser.mjs) was bundled");
  assert.ok(!bundle.includes("readFileSync"), "the Node entry must not end up in a browser bundle");
  const q = new URLSearchParams({ base: zd.accountUrl("acme"), token: SEED.acme.oauth.adminReadWrite.token });
  const { result, errors } = await appResult(browser, `${site.url}/?${q}`);
  assert.deepEqual(result, { valid: true, me: SEED.acme.users.admin.email });
  assert.deepEqual(errors, []);
});

test("a page that only validates bundles the core entry alone, with the smaller .wasm", async () => {
  writeFileSync("core-app.mjs", `
    import init, { validate, buildAuthorizationHeader } from "zendesk-auth";
    await init();
    const c = { subdomain: "acme", email: "agent@example.com", apiToken: "${"a".repeat(40)}" };
    window.result = { valid: validate(c).ok, header: buildAuthorizationHeader(c) };
  `);
  await esbuild.build({ entryPoints: ["core-app.mjs"], bundle: true, minify: true, format: "esm", platform: "browser", outfile: "dist/core-app.js", logLevel: "error" });
  const bundle = readFileSync("dist/core-app.js", "utf8");
  assert.ok(!bundle.includes("ZendeskClient") && !bundle.includes("exchangeCode"), "no client code in a core-only bundle");
  const pkgDir = dirname(createRequire(`${process.cwd()}/`).resolve("zendesk-auth/package.json"));
  const coreWasm = readFileSync(join(pkgDir, "zendesk_auth_bg.wasm"));
  assert.ok(coreWasm.length < readFileSync(join(pkgDir, "client", "zendesk_auth_bg.wasm")).length / 2, "the core .wasm is under half the client's");
  const site3 = await servePages({
    "/": `<!doctype html><script type="module" src="/dist/core-app.js"></script>`,
    "/dist/core-app.js": { type: "text/javascript", body: bundle },
    "/dist/zendesk_auth_bg.wasm": { type: "application/wasm", body: coreWasm },
  });
  try {
    const { result, errors } = await appResult(browser, site3.url);
    // Expected header computed independently: base64 of "agent@example.com/token:aaaa...".
    const expected = "Basic " + Buffer.from(`agent@example.com/token:${"a".repeat(40)}`).toString("base64");
    assert.deepEqual(result, { valid: true, header: expected });
    assert.deepEqual(errors, []);
  } finally {
    await site3.close();
  }
});

test("the npm page's browser example, bundled, runs in Chromium (only the client's target swapped)", async () => {
  const pkgDir = dirname(createRequire(`${process.cwd()}/`).resolve("zendesk-auth/package.json"));
  const readme = readFileSync(join(pkgDir, "README.md"), "utf8");
  const section = readme.split(/^## /m).find((s) => s.startsWith("Browsers and bundlers"));
  const [code] = [...section.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
  const local = code.replace('new ZendeskClient({ subdomain: "acme",', `new ZendeskClient({ baseUrl: ${JSON.stringify(zd.accountUrl("acme"))},`);
  assert.notEqual(local, code);
  writeFileSync("readme-app.mjs", local);
  await esbuild.build({ entryPoints: ["readme-app.mjs"], bundle: true, minify: true, format: "esm", platform: "browser", outfile: "dist/readme-app.js", logLevel: "error" });
  const site2 = await servePages({
    "/": `<!doctype html><script type="module" src="/dist/readme-app.js"></script>`,
    "/dist/readme-app.js": { type: "text/javascript", body: readFileSync("dist/readme-app.js") },
    "/dist/zendesk_auth_bg.wasm": { type: "application/wasm", body: readFileSync("dist/zendesk_auth_bg.wasm") },
  });
  try {
    const page = await browser.newPage();
    const logs = [];
    page.on("console", (m) => m.type() === "log" && logs.push(m.text())); // not the browser's own favicon 404
    await page.addInitScript((t) => sessionStorage.setItem("zendesk_access_token", t), SEED.acme.oauth.adminReadWrite.token);
    await page.goto(site2.url);
    for (let i = 0; i < 50 && logs.length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(logs, ["true", "oauth"]);
  } finally {
    await site2.close();
  }
});
