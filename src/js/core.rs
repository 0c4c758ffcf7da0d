//! The JavaScript boundary: the functions exported to JavaScript, which convert JS
//! values into the core's types and the results back, and decide nothing themselves.
//!
//! Kept lean on purpose: inputs are read with direct property getters (no serde), the
//! fixed strings (codes, fields, hints) cross once and are cached as JS strings, and
//! normalized values that did not change are handed back as the caller's own strings.

use std::cell::Cell;

use wasm_bindgen::prelude::*;

use crate::core::credentials::{self, Credentials, Raw, RawCredentials, Validation};
use crate::core::diagnostic::{Code, Diagnostic, Field, Severity};
use crate::core::header::{self, InspectedScheme};
use crate::core::{redact as redaction, subdomain};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

// Fixed strings (field names, codes, hints) live in JS, registered once; values cross as
// small integers. Diagnostics are queued here and attached to the next result or error.
#[wasm_bindgen(inline_js = r#"
const NAMES = ["subdomain", "email", "apiToken", "oauthToken", "password", "now", "scheme"];
const SEVERITIES = ["error", "warning"];
const SCHEMES = ["api_token", "password", "bearer", "unknown"];
const FIELDS = [], CODES = [], HINTS = [];
let pending = [];
const take = () => { const d = pending; pending = []; return d; };
const get = (object, name) => {
  if (object == null || (typeof object !== "object" && typeof object !== "function")) return undefined;
  try { return object[name]; } catch { return undefined; } // a throwing getter counts as absent
};
export function registerField(i, name) { FIELDS[i] = name; }
export function registerCode(i, code, hint) { CODES[i] = code; HINTS[i] = hint; }
// The type of a value: 0 absent, 1 string, 2 number, 3 boolean, 4 function, 5 object, 6 other.
export function kindOf(v) {
  return v == null ? 0 : typeof v === "string" ? 1 : typeof v === "number" ? 2 : typeof v === "boolean" ? 3
    : typeof v === "function" ? 4 : typeof v === "object" ? 5 : 6;
}
// The kinds of NAMES[first..first+count] of an object, 3 bits each.
export function fieldKinds(object, first, count) {
  let kinds = 0;
  for (let i = 0; i < count; i++) kinds |= kindOf(get(object, NAMES[first + i])) << (3 * i);
  return kinds;
}
export function readText(object, i) {
  const v = get(object, NAMES[i]);
  return typeof v === "string" ? v : undefined;
}
export function nowOf(options) {
  const v = get(options, "now");
  return typeof v === "number" ? v : v instanceof Date ? v.getTime() : Date.now();
}
export function pushDiagnostic(field, code, severity, message) {
  pending.push({ field: FIELDS[field], code: CODES[code], severity: SEVERITIES[severity], message, hint: HINTS[code] });
}
// Normalized credentials: fields whose bit is set in `same` are the caller's own values.
export function makeValidation(ok, object, same, subdomain, email, apiToken, oauthToken, password) {
  const c = {};
  [subdomain, email, apiToken, oauthToken, password].forEach((v, i) => {
    const value = same & (1 << i) ? get(object, NAMES[i]) : v;
    if (value !== undefined) c[NAMES[i]] = value;
  });
  return { ok, credentials: c, diagnostics: take() };
}
export function makeInspection(scheme, email, secretMasked) {
  const r = { scheme: SCHEMES[scheme], diagnostics: take() };
  if (email !== undefined) r.email = email;
  if (secretMasked !== undefined) r.secretMasked = secretMasked;
  return r;
}
export function makeError(code, field, message, withDiagnostics) {
  const e = new Error(message);
  e.name = "ZendeskAuthError";
  e.code = CODES[code];
  e.field = FIELDS[field];
  e.hint = HINTS[code];
  const diagnostics = take();
  if (withDiagnostics) e.diagnostics = diagnostics;
  return e;
}
// An object's own keys in one string, NUL-separated (one crossing instead of one per key).
export function ownKeys(object) {
  return object !== null && typeof object === "object" ? Object.keys(object).join("\0") : "";
}
export function readField(object, name) {
  return get(object, name);
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = registerField)]
    fn register_field(i: usize, name: &str);
    #[wasm_bindgen(js_name = registerCode)]
    fn register_code(i: usize, code: &str, hint: &str);
    #[wasm_bindgen(js_name = kindOf)]
    fn kind_of(value: &JsValue) -> u32;
    #[wasm_bindgen(js_name = fieldKinds)]
    fn field_kinds(object: &JsValue, first: usize, count: usize) -> u32;
    #[wasm_bindgen(js_name = readText)]
    fn read_text(object: &JsValue, i: usize) -> Option<String>;
    #[wasm_bindgen(js_name = nowOf)]
    fn now_of(options: &JsValue) -> f64;
    #[wasm_bindgen(js_name = pushDiagnostic)]
    fn push_diagnostic(field: usize, code: usize, severity: usize, message: &str);
    #[wasm_bindgen(js_name = makeValidation)]
    #[allow(clippy::too_many_arguments)]
    fn make_validation(ok: bool, object: &JsValue, same: u32, subdomain: Option<String>, email: Option<String>, api_token: Option<String>, oauth_token: Option<String>, password: Option<String>) -> JsValue;
    #[wasm_bindgen(js_name = makeInspection)]
    fn make_inspection(scheme: usize, email: Option<String>, secret_masked: Option<String>) -> JsValue;
    #[wasm_bindgen(js_name = makeError)]
    fn make_error(code: usize, field: usize, message: &str, with_diagnostics: bool) -> JsValue;
    #[wasm_bindgen(js_name = ownKeys)]
    fn own_keys(object: &JsValue) -> String;
    #[cfg(feature = "client")]
    #[wasm_bindgen(js_name = readField)]
    fn read_field(object: &JsValue, name: &str) -> JsValue;
}

thread_local! {
    static TABLES_READY: Cell<bool> = const { Cell::new(false) };
}

/// Registers field names, codes and hints with the JS side, once per instance.
fn ensure_tables() {
    if TABLES_READY.with(Cell::get) {
        return;
    }
    for f in [Field::Subdomain, Field::Email, Field::ApiToken, Field::OauthToken, Field::Password, Field::Credentials, Field::Scheme, Field::Header] {
        register_field(f as usize, f.as_str());
    }
    for &c in Code::ALL {
        register_code(c as usize, c.as_str(), c.hint());
    }
    TABLES_READY.with(|r| r.set(true));
}

// ---- reading input ----

/// JavaScript `typeof` groups, as `kindOf` and `fieldKinds` report them.
fn kind_name(kind: u32) -> Option<&'static str> {
    match kind {
        0 | 1 => None,
        2 => Some("a number"),
        3 => Some("a boolean"),
        4 => Some("a function"),
        5 => Some("an object"),
        _ => Some("a value of another type"),
    }
}

/// The five credential fields as they arrived: the strings copied into wasm memory
/// (wiped on drop), and what the others were.
pub(crate) struct Input {
    texts: [Option<String>; 5],
    kinds: [u32; 5],
}

impl Input {
    pub(crate) fn read(object: &JsValue) -> Input {
        let mask = field_kinds(object, 0, 5);
        let kinds: [u32; 5] = core::array::from_fn(|i| (mask >> (3 * i)) & 7);
        let texts = core::array::from_fn(|i| if kinds[i] == 1 { read_text(object, i) } else { None });
        Input { texts, kinds }
    }

    fn raw(&self, i: usize) -> Raw<'_> {
        match (&self.texts[i], kind_name(self.kinds[i])) {
            (Some(s), _) => Raw::Text(s),
            (None, Some(kind)) => Raw::NotText(kind),
            (None, None) => Raw::Absent,
        }
    }

    /// Replaces field `i` (0 subdomain .. 4 password) with a string (or nothing).
    #[cfg(feature = "client")]
    pub(crate) fn set_text(&mut self, i: usize, text: Option<String>) {
        self.kinds[i] = u32::from(text.is_some());
        self.texts[i] = text;
    }

    pub(crate) fn credentials(&self) -> RawCredentials<'_> {
        RawCredentials {
            subdomain: self.raw(0),
            email: self.raw(1),
            api_token: self.raw(2),
            oauth_token: self.raw(3),
            password: self.raw(4),
        }
    }

    /// Normalized values for JS: a bit in the mask for each value that is the caller's
    /// own (unchanged), a new string for each that changed.
    fn normalized(&self, c: &Credentials<'_>) -> (u32, [Option<String>; 5]) {
        let values = [&c.subdomain, &c.email, &c.api_token, &c.oauth_token, &c.password];
        let mut same = 0;
        let changed = core::array::from_fn(|i| match (values[i], &self.texts[i]) {
            (Some(v), Some(orig)) if v.as_ref() == orig.as_str() => {
                same |= 1 << i;
                None
            }
            (Some(v), _) => Some(v.to_string()),
            (None, _) => None,
        });
        (same, changed)
    }
}

/// The copies of the caller's strings in wasm memory are wiped when done.
impl Drop for Input {
    fn drop(&mut self) {
        for text in &mut self.texts {
            zeroize::Zeroize::zeroize(text);
        }
    }
}

/// `object[name]` for a name that is not on the hot path (undefined for non-objects).
#[cfg(feature = "client")]
pub(crate) fn field(object: &JsValue, name: &str) -> JsValue {
    read_field(object, name)
}

// ---- converting results ----

fn queue(list: &[Diagnostic]) {
    for d in list {
        push_diagnostic(d.field as usize, d.code as usize, d.severity as usize, &d.message);
    }
}

pub(crate) fn error_js(d: &Diagnostic, all: Option<&[Diagnostic]>) -> JsValue {
    ensure_tables();
    if let Some(list) = all {
        queue(list);
    }
    make_error(d.code as usize, d.field as usize, &d.message, all.is_some())
}

fn not_a_string(field: Field, value: &JsValue) -> Diagnostic {
    let mut message = String::from("Expected a string but got ");
    message.push_str(kind_name(kind_of(value)).unwrap_or("nothing"));
    message.push('.');
    Diagnostic::new(field, Code::NotAString, Severity::Error, message)
}

// ---- exports ----

/// See `validate` in the TypeScript declarations.
#[wasm_bindgen(js_name = validate, skip_typescript)]
pub fn validate_js(credentials: &JsValue, options: &JsValue) -> JsValue {
    ensure_tables();
    let input = Input::read(credentials);
    let mut v: Validation<'_> = credentials::validate(&input.credentials(), now_of(options));
    if v.has_missing_field() {
        // Only now is it worth listing the keys: a missing field may be a misnamed one.
        let keys = own_keys(credentials);
        let mut rest = keys.as_str();
        let names = core::iter::from_fn(|| {
            let (key, tail) = crate::core::text::split_once_byte(rest, 0).unwrap_or((rest, ""));
            let done = rest.is_empty();
            rest = tail;
            (!done).then_some(key)
        });
        credentials::diagnose_unknown_keys(names, &mut v);
    }
    queue(&v.diagnostics);
    let (same, [sub, email, api, oauth, pw]) = input.normalized(&v.credentials);
    make_validation(v.ok(), credentials, same, sub, email, api, oauth, pw)
}

/// See `buildAuthorizationHeader` in the TypeScript declarations.
#[wasm_bindgen(js_name = buildAuthorizationHeader, skip_typescript)]
pub fn build_authorization_header_js(credentials: &JsValue, options: &JsValue) -> Result<JsValue, JsValue> {
    let input = Input::read(credentials);
    // `scheme` (name 6): a string, absent, or something else (refused as unknown).
    let scheme_text = match field_kinds(options, 6, 1) {
        0 => None,
        1 => read_text(options, 6),
        _ => Some(String::new()),
    };
    let mut header = header::build_authorization_header(&input.credentials(), scheme_text.as_deref(), now_of(options))
        .map_err(|e| error_js(&e.primary, Some(&e.diagnostics)))?;
    // The JS string is the caller's; our copy in wasm memory is wiped.
    let js = JsValue::from_str(&header);
    zeroize::Zeroize::zeroize(&mut header);
    Ok(js)
}

/// See `inspectAuthorizationHeader` in the TypeScript declarations.
#[wasm_bindgen(js_name = inspectAuthorizationHeader, skip_typescript)]
pub fn inspect_authorization_header_js(value: &JsValue, options: &JsValue) -> JsValue {
    ensure_tables();
    let (scheme, email, masked) = match value.as_string() {
        Some(text) => {
            let r = header::inspect_authorization_header(&text, now_of(options));
            queue(&r.diagnostics);
            (r.scheme, r.email, r.secret_masked)
        }
        None => {
            queue(&[not_a_string(Field::Header, value)]);
            (InspectedScheme::Unknown, None, None)
        }
    };
    make_inspection(scheme as usize, email, masked)
}

/// See `redact` in the TypeScript declarations.
#[wasm_bindgen(skip_typescript)]
pub fn redact(text: &JsValue) -> Result<String, JsValue> {
    match text.as_string() {
        Some(t) => Ok(redaction::redact(&t)),
        None => Err(error_js(&not_a_string(Field::Credentials, text), None)),
    }
}

/// A subdomain from JS, validated: the label, or the coded error to throw.
pub(crate) fn validated_label(value: &JsValue) -> Result<String, JsValue> {
    let Some(text) = value.as_string() else {
        return Err(error_js(&not_a_string(Field::Subdomain, value), None));
    };
    let mut diagnostics = Vec::new();
    match subdomain::check(Some(&text), true, &mut diagnostics) {
        (Some(label), true) => Ok(label),
        _ => {
            let first = diagnostics.iter().find(|d| d.is_error()).cloned().unwrap_or_else(|| {
                Diagnostic::new(Field::Subdomain, Code::SubdomainMissing, Severity::Error, "No subdomain was given.")
            });
            Err(error_js(&first, Some(&diagnostics)))
        }
    }
}

/// See `apiBaseUrl` in the TypeScript declarations.
#[wasm_bindgen(js_name = apiBaseUrl, skip_typescript)]
pub fn api_base_url_js(value: &JsValue) -> Result<String, JsValue> {
    validated_label(value).map(|label| subdomain::base_url(&label))
}
