//! Damaged files on disk (ccmux-persist): WAL segments, checkpoints, scrollback files, a state directory.

use super::persist::{record_bytes, snapshot_bytes};
use crate::gen::{mutate, mutated_or_raw};
use arbitrary::{Result, Unstructured};
use ccmux_persist::store::{recover, scrollback, SavedLine};
use ccmux_persist::wal::{self, encode_header, encode_record, segment_file_name, Wal, WalOptions};
use ccmux_persist::{checkpoint, Lsn};
use std::path::{Path, PathBuf};

/// The scratch directories this thread made, removed when it ends.
struct Made(Vec<PathBuf>);

impl Drop for Made {
    fn drop(&mut self) {
        for dir in &self.0 {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

thread_local! {
    static MADE: std::cell::RefCell<Made> = const { std::cell::RefCell::new(Made(Vec::new())) };
}

/// A directory of this thread's own, emptied: in memory (`/dev/shm`) where there is one. It is
/// removed when the thread ends.
fn scratch(name: &str) -> PathBuf {
    let base = Path::new("/dev/shm");
    let base = if base.is_dir() {
        base.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    let thread = format!("{:?}", std::thread::current().id());
    let thread: String = thread.chars().filter(char::is_ascii_digit).collect();
    let dir = base.join(format!("ccmux-fuzz-{}-{thread}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    MADE.with(|made| {
        let mut made = made.borrow_mut();
        if !made.0.contains(&dir) {
            made.0.push(dir.clone());
        }
    });
    dir
}

/// A segment file: its first LSN, its bytes, and where each of its records ends.
type Segment = (Lsn, Vec<u8>, Vec<usize>);

/// Valid segment files holding `payloads` from LSN `first`, split at random.
fn segments(u: &mut Unstructured, first: Lsn, payloads: &[Vec<u8>]) -> Result<Vec<Segment>> {
    let mut out: Vec<Segment> = Vec::new();
    for (i, p) in payloads.iter().enumerate() {
        let lsn = first + i as Lsn;
        if out.is_empty() || u.ratio(1, 4)? {
            let declared = u.int_in_range(0..=512u64)?;
            out.push((lsn, encode_header(lsn, declared).to_vec(), Vec::new()));
        }
        if let Some((_, bytes, ends)) = out.last_mut() {
            encode_record(bytes, lsn, p);
            ends.push(bytes.len());
        }
    }
    if out.is_empty() {
        out.push((first, encode_header(first, 0).to_vec(), Vec::new()));
    }
    if u.ratio(1, 4)? {
        // A preallocated tail.
        if let Some((_, bytes, _)) = out.last_mut() {
            bytes.resize(bytes.len() + 64, 0);
        }
    }
    Ok(out)
}

fn payloads(u: &mut Unstructured) -> Result<Vec<Vec<u8>>> {
    (0..u.int_in_range(0..=6)?)
        .map(|_| {
            let mut p = if u.arbitrary()? {
                record_bytes(u)?
            } else {
                u.arbitrary::<Vec<u8>>()?
            };
            if p.is_empty() {
                p.push(1);
            }
            Ok(p)
        })
        .collect()
}

/// A damaged WAL reads as records or an error, never a panic or a hang: the records are consecutive,
/// every record before the first damaged byte is read back intact, and recovery (`Wal::open`) leaves
/// exactly the records the reader saw.
pub fn wal_segments(u: &mut Unstructured) -> Result<()> {
    let dir = scratch("wal");
    let payloads = payloads(u)?;
    let mut segs = segments(u, 1, &payloads)?;
    let damaged = u.int_in_range(0..=segs.len())?;
    let mut intact_until = payloads.len() as Lsn; // the last LSN that must be read back
    if let Some((first, bytes, ends)) = segs.get_mut(damaged) {
        let (changed, at) = mutate(u, bytes)?;
        *bytes = changed;
        let whole = ends.iter().take_while(|end| **end <= at).count() as Lsn;
        intact_until = *first + whole - 1;
    }
    for (first, bytes, _) in &segs {
        std::fs::write(dir.join(segment_file_name(*first)), bytes).expect("write segment");
    }
    let Ok((records, report)) = wal::read_from(&dir, 1) else {
        return Ok(());
    };
    for (i, (lsn, payload)) in records.iter().enumerate() {
        assert_eq!(*lsn, 1 + i as Lsn, "records are not consecutive");
        let original = payloads.get(i).expect("no record beyond those written");
        assert_eq!(payload, original, "record {lsn} changed");
    }
    assert!(
        records.len() as Lsn >= intact_until,
        "lost intact records: read {}, intact up to {intact_until}",
        records.len()
    );
    assert_eq!(report.last_lsn, records.last().map(|r| r.0), "{report}");

    let options = WalOptions {
        preallocate: false,
        segment_size: 4096,
        ..WalOptions::default()
    };
    if let Ok((w, _)) = Wal::open(&dir, options) {
        w.close().expect("close");
        let (again, report) = wal::read_from(&dir, 1).expect("read after recovery");
        assert!(report.is_clean(), "recovery left damage: {report}");
        assert_eq!(
            again, records,
            "recovery kept other records than the reader read"
        );
    }
    Ok(())
}

fn saved_lines(u: &mut Unstructured) -> Result<Vec<SavedLine>> {
    (0..u.int_in_range(0..=4)?)
        .map(|_| {
            Ok(SavedLine {
                text: crate::gen::text(u, &["a", "\x1b[1m", " ", "é", "\x1b[0m"], 6)?,
                wrapped: u.arbitrary()?,
            })
        })
        .collect()
}

const SAMPLE_SCROLLBACK: &[u8] =
    include_bytes!("../../../ccmux-persist/tests/samples/store-v1/sample.scr");

/// A damaged state directory (checkpoints, scrollback files, WAL) recovers or fails without a panic, and
/// what it recovers keeps the model's invariants.
pub fn state_dir(u: &mut Unstructured) -> Result<()> {
    let root = scratch("state");
    let (ckpts, sb, wal_dir) = (
        root.join("checkpoints"),
        root.join("scrollback"),
        root.join("wal"),
    );
    for d in [&ckpts, &sb, &wal_dir] {
        std::fs::create_dir_all(d).expect("state directory");
    }
    let mut covered: Lsn = 0;
    for _ in 0..u.int_in_range(0..=2)? {
        let lsn: Lsn = u.int_in_range(1..=8)?;
        covered = covered.max(lsn);
        let base = snapshot_bytes(u)?;
        let payload = mutated_or_raw(u, &base)?;
        let wal_segment: Lsn = u.int_in_range(0..=8)?;
        let mut file =
            checkpoint::encode_header(lsn, u.arbitrary()?, wal_segment, &payload).to_vec();
        file.extend_from_slice(&payload);
        if u.ratio(1, 4)? {
            file = mutate(u, &file)?.0;
        }
        std::fs::write(ckpts.join(checkpoint::file_name(lsn)), file).expect("write checkpoint");
    }
    for p in 0..u.int_in_range(0..=3u32)? {
        let name = format!("{p}.scr");
        scrollback::write(&sb, &name, &saved_lines(u)?).expect("write scrollback");
        let mut bytes = std::fs::read(sb.join(&name)).expect("read scrollback");
        if u.ratio(1, 4)? {
            bytes = SAMPLE_SCROLLBACK.to_vec();
        }
        if u.arbitrary()? {
            bytes = mutate(u, &bytes)?.0;
        }
        std::fs::write(sb.join(&name), &bytes).expect("write scrollback");
        let _ = scrollback::read(&sb.join(&name));
    }
    let payloads: Vec<Vec<u8>> = payloads(u)?
        .into_iter()
        .map(|p| {
            let mut p = if u.arbitrary()? { mutate(u, &p)?.0 } else { p };
            if p.is_empty() {
                p.push(0);
            }
            Ok(p)
        })
        .collect::<Result<_>>()?;
    let first = if u.arbitrary()? {
        covered + 1
    } else {
        u.int_in_range(1..=4)?
    };
    for (lsn, bytes, _) in segments(u, first, &payloads)? {
        std::fs::write(wal_dir.join(segment_file_name(lsn)), bytes).expect("write segment");
    }
    if let Ok(r) = recover(&root) {
        let problems = r.model.check();
        assert!(
            problems.is_empty(),
            "recovered a broken model: {problems:?}"
        );
    }
    Ok(())
}
