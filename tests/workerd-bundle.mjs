// Bundles a Worker as `wrangler deploy` does, for the layers that run Workers under
// workerd (Miniflare): ES modules with the workerd, worker and browser export
// conditions, `cloudflare:*` left to the runtime, and a .wasm copied beside the bundle
// to be loaded as a module. Paths are read from `workingDir`, the layer's scratch
// project, where the packed package is installed.
const esbuild = await import(`${import.meta.dirname}/node_modules/esbuild/lib/main.js`);

/** esbuild's result, with its metafile (what went into the bundle). */
export function bundleWorker(entry, outdir, workingDir = process.cwd()) {
  return esbuild.build({
    entryPoints: [entry],
    absWorkingDir: workingDir,
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    external: ["cloudflare:*"],
    loader: { ".wasm": "copy" },
    outdir,
    metafile: true,
    logLevel: "warning",
  });
}
