//! WAL behaviour on real files in temporary directories.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ccmux_persist::wal::{
    self, segment_file_name, Corruption, Durability, FailPoints, Wal, WalOptions, EIO, ENOSPC,
    RECORD_HEADER_LEN, SEGMENT_HEADER_LEN,
};
use ccmux_persist::{Error, Lsn};

fn opts() -> WalOptions {
    WalOptions {
        segment_size: 64 * 1024,
        ..WalOptions::default()
    }
}

fn payload(i: u64) -> Vec<u8> {
    // Non-zero bytes, varying lengths.
    let len = 5 + (i as usize * 7) % 40;
    (0..len)
        .map(|k| 1 + ((i as usize * 31 + k) % 250) as u8)
        .collect()
}

fn write_records(dir: &Path, n: u64, o: WalOptions) {
    let (w, rep) = Wal::open(dir, o).expect("open");
    assert!(rep.is_clean(), "{rep}");
    for i in 1..=n {
        assert_eq!(
            w.append_blocking(payload(i), Durability::Sync)
                .expect("append"),
            i
        );
    }
    w.close().expect("close");
}

fn read_all(dir: &Path) -> Vec<(Lsn, Vec<u8>)> {
    let (recs, rep) = wal::read_from(dir, 1).expect("read");
    assert!(rep.is_clean(), "{rep}");
    recs
}

fn segment_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .expect("readdir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "wal"))
        .collect();
    v.sort();
    v
}

fn files_with(dir: &Path, needle: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .expect("readdir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().contains(needle))
        .collect();
    v.sort();
    v
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fs::read_dir(dir)
        .expect("readdir")
        .map(|e| {
            let p = e.expect("entry").path();
            let b = fs::read(&p).expect("read");
            (p, b)
        })
        .collect()
}

/// Offsets of record boundaries in a single-segment WAL of records 1..=n.
fn boundaries(n: u64) -> Vec<u64> {
    let mut v = vec![SEGMENT_HEADER_LEN as u64];
    for i in 1..=n {
        let last = *v.last().expect("non-empty");
        v.push(last + (RECORD_HEADER_LEN + payload(i).len()) as u64);
    }
    v
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[test]
fn round_trip_and_reopen_continues_lsns() {
    let t = tempfile::tempdir().expect("tempdir");
    let dir = t.path().join("wal");
    write_records(&dir, 10, opts());
    let recs = read_all(&dir);
    assert_eq!(recs.len(), 10);
    for (i, (lsn, p)) in recs.iter().enumerate() {
        assert_eq!(*lsn, i as u64 + 1);
        assert_eq!(p, &payload(*lsn));
    }
    let (w, rep) = Wal::open(&dir, opts()).expect("reopen");
    assert!(rep.is_clean());
    assert_eq!(
        (rep.first_lsn, rep.last_lsn, rep.next_lsn),
        (Some(1), Some(10), 11)
    );
    assert_eq!(
        w.append_blocking(b"eleven".to_vec(), Durability::Lazy)
            .expect("append"),
        11
    );
    assert!(w.sync().expect("sync") >= 11);
    let st = w.status();
    assert_eq!((st.next_lsn, st.durable_lsn, st.degraded), (12, 11, None));
    w.close().expect("close");
    let recs = read_all(&dir);
    assert_eq!(recs.last(), Some(&(11, b"eleven".to_vec())));
    // read_from filters by LSN.
    let (from7, _) = wal::read_from(&dir, 7).expect("read");
    assert_eq!(
        from7.iter().map(|r| r.0).collect::<Vec<_>>(),
        vec![7, 8, 9, 10, 11]
    );
}

#[test]
fn rejects_empty_and_oversized_records() {
    let t = tempfile::tempdir().expect("tempdir");
    let (w, _) = Wal::open(t.path(), opts()).expect("open");
    assert!(matches!(
        w.append_blocking(Vec::new(), Durability::Sync),
        Err(Error::EmptyRecord)
    ));
    let big = vec![1u8; wal::MAX_RECORD_SIZE + 1];
    assert!(matches!(
        w.append_blocking(big, Durability::Sync),
        Err(Error::RecordTooLarge { .. })
    ));
    // A maximum-size record is fine, even larger than the segment size.
    let max = vec![7u8; wal::MAX_RECORD_SIZE];
    assert_eq!(w.append_blocking(max, Durability::Sync).expect("append"), 1);
    assert_eq!(
        w.append_blocking(vec![1], Durability::Sync)
            .expect("append"),
        2
    );
    w.close().expect("close");
    let recs = read_all(t.path());
    assert_eq!(recs[0].1.len(), wal::MAX_RECORD_SIZE);
    assert_eq!(recs[1], (2, vec![1]));
}

#[test]
fn group_commit_many_threads() {
    let t = tempfile::tempdir().expect("tempdir");
    let (w, _) = Wal::open(t.path(), opts()).expect("open");
    let w = Arc::new(w);
    const THREADS: u64 = 8;
    const PER: u64 = 60;
    let handles: Vec<_> = (0..THREADS)
        .map(|th| {
            let w = Arc::clone(&w);
            std::thread::spawn(move || {
                let mut lsns = Vec::new();
                for burst in 0..(PER / 10) {
                    let tickets: Vec<_> = (0..10)
                        .map(|k| {
                            let seq = burst * 10 + k;
                            w.append(format!("t{th}-{seq}").into_bytes(), Durability::Sync)
                        })
                        .collect();
                    for tk in tickets {
                        lsns.push(tk.wait().expect("durable"));
                    }
                }
                lsns
            })
        })
        .collect();
    let mut all = Vec::new();
    for (th, h) in handles.into_iter().enumerate() {
        let lsns = h.join().expect("thread");
        assert!(
            lsns.windows(2).all(|p| p[0] < p[1]),
            "thread {th}: {lsns:?}"
        );
        all.extend(lsns);
    }
    all.sort_unstable();
    assert_eq!(all, (1..=THREADS * PER).collect::<Vec<_>>());
    let st = w.status();
    assert!(
        st.syncs < THREADS * PER,
        "{} fsyncs for {} appends",
        st.syncs,
        THREADS * PER
    );
    assert_eq!(st.durable_lsn, THREADS * PER);
    drop(w);
    let recs = read_all(t.path());
    assert_eq!(recs.len() as u64, THREADS * PER);
    // Each thread's records are in its own submission order.
    let mut seen: BTreeMap<String, u64> = BTreeMap::new();
    for (_, p) in recs {
        let s = String::from_utf8(p).expect("utf8");
        let (th, seq) = s.split_once('-').expect("format");
        let seq: u64 = seq.parse().expect("seq");
        if let Some(prev) = seen.insert(th.to_string(), seq) {
            assert_eq!(seq, prev + 1);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tickets_are_futures() {
    let t = tempfile::tempdir().expect("tempdir");
    let (w, _) = Wal::open(t.path(), opts()).expect("open");
    let a = w.append(b"a".to_vec(), Durability::Sync);
    let b = w.append(b"b".to_vec(), Durability::Lazy);
    assert_eq!(a.await.expect("a"), 1);
    assert_eq!(b.await.expect("b"), 2);
    tokio::task::spawn_blocking(move || w.close())
        .await
        .expect("join")
        .expect("close");
}

#[test]
fn lazy_records_are_fsynced_within_flush_interval() {
    let t = tempfile::tempdir().expect("tempdir");
    let o = WalOptions {
        flush_interval: Duration::from_millis(50),
        ..opts()
    };
    let (w, _) = Wal::open(t.path(), o).expect("open");
    let lsn = w
        .append_blocking(b"lazy".to_vec(), Durability::Lazy)
        .expect("append");
    assert!(w.status().written_lsn >= lsn);
    let start = Instant::now();
    while w.status().durable_lsn < lsn {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "lazy record never fsynced"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(w.status().syncs >= 1);
}

#[test]
fn segments_roll_and_trim() {
    let t = tempfile::tempdir().expect("tempdir");
    let o = WalOptions {
        segment_size: 256,
        ..opts()
    };
    write_records(t.path(), 40, o.clone());
    let segs = segment_files(t.path());
    assert!(segs.len() > 3, "{segs:?}");
    // Names are the first LSN of each segment; closed segments are trimmed.
    let recs = read_all(t.path());
    assert_eq!(recs.len(), 40);
    let (_, rep) = wal::read_from(t.path(), 1).expect("read");
    for (i, s) in rep.segments.iter().enumerate() {
        assert_eq!(
            s.path.file_name().expect("name").to_string_lossy(),
            segment_file_name(s.first_lsn)
        );
        assert!(s.records >= 1);
        if i + 1 < rep.segments.len() {
            assert_eq!(s.file_len, s.valid_len, "closed segment not trimmed");
            assert!(s.valid_len <= 256 || s.records == 1);
            assert_eq!(
                s.last_lsn.map(|l| l + 1),
                Some(rep.segments[i + 1].first_lsn)
            );
        }
    }
    // Continue after reopen across segments.
    let (w, rep) = Wal::open(t.path(), o).expect("reopen");
    assert!(rep.is_clean());
    assert_eq!(
        w.append_blocking(payload(41), Durability::Sync)
            .expect("append"),
        41
    );
    w.close().expect("close");
    assert_eq!(read_all(t.path()).len(), 41);
}

/// Cut the WAL at every byte offset (truncate, or zero the rest as with a
/// preallocated file): it opens, keeps exactly the complete records, reports
/// the torn tail, and appends continue with the right LSNs.
#[test]
fn cut_at_every_offset() {
    let t = tempfile::tempdir().expect("tempdir");
    let src = t.path().join("src");
    const N: u64 = 4;
    write_records(&src, N, opts());
    let seg_name = segment_file_name(1);
    let original = fs::read(src.join(&seg_name)).expect("read");
    let b = boundaries(N);
    let end = *b.last().expect("end");
    for zero_fill in [false, true] {
        for cut in 0..=end {
            let dir = t.path().join(format!("cut-{zero_fill}-{cut}"));
            fs::create_dir(&dir).expect("mkdir");
            let mut bytes = original.clone();
            if zero_fill {
                bytes[cut as usize..].fill(0);
            } else {
                bytes.truncate(cut as usize);
            }
            fs::write(dir.join(&seg_name), &bytes).expect("write");

            let kept = b.iter().skip(1).filter(|&&x| x <= cut).count() as u64;
            let (w, rep) = Wal::open(&dir, opts()).unwrap_or_else(|e| panic!("cut {cut}: {e}"));
            let ctx = format!("cut {cut} zero_fill {zero_fill}: {rep}");
            assert_eq!(rep.next_lsn, kept + 1, "{ctx}");
            assert_eq!(rep.last_lsn, (kept > 0).then_some(kept), "{ctx}");
            // A segment shorter than it was created (preallocated) was cut: also on a record
            // boundary, where nothing looks torn, the loss is reported. Zeros are not a cut.
            let truncated = !zero_fill && cut >= b[0];
            match &rep.cut {
                Some(c) => {
                    assert!(truncated, "{ctx}");
                    assert_eq!((c.len, c.declared), (cut, opts().segment_size), "{ctx}");
                    assert_eq!(c.last_lsn, (kept > 0).then_some(kept), "{ctx}");
                    assert!(rep.lost_records(), "{ctx}");
                }
                None => assert!(!truncated, "{ctx}"),
            }
            if cut >= b[0] && b.contains(&cut) {
                assert!(rep.dropped.is_empty() && rep.set_aside.is_empty(), "{ctx}");
                assert_eq!(rep.is_clean(), zero_fill, "{ctx}");
            } else {
                assert_eq!(rep.dropped.len(), 1, "{ctx}");
                let d = &rep.dropped[0];
                assert!(d.last_segment, "{ctx}");
                let lb = if cut < b[0] {
                    0
                } else {
                    *b.iter().filter(|&&x| x <= cut).max().expect("b")
                };
                assert_eq!(d.offset, lb, "{ctx}");
                assert!(d.bytes <= cut - lb, "{ctx}");
                if cut >= b[0] {
                    assert!(d.bytes > 0, "{ctx}");
                }
                match &d.saved_to {
                    Some(saved) => assert_eq!(
                        fs::read(saved).expect("tail").len() as u64,
                        d.bytes,
                        "{ctx}"
                    ),
                    None => assert_eq!(d.bytes, 0, "{ctx}"),
                }
            }
            assert_eq!(
                w.append_blocking(b"next".to_vec(), Durability::Sync)
                    .expect("append"),
                kept + 1,
                "{ctx}"
            );
            w.close().expect("close");
            let recs = read_all(&dir);
            assert_eq!(recs.len() as u64, kept + 1, "{ctx}");
            for (lsn, p) in &recs[..kept as usize] {
                assert_eq!(p, &payload(*lsn), "{ctx}");
            }
            assert_eq!(recs[kept as usize], (kept + 1, b"next".to_vec()), "{ctx}");
            fs::remove_dir_all(&dir).expect("cleanup");
        }
    }
}

#[test]
fn random_flips_keep_longest_valid_prefix() {
    let t = tempfile::tempdir().expect("tempdir");
    let src = t.path().join("src");
    const N: u64 = 20;
    write_records(
        &src,
        N,
        WalOptions {
            preallocate: false,
            ..opts()
        },
    );
    let seg_name = segment_file_name(1);
    let original = fs::read(src.join(&seg_name)).expect("read");
    let b = boundaries(N);
    assert_eq!(original.len() as u64, *b.last().expect("end"));
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for trial in 0..150 {
        let mut pos = rng.below(original.len() as u64) as usize;
        if (8..12).contains(&pos) {
            pos = 12; // version bytes: see future_version_* tests
        }
        let mask = 1 + rng.below(255) as u8;
        let mut bytes = original.clone();
        bytes[pos] ^= mask;
        let dir = t.path().join(format!("flip-{trial}"));
        fs::create_dir(&dir).expect("mkdir");
        fs::write(dir.join(&seg_name), &bytes).expect("write");

        let expect_kept = if pos < SEGMENT_HEADER_LEN {
            0
        } else {
            b.iter().skip(1).filter(|&&x| x <= pos as u64).count() as u64
        };
        let ctx = format!("flip {mask:#x} at {pos}");
        // The read-only view agrees with recovery and changes nothing.
        let (recs, ro) = wal::read_from(&dir, 1).expect("read");
        assert_eq!(recs.len() as u64, expect_kept, "{ctx}: {ro}");
        assert_eq!(fs::read(dir.join(&seg_name)).expect("read"), bytes, "{ctx}");
        let (w, rep) = Wal::open(&dir, opts()).unwrap_or_else(|e| panic!("{ctx}: {e}"));
        assert_eq!(rep.next_lsn, expect_kept + 1, "{ctx}: {rep}");
        assert!(!rep.is_clean(), "{ctx}: corruption not reported");
        assert_eq!(
            rep.dropped[0].offset,
            if pos < SEGMENT_HEADER_LEN {
                0
            } else {
                b[expect_kept as usize]
            },
            "{ctx}"
        );
        assert_eq!(
            w.append_blocking(b"after".to_vec(), Durability::Sync)
                .expect("append"),
            expect_kept + 1
        );
        w.close().expect("close");
        let recs = read_all(&dir);
        assert_eq!(recs.len() as u64, expect_kept + 1, "{ctx}");
        fs::remove_dir_all(&dir).expect("cleanup");
    }
}

#[test]
fn mid_log_corruption_sets_later_segments_aside() {
    let t = tempfile::tempdir().expect("tempdir");
    let o = WalOptions {
        segment_size: 200,
        ..opts()
    };
    write_records(t.path(), 30, o.clone());
    let segs = segment_files(t.path());
    assert!(segs.len() >= 4);
    let (_, rep) = wal::read_from(t.path(), 1).expect("read");
    let victim = &rep.segments[1];
    // Flip a byte inside the last record of the second segment.
    let mut bytes = fs::read(&victim.path).expect("read");
    let pos = bytes.len() - 2;
    bytes[pos] ^= 0x55;
    fs::write(&victim.path, &bytes).expect("write");
    let keep_until = victim.last_lsn.expect("records") - 1;

    let (w, rep) = Wal::open(t.path(), o).expect("open");
    assert!(rep.mid_log_corruption(), "{rep}");
    assert_eq!(rep.next_lsn, keep_until + 1);
    assert_eq!(rep.dropped.len(), 1);
    assert!(!rep.dropped[0].last_segment);
    assert!(matches!(rep.dropped[0].reason, Corruption::Checksum { .. }));
    assert_eq!(rep.set_aside.len(), segs.len() - 2);
    for s in &rep.set_aside {
        let to = s.renamed_to.as_ref().expect("renamed");
        assert!(to.to_string_lossy().ends_with(".corrupt"));
        assert!(to.exists() && !s.segment.exists());
    }
    assert_eq!(files_with(t.path(), ".tail-").len(), 1);
    assert_eq!(
        w.append_blocking(b"x".to_vec(), Durability::Sync)
            .expect("append"),
        keep_until + 1
    );
    w.close().expect("close");
    let recs = read_all(t.path());
    assert_eq!(recs.len() as u64, keep_until + 1);
}

#[test]
fn missing_middle_segment_is_a_gap() {
    let t = tempfile::tempdir().expect("tempdir");
    let o = WalOptions {
        segment_size: 200,
        ..opts()
    };
    write_records(t.path(), 30, o.clone());
    let segs = segment_files(t.path());
    fs::remove_file(&segs[1]).expect("rm");
    let (recs, ro) = wal::read_from(t.path(), 1).expect("read");
    assert!(ro.mid_log_corruption());
    assert!(matches!(ro.set_aside[0].reason, Corruption::Gap { .. }));
    assert_eq!(Some(recs.len() as u64), ro.last_lsn);
    let (w, rep) = Wal::open(t.path(), o).expect("open");
    assert_eq!(rep.set_aside.len(), segs.len() - 2);
    assert_eq!(rep.next_lsn, recs.len() as u64 + 1);
    drop(w);
    assert!(read_all(t.path()).len() == recs.len());
}

#[test]
fn future_version_segment_is_refused_and_untouched() {
    for which in [0usize, 2] {
        let t = tempfile::tempdir().expect("tempdir");
        let o = WalOptions {
            segment_size: 200,
            ..opts()
        };
        write_records(t.path(), 20, o.clone());
        let segs = segment_files(t.path());
        let mut bytes = fs::read(&segs[which]).expect("read");
        bytes[8..12].copy_from_slice(&3u32.to_le_bytes());
        fs::write(&segs[which], &bytes).expect("write");
        let before = snapshot(t.path());
        match Wal::open(t.path(), o) {
            Err(Error::FutureVersion {
                path,
                found: 3,
                supported: 2,
            }) => {
                assert_eq!(path, segs[which]);
                let msg = Error::FutureVersion {
                    path,
                    found: 3,
                    supported: 2,
                }
                .to_string();
                assert!(msg.contains("newer ccmux") && msg.contains(".wal"), "{msg}");
            }
            other => panic!("expected FutureVersion, got {other:?}"),
        }
        assert!(matches!(
            wal::read_from(t.path(), 1),
            Err(Error::FutureVersion { .. })
        ));
        assert_eq!(snapshot(t.path()), before, "files were modified");
    }
}

#[test]
fn truncate_before_deletes_only_wholly_covered_segments() {
    let t = tempfile::tempdir().expect("tempdir");
    let o = WalOptions {
        segment_size: 200,
        ..opts()
    };
    let (w, _) = Wal::open(t.path(), o).expect("open");
    for i in 1..=40 {
        w.append_blocking(payload(i), Durability::Sync)
            .expect("append");
    }
    let before = w.status().segments;
    assert!(before.len() >= 5);
    let cut = before[2].first_lsn + 1; // inside segment 2
    let removed = w.truncate_before(cut).expect("truncate");
    assert_eq!(removed.len(), 2);
    let after = w.status().segments;
    assert_eq!(after[0].first_lsn, before[2].first_lsn);
    assert!(w.bytes_since(cut) <= w.status().total_bytes());
    // Boundary: a segment whose last LSN is cut-1 is deleted, one holding cut is not.
    let cut2 = after[1].first_lsn; // segment 0's records are all < cut2
    assert_eq!(w.truncate_before(cut2).expect("truncate").len(), 1);
    assert_eq!(w.status().segments[0].first_lsn, cut2);
    let (recs, rep) = wal::read_from(t.path(), cut2).expect("read");
    assert!(rep.is_clean(), "{rep}");
    assert_eq!(recs.first().map(|r| r.0), Some(cut2));
    assert_eq!(recs.last().map(|r| r.0), Some(40));
    // The active segment is never deleted.
    w.truncate_before(u64::MAX).expect("truncate");
    assert_eq!(w.status().segments.len(), 1);
    assert_eq!(
        w.append_blocking(b"z".to_vec(), Durability::Sync)
            .expect("append"),
        41
    );
    w.close().expect("close");
    let (recs, rep) = wal::read_from(t.path(), 1).expect("read");
    assert_eq!(rep.missing.as_ref().map(|m| m.start), Some(1));
    assert_eq!(recs.last().map(|r| r.0), Some(41));
}

#[test]
fn sync_failure_degrades_and_restart_recovers() {
    let t = tempfile::tempdir().expect("tempdir");
    let fp = FailPoints::new();
    let o = WalOptions {
        failpoints: Some(fp.clone()),
        ..opts()
    };
    let (w, _) = Wal::open(t.path(), o.clone()).expect("open");
    // Told when the health changes, without polling.
    let (health_tx, health) = std::sync::mpsc::channel();
    w.on_health_change(move || {
        let _ = health_tx.send(());
    });
    for i in 1..=3 {
        w.append_blocking(payload(i), Durability::Sync)
            .expect("append");
    }
    assert!(health.try_recv().is_err(), "healthy all along");
    fp.fail_syncs(EIO);
    let tickets: Vec<_> = (4..=8)
        .map(|i| w.append(payload(i), Durability::Sync))
        .collect();
    for tk in tickets {
        match tk.wait() {
            Err(Error::Degraded(r)) => assert!(r.contains("fdatasync"), "{r}"),
            other => panic!("expected Degraded, got {other:?}"),
        }
    }
    let st = w.status();
    assert!(st.degraded.is_some());
    health.try_recv().expect("told it turned degraded");
    assert!(health.try_recv().is_err(), "told once");
    assert_eq!(
        st.durable_lsn, 3,
        "nothing after the failure may be claimed durable"
    );
    fp.clear();
    // Still degraded: a failed fsync is never retried on the same file.
    assert!(matches!(
        w.append_blocking(b"no".to_vec(), Durability::Lazy),
        Err(Error::Degraded(_))
    ));
    assert!(matches!(w.sync(), Err(Error::Degraded(_))));
    let last_assigned = st.next_lsn - 1;
    assert!(matches!(
        w.restart_segment(last_assigned - 1),
        Err(Error::CheckpointBehind { .. })
    ));
    // The caller wrote a checkpoint covering everything, then restarts.
    let start = w.restart_segment(last_assigned).expect("restart");
    assert_eq!(start, last_assigned + 1);
    assert_eq!(w.status().degraded, None);
    health.try_recv().expect("told it is healthy again");
    assert_eq!(
        w.append_blocking(b"fresh".to_vec(), Durability::Sync)
            .expect("append"),
        start
    );
    w.close().expect("close");
    assert_eq!(segment_files(t.path()).len(), 1);
    let (w, rep) = Wal::open(
        t.path(),
        WalOptions {
            min_next_lsn: last_assigned + 1,
            ..o
        },
    )
    .expect("reopen");
    assert!(rep.is_clean(), "{rep}");
    assert_eq!(rep.first_lsn, Some(start));
    drop(w);
    assert_eq!(read_all(t.path()), vec![(start, b"fresh".to_vec())]);
}

#[test]
fn write_failure_degrades_and_torn_tail_recovers() {
    let t = tempfile::tempdir().expect("tempdir");
    let fp = FailPoints::new();
    let o = WalOptions {
        failpoints: Some(fp.clone()),
        preallocate: false,
        ..opts()
    };
    let (w, _) = Wal::open(t.path(), o.clone()).expect("open");
    for i in 1..=3 {
        w.append_blocking(payload(i), Durability::Sync)
            .expect("append");
    }
    // Half of the next write reaches the disk, then ENOSPC.
    fp.fail_writes_after(10, ENOSPC);
    let lazy = w.append(payload(4), Durability::Lazy);
    let sync = w.append(payload(5), Durability::Sync);
    assert!(matches!(lazy.wait(), Err(Error::Degraded(_))));
    match sync.wait() {
        Err(e @ Error::Degraded(_)) => assert!(e.to_string().contains("No space"), "{e}"),
        other => panic!("expected Degraded, got {other:?}"),
    }
    assert_eq!(w.status().durable_lsn, 3);
    drop(w); // crash-like: nothing more is written
    fp.clear();
    let (w, rep) = Wal::open(t.path(), o).expect("reopen");
    assert_eq!(rep.next_lsn, 4, "{rep}");
    assert_eq!(rep.dropped.len(), 1);
    assert!(rep.dropped[0].bytes > 0 && rep.dropped[0].bytes <= 10);
    assert_eq!(
        w.append_blocking(b"again".to_vec(), Durability::Sync)
            .expect("append"),
        4
    );
    w.close().expect("close");
    assert_eq!(read_all(t.path()).len(), 4);
}

#[test]
fn failure_while_rolling_degrades() {
    let t = tempfile::tempdir().expect("tempdir");
    let fp = FailPoints::new();
    let o = WalOptions {
        failpoints: Some(fp.clone()),
        segment_size: 128,
        ..opts()
    };
    let (w, _) = Wal::open(t.path(), o).expect("open");
    w.append_blocking(vec![1; 60], Durability::Sync)
        .expect("append");
    fp.fail_writes(EIO); // the new segment's header cannot be written
    assert!(matches!(
        w.append_blocking(vec![2; 60], Durability::Sync),
        Err(Error::Degraded(_))
    ));
    fp.clear();
    let start = w.restart_segment(w.status().next_lsn - 1).expect("restart");
    assert_eq!(
        w.append_blocking(vec![3; 60], Durability::Sync)
            .expect("append"),
        start
    );
    w.close().expect("close");
    assert_eq!(read_all(t.path()), vec![(start, vec![3; 60])]);
}

#[test]
fn min_next_lsn_skips_covered_segments_and_never_reuses_lsns() {
    let t = tempfile::tempdir().expect("tempdir");
    let o = WalOptions {
        segment_size: 200,
        ..opts()
    };
    write_records(t.path(), 30, o.clone());
    let segs = segment_files(t.path());
    // Damage in a covered segment does not matter.
    let mut bytes = fs::read(&segs[0]).expect("read");
    let n = bytes.len();
    bytes[n - 1] ^= 0xff;
    fs::write(&segs[0], &bytes).expect("write");
    let (_, rep) = wal::read_from(t.path(), 1).expect("read");
    let seg2_first = rep.segments[2].first_lsn;
    let (w, rep) = Wal::open(
        t.path(),
        WalOptions {
            min_next_lsn: seg2_first,
            ..o.clone()
        },
    )
    .expect("open");
    assert!(rep.is_clean(), "{rep}");
    assert!(rep.segments[0].covered && !rep.segments[0].readable);
    assert_eq!(rep.next_lsn, 31);
    w.close().expect("close");

    // A WAL that ends before the checkpoint (e.g. lost directory contents):
    // new records start after the checkpoint and the old segments go away.
    let (w, rep) = Wal::open(
        t.path(),
        WalOptions {
            min_next_lsn: 500,
            ..o.clone()
        },
    )
    .expect("open");
    assert_eq!(rep.deleted_covered.len(), segs.len());
    assert_eq!(
        w.append_blocking(b"x".to_vec(), Durability::Sync)
            .expect("append"),
        500
    );
    w.close().expect("close");
    let (recs, rep) = wal::read_from(t.path(), 1).expect("read");
    assert_eq!(recs, vec![(500, b"x".to_vec())]);
    assert_eq!(rep.missing, Some(1..500));
}

#[test]
fn files_and_directories_are_private() {
    let t = tempfile::tempdir().expect("tempdir");
    let dir = t.path().join("a/wal");
    write_records(&dir, 2, opts());
    let mode = |p: &Path| fs::metadata(p).expect("stat").permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    for s in segment_files(&dir) {
        assert_eq!(mode(&s), 0o600);
    }
    // Saved tails are private too.
    let seg = &segment_files(&dir)[0];
    let len = fs::metadata(seg).expect("stat").len();
    let f = fs::OpenOptions::new().write(true).open(seg).expect("open");
    f.set_len(len + 5).expect("extend");
    drop(f);
    let mut bytes = fs::read(seg).expect("read");
    let end = bytes.len();
    bytes[end - 5..].copy_from_slice(&[9, 9, 9, 9, 9]);
    fs::write(seg, &bytes).expect("write");
    let (_, rep) = Wal::open(&dir, opts()).expect("open");
    let saved = rep.dropped[0].saved_to.clone().expect("saved");
    assert_eq!(mode(&saved), 0o600);
}

#[test]
fn status_reports_sizes() {
    let t = tempfile::tempdir().expect("tempdir");
    let (w, _) = Wal::open(t.path(), opts()).expect("open");
    let s0 = w.status();
    assert_eq!(s0.total_bytes(), SEGMENT_HEADER_LEN as u64);
    w.append_blocking(vec![1; 100], Durability::Sync)
        .expect("append");
    let s1 = w.status();
    assert_eq!(
        s1.appended_bytes - s0.appended_bytes,
        (RECORD_HEADER_LEN + 100) as u64
    );
    assert_eq!(
        s1.total_bytes(),
        (SEGMENT_HEADER_LEN + RECORD_HEADER_LEN + 100) as u64
    );
    assert_eq!(s1.bytes_since(1), 0);
    assert_eq!(s1.bytes_since(0), s1.total_bytes());
    assert!(s1.last_fsync_latency.is_some());
    assert_eq!(s1.records, 1);
}
