//! Secret-holding types wipe their memory when dropped. A global allocator snoops on
//! every freed block, and every block a growing value leaves behind, and counts those
//! still holding the marker secret; control cases prove it sees an ordinary String that
//! was not wiped, dropped or grown. (In wasm the heap also wipes every such block: see
//! src/heap.rs and tests/package/memory.test.mjs, which scans the memory itself.)
#![cfg(not(target_arch = "wasm32"))]

use std::alloc::{GlobalAlloc, Layout, System};
use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

use zendesk_auth::core::oauth::{token_set, TokenResponse};
use zendesk_auth::{build_authorization_header, validate, Raw, RawCredentials};

const MARKER: &[u8] = b"ZzSecretMarker0123456789";

struct Snoop;
static WATCH: AtomicBool = AtomicBool::new(false);
static FOUND: AtomicUsize = AtomicUsize::new(0);
/// Tests share the allocator: one at a time.
static SERIAL: Mutex<()> = Mutex::new(());

unsafe impl GlobalAlloc for Snoop {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        inspect(ptr, layout.size());
        System.dealloc(ptr, layout)
    }
    /// A growing String or Vec gives its old block back here, not through `dealloc`.
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        inspect(ptr, layout.size());
        System.realloc(ptr, layout, new_size)
    }
}

/// Counts a block being given up that still holds the marker.
unsafe fn inspect(ptr: *mut u8, size: usize) {
    if WATCH.load(Ordering::Relaxed) {
        let block = std::slice::from_raw_parts(ptr, size);
        if block.windows(MARKER.len()).any(|w| w == MARKER) {
            FOUND.fetch_add(1, Ordering::Relaxed);
        }
    }
}

#[global_allocator]
static GLOBAL: Snoop = Snoop;

/// Runs `f` and returns how many freed blocks still held the marker.
fn leaked_blocks(f: impl FnOnce()) -> usize {
    let _one_at_a_time = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    FOUND.store(0, Ordering::SeqCst);
    WATCH.store(true, Ordering::SeqCst);
    f();
    WATCH.store(false, Ordering::SeqCst);
    FOUND.load(Ordering::SeqCst)
}

/// `prefix` + a 40-character token containing the marker, built at its final capacity so
/// no reallocation frees a copy along the way.
fn marker_token(prefix: &str) -> String {
    let mut s = String::with_capacity(prefix.len() + 40);
    s.push_str(prefix);
    s.push_str(std::str::from_utf8(MARKER).unwrap());
    s.push_str("Ab1Cd2Ef3Gh4Ij5X");
    s
}

#[test]
fn the_snoop_sees_an_unwiped_string() {
    assert!(leaked_blocks(|| drop(marker_token(""))) >= 1);
}

#[test]
fn the_snoop_sees_a_string_that_grew() {
    let mut s = marker_token("");
    let n = leaked_blocks(|| s.reserve(4096));
    zeroize::Zeroize::zeroize(&mut s);
    assert!(n >= 1);
}

#[test]
fn token_sets_are_wiped() {
    let n = leaked_blocks(|| {
        let access = marker_token("");
        let r = TokenResponse { access_token: Some(&access), refresh_token: Some(&access), scope: Some("read"), ..Default::default() };
        let set = token_set(&r, 0.0).unwrap();
        drop(set);
        let mut access = access;
        zeroize::Zeroize::zeroize(&mut access); // the test's own copy
    });
    assert_eq!(n, 0);
}

#[test]
fn normalized_credentials_and_header_building_are_wiped() {
    let n = leaked_blocks(|| {
        // A whole credential string in the email field: validation splits it, and the
        // Basic header builds (and must wipe) a plain "email/token:SECRET" of its own.
        let mut input = marker_token("agent@example.com/token:");
        {
            let raw = RawCredentials { subdomain: Raw::Text("acme"), email: Raw::Text(&input), ..RawCredentials::default() };
            let v = validate(&raw, 0.0);
            assert!(matches!(v.credentials.api_token, Some(Cow::Borrowed(_))));
            drop(v);
            let header = build_authorization_header(&raw, None, 0.0).unwrap();
            drop(header); // base64: the marker's bytes are not in it
        }
        zeroize::Zeroize::zeroize(&mut input);
    });
    assert_eq!(n, 0);
}
