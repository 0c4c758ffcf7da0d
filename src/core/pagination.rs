//! When a chain of pages loops. Which link a page leads to is read in client.js
//! (pageNav), where it costs least in the browser download:
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

/// How many recent links [`Seen`] remembers: a loop longer than this is not caught here
/// (an iteration can still be ended with `break`).
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
        "Zendesk linked back to a page already fetched; following it would loop.",
        "The pages so far are complete; poll an export again later from its last cursor.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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
