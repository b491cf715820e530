//! The interactive client, driven in a real terminal: a private tmux runs `ccmux attach` in one of its
//! panes, `tmux send-keys` types, `tmux capture-pane -p` reads what the client drew.

mod common;

use common::outer::{client_command, status_line, Outer};
use common::Ccmux;

#[test]
fn split_switch_panes_and_windows_zoom_and_rename() {
    let cc = Ccmux::new();
    cc.session("work");
    let o = Outer::new("split");
    o.start(&cc, "o", 80, 24, "attach -t work");
    o.wait_for("o", "[work] 0:sh*");
    o.keys("o", &["C-b", "%"]);
    o.wait_for("o", "│");
    o.keys("o", &["echo RIGHT-$((40+2))", "Enter"]);
    o.wait_for("o", "RIGHT-42");
    // The new pane is on the right, and active.
    let screen = o.screen("o");
    let line = screen.lines().find(|l| l.contains("RIGHT-42")).unwrap();
    assert!(
        line.find("RIGHT-42").unwrap() > line.find('│').unwrap(),
        "{screen}"
    );
    o.keys("o", &["C-b", "Left"]);
    o.keys("o", &["echo LEFT-$((1+1))", "Enter"]);
    cc.wait_for("work:0.0", "LEFT-2");
    assert!(!cc.capture("work:0.1").contains("LEFT-2"));
    // Zoom shows the active pane alone, then the split again.
    o.keys("o", &["C-b", "z"]);
    let zoomed = o.wait_for("o", "0:sh*Z");
    assert!(!zoomed.contains('│'), "{zoomed}");
    o.keys("o", &["C-b", "z"]);
    o.wait("o", "unzoom", |s| s.contains('│') && !s.contains("*Z"));
    // Windows: new, next/previous, by number, rename through the prompt.
    o.keys("o", &["C-b", "c"]);
    o.wait_for("o", "0:sh- 1:sh*");
    o.keys("o", &["C-b", "n"]);
    o.wait_for("o", "0:sh* 1:sh-");
    o.keys("o", &["C-b", "1"]);
    o.wait_for("o", "0:sh- 1:sh*");
    o.keys("o", &["C-b", ","]);
    o.wait_for("o", "(rename-window) sh");
    o.keys("o", &["BSpace", "BSpace", "edit", "Enter"]);
    o.wait_for("o", "1:edit*");
    assert_eq!(
        cc.ok(&["display", "-p", "-t", "work", "#{window_name}"])
            .trim(),
        "edit"
    );
    // Kill the window after confirming.
    o.keys("o", &["C-b", "&"]);
    o.wait_for("o", "kill-window edit? (y/n)");
    o.keys("o", &["y"]);
    o.wait("o", "window killed", |s| {
        status_line(s).contains("0:sh*") && !s.contains("edit")
    });
}

#[test]
fn copy_mode_scrolls_history_and_leaves() {
    let cc = Ccmux::new();
    cc.session("work");
    cc.ok(&["set", "-g", "mode-keys", "vi"]);
    cc.ok(&["send-keys", "-t", "work", "seq 1 300", "Enter"]);
    cc.wait_for("work", "300");
    let o = Outer::new("copy");
    o.start(&cc, "o", 80, 24, "attach");
    o.wait_for("o", "[work]");
    o.keys("o", &["C-b", "["]);
    o.wait_for("o", "[0/");
    o.keys("o", &["PPage"]);
    // tmux's page: the pane's height less two lines.
    let up = o.wait("o", "scrolled up", |s| s.contains("[21/"));
    assert!(
        !up.lines().any(|l| l.trim() == "300"),
        "the last line scrolled away:\n{up}"
    );
    // Search up for a line far back.
    o.keys("o", &["?"]);
    o.wait_for("o", "(search up)");
    o.keys("o", &["142", "Enter"]);
    o.wait("o", "search result", |s| {
        s.lines()
            .any(|l| l.split_whitespace().next() == Some("142"))
    });
    o.keys("o", &["q"]);
    o.wait("o", "copy mode left", |s| {
        !s.contains("[0/") && s.lines().any(|l| l.trim() == "300")
    });
}

#[test]
fn outer_resize_detach_reattach_and_two_clients() {
    let cc = Ccmux::new();
    cc.session("work");
    let size = || {
        cc.ok(&[
            "display",
            "-p",
            "-t",
            "work",
            "#{window_width}x#{window_height}",
        ])
        .trim()
        .to_string()
    };
    let o = Outer::new("resize");
    o.start(&cc, "a", 80, 24, "attach -t work");
    o.wait_for("a", "[work]");
    cc.wait_until("session sized to the client", || size() == "80x23");
    // The outer terminal grows: the session and its panes follow.
    o.tmux(&["resize-window", "-t", "a", "-x", "100", "-y", "30"]);
    cc.wait_until("session resized", || size() == "100x29");
    cc.ok(&["send-keys", "-t", "work", "stty size", "Enter"]);
    o.wait_for("a", "29 100");
    // A second, smaller client: both see the same session, sized to the smaller one.
    o.tmux(&[
        "new-session",
        "-d",
        "-s",
        "b",
        "-x",
        "60",
        "-y",
        "20",
        &format!("{}; sleep 30", client_command(&cc, "attach -t work")),
    ]);
    o.wait_for("b", "[work]");
    cc.wait_until("sized to the smallest client", || size() == "60x19");
    assert_eq!(cc.ok(&["list-clients"]).lines().count(), 2);
    o.keys("b", &["echo FROM-B", "Enter"]);
    o.wait_for("a", "FROM-B");
    o.wait_for("a", "·");
    // Detach one; the other stays and the session grows back.
    o.keys("b", &["C-b", "d"]);
    o.wait_for("b", "[detached (from session work)]");
    cc.wait_until("sized back to the remaining client", || size() == "100x29");
    // detach-client from the command line; the session keeps running.
    cc.ok(&["detach-client", "-s", "work"]);
    o.wait_for("a", "[detached (from session work)]");
    assert_eq!(cc.ok(&["list-clients"]), "");
    cc.ok(&["send-keys", "-t", "work", "echo WHILE-AWAY", "Enter"]);
    // Reattach: what happened meanwhile is there.
    o.respawn(&cc, "a", "attach");
    o.wait_for("a", "WHILE-AWAY");
    o.wait_for("a", "FROM-B");
}

#[test]
fn plain_ccmux_creates_and_attaches_and_nesting_is_refused() {
    let cc = Ccmux::new();
    let o = Outer::new("plain");
    o.start(&cc, "o", 80, 24, "");
    o.wait_for("o", "[0] 0:sh*");
    assert_eq!(
        cc.ok(&["list-sessions", "-F", "#{session_name}"]).trim(),
        "0"
    );
    // ccmux inside a ccmux pane refuses to nest.
    o.keys(
        "o",
        &[&format!("{} attach", env!("CARGO_BIN_EXE_ccmux")), "Enter"],
    );
    o.wait_for("o", "sessions should be nested with care");
    let r = cc
        .command()
        .env("CCMUX", "x")
        .arg("attach")
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(1));
    // `new-session` without -d attaches to the new session.
    o.tmux(&[
        "new-session",
        "-d",
        "-s",
        "n",
        "-x",
        "80",
        "-y",
        "24",
        &format!("{}; sleep 30", client_command(&cc, "new-session -s fresh")),
    ]);
    o.wait_for("n", "[fresh] 0:sh*");
}

/// The highest `tick-N` on a screen.
fn last_tick(screen: &str) -> u32 {
    screen
        .lines()
        .filter_map(|l| l.trim().strip_prefix("tick-")?.parse().ok())
        .max()
        .unwrap_or(0)
}

#[test]
fn attached_client_survives_server_restart_and_server_crash() {
    let cc = Ccmux::new();
    let outer = Outer::new("restart");
    let script = "i=0; while :; do i=$((i+1)); echo tick-$i; sleep 0.1; done";
    cc.ok(&["new", "-d", "-s", "r", script]);
    let pane_pid = cc.ok(&["display", "-p", "-t", "r", "#{pane_pid}"]);
    outer.start(&cc, "o", 80, 24, "attach -t r");
    let seen = last_tick(&outer.wait("o", "ticks on the client", |s| last_tick(s) > 3));
    // Upgrade in place: the client reconnects by itself and the command never notices.
    cc.ok(&["server-restart"]);
    let after = outer.wait("o", "ticks after server-restart", |s| {
        last_tick(s) > seen + 10
    });
    assert!(!after.contains("press Enter"), "{after}");
    assert_eq!(
        cc.ok(&["display", "-p", "-t", "r", "#{pane_pid}"]),
        pane_pid
    );
    // A crash: the client waits for a server, which comes back with the same process.
    let seen = last_tick(&after);
    common::kill9(cc.server_pid().unwrap());
    cc.ok(&["ls"]);
    outer.wait("o", "ticks after a crash", |s| last_tick(s) > seen + 10);
    assert_eq!(
        cc.ok(&["display", "-p", "-t", "r", "#{pane_pid}"]),
        pane_pid
    );
}

#[test]
fn copy_a_selection_and_paste_it() {
    let cc = Ccmux::new();
    cc.session("cp");
    cc.ok(&["set", "-g", "mode-keys", "vi"]);
    cc.ok(&["send-keys", "-t", "cp", "echo copy-me-123", "Enter"]);
    cc.wait_for("cp", "\ncopy-me-123");
    let o = Outer::new("paste");
    o.start(&cc, "o", 80, 24, "attach");
    o.wait_for("o", "[cp]");
    // Copy mode, find the output line, select to its end, copy.
    o.keys("o", &["C-b", "["]);
    o.wait_for("o", "[0/");
    o.keys("o", &["?"]);
    o.wait_for("o", "(search up)");
    o.keys("o", &["-l", "copy-me-123"]);
    o.keys("o", &["Enter"]);
    // vi keys: select to the end of the word (`$` would take the newline too, as in tmux).
    o.keys("o", &["Space", "E", "Enter"]);
    o.wait("o", "copy mode left", |s| !s.contains("[0/"));
    // Paste it into a command line.
    o.keys("o", &["-l", "printf '%s-pasted\\n' "]);
    o.keys("o", &["C-b", "]"]);
    o.keys("o", &["Enter"]);
    let screen = cc.wait_for("cp", "\ncopy-me-123-pasted");
    assert!(
        screen.contains("printf '%s-pasted\\n' copy-me-123"),
        "{screen}"
    );
}

#[test]
fn a_client_whose_terminal_goes_away_detaches_cleanly() {
    let cc = Ccmux::new();
    cc.session("h");
    let o = Outer::new("hup");
    o.start(&cc, "o", 80, 24, "attach");
    o.wait_for("o", "[h]");
    assert_eq!(cc.ok(&["list-clients"]).lines().count(), 1);
    // Killing the outer pane hangs up the client's terminal (SIGHUP).
    o.tmux(&["kill-pane", "-t", "o"]);
    cc.wait_until("the client to be gone", || {
        cc.ok(&["list-clients"]).trim().is_empty()
    });
    // The session is untouched.
    assert_eq!(cc.ok(&["ls", "-F", "#{session_name}"]), "h\n");
}

#[test]
fn mouse_click_selects_a_pane_and_wheel_enters_copy_mode() {
    let cc = Ccmux::new();
    cc.session("m");
    cc.ok(&["set", "-g", "mouse", "on"]);
    cc.ok(&["splitw", "-h", "-t", "m"]);
    let o = Outer::new("mouse");
    o.start(&cc, "o", 80, 24, "attach");
    o.wait_for("o", "[m]");
    assert_eq!(cc.ok(&["display", "-p", "-t", "m", "#{pane_index}"]), "1\n");
    // An SGR mouse press and release in the left pane (column 5, row 5), as a terminal sends them.
    o.keys("o", &["-l", "\x1b[<0;5;5M\x1b[<0;5;5m"]);
    cc.wait_until("the left pane to be active", || {
        cc.ok(&["display", "-p", "-t", "m", "#{pane_index}"]) == "0\n"
    });
    // Wheel up over it enters copy mode.
    o.keys("o", &["-l", "\x1b[<64;5;5M"]);
    o.wait_for("o", "[0/");
}

#[test]
fn display_panes_numbers_and_pane_keys_swap_and_break() {
    let cc = Ccmux::new();
    cc.ok(&["new", "-d", "-s", "dp", "-x", "80", "-y", "23"]);
    cc.ok(&["splitw", "-h", "-t", "dp"]);
    cc.wait_for("dp:0.1", "$");
    let o = Outer::new("displayp");
    o.start(&cc, "o", 80, 24, "attach -t dp");
    o.wait_for("o", "[dp] 0:sh*");
    // C-b q: each pane's number in big digits in its middle and its size at its top right (tmux's
    // drawing); a digit selects that pane.
    o.keys("o", &["C-b", "q"]);
    let sizes = |s: &str| {
        s.lines()
            .next()
            .is_some_and(|l| l.contains("40x23") && l.contains("39x23"))
    };
    o.wait("o", "pane numbers", sizes);
    o.keys("o", &["0"]);
    cc.wait_until("pane 0 selected", || {
        cc.ok(&["display", "-p", "-t", "dp", "#{pane_index}"])
            .trim()
            == "0"
    });
    o.wait("o", "numbers gone", |s| !sizes(s));
    // In a small pane the number is plain text; another key takes it away and does what it does.
    cc.ok(&["resizep", "-t", "dp:0.0", "-x", "4"]);
    let plain = |s: &str| {
        s.lines()
            .any(|l| l.split('│').next().is_some_and(|p| p.trim() == "0"))
    };
    o.keys("o", &["C-b", "q"]);
    o.wait("o", "a plain number", plain);
    o.keys("o", &["Escape"]);
    o.wait("o", "plain number gone", |s| !plain(s));
    cc.ok(&["resizep", "-t", "dp:0.0", "-x", "40"]);
    assert!(
        !cc.capture("dp:0.0").contains("$ 0"),
        "the digit was not typed"
    );
    // C-b } and C-b {: swap-pane -D / -U.
    let order = || cc.ok(&["lsp", "-t", "dp", "-F", "#{pane_id}"]);
    let before = order();
    o.keys("o", &["C-b", "}"]);
    cc.wait_until("swapped", || order() != before);
    o.keys("o", &["C-b", "{"]);
    cc.wait_until("swapped back", || order() == before);
    // C-b !: break-pane.
    o.keys("o", &["C-b", "!"]);
    o.wait_for("o", "0:sh- 1:sh*");
    assert_eq!(
        cc.ok(&["lsp", "-t", "dp:0", "-F", "#{pane_id}"])
            .lines()
            .count(),
        1
    );
}

/// Commands whose effect comes after their reply work from the `:` prompt of an attached client as from
/// the command line: `persistence checkpoint` writes one at once, `kill-server` ends the server and
/// the client says so (tmux: "[server exited]").
#[test]
fn after_reply_effects_work_from_an_attached_client() {
    let cc = Ccmux::new();
    cc.session("s");
    let checkpoints = || {
        let status = cc.ok(&["persistence", "status"]);
        status
            .lines()
            .find_map(|l| l.strip_prefix("checkpoints: "))
            .and_then(|n| n.split_whitespace().next()?.parse::<u64>().ok())
            .expect("a checkpoint count")
    };
    let o = Outer::new("effects");
    o.start(&cc, "o", 80, 24, "attach -t s");
    o.wait_for("o", "[s] 0:sh*");
    let before = checkpoints();
    o.keys("o", &["C-b", ":"]);
    o.keys("o", &["persistence checkpoint", "Enter"]);
    cc.wait_until("a checkpoint from the prompt", || checkpoints() > before);
    o.keys("o", &["C-b", ":"]);
    o.keys("o", &["kill-server", "Enter"]);
    o.wait_for("o", "[server exited]");
    cc.wait_until("the server to be gone", || cc.run(&["ls"]).status != 0);
    // The client did not start a new server by reconnecting.
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert!(cc.run(&["ls"]).stderr.contains("no server running"));
    assert!(!o.screen("o").contains("reconnecting"));
}

/// A checkpoint that fails, asked for from the `:` prompt, says why on the client (as a command error
/// would), and the status says FAILING.
#[test]
fn a_failing_checkpoint_from_the_prompt_says_so() {
    let cc = Ccmux::new();
    cc.ok_env(
        ("CCMUX_FAILPOINTS", "checkpoint_errno=13"),
        &["new-session", "-d", "-s", "s"],
    );
    cc.wait_for("s", "$");
    let o = Outer::new("ckptfail");
    o.start(&cc, "o", 100, 24, "attach -t s");
    o.wait_for("o", "[s] 0:sh*");
    o.keys("o", &["C-b", ":"]);
    o.keys("o", &["persistence checkpoint", "Enter"]);
    // (The reason, with the file's path, goes past the status line's width.)
    o.wait_for("o", "checkpoint failed: ");
    let status = cc.ok(&["persistence", "status"]);
    assert!(status.contains("state: FAILING"), "{status}");
    assert!(status.contains("Permission denied"), "{status}");
}

/// The first frame may reach the terminal before the client takes the alternate screen (and clears
/// it): a loaded machine sometimes showed a blank screen until something changed. The client asks
/// for a whole frame once the screen is its own. A seam delays taking the screen, so the first frame
/// always comes first here.
#[test]
fn the_first_frame_is_drawn_even_when_it_beats_the_alternate_screen() {
    let t = Ccmux::new();
    t.session("f");
    t.ok(&["set", "-g", "status-right", ""]);
    t.ok(&["send", "-t", "f", "echo first-frame-text", "Enter"]);
    t.wait_for("f", "\nfirst-frame-text");
    let o = Outer::new("firstframe");
    let cmd = format!(
        "CCMUX_TEST_ENTER_DELAY_MS=500 {}; sleep 30",
        client_command(&t, "attach -t f")
    );
    o.tmux(&[
        "new-session",
        "-d",
        "-s",
        "cc",
        "-x",
        "80",
        "-y",
        "24",
        &cmd,
    ]);
    o.tmux(&["set", "-g", "status", "off"]);
    // Past the delay and the clear, the screen still shows the session.
    std::thread::sleep(std::time::Duration::from_millis(900));
    let s = o.wait("cc", "the session drawn after the clear", |s| {
        s.contains("first-frame-text") && s.contains("[f]")
    });
    assert!(s.contains("$ echo first-frame-text"), "{s}");
}
