//! Diagnostics: what is wrong with a credential, said so a person can act on it.
//!
//! Codes are part of the public API: callers branch on them, so a code is never
//! renamed. Each code owns one fixed hint; the message carries the specifics
//! (which character, where, which time). No message ever quotes a secret.

use std::borrow::Cow;

/// The input field a diagnostic is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// `subdomain`
    Subdomain,
    /// `email`
    Email,
    /// `apiToken`
    ApiToken,
    /// `oauthToken`
    OauthToken,
    /// `password`
    Password,
    /// The credentials as a whole (combinations, unknown keys).
    Credentials,
    /// The `scheme` option of the header builder.
    Scheme,
    /// An Authorization header value given to the inspector.
    Header,
}

impl Field {
    /// Every field, in declaration order (the boundary's string cache uses it).
    pub const ALL: &'static [Field] = &[
        Field::Subdomain, Field::Email, Field::ApiToken, Field::OauthToken, Field::Password,
        Field::Credentials, Field::Scheme, Field::Header,
    ];

    /// The credential field with this JavaScript name, if it is one.
    pub fn credential_named(name: &str) -> Option<Field> {
        Field::ALL[..5].iter().copied().find(|f| f.as_str() == name)
    }

    /// The JavaScript-facing name of the field.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Subdomain => "subdomain",
            Field::Email => "email",
            Field::ApiToken => "apiToken",
            Field::OauthToken => "oauthToken",
            Field::Password => "password",
            Field::Credentials => "credentials",
            Field::Scheme => "scheme",
            Field::Header => "header",
        }
    }
}

/// Whether a diagnostic stops the credentials from being used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    /// The credentials cannot work as given.
    Error,
    /// Fixed up or worth knowing; the credentials can still be used.
    Warning,
}

impl Severity {
    /// `"error"` or `"warning"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

pub use crate::core::codes::Code;

/// One finding about one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The field concerned.
    pub field: Field,
    /// The stable code.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, with specifics. Never contains a secret.
    pub message: Cow<'static, str>,
}

impl Diagnostic {
    /// A diagnostic with its message.
    pub fn new(
        field: Field,
        code: Code,
        severity: Severity,
        message: impl Into<Cow<'static, str>>,
    ) -> Self {
        Diagnostic { field, code, severity, message: message.into() }
    }

    /// The fixed hint of this diagnostic's code.
    pub fn hint(&self) -> &'static str {
        self.code.hint()
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Shorthand used by the checks: push an error.
pub(crate) fn error(
    out: &mut Vec<Diagnostic>,
    field: Field,
    code: Code,
    message: impl Into<Cow<'static, str>>,
) {
    out.push(Diagnostic::new(field, code, Severity::Error, message));
}

/// Shorthand used by the checks: push a warning.
pub(crate) fn warning(
    out: &mut Vec<Diagnostic>,
    field: Field,
    code: Code,
    message: impl Into<Cow<'static, str>>,
) {
    out.push(Diagnostic::new(field, code, Severity::Warning, message));
}
