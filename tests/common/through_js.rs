//! The case table through the JavaScript boundary, in wasm (Node and Chromium).
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;
use zendesk_auth::js::core::{api_base_url_js, build_authorization_header_js, inspect_authorization_header_js, redact, validate_js};

use super::cases::*;

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

fn credentials(c: &Case) -> JsValue {
    let mut pairs = Vec::new();
    for (k, v) in [("subdomain", c.subdomain), ("email", c.email), ("apiToken", c.api_token), ("oauthToken", c.oauth_token), ("password", c.password)] {
        if let Some(v) = v {
            pairs.push((k, JsValue::from_str(v)));
        }
    }
    object(&pairs)
}

fn options(now: f64) -> JsValue {
    object(&[("now", JsValue::from_f64(now))])
}

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(key)).unwrap()
}

fn string(v: &JsValue, key: &str) -> Option<String> {
    get(v, key).as_string()
}

fn codes(diagnostics: &JsValue) -> Vec<String> {
    Array::from(diagnostics).iter().map(|d| string(&d, "code").unwrap()).collect()
}

fn assert_coded_error(err: &JsValue, code: &str, name: &str) {
    assert!(err.is_instance_of::<js_sys::Error>(), "{name}: not an Error");
    assert_eq!(string(err, "name").as_deref(), Some("ZendeskAuthError"), "{name}");
    assert_eq!(string(err, "code").as_deref(), Some(code), "{name}");
    assert!(string(err, "field").is_some_and(|f| !f.is_empty()), "{name}: no field");
    assert!(string(err, "hint").is_some_and(|h| h.len() > 10), "{name}: no hint");
    assert!(string(err, "message").is_some_and(|m| m.len() > 10), "{name}: no message");
}

#[wasm_bindgen_test]
fn validate_cases() {
    for c in VALIDATE {
        let r = validate_js(&credentials(c), &options(c.now));
        let got = codes(&get(&r, "diagnostics"));
        assert_eq!(got, c.codes, "{}", c.name);
        assert_eq!(get(&r, "ok").as_bool(), Some(c.ok), "{}", c.name);
        let normalized = get(&r, "credentials");
        for (field, want) in c.normalized {
            assert_eq!(string(&normalized, field).as_deref(), Some(*want), "{}: {field}", c.name);
        }
        for d in Array::from(&get(&r, "diagnostics")).iter() {
            for key in ["field", "severity", "message", "hint"] {
                assert!(string(&d, key).is_some(), "{}: diagnostic without {key}", c.name);
            }
        }
    }
}

#[wasm_bindgen_test]
fn header_cases() {
    for h in HEADERS {
        let opts = options(h.case.now);
        if let Some(s) = h.scheme {
            Reflect::set(&opts, &"scheme".into(), &s.into()).unwrap();
        }
        match (build_authorization_header_js(&credentials(&h.case), &opts), h.expect) {
            (Ok(header), Ok(want)) => assert_eq!(header.as_string().as_deref(), Some(want), "{}", h.name),
            (Err(err), Err(code)) => {
                assert_coded_error(&err, code, h.name);
                assert!(Array::is_array(&get(&err, "diagnostics")), "{}: no diagnostics", h.name);
            }
            (got, want) => panic!("{}: got {:?}, want {want:?}", h.name, got.map_err(|e| string(&e, "code"))),
        }
    }
}

#[wasm_bindgen_test]
fn inspect_cases() {
    for i in INSPECT {
        let r = inspect_authorization_header_js(&i.value.into(), &options(NOW));
        assert_eq!(codes(&get(&r, "diagnostics")), i.codes, "{}", i.name);
        assert_eq!(string(&r, "scheme").as_deref(), Some(i.scheme), "{}", i.name);
        assert_eq!(string(&r, "email").as_deref(), i.email, "{}", i.name);
    }
}

#[wasm_bindgen_test]
fn redact_cases() {
    for (input, want) in REDACT {
        assert_eq!(redact(&(*input).into()).unwrap(), *want);
    }
    let err = redact(&JsValue::from_f64(42.0)).unwrap_err();
    assert_coded_error(&err, "NOT_A_STRING", "redact(42)");
}

#[wasm_bindgen_test]
fn misnamed_keys_get_suggestions() {
    let c = object(&[("subdomain", "acme".into()), ("username", "agent@example.com".into()), ("token", TOKEN.into())]);
    let r = validate_js(&c, &options(NOW));
    let diagnostics = get(&r, "diagnostics");
    assert_eq!(codes(&diagnostics), ["NO_CREDENTIALS", "UNKNOWN_FIELD", "UNKNOWN_FIELD"]);
    let messages: Vec<String> = Array::from(&diagnostics).iter().map(|d| string(&d, "message").unwrap()).collect();
    assert!(messages[1].contains("'username'") && messages[1].contains("'email'"), "{messages:?}");
    assert!(messages[2].contains("'token'") && messages[2].contains("'apiToken'"), "{messages:?}");
}

#[wasm_bindgen_test]
fn non_strings_and_non_objects_never_throw() {
    let c = object(&[("subdomain", JsValue::from_f64(42.0)), ("oauthToken", OPAQUE.into())]);
    assert_eq!(codes(&get(&validate_js(&c, &JsValue::UNDEFINED), "diagnostics")), ["NOT_A_STRING", "SUBDOMAIN_MISSING"]);
    // Nothing given reads as no credentials; a value that is not an object is named as such.
    for input in [JsValue::NULL, JsValue::UNDEFINED, Array::new().into()] {
        let r = validate_js(&input, &JsValue::NULL);
        assert_eq!(codes(&get(&r, "diagnostics")), ["SUBDOMAIN_MISSING", "NO_CREDENTIALS"]);
    }
    for input in ["acme".into(), JsValue::from_f64(1.0), JsValue::TRUE] {
        let r = validate_js(&input, &JsValue::NULL);
        assert_eq!(get(&r, "ok"), JsValue::FALSE);
        assert_eq!(codes(&get(&r, "diagnostics")), ["NOT_AN_OBJECT"]);
    }
    let r = inspect_authorization_header_js(&JsValue::NULL, &JsValue::UNDEFINED);
    assert_eq!(codes(&get(&r, "diagnostics")), ["NOT_A_STRING"]);
}

#[wasm_bindgen_test]
fn now_accepts_a_date() {
    let c = Case { name: "", subdomain: Some("acme"), email: Some("agent@example.com"), api_token: Some(TOKEN), oauth_token: None, password: None, now: 0.0, ok: true, codes: &[], normalized: &[] };
    let date = js_sys::Date::new(&JsValue::from_f64(AFTER_TOKEN_RETIREMENT));
    let r = validate_js(&credentials(&c), &object(&[("now", date.into())]));
    assert_eq!(get(&r, "ok").as_bool(), Some(false));
    assert_eq!(codes(&get(&r, "diagnostics")), ["API_TOKEN_RETIRING"]);
    // Without `now`, the real clock: today (late 2026) the token still works, with a warning.
    let r = validate_js(&credentials(&c), &JsValue::UNDEFINED);
    assert_eq!(get(&r, "ok").as_bool(), Some(js_sys::Date::now() < AFTER_TOKEN_RETIREMENT));
}

#[wasm_bindgen_test]
fn api_base_url_only_from_a_valid_subdomain() {
    assert_eq!(api_base_url_js(&"acme".into()).unwrap(), "https://acme.zendesk.com");
    assert_eq!(api_base_url_js(&"https://Acme.zendesk.com/agent/tickets/1".into()).unwrap(), "https://acme.zendesk.com");
    for (input, code) in [("evil.example/x#", "SUBDOMAIN_NOT_ZENDESK_HOST"), ("", "SUBDOMAIN_MISSING"), ("acme_corp", "SUBDOMAIN_INVALID_CHARS")] {
        assert_coded_error(&api_base_url_js(&input.into()).unwrap_err(), code, input);
    }
    assert_coded_error(&api_base_url_js(&JsValue::UNDEFINED).unwrap_err(), "NOT_A_STRING", "undefined");
}

#[wasm_bindgen_test]
fn hostile_input_leaves_the_instance_working() {
    let long = "a".repeat(1 << 20);
    let weird = ["\u{FEFF}", "\0\0\0", "Basic ", "Bearer", "eyJ.eyJ.", "curl -u", "/token:", "::::@@@@", "https://@/", "\u{10FFFF}\u{200B}"];
    for w in weird.iter().copied().chain([long.as_str()]) {
        let c = object(&[("subdomain", w.into()), ("email", w.into()), ("apiToken", w.into()), ("oauthToken", w.into()), ("password", w.into())]);
        let _ = validate_js(&c, &JsValue::UNDEFINED);
        let _ = build_authorization_header_js(&c, &JsValue::UNDEFINED);
        let _ = inspect_authorization_header_js(&w.into(), &JsValue::UNDEFINED);
        let _ = redact(&w.into());
        let _ = api_base_url_js(&w.into());
    }
    // A throwing getter must not break the instance either.
    let trap: JsValue = js_sys::Function::new_no_args("return Object.defineProperty({}, 'apiToken', { get() { throw new Error('boom'); } })").call0(&JsValue::NULL).unwrap();
    let _ = validate_js(&trap, &JsValue::UNDEFINED);
    let r = validate_js(&credentials(&VALIDATE[0]), &options(NOW));
    assert_eq!(get(&r, "ok").as_bool(), Some(true));
}
