//! Window-level commands on the real binary: link-window, unlink-window, move-window, swap-window,
//! grouped sessions (new-session -t), select-layout/next-layout/previous-layout, rotate-window,
//! resize-window, kill-session -C, next-window -a. Where tmux is installed the same command lines run on
//! a private tmux 3.3a too and every output must be the same (tmux's regress style); the tests also
//! assert what ccmux does on its own, so they check something when tmux is missing.

mod common;
use common::outer::Outer;
use common::{Ccmux, Run, Tmux};

/// ccmux and, when installed, tmux, given the same command lines.
struct Both {
    cc: Ccmux,
    tmux: Option<Tmux>,
}

impl Both {
    fn new() -> Both {
        let tmux = Tmux::new();
        if tmux.is_none() {
            eprintln!("SKIPPED the comparison with tmux: tmux is not installed");
        }
        Both {
            cc: Ccmux::new(),
            tmux,
        }
    }

    /// Runs a command line on both; their status, output and errors must be the same. Returns
    /// ccmux's.
    fn run(&self, args: &[&str]) -> Run {
        let ours = self.cc.run(args);
        if let Some(t) = &self.tmux {
            let theirs = t.run(args);
            assert_eq!(
                (theirs.status, &theirs.stdout, &theirs.stderr),
                (ours.status, &ours.stdout, &ours.stderr),
                "tmux (left) and ccmux (right) differ on {args:?}"
            );
        }
        ours
    }

    /// Runs a command line that must succeed on both; their outputs, passed through `normal`, must be
    /// the same. Returns ccmux's, passed through `normal`.
    fn ok_as(&self, args: &[&str], normal: impl Fn(&str) -> String) -> String {
        let ours = self.cc.run(args);
        assert_eq!(ours.status, 0, "{args:?} failed: {}", ours.stderr);
        if let Some(t) = &self.tmux {
            let theirs = t.run(args);
            assert_eq!(theirs.status, 0, "tmux: {args:?} failed: {}", theirs.stderr);
            assert_eq!(
                normal(&theirs.stdout),
                normal(&ours.stdout),
                "tmux (left) and ccmux (right) differ on {args:?}"
            );
        }
        normal(&ours.stdout)
    }

    /// Runs a command line that must succeed on both; returns ccmux's output.
    fn ok(&self, args: &[&str]) -> String {
        let r = self.run(args);
        assert_eq!(r.status, 0, "{args:?} failed: {}", r.stderr);
        r.stdout
    }

    /// A command line that must fail on both with this message.
    fn err(&self, args: &[&str], message: &str) {
        let r = self.run(args);
        assert_eq!(r.status, 1, "{args:?} should fail");
        assert_eq!(r.stderr.trim_end(), message, "{args:?}");
    }

    /// Every window of every session: `session:index name flags`.
    fn windows(&self) -> String {
        self.ok(&[
            "lsw",
            "-a",
            "-F",
            "#{session_name}:#{window_index} #{window_name} #{window_flags}",
        ])
    }
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

#[test]
fn link_and_unlink_window_match_tmux() {
    let b = Both::new();
    b.ok(&["new", "-d", "-s", "a", "-n", "w0"]);
    b.ok(&["neww", "-d", "-t", "a:", "-n", "w1"]);
    b.ok(&["neww", "-d", "-t", "a:", "-n", "w2"]);
    b.ok(&["new", "-d", "-s", "b", "-n", "b0"]);
    b.ok(&["linkw", "-s", "a:1", "-t", "b:"]);
    let linked = b.ok(&[
        "lsw",
        "-a",
        "-F",
        "#{session_name}:#{window_index} #{window_name} #{window_flags}#{window_linked} #{window_linked_sessions_list}",
    ]);
    assert_eq!(
        lines(&linked),
        [
            "a:0 w0 *0 a",
            "a:1 w1 1 a,b",
            "a:2 w2 0 a",
            "b:0 b0 -0 b",
            "b:1 w1 *1 a,b"
        ]
    );
    // The same window: typing in it shows in both sessions.
    assert_eq!(
        b.cc.ok(&["display", "-p", "-t", "a:1", "#{window_id}"]),
        b.cc.ok(&["display", "-p", "-t", "b:1", "#{window_id}"])
    );
    b.err(
        &["unlinkw", "-t", "a:2"],
        "window only linked to one session",
    );
    b.err(&["unlinkw", "-t", "b:5"], "can't find window: 5");
    b.err(&["linkw", "-s", "a:1", "-t", "b:0"], "index in use: 0");
    b.err(&["linkw", "-s", "a:1", "-t", "a:1"], "same index: 1");
    b.err(&["linkw", "-s", "a:1", "-t", "b:1"], "same index: 1");
    b.ok(&["unlinkw", "-t", "b:1"]);
    // -k replaces the window at the index, -d leaves the current window alone.
    b.ok(&["linkw", "-k", "-s", "a:1", "-t", "b:5"]);
    b.ok(&["linkw", "-dk", "-s", "a:0", "-t", "b:5"]);
    b.ok(&["linkw", "-d", "-s", "a:2", "-t", "b:"]);
    assert_eq!(
        lines(&b.windows()),
        ["a:0 w0 *", "a:1 w1 ", "a:2 w2 ", "b:0 b0 -", "b:1 w2 ", "b:5 w0 *"]
    );
    // -a and -b shuffle the windows after (or at) the target up to make room.
    b.ok(&["linkw", "-a", "-s", "a:1", "-t", "b:0"]);
    assert_eq!(
        lines(&b.windows()),
        ["a:0 w0 *", "a:1 w1 ", "a:2 w2 ", "b:0 b0 ", "b:1 w1 *", "b:2 w2 ", "b:5 w0 -"]
    );
    // A window unlinked from its last session ends: -k on the only link kills it.
    b.ok(&["unlinkw", "-k", "-t", "a:2"]);
    b.ok(&["unlinkw", "-k", "-t", "b:2"]);
    assert!(!b.windows().contains("w2"));
    // Unlinking the last window of a session ends the session.
    b.ok(&["new", "-d", "-s", "c", "-n", "c0"]);
    b.ok(&["linkw", "-s", "c:0", "-t", "a:7"]);
    b.ok(&["unlinkw", "-t", "c:0"]);
    let sessions = b.ok(&["ls", "-F", "#{session_name} #{session_windows}"]);
    assert_eq!(lines(&sessions), ["a 3", "b 3"]);
}

#[test]
fn a_window_linked_twice_in_one_session_is_a_clear_error() {
    // tmux allows it; ccmux's model links a window once per session and says so.
    let t = Ccmux::new();
    t.ok(&["new", "-d", "-s", "a"]);
    let r = t.run(&["linkw", "-s", "a:0", "-t", "a:5"]);
    assert_eq!(r.status, 1);
    assert!(
        r.stderr.contains("already linked in session a")
            && r.stderr.contains("not available in ccmux"),
        "{}",
        r.stderr
    );
    assert_eq!(t.ok(&["lsw", "-F", "#{window_index}"]), "0\n");
}

#[test]
fn move_window_matches_tmux() {
    let b = Both::new();
    b.ok(&["new", "-d", "-s", "a", "-n", "w0"]);
    for n in ["w1", "w2", "w3", "w4"] {
        b.ok(&["neww", "-d", "-t", "a:", "-n", n]);
    }
    b.ok(&["new", "-d", "-s", "b", "-n", "b0"]);
    b.ok(&["movew", "-s", "a:1", "-t", "a:7"]);
    b.err(&["movew", "-s", "a:2", "-t", "a:3"], "index in use: 3");
    b.err(&["movew", "-s", "a:2", "-t", "a:2"], "same index: 2");
    b.ok(&["movew", "-k", "-s", "a:2", "-t", "a:3"]);
    b.ok(&["movew", "-a", "-s", "a:4", "-t", "a:3"]);
    b.ok(&["movew", "-b", "-s", "a:7", "-t", "a:3"]);
    assert_eq!(
        lines(&b.windows()),
        ["a:0 w0 ", "a:3 w1 *", "a:4 w2 ", "a:5 w4 -", "b:0 b0 *"]
    );
    // -r renumbers from base-index, keeping the order and the current window.
    b.ok(&["set", "-t", "a", "base-index", "1"]);
    b.ok(&["movew", "-r", "-t", "a"]);
    assert_eq!(
        lines(&b.windows()),
        ["a:1 w0 ", "a:2 w1 *", "a:3 w2 ", "a:4 w4 -", "b:0 b0 *"]
    );
    // To another session: linked there, unlinked here; the session moves to its last window.
    b.ok(&["movew", "-s", "a:2", "-t", "b:"]);
    b.ok(&["movew", "-d", "-s", "a:1", "-t", "b:5"]);
    b.err(&["movew", "-s", "a:3", "-t", "b:0"], "index in use: 0");
    b.ok(&["movew", "-k", "-s", "a:3", "-t", "b:0"]);
    assert_eq!(
        lines(&b.windows()),
        ["a:4 w4 *", "b:0 w2 *", "b:1 w1 -", "b:5 w0 "]
    );
    // renumber-windows renumbers the session a window left (when -s is not given, as tmux).
    b.ok(&["set", "-t", "b", "renumber-windows", "on"]);
    b.ok(&["selectw", "-t", "b:1"]);
    b.ok(&["movew", "-t", "a:"]);
    assert_eq!(
        lines(&b.windows()),
        ["a:1 w1 *", "a:4 w4 -", "b:0 w2 *", "b:1 w0 "]
    );
    // Moving a session's only window ends the session.
    b.ok(&["movew", "-s", "a:4", "-t", "b:"]);
    b.ok(&["movew", "-s", "a:1", "-t", "b:"]);
    assert_eq!(b.ok(&["ls", "-F", "#{session_name}"]), "b\n");
}

#[test]
fn swap_window_matches_tmux() {
    let b = Both::new();
    b.ok(&["new", "-d", "-s", "a", "-n", "w0"]);
    for n in ["w1", "w2", "w3"] {
        b.ok(&["neww", "-d", "-t", "a:", "-n", n]);
    }
    b.ok(&["new", "-d", "-s", "b", "-n", "b0"]);
    b.ok(&["neww", "-d", "-t", "b:", "-n", "b1"]);
    b.ok(&["selectw", "-t", "a:2"]);
    // The current window is a place: after a swap it shows the window swapped in...
    b.ok(&["swapw", "-s", "a:2", "-t", "a:0"]);
    assert_eq!(
        lines(&b.windows()),
        ["a:0 w2 -", "a:1 w1 ", "a:2 w0 *", "a:3 w3 ", "b:0 b0 *", "b:1 b1 "]
    );
    // ... unless -d, which selects the target's place.
    b.ok(&["swapw", "-d", "-s", "a:1", "-t", "a:3"]);
    b.ok(&["swapw", "-s", "a:0", "-t", "b:1"]);
    b.ok(&["swapw", "-d", "-s", "a:0", "-t", "b:0"]);
    b.ok(&["swapw", "-s", "a:3", "-t", "a:3"]);
    assert_eq!(
        lines(&b.windows()),
        ["a:0 b0 *", "a:1 w3 ", "a:2 w0 ", "a:3 w1 -", "b:0 b1 *", "b:1 w2 "]
    );
    b.err(&["swapw", "-s", "a:9", "-t", "a:1"], "can't find window: 9");
}

#[test]
fn grouped_sessions_match_tmux() {
    let b = Both::new();
    b.ok(&["new", "-d", "-s", "a", "-n", "one"]);
    b.ok(&["neww", "-d", "-t", "a:", "-n", "two"]);
    b.ok(&["new", "-d", "-t", "a"]);
    b.ok(&["new", "-d", "-t", "a", "-s", "named"]);
    // A name no session has starts a group of that name; a member's name joins its group.
    b.ok(&["new", "-d", "-t", "zz"]);
    b.ok(&["new", "-d", "-t", "zz"]);
    b.ok(&["new", "-d", "-t", "a-1"]);
    b.ok(&["new", "-d", "-t", "x:y"]);
    // (Named now: tmux's automatic-rename would name them after whatever runs at the moment.)
    b.ok(&["renamew", "-t", "zz-3:0", "z"]);
    b.ok(&["renamew", "-t", "x_y-6:0", "x"]);
    b.err(
        &["new", "-d", "-t", "a", "-n", "foo"],
        "command or window name given with target",
    );
    b.err(
        &["new", "-d", "-t", "a", "echo"],
        "command or window name given with target",
    );
    b.err(&["new", "-d", "-t", "a", "-s", "a"], "duplicate session: a");
    // The creation time is each server's own clock: compare what is around it.
    let without_time = |text: &str| -> String {
        text.lines()
            .map(|l| {
                let (name, rest) = l.split_once(" (created ").unwrap();
                let after = rest.split_once(')').unwrap().1;
                format!("{name}{after}\n")
            })
            .collect()
    };
    let listed = b.ok_as(&["ls"], without_time);
    assert_eq!(
        lines(&listed),
        [
            "a: 2 windows (group a)",
            "a-1: 2 windows (group a)",
            "a-5: 2 windows (group a)",
            "named: 2 windows (group a)",
            "x_y-6: 1 windows (group x:y)",
            "zz-3: 1 windows (group zz)",
            "zz-4: 1 windows (group zz)",
        ]
    );
    let formats = b.ok(&[
        "ls",
        "-F",
        "#{session_name} #{session_grouped} [#{session_group}] #{session_group_size} [#{session_group_list}] #{session_group_attached}",
    ]);
    assert_eq!(lines(&formats)[0], "a 1 [a] 4 [a,a-1,named,a-5] 0");
    assert_eq!(lines(&formats)[5], "zz-3 1 [zz] 2 [zz-3,zz-4] 0");
    // A window made in one member is in all; each member keeps its own current window.
    b.ok(&["neww", "-d", "-t", "a-1:", "-n", "three"]);
    b.ok(&["selectw", "-t", "named:2"]);
    b.ok(&["killw", "-t", "a:0"]);
    b.ok(&["linkw", "-s", "zz-3:0", "-t", "a:"]);
    b.err(
        &["linkw", "-s", "a:1", "-t", "a-1:"],
        "sessions are grouped",
    );
    b.err(
        &["swapw", "-s", "a:1", "-t", "named:2"],
        "can't move window, sessions are grouped",
    );
    b.ok(&["unlinkw", "-t", "a-1:0"]);
    b.ok(&["neww", "-t", "named:5", "-n", "five"]);
    b.ok(&["movew", "-s", "named:5", "-t", "zz-3:"]);
    let all = b.windows();
    assert!(lines(&all).contains(&"a-5:2 three *"), "{all}");
    assert!(lines(&all).contains(&"zz-4:1 five "), "{all}");
    // Killing a member leaves the others their windows.
    b.ok(&["kill-session", "-t", "a"]);
    assert_eq!(
        b.ok(&["lsw", "-t", "named", "-F", "#{window_index}:#{window_name}"]),
        "1:two\n2:three\n"
    );
}

/// Layout of a window, pane by pane: `index:id active WxH@x,y`.
fn panes(b: &Both, target: &str) -> String {
    b.ok(&[
        "lsp",
        "-t",
        target,
        "-F",
        "#{pane_index}:#{pane_id} #{pane_active} #{pane_width}x#{pane_height}@#{pane_left},#{pane_top} #{window_zoomed_flag}",
    ])
}

fn layout(b: &Both, target: &str) -> String {
    b.ok(&["display", "-p", "-t", target, "#{window_layout}"])
        .trim_end()
        .to_string()
}

#[test]
fn layouts_match_tmux() {
    let b = Both::new();
    b.ok(&["new", "-d", "-s", "a", "-x", "200", "-y", "50"]);
    b.ok(&["splitw", "-t", "a"]);
    b.ok(&["splitw", "-h", "-t", "a"]);
    b.ok(&["splitw", "-t", "a"]);
    let mut seen = Vec::new();
    for preset in [
        "even-horizontal",
        "even-vertical",
        "main-horizontal",
        "main-vertical",
        "tiled",
    ] {
        b.ok(&["selectl", "-t", "a", preset]);
        seen.push(layout(&b, "a"));
    }
    assert_eq!(
        seen[0],
        "ceae,200x50,0,0{49x50,0,0,0,49x50,50,0,1,49x50,100,0,2,50x50,150,0,3}"
    );
    assert_eq!(
        seen[4],
        "543c,200x50,0,0[200x24,0,0{99x24,0,0,0,100x24,100,0,1},200x25,0,25{99x25,0,25,2,100x25,100,25,3}]"
    );
    // next-layout cycles from the last preset, previous-layout back; -n/-p are the same.
    b.ok(&["nextl", "-t", "a"]);
    assert_eq!(layout(&b, "a"), seen[0]);
    b.ok(&["prevl", "-t", "a"]);
    b.ok(&["selectl", "-p", "-t", "a"]);
    assert_eq!(layout(&b, "a"), seen[3]);
    b.ok(&["selectl", "-n", "-t", "a"]);
    assert_eq!(layout(&b, "a"), seen[4]);
    // -o undoes the last select-layout; no argument applies the last preset again.
    b.ok(&["selectl", "-t", "a", "even-vertical"]);
    b.ok(&["selectl", "-o", "-t", "a"]);
    assert_eq!(layout(&b, "a"), seen[4]);
    b.ok(&["selectl", "-t", "a"]);
    assert_eq!(layout(&b, "a"), seen[1]);
    // A layout string (as tmux prints it, checksum and all) applies; a wrong one is tmux's error.
    b.ok(&["selectl", "-t", "a", &seen[3]]);
    assert_eq!(layout(&b, "a"), seen[3]);
    b.ok(&["selectl", "-t", "a.1", "-E"]);
    assert_eq!(
        layout(&b, "a"),
        "8441,200x50,0,0{99x50,0,0,0,100x50,100,0[100x16,100,0,1,100x16,100,17,2,100x16,100,34,3]}"
    );
    b.err(&["selectl", "-t", "a", "bogus"], "invalid layout: bogus");
    let bad = seen[3].replacen("fffb", "fffc", 1);
    b.err(
        &["selectl", "-t", "a", &bad],
        &format!("invalid layout: {bad}"),
    );
    b.err(
        &["selectl", "-t", "a", "ac9d,200x50,0,0,0"],
        "have 4 panes but need 1: ac9d,200x50,0,0,0",
    );
    // select-layout unzooms.
    b.ok(&["resizep", "-Z", "-t", "a.2"]);
    b.ok(&["selectl", "-t", "a", "tiled"]);
    assert!(panes(&b, "a").lines().all(|l| l.ends_with(" 0")));
}

#[test]
fn rotate_window_matches_tmux() {
    let b = Both::new();
    b.ok(&["new", "-d", "-s", "a", "-x", "120", "-y", "40"]);
    b.ok(&["splitw", "-t", "a"]);
    b.ok(&["splitw", "-h", "-t", "a"]);
    b.ok(&["splitw", "-t", "a"]);
    b.ok(&["selectp", "-t", "a.1"]);
    b.ok(&["rotatew", "-t", "a"]);
    assert_eq!(
        lines(&panes(&b, "a")),
        [
            "0:%1 0 120x20@0,0 0",
            "1:%2 1 60x19@0,21 0",
            "2:%3 0 59x9@61,21 0",
            "3:%0 0 59x9@61,31 0",
        ]
    );
    b.ok(&["rotatew", "-D", "-t", "a"]);
    b.ok(&["rotatew", "-D", "-t", "a"]);
    assert_eq!(lines(&panes(&b, "a"))[1], "1:%0 1 60x19@0,21 0");
    // -Z keeps a zoomed window zoomed (on the pane that comes in); without it, it unzooms.
    b.ok(&["resizep", "-Z", "-t", "a.2"]);
    b.ok(&["rotatew", "-Z", "-t", "a"]);
    assert_eq!(lines(&panes(&b, "a"))[2], "2:%2 1 120x40@0,0 1");
    b.ok(&["rotatew", "-t", "a"]);
    assert!(panes(&b, "a").lines().all(|l| l.ends_with(" 0")));
}

#[test]
fn resize_window_and_the_round_trip_back_is_exact() {
    let b = Both::new();
    b.ok(&["new", "-d", "-s", "a", "-x", "200", "-y", "50"]);
    b.ok(&["splitw", "-h", "-t", "a"]);
    b.ok(&["splitw", "-t", "a.1"]);
    let before = layout(&b, "a");
    b.ok(&["resizew", "-t", "a", "-x", "120"]);
    assert_eq!(
        b.ok(&[
            "display",
            "-p",
            "-t",
            "a",
            "#{window_width}x#{window_height}"
        ]),
        "120x50\n"
    );
    b.ok(&["resizew", "-t", "a", "-x", "200"]);
    assert_eq!(layout(&b, "a"), before);
    assert_eq!(
        before,
        "21be,200x50,0,0{100x50,0,0,0,99x50,101,0[99x25,101,0,1,99x24,101,26,2]}"
    );
    // Adjustments, bounds and the default size (-A with no client).
    b.ok(&["resizew", "-t", "a", "-L", "10"]);
    b.ok(&["resizew", "-t", "a", "-D", "5"]);
    b.ok(&["resizew", "-t", "a", "-U"]);
    assert_eq!(
        b.ok(&[
            "display",
            "-p",
            "-t",
            "a",
            "#{window_width}x#{window_height}"
        ]),
        "190x54\n"
    );
    b.err(&["resizew", "-t", "a", "-x", "0"], "width too small");
    b.err(&["resizew", "-t", "a", "-y", "10001"], "height too large");
    b.err(&["resizew", "-t", "a", "bogus"], "adjustment invalid");
    b.ok(&["resizew", "-t", "a", "-A"]);
    assert_eq!(layout(&b, "a"), before);
    assert_eq!(
        b.ok(&["show", "-w", "-t", "a", "window-size"]),
        "window-size manual\n"
    );
    // One window of several cannot be resized alone in ccmux: an error that says so.
    b.cc.ok(&["neww", "-d", "-t", "a"]);
    let r = b.cc.run(&["resizew", "-t", "a:0", "-x", "99"]);
    assert_eq!(r.status, 1);
    assert!(r.stderr.contains("not available"), "{}", r.stderr);
    assert_eq!(
        b.cc.ok(&["display", "-p", "-t", "a:0", "#{window_width}"]),
        "200\n"
    );
}

#[test]
fn kill_session_c_and_next_window_a_match_tmux() {
    let b = Both::new();
    b.ok(&["new", "-d", "-s", "a"]);
    b.ok(&["neww", "-d", "-t", "a:"]);
    b.ok(&["new", "-d", "-s", "b"]);
    b.ok(&["new", "-d", "-s", "c"]);
    // -C clears alerts (there are none) and kills nothing.
    b.ok(&["kill-session", "-C", "-t", "a"]);
    b.err(&["next-window", "-a", "-t", "a"], "no next window");
    b.err(&["previous-window", "-a", "-t", "a"], "no previous window");
    b.ok(&["kill-session", "-a", "-t", "b"]);
    assert_eq!(b.ok(&["ls", "-F", "#{session_name}"]), "b\n");
}

#[test]
fn layout_bindings_and_a_client_resize_round_trip() {
    let t = Ccmux::new();
    t.session("w");
    t.ok(&["splitw", "-h", "-t", "w"]);
    t.ok(&["splitw", "-t", "w.1"]);
    if std::process::Command::new("tmux")
        .arg("-V")
        .output()
        .is_err()
    {
        eprintln!("SKIPPED: tmux is not installed to drive an attached client");
        return;
    }
    // An outer tmux runs the attached client in a 200x51 terminal (tests/attach.rs's way).
    let o = Outer::new("windows");
    o.start(&t, "o", 200, 51, "attach -t w");
    let size = || {
        t.ok(&[
            "display",
            "-p",
            "-t",
            "w",
            "#{window_width}x#{window_height}",
        ])
    };
    t.wait_until("the client to size the window", || size() == "200x50\n");
    let layout = || t.ok(&["display", "-p", "-t", "w", "#{window_layout}"]);
    let before = layout();
    assert!(before.contains("200x50,0,0{100x50,0,0,"), "{before}");
    // The outer terminal shrinks to 120 columns and grows back: the layout is exactly as it was.
    o.tmux(&["resize-window", "-t", "o", "-x", "120"]);
    t.wait_until("120 columns", || size() == "120x50\n");
    o.tmux(&["resize-window", "-t", "o", "-x", "200"]);
    t.wait_until("200 columns", || size() == "200x50\n");
    assert_eq!(layout(), before);
    // C-b M-1 .. M-5 select the presets, C-b Space the next one.
    let panes = || t.ok(&["lsp", "-t", "w", "-F", "#{pane_width}x#{pane_height}"]);
    o.keys("o", &["C-b", "M-1"]);
    t.wait_until("even-horizontal", || panes() == "66x50\n66x50\n66x50\n");
    o.keys("o", &["C-b", "M-2"]);
    t.wait_until("even-vertical", || panes() == "200x16\n200x16\n200x16\n");
    o.keys("o", &["C-b", "Space"]);
    t.wait_until("main-horizontal", || panes().starts_with("200x24\n"));
    o.keys("o", &["C-b", "M-5"]);
    t.wait_until("tiled", || panes() == "99x24\n100x24\n200x25\n");
    // C-b C-o rotates the panes up, C-b M-o down.
    let ids = || t.ok(&["lsp", "-t", "w", "-F", "#{pane_id}"]);
    let start = ids();
    o.keys("o", &["C-b", "C-o"]);
    t.wait_until("a rotation", || ids() != start);
    o.keys("o", &["C-b", "M-o"]);
    t.wait_until("the rotation back", || ids() == start);
}

/// Links, groups, indexes, layouts (with the preset and the layout `-o` goes back to) and window sizes
/// after a SIGKILL of the server: the next server recovers them from the log, and re-adopts each pane
/// of a window linked in several sessions once (its process lives on in the keeper).
#[test]
fn links_groups_moves_and_layouts_survive_sigkill() {
    survive_sigkill(Ccmux::new());
}

/// The same without a keeper: each pane is started again, once.
#[test]
fn links_groups_moves_and_layouts_survive_sigkill_and_respawn() {
    survive_sigkill(Ccmux::with_config("keep_processes = false\n"));
}

fn survive_sigkill(t: Ccmux) {
    t.ok(&["new", "-d", "-s", "a", "-x", "120", "-y", "40", "-n", "one"]);
    t.ok(&["neww", "-d", "-t", "a:", "-n", "two"]);
    t.ok(&["splitw", "-t", "a:1"]);
    t.ok(&["splitw", "-h", "-t", "a:1"]);
    t.ok(&["selectl", "-t", "a:1", "even-vertical"]);
    t.ok(&["selectl", "-t", "a:1", "main-vertical"]);
    t.ok(&["rotatew", "-t", "a:1"]);
    t.ok(&["new", "-d", "-s", "b", "-n", "bee"]);
    t.ok(&["linkw", "-d", "-s", "a:1", "-t", "b:5"]);
    t.ok(&["new", "-d", "-t", "a"]);
    t.ok(&["movew", "-s", "a:0", "-t", "a:3"]);
    t.ok(&["swapw", "-s", "a:1", "-t", "a:3"]);
    t.ok(&["new", "-d", "-s", "c", "-n", "cee"]);
    t.ok(&["resizew", "-t", "c", "-x", "90", "-y", "20"]);
    t.ok(&["new", "-d", "-t", "solo"]);
    let state = || {
        let windows = t.ok(&[
            "lsw",
            "-a",
            "-F",
            "#{session_name}:#{window_index} #{window_id} #{window_name} #{window_flags} #{window_width}x#{window_height} #{window_layout} [#{window_linked_sessions_list}]",
        ]);
        let sessions = t.ok(&[
            "ls",
            "-F",
            "#{session_name} #{session_id} [#{session_group}] [#{session_group_list}]",
        ]);
        let panes = t.ok(&["lsp", "-a", "-F", "#{pane_id} #{pane_active}"]);
        format!("{windows}{sessions}{panes}")
    };
    let before = state();
    assert!(before.contains("a-2 $2 [a] [a,a-2]"), "{before}");
    assert!(before.contains("b:5 @1 two "), "{before}");
    assert!(
        before.contains("c:0 @") && before.contains(" 90x20 "),
        "{before}"
    );
    let pid = t.server_pid().expect("a server");
    common::kill9(pid);
    assert_eq!(state(), before);
    // The window remembers its layout before the last select-layout, and the preset it cycles from.
    t.ok(&["selectl", "-o", "-t", "a:3"]);
    let vertical = t.ok(&["lsp", "-t", "a:3", "-F", "#{pane_width}"]);
    assert_eq!(vertical, "120\n120\n120\n");
    t.ok(&["nextl", "-t", "a:3"]);
    assert_eq!(
        t.ok(&["lsp", "-t", "a:3", "-F", "#{pane_top}"]),
        "0\n0\n20\n",
        "tiled follows main-vertical"
    );
    // Every pane runs one live shell.
    let pids = t.ok(&["lsp", "-a", "-F", "#{pane_id} #{pane_pid}"]);
    let mut seen = std::collections::BTreeMap::new();
    for line in pids.lines() {
        let (pane, pid) = line.split_once(' ').unwrap();
        let pid: i32 = pid.parse().unwrap_or_else(|_| panic!("no pid: {pids}"));
        assert!(common::pid_alive(pid), "{line}");
        assert_eq!(*seen.entry(pane).or_insert(pid), pid, "{pids}");
    }
    assert_eq!(seen.len(), 7, "{pids}");
}

/// `list-windows` and `list-windows -a` without `-F` print tmux 3.3a's default lines, layout
/// included.
#[test]
fn list_windows_default_lines_as_tmux() {
    let Some(tx) = Tmux::new() else {
        eprintln!("SKIPPED: tmux is not installed; nothing to compare with");
        return;
    };
    let cc = Ccmux::new();
    let both = |args: &[&str]| {
        cc.ok(args);
        let r = tx.run(args);
        assert_eq!(r.status, 0, "tmux {args:?}: {}", r.stderr);
    };
    both(&["new", "-d", "-s", "a", "-x", "80", "-y", "24", "sh"]);
    both(&["set", "-g", "automatic-rename", "off"]);
    both(&["new-window", "-d", "-n", "two", "sh"]);
    both(&["split-window", "-t", ":1", "sh"]);
    for args in [&["lsw"][..], &["lsw", "-a"]] {
        let (c, t) = (cc.run(args), tx.run(args));
        assert_eq!(c.stdout, t.stdout, "{args:?}");
    }
    // tmux's -a line has no layout, the one of a session's windows has.
    assert!(cc.ok(&["lsw"]).contains("[layout "));
}
