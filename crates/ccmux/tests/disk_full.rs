//! A full disk: persistence turns degraded, the server keeps serving, and recovers once there is room.
//! Uses a small tmpfs (needs root to mount; skipped otherwise).

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
    t.ok(&["-f", c, "new", "-d", "-s", "d"]);
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
    assert_eq!(r.status, 0);
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
    assert_eq!(before, "0:sh\n1:during\n2:after\n");
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
