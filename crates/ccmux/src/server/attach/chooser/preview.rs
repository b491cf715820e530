//! Drawing helpers of the choosers' previews (tmux's screen_write_box, screen_write_vline,
//! screen_write_preview and window-tree's labels), on rows of cells.

use crate::server::state::Server;
use ccmux_model::options::Style;
use ccmux_model::PaneId;
use ccmux_term::{attr, RenderCell, RenderColor};

pub type Rows = Vec<Vec<RenderCell>>;

fn cell(c: char) -> RenderCell {
    RenderCell {
        c,
        ..RenderCell::BLANK
    }
}

/// A box `w` x `h` (at least 2 x 2), empty inside.
pub fn boxed(w: usize, h: usize) -> Rows {
    let line = |l: char, m: char, r: char| {
        let mut row = vec![cell(m); w];
        if let Some(c) = row.first_mut() {
            *c = cell(l);
        }
        if let Some(c) = row.last_mut() {
            *c = cell(r);
        }
        row
    };
    let mut rows = vec![line('┌', '─', '┐')];
    rows.extend((2..h).map(|_| line('│', ' ', '│')));
    rows.push(line('└', '─', '┘'));
    rows
}

/// Text in one style from column `x`; returns the column after it.
pub fn put(row: &mut [RenderCell], x: usize, text: &str, style: &Style) -> usize {
    let (fg, bg) = (super::draw::colour(style.fg), super::draw::colour(style.bg));
    super::super::status::put(row, x, text, fg, bg, super::draw::attrs(style.attrs))
}

/// Text in a colour (as the labels' `display-panes-colour`).
pub fn put_colour(row: &mut [RenderCell], x: usize, text: &str, fg: RenderColor) -> usize {
    super::super::status::put(row, x, text, fg, RenderColor::Default, 0)
}

/// A vertical line at column `x` of `rows`.
pub fn vline(rows: &mut Rows, x: usize) {
    for row in rows.iter_mut() {
        if let Some(c) = row.get_mut(x) {
            *c = cell('│');
        }
    }
}

/// Copies `src` (rows of cells) into `dst` at (x, y), clipped.
pub fn blit(dst: &mut Rows, x: usize, y: usize, src: &Rows) {
    for (r, cells) in src.iter().enumerate() {
        let Some(row) = dst.get_mut(y + r) else {
            break;
        };
        for (c, cell) in cells.iter().enumerate() {
            if let Some(slot) = row.get_mut(x + c) {
                *slot = cell.clone();
            }
        }
    }
}

/// A pane's screen in `nx` x `ny` cells (tmux's screen_write_preview): the part around the cursor
/// when it shows (the cursor's cell reversed), else the top left.
pub fn pane(srv: &Server, pane: PaneId, nx: usize, ny: usize) -> Rows {
    let mut out = vec![vec![RenderCell::BLANK; nx]; ny];
    let Some(h) = srv.panes.get(&pane) else {
        return out;
    };
    let Some(screen) = crate::server::pane::lock(&h.screen) else {
        return out;
    };
    let (sx, sy) = screen.emu.size();
    let (sx, sy) = (sx as usize, sy as usize);
    let cursor = screen.emu.render_cursor();
    let (cx, cy) = (cursor.col as usize, cursor.row as usize);
    let around = |c: usize, n: usize, size: usize| {
        let mut p = c.saturating_sub(n / 3);
        if c < n / 3 {
            p = 0;
        }
        if p + n > size {
            p = size.saturating_sub(n);
        }
        p
    };
    let (px, py) = if cursor.visible {
        (around(cx, nx, sx), around(cy, ny, sy))
    } else {
        (0, 0)
    };
    let mut row = Vec::new();
    for (r, out_row) in out.iter_mut().enumerate() {
        let y = py + r;
        if y >= sy {
            break;
        }
        row.clear();
        screen.emu.render_row(y as u16, &mut row);
        for (c, slot) in out_row.iter_mut().enumerate() {
            if let Some(cell) = row.get(px + c) {
                *slot = cell.clone();
            }
        }
        // A wide character cut at either edge is a space.
        if let Some(first) = out_row.first_mut().filter(|c| c.width == 0) {
            *first = RenderCell {
                c: ' ',
                width: 1,
                ..first.clone()
            };
        }
        if let Some(last) = out_row.last_mut().filter(|c| c.width == 2) {
            *last = RenderCell {
                c: ' ',
                width: 1,
                zw: None,
                ..last.clone()
            };
        }
    }
    if cursor.visible && cx >= px && cy >= py {
        if let Some(c) = out.get_mut(cy - py).and_then(|r| r.get_mut(cx - px)) {
            c.attrs |= attr::INVERSE;
        }
    }
    out
}

/// window-tree's label: `text` in the middle of an area `sx` x `sy` at (px, py) of `rows`, in a box
/// when there is room.
pub fn label(rows: &mut Rows, px: usize, sx: usize, sy: usize, text: &str, fg: RenderColor) {
    let len = text.len();
    if sx == 0 || sy == 1 || len > sx {
        return;
    }
    let ox = (sx - len).div_ceil(2);
    let oy = sy.div_ceil(2);
    if ox > 1 && ox + len < sx - 1 && sy >= 3 {
        blit(rows, px + ox - 1, oy - 1, &boxed(len + 2, 3));
    }
    if let Some(row) = rows.get_mut(oy) {
        put_colour(row, px + ox, text, fg);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(rows: &Rows) -> Vec<String> {
        rows.iter()
            .map(|r| r.iter().map(|c| c.c).collect())
            .collect()
    }

    #[test]
    fn boxes_and_labels() {
        assert_eq!(text(&boxed(4, 3)), ["┌──┐", "│  │", "└──┘"]);
        let mut rows = vec![vec![RenderCell::BLANK; 12]; 5];
        label(&mut rows, 0, 12, 5, " 0 ", RenderColor::Default);
        assert_eq!(
            text(&rows),
            [
                "            ",
                "            ",
                "    ┌───┐   ",
                "    │ 0 │   ",
                "    └───┘   "
            ]
        );
        vline(&mut rows, 11);
        assert_eq!(text(&rows)[0], "           │");
    }
}
