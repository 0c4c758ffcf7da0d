// Shared by the browser entries (the core's and the client's): `init()` fetches the
// .wasm once (memoised: call it as often as you like), and until it has finished every
// function throws a ZendeskAuthError with code NOT_INITIALIZED, naming the entry, instead
// of an obscure TypeError from the glue.
import { ZendeskAuthError } from "./error.js";

export function browserEntry(wasmInit, glueInitSync, entryName) {
  let ready = false;
  let pending;

  /** Loads the WebAssembly module once; later calls return the same promise. */
  function init(input) {
    if (!pending) {
      pending = wasmInit(input).then(
        (exports) => {
          ready = true;
          return exports;
        },
        (error) => {
          pending = undefined; // let a later call try again
          throw error;
        },
      );
    }
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
