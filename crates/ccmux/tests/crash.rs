//! Crash safety with real processes and a real SIGKILL: every acknowledged change survives, nothing is
//! half-applied, and damaged files are reported rather than trusted.

mod common;
use common::Ccmux;

/// These tests cover the respawn path: no keeper, so pane processes end with the server.
const RESPAWN: &str = "keep_processes = false\n";
use std::time::{Duration, Instant};

fn kill9(t: &Ccmux) {
    let pid = t.server_pid().expect("server running");
    rustix::process::kill_process(
        rustix::process::Pid::from_raw(pid).unwrap(),
        rustix::process::Signal::KILL,
    )
    .unwrap();
    t.wait_until("the killed server to be gone", || !common::pid_alive(pid));
}

/// Sessions, windows, panes, sizes and active flags: what must survive.
fn state(t: &Ccmux) -> String {
    t.ok(&[
        "lsp",
        "-a",
        "-F",
        "#{session_name} #{session_id} #{window_index}:#{window_name} #{window_id} #{pane_index} #{pane_id} #{pane_width}x#{pane_height} #{pane_active}#{window_active}",
    ])
}

#[test]
fn cwd_and_layout_survive_sigkill() {
    let t = Ccmux::with_config(RESPAWN);
    t.ok(&["new", "-d", "-s", "w", "-x", "120", "-y", "40"]);
    t.wait_for("w", "$");
    t.ok(&["splitw", "-h", "-t", "w", "-l", "30"]);
    t.ok(&["neww", "-t", "w", "-n", "second"]);
    let dir = t.path("home/project dir");
    std::fs::create_dir_all(&dir).unwrap();
    t.ok(&[
        "send",
        "-t",
        "w:0.0",
        &format!("cd '{}'", dir.display()),
        "Enter",
    ]);
    // The tracker saves the new cwd within a second; wait until it is on disk (read offline).
    let want = dir.display().to_string();
    t.wait_until("the cwd to be saved", || {
        t.run(&["persistence", "inspect", "--json"])
            .stdout
            .contains(&want)
    });
    let before = state(&t);
    kill9(&t);
    // Any command starts the server, which recovers before answering.
    assert_eq!(state(&t), before);
    assert_eq!(
        t.ok(&["display", "-p", "-t", "w:0.0", "#{pane_current_path}"])
            .trim(),
        want
    );
    t.ok(&["send", "-t", "w:0.0", "pwd", "Enter"]);
    t.wait_for("w:0.0", &format!("\n{want}\n"));
    let screen = t.capture("w:0.0");
    assert!(screen.contains("[restored: saved "), "{screen}");
    // Ids continue after recovery.
    t.ok(&["neww", "-t", "w"]);
    assert_eq!(
        t.ok(&["display", "-p", "-t", "w:2", "#{window_id} #{pane_id}"]),
        "@2 %3\n"
    );
}

#[test]
fn scrollback_ends_near_the_last_number_printed() {
    let t = Ccmux::with_config(RESPAWN);
    let log = t.path("numbers.log");
    let script = format!(
        "i=0; while [ $i -lt 100000 ]; do i=$((i+1)); echo \"n=$i\"; echo $i >> {}; sleep 0.01; done",
        log.display()
    );
    t.ok(&["new", "-d", "-s", "n", "-x", "80", "-y", "20", &script]);
    // The log gets one line per number printed: its last complete line is the last number.
    let last_logged = |log: &std::path::Path| -> u32 {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        let complete = text.rfind('\n').map_or("", |end| &text[..end]);
        complete
            .lines()
            .last()
            .and_then(|l| l.parse().ok())
            .unwrap_or(0)
    };
    t.wait_until("a few hundred numbers", || last_logged(&log) > 300);
    kill9(&t);
    // With the server gone the PTY hangs up and the loop dies: the file holds the last number printed.
    std::thread::sleep(Duration::from_millis(100));
    let last_printed = last_logged(&log);
    t.ok(&["ls"]);
    let history = t.ok(&["capturep", "-p", "-t", "n", "-S", "-"]);
    let numbers: Vec<u32> = history
        .lines()
        .filter_map(|l| l.strip_prefix("n=")?.trim().parse().ok())
        .collect();
    let last_restored = *numbers.last().expect("numbers restored");
    // Contiguous history, ending within about one flush interval of the last number (100 ms is ~6
    // numbers; the bound leaves room for a loaded CI machine).
    assert!(
        numbers.windows(2).all(|w| w[1] == w[0] + 1),
        "gaps in {numbers:?}"
    );
    assert!(
        numbers.len() >= 100,
        "a long history is restored: {}",
        numbers.len()
    );
    assert!(
        last_printed - last_restored <= 40,
        "restored up to {last_restored}, printed up to {last_printed}"
    );
    assert!(history.contains("[restored: saved "));
    // The pane's command is shown and only runs once Enter is pressed.
    t.wait_for("n", "press Enter to run");
}

/// A deterministic workload of structural commands; the state after each acknowledged one is recorded.
fn workload() -> Vec<Vec<String>> {
    let mut cmds: Vec<Vec<&str>> = vec![
        vec!["new", "-d", "-s", "a", "-x", "100", "-y", "30"],
        vec!["splitw", "-h", "-t", "a"],
        vec!["neww", "-t", "a", "-n", "two"],
        vec!["new", "-d", "-s", "b"],
        vec!["splitw", "-v", "-t", "a:0.1", "-l", "10"],
        vec!["rename-session", "-t", "b", "bee"],
        vec!["resizep", "-t", "a:0.0", "-x", "30"],
        vec!["selectp", "-t", "a:0.0"],
        vec!["rename-window", "-t", "a:two", "deux"],
        vec!["splitw", "-t", "bee", "-h"],
        vec!["killp", "-t", "a:0.2"],
        vec!["selectw", "-t", "a:0"],
        vec!["neww", "-d", "-t", "bee:4", "-n", "four"],
        vec!["killw", "-t", "a:deux"],
        vec!["resizep", "-t", "bee:0.1", "-x", "20"],
        vec!["new", "-d", "-s", "c"],
        vec!["kill-session", "-t", "c"],
        vec!["splitw", "-v", "-t", "bee:4"],
        vec!["selectw", "-t", "bee:4"],
        vec!["rename-session", "-t", "a", "alpha"],
    ];
    cmds.extend(vec![
        vec!["splitw", "-h", "-t", "alpha:0.0"],
        vec!["killp", "-t", "alpha:0.1"],
    ]);
    cmds.into_iter()
        .map(|c| c.into_iter().map(String::from).collect())
        .collect()
}

fn run_workload(t: &Ccmux, states: &mut Vec<String>) {
    for cmd in workload() {
        let args: Vec<&str> = cmd.iter().map(String::as_str).collect();
        if t.run(&args).status != 0 {
            return;
        }
        let r = t.run(&[
            "lsp",
            "-a",
            "-F",
            "#{session_name} #{session_id} #{window_index}:#{window_name} #{window_id} #{pane_index} #{pane_id} #{pane_width}x#{pane_height} #{pane_active}#{window_active}",
        ]);
        if r.status != 0 {
            return;
        }
        states.push(r.stdout);
    }
}

#[test]
fn random_sigkill_during_workload_loses_no_acknowledged_change() {
    let reference = Ccmux::with_config(RESPAWN);
    let mut all = vec![String::new()];
    run_workload(&reference, &mut all);
    assert_eq!(
        all.len(),
        workload().len() + 1,
        "the workload runs cleanly without a crash"
    );
    drop(reference);

    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    eprintln!("seed {seed}");
    let mut rng = seed as u64 | 1;
    for iteration in 0..8 {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let t = Ccmux::with_config(RESPAWN);
        let delay = Duration::from_millis(50 + rng % 700);
        let mut seen = vec![String::new()];
        std::thread::scope(|s| {
            let socket = t.socket();
            let killer = s.spawn(move || {
                let start = Instant::now();
                while !socket.exists() && start.elapsed() < Duration::from_secs(10) {
                    std::thread::sleep(Duration::from_millis(1));
                }
                std::thread::sleep(delay);
            });
            let worker = s.spawn(|| run_workload(&t, &mut seen));
            killer.join().unwrap();
            if let Some(pid) = t.server_pid() {
                let _ = rustix::process::kill_process(
                    rustix::process::Pid::from_raw(pid).unwrap(),
                    rustix::process::Signal::KILL,
                );
                t.wait_until("the server to die", || !common::pid_alive(pid));
            }
            worker.join().unwrap();
        });
        let acked = seen.len() - 1;
        let recovered = t.run(&[
            "lsp",
            "-a",
            "-F",
            "#{session_name} #{session_id} #{window_index}:#{window_name} #{window_id} #{pane_index} #{pane_id} #{pane_width}x#{pane_height} #{pane_active}#{window_active}",
        ]);
        let got = if recovered.status == 0 {
            recovered.stdout
        } else {
            String::new()
        };
        // Exactly the state after the last acknowledged command, or after the one in flight.
        let ok = got == all[acked] || all.get(acked + 1) == Some(&got);
        assert!(
            ok,
            "iteration {iteration} (seed {seed}): {acked} commands acknowledged; recovered:\n{got}\nexpected:\n{}\nstderr: {}\nlog: {}",
            all[acked],
            recovered.stderr,
            std::fs::read_to_string(t.state_dir().join("server.log")).unwrap_or_default()
        );
    }
}

#[test]
fn damaged_newest_checkpoint_falls_back_and_is_reported() {
    let t = Ccmux::with_config(RESPAWN);
    t.ok(&["new", "-d", "-s", "k"]);
    t.ok(&["neww", "-t", "k", "-n", "one"]);
    kill9(&t);
    t.ok(&["persistence", "checkpoint"]); // checkpoint 1
    t.ok(&["neww", "-t", "k", "-n", "two"]);
    kill9(&t);
    t.ok(&["persistence", "checkpoint"]); // checkpoint 2
    let before = state(&t);
    kill9(&t);
    let dir = t.state_dir().join("checkpoints");
    // Checkpoints written whole (the kill may leave the one after recovery half-written: `.tmp`).
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ccp"))
        .collect();
    files.sort();
    assert!(files.len() >= 2, "{files:?}");
    let newest = files.last().unwrap();
    let mut bytes = std::fs::read(newest).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x55;
    std::fs::write(newest, &bytes).unwrap();
    assert_eq!(
        state(&t),
        before,
        "the older checkpoint plus the WAL give the same state"
    );
    let status = t.ok(&["persistence", "status"]);
    assert!(status.contains("skipped"), "{status}");
}

#[test]
fn torn_wal_tail_keeps_every_complete_record() {
    let t = Ccmux::with_config(RESPAWN);
    t.ok(&["new", "-d", "-s", "x"]);
    t.ok(&["neww", "-d", "-t", "x", "-n", "keep"]);
    let kept = state(&t);
    t.ok(&["rename-window", "-t", "x:keep", "torn"]);
    kill9(&t);
    // Cut the WAL in the middle of the rename's record (dropping all after it): recovery must keep
    // everything before it and report the torn tail.
    let wal_dir = t.state_dir().join("wal");
    let segments: Vec<_> = std::fs::read_dir(&wal_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(segments.len(), 1, "{segments:?}");
    let records = ccmux_persist::wal::read_from(&wal_dir, 1).unwrap().0;
    let mut offset = 24; // segment header
    let mut cut = None;
    for (_, payload) in &records {
        let is_rename = matches!(
            ccmux_persist::store::record::decode(payload),
            Ok(ccmux_persist::store::Record::Changes(ref c))
                if matches!(c.first(), Some(ccmux_model::Change::WindowRenamed { .. }))
        );
        if is_rename {
            cut = Some(offset + 16 + payload.len() / 2);
        }
        offset += 16 + payload.len();
    }
    let cut = cut.expect("the rename is in the WAL");
    let bytes = std::fs::read(&segments[0]).unwrap();
    std::fs::write(&segments[0], &bytes[..cut]).unwrap();
    assert_eq!(state(&t), kept);
    let status = t.ok(&["persistence", "status"]);
    assert!(
        status.contains("recovery: WAL"),
        "the dropped tail is reported: {status}"
    );
}

#[test]
fn future_format_version_is_a_clear_error_and_left_alone() {
    let t = Ccmux::with_config(RESPAWN);
    t.ok(&["new", "-d", "-s", "f"]);
    kill9(&t);
    t.ok(&["persistence", "checkpoint"]);
    kill9(&t);
    let dir = t.state_dir().join("checkpoints");
    // The newest checkpoint written whole: the one after recovery starts once the first client has
    // its answer, so the kill may leave it half-written (a `.tmp` file, which recovery ignores).
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ccp"))
        .max()
        .unwrap();
    let mut bytes = std::fs::read(&file).unwrap();
    bytes[8..12].copy_from_slice(&99u32.to_le_bytes());
    std::fs::write(&file, &bytes).unwrap();
    let r = t.run(&["ls"]);
    assert_eq!(r.status, 1);
    assert!(r.stderr.contains("version"), "{}", r.stderr);
    assert_eq!(std::fs::read(&file).unwrap(), bytes, "never overwritten");
}

#[test]
fn clean_exit_forgets_and_persistence_can_be_off() {
    let t = Ccmux::with_config(RESPAWN);
    t.ok(&["new", "-d", "-s", "z"]);
    t.ok(&["kill-server"]);
    t.wait_until("the server to exit", || !t.socket().exists());
    let r = t.run(&["ls"]);
    assert_eq!(
        r.status, 1,
        "nothing to recover after kill-server: {}",
        r.stdout
    );
    let conf = t.path("off.toml");
    std::fs::write(&conf, "[persistence]\nenabled = false\n").unwrap();
    let off = std::fs::read_dir(t.state_dir().join("wal"))
        .unwrap()
        .count();
    t.ok(&["-f", conf.to_str().unwrap(), "new", "-d", "-s", "z"]);
    t.ok(&["-f", conf.to_str().unwrap(), "neww", "-t", "z"]);
    assert_eq!(
        std::fs::read_dir(t.state_dir().join("wal"))
            .unwrap()
            .count(),
        off,
        "nothing written"
    );
    assert_eq!(t.ok(&["persistence", "status"]), "enabled: no\n");
}
