//! Panes: splits, selection, resize, send-keys, capture-pane and formats through the real CLI.

mod common;
use common::Ccmux;

fn geometry(t: &Ccmux, target: &str) -> String {
    t.ok(&[
        "lsp",
        "-t",
        target,
        "-F",
        "#{pane_id} #{pane_left},#{pane_top} #{pane_width}x#{pane_height}#{?pane_active, *,}",
    ])
}

#[test]
fn split_select_resize_kill() {
    let t = Ccmux::new();
    t.ok(&["new", "-d", "-s", "w", "-x", "100", "-y", "30"]);
    t.ok(&["splitw", "-h", "-t", "w"]);
    t.ok(&["splitw", "-v", "-t", "w", "-l", "30%"]);
    assert_eq!(
        geometry(&t, "w"),
        "%0 0,0 50x30\n%1 51,0 49x20\n%2 51,21 49x9 *\n"
    );
    t.ok(&["selectp", "-t", "w", "-L"]);
    assert_eq!(t.ok(&["display", "-p", "-t", "w", "#{pane_id}"]), "%0\n");
    t.ok(&["selectp", "-t", "w:0.2"]);
    t.ok(&["selectp", "-U"]);
    assert_eq!(t.ok(&["display", "-p", "-t", "w", "#{pane_id}"]), "%1\n");
    t.ok(&["resizep", "-t", "%0", "-x", "30"]);
    t.ok(&["resizep", "-t", "%2", "-y", "5"]);
    assert_eq!(
        geometry(&t, "w"),
        "%0 0,0 30x30\n%1 31,0 69x24 *\n%2 31,25 69x5\n"
    );
    t.ok(&["resizep", "-t", "%1", "-Z"]);
    assert_eq!(
        t.ok(&[
            "display",
            "-p",
            "-t",
            "%1",
            "#{pane_width}x#{pane_height} #{window_zoomed_flag}"
        ]),
        "100x30 1\n"
    );
    t.ok(&["resizep", "-t", "%1", "-Z"]);
    // The PTY follows the layout: the shell sees its size.
    t.ok(&["send", "-t", "%2", "stty size", "Enter"]);
    t.wait_for("%2", "5 69");
    t.ok(&["killp", "-t", "%1"]);
    assert_eq!(geometry(&t, "w"), "%0 0,0 30x30\n%2 31,0 69x30 *\n");
    let e = t.run(&["splitw", "-t", "w", "-l", "abc"]);
    assert_eq!((e.status, e.stderr.trim()), (1, "invalid size: abc"));
    let e = t.run(&["killp", "-t", "%9"]);
    assert_eq!((e.status, e.stderr.trim()), (1, "can't find pane: %9"));
}

#[test]
fn send_keys_names_and_literal() {
    let t = Ccmux::new();
    t.session("k");
    t.ok(&["send", "-t", "k", "sleep 100", "Enter"]);
    t.wait_until("sleep to run", || {
        t.ok(&["display", "-p", "-t", "k", "#{pane_current_command}"]) == "sleep\n"
    });
    t.ok(&["send", "-t", "k", "C-c"]);
    t.wait_until("sleep to be interrupted", || {
        t.ok(&["display", "-p", "-t", "k", "#{pane_current_command}"]) == "sh\n"
    });
    t.ok(&["send", "-t", "k", "-l", "echo Enter"]);
    t.ok(&["send", "-t", "k", "Enter"]);
    let screen = t.wait_for("k", "\nEnter\n");
    assert!(screen.contains("$ echo Enter"), "{screen}");
}

#[test]
fn pane_environment_and_command_forms() {
    let t = Ccmux::new();
    let dir = t.path("home");
    t.ok(&[
        "new",
        "-d",
        "-s",
        "e",
        "-c",
        dir.to_str().unwrap(),
        "-e",
        "FOO=bar baz",
    ]);
    t.wait_for("e", "$");
    t.ok(&[
        "send",
        "-t",
        "e",
        "echo \"[$FOO] [$TERM] [$CCMUX_PANE] [$CCMUX] [$(pwd)]\"",
        "Enter",
    ]);
    let pid = t.server_pid().unwrap();
    let socket = t.socket();
    let want = format!(
        "[bar baz] [tmux-256color] [%0] [{},{pid},0] [{}]",
        socket.display(),
        dir.display()
    );
    t.wait_for_args(&["capturep", "-p", "-J", "-t", "e"], &want);
    // One string runs through sh -c; several words run directly.
    t.ok(&["neww", "-t", "e:", "echo one two | tr a-z A-Z; sleep 100"]);
    t.wait_for("e:1", "ONE TWO");
    t.ok(&["neww", "-t", "e:", "printf", "%s-%s\\n", "a b", "c"]);
    t.wait_until("printf's pane to close", || {
        t.run(&["lsw", "-t", "e"]).stdout.lines().count() == 2
    });
    let bad = t.run(&["neww", "-t", "e:", "-e", "NOEQUALS"]);
    assert_eq!(
        (bad.status, bad.stderr.trim()),
        (1, "bad environment variable (want VAR=value): NOEQUALS")
    );
}

#[test]
fn formats_report_live_values() {
    let t = Ccmux::new();
    t.session("f");
    let sub = t.path("home/sub dir");
    std::fs::create_dir_all(&sub).unwrap();
    t.ok(&[
        "send",
        "-t",
        "f",
        &format!("cd '{}'", sub.display()),
        "Enter",
    ]);
    t.wait_for_args(
        &["display", "-p", "-t", "f", "#{pane_current_path}"],
        "sub dir",
    );
    let line = t.ok(&[
        "display", "-p", "-t", "f",
        "#{session_name}|#{session_id}|#{session_windows}|#{window_index}|#{window_id}|#{window_name}|#{window_panes}|#{pane_index}|#{pane_id}|#{pane_width}x#{pane_height}",
    ]);
    assert_eq!(line, "f|$0|1|0|@0|sh|1|0|%0|80x24\n");
    let pid: i32 = t
        .ok(&["display", "-p", "-t", "f", "#{pane_pid}"])
        .trim()
        .parse()
        .unwrap();
    assert!(common::pid_alive(pid));
    let json = t.ok(&["lsp", "-a", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v[0]["pane_id"], "%0");
    assert_eq!(v[0]["session_name"], "f");
    assert_eq!(v[0]["pane_pid"], pid.to_string());
    let ls: serde_json::Value = serde_json::from_str(&t.ok(&["ls", "--json"])).unwrap();
    assert_eq!(ls[0]["session_windows"], "1");
}

#[test]
fn capture_scrollback_ranges_colours_and_joins() {
    let t = Ccmux::new();
    t.ok(&["new", "-d", "-s", "c", "-x", "40", "-y", "10"]);
    t.wait_for("c", "$");
    t.ok(&["send", "-t", "c", "clear; seq 1 300", "Enter"]);
    t.wait_for("c", "300\n$");
    let all = t.ok(&["capturep", "-p", "-t", "c", "-S", "-"]);
    let lines: Vec<&str> = all.lines().collect();
    let first = lines
        .iter()
        .position(|l| *l == "1")
        .expect("history reaches line 1");
    let numbers: Vec<String> = (1..=300).map(|n| n.to_string()).collect();
    assert_eq!(
        &lines[first..first + 300],
        numbers
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice()
    );
    // The screen is rows 0..9: 292..300 and the prompt; -1 is the newest history line.
    assert_eq!(
        t.ok(&["capturep", "-p", "-t", "c", "-S", "-2", "-E", "-1"]),
        "290\n291\n"
    );
    assert_eq!(
        t.ok(&["capturep", "-p", "-t", "c", "-S", "0", "-E", "1"]),
        "292\n293\n"
    );
    assert_eq!(t.capture("c").lines().count(), 10);
    // Colours survive with -e and are dropped without.
    t.ok(&[
        "send",
        "-t",
        "c",
        "clear; printf '\\033[1;31mred\\033[0m \\033[38;5;123mx\\033[0m\\n'; echo colours-done",
        "Enter",
    ]);
    let coloured = t.wait_for_args(&["capturep", "-p", "-e", "-t", "c"], "\ncolours-done");
    assert!(
        coloured.contains("\x1b[1;31mred")
            || coloured.contains("\x1b[31;1mred")
            || coloured.contains("\x1b[1m\x1b[31mred"),
        "{coloured:?}"
    );
    assert!(coloured.contains("38;5;123mx"), "{coloured:?}");
    assert!(t.capture("c").contains("red x\n"));
    // A line longer than the pane wraps; -J joins it back.
    let long: String = (0..60).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
    t.ok(&["send", "-t", "c", &format!("clear; echo {long}"), "Enter"]);
    t.wait_for("c", &long[40..]);
    let joined = t.ok(&["capturep", "-p", "-J", "-t", "c"]);
    assert!(joined.lines().any(|l| l == long), "{joined}");
    assert!(!t.capture("c").lines().any(|l| l == long));
}
