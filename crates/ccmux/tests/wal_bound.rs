//! A bounded WAL: with `max_wal_size_mb`, a flood of pane output never takes the WAL's files on
//! disk (preallocated space included) past the bound, and `persistence status` shows the total.
//! (`bench/wal_bound.py` is the same at 100 MiB and 1 GB, on a release build.)

mod common;
use common::Ccmux;
use std::io::Write;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Apparent sizes of the files in `dir` (what `ls -l` adds up; preallocation included).
fn dir_bytes(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(|e| e.ok()?.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

#[test]
fn a_flood_keeps_the_wal_within_max_wal_size_mb() {
    const BOUND_MB: u64 = 2;
    let t = Ccmux::with_config(&format!("[persistence]\nmax_wal_size_mb = {BOUND_MB}\n"));
    // 24 MB of text, twelve times the bound.
    let flood = t.path("flood.txt");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&flood).unwrap());
        for i in 0..300_000 {
            writeln!(
                f,
                "{i:>8} {}",
                "the quick brown fox jumps over the lazy dog ".repeat(2)
            )
            .unwrap();
        }
    }
    assert!(std::fs::metadata(&flood).unwrap().len() > 12 * (BOUND_MB << 20));
    t.ok(&["new-session", "-d", "-s", "f"]);
    let wal = t.state_dir().join("wal");
    let peak = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let sampler = {
        let (peak, stop, wal) = (peak.clone(), stop.clone(), wal.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                peak.fetch_max(dir_bytes(&wal), Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(2));
            }
        })
    };
    let cmd = format!("cat {}; echo FLOOD-''DONE", flood.display());
    t.ok(&["send-keys", "-t", "f", &cmd, "Enter"]);
    let started = std::time::Instant::now();
    while !t
        .ok(&["capture-pane", "-p", "-t", "f"])
        .contains("FLOOD-DONE")
    {
        assert!(
            started.elapsed() < Duration::from_secs(180),
            "the flood did not end"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    eprintln!("flood took {:?}", started.elapsed());
    // The last output is logged and the checkpoint it asks for lands.
    std::thread::sleep(Duration::from_millis(1500));
    stop.store(true, Ordering::Relaxed);
    sampler.join().unwrap();
    let peak = peak.load(Ordering::Relaxed);
    let bound = BOUND_MB << 20;
    eprintln!("peak WAL on disk: {peak} bytes (bound {bound})");
    assert!(
        peak <= bound,
        "the WAL took {peak} bytes on disk, past the bound of {bound}"
    );
    assert!(peak > 0, "the sampler saw the WAL");
    // The status shows the total (the same sum as the files on disk).
    let status = t.ok(&["persistence", "status"]);
    let line = status
        .lines()
        .find(|l| l.starts_with("wal on disk: "))
        .unwrap_or_else(|| panic!("no total in the status:\n{status}"));
    let shown: u64 = line["wal on disk: ".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(shown <= bound, "{line}");
    assert_eq!(shown, dir_bytes(&wal), "{line}");
    assert!(line.contains(&format!("bound {BOUND_MB} MiB")), "{line}");
    // What the pane showed last is still what recovery brings back.
    let before = t.ok(&["capture-pane", "-p", "-t", "f"]);
    common::kill9(t.server_pid().unwrap());
    let after = t.ok(&["capture-pane", "-p", "-t", "f"]);
    assert!(after.contains("FLOOD-DONE"), "{after}");
    assert!(
        before.lines().filter(|l| l.contains("lazy dog")).count() > 5,
        "{before}"
    );
}
