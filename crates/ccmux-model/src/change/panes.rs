//! Pane changes: split, close, select, resize, move between windows (join, break, swap), die, respawn.

use super::windows::{check_layout, new_pane};
use super::{Change, ChangeError, Effects};
use crate::{DeadPane, Model, PaneId, SplitOpts, WindowId};

impl Model {
    pub(super) fn apply_pane(&mut self, change: &Change) -> Result<Effects, ChangeError> {
        let mut fx = Effects::default();
        match change {
            Change::PaneSplit {
                target,
                pane,
                dir,
                size,
                before,
                spec,
                select,
            } => {
                let window = self.pane_window(*target)?;
                self.check_new_ids(None, None, Some(*pane))?;
                let area = self
                    .window_area(window)
                    .ok_or(ChangeError::NoWindow(window))?;
                let w = self.window_mut(window)?;
                let opts = SplitOpts {
                    size: size.map(u32::from),
                    before: *before,
                    ..SplitOpts::new(*dir)
                };
                w.layout.split(area, *target, *pane, opts)?;
                w.zoomed = false;
                if *select {
                    w.last_pane = Some(w.active_pane);
                    w.active_pane = *pane;
                }
                self.panes.insert(*pane, new_pane(*pane, window, spec));
                self.bump(None, None, Some(pane.0));
                fx.relayout.push(window);
            }
            Change::PaneClosed { id } => fx.merge(self.close_pane(*id)?),
            Change::PaneSelected { id } => {
                let window = self.pane_window(*id)?;
                let w = self.window_mut(window)?;
                if w.active_pane != *id {
                    w.last_pane = Some(w.active_pane);
                    w.active_pane = *id;
                    if w.zoomed {
                        w.zoomed = false;
                        fx.relayout.push(window);
                    }
                }
            }
            Change::PaneResized { id, axis, size } => {
                let window = self.pane_window(*id)?;
                let area = self
                    .window_area(window)
                    .ok_or(ChangeError::NoWindow(window))?;
                let w = self.window_mut(window)?;
                w.layout
                    .resize_pane_to(area, *id, *axis, u32::from(*size))?;
                fx.relayout.push(window);
            }
            Change::PaneCwd { id, cwd } => self.pane_mut(*id)?.cwd = cwd.clone(),
            Change::PaneTitle { id, title } => self.pane_mut(*id)?.title = title.clone(),
            Change::PaneForeground { id, foreground } => {
                self.pane_mut(*id)?.foreground = foreground.clone()
            }
            Change::PaneDied {
                id,
                status,
                signal,
                time,
            } => {
                let p = self.pane_mut(*id)?;
                p.dead = Some(DeadPane {
                    status: *status,
                    signal: *signal,
                    time: *time,
                });
                p.foreground = None;
            }
            Change::PaneRespawned { id, spec } => {
                let p = self.pane_mut(*id)?;
                p.dead = None;
                p.spec = spec.clone();
                p.cwd = spec.cwd.clone();
                p.foreground = None;
            }
            Change::PaneMoved {
                pane,
                to,
                from_layout,
                to_layout,
                select,
            } => {
                let from = self.pane_window(*pane)?;
                let src = self.windows.get(&from).ok_or(ChangeError::NoWindow(from))?;
                let dst = self.windows.get(to).ok_or(ChangeError::NoWindow(*to))?;
                if from == *to {
                    return Err(ChangeError::LayoutPanes(*to));
                }
                let mut src_after: Vec<PaneId> = src.layout.panes();
                src_after.retain(|p| p != pane);
                let mut dst_after = dst.layout.panes();
                dst_after.push(*pane);
                match from_layout {
                    Some(l) => check_layout(&src_after, l, from)?,
                    None if src_after.is_empty() => {}
                    None => return Err(ChangeError::LayoutPanes(from)),
                }
                check_layout(&dst_after, to_layout, *to)?;
                self.pane_mut(*pane)?.window = *to;
                match from_layout {
                    Some(l) => self.set_layout_after_leaving(from, l.clone(), *pane),
                    None => {
                        for s in self.sessions_of_window(from) {
                            fx.merge(self.unlink_from(s, from));
                        }
                        if let Some(w) = self.windows.remove(&from) {
                            let _ = w;
                            fx.closed_windows.push(from);
                        }
                    }
                }
                let w = self.window_mut(*to)?;
                w.layout = to_layout.clone();
                w.zoomed = false;
                if *select {
                    w.last_pane = Some(w.active_pane);
                    w.active_pane = *pane;
                }
                fx.relayout.extend([from, *to]);
            }
            Change::PaneBroken {
                pane,
                window,
                session,
                index,
                name,
                select,
                from_layout,
            } => {
                let from = self.pane_window(*pane)?;
                let src = self.windows.get(&from).ok_or(ChangeError::NoWindow(from))?;
                let mut src_after = src.layout.panes();
                src_after.retain(|p| p != pane);
                if src_after.is_empty() {
                    return Err(ChangeError::LayoutPanes(from));
                }
                check_layout(&src_after, from_layout, from)?;
                let s = self
                    .sessions
                    .get(session)
                    .ok_or(ChangeError::NoSession(*session))?;
                if s.windows.contains_key(index) {
                    return Err(ChangeError::IndexInUse(*index));
                }
                self.check_new_ids(None, Some(*window), None)?;
                let (cols, rows) = (src.cols, src.rows);
                self.set_layout_after_leaving(from, from_layout.clone(), *pane);
                let spec = self.panes[pane].spec.clone();
                // The pane keeps its own record (id, process, options): insert_window makes a fresh
                // one, put the old one back.
                let kept = self.panes.remove(pane);
                self.insert_window(*window, cols, rows, name, *pane, &spec);
                if let Some(mut p) = kept {
                    p.window = *window;
                    self.panes.insert(*pane, p);
                }
                self.link_window_at(*window, *session, *index, *select);
                self.bump(None, Some(window.0), None);
                fx.relayout.extend([from, *window]);
            }
            Change::PanesSwapped {
                a,
                b,
                layout_a,
                layout_b,
            } => {
                let (wa, wb) = (self.pane_window(*a)?, self.pane_window(*b)?);
                if wa == wb {
                    return Err(ChangeError::LayoutPanes(wa));
                }
                let swap = |ps: Vec<PaneId>| {
                    ps.into_iter()
                        .map(|p| match p {
                            p if p == *a => *b,
                            p if p == *b => *a,
                            p => p,
                        })
                        .collect::<Vec<_>>()
                };
                check_layout(&swap(self.windows[&wa].layout.panes()), layout_a, wa)?;
                check_layout(&swap(self.windows[&wb].layout.panes()), layout_b, wb)?;
                self.pane_mut(*a)?.window = wb;
                self.pane_mut(*b)?.window = wa;
                for (w, layout, out, inn) in [(wa, layout_a, *a, *b), (wb, layout_b, *b, *a)] {
                    let win = self.window_mut(w)?;
                    win.layout = layout.clone();
                    if win.active_pane == out {
                        win.active_pane = inn;
                    }
                    if win.last_pane == Some(out) {
                        win.last_pane = Some(inn);
                    }
                }
                fx.relayout.extend([wa, wb]);
            }
            _ => unreachable!("a pane change"),
        }
        Ok(fx)
    }

    fn pane_window(&self, pane: PaneId) -> Result<WindowId, ChangeError> {
        Ok(self
            .panes
            .get(&pane)
            .ok_or(ChangeError::NoPane(pane))?
            .window)
    }

    /// A window's layout after `pane` left it; its active and last panes follow.
    fn set_layout_after_leaving(&mut self, window: WindowId, layout: crate::Layout, pane: PaneId) {
        if let Some(w) = self.windows.get_mut(&window) {
            w.layout = layout;
            w.zoomed = false;
            let panes = w.layout.panes();
            if w.active_pane == pane {
                w.active_pane = match w.last_pane {
                    Some(l) if panes.contains(&l) => l,
                    _ => panes.first().copied().unwrap_or(pane),
                };
            }
            if w.last_pane == Some(pane) || w.last_pane == Some(w.active_pane) {
                w.last_pane = None;
            }
        }
    }

    /// Links a new window at `index` of `session` and its group (break-pane).
    fn link_window_at(
        &mut self,
        window: WindowId,
        session: crate::SessionId,
        index: u32,
        select: bool,
    ) {
        for member in self.group_members(session) {
            if let Some(s) = self.sessions.get_mut(&member) {
                s.windows.insert(index, window);
                if select && member == session {
                    s.last_window = Some(s.active_window);
                    s.active_window = window;
                }
            }
        }
    }

    fn close_pane(&mut self, id: PaneId) -> Result<Effects, ChangeError> {
        let window = self.pane_window(id)?;
        let area = self
            .window_area(window)
            .ok_or(ChangeError::NoWindow(window))?;
        let w = self.window_mut(window)?;
        if w.layout.panes().len() <= 1 {
            let mut fx = Effects::default();
            for s in self.sessions_of_window(window) {
                fx.merge(self.unlink_from(s, window));
            }
            fx.merge(self.drop_window(window));
            return Ok(fx);
        }
        let order = w.layout.panes();
        let position = order.iter().position(|p| *p == id).unwrap_or(0);
        w.layout.remove(area, id)?;
        if w.active_pane == id {
            let remaining = w.layout.panes();
            w.active_pane = match w.last_pane {
                Some(last) if remaining.contains(&last) => last,
                _ => remaining
                    .get(position.min(remaining.len().saturating_sub(1)))
                    .copied()
                    .unwrap_or(id),
            };
            w.zoomed = false;
        }
        if w.last_pane == Some(id) || w.last_pane == Some(w.active_pane) {
            w.last_pane = None;
        }
        self.panes.remove(&id);
        Ok(Effects {
            closed_panes: vec![id],
            relayout: vec![window],
            ..Effects::default()
        })
    }
}
