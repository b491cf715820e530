//! Handing back the pages of ccmux's own code that a long-lived process no longer runs.
//!
//! A server's start (config, recovery, its first commands) runs code an idle server never runs
//! again, and the kernel maps the binary in large pieces around every page touched (64 KiB of
//! fault-around, or the whole page-cache folio holding the page: runs of 128-256 KiB on kernel
//! 6.18 once the binary was read sequentially): that code stayed in the server's RSS for its whole
//! life, about 3 of an idle server's 4.7 MiB (BENCHMARKS.md). The keeper runs a few functions
//! spread over the same pages. [`release`] unmaps the binary's clean read-only pages (code,
//! read-only data) from the calling process; they stay in the page cache, shared with every other
//! ccmux process, and a page the process runs again is mapped back on first use (with its piece),
//! as at start. (`MADV_RANDOM` would not map it back alone: the kernel still faults around, the
//! advice only changes read-ahead.) The server releases after each quiet spell (commands, panes
//! going idle), the keeper after its requests.

/// Unmaps the calling process's clean pages of ccmux's binary (see the module's comment). Returns
/// the bytes of the mappings advised. Pages written to (relocated data) are never touched: only
/// mappings that are read-only, backed by the binary, and hold no anonymous page (a page written
/// through a private mapping becomes one; smaps' `Private_Dirty` is no test, it also counts page
/// cache pages not yet written back, as a freshly linked binary's are).
pub fn release() -> usize {
    // Read once: the binary's mappings do not change, nor which of them were written to (the
    // relocated data is written before `main`). After the first call, nothing runs between the
    // advice and the return but this loop: no page of the allocator or of a parser is mapped
    // back by the release itself (the kernel maps a page back with the whole page-cache folio
    // around it, up to 256 KiB).
    static CANDIDATES: std::sync::OnceLock<Vec<(usize, usize)>> = std::sync::OnceLock::new();
    let mut advised = 0;
    for &(lo, len) in CANDIDATES.get_or_init(candidates) {
        // SAFETY: a read-only private file mapping of our own binary, never written: dropping its
        // pages changes no content (they are read back from the file on next use).
        if unsafe {
            rustix::mm::madvise(
                lo as *mut std::ffi::c_void,
                len,
                rustix::mm::Advice::LinuxDontNeed,
            )
        }
        .is_ok()
        {
            advised += len;
        }
    }
    advised
}

/// The mappings [`release`] advises: clean read-only mappings of the running binary.
fn candidates() -> Vec<(usize, usize)> {
    let Ok(smaps) = std::fs::read_to_string("/proc/self/smaps") else {
        return Vec::new();
    };
    let here = release as *const () as usize;
    let mappings = parse(&smaps);
    let Some(binary) = mappings
        .iter()
        .find(|m| (m.lo..m.hi).contains(&here))
        .map(|m| m.file.clone())
    else {
        return Vec::new();
    };
    mappings
        .iter()
        .filter(|m| m.file == binary)
        .filter(|m| (m.perms == "r-xp" || m.perms == "r--p") && m.anonymous_kib == 0)
        .map(|m| (m.lo, m.hi - m.lo))
        .collect()
}

struct Mapping {
    lo: usize,
    hi: usize,
    perms: String,
    /// Device and inode: the file behind the mapping.
    file: (String, String),
    anonymous_kib: u64,
}

/// The file-backed mappings of a `/proc/PID/smaps` text.
fn parse(smaps: &str) -> Vec<Mapping> {
    let mut out: Vec<Mapping> = Vec::new();
    for line in smaps.lines() {
        let mut fields = line.split_whitespace();
        let Some(first) = fields.next() else { continue };
        if let Some((lo, hi)) = first.split_once('-') {
            if let (Ok(lo), Ok(hi)) = (usize::from_str_radix(lo, 16), usize::from_str_radix(hi, 16))
            {
                let perms = fields.next().unwrap_or("").to_string();
                let _offset = fields.next();
                let dev = fields.next().unwrap_or("").to_string();
                let inode = fields.next().unwrap_or("").to_string();
                out.push(Mapping {
                    lo,
                    hi,
                    perms,
                    file: (dev, inode),
                    anonymous_kib: 0,
                });
                continue;
            }
        }
        let kib = || fields.clone().next().and_then(|v| v.parse::<u64>().ok());
        if let Some(m) = out.last_mut() {
            if first == "Anonymous:" {
                m.anonymous_kib = kib().unwrap_or(u64::MAX);
            }
        }
    }
    // Anonymous mappings have inode 0: never the binary.
    out.retain(|m| m.file.1 != "0");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_and_data_work_after_their_pages_went() {
        // How much an idle server gives back is `tests/idle.rs`'s; here: nothing breaks. Had a
        // written mapping (relocated pointers) been advised, its pages would read back from the
        // file unrelocated, and what follows would crash.
        let advised = release();
        assert!(advised > 0, "nothing advised");
        let text: String = ["a", "b", "c"].iter().map(|s| s.to_uppercase()).collect();
        assert_eq!(text, "ABC");
        let fmt = format!("{:?} {}", Some(1.5), std::any::type_name::<Mapping>());
        assert!(
            fmt.starts_with("Some(1.5) ") && fmt.ends_with("Mapping"),
            "{fmt}"
        );
        assert!(parse(&std::fs::read_to_string("/proc/self/smaps").unwrap()).len() > 3);
        assert!(release() > 0, "again");
    }

    #[test]
    fn written_mappings_are_not_candidates() {
        let smaps = "\
55d0-55e0 r--p 00000000 fe:00 42 /bin/x
Private_Dirty:         0 kB
Anonymous:             0 kB
55e0-55f0 r--p 00002000 fe:00 42 /bin/x
Private_Dirty:         8 kB
Anonymous:             8 kB
7f00-7f10 rw-p 00000000 00:00 0
Private_Dirty:         4 kB
";
        let m = parse(smaps);
        assert_eq!(m.len(), 2, "the anonymous mapping is no file's");
        assert_eq!((m[0].anonymous_kib, m[1].anonymous_kib), (0, 8));
        assert_eq!(m[1].file, ("fe:00".to_string(), "42".to_string()));
    }
}
