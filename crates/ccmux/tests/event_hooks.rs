//! Server-event hooks as tmux's notify.c runs them: `client-attached`, `client-detached` when a client
//! comes and goes, `pane-exited` when a pane's process ends and the pane closes, `pane-died` when it
//! stays dead (remain-on-exit). Compared with tmux 3.3a where both can run the same lines.

mod common;

use common::outer::{client_command, Outer};
use common::{Ccmux, Tmux};

fn user_option(run: impl Fn(&[&str]) -> common::Run, name: &str) -> String {
    run(&["show", "-gv", name]).stdout
}

#[test]
fn pane_exited_and_pane_died_run_as_in_tmux() {
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
