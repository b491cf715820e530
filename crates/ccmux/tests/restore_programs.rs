//! After a reboot the programs come back too (issue 13): what runs in each pane's foreground is
//! tracked and saved, and the restore rules decide whether it runs again in the restored shell, is
//! typed at the prompt for Enter, or is left; quitting it leaves the restored shell where it was.

mod common;

use common::{kill9, Ccmux};
use std::time::Duration;

/// A reboot: the server and the keeper (and with it every pane process) die.
fn reboot(t: &Ccmux) {
    let keeper: i32 = t
        .ok(&["display", "-p", "#{keeper_pid}"])
        .trim()
        .parse()
        .unwrap();
    kill9(t.server_pid().unwrap());
    kill9(keeper);
}

fn installed(program: &str) -> bool {
    std::process::Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn current(t: &Ccmux, target: &str) -> (String, String) {
    let out = t.ok(&[
        "display",
        "-p",
        "-t",
        target,
        "#{pane_current_command} #{pane_current_path}",
    ]);
    let (c, p) = out.trim().split_once(' ').unwrap_or((out.trim(), ""));
    (c.to_string(), p.to_string())
}

/// Starts `line` at the shell prompt of window `w` of session `s` (its own directory `dir`).
fn start(t: &Ccmux, w: &str, dir: &str, line: &str) {
    t.ok(&["neww", "-d", "-t", w, "-c", dir]);
    t.wait_for(w, "$");
    t.ok(&["send", "-t", w, line, "Enter"]);
}

#[test]
fn programs_come_back_by_rule_after_a_reboot() {
    if !installed("less") || !installed("tail") {
        eprintln!("SKIPPED: less or tail is not installed (.ci/run installs them)");
        return;
    }
    let t = Ccmux::with_config(
        r#"
[[restore.rules]]
name = "resumable"
pattern = "job\\.sh"
action = "run"
command = ["sh", "job.sh", "resumed"]
"#,
    );
    let dir = t.path("work");
    std::fs::create_dir_all(&dir).unwrap();
    let dir_s = dir.display().to_string();
    let lines: String = (1..=200).map(|i| format!("line {i}\n")).collect();
    std::fs::write(dir.join("notes.txt"), &lines).unwrap();
    std::fs::write(dir.join("log"), "first entry\n").unwrap();
    std::fs::write(dir.join("job.sh"), "echo \"job ${1:-fresh}\"; read line\n").unwrap();
    t.ok(&["new", "-d", "-s", "r", "-x", "80", "-y", "24", "-c", &dir_s]);
    t.wait_for("r", "$");
    start(&t, "r:1", &dir_s, "less notes.txt");
    start(&t, "r:2", &dir_s, "tail -f log");
    start(&t, "r:3", &dir_s, "sleep 1000");
    start(&t, "r:4", &dir_s, "sh job.sh");
    let watch = installed("watch");
    if watch {
        start(&t, "r:5", &dir_s, "watch -n1 echo watched");
    } else {
        eprintln!("SKIPPED (part): watch is not installed; not restored");
    }
    // Tracked and saved: what a restore would do, read offline.
    let mut plan = String::new();
    let start_wait = std::time::Instant::now();
    while !(plan.contains("job.sh") && plan.matches("would").count() == 4 + usize::from(watch)) {
        assert!(
            start_wait.elapsed() < Duration::from_secs(10),
            "not every program tracked:\n{plan}"
        );
        std::thread::sleep(Duration::from_millis(50));
        plan = t.ok(&["persistence", "restore", "--dry-run"]);
    }
    assert!(
        plan.contains(r#"r:1.0 %1 in "#)
            && plan.contains(r#"would run "less notes.txt" (rule: viewers)"#),
        "{plan}"
    );
    assert!(
        plan.contains(r#"would run "tail -f log" (rule: viewers)"#),
        "{plan}"
    );
    assert!(
        plan.contains(r#"would type "sleep 1000" for Enter (rule: default)"#),
        "{plan}"
    );
    assert!(
        plan.contains(r#"would run "sh job.sh resumed" (rule: resumable)"#),
        "{plan}"
    );
    assert!(
        plan.contains("r:0.0 %0 in ") && plan.contains(": a shell"),
        "{plan}"
    );
    let inspect = t.ok(&["persistence", "inspect"]);
    assert!(inspect.contains("runs less notes.txt in "), "{inspect}");
    assert!(
        inspect.contains("after a reboot: would run \"less notes.txt\" (rule: viewers)"),
        "{inspect}"
    );

    reboot(&t);
    // less, the same file, and the marker naming the rule.
    let screen = t.wait_for("r:1", "line 1");
    assert!(
        screen.contains("notes.txt") || screen.contains(':'),
        "less runs again: {screen}"
    );
    t.wait_until("less in the foreground", || current(&t, "r:1").0 == "less");
    // tail -f follows the file again.
    t.wait_until("tail in the foreground", || current(&t, "r:2").0 == "tail");
    std::fs::write(dir.join("log"), "first entry\nafter the reboot\n").unwrap();
    t.wait_for("r:2", "after the reboot");
    // sleep is typed for Enter, not run.
    t.wait_for_args(
        &["capture-pane", "-pJ", "-t", "r:3"],
        "typed \"sleep 1000\", Enter runs it (rule: default)]",
    );
    // Typed at the new prompt, below the marker (the line above it is the old screen's).
    t.wait_until("sleep typed at the prompt", || {
        t.capture("r:3")
            .lines()
            .filter(|l| *l == "$ sleep 1000")
            .count()
            == 2
    });
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(current(&t, "r:3").0, "sh", "not run without Enter");
    t.ok(&["send", "-t", "r:3", "Enter"]);
    t.wait_until("sleep runs after Enter", || current(&t, "r:3").0 == "sleep");
    // The user's rule rewrote the command line.
    t.wait_for("r:4", "job resumed");
    if watch {
        t.wait_for("r:5", "watched");
    }
    // Quitting the program leaves the restored shell, in its directory.
    t.ok(&["send", "-t", "r:1", "q"]);
    t.wait_until("the shell again", || {
        current(&t, "r:1") == ("sh".into(), dir_s.clone())
    });
    t.ok(&["send", "-t", "r:1", "echo back-in-shell", "Enter"]);
    let screen = t.wait_for_args(&["capture-pane", "-pJ", "-t", "r:1"], "\nback-in-shell");
    // The shell's screen under it says what was restored and by which rule.
    assert!(
        screen.contains("ran \"less notes.txt\" (rule: viewers)]"),
        "{screen}"
    );
    // A shell at its prompt came back as a shell, nothing typed.
    assert_eq!(current(&t, "r:0").0, "sh");
}

#[test]
fn vim_reopens_its_file_after_a_reboot() {
    if !installed("vim") {
        eprintln!("SKIPPED: vim is not installed");
        return;
    }
    let t = Ccmux::new();
    let dir = t.path("work");
    std::fs::create_dir_all(&dir).unwrap();
    let dir_s = dir.display().to_string();
    let text: String = (1..=100).map(|i| format!("row {i}\n")).collect();
    std::fs::write(dir.join("file.txt"), text).unwrap();
    t.ok(&["new", "-d", "-s", "v", "-x", "80", "-y", "24", "-c", &dir_s]);
    t.wait_for("v", "$");
    // No vimrc, but the ruler on (as Debian's vim and defaults.vim have it).
    t.ok(&[
        "send",
        "-t",
        "v",
        "vim -u NONE -N -i NONE -n '+set ruler' file.txt",
        "Enter",
    ]);
    t.wait_for("v", "row 1");
    t.ok(&["send", "-t", "v", "42G"]);
    t.wait_for("v", "42,1");
    t.ok(&["persistence", "checkpoint"]);
    t.wait_until("vim tracked at its line", || {
        t.ok(&["persistence", "restore", "--dry-run"]).contains(
            "would run \"vim +42 -u NONE -N -i NONE -n '+set ruler' file.txt\" (rule: editors)",
        )
    });
    reboot(&t);
    t.wait_until("vim in the foreground", || current(&t, "v").0 == "vim");
    // The same file, the cursor on the same line.
    t.wait_for("v", "42,1");
    t.wait_for("v", "row 42");
    t.ok(&["send", "-t", "v", ":q", "Enter"]);
    t.wait_until("the shell again", || {
        current(&t, "v") == ("sh".into(), dir_s.clone())
    });
}

#[test]
fn a_bad_restore_rule_is_a_clear_error() {
    let t = Ccmux::with_config(
        r#"
[[restore.rules]]
name = "broken"
pattern = "("
action = "run"
"#,
    );
    let r = t.run(&["new", "-d"]);
    assert_ne!(r.status, 0);
    assert!(
        r.stderr.contains("restore rule \"broken\": bad pattern"),
        "{}",
        r.stderr
    );
    let t = Ccmux::with_config("[restore]\ndefault = \"maybe\"\n");
    let r = t.run(&["new", "-d"]);
    assert_ne!(r.status, 0);
    assert!(r.stderr.contains("maybe"), "{}", r.stderr);
}

#[test]
fn a_kill_server_by_mistake_is_undone_by_restore_last() {
    if !installed("less") {
        eprintln!("SKIPPED: less is not installed (.ci/run installs it)");
        return;
    }
    let t = Ccmux::new();
    let dir = t.path("work");
    std::fs::create_dir_all(&dir).unwrap();
    let dir_s = dir.display().to_string();
    std::fs::write(dir.join("notes.txt"), "kept notes\n").unwrap();
    t.ok(&["new", "-d", "-s", "k", "-x", "80", "-y", "24", "-c", &dir_s]);
    t.wait_for("k", "$");
    t.ok(&["send", "-t", "k", "echo typed-before-the-kill", "Enter"]);
    t.wait_for("k", "\ntyped-before-the-kill");
    start(&t, "k:1", &dir_s, "less notes.txt");
    t.wait_until("less tracked", || {
        t.ok(&["persistence", "restore", "--dry-run"])
            .contains("less notes.txt")
    });
    t.ok(&["kill-server"]);
    assert_ne!(t.run(&["ls"]).status, 0, "kill-server ended everything");
    let r = t.run(&["persistence", "restore", "--last"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(r.stdout.contains("is back"), "{}", r.stdout);
    assert!(t.ok(&["ls"]).starts_with("k: 2 windows"));
    t.wait_for("k:0", "\ntyped-before-the-kill");
    t.wait_until("less again", || current(&t, "k:1").0 == "less");
    // Kept once: a second restore has nothing.
    let r = t.run(&["persistence", "restore", "--last"]);
    assert_eq!(r.status, 1);
    assert!(r.stderr.contains("nothing kept"), "{}", r.stderr);
    // Never over a running server or other saved state.
    t.ok(&["kill-server"]);
    t.ok(&["new", "-d", "-s", "other"]);
    let r = t.run(&["persistence", "restore", "--last"]);
    assert_eq!(r.status, 1);
    assert!(r.stderr.contains("a server is running"), "{}", r.stderr);
    assert!(t.ok(&["ls"]).starts_with("other:"));
    // The usual accident: that new server's own kill-server does not replace the state kept before
    // it started, which still comes back.
    t.ok(&["kill-server"]);
    let r = t.run(&["persistence", "restore", "--last"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(t.ok(&["ls"]).starts_with("k: 2 windows"));
}

#[test]
fn keep_last_hours_zero_keeps_nothing() {
    let t = Ccmux::with_config("[persistence]\nkeep_last_hours = 0\n");
    t.session("z");
    t.ok(&["kill-server"]);
    assert!(!t.state_dir().join("last").exists());
    let r = t.run(&["persistence", "restore", "--last"]);
    assert_eq!(r.status, 1);
}
