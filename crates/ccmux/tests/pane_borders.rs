//! The borders between panes, ccmux and tmux 3.3a side by side (screens through real terminals, and
//! `list-panes` sizes): `pane-border-lines` and the border styles; `pane-border-status`, each pane's
//! status line on the border above (`top`) or below (`bottom`) it, `pane-border-format` expanded for
//! the pane, and the panes at the window's edge a line shorter for it.

mod common;

use common::side::Side;

fn sizes(side: &Side) -> (String, String) {
    side.both(&[
        "list-panes",
        "-t",
        "a",
        "-F",
        "#{pane_index} #{pane_left},#{pane_top} #{pane_width}x#{pane_height}",
    ])
}

#[test]
fn pane_status_lines_are_drawn_and_sized_as_in_tmux() {
    let Some(side) = Side::or_skip(
        "panestatus",
        &[&["new", "-d", "-s", "a", "-x", "80", "-y", "24"]],
    ) else {
        return;
    };
    side.cc.wait_for("a", "$");
    // A title of the test's own on each pane (tmux's default is the host name).
    side.both(&["split-window", "-v", "-t", "a"]);
    side.both(&["select-pane", "-t", "a.0", "-T", "upper"]);
    side.both(&["select-pane", "-t", "a.1", "-T", "lower"]);
    let (c, t) = sizes(&side);
    assert_eq!(c, t, "sizes without status lines");
    side.both(&["set", "-g", "pane-border-status", "top"]);
    let (c, t) = sizes(&side);
    assert_eq!(c, t, "sizes with status lines at the top");
    assert!(
        c.starts_with("0 0,1 80x"),
        "the top pane gives its first line: {c}"
    );
    side.attach(80, 24, "-t a");
    side.same_when("status lines at the top", |s| {
        s.lines().next().unwrap_or("").contains("0 \"upper\"") && s.contains("1 \"lower\"")
    });
    side.both(&["set", "-g", "pane-border-status", "bottom"]);
    let (c, t) = sizes(&side);
    assert_eq!(c, t, "sizes with status lines at the bottom");
    side.same_when("status lines at the bottom", |s| {
        s.lines().nth(22).unwrap_or("").contains("1 \"lower\"")
    });
    // Side by side; a title longer than the pane is cut at its width less four.
    side.both(&["set", "-g", "pane-border-status", "top"]);
    side.both(&["split-window", "-h", "-t", "a.1"]);
    side.both(&["select-pane", "-t", "a.2", "-T", &"long".repeat(20)]);
    let (c, t) = sizes(&side);
    assert_eq!(c, t, "sizes with three panes");
    side.same_when("three panes", |s| s.contains("2 \"longlong"));
    // A zoomed pane keeps its status line.
    side.both(&["resize-pane", "-Z", "-t", "a.0"]);
    side.same_when("a zoomed pane", |s| {
        s.lines().next().unwrap_or("").contains("0 \"upper\"") && !s.contains("lower")
    });
    side.both(&["resize-pane", "-Z", "-t", "a.0"]);
    // Off again: the panes have their lines back.
    side.both(&["set", "-g", "pane-border-status", "off"]);
    let (c, t) = sizes(&side);
    assert_eq!(c, t, "sizes with the status lines off again");
    side.same_when("no status lines", |s| !s.contains("\"upper\""));
}

#[test]
fn border_lines_and_styles_are_drawn_as_in_tmux() {
    let Some(side) = Side::or_skip(
        "borderlook",
        &[&["new", "-d", "-s", "a", "-x", "40", "-y", "10"]],
    ) else {
        return;
    };
    side.cc.wait_for("a", "$");
    side.both(&["split-window", "-h", "-t", "a"]);
    side.both(&["split-window", "-v", "-t", "a.1"]);
    side.attach(40, 10, "-t a");
    // The defaults: single lines, the active pane's border green.
    side.same_styled("the default look", |s| s.contains("\u{1b}[32m├"));
    side.both(&["set", "-g", "pane-border-style", "fg=red"]);
    side.both(&["set", "-g", "pane-active-border-style", "fg=blue,bold"]);
    side.same_styled("the border styles", |s| {
        s.contains("\u{1b}[31m│") && s.contains("├")
    });
    for (lines, join) in [("double", '╠'), ("heavy", '┣'), ("simple", '+')] {
        side.both(&["set", "-g", "pane-border-lines", lines]);
        side.same_styled(lines, |s| s.contains(join));
    }
}

#[test]
fn two_panes_have_half_the_border_each_as_in_tmux() {
    let Some(side) = Side::or_skip(
        "borderhalves",
        &[&["new", "-d", "-s", "a", "-x", "40", "-y", "10"]],
    ) else {
        return;
    };
    side.cc.wait_for("a", "$");
    // Side by side: the active (right) pane's half is the lower one.
    side.both(&["split-window", "-h", "-t", "a"]);
    side.attach(40, 10, "-t a");
    side.same_styled("side by side, the right pane active", |s| {
        s.contains("\u{1b}[32m│")
    });
    side.both(&["select-pane", "-t", "a.0"]);
    side.same_styled("side by side, the left pane active", |s| {
        s.contains("\u{1b}[32m│")
    });
    // Stacked: the top pane's half is the left one.
    side.both(&["kill-pane", "-t", "a.1"]);
    side.both(&["split-window", "-v", "-t", "a"]);
    side.same_styled("stacked", |s| s.contains("\u{1b}[32m─"));
    // pane-border-indicators off: the whole border is the active pane's.
    side.both(&["set", "-g", "pane-border-indicators", "off"]);
    side.same_styled("indicators off", |s| s.contains("\u{1b}[32m─"));
}
