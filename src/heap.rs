//! The wasm32 heap: `lol_alloc`'s free list, wrapped so that no block goes back to the
//! heap still holding what was written into it.
//!
//! Why wipe in the allocator: secrets cross the JS boundary as strings the glue copies
//! into blocks it frees itself, `String` and `Vec` move their bytes on growth and free
//! the old block, and error text is built by formatting. A `Zeroize` on a value reaches
//! none of those copies; a wipe on every free and on every move reaches all of them.
//!
//! Why `lol_alloc`: measured on this crate's release build, the browser download with it
//! is smaller than with `talc` or the standard allocator (figures in Cargo.toml). What is
//! allocated here is short strings and vectors, freed soon after; a first-fit list that
//! merges neighbours keeps a loop of the same shapes (paging through 100,000 records) at
//! a flat footprint.

use core::alloc::{GlobalAlloc, Layout};

/// Blocks are at most page-aligned: the free list hands out memory grown in pages, so a
/// larger alignment could never be met and would grow memory until it ran out.
const MAX_ALIGN: usize = 65536;

/// Any allocator, made to wipe each block before the allocator sees it freed.
pub struct Wiping<A>(pub A);

/// Zeroes `len` bytes at `ptr` in a way the optimiser keeps: the bytes are about to be
/// freed, and a store to memory nobody reads again is exactly what it removes.
///
/// # Safety
/// `ptr..ptr + len` is writable.
unsafe fn wipe(ptr: *mut u8, len: usize) {
    // SAFETY: the caller's contract.
    unsafe { core::ptr::write_bytes(ptr, 0, len) };
    core::sync::atomic::compiler_fence(core::sync::atomic::Ordering::SeqCst);
}

// SAFETY: every method forwards to `A` with the caller's own pointer and layout; the
// wipe writes only inside a block the caller is giving up.
unsafe impl<A: GlobalAlloc> GlobalAlloc for Wiping<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() > MAX_ALIGN {
            return core::ptr::null_mut();
        }
        #[cfg(feature = "alloc-count")]
        count::ALLOCATIONS.fetch_add(1, core::sync::atomic::Ordering::Relaxed);
        // SAFETY: the caller's contract for alloc.
        unsafe { self.0.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the block is the caller's, `layout.size()` bytes long, and being freed.
        unsafe {
            wipe(ptr, layout.size());
            self.0.dealloc(ptr, layout)
        }
    }

    /// Always a fresh block: an in-place shrink would hand the tail back unwiped, and an
    /// allocator's own moving realloc frees the old block without a wipe.
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract for realloc: `new_size` with the old alignment is
        // a valid layout, and the copy stays within both blocks.
        unsafe {
            let new = self.alloc(Layout::from_size_align_unchecked(new_size, layout.align()));
            if !new.is_null() {
                core::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            new
        }
    }
}

#[cfg(target_arch = "wasm32")]
mod global {
    use super::Wiping;
    use lol_alloc::FreeListAllocator;

    #[cfg(target_feature = "atomics")]
    compile_error!("the heap assumes one thread: a build with wasm threads (atomics) needs a locked allocator");

    // SAFETY: without the atomics feature a wasm32 instance runs one thread, and no
    // allocator call re-enters another; with it, this impl is absent and the build stops.
    #[cfg(not(target_feature = "atomics"))]
    unsafe impl<A> Sync for Wiping<A> {}

    #[global_allocator]
    static HEAP: Wiping<FreeListAllocator> = Wiping(FreeListAllocator::new());
}

/// Allocations made, read by `make bench`'s crossing count (only with `alloc-count`).
#[cfg(feature = "alloc-count")]
mod count {
    use core::sync::atomic::{AtomicU32, Ordering};

    pub static ALLOCATIONS: AtomicU32 = AtomicU32::new(0);

    #[no_mangle]
    extern "C" fn za_allocations() -> u32 {
        ALLOCATIONS.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::alloc::System;
    use std::cell::RefCell;

    /// The system allocator, recording the bytes of each block as it was freed.
    #[derive(Default)]
    struct Recorder {
        freed: RefCell<Vec<Vec<u8>>>,
    }

    unsafe impl GlobalAlloc for Recorder {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            unsafe { System.alloc(layout) }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            self.freed.borrow_mut().push(unsafe { std::slice::from_raw_parts(ptr, layout.size()) }.to_vec());
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    const SECRET: &[u8] = b"0123456789abcdefghij";

    fn filled(heap: &Wiping<Recorder>, layout: Layout) -> *mut u8 {
        let p = unsafe { heap.alloc(layout) };
        assert!(!p.is_null());
        for i in 0..layout.size() {
            unsafe { *p.add(i) = SECRET[i % SECRET.len()] };
        }
        p
    }

    /// The control: without the wrapper the recorder sees the bytes, so a clean result
    /// below is the wipe's doing and not the recorder's blindness.
    #[test]
    fn the_recorder_sees_an_unwiped_block() {
        let heap = Recorder::default();
        let layout = Layout::from_size_align(40, 1).unwrap();
        unsafe {
            let p = heap.alloc(layout);
            p.copy_from_nonoverlapping(SECRET.as_ptr(), SECRET.len());
            heap.dealloc(p, layout);
        }
        assert!(heap.freed.borrow()[0].starts_with(SECRET));
    }

    #[test]
    fn a_freed_block_is_all_zeros() {
        let heap = Wiping(Recorder::default());
        let layout = Layout::from_size_align(1000, 8).unwrap();
        let p = filled(&heap, layout);
        unsafe { heap.dealloc(p, layout) };
        let freed = heap.0.freed.borrow();
        assert_eq!(freed.len(), 1);
        assert!(freed[0].iter().all(|&b| b == 0), "a freed block kept nonzero bytes");
    }

    #[test]
    fn growing_and_shrinking_keep_the_data_and_wipe_the_old_block() {
        let heap = Wiping(Recorder::default());
        let layout = Layout::from_size_align(64, 4).unwrap();
        let p = filled(&heap, layout);
        let grown = unsafe { heap.realloc(p, layout, 4096) };
        assert!(!grown.is_null());
        assert_eq!(grown as usize % 4, 0, "the alignment is kept");
        let kept = unsafe { std::slice::from_raw_parts(grown, 64) };
        assert!(kept.chunks(SECRET.len()).all(|c| SECRET.starts_with(c)), "the data moved with the block");
        let big = Layout::from_size_align(4096, 4).unwrap();
        let shrunk = unsafe { heap.realloc(grown, big, 10) };
        assert_eq!(unsafe { std::slice::from_raw_parts(shrunk, 10) }, &SECRET[..10]);
        unsafe { heap.dealloc(shrunk, Layout::from_size_align(10, 4).unwrap()) };
        let freed = heap.0.freed.borrow();
        assert_eq!(freed.len(), 3, "the old block of each move and the last block were freed");
        for block in freed.iter() {
            assert!(block.iter().all(|&b| b == 0), "a {}-byte block kept nonzero bytes", block.len());
        }
    }

    #[test]
    fn alignment_above_a_page_is_refused_not_attempted() {
        let heap = Wiping(Recorder::default());
        let p = unsafe { heap.alloc(Layout::from_size_align(8, 2 * MAX_ALIGN).unwrap()) };
        assert!(p.is_null());
        let p = unsafe { heap.alloc(Layout::from_size_align(8, MAX_ALIGN).unwrap()) };
        assert!(!p.is_null());
        assert_eq!(p as usize % MAX_ALIGN, 0);
        unsafe { heap.dealloc(p, Layout::from_size_align(8, MAX_ALIGN).unwrap()) };
    }
}
