// Shared by the browser tests: Debian's Chromium driven by playwright-core, and a
// static server on its own origin serving a page plus the installed package.
import { after, before, beforeEach } from "node:test";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, extname, join, normalize, sep } from "node:path";

const repo = process.env.ZA_REPO;
const { chromium } = await import(`${repo}/tests/node_modules/playwright-core/index.mjs`);
const { startFakeZendesk } = await import(`${repo}/tests/fake-zendesk/server.mjs`);

// Flags: no sandbox (root in CI), and no background networking, which this machine's
// closed network would refuse.
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm" };
const packageDir = dirname(createRequire(`${process.cwd()}/`).resolve("zendesk-auth/package.json"));

/** Serves `pages` (path -> html string, or { type, body }) and the installed package under /pkg/. */
export async function servePages(pages) {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    const page = pages[path];
    if (typeof page === "string") return res.writeHead(200, { "content-type": types[".html"] }).end(page);
    if (page) return res.writeHead(200, { "content-type": page.type }).end(page.body);
    if (path.startsWith("/pkg/")) {
      const file = normalize(join(packageDir, path.slice(5)));
      if (file.startsWith(packageDir + sep)) {
        try {
          const body = await readFile(file);
          return res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(body);
        } catch {}
      }
    }
    res.writeHead(404).end();
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

/** Opens `url` in a new page, waits for the app's `window.result` and returns it with any page errors. */
export async function appResult(browser, url) {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForFunction(() => window.result, null, { timeout: 10000 });
  return { result: await page.evaluate(() => window.result), errors };
}

/**
 * Runs `fn(window.za, arg)` in `page` (fn's source is sent, so it may use nothing from
 * the test's scope) and returns `{ ok: result }`, or the thrown error's `{ code, message }`.
 */
export function runInPage(page, fn, arg) {
  return page.evaluate(
    async ([src, arg]) => {
      try {
        return { ok: await (0, eval)(src)(window.za, arg) };
      } catch (e) {
        return { code: e.code, message: e.message };
      }
    },
    [fn.toString(), arg],
  );
}

/**
 * The page client code runs in: the client's browser entry as `window.za`, then
 * `beforeInit` (a script that runs before init() has loaded the .wasm), then init(),
 * then `window.ready`.
 */
export const clientPage = (beforeInit = "") => `<!doctype html><script type="module">
  import init, * as za from "/pkg/client/browser.mjs";
  window.za = za;
  ${beforeInit}
  await init();
  window.ready = true;
</script>`;

/**
 * The setup of a file that runs client code in one page against the fake Zendesk on
 * another origin (so the browser enforces CORS): the fake, a server for `pages` (the one
 * at "/" sets `window.ready` once init() is done) and Chromium start before the tests,
 * the fake is reset before each and everything closes after. The returned `zd`, `site`,
 * `browser` and `page` are set once the tests run; `inPage(fn, arg)` is runInPage there.
 */
export function clientPageFixture(pages) {
  const f = { inPage: (fn, arg) => runInPage(f.page, fn, arg) };
  before(async () => {
    f.zd = await startFakeZendesk({});
    f.site = await servePages(pages);
    f.browser = await launch();
    f.page = await f.browser.newPage();
    await f.page.goto(f.site.url);
    await f.page.waitForFunction(() => window.ready === true);
  });
  after(async () => {
    await f.browser?.close();
    await f.site?.close();
    await f.zd?.close();
  });
  beforeEach(() => f.zd.reset());
  return f;
}
