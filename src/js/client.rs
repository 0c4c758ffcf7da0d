//! `ZendeskClient`, the JavaScript class that talks to Zendesk through gloo-net.
//!
//! Every decision (scheme, URLs, retries, error causes, rate limits) is made by the
//! plain modules (`target`, `retry`, `outcome`, `ratelimit`); this file moves values
//! between them and the runtime. Bodies stay JavaScript values (parsed by the runtime's
//! JSON.parse) and are never copied into wasm memory.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use std::future::Future;
use std::pin::Pin;

use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{AbortSignal, RequestInit, RequestRedirect};

use crate::core::credentials::validate_with;
use crate::core::diagnostic::Code;
use crate::core::header::build_authorization_header;
use crate::core::oauth::{self, Grant, TokenResponse, TokenSet};
use crate::core::outcome::{self, AuthScheme, ClientCode, ErrorBody, Failure};
use crate::core::ratelimit::{self, RateLimit};
use crate::core::retry::{self, Attempt, Decision, RetryPolicy};
use crate::core::query::append_query;
use crate::core::scheme::{choose_scheme, AuthPreference};
use crate::core::url::Base;
use crate::js::core::{error_js, Input};

// The client's declarations, added to the core's (src/js/types.d.ts) in builds with it.
#[wasm_bindgen(typescript_custom_section)]
const CLIENT_TYPES: &str = include_str!("client.d.ts");

#[wasm_bindgen(inline_js = r#"
export function runtimeOrigin() {
  const g = globalThis;
  const browser = typeof g.document === "object" ||
    (typeof g.WorkerGlobalScope === "function" && g instanceof g.WorkerGlobalScope);
  const origin = g.location && g.location.origin;
  return browser && typeof origin === "string" && origin.startsWith("http") ? origin : undefined;
}
export function parseUrl(input, base) {
  try { const u = new URL(input, base); return [u.protocol, u.host, u.pathname, u.href]; } catch { return undefined; }
}
export function linkSignal(user, timeoutMs) {
  const controller = new AbortController();
  let timedOut = false;
  // Always abort with an Error: fetch rejects with the reason, and a non-Error reason
  // (a string, say) must not reach the fetch layer.
  const onAbort = () => controller.abort(new DOMException("aborted", "AbortError"));
  if (user) { if (user.aborted) onAbort(); else user.addEventListener("abort", onAbort, { once: true }); }
  const timer = timeoutMs > 0 ? setTimeout(() => { timedOut = true; controller.abort(new DOMException("timeout", "TimeoutError")); }, timeoutMs) : undefined;
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    done: () => { clearTimeout(timer); if (user) user.removeEventListener("abort", onAbort); },
  };
}
export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal && signal.aborted) return reject(new DOMException("aborted", "AbortError"));
    const timer = setTimeout(() => { if (signal) signal.removeEventListener("abort", onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(timer); reject(new DOMException("aborted", "AbortError")); };
    if (signal) signal.addEventListener("abort", onAbort, { once: true });
  });
}
export function pickHeaders(headers) {
  const out = [];
  headers.forEach((value, name) => {
    if (name.startsWith("x-rate-limit") || name.startsWith("ratelimit-") || name.startsWith("zendesk-ratelimit-") ||
        name === "retry-after" || name === "x-zendesk-request-id" || name === "location") out.push(name, value);
  });
  return out;
}
export function parseBody(text) {
  if (text === "") return [null, true];
  try { return [JSON.parse(text), true]; } catch { return [text, false]; }
}
export function errorFields(body) {
  const s = (v) => (typeof v === "string" ? v : undefined);
  if (typeof body === "string") return [undefined, undefined, undefined, undefined, body.slice(0, 2000)];
  if (!body || typeof body !== "object") return [];
  const e = body.error;
  const o = e && typeof e === "object" ? e : {};
  // JSON:API style, e.g. InvalidPaginationDepth: {"errors":[{"code","title","detail"}]}
  const f = Array.isArray(body.errors) && body.errors[0] && typeof body.errors[0] === "object" ? body.errors[0] : {};
  return [s(e) ?? s(f.code), s(o.title) ?? s(f.title), s(o.message), s(body.error_description) ?? s(body.description) ?? s(o.description) ?? s(f.detail), undefined];
}
export function pageNav(data) {
  if (!data || typeof data !== "object") return [];
  const meta = data.meta && typeof data.meta === "object" ? data.meta : {};
  const links = data.links && typeof data.links === "object" ? data.links : {};
  return [typeof meta.has_more === "boolean" ? meta.has_more : undefined,
          typeof links.next === "string" ? links.next : undefined,
          typeof data.next_page === "string" ? data.next_page : undefined];
}
export function userOf(data) {
  const u = data && typeof data === "object" ? data.user : undefined;
  return u && typeof u === "object" ? { id: u.id ?? null, name: u.name ?? null, email: u.email ?? null, role: u.role ?? null } : undefined;
}
export function queryPairs(query) {
  const out = [];
  if (query && typeof query === "object") {
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null) continue;
      out.push(k, Array.isArray(v) ? v.join(",") : String(v));
    }
  }
  return out;
}
export function makeRateLimit(limit, remaining, resetSeconds, buckets) {
  const r = {};
  if (limit !== undefined) r.limit = limit;
  if (remaining !== undefined) r.remaining = remaining;
  if (resetSeconds !== undefined) r.resetSeconds = resetSeconds;
  const b = {};
  for (let i = 0; i < buckets.length; i += 4) {
    const x = {};
    if (buckets[i + 1] !== undefined) x.total = buckets[i + 1];
    if (buckets[i + 2] !== undefined) x.remaining = buckets[i + 2];
    if (buckets[i + 3] !== undefined) x.resets = buckets[i + 3];
    b[buckets[i]] = x;
  }
  r.buckets = b;
  return r;
}
export function makeResponse(status, data, rateLimit, requestId) {
  const r = { status, data, rateLimit };
  if (requestId !== undefined) r.requestId = requestId;
  return r;
}
export function makeClientError(code, message, hint, status, requestId, zendeskError, retryAfterMs, rateLimit) {
  const e = new Error(message);
  e.name = "ZendeskAuthError";
  e.code = code;
  e.hint = hint;
  if (status !== undefined) e.status = status;
  if (requestId !== undefined) e.requestId = requestId;
  if (zendeskError !== undefined) e.zendeskError = zendeskError;
  if (retryAfterMs !== undefined) e.retryAfterMs = retryAfterMs;
  if (rateLimit !== undefined) e.rateLimit = rateLimit;
  return e;
}
export function makeVerified(user, authScheme, rateLimit) { return { user, authScheme, rateLimit }; }
export function iterResult(value, done) { return { value, done }; }
export function randomBytes(n) { return crypto.getRandomValues(new Uint8Array(n)); }
export function tokenFields(body) {
  const o = body && typeof body === "object" ? body : {};
  const s = (v) => (typeof v === "string" ? v : undefined);
  const n = (v) => (typeof v === "number" ? v : typeof v === "string" && v !== "" && !isNaN(+v) ? +v : undefined);
  return [s(o.access_token), s(o.refresh_token), s(o.scope), s(o.token_type), n(o.expires_in), n(o.refresh_token_expires_in)];
}
export function makeTokenSet(accessToken, refreshToken, scope, tokenType, accessTokenExpiresAt, refreshTokenExpiresAt) {
  const t = { accessToken, scope, tokenType };
  if (refreshToken !== undefined) t.refreshToken = refreshToken;
  if (accessTokenExpiresAt !== undefined) t.accessTokenExpiresAt = accessTokenExpiresAt;
  if (refreshTokenExpiresAt !== undefined) t.refreshTokenExpiresAt = refreshTokenExpiresAt;
  return t;
}
export function makeAuthorization(url, state, codeVerifier) { return { url, state, codeVerifier }; }
export function callOnTokens(callback, tokens) {
  try { return Promise.resolve(callback(tokens)); } catch (e) { return Promise.reject(e); }
}
export function scopeList(scopes) {
  return typeof scopes === "string" ? [scopes] : Array.isArray(scopes) ? scopes.map((s) => (typeof s === "string" ? s : "?")) : [];
}
export function asyncIterable(iterator) {
  iterator[Symbol.asyncIterator] = function () { return this; };
  return iterator;
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = runtimeOrigin)]
    fn runtime_origin() -> Option<String>;
    #[wasm_bindgen(js_name = parseUrl)]
    fn parse_url(input: &str, base: Option<String>) -> JsValue;
    type Link;
    #[wasm_bindgen(js_name = linkSignal)]
    fn link_signal(user: Option<AbortSignal>, timeout_ms: f64) -> Link;
    #[wasm_bindgen(method, getter)]
    fn signal(this: &Link) -> AbortSignal;
    #[wasm_bindgen(method, js_name = timedOut)]
    fn timed_out(this: &Link) -> bool;
    #[wasm_bindgen(method)]
    fn done(this: &Link);
    fn sleep(ms: f64, signal: Option<AbortSignal>) -> Promise;
    #[wasm_bindgen(js_name = pickHeaders)]
    fn pick_headers(headers: &web_sys::Headers) -> Vec<String>;
    #[wasm_bindgen(js_name = parseBody)]
    fn parse_body(text: &JsValue) -> Array;
    #[wasm_bindgen(js_name = errorFields)]
    fn error_fields(body: &JsValue) -> Vec<JsValue>;
    #[wasm_bindgen(js_name = pageNav)]
    fn page_nav(data: &JsValue) -> Vec<JsValue>;
    #[wasm_bindgen(js_name = userOf)]
    fn user_of(data: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = queryPairs)]
    fn query_pairs(query: &JsValue) -> Vec<String>;
    #[wasm_bindgen(js_name = makeRateLimit)]
    fn make_rate_limit(limit: Option<f64>, remaining: Option<f64>, reset_seconds: Option<f64>, buckets: &Array) -> JsValue;
    #[wasm_bindgen(js_name = makeResponse)]
    fn make_response(status: u16, data: &JsValue, rate_limit: &JsValue, request_id: Option<String>) -> JsValue;
    #[wasm_bindgen(js_name = makeClientError)]
    #[allow(clippy::too_many_arguments)]
    fn make_client_error(code: &str, message: &str, hint: &str, status: Option<u16>, request_id: Option<String>, zendesk_error: Option<String>, retry_after_ms: Option<f64>, rate_limit: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = makeVerified)]
    fn make_verified(user: &JsValue, auth_scheme: &str, rate_limit: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = iterResult)]
    fn iter_result(value: &JsValue, done: bool) -> JsValue;
    #[wasm_bindgen(js_name = asyncIterable)]
    fn async_iterable(iterator: JsValue) -> JsValue;
    #[wasm_bindgen(js_name = randomBytes)]
    fn random_bytes(n: u32) -> Vec<u8>;
    #[wasm_bindgen(js_name = tokenFields)]
    fn token_fields(body: &JsValue) -> Vec<JsValue>;
    #[wasm_bindgen(js_name = makeTokenSet)]
    fn make_token_set(access_token: &str, refresh_token: Option<String>, scope: &str, token_type: &str, access_expires_at: Option<f64>, refresh_expires_at: Option<f64>) -> JsValue;
    #[wasm_bindgen(js_name = makeAuthorization)]
    fn make_authorization(url: &str, state: &str, code_verifier: &str) -> JsValue;
    #[wasm_bindgen(js_name = callOnTokens)]
    fn call_on_tokens(callback: &js_sys::Function, tokens: &JsValue) -> Promise;
    #[wasm_bindgen(js_name = scopeList)]
    fn scope_list(scopes: &JsValue) -> Vec<String>;
}

/// Reads an optional option; `Err` names the option and the expected type.
fn option_of<T>(object: &JsValue, name: &str, expected: &str, read: impl Fn(&JsValue) -> Option<T>) -> Result<Option<T>, JsValue> {
    let v = crate::js::core::field(object, name);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    read(&v).map(Some).ok_or_else(|| {
        let mut msg = String::from(name);
        msg.push_str(" must be ");
        msg.push_str(expected);
        msg.push('.');
        invalid_option(msg)
    })
}

struct Inner {
    base: Base,
    /// The Authorization header value; never printed, logged or returned. Changes when
    /// an OAuth token is refreshed.
    authorization: RefCell<Option<String>>,
    scheme: AuthScheme,
    timeout_ms: f64,
    policy: RetryPolicy,
    in_browser: bool,
    /// Set for clients given refreshable OAuth tokens.
    refresher: Option<Refresher>,
    /// Token-endpoint requests read errors as OAuth errors (RFC 6749 §5.2).
    token_endpoint: bool,
}

/// What a client needs to refresh its OAuth access token.
struct Refresher {
    client_id: String,
    client_secret: Option<String>,
    refresh_token: RefCell<Option<String>>,
    expires_at: Cell<Option<f64>>,
    on_tokens: Option<js_sys::Function>,
    /// The refresh under way, shared by every request that needs it (single flight).
    in_flight: RefCell<Option<Promise>>,
}

/// The Authorization value and OAuth secrets are wiped when the client goes away.
impl Drop for Inner {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(self.authorization.get_mut());
        if let Some(r) = &mut self.refresher {
            zeroize::Zeroize::zeroize(&mut r.client_secret);
            zeroize::Zeroize::zeroize(r.refresh_token.get_mut());
        }
    }
}

impl Inner {
    /// For one request to the token endpoint: no credentials in a header, default retries.
    fn token_endpoint(base: Base) -> Inner {
        Inner {
            base,
            authorization: RefCell::new(None),
            scheme: AuthScheme::None,
            timeout_ms: 30_000.0,
            policy: RetryPolicy::default(),
            in_browser: runtime_origin().is_some(),
            refresher: None,
            token_endpoint: true,
        }
    }
}

/// A client for one Zendesk account. See the TypeScript declarations.
#[wasm_bindgen(skip_typescript)]
pub struct ZendeskClient {
    inner: Rc<Inner>,
}

fn failure_js(f: &Failure) -> JsValue {
    make_client_error(f.code.as_str(), &f.message, f.hint, None, None, f.zendesk_error.clone(), None, &JsValue::UNDEFINED)
}

fn invalid_option(message: String) -> JsValue {
    failure_js(&Failure::new(ClientCode::InvalidOption, message, "Check the option against the ClientOptions type."))
}

#[wasm_bindgen]
impl ZendeskClient {
    /// Validates the credentials and options; throws a coded error when they cannot work.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<ZendeskClient, JsValue> {
        let mut input = Input::read(&options);
        // `tokens` (a token set from exchangeCode/refreshToken) supplies the OAuth token.
        let tokens = crate::js::core::field(&options, "tokens");
        if let Some(access) = crate::js::core::field(&tokens, "accessToken").as_string() {
            input.set_text(3, Some(access));
        }
        let refresh_token = crate::js::core::field(&tokens, "refreshToken").as_string();
        let client_id = option_of(&options, "clientId", "a string", JsValue::as_string)?;
        let refreshable = refresh_token.is_some() && client_id.is_some();
        let base_url = option_of(&options, "baseUrl", "a URL string", JsValue::as_string)?;
        let auth = option_of(&options, "auth", "'auto', 'oauth' or 'api_token'", JsValue::as_string)?;
        let timeout_ms = option_of(&options, "timeoutMs", "a number of milliseconds", JsValue::as_f64)?.unwrap_or(30_000.0);
        let retry = crate::js::core::field(&options, "retry");
        let max_retries = option_of(&retry, "maxRetries", "a whole number", JsValue::as_f64)?.unwrap_or(3.0);
        let max_wait_ms = option_of(&retry, "maxWaitMs", "a number of milliseconds", JsValue::as_f64)?.unwrap_or(60_000.0);
        let on_rate_limit = option_of(&retry, "onRateLimit", "'wait' or 'throw'", JsValue::as_string)?;
        let now = js_sys::Date::now();
        let raw = input.credentials();
        let proxy = base_url.is_some();
        let v = validate_with(&raw, now, !proxy);
        // Behind a proxy that adds credentials, having none is the point; an access token
        // that expired is fine when it can be refreshed.
        let tolerated = |c: Code| (proxy && c == Code::NoCredentials) || (refreshable && c == Code::OauthTokenExpired);
        if let Some(d) = v.diagnostics.iter().find(|d| d.is_error() && !tolerated(d.code)) {
            return Err(error_js(d, Some(&v.diagnostics)));
        }
        let c = &v.credentials;
        let origin = runtime_origin();
        let sends_credentials = c.oauth_token.is_some() || c.api_token.is_some();
        let base = match &base_url {
            Some(url) => {
                let parts: Vec<String> = Array::from(&parse_url(url, origin.clone())).iter().filter_map(|p| p.as_string()).collect();
                let [protocol, host, path, _] = parts.as_slice() else {
                    return Err(invalid_option(String::from("baseUrl is not a URL.")));
                };
                Base::from_url_parts(protocol, host, path, sends_credentials).map_err(|f| failure_js(&f))?
            }
            None => Base::zendesk(c.subdomain.as_deref().unwrap_or_default()),
        };
        let cors = origin.as_deref().is_some_and(|o| o != base.origin);
        let pref = match auth.as_deref() {
            None => AuthPreference::Auto,
            Some(a) => AuthPreference::parse(a).ok_or_else(|| invalid_option(String::from("auth must be 'auto', 'oauth' or 'api_token'.")))?,
        };
        let scheme = choose_scheme(pref, c.oauth_token.is_some(), c.api_token.is_some(), cors).map_err(|f| failure_js(&f))?;
        let authorization = match scheme {
            AuthScheme::None => None,
            AuthScheme::Oauth if refreshable => Some(bearer(c.oauth_token.as_deref().unwrap_or_default())),
            s => Some(build_authorization_header(&raw, Some(s.as_str()), now).map_err(|e| error_js(&e.primary, Some(&e.diagnostics)))?),
        };
        let refresher = match (refreshable && scheme == AuthScheme::Oauth, client_id) {
            (true, Some(client_id)) => {
                let on_tokens = crate::js::core::field(&options, "onTokens");
                let expires_at = crate::js::core::field(&tokens, "accessTokenExpiresAt").as_f64().or_else(|| c.oauth_token.as_deref().and_then(crate::core::jwt::expiry_ms));
                Some(Refresher {
                    client_id,
                    client_secret: option_of(&options, "clientSecret", "a string", JsValue::as_string)?,
                    refresh_token: RefCell::new(refresh_token),
                    expires_at: Cell::new(expires_at),
                    on_tokens: on_tokens.dyn_into::<js_sys::Function>().ok(),
                    in_flight: RefCell::new(None),
                })
            }
            _ => None,
        };
        let valid = timeout_ms.is_finite() && timeout_ms > 0.0 && max_wait_ms.is_finite() && max_wait_ms >= 0.0 && (0.0..=20.0).contains(&max_retries);
        if !valid {
            return Err(invalid_option(String::from("timeoutMs and retry.maxWaitMs must be positive numbers of milliseconds, retry.maxRetries 0 to 20.")));
        }
        let throw_on_rate_limit = match on_rate_limit.as_deref() {
            None | Some("wait") => false,
            Some("throw") => true,
            Some(_) => return Err(invalid_option(String::from("retry.onRateLimit must be 'wait' or 'throw'."))),
        };
        let policy = RetryPolicy { max_retries: max_retries as u32, max_wait_ms, throw_on_rate_limit };
        let inner = Inner {
            base,
            authorization: RefCell::new(authorization),
            scheme,
            timeout_ms,
            policy,
            in_browser: origin.is_some(),
            refresher,
            token_endpoint: false,
        };
        Ok(ZendeskClient { inner: Rc::new(inner) })
    }

    /// `"oauth"`, `"api_token"` or `"none"` (a proxy at baseUrl authenticates).
    #[wasm_bindgen(getter, js_name = authScheme)]
    pub fn auth_scheme(&self) -> String {
        self.inner.scheme.as_str().to_owned()
    }

    /// Where requests go.
    #[wasm_bindgen(getter, js_name = baseUrl)]
    pub fn base_url(&self) -> String {
        self.inner.base.url()
    }

    /// Proves the credentials authenticate as a real (non-anonymous) user.
    pub fn verify(&self, options: JsValue) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let signal = signal_of(&options);
            let url = inner.base.resolve("/api/v2/users/me.json").map_err(|f| failure_js(&f))?;
            let reply = send(&inner, "GET", url, None, signal).await?;
            let user = user_of(&reply.data);
            let id = if user.is_object() { js_sys::Reflect::get(&user, &"id".into()).unwrap_or(JsValue::NULL) } else { JsValue::NULL };
            if id.is_null() || id.is_undefined() {
                return Err(failure_js(&outcome::anonymous(inner.scheme)));
            }
            Ok(make_verified(&user, inner.scheme.as_str(), &reply.rate_limit))
        })
    }

    /// `request(method, path, { query, body, signal })`.
    pub fn request(&self, method: String, path: String, options: JsValue) -> Promise {
        let body = crate::js::core::field(&options, "body");
        self.call(method, path, options, body)
    }

    /// `get(path, { query, signal })`.
    pub fn get(&self, path: String, options: JsValue) -> Promise {
        self.call("GET".into(), path, options, JsValue::UNDEFINED)
    }

    /// `post(path, body, { query, signal })`.
    pub fn post(&self, path: String, body: JsValue, options: JsValue) -> Promise {
        self.call("POST".into(), path, options, body)
    }

    /// `put(path, body, { query, signal })`.
    pub fn put(&self, path: String, body: JsValue, options: JsValue) -> Promise {
        self.call("PUT".into(), path, options, body)
    }

    /// `delete(path, { query, signal })`.
    pub fn delete(&self, path: String, options: JsValue) -> Promise {
        self.call("DELETE".into(), path, options, JsValue::UNDEFINED)
    }

    /// `paginate(path, { pageSize, query, signal })`: an async iterator over pages.
    pub fn paginate(&self, path: String, options: JsValue) -> Result<JsValue, JsValue> {
        let mut pairs = pairs_of(&crate::js::core::field(&options, "query"));
        let offset = pairs.iter().any(|(k, _)| k == "page" || k == "per_page");
        let size = crate::js::core::field(&options, "pageSize").as_f64().unwrap_or(100.0).clamp(1.0, 100.0) as u32;
        if !offset && !pairs.iter().any(|(k, _)| k == "page[size]") {
            let mut n = String::new();
            crate::core::text::push_num(&mut n, u64::from(size));
            pairs.push(("page[size]".into(), n));
        }
        let mut url = self.inner.base.resolve(&path).map_err(|f| failure_js(&f))?;
        append_query(&mut url, &pairs);
        let state = Rc::new(RefCell::new(PageState { next: Some(Ok(url)), busy: false }));
        let pages = Pages { inner: self.inner.clone(), state, signal: signal_of(&options) };
        Ok(async_iterable(pages.into()))
    }

    fn call(&self, method: String, path: String, options: JsValue, body: JsValue) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let method = method.to_ascii_uppercase();
            if !matches!(method.as_str(), "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE") {
                return Err(invalid_option(String::from("method must be GET, HEAD, POST, PUT, PATCH or DELETE.")));
            }
            let mut url = inner.base.resolve(&path).map_err(|f| failure_js(&f))?;
            append_query(&mut url, &pairs_of(&crate::js::core::field(&options, "query")));
            let body = if body.is_undefined() || body.is_null() {
                None
            } else {
                Some(js_sys::JSON::stringify(&body).map_err(|_| invalid_option(String::from("body cannot be sent as JSON.")))?.into())
            };
            let reply = send(&inner, &method, url, body, signal_of(&options)).await?;
            Ok(make_response(reply.status, &reply.data, &reply.rate_limit, reply.request_id))
        })
    }
}

/// Every async export goes through one boxed future type, so the promise machinery is
/// compiled once rather than once per export (about 1.3 KB of wasm each).
fn promise(f: impl Future<Output = Result<JsValue, JsValue>> + 'static) -> Promise {
    let boxed: Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>> = Box::pin(f);
    future_to_promise(boxed)
}

fn signal_of(options: &JsValue) -> Option<AbortSignal> {
    crate::js::core::field(options, "signal").dyn_into::<AbortSignal>().ok()
}

fn pairs_of(query: &JsValue) -> Vec<(String, String)> {
    query_pairs(query).chunks_exact(2).map(|kv| (kv[0].clone(), kv[1].clone())).collect()
}

/// A successful answer.
struct Reply {
    status: u16,
    data: JsValue,
    rate_limit: JsValue,
    request_id: Option<String>,
}

/// One HTTP exchange as read: status, body (parsed when JSON) and the headers we use.
struct Exchange {
    status: u16,
    body: JsValue,
    json: bool,
    headers: Vec<String>,
}

impl Exchange {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.chunks_exact(2).find(|kv| kv[0] == name).map(|kv| kv[1].as_str())
    }

    fn rate_limit(&self) -> RateLimit {
        ratelimit::read(self.headers.chunks_exact(2).map(|kv| (kv[0].as_str(), kv[1].as_str())))
    }
}

fn rate_limit_js(r: &RateLimit) -> JsValue {
    let buckets = Array::new();
    let num = |v: Option<u64>| v.map_or(JsValue::UNDEFINED, |n| JsValue::from_f64(n as f64));
    for b in &r.buckets {
        buckets.push(&JsValue::from_str(&b.name));
        buckets.push(&num(b.total));
        buckets.push(&num(b.remaining));
        buckets.push(&num(b.resets));
    }
    let f = |v: Option<u64>| v.map(|n| n as f64);
    make_rate_limit(f(r.limit), f(r.remaining), f(r.reset_seconds), &buckets)
}

/// One attempt: `Err` carries TIMEOUT, ABORTED or NETWORK.
async fn exchange(inner: &Inner, method: &str, url: &str, body: &Option<String>, signal: &Option<AbortSignal>) -> Result<Exchange, ClientCode> {
    let link = link_signal(signal.clone(), inner.timeout_ms);
    let authorization = inner.authorization.borrow().clone();
    let result = exchange_linked(authorization.as_deref(), method, url, body, &link.signal()).await;
    link.done();
    result.map_err(|()| {
        if signal.as_ref().is_some_and(AbortSignal::aborted) {
            ClientCode::Aborted
        } else if link.timed_out() {
            ClientCode::Timeout
        } else {
            ClientCode::Network
        }
    })
}

async fn exchange_linked(authorization: Option<&str>, method: &str, url: &str, body: &Option<String>, signal: &AbortSignal) -> Result<Exchange, ()> {
    let init = RequestInit::new();
    init.set_method(method);
    // Redirects are looked at, never followed blindly with credentials.
    init.set_redirect(RequestRedirect::Manual);
    init.set_signal(Some(signal));
    let headers = web_sys::Headers::new().map_err(|_| ())?;
    headers.set("Accept", "application/json").map_err(|_| ())?;
    if let Some(authorization) = authorization {
        headers.set("Authorization", authorization).map_err(|_| ())?;
    }
    if let Some(json) = body {
        headers.set("Content-Type", "application/json").map_err(|_| ())?;
        init.set_body(&JsValue::from_str(json));
    }
    init.set_headers(&headers);
    let request = web_sys::Request::new_with_str_and_init(url, &init).map_err(|_| ())?;
    // gloo-net sends it with the runtime's global fetch.
    let request = gloo_net::http::Request::from(request);
    let response = request.send().await.map_err(|_| ())?;
    let raw: web_sys::Response = response.into();
    let text = JsFuture::from(raw.text().map_err(|_| ())?).await.map_err(|_| ())?;
    let parsed = parse_body(&text);
    Ok(Exchange {
        status: raw.status(),
        body: parsed.get(0),
        json: parsed.get(1).as_bool().unwrap_or(false),
        headers: pick_headers(&raw.headers()),
    })
}

const MAX_REDIRECTS: u32 = 3;

/// Sends with retries, redirects under the base URL, and one deadline.
async fn send(inner: &Rc<Inner>, method: &str, mut url: String, body: Option<String>, signal: Option<AbortSignal>) -> Result<Reply, JsValue> {
    let started = js_sys::Date::now();
    let (mut retries, mut redirects, mut refreshed_after_401) = (0u32, 0u32, false);
    loop {
        if let Some(r) = &inner.refresher {
            if oauth::needs_refresh(r.expires_at.get(), js_sys::Date::now()) && r.refresh_token.borrow().is_some() {
                let stale = inner.authorization.borrow().clone();
                // Boxed: a refresh sends a token request, which goes through `send` again.
                Box::pin(refresh(inner, stale)).await?;
            }
        }
        let sent_with = inner.authorization.borrow().clone();
        let result = exchange(inner, method, &url, &body, &signal).await;
        if matches!(&result, Ok(x) if x.status == 401) && inner.refresher.is_some() && !refreshed_after_401 {
            // Zendesk says the access token is no good: refresh once and try again.
            refreshed_after_401 = true;
            Box::pin(refresh(inner, sent_with)).await?;
            continue;
        }
        let now = js_sys::Date::now();
        let attempt = match &result {
            Ok(x) => Attempt::Status(x.status),
            Err(ClientCode::Aborted) => return Err(failure_js(&outcome::transport(ClientCode::Aborted, inner.in_browser))),
            Err(ClientCode::Timeout) => Attempt::Timeout,
            Err(_) => Attempt::Network,
        };
        if let Ok(x) = &result {
            if (200..300).contains(&x.status) {
                if !x.json {
                    return Err(error_for(x, Failure::new(ClientCode::BadResponse, "Zendesk's answer was not valid JSON.", "Try again; quote the requestId to Zendesk support if it persists."), None));
                }
                return Ok(Reply { status: x.status, data: x.body.clone(), rate_limit: rate_limit_js(&x.rate_limit()), request_id: x.header("x-zendesk-request-id").map(str::to_owned) });
            }
            if x.status == 0 || (300..400).contains(&x.status) {
                let next = x.header("location").and_then(|loc| Array::from(&parse_url(loc, Some(url.clone()))).get(3).as_string());
                match next.map(|n| inner.base.resolve(&n)) {
                    Some(Ok(next)) if redirects < MAX_REDIRECTS => {
                        redirects += 1;
                        url = next;
                        continue;
                    }
                    _ => return Err(error_for(x, Failure::new(
                        ClientCode::RedirectRefused,
                        "Zendesk answered with a redirect away from the base URL; it was not followed, so the credentials were not sent on.",
                        "Call the API on https://{subdomain}.zendesk.com (not a host-mapped domain), or set baseUrl to where the API really is.",
                    ), None)),
                }
            }
        }
        let retry_after = result.as_ref().ok().and_then(|x| x.header("retry-after")).and_then(|v| retry::parse_retry_after(v, now));
        match retry::decide(&inner.policy, method, retries, attempt, retry_after, now - started, js_sys::Math::random()) {
            Decision::Retry(wait) => {
                if JsFuture::from(sleep(wait, signal.clone())).await.is_err() {
                    return Err(failure_js(&outcome::transport(ClientCode::Aborted, inner.in_browser)));
                }
                retries += 1;
            }
            Decision::GiveUp => {
                return Err(match &result {
                    Ok(x) => {
                        let fields = error_fields(&x.body);
                        let strings: Vec<Option<String>> = (0..5).map(|i| fields.get(i).and_then(JsValue::as_string)).collect();
                        let body = ErrorBody {
                            error: strings[0].as_deref(),
                            title: strings[1].as_deref(),
                            message: strings[2].as_deref(),
                            description: strings[3].as_deref(),
                            text: strings[4].as_deref(),
                        };
                        let failure = if inner.token_endpoint { oauth::token_error(x.status, &body) } else { outcome::classify(x.status, &body, inner.scheme) };
                        error_for(x, failure, retry_after)
                    }
                    Err(code) => failure_js(&outcome::transport(*code, inner.in_browser)),
                });
            }
        }
    }
}

fn error_for(x: &Exchange, f: Failure, retry_after_ms: Option<f64>) -> JsValue {
    make_client_error(
        f.code.as_str(),
        &f.message,
        f.hint,
        Some(x.status),
        x.header("x-zendesk-request-id").map(str::to_owned),
        f.zendesk_error,
        retry_after_ms,
        &rate_limit_js(&x.rate_limit()),
    )
}

struct PageState {
    /// The next page's URL, or why there cannot be one.
    next: Option<Result<String, Failure>>,
    busy: bool,
}

/// The async iterator `paginate` returns. Holds one URL at a time, so memory stays flat.
#[wasm_bindgen(skip_typescript)]
pub struct Pages {
    inner: Rc<Inner>,
    state: Rc<RefCell<PageState>>,
    signal: Option<AbortSignal>,
}

#[wasm_bindgen]
impl Pages {
    /// The iterator protocol: resolves `{ value: response, done: false }` per page,
    /// then `{ value: undefined, done: true }`.
    pub fn next(&self) -> Promise {
        let (inner, state, signal) = (self.inner.clone(), self.state.clone(), self.signal.clone());
        promise(async move {
            let url = {
                let mut s = state.borrow_mut();
                if s.busy {
                    return Err(invalid_option(String::from("Wait for the previous page before asking for the next.")));
                }
                match s.next.take() {
                    None => return Ok(iter_result(&JsValue::UNDEFINED, true)),
                    Some(Err(f)) => return Err(failure_js(&f)),
                    Some(Ok(url)) => {
                        s.busy = true;
                        url
                    }
                }
            };
            let result = send(&inner, "GET", url, None, signal).await;
            let mut s = state.borrow_mut();
            s.busy = false;
            let reply = result?;
            let nav = page_nav(&reply.data);
            let has_more = nav.first().and_then(JsValue::as_bool);
            let link = |i: usize| nav.get(i).and_then(JsValue::as_string);
            let next = match has_more {
                Some(true) => link(1),
                Some(false) => None,
                None => link(2),
            };
            s.next = next.map(|n| inner.base.resolve(&n));
            Ok(iter_result(&make_response(reply.status, &reply.data, &reply.rate_limit, reply.request_id), false))
        })
    }

    /// Ends the iteration early (`break` in `for await`).
    #[wasm_bindgen(js_name = "return")]
    pub fn return_(&self) -> Promise {
        self.state.borrow_mut().next = None;
        Promise::resolve(&iter_result(&JsValue::UNDEFINED, true))
    }
}

fn bearer(token: &str) -> String {
    let mut h = String::from("Bearer ");
    h.push_str(token);
    h
}

/// Refreshes the access token, once for all concurrent callers. `stale` is the header
/// the caller saw; if it already changed, someone else refreshed and there is nothing
/// to do.
async fn refresh(inner: &Rc<Inner>, stale: Option<String>) -> Result<(), JsValue> {
    let Some(r) = &inner.refresher else { return Ok(()) };
    let promise = {
        if *inner.authorization.borrow() != stale {
            return Ok(());
        }
        let mut slot = r.in_flight.borrow_mut();
        match &*slot {
            Some(p) => p.clone(),
            None => {
                let p = promise(run_refresh(inner.clone()));
                *slot = Some(p.clone());
                p
            }
        }
    };
    JsFuture::from(promise).await.map(|_| ())
}

async fn run_refresh(inner: Rc<Inner>) -> Result<JsValue, JsValue> {
    let result = refresh_once(&inner).await;
    if let Some(r) = &inner.refresher {
        r.in_flight.borrow_mut().take();
    }
    result.map(|()| JsValue::UNDEFINED)
}

async fn refresh_once(inner: &Rc<Inner>) -> Result<(), JsValue> {
    let Some(r) = &inner.refresher else { return Ok(()) };
    // Taken, not copied: a refresh token is single use, so it is never sent twice.
    let Some(refresh_token) = r.refresh_token.borrow_mut().take() else {
        return Err(failure_js(&Failure::new(ClientCode::InvalidGrant, "The access token expired and no refresh token is left.", "Authorize again.")));
    };
    let body = oauth::token_request_json(&Grant::RefreshToken(&refresh_token), &r.client_id, r.client_secret.as_deref(), oauth::DEFAULT_EXPIRES_IN_SECONDS);
    let set = request_tokens(inner.base.clone(), body, None).await?;
    // Adopt the new pair first: the old refresh token is spent either way.
    *inner.authorization.borrow_mut() = Some(bearer(&set.access_token));
    *r.refresh_token.borrow_mut() = set.refresh_token.clone();
    r.expires_at.set(set.access_token_expires_at);
    if let Some(callback) = &r.on_tokens {
        if JsFuture::from(call_on_tokens(callback, &token_set_js(&set))).await.is_err() {
            return Err(failure_js(&Failure::new(
                ClientCode::OnTokensFailed,
                "onTokens failed while saving refreshed tokens; the client uses them, but they may not be stored.",
                "Make onTokens store the tokens reliably; the previous refresh token no longer works.",
            )));
        }
    }
    Ok(())
}

fn token_set_js(t: &TokenSet) -> JsValue {
    make_token_set(&t.access_token, t.refresh_token.clone(), &t.scope, &t.token_type, t.access_token_expires_at, t.refresh_token_expires_at)
}

/// POSTs a token request and reads the token set.
async fn request_tokens(base: Base, body: String, signal: Option<AbortSignal>) -> Result<TokenSet, JsValue> {
    let url = oauth::token_url(&base);
    let inner = Rc::new(Inner::token_endpoint(base));
    let reply = send(&inner, "POST", url, Some(body), signal).await?;
    let f = token_fields(&reply.data);
    let s = |i: usize| f.get(i).and_then(JsValue::as_string);
    let (access, refresh, scope, token_type) = (s(0), s(1), s(2), s(3));
    let fields = TokenResponse {
        access_token: access.as_deref(),
        refresh_token: refresh.as_deref(),
        scope: scope.as_deref(),
        token_type: token_type.as_deref(),
        expires_in: f.get(4).and_then(JsValue::as_f64),
        refresh_token_expires_in: f.get(5).and_then(JsValue::as_f64),
    };
    oauth::token_set(&fields, js_sys::Date::now()).map_err(|e| failure_js(&e))
}

/// The token endpoint's base: `subdomain` or `baseUrl` in the options.
fn oauth_base(options: &JsValue) -> Result<Base, JsValue> {
    if let Some(url) = option_of(options, "baseUrl", "a URL string", JsValue::as_string)? {
        let parts: Vec<String> = Array::from(&parse_url(&url, runtime_origin())).iter().filter_map(|p| p.as_string()).collect();
        let [protocol, host, path, _] = parts.as_slice() else {
            return Err(invalid_option(String::from("baseUrl is not a URL.")));
        };
        return Base::from_url_parts(protocol, host, path, true).map_err(|f| failure_js(&f));
    }
    let label = crate::js::core::validated_label(&crate::js::core::field(options, "subdomain"))?;
    Ok(Base::zendesk(&label))
}

fn required_string(options: &JsValue, name: &str) -> Result<String, JsValue> {
    option_of(options, name, "a non-empty string", JsValue::as_string)?.filter(|s| !s.is_empty()).ok_or_else(|| {
        let mut msg = String::from(name);
        msg.push_str(" is required.");
        invalid_option(msg)
    })
}

fn expires_in(options: &JsValue) -> Result<u32, JsValue> {
    Ok(option_of(options, "expiresIn", "a number of seconds", JsValue::as_f64)?.map_or(oauth::DEFAULT_EXPIRES_IN_SECONDS, |s| s.clamp(300.0, 172_800.0) as u32))
}

/// Starts an authorization-code flow with PKCE. See the TypeScript declarations.
#[wasm_bindgen(js_name = createAuthorizationUrl, skip_typescript)]
pub fn create_authorization_url(options: JsValue) -> Result<JsValue, JsValue> {
    let base = oauth_base(&options)?;
    let client_id = required_string(&options, "clientId")?;
    let redirect_uri = required_string(&options, "redirectUri")?;
    if parse_url(&redirect_uri, None).is_undefined() {
        return Err(invalid_option(String::from("redirectUri must be an absolute URL.")));
    }
    let scopes = scope_list(&crate::js::core::field(&options, "scopes"));
    let scope = oauth::check_scopes(scopes.iter().map(String::as_str)).map_err(|f| failure_js(&f))?;
    let state = match option_of(&options, "state", "a string", JsValue::as_string)? {
        Some(s) => s,
        None => oauth::random_token(&random_bytes(16)),
    };
    // 32 random bytes: a 43-character verifier, as RFC 7636 recommends.
    let verifier = oauth::random_token(&random_bytes(32));
    let url = oauth::authorization_url(&base, &client_id, &redirect_uri, &scope, &state, &oauth::code_challenge(&verifier));
    Ok(make_authorization(&url, &state, &verifier))
}

/// Exchanges an authorization code (with its PKCE verifier) for tokens.
#[wasm_bindgen(js_name = exchangeCode, skip_typescript)]
pub fn exchange_code(options: JsValue) -> Promise {
    promise(async move {
        let base = oauth_base(&options)?;
        let (client_id, code, verifier, redirect_uri) = (
            required_string(&options, "clientId")?,
            required_string(&options, "code")?,
            required_string(&options, "codeVerifier")?,
            required_string(&options, "redirectUri")?,
        );
        let secret = option_of(&options, "clientSecret", "a string", JsValue::as_string)?;
        let grant = Grant::AuthorizationCode { code: &code, code_verifier: &verifier, redirect_uri: &redirect_uri };
        token_call(&options, base, &grant, &client_id, secret.as_deref()).await
    })
}

/// Uses a refresh token (once) for a new token set.
#[wasm_bindgen(js_name = refreshToken, skip_typescript)]
pub fn refresh_token(options: JsValue) -> Promise {
    promise(async move {
        let base = oauth_base(&options)?;
        let (client_id, token) = (required_string(&options, "clientId")?, required_string(&options, "refreshToken")?);
        let secret = option_of(&options, "clientSecret", "a string", JsValue::as_string)?;
        token_call(&options, base, &Grant::RefreshToken(&token), &client_id, secret.as_deref()).await
    })
}

/// Client credentials grant (confidential clients): an access token, no refresh token.
#[wasm_bindgen(js_name = clientCredentialsToken, skip_typescript)]
pub fn client_credentials_token(options: JsValue) -> Promise {
    promise(async move {
        let base = oauth_base(&options)?;
        let (client_id, secret) = (required_string(&options, "clientId")?, required_string(&options, "clientSecret")?);
        let scopes = scope_list(&crate::js::core::field(&options, "scopes"));
        let scope = oauth::check_scopes(scopes.iter().map(String::as_str)).map_err(|f| failure_js(&f))?;
        token_call(&options, base, &Grant::ClientCredentials(&scope), &client_id, Some(&secret)).await
    })
}

/// The token request the three OAuth exports end with: `grant` posted to the token
/// endpoint, honouring the options' `expiresIn` and `signal`, and the token set as JS.
async fn token_call(options: &JsValue, base: Base, grant: &Grant<'_>, client_id: &str, secret: Option<&str>) -> Result<JsValue, JsValue> {
    let body = oauth::token_request_json(grant, client_id, secret, expires_in(options)?);
    Ok(token_set_js(&request_tokens(base, body, signal_of(options)).await?))
}
