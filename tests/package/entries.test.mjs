// What each entry exports at run time is exactly what its types declare, in every form
// Node loads (ES module, CommonJS, the browser module); optional options accept
// `undefined` at run time as the types allow; and a page that imports both entries gets
// a NOT_INITIALIZED error naming the entry whose init() it has not awaited.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve("zendesk-auth/package.json"));

/** The value exports a declaration file names (functions, classes, constants, the default). */
function declared(file) {
  const source = readFileSync(join(pkgDir, file), "utf8");
  const names = new Set();
  for (const m of source.matchAll(/^export (?:declare )?(default )?(?:function|class|const|let|var)\s+(\w+)/gm)) names.add(m[1] ? "default" : m[2]);
  return [...names].sort();
}

const ENTRIES = {
  "zendesk-auth": { dir: ".", types: ["zendesk_auth.d.ts", "zendesk_auth.d.cts"] },
  "zendesk-auth/client": { dir: "client", types: ["client/zendesk_auth.d.ts", "client/zendesk_auth.d.cts"] },
};

for (const [entry, { dir, types }] of Object.entries(ENTRIES)) {
  test(`${entry}: every export at run time is declared, and every declared value exists`, async () => {
    const want = declared(types[0]);
    assert.deepEqual(declared(types[1]), want, "the CommonJS declarations differ");
    assert.ok(want.includes("ZendeskAuthError") && want.includes("default") && want.includes("initSync"));
    const forms = {
      "import": await import(entry),
      "require": require(entry),
      "browser module": await import(pathToFileURL(join(pkgDir, dir, "browser.mjs")).href),
    };
    for (const [form, module] of Object.entries(forms)) {
      assert.deepEqual(Object.keys(module).sort(), want, `${entry} via ${form}`);
    }
    // ZendeskAuthError is a class, as declared.
    assert.equal(typeof forms.import.ZendeskAuthError, "function");
    assert.ok(new forms.import.ZendeskAuthError("NOT_INITIALIZED", "m", "h") instanceof Error);
  });
}

test("the glue's raw init output is not declared: init() resolves to what the types say", () => {
  for (const file of ["zendesk_auth.d.ts", "client/zendesk_auth.d.ts"]) {
    const source = readFileSync(join(pkgDir, file), "utf8");
    assert.ok(!/InitOutput|__wbg_init|__wbindgen/.test(source), `${file} exposes the wasm exports`);
    assert.match(source, /^export default function init\(options\?: \{ module_or_path\?: .*\}\): Promise<void>;$/m);
  }
});

test("optional fields given as undefined count as absent, as the types allow", async () => {
  const { validate, buildAuthorizationHeader, ZendeskClient, createAuthorizationUrl } = await import("zendesk-auth/client");
  const TOKEN = "2e8f0d5b0b8a4c6f9e1d3a7b5c9e0f1a2b3c4d5e6f708192a3b4c5d6e7f80912";
  const r = validate({ subdomain: "acme", email: undefined, apiToken: undefined, oauthToken: TOKEN, password: undefined }, { now: undefined });
  assert.equal(r.ok, true);
  assert.deepEqual(r.diagnostics, []);
  assert.equal(buildAuthorizationHeader({ oauthToken: TOKEN }, { scheme: undefined, now: undefined }), `Bearer ${TOKEN}`);
  const client = new ZendeskClient({
    subdomain: "acme", oauthToken: TOKEN, baseUrl: undefined, clientId: undefined, clientSecret: undefined, tokens: undefined,
    onTokens: undefined, auth: undefined, timeoutMs: undefined, retry: { maxRetries: undefined, maxWaitMs: undefined, onRateLimit: undefined },
  });
  assert.equal(client.baseUrl, "https://acme.zendesk.com");
  assert.equal(client.authScheme, "oauth");
  client.free();
  const { url } = createAuthorizationUrl({ subdomain: "acme", baseUrl: undefined, clientId: "app", redirectUri: "https://app.example/cb", scopes: "read", state: undefined });
  assert.equal(new URL(url).origin, "https://acme.zendesk.com");
});

test("one page, both entries: each has its own init, and NOT_INITIALIZED names the entry not yet initialised", async () => {
  // The browser modules, loaded fresh (file URLs; the package's Node entries are separate instances).
  const core = await import(pathToFileURL(join(pkgDir, "browser.mjs")).href + "?page");
  const client = await import(pathToFileURL(join(pkgDir, "client/browser.mjs")).href + "?page");
  const notInitialized = (entry, call) => (e) => {
    assert.equal(e.name, "ZendeskAuthError");
    assert.equal(e.code, "NOT_INITIALIZED");
    assert.equal(e.message, `${call}() was called before init() of "${entry}" finished.`);
    assert.match(e.hint, new RegExp(`init\\(\\)\` from "${entry.replace("/", "\\/")}"`));
    return true;
  };
  const credentials = { subdomain: "acme", oauthToken: "2e8f0d5b0b8a4c6f9e1d3a7b5c9e0f1a2b3c4d5e6f708192a3b4c5d6e7f80912" };
  assert.throws(() => core.validate(credentials), notInitialized("zendesk-auth", "validate"));
  assert.throws(() => new client.ZendeskClient(credentials), notInitialized("zendesk-auth/client", "new ZendeskClient"));
  // Initialising the client's entry does not initialise the core's: two .wasm files.
  client.initSync({ module: readFileSync(join(pkgDir, "client/zendesk_auth_bg.wasm")) });
  assert.equal(client.validate(credentials).ok, true);
  assert.throws(() => core.redact("x"), notInitialized("zendesk-auth", "redact"));
  core.initSync({ module: readFileSync(join(pkgDir, "zendesk_auth_bg.wasm")) });
  assert.equal(core.validate(credentials).ok, true);
});
