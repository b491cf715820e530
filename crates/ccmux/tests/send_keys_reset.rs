//! `send-keys -R` resets the pane's terminal as tmux's input_reset does: compared with tmux 3.3a.

mod common;

use common::{Ccmux, Tmux};
use std::time::{Duration, Instant};

#[test]
fn send_keys_r_resets_the_terminal() {
    let Some(tx) = Tmux::new() else {
        eprintln!("SKIPPED: tmux is not installed; nothing to compare with");
        return;
    };
    let cc = Ccmux::new();
    let both = |args: &[&str]| {
        let r = tx.run(args);
        assert_eq!(r.status, 0, "tmux {args:?}: {}", r.stderr);
        (cc.ok(args), r.stdout)
    };
    let agree = |args: &[&str], needle: &str| {
        let start = Instant::now();
        loop {
            let (c, t) = both(args);
            if c == t && c.contains(needle) {
                return c;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "{args:?} differ\n--- ccmux\n{c}\n--- tmux\n{t}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    both(&["new", "-d", "-s", "a", "-x", "40", "-y", "10"]);
    cc.wait_for("a", "$");
    // Red, a scroll region, cursor keys in application mode, no wrapping.
    both(&[
        "send",
        "-t",
        "a",
        "printf '\\033[1;31m\\033[?1h\\033[?7l\\033[3;6rRED-SET\\n'",
        "Enter",
    ]);
    let modes = &[
        "display",
        "-p",
        "-t",
        "a",
        "#{keypad_cursor_flag} #{cursor_x},#{cursor_y}",
    ];
    agree(&["capture-pane", "-p", "-t", "a"], "RED-SET");
    let (c, _) = both(modes);
    assert!(c.starts_with("1 "), "{c}");
    // -R alone: reset and nothing typed; the screen is clear, the cursor home, the modes off.
    both(&["send", "-R", "-t", "a"]);
    let shown = agree(&["capture-pane", "-p", "-t", "a"], "");
    assert_eq!(shown.trim(), "");
    let (c, t) = both(modes);
    assert_eq!((c.as_str(), t.as_str()), ("0 0,0\n", "0 0,0\n"));
    // What comes next is plain (no colour), wraps, and has the default tab stops.
    both(&["send", "-t", "a", "printf 'A\\tB\\t%050d\\n' 0", "Enter"]);
    agree(&["capture-pane", "-ep", "-t", "a"], "A       B");
    // -R with keys: reset, then the keys.
    both(&["send", "-R", "-t", "a", "echo AFTER-RESET", "Enter"]);
    agree(&["capture-pane", "-ep", "-t", "a"], "\nAFTER-RESET");
}
