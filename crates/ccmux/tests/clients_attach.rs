//! Attached clients: read-only clients (`attach -r`, `switch-client -r`), `detach-client -P` and
//! `-E`, and `update-environment` at attach; ccmux and tmux 3.3a side by side where they agree.

mod common;

use common::outer::{client_command, Outer};
use common::side::Side;
use common::Ccmux;
use std::time::Duration;

const FLAGS: &[&str] = &["list-clients", "-F", "#{client_flags} #{client_readonly}"];

#[test]
fn read_only_clients_run_only_read_only_bindings() {
    let Some(side) = Side::new(
        "readonly",
        &[&["new", "-d", "-s", "a", "-x", "80", "-y", "24"]],
    ) else {
        eprintln!("SKIPPED: tmux is not installed; nothing to compare with");
        return;
    };
    side.cc.wait_for("a", "$");
    side.attach(80, 24, "-r -t a");
    let (c, t) = side.both(FLAGS);
    assert_eq!(c, t);
    assert!(
        c.contains("ignore-size,read-only") && c.ends_with(" 1\n"),
        "{c}"
    );
    // Typed keys reach no pane.
    side.keys(&["echo TYPED-RO", "Enter"]);
    std::thread::sleep(Duration::from_millis(500));
    assert!(!side.cc.capture("a").contains("TYPED-RO"));
    // A binding of a command that is not read-only is refused with tmux's message; nothing is
    // made.
    side.keys(&["C-b", "c"]);
    side.same("Client is read-only");
    let (c, t) = side.both(&["lsw", "-t", "a", "-F", "#I"]);
    assert_eq!((c.as_str(), t.as_str()), ("0\n", "0\n"));
    // switch-client -r makes the client writable again.
    side.both(&["switch-client", "-r"]);
    let (c, t) = side.both(FLAGS);
    assert_eq!(c, t);
    assert!(c.ends_with(" 0\n") && !c.contains("read-only"), "{c}");
    side.keys(&["echo TYPED-RW", "Enter"]);
    side.cc.wait_for("a", "\nTYPED-RW");
    // And read-only once more; detaching (a read-only command) still works.
    side.both(&["switch-client", "-r"]);
    side.keys(&["C-b", "d"]);
    side.o.wait_for("cc", "[detached (from session a)]");
    side.o.wait_for("tx", "[detached (from session a)]");
}

/// An outer session `o` whose shell runs the client (so the client's parent is that shell).
fn shell_with_client(o: &Outer, cc: &Ccmux, env: &str, args: &str) {
    o.tmux(&[
        "new-session",
        "-d",
        "-s",
        "o",
        "-x",
        "80",
        "-y",
        "24",
        "env PS1='$ ' ENV= sh -i",
    ]);
    o.tmux(&["set", "-g", "status", "off"]);
    o.keys(
        "o",
        &[&format!("{env} {}", client_command(cc, args)), "Enter"],
    );
}

#[test]
fn detach_client_p_hangs_up_the_clients_parent() {
    let cc = Ccmux::new();
    cc.session("a");
    let o = Outer::new("detachp");
    shell_with_client(&o, &cc, "", "attach -t a");
    o.wait_for("o", "[a] 0:");
    cc.ok(&["detach-client", "-P"]);
    // The shell the client ran from got SIGHUP: the outer pane is gone.
    cc.wait_until("the parent shell is hung up", || {
        !o.tmux(&["list-sessions", "-F", "#S"]).contains('o')
    });
}

#[test]
fn detach_client_e_runs_a_command_in_place_of_the_client() {
    let cc = Ccmux::new();
    cc.session("a");
    let o = Outer::new("detache");
    shell_with_client(&o, &cc, "", "attach -t a");
    o.wait_for("o", "[a] 0:");
    cc.ok(&["detach-client", "-E", "echo EXEC-$((40+2)); sleep 30"]);
    let screen = o.wait_for("o", "EXEC-42");
    // No detach message: the command replaced the client.
    assert!(!screen.contains("[detached"), "{screen}");
    assert_eq!(cc.ok(&["list-clients"]), "");
}

#[test]
fn update_environment_is_applied_at_attach() {
    let cc = Ccmux::new();
    cc.session("a");
    cc.ok(&["set", "-g", "update-environment", "DISPLAY XYZ_*"]);
    cc.ok(&["set-environment", "-t", "a", "DISPLAY", ":1"]);
    let o = Outer::new("updenv");
    shell_with_client(&o, &cc, "DISPLAY=:42 XYZ_TWO=2 XYZ_TWP=3", "attach -t a");
    o.wait_for("o", "[a] 0:");
    // As tmux's environ_update: a pattern takes the client's first match; a name the client does
    // not have is marked removed.
    let env = cc.ok(&["show-environment", "-t", "a"]);
    assert!(env.contains("DISPLAY=:42\n"), "{env}");
    assert!(
        env.contains("XYZ_TWO=2\n") && !env.contains("XYZ_TWP"),
        "{env}"
    );
    cc.ok(&["set", "-g", "update-environment", "NOT_SET_ANYWHERE"]);
    cc.ok(&["detach-client"]);
    o.wait_for("o", "[detached");
    cc.wait_until("no client", || cc.ok(&["list-clients"]).is_empty());
    o.keys("o", &["clear", "Enter"]);
    o.wait("o", "a cleared screen", |s| !s.contains("[detached"));
    // attach -E leaves the environment alone.
    o.keys(
        "o",
        &[
            &format!("DISPLAY=:7 {}", client_command(&cc, "attach -E -t a")),
            "Enter",
        ],
    );
    o.wait_for("o", "[a] 0:");
    let env = cc.ok(&["show-environment", "-t", "a"]);
    assert!(
        env.contains("DISPLAY=:42\n") && !env.contains("NOT_SET"),
        "{env}"
    );
    cc.ok(&["detach-client"]);
    o.wait_for("o", "[detached");
    cc.wait_until("no client", || cc.ok(&["list-clients"]).is_empty());
    o.keys("o", &["clear", "Enter"]);
    o.wait("o", "a cleared screen", |s| !s.contains("[detached"));
    o.keys("o", &[&client_command(&cc, "attach -t a"), "Enter"]);
    o.wait_for("o", "[a] 0:");
    let env = cc.ok(&["show-environment", "-t", "a"]);
    assert!(env.contains("-NOT_SET_ANYWHERE\n"), "{env}");
}

#[test]
fn attach_x_detaches_the_others_with_sighup() {
    let cc = Ccmux::new();
    cc.session("a");
    let o = Outer::new("attachx");
    shell_with_client(&o, &cc, "", "attach -t a");
    o.wait_for("o", "[a] 0:");
    o.start(&cc, "p", 80, 24, "attach -x -t a");
    o.wait_for("p", "[a] 0:");
    // The first client's shell was hung up; the new client stays.
    cc.wait_until("the first client's shell is hung up", || {
        !o.tmux(&["list-sessions", "-F", "#S"])
            .lines()
            .any(|l| l == "o")
    });
    assert_eq!(cc.ok(&["list-clients", "-F", "#{session_name}"]), "a\n");
}
