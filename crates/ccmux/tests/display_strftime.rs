//! display-message expands its format with strftime first, as tmux's format_expand_time.

mod common;

use common::{Ccmux, Tmux};

#[test]
fn display_message_applies_strftime_as_tmux_does() {
    let cc = Ccmux::new();
    cc.session("a");
    let hour = cc.ok(&["display", "-p", "%%H|%H|#{session_name}"]);
    let (lit, rest) = hour.trim_end().split_once('|').unwrap();
    let (h, name) = rest.split_once('|').unwrap();
    assert_eq!((lit, name), ("%H", "a"), "{hour:?}");
    assert!(
        h.len() == 2 && h.chars().all(|c| c.is_ascii_digit()),
        "{hour:?}"
    );
    let Some(tmux) = Tmux::new() else {
        eprintln!("SKIPPED the comparison: tmux is not installed");
        return;
    };
    assert_eq!(tmux.run(&["new", "-d", "-s", "a"]).status, 0);
    let theirs = tmux.run(&["display", "-p", "%%H|#{session_name}"]).stdout;
    assert_eq!(theirs, "%H|a\n");
    assert_eq!(cc.ok(&["display", "-p", "%%H|#{session_name}"]), theirs);
}
