//! An attached client's timers, ccmux and tmux 3.3a side by side: a message goes after
//! `display-time` or `display-message -d`, or at the next key (`-d 0`), unless `-N`; the status
//! line is redrawn every `status-interval` seconds, and not at all with 0.

mod common;

use common::side::Side;
use std::time::{Duration, Instant};

fn side(tag: &str) -> Option<Side> {
    let side = Side::new(tag, &[&["new", "-d", "-s", "a", "-x", "80", "-y", "24"]]);
    if side.is_none() {
        eprintln!("SKIPPED: tmux is not installed; nothing to compare with");
    }
    side
}

/// The last line of a screen (the status line).
fn last_line(screen: &str) -> String {
    screen.lines().last().unwrap_or("").to_string()
}

#[test]
fn a_message_goes_after_its_time_or_at_a_key() {
    let Some(side) = side("msgtime") else { return };
    side.cc.wait_for("a", "$");
    side.attach(80, 24, "-t a");
    // display-time: shown, then gone by itself.
    side.both(&["set", "-g", "display-time", "1500"]);
    side.both(&["display-message", "one"]);
    side.same("one");
    side.same_when("one gone after display-time", |s| !s.contains("one"));
    // -d: its own time.
    side.both(&["display-message", "-d", "1200", "two"]);
    side.same("two");
    side.same_when("two gone after -d", |s| !s.contains("two"));
    // -d 0: until a key, which goes on to the pane as well.
    side.both(&["display-message", "-d", "0", "three"]);
    side.same("three");
    std::thread::sleep(Duration::from_millis(2000));
    side.same("three");
    side.keys(&["x"]);
    side.same_when("three gone at a key", |s| {
        !s.contains("three") && s.contains("$ x")
    });
    // display-time's message goes at a key before its time.
    side.both(&["set", "-g", "display-time", "20000"]);
    side.both(&["display-message", "four"]);
    side.same("four");
    side.keys(&["y"]);
    side.same_when("four gone at a key", |s| {
        !s.contains("four") && s.contains("$ xy")
    });
    // -N: keys do nothing while it is up; its time takes it away.
    side.both(&["display-message", "-N", "-d", "2500", "five"]);
    side.same("five");
    side.keys(&["z"]);
    std::thread::sleep(Duration::from_millis(500));
    side.same_when("five kept through a key", |s| {
        s.contains("five") && s.contains("$ xy\n")
    });
    side.same_when("five gone after -d", |s| !s.contains("five"));
    side.keys(&["w"]);
    side.same_when("keys again after -N", |s| s.contains("$ xyw"));
}

#[test]
fn a_bad_delay_is_refused() {
    let Some(side) = side("msgdelay") else { return };
    for bad in ["x", "-1", "99999999999"] {
        let c = side.cc.run(&["display-message", "-d", bad, "m"]);
        let t = side.tx.run(&["display-message", "-d", bad, "m"]);
        assert_ne!(c.status, 0, "ccmux -d {bad}");
        assert_ne!(t.status, 0, "tmux -d {bad}");
        assert_eq!(c.stderr, t.stderr, "-d {bad}");
    }
}

/// The status line of `name`'s screen, sampled every 100 ms for `period`: how many times it
/// changed.
fn status_changes(side: &Side, name: &str, period: Duration) -> usize {
    let start = Instant::now();
    let mut last = last_line(&side.o.screen(name));
    let mut changes = 0;
    while start.elapsed() < period {
        std::thread::sleep(Duration::from_millis(100));
        let now = last_line(&side.o.screen(name));
        if now != last {
            changes += 1;
            last = now;
        }
    }
    changes
}

#[test]
fn the_status_line_is_redrawn_every_status_interval() {
    let Some(side) = side("interval") else { return };
    side.cc.wait_for("a", "$");
    // The seconds on the status line change only when it is drawn again.
    side.both(&["set", "-g", "status-right", "%S"]);
    side.both(&["set", "-g", "status-interval", "1"]);
    side.attach(80, 24, "-t a");
    for name in ["cc", "tx"] {
        let changes = status_changes(&side, name, Duration::from_millis(3500));
        assert!(
            changes >= 2,
            "{name}: status-interval 1, {changes} changes in 3.5 s"
        );
    }
    side.both(&["set", "-g", "status-interval", "0"]);
    std::thread::sleep(Duration::from_millis(300));
    for name in ["cc", "tx"] {
        let changes = status_changes(&side, name, Duration::from_millis(2500));
        assert_eq!(
            changes, 0,
            "{name}: status-interval 0, the status line changed"
        );
    }
    // Anything else that redraws it shows the time of then.
    side.both(&["set", "-g", "status-interval", "1"]);
    for name in ["cc", "tx"] {
        let changes = status_changes(&side, name, Duration::from_millis(2500));
        assert!(
            changes >= 1,
            "{name}: status-interval 1 again, no change in 2.5 s"
        );
    }
}
