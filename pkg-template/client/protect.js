// ZendeskClient as users get it: wasm-bindgen's class, with three promises kept at the
// boundary. free() wipes the client's secrets at once, even while a pages iterator or a
// request still shares its state (those then end with CLIENT_FREED); a client used after
// free() answers with a coded CLIENT_FREED error (a rejected promise from the async
// methods, a throw from the others) instead of reaching wasm with a null pointer; and
// free() may be called again (or by `using`) safely.
import { ZendeskAuthError } from "../error.js";

const ASYNC = ["verify", "request", "get", "post", "put", "delete"];

/** @param {string} name */
function freed(name) {
  return new ZendeskAuthError("CLIENT_FREED", `ZendeskClient.${name}() was called after free().`, "Create a new ZendeskClient; a freed one cannot be used again.");
}

/**
 * @param {any} Handle wasm-bindgen's ZendeskClient class
 * @param {(name: string) => void} [ensure] the browser entries' init() check
 */
export function protectClient(Handle, ensure) {
  class ZendeskClient extends Handle {
    /** @param {unknown} options */
    constructor(options) {
      if (ensure) ensure("new ZendeskClient");
      super(options);
    }

    free() {
      if (this.__wbg_ptr === 0) return;
      super.wipeSecrets();
      super.free();
    }

    get authScheme() {
      if (this.__wbg_ptr === 0) throw freed("authScheme");
      return super.authScheme;
    }

    get baseUrl() {
      if (this.__wbg_ptr === 0) throw freed("baseUrl");
      return super.baseUrl;
    }

    /** @param {unknown[]} args */
    paginate(...args) {
      if (this.__wbg_ptr === 0) throw freed("paginate");
      return super.paginate(...args);
    }
  }
  for (const name of ASYNC) {
    const method = Handle.prototype[name];
    Object.defineProperty(ZendeskClient.prototype, name, {
      configurable: true,
      writable: true,
      value: { [name](/** @type {unknown[]} */ ...args) {
        return this.__wbg_ptr === 0 ? Promise.reject(freed(name)) : method.apply(this, args);
      } }[name],
    });
  }
  if (typeof Symbol.dispose === "symbol") {
    Object.defineProperty(ZendeskClient.prototype, Symbol.dispose, { configurable: true, writable: true, value: ZendeskClient.prototype.free });
  }
  return ZendeskClient;
}
