//! The choosers (choose-tree, choose-client, find-window), clock-mode and menus in a real terminal,
//! ccmux and tmux 3.3a side by side: the same keys to both, the screens compared.

mod common;

use common::side::Side;

/// Sessions `a` (windows one, two) and `b` (window three, two panes) on both servers.
fn sessions(tag: &str) -> Option<Side> {
    let side = Side::new(
        tag,
        &[
            &["new", "-d", "-s", "a", "-n", "one", "-x", "80", "-y", "23"],
            &["neww", "-d", "-t", "a", "-n", "two"],
            &[
                "new", "-d", "-s", "b", "-n", "three", "-x", "80", "-y", "23",
            ],
            &["splitw", "-d", "-t", "b"],
        ],
    );
    if side.is_none() {
        eprintln!("SKIPPED: tmux is not installed; nothing to compare with");
    }
    side
}

fn names(side: &Side) -> (String, String) {
    side.both(&[
        "lsw",
        "-a",
        "-F",
        "#{session_name}:#{window_index}:#{window_name}",
    ])
}

#[test]
fn choose_tree_draws_expands_and_collapses_as_tmux() {
    let Some(side) = sessions("tree") else { return };
    side.attach(80, 24, "-t a");
    side.same("[a] 0:one*");
    // C-b s: sessions collapsed, the current one's windows in the preview.
    side.keys(&["C-b", "s"]);
    let s = side.same("(1) + b: 1 windows");
    assert!(s.contains("(0) + a: 2 windows (attached)"), "{s}");
    assert!(s.contains("0:one") && s.contains("1:two"), "{s}");
    // Down to b, expand it (its window, then its panes), collapse it again.
    side.keys(&["j", "Right"]);
    side.same("└─> + 0: three");
    // Right on an expanded item moves down; on the window, it expands it; - collapses the window,
    // then (on a collapsed item) its parent.
    side.keys(&["Right"]);
    side.same("(2) └─> + 0: three*");
    side.keys(&["Right"]);
    side.same("(2) └─> - 0: three");
    side.keys(&["-"]);
    side.same("(2) └─> + 0: three");
    side.keys(&["-"]);
    side.same_when("collapsed", |s| {
        !s.contains("0: three") && s.contains("(1) + b")
    });
    // M-+ expands every session, M-- collapses them.
    side.keys(&["M-+"]);
    side.same("(4) └─> ");
    side.keys(&["M--"]);
    side.same_when("all collapsed", |s| {
        s.contains("(1) + b") && !s.contains("(2)")
    });
    // Sort (O) and reverse (r).
    side.keys(&["O"]);
    side.same("(sort: name)");
    side.keys(&["r"]);
    side.same("(sort: name, reversed)");
    side.keys(&["q"]);
    side.same_when("left", |s| !s.contains("(sort:"));
    // C-b w: windows, the current one chosen, its panes' previews.
    side.keys(&["C-b", "w"]);
    let s = side.same("(4) └─> + 0: three*");
    assert!(
        s.contains("(1) ├─> 0: one*") && s.contains("(2) └─> 1: two"),
        "{s}"
    );
    // v hides the preview; its tagging is drawn (compared with colours).
    side.keys(&["v"]);
    side.same_when("no preview", |s| !s.contains("┌ "));
    side.keys(&["j", "t"]);
    side.same_styled("a tagged window (bold, a * after its name)", |s| {
        s.contains("1*: two")
    });
    side.keys(&["C-t"]);
    side.same_styled("every session tagged", |s| s.contains("(0) - a"));
    side.keys(&["T"]);
    side.same_styled("nothing tagged", |s| s.contains("(0) - a"));
    side.keys(&["q"]);
    side.same_when("left", |s| !s.contains("(0) - a"));
}

#[test]
fn choose_tree_flags_as_tmux() {
    let Some(side) = sessions("treeflags") else {
        return;
    };
    side.attach(80, 24, "-t a");
    side.same("[a] 0:one*");
    // -f filters, -F formats the lines, -N no preview, -Z zooms (one pane here: nothing to see).
    side.both(&[
        "choose-tree",
        "-t",
        "a",
        "-N",
        "-Z",
        "-F",
        "<#{window_name}>",
        "-f",
        "#{==:#{session_name},b}",
    ]);
    let s = side.same("(0) - b: <three>");
    assert!(!s.contains("a: "), "{s}");
    side.keys(&["q"]);
    side.same_when("left", |s| !s.contains("(0) - b"));
    // -s -O name -r: sessions by name, reversed; -G is accepted (no groups here).
    side.both(&["choose-tree", "-t", "a", "-G", "-s", "-O", "name", "-r"]);
    side.same("(0) + b: 1 windows");
    // The target's session is the current line; g goes to the top (b).
    side.keys(&["g", "Enter"]);
    // Enter runs the default template (switch-client -t): the client is in b now.
    side.same("[b] 0:three*");
    // A template with %%.
    side.both(&[
        "choose-tree",
        "-t",
        "b",
        "-w",
        "rename-window -t '%%' chosen",
    ]);
    side.same("(4) └─> + 0: three*");
    side.keys(&["Enter"]);
    side.same("[b] 0:chosen*");
    let (c, t) = names(&side);
    assert_eq!(c, t);
    assert!(c.contains("b:0:chosen"), "{c}");
}

#[test]
fn choose_tree_kills_and_runs_a_command_on_tagged_as_tmux() {
    let Some(side) = sessions("treekill") else {
        return;
    };
    side.both(&["neww", "-d", "-t", "a", "-n", "four"]);
    side.attach(80, 24, "-t a");
    side.same("[a] 0:one*");
    side.keys(&["C-b", "w"]);
    side.same("(3) └─> 2: four");
    // Tag two and four, then `:` runs a command for each tagged one (%% its target).
    side.keys(&["j", "t", "t"]);
    side.keys(&[":"]);
    side.same("(2 tagged)");
    side.keys(&["-l", "rename-window -t '%%' tagged"]);
    side.keys(&["Enter"]);
    side.same("(3) └─> 2*: tagged");
    let (c, t) = names(&side);
    assert_eq!(c, t);
    assert_eq!(c.matches(":tagged").count(), 2, "{c}");
    // Nothing tagged: `(current)`.
    side.keys(&["T", ":"]);
    side.same("(current)");
    side.keys(&["Escape"]);
    side.same_when("prompt gone", |s| !s.contains("(current)"));
    // x kills the current item after asking.
    side.keys(&["g", "j", "j"]);
    side.same("(2) ├─> 1: tagged");
    side.keys(&["x"]);
    side.same("Kill window 1?");
    side.keys(&["n"]);
    side.same_when("not killed", |s| !s.contains("Kill window"));
    assert_eq!(side.cc.ok(&["lsw", "-t", "a", "-F", "#I"]), "0\n1\n2\n");
    side.keys(&["x"]);
    side.same("Kill window 1?");
    side.keys(&["y"]);
    side.same_when("killed", |s| {
        !s.contains("Kill window") && !s.contains("1: tagged")
    });
    // X kills the tagged ones.
    side.keys(&["g", "j", "j"]);
    side.same("(2) └─> 2: tagged");
    side.keys(&["t", "X"]);
    side.same("Kill 1 tagged?");
    side.keys(&["y"]);
    side.same_when("tagged killed", |s| !s.contains("tagged"));
    let (c, t) = names(&side);
    assert_eq!(c, t);
    assert_eq!(c, "a:0:one\nb:0:three\n");
}

#[test]
fn find_window_filters_as_tmux() {
    let Some(side) = sessions("findw") else {
        return;
    };
    side.both(&["send", "-t", "b:0.1", "echo FIND-$((6*7))", "Enter"]);
    side.cc.wait_for("b:0.1", "FIND-42");
    side.attach(80, 24, "-t a");
    side.same("[a] 0:one*");
    // C-b f prompts for the text; the tree shows only the matching pane (its content).
    side.keys(&["C-b", "f"]);
    side.same("(find-window)");
    side.keys(&["-l", "FIND-42"]);
    side.keys(&["Enter"]);
    let s = side.same("(2)     └─> 1: sh");
    assert!(s.contains("- b: 1 windows"), "{s}");
    assert!(!s.contains("a: 2 windows"), "{s}");
    side.keys(&["q"]);
    side.same_when("left", |s| !s.contains("b: 1 windows"));
    // -N: window names only, -i ignoring case; -T titles; -r a regular expression.
    side.both(&["find-window", "-t", "a", "-N", "-i", "THREE"]);
    side.same("(0) - b: 1 windows");
    side.keys(&["q"]);
    side.same_when("left", |s| !s.contains("b: 1 windows"));
    // -r: a regular expression (for -N/-T tmux wraps it in `*`s too, so only -C is useful).
    side.both(&["find-window", "-t", "a", "-C", "-r", "FIND-[0-9]+"]);
    side.same("(2)     └─> 1: sh");
    side.keys(&["q"]);
    side.same_when("left", |s| !s.contains("b: 1 windows"));
    // Nothing matching: the whole tree, saying so.
    side.both(&["find-window", "-t", "a", "-C", "-Z", "no-such-text"]);
    side.same("(filter: no matches)");
    side.keys(&["q"]);
    side.same_when("left", |s| !s.contains("no matches"));
}

#[test]
fn choose_client_lists_and_detaches() {
    let Some(side) = sessions("client") else {
        return;
    };
    side.attach(80, 24, "-t a");
    side.same("[a] 0:one*");
    // A second client of each server, on b.
    side.o.tmux(&[
        "new-session",
        "-d",
        "-s",
        "cc2",
        "-x",
        "60",
        "-y",
        "20",
        &format!("{}; sleep 30", side.cc_client("attach -t b")),
    ]);
    side.o.wait("cc2", "second client", |s| s.contains("[b]"));
    side.keys(&["C-b", "D"]);
    // Lines are `tty: session [size term] (flags)`: the tty names differ, the rest is tmux's.
    let screen = side.o.wait_for("cc", "(1) ");
    // Lines are tmux's `tty: activity time: session NAME`, the preview the client's screen.
    let lines: Vec<&str> = screen.lines().filter(|l| l.starts_with('(')).collect();
    assert_eq!(lines.len(), 2, "{screen}");
    assert!(lines.iter().any(|l| l.ends_with(": session a")), "{screen}");
    assert!(lines.iter().any(|l| l.ends_with(": session b")), "{screen}");
    // The preview is the first line's client's screen (lines are sorted by tty name).
    let status = if lines[0].ends_with(": session a") {
        "│ [a] 0:one* 1:two "
    } else {
        "│ [b] 0:three* "
    };
    assert!(screen.contains(status), "{screen}");
    let t = side.o.wait_for("tx", "(0) ");
    assert!(
        t.lines()
            .any(|l| l.starts_with("(0) /dev/") && l.ends_with(": session a")),
        "{t}"
    );
    // Enter on the other client's line detaches it.
    let other = lines
        .iter()
        .position(|l| l.ends_with(": session b"))
        .unwrap();
    if other == 1 {
        side.o.keys("cc", &["j"]);
    }
    side.o.keys("cc", &["Enter"]);
    side.o.wait("cc2", "detached", |s| s.contains("[detached"));
    side.cc.wait_until("one client left", || {
        side.cc.ok(&["lsc", "-F", "#{session_name}"]) == "a\n"
    });
    side.o.wait("cc", "chooser left", |s| !s.contains("(0) "));
}

#[test]
fn clock_mode_as_tmux() {
    let Some(side) = sessions("clock") else {
        return;
    };
    side.both(&["set", "-g", "clock-mode-colour", "red"]);
    side.attach(80, 24, "-t a");
    side.same("[a] 0:one*");
    side.keys(&["C-b", "t"]);
    // The digits are coloured cells: compare with colours (a minute may turn in between: retried).
    let mut shown = String::new();
    for _ in 0..3 {
        let (c, t) = (
            side.o.tmux(&["capture-pane", "-ep", "-t", "cc"]),
            side.o.tmux(&["capture-pane", "-ep", "-t", "tx"]),
        );
        if c == t && c.contains("\x1b[41m") {
            shown = c;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(700));
    }
    if shown.is_empty() {
        side.same_styled("the clock", |s| s.contains("\x1b[41m"));
    }
    // Any key leaves it; the key is not typed into the pane.
    side.keys(&["x"]);
    side.same_when("clock left", |s| s.contains("$") && !s.contains("$ x"));
    // 12-hour style.
    side.both(&["set", "-g", "clock-mode-style", "12"]);
    side.both(&["clock-mode", "-t", "a"]);
    side.same_styled("12-hour clock", |s| s.contains("\x1b[41m"));
}

#[test]
fn default_menus_as_tmux() {
    let Some(side) = sessions("menus") else {
        return;
    };
    side.attach(80, 24, "-t a");
    side.same("[a] 0:one*");
    // C-b <: the window menu above the window's place on the status line.
    side.keys(&["C-b", "<"]);
    let s = side.same("│ Swap Right (r) │");
    assert!(s.contains("──0:one──"), "{s}");
    side.keys(&["Down", "Down"]);
    side.same_styled("an item chosen", |s| s.contains("Swap Marked"));
    side.keys(&["Escape"]);
    side.same_when("menu closed", |s| !s.contains("Swap Right"));
    // C-b >: the pane menu; its key runs the item (h splits).
    side.keys(&["C-b", ">"]);
    side.same("│ Horizontal Split (h) │");
    side.keys(&["h"]);
    side.same_when("split", |s| s.contains('│') && !s.contains("Horizontal"));
    let (c, t) = side.both(&["lsp", "-t", "a", "-F", "#{pane_index} #{pane_width}"]);
    assert_eq!(c, t);
    assert_eq!(c.lines().count(), 2);
    // display-menu with a title, positions, separators and a disabled item; Enter chooses. Run
    // from a command line, it waits for the menu to close (as tmux's): started in the background.
    let args = [
        "display-menu",
        "-t",
        "a",
        "-T",
        "Title",
        "-x",
        "2",
        "-y",
        "10",
        "First",
        "f",
        "set -g @menu first",
        "",
        "-Off",
        "o",
        "",
        "Third",
        "3",
        "set -g @menu third",
    ];
    let mut waiting = vec![side.cc.command()];
    waiting[0].args(args);
    let mut t = std::process::Command::new("tmux");
    t.args(["-L", &side.tx.socket, "-f", "/dev/null"])
        .args(args)
        .env_remove("TMUX")
        .env("HOME", side.tx.home.path());
    waiting.push(t);
    let mut children: Vec<_> = waiting.iter_mut().map(|c| c.spawn().unwrap()).collect();
    side.same("│ Third (3) │");
    // From the keyboard the first item is chosen at once; Down skips separators and disabled items.
    side.keys(&["Down", "Enter"]);
    side.same_when("closed", |s| !s.contains("Third"));
    for c in &mut children {
        assert!(c.wait().unwrap().success());
    }
    let (c, t) = side.both(&["show", "-gv", "@menu"]);
    assert_eq!((c.as_str(), t.as_str()), ("third\n", "third\n"));
}

/// A chooser and clock mode over a pane in copy mode: shown above it (`#{pane_mode}` is theirs),
/// and leaving them shows the copy mode again, as tmux's mode stack (`#{pane_in_mode}` counts it).
#[test]
fn choosers_and_clock_over_copy_mode_as_tmux() {
    let Some(side) = sessions("stack") else {
        return;
    };
    side.attach(80, 24, "-t a");
    side.same("[a] 0:one*");
    let mode = |want: &str| {
        let (c, t) = side.both(&[
            "display",
            "-p",
            "-t",
            "a:0.0",
            "#{pane_in_mode}#{pane_mode}",
        ]);
        assert_eq!((c.as_str(), t.as_str()), (want, want));
    };
    side.keys(&["C-b", "["]);
    side.same("[0/0]");
    mode("1copy-mode\n");
    side.keys(&["C-b", "s"]);
    side.same("(0) + a: 2 windows (attached)");
    mode("2tree-mode\n");
    // Keys go to the chooser, not to copy mode's table.
    side.keys(&["j"]);
    side.same("(1) + b: 1 windows");
    side.keys(&["q"]);
    side.same_when("back in copy mode", |s| {
        s.contains("[0/0]") && !s.contains("(1) + b")
    });
    mode("1copy-mode\n");
    side.keys(&["C-b", "t"]);
    side.same_when("the clock", |s| !s.contains("[0/0]"));
    mode("2clock-mode\n");
    side.keys(&["x"]);
    side.same("[0/0]");
    mode("1copy-mode\n");
    side.keys(&["q"]);
    side.same_when("copy mode left", |s| !s.contains("[0/0]"));
    mode("0\n");
}

/// Copy mode entered over a chooser stacks on it as in tmux: the chooser is back once copy mode
/// ends.
#[test]
fn copy_mode_over_a_chooser_stacks_as_tmux() {
    let Some(side) = sessions("stack2") else {
        return;
    };
    side.attach(80, 24, "-t a");
    side.same("[a] 0:one*");
    let mode = |want: &str| {
        let (c, t) = side.both(&[
            "display",
            "-p",
            "-t",
            "a:0.0",
            "#{pane_in_mode}#{pane_mode}",
        ]);
        assert_eq!((c.as_str(), t.as_str()), (want, want));
    };
    side.keys(&["C-b", "s"]);
    side.same("(0) + a: 2 windows (attached)");
    mode("1tree-mode\n");
    side.both(&["copy-mode", "-t", "a:0.0"]);
    side.same_when("copy mode on top", |s| {
        s.contains("[0/0]") && !s.contains("(1) + b")
    });
    mode("2copy-mode\n");
    side.keys(&["q"]);
    side.same("(1) + b: 1 windows");
    mode("1tree-mode\n");
    side.keys(&["q"]);
    side.same_when("the chooser left", |s| !s.contains("(1) + b"));
    mode("0\n");
}
