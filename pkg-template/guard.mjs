// Shared by the browser entries (the core's and the client's): `init()` fetches the
// .wasm once (memoised: call it as often as you like), and until it has finished every
// function throws a ZendeskAuthError with code NOT_INITIALIZED instead of an obscure
// TypeError from the glue.
export function browserEntry(wasmInit, glue) {
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
    const exports = glue.initSync(input);
    ready = true;
    return exports;
  }

  function ensure(name) {
    if (ready) return;
    const error = new Error(`zendesk-auth is not initialised yet: await init() before calling ${name}().`);
    error.name = "ZendeskAuthError";
    error.code = "NOT_INITIALIZED";
    error.hint = "Call `await init()` once at start-up (it fetches the .wasm file), then use the functions.";
    throw error;
  }

  /** The glue's function `name`, refusing politely until init() has finished. */
  const guarded = (name) => (...args) => {
    ensure(name);
    return glue[name](...args);
  };

  // The core's functions, which both entries export.
  const core = {};
  for (const name of ["validate", "buildAuthorizationHeader", "inspectAuthorizationHeader", "redact", "apiBaseUrl"]) core[name] = guarded(name);

  return { init, initSync, ensure, guarded, core };
}
