//! A window's split tree: leaves are panes, inner nodes split their area left|right or top/bottom.
//!
//! Each child stores its size along its parent's split axis; a one-cell border separates siblings.
//! [`Layout::fit`] rescales sizes so they always add up to the area they are given.

use crate::PaneId;
use serde::{Deserialize, Serialize};

/// How a split divides its area.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SplitDir {
    /// Side by side (tmux `split-window -h`).
    LeftRight,
    /// Stacked (tmux `split-window -v`, the default).
    TopBottom,
}

/// An axis of the screen: X is columns, Y is rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Axis {
    X,
    Y,
}

impl SplitDir {
    fn axis(self) -> Axis {
        match self {
            SplitDir::LeftRight => Axis::X,
            SplitDir::TopBottom => Axis::Y,
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

impl Rect {
    fn extent(&self, axis: Axis) -> u16 {
        match axis {
            Axis::X => self.cols,
            Axis::Y => self.rows,
        }
    }
}

/// A node of the split tree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Layout {
    Pane(PaneId),
    Split {
        dir: SplitDir,
        children: Vec<LayoutChild>,
    },
}

/// A child of a split with its size along the split's axis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayoutChild {
    pub size: u16,
    pub node: Layout,
}

/// Why a layout operation was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LayoutError {
    #[error("can't find pane: {0}")]
    NoPane(PaneId),
    #[error("no space for new pane")]
    NoSpace,
}

impl Layout {
    /// The panes in tree order (this order gives pane indexes).
    pub fn panes(&self) -> Vec<PaneId> {
        let mut out = Vec::new();
        self.collect(&mut out);
        out
    }

    fn collect(&self, out: &mut Vec<PaneId>) {
        match self {
            Layout::Pane(p) => out.push(*p),
            Layout::Split { children, .. } => children.iter().for_each(|c| c.node.collect(out)),
        }
    }

    pub fn contains(&self, pane: PaneId) -> bool {
        self.path_to(pane).is_some()
    }

    /// Each pane's rectangle when the whole tree is laid out in `area`.
    pub fn geometry(&self, area: Rect) -> Vec<(PaneId, Rect)> {
        let mut out = Vec::new();
        self.layout_into(area, &mut out);
        out
    }

    fn layout_into(&self, area: Rect, out: &mut Vec<(PaneId, Rect)>) {
        match self {
            Layout::Pane(p) => out.push((*p, area)),
            Layout::Split { dir, children } => {
                let mut offset = 0u16;
                for child in children {
                    let room = area.extent(dir.axis()).saturating_sub(offset);
                    let size = child.size.min(room).max(1);
                    let rect = match dir {
                        SplitDir::LeftRight => Rect {
                            x: area.x.saturating_add(offset),
                            cols: size,
                            ..area
                        },
                        SplitDir::TopBottom => Rect {
                            y: area.y.saturating_add(offset),
                            rows: size,
                            ..area
                        },
                    };
                    child.node.layout_into(rect, out);
                    offset = offset.saturating_add(size).saturating_add(1);
                }
            }
        }
    }

    /// Rescales every split so its children (plus borders) fill exactly the area they are given.
    pub fn fit(&mut self, cols: u16, rows: u16) {
        let Layout::Split { dir, children } = self else {
            return;
        };
        let n = children.len() as u32;
        let extent = match dir {
            SplitDir::LeftRight => cols,
            SplitDir::TopBottom => rows,
        } as u32;
        let available = extent.saturating_sub(n.saturating_sub(1)).max(n);
        let sum: u32 = children.iter().map(|c| c.size.max(1) as u32).sum();
        if sum != available {
            let mut sizes: Vec<u32> = children
                .iter()
                .map(|c| ((c.size.max(1) as u32 * available) / sum.max(1)).max(1))
                .collect();
            let mut total: u32 = sizes.iter().sum();
            while total < available {
                *sizes.last_mut().expect("split has children") += 1;
                total += 1;
            }
            while total > available {
                let (i, _) = sizes
                    .iter()
                    .enumerate()
                    .max_by_key(|(_, s)| **s)
                    .expect("split has children");
                if sizes[i] <= 1 {
                    break;
                }
                sizes[i] -= 1;
                total -= 1;
            }
            for (c, s) in children.iter_mut().zip(sizes) {
                c.size = s.min(u16::MAX as u32) as u16;
            }
        }
        let dir = *dir;
        for c in children.iter_mut() {
            match dir {
                SplitDir::LeftRight => c.node.fit(c.size, rows),
                SplitDir::TopBottom => c.node.fit(cols, c.size),
            }
        }
    }

    /// Child indexes from the root down to `pane`'s leaf.
    fn path_to(&self, pane: PaneId) -> Option<Vec<usize>> {
        match self {
            Layout::Pane(p) => (*p == pane).then(Vec::new),
            Layout::Split { children, .. } => children.iter().enumerate().find_map(|(i, c)| {
                c.node.path_to(pane).map(|mut rest| {
                    rest.insert(0, i);
                    rest
                })
            }),
        }
    }

    fn node_at_mut(&mut self, path: &[usize]) -> &mut Layout {
        let mut node = self;
        for &i in path {
            node = match node {
                Layout::Split { children, .. } => &mut children[i].node,
                Layout::Pane(_) => unreachable!("path leads through a split"),
            };
        }
        node
    }

    /// Splits `target`'s area, giving `size` cells (default: half) to the new pane `new`, placed after the
    /// target (right or below) or before it.
    pub fn split(
        &mut self,
        area: Rect,
        target: PaneId,
        new: PaneId,
        dir: SplitDir,
        size: Option<u16>,
        before: bool,
    ) -> Result<(), LayoutError> {
        let rect = self
            .geometry(area)
            .into_iter()
            .find(|(p, _)| *p == target)
            .map(|(_, r)| r)
            .ok_or(LayoutError::NoPane(target))?;
        let extent = rect.extent(dir.axis());
        if extent < 3 {
            return Err(LayoutError::NoSpace);
        }
        let new_size = size.unwrap_or((extent - 1) / 2).clamp(1, extent - 2);
        let old_size = extent - 1 - new_size;
        let path = self.path_to(target).ok_or(LayoutError::NoPane(target))?;
        let new_child = LayoutChild {
            size: new_size,
            node: Layout::Pane(new),
        };
        if let Some((&index, parent_path)) = path.split_last() {
            if let Layout::Split {
                dir: pdir,
                children,
            } = self.node_at_mut(parent_path)
            {
                if *pdir == dir {
                    children[index].size = old_size;
                    children.insert(if before { index } else { index + 1 }, new_child);
                    self.fit(area.cols, area.rows);
                    return Ok(());
                }
            }
        }
        let leaf = self.node_at_mut(&path);
        let old_child = LayoutChild {
            size: old_size,
            node: Layout::Pane(target),
        };
        let children = if before {
            vec![new_child, old_child]
        } else {
            vec![old_child, new_child]
        };
        *leaf = Layout::Split { dir, children };
        self.fit(area.cols, area.rows);
        Ok(())
    }

    /// Removes `pane`; its space goes to a neighbour. Returns false when `pane` is the only pane left
    /// (the caller closes the window instead) or is not in the tree.
    pub fn remove(&mut self, area: Rect, pane: PaneId) -> bool {
        let Some(path) = self.path_to(pane) else {
            return false;
        };
        let Some((&index, parent_path)) = path.split_last() else {
            return false;
        };
        let parent = self.node_at_mut(parent_path);
        if let Layout::Split { children, .. } = parent {
            let removed = children.remove(index);
            let neighbour = index.saturating_sub(1).min(children.len() - 1);
            children[neighbour].size = children[neighbour]
                .size
                .saturating_add(removed.size)
                .saturating_add(1);
            if children.len() == 1 {
                let only = children.pop().expect("one child").node;
                *parent = only;
            }
        }
        self.flatten();
        self.fit(area.cols, area.rows);
        true
    }

    /// Merges a split into its parent when both split the same way.
    fn flatten(&mut self) {
        let Layout::Split { dir, children } = self else {
            return;
        };
        let dir = *dir;
        let mut merged = Vec::with_capacity(children.len());
        for mut child in children.drain(..) {
            child.node.flatten();
            match child.node {
                Layout::Split {
                    dir: cdir,
                    children: grand,
                } if cdir == dir => merged.extend(grand),
                node => merged.push(LayoutChild {
                    size: child.size,
                    node,
                }),
            }
        }
        *children = merged;
    }

    /// Sets `pane`'s extent along `axis` to `size` cells (taken from or given to its neighbour).
    /// Returns false when no split along that axis holds the pane.
    pub fn resize(&mut self, area: Rect, pane: PaneId, axis: Axis, size: u16) -> bool {
        let Some(path) = self.path_to(pane) else {
            return false;
        };
        for depth in (0..path.len()).rev() {
            let index = path[depth];
            if let Layout::Split { dir, children } = self.node_at_mut(&path[..depth]) {
                if dir.axis() != axis || children.len() < 2 {
                    continue;
                }
                let neighbour = if index + 1 < children.len() {
                    index + 1
                } else {
                    index - 1
                };
                let pair = children[index].size as i32 + children[neighbour].size as i32;
                let want = (size.max(1) as i32).min(pair - 1);
                children[index].size = want as u16;
                children[neighbour].size = (pair - want) as u16;
                self.fit(area.cols, area.rows);
                return true;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AREA: Rect = Rect {
        x: 0,
        y: 0,
        cols: 80,
        rows: 24,
    };

    fn rect_of(l: &Layout, p: u32) -> Rect {
        l.geometry(AREA)
            .into_iter()
            .find(|(id, _)| id.0 == p)
            .unwrap()
            .1
    }

    #[test]
    fn split_left_right_halves_with_border() {
        let mut l = Layout::Pane(PaneId(0));
        l.split(AREA, PaneId(0), PaneId(1), SplitDir::LeftRight, None, false)
            .unwrap();
        assert_eq!(
            rect_of(&l, 0),
            Rect {
                x: 0,
                y: 0,
                cols: 40,
                rows: 24
            }
        );
        assert_eq!(
            rect_of(&l, 1),
            Rect {
                x: 41,
                y: 0,
                cols: 39,
                rows: 24
            }
        );
        assert_eq!(l.panes(), vec![PaneId(0), PaneId(1)]);
    }

    #[test]
    fn split_same_direction_adds_sibling_and_nested_other_direction() {
        let mut l = Layout::Pane(PaneId(0));
        l.split(AREA, PaneId(0), PaneId(1), SplitDir::TopBottom, None, false)
            .unwrap();
        l.split(
            AREA,
            PaneId(1),
            PaneId(2),
            SplitDir::TopBottom,
            Some(5),
            false,
        )
        .unwrap();
        let Layout::Split { children, .. } = &l else {
            panic!()
        };
        assert_eq!(children.len(), 3);
        assert_eq!(rect_of(&l, 2).rows, 5);
        l.split(AREA, PaneId(0), PaneId(3), SplitDir::LeftRight, None, true)
            .unwrap();
        assert_eq!(l.panes(), vec![PaneId(3), PaneId(0), PaneId(1), PaneId(2)]);
        let r3 = rect_of(&l, 3);
        let r0 = rect_of(&l, 0);
        assert_eq!(r3.x, 0);
        assert_eq!(r0.x, r3.cols + 1);
        assert_eq!(r0.y, r3.y);
        // Rows of the three stacked panes plus two borders fill the window.
        let rows: u16 = [0, 1, 2].iter().map(|p| rect_of(&l, *p).rows).sum();
        assert_eq!(rows + 2, 24);
    }

    #[test]
    fn split_refuses_when_too_small() {
        let area = Rect {
            cols: 2,
            rows: 2,
            ..AREA
        };
        let mut l = Layout::Pane(PaneId(0));
        assert_eq!(
            l.split(area, PaneId(0), PaneId(1), SplitDir::LeftRight, None, false),
            Err(LayoutError::NoSpace)
        );
        assert_eq!(
            l.split(area, PaneId(9), PaneId(1), SplitDir::LeftRight, None, false),
            Err(LayoutError::NoPane(PaneId(9)))
        );
    }

    #[test]
    fn remove_gives_space_back_and_collapses() {
        let mut l = Layout::Pane(PaneId(0));
        l.split(AREA, PaneId(0), PaneId(1), SplitDir::LeftRight, None, false)
            .unwrap();
        l.split(AREA, PaneId(1), PaneId(2), SplitDir::TopBottom, None, false)
            .unwrap();
        assert!(l.remove(AREA, PaneId(2)));
        assert_eq!(rect_of(&l, 1).rows, 24);
        assert!(l.remove(AREA, PaneId(0)));
        assert_eq!(l, Layout::Pane(PaneId(1)));
        assert_eq!(rect_of(&l, 1), AREA);
        assert!(!l.remove(AREA, PaneId(1)), "last pane is not removed");
    }

    #[test]
    fn remove_flattens_same_direction_nesting() {
        let mut l = Layout::Pane(PaneId(0));
        l.split(AREA, PaneId(0), PaneId(1), SplitDir::LeftRight, None, false)
            .unwrap();
        l.split(AREA, PaneId(1), PaneId(2), SplitDir::TopBottom, None, false)
            .unwrap();
        l.split(AREA, PaneId(2), PaneId(3), SplitDir::LeftRight, None, false)
            .unwrap();
        assert!(l.remove(AREA, PaneId(1)));
        let Layout::Split { dir, children } = &l else {
            panic!()
        };
        assert_eq!(*dir, SplitDir::LeftRight);
        assert_eq!(children.len(), 3);
    }

    #[test]
    fn resize_takes_from_neighbour_and_fit_rescales() {
        let mut l = Layout::Pane(PaneId(0));
        l.split(AREA, PaneId(0), PaneId(1), SplitDir::LeftRight, None, false)
            .unwrap();
        assert!(l.resize(AREA, PaneId(0), Axis::X, 20));
        assert_eq!(rect_of(&l, 0).cols, 20);
        assert_eq!(rect_of(&l, 1).cols, 59);
        assert!(
            !l.resize(AREA, PaneId(0), Axis::Y, 10),
            "no top/bottom split"
        );
        let big = Rect {
            cols: 161,
            rows: 50,
            ..AREA
        };
        l.fit(big.cols, big.rows);
        let g = l.geometry(big);
        assert_eq!(g[0].1.cols + g[1].1.cols + 1, 161);
        assert_eq!(g[0].1.cols, 40);
    }
}
