//! A window's layout: tmux's tree of cells (leaves are panes; inner cells put their children side by
//! side or stack them, with a one-cell border between siblings) and tmux's pane list, whose order gives
//! pane indexes.
//!
//! Every algorithm is tmux 3.3a's (layout.c, layout-set.c, layout-custom.c), so splits, kills,
//! resize-pane, select-layout and layout strings give the cells tmux gives.
//!
//! # Window resizes are exact round trips
//!
//! tmux changes its cells in place on every window resize, so shrinking a window and growing it back
//! can leave the panes at other sizes than before (200 -> 20 -> 200 columns turns `100,49,24,24` into
//! `59,46,46,46`). Here the tree keeps the cells as they were at a *reference size* (the root cell's size)
//! and never changes them when the window is resized: [`Layout::fitted`] derives the cells for the
//! current window size from the stored tree by running tmux's window-resize algorithm (`layout_resize`)
//! once, from the reference size to the window size. The geometry therefore depends only on the stored
//! tree and the current size: it is tmux's for the first resize away from the reference size, and the
//! same as before once the window is back at the reference size, whatever sizes it went through.
//!
//! An operation that changes cells (split, kill, resize-pane, select-layout, a layout string, joining a
//! pane) first fits the tree to the current window size, works on those cells exactly as tmux does, and
//! keeps the result as the new reference. Operations that only move panes between cells (swap-pane,
//! rotate-window) keep the reference, as do operations that change nothing.

mod cell;
mod custom;
mod ops;
mod preset;
mod resize;
mod split;
#[cfg(test)]
mod tests;

pub use cell::{Cell, Node, PANE_MINIMUM};
pub use custom::layout_checksum;
pub use ops::Rotate;
pub use preset::{Preset, PresetOptions, Select};
pub use split::SplitOpts;

use crate::PaneId;
use serde::{Deserialize, Serialize};

/// How a split divides its area.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SplitDir {
    /// Side by side (tmux `split-window -h`, `{}` in a layout string).
    LeftRight,
    /// Stacked (tmux `split-window -v`, the default, `[]` in a layout string).
    TopBottom,
}

/// An axis of the screen: X is columns, Y is rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Axis {
    X,
    Y,
}

impl SplitDir {
    pub fn axis(self) -> Axis {
        match self {
            SplitDir::LeftRight => Axis::X,
            SplitDir::TopBottom => Axis::Y,
        }
    }

    pub fn other(self) -> SplitDir {
        match self {
            SplitDir::LeftRight => SplitDir::TopBottom,
            SplitDir::TopBottom => SplitDir::LeftRight,
        }
    }
}

impl Axis {
    /// The split direction whose children line up along this axis.
    pub fn split_dir(self) -> SplitDir {
        match self {
            Axis::X => SplitDir::LeftRight,
            Axis::Y => SplitDir::TopBottom,
        }
    }
}

/// A rectangle of cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Rect {
    pub x: u16,
    pub y: u16,
    pub cols: u16,
    pub rows: u16,
}

/// Which window edges a pane touches (tmux's `pane_at_top`, `pane_at_bottom`, `pane_at_left`,
/// `pane_at_right`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Edges {
    pub top: bool,
    pub bottom: bool,
    pub left: bool,
    pub right: bool,
}

impl Rect {
    pub fn extent(&self, axis: Axis) -> u16 {
        match axis {
            Axis::X => self.cols,
            Axis::Y => self.rows,
        }
    }

    /// The window edges this pane touches when the window is `area`: as tmux, a pane is at the right
    /// or bottom only when it ends exactly at the window's edge.
    pub fn edges(&self, area: Rect) -> Edges {
        let end = |start: u16, len: u16| start as u32 + len as u32;
        Edges {
            top: self.y == area.y,
            bottom: end(self.y, self.rows) == end(area.y, area.rows),
            left: self.x == area.x,
            right: end(self.x, self.cols) == end(area.x, area.cols),
        }
    }
}

/// Why a layout operation was refused. The layout is unchanged when one is returned.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LayoutError {
    #[error("can't find pane: {0}")]
    NoPane(PaneId),
    #[error("pane already in the layout: {0}")]
    DuplicatePane(PaneId),
    /// split-window's error.
    #[error("no space for new pane")]
    NoSpace,
    /// join-pane's and move-pane's error when the target cannot be split.
    #[error("create pane failed: pane too small")]
    PaneTooSmall,
    #[error("source and target panes must be different")]
    SamePane,
    /// Removing the only pane: the caller closes the window instead.
    #[error("can't remove the last pane")]
    LastPane,
    /// A layout string that does not parse or whose checksum is wrong (tmux's text, with the string).
    #[error("invalid layout: {0}")]
    Invalid(String),
    #[error("have {have} panes but need {need}: {layout}")]
    PaneCount {
        have: usize,
        need: usize,
        layout: String,
    },
    #[error("size mismatch after applying layout: {0}")]
    SizeMismatch(String),
}

/// A window's layout: the tree of cells at its reference size and the window's pane list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Layout {
    /// The cells at the reference size (the root cell's size).
    root: Cell,
    /// tmux's pane list: pane indexes. Its order is the tree's except after join-pane/move-pane `-f`.
    panes: Vec<PaneId>,
    /// The preset select-layout last applied (tmux's `lastlayout`): next/previous-layout cycle from it.
    last_preset: Option<Preset>,
    /// The layout string before the last select-layout (tmux's `old_layout`, for `select-layout -o`).
    old_layout: Option<String>,
}

impl Layout {
    /// A window's first pane filling a `cols` x `rows` window.
    pub fn new(pane: PaneId, cols: u16, rows: u16) -> Layout {
        Layout {
            root: Cell::leaf(pane, cols as u32, rows as u32),
            panes: vec![pane],
            last_preset: None,
            old_layout: None,
        }
    }

    /// The panes in the window's order (this order gives pane indexes).
    /// A layout from its stored parts (persistence): the tree's leaves must be exactly `panes`.
    pub fn from_parts(
        root: Cell,
        panes: Vec<PaneId>,
        last_preset: Option<Preset>,
        old_layout: Option<String>,
    ) -> Result<Layout, LayoutError> {
        let mut leaves = Vec::new();
        root.leaves(&mut leaves);
        let mut sorted = panes.clone();
        sorted.sort();
        leaves.sort();
        let unique = sorted.windows(2).all(|w| w[0] != w[1]);
        if panes.is_empty() || leaves != sorted || !unique {
            return Err(LayoutError::Invalid(
                "stored layout and pane list disagree".into(),
            ));
        }
        Ok(Layout {
            root,
            panes,
            last_preset,
            old_layout,
        })
    }

    /// The layout string before the last select-layout (`select-layout -o`).
    pub fn old_layout(&self) -> Option<&str> {
        self.old_layout.as_deref()
    }

    pub fn panes(&self) -> Vec<PaneId> {
        self.panes.clone()
    }

    /// The panes in tree order (left to right, top to bottom): the order of the tree's leaves.
    pub fn leaves(&self) -> Vec<PaneId> {
        let mut out = Vec::new();
        self.root.leaves(&mut out);
        out
    }

    pub fn contains(&self, pane: PaneId) -> bool {
        self.panes.contains(&pane)
    }

    /// The stored tree, at the reference size.
    pub fn root(&self) -> &Cell {
        &self.root
    }

    /// The size the stored tree was laid out at.
    pub fn reference_size(&self) -> (u16, u16) {
        (self.root.cols, self.root.rows)
    }

    /// The preset select-layout last applied to this window.
    pub fn last_preset(&self) -> Option<Preset> {
        self.last_preset
    }

    /// The tree's cells in a window of `area`'s size (see the module documentation). They can be
    /// larger than the window when it is too small for the panes' minimum size, as in tmux.
    pub fn fitted(&self, area: Rect) -> Cell {
        let mut root = self.root.clone();
        if (root.cols, root.rows) != (area.cols, area.rows) {
            root.resize_to(area.cols as u32, area.rows as u32);
        }
        root
    }

    /// The window's size as tmux has it: `area`, grown to the layout's size where the window is too
    /// small for the panes' minimum size (`resize_window`). Presets are laid out in this size and
    /// tmux's percentages of the window (`resize-pane -x 50%`, `split-window -f -l 50%`) and
    /// `pane_at_right`/`pane_at_bottom` ([`Rect::edges`]) are relative to it.
    pub fn window_area(&self, area: Rect) -> Rect {
        let root = self.fitted(area);
        Rect {
            cols: area.cols.max(root.cols),
            rows: area.rows.max(root.rows),
            ..area
        }
    }

    /// Each pane's rectangle (pane list order) when the window is `area`; offsets start at `area`'s.
    /// Rectangles reach past `area` when the window is too small for the panes' minimum size, as in
    /// tmux: whoever draws them clips.
    pub fn geometry(&self, area: Rect) -> Vec<(PaneId, Rect)> {
        let mut placed = Vec::new();
        self.fitted(area).place(0, 0, &mut placed);
        let to16 = |v: u32| v.min(u16::MAX as u32) as u16;
        let mut out: Vec<(PaneId, Rect)> = placed
            .into_iter()
            .map(|(p, x, y, cols, rows)| {
                let rect = Rect {
                    x: to16(x + area.x as u32),
                    y: to16(y + area.y as u32),
                    cols: to16(cols),
                    rows: to16(rows),
                };
                (p, rect)
            })
            .collect();
        let index = |p: &PaneId| self.panes.iter().position(|q| q == p).unwrap_or(usize::MAX);
        out.sort_by_key(|(p, _)| index(p));
        out
    }

    /// One pane's rectangle when the window is `area`.
    pub fn pane_rect(&self, area: Rect, pane: PaneId) -> Option<Rect> {
        self.geometry(area)
            .into_iter()
            .find(|(p, _)| *p == pane)
            .map(|(_, r)| r)
    }

    /// Keeps `root` (cells at `area`'s size) as the new reference unless it is what the stored tree
    /// already gives at that size, so operations that change nothing keep the reference.
    fn commit(&mut self, area: Rect, root: Cell) {
        if root != self.fitted(area) {
            self.root = root;
        }
    }

    fn check_pane(&self, pane: PaneId) -> Result<(), LayoutError> {
        if self.contains(pane) {
            Ok(())
        } else {
            Err(LayoutError::NoPane(pane))
        }
    }
}
