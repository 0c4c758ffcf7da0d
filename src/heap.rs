//! The wasm32 heap: power-of-two size classes, each with a free list.
//!
//! Why not the standard allocator (dlmalloc): it is about 5 KB of wasm, a large share of
//! the browser budget, for splitting and coalescing this crate never needs. What is
//! allocated here is short strings and vectors, freed soon after, on one thread. A freed
//! block of 2^k bytes serves the next request that rounds up to 2^k, so a loop that
//! allocates and frees the same shapes (paging through 100,000 records) keeps a flat
//! footprint. The cost is up to half of each block unused, on a heap of a few pages.

use core::alloc::Layout;

/// Block sizes are 2^MIN_SHIFT..2^(CLASSES-1) bytes; the smallest holds a free-list link.
const MIN_SHIFT: u32 = 3;
const CLASSES: usize = 32;
/// Blocks are aligned to their size up to this; larger alignments are refused.
const MAX_ALIGN: usize = 4096;
/// The unit memory grows in (a WebAssembly page).
pub const PAGE: usize = 65536;

/// Free lists and the unused tail of the last page grown.
pub struct State {
    free: [usize; CLASSES],
    next: usize,
    end: usize,
}

impl State {
    /// An empty heap; memory is claimed on first use.
    pub const fn new() -> State {
        State { free: [0; CLASSES], next: 0, end: 0 }
    }

    /// The size class of a layout, or None when no block could hold it.
    fn class_of(layout: Layout) -> Option<usize> {
        if layout.align() > MAX_ALIGN {
            return None;
        }
        let size = layout.size().max(layout.align()).max(1 << MIN_SHIFT);
        let class = (usize::BITS - (size - 1).leading_zeros()) as usize;
        (class < CLASSES).then_some(class)
    }

    /// Allocates for `layout`; `grow(pages)` adds pages of memory and returns the number of
    /// pages there were before, or usize::MAX when memory cannot grow (as memory.grow does).
    ///
    /// # Safety
    /// Memory returned by `grow` must be addressable and owned by this heap.
    pub unsafe fn alloc(&mut self, layout: Layout, grow: impl FnOnce(usize) -> usize) -> *mut u8 {
        let Some(class) = Self::class_of(layout) else { return core::ptr::null_mut() };
        let head = self.free[class];
        if head != 0 {
            // SAFETY: a freed block of this class holds the address of the next one.
            self.free[class] = unsafe { *(head as *const usize) };
            return head as *mut u8;
        }
        let size = 1usize << class;
        let align = size.min(MAX_ALIGN);
        let mut start = (self.next + align - 1) & !(align - 1);
        if start + size > self.end {
            let pages = (size + align).div_ceil(PAGE);
            let before = grow(pages);
            if before == usize::MAX {
                return core::ptr::null_mut();
            }
            if before * PAGE != self.end {
                // Not contiguous with what this heap had (the first growth): start afresh.
                self.next = before * PAGE;
            }
            self.end = (before + pages) * PAGE;
            start = (self.next + align - 1) & !(align - 1);
        }
        self.next = start + size;
        start as *mut u8
    }

    /// Returns a block to its class's free list.
    ///
    /// # Safety
    /// `ptr` came from `alloc` (or `realloc`) here with this same `layout`.
    pub unsafe fn dealloc(&mut self, ptr: *mut u8, layout: Layout) {
        if let Some(class) = Self::class_of(layout) {
            // SAFETY: the block is at least 8 bytes and aligned for a usize; it is ours now.
            unsafe { *(ptr as *mut usize) = self.free[class] };
            self.free[class] = ptr as usize;
        }
    }

    /// Whether a block allocated for `layout` also holds `new_size` bytes in place.
    pub fn fits(layout: Layout, new_size: usize) -> bool {
        let new = Layout::from_size_align(new_size, layout.align()).ok().and_then(Self::class_of);
        new.is_some() && new == Self::class_of(layout)
    }
}

impl Default for State {
    fn default() -> State {
        State::new()
    }
}

#[cfg(target_arch = "wasm32")]
mod global {
    use super::State;
    use core::alloc::{GlobalAlloc, Layout};
    use core::cell::UnsafeCell;

    struct Heap(UnsafeCell<State>);

    // SAFETY: wasm32-unknown-unknown without the atomics feature runs one thread, and
    // no allocator call re-enters another.
    unsafe impl Sync for Heap {}

    #[global_allocator]
    static HEAP: Heap = Heap(UnsafeCell::new(State::new()));

    /// Allocations made, read by `make bench`'s crossing count (only with `alloc-count`).
    #[cfg(feature = "alloc-count")]
    static mut ALLOCATIONS: u32 = 0;

    #[cfg(feature = "alloc-count")]
    #[no_mangle]
    extern "C" fn za_allocations() -> u32 {
        // SAFETY: one thread; a plain read of a counter.
        unsafe { ALLOCATIONS }
    }

    unsafe impl GlobalAlloc for Heap {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            #[cfg(feature = "alloc-count")]
            // SAFETY: one thread; a plain increment.
            unsafe {
                ALLOCATIONS += 1;
            }
            // SAFETY: one thread (see above); grown pages belong to no one else.
            unsafe { (*self.0.get()).alloc(layout, |pages| core::arch::wasm32::memory_grow(0, pages)) }
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            // SAFETY: the caller passes a block from `alloc` with its layout.
            unsafe { (*self.0.get()).dealloc(ptr, layout) }
        }

        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            if State::fits(layout, new_size) {
                return ptr;
            }
            // (the alloc below counts a moving realloc)
            // SAFETY: the caller's contract for realloc; the copy stays within both blocks.
            unsafe {
                let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
                let new = self.alloc(new_layout);
                if !new.is_null() {
                    core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                    self.dealloc(ptr, layout);
                }
                new
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A heap over a pretend linear memory of `pages` pages, starting at a page boundary.
    struct Arena {
        state: State,
        memory: Vec<u8>,
        base: usize,
        pages: usize,
        limit: usize,
    }

    impl Arena {
        fn new(limit: usize) -> Arena {
            let memory = vec![0u8; (limit + 1) * PAGE];
            let base = (memory.as_ptr() as usize).div_ceil(PAGE);
            Arena { state: State::new(), memory, base, pages: 0, limit }
        }
        fn alloc(&mut self, size: usize, align: usize) -> usize {
            let (pages, limit, base) = (&mut self.pages, self.limit, self.base);
            let layout = Layout::from_size_align(size, align).unwrap();
            let p = unsafe {
                self.state.alloc(layout, |n| {
                    if *pages + n > limit {
                        return usize::MAX;
                    }
                    *pages += n;
                    base + *pages - n
                })
            };
            let p = p as usize;
            if p != 0 {
                let start = self.memory.as_ptr() as usize;
                assert!(p >= start && p + size <= start + self.memory.len(), "block outside the arena");
                assert_eq!(p % align, 0, "block not aligned to {align}");
            }
            p
        }
        fn free(&mut self, p: usize, size: usize, align: usize) {
            unsafe { self.state.dealloc(p as *mut u8, Layout::from_size_align(size, align).unwrap()) }
        }
    }

    #[test]
    fn live_blocks_never_overlap_and_respect_alignment() {
        let mut a = Arena::new(512);
        let mut live: Vec<(usize, usize, usize)> = Vec::new();
        // A fixed pseudo-random walk of sizes, alignments and frees.
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            if x % 2 == 0 && !live.is_empty() {
                let (p, s, al) = live.swap_remove((x as usize / 2) % live.len());
                a.free(p, s, al);
                continue;
            }
            let size = [0, 1, 7, 8, 9, 24, 100, 1000, 5000, 20_000][(x >> 8) as usize % 10];
            let align = [1, 2, 4, 8, 16, 64, 4096][(x >> 20) as usize % 7];
            let p = a.alloc(size, align);
            assert_ne!(p, 0, "out of memory at {} live blocks", live.len());
            for &(q, t, _) in &live {
                assert!(p + size.max(1) <= q || q + t.max(1) <= p, "overlap: {p}+{size} and {q}+{t}");
            }
            live.push((p, size, align));
        }
    }

    #[test]
    fn freed_blocks_are_reused_so_a_steady_loop_stays_flat() {
        let mut a = Arena::new(64);
        for _ in 0..10_000 {
            let p = a.alloc(300, 1);
            let q = a.alloc(40, 8);
            a.free(p, 300, 1);
            a.free(q, 40, 8);
        }
        assert_eq!(a.pages, 1, "a steady alloc/free loop grew memory");
    }

    #[test]
    fn refusals_are_null_not_a_crash() {
        let mut a = Arena::new(2);
        assert_eq!(a.alloc(3 * PAGE, 1), 0, "more than memory can grow to");
        assert_eq!(a.alloc(8, 8192), 0, "alignment above the supported maximum");
        assert_ne!(a.alloc(8, 8), 0, "a refusal leaves the heap usable");
    }

    #[test]
    fn growing_within_a_class_keeps_the_block() {
        let l = Layout::from_size_align(20, 1).unwrap();
        assert!(State::fits(l, 32), "20 and 32 bytes share the 32-byte class");
        assert!(!State::fits(l, 33), "33 bytes need the 64-byte class");
        assert!(!State::fits(l, 9), "9 bytes are the 16-byte class: the block moves");
    }
}
