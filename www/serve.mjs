// Serves the demo page (www/) and the built package (pkg/ at /pkg/) on loopback only.
//   node www/serve.mjs [--port 8080]
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const portArg = process.argv.indexOf("--port");
const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 8080;
const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json" };

function resolve(urlPath) {
  const path = decodeURIComponent(urlPath.split("?")[0]);
  const [base, rest] = path.startsWith("/pkg/") ? ["pkg", path.slice(5)] : ["www", path === "/" ? "index.html" : path.slice(1)];
  const file = normalize(join(root, base, rest));
  return file.startsWith(join(root, base) + sep) ? file : null; // no escaping the two folders
}

createServer(async (req, res) => {
  const file = resolve(req.url);
  try {
    if (!file) throw new Error("outside");
    const body = await readFile(file);
    res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
    res.end(body);
  } catch {
    res.writeHead(404, { "content-type": "text/plain" }).end("not found");
  }
}).listen(port, "127.0.0.1", () => {
  console.log(`demo: http://127.0.0.1:${port}/`);
});
