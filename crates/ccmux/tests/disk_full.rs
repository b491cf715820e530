//! A full disk: persistence turns degraded, the server keeps serving, and recovers once there is room.
//! A crash while the disk is full leaves a server that still starts (degraded) and heals. Uses a
//! small tmpfs (needs root to mount; skipped otherwise). Checkpoint failures (EACCES, by fault
//! injection: root ignores permissions) make `persistence checkpoint` fail and show in the status.

mod common;
use common::Ccmux;
use std::process::Command;

struct Mount(std::path::PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

fn mount_small_fs(at: &std::path::Path, size: &str) -> Option<Mount> {
    std::fs::create_dir_all(at).ok()?;
    let ok = Command::new("mount")
        .args([
            "-t",
            "tmpfs",
            "-o",
            &format!("size={size},mode=0700"),
            "tmpfs",
        ])
        .arg(at)
        .status()
        .ok()?
        .success();
    ok.then(|| Mount(at.to_path_buf()))
}

#[test]
fn full_disk_degrades_keeps_serving_and_recovers() {
    let t = Ccmux::new();
    let small = t.path("small");
    let Some(_mount) = mount_small_fs(&small, "48m") else {
        eprintln!("skipped: cannot mount a tmpfs here");
        return;
    };
    let conf = t.path("small.toml");
    std::fs::write(
        &conf,
        format!(
            "[persistence]\ndirectory = \"{}\"\n",
            small.join("state").display()
        ),
    )
    .unwrap();
    let c = conf.to_str().unwrap();
    // Named, so automatic-rename (the flood's `head`) does not rename it meanwhile.
    t.ok(&["-f", c, "new", "-d", "-s", "d", "-n", "main"]);
    // Fill the filesystem; the WAL's current segment is preallocated, so flood past it.
    let _ = Command::new("dd")
        .args(["if=/dev/zero", "bs=1M", "count=64"])
        .arg(format!("of={}", small.join("junk").display()))
        .stderr(std::process::Stdio::null())
        .status();
    t.ok(&[
        "-f",
        c,
        "send",
        "-t",
        "d",
        "head -c 20000000 /dev/zero | tr '\\0' x; echo; echo flood-done",
        "Enter",
    ]);
    t.wait_for_args(&["-f", c, "persistence", "status"], "DEGRADED");
    // Still serving: commands work and say their change is not saved.
    let r = t.run(&["-f", c, "neww", "-t", "d:", "-n", "during"]);
    assert_eq!(r.status, 3, "done but not saved: {}", r.stderr);
    assert!(r.stderr.contains("persistence is degraded"), "{}", r.stderr);
    t.wait_for("d:0", "flood-done");
    // Make room: the retried checkpoint makes the state durable again.
    std::fs::remove_file(small.join("junk")).unwrap();
    t.wait_for_args(&["-f", c, "persistence", "status"], "state: healthy");
    t.ok(&["-f", c, "neww", "-t", "d:", "-n", "after"]);
    let before = t.ok(&[
        "-f",
        c,
        "lsw",
        "-t",
        "d",
        "-F",
        "#{window_index}:#{window_name}",
    ]);
    assert_eq!(before, "0:main\n1:during\n2:after\n");
    let pid = t.server_pid().unwrap();
    rustix::process::kill_process(
        rustix::process::Pid::from_raw(pid).unwrap(),
        rustix::process::Signal::KILL,
    )
    .unwrap();
    t.wait_until("the server to die", || !common::pid_alive(pid));
    assert_eq!(
        t.ok(&[
            "-f",
            c,
            "lsw",
            "-t",
            "d",
            "-F",
            "#{window_index}:#{window_name}"
        ]),
        before
    );
}

/// Fills the filesystem holding `dir` (a file `junk` in it).
fn fill(dir: &std::path::Path) {
    let _ = Command::new("dd")
        .args(["if=/dev/zero", "bs=1M"])
        .arg(format!("of={}", dir.join("junk").display()))
        .stderr(std::process::Stdio::null())
        .status();
}

/// The end of the records of a WAL segment (where a torn write would land).
fn data_end(seg: &std::path::Path) -> u64 {
    let bytes = std::fs::read(seg).unwrap();
    let mut at = ccmux_persist::wal::SEGMENT_HEADER_LEN;
    while at + 16 <= bytes.len() {
        let len = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
        if len == 0 {
            break;
        }
        at += 16 + len;
    }
    at as u64
}

/// A crash that left a torn write while the disk is full: setting the torn tail aside needs room,
/// but the server starts all the same, degraded, serving the sessions (and says so in the status,
/// the log and a message); a change made meanwhile says it is not saved (exit 3). Once there is room
/// it heals: the tail is set aside, and what was done while degraded is saved.
#[test]
fn a_crash_on_a_full_disk_starts_degraded_and_heals() {
    let t = Ccmux::new();
    let small = t.path("small");
    let Some(_mount) = mount_small_fs(&small, "40m") else {
        eprintln!("SKIPPED: cannot mount a tmpfs here");
        return;
    };
    let state = small.join("state");
    let conf = t.path("small.toml");
    std::fs::write(
        &conf,
        format!("[persistence]\ndirectory = \"{}\"\n", state.display()),
    )
    .unwrap();
    let c = conf.to_str().unwrap();
    t.ok(&["-f", c, "new", "-d", "-s", "d"]);
    t.ok(&["-f", c, "neww", "-t", "d:", "-n", "before"]);
    let pid = t.server_pid().unwrap();
    common::kill9(pid);
    // What a write cut by the crash leaves after the last record, then a full disk.
    let mut segs: Vec<_> = std::fs::read_dir(state.join("wal"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "wal"))
        .collect();
    segs.sort();
    let seg = segs.pop().unwrap();
    {
        use std::os::unix::fs::FileExt;
        let f = std::fs::OpenOptions::new().write(true).open(&seg).unwrap();
        f.write_all_at(&[0x5a; 300], data_end(&seg)).unwrap();
    }
    fill(&small);

    // It starts, degraded, with every session.
    let lsw = [
        "-f",
        c,
        "lsw",
        "-t",
        "d",
        "-F",
        "#{window_index}:#{window_name}",
    ];
    let r = t.run(&lsw);
    assert_eq!(r.status, 0, "the server must start: {}", r.stderr);
    assert_eq!(r.stdout, "0:sh\n1:before\n");
    let status = t.ok(&["-f", c, "persistence", "status"]);
    assert!(status.contains("state: DEGRADED"), "{status}");
    assert!(status.contains("No space left"), "{status}");
    assert!(
        t.ok(&["-f", c, "show-messages"])
            .contains("persistence DEGRADED"),
        "the message log says so"
    );
    let log = std::fs::read_to_string(t.state_dir().join("server.log")).unwrap();
    assert!(log.contains("persistence DEGRADED"), "server.log says so");
    let r = t.run(&["-f", c, "neww", "-t", "d:", "-n", "during"]);
    assert_eq!(r.status, 3, "done but not saved: {}", r.stderr);
    assert!(r.stderr.contains("not saved"), "{}", r.stderr);
    // `persistence checkpoint` fails, and says why.
    let r = t.run(&["-f", c, "persistence", "checkpoint"]);
    assert_eq!(r.status, 1, "{}", r.stderr);
    assert!(r.stderr.contains("No space left"), "{}", r.stderr);

    // Room again: it heals by itself; the torn tail was set aside, the change made meanwhile saved.
    std::fs::remove_file(small.join("junk")).unwrap();
    t.wait_for_args(&["-f", c, "persistence", "status"], "state: healthy");
    assert!(
        t.ok(&["-f", c, "show-messages"])
            .contains("persistence healthy again"),
        "the message log says so"
    );
    let aside = std::fs::read_dir(state.join("wal"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".tail-"))
        .count();
    assert_eq!(aside, 1, "the torn tail is kept aside");
    t.ok(&["-f", c, "neww", "-t", "d:", "-n", "after"]);
    let before = t.ok(&lsw);
    assert_eq!(before, "0:sh\n1:before\n2:during\n3:after\n");
    common::kill9(t.server_pid().unwrap());
    assert_eq!(t.ok(&lsw), before);
}

/// Every checkpoint failing (EACCES creating its file) is not `healthy`: the status shows the
/// failure, and `persistence checkpoint` exits 1 with the reason.
#[test]
fn failing_checkpoints_are_visible() {
    let t = Ccmux::new();
    t.ok_env(
        ("CCMUX_FAILPOINTS", "checkpoint_errno=13"),
        &["new-session", "-d", "-s", "a"],
    );
    let r = t.run(&["persistence", "checkpoint"]);
    assert_eq!(r.status, 1, "a failed checkpoint fails: {}", r.stderr);
    assert!(r.stderr.contains("Permission denied"), "{}", r.stderr);
    let status = t.ok(&["persistence", "status"]);
    assert!(!status.contains("healthy"), "{status}");
    assert!(status.contains("state: FAILING"), "{status}");
    assert!(status.contains("failed in a row"), "{status}");
    assert!(status.contains("Permission denied"), "{status}");
    assert!(status.contains("checkpoints: 0"), "{status}");
    // Changes are still saved in the WAL meanwhile.
    let r = t.run(&["neww", "-t", "a:"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
}
