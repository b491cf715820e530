//! `command-alias`: the default aliases (`split-pane`, `splitp`, `info`...) and the user's, from the
//! command line, a config file and a key binding, the same command lines run on tmux 3.3a and
//! ccmux, their output, errors and statuses compared.

mod common;

use common::{Ccmux, Tmux};

#[test]
fn aliases_run_as_tmux_runs_them() {
    let Some(tmux) = Tmux::new() else {
        eprintln!("SKIPPED: tmux is not installed; nothing to compare with");
        return;
    };
    let cc = Ccmux::new();
    let lines: &[&[&str]] = &[
        &["new", "-d", "-s", "a", "-x", "80", "-y", "24"],
        // Defaults.
        &["split-pane", "-h", "-t", "a"],
        &["splitp", "-t", "a"],
        &["list-panes", "-t", "a", "-F", "#{pane_index}"],
        // The user's: the arguments go to the alias's last command.
        &["set", "-s", "command-alias[10]", "hi=display -p hello"],
        &["hi"],
        &["hi", "-F", "x"],
        &[
            "set",
            "-s",
            "command-alias[11]",
            "two=display -p one ; display -p",
        ],
        &["two", "second"],
        // An alias of nothing known; one that shadows a command.
        &["set", "-s", "command-alias[12]", "bad=nosuch"],
        &["bad"],
        &[
            "set",
            "-s",
            "command-alias[13]",
            "kill-pane=display -p shadowed",
        ],
        &["kill-pane", "-t", "a.0"],
        &["list-panes", "-t", "a", "-F", "#{pane_index}"],
        // Not abbreviated, not an alias once removed.
        &["tw", "x"],
        &["set", "-su", "command-alias[11]"],
        &["two", "x"],
        &["show", "-s", "command-alias"],
    ];
    for line in lines {
        let c = cc.run(line);
        let t = tmux.run(line);
        assert_eq!(
            (c.status, c.stdout.as_str(), c.stderr.as_str()),
            (t.status, t.stdout.as_str(), t.stderr.as_str()),
            "{line:?}"
        );
    }
    // In a config file and a binding: resolved by the server when they run.
    let conf = cc.path("alias.conf");
    std::fs::write(&conf, "splitp -t a\n").unwrap();
    for run in [
        &cc.run(&["source-file", conf.to_str().unwrap()]),
        &tmux.run(&["source-file", conf.to_str().unwrap()]),
    ] {
        assert_eq!(run.status, 0, "{}", run.stderr);
    }
    // A binding holds the alias's commands (tmux expands it when it parses the binding).
    for run in [
        &cc.run(&["bind", "-n", "F9", "hi"]),
        &tmux.run(&["bind", "-n", "F9", "hi"]),
    ] {
        assert_eq!(run.status, 0, "{}", run.stderr);
    }
    let keys = ["list-keys", "-T", "root", "F9"];
    assert_eq!(cc.ok(&keys), tmux.run(&keys).stdout);
    assert_eq!(
        cc.ok(&keys),
        "bind-key -T root F9 display-message -p hello\n"
    );
    assert_eq!(
        cc.ok(&["list-panes", "-t", "a", "-F", "#{pane_index}"]),
        tmux.run(&["list-panes", "-t", "a", "-F", "#{pane_index}"])
            .stdout
    );
}
