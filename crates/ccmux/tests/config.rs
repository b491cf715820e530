//! A tmux user's config just works: `~/.tmux.conf` is sourced when a server starts, with tmux's syntax and
//! options; `-f` takes tmux-syntax files (and `config.toml`); errors name the file and line and the rest
//! loads; options, bindings and hooks survive a crash as part of the saved state.

mod common;
use common::{kill9, Ccmux};

const TMUX_CONF: &str = r##"# a typical ~/.tmux.conf
set -g prefix C-a
unbind C-b
bind C-a send-prefix
set -g base-index 1
setw -g pane-base-index 1
set -g mouse on
bind | split-window -h -c "#{pane_current_path}"
bind-key -T copy-mode-vi v send -X begin-selection
set -g status-right '#H %H:%M'
set -g @plugin 'tmux-plugins/tpm'
set -g history-limit 5000
%if "#{==:#{host},no-such-host-here}"
set -g status-style bg=red
%else
set -g status-style bg=blue
%endif
set-hook -g after-new-window 'set -g @windows-made yes'
"##;

fn with_tmux_conf(text: &str) -> Ccmux {
    let t = Ccmux::new();
    std::fs::write(t.path("home/.tmux.conf"), text).unwrap();
    t
}

#[test]
fn a_tmux_conf_is_sourced_at_start() {
    let t = with_tmux_conf(TMUX_CONF);
    t.session("c");
    assert_eq!(t.ok(&["show", "-gv", "prefix"]), "C-a\n");
    assert_eq!(t.ok(&["show", "-gv", "mouse"]), "on\n");
    assert_eq!(t.ok(&["show", "-gv", "status-right"]), "#H %H:%M\n");
    assert_eq!(t.ok(&["show", "-gv", "@plugin"]), "tmux-plugins/tpm\n");
    assert_eq!(t.ok(&["show", "-gv", "status-style"]), "bg=blue\n");
    assert_eq!(t.ok(&["show", "-gv", "history-limit"]), "5000\n");
    assert_eq!(t.ok(&["show", "-gwv", "pane-base-index"]), "1\n");
    // base-index and pane-base-index apply to the session made after.
    assert_eq!(
        t.ok(&["lsp", "-t", "c", "-F", "#{window_index}.#{pane_index}"]),
        "1.1\n"
    );
    assert_eq!(
        t.ok(&["display", "-p", "-t", "c", "#{history_limit}"]),
        "5000\n"
    );
    // Bindings: C-a sends the prefix, C-b is gone, | splits.
    let keys = t.ok(&["list-keys", "-T", "prefix"]);
    assert!(
        keys.contains("C-a") && keys.contains("send-prefix"),
        "{keys}"
    );
    assert!(!keys.lines().any(|l| l.contains(" C-b ")), "{keys}");
    let bar = keys.lines().find(|l| l.contains(" | ")).unwrap();
    assert!(
        bar.ends_with("split-window -h -c \"#{pane_current_path}\""),
        "{bar}"
    );
    let vi = t.ok(&["list-keys", "-T", "copy-mode-vi", "v"]);
    assert!(vi.contains("send-keys -X begin-selection"), "{vi}");
    // The hook fires.
    t.ok(&["new-window", "-d", "-t", "c"]);
    assert_eq!(t.ok(&["show", "-gv", "@windows-made"]), "yes\n");
}

#[test]
fn options_bindings_and_hooks_survive_a_crash() {
    let t = Ccmux::new();
    t.session("s");
    t.ok(&["set", "-g", "status-left", "[crash-proof] "]);
    t.ok(&["setw", "-t", "s", "mode-keys", "vi"]);
    t.ok(&["bind", "-T", "prefix", "X", "kill-session"]);
    t.ok(&["unbind", "c"]);
    t.ok(&["set-hook", "-g", "session-renamed", "set -g @renamed yes"]);
    t.ok(&["set", "-t", "s", "@mine", "1"]);
    kill9(t.server_pid().unwrap());
    assert_eq!(t.ok(&["show", "-gv", "status-left"]), "[crash-proof] \n");
    assert_eq!(t.ok(&["showw", "-t", "s", "-v", "mode-keys"]), "vi\n");
    assert_eq!(t.ok(&["show", "-t", "s", "-v", "@mine"]), "1\n");
    let x = t.ok(&["list-keys", "-T", "prefix", "X"]);
    assert!(x.contains("kill-session"), "{x}");
    let r = t.run(&["list-keys", "-T", "prefix", "c"]);
    assert_eq!(r.status, 1, "c stays unbound: {}", r.stdout);
    t.ok(&["rename-session", "-t", "s", "renamed"]);
    assert_eq!(t.ok(&["show", "-gv", "@renamed"]), "yes\n");
}

/// Appended hooks and array items are logged one item at a time (`OptionItemSet`), and come back
/// whole after a crash, with items removed staying removed.
#[test]
fn appended_hooks_and_array_items_survive_a_crash() {
    let t = Ccmux::new();
    t.session("s");
    for i in 0..5 {
        t.ok(&[
            "set-hook",
            "-ga",
            "after-new-window",
            &format!("set -g @hooked-{i} yes"),
        ]);
    }
    t.ok(&["set", "-g", "status-format[5]", "#[align=right]five"]);
    t.ok(&["set", "-gu", "status-format[1]"]);
    t.ok(&["set-hook", "-gu", "after-new-window[2]"]);
    let after_new_window = |t: &Ccmux| -> String {
        t.ok(&["show-hooks", "-g"])
            .lines()
            .filter(|l| l.starts_with("after-new-window"))
            .map(|l| format!("{l}\n"))
            .collect()
    };
    let hooks = after_new_window(&t);
    let formats = t.ok(&["show", "-g", "status-format"]);
    assert_eq!(hooks.lines().count(), 4, "{hooks}");
    assert!(
        formats.contains("status-format[5] \"#[align=right]five\""),
        "{formats}"
    );
    assert!(!formats.contains("status-format[1]"), "{formats}");
    kill9(t.server_pid().unwrap());
    assert_eq!(after_new_window(&t), hooks);
    assert_eq!(t.ok(&["show", "-g", "status-format"]), formats);
    // The records hold items: five appends and an unset are small records, not five arrays.
    let wal: u64 = std::fs::read_dir(t.state_dir().join("wal"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let bytes = std::fs::read(p).unwrap();
            bytes.windows(10).filter(|w| *w == b"set -g @ho").count() as u64
        })
        .sum();
    assert!(
        wal <= 6,
        "each hook's text is logged once, not again with every append: {wal}"
    );
}

#[test]
fn errors_name_file_and_line_and_the_rest_loads() {
    let t = with_tmux_conf(
        "set -g @a 1\nset -g status-style bogus=1\nset -g @c 3\nset -g no-such-option x\nset -g @d 4\n",
    );
    t.session("e");
    assert_eq!(t.ok(&["show", "-gv", "@a"]), "1\n");
    assert_eq!(t.ok(&["show", "-gv", "@c"]), "3\n");
    assert_eq!(t.ok(&["show", "-gv", "@d"]), "4\n");
    let messages = t.ok(&["show-messages"]);
    assert!(
        messages.contains(".tmux.conf:2: invalid style: bogus=1"),
        "{messages}"
    );
    assert!(
        messages.contains(".tmux.conf:4: invalid option: no-such-option"),
        "{messages}"
    );
}

#[test]
fn a_file_that_does_not_parse_runs_nothing_as_in_tmux() {
    let t = with_tmux_conf("set -g @a 1\nno-such-command x\nset -g @b 2\n");
    t.session("p");
    let r = t.run(&["show", "-gv", "@a"]);
    assert_eq!(r.status, 1, "nothing of the file ran");
    let messages = t.ok(&["show-messages"]);
    assert!(
        messages.contains(".tmux.conf:2: unknown command: no-such-command"),
        "{messages}"
    );
}

#[test]
fn source_file_with_globs_quiet_and_check_only() {
    let t = Ccmux::new();
    t.session("f");
    let dir = t.path("conf.d");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a.conf"), "set -g @from-a yes\n").unwrap();
    std::fs::write(dir.join("b.conf"), "set -g @from-b yes\n").unwrap();
    let glob = format!("{}/*.conf", dir.display());
    t.ok(&["source-file", &glob]);
    assert_eq!(t.ok(&["show", "-gv", "@from-a"]), "yes\n");
    assert_eq!(t.ok(&["show", "-gv", "@from-b"]), "yes\n");
    let r = t.run(&["source-file", "/no/such/file"]);
    assert_eq!(r.status, 1);
    assert_eq!(r.stderr, "/no/such/file: No such file or directory\n");
    t.ok(&["source-file", "-q", "/no/such/file"]);
    std::fs::write(dir.join("n.conf"), "set -g @checked yes\n").unwrap();
    t.ok(&["source-file", "-n", &format!("{}/n.conf", dir.display())]);
    assert_eq!(
        t.run(&["show", "-gv", "@checked"]).status,
        1,
        "-n runs nothing"
    );
}

#[test]
fn dash_f_takes_tmux_syntax_files_and_replaces_the_defaults() {
    let t = with_tmux_conf("set -g @from-home yes\n");
    let one = t.path("one.conf");
    let two = t.path("two.conf");
    std::fs::write(&one, "set -g @one 1\n").unwrap();
    std::fs::write(&two, "set -g @two 2\n").unwrap();
    t.ok(&[
        "-f",
        one.to_str().unwrap(),
        "-f",
        two.to_str().unwrap(),
        "new",
        "-d",
        "-s",
        "x",
    ]);
    assert_eq!(t.ok(&["show", "-gv", "@one"]), "1\n");
    assert_eq!(t.ok(&["show", "-gv", "@two"]), "2\n");
    assert_eq!(t.run(&["show", "-gv", "@from-home"]).status, 1);
    t.ok(&["kill-server"]);
    // -f /dev/null: no config at all (tmux's regress scripts do this).
    t.ok(&["-f/dev/null", "new", "-d", "-s", "y"]);
    assert_eq!(t.run(&["show", "-gv", "@from-home"]).status, 1);
}

/// Re-sourcing an unchanged config changes nothing, so nothing is logged (no WAL record, no fsync);
/// a line that does change something is logged.
#[test]
fn re_sourcing_an_unchanged_config_logs_nothing() {
    let t = Ccmux::new();
    // A pane that prints nothing: its output would be logged too.
    t.ok(&["new", "-d", "-s", "a", "sleep 1000"]);
    let conf = t.path("again.conf");
    std::fs::write(
        &conf,
        "set -g status-right 'x'\nsetw -g pane-base-index 1\nbind C-a send-prefix\nset-environment -g FOO bar\n",
    )
    .unwrap();
    let lsn = || {
        let status = t.ok(&["persistence", "status"]);
        status
            .split("next lsn ")
            .nth(1)
            .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|n| n.parse::<u64>().ok())
            .expect("next lsn")
    };
    let path = conf.display().to_string();
    t.ok(&["source-file", &path]);
    let before = lsn();
    t.ok(&["source-file", &path]);
    assert_eq!(lsn(), before, "re-sourcing logged a record");
    assert_eq!(t.ok(&["show", "-gv", "status-right"]), "x\n");
    t.ok(&["set", "-g", "status-right", "y"]);
    assert_eq!(lsn(), before + 1);
}
