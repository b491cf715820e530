//! The status line as tmux draws it: each line is `status-format[N]` (by default `[session] 0:bash*
//! 1:vim-` with `status-left`, the window list and `status-right`), expanded as a format with strftime and
//! drawn over `status-style`; messages and prompts in `message-style`.

use crate::server::format_ctx::Target;
use crate::server::state::Server;
use ccmux_model::options::{Colour, Style};
use ccmux_model::{OptionScope, SessionId};
use ccmux_term::{RenderCell, RenderColor};
use unicode_width::UnicodeWidthChar;

/// Writes `text` into `row` from column `x` with one style; returns the column after it.
pub fn put(
    row: &mut [RenderCell],
    x: usize,
    text: &str,
    fg: RenderColor,
    bg: RenderColor,
    attrs: u16,
) -> usize {
    let mut x = x;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if w == 0 {
            continue;
        }
        if x + w > row.len() {
            break;
        }
        row[x] = RenderCell {
            width: w as u8,
            ..RenderCell::styled(c, fg, bg, attrs)
        };
        if w == 2 {
            row[x + 1] = RenderCell {
                width: 0,
                ..RenderCell::styled(' ', fg, bg, attrs)
            };
        }
        x += w;
    }
    x
}

/// Display width of a string.
pub fn width(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// How many status lines a session shows (`status` off, on, 2..5) and whether at the top.
pub fn lines(srv: &Server, session: SessionId) -> (u16, bool) {
    let scope = OptionScope::Session(session);
    let n = match srv.model.option_text(scope, "status").as_str() {
        "off" => 0,
        "on" => 1,
        other => other.parse().unwrap_or(1),
    };
    let top = srv.model.option_text(scope, "status-position") == "top";
    (n, top)
}

/// A style option of the session as a [`Style`] (tmux's `status-fg`/`status-bg` still apply when set).
fn style_option(srv: &Server, scope: OptionScope, name: &str) -> Style {
    let text = srv.model.option_text(scope, name);
    let target = Target::for_pane(srv, None, None);
    Style::parse(&target.expand(&text)).unwrap_or_default()
}

/// Status line `line` (0-based) of a client of `session`, `cols` wide: `status-format[line]` expanded
/// with strftime and drawn over `status-style`.
pub fn status_line(srv: &Server, session: SessionId, line: u16, cols: usize) -> Vec<RenderCell> {
    let scope = OptionScope::Session(session);
    let mut base = style_option(srv, scope, "status-style");
    for (name, slot) in [("status-fg", 0), ("status-bg", 1)] {
        if let Some(c) = srv.model.option(scope, name).and_then(|v| v.as_colour()) {
            if c != Colour::Default {
                if slot == 0 {
                    base.fg = c;
                } else {
                    base.bg = c;
                }
            }
        }
    }
    let format = srv
        .model
        .option(scope, "status-format")
        .and_then(|v| v.as_array())
        .and_then(|a| a.get(&u32::from(line)).cloned())
        .unwrap_or_default();
    let target = match srv.model.active_pane(session) {
        Some(p) => Target::pane(srv, Some(session), p),
        None => Target::session(srv, session),
    };
    let text = target.expand_time(&format);
    super::draw::draw(&text, &base, cols)
}

/// A message or prompt drawn over the status line, in `message-style`.
pub fn message_line(srv: &Server, session: SessionId, text: &str, cols: usize) -> Vec<RenderCell> {
    let style = style_option(srv, OptionScope::Session(session), "message-style");
    let (fg, bg) = (super::draw::colour(style.fg), super::draw::colour(style.bg));
    let mut row = vec![RenderCell::styled(' ', fg, bg, super::draw::attrs(style.attrs)); cols];
    put(&mut row, 0, text, fg, bg, super::draw::attrs(style.attrs));
    row
}
