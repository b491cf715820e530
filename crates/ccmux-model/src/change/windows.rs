//! Window changes: create, link, unlink, move, swap, select, rename, zoom, layout, close.

use super::{Change, ChangeError, Effects};
use crate::options::Options;
use crate::{Layout, Model, Pane, PaneId, PaneSpec, SessionId, Window, WindowId};

impl Model {
    pub(super) fn apply_window(&mut self, change: &Change) -> Result<Effects, ChangeError> {
        let mut fx = Effects::default();
        match change {
            Change::WindowCreated {
                id,
                session,
                index,
                name,
                pane,
                spec,
                select,
            } => {
                let s = self
                    .sessions
                    .get(session)
                    .ok_or(ChangeError::NoSession(*session))?;
                if s.windows.contains_key(index) {
                    return Err(ChangeError::IndexInUse(*index));
                }
                let (cols, rows) = (s.cols, s.rows);
                self.check_new_ids(None, Some(*id), Some(*pane))?;
                self.insert_window(*id, cols, rows, name, *pane, spec);
                self.link(*id, *session, *index, *select);
                self.bump(None, Some(id.0), Some(pane.0));
                fx.relayout.push(*id);
            }
            Change::WindowLinked {
                window,
                session,
                index,
                select,
            } => {
                let s = self
                    .sessions
                    .get(session)
                    .ok_or(ChangeError::NoSession(*session))?;
                if !self.windows.contains_key(window) {
                    return Err(ChangeError::NoWindow(*window));
                }
                if s.windows.contains_key(index) {
                    return Err(ChangeError::IndexInUse(*index));
                }
                if s.windows.values().any(|w| w == window) {
                    return Err(ChangeError::AlreadyLinked(*window));
                }
                self.link(*window, *session, *index, *select);
                fx.relayout.push(*window);
            }
            Change::WindowUnlinked { window, session } => {
                let s = self
                    .sessions
                    .get(session)
                    .ok_or(ChangeError::NoSession(*session))?;
                if !s.windows.values().any(|w| w == window) {
                    return Err(ChangeError::NoWindow(*window));
                }
                for member in self.group_members(*session) {
                    fx.merge(self.unlink_from(member, *window));
                }
                if self.session_of_window(*window, None).is_none() {
                    fx.merge(self.drop_window(*window));
                }
            }
            Change::WindowMoved { session, from, to } => {
                let s = self
                    .sessions
                    .get(session)
                    .ok_or(ChangeError::NoSession(*session))?;
                if !s.windows.contains_key(from) {
                    return Err(ChangeError::NoIndex(*from));
                }
                if from != to && s.windows.contains_key(to) {
                    return Err(ChangeError::IndexInUse(*to));
                }
                for member in self.group_members(*session) {
                    let s = self.session_mut(member)?;
                    if let Some(w) = s.windows.remove(from) {
                        s.windows.insert(*to, w);
                    }
                }
            }
            Change::WindowsSwapped { a, b } => {
                let wa = *self
                    .sessions
                    .get(&a.0)
                    .ok_or(ChangeError::NoSession(a.0))?
                    .windows
                    .get(&a.1)
                    .ok_or(ChangeError::NoIndex(a.1))?;
                let wb = *self
                    .sessions
                    .get(&b.0)
                    .ok_or(ChangeError::NoSession(b.0))?
                    .windows
                    .get(&b.1)
                    .ok_or(ChangeError::NoIndex(b.1))?;
                for (session, index, now) in [(a.0, a.1, wb), (b.0, b.1, wa)] {
                    for member in self.group_members(session) {
                        let s = self.session_mut(member)?;
                        let was = s.windows.insert(index, now);
                        for slot in [&mut s.active_window] {
                            if Some(*slot) == was && !s.windows.values().any(|w| *w == *slot) {
                                *slot = now;
                            }
                        }
                        if s.last_window
                            .is_some_and(|l| !s.windows.values().any(|w| *w == l))
                        {
                            s.last_window = None;
                        }
                    }
                }
                fx.relayout.extend([wa, wb]);
            }
            Change::WindowRenamed { id, name } => self.window_mut(*id)?.name = name.clone(),
            Change::WindowClosed { id } => {
                if !self.windows.contains_key(id) {
                    return Err(ChangeError::NoWindow(*id));
                }
                for s in self.sessions_of_window(*id) {
                    fx.merge(self.unlink_from(s, *id));
                }
                fx.merge(self.drop_window(*id));
            }
            Change::WindowSelected { id } => {
                if !self.windows.contains_key(id) {
                    return Err(ChangeError::NoWindow(*id));
                }
                for s in self.sessions_of_window(*id) {
                    self.select_in(s, *id);
                }
            }
            Change::WindowSelectedIn { session, window } => {
                let s = self
                    .sessions
                    .get(session)
                    .ok_or(ChangeError::NoSession(*session))?;
                if !s.windows.values().any(|w| w == window) {
                    return Err(ChangeError::NoWindow(*window));
                }
                self.select_in(*session, *window);
            }
            Change::WindowZoomed { id, zoomed } => {
                self.window_mut(*id)?.zoomed = *zoomed;
                fx.relayout.push(*id);
            }
            Change::WindowLayout { id, layout } => {
                let w = self.windows.get(id).ok_or(ChangeError::NoWindow(*id))?;
                check_layout(&w.layout.panes(), layout, *id)?;
                self.window_mut(*id)?.layout = layout.clone();
                fx.relayout.push(*id);
            }
            _ => unreachable!("a window change"),
        }
        Ok(fx)
    }

    /// Links `window` at `index` of `session` and of every session of its group.
    fn link(&mut self, window: WindowId, session: SessionId, index: u32, select: bool) {
        for member in self.group_members(session) {
            let Some(s) = self.sessions.get_mut(&member) else {
                continue;
            };
            s.windows.insert(index, window);
            // Only the session it was created or linked in changes its current window (tmux: the
            // others of the group keep theirs).
            if select && member == session && s.active_window != window {
                s.last_window = Some(s.active_window);
                s.active_window = window;
            }
        }
    }

    pub(super) fn select_in(&mut self, session: SessionId, window: WindowId) {
        if let Some(s) = self.sessions.get_mut(&session) {
            if s.active_window != window {
                s.last_window = Some(s.active_window);
                s.active_window = window;
            }
        }
    }

    /// Removes `window`'s links from one session; a session left with no window ends.
    pub(super) fn unlink_from(&mut self, session: SessionId, window: WindowId) -> Effects {
        let mut fx = Effects::default();
        let Some(s) = self.sessions.get_mut(&session) else {
            return fx;
        };
        let index = s
            .windows
            .iter()
            .find(|(_, v)| **v == window)
            .map(|(i, _)| *i);
        if let Some(i) = index {
            s.windows.remove(&i);
        }
        if s.windows.is_empty() {
            self.sessions.remove(&session);
            fx.closed_sessions.push(session);
            return fx;
        }
        if s.active_window == window {
            s.active_window = match s.last_window {
                Some(last) if s.windows.values().any(|w| *w == last) => last,
                _ => {
                    let i = index.unwrap_or(0);
                    let next = s
                        .windows
                        .range(i..)
                        .next()
                        .or_else(|| s.windows.range(..i).next_back());
                    next.map_or(s.active_window, |(_, w)| *w)
                }
            };
        }
        if s.last_window == Some(window) || s.last_window == Some(s.active_window) {
            s.last_window = None;
        }
        fx
    }

    /// Removes a window (linked nowhere any more) and its panes.
    pub(super) fn drop_window(&mut self, window: WindowId) -> Effects {
        let mut fx = Effects::default();
        if let Some(w) = self.windows.remove(&window) {
            fx.closed_windows.push(window);
            for p in w.layout.panes() {
                self.panes.remove(&p);
                fx.closed_panes.push(p);
            }
        }
        fx
    }

    pub(super) fn insert_window(
        &mut self,
        id: WindowId,
        cols: u16,
        rows: u16,
        name: &str,
        pane: PaneId,
        spec: &PaneSpec,
    ) {
        self.windows.insert(
            id,
            Window {
                id,
                cols,
                rows,
                name: name.to_string(),
                layout: Layout::new(pane, cols, rows),
                active_pane: pane,
                last_pane: None,
                zoomed: false,
                options: Options::new(),
            },
        );
        self.panes.insert(pane, new_pane(pane, id, spec));
    }
}

/// A new live pane.
pub(super) fn new_pane(id: PaneId, window: WindowId, spec: &PaneSpec) -> Pane {
    Pane {
        id,
        window,
        spec: spec.clone(),
        cwd: spec.cwd.clone(),
        options: Options::new(),
        title: String::new(),
        dead: None,
        foreground: None,
    }
}

/// A layout must hold exactly `panes` (as a list and as tree leaves).
pub(super) fn check_layout(
    panes: &[PaneId],
    layout: &Layout,
    window: WindowId,
) -> Result<(), ChangeError> {
    let mut have = panes.to_vec();
    let mut want = layout.panes();
    let mut leaves = layout.leaves();
    have.sort();
    want.sort();
    leaves.sort();
    if have != want || leaves != want {
        return Err(ChangeError::LayoutPanes(window));
    }
    Ok(())
}
