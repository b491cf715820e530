//! run-shell and if-shell (jobs run off the server's lock while the command waits), a `tmux` that
//! reaches ccmux for plugin scripts, and tmux tooling pointed at ccmux through a `tmux` symlink.

mod common;
use common::{Ccmux, Tmux};

#[test]
fn run_shell_and_if_shell_match_tmux() {
    let Some(tmux) = Tmux::new() else {
        eprintln!("SKIPPED: tmux is not installed; nothing compared");
        return;
    };
    let t = Ccmux::new();
    tmux.run(&["new-session", "-d", "-s", "r"]);
    t.ok(&["new-session", "-d", "-s", "r"]);
    let lines: &[&[&str]] = &[
        &["run-shell", "echo hello; echo world"],
        &["run-shell", "exit 3"],
        &["run-shell", "echo partial; exit 2"],
        &["run-shell", "echo #{session_name}"],
        &["if-shell", "true", "display -p yes", "display -p no"],
        &["if-shell", "false", "display -p yes", "display -p no"],
        &["if-shell", "false", "display -p yes"],
        &[
            "if-shell",
            "-F",
            "#{==:#{session_name},r}",
            "display -p same",
            "display -p other",
        ],
        &["if-shell", "-F", "0", "display -p yes", "display -p no"],
        &["if-shell", "true", "bogus-command"],
        &["run-shell", "-C", "display -p from-C"],
        &["if", "true", "display -p a ; display -p b"],
        &["run-shell", "true", ";", "display", "-p", "after"],
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

#[test]
fn a_job_does_not_block_the_server() {
    let t = Ccmux::new();
    t.session("j");
    let mut slow = t
        .command()
        .args(["run-shell", "sleep 2; echo done"])
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(200));
    let started = std::time::Instant::now();
    t.ok(&["ls"]);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(1),
        "another client waited for the job"
    );
    assert!(slow.wait().unwrap().success());
    // -b returns at once; the job's tmux calls reach this server.
    t.ok(&["run-shell", "-b", "sleep 0.2; tmux set -g @bg done"]);
    t.wait_until("the background job", || {
        t.run(&["show", "-gv", "@bg"]).stdout == "done\n"
    });
}

/// A config that loads a plugin manager: the plugin script calls `tmux`, which reaches this ccmux
/// server (never a real tmux server), and what it sets is there when the first command runs.
#[test]
fn plugin_scripts_run_from_the_config_talk_to_ccmux() {
    let t = Ccmux::new();
    let plugin = t.path("home/.tmux/plugins/tpm/tpm");
    std::fs::create_dir_all(plugin.parent().unwrap()).unwrap();
    std::fs::write(
        &plugin,
        "#!/bin/sh\n\
         tmux set -g @tpm-loaded yes\n\
         tmux bind-key T display-message 'from a plugin'\n\
         tmux -V > \"$HOME/version-seen\"\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&plugin, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::write(
        t.path("home/.tmux.conf"),
        "set -g @plugin 'tmux-plugins/tpm'\nrun '~/.tmux/plugins/tpm/tpm'\nset -g @after-run yes\n",
    )
    .unwrap();
    let tmux_tmp = t.path("tmux-tmp");
    std::fs::create_dir_all(&tmux_tmp).unwrap();
    let out = t
        .command()
        .env("TMUX_TMPDIR", &tmux_tmp)
        .args(["new-session", "-d", "-s", "p"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The first command ran after the whole config, plugin included.
    assert_eq!(t.ok(&["show", "-gv", "@tpm-loaded"]), "yes\n");
    assert_eq!(t.ok(&["show", "-gv", "@after-run"]), "yes\n");
    let k = t.ok(&["list-keys", "-T", "prefix", "T"]);
    assert!(k.contains("display-message \"from a plugin\""), "{k}");
    let seen = std::fs::read_to_string(t.path("home/version-seen")).unwrap();
    assert_eq!(
        seen, "tmux 3.3a\n",
        "tools probing tmux -V see a tmux version"
    );
    // No real tmux server was started or touched.
    assert_eq!(
        std::fs::read_dir(&tmux_tmp).unwrap().count(),
        0,
        "a real tmux socket appeared"
    );
}

/// tmux tooling pointed at ccmux: a `tmux` symlink to ccmux behaves as tmux (`-V`, `$TMUX`).
#[test]
fn a_tmux_symlink_behaves_as_tmux() {
    let t = Ccmux::new();
    t.session("s");
    let bin = t.path("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_ccmux"), bin.join("tmux")).unwrap();
    let tmux = |args: &[&str]| {
        let out = t
            .command()
            .env("TMUX", format!("{},1,0", t.socket().display()))
            .env("CCMUX_TMPDIR", t.path("elsewhere"))
            .args(args)
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
        out.unwrap()
    };
    let mut c = std::process::Command::new(bin.join("tmux"));
    c.arg("-V");
    assert_eq!(
        String::from_utf8_lossy(&c.output().unwrap().stdout),
        "tmux 3.3a\n"
    );
    // Through $TMUX, even with the default socket directory pointing elsewhere.
    let out = std::process::Command::new(bin.join("tmux"))
        .env("TMUX", format!("{},1,0", t.socket().display()))
        .env("CCMUX_TMPDIR", t.path("elsewhere"))
        .args(["ls", "-F", "#{session_name}"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "s\n");
    let _ = tmux;
}

/// Inside a pane of a server started with -L, plain `ccmux` talks to that server ($CCMUX).
#[test]
fn inside_a_pane_commands_reach_the_panes_server() {
    let t = Ccmux::new();
    t.ok(&["-L", "work", "new-session", "-d", "-s", "w"]);
    t.wait_for_args(&["-L", "work", "capture-pane", "-p", "-t", "w"], "$");
    t.ok(&[
        "-L",
        "work",
        "send-keys",
        "-t",
        "w",
        &format!(
            "{} rename-session inner; echo renamed",
            env!("CARGO_BIN_EXE_ccmux")
        ),
        "Enter",
    ]);
    t.wait_for_args(
        &["-L", "work", "capture-pane", "-p", "-t", "inner"],
        "\nrenamed",
    );
    t.ok(&["-L", "work", "kill-server"]);
}

/// A new pane's process is forked held and let go when its command is done: a command list that
/// waits for what that process does must still finish (the process is let go before the wait).
#[test]
fn a_command_list_can_wait_for_the_program_of_the_window_it_made() {
    let t = Ccmux::new();
    t.session("w");
    let program = format!("{} wait-for -S made", env!("CARGO_BIN_EXE_ccmux"));
    let mut list = t
        .command()
        .args([
            "new-window",
            "-d",
            "-n",
            "made",
            &program,
            ";",
            "wait-for",
            "made",
        ])
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = list.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > std::time::Duration::from_secs(10) {
            let _ = list.kill();
            panic!("new-window ; wait-for never finished: the program was never let go");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert!(status.success());
    // And the plain case: the program of a new window runs once its command has returned.
    let done = t.path("ran");
    t.ok(&[
        "new-window",
        "-d",
        &format!("touch {}; sleep 30", done.display()),
    ]);
    t.wait_until("the new window's program ran", || done.exists());
}

#[test]
fn wait_for_blocks_until_signalled_and_locks_queue() {
    let t = Ccmux::new();
    t.session("w");
    // A waiter stays blocked until the channel is signalled.
    let mut waiter = t.command().args(["wait-for", "ch"]).spawn().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(waiter.try_wait().unwrap().is_none(), "released too early");
    // The server keeps serving while a client waits.
    assert_eq!(t.ok(&["ls", "-F", "#{session_name}"]), "w\n");
    t.ok(&["wait-for", "-S", "ch"]);
    assert!(waiter.wait().unwrap().success());
    // A signal with nobody waiting is kept for the next wait, once.
    t.ok(&["wait-for", "-S", "early"]);
    t.ok(&["wait-for", "early"]);
    // Pane scripts synchronise on a lock: the second locker waits for the first to unlock.
    t.ok(&["wait-for", "-L", "lk"]);
    let mut second = t.command().args(["wait-for", "-L", "lk"]).spawn().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(second.try_wait().unwrap().is_none(), "lock taken twice");
    t.ok(&["wait-for", "-U", "lk"]);
    assert!(second.wait().unwrap().success());
    t.ok(&["wait-for", "-U", "lk"]);
    let r = t.run(&["wait-for", "-U", "lk"]);
    assert_eq!(
        (r.status, r.stderr.as_str()),
        (1, "channel lk not locked\n")
    );
    // The start-up config has no client to wait: an error, not a server that never starts.
    let t = Ccmux::new();
    let conf = t.path("config/ccmux/ccmux.conf");
    std::fs::create_dir_all(conf.parent().unwrap()).unwrap();
    std::fs::write(&conf, "wait-for nobody\nset -g @after yes\n").unwrap();
    t.session("c");
    assert_eq!(t.ok(&["show", "-gv", "@after"]), "yes\n");
    assert!(t.ok(&["show-messages"]).contains("not able to wait"));
}

#[test]
fn list_commands_matches_tmux_for_shared_commands() {
    let Some(tmux) = Tmux::new() else {
        eprintln!("SKIPPED: tmux is not installed; nothing compared");
        return;
    };
    let t = Ccmux::new();
    for args in [
        &["list-commands", "new-window"][..],
        &["lscm", "neww"],
        &["lscm", "nosuch"],
        &[
            "lscm",
            "-F",
            "#{command_list_name}:#{command_list_alias}",
            "wait-for",
        ],
        &["lscm", "bind-key"],
    ] {
        let (a, b) = (tmux.run(args), t.run(args));
        assert_eq!((a.status, a.stdout), (b.status, b.stdout), "{args:?}");
    }
    // Every tmux command is known to ccmux (implemented, or an error that says it is not yet).
    let names = |out: String| -> Vec<String> {
        out.lines()
            .filter_map(|l| l.split_whitespace().next().map(String::from))
            .collect()
    };
    let ours = names(t.ok(&["lscm"]));
    for name in names(tmux.run(&["lscm"]).stdout) {
        assert!(ours.contains(&name), "{name} unknown to ccmux");
    }
}
