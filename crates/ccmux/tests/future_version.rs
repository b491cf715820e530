//! A state directory holding a file of a newer format version (as a newer ccmux writes it, with correct
//! checksums) is a clear refusal to start: exit 1, the file and version named, every file and every pane
//! process untouched. Putting the original file back brings everything back.

mod common;
use ccmux_persist::{checkpoint, wal};
use common::{kill9, pid_alive, Ccmux};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every file of the state directory (but the log and lock) with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for sub in ["wal", "checkpoints", "scrollback"] {
        for e in std::fs::read_dir(dir.join(sub)).unwrap().flatten() {
            out.insert(e.path(), std::fs::read(e.path()).unwrap());
        }
    }
    out
}

fn newest(dir: &Path, ext: &str) -> PathBuf {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(ext))
        .collect();
    files.sort();
    files
        .pop()
        .unwrap_or_else(|| panic!("no {ext} in {}", dir.display()))
}

/// Sets the envelope version (bytes 2..4 of a payload) to 99.
fn bump_envelope(payload: &mut [u8]) {
    payload[2..4].copy_from_slice(&99u16.to_le_bytes());
}

/// A checkpoint whose snapshot envelope is version 99, header and CRC correct.
fn future_checkpoint_envelope(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    let lsn = u64::from_le_bytes(bytes[12..20].try_into().unwrap());
    let unix_ms = u64::from_le_bytes(bytes[20..28].try_into().unwrap());
    let wal_segment = u64::from_le_bytes(bytes[28..36].try_into().unwrap());
    let mut payload = bytes[checkpoint::CHECKPOINT_HEADER_LEN..].to_vec();
    bump_envelope(&mut payload);
    let mut out = checkpoint::encode_header(lsn, unix_ms, wal_segment, &payload).to_vec();
    out.extend_from_slice(&payload);
    std::fs::write(path, out).unwrap();
}

/// A checkpoint whose own header says format version 3.
fn future_checkpoint_header(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    bytes[8..12].copy_from_slice(&3u32.to_le_bytes());
    std::fs::write(path, bytes).unwrap();
}

/// A scrollback file whose envelope is version 99, CRC correct.
fn future_scrollback(path: &Path) {
    let bytes = std::fs::read(path).unwrap();
    let mut payload = bytes[20..].to_vec();
    bump_envelope(&mut payload);
    let mut out = bytes[..8].to_vec();
    out.extend_from_slice(&crc32c(&payload).to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&payload);
    std::fs::write(path, out).unwrap();
}

/// The last record of a WAL segment with its envelope at version 99, CRC correct.
fn future_wal_record(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    let mut at = wal::SEGMENT_HEADER_LEN;
    let mut last = None;
    while at + wal::RECORD_HEADER_LEN <= bytes.len() {
        let len = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
        if len == 0 {
            break;
        }
        last = Some(at);
        at += wal::RECORD_HEADER_LEN + len;
    }
    let at = last.expect("a record after the checkpoint");
    let len = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
    let lsn = u64::from_le_bytes(bytes[at + 8..at + 16].try_into().unwrap());
    let payload = &mut bytes[at + 16..at + 16 + len];
    bump_envelope(payload);
    let crc = wal::record_crc(lsn, payload);
    bytes[at + 4..at + 8].copy_from_slice(&crc.to_le_bytes());
    std::fs::write(path, bytes).unwrap();
}

/// A WAL segment whose header says format version 3.
fn future_wal_header(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    bytes[8..12].copy_from_slice(&3u32.to_le_bytes());
    std::fs::write(path, bytes).unwrap();
}

fn crc32c(data: &[u8]) -> u32 {
    // CRC-32C (Castagnoli), bitwise: the test does not trust the code under test for it.
    let mut crc = !0u32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0x82F6_3B78
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A server with two panes (one running `sleep`), a checkpoint with scrollback, a change after it (a
/// WAL record past the checkpoint), then killed: the keeper holds the pane processes.
fn crashed_server() -> (Ccmux, Vec<i32>) {
    let t = Ccmux::new();
    t.session("v");
    t.ok(&["send", "-t", "v", "echo saved-line", "Enter"]);
    t.wait_for("v", "\nsaved-line");
    t.ok(&["splitw", "-t", "v", "sleep 1000"]);
    t.ok(&["persistence", "checkpoint"]);
    t.ok(&["rename-window", "-t", "v:0", "after-checkpoint"]);
    let pids: Vec<i32> = t
        .ok(&["lsp", "-a", "-F", "#{pane_pid}"])
        .lines()
        .map(|l| l.parse().unwrap())
        .collect();
    assert_eq!(pids.len(), 2);
    kill9(t.server_pid().unwrap());
    (t, pids)
}

fn refused(t: &Ccmux, damaged: &Path, pids: &[i32], before: &BTreeMap<PathBuf, Vec<u8>>) {
    let r = t.run(&["ls"]);
    assert_eq!(r.status, 1, "ls must fail: {}{}", r.stdout, r.stderr);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    let name = damaged.file_name().unwrap().to_string_lossy();
    assert!(
        r.stderr.contains(&*name) && r.stderr.contains("newer ccmux"),
        "the refusal names {name} and why: {}",
        r.stderr
    );
    assert!(
        r.stderr.contains("version 99") || r.stderr.contains("version 3"),
        "the refusal names the version: {}",
        r.stderr
    );
    for pid in pids {
        assert!(pid_alive(*pid), "pane process {pid} was hung up");
    }
    assert_eq!(
        &snapshot(&t.state_dir()),
        before,
        "the state directory was modified"
    );
    // Asking again is refused again (nothing was "repaired" the first time).
    assert_eq!(t.run(&["ls"]).status, 1);
}

fn case(damage: impl Fn(&Path) -> PathBuf) {
    let (t, pids) = crashed_server();
    let original = snapshot(&t.state_dir());
    let damaged = damage(&t.state_dir());
    let before = snapshot(&t.state_dir());
    assert_ne!(before, original, "the damage changed a file");
    refused(&t, &damaged, &pids, &before);
    // The original file back: everything comes back, the same processes re-adopted.
    std::fs::write(&damaged, &original[&damaged]).unwrap();
    let listed = t.ok(&["lsw", "-t", "v", "-F", "#{window_name}"]);
    assert_eq!(listed.trim(), "after-checkpoint");
    let now: Vec<i32> = t
        .ok(&["lsp", "-a", "-F", "#{pane_pid}"])
        .lines()
        .map(|l| l.parse().unwrap())
        .collect();
    assert_eq!(now, pids, "the same processes are re-adopted");
}

#[test]
fn checkpoint_of_a_newer_envelope_version_refuses_to_start() {
    case(|dir| {
        let p = newest(&dir.join("checkpoints"), ".ccp");
        future_checkpoint_envelope(&p);
        p
    });
}

#[test]
fn checkpoint_of_a_newer_format_version_refuses_to_start() {
    case(|dir| {
        let p = newest(&dir.join("checkpoints"), ".ccp");
        future_checkpoint_header(&p);
        p
    });
}

#[test]
fn scrollback_of_a_newer_version_refuses_to_start() {
    case(|dir| {
        let p = newest(&dir.join("scrollback"), ".scr");
        future_scrollback(&p);
        p
    });
}

#[test]
fn wal_record_of_a_newer_version_refuses_to_start() {
    case(|dir| {
        let p = newest(&dir.join("wal"), ".wal");
        future_wal_record(&p);
        p
    });
}

#[test]
fn wal_segment_of_a_newer_version_refuses_to_start() {
    case(|dir| {
        let p = newest(&dir.join("wal"), ".wal");
        future_wal_header(&p);
        p
    });
}

/// A checkpoint that passes its checksum but cannot be decoded is reported; the server starts with what
/// the WAL alone gives, and since that recovery was incomplete it deletes nothing and hangs up nothing,
/// even when no session is left.
#[test]
fn an_undecodable_checkpoint_deletes_nothing_and_hangs_up_nothing() {
    let (t, pids) = crashed_server();
    let p = newest(&t.state_dir().join("checkpoints"), ".ccp");
    let bytes = std::fs::read(&p).unwrap();
    let lsn = u64::from_le_bytes(bytes[12..20].try_into().unwrap());
    let wal_segment = u64::from_le_bytes(bytes[28..36].try_into().unwrap());
    let mut payload = bytes[checkpoint::CHECKPOINT_HEADER_LEN..].to_vec();
    for b in &mut payload[4..] {
        *b = 0xff;
    }
    let mut out = checkpoint::encode_header(lsn, 1, wal_segment, &payload).to_vec();
    out.extend_from_slice(&payload);
    std::fs::write(&p, out).unwrap();
    let r = t.run(&["ls"]);
    assert!(!r.stdout.contains("v:"), "{}", r.stdout);
    let inspect = t.ok(&["persistence", "inspect"]);
    assert!(inspect.contains("cannot be decoded"), "{inspect}");
    // The server found no session and exited, keeping the files and the processes.
    t.wait_until("the server to exit", || !t.socket().exists());
    assert!(p.exists(), "the undecodable checkpoint was deleted");
    assert!(
        std::fs::read_dir(t.state_dir().join("wal"))
            .unwrap()
            .count()
            > 0
    );
    for pid in &pids {
        assert!(pid_alive(*pid), "pane process {pid} was hung up");
    }
}
