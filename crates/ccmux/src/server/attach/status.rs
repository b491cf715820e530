//! The status line: `[session] 0:bash* 1:vim-` on the left, `"host" HH:MM DD-Mon-YY` on the right,
//! black on green as tmux draws it.

use crate::server::state::Server;
use ccmux_model::SessionId;
use ccmux_term::{attr, RenderCell, RenderColor};
use unicode_width::UnicodeWidthChar;

const FG: RenderColor = RenderColor::Named(0);
const BG: RenderColor = RenderColor::Named(2);

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

/// The status line for a client of `session`, `cols` wide.
pub fn status_line(srv: &Server, session: SessionId, cols: usize) -> Vec<RenderCell> {
    let mut row = vec![RenderCell::styled(' ', FG, BG, 0); cols];
    let Some(s) = srv.model.sessions.get(&session) else {
        return row;
    };
    let mut x = put(&mut row, 0, &format!("[{}] ", s.name), FG, BG, 0);
    for (index, wid) in &s.windows {
        let Some(w) = srv.model.windows.get(wid) else {
            continue;
        };
        let flag = if *wid == s.active_window {
            "*"
        } else if Some(*wid) == s.last_window {
            "-"
        } else {
            ""
        };
        let zoom = if w.zoomed { "Z" } else { "" };
        x = put(
            &mut row,
            x,
            &format!("{index}:{}{flag}{zoom}", w.name),
            FG,
            BG,
            0,
        );
        x = put(&mut row, x, " ", FG, BG, 0);
    }
    let right = format!("\"{}\" {}", host(), clock());
    let rw = width(&right);
    if rw + x < cols {
        put(&mut row, cols - rw, &right, FG, BG, 0);
    }
    row
}

/// A message or prompt drawn over the status line (black on yellow, like tmux's message style).
pub fn message_line(text: &str, cols: usize) -> Vec<RenderCell> {
    let (fg, bg) = (RenderColor::Named(0), RenderColor::Named(3));
    let mut row = vec![RenderCell::styled(' ', fg, bg, 0); cols];
    put(&mut row, 0, text, fg, bg, 0);
    row
}

/// Reverse-video text, for copy mode's position indicator.
pub fn indicator(row: &mut [RenderCell], text: &str) {
    let w = width(text);
    if w <= row.len() {
        let x = row.len() - w;
        put(
            row,
            x,
            text,
            RenderColor::Default,
            RenderColor::Default,
            attr::INVERSE,
        );
    }
}

fn host() -> String {
    let uname = rustix::system::uname();
    let name = uname.nodename().to_string_lossy().into_owned();
    name.split('.').next().unwrap_or(&name).to_string()
}

/// Local time as `HH:MM DD-Mon-YY`.
fn clock() -> String {
    // SAFETY: localtime_r and strftime write only into the buffers given.
    unsafe {
        let now = libc::time(std::ptr::null_mut());
        let mut tm: libc::tm = std::mem::zeroed();
        if libc::localtime_r(&now, &mut tm).is_null() {
            return String::new();
        }
        let mut buf = [0u8; 64];
        let fmt = c"%H:%M %d-%b-%y";
        let n = libc::strftime(buf.as_mut_ptr().cast(), buf.len(), fmt.as_ptr(), &tm);
        String::from_utf8_lossy(&buf[..n]).into_owned()
    }
}
