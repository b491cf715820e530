//! Moving panes between cells without changing any size: swap-pane and rotate-window. The reference
//! size is kept, since the cells stay as they are.

use super::{Layout, LayoutError};
use crate::PaneId;

/// Which way rotate-window moves the panes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rotate {
    /// `-U` (the default): each pane moves to the previous pane's cell, the first to the last cell.
    Up,
    /// `-D`: each pane moves to the next pane's cell, the last to the first cell.
    Down,
}

impl Layout {
    /// swap-pane within a window: the two panes trade cells and places in the pane list.
    pub fn swap(&mut self, a: PaneId, b: PaneId) -> Result<(), LayoutError> {
        self.check_pane(a)?;
        self.check_pane(b)?;
        let swap = |p: PaneId| {
            if p == a {
                b
            } else if p == b {
                a
            } else {
                p
            }
        };
        self.root.map_panes(&swap);
        self.panes.iter_mut().for_each(|p| *p = swap(*p));
        Ok(())
    }

    /// swap-pane across windows: `mine` (in this layout) and `theirs` (in `other`) trade cells and
    /// places in their windows' pane lists.
    pub fn swap_with(
        &mut self,
        mine: PaneId,
        other: &mut Layout,
        theirs: PaneId,
    ) -> Result<(), LayoutError> {
        self.check_pane(mine)?;
        other.check_pane(theirs)?;
        if self.contains(theirs) {
            return Err(LayoutError::DuplicatePane(theirs));
        }
        if other.contains(mine) {
            return Err(LayoutError::DuplicatePane(mine));
        }
        self.replace(mine, theirs);
        other.replace(theirs, mine);
        Ok(())
    }

    /// The pane after (`forward`) or before `pane` in the pane list, wrapping round: the pane
    /// swap-pane -D or -U swaps with.
    pub fn neighbour(&self, pane: PaneId, forward: bool) -> Option<PaneId> {
        let i = self.panes.iter().position(|p| *p == pane)?;
        let n = self.panes.len();
        let j = if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        };
        self.panes.get(j).copied()
    }

    /// rotate-window: the panes move one cell through the pane list. The pane now in the cell the
    /// active pane had is the one tmux makes active: the active pane's neighbour before it (`Down`)
    /// or after it (`Up`) in the new order.
    pub fn rotate(&mut self, way: Rotate) {
        let n = self.panes.len();
        if n == 0 {
            return;
        }
        let old = self.panes.clone();
        // The pane that moves into the cell of old[i].
        let incoming = |i: usize| match way {
            Rotate::Down => old.get((i + n - 1) % n).copied(),
            Rotate::Up => old.get((i + 1) % n).copied(),
        };
        let map = |p: PaneId| {
            old.iter()
                .position(|q| *q == p)
                .and_then(incoming)
                .unwrap_or(p)
        };
        self.root.map_panes(&map);
        match way {
            Rotate::Down => self.panes.rotate_right(1),
            Rotate::Up => self.panes.rotate_left(1),
        }
    }

    /// Puts `new` in `old`'s cell and place in the pane list.
    fn replace(&mut self, old: PaneId, new: PaneId) {
        let map = |p: PaneId| if p == old { new } else { p };
        self.root.map_panes(&map);
        self.panes.iter_mut().for_each(|p| *p = map(*p));
    }
}
