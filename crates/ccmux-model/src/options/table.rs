//! The options table: every option tmux 3.3a has, in the order of tmux's options-table.c (which is
//! the order `show-options` prints them in, and matters for prefix matching).
//!
//! ccmux differences: none. (`history-limit` keeps tmux's default of 2000.) Two defaults are what
//! tmux's table says rather than what a running tmux shows: tmux replaces `default-shell` with
//! `$SHELL` at start-up, and `editor` with `$VISUAL`/`$EDITOR` (also switching `status-keys` and
//! `mode-keys` to `vi` if that editor's name contains "vi"); the binary does the same.

use super::colour::Colour;
use super::def::{DefaultValue, OptionDef, OptionKind, ScopeSet};

mod hooks;
mod server;
mod session;
mod window;

const INT_MAX: i64 = i32::MAX as i64;
const SHRT_MAX: i64 = i16::MAX as i64;
const USHRT_MAX: i64 = u16::MAX as i64;

const BASE: OptionDef = OptionDef {
    name: "",
    kind: OptionKind::String,
    scopes: ScopeSet::SERVER,
    default: DefaultValue::Str(""),
    array: false,
    separator: None,
    style: false,
    hook: false,
    pattern: None,
    unit: None,
    text: "",
};

/// A hook: an array of commands, one item per `set-hook -a`.
const fn hook(name: &'static str, scopes: ScopeSet) -> OptionDef {
    OptionDef {
        name,
        kind: OptionKind::Command,
        scopes,
        array: true,
        separator: Some(""),
        hook: true,
        ..BASE
    }
}

const MODE_KEYS_LIST: [&str; 2] = ["emacs", "vi"];
const CLOCK_MODE_STYLE_LIST: [&str; 2] = ["12", "24"];
const STATUS_LIST: [&str; 6] = ["off", "on", "2", "3", "4", "5"];
const STATUS_KEYS_LIST: [&str; 2] = ["emacs", "vi"];
const STATUS_JUSTIFY_LIST: [&str; 4] = ["left", "centre", "right", "absolute-centre"];
const STATUS_POSITION_LIST: [&str; 2] = ["top", "bottom"];
const BELL_ACTION_LIST: [&str; 4] = ["none", "any", "current", "other"];
const VISUAL_BELL_LIST: [&str; 3] = ["off", "on", "both"];
const CURSOR_STYLE_LIST: [&str; 7] = [
    "default",
    "blinking-block",
    "block",
    "blinking-underline",
    "underline",
    "blinking-bar",
    "bar",
];
const PANE_STATUS_LIST: [&str; 3] = ["off", "top", "bottom"];
const PANE_BORDER_INDICATORS_LIST: [&str; 4] = ["off", "colour", "arrows", "both"];
const PANE_BORDER_LINES_LIST: [&str; 5] = ["single", "double", "heavy", "simple", "number"];
const POPUP_BORDER_LINES_LIST: [&str; 7] = [
    "single", "double", "heavy", "simple", "rounded", "padded", "none",
];
const SET_CLIPBOARD_LIST: [&str; 3] = ["off", "external", "on"];
const WINDOW_SIZE_LIST: [&str; 4] = ["largest", "smallest", "manual", "latest"];
const REMAIN_ON_EXIT_LIST: [&str; 3] = ["off", "on", "failed"];
const DETACH_ON_DESTROY_LIST: [&str; 3] = ["off", "on", "no-detached"];
const EXTENDED_KEYS_LIST: [&str; 3] = ["off", "on", "always"];

const LEN: usize =
    server::DEFS.len() + session::DEFS.len() + window::DEFS.len() + hooks::DEFS.len();

/// All the options, in tmux's order.
pub(super) static TABLE: [OptionDef; LEN] =
    concat(&[&server::DEFS, &session::DEFS, &window::DEFS, &hooks::DEFS]);

const fn concat(parts: &[&[OptionDef]]) -> [OptionDef; LEN] {
    let mut out = [BASE; LEN];
    let (mut i, mut k) = (0, 0);
    while i < parts.len() {
        let mut j = 0;
        while j < parts[i].len() {
            out[k] = parts[i][j];
            k += 1;
            j += 1;
        }
        i += 1;
    }
    assert!(k == LEN);
    out
}
