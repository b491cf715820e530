//! Panes by position: `top`, `bottom-left`... (window_find_string) and the pane next to another
//! (window_pane_find_up/down/left/right), from the window's layout as tmux lays it out.

use crate::{Model, PaneId, WindowId};

/// Which neighbour of a pane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Side {
    Up,
    Down,
    Left,
    Right,
}

use crate::PaneBorderStatus as Status;

/// A pane's position and size as tmux has them (`xoff`, `yoff`, `sx`, `sy`).
#[derive(Clone, Copy, Debug)]
struct Placed {
    pane: PaneId,
    x: i64,
    y: i64,
    sx: i64,
    sy: i64,
}

/// A window's size and its panes in pane order, placed as tmux places them (with
/// `pane-border-status`, `Model::window_geometry` has given the status lines their rows).
struct Laid {
    sx: i64,
    sy: i64,
    status: Status,
    panes: Vec<Placed>,
}

fn lay_out(model: &Model, window: WindowId) -> Option<Laid> {
    let w = model.windows.get(&window)?;
    let area = w.layout.window_area(model.window_area(window)?);
    let (sx, sy) = (i64::from(area.cols), i64::from(area.rows));
    let status = model.pane_border_status(window);
    let panes = model
        .window_geometry(window)
        .into_iter()
        .map(|(pane, r)| Placed {
            pane,
            x: i64::from(r.x),
            y: i64::from(r.y),
            sx: i64::from(r.cols),
            sy: i64::from(r.rows),
        })
        .collect();
    Some(Laid {
        sx,
        sy,
        status,
        panes,
    })
}

/// The pane a position word names in `window` (any case): the first visible pane containing the
/// cell at that edge or corner, or the middle of the window's other axis (borders count as the
/// pane's on their left or above).
pub(super) fn pane_at(model: &Model, window: WindowId, name: &str) -> Option<PaneId> {
    let laid = lay_out(model, window)?;
    let w = model.windows.get(&window)?;
    let (mut top, mut bottom) = (0, laid.sy - 1);
    match laid.status {
        Status::Top => top += 1,
        Status::Bottom => bottom -= 1,
        Status::Off => {}
    }
    let (middle_x, middle_y, right) = (laid.sx / 2, laid.sy / 2, laid.sx - 1);
    let (x, y) = match name.to_ascii_lowercase().as_str() {
        "top" => (middle_x, top),
        "bottom" => (middle_x, bottom),
        "left" => (0, middle_y),
        "right" => (right, middle_y),
        "top-left" => (0, top),
        "top-right" => (right, top),
        "bottom-left" => (0, bottom),
        "bottom-right" => (right, bottom),
        _ => return None,
    };
    laid.panes
        .iter()
        .filter(|p| !w.zoomed || p.pane == w.active_pane)
        .find(|p| p.x <= x && x <= p.x + p.sx && p.y <= y && y <= p.y + p.sy)
        .map(|p| p.pane)
}

/// The pane on `side` of `pane` (wrapping round the window), sharing some of its edge; of several,
/// the most recently active (see the module documentation of `target`).
pub(super) fn pane_beside(model: &Model, pane: PaneId, side: Side) -> Option<PaneId> {
    let window = model.panes.get(&pane)?.window;
    let w = model.windows.get(&window)?;
    let laid = lay_out(model, window)?;
    let me = *laid.panes.iter().find(|p| p.pane == pane)?;
    let vertical = matches!(side, Side::Up | Side::Down);
    // The edge a neighbour must touch, and the span along it it must overlap.
    let edge = match side {
        Side::Up => match laid.status {
            Status::Top if me.y == 1 => laid.sy + 1,
            Status::Bottom if me.y == 0 => laid.sy,
            Status::Off if me.y == 0 => laid.sy + 1,
            _ => me.y,
        },
        Side::Down => {
            let edge = me.y + me.sy + 1;
            match laid.status {
                Status::Top if edge >= laid.sy => 1,
                Status::Bottom if edge >= laid.sy - 1 => 0,
                Status::Off if edge >= laid.sy => 0,
                _ => edge,
            }
        }
        Side::Left if me.x == 0 => laid.sx + 1,
        Side::Left => me.x,
        Side::Right => {
            let edge = me.x + me.sx + 1;
            if edge >= laid.sx {
                0
            } else {
                edge
            }
        }
    };
    let (from, to) = if vertical {
        (me.x, me.x + me.sx)
    } else {
        (me.y, me.y + me.sy)
    };
    let candidates = laid.panes.iter().filter(|next| {
        if next.pane == pane {
            return false;
        }
        let touches = match side {
            Side::Up => next.y + next.sy + 1 == edge,
            Side::Down => next.y == edge,
            Side::Left => next.x + next.sx + 1 == edge,
            Side::Right => next.x == edge,
        };
        let (start, len) = if vertical {
            (next.x, next.sx)
        } else {
            (next.y, next.sy)
        };
        let end = start + len - 1;
        touches
            && ((start < from && end > to)
                || (from <= start && start <= to)
                || (from <= end && end <= to))
    });
    // window_pane_choose_best without use times: the active pane, then the last, then the first.
    let rank = |p: PaneId| {
        if p == w.active_pane {
            2
        } else if w.last_pane == Some(p) {
            1
        } else {
            0
        }
    };
    let mut best: Option<PaneId> = None;
    for next in candidates {
        if best.is_none_or(|b| rank(next.pane) > rank(b)) {
            best = Some(next.pane);
        }
    }
    best
}
