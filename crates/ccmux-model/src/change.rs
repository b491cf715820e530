//! Changes: the only way the model is mutated. The server applies them and the persistence layer logs them;
//! replaying the same changes in order rebuilds the same model.

use crate::model::{Binding, EnvValue, OptionScope};
use crate::options::{OptionValue, Options, Scope};
use crate::{
    Axis, Layout, LayoutError, Model, Pane, PaneId, PaneSpec, Session, SessionId, SplitDir,
    SplitOpts, Window, WindowId,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One structural change. New variants go at the end: the WAL stores them by position.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    /// A session with its first window and pane.
    SessionCreated {
        id: SessionId,
        name: String,
        created: u64,
        cols: u16,
        rows: u16,
        window: WindowId,
        window_name: String,
        pane: PaneId,
        spec: PaneSpec,
    },
    SessionRenamed {
        id: SessionId,
        name: String,
    },
    SessionResized {
        id: SessionId,
        cols: u16,
        rows: u16,
    },
    SessionClosed {
        id: SessionId,
    },
    WindowCreated {
        id: WindowId,
        session: SessionId,
        index: u32,
        name: String,
        pane: PaneId,
        spec: PaneSpec,
        select: bool,
    },
    WindowRenamed {
        id: WindowId,
        name: String,
    },
    WindowClosed {
        id: WindowId,
    },
    WindowSelected {
        id: WindowId,
    },
    WindowZoomed {
        id: WindowId,
        zoomed: bool,
    },
    PaneSplit {
        target: PaneId,
        pane: PaneId,
        dir: SplitDir,
        size: Option<u16>,
        before: bool,
        spec: PaneSpec,
        select: bool,
    },
    PaneClosed {
        id: PaneId,
    },
    PaneSelected {
        id: PaneId,
    },
    PaneResized {
        id: PaneId,
        axis: Axis,
        size: u16,
    },
    PaneCwd {
        id: PaneId,
        cwd: String,
    },
    /// A window's layout replaced by one computed with the [`Layout`] API (select-layout, resize-pane,
    /// swap-pane within the window, rotate-window): it must hold exactly the window's panes.
    WindowLayout {
        id: WindowId,
        layout: Layout,
    },
    /// An option (or hook) set to a value, or unset (`None`: inherited again, or for the global sets
    /// back to tmux's default).
    OptionSet {
        scope: OptionScope,
        name: String,
        value: Option<OptionValue>,
    },
    /// A key bound in a table, or unbound (`None`). An empty table is removed.
    KeyBound {
        table: String,
        key: String,
        binding: Option<Binding>,
    },
    /// An environment variable set, marked removed, or forgotten (`None`); `session: None` is the global
    /// environment.
    EnvSet {
        session: Option<SessionId>,
        name: String,
        value: Option<EnvValue>,
    },
    /// The default key bindings were installed.
    KeysInitialized,
    /// A pane's title (`select-pane -T`).
    PaneTitle {
        id: PaneId,
        title: String,
    },
}

/// Why a change could not be applied. The model is unchanged when one is returned.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChangeError {
    #[error("can't find session: {0}")]
    NoSession(SessionId),
    #[error("can't find window: {0}")]
    NoWindow(WindowId),
    #[error("can't find pane: {0}")]
    NoPane(PaneId),
    #[error("duplicate session: {0}")]
    DuplicateName(String),
    #[error("id already in use: {0}")]
    DuplicateId(String),
    #[error("index in use: {0}")]
    IndexInUse(u32),
    #[error("{0}")]
    Layout(#[from] LayoutError),
    #[error("layout does not hold the panes of window {0}")]
    LayoutPanes(WindowId),
}

/// What a change did beyond itself: what closed, which windows were laid out anew.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Effects {
    pub closed_panes: Vec<PaneId>,
    pub closed_windows: Vec<WindowId>,
    pub closed_sessions: Vec<SessionId>,
    pub relayout: Vec<WindowId>,
}

impl Effects {
    fn merge(&mut self, other: Effects) {
        self.closed_panes.extend(other.closed_panes);
        self.closed_windows.extend(other.closed_windows);
        self.closed_sessions.extend(other.closed_sessions);
        self.relayout.extend(other.relayout);
    }
}

impl Model {
    /// Applies one change. On error nothing was modified.
    pub fn apply(&mut self, change: &Change) -> Result<Effects, ChangeError> {
        let mut fx = Effects::default();
        match change {
            Change::SessionCreated {
                id,
                name,
                created,
                cols,
                rows,
                window,
                window_name,
                pane,
                spec,
            } => {
                if self.session_by_name(name).is_some() {
                    return Err(ChangeError::DuplicateName(name.clone()));
                }
                self.check_new_ids(Some(*id), Some(*window), *pane)?;
                // The first window takes the index `base-index` says (a new session has no options of
                // its own yet: the global value).
                let first = self
                    .option_number(OptionScope::GlobalSession, "base-index")
                    .clamp(0, i64::from(i32::MAX)) as u32;
                self.sessions.insert(
                    *id,
                    Session {
                        id: *id,
                        name: name.clone(),
                        created: *created,
                        cols: (*cols).max(1),
                        rows: (*rows).max(1),
                        windows: BTreeMap::from([(first, *window)]),
                        active_window: *window,
                        last_window: None,
                        options: Options::new(),
                        environment: Default::default(),
                    },
                );
                self.insert_window(*window, *id, window_name, *pane, spec);
                self.bump(Some(id.0), Some(window.0), pane.0);
                fx.relayout.push(*window);
            }
            Change::SessionRenamed { id, name } => {
                if self.session_by_name(name).is_some_and(|s| s.id != *id) {
                    return Err(ChangeError::DuplicateName(name.clone()));
                }
                self.session_mut(*id)?.name = name.clone();
            }
            Change::SessionResized { id, cols, rows } => {
                let s = self.session_mut(*id)?;
                s.cols = (*cols).max(1);
                s.rows = (*rows).max(1);
                // Layouts keep their reference size: the geometry is derived from the new size.
                fx.relayout.extend(s.windows.values().copied());
            }
            Change::SessionClosed { id } => {
                let s = self.sessions.get(id).ok_or(ChangeError::NoSession(*id))?;
                let windows: Vec<WindowId> = s.windows.values().copied().collect();
                for w in windows {
                    fx.merge(self.close_window(w)?);
                }
            }
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
                self.check_new_ids(None, Some(*id), *pane)?;
                self.insert_window(*id, *session, name, *pane, spec);
                let s = self.session_mut(*session)?;
                s.windows.insert(*index, *id);
                if *select {
                    s.last_window = Some(s.active_window);
                    s.active_window = *id;
                }
                self.bump(None, Some(id.0), pane.0);
                fx.relayout.push(*id);
            }
            Change::WindowRenamed { id, name } => self.window_mut(*id)?.name = name.clone(),
            Change::WindowClosed { id } => {
                if !self.windows.contains_key(id) {
                    return Err(ChangeError::NoWindow(*id));
                }
                fx.merge(self.close_window(*id)?);
            }
            Change::WindowSelected { id } => {
                let session = self.window_mut(*id)?.session;
                let s = self.session_mut(session)?;
                if s.active_window != *id {
                    s.last_window = Some(s.active_window);
                    s.active_window = *id;
                }
            }
            Change::WindowZoomed { id, zoomed } => {
                self.window_mut(*id)?.zoomed = *zoomed;
                fx.relayout.push(*id);
            }
            Change::PaneSplit {
                target,
                pane,
                dir,
                size,
                before,
                spec,
                select,
            } => {
                let window = self
                    .panes
                    .get(target)
                    .ok_or(ChangeError::NoPane(*target))?
                    .window;
                self.check_new_ids(None, None, *pane)?;
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
                self.panes.insert(
                    *pane,
                    Pane {
                        id: *pane,
                        window,
                        spec: spec.clone(),
                        cwd: spec.cwd.clone(),
                        options: Options::new(),
                        title: String::new(),
                    },
                );
                self.bump(None, None, pane.0);
                fx.relayout.push(window);
            }
            Change::PaneClosed { id } => fx.merge(self.close_pane(*id)?),
            Change::PaneSelected { id } => {
                let window = self.panes.get(id).ok_or(ChangeError::NoPane(*id))?.window;
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
                let window = self.panes.get(id).ok_or(ChangeError::NoPane(*id))?.window;
                let area = self
                    .window_area(window)
                    .ok_or(ChangeError::NoWindow(window))?;
                let w = self.window_mut(window)?;
                w.layout
                    .resize_pane_to(area, *id, *axis, u32::from(*size))?;
                fx.relayout.push(window);
            }
            Change::PaneCwd { id, cwd } => {
                self.panes.get_mut(id).ok_or(ChangeError::NoPane(*id))?.cwd = cwd.clone();
            }
            Change::OptionSet { scope, name, value } => {
                let options = self.options_mut(*scope)?;
                match value {
                    Some(v) => options.set(name, v.clone()),
                    None => {
                        options.unset(name);
                        // The global sets have nothing to inherit from: unset means the default.
                        let global = match scope {
                            OptionScope::Server => Some(Scope::Server),
                            OptionScope::GlobalSession => Some(Scope::Session),
                            OptionScope::GlobalWindow => Some(Scope::Window),
                            _ => None,
                        };
                        if let Some(g) = global {
                            if let Some(v) = Options::with_defaults(g).get(name) {
                                options.set(name, v.clone());
                            }
                        }
                    }
                }
                if let OptionScope::Window(w) = scope {
                    fx.relayout.push(*w);
                }
            }
            Change::KeyBound {
                table,
                key,
                binding,
            } => match binding {
                Some(b) => {
                    self.key_tables
                        .entry(table.clone())
                        .or_default()
                        .insert(key.clone(), b.clone());
                }
                None => {
                    if let Some(t) = self.key_tables.get_mut(table) {
                        t.remove(key);
                        if t.is_empty() {
                            self.key_tables.remove(table);
                        }
                    }
                }
            },
            Change::EnvSet {
                session,
                name,
                value,
            } => {
                let env = match session {
                    Some(s) => &mut self.session_mut(*s)?.environment,
                    None => &mut self.environment,
                };
                match value {
                    Some(v) => {
                        env.insert(name.clone(), v.clone());
                    }
                    None => {
                        env.remove(name);
                    }
                }
            }
            Change::KeysInitialized => self.keys_initialized = true,
            Change::PaneTitle { id, title } => {
                self.panes
                    .get_mut(id)
                    .ok_or(ChangeError::NoPane(*id))?
                    .title = title.clone();
            }
            Change::WindowLayout { id, layout } => {
                let w = self.window_mut(*id)?;
                let mut have = w.layout.panes();
                let mut want = layout.panes();
                have.sort();
                want.sort();
                let mut leaves = layout.leaves();
                leaves.sort();
                if have != want || leaves != want {
                    return Err(ChangeError::LayoutPanes(*id));
                }
                w.layout = layout.clone();
                fx.relayout.push(*id);
            }
        }
        Ok(fx)
    }

    fn session_mut(&mut self, id: SessionId) -> Result<&mut Session, ChangeError> {
        self.sessions.get_mut(&id).ok_or(ChangeError::NoSession(id))
    }

    fn options_mut(&mut self, scope: OptionScope) -> Result<&mut Options, ChangeError> {
        Ok(match scope {
            OptionScope::Server => &mut self.options.server,
            OptionScope::GlobalSession => &mut self.options.session,
            OptionScope::GlobalWindow => &mut self.options.window,
            OptionScope::Session(s) => &mut self.session_mut(s)?.options,
            OptionScope::Window(w) => &mut self.window_mut(w)?.options,
            OptionScope::Pane(p) => {
                &mut self
                    .panes
                    .get_mut(&p)
                    .ok_or(ChangeError::NoPane(p))?
                    .options
            }
        })
    }

    fn window_mut(&mut self, id: WindowId) -> Result<&mut Window, ChangeError> {
        self.windows.get_mut(&id).ok_or(ChangeError::NoWindow(id))
    }

    fn check_new_ids(
        &self,
        session: Option<SessionId>,
        window: Option<WindowId>,
        pane: PaneId,
    ) -> Result<(), ChangeError> {
        if let Some(s) = session.filter(|s| self.sessions.contains_key(s)) {
            return Err(ChangeError::DuplicateId(s.to_string()));
        }
        if let Some(w) = window.filter(|w| self.windows.contains_key(w)) {
            return Err(ChangeError::DuplicateId(w.to_string()));
        }
        if self.panes.contains_key(&pane) {
            return Err(ChangeError::DuplicateId(pane.to_string()));
        }
        Ok(())
    }

    fn bump(&mut self, session: Option<u32>, window: Option<u32>, pane: u32) {
        if let Some(s) = session {
            self.next.session = self.next.session.max(s + 1);
        }
        if let Some(w) = window {
            self.next.window = self.next.window.max(w + 1);
        }
        self.next.pane = self.next.pane.max(pane + 1);
    }

    fn insert_window(
        &mut self,
        id: WindowId,
        session: SessionId,
        name: &str,
        pane: PaneId,
        spec: &PaneSpec,
    ) {
        let (cols, rows) = self
            .sessions
            .get(&session)
            .map_or((80, 24), |s| (s.cols, s.rows));
        self.windows.insert(
            id,
            Window {
                id,
                session,
                name: name.to_string(),
                layout: Layout::new(pane, cols, rows),
                active_pane: pane,
                last_pane: None,
                zoomed: false,
                options: Options::new(),
            },
        );
        self.panes.insert(
            pane,
            Pane {
                id: pane,
                window: id,
                spec: spec.clone(),
                cwd: spec.cwd.clone(),
                options: Options::new(),
                title: String::new(),
            },
        );
    }

    fn close_pane(&mut self, id: PaneId) -> Result<Effects, ChangeError> {
        let window = self.panes.get(&id).ok_or(ChangeError::NoPane(id))?.window;
        let area = self
            .window_area(window)
            .ok_or(ChangeError::NoWindow(window))?;
        let w = self.window_mut(window)?;
        if w.layout.panes().len() <= 1 {
            return self.close_window(window);
        }
        let order = w.layout.panes();
        let position = order.iter().position(|p| *p == id).unwrap_or(0);
        w.layout.remove(area, id)?;
        if w.active_pane == id {
            let remaining = w.layout.panes();
            w.active_pane = match w.last_pane {
                Some(last) if remaining.contains(&last) => last,
                _ => remaining[position.min(remaining.len() - 1)],
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

    fn close_window(&mut self, id: WindowId) -> Result<Effects, ChangeError> {
        let w = self.windows.remove(&id).ok_or(ChangeError::NoWindow(id))?;
        let mut fx = Effects {
            closed_windows: vec![id],
            ..Effects::default()
        };
        for p in w.layout.panes() {
            self.panes.remove(&p);
            fx.closed_panes.push(p);
        }
        let s = self.session_mut(w.session)?;
        let index = s.windows.iter().find(|(_, v)| **v == id).map(|(i, _)| *i);
        if let Some(i) = index {
            s.windows.remove(&i);
        }
        if s.windows.is_empty() {
            let sid = s.id;
            self.sessions.remove(&sid);
            fx.closed_sessions.push(sid);
            return Ok(fx);
        }
        if s.active_window == id {
            s.active_window = match s.last_window {
                Some(last) if s.windows.values().any(|w| *w == last) => last,
                _ => {
                    let i = index.unwrap_or(0);
                    let next = s
                        .windows
                        .range(i..)
                        .next()
                        .or_else(|| s.windows.range(..i).next_back());
                    *next.expect("session has windows").1
                }
            };
        }
        if s.last_window == Some(id) || s.last_window == Some(s.active_window) {
            s.last_window = None;
        }
        Ok(fx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NextIds;

    fn spec() -> PaneSpec {
        PaneSpec {
            shell: "/bin/sh".into(),
            cwd: "/tmp".into(),
            ..PaneSpec::default()
        }
    }

    fn new_session(m: &mut Model, id: u32, name: &str) {
        m.apply(&Change::SessionCreated {
            id: SessionId(id),
            name: name.into(),
            created: 0,
            cols: 80,
            rows: 24,
            window: WindowId(m.next.window),
            window_name: "sh".into(),
            pane: PaneId(m.next.pane),
            spec: spec(),
        })
        .unwrap();
    }

    #[test]
    fn create_split_close_cascades_to_session() {
        let mut m = Model::default();
        new_session(&mut m, 0, "work");
        assert!(m.check().is_empty());
        let fx = m
            .apply(&Change::PaneSplit {
                target: PaneId(0),
                pane: PaneId(1),
                dir: SplitDir::LeftRight,
                size: None,
                before: false,
                spec: spec(),
                select: true,
            })
            .unwrap();
        assert_eq!(fx.relayout, vec![WindowId(0)]);
        assert_eq!(m.windows[&WindowId(0)].active_pane, PaneId(1));
        assert_eq!(m.pane_index(PaneId(1)), Some(1));
        m.apply(&Change::PaneClosed { id: PaneId(1) }).unwrap();
        assert_eq!(m.windows[&WindowId(0)].active_pane, PaneId(0));
        let fx = m.apply(&Change::PaneClosed { id: PaneId(0) }).unwrap();
        assert_eq!(fx.closed_windows, vec![WindowId(0)]);
        assert_eq!(fx.closed_sessions, vec![SessionId(0)]);
        assert!(m.sessions.is_empty() && m.windows.is_empty() && m.panes.is_empty());
        assert_eq!(
            m.next,
            NextIds {
                session: 1,
                window: 1,
                pane: 2
            },
            "ids never reused"
        );
    }

    #[test]
    fn windows_select_and_close_picks_last() {
        let mut m = Model::default();
        new_session(&mut m, 0, "s");
        for (id, pane, index) in [(1, 1, 1), (2, 2, 2)] {
            m.apply(&Change::WindowCreated {
                id: WindowId(id),
                session: SessionId(0),
                index,
                name: format!("w{id}"),
                pane: PaneId(pane),
                spec: spec(),
                select: true,
            })
            .unwrap();
        }
        let s = &m.sessions[&SessionId(0)];
        assert_eq!(
            (s.active_window, s.last_window),
            (WindowId(2), Some(WindowId(1)))
        );
        m.apply(&Change::WindowClosed { id: WindowId(2) }).unwrap();
        assert_eq!(m.sessions[&SessionId(0)].active_window, WindowId(1));
        assert_eq!(m.free_window_index(SessionId(0), 0), 2);
        assert_eq!(
            m.apply(&Change::WindowCreated {
                id: WindowId(9),
                session: SessionId(0),
                index: 1,
                name: "x".into(),
                pane: PaneId(9),
                spec: spec(),
                select: false,
            }),
            Err(ChangeError::IndexInUse(1))
        );
        assert!(m.check().is_empty());
    }

    #[test]
    fn errors_leave_model_unchanged() {
        let mut m = Model::default();
        new_session(&mut m, 0, "a");
        let before = m.clone();
        assert!(m.apply(&Change::PaneClosed { id: PaneId(7) }).is_err());
        assert!(m
            .apply(&Change::SessionRenamed {
                id: SessionId(3),
                name: "x".into()
            })
            .is_err());
        new_session(&mut m, 1, "b");
        assert_eq!(
            m.apply(&Change::SessionRenamed {
                id: SessionId(1),
                name: "a".into()
            }),
            Err(ChangeError::DuplicateName("a".into()))
        );
        assert_eq!(m.sessions[&SessionId(0)], before.sessions[&SessionId(0)]);
    }

    #[test]
    fn repair_fixes_dangling_references() {
        let mut m = Model::default();
        new_session(&mut m, 0, "a");
        m.windows.get_mut(&WindowId(0)).unwrap().active_pane = PaneId(42);
        m.panes.insert(
            PaneId(5),
            Pane {
                id: PaneId(5),
                window: WindowId(8),
                spec: spec(),
                cwd: "/".into(),
                options: Options::new(),
                title: String::new(),
            },
        );
        m.next.pane = 0;
        assert!(!m.check().is_empty());
        let done = m.repair();
        assert!(done.len() >= 3, "{done:?}");
        assert!(m.check().is_empty(), "{:?}", m.check());
        assert_eq!(m.windows[&WindowId(0)].active_pane, PaneId(0));
    }

    #[test]
    fn session_resize_round_trip_and_window_layout_change() {
        let mut m = Model::default();
        new_session(&mut m, 0, "a");
        let resize = |m: &mut Model, cols, rows| {
            m.apply(&Change::SessionResized {
                id: SessionId(0),
                cols,
                rows,
            })
            .unwrap()
        };
        resize(&mut m, 200, 50);
        for (target, pane, dir) in [(0, 1, SplitDir::LeftRight), (1, 2, SplitDir::TopBottom)] {
            m.apply(&Change::PaneSplit {
                target: PaneId(target),
                pane: PaneId(pane),
                dir,
                size: None,
                before: false,
                spec: spec(),
                select: false,
            })
            .unwrap();
        }
        let before = m.window_geometry(WindowId(0));
        resize(&mut m, 120, 30);
        assert_eq!(m.pane_rect(PaneId(0)).map(|r| r.cols), Some(60));
        resize(&mut m, 200, 50);
        assert_eq!(m.window_geometry(WindowId(0)), before);

        // resize-pane -x: the last pane of a split moves its left border.
        m.apply(&Change::PaneResized {
            id: PaneId(1),
            axis: Axis::X,
            size: 49,
        })
        .unwrap();
        assert_eq!(m.pane_rect(PaneId(0)).map(|r| r.cols), Some(150));

        let area = m.window_area(WindowId(0)).unwrap();
        let mut layout = m.windows[&WindowId(0)].layout.clone();
        layout.rotate(crate::Rotate::Down);
        layout
            .select(area, crate::Select::Named("even-v"), &Default::default())
            .unwrap();
        let fx = m
            .apply(&Change::WindowLayout {
                id: WindowId(0),
                layout: layout.clone(),
            })
            .unwrap();
        assert_eq!(fx.relayout, vec![WindowId(0)]);
        assert_eq!(m.windows[&WindowId(0)].layout, layout);
        assert_eq!(m.pane_index(PaneId(2)), Some(0));
        let stranger = Layout::new(PaneId(7), 10, 10);
        assert_eq!(
            m.apply(&Change::WindowLayout {
                id: WindowId(0),
                layout: stranger,
            }),
            Err(ChangeError::LayoutPanes(WindowId(0)))
        );
        assert!(m.check().is_empty());
    }

    #[test]
    fn session_resize_refits_layouts() {
        let mut m = Model::default();
        new_session(&mut m, 0, "a");
        m.apply(&Change::PaneSplit {
            target: PaneId(0),
            pane: PaneId(1),
            dir: SplitDir::TopBottom,
            size: None,
            before: false,
            spec: spec(),
            select: false,
        })
        .unwrap();
        m.apply(&Change::SessionResized {
            id: SessionId(0),
            cols: 200,
            rows: 51,
        })
        .unwrap();
        let g = m.window_geometry(WindowId(0));
        assert_eq!(g[0].1.rows + g[1].1.rows + 1, 51);
        assert!(g.iter().all(|(_, r)| r.cols == 200));
    }
}
