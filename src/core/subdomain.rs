//! The subdomain: the one input that decides where credentials are sent.
//!
//! Whatever the person typed, the result is either a single DNS label made of
//! `[a-z0-9-]` (so `https://{label}.zendesk.com` can only name a Zendesk host) or an
//! error. Pasted addresses are parsed the way a URL parser would read them (authority
//! ends at `/ ? # \`, user info ends at the last `@`), so `acme.zendesk.com@evil.example`
//! is recognised as evil.example and refused, never "fixed" into `acme`.

use crate::core::diagnostic::{error, warning, Code, Diagnostic, Field};
use crate::core::text;

const ZENDESK_SUFFIX: &str = ".zendesk.com";
const MAX_LEN: usize = 63;

/// Checks a subdomain as typed; returns the normalized label and whether it is usable.
/// `None` input (absent) gives `SUBDOMAIN_MISSING` only when `required`.
pub fn check(raw: Option<&str>, required: bool, out: &mut Vec<Diagnostic>) -> (Option<String>, bool) {
    let raw = match raw {
        Some(r) => r,
        None => {
            if required {
                missing(out);
            }
            return (None, !required);
        }
    };
    let trimmed = text::trim(raw);
    if trimmed.len() != raw.len() {
        warning(out, Field::Subdomain, Code::WhitespaceTrimmed, "Removed spaces or line breaks around the subdomain.");
    }
    if trimmed.is_empty() {
        if required {
            missing(out);
        }
        return (None, !required);
    }

    let label = match host_of(trimmed) {
        None => trimmed,
        Some(host) => match zendesk_label(host) {
            Some(label) => {
                let mut msg = String::from("Took the subdomain from the address you entered (");
                text::push_excerpt(&mut msg, host, 40);
                msg.push_str(").");
                warning(out, Field::Subdomain, Code::SubdomainWasUrl, msg);
                label
            }
            // A dotted host that is not *.zendesk.com: a host-mapped help center domain,
            // a typo, or an attempt to send the credentials elsewhere.
            None if crate::core::text::has_byte(host, b'.') => {
                let mut msg = String::from("'");
                text::push_excerpt(&mut msg, host, 40);
                msg.push_str("' is not a Zendesk API host; the API is only at {subdomain}.zendesk.com.");
                error(out, Field::Subdomain, Code::SubdomainNotZendeskHost, msg);
                return (Some(trimmed.to_owned()), false);
            }
            // No dot: not an address after all (`acme/x`); judge the characters.
            None => trimmed,
        },
    };

    let mut value = label.to_owned();
    if value.bytes().any(|b| b.is_ascii_uppercase()) {
        value.make_ascii_lowercase();
        warning(out, Field::Subdomain, Code::SubdomainUppercase, "Changed the subdomain to lowercase.");
    }

    let before = out.len();
    if let Some(msg) = text::describe_first_offender("The subdomain", &value, |c| {
        !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    }) {
        error(out, Field::Subdomain, Code::SubdomainInvalidChars, msg);
    }
    if crate::core::text::char_count(&value) > MAX_LEN {
        let mut msg = String::from("The subdomain has ");
        text::push_num(&mut msg, text::char_count(&value) as u64);
        msg.push_str(" characters; at most 63 are allowed.");
        error(out, Field::Subdomain, Code::SubdomainTooLong, msg);
    }
    if value.starts_with("-") || value.ends_with("-") {
        error(out, Field::Subdomain, Code::SubdomainBadHyphen, "The subdomain starts or ends with a hyphen.");
    }
    let ok = out[before..].iter().all(|d| !d.is_error());
    (Some(value), ok)
}

/// `https://{label}.zendesk.com` for a label that [`check`] accepted.
pub fn base_url(label: &str) -> String {
    let mut url = String::with_capacity(8 + label.len() + ZENDESK_SUFFIX.len());
    url.push_str("https://");
    url.push_str(label);
    url.push_str(ZENDESK_SUFFIX);
    url
}

fn missing(out: &mut Vec<Diagnostic>) {
    error(out, Field::Subdomain, Code::SubdomainMissing, "No subdomain was given.");
}

/// If the input looks like an address (a scheme, a dot, a slash, an `@`), the host it
/// names, without user info, port or trailing dot. `None` for a plain label.
fn host_of(input: &str) -> Option<&str> {
    let rest = match crate::core::text::find(input, "://") {
        Some(i) => &input[i + 3..],
        None if input.bytes().any(|b| matches!(b, b'.' | b'/' | b'\\' | b'@')) => input,
        None => return None,
    };
    let authority_end = rest.bytes().position(|b| matches!(b, b'/' | b'?' | b'#' | b'\\')).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let host_port = match crate::core::text::rfind_byte(authority, b'@') {
        Some(i) => &authority[i + 1..],
        None => authority,
    };
    let host = match crate::core::text::rfind_byte(host_port, b':') {
        Some(i) if host_port[i + 1..].bytes().all(|b| b.is_ascii_digit()) => &host_port[..i],
        _ => host_port,
    };
    Some(host.strip_suffix(".").unwrap_or(host))
}

/// The label in `{label}.zendesk.com` (any case), if the host is of that form.
fn zendesk_label(host: &str) -> Option<&str> {
    let label = text::strip_suffix_ignore_case(host, ZENDESK_SUFFIX)?;
    (!label.is_empty()).then_some(label)
}
