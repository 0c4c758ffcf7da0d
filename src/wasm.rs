//! The JavaScript boundary: the functions exported to JavaScript, which convert JS
//! values into the core's types and the results back, and decide nothing themselves.
//!
//! Kept lean on purpose: inputs are read with direct property getters (no serde), the
//! fixed strings (codes, fields, hints) cross once and are cached as JS strings, and
//! normalized values that did not change are handed back as the caller's own strings.

use std::borrow::Cow;
use std::cell::RefCell;

use js_sys::Array;
use wasm_bindgen::prelude::*;

use crate::credentials::{self, Credentials, Raw, RawCredentials, Validation};
use crate::diagnostic::{Code, Diagnostic, Field, Severity};
use crate::header::{self, Inspection};
use crate::{redact as redaction, subdomain};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

#[wasm_bindgen(inline_js = r#"
export function makeDiagnostic(field, code, severity, message, hint) {
  return { field, code, severity, message, hint };
}
export function makeCredentials(subdomain, email, apiToken, oauthToken, password) {
  const c = {};
  if (subdomain !== undefined) c.subdomain = subdomain;
  if (email !== undefined) c.email = email;
  if (apiToken !== undefined) c.apiToken = apiToken;
  if (oauthToken !== undefined) c.oauthToken = oauthToken;
  if (password !== undefined) c.password = password;
  return c;
}
export function makeValidation(ok, credentials, diagnostics) {
  return { ok, credentials, diagnostics };
}
export function makeInspection(scheme, email, secretMasked, diagnostics) {
  const r = { scheme, diagnostics };
  if (email !== undefined) r.email = email;
  if (secretMasked !== undefined) r.secretMasked = secretMasked;
  return r;
}
export function makeError(code, field, message, hint, diagnostics) {
  const e = new Error(message);
  e.name = "ZendeskAuthError";
  e.code = code;
  e.field = field;
  e.hint = hint;
  if (diagnostics !== undefined) e.diagnostics = diagnostics;
  return e;
}
export function readField(object, name) {
  return object == null || (typeof object !== "object" && typeof object !== "function") ? undefined : object[name];
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = makeDiagnostic)]
    fn make_diagnostic(field: &JsValue, code: &JsValue, severity: &JsValue, message: &str, hint: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = makeCredentials)]
    fn make_credentials(subdomain: &JsValue, email: &JsValue, api_token: &JsValue, oauth_token: &JsValue, password: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = makeValidation)]
    fn make_validation(ok: bool, credentials: &JsValue, diagnostics: &Array) -> JsValue;
    #[wasm_bindgen(js_name = makeInspection)]
    fn make_inspection(scheme: &JsValue, email: Option<String>, secret_masked: Option<String>, diagnostics: &Array) -> JsValue;
    #[wasm_bindgen(js_name = makeError)]
    fn make_error(code: &JsValue, field: &JsValue, message: &str, hint: &JsValue, diagnostics: &JsValue) -> JsValue;
    /// `object[name]`, or undefined for a non-object; a throwing getter throws to us.
    #[wasm_bindgen(js_name = readField, catch)]
    fn read_field(object: &JsValue, name: &JsValue) -> Result<JsValue, JsValue>;
}

// ---- fixed strings, created in JS once ----

const FIELD_SLOTS: usize = 0;
const SEVERITY_SLOTS: usize = 16;
const CODE_SLOTS: usize = 32;
const HINT_SLOTS: usize = CODE_SLOTS + 128;
const NAME_SLOTS: usize = HINT_SLOTS + 128;
const SLOTS: usize = NAME_SLOTS + 16;

thread_local! {
    static STRINGS: RefCell<Vec<Option<JsValue>>> = RefCell::new(vec![None; SLOTS]);
}

fn cached(slot: usize, s: &'static str) -> JsValue {
    STRINGS.with(|cell| {
        let mut slots = cell.borrow_mut();
        slots[slot].get_or_insert_with(|| JsValue::from_str(s)).clone()
    })
}

fn field_js(f: Field) -> JsValue {
    cached(FIELD_SLOTS + f as usize, f.as_str())
}

fn code_js(c: Code) -> JsValue {
    cached(CODE_SLOTS + c as usize, c.as_str())
}

fn hint_js(c: Code) -> JsValue {
    cached(HINT_SLOTS + c as usize, c.hint())
}

fn severity_js(s: Severity) -> JsValue {
    cached(SEVERITY_SLOTS + s as usize, s.as_str())
}

/// Property names read from option objects.
const NAMES: [&str; 7] = ["subdomain", "email", "apiToken", "oauthToken", "password", "now", "scheme"];

fn name_js(i: usize) -> JsValue {
    cached(NAME_SLOTS + i, NAMES[i])
}

// ---- reading input ----

/// The five credential fields as they arrived, kept so unchanged values can be handed
/// back as the caller's own strings.
pub(crate) struct Input {
    values: [JsValue; 5],
    texts: [Option<String>; 5],
}

impl Input {
    pub(crate) fn read(object: &JsValue) -> Input {
        let values: [JsValue; 5] = core::array::from_fn(|i| read_field(object, &name_js(i)).unwrap_or(JsValue::UNDEFINED));
        let texts = core::array::from_fn(|i| values[i].as_string());
        Input { values, texts }
    }

    fn raw(&self, i: usize) -> Raw<'_> {
        match &self.texts[i] {
            Some(s) => Raw::Text(s),
            None if self.values[i].is_undefined() || self.values[i].is_null() => Raw::Absent,
            None => Raw::NotText(kind_of(&self.values[i])),
        }
    }

    /// Replaces field `i` (0 subdomain .. 4 password) with another value.
    pub(crate) fn set(&mut self, i: usize, value: JsValue) {
        self.texts[i] = value.as_string();
        self.values[i] = value;
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

    /// A normalized value as JS: the caller's own string when unchanged.
    fn value_js(&self, i: usize, normalized: &Option<Cow<'_, str>>) -> JsValue {
        match (normalized, &self.texts[i]) {
            (None, _) => JsValue::UNDEFINED,
            (Some(v), Some(orig)) if v.as_ref() == orig.as_str() => self.values[i].clone(),
            (Some(v), _) => JsValue::from_str(v),
        }
    }

    fn credentials_js(&self, c: &Credentials<'_>) -> JsValue {
        make_credentials(
            &self.value_js(0, &c.subdomain),
            &self.value_js(1, &c.email),
            &self.value_js(2, &c.api_token),
            &self.value_js(3, &c.oauth_token),
            &self.value_js(4, &c.password),
        )
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

fn kind_of(v: &JsValue) -> &'static str {
    if v.as_f64().is_some() {
        "a number"
    } else if v.as_bool().is_some() {
        "a boolean"
    } else if v.is_function() {
        "a function"
    } else if v.is_object() {
        "an object"
    } else {
        "a value of another type"
    }
}

/// `object[name]` for a name that is not on the hot path (undefined for non-objects).
pub(crate) fn field(object: &JsValue, name: &str) -> JsValue {
    read_field(object, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn option(options: &JsValue, name: usize) -> JsValue {
    read_field(options, &name_js(name)).unwrap_or(JsValue::UNDEFINED)
}

/// `options.now` as epoch milliseconds: a number, a Date, or the current time.
fn now_ms(options: &JsValue) -> f64 {
    let now = option(options, 5);
    if let Some(ms) = now.as_f64() {
        return ms;
    }
    if let Some(date) = now.dyn_ref::<js_sys::Date>() {
        return date.get_time();
    }
    js_sys::Date::now()
}

// ---- converting results ----

fn diagnostic_js(d: &Diagnostic) -> JsValue {
    make_diagnostic(&field_js(d.field), &code_js(d.code), &severity_js(d.severity), &d.message, &hint_js(d.code))
}

fn diagnostics_js(list: &[Diagnostic]) -> Array {
    let array = Array::new();
    for d in list {
        array.push(&diagnostic_js(d));
    }
    array
}

pub(crate) fn error_js(d: &Diagnostic, all: Option<&[Diagnostic]>) -> JsValue {
    let all = all.map_or(JsValue::UNDEFINED, |list| diagnostics_js(list).into());
    make_error(&code_js(d.code), &field_js(d.field), &d.message, &hint_js(d.code), &all)
}

fn not_a_string(field: Field, value: &JsValue) -> Diagnostic {
    let mut message = String::from("Expected a string but got ");
    message.push_str(if value.is_undefined() || value.is_null() { "nothing" } else { kind_of(value) });
    message.push('.');
    Diagnostic::new(field, Code::NotAString, Severity::Error, message)
}

// ---- exports ----

/// See `validate` in the TypeScript declarations.
#[wasm_bindgen(js_name = validate, skip_typescript)]
pub fn validate_js(credentials: &JsValue, options: &JsValue) -> JsValue {
    let input = Input::read(credentials);
    let mut v: Validation<'_> = credentials::validate(&input.credentials(), now_ms(options));
    if v.has_missing_field() && credentials.is_object() {
        // Only now is it worth listing the keys: a missing field may be a misnamed one.
        let keys: Vec<String> = js_sys::Object::keys(credentials.unchecked_ref::<js_sys::Object>()).iter().filter_map(|k| k.as_string()).collect();
        credentials::diagnose_unknown_keys(keys.iter().map(String::as_str), &mut v);
    }
    make_validation(v.ok(), &input.credentials_js(&v.credentials), &diagnostics_js(&v.diagnostics))
}

/// See `buildAuthorizationHeader` in the TypeScript declarations.
#[wasm_bindgen(js_name = buildAuthorizationHeader, skip_typescript)]
pub fn build_authorization_header_js(credentials: &JsValue, options: &JsValue) -> Result<JsValue, JsValue> {
    let input = Input::read(credentials);
    let scheme = option(options, 6);
    let scheme_text = scheme.as_string();
    let scheme_arg = match (&scheme_text, scheme.is_undefined() || scheme.is_null()) {
        (Some(s), _) => Some(s.as_str()),
        (None, true) => None,
        (None, false) => Some(""),
    };
    let mut header = header::build_authorization_header(&input.credentials(), scheme_arg, now_ms(options))
        .map_err(|e| error_js(&e.primary, Some(&e.diagnostics)))?;
    // The JS string is the caller's; our copy in wasm memory is wiped.
    let js = JsValue::from_str(&header);
    zeroize::Zeroize::zeroize(&mut header);
    Ok(js)
}

/// See `inspectAuthorizationHeader` in the TypeScript declarations.
#[wasm_bindgen(js_name = inspectAuthorizationHeader, skip_typescript)]
pub fn inspect_authorization_header_js(value: &JsValue, options: &JsValue) -> JsValue {
    let inspection = match value.as_string() {
        Some(text) => header::inspect_authorization_header(&text, now_ms(options)),
        None => Inspection {
            scheme: header::InspectedScheme::Unknown,
            email: None,
            secret_masked: None,
            diagnostics: vec![not_a_string(Field::Header, value)],
        },
    };
    make_inspection(
        &cached(NAME_SLOTS + 8 + inspection.scheme as usize, inspection.scheme.as_str()),
        inspection.email,
        inspection.secret_masked,
        &diagnostics_js(&inspection.diagnostics),
    )
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
