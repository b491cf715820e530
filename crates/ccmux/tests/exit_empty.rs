//! `exit-empty`: with it off the server stays when its last session goes; set on again, it leaves.
//! The same command lines on tmux 3.3a and ccmux, statuses and output compared.

mod common;

use common::{Ccmux, Tmux};
use std::time::Duration;

#[test]
fn the_server_stays_without_sessions_while_exit_empty_is_off_as_in_tmux() {
    let Some(tmux) = Tmux::new() else {
        eprintln!("SKIPPED: tmux is not installed; nothing to compare with");
        return;
    };
    let cc = Ccmux::new();
    let lines: &[&[&str]] = &[
        &["new", "-d", "-s", "a"],
        &["set", "-s", "exit-empty", "off"],
        &["kill-session", "-t", "a"],
        &["ls"],
        &["list-sessions", "-F", "x"],
        &["set", "-s", "exit-empty", "on"],
    ];
    for line in lines {
        let (c, t) = (cc.run(line), tmux.run(line));
        assert_eq!(
            (c.status, &c.stdout),
            (t.status, &t.stdout),
            "{line:?}: {}",
            c.stderr
        );
        // The server checks whether to go after each command (give it a moment).
        std::thread::sleep(Duration::from_millis(200));
    }
    cc.wait_until("the ccmux server to go", || !cc.socket().exists());
    let t = tmux.run(&["ls"]);
    assert_eq!(t.status, 1, "tmux's server stayed: {}", t.stdout);
}
