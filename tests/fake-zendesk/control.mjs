// Test-only control surface: the same operations as JS methods (for in-process
// tests) and as HTTP routes under /__control/ (for other processes, e.g. a
// browser test or a benchmark driving `node server.mjs`). No auth: loopback only.
//
//   POST   /__control/reset
//   GET    /__control/accounts/{sub}          current settings
//   POST   /__control/accounts/{sub}          JSON patch (see state.mjs CONFIG_KEYS)
//   GET    /__control/faults/{sub}            queued faults
//   POST   /__control/faults/{sub}            enqueue {fault, count?, method?, path?} or an array
//   DELETE /__control/faults/{sub}            clear the queue
//   POST   /__control/settings                {notFoundTextPlain}
//   GET    /__control/oauth/{sub}             OAuth counters (token requests per grant type, ...)
//   POST   /__control/clock                   {advanceMs}: move the fake's clock forward
//   GET    /__control/log[?account=&method=&apiPath=&status=&grantType=]
//   DELETE /__control/log                     (also clears captures)
//   GET    /__control/captures
//   DELETE /__control/captures
//   POST   /__control/webhooks                send one signed webhook (see webhooks.mjs)

import { applyAccountPatch, describeAccount } from "./state.mjs";
import { enqueueFaults } from "./faults.mjs";
import { filterLog } from "./log.mjs";
import { describeOAuthStats } from "./oauth.mjs";
import { sendWebhook } from "./webhooks.mjs";

export function createControl(state) {
  const accountOrThrow = (sub) => {
    const account = state.accounts.get(String(sub).toLowerCase());
    if (!account) throw new TypeError(`no account "${sub}" (seeded: ${[...state.accounts.keys()].join(", ")})`);
    return account;
  };
  const getLog = (filter) => filterLog(state.log, filter).map((e) => ({ ...e, query: { ...e.query } }));
  return {
    reset() {
      state.reset();
    },
    account(sub) {
      return describeAccount(accountOrThrow(sub));
    },
    /**
     * Patch an account's settings. For a subdomain without an account the only
     * setting is `notFoundTextPlain` (answer its 404 as text/plain).
     */
    configureAccount(sub, patch) {
      const name = String(sub).toLowerCase();
      const account = state.accounts.get(name);
      if (account) return describeAccount((applyAccountPatch(account, patch), account));
      const keys = Object.keys(patch ?? {});
      if (keys.length !== 1 || keys[0] !== "notFoundTextPlain" || typeof patch.notFoundTextPlain !== "boolean") {
        throw new TypeError(`no account "${sub}": only {"notFoundTextPlain": true|false} can be set for it`);
      }
      state.unknownSubdomains.set(name, { notFoundTextPlain: patch.notFoundTextPlain });
      return { subdomain: name, exists: false, notFoundTextPlain: patch.notFoundTextPlain };
    },
    enqueueFault(sub, entries) {
      const account = accountOrThrow(sub);
      enqueueFaults(account, entries);
      return account.faults.map((f) => ({ ...f }));
    },
    faults(sub) {
      return accountOrThrow(sub).faults.map((f) => ({ ...f }));
    },
    clearFaults(sub) {
      accountOrThrow(sub).faults.length = 0;
    },
    settings(patch) {
      if (patch?.notFoundTextPlain !== undefined) {
        if (typeof patch.notFoundTextPlain !== "boolean") throw new TypeError("notFoundTextPlain must be a boolean");
        state.settings.notFoundTextPlain = patch.notFoundTextPlain;
      }
      return { ...state.settings };
    },
    /**
     * OAuth counters of an account: { tokenRequests: {authorization_code, refresh_token,
     * client_credentials, other}, tokensIssued: {...}, authorizations: {approved, refused} }.
     * Counts what reached the handlers (a faulted request never does). Never a token.
     */
    oauthStats(sub) {
      return describeOAuthStats(accountOrThrow(sub));
    },
    /**
     * Move the fake's clock forward by `ms` (OAuth codes, token issue and expiry,
     * Bearer checks; not rate-limit windows). Reset sets it back. Returns the offset.
     */
    advanceClock(ms) {
      if (!Number.isInteger(ms) || ms < 0) throw new TypeError("advanceClock needs a whole number of milliseconds >= 0");
      state.clockOffsetMs += ms;
      return { offsetMs: state.clockOffsetMs };
    },
    /** Every request received (copies), optionally filtered by account, method, apiPath, status, grantType. */
    getLog,
    clearLog() {
      state.log.length = 0;
      state.captures.length = 0;
    },
    /** Write requests (POST/PUT/PATCH/DELETE) that reached an account, whatever their answer. */
    writes(filter = {}) {
      return getLog(filter).filter((e) => e.account !== null && e.apiPath !== null && !["GET", "HEAD", "OPTIONS"].includes(e.method));
    },
    captures() {
      return state.captures.map((c) => ({ ...c, headers: { ...c.headers } }));
    },
    clearCaptures() {
      state.captures.length = 0;
    },
    /** Send a signed webhook (options in webhooks.mjs), timestamped by the fake's clock. */
    sendWebhook(options) {
      return sendWebhook(options, state.now());
    },
  };
}

/** Route a /__control/ request to the control object. Returns { status, body }, or a promise of it. */
export function handleControlRequest(control, method, pathname, searchParams, body) {
  const parts = pathname.split("/").filter(Boolean).slice(1); // drop "__control"
  const [resource, sub] = parts;
  const ok = (value) => ({ status: 200, body: value ?? { ok: true } });
  try {
    if (resource === "reset" && method === "POST" && parts.length === 1) return ok(control.reset());
    if (resource === "settings" && method === "POST" && parts.length === 1) return ok(control.settings(body));
    if (resource === "accounts" && parts.length === 2) {
      if (method === "GET") return ok(control.account(sub));
      if (method === "POST") return ok(control.configureAccount(sub, body));
    }
    if (resource === "faults" && parts.length === 2) {
      if (method === "GET") return ok({ faults: control.faults(sub) });
      if (method === "POST") return ok({ faults: control.enqueueFault(sub, body) });
      if (method === "DELETE") return ok(control.clearFaults(sub));
    }
    if (resource === "oauth" && parts.length === 2 && method === "GET") return ok(control.oauthStats(sub));
    if (resource === "clock" && parts.length === 1 && method === "POST") return ok(control.advanceClock(body?.advanceMs));
    if (resource === "log" && parts.length === 1) {
      if (method === "GET") return ok({ requests: control.getLog(Object.fromEntries(searchParams)) });
      if (method === "DELETE") return ok(control.clearLog());
    }
    // The only asynchronous route: the answer is the receiver's, so it resolves later.
    if (resource === "webhooks" && parts.length === 1 && method === "POST") {
      return control.sendWebhook(body).then(ok, (error) => ({ status: 400, body: { error: "ControlError", description: error.message } }));
    }
    if (resource === "captures" && parts.length === 1) {
      if (method === "GET") return ok({ captures: control.captures() });
      if (method === "DELETE") return ok(control.clearCaptures());
    }
  } catch (error) {
    return { status: 400, body: { error: "ControlError", description: error.message } };
  }
  return { status: 404, body: { error: "ControlError", description: `no control route ${method} ${pathname}` } };
}
