//! Cells of the split tree and tmux's algorithms on them (layout.c): how much a cell can shrink, how a
//! change of size is spread over its children, how a removed cell's space is given away.
//!
//! Sizes are stored as `u16` (window sizes are `u16`); arithmetic is done in wider integers and every
//! store saturates, so no input makes these functions panic or loop forever (where tmux would loop
//! forever on an impossible change, these stop when no child can give any more).

use super::SplitDir;
use crate::PaneId;
use serde::{Deserialize, Serialize};

/// tmux's `PANE_MINIMUM`: the smallest a pane gets along either axis.
pub const PANE_MINIMUM: u32 = 1;

/// A cell of the split tree with its size in cells. Siblings are separated by a one-cell border.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    pub cols: u16,
    pub rows: u16,
    pub node: Node,
}

/// What a cell holds: one pane, or children side by side (`{}` in a layout string) or stacked (`[]`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Node {
    Pane(PaneId),
    Split { dir: SplitDir, cells: Vec<Cell> },
}

fn clamp16(v: i64) -> u16 {
    v.clamp(0, u16::MAX as i64) as u16
}

impl Cell {
    pub fn leaf(pane: PaneId, cols: u32, rows: u32) -> Cell {
        Cell {
            cols: clamp16(cols as i64),
            rows: clamp16(rows as i64),
            node: Node::Pane(pane),
        }
    }

    /// The cell's size along `dir`'s axis (columns for left-right).
    pub fn size(&self, dir: SplitDir) -> u32 {
        match dir {
            SplitDir::LeftRight => self.cols as u32,
            SplitDir::TopBottom => self.rows as u32,
        }
    }

    pub(super) fn set_size(&mut self, dir: SplitDir, size: i64) {
        match dir {
            SplitDir::LeftRight => self.cols = clamp16(size),
            SplitDir::TopBottom => self.rows = clamp16(size),
        }
    }

    pub(super) fn pane(&self) -> Option<PaneId> {
        match self.node {
            Node::Pane(p) => Some(p),
            Node::Split { .. } => None,
        }
    }

    pub(super) fn children(&self) -> &[Cell] {
        match &self.node {
            Node::Pane(_) => &[],
            Node::Split { cells, .. } => cells,
        }
    }

    pub(super) fn split_dir(&self) -> Option<SplitDir> {
        match self.node {
            Node::Pane(_) => None,
            Node::Split { dir, .. } => Some(dir),
        }
    }

    /// Panes in tree order (left to right, top to bottom).
    pub(super) fn leaves(&self, out: &mut Vec<PaneId>) {
        match &self.node {
            Node::Pane(p) => out.push(*p),
            Node::Split { cells, .. } => cells.iter().for_each(|c| c.leaves(out)),
        }
    }

    /// How many panes the cell holds (`layout_count_cells`).
    pub(super) fn count(&self) -> usize {
        match &self.node {
            Node::Pane(_) => 1,
            Node::Split { cells, .. } => cells.iter().map(Cell::count).sum(),
        }
    }

    /// Child indexes from this cell down to `pane`'s leaf.
    pub(super) fn path_to(&self, pane: PaneId) -> Option<Vec<usize>> {
        let mut path = Vec::new();
        self.path_into(pane, &mut path).then_some(path)
    }

    fn path_into(&self, pane: PaneId, path: &mut Vec<usize>) -> bool {
        match &self.node {
            Node::Pane(p) => *p == pane,
            Node::Split { cells, .. } => cells.iter().enumerate().any(|(i, c)| {
                path.push(i);
                c.path_into(pane, path) || {
                    path.pop();
                    false
                }
            }),
        }
    }

    pub(super) fn at_mut(&mut self, path: &[usize]) -> Option<&mut Cell> {
        let mut cell = self;
        for &i in path {
            cell = match &mut cell.node {
                Node::Split { cells, .. } => cells.get_mut(i)?,
                Node::Pane(_) => return None,
            };
        }
        Some(cell)
    }

    pub(super) fn at(&self, path: &[usize]) -> Option<&Cell> {
        let mut cell = self;
        for &i in path {
            cell = cell.children().get(i)?;
        }
        Some(cell)
    }

    /// Replaces every leaf's pane by `map(pane)`.
    pub(super) fn map_panes(&mut self, map: &impl Fn(PaneId) -> PaneId) {
        match &mut self.node {
            Node::Pane(p) => *p = map(*p),
            Node::Split { cells, .. } => cells.iter_mut().for_each(|c| c.map_panes(map)),
        }
    }

    /// Every leaf with its offset, as `layout_fix_offsets` places them from (x, y).
    pub(super) fn place(&self, x: u32, y: u32, out: &mut Vec<(PaneId, u32, u32, u32, u32)>) {
        match &self.node {
            Node::Pane(p) => out.push((*p, x, y, self.cols as u32, self.rows as u32)),
            Node::Split { dir, cells } => {
                let (mut x, mut y) = (x, y);
                for c in cells {
                    c.place(x, y, out);
                    match dir {
                        SplitDir::LeftRight => x = x.saturating_add(c.cols as u32 + 1),
                        SplitDir::TopBottom => y = y.saturating_add(c.rows as u32 + 1),
                    }
                }
            }
        }
    }

    /// How much the cell can shrink along `dir` (`layout_resize_check`).
    pub(super) fn resize_check(&self, dir: SplitDir) -> u32 {
        match &self.node {
            Node::Pane(_) => self.size(dir).saturating_sub(PANE_MINIMUM),
            Node::Split { dir: d, cells } if *d == dir => cells
                .iter()
                .fold(0u32, |n, c| n.saturating_add(c.resize_check(dir))),
            Node::Split { cells, .. } => cells
                .iter()
                .map(|c| c.resize_check(dir))
                .min()
                .unwrap_or(u32::MAX),
        }
    }

    /// Changes the cell's size along `dir` by `change`, spreading it over its children one cell at a
    /// time from the first (`layout_resize_adjust`). The caller bounds a shrink by [`Cell::resize_check`].
    pub(super) fn adjust(&mut self, dir: SplitDir, change: i64) {
        self.set_size(dir, self.size(dir) as i64 + change);
        let Node::Split { dir: d, cells } = &mut self.node else {
            return;
        };
        if *d != dir {
            cells.iter_mut().for_each(|c| c.adjust(dir, change));
            return;
        }
        let mut change = change;
        while change != 0 {
            let mut moved = false;
            for c in cells.iter_mut() {
                if change == 0 {
                    break;
                }
                if change > 0 {
                    c.adjust(dir, 1);
                    change -= 1;
                    moved = true;
                } else if c.resize_check(dir) > 0 {
                    c.adjust(dir, -1);
                    change += 1;
                    moved = true;
                }
            }
            if !moved {
                break;
            }
        }
    }

    /// Fits the tree to a window of `cols` x `rows` as tmux does when a window is resized
    /// (`layout_resize`): never below the panes' minimum size, columns first.
    pub(super) fn resize_to(&mut self, cols: u32, rows: u32) {
        for (dir, want) in [(SplitDir::LeftRight, cols), (SplitDir::TopBottom, rows)] {
            let have = self.size(dir) as i64;
            let limit = self.resize_check(dir) as i64;
            let mut change = want as i64 - have;
            if change < -limit {
                change = -limit;
            }
            if limit == 0 {
                change = if (want as i64) <= have {
                    0
                } else {
                    want as i64 - have
                };
            }
            if change != 0 {
                self.adjust(dir, change);
            }
        }
    }

    /// Removes child `index`, giving its space to the previous sibling (the next one for the first
    /// child); a split left with one child is replaced by it (`layout_destroy_cell`).
    pub(super) fn destroy_child(&mut self, index: usize) {
        let Node::Split { dir, cells } = &mut self.node else {
            return;
        };
        let dir = *dir;
        let Some(removed) = cells.get(index).map(|c| c.size(dir)) else {
            return;
        };
        let other = if index == 0 { 1 } else { index - 1 };
        if let Some(o) = cells.get_mut(other) {
            o.adjust(dir, removed as i64 + 1);
        }
        cells.remove(index);
        if cells.len() == 1 {
            if let Some(only) = cells.pop() {
                *self = only;
            }
        }
    }

    /// Makes the children of this split even along its direction (`layout_spread_cell`); returns
    /// whether any size changed.
    pub(super) fn spread(&mut self) -> bool {
        let Node::Split { dir, cells } = &mut self.node else {
            return false;
        };
        let dir = *dir;
        let number = cells.len() as u32;
        if number <= 1 {
            return false;
        }
        let size = match dir {
            SplitDir::LeftRight => self.cols as u32,
            SplitDir::TopBottom => self.rows as u32,
        };
        if size < number - 1 {
            return false;
        }
        let mut each = (size - (number - 1)) / number;
        if each == 0 {
            return false;
        }
        let mut changed = false;
        let last = cells.len() - 1;
        for (i, c) in cells.iter_mut().enumerate() {
            if i == last {
                each = size - (each + 1) * (number - 1);
            }
            let change = each as i64 - c.size(dir) as i64;
            c.adjust(dir, change);
            changed |= change != 0;
        }
        changed
    }

    /// The size a child gets when its parent is resized from `previous` to `size`
    /// (`layout_new_pane_size`). Unsigned wrap-around is kept as in tmux.
    fn new_pane_size(
        &self,
        dir: SplitDir,
        previous: u32,
        size: u32,
        count_left: u32,
        size_left: u32,
    ) -> u32 {
        if count_left == 1 {
            return size_left;
        }
        let available = self.resize_check(dir);
        let mut min = (PANE_MINIMUM + 1).wrapping_mul(count_left.wrapping_sub(1));
        let own = self.size(dir);
        if own.wrapping_sub(available) > min {
            min = own.wrapping_sub(available);
        }
        let mut new_size = own
            .wrapping_mul(size)
            .checked_div(previous)
            .unwrap_or(u32::MAX);
        let max = size_left.wrapping_sub(min);
        if new_size > max {
            new_size = max;
        }
        new_size.max(PANE_MINIMUM)
    }

    /// Whether the cell and its children can be resized to `size` along `dir`
    /// (`layout_set_size_check`).
    pub(super) fn set_size_check(&self, dir: SplitDir, size: u32) -> bool {
        let Node::Split { dir: d, cells } = &self.node else {
            return size >= PANE_MINIMUM;
        };
        if *d != dir {
            return cells
                .iter()
                .filter(|c| c.pane().is_none())
                .all(|c| c.set_size_check(dir, size));
        }
        let count = cells.len() as u32;
        let mut available = size;
        if available < (count * 2).wrapping_sub(1) {
            return false;
        }
        let previous = self.size(dir);
        for (idx, c) in cells.iter().enumerate() {
            let idx = idx as u32;
            let new_size = c.new_pane_size(dir, previous, size, count - idx, available);
            if idx == count - 1 {
                if new_size > available {
                    return false;
                }
                available -= new_size;
            } else {
                if new_size as u64 + 1 > available as u64 {
                    return false;
                }
                available -= new_size + 1;
            }
            if !c.set_size_check(dir, new_size) {
                return false;
            }
        }
        true
    }

    /// Resizes all children to fit this cell's current size (`layout_resize_child_cells`).
    pub(super) fn resize_children(&mut self) {
        let (cols, rows) = (self.cols as u32, self.rows as u32);
        let Node::Split { dir, cells } = &mut self.node else {
            return;
        };
        let dir = *dir;
        let count = cells.len() as u32;
        let previous = cells
            .iter()
            .fold(0u32, |n, c| n.wrapping_add(c.size(dir)))
            .wrapping_add(count.wrapping_sub(1));
        let mut available = match dir {
            SplitDir::LeftRight => cols,
            SplitDir::TopBottom => rows,
        };
        for (idx, c) in cells.iter_mut().enumerate() {
            let left = count - idx as u32;
            let new = match dir {
                SplitDir::LeftRight => {
                    c.rows = clamp16(rows as i64);
                    c.new_pane_size(dir, previous, cols, left, available)
                }
                SplitDir::TopBottom => {
                    c.cols = clamp16(cols as i64);
                    c.new_pane_size(dir, previous, rows, left, available)
                }
            };
            c.set_size(dir, new as i64);
            available = available.wrapping_sub(new.wrapping_add(1));
            c.resize_children();
        }
    }

    /// Whether every split's children add up to it and share its other size (`layout_check`).
    pub(super) fn is_consistent(&self) -> bool {
        let Node::Split { dir, cells } = &self.node else {
            return true;
        };
        let other = dir.other();
        let mut n: u64 = 0;
        for c in cells {
            if c.size(other) != self.size(other) || !c.is_consistent() {
                return false;
            }
            n += c.size(*dir) as u64 + 1;
        }
        n.wrapping_sub(1) == self.size(*dir) as u64
    }

    /// The deepest last cell: where tmux removes cells when a layout string has too many.
    pub(super) fn bottom_right_path(&self) -> Vec<usize> {
        let mut path = Vec::new();
        let mut cell = self;
        while let Some(last) = cell.children().last() {
            path.push(cell.children().len() - 1);
            cell = last;
        }
        path
    }
}
