//! `ZendeskClient` and the OAuth exports.
//!
//! Every decision (scheme, URLs, retries, error causes, rate limits, token sets) is made
//! in `crate::core`; this file moves values between it and `client.js`, which does the
//! runtime's part (fetch, timers, URL parsing, JSON) and never lets an exception reach
//! wasm. Bodies stay JavaScript values and are never copied into wasm memory; the
//! Authorization value lives in one JavaScript string shared by every attempt.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::{Function, JsString, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use crate::core::credentials::{self, validate_with};
use crate::core::diagnostic::Code;
use crate::core::header::build_authorization_header;
use crate::core::oauth::{self, Grant, TokenResponse, TokenSet};
use crate::core::outcome::{self, AuthScheme, ClientCode, ErrorBody, Failure};
use crate::core::pagination;
use crate::core::query::append_query;
use crate::core::ratelimit::{self, RateLimit};
use crate::core::retry::{self, Attempt, Decision, RetryPolicy};
use crate::core::scheme::{choose_scheme, AuthPreference};
use crate::core::text;
use crate::core::url::{Base, ParsedUrl};
use crate::js::core::{error_js, validated_label};
use crate::js::read::{kind_of, own_field, read_object, CredentialInput, Fault, Snapshot};

// The client's declarations, added to the core's (src/js/types.d.ts) in builds with it.
#[wasm_bindgen(typescript_custom_section)]
const CLIENT_TYPES: &str = include_str!("client.d.ts");

#[wasm_bindgen(module = "/src/js/error.js")]
extern "C" {
    #[wasm_bindgen(js_name = makeClientError)]
    fn make_client_error(code: &str, message: &str, hint: &str, details: &JsValue) -> JsValue;
}

#[wasm_bindgen(module = "/src/js/client.js")]
extern "C" {
    #[wasm_bindgen(js_name = runtimeOrigin)]
    fn runtime_origin() -> Option<String>;
    #[wasm_bindgen(js_name = parseUrl)]
    fn parse_url(input: &str, base: Option<String>) -> Option<String>;
    fn exchange(method: &str, url: &str, authorization: Option<JsString>, body: &JsValue, content_type: Option<String>, signal: &JsValue, timeout_ms: f64, extra: &str, hooks: &JsValue, attempt: u32) -> Promise;
    /// The wait before a retry; tells onRetry first.
    fn sleep(ms: f64, signal: &JsValue, hooks: &JsValue, method: &str, url: &str, attempt: u32, status: u16) -> Promise;
    #[wasm_bindgen(js_name = makeHooks)]
    fn make_hooks(options: &Snapshot) -> JsValue;
    #[wasm_bindgen(js_name = prepareBody)]
    fn prepare_body(body: &JsValue) -> Prepared;
    #[wasm_bindgen(js_name = headerList)]
    fn header_list(options: &Snapshot, scheme: &str, base: &str) -> JsValue;

    #[wasm_bindgen(js_name = queryPairs)]
    fn query_pairs(query: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = errorFields)]
    fn error_fields(body: &JsValue) -> String;
    #[wasm_bindgen(js_name = pageNav)]
    fn page_nav(data: &JsValue) -> String;
    #[wasm_bindgen(js_name = userOf)]
    fn user_of(data: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = makeRateLimit)]
    fn make_rate_limit(limit: Option<f64>, remaining: Option<f64>, reset_seconds: Option<f64>, buckets: &str) -> JsValue;
    #[wasm_bindgen(js_name = makeResponse)]
    fn make_response(status: u16, data: &JsValue, rate_limit: &JsValue, request_id: Option<String>) -> JsValue;
    #[wasm_bindgen(js_name = makeVerified)]
    fn make_verified(user: &JsValue, auth_scheme: &str, rate_limit: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = iterResult)]
    fn iter_result(value: &JsValue, done: bool) -> JsValue;
    #[wasm_bindgen(js_name = pagesIterator)]
    fn pages_iterator(pages: JsValue, path: &str, options: &Snapshot) -> JsValue;
    #[wasm_bindgen(js_name = randomBytes)]
    fn random_bytes(n: u32) -> Vec<u8>;
    #[wasm_bindgen(js_name = tokenFields)]
    fn token_fields(body: &JsValue) -> String;
    #[wasm_bindgen(js_name = lifetimeOf)]
    fn lifetime_of(body: &JsValue, name: &str) -> Option<f64>;
    #[wasm_bindgen(js_name = makeTokenSet)]
    fn make_token_set(access_token: &str, refresh_token: Option<String>, scope: &str, token_type: &str, access_expires_at: Option<f64>, refresh_expires_at: Option<f64>) -> JsValue;
    #[wasm_bindgen(js_name = makeAuthorization)]
    fn make_authorization(url: &str, state: &str, code_verifier: &str) -> JsValue;
    #[wasm_bindgen(js_name = callOnTokens)]
    fn call_on_tokens(callback: &Function, tokens: &JsValue, timeout_ms: f64) -> Promise;
    #[wasm_bindgen(js_name = scopeList)]
    fn scope_list(scopes: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = isAbortSignal)]
    fn is_abort_signal(value: &JsValue) -> bool;

    /// What `exchange` resolved to: `status` is the HTTP status, or -1 (network),
    /// -2 (timeout), -3 (aborted) with the `cause`.
    type Exchanged;
    #[wasm_bindgen(method, getter)]
    fn status(this: &Exchanged) -> i32;
    #[wasm_bindgen(method, getter)]
    fn json(this: &Exchanged) -> bool;
    #[wasm_bindgen(method, getter)]
    fn headers(this: &Exchanged) -> String;
    #[wasm_bindgen(method, getter)]
    fn data(this: &Exchanged) -> JsValue;
    #[wasm_bindgen(method, getter)]
    fn cause(this: &Exchanged) -> JsValue;
    /// On a refusal: the package's proxy's own coded error, else a 422's `details`.
    #[wasm_bindgen(method, getter)]
    fn extra(this: &Exchanged) -> JsValue;

    /// What `prepareBody` made of a body: the body and its content type, or a fault.
    type Prepared;
    #[wasm_bindgen(method, getter)]
    fn body(this: &Prepared) -> JsValue;
    #[wasm_bindgen(method, getter, js_name = contentType)]
    fn content_type(this: &Prepared) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    fn fault(this: &Prepared) -> Option<String>;
}

/// The details a client error carries besides its code, message and hint.
#[derive(Default)]
struct Details {
    status: Option<u16>,
    request_id: Option<String>,
    zendesk_error: Option<String>,
    retry_after_ms: Option<f64>,
    rate_limit: Option<JsValue>,
    cause: Option<JsValue>,
    /// A 422's field-level `details`.
    details: Option<JsValue>,
}

#[wasm_bindgen(module = "/src/js/client.js")]
extern "C" {
    #[wasm_bindgen(js_name = errorDetails)]
    fn error_details(status: Option<u16>, request_id: Option<String>, zendesk_error: Option<String>, retry_after_ms: Option<f64>, rate_limit: &JsValue, cause: &JsValue, details: &JsValue) -> JsValue;
}

fn client_error(f: &Failure, d: Details) -> JsValue {
    let details = error_details(
        d.status,
        d.request_id,
        d.zendesk_error.or_else(|| f.zendesk_error.clone()),
        d.retry_after_ms,
        &d.rate_limit.unwrap_or(JsValue::UNDEFINED),
        &d.cause.unwrap_or(JsValue::UNDEFINED),
        &d.details.unwrap_or(JsValue::UNDEFINED),
    );
    make_client_error(f.code.as_str(), &f.message, f.hint, &details)
}

fn failure_js(f: &Failure) -> JsValue {
    client_error(f, Details::default())
}

fn invalid_option(message: String) -> JsValue {
    failure_js(&Failure::new(ClientCode::InvalidOption, message, "Check the option against the ClientOptions type."))
}

/// `name must be {expected}.`
fn wrong_type(name: &str, expected: &str) -> JsValue {
    let mut msg = String::from(name);
    msg.push_str(" must be ");
    msg.push_str(expected);
    msg.push('.');
    invalid_option(msg)
}

/// A snapshot of an options object, or the coded error for one that cannot be read.
/// `what` names the object in the message ("options", "retry", "tokens").
fn options_snapshot(value: &JsValue, what: &str) -> Result<Snapshot, JsValue> {
    match read_object(value) {
        Ok(snap) => Ok(snap),
        Err(Fault::NotAnObject(_)) => Err(wrong_type(what, "an object")),
        Err(Fault::Unreadable(key)) => {
            if let Some(d) = (what == "options").then(|| crate::core::diagnostic::Field::credential_named(&key)).flatten().map(|_| credentials::unreadable(&key)) {
                return Err(error_js(&d, None));
            }
            let mut msg = String::from(what);
            msg.push_str(" could not be read");
            if !key.is_empty() {
                msg.push_str(": reading '");
                text::push_excerpt(&mut msg, &key, 40);
                msg.push_str("' threw");
            }
            msg.push('.');
            Err(failure_js(&Failure::new(ClientCode::InvalidOption, msg, "Pass plain data: a getter that throws or a revoked Proxy cannot be read.")))
        }
    }
}

/// An optional option of a snapshot; `Err` names the option and the expected type.
fn option_of<T>(snap: &Snapshot, name: &str, expected: &str, read: impl Fn(&JsValue) -> Option<T>) -> Result<Option<T>, JsValue> {
    let v = snap.get(name);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    read(&v).map(Some).ok_or_else(|| wrong_type(name, expected))
}

/// The `signal` option: an AbortSignal, or nothing.
fn signal_of(snap: &Snapshot) -> Result<JsValue, JsValue> {
    let v = snap.get("signal");
    if v.is_undefined() || v.is_null() {
        return Ok(JsValue::UNDEFINED);
    }
    if is_abort_signal(&v) {
        Ok(v)
    } else {
        Err(wrong_type("signal", "an AbortSignal"))
    }
}

struct Inner {
    base: Base,
    /// The Authorization header value, as one JavaScript string (never copied into wasm
    /// memory, printed, logged or returned). Changes when an OAuth token is refreshed.
    authorization: RefCell<Option<JsString>>,
    scheme: AuthScheme,
    timeout_ms: f64,
    policy: RetryPolicy,
    in_browser: bool,
    /// Set for clients given refreshable OAuth tokens.
    refresher: Option<Refresher>,
    /// Token-endpoint requests read errors as OAuth errors (RFC 6749 §5.2).
    token_endpoint: bool,
    /// Set by `free()`: a pages iterator or a request still under way may hold the
    /// client's state, but sends nothing more.
    freed: Cell<bool>,
    /// The client's own request headers (headers, userAgent, asUser, marketplace),
    /// checked by the core, "name\0value\0...".
    headers: String,
    /// The logging hooks (undefined when none), which client.js calls with redacted copies.
    hooks: JsValue,
}

/// What a client needs to refresh its OAuth access token.
struct Refresher {
    client_id: String,
    client_secret: RefCell<Option<String>>,
    refresh_token: RefCell<Option<String>>,
    expires_at: Cell<Option<f64>>,
    on_tokens: Option<Function>,
    on_tokens_timeout_ms: f64,
    /// The refresh under way, shared by every request that needs it (single flight).
    in_flight: RefCell<Option<Promise>>,
}

impl Refresher {
    /// Wipes the OAuth secrets now.
    fn wipe(&self) {
        zeroize::Zeroize::zeroize(&mut *self.client_secret.borrow_mut());
        zeroize::Zeroize::zeroize(&mut *self.refresh_token.borrow_mut());
    }
}

/// The OAuth secrets are wiped when the client goes away.
impl Drop for Refresher {
    fn drop(&mut self) {
        self.wipe();
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
            freed: Cell::new(false),
            headers: String::new(),
            hooks: JsValue::UNDEFINED,
        }
    }
}

/// A client for one Zendesk account. See the TypeScript declarations.
#[wasm_bindgen(skip_typescript)]
pub struct ZendeskClient {
    inner: Rc<Inner>,
}

/// A developer-set base URL, parsed by the runtime's URL parser and judged by the core.
fn base_from_url(url: &str, origin: Option<String>, sends_credentials: bool) -> Result<Base, JsValue> {
    let parsed = parse_url(url, origin).ok_or_else(|| invalid_option(String::from("baseUrl is not a URL.")))?;
    let mut parts = text::split_byte(&parsed, 0);
    let (protocol, host, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    Base::from_url_parts(protocol, host, path, sends_credentials).map_err(|f| failure_js(&f))
}

#[wasm_bindgen]
impl ZendeskClient {
    /// Validates the credentials and options; throws a coded error when they cannot work.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<ZendeskClient, JsValue> {
        let snap = options_snapshot(&options, "options")?;
        let mut input = CredentialInput::from_snapshot(&snap);
        // `tokens` (a token set from exchangeCode/refreshToken) supplies the OAuth token.
        let tokens = options_snapshot(&snap.get("tokens"), "tokens")?;
        if let Some(access) = tokens.get("accessToken").as_string() {
            input.set_text(3, Some(access));
        }
        let refresh_token = tokens.get("refreshToken").as_string();
        let client_id = option_of(&snap, "clientId", "a string", JsValue::as_string)?;
        let refreshable = refresh_token.is_some() && client_id.is_some();
        let base_url = option_of(&snap, "baseUrl", "a URL string", JsValue::as_string)?;
        let auth = option_of(&snap, "auth", "'auto', 'oauth' or 'api_token'", JsValue::as_string)?;
        let timeout_ms = option_of(&snap, "timeoutMs", "a number of milliseconds", JsValue::as_f64)?.unwrap_or(30_000.0);
        let retry = options_snapshot(&snap.get("retry"), "retry")?;
        let max_retries = option_of(&retry, "maxRetries", "a whole number", JsValue::as_f64)?.unwrap_or(3.0);
        let max_wait_ms = option_of(&retry, "maxWaitMs", "a number of milliseconds", JsValue::as_f64)?.unwrap_or(60_000.0);
        let on_rate_limit = option_of(&retry, "onRateLimit", "'wait' or 'throw'", JsValue::as_string)?;
        let on_tokens = option_of(&snap, "onTokens", "a function", |v| (kind_of(v) == 4).then(|| v.clone().unchecked_into::<Function>()))?;
        let client_secret = option_of(&snap, "clientSecret", "a string", JsValue::as_string)?;
        let on_tokens_timeout_ms = option_of(&snap, "onTokensTimeoutMs", "a number of milliseconds", JsValue::as_f64)?.unwrap_or(10_000.0);
        let now = js_sys::Date::now();
        let raw = input.credentials();
        let proxy = base_url.is_some();
        let mut v = validate_with(&raw, now, !proxy);
        if v.has_missing_field() {
            // A missing credential may be a misnamed one: say so in the diagnostics.
            let keys = snap.keys();
            credentials::diagnose_unknown_keys(text::split_byte(&keys, 0).filter(|k| !k.is_empty()), &mut v);
        }
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
            Some(url) => base_from_url(url, origin.clone(), sends_credentials)?,
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
            s => {
                let mut value = build_authorization_header(&raw, Some(s.as_str()), now).map_err(|e| error_js(&e.primary, Some(&e.diagnostics)))?;
                let js = JsString::from(value.as_str());
                zeroize::Zeroize::zeroize(&mut value);
                Some(js)
            }
        };
        let valid = timeout_ms.is_finite() && timeout_ms > 0.0 && max_wait_ms.is_finite() && max_wait_ms >= 0.0 && (0.0..=20.0).contains(&max_retries);
        if !valid || !(on_tokens_timeout_ms.is_finite() && on_tokens_timeout_ms > 0.0) {
            return Err(invalid_option(String::from("timeoutMs, onTokensTimeoutMs and retry.maxWaitMs must be positive numbers of milliseconds, retry.maxRetries 0 to 20.")));
        }
        let headers = checked_headers(&snap, scheme, "")?;
        let hooks = no_fault(make_hooks(&snap))?;
        let throw_on_rate_limit = match on_rate_limit.as_deref() {
            None | Some("wait") => false,
            Some("throw") => true,
            Some(_) => return Err(invalid_option(String::from("retry.onRateLimit must be 'wait' or 'throw'."))),
        };
        let refresher = match (refreshable && scheme == AuthScheme::Oauth, client_id) {
            (true, Some(client_id)) => {
                let expires_at = tokens.get("accessTokenExpiresAt").as_f64().or_else(|| c.oauth_token.as_deref().and_then(crate::core::jwt::expiry_ms));
                Some(Refresher {
                    client_id,
                    client_secret: RefCell::new(client_secret),
                    refresh_token: RefCell::new(refresh_token),
                    expires_at: Cell::new(expires_at),
                    on_tokens,
                    on_tokens_timeout_ms,
                    in_flight: RefCell::new(None),
                })
            }
            _ => None,
        };
        let policy = RetryPolicy { max_retries: max_retries as u32, max_wait_ms, throw_on_rate_limit };
        let inner = Inner { base, authorization: RefCell::new(authorization), scheme, timeout_ms, policy, in_browser: origin.is_some(), refresher, token_endpoint: false, freed: Cell::new(false), headers, hooks };
        Ok(ZendeskClient { inner: Rc::new(inner) })
    }

    /// Called by `free()` (see pkg-template/client/protect.js): the secrets go now, even
    /// while a pages iterator or a request in flight still holds the shared state. A
    /// client the garbage collector frees keeps its iterators working.
    #[wasm_bindgen(js_name = wipeSecrets)]
    pub fn wipe_secrets(&self) {
        let inner = &self.inner;
        inner.freed.set(true);
        inner.authorization.borrow_mut().take();
        if let Some(r) = &inner.refresher {
            r.wipe();
        }
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
            let options = options_snapshot(&options, "options")?;
            let signal = signal_of(&options)?;
            let url = confined(&inner.base, "/api/v2/users/me.json").map_err(|f| failure_js(&f))?;
            let reply = send(&inner, "GET", url, Body::none(), signal, &inner.headers).await?;
            let user = user_of(&reply.data);
            let id = own_field(&user, "id");
            if id.is_null() || id.is_undefined() {
                return Err(failure_js(&outcome::anonymous(inner.scheme)));
            }
            Ok(make_verified(&user, inner.scheme.as_str(), &reply.rate_limit))
        })
    }

    /// `request(method, path, { query, body, signal })`.
    pub fn request(&self, method: JsValue, path: JsValue, options: JsValue) -> Promise {
        self.call(method.as_string(), path, options, None)
    }

    /// `get(path, { query, signal })`.
    pub fn get(&self, path: JsValue, options: JsValue) -> Promise {
        self.call(Some("GET".into()), path, options, Some(JsValue::UNDEFINED))
    }

    /// `post(path, body, { query, signal })`.
    pub fn post(&self, path: JsValue, body: JsValue, options: JsValue) -> Promise {
        self.call(Some("POST".into()), path, options, Some(body))
    }

    /// `put(path, body, { query, signal })`.
    pub fn put(&self, path: JsValue, body: JsValue, options: JsValue) -> Promise {
        self.call(Some("PUT".into()), path, options, Some(body))
    }

    /// `delete(path, { query, signal })`.
    pub fn delete(&self, path: JsValue, options: JsValue) -> Promise {
        self.call(Some("DELETE".into()), path, options, Some(JsValue::UNDEFINED))
    }

    /// `paginate(path, { pageSize, query, signal, maxPages, maxItems, onPage })`: an async
    /// iterator over pages (caps and onPage in client.js).
    pub fn paginate(&self, path: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        let options = options_snapshot(&options, "options")?;
        let mut pairs = pairs_of(&options)?;
        // Offset lists and incremental exports page with their own parameters; only
        // cursor lists get page[size].
        let raw = path.as_string().unwrap_or_default();
        let offset = pairs.iter().any(|(k, _)| k == "page" || k == "per_page") || raw.contains("/incremental/") || raw.contains("page=");
        let size = option_of(&options, "pageSize", "a number", JsValue::as_f64)?.unwrap_or(100.0);
        let size = if size.is_finite() { size.clamp(1.0, 100.0) as u32 } else { 100 };
        if !offset && !pairs.iter().any(|(k, _)| k == "page[size]") {
            let mut n = String::new();
            text::push_num(&mut n, u64::from(size));
            pairs.push(("page[size]".into(), n));
        }
        let mut url = resolve(&self.inner, &path)?;
        append_query(&mut url, &pairs);
        let headers = checked_headers(&options, self.inner.scheme, &self.inner.headers)?;
        let mut seen = pagination::Seen::default();
        seen.first_visit(&url);
        let state = Rc::new(RefCell::new(PageState { next: Some(Ok(url)), busy: false, seen }));
        let signal = signal_of(&options)?;
        let pages = Pages { inner: self.inner.clone(), state, signal, headers };
        no_fault(pages_iterator(pages.into(), &raw, &options))
    }

    /// `body`: `Some` for the method's own argument (undefined for GET and DELETE), `None`
    /// for `request`, which takes it from the options.
    fn call(&self, method: Option<String>, path: JsValue, options: JsValue, body: Option<JsValue>) -> Promise {
        call(self.inner.clone(), method, path, options, body)
    }
}


/// One request from a caller's arguments.
fn call(inner: Rc<Inner>, method: Option<String>, path: JsValue, options: JsValue, body: Option<JsValue>) -> Promise {
    promise(async move {
        let method = method.map(|m| m.to_ascii_uppercase()).unwrap_or_default();
        if !matches!(method.as_str(), "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE") {
            return Err(invalid_option(String::from("method must be GET, HEAD, POST, PUT, PATCH or DELETE.")));
        }
        let options = options_snapshot(&options, "options")?;
        let mut url = resolve(&inner, &path)?;
        append_query(&mut url, &pairs_of(&options)?);
        let body = body.unwrap_or_else(|| options.get("body"));
        let body = if body.is_undefined() || body.is_null() { Body::none() } else { Body::prepare(&body)? };
        let headers = checked_headers(&options, inner.scheme, &inner.headers)?;
        let reply = send(&inner, &method, url, body, signal_of(&options)?, &headers).await?;
        Ok(make_response(reply.status, &reply.data, &reply.rate_limit, reply.request_id))
    })
}

/// The headers an options object asks for (`headers`, `asUser`) after `base` (the
/// client's own, which they override), gathered and checked by client.js (headerList),
/// "name\0value\0...".
fn checked_headers(options: &Snapshot, scheme: AuthScheme, base: &str) -> Result<String, JsValue> {
    Ok(no_fault(header_list(options, scheme.as_str(), base))?.as_string().unwrap_or_default())
}

/// A value from client.js, or the INVALID_OPTION error for its `{ fault }`.
/// (A coded error made there, recognised by its hint, passes as it is.)
fn no_fault(v: JsValue) -> Result<JsValue, JsValue> {
    if own_field(&v, "hint").is_string() {
        return Err(v);
    }
    match own_field(&v, "fault").as_string() {
        Some(fault) => Err(invalid_option(fault)),
        None => Ok(v),
    }
}

/// The full URL for a caller's path argument, or INVALID_PATH.
fn resolve(inner: &Inner, path: &JsValue) -> Result<String, JsValue> {
    let Some(path) = path.as_string() else {
        return Err(failure_js(&Failure::new(ClientCode::InvalidPath, "path must be a string.", "Pass a Zendesk API path such as /api/v2/tickets.json.")));
    };
    confined(&inner.base, &path).map_err(|f| failure_js(&f))
}

/// A path or URL that may carry this base's credentials, judged by the core on the URL
/// as the runtime's parser reads it (the URL fetch will use).
fn confined(base: &Base, path_or_url: &str) -> Result<String, Failure> {
    let candidate = base.resolve(path_or_url)?;
    let parsed = parse_url(&candidate, None).unwrap_or_default();
    let mut parts = text::split_byte(&parsed, 0);
    let (protocol, host, pathname) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let href = parts.nth(1).unwrap_or("");
    base.confine(&ParsedUrl { protocol, host, pathname, href })
}

/// Every async export goes through one boxed future type, so the promise machinery is
/// compiled once rather than once per export (about 1.3 KB of wasm each).
fn promise(f: impl Future<Output = Result<JsValue, JsValue>> + 'static) -> Promise {
    let boxed: Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>> = Box::pin(f);
    future_to_promise(boxed)
}

/// The `query` option as pairs, or the coded error for a value that cannot be sent.
fn pairs_of(options: &Snapshot) -> Result<Vec<(String, String)>, JsValue> {
    let joined = no_fault(query_pairs(&options.get("query")))?.as_string().unwrap_or_default();
    let mut parts = text::split_byte(&joined, 0);
    let mut out = Vec::new();
    while let (Some(k), Some(v)) = (parts.next(), parts.next()) {
        out.push((k.to_owned(), v.to_owned()));
    }
    Ok(out)
}

/// A request body ready for fetch (a JavaScript value; never copied into wasm).
struct Body {
    value: JsValue,
    content_type: Option<String>,
}

impl Body {
    fn none() -> Body {
        Body { value: JsValue::UNDEFINED, content_type: None }
    }

    fn prepare(body: &JsValue) -> Result<Body, JsValue> {
        let p = prepare_body(body);
        if let Some(fault) = p.fault() {
            return Err(invalid_option(fault));
        }
        Ok(Body { value: p.body(), content_type: p.content_type() })
    }

    /// A JSON body made here (token requests). The text is moved into a JavaScript string
    /// and wiped from wasm memory.
    fn json(mut text: String) -> Body {
        let value = JsValue::from_str(&text);
        zeroize::Zeroize::zeroize(&mut text);
        Body { value, content_type: Some(String::from("application/json")) }
    }
}

/// A successful answer.
struct Reply {
    status: u16,
    data: JsValue,
    rate_limit: JsValue,
    request_id: Option<String>,
}

/// One HTTP exchange as read: status, body (parsed when JSON) and the headers we use.
struct Answer {
    status: u16,
    body: JsValue,
    json: bool,
    /// "name\0value\0..." with lowercase names.
    headers: String,
    /// The package's proxy's own coded error, or a 422's details (see `Exchanged::extra`).
    extra: JsValue,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        let mut parts = text::split_byte(&self.headers, 0);
        while let (Some(k), Some(v)) = (parts.next(), parts.next()) {
            if k == name {
                return Some(v);
            }
        }
        None
    }

    fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        let mut parts = text::split_byte(&self.headers, 0);
        ::core::iter::from_fn(move || Some((parts.next()?, parts.next()?)))
    }

    fn rate_limit(&self) -> RateLimit {
        ratelimit::read(self.pairs())
    }

    /// Zendesk's request id: `X-Request-Id` (since about 2019) or `X-Zendesk-Request-Id`,
    /// the first value when the header came twice.
    fn request_id(&self) -> Option<String> {
        let v = self.header("x-request-id").or_else(|| self.header("x-zendesk-request-id"))?;
        let first = text::split_once_byte(v, b',').map_or(v, |(a, _)| a);
        Some(text::trim(first).to_owned())
    }
}

fn rate_limit_js(r: &RateLimit) -> JsValue {
    let mut buckets = String::new();
    let push = |s: &mut String, v: Option<u64>| {
        s.push('\0');
        if let Some(n) = v {
            text::push_num(s, n);
        }
    };
    for (i, b) in r.buckets.iter().enumerate() {
        if i > 0 {
            buckets.push('\0');
        }
        buckets.push_str(&b.name);
        push(&mut buckets, b.total);
        push(&mut buckets, b.remaining);
        push(&mut buckets, b.resets);
    }
    let f = |v: Option<u64>| v.map(|n| n as f64);
    make_rate_limit(f(r.limit), f(r.remaining), f(r.reset_seconds), &buckets)
}

/// One attempt: `Err` carries TIMEOUT, ABORTED or NETWORK and the cause.
async fn exchange_once(inner: &Inner, method: &str, url: &str, body: &Body, signal: &JsValue, extra: &str, attempt: u32) -> Result<Answer, (ClientCode, JsValue)> {
    let authorization = inner.authorization.borrow().clone();
    let done = JsFuture::from(exchange(method, url, authorization, &body.value, body.content_type.clone(), signal, inner.timeout_ms, extra, &inner.hooks, attempt)).await;
    // `exchange` never rejects; a rejection here would be a bug in client.js, and still
    // ends as a coded error rather than a lost promise.
    let x: Exchanged = done.map_err(|e| (ClientCode::Network, e))?.unchecked_into();
    match x.status() {
        -2 => Err((ClientCode::Timeout, x.cause())),
        -3 => Err((ClientCode::Aborted, x.cause())),
        s if s < 0 => Err((ClientCode::Network, x.cause())),
        s => Ok(Answer { status: s as u16, body: x.data(), json: x.json(), headers: x.headers(), extra: x.extra() }),
    }
}

const MAX_REDIRECTS: u32 = 3;

/// Sends with retries, redirects under the base URL, and one deadline.
/// `extra`: the request's own headers.
async fn send(inner: &Rc<Inner>, method: &str, mut url: String, body: Body, signal: JsValue, extra: &str) -> Result<Reply, JsValue> {
    let started = js_sys::Date::now();
    // `attempts` counts every exchange of this call (retries, redirects, after a refresh),
    // for the hooks.
    let (mut retries, mut redirects, mut refreshed_after_401, mut attempts) = (0u32, 0u32, false, 0u32);
    loop {
        if inner.freed.get() {
            return Err(failure_js(&Failure::new(ClientCode::ClientFreed, "The client was freed while this request or its pages were still going.", "Create a new ZendeskClient; a freed one cannot be used again.")));
        }
        if let Some(r) = &inner.refresher {
            if oauth::needs_refresh(r.expires_at.get(), js_sys::Date::now()) && r.refresh_token.borrow().is_some() {
                let stale = inner.authorization.borrow().clone();
                // Boxed: a refresh sends a token request, which goes through `send` again.
                Box::pin(refresh(inner, stale)).await?;
            }
        }
        let sent_with = inner.authorization.borrow().clone();
        attempts += 1;
        let result = exchange_once(inner, method, &url, &body, &signal, extra, attempts).await;
        if matches!(&result, Ok(x) if x.status == 401) && inner.refresher.is_some() && !refreshed_after_401 {
            // Zendesk says the access token is no good: refresh once and try again.
            refreshed_after_401 = true;
            Box::pin(refresh(inner, sent_with)).await?;
            continue;
        }
        let now = js_sys::Date::now();
        let attempt = match &result {
            Ok(x) => Attempt::Status(x.status),
            Err((ClientCode::Aborted, cause)) => return Err(transport_error(ClientCode::Aborted, inner, cause)),
            Err((ClientCode::Timeout, _)) => Attempt::Timeout,
            Err(_) => Attempt::Network,
        };
        if let Ok(x) = &result {
            if (200..300).contains(&x.status) {
                if !x.json {
                    return Err(error_for(x, Failure::new(ClientCode::BadResponse, "Zendesk's answer was not valid JSON.", "Try again; quote the requestId to Zendesk support if it persists."), None));
                }
                return Ok(Reply { status: x.status, data: x.body.clone(), rate_limit: rate_limit_js(&x.rate_limit()), request_id: x.request_id() });
            }
            if x.status == 0 || (300..400).contains(&x.status) {
                let next = x.header("location").and_then(|loc| parse_url(loc, Some(url.clone()))).and_then(|p| text::rfind_byte(&p, 0).map(|i| &p[i + 1..]).map(str::to_owned));
                match next.map(|n| confined(&inner.base, &n)) {
                    Some(Ok(next)) if redirects < MAX_REDIRECTS => {
                        redirects += 1;
                        url = next;
                        continue;
                    }
                    _ => {
                        return Err(error_for(
                            x,
                            Failure::new(
                                ClientCode::RedirectRefused,
                                "Zendesk answered with a redirect away from the base URL; it was not followed, so the credentials were not sent on.",
                                "Call the API on https://{subdomain}.zendesk.com (not a host-mapped domain), or set baseUrl to where the API really is.",
                            ),
                            None,
                        ))
                    }
                }
            }
        }
        let retry_after = result.as_ref().ok().and_then(|x| x.header("retry-after")).and_then(|v| retry::parse_retry_after(v, now));
        match retry::decide(&inner.policy, method, retries, attempt, retry_after, now - started, js_sys::Math::random()) {
            Decision::Retry(wait) => {
                let status = result.as_ref().map_or(0, |x| x.status);
                let slept = JsFuture::from(sleep(wait, &signal, &inner.hooks, method, &url, attempts + 1, status)).await.ok().and_then(|v| v.as_bool()).unwrap_or(false);
                if !slept {
                    return Err(transport_error(ClientCode::Aborted, inner, &JsValue::UNDEFINED));
                }
                retries += 1;
            }
            Decision::GiveUp => {
                return Err(match &result {
                    Ok(x) => {
                        let fields = error_fields(&x.body);
                        let mut f = text::split_byte(&fields, 0).map(|s| (!s.is_empty()).then_some(s));
                        let body = ErrorBody { error: f.next().flatten(), title: f.next().flatten(), message: f.next().flatten(), description: f.next().flatten(), text: f.next().flatten(), details: f.next().flatten() };
                        if own_field(&x.extra, "hint").is_string() {
                            // The package's proxy answering for itself, in its own words.
                            return Err(x.extra.clone());
                        }
                        let failure = if inner.token_endpoint { oauth::token_error(x.status, &body) } else { outcome::classify(x.status, &body, inner.scheme) };
                        let details = Details { status: Some(x.status), request_id: x.request_id(), retry_after_ms: retry_after, rate_limit: Some(rate_limit_js(&x.rate_limit())), details: Some(x.extra.clone()), ..Details::default() };
                        client_error(&failure, details)
                    }
                    Err((code, cause)) => transport_error(*code, inner, cause),
                });
            }
        }
    }
}

/// TIMEOUT, ABORTED or NETWORK, with what the runtime said as the cause.
fn transport_error(code: ClientCode, inner: &Inner, cause: &JsValue) -> JsValue {
    let cause = (!cause.is_undefined()).then(|| cause.clone());
    client_error(&outcome::transport(code, inner.in_browser), Details { cause, ..Details::default() })
}

fn error_for(x: &Answer, f: Failure, retry_after_ms: Option<f64>) -> JsValue {
    let details = Details { status: Some(x.status), request_id: x.request_id(), retry_after_ms, rate_limit: Some(rate_limit_js(&x.rate_limit())), ..Details::default() };
    client_error(&f, details)
}

struct PageState {
    /// The next page's URL, or why there cannot be one.
    next: Option<Result<String, Failure>>,
    busy: bool,
    /// The links followed lately: a repeat ends the chain with PAGINATION_LOOP.
    seen: pagination::Seen,
}

/// The async iterator `paginate` returns. Holds one URL at a time, so memory stays flat.
#[wasm_bindgen(skip_typescript)]
pub struct Pages {
    inner: Rc<Inner>,
    state: Rc<RefCell<PageState>>,
    signal: JsValue,
    headers: String,
}

#[wasm_bindgen]
impl Pages {
    /// The iterator protocol: resolves `{ value: response, done: false }` per page,
    /// then `{ value: undefined, done: true }`.
    pub fn next(&self) -> Promise {
        let (inner, state, signal, headers) = (self.inner.clone(), self.state.clone(), self.signal.clone(), self.headers.clone());
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
            let result = send(&inner, "GET", url, Body::none(), signal, &headers).await;
            let mut s = state.borrow_mut();
            s.busy = false;
            let reply = result?;
            let nav = page_nav(&reply.data);
            s.next = (!nav.is_empty()).then(|| confined(&inner.base, &nav)).map(|r| match r {
                Ok(url) if !s.seen.first_visit(&url) => Err(pagination::loop_failure()),
                other => other,
            });
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

fn bearer(token: &str) -> JsString {
    let mut h = String::from("Bearer ");
    h.push_str(token);
    let js = JsString::from(h.as_str());
    zeroize::Zeroize::zeroize(&mut h);
    js
}

/// Refreshes the access token, once for all concurrent callers. `stale` is the header
/// the caller saw; if it already changed, someone else refreshed and there is nothing
/// to do.
async fn refresh(inner: &Rc<Inner>, stale: Option<JsString>) -> Result<(), JsValue> {
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
    let body = {
        let token = r.refresh_token.borrow();
        let Some(refresh_token) = token.as_deref() else {
            return Err(failure_js(&Failure::new(ClientCode::InvalidGrant, "The access token expired and no refresh token is left.", "Authorize again.")));
        };
        oauth::token_request_json(&Grant::RefreshToken(refresh_token), &r.client_id, r.client_secret.borrow().as_deref(), oauth::DEFAULT_EXPIRES_IN_SECONDS)
    };
    let set = match request_tokens(inner.base.clone(), Body::json(body), JsValue::UNDEFINED).await {
        Ok(set) => set,
        Err((error, spent)) => {
            // Only a refused grant spends the refresh token; after a network error,
            // timeout, 5xx or 429 Zendesk may never have seen it, so it is kept.
            if spent {
                zeroize::Zeroize::zeroize(&mut *r.refresh_token.borrow_mut());
                *r.refresh_token.borrow_mut() = None;
            }
            return Err(error);
        }
    };
    if inner.freed.get() {
        // Freed while the refresh was under way: the new pair is dropped (and wiped)
        // rather than kept by a client nobody can use.
        return Err(failure_js(&Failure::new(ClientCode::ClientFreed, "The client was freed while its tokens were being refreshed.", "Create a new ZendeskClient; a freed one cannot be used again.")));
    }
    // Adopt the new pair first: the old refresh token is spent.
    *inner.authorization.borrow_mut() = Some(bearer(&set.access_token));
    {
        let mut slot = r.refresh_token.borrow_mut();
        zeroize::Zeroize::zeroize(&mut *slot);
        *slot = set.refresh_token.clone();
    }
    r.expires_at.set(set.access_token_expires_at);
    if let Some(callback) = &r.on_tokens {
        let outcome = JsFuture::from(call_on_tokens(callback, &token_set_js(&set), r.on_tokens_timeout_ms)).await.unwrap_or(JsValue::UNDEFINED);
        if own_field(&outcome, "hint").is_string() {
            // ON_TOKENS_TIMEOUT, made by callOnTokens. The new pair stays in use: the
            // previous refresh token is spent, so dropping the pair would sign the user out.
            return Err(outcome);
        }
        if !outcome.is_undefined() {
            let cause = own_field(&outcome, "cause");
            let f = Failure::new(
                ClientCode::OnTokensFailed,
                "onTokens failed while saving refreshed tokens; the client uses them, but they may not be stored.",
                "Make onTokens store the tokens reliably; the previous refresh token no longer works.",
            );
            return Err(client_error(&f, Details { cause: Some(cause), ..Details::default() }));
        }
    }
    Ok(())
}

fn token_set_js(t: &TokenSet) -> JsValue {
    make_token_set(&t.access_token, t.refresh_token.clone(), &t.scope, &t.token_type, t.access_token_expires_at, t.refresh_token_expires_at)
}

/// POSTs a token request and reads the token set. The error says whether the grant was
/// refused (its code or refresh token spent) or the request may never have been seen.
async fn request_tokens(base: Base, body: Body, signal: JsValue) -> Result<TokenSet, (JsValue, bool)> {
    let url = oauth::token_url(&base);
    let inner = Rc::new(Inner::token_endpoint(base));
    let reply = send(&inner, "POST", url, body, signal, "").await.map_err(|e| {
        let code = own_field(&e, "code").as_string();
        let spent = code.as_deref() == Some(ClientCode::InvalidGrant.as_str());
        (e, spent)
    })?;
    let fields = token_fields(&reply.data);
    let mut f = text::split_byte(&fields, 0).map(|s| (!s.is_empty()).then_some(s));
    let response = TokenResponse {
        access_token: f.next().flatten(),
        refresh_token: f.next().flatten(),
        scope: f.next().flatten(),
        token_type: f.next().flatten(),
        expires_in: lifetime_of(&reply.data, "expires_in"),
        refresh_token_expires_in: lifetime_of(&reply.data, "refresh_token_expires_in"),
    };
    oauth::token_set(&response, js_sys::Date::now()).map_err(|e| (failure_js(&e), false))
}

/// The token endpoint's base: `subdomain` or `baseUrl` in the options.
fn oauth_base(options: &Snapshot) -> Result<Base, JsValue> {
    if let Some(url) = option_of(options, "baseUrl", "a URL string", JsValue::as_string)? {
        return base_from_url(&url, runtime_origin(), true);
    }
    let label = validated_label(&options.get("subdomain"))?;
    Ok(Base::zendesk(&label))
}

fn required_string(options: &Snapshot, name: &str) -> Result<String, JsValue> {
    option_of(options, name, "a non-empty string", JsValue::as_string)?.filter(|s| !s.is_empty()).ok_or_else(|| {
        let mut msg = String::from(name);
        msg.push_str(" is required.");
        invalid_option(msg)
    })
}

fn expires_in(options: &Snapshot) -> Result<u32, JsValue> {
    let v = option_of(options, "expiresIn", "a number of seconds", JsValue::as_f64)?;
    Ok(v.filter(|s| s.is_finite()).map_or(oauth::DEFAULT_EXPIRES_IN_SECONDS, |s| s.clamp(300.0, 172_800.0) as u32))
}

/// The scopes option, checked against Zendesk's grammar.
fn scopes_of(options: &Snapshot) -> Result<String, JsValue> {
    let list = scope_list(&options.get("scopes"));
    let Some(joined) = list.as_string() else {
        return Err(invalid_option(String::from("scopes must be a string or an array of strings.")));
    };
    oauth::check_scopes(text::split_byte(&joined, 0).flat_map(|s| text::split_byte(s, b' ')).filter(|s| !s.is_empty())).map_err(|f| failure_js(&f))
}

/// Starts an authorization-code flow with PKCE. See the TypeScript declarations.
#[wasm_bindgen(js_name = createAuthorizationUrl, skip_typescript)]
pub fn create_authorization_url(options: JsValue) -> Result<JsValue, JsValue> {
    let options = options_snapshot(&options, "options")?;
    let base = oauth_base(&options)?;
    let client_id = required_string(&options, "clientId")?;
    let redirect_uri = required_string(&options, "redirectUri")?;
    if parse_url(&redirect_uri, None).is_none() {
        return Err(invalid_option(String::from("redirectUri must be an absolute URL.")));
    }
    let scope = scopes_of(&options)?;
    let state = match option_of(&options, "state", "a string", JsValue::as_string)? {
        // An empty state would match an empty state on return: no protection at all.
        Some(s) if s.is_empty() => return Err(invalid_option(String::from("state must not be empty; leave it out to have one made for you."))),
        Some(s) => s,
        None => oauth::random_token(&random_bytes(16)),
    };
    // 32 random bytes: a 43-character verifier, as RFC 7636 recommends.
    let mut verifier = oauth::random_token(&random_bytes(32));
    let url = oauth::authorization_url(&base, &client_id, &redirect_uri, &scope, &state, &oauth::code_challenge(&verifier));
    let result = make_authorization(&url, &state, &verifier);
    zeroize::Zeroize::zeroize(&mut verifier);
    Ok(result)
}

/// Exchanges an authorization code (with its PKCE verifier) for tokens.
#[wasm_bindgen(js_name = exchangeCode, skip_typescript)]
pub fn exchange_code(options: JsValue) -> Promise {
    promise(async move {
        let options = options_snapshot(&options, "options")?;
        let base = oauth_base(&options)?;
        let (client_id, mut code, mut verifier, redirect_uri) = (
            required_string(&options, "clientId")?,
            required_string(&options, "code")?,
            required_string(&options, "codeVerifier")?,
            required_string(&options, "redirectUri")?,
        );
        let secret = option_of(&options, "clientSecret", "a string", JsValue::as_string)?;
        let grant = Grant::AuthorizationCode { code: &code, code_verifier: &verifier, redirect_uri: &redirect_uri };
        let result = token_call(&options, base, &grant, &client_id, secret).await;
        zeroize::Zeroize::zeroize(&mut code);
        zeroize::Zeroize::zeroize(&mut verifier);
        result
    })
}

/// Uses a refresh token (once) for a new token set.
#[wasm_bindgen(js_name = refreshToken, skip_typescript)]
pub fn refresh_token(options: JsValue) -> Promise {
    promise(async move {
        let options = options_snapshot(&options, "options")?;
        let base = oauth_base(&options)?;
        let (client_id, mut token) = (required_string(&options, "clientId")?, required_string(&options, "refreshToken")?);
        let secret = option_of(&options, "clientSecret", "a string", JsValue::as_string)?;
        let result = token_call(&options, base, &Grant::RefreshToken(&token), &client_id, secret).await;
        zeroize::Zeroize::zeroize(&mut token);
        result
    })
}

/// Client credentials grant (confidential clients): an access token, no refresh token.
#[wasm_bindgen(js_name = clientCredentialsToken, skip_typescript)]
pub fn client_credentials_token(options: JsValue) -> Promise {
    promise(async move {
        let options = options_snapshot(&options, "options")?;
        let base = oauth_base(&options)?;
        let (client_id, secret) = (required_string(&options, "clientId")?, required_string(&options, "clientSecret")?);
        let scope = scopes_of(&options)?;
        token_call(&options, base, &Grant::ClientCredentials(&scope), &client_id, Some(secret)).await
    })
}

/// The token request the three OAuth exports end with: `grant` posted to the token
/// endpoint, honouring the options' `expiresIn` and `signal`, and the token set as JS.
async fn token_call(options: &Snapshot, base: Base, grant: &Grant<'_>, client_id: &str, mut secret: Option<String>) -> Result<JsValue, JsValue> {
    let body = oauth::token_request_json(grant, client_id, secret.as_deref(), expires_in(options)?);
    zeroize::Zeroize::zeroize(&mut secret);
    let signal = signal_of(options)?;
    let set = request_tokens(base, Body::json(body), signal).await.map_err(|(e, _)| e)?;
    Ok(token_set_js(&set))
}
