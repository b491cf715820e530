//! Window names (automatic-rename, allow-rename) and alerts (monitor-activity, -bell, -silence, the
//! window flags), ccmux and tmux 3.3a side by side where they should agree.

mod common;

use common::side::Side;
use common::{Ccmux, Run, Tmux};
use std::time::{Duration, Instant};

/// Runs the same command on both servers; both must succeed. Returns (ccmux, tmux) output.
fn both(cc: &Ccmux, tx: &Tmux, args: &[&str]) -> (String, String) {
    let r = tx.run(args);
    assert_eq!(r.status, 0, "tmux {args:?}: {}", r.stderr);
    (cc.ok(args), r.stdout)
}

/// Waits (up to 10 s) until both servers print the same for `args` and it satisfies `f`.
fn agree(cc: &Ccmux, tx: &Tmux, args: &[&str], f: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let (c, t) = both(cc, tx, args);
        if c == t && f(&c) {
            return c;
        }
        if start.elapsed() > Duration::from_secs(10) {
            panic!("{args:?}: the servers differ\n--- ccmux\n{c}\n--- tmux\n{t}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn pair() -> Option<(Ccmux, Tmux)> {
    let Some(tx) = Tmux::new() else {
        eprintln!("SKIPPED: tmux is not installed; nothing to compare with");
        return None;
    };
    Some((Ccmux::new(), tx))
}

/// Three windows on both: 0 and 1 with the shell, 2 named with -n.
fn windows(cc: &Ccmux, tx: &Tmux) {
    for args in [
        &["new", "-d", "-s", "a", "-x", "80", "-y", "24"][..],
        &["neww", "-d", "-t", "a"],
        &["neww", "-d", "-t", "a", "-n", "fixed"],
    ] {
        both(cc, tx, args);
    }
    cc.wait_for("a:1", "$");
}

const NAMES: &[&str] = &["lsw", "-t", "a", "-F", "#I #W"];

#[test]
fn automatic_rename_follows_the_foreground_command() {
    let Some((cc, tx)) = pair() else { return };
    windows(&cc, &tx);
    agree(&cc, &tx, NAMES, |s| s == "0 sh\n1 sh\n2 fixed\n");
    // A window named with -n keeps its name: automatic-rename went off for it, as in tmux.
    let (c, t) = both(&cc, &tx, &["show", "-w", "-t", "a:2"]);
    assert_eq!(c, t);
    assert_eq!(c, "automatic-rename off\n");
    // As a format, a flag option is 1 or 0.
    let fmt = &[
        "display",
        "-p",
        "-t",
        "a:2",
        "#{automatic-rename} #{monitor-bell}",
    ];
    let (c, t) = both(&cc, &tx, fmt);
    assert_eq!((c.as_str(), t.as_str()), ("0 1\n", "0 1\n"));
    for w in ["a:1", "a:2"] {
        both(&cc, &tx, &["send", "-t", w, "sleep 30", "Enter"]);
    }
    agree(&cc, &tx, NAMES, |s| s == "0 sh\n1 sleep\n2 fixed\n");
    // The command ends: the shell's name comes back.
    both(&cc, &tx, &["send", "-t", "a:1", "C-c"]);
    agree(&cc, &tx, NAMES, |s| s == "0 sh\n1 sh\n2 fixed\n");
    // In a mode the window is `[tmux]`; out of it, the command again.
    both(&cc, &tx, &["copy-mode", "-t", "a:0"]);
    agree(&cc, &tx, NAMES, |s| s.starts_with("0 [tmux]\n"));
    both(&cc, &tx, &["send", "-t", "a:0", "-X", "cancel"]);
    agree(&cc, &tx, NAMES, |s| s.starts_with("0 sh\n"));
    // rename-window expands a format and turns automatic-rename off.
    both(&cc, &tx, &["renamew", "-t", "a:1", "#{session_name}-x"]);
    both(&cc, &tx, &["send", "-t", "a:1", "sleep 30", "Enter"]);
    std::thread::sleep(Duration::from_millis(1500));
    agree(&cc, &tx, NAMES, |s| s == "0 sh\n1 a-x\n2 fixed\n");
    // Turned on again, the name follows the command once more, through the format.
    both(
        &cc,
        &tx,
        &[
            "set",
            "-w",
            "-t",
            "a:1",
            "automatic-rename-format",
            "<#{pane_current_command}>",
        ],
    );
    both(
        &cc,
        &tx,
        &["set", "-w", "-t", "a:1", "automatic-rename", "on"],
    );
    agree(&cc, &tx, NAMES, |s| s == "0 sh\n1 <sleep>\n2 fixed\n");
}

#[test]
fn allow_rename_lets_a_program_name_its_window() {
    let Some((cc, tx)) = pair() else { return };
    windows(&cc, &tx);
    let esc_k = |name: &str| format!("printf '\\033k{name}\\033\\\\'; echo done-{name}");
    // Off by default: the name is not taken, and not printed either.
    both(&cc, &tx, &["send", "-t", "a:1", &esc_k("one"), "Enter"]);
    cc.wait_for("a:1", "\ndone-one");
    std::thread::sleep(Duration::from_millis(1500));
    agree(&cc, &tx, NAMES, |s| s == "0 sh\n1 sh\n2 fixed\n");
    let screen = cc.capture("a:1");
    assert!(!screen.contains("\none"), "{screen}");
    // On: the program names the window, and automatic-rename goes off.
    both(&cc, &tx, &["set", "-w", "-t", "a:1", "allow-rename", "on"]);
    both(&cc, &tx, &["send", "-t", "a:1", &esc_k("two"), "Enter"]);
    agree(&cc, &tx, NAMES, |s| s == "0 sh\n1 two\n2 fixed\n");
    let show = &["show", "-w", "-t", "a:1", "automatic-rename"];
    let (c, t) = both(&cc, &tx, show);
    assert_eq!(
        (c.as_str(), t.as_str()),
        ("automatic-rename off\n", "automatic-rename off\n")
    );
    // An empty name gives the automatic name back.
    both(&cc, &tx, &["send", "-t", "a:1", &esc_k(""), "Enter"]);
    agree(&cc, &tx, NAMES, |s| s == "0 sh\n1 sh\n2 fixed\n");
}

const FLAGS: &[&str] = &[
    "lsw",
    "-t",
    "a",
    "-F",
    "#I #{window_flags} #{window_raw_flags} a#{window_activity_flag} b#{window_bell_flag} s#{window_silence_flag}",
];

#[test]
fn activity_and_bells_flag_windows_until_selected() {
    let Some((cc, tx)) = pair() else { return };
    windows(&cc, &tx);
    agree(&cc, &tx, FLAGS, |s| s.starts_with("0 * * a0 b0 s0\n"));
    // monitor-bell is on by default; monitor-activity only where set.
    both(
        &cc,
        &tx,
        &["set", "-w", "-t", "a:1", "monitor-activity", "on"],
    );
    both(&cc, &tx, &["send", "-t", "a:1", "printf '\\a'", "Enter"]);
    both(&cc, &tx, &["send", "-t", "a:2", "printf '\\a'", "Enter"]);
    let flags = agree(&cc, &tx, FLAGS, |s| s.contains("2 ! !"));
    assert_eq!(flags, "0 * * a0 b0 s0\n1 ##! #! a1 b1 s0\n2 ! ! a0 b1 s0\n");
    agree(
        &cc,
        &tx,
        &["display", "-p", "-t", "a", "#{session_alerts}"],
        |s| s == "1#!,2!\n",
    );
    // #{window_activity}: when the window last had output.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let at = cc.ok(&["display", "-p", "-t", "a:1", "#{window_activity}"]);
    let at: u64 = at.trim().parse().unwrap();
    assert!(at + 30 >= now && at <= now + 1, "{at} vs {now}");
    // next-window -a goes to the next window with an alert; selecting it clears its flags, and
    // counts as activity, which flags it again in a session no client shows (as tmux).
    both(&cc, &tx, &["next-window", "-a", "-t", "a"]);
    let flags = agree(&cc, &tx, FLAGS, |s| s.contains("1 ##*"));
    assert_eq!(flags, "0 - - a0 b0 s0\n1 ##* #* a1 b0 s0\n2 ! ! a0 b1 s0\n");
    // kill-session -C clears the flags and kills nothing.
    both(&cc, &tx, &["kill-session", "-C", "-t", "a"]);
    agree(
        &cc,
        &tx,
        &["display", "-p", "-t", "a", "#{session_alerts}"],
        |s| s == "\n",
    );
    // No next window with an alert now.
    let r = cc.run(&["next-window", "-a", "-t", "a"]);
    let t: Run = tx.run(&["next-window", "-a", "-t", "a"]);
    assert_eq!((r.status, r.stderr.trim()), (1, "no next window"));
    assert_eq!(t.stderr.trim(), "no next window");
}

#[test]
fn silence_flags_a_quiet_window() {
    let Some((cc, tx)) = pair() else { return };
    windows(&cc, &tx);
    both(
        &cc,
        &tx,
        &["set", "-w", "-t", "a:2", "monitor-silence", "1"],
    );
    let flags = agree(&cc, &tx, FLAGS, |s| s.contains("2 ~"));
    assert!(flags.ends_with("2 ~ ~ a0 b0 s1\n"), "{flags}");
    // Output does not clear the flag; selecting the window does.
    both(&cc, &tx, &["selectw", "-t", "a:2"]);
    agree(&cc, &tx, FLAGS, |s| s.ends_with("2 * * a0 b0 s0\n"));
}

#[test]
fn visual_alerts_show_a_message_on_the_status_line() {
    let Some(side) = Side::new(
        "visual",
        &[
            &["new", "-d", "-s", "a", "-x", "80", "-y", "24"],
            &["neww", "-d", "-t", "a"],
            &["set", "-g", "visual-bell", "on"],
            &["set", "-g", "display-time", "5000"],
        ],
    ) else {
        eprintln!("SKIPPED: tmux is not installed; nothing to compare with");
        return;
    };
    side.cc.wait_for("a:1", "$");
    side.attach(80, 24, "-t a");
    side.both(&["send", "-t", "a:1", "printf '\\a'", "Enter"]);
    let screen = side.same("Bell in window 1");
    assert!(screen.contains("Bell in window 1"), "{screen}");
}

#[test]
fn flagged_windows_are_styled_on_the_status_line() {
    let Some(side) = Side::new(
        "bellstyle",
        &[
            &["new", "-d", "-s", "a", "-x", "80", "-y", "24"],
            &["neww", "-d", "-t", "a"],
            &["neww", "-d", "-t", "a"],
            &["set", "-w", "-t", "a:2", "monitor-activity", "on"],
        ],
    ) else {
        eprintln!("SKIPPED: tmux is not installed; nothing to compare with");
        return;
    };
    side.cc.wait_for("a:2", "$");
    side.attach(80, 24, "-t a");
    side.both(&["send", "-t", "a:1", "printf '\\a'", "Enter"]);
    side.both(&["send", "-t", "a:2", "echo hi", "Enter"]);
    side.same("1:sh! 2:sh#");
    // window-status-bell-style (reverse) and window-status-activity-style (reverse), as tmux draws.
    side.same_styled("the flagged windows", |s| s.contains("1:sh!"));
    // Selecting a window clears its flag on the status line.
    side.both(&["selectw", "-t", "a:1"]);
    side.same("1:sh* 2:sh#");
}

#[test]
fn marked_and_zoomed_windows_are_flagged() {
    let Some((cc, tx)) = pair() else { return };
    windows(&cc, &tx);
    both(&cc, &tx, &["splitw", "-d", "-t", "a:1"]);
    both(&cc, &tx, &["select-pane", "-m", "-t", "a:1.0"]);
    both(&cc, &tx, &["resize-pane", "-Z", "-t", "a:1.0"]);
    both(&cc, &tx, &["selectw", "-t", "a:1"]);
    let flags = agree(&cc, &tx, FLAGS, |s| s.contains("MZ"));
    assert!(
        flags.starts_with("0 - - a0") && flags.contains("\n1 *MZ *MZ a0"),
        "{flags}"
    );
}

#[test]
fn alert_hooks_run_for_the_alerted_window() {
    let Some((cc, tx)) = pair() else { return };
    windows(&cc, &tx);
    both(&cc, &tx, &["set", "-g", "@rung", "none"]);
    both(
        &cc,
        &tx,
        &[
            "set-hook",
            "-g",
            "alert-bell",
            "set -gF @rung '#{window_index}'",
        ],
    );
    both(&cc, &tx, &["send", "-t", "a:1", "printf '\\a'", "Enter"]);
    agree(&cc, &tx, &["show", "-gv", "@rung"], |s| s == "1\n");
}
