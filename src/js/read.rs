//! Reading caller values: every argument an export gets is copied once by `read.js`
//! into a snapshot (own enumerable properties, each read once, no prototype), and only
//! the snapshot is read after that. Nothing here can make JavaScript throw into wasm.

use wasm_bindgen::prelude::*;

use crate::core::credentials::{self, Raw, RawCredentials};
use crate::core::diagnostic::{Diagnostic, Field};

#[wasm_bindgen(module = "/src/js/read.js")]
extern "C" {
    /// A caller's object as `snapshot` copied it (see read.js); reading it cannot throw.
    pub type Snapshot;

    #[wasm_bindgen(js_name = snapshot)]
    fn snapshot_js(value: &JsValue) -> Snapshot;
    #[wasm_bindgen(js_name = faultOf)]
    fn fault_of(snap: &Snapshot) -> Option<String>;
    #[wasm_bindgen(js_name = valueAt)]
    fn value_at(object: &JsValue, key: &str) -> JsValue;
    #[wasm_bindgen(js_name = keysOf)]
    fn keys_of(snap: &Snapshot) -> String;
    #[wasm_bindgen(js_name = kindOf)]
    fn kind_of_js(value: &JsValue) -> u32;
    #[wasm_bindgen(js_name = credentialKinds)]
    fn credential_kinds(snap: &Snapshot) -> u32;
    #[wasm_bindgen(js_name = nowOf)]
    fn now_of_js(options: &JsValue) -> f64;

    /// The value at `key` when it is a string.
    #[wasm_bindgen(js_name = textAt)]
    fn text_at(snap: &Snapshot, key: &str) -> Option<String>;
}

/// Copies a caller's value (see `Snapshot`).
pub(crate) fn snapshot(value: &JsValue) -> Snapshot {
    snapshot_js(value)
}

/// A caller's object as a snapshot, or why it cannot be read.
pub(crate) fn read_object(value: &JsValue) -> Result<Snapshot, Fault> {
    match kind_of(value) {
        0 | 5 => {}
        kind => return Err(Fault::NotAnObject(kind)),
    }
    let snap = snapshot(value);
    match fault_of(&snap) {
        Some(key) => Err(Fault::Unreadable(key)),
        None => Ok(snap),
    }
}

/// Why a value could not be read.
pub(crate) enum Fault {
    /// Reading this key threw (empty: listing the object's keys threw).
    Unreadable(String),
    /// Not an object; the kind as `kind_of` numbers it.
    NotAnObject(u32),
}

impl Snapshot {
    /// The own keys, NUL-separated.
    pub(crate) fn keys(&self) -> String {
        keys_of(self)
    }

    /// The value at `key` (undefined when absent).
    pub(crate) fn get(&self, key: &str) -> JsValue {
        value_at(self, key)
    }
}

/// `object[key]` for an object this package made (a snapshot, a result, one of its
/// errors): a plain data property, so reading it cannot run a caller's code or throw.
/// Only the client reads such objects.
#[cfg(feature = "client")]
pub(crate) fn own_field(object: &JsValue, key: &str) -> JsValue {
    value_at(object, key)
}

/// The JavaScript type of a value: 0 absent, 1 string, 2 number, 3 boolean, 4 function,
/// 5 object, 6 other.
pub(crate) fn kind_of(value: &JsValue) -> u32 {
    kind_of_js(value)
}

/// `kind_of`'s groups as a message names them (None for absent and strings).
pub(crate) fn kind_name(kind: u32) -> Option<&'static str> {
    match kind {
        0 | 1 => None,
        2 => Some("a number"),
        3 => Some("a boolean"),
        4 => Some("a function"),
        5 => Some("an object"),
        _ => Some("a value of another type"),
    }
}

/// The caller's `now` option (a number or a Date), else the clock.
pub(crate) fn now_of(options: &JsValue) -> f64 {
    now_of_js(options)
}

/// The five credential fields as they arrived: the strings copied into wasm memory
/// (wiped on drop), and what the others were.
pub(crate) struct CredentialInput {
    texts: [Option<String>; 5],
    kinds: [u32; 5],
}

impl CredentialInput {
    /// Reads the credential fields of a caller's object, or the diagnostic for one that
    /// could not be read at all. The snapshot is kept for building the result.
    pub(crate) fn read(value: &JsValue) -> Result<(CredentialInput, Snapshot), Diagnostic> {
        let snap = read_object(value).map_err(|f| match f {
            Fault::Unreadable(key) => credentials::unreadable(&key),
            Fault::NotAnObject(kind) => credentials::not_an_object(kind_name(kind).unwrap_or("a string")),
        })?;
        Ok((CredentialInput::from_snapshot(&snap), snap))
    }

    /// Reads the credential fields of a snapshot.
    pub(crate) fn from_snapshot(snap: &Snapshot) -> CredentialInput {
        let mask = credential_kinds(snap);
        let kinds: [u32; 5] = ::core::array::from_fn(|i| (mask >> (3 * i)) & 7);
        let texts = ::core::array::from_fn(|i| if kinds[i] == 1 { text_at(snap, Field::ALL[i].as_str()) } else { None });
        CredentialInput { texts, kinds }
    }

    /// Field `i` (0 subdomain .. 4 password) when it is a string.
    pub(crate) fn text(&self, i: usize) -> Option<&str> {
        self.texts[i].as_deref()
    }

    /// Replaces field `i` with a string (or nothing).
    #[cfg(feature = "client")]
    pub(crate) fn set_text(&mut self, i: usize, text: Option<String>) {
        self.kinds[i] = u32::from(text.is_some());
        zeroize::Zeroize::zeroize(&mut self.texts[i]);
        self.texts[i] = text;
    }

    fn raw(&self, i: usize) -> Raw<'_> {
        match (&self.texts[i], kind_name(self.kinds[i])) {
            (Some(s), _) => Raw::Text(s),
            (None, Some(kind)) => Raw::NotText(kind),
            (None, None) => Raw::Absent,
        }
    }

    /// The fields as the core reads them.
    pub(crate) fn credentials(&self) -> RawCredentials<'_> {
        RawCredentials { subdomain: self.raw(0), email: self.raw(1), api_token: self.raw(2), oauth_token: self.raw(3), password: self.raw(4) }
    }
}

/// The copies of the caller's strings in wasm memory are wiped when done.
impl Drop for CredentialInput {
    fn drop(&mut self) {
        for text in &mut self.texts {
            zeroize::Zeroize::zeroize(text);
        }
    }
}
