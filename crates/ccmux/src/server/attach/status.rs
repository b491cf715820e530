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
    let n = match srv.model.option_str(scope, "status") {
        "off" => 0,
        "on" => 1,
        other => other.parse().unwrap_or(1),
    };
    let top = srv.model.option_str(scope, "status-position") == "top";
    (n, top)
}

/// A style option of the session as a [`Style`] (tmux's `status-fg`/`status-bg` still apply when set).
fn style_option(srv: &Server, scope: OptionScope, name: &str) -> Style {
    let text = srv.model.option_text(scope, name);
    let target = Target::for_pane(srv, None, None);
    Style::parse(&target.expand(&text)).unwrap_or_default()
}

/// Status line `line` (0-based) of `client` (attached to `session`), `cols` wide: `status-format[line]`
/// expanded with strftime and drawn over `status-style`.
pub fn status_line(
    srv: &Server,
    client: u32,
    session: SessionId,
    line: u16,
    cols: usize,
) -> Vec<RenderCell> {
    status_line_ranges(srv, client, session, line, cols).0
}

/// Where a window's entry is on a client's status lines (tmux's STYLE_RANGE_WINDOW): the line and
/// its first column.
pub fn window_range(
    srv: &Server,
    client: u32,
    session: SessionId,
    index: u32,
    cols: usize,
) -> Option<(u16, usize)> {
    let (n, _) = lines(srv, session);
    (0..n).find_map(|line| {
        let (_, ranges) = status_line_ranges(srv, client, session, line, cols);
        (ranges.iter())
            .find(|(r, _, _)| *r == ccmux_model::options::Range::Window(index))
            .map(|(_, start, _)| (line, *start))
    })
}

fn status_line_ranges(
    srv: &Server,
    client: u32,
    session: SessionId,
    line: u16,
    cols: usize,
) -> (
    Vec<RenderCell>,
    Vec<(ccmux_model::options::Range, usize, usize)>,
) {
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
    // The client's `#()` jobs; their output draws the status line again (tmux's FORMAT_STATUS).
    let target = target.with_jobs(crate::server::format_jobs::Scope::client(client, true));
    let text = target.expand_time(&format);
    super::draw::draw_ranges(&text, &base, cols)
}

/// A message or prompt drawn over the status line, in `message-style`.
pub fn message_line(srv: &Server, session: SessionId, text: &str, cols: usize) -> Vec<RenderCell> {
    let style = style_option(srv, OptionScope::Session(session), "message-style");
    let (fg, bg) = (super::draw::colour(style.fg), super::draw::colour(style.bg));
    let mut row = vec![RenderCell::styled(' ', fg, bg, super::draw::attrs(style.attrs)); cols];
    put(&mut row, 0, text, fg, bg, super::draw::attrs(style.attrs));
    row
}

/// The width of text drawn with `#[...]` markup (tmux's format_width): the markup takes none, `##`
/// is one `#`.
pub fn format_width(text: &str) -> usize {
    let mut w = 0;
    let mut rest = text;
    while let Some(i) = rest.find('#') {
        w += width(rest.get(..i).unwrap_or(""));
        let after = rest.get(i + 1..).unwrap_or("");
        if let Some(r) = after.strip_prefix('#') {
            w += 1;
            rest = r;
        } else if let Some(end) = after.strip_prefix('[').and_then(|a| a.find(']')) {
            rest = after.get(end + 2..).unwrap_or("");
        } else {
            w += 1;
            rest = after;
        }
    }
    w + width(rest)
}

/// A prompt on the status line: its label (with its `#[...]` styles) then the input, in
/// `message-style` (`message-command-style` in vi's command mode).
pub fn prompt_line(
    srv: &Server,
    session: SessionId,
    label: &str,
    input: &str,
    cols: usize,
    command_mode: bool,
) -> Vec<RenderCell> {
    let name = if command_mode {
        "message-command-style"
    } else {
        "message-style"
    };
    let style = style_option(srv, OptionScope::Session(session), name);
    let mut row = super::draw::draw(label, &style, cols);
    let start = format_width(label).min(cols);
    let (fg, bg) = (super::draw::colour(style.fg), super::draw::colour(style.bg));
    let attrs = super::draw::attrs(style.attrs);
    for cell in row.iter_mut().skip(start) {
        *cell = RenderCell::styled(' ', fg, bg, attrs);
    }
    put(&mut row, start, input, fg, bg, attrs);
    row
}
