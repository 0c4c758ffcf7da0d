// Shared by the browser entries (the core's and the client's): `init()` loads the .wasm
// once (memoised: call it as often as you like), and until it has finished every function
// throws a ZendeskAuthError with code NOT_INITIALIZED, naming the entry, instead of an
// obscure TypeError from the glue. Loading is done here rather than by the glue's own
// init, which the bundle then leaves out (about 380 bytes gzip of the core's budget).
import { ZendeskAuthError } from "./error.js";

/**
 * @param {(input: { module: WebAssembly.Module }) => unknown} glueInitSync
 * @param {string} entryName "zendesk-auth" or "zendesk-auth/client"
 * @param {URL} wasmUrl the entry's own .wasm, beside it
 */
export function browserEntry(glueInitSync, entryName, wasmUrl) {
  let ready = false;
  let pending;

  /** Compiles what init() was given: nothing (the .wasm beside the entry), a URL, a
   *  Response or a promise of one, bytes, a compiled module, or `{ module_or_path }`. */
  async function compile(input) {
    let source = await (input && typeof input === "object" && "module_or_path" in input ? input.module_or_path : input ?? wasmUrl);
    if (typeof source === "string" || source instanceof URL) source = await fetch(source);
    if (source instanceof WebAssembly.Module) return source;
    if (typeof Response === "function" && source instanceof Response) {
      if (!source.ok) throw new Error(`zendesk-auth: fetching the .wasm failed with ${source.status} (${source.url})`);
      source = await source.arrayBuffer();
    }
    return WebAssembly.compile(source);
  }

  /** Loads the WebAssembly module once; later calls return the same promise. */
  function init(input) {
    pending ??= compile(input).then(
      (module) => {
        const exports = glueInitSync({ module });
        ready = true;
        return exports;
      },
      (error) => {
        pending = undefined; // let a later call try again
        throw error;
      },
    );
    return pending;
  }

  /** Instantiates synchronously from a compiled module or bytes you already have. */
  function initSync(input) {
    const exports = glueInitSync(input);
    ready = true;
    return exports;
  }

  function ensure(name) {
    if (ready) return;
    throw new ZendeskAuthError(
      "NOT_INITIALIZED",
      `${name}() was called before init() of "${entryName}" finished.`,
      `Call \`await init()\` from "${entryName}" once at start-up; each entry loads its own .wasm.`,
    );
  }

  /** The glue's function `f` (named `name`), refusing politely until init() has finished. */
  const guarded = (f, name) => (...args) => {
    ensure(name);
    return f(...args);
  };

  return { init, initSync, ensure, guarded };
}
