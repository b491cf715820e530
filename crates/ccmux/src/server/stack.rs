//! Giving back the stack pages a thread no longer uses.
//!
//! A pane's IO thread (`pane.rs`) that cannot lend its reading to the runtime sleeps for as long
//! as the pane stays idle (one that lends ends instead: `pane_thread.rs`). While the pane printed,
//! its thread went deep (the emulator's parser and handler, the idle compaction,
//! which snapshots and rebuilds the terminal), and the pages those calls touched stay resident for
//! the thread's life: 20 KiB a thread, 4 MiB for 200 panes (`bench/many_panes.py`), where all of
//! tmux's server takes 4.6 MiB. Below the stack pointer nothing is live, so before a long sleep the
//! thread hands those pages back (`madvise(MADV_DONTNEED)`: they read as zeros when touched again,
//! which is how a fresh stack page reads too).

/// Bytes below this function's local that are kept: the rest of its frame and the system call's
/// (the calls it makes before that have returned).
const MARGIN: usize = 4 * 1024;

const PAGE: usize = 4096;

/// Hands the pages of the calling thread's stack below the caller's frame back to the system.
/// Call it from a shallow frame (a thread's loop): what lies under the caller is kept. Does nothing
/// on the main thread, whose stack the kernel grows, or where it cannot find the thread's stack.
#[inline(never)]
pub fn release_unused() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: the attribute object is initialised by pthread_getattr_np before it is read and
    // destroyed once; the pages given back lie below this frame by more than MARGIN, so below
    // the stack pointer of this call and of every call it makes: nothing there is live.
    unsafe {
        if libc::gettid() == libc::getpid() {
            return;
        }
        let mut attr = std::mem::MaybeUninit::<libc::pthread_attr_t>::uninit();
        if libc::pthread_getattr_np(libc::pthread_self(), attr.as_mut_ptr()) != 0 {
            return;
        }
        let mut low = std::ptr::null_mut();
        let mut size = 0;
        let found = libc::pthread_attr_getstack(attr.as_ptr(), &mut low, &mut size) == 0;
        libc::pthread_attr_destroy(attr.as_mut_ptr());
        let here = std::ptr::addr_of!(attr) as usize;
        let low = low as usize;
        let end = here.saturating_sub(MARGIN) & !(PAGE - 1);
        if found && low.is_multiple_of(PAGE) && end > low && here < low + size {
            libc::madvise(low as *mut libc::c_void, end - low, libc::MADV_DONTNEED);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pages of the mapping holding `addr` that are resident (`/proc/self/pagemap`'s present bit).
    fn resident_pages_around(addr: usize) -> usize {
        let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
        let (lo, hi) = maps
            .lines()
            .filter_map(|l| {
                let (lo, hi) = l.split_whitespace().next()?.split_once('-')?;
                Some((
                    usize::from_str_radix(lo, 16).ok()?,
                    usize::from_str_radix(hi, 16).ok()?,
                ))
            })
            .find(|&(lo, hi)| (lo..hi).contains(&addr))
            .unwrap();
        use std::io::{Read, Seek, SeekFrom};
        let mut pagemap = std::fs::File::open("/proc/self/pagemap").unwrap();
        pagemap
            .seek(SeekFrom::Start((lo / PAGE * 8) as u64))
            .unwrap();
        let mut entries = vec![0u8; (hi - lo) / PAGE * 8];
        pagemap.read_exact(&mut entries).unwrap();
        entries
            .chunks(8)
            .filter(|e| u64::from_le_bytes((*e).try_into().unwrap()) >> 63 == 1)
            .count()
    }

    /// Uses about `depth` KiB of stack; returns a value that depends on all of it.
    #[inline(never)]
    fn deep(depth: usize) -> u64 {
        let mut block = [0u8; 1024];
        for (i, b) in block.iter_mut().enumerate() {
            *b = (i + depth) as u8;
        }
        let below = if depth > 0 { deep(depth - 1) } else { 0 };
        std::hint::black_box(&block)
            .iter()
            .map(|&b| u64::from(b))
            .sum::<u64>()
            + below
    }

    #[test]
    fn a_thread_gives_back_what_deep_calls_touched_and_goes_on() {
        std::thread::spawn(|| {
            let marker = 0u8;
            let here = std::ptr::addr_of!(marker) as usize;
            let expected = deep(200);
            let touched = resident_pages_around(here);
            release_unused();
            let after = resident_pages_around(here);
            assert!(
                after + 40 < touched,
                "{touched} pages resident after deep calls, {after} after giving them back"
            );
            // The stack works as before, and the caller's frame kept its contents.
            assert_eq!(deep(200), expected);
            assert_eq!(std::hint::black_box(marker), 0);
        })
        .join()
        .unwrap();
    }
}
