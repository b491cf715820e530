//! Changes: the only way the model is mutated. The server applies them and the persistence layer logs them;
//! replaying the same changes in order rebuilds the same model. A window may be linked in several sessions
//! (link-window, grouped sessions): its size is its own (the last session resized gives it), and sessions
//! of a group share their windows (a window linked, unlinked or moved in one is so in all).

mod panes;
mod repair;
mod sessions;
mod windows;

use crate::layout::LayoutError;
use crate::model::{Binding, EnvValue, OptionScope};
use crate::options::{OptionValue, Options, Scope};
use crate::{Axis, Layout, Model, PaneId, PaneSpec, SessionId, SplitDir, WindowId};
use serde::{Deserialize, Serialize};

/// One structural change.
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
    /// The session's size (its clients'); every window it shows takes it.
    SessionResized {
        id: SessionId,
        cols: u16,
        rows: u16,
    },
    /// The session ends; its windows linked nowhere else end with it.
    SessionClosed {
        id: SessionId,
    },
    /// A new window with its first pane, linked at `index` of `session` (and of its group).
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
    /// The window ends, unlinked from every session.
    WindowClosed {
        id: WindowId,
    },
    /// The window becomes current in every session it is linked in (written by older versions; new
    /// code writes `WindowSelectedIn`).
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
    /// The window becomes the current one of `session` (and of the sessions of its group).
    WindowSelectedIn {
        session: SessionId,
        window: WindowId,
    },
    /// An existing window linked at `index` of `session` (link-window; and of its group).
    WindowLinked {
        window: WindowId,
        session: SessionId,
        index: u32,
        select: bool,
    },
    /// The window unlinked from `session` (and its group); linked nowhere else, it ends.
    WindowUnlinked {
        window: WindowId,
        session: SessionId,
    },
    /// The window at index `from` of `session` (and its group) moves to the free index `to`.
    WindowMoved {
        session: SessionId,
        from: u32,
        to: u32,
    },
    /// The windows at two links swap places (swap-window; both may be in one session).
    WindowsSwapped {
        a: (SessionId, u32),
        b: (SessionId, u32),
    },
    /// A new session sharing the windows of `with` in group `group` (new-session -t): `with` joins the
    /// group too when it was in none; when it was, `group` is its group's name.
    SessionGrouped {
        id: SessionId,
        name: String,
        created: u64,
        cols: u16,
        rows: u16,
        group: String,
        with: SessionId,
    },
    /// The session joins group `group` (or leaves its group: `None`). Joining a group that has
    /// sessions, its windows must be theirs (new-session -t with a name no session or group has
    /// starts a group this way).
    SessionGroupSet {
        id: SessionId,
        group: Option<String>,
    },
    /// A pane moves into another window (join-pane, move-pane): both windows' layouts as computed. With
    /// `from_layout` `None` the pane was its window's last and the window ends.
    PaneMoved {
        pane: PaneId,
        to: WindowId,
        from_layout: Option<Layout>,
        to_layout: Layout,
        select: bool,
    },
    /// A pane leaves its window for a new one at `index` of `session` (break-pane).
    PaneBroken {
        pane: PaneId,
        window: WindowId,
        session: SessionId,
        index: u32,
        name: String,
        select: bool,
        from_layout: Layout,
    },
    /// Two panes of different windows swap places (swap-pane across windows): the new layouts.
    PanesSwapped {
        a: PaneId,
        b: PaneId,
        layout_a: Layout,
        layout_b: Layout,
    },
    /// The pane's process ended and the pane stays (remain-on-exit), dead.
    PaneDied {
        id: PaneId,
        status: Option<i32>,
        signal: Option<i32>,
        time: u64,
    },
    /// The pane runs a new process (respawn-pane, respawn-window): alive again, with this spec.
    PaneRespawned {
        id: PaneId,
        spec: PaneSpec,
    },
    /// What runs in the pane's foreground changed (`None`: its own process again).
    PaneForeground {
        id: PaneId,
        foreground: Option<crate::Foreground>,
    },
    /// One item of an array option (or hook) set in this scope, or removed (`None`): what `set -a`,
    /// `set-hook -a` and `set 'name[N]'` change, without the whole array in the record. The option
    /// is an array set in this scope already (otherwise the whole value is an `OptionSet`).
    OptionItemSet {
        scope: OptionScope,
        name: String,
        index: u32,
        item: Option<String>,
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
    #[error("no window at index {0}")]
    NoIndex(u32),
    #[error("{0}")]
    Layout(#[from] LayoutError),
    #[error("layout does not hold the panes of window {0}")]
    LayoutPanes(WindowId),
    #[error("window {0} is already linked to the session")]
    AlreadyLinked(WindowId),
    #[error("session group {0} has other windows")]
    GroupDiffers(String),
    #[error("option {0} is not an array set in this scope")]
    NotAnArray(String),
}

/// What a change did beyond itself: what closed, which windows were laid out anew, which panes need a
/// new process.
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
        // Every handler checks before it modifies; those that cannot (a chain of steps) work on a copy.
        match change {
            Change::SessionCreated { .. }
            | Change::SessionRenamed { .. }
            | Change::SessionResized { .. }
            | Change::SessionClosed { .. }
            | Change::SessionGrouped { .. }
            | Change::SessionGroupSet { .. } => self.apply_session(change),
            Change::WindowCreated { .. }
            | Change::WindowRenamed { .. }
            | Change::WindowClosed { .. }
            | Change::WindowSelected { .. }
            | Change::WindowSelectedIn { .. }
            | Change::WindowZoomed { .. }
            | Change::WindowLayout { .. }
            | Change::WindowLinked { .. }
            | Change::WindowUnlinked { .. }
            | Change::WindowMoved { .. }
            | Change::WindowsSwapped { .. } => self.apply_window(change),
            Change::PaneSplit { .. }
            | Change::PaneClosed { .. }
            | Change::PaneSelected { .. }
            | Change::PaneResized { .. }
            | Change::PaneCwd { .. }
            | Change::PaneTitle { .. }
            | Change::PaneMoved { .. }
            | Change::PaneBroken { .. }
            | Change::PanesSwapped { .. }
            | Change::PaneDied { .. }
            | Change::PaneRespawned { .. }
            | Change::PaneForeground { .. } => self.apply_pane(change),
            Change::OptionItemSet {
                scope,
                name,
                index,
                item,
            } => {
                let options = self.options_mut(*scope)?;
                if !matches!(options.get(name), Some(OptionValue::Array(_))) {
                    return Err(ChangeError::NotAnArray(name.clone()));
                }
                match item {
                    Some(text) => options.array_set(name, *index, text.clone()),
                    None => {
                        options.array_unset(name, *index);
                    }
                }
                Ok(Effects::default())
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
                let mut fx = Effects::default();
                match scope {
                    OptionScope::Window(w) => fx.relayout.push(*w),
                    // Where the panes' status lines are changes every window's panes' sizes.
                    OptionScope::GlobalWindow if name == "pane-border-status" => {
                        fx.relayout.extend(self.windows.keys().copied())
                    }
                    _ => {}
                }
                Ok(fx)
            }
            Change::KeyBound {
                table,
                key,
                binding,
            } => {
                match binding {
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
                }
                Ok(Effects::default())
            }
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
                Ok(Effects::default())
            }
            Change::KeysInitialized => {
                self.keys_initialized = true;
                Ok(Effects::default())
            }
        }
    }

    /// Whether applying `change` would leave the model as it is (an option, binding or variable set to
    /// the value it has): such a change need not be applied nor logged, so re-sourcing an unchanged
    /// config costs no WAL record and no fsync.
    pub fn is_noop(&self, change: &Change) -> bool {
        match change {
            Change::OptionSet {
                scope,
                name,
                value: Some(v),
            } => self.options(*scope).and_then(|o| o.get(name)) == Some(v),
            Change::KeyBound {
                table,
                key,
                binding: Some(b),
            } => self.key_tables.get(table).and_then(|t| t.get(key)) == Some(b),
            Change::EnvSet {
                session,
                name,
                value: Some(v),
            } => {
                let env = match session {
                    Some(s) => self.sessions.get(s).map(|s| &s.environment),
                    None => Some(&self.environment),
                };
                env.and_then(|e| e.get(name)) == Some(v)
            }
            Change::PaneForeground { id, foreground } => {
                self.panes.get(id).map(|p| &p.foreground) == Some(foreground)
            }
            Change::OptionItemSet {
                scope,
                name,
                index,
                item,
            } => {
                self.options(*scope).and_then(|o| o.array_get(name, *index)) == item.as_deref()
                    && matches!(
                        self.options(*scope).and_then(|o| o.get(name)),
                        Some(OptionValue::Array(_))
                    )
            }
            _ => false,
        }
    }

    fn session_mut(&mut self, id: SessionId) -> Result<&mut crate::Session, ChangeError> {
        self.sessions.get_mut(&id).ok_or(ChangeError::NoSession(id))
    }

    fn window_mut(&mut self, id: WindowId) -> Result<&mut crate::Window, ChangeError> {
        self.windows.get_mut(&id).ok_or(ChangeError::NoWindow(id))
    }

    fn pane_mut(&mut self, id: PaneId) -> Result<&mut crate::Pane, ChangeError> {
        self.panes.get_mut(&id).ok_or(ChangeError::NoPane(id))
    }

    fn options_mut(&mut self, scope: OptionScope) -> Result<&mut Options, ChangeError> {
        Ok(match scope {
            OptionScope::Server => &mut self.options.server,
            OptionScope::GlobalSession => &mut self.options.session,
            OptionScope::GlobalWindow => &mut self.options.window,
            OptionScope::Session(s) => &mut self.session_mut(s)?.options,
            OptionScope::Window(w) => &mut self.window_mut(w)?.options,
            OptionScope::Pane(p) => &mut self.pane_mut(p)?.options,
        })
    }

    fn check_new_ids(
        &self,
        session: Option<SessionId>,
        window: Option<WindowId>,
        pane: Option<PaneId>,
    ) -> Result<(), ChangeError> {
        if let Some(s) = session.filter(|s| self.sessions.contains_key(s)) {
            return Err(ChangeError::DuplicateId(s.to_string()));
        }
        if let Some(w) = window.filter(|w| self.windows.contains_key(w)) {
            return Err(ChangeError::DuplicateId(w.to_string()));
        }
        if let Some(p) = pane.filter(|p| self.panes.contains_key(p)) {
            return Err(ChangeError::DuplicateId(p.to_string()));
        }
        Ok(())
    }

    fn bump(&mut self, session: Option<u32>, window: Option<u32>, pane: Option<u32>) {
        if let Some(s) = session {
            self.next.session = self.next.session.max(s + 1);
        }
        if let Some(w) = window {
            self.next.window = self.next.window.max(w + 1);
        }
        if let Some(p) = pane {
            self.next.pane = self.next.pane.max(p + 1);
        }
    }
}

#[cfg(test)]
mod tests;
