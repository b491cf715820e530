//! Server-event hooks as tmux's notify.c runs them: `client-attached`, `client-detached` when a client
//! comes and goes, `pane-exited` when a pane's process ends and the pane closes, `pane-died` when it
//! stays dead (remain-on-exit). Compared with tmux 3.3a where both can run the same lines.

mod common;

use common::outer::{client_command, Outer};
use common::{Ccmux, Tmux};

/// A private ccmux and a private tmux to run the same lines on; `None` (and the test says it skips)
/// when tmux is not installed.
fn servers() -> Option<(Ccmux, Tmux)> {
    let Some(tx) = Tmux::new() else {
        eprintln!("SKIPPED: tmux is not installed; nothing to compare with");
        return None;
    };
    Some((Ccmux::new(), tx))
}

/// A command line that must succeed on both servers.
fn on_both(cc: &Ccmux, tx: &Tmux, args: &[&str]) {
    cc.ok(args);
    let r = tx.run(args);
    assert_eq!(r.status, 0, "tmux {args:?}: {}", r.stderr);
}

/// Attaches a ccmux client (outer session `cc`) and a tmux client (`tx`) to session `a` of each
/// server, side by side in 80x24 terminals of the outer tmux `o`.
fn attach_both(o: &Outer, cc: &Ccmux, tx: &Tmux) {
    let tmux_client = format!(
        "env -u TMUX HOME={} SHELL=/bin/sh tmux -L {} attach -t a; sleep 30",
        tx.home.path().display(),
        tx.socket
    );
    let cc_client = format!("{}; sleep 30", client_command(cc, "attach -t a"));
    for (name, cmd) in [("cc", &cc_client), ("tx", &tmux_client)] {
        o.tmux(&["new-session", "-d", "-s", name, "-x", "80", "-y", "24", cmd]);
    }
}

fn user_option(run: impl Fn(&[&str]) -> common::Run, name: &str) -> String {
    run(&["show", "-gv", name]).stdout
}

#[test]
fn pane_exited_and_pane_died_run_as_in_tmux() {
    let Some((cc, tx)) = servers() else { return };
    let both = |args: &[&str]| on_both(&cc, &tx, args);
    both(&["new", "-d", "-s", "h"]);
    both(&["set-hook", "-g", "pane-exited", "set -g @exited yes"]);
    both(&["set-hook", "-g", "pane-died", "set -g @died yes"]);
    both(&["splitw", "-d", "-t", "h", "sleep 1"]);
    let wait = |what: &str, f: &dyn Fn() -> bool| {
        let start = std::time::Instant::now();
        while !f() {
            if start.elapsed().as_secs() >= 10 {
                let state = |run: &dyn Fn(&[&str]) -> common::Run| {
                    format!(
                        "{:?} {:?}",
                        run(&["show", "-g"])
                            .stdout
                            .lines()
                            .filter(|l| l.starts_with('@'))
                            .collect::<Vec<_>>(),
                        run(&["lsp", "-a", "-F", "#{pane_id}:#{pane_dead}"]).stdout
                    )
                };
                panic!(
                    "timed out waiting for {what}: ccmux {}, tmux {}",
                    state(&|a| cc.run(a)),
                    state(&|a| tx.run(a))
                );
            }
            std::thread::sleep(std::time::Duration::from_millis(30));
        }
    };
    wait("pane-exited in both", &|| {
        user_option(|a| cc.run(a), "@exited") == "yes\n"
            && user_option(|a| tx.run(a), "@exited") == "yes\n"
    });
    assert_eq!(
        user_option(|a| cc.run(a), "@died"),
        user_option(|a| tx.run(a), "@died")
    );
    both(&["set", "-g", "remain-on-exit", "on"]);
    both(&["splitw", "-d", "-t", "h", "sleep 1"]);
    // Both panes end dead; ccmux runs pane-died every time. tmux 3.3a usually does too, but on a
    // loaded machine it was seen (about 1 run in 10) to leave the pane dead without running the
    // hook, for a reason not found in its source: not compared.
    wait("the pane dead in both", &|| {
        let dead = |r: common::Run| r.stdout.lines().any(|l| l.ends_with(":1"));
        dead(cc.run(&["lsp", "-a", "-F", "#{pane_id}:#{pane_dead}"]))
            && dead(tx.run(&["lsp", "-a", "-F", "#{pane_id}:#{pane_dead}"]))
    });
    wait("pane-died in ccmux", &|| {
        user_option(|a| cc.run(a), "@died") == "yes\n"
    });
}

#[test]
fn client_attached_and_detached_run() {
    let t = Ccmux::new();
    t.session("h");
    t.ok(&["set-hook", "-g", "client-attached", "set -g @attached yes"]);
    t.ok(&["set-hook", "-g", "client-detached", "set -g @detached yes"]);
    let o = Outer::new("eventhooks");
    let cmd = format!("{}; sleep 30", client_command(&t, "attach -t h"));
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
    t.wait_until("client-attached ran", || {
        t.run(&["show", "-gv", "@attached"]).stdout == "yes\n"
    });
    assert_eq!(t.run(&["show", "-gv", "@detached"]).stdout, "");
    t.ok(&["detach-client", "-s", "h"]);
    t.wait_until("client-detached ran", || {
        t.run(&["show", "-gv", "@detached"]).stdout == "yes\n"
    });
}

/// `@log` of a server: what the hooks appended.
fn log(run: impl Fn(&[&str]) -> common::Run) -> String {
    run(&["show", "-gv", "@log"]).stdout
}

/// Waits (up to 10 s) until both servers' `@log` grew past `before` and agree; returns it, or fails
/// with both.
fn agreed(cc: &Ccmux, tx: &Tmux, before: &str, what: &str) -> String {
    let start = std::time::Instant::now();
    loop {
        let (a, b) = (log(|a| cc.run(a)), log(|a| tx.run(a)));
        if a == b && a != before {
            // Settled: nothing more comes for a moment.
            std::thread::sleep(std::time::Duration::from_millis(300));
            let (a2, b2) = (log(|a| cc.run(a)), log(|a| tx.run(a)));
            if a2 == a && b2 == b {
                return a;
            }
            continue;
        }
        if start.elapsed().as_secs() >= 10 {
            assert_eq!(
                a, b,
                "after {what}: ccmux's hooks (left) differ from tmux's"
            );
            panic!("after {what}: no hook ran in either (log: {a:?})");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// The hooks of an attached client's life, in tmux's order: attaching (pane-focus-in,
/// client-session-changed, client-attached, client-resized), a resized terminal, switch-client,
/// pane and window selections with focus-events on (pane-focus-out/in, session-window-changed from
/// a key), and the terminal's focus reports (client-focus-out/in).
#[test]
fn client_and_focus_hooks_run_as_in_tmux() {
    let Some((cc, tx)) = servers() else { return };
    let both = |args: &[&str]| on_both(&cc, &tx, args);
    both(&["new", "-d", "-s", "a", "-x", "80", "-y", "24", "sh"]);
    both(&["new", "-d", "-s", "b", "-x", "80", "-y", "24", "sh"]);
    both(&["set", "-g", "default-shell", "/bin/sh"]);
    both(&["set", "-g", "automatic-rename", "off"]);
    for hook in [
        "client-session-changed",
        "client-attached",
        "client-resized",
        "client-focus-in",
        "client-focus-out",
        "pane-focus-in",
        "pane-focus-out",
        "session-window-changed",
    ] {
        both(&[
            "set-hook",
            "-g",
            hook,
            "set -gaF @log '#{hook}:#{hook_pane}:#{hook_session_name}:#{pane_id} '",
        ]);
    }
    let o = Outer::new("clienthooks");
    attach_both(&o, &cc, &tx);
    let mut seen = agreed(&cc, &tx, "", "attach");
    assert!(seen.contains("client-attached"), "{seen}");
    assert!(seen.contains("client-resized"), "{seen}");
    for name in ["cc", "tx"] {
        o.tmux(&["resize-window", "-t", name, "-x", "100", "-y", "30"]);
    }
    seen = agreed(&cc, &tx, &seen, "a resize");
    both(&["switch-client", "-t", "b"]);
    seen = agreed(&cc, &tx, &seen, "switch-client");
    assert!(seen.contains("pane-focus-out:%0"), "{seen}");
    both(&["set", "-g", "focus-events", "on"]);
    both(&["split-window", "-t", "b"]);
    seen = agreed(&cc, &tx, &seen, "split-window");
    both(&["select-pane", "-t", "b.0"]);
    seen = agreed(&cc, &tx, &seen, "select-pane");
    // The terminal says it lost the focus, then got it back.
    for name in ["cc", "tx"] {
        o.tmux(&["send-keys", "-t", name, "-H", "1b", "5b", "4f"]);
    }
    seen = agreed(&cc, &tx, &seen, "a focus-out report");
    for name in ["cc", "tx"] {
        o.tmux(&["send-keys", "-t", name, "-H", "1b", "5b", "49"]);
    }
    seen = agreed(&cc, &tx, &seen, "a focus-in report");
    assert!(seen.contains("client-focus-out"), "{seen}");
    both(&["new-window", "-d", "-t", "b:"]);
    for name in ["cc", "tx"] {
        o.tmux(&["send-keys", "-t", name, "C-b", "n"]);
    }
    seen = agreed(&cc, &tx, &seen, "next-window from the prefix key");
    assert!(seen.ends_with("session-window-changed::b:%3 \n"), "{seen}");
}

/// A program's OSC 52 with `set-clipboard on` (and not with the default `external`) makes a buffer
/// and runs pane-set-clipboard, as does a copy in copy mode; hooks see tmux's `hook_*` formats.
#[test]
fn pane_set_clipboard_and_hook_formats_as_in_tmux() {
    let Some((cc, tx)) = servers() else { return };
    let both = |args: &[&str]| on_both(&cc, &tx, args);
    both(&["new", "-d", "-s", "a", "sh"]);
    both(&["set", "-g", "default-shell", "/bin/sh"]);
    both(&["set", "-g", "automatic-rename", "off"]);
    for hook in [
        "pane-set-clipboard",
        "session-window-changed",
        "window-linked",
        "window-pane-changed",
        "after-split-window",
        "window-renamed",
        "session-renamed",
    ] {
        both(&[
            "set-hook",
            "-g",
            hook,
            "set -gaF @log '#{hook}:#{hook_pane}:#{hook_session_name}:#{hook_window_name}:[#{hook_client}] '",
        ]);
    }
    let printf = "printf '\\033]52;c;%s\\007'";
    both(&[
        "send-keys",
        "-t",
        "a",
        &printf.replace("%s", "aGVsbG8="),
        "Enter",
    ]);
    std::thread::sleep(std::time::Duration::from_millis(700));
    both(&["set", "-s", "set-clipboard", "on"]);
    both(&[
        "send-keys",
        "-t",
        "a",
        &printf.replace("%s", "d29ybGQ="),
        "Enter",
    ]);
    let mut seen = agreed(&cc, &tx, "", "OSC 52");
    assert_eq!(seen, "pane-set-clipboard:%0:::[] \n");
    both(&["send-keys", "-t", "a", "printf 'abc\\n'", "Enter"]);
    cc.wait_for("a", "abc\n");
    both(&["copy-mode", "-t", "a"]);
    both(&["send-keys", "-t", "a", "-X", "cursor-up"]);
    both(&["send-keys", "-t", "a", "-X", "select-line"]);
    both(&["send-keys", "-t", "a", "-X", "copy-selection-and-cancel"]);
    seen = agreed(&cc, &tx, &seen, "a copy");
    both(&["new-window", "-d"]);
    both(&["select-window", "-t", ":1"]);
    both(&["split-window"]);
    both(&["rename-window", "foo"]);
    both(&["rename-session", "b"]);
    agreed(&cc, &tx, &seen, "window and session commands");
    let buffers = |run: &dyn Fn(&[&str]) -> common::Run| {
        run(&["list-buffers", "-F", "#{buffer_name}:#{buffer_sample}"]).stdout
    };
    assert_eq!(buffers(&|a| cc.run(a)), buffers(&|a| tx.run(a)));
}

/// Appending to arrays (`set-hook -a`, `set -a`) takes the first free index, as tmux's
/// options_array_assign; `show-hooks NAME` shows that hook only. Same lines, same output.
#[test]
fn appended_items_and_show_hooks_of_one_name_as_in_tmux() {
    let Some((cc, tx)) = servers() else { return };
    let lines: &[&[&str]] = &[
        &["new", "-d", "-s", "a", "sh"],
        &["set-hook", "-g", "after-new-window[3]", "display x"],
        &["set-hook", "-ga", "after-new-window", "display y"],
        &["set-hook", "-ga", "after-new-window", "display z"],
        &["set-hook", "-ga", "after-new-window", "display w"],
        &["set-hook", "-ga", "after-new-window", "display v"],
        &["show-hooks", "-g", "after-new-window"],
        &["show-hooks", "-g", "after-new-window[3]"],
        &["show-hooks", "-g", "pane-exited"],
        &["show-hooks", "pane-exited"],
        &["show-hooks", "-g", "nosuch"],
        &["set", "-ga", "update-environment", "FOO"],
        &["set", "-ga", "update-environment", "BAR BAZ"],
        &["show", "-g", "update-environment"],
        &["set", "-g", "command-alias[20]", "zz=list-keys"],
        &["set", "-ga", "command-alias", "yy=lsk"],
        &["show", "-g", "command-alias"],
        &["set-hook", "-ga", "after-new-window", "nosuchcommand"],
        &["show-hooks", "-g", "after-new-window"],
    ];
    for args in lines {
        let (c, t) = (cc.run(args), tx.run(args));
        assert_eq!(
            (c.status, &c.stdout, &c.stderr),
            (t.status, &t.stdout, &t.stderr),
            "{args:?}: ccmux (left), tmux (right)"
        );
    }
}

/// split-window and kill-pane tell window-layout-changed and window-pane-changed as tmux does.
#[test]
fn layout_and_pane_changes_of_splits_and_kills_as_in_tmux() {
    let Some((cc, tx)) = servers() else { return };
    let both = |args: &[&str]| on_both(&cc, &tx, args);
    both(&["new", "-d", "-s", "a", "sh"]);
    for hook in ["window-pane-changed", "window-layout-changed"] {
        both(&[
            "set-hook",
            "-g",
            hook,
            "set -gaF @log '#{hook}:#{hook_window} '",
        ]);
    }
    both(&["split-window", "-d", "sh"]);
    both(&["split-window", "sh"]);
    both(&["resize-pane", "-y", "3"]);
    both(&["kill-pane", "-t", ".1"]);
    both(&["kill-pane"]);
    let seen = agreed(&cc, &tx, "", "splits and kills");
    assert!(seen.contains("window-pane-changed"), "{seen}");
}

/// A pane whose process ends closes with pane-exited, window-layout-changed and, when it was the
/// active one, window-pane-changed, as tmux's server_destroy_pane.
#[test]
fn a_pane_that_ends_tells_its_window_as_in_tmux() {
    let Some((cc, tx)) = servers() else { return };
    let both = |args: &[&str]| on_both(&cc, &tx, args);
    both(&["new", "-d", "-s", "a", "sh"]);
    for hook in [
        "pane-exited",
        "window-pane-changed",
        "window-layout-changed",
    ] {
        both(&[
            "set-hook",
            "-g",
            hook,
            "set -gaF @log '#{hook}:#{hook_window} '",
        ]);
    }
    let pane_ended = |log: &str| log.matches("pane-exited").count();
    let start = std::time::Instant::now();
    for (n, split) in [
        (1, &["split-window", "-d", "sleep 0.3"][..]),
        (2, &["split-window", "sleep 0.3"]),
    ] {
        both(split);
        while pane_ended(&log(|a| cc.run(a))) < n || pane_ended(&log(|a| tx.run(a))) < n {
            assert!(start.elapsed().as_secs() < 20, "the pane did not end");
            std::thread::sleep(std::time::Duration::from_millis(30));
        }
    }
    let seen = agreed(
        &cc,
        &tx,
        "",
        "an inactive pane's end, then the active one's",
    );
    assert!(
        seen.ends_with("pane-exited: window-layout-changed:@0 window-pane-changed:@0 \n"),
        "{seen}"
    );
}

/// A hook's commands run no hooks, focus hooks included: a pane-focus-in hook that selects another
/// pane runs once, not for ever (tmux's CMDQ_STATE_NOHOOKS).
#[test]
fn a_focus_hook_that_moves_the_focus_runs_once_as_in_tmux() {
    let Some((cc, tx)) = servers() else { return };
    let both = |args: &[&str]| on_both(&cc, &tx, args);
    both(&["new", "-d", "-s", "a", "sh"]);
    both(&["set", "-g", "focus-events", "on"]);
    both(&["split-window", "-d", "sh"]);
    both(&[
        "set-hook",
        "-g",
        "pane-focus-in",
        "set -gaF @log '#{hook}:#{hook_pane} '",
    ]);
    both(&["set-hook", "-ga", "pane-focus-in", "select-pane -t :.+"]);
    let o = Outer::new("focusonce");
    attach_both(&o, &cc, &tx);
    let seen = agreed(&cc, &tx, "", "attach");
    assert_eq!(seen, "pane-focus-in:%0 \n");
    let active =
        |run: &dyn Fn(&[&str]) -> common::Run| run(&["display", "-p", "#{pane_id}"]).stdout;
    assert_eq!(active(&|a| cc.run(a)), "%1\n");
    assert_eq!(active(&|a| cc.run(a)), active(&|a| tx.run(a)));
}
