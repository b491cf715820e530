//! resize-pane (`layout_resize_pane`, `layout_resize_pane_to`, `layout_resize_layout`) and
//! select-layout -E (`layout_spread_out`).

use super::cell::{Cell, Node};
use super::{Axis, Layout, LayoutError, Rect, SplitDir};
use crate::PaneId;

/// The cell that resizing `pane` along `dir` moves: the pane's leaf or the ancestor that is a child of
/// the nearest split along `dir`. Returns the split's path and the cell's index in it.
fn resized_cell(root: &Cell, pane: PaneId, dir: SplitDir) -> Option<(Vec<usize>, usize)> {
    let mut path = root.path_to(pane)?;
    while let Some(index) = path.pop() {
        if root.at(&path)?.split_dir() == Some(dir) {
            return Some((path, index));
        }
    }
    None
}

/// Grows (`change` > 0) or shrinks child `index` of `parent` by moving its far border, taking from or
/// giving to its siblings (`layout_resize_layout`). `opposite` lets a grow take from the siblings
/// before it when those after it have nothing left.
fn resize_layout(parent: &mut Cell, index: usize, change: i64, opposite: bool) {
    let Node::Split { dir, cells } = &mut parent.node else {
        return;
    };
    let dir = *dir;
    let mut needed = change;
    while needed != 0 {
        let size = if change > 0 {
            grow(cells, index, dir, needed, opposite)
        } else {
            shrink(cells, index, dir, needed)
        };
        if size == 0 {
            break;
        }
        needed += if change > 0 { -size } else { size };
    }
}

fn grow(cells: &mut [Cell], index: usize, dir: SplitDir, needed: i64, opposite: bool) -> i64 {
    let room = |c: &Cell| c.resize_check(dir) as i64;
    let after = (index + 1..cells.len()).find(|&i| cells.get(i).is_some_and(|c| room(c) > 0));
    let remove = after.or_else(|| {
        if opposite {
            (0..index)
                .rev()
                .find(|&i| cells.get(i).is_some_and(|c| room(c) > 0))
        } else {
            None
        }
    });
    let Some(remove) = remove else {
        return 0;
    };
    let size = cells.get(remove).map_or(0, room).min(needed);
    if let Some(c) = cells.get_mut(index) {
        c.adjust(dir, size);
    }
    if let Some(c) = cells.get_mut(remove) {
        c.adjust(dir, -size);
    }
    size
}

fn shrink(cells: &mut [Cell], index: usize, dir: SplitDir, needed: i64) -> i64 {
    let room = |c: &Cell| c.resize_check(dir) as i64;
    let Some(remove) = (0..=index)
        .rev()
        .find(|&i| cells.get(i).is_some_and(|c| room(c) != 0))
    else {
        return 0;
    };
    if index + 1 >= cells.len() {
        return 0;
    }
    let size = cells.get(remove).map_or(0, room).min(-needed);
    if let Some(c) = cells.get_mut(index + 1) {
        c.adjust(dir, size);
    }
    if let Some(c) = cells.get_mut(remove) {
        c.adjust(dir, -size);
    }
    size
}

impl Layout {
    /// resize-pane -L/-R (`axis` X) or -U/-D (`axis` Y) by `change` cells (negative for -L and -U):
    /// moves the border after the pane (before it for the last pane of its split) left/up or
    /// right/down, taking room from the panes it moves over, never below the minimum pane size.
    /// A pane in no split along `axis` is left alone.
    pub fn resize_pane(
        &mut self,
        area: Rect,
        pane: PaneId,
        axis: Axis,
        change: i64,
    ) -> Result<(), LayoutError> {
        self.check_pane(pane)?;
        let dir = axis.split_dir();
        let mut root = self.fitted(area);
        let Some((parent_path, mut index)) = resized_cell(&root, pane, dir) else {
            return Ok(());
        };
        let Some(parent) = root.at_mut(&parent_path) else {
            return Ok(());
        };
        if index + 1 >= parent.children().len() {
            let Some(prev) = index.checked_sub(1) else {
                return Ok(());
            };
            index = prev;
        }
        resize_layout(parent, index, change, true);
        self.commit(area, root);
        Ok(())
    }

    /// resize-pane -x/-y: makes the pane (or its ancestor in the nearest split along `axis`) `size`
    /// cells wide or high, as far as its neighbours allow.
    pub fn resize_pane_to(
        &mut self,
        area: Rect,
        pane: PaneId,
        axis: Axis,
        size: u32,
    ) -> Result<(), LayoutError> {
        self.check_pane(pane)?;
        let dir = axis.split_dir();
        let root = self.fitted(area);
        let Some((parent_path, index)) = resized_cell(&root, pane, dir) else {
            return Ok(());
        };
        let Some(parent) = root.at(&parent_path) else {
            return Ok(());
        };
        let Some(cell) = parent.children().get(index) else {
            return Ok(());
        };
        let have = cell.size(dir) as i64;
        let change = if index + 1 == parent.children().len() {
            have - size as i64
        } else {
            size as i64 - have
        };
        self.resize_pane(area, pane, axis, change)
    }

    /// select-layout -E: spreads the panes of `pane`'s split evenly, or those of the nearest split
    /// above it that is not already even.
    pub fn spread_out(&mut self, area: Rect, pane: PaneId) -> Result<(), LayoutError> {
        self.check_pane(pane)?;
        let mut root = self.fitted(area);
        let Some(mut path) = root.path_to(pane) else {
            return Ok(());
        };
        while path.pop().is_some() {
            if root.at_mut(&path).is_some_and(Cell::spread) {
                self.commit(area, root);
                return Ok(());
            }
        }
        Ok(())
    }
}

/// The cell left of or above the border at (x, y), offsets taken from (`x0`, `y0`)
/// (`layout_search_by_border`).
fn cell_by_border(cell: &Cell, x0: i64, y0: i64, x: i64, y: i64) -> Option<Vec<usize>> {
    let Node::Split { dir, cells } = &cell.node else {
        return None;
    };
    let (mut cx, mut cy) = (x0, y0);
    let mut last: Option<(usize, i64, i64, &Cell)> = None;
    for (i, child) in cells.iter().enumerate() {
        let (w, h) = (child.cols as i64, child.rows as i64);
        if x >= cx && x < cx + w && y >= cy && y < cy + h {
            let mut path = cell_by_border(child, cx, cy, x, y)?;
            path.insert(0, i);
            return Some(path);
        }
        if let Some((li, lx, ly, lc)) = last {
            let between = match dir {
                SplitDir::LeftRight => x < cx && x >= lx + lc.cols as i64,
                SplitDir::TopBottom => y < cy && y >= ly + lc.rows as i64,
            };
            if between {
                return Some(vec![li]);
            }
        }
        last = Some((i, cx, cy, child));
        match dir {
            SplitDir::LeftRight => cx += w + 1,
            SplitDir::TopBottom => cy += h + 1,
        }
    }
    None
}

impl Layout {
    /// Whether a mouse press at (x, y) (window-relative cells) is on a border, where tmux starts a
    /// border drag: just right of or below a pane, its corners included (`server_client_check_mouse`).
    pub fn is_border(&self, area: Rect, x: u16, y: u16) -> bool {
        let (px, py) = (x as u32, y as u32);
        let window = Rect { x: 0, y: 0, ..area };
        self.geometry(window).iter().any(|(_, r)| {
            let (x0, y0, w, h) = (r.x as u32, r.y as u32, r.cols as u32, r.rows as u32);
            (x0 + w == px && y0 <= py + 1 && y0 + h >= py.wrapping_sub(1))
                || (y0 + h == py && x0 <= px + 1 && x0 + w >= px.wrapping_sub(1))
        })
    }

    /// A mouse drag of a border from `from` to `to` (window-relative cells), as tmux's
    /// `resize-pane -M` does on each motion: the borders at or next to `from` move by the motion,
    /// only as far as the cells on their far side can shrink. Returns whether anything moved.
    pub fn drag_border(&mut self, area: Rect, from: (u16, u16), to: (u16, u16)) -> bool {
        let mut root = self.fitted(area);
        let (lx, ly) = (from.0 as i64, from.1 as i64);
        let (x, y) = (to.0 as i64, to.1 as i64);
        let mut found: Vec<Vec<usize>> = Vec::new();
        for (dx, dy) in [(0, 0), (0, 1), (1, 0), (0, -1), (-1, 0)] {
            if let Some(path) = cell_by_border(&root, 0, 0, lx + dx, ly + dy) {
                if !found.contains(&path) {
                    found.push(path);
                }
            }
        }
        let mut moved = false;
        for path in found {
            let Some((&index, parent_path)) = path.split_last() else {
                continue;
            };
            let Some(parent) = root.at_mut(parent_path) else {
                continue;
            };
            match parent.split_dir() {
                Some(SplitDir::TopBottom) if y != ly => {
                    resize_layout(parent, index, y - ly, false);
                    moved = true;
                }
                Some(SplitDir::LeftRight) if x != lx => {
                    resize_layout(parent, index, x - lx, false);
                    moved = true;
                }
                _ => {}
            }
        }
        if moved {
            self.commit(area, root);
        }
        moved
    }
}
