//! Where the next page of a list is, for every way Zendesk pages, and when to stop.
//!
//! - Cursor lists: `meta.has_more` with `links.next` (the stop signal is `has_more`,
//!   whether `links.next` is null, absent or still set).
//! - Offset lists: `next_page` until it is null.
//! - Cursor incremental exports: `after_url` until `end_of_stream` is true. The last
//!   page still carries an `after_url` (the place to poll from later), so it is not
//!   followed.
//! - Time-based incremental exports: `next_page` until `end_of_stream` is true; that
//!   page still has a `next_page`, and following it has been seen to answer a page whose
//!   `next_page` is itself, an endless loop.
//!
//! A link already followed means the chain loops; [`Seen`] notices it.

/// The navigation fields of one page, as the body had them (`None` when absent or of
/// another type).
#[derive(Clone, Copy, Debug, Default)]
pub struct PageFields<'a> {
    /// `meta.has_more`
    pub has_more: Option<bool>,
    /// `links.next`
    pub links_next: Option<&'a str>,
    /// `next_page`
    pub next_page: Option<&'a str>,
    /// `after_url`
    pub after_url: Option<&'a str>,
    /// `end_of_stream`
    pub end_of_stream: Option<bool>,
}

/// The link to follow after this page, or `None` at the end of the list.
pub fn next_link<'a>(p: &PageFields<'a>) -> Option<&'a str> {
    if p.end_of_stream == Some(true) {
        return None;
    }
    let link = if let Some(more) = p.has_more {
        more.then_some(p.links_next).flatten()
    } else {
        p.after_url.or(p.next_page)
    };
    link.filter(|l| !l.is_empty())
}

/// How many recent links [`Seen`] remembers: a loop longer than this is not caught here,
/// but `maxPages` still ends it.
const REMEMBERED: usize = 16;

/// The links a chain has followed lately, as hashes, so memory stays flat however long
/// the chain is.
#[derive(Clone, Debug, Default)]
pub struct Seen {
    hashes: [u64; REMEMBERED],
    count: usize,
}

impl Seen {
    /// Records `link`; false when it was followed before (the chain loops).
    pub fn first_visit(&mut self, link: &str) -> bool {
        let h = fnv1a(link.as_bytes());
        let known = self.count.min(REMEMBERED);
        if self.hashes[..known].contains(&h) {
            return false;
        }
        self.hashes[self.count % REMEMBERED] = h;
        self.count += 1;
        true
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

/// The failure for a link that repeats.
pub fn loop_failure() -> crate::core::outcome::Failure {
    crate::core::outcome::Failure::new(
        crate::core::codes::ClientCode::PaginationLoop,
        "Zendesk linked to a page that was already fetched; following it would loop forever.",
        "Stop here: the pages so far are complete. For exports, poll again later from the last page's cursor or end_time.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const NEXT: &str = "https://acme.zendesk.com/api/v2/tickets.json?page%5Bafter%5D=xyz";

    #[test]
    fn cursor_lists_stop_on_has_more_whatever_links_next_says() {
        assert_eq!(next_link(&PageFields { has_more: Some(true), links_next: Some(NEXT), ..Default::default() }), Some(NEXT));
        // The default recorded ending: links.next still set on the last page.
        assert_eq!(next_link(&PageFields { has_more: Some(false), links_next: Some(NEXT), ..Default::default() }), None);
        // links.next left out, or null on an empty page.
        assert_eq!(next_link(&PageFields { has_more: Some(false), ..Default::default() }), None);
        assert_eq!(next_link(&PageFields { has_more: Some(true), ..Default::default() }), None);
    }

    #[test]
    fn offset_lists_follow_next_page_until_null() {
        assert_eq!(next_link(&PageFields { next_page: Some(NEXT), ..Default::default() }), Some(NEXT));
        assert_eq!(next_link(&PageFields::default()), None);
        assert_eq!(next_link(&PageFields { next_page: Some(""), ..Default::default() }), None);
    }

    #[test]
    fn exports_stop_at_end_of_stream_although_a_link_is_still_there() {
        let cursor = "https://acme.zendesk.com/api/v2/incremental/tickets/cursor.json?cursor=MTU3";
        assert_eq!(next_link(&PageFields { after_url: Some(cursor), end_of_stream: Some(false), ..Default::default() }), Some(cursor));
        assert_eq!(next_link(&PageFields { after_url: Some(cursor), end_of_stream: Some(true), ..Default::default() }), None);
        let time = "https://acme.zendesk.com/api/v2/incremental/tickets.json?start_time=1704070800";
        assert_eq!(next_link(&PageFields { next_page: Some(time), end_of_stream: Some(false), ..Default::default() }), Some(time));
        assert_eq!(next_link(&PageFields { next_page: Some(time), end_of_stream: Some(true), ..Default::default() }), None);
    }

    #[test]
    fn a_repeated_link_is_caught_and_memory_stays_fixed() {
        let mut seen = Seen::default();
        assert!(seen.first_visit("a") && seen.first_visit("b"));
        assert!(!seen.first_visit("a"));
        for i in 0..10_000u32 {
            assert!(seen.first_visit(&i.to_string()), "{i}");
        }
        assert!(!seen.first_visit("9999"));
        assert_eq!(std::mem::size_of::<Seen>(), 8 * REMEMBERED + std::mem::size_of::<usize>());
    }
}
