//! Where an attached client goes when its session is killed (`detach-on-destroy`), ccmux and tmux
//! 3.3a side by side through real terminals: `off` moves it to the least recently used other
//! session, `no-detached` to one no client is attached to, `on` (the default) detaches it.

mod common;

use common::control::{ccmux_command, normalise, tmux_command, Control, QUIET_CONF};
use common::outer::status_line;
use common::side::Side;
use common::{Ccmux, Tmux};

#[test]
fn a_killed_sessions_client_goes_where_detach_on_destroy_says_as_in_tmux() {
    let setup: &[&[&str]] = &[
        &["new", "-d", "-s", "a", "-x", "80", "-y", "24"],
        &["new", "-d", "-s", "b", "-x", "80", "-y", "24"],
        &["new", "-d", "-s", "c", "-x", "80", "-y", "24"],
    ];
    let Some(side) = Side::or_skip("sessend", setup) else {
        return;
    };
    side.cc.wait_for("a", "$");
    side.attach(80, 24, "-t c");
    side.both(&["set", "-g", "detach-on-destroy", "off"]);
    side.both(&["kill-session", "-t", "c"]);
    side.same_when("off: another session", |s| {
        status_line(s).starts_with("[a]") || status_line(s).starts_with("[b]")
    });
    let (now, _) = side.screens();
    let here = if status_line(&now).starts_with("[a]") {
        "a"
    } else {
        "b"
    };
    let other = if here == "a" { "b" } else { "a" };
    // no-detached: only a session nobody is attached to; with none, the client detaches.
    side.both(&["set", "-g", "detach-on-destroy", "no-detached"]);
    side.both(&["new", "-d", "-s", "d", "-x", "80", "-y", "24"]);
    side.both(&["kill-session", "-t", other]);
    side.both(&["kill-session", "-t", here]);
    side.same_when("no-detached: the detached session", |s| {
        status_line(s).starts_with("[d]")
    });
    side.both(&["set", "-g", "detach-on-destroy", "on"]);
    side.both(&["new", "-d", "-s", "e", "-x", "80", "-y", "24"]);
    side.both(&["kill-session", "-t", "d"]);
    side.same_when("on: detached", |s| {
        s.contains("detached") || s.contains("exited")
    });
}

/// A control client's transcript: `lines` sent one at a time, then its exit; notifications and
/// answers, pane output and command guards left out.
fn control_transcript(mut c: Control, lines: &[&str]) -> Vec<String> {
    c.wait("%session-changed", |l| l.starts_with("%session-changed"));
    for l in lines {
        c.cmd(l);
    }
    let (_, all) = c.finish();
    normalise(&all)
        .into_iter()
        .filter(|l| !l.starts_with("%output") && !l.starts_with("%begin") && !l.starts_with("%end"))
        .filter(|l| !l.starts_with("%layout-change"))
        .collect()
}

#[test]
fn a_control_client_follows_detach_on_destroy_as_in_tmux() {
    let Some(tmux) = Tmux::new() else {
        eprintln!("SKIPPED: tmux is not installed; nothing to compare with");
        return;
    };
    let cc = Ccmux::new();
    let conf = cc.path("quiet.conf");
    std::fs::write(&conf, QUIET_CONF).unwrap();
    for s in ["b", "a"] {
        cc.ok(&["-f", conf.to_str().unwrap(), "new", "-d", "-s", s]);
        assert_eq!(tmux.run(&["new", "-d", "-s", s]).status, 0);
    }
    let lines = [
        "set -g detach-on-destroy off",
        "kill-session -t a",
        "display -p '#{session_name}'",
    ];
    let args = ["-f", conf.to_str().unwrap(), "-C", "attach", "-t", "a"];
    let c = control_transcript(Control::spawn(ccmux_command(&cc, &args)), &lines);
    let t = control_transcript(
        Control::spawn(tmux_command(&tmux, &conf, &args[2..])),
        &lines,
    );
    assert_eq!(c, t);
    assert!(
        c.iter()
            .any(|l| l.starts_with("%session-changed") && l.ends_with(" b")),
        "{c:?}"
    );
}

#[test]
fn an_unattached_session_with_destroy_unattached_goes_as_in_tmux() {
    let setup: &[&[&str]] = &[
        &["new", "-d", "-s", "a", "-x", "80", "-y", "24"],
        &["new", "-d", "-s", "b", "-x", "80", "-y", "24"],
        &["new", "-d", "-s", "c", "-x", "80", "-y", "24"],
        &["new", "-d", "-s", "d", "-x", "80", "-y", "24"],
    ];
    let Some(side) = Side::or_skip("destroyun", setup) else {
        return;
    };
    let sessions_are = |want: &str| {
        let start = std::time::Instant::now();
        loop {
            let (c, t) = side.both(&["ls", "-F", "#{session_name}"]);
            if c == want && t == want {
                return;
            }
            assert!(
                start.elapsed().as_secs() < 10,
                "want {want:?}: ccmux {c:?}, tmux {t:?}"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    };
    side.cc.wait_for("a", "$");
    side.attach(80, 24, "-t a");
    // Set on an attached session: it stays; on an unattached one: it goes at once.
    side.both(&["set", "-t", "a", "destroy-unattached", "on"]);
    side.both(&["set", "-t", "b", "destroy-unattached", "on"]);
    sessions_are("a\nc\nd\n");
    // Switched away from: it goes.
    side.both(&["switch-client", "-t", "c"]);
    side.same_when("on c", |s| status_line(s).starts_with("[c]"));
    sessions_are("c\nd\n");
    // Detached from: it goes; d, with the option off, stays.
    side.both(&["set", "-t", "c", "destroy-unattached", "on"]);
    side.keys(&["C-b", "d"]);
    sessions_are("d\n");
}
