//! The global allocator: the system's (glibc's malloc), except that a large block always gets a
//! mapping of its own, returned to the system when it is freed.
//!
//! Why: every pane's parser (vte's `Processor`) reserves a 2 MiB buffer for synchronized updates,
//! which ccmux never fills (`emulator.rs`: `NoSync`). glibc maps a block that large on its own only
//! when its heap has no free chunk to carve it from; a server that has made and resized many panes
//! has such chunks, their pages touched by earlier use, so the buffer took 2 MiB of resident heap
//! where a mapping of its own costs one page. `bench/many_panes.py` found 14 to 22 of 200 panes'
//! buffers in the heap, 28-44 MiB resident, and the count varied with the order of events (the
//! run-to-run spread of that figure). glibc offers no setting for this: `M_MMAP_THRESHOLD` only
//! applies when the heap has to grow (a fixed 256 KiB and 2 MiB both left 14-22 buffers in it).
//!
//! Large blocks are rare (the parsers' buffers, long histories' deques, big checkpoints), so a
//! system call for each costs nothing measurable; glibc's own large blocks work the same way.

use std::alloc::{GlobalAlloc, Layout, System};
use std::ptr;

/// Blocks of at least this many bytes get their own mapping.
pub const LARGE: usize = 1 << 20;

/// Alignment a fresh mapping always has (the smallest page size Linux uses).
const MAP_ALIGN: usize = 4096;

pub struct Alloc;

fn large(layout: &Layout) -> bool {
    layout.size() >= LARGE && layout.align() <= MAP_ALIGN
}

/// A fresh zeroed mapping of `size` bytes, or null.
#[cold]
#[inline(never)]
fn map(size: usize) -> *mut u8 {
    use rustix::mm::{mmap_anonymous, MapFlags, ProtFlags};
    // SAFETY: a new private anonymous mapping overlaps nothing that exists.
    match unsafe {
        mmap_anonymous(
            ptr::null_mut(),
            size,
            ProtFlags::READ | ProtFlags::WRITE,
            MapFlags::PRIVATE,
        )
    } {
        Ok(p) => p.cast(),
        Err(_) => ptr::null_mut(),
    }
}

// SAFETY: blocks below `LARGE` (or aligned beyond a page) are the system allocator's, in and out;
// a large block is a mapping of exactly its layout's size, made by `map` and unmapped or remapped
// only with that size; `realloc` between the two kinds copies `min(old, new)` bytes into a block of
// the other kind before freeing the old one. The methods are out of line, as the default
// allocator's are: inlined, they made every allocation site bigger (230-370 KiB more code, more
// pages for an idle server to touch).
unsafe impl GlobalAlloc for Alloc {
    #[inline(never)]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if large(&layout) {
            return map(layout.size());
        }
        // SAFETY: the caller's contract, passed on.
        unsafe { System.alloc(layout) }
    }

    #[inline(never)]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if large(&layout) {
            return map(layout.size()); // anonymous mappings are zeroed
        }
        // SAFETY: the caller's contract, passed on.
        unsafe { System.alloc_zeroed(layout) }
    }

    #[inline(never)]
    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        if large(&layout) {
            // SAFETY: `block` is a mapping of `layout.size()` bytes made by `map` (see above).
            return unsafe { unmap(block, layout.size()) };
        }
        // SAFETY: the caller's contract, passed on.
        unsafe { System.dealloc(block, layout) }
    }

    #[inline(never)]
    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if !large(&layout) && (new_size < LARGE || layout.align() > MAP_ALIGN) {
            // SAFETY: the caller's contract, passed on.
            return unsafe { System.realloc(block, layout, new_size) };
        }
        // SAFETY: the caller's contract, passed on.
        unsafe { realloc_large(block, layout, new_size) }
    }
}

/// Unmaps a large block of `size` bytes.
///
/// # Safety
/// `block` is a mapping of `size` bytes made by `map`.
#[cold]
#[inline(never)]
unsafe fn unmap(block: *mut u8, size: usize) {
    // SAFETY: the caller's contract.
    let _ = unsafe { rustix::mm::munmap(block.cast(), size) };
}

/// `realloc` where the old or the new block is large.
///
/// # Safety
/// `GlobalAlloc::realloc`'s contract.
#[cold]
#[inline(never)]
unsafe fn realloc_large(block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
    // SAFETY: the caller guarantees `new_size` with `layout.align()` is a valid layout.
    let new = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
    if large(&layout) && large(&new) {
        use rustix::mm::{mremap, MremapFlags};
        // SAFETY: `block` is a mapping of `layout.size()` bytes made by `map`; the kernel moves it
        // when it cannot grow in place, keeping its contents.
        return match unsafe { mremap(block.cast(), layout.size(), new_size, MremapFlags::MAYMOVE) }
        {
            Ok(p) => p.cast(),
            Err(_) => ptr::null_mut(),
        };
    }
    // SAFETY: `new` is a valid layout (see above).
    let fresh = unsafe { Alloc.alloc(new) };
    if !fresh.is_null() {
        // SAFETY: both blocks hold at least the bytes copied and do not overlap; `block` is freed
        // with the layout it was made with.
        unsafe {
            ptr::copy_nonoverlapping(block, fresh, layout.size().min(new_size));
            Alloc.dealloc(block, layout);
        }
    }
    fresh
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The mapping of `/proc/self/maps` that holds address `p`: (start, end, name).
    fn mapping_of(p: *const u8) -> (usize, usize, String) {
        let a = p as usize;
        let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
        for line in maps.lines() {
            let mut parts = line.split_whitespace();
            let range = parts.next().unwrap();
            let (lo, hi) = range.split_once('-').unwrap();
            let (lo, hi) = (
                usize::from_str_radix(lo, 16).unwrap(),
                usize::from_str_radix(hi, 16).unwrap(),
            );
            if (lo..hi).contains(&a) {
                return (lo, hi, parts.nth(4).unwrap_or("").to_string());
            }
        }
        panic!("{a:#x} is in no mapping");
    }

    #[test]
    fn a_large_block_is_a_mapping_of_its_own_and_goes_back_when_freed() {
        let layout = Layout::from_size_align(2 << 20, 1).unwrap();
        // SAFETY: a valid, non-zero layout; the block is freed with it below.
        let p = unsafe { Alloc.alloc(layout) };
        assert!(!p.is_null());
        let (lo, hi, name) = mapping_of(p);
        assert_eq!(lo, p as usize, "a large block starts its mapping");
        assert!(
            hi - lo >= 2 << 20 && name != "[heap]",
            "{lo:#x}-{hi:#x} {name}"
        );
        // SAFETY: `p` holds 2 MiB.
        unsafe { p.add((2 << 20) - 1).write(7) };
        // SAFETY: made above with this layout.
        unsafe { Alloc.dealloc(p, layout) };
        let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
        assert!(
            !maps
                .lines()
                .any(|l| l.starts_with(&format!("{lo:x}-{hi:x} "))),
            "the mapping is gone after the free:\n{maps}"
        );
    }

    #[test]
    fn a_small_block_is_the_system_allocators() {
        let layout = Layout::from_size_align(LARGE - 1, 8).unwrap();
        // SAFETY: a valid, non-zero layout; freed below.
        let p = unsafe { Alloc.alloc(layout) };
        assert!(!p.is_null());
        // malloc's blocks (from its heap, or mapped by glibc itself) follow a header.
        assert_ne!(mapping_of(p).0, p as usize, "not a mapping of its own");
        // SAFETY: made above with this layout.
        unsafe { Alloc.dealloc(p, layout) };
    }

    #[test]
    fn realloc_keeps_the_contents_across_both_kinds_and_zeroed_blocks_are_zero() {
        let small = Layout::from_size_align(1000, 8).unwrap();
        // SAFETY: valid layouts throughout; each block is resized or freed with the layout it
        // has at that moment.
        unsafe {
            let p = Alloc.alloc(small);
            for i in 0..1000 {
                p.add(i).write(i as u8);
            }
            let big = Alloc.realloc(p, small, 3 << 20);
            assert_eq!(mapping_of(big).0, big as usize);
            for i in 0..1000 {
                assert_eq!(big.add(i).read(), i as u8);
            }
            big.add((3 << 20) - 1).write(9);
            let bigger = Alloc.realloc(big, Layout::from_size_align(3 << 20, 8).unwrap(), 9 << 20);
            assert_eq!(bigger.add((3 << 20) - 1).read(), 9);
            assert_eq!(bigger.add(999).read(), (999 % 256) as u8);
            let back = Alloc.realloc(bigger, Layout::from_size_align(9 << 20, 8).unwrap(), 500);
            for i in 0..500 {
                assert_eq!(back.add(i).read(), i as u8);
            }
            Alloc.dealloc(back, Layout::from_size_align(500, 8).unwrap());

            let zl = Layout::from_size_align(LARGE, 8).unwrap();
            let z = Alloc.alloc_zeroed(zl);
            assert!((0..LARGE).step_by(4093).all(|i| z.add(i).read() == 0));
            Alloc.dealloc(z, zl);
        }
    }
}
