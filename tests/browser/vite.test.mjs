// A Vite production build of an app that imports the package by name, with no plugins
// and no copying: Vite finds the .wasm through the glue's new URL(..., import.meta.url)
// and emits it. Loaded in headless Chromium against the fake Zendesk on another origin.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { appResult, launch, servePages } from "./harness.mjs";

const repo = process.env.ZA_REPO;
const { build } = await import(`${repo}/tests/node_modules/vite/dist/node/index.js`);
const { startFakeZendesk, SEED } = await import(`${repo}/tests/fake-zendesk/server.mjs`);

let zd, site, browser;
before(async () => {
  mkdirSync("vite-app", { recursive: true });
  writeFileSync("vite-app/index.html", `<!doctype html><script type="module" src="./main.js"></script>`);
  writeFileSync("vite-app/main.js", `
    import init, { validate, ZendeskClient } from "zendesk-auth/client";
    await init();
    const q = new URLSearchParams(location.search);
    const client = new ZendeskClient({ baseUrl: q.get("base"), oauthToken: q.get("token") });
    window.result = { valid: validate({ subdomain: "acme", oauthToken: q.get("token") }).ok, me: (await client.verify()).user.email };
  `);
  await build({ root: "vite-app", logLevel: "error", configFile: false, build: { outDir: "dist", emptyOutDir: true, target: "es2022" } });
  const pages = {};
  const serveDir = (dir, prefix) => {
    for (const f of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, f.name);
      if (f.isDirectory()) serveDir(path, `${prefix}${f.name}/`);
      else pages[`${prefix}${f.name}`] = f.name.endsWith(".html")
        ? readFileSync(path, "utf8")
        : { type: f.name.endsWith(".wasm") ? "application/wasm" : "text/javascript", body: readFileSync(path) };
    }
  };
  serveDir("vite-app/dist", "/");
  pages["/"] = pages["/index.html"];
  zd = await startFakeZendesk({});
  site = await servePages(pages);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await site?.close();
  await zd?.close();
});

test("Vite emits the .wasm by itself and the built app runs validate and a client call", async () => {
  const assets = readdirSync("vite-app/dist/assets");
  assert.ok(assets.some((f) => f.endsWith(".wasm")), `no .wasm among ${assets}`);
  const q = new URLSearchParams({ base: zd.accountUrl("acme"), token: SEED.acme.oauth.adminReadWrite.token });
  const { result, errors } = await appResult(browser, `${site.url}/?${q}`);
  assert.deepEqual(result, { valid: true, me: SEED.acme.users.admin.email });
  assert.deepEqual(errors, []);
});
