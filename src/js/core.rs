//! The core's exports: validate, buildAuthorizationHeader, inspectAuthorizationHeader,
//! redact, apiBaseUrl. Each reads its arguments once (`read`), lets `crate::core`
//! decide, and builds the JavaScript result (`core.js`, `error.js`).
//!
//! Kept lean on purpose: no serde; the fixed strings (codes, fields, hints) cross once
//! and are cached on the JavaScript side, so values cross as small integers.

use std::cell::Cell;

use wasm_bindgen::prelude::*;

use crate::core::credentials::{self, Credentials, Validation};
use crate::core::diagnostic::{Code, Diagnostic, Field, Severity};
use crate::core::header::{self, InspectedScheme};
use crate::core::{redact as redaction, subdomain, text};
use crate::js::read::{kind_name, now_of, snapshot, CredentialInput, Snapshot};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

#[wasm_bindgen(module = "/src/js/error.js")]
extern "C" {
    /// A field name (no hint) or a code and its hint: one import for both tables, as
    /// each import costs its hashed name in the .wasm and in the glue.
    fn register(i: usize, name: &str, hint: Option<&str>);
}

#[wasm_bindgen(module = "/src/js/core.js")]
extern "C" {
    #[wasm_bindgen(js_name = pushDiagnostic)]
    fn push_diagnostic(field: usize, code: usize, severity: usize, message: &str);
    #[wasm_bindgen(js_name = makeValidation)]
    #[allow(clippy::too_many_arguments)]
    fn make_validation(ok: bool, snap: &Snapshot, same: u32, subdomain: Option<String>, email: Option<String>, api_token: Option<String>, oauth_token: Option<String>, password: Option<String>) -> JsValue;
    #[wasm_bindgen(js_name = makeInspection)]
    fn make_inspection(scheme: usize, email: Option<String>, secret_masked: Option<String>) -> JsValue;
    #[wasm_bindgen(js_name = diagnosticError)]
    fn diagnostic_error(code: usize, field: usize, message: &str, with_diagnostics: bool) -> JsValue;
}

thread_local! {
    static TABLES_READY: Cell<bool> = const { Cell::new(false) };
}

/// Registers field names, codes and hints with the JS side, once per instance.
fn ensure_tables() {
    if TABLES_READY.with(Cell::get) {
        return;
    }
    for &f in Field::ALL {
        register(f as usize, f.as_str(), None);
    }
    for &c in Code::ALL {
        register(c as usize, c.as_str(), Some(c.hint()));
    }
    TABLES_READY.with(|r| r.set(true));
}

fn queue(list: &[Diagnostic]) {
    for d in list {
        push_diagnostic(d.field as usize, d.code as usize, d.severity as usize, &d.message);
    }
}

/// A `ZendeskAuthError` for a diagnostic, with every diagnostic attached when `all` is given.
pub(crate) fn error_js(d: &Diagnostic, all: Option<&[Diagnostic]>) -> JsValue {
    ensure_tables();
    if let Some(list) = all {
        queue(list);
    }
    diagnostic_error(d.code as usize, d.field as usize, &d.message, all.is_some())
}

fn not_a_string(field: Field, value: &JsValue) -> Diagnostic {
    let mut message = String::from("Expected a string but got ");
    message.push_str(kind_name(crate::js::read::kind_of(value)).unwrap_or("nothing"));
    message.push('.');
    Diagnostic::new(field, Code::NotAString, Severity::Error, message)
}

/// Normalized values for JS: a bit in the mask for each value that is the caller's own
/// (unchanged), a new string for each that changed.
fn normalized(input: &CredentialInput, c: &Credentials<'_>) -> (u32, [Option<String>; 5]) {
    let values = [&c.subdomain, &c.email, &c.api_token, &c.oauth_token, &c.password];
    let mut same = 0;
    let changed = ::core::array::from_fn(|i| match (values[i], input.text(i)) {
        (Some(v), Some(orig)) if v.as_ref() == orig => {
            same |= 1 << i;
            None
        }
        (Some(v), _) => Some(v.to_string()),
        (None, _) => None,
    });
    (same, changed)
}

/// See `validate` in the TypeScript declarations.
#[wasm_bindgen(js_name = validate, skip_typescript)]
pub fn validate_js(credentials: &JsValue, options: &JsValue) -> JsValue {
    ensure_tables();
    let now = now_of(options);
    let (input, snap) = match CredentialInput::read(credentials) {
        Ok(read) => read,
        Err(d) => {
            queue(&[d]);
            return make_validation(false, &snapshot(&JsValue::UNDEFINED), 0, None, None, None, None, None);
        }
    };
    let mut v: Validation<'_> = credentials::validate(&input.credentials(), now);
    if v.has_missing_field() {
        // Only now is it worth listing the keys: a missing field may be a misnamed one.
        let keys = snap.keys();
        credentials::diagnose_unknown_keys(text::split_byte(&keys, 0).filter(|k| !k.is_empty()), &mut v);
    }
    queue(&v.diagnostics);
    let (same, [sub, email, api, oauth, pw]) = normalized(&input, &v.credentials);
    make_validation(v.ok(), &snap, same, sub, email, api, oauth, pw)
}

/// See `buildAuthorizationHeader` in the TypeScript declarations.
#[wasm_bindgen(js_name = buildAuthorizationHeader, skip_typescript)]
pub fn build_authorization_header_js(credentials: &JsValue, options: &JsValue) -> Result<JsValue, JsValue> {
    let (input, _) = CredentialInput::read(credentials).map_err(|d| error_js(&d, None))?;
    // `scheme`: a string, absent, or something else (refused as unknown).
    let scheme = snapshot(options).get("scheme");
    let scheme_text = match crate::js::read::kind_of(&scheme) {
        0 => None,
        1 => scheme.as_string(),
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
        Some(mut text) => {
            let r = header::inspect_authorization_header(&text, now_of(options));
            zeroize::Zeroize::zeroize(&mut text);
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
        Some(mut t) => {
            let out = redaction::redact(&t);
            zeroize::Zeroize::zeroize(&mut t);
            Ok(out)
        }
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
