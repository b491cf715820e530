//! `status-justify`: where the window list goes on the status line, ccmux and tmux 3.3a side by
//! side through real terminals (odd and even room, a separator, a status-right).

mod common;

use common::side::Side;

#[test]
fn the_window_list_is_placed_as_tmux_places_it() {
    let Some(side) = Side::or_skip(
        "justify",
        &[&["new", "-d", "-s", "a", "-x", "60", "-y", "6"]],
    ) else {
        return;
    };
    side.cc.wait_for("a", "$");
    side.both(&["new-window", "-d", "-t", "a:1"]);
    side.attach(60, 6, "-t a");
    let last = |s: &str| s.lines().last().unwrap_or("").to_string();
    for justify in ["centre", "right", "absolute-centre", "left"] {
        side.both(&["set", "-g", "status-justify", justify]);
        for (option, value) in [
            ("window-status-separator", " | "),
            ("status-right", "R"),
            ("window-status-separator", "  "),
            ("status-right", ""),
            ("window-status-separator", " "),
        ] {
            side.both(&["set", "-g", option, value]);
            let what = format!("{justify}, {option} {value:?}");
            side.same_when(&what, |s| last(s).contains("1:sh"));
        }
    }
}
