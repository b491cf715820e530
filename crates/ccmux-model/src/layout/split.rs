//! Adding and removing panes: split-window, join-pane/move-pane, kill-pane/break-pane
//! (`layout_split_pane`, `layout_close_pane`).

use super::cell::{Cell, Node, PANE_MINIMUM};
use super::{Layout, LayoutError, Rect, SplitDir};
use crate::PaneId;

/// Where and how big a new pane is, as split-window and join-pane take it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SplitOpts {
    pub dir: SplitDir,
    /// The new pane's size in cells along `dir` (`-l`; a percentage is the caller's: of the target
    /// pane, or of the window with `full`); `None` halves the target.
    pub size: Option<u32>,
    /// `-b`: the new pane goes left of or above the target.
    pub before: bool,
    /// `-f`: the new pane spans the whole window's height (left-right) or width (top-bottom).
    pub full: bool,
}

impl SplitOpts {
    pub fn new(dir: SplitDir) -> SplitOpts {
        SplitOpts {
            dir,
            size: None,
            before: false,
            full: false,
        }
    }
}

/// Splits the cell at `path` (the root with `opts.full`) to make a new leaf for `new`; returns the new
/// leaf's path, or `None` when there is no room (`layout_split_pane`).
fn split_cell(root: &mut Cell, path: &[usize], new: PaneId, opts: SplitOpts) -> Option<Vec<usize>> {
    let dir = opts.dir;
    let path: &[usize] = if opts.full { &[] } else { path };
    let lc = root.at(path)?;
    let (sx, sy) = (lc.cols as u32, lc.rows as u32);
    let saved = lc.size(dir);
    if saved < PANE_MINIMUM * 2 + 1 {
        return None;
    }
    // size2 is the bottom/right cell's size, size1 the top/left's; tmux's unsigned arithmetic kept.
    let size2 = match opts.size {
        None => saved.div_ceil(2) - 1,
        Some(size) if opts.before => saved.wrapping_sub(size).wrapping_sub(1),
        Some(size) => size,
    };
    let size2 = if size2 < PANE_MINIMUM {
        PANE_MINIMUM
    } else {
        size2.min(saved - 2)
    };
    let size1 = saved - 1 - size2;
    let (new_size, old_size) = if opts.before {
        (size1, size2)
    } else {
        (size2, size1)
    };
    if opts.full && !lc.set_size_check(dir, old_size) {
        return None;
    }
    let (parent_path, index) = match path.split_last() {
        Some((&i, p)) => (p, i),
        None => (&[][..], 0),
    };
    let same_parent = !path.is_empty() && root.at(parent_path)?.split_dir() == Some(dir);
    let leaf = |size: u32| match dir {
        SplitDir::LeftRight => Cell::leaf(new, size, sy),
        SplitDir::TopBottom => Cell::leaf(new, sx, size),
    };
    if same_parent {
        // Insert next to the target in its parent.
        let Node::Split { cells, .. } = &mut root.at_mut(parent_path)?.node else {
            return None;
        };
        let at = if opts.before { index } else { index + 1 };
        cells.get_mut(index)?.set_size(dir, old_size as i64);
        cells.insert(at, leaf(new_size));
        let mut new_path = parent_path.to_vec();
        new_path.push(at);
        return Some(new_path);
    }
    if opts.full && root.split_dir() == Some(dir) {
        // A full-size pane in a root split the same way: squeeze the root's children first.
        root.set_size(dir, old_size as i64);
        root.resize_children();
        root.set_size(dir, saved as i64);
        let Node::Split { cells, .. } = &mut root.node else {
            return None;
        };
        let cell = leaf(saved - 1 - old_size);
        let at = if opts.before { 0 } else { cells.len() };
        cells.insert(at, cell);
        return Some(vec![at]);
    }
    // Otherwise a new split replaces the cell and holds it and the new leaf.
    let lc = root.at_mut(path)?;
    let mut old = lc.clone();
    old.set_size(dir, old_size as i64);
    if opts.full {
        old.resize_children();
    }
    let new_cell = leaf(new_size);
    let (cells, at) = if opts.before {
        (vec![new_cell, old], 0)
    } else {
        (vec![old, new_cell], 1)
    };
    *lc = Cell {
        cols: lc.cols,
        rows: lc.rows,
        node: Node::Split { dir, cells },
    };
    let mut new_path = path.to_vec();
    new_path.push(at);
    Some(new_path)
}

/// Removes the leaf at `path`, its space going to a sibling as tmux gives it.
fn destroy(root: &mut Cell, path: &[usize]) {
    if let Some((&index, parent)) = path.split_last() {
        if let Some(parent) = root.at_mut(parent) {
            parent.destroy_child(index);
        }
    }
}

impl Layout {
    /// split-window: a new pane `new` next to `target` in a window of `area`'s size. The new pane is
    /// next to the target in the pane list (first or last with `opts.full`).
    pub fn split(
        &mut self,
        area: Rect,
        target: PaneId,
        new: PaneId,
        opts: SplitOpts,
    ) -> Result<(), LayoutError> {
        self.insert(area, target, new, opts, LayoutError::NoSpace)?;
        match (opts.full, opts.before) {
            (true, true) => self.panes.insert(0, new),
            (true, false) => self.panes.push(new),
            (false, before) => self.place_in_list(target, new, before),
        }
        Ok(())
    }

    /// join-pane from another window: `new` (removed from its window by the caller with
    /// [`Layout::remove`]) goes next to `target`. The pane list puts it next to the target even with
    /// `opts.full`, as tmux does.
    pub fn join(
        &mut self,
        area: Rect,
        target: PaneId,
        new: PaneId,
        opts: SplitOpts,
    ) -> Result<(), LayoutError> {
        self.insert(area, target, new, opts, LayoutError::PaneTooSmall)?;
        self.place_in_list(target, new, opts.before);
        Ok(())
    }

    /// join-pane/move-pane within one window: `src` moves next to `target` (the target is split first,
    /// then `src`'s old cell is removed, as tmux does).
    pub fn move_pane(
        &mut self,
        area: Rect,
        src: PaneId,
        target: PaneId,
        opts: SplitOpts,
    ) -> Result<(), LayoutError> {
        if src == target {
            return Err(LayoutError::SamePane);
        }
        self.check_pane(src)?;
        self.check_pane(target)?;
        let mut root = self.fitted(area);
        let path = root.path_to(target).ok_or(LayoutError::NoPane(target))?;
        let new_path = split_cell(&mut root, &path, src, opts).ok_or(LayoutError::PaneTooSmall)?;
        let old_path = leaf_paths(&root)
            .into_iter()
            .find(|(p, path)| *p == src && *path != new_path)
            .map(|(_, path)| path)
            .ok_or(LayoutError::NoPane(src))?;
        destroy(&mut root, &old_path);
        self.root = root;
        self.panes.retain(|p| *p != src);
        self.place_in_list(target, src, opts.before);
        Ok(())
    }

    /// kill-pane, break-pane, or a pane leaving for another window: its space goes to the previous
    /// sibling (the next for a first child), and a split left with one child is replaced by it.
    pub fn remove(&mut self, area: Rect, pane: PaneId) -> Result<(), LayoutError> {
        self.check_pane(pane)?;
        let mut root = self.fitted(area);
        let path = root.path_to(pane).ok_or(LayoutError::NoPane(pane))?;
        if path.is_empty() {
            return Err(LayoutError::LastPane);
        }
        destroy(&mut root, &path);
        self.root = root;
        self.panes.retain(|p| *p != pane);
        Ok(())
    }

    fn insert(
        &mut self,
        area: Rect,
        target: PaneId,
        new: PaneId,
        opts: SplitOpts,
        no_room: LayoutError,
    ) -> Result<(), LayoutError> {
        self.check_pane(target)?;
        if self.contains(new) {
            return Err(LayoutError::DuplicatePane(new));
        }
        let mut root = self.fitted(area);
        let path = root.path_to(target).ok_or(LayoutError::NoPane(target))?;
        split_cell(&mut root, &path, new, opts).ok_or(no_room)?;
        self.root = root;
        Ok(())
    }

    fn place_in_list(&mut self, target: PaneId, pane: PaneId, before: bool) {
        let at = self.panes.iter().position(|p| *p == target).unwrap_or(0);
        let at = if before { at } else { at + 1 };
        self.panes.insert(at.min(self.panes.len()), pane);
    }
}

/// Every leaf with its path, in tree order.
fn leaf_paths(root: &Cell) -> Vec<(PaneId, Vec<usize>)> {
    fn walk(cell: &Cell, path: &mut Vec<usize>, out: &mut Vec<(PaneId, Vec<usize>)>) {
        match &cell.node {
            Node::Pane(p) => out.push((*p, path.clone())),
            Node::Split { cells, .. } => {
                for (i, c) in cells.iter().enumerate() {
                    path.push(i);
                    walk(c, path, out);
                    path.pop();
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(root, &mut Vec::new(), &mut out);
    out
}
