//! tmux's command language on the command line: getopt-style flags, command sequences, errors. Where
//! ccmux and tmux should agree, the same command lines run on both and the outputs are compared.

mod common;
use common::{Ccmux, Tmux};

fn panes(t: &Ccmux, target: &str) -> usize {
    t.ok(&["lsp", "-t", target]).lines().count()
}

#[test]
fn attached_values_clusters_and_repeated_flags_parse_as_tmux() {
    let t = Ccmux::new();
    let id = t.ok(&["new-session", "-P", "-F#{session_id}", "-sfoo", "-d"]);
    assert_eq!(id.trim(), "$0");
    assert_eq!(t.ok(&["ls", "-F", "#{session_name}"]), "foo\n");
    // -dP clustered, a flag given twice: the last -t wins (libtmux does this with new-window).
    let out = t.ok(&[
        "new-window",
        "-dP",
        "-t",
        "nope",
        "-tfoo:5",
        "-F",
        "#{window_index}",
    ]);
    assert_eq!(out.trim(), "5");
    // `--` ends the flags: what follows is the command, even if it starts with a dash.
    t.ok(&["split-window", "-d", "-t", "foo:0", "--", "sh"]);
    assert_eq!(panes(&t, "foo:0"), 2);
}

#[test]
fn unknown_flags_are_errors_and_change_nothing() {
    let t = Ccmux::new();
    t.session("u");
    let r = t.run(&["split-window", "-Q"]);
    assert_eq!(r.status, 1);
    assert_eq!(r.stderr, "command split-window: unknown flag -Q\n");
    let r = t.run(&["new-window", "-Z", "vi"]);
    assert_eq!(r.stderr, "command new-window: unknown flag -Z\n");
    let r = t.run(&["new-session", "-d", "-sx", "-Q"]);
    assert_eq!(r.stderr, "command new-session: unknown flag -Q\n");
    assert_eq!(panes(&t, "u"), 1, "nothing was created");
    assert_eq!(t.ok(&["lsw", "-t", "u"]).lines().count(), 1);
    assert_eq!(t.ok(&["ls"]).lines().count(), 1);
    // send-keys -X is not typed into the shell.
    let r = t.run(&["send-keys", "-t", "u", "-X", "cancel"]);
    assert_eq!(r.status, 1, "{}", r.stderr);
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(!t.capture("u").contains("cancel"));
}

#[test]
fn command_sequences_run_in_order_and_stop_at_an_error() {
    let t = Ccmux::new();
    t.ok(&[
        "new",
        "-d",
        "-s",
        "a",
        ";",
        "split-window",
        ";",
        "select-pane",
        "-t",
        "0",
    ]);
    assert_eq!(panes(&t, "a"), 2);
    assert_eq!(
        t.ok(&["display", "-p", "-t", "a", "#{pane_index}"]).trim(),
        "0"
    );
    // `\;` at the end of a word separates too (what a shell passes for `\;`).
    t.ok(&["rename-window", "-t", "a", "one;", "display", "-p", "x"]);
    assert_eq!(t.ok(&["lsw", "-t", "a", "-F", "#W"]), "one\n");
    let r = t.run(&[
        "display", "-p", "hi", ";", "lsw", "-t", "nope", ";", "display", "-p", "after",
    ]);
    assert_eq!(r.status, 1);
    assert_eq!(r.stdout, "hi\n");
    assert_eq!(r.stderr, "can't find session: nope\n");
    // A line that does not parse runs nothing.
    let r = t.run(&["rename-window", "-t", "a", "two", ";", "bogus"]);
    assert_eq!(r.stderr, "unknown command: bogus\n");
    assert_eq!(t.ok(&["lsw", "-t", "a", "-F", "#W"]), "one\n");
}

#[test]
fn non_utf8_arguments_are_a_clear_error() {
    use std::os::unix::ffi::OsStrExt;
    let t = Ccmux::new();
    let out = t
        .command()
        .arg("display")
        .arg("-p")
        .arg(std::ffi::OsStr::from_bytes(b"a\xffb"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not valid UTF-8"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// The same command lines on tmux 3.3a and ccmux: exit status, stdout and stderr agree.
#[test]
fn errors_and_outputs_match_tmux() {
    let Some(tmux) = Tmux::new() else {
        eprintln!("SKIPPED: tmux is not installed; nothing compared");
        return;
    };
    let t = Ccmux::new();
    let setup: &[&str] = &["new-session", "-d", "-s", "cmp", "-x", "80", "-y", "24"];
    assert_eq!(tmux.run(setup).status, 0);
    t.ok(setup);
    let lines: &[&[&str]] = &[
        &["split-window", "-Q"],
        &["bogus"],
        &["kill-"],
        &["rename-window"],
        &["rename-window", "a", "b"],
        &["lsw", "-t", "nope"],
        &["has-session", "-t", "nope"],
        &["has-session", "-t", "cmp"],
        &[
            "display", "-p", "hi", ";", "lsw", "-t", "nope", ";", "display", "-p", "x",
        ],
        &["neww", "-t", "cmp:0"],
        &["selectw", "-t", ":9"],
        &["new-session", "-d", "-s", "cmp"],
        &["new-session", "-d", "-s", "bad", "-x", "0"],
        &["new-session", "-d", "-s", "bad", "-y", "abc"],
        &["split-window", "-t"],
        &["display", "-p", "-F", "#{session_name}:#{window_index}"],
        &["ls", "-F", "#{session_name} #{session_windows}"],
        &["lsw", "-F", "#{window_index} #{window_panes}"],
        &["send-keys", "-t", "cmp", "-N", "0", "x"],
    ];
    // `s` is ambiguous on both; ccmux's list adds its own server-restart.
    let b = t.run(&["s"]);
    assert!(b
        .stderr
        .starts_with("ambiguous command: s, could be: save-buffer, select-layout"));
    for line in lines {
        let a = tmux.run(line);
        let b = t.run(line);
        assert_eq!(
            (a.status, &a.stdout, &a.stderr),
            (b.status, &b.stdout, &b.stderr),
            "tmux and ccmux differ on {line:?}"
        );
    }
}

/// The default key bindings as list-keys and list-keys -N print them, compared with tmux 3.3a.
#[test]
fn default_bindings_list_as_in_tmux() {
    let Some(tmux) = Tmux::new() else {
        eprintln!("SKIPPED: tmux is not installed; nothing compared");
        return;
    };
    let t = Ccmux::new();
    tmux.run(&["new-session", "-d", "-s", "k"]);
    t.ok(&["new-session", "-d", "-s", "k"]);
    for line in [
        &["list-keys"][..],
        &["list-keys", "-N"],
        &["list-keys", "-T", "copy-mode-vi"],
        &["list-keys", "-T", "prefix", "C-o"],
        &["list-keys", "-1N", "-T", "prefix", "c"],
    ] {
        let a = tmux.run(line);
        let b = t.run(line);
        assert_eq!(a.stdout, b.stdout, "{line:?}");
        assert_eq!(a.status, b.status, "{line:?}");
    }
    // Binding, unbinding and listing again agree too.
    for line in [
        &["bind", "-r", "-N", "note", "M-x", "display", "-p", "x y"][..],
        &["unbind", "C-o"],
        &[
            "bind",
            "-n",
            "F5",
            "{",
            "new-window",
            ";",
            "split-window",
            "}",
        ],
    ] {
        assert_eq!(tmux.run(line).status, t.run(line).status, "{line:?}");
    }
    assert_eq!(
        tmux.run(&["list-keys"]).stdout,
        t.run(&["list-keys"]).stdout
    );
}

/// set-environment / show-environment against tmux 3.3a, and new panes get the variables.
#[test]
fn environment_commands_match_tmux_and_reach_panes() {
    let t = Ccmux::new();
    t.session("v");
    t.ok(&["setenv", "-g", "GLOBAL_ONE", "g1"]);
    t.ok(&["setenv", "-t", "v", "SESSION_ONE", "s1"]);
    t.ok(&["setenv", "-h", "-t", "v", "HIDDEN_ONE", "h1"]);
    t.ok(&[
        "neww",
        "-t",
        "v",
        "echo [$GLOBAL_ONE] [$SESSION_ONE] [${HIDDEN_ONE-unset}]; sleep 100",
    ]);
    t.wait_for("v:1", "[g1] [s1] [unset]");
    let Some(tmux) = Tmux::new() else {
        eprintln!("SKIPPED: tmux is not installed; nothing compared");
        return;
    };
    tmux.run(&["new-session", "-d", "-s", "e"]);
    t.ok(&["new-session", "-d", "-s", "e"]);
    let lines: &[&[&str]] = &[
        &["setenv", "-t", "e", "X", "a$b\"c"],
        &["showenv", "-t", "e", "X"],
        &["showenv", "-s", "-t", "e", "X"],
        &["setenv", "-r", "-t", "e", "X"],
        &["showenv", "-t", "e", "X"],
        &["setenv", "-u", "-t", "e", "X"],
        &["showenv", "-t", "e", "X"],
        &["setenv", "-t", "e", "Y"],
        &["setenv", "-u", "-t", "e", "Y", "v"],
        &["setenv", "-t", "nope", "Y", "v"],
        &["setenv", "-g", "-F", "Z", "#{session_name}"],
        &["showenv", "-g", "Z"],
    ];
    for line in lines {
        let a = tmux.run(line);
        let b = t.run(line);
        assert_eq!(
            (a.status, &a.stdout, &a.stderr),
            (b.status, &b.stdout, &b.stderr),
            "tmux and ccmux differ on {line:?}"
        );
    }
}

/// Format variables tools read (layouts, positions, flags) and modifiers, against tmux 3.3a.
#[test]
fn formats_match_tmux() {
    let Some(tmux) = Tmux::new() else {
        eprintln!("SKIPPED: tmux is not installed; nothing compared");
        return;
    };
    let t = Ccmux::new();
    for cmd in [
        &["new-session", "-d", "-s", "f", "-x", "80", "-y", "24"][..],
        &["split-window", "-h", "-t", "f"],
        &["split-window", "-v", "-t", "f"],
        &["new-window", "-d", "-t", "f:", "-n", "second"],
        &["set", "-g", "@word", "hello world"],
    ] {
        assert_eq!(tmux.run(cmd).status, 0);
        t.ok(cmd);
    }
    let lines: &[&[&str]] = &[
        &["lsw", "-t", "f", "-F", "#{window_index} #{window_layout} #{window_panes} #{window_start_flag}#{window_end_flag}"],
        &["lsp", "-t", "f:0", "-F", "#{pane_index} #{pane_at_top}#{pane_at_bottom}#{pane_at_left}#{pane_at_right} #{pane_left},#{pane_top},#{pane_right},#{pane_bottom}"],
        &["display", "-p", "-t", "f", "#{active_window_index} #{last_window_index} #{session_windows}"],
        &["display", "-p", "#{=5:@word}|#{=-5:@word}|#{p12:@word}|#{n:@word}|#{l:x#{y}}"],
        &["display", "-p", "#{s/o/0/:@word} #{m:*wor*,#{@word}} #{==:a,a} #{e|+|:2,3} #{e|*|f|2:1.5,2}"],
        &["display", "-p", "#{?#{==:#{session_name},f},yes,no} #{b:/usr/bin/env} #{d:/usr/bin/env}"],
        &["display", "-p", "#{W:#{window_index}:#{window_name} ,}"],
        &["display", "-p", "-t", "f:0", "#{P:#{pane_index}#{?pane_active,*,} }"],
        &["display", "-p", "#{S:#{session_name} }"],
        &["display", "-p", "#{N/s:f} #{N/s:nope} #{q:@word}"],
        &["ls", "-F", "#{session_name}", "-f", "#{==:#{session_windows},2}"],
        &["lsw", "-t", "f", "-F", "#{window_name}", "-f", "#{m:sec*,#{window_name}}"],
    ];
    for line in lines {
        let a = tmux.run(line);
        let b = t.run(line);
        assert_eq!(
            (a.status, &a.stdout, &a.stderr),
            (b.status, &b.stdout, &b.stderr),
            "tmux and ccmux differ on {line:?}"
        );
    }
}
