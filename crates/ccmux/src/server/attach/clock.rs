//! clock-mode (tmux's window-clock.c): a big clock in the middle of a pane, in `clock-mode-colour`,
//! 24-hour or 12-hour (`clock-mode-style`); any key leaves it. Drawn from the time at each frame (the
//! client draws at least once a second).

use crate::server::state::Server;
use ccmux_model::{OptionScope, PaneId};
use ccmux_term::{RenderCell, RenderColor};

/// tmux's window_clock_table: 0-9, `:`, `A`, `P`, `M` on a 5 x 5 grid.
pub const FONT: [[[u8; 5]; 5]; 14] = [
    [
        [1, 1, 1, 1, 1],
        [1, 0, 0, 0, 1],
        [1, 0, 0, 0, 1],
        [1, 0, 0, 0, 1],
        [1, 1, 1, 1, 1],
    ],
    [
        [0, 0, 0, 0, 1],
        [0, 0, 0, 0, 1],
        [0, 0, 0, 0, 1],
        [0, 0, 0, 0, 1],
        [0, 0, 0, 0, 1],
    ],
    [
        [1, 1, 1, 1, 1],
        [0, 0, 0, 0, 1],
        [1, 1, 1, 1, 1],
        [1, 0, 0, 0, 0],
        [1, 1, 1, 1, 1],
    ],
    [
        [1, 1, 1, 1, 1],
        [0, 0, 0, 0, 1],
        [1, 1, 1, 1, 1],
        [0, 0, 0, 0, 1],
        [1, 1, 1, 1, 1],
    ],
    [
        [1, 0, 0, 0, 1],
        [1, 0, 0, 0, 1],
        [1, 1, 1, 1, 1],
        [0, 0, 0, 0, 1],
        [0, 0, 0, 0, 1],
    ],
    [
        [1, 1, 1, 1, 1],
        [1, 0, 0, 0, 0],
        [1, 1, 1, 1, 1],
        [0, 0, 0, 0, 1],
        [1, 1, 1, 1, 1],
    ],
    [
        [1, 1, 1, 1, 1],
        [1, 0, 0, 0, 0],
        [1, 1, 1, 1, 1],
        [1, 0, 0, 0, 1],
        [1, 1, 1, 1, 1],
    ],
    [
        [1, 1, 1, 1, 1],
        [0, 0, 0, 0, 1],
        [0, 0, 0, 0, 1],
        [0, 0, 0, 0, 1],
        [0, 0, 0, 0, 1],
    ],
    [
        [1, 1, 1, 1, 1],
        [1, 0, 0, 0, 1],
        [1, 1, 1, 1, 1],
        [1, 0, 0, 0, 1],
        [1, 1, 1, 1, 1],
    ],
    [
        [1, 1, 1, 1, 1],
        [1, 0, 0, 0, 1],
        [1, 1, 1, 1, 1],
        [0, 0, 0, 0, 1],
        [1, 1, 1, 1, 1],
    ],
    [
        [0, 0, 0, 0, 0],
        [0, 0, 1, 0, 0],
        [0, 0, 0, 0, 0],
        [0, 0, 1, 0, 0],
        [0, 0, 0, 0, 0],
    ],
    [
        [1, 1, 1, 1, 1],
        [1, 0, 0, 0, 1],
        [1, 1, 1, 1, 1],
        [1, 0, 0, 0, 1],
        [1, 0, 0, 0, 1],
    ],
    [
        [1, 1, 1, 1, 1],
        [1, 0, 0, 0, 1],
        [1, 1, 1, 1, 1],
        [1, 0, 0, 0, 0],
        [1, 0, 0, 0, 0],
    ],
    [
        [1, 0, 0, 0, 1],
        [1, 1, 0, 1, 1],
        [1, 0, 1, 0, 1],
        [1, 0, 0, 0, 1],
        [1, 0, 0, 0, 1],
    ],
];

/// The glyph of a character of the clock.
pub fn glyph(c: char) -> Option<&'static [[u8; 5]; 5]> {
    let i = match c {
        '0'..='9' => c as usize - '0' as usize,
        ':' => 10,
        'A' => 11,
        'P' => 12,
        'M' => 13,
        _ => return None,
    };
    FONT.get(i)
}

pub struct Clock {
    pub pane: PaneId,
}

impl Clock {
    pub fn new(pane: PaneId) -> Clock {
        Clock { pane }
    }

    /// The clock `cols` x `rows`, for the time now.
    pub fn draw(&self, srv: &Server, cols: u16, rows: u16) -> Vec<Vec<RenderCell>> {
        let scope = match srv.model.panes.get(&self.pane) {
            Some(p) => OptionScope::Window(p.window),
            None => OptionScope::GlobalWindow,
        };
        let colour = (srv.model.option(scope, "clock-mode-colour"))
            .and_then(|v| v.as_colour())
            .map_or(RenderColor::Default, super::draw::colour);
        let twelve = srv.model.option_text(scope, "clock-mode-style") == "12";
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        draw_time(
            &time_text(now, twelve),
            colour,
            cols as usize,
            rows as usize,
        )
    }
}

/// The clock's text: `%H:%M`, or `%l:%M AM` (tmux's).
pub fn time_text(t: i64, twelve: bool) -> String {
    let local = crate::server::format_ctx::strftime_local;
    if !twelve {
        return local("%H:%M", t);
    }
    let hour: u32 = local("%H", t).parse().unwrap_or(0);
    format!(
        "{}{}",
        local("%l:%M ", t),
        if hour >= 12 { "PM" } else { "AM" }
    )
}

/// tmux's window_clock_draw_screen.
pub fn draw_time(tim: &str, colour: RenderColor, sx: usize, sy: usize) -> Vec<Vec<RenderCell>> {
    let mut rows = vec![vec![RenderCell::BLANK; sx]; sy];
    let len = tim.len();
    if sx < 6 * len || sy < 6 {
        if sx >= len && sy != 0 {
            let x = sx / 2 - len / 2;
            if let Some(row) = rows.get_mut(sy / 2) {
                super::status::put(row, x, tim, colour, RenderColor::Default, 0);
            }
        }
        return rows;
    }
    let mut x = sx / 2 - 3 * len;
    let y = sy / 2 - 3;
    let block = RenderCell::styled(' ', RenderColor::Default, colour, 0);
    for c in tim.chars() {
        if let Some(g) = glyph(c) {
            for (j, line) in g.iter().enumerate() {
                for (i, on) in line.iter().enumerate() {
                    if *on == 1 {
                        if let Some(cell) = rows.get_mut(y + j).and_then(|r| r.get_mut(x + i)) {
                            *cell = block.clone();
                        }
                    }
                }
            }
        }
        x += 6;
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_as_tmux() {
        let rows = draw_time("12:34", RenderColor::Named(4), 40, 10);
        let text: Vec<String> = (rows.iter())
            .map(|r| {
                r.iter()
                    .map(|c| {
                        if c.bg == RenderColor::Named(4) {
                            '#'
                        } else {
                            ' '
                        }
                    })
                    .collect()
            })
            .collect();
        assert_eq!(&text[2][5..10], "    #");
        assert_eq!(&text[2][11..16], "#####");
        assert_eq!(&text[3][17..22], "  #  ");
        assert!(text[0].trim().is_empty() && text[7].trim().is_empty());
        // Too small: the time as text in the middle.
        let rows = draw_time("12:34", RenderColor::Named(4), 20, 3);
        let line: String = rows[1].iter().map(|c| c.c).collect();
        assert_eq!(line, "        12:34       ");
        assert!(time_text(0, true).ends_with('M'));
        assert_eq!(time_text(0, false).len(), 5);
    }
}
