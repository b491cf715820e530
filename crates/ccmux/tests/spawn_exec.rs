//! A new pane's process is started by the keeper, which answers once it has forked it (not once it has
//! exec'd, as tmux's `new-window` answers after its fork): what can only fail at the `exec` is shown on
//! the pane, and a file that is not a program runs through `/bin/sh`, as `execvp` (and so tmux) runs it.

mod common;
use common::{Ccmux, Tmux};
use std::os::unix::fs::PermissionsExt;

/// A script without `#!` given with its arguments runs through `/bin/sh` (`ENOEXEC`), in ccmux and tmux.
#[test]
fn a_script_without_a_shebang_runs_through_sh_as_in_tmux() {
    let t = Ccmux::new();
    t.session("s");
    let script = t.path("noshebang");
    std::fs::write(&script, "echo ran-with-$1-$((6*7))\nexec sleep 100\n").unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let script = script.to_str().unwrap();
    t.ok(&["neww", "-d", "-t", "s:5", "-n", "script", script, "arg"]);
    let screen = t.wait_for("s:5", "ran-with-arg-42");
    let Some(tmux) = Tmux::new() else {
        eprintln!("SKIPPED (comparison only): tmux is not installed");
        return;
    };
    tmux.run(&["new-session", "-d", "-s", "s", "-n", "first"]);
    let r = tmux.run(&["neww", "-d", "-t", "s:5", "-n", "script", script, "arg"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let theirs = loop {
        let r = tmux.run(&["capture-pane", "-p", "-t", "s:5"]);
        if r.stdout.contains("ran-with-arg-42") || std::time::Instant::now() > deadline {
            break r.stdout;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert_eq!(screen.trim_end(), theirs.trim_end());
}

/// A program that exists but cannot be exec'd (a directory named as the program): the window is made,
/// as in tmux, and the pane says why before its process exits (kept here by remain-on-exit).
#[test]
fn an_exec_that_fails_after_the_fork_is_shown_on_the_pane() {
    let t = Ccmux::new();
    t.session("s");
    t.ok(&["set", "-g", "remain-on-exit", "on"]);
    let dir = t.path("a-directory");
    std::fs::create_dir_all(&dir).unwrap();
    let out = t.ok(&[
        "neww",
        "-d",
        "-P",
        "-t",
        "s:6",
        dir.to_str().unwrap(),
        "arg",
    ]);
    assert_eq!(out, "s:6.0\n");
    let screen = t.wait_for(
        "s:6",
        "ccmux: cannot start the pane's program: exec: Permission denied",
    );
    t.wait_until("the pane's process to end", || {
        t.ok(&[
            "display",
            "-p",
            "-t",
            "s:6",
            "#{pane_dead}:#{pane_dead_status}",
        ]) == "1:127\n"
    });
    assert!(!screen.contains("ran"), "{screen}");
}
