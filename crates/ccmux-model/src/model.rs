//! The model's plain data and its read-only queries.

use crate::options::{Options, Scope};
use crate::{Layout, PaneId, Rect, SessionId, WindowId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Every session, window and pane the server knows, the next ids to hand out, and the server-wide state
/// tmux keeps: global options and hooks, key tables, the global environment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Model {
    pub sessions: BTreeMap<SessionId, Session>,
    pub windows: BTreeMap<WindowId, Window>,
    pub panes: BTreeMap<PaneId, Pane>,
    pub next: NextIds,
    /// Server (`set -s`), global session (`set -g`) and global window (`set -gw`) options; hooks are
    /// options too (`set-hook -g`).
    pub options: GlobalOptions,
    /// Key tables (`prefix`, `root`, `copy-mode`, `copy-mode-vi`, user tables): table -> key -> binding.
    /// Keys are stored as the key module prints them (`C-b`, `M-Up`).
    pub key_tables: BTreeMap<String, BTreeMap<String, Binding>>,
    /// The global environment's changes (`set-environment -g`): what panes get on top of the server's
    /// own environment.
    pub environment: Environment,
    /// The default key bindings were installed (once, when the server first started).
    pub keys_initialized: bool,
}

/// The three global option sets, each starting with every option at tmux's default.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlobalOptions {
    pub server: Options,
    pub session: Options,
    pub window: Options,
}

impl Default for GlobalOptions {
    fn default() -> Self {
        GlobalOptions {
            server: Options::with_defaults(Scope::Server),
            session: Options::with_defaults(Scope::Session),
            window: Options::with_defaults(Scope::Window),
        }
    }
}

/// A key binding: the command it runs (as text in tmux's syntax), its note, whether it repeats.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Binding {
    pub command: String,
    pub note: Option<String>,
    pub repeat: bool,
}

/// Environment variables set (or marked for removal) in one scope, by name.
pub type Environment = BTreeMap<String, EnvValue>;

/// One environment entry: a value, or `None` for "removed" (`set-environment -r`: unset in panes started
/// from here); `hidden` entries (`-h`) are not shown and not passed to panes' formats.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvValue {
    pub value: Option<String>,
    pub hidden: bool,
}

/// Which option set a change touches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OptionScope {
    Server,
    GlobalSession,
    GlobalWindow,
    Session(SessionId),
    Window(WindowId),
    Pane(PaneId),
}

/// Id counters: ids are never reused, also across recovery.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextIds {
    pub session: u32,
    pub window: u32,
    pub pane: u32,
}

/// `pane-border-status`: where the panes' status lines are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaneBorderStatus {
    Off,
    Top,
    Bottom,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub id: SessionId,
    pub name: String,
    /// Unix time in seconds.
    pub created: u64,
    /// The size every window of the session is laid out in.
    pub cols: u16,
    pub rows: u16,
    /// Window index to window.
    pub windows: BTreeMap<u32, WindowId>,
    pub active_window: WindowId,
    pub last_window: Option<WindowId>,
    /// Session options (`set -t session`) and hooks.
    pub options: Options,
    /// The session's environment (`set-environment -t session`).
    pub environment: Environment,
    /// The name of the group whose sessions share its windows (new-session -t), if any. A group is its
    /// sessions: it ends with its last one (a group of one stays a group, as in tmux).
    pub group: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    pub id: WindowId,
    /// The window's size (the last session resized that shows it gives it).
    pub cols: u16,
    pub rows: u16,
    pub name: String,
    pub layout: Layout,
    pub active_pane: PaneId,
    pub last_pane: Option<PaneId>,
    pub zoomed: bool,
    /// Window options (`set -w`) and hooks.
    pub options: Options,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pane {
    pub id: PaneId,
    pub window: WindowId,
    pub spec: PaneSpec,
    /// The last known working directory of the pane's foreground process.
    pub cwd: String,
    /// Pane options (`set -p`) and hooks.
    pub options: Options,
    /// `select-pane -T` (and a program's title escape, when `allow-rename`-like rules allow).
    pub title: String,
    /// The pane's process ended and the pane stayed (remain-on-exit).
    pub dead: Option<DeadPane>,
    /// What runs in the foreground when it is not the pane's own process (a program started from the
    /// pane's shell): what a restore after a reboot can start again. `None`: the pane's own process.
    pub foreground: Option<Foreground>,
}

/// A program running in the foreground of a pane's shell, as read from `/proc` (the PTY's foreground
/// process group leader).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Foreground {
    /// Its command line (`/proc/PID/cmdline`).
    pub argv: Vec<String>,
    /// Its working directory.
    pub cwd: String,
    /// The command names (`/proc/PID/comm`) from the pane's process down to it, both included.
    pub chain: Vec<String>,
}

/// How a dead pane's process ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadPane {
    pub status: Option<i32>,
    pub signal: Option<i32>,
    /// Unix time in seconds.
    pub time: u64,
}

/// How a pane's process was started: what recovery needs to start it again.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaneSpec {
    /// The command the pane was created with; empty means the shell.
    pub command: Vec<String>,
    /// The shell used when `command` is empty (and to run a one-string command with `-c`).
    pub shell: String,
    /// Pane-specific environment (`-e VAR=value`), never the whole inherited environment.
    pub env: Vec<(String, String)>,
    /// The directory the pane started in.
    pub cwd: String,
}

impl Model {
    pub fn session_by_name(&self, name: &str) -> Option<&Session> {
        self.sessions.values().find(|s| s.name == name)
    }

    /// The option set a scope names, if it exists.
    pub fn options(&self, scope: OptionScope) -> Option<&Options> {
        match scope {
            OptionScope::Server => Some(&self.options.server),
            OptionScope::GlobalSession => Some(&self.options.session),
            OptionScope::GlobalWindow => Some(&self.options.window),
            OptionScope::Session(s) => self.sessions.get(&s).map(|s| &s.options),
            OptionScope::Window(w) => self.windows.get(&w).map(|w| &w.options),
            OptionScope::Pane(p) => self.panes.get(&p).map(|p| &p.options),
        }
    }

    /// The scopes an option set inherits from, nearest first (itself included): a pane's chain is
    /// `[pane, window, global window]`, a window's `[window, global window]`, a session's `[session,
    /// global session]`.
    pub fn option_chain(&self, scope: OptionScope) -> Vec<&Options> {
        let mut chain = Vec::with_capacity(3);
        let mut push = |s: OptionScope| {
            if let Some(o) = self.options(s) {
                chain.push(o);
            }
        };
        match scope {
            OptionScope::Pane(p) => {
                push(scope);
                if let Some(pane) = self.panes.get(&p) {
                    push(OptionScope::Window(pane.window));
                }
                push(OptionScope::GlobalWindow);
            }
            OptionScope::Window(_) => {
                push(scope);
                push(OptionScope::GlobalWindow);
            }
            OptionScope::Session(_) => {
                push(scope);
                push(OptionScope::GlobalSession);
            }
            other => push(other),
        }
        chain
    }

    /// The value of option `name` in force for `scope` (inherited, or tmux's default).
    /// Looks through the scopes of [`Model::option_chain`] without building it: this runs for every
    /// key typed and every frame drawn.
    pub fn option(&self, scope: OptionScope, name: &str) -> Option<&crate::OptionValue> {
        let name = crate::options::canonical_name(name);
        let get = |s: OptionScope| self.options(s).and_then(|o| o.get_canonical(name));
        let found = match scope {
            OptionScope::Pane(p) => get(scope)
                .or_else(|| {
                    let window = self.panes.get(&p)?.window;
                    get(OptionScope::Window(window))
                })
                .or_else(|| get(OptionScope::GlobalWindow)),
            OptionScope::Window(_) => get(scope).or_else(|| get(OptionScope::GlobalWindow)),
            OptionScope::Session(_) => get(scope).or_else(|| get(OptionScope::GlobalSession)),
            other => get(other),
        };
        found.or_else(|| crate::options::find(name).map(|def| def.default_value()))
    }

    /// A string-like option in force, borrowed ("" for other kinds): [`Model::option_text`]
    /// without the copy.
    pub fn option_str(&self, scope: OptionScope, name: &str) -> &str {
        self.option(scope, name)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
    }

    /// A number option in force (0 when it is not a number).
    pub fn option_number(&self, scope: OptionScope, name: &str) -> i64 {
        self.option(scope, name)
            .and_then(|v| v.as_number())
            .unwrap_or(0)
    }

    /// A flag option in force.
    pub fn option_flag(&self, scope: OptionScope, name: &str) -> bool {
        self.option(scope, name)
            .and_then(|v| v.as_flag())
            .unwrap_or(false)
    }

    /// A string-like option in force, as text.
    pub fn option_text(&self, scope: OptionScope, name: &str) -> String {
        self.option(scope, name)
            .map(crate::options::value_text)
            .unwrap_or_default()
    }

    /// The active pane of the session's current window.
    pub fn active_pane(&self, session: SessionId) -> Option<PaneId> {
        let s = self.sessions.get(&session)?;
        self.windows.get(&s.active_window).map(|w| w.active_pane)
    }

    /// The sessions a window is linked in, by session id.
    pub fn sessions_of_window(&self, window: WindowId) -> Vec<SessionId> {
        self.sessions
            .values()
            .filter(|s| s.windows.values().any(|w| *w == window))
            .map(|s| s.id)
            .collect()
    }

    /// A session a window is linked in: `prefer` if it is one of them, else the first.
    pub fn session_of_window(
        &self,
        window: WindowId,
        prefer: Option<SessionId>,
    ) -> Option<SessionId> {
        if let Some(p) = prefer {
            if self
                .sessions
                .get(&p)
                .is_some_and(|s| s.windows.values().any(|w| *w == window))
            {
                return Some(p);
            }
        }
        self.sessions
            .values()
            .find(|s| s.windows.values().any(|w| *w == window))
            .map(|s| s.id)
    }

    /// The sessions sharing `session`'s windows: its group, or itself alone.
    pub fn group_members(&self, session: SessionId) -> Vec<SessionId> {
        match self.sessions.get(&session).and_then(|s| s.group.as_ref()) {
            Some(g) => self
                .sessions
                .values()
                .filter(|s| s.group.as_ref() == Some(g))
                .map(|s| s.id)
                .collect(),
            None => vec![session],
        }
    }

    /// The window's index in a session it is linked in (the first one when `session` is `None`).
    pub fn window_index_in(&self, session: Option<SessionId>, window: WindowId) -> Option<u32> {
        let s = self
            .sessions
            .get(&self.session_of_window(window, session)?)?;
        s.windows
            .iter()
            .find(|(_, id)| **id == window)
            .map(|(i, _)| *i)
    }

    /// The window's index in the first session it is linked in.
    pub fn window_index(&self, window: WindowId) -> Option<u32> {
        self.window_index_in(None, window)
    }

    /// The pane's index in its window (tree order).
    pub fn pane_index(&self, pane: PaneId) -> Option<usize> {
        let p = self.panes.get(&pane)?;
        let w = self.windows.get(&p.window)?;
        w.layout.panes().iter().position(|id| *id == pane)
    }

    /// The (first) session the pane's window is linked in.
    pub fn session_of_pane(&self, pane: PaneId) -> Option<SessionId> {
        let p = self.panes.get(&pane)?;
        self.session_of_window(p.window, None)
    }

    /// The area a window's panes are laid out in: the window's size.
    pub fn window_area(&self, window: WindowId) -> Option<Rect> {
        let w = self.windows.get(&window)?;
        Some(Rect {
            x: 0,
            y: 0,
            cols: w.cols,
            rows: w.rows,
        })
    }

    /// Every pane of a window with its rectangle (a zoomed window shows only its active pane, full size).
    /// With `pane-border-status`, a pane at the window's top (bottom) gives its first (last) line to
    /// its status line, as tmux's layout_fix_panes: the others have a border there already.
    pub fn window_geometry(&self, window: WindowId) -> Vec<(PaneId, Rect)> {
        let (Some(w), Some(area)) = (self.windows.get(&window), self.window_area(window)) else {
            return Vec::new();
        };
        let mut g = w.layout.geometry(area);
        if w.zoomed {
            for (p, r) in g.iter_mut() {
                if *p == w.active_pane {
                    *r = area;
                }
            }
        }
        let status = self.pane_border_status(window);
        for (_, r) in g.iter_mut() {
            let edge = match status {
                PaneBorderStatus::Top => r.y == area.y,
                PaneBorderStatus::Bottom => r.y + r.rows == area.y + area.rows,
                PaneBorderStatus::Off => false,
            };
            if edge && r.rows > 1 {
                if status == PaneBorderStatus::Top {
                    r.y += 1;
                }
                r.rows -= 1;
            }
        }
        g
    }

    /// Where a window's panes have their status lines (`pane-border-status`).
    pub fn pane_border_status(&self, window: WindowId) -> PaneBorderStatus {
        match self
            .option(OptionScope::Window(window), "pane-border-status")
            .map(crate::options::value_text)
            .as_deref()
        {
            Some("top") => PaneBorderStatus::Top,
            Some("bottom") => PaneBorderStatus::Bottom,
            _ => PaneBorderStatus::Off,
        }
    }

    pub fn pane_rect(&self, pane: PaneId) -> Option<Rect> {
        let p = self.panes.get(&pane)?;
        self.window_geometry(p.window)
            .into_iter()
            .find(|(id, _)| *id == pane)
            .map(|(_, r)| r)
    }

    /// The lowest window index not used in the session at or above `from`.
    pub fn free_window_index(&self, session: SessionId, from: u32) -> u32 {
        let used = self.sessions.get(&session).map(|s| &s.windows);
        (from..)
            .find(|i| used.is_none_or(|w| !w.contains_key(i)))
            .unwrap_or(from)
    }

    /// Panes in a stable order: by session, window index, pane index; each pane once, where its window
    /// is first linked (a window may be linked in several sessions).
    pub fn panes_in_order(&self) -> Vec<PaneId> {
        let mut out = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        for s in self.sessions.values() {
            for w in s.windows.values() {
                if !seen.insert(*w) {
                    continue;
                }
                if let Some(w) = self.windows.get(w) {
                    out.extend(w.layout.panes());
                }
            }
        }
        out
    }

    /// Checks the model's invariants; returns one line per problem found.
    pub fn check(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for s in self.sessions.values() {
            if s.windows.is_empty() {
                problems.push(format!("session {} has no windows", s.id));
            }
            if !s.windows.values().any(|w| *w == s.active_window) {
                problems.push(format!("session {} active window is not in it", s.id));
            }
            for w in s.windows.values() {
                if !self.windows.contains_key(w) {
                    problems.push(format!("session {} lists missing window {}", s.id, w));
                }
            }
            if let Some(g) = &s.group {
                let first = self.sessions.values().find(|o| o.group.as_ref() == Some(g));
                if first.is_some_and(|o| o.windows != s.windows) {
                    problems.push(format!("session {} differs from its group", s.id));
                }
            }
        }
        for w in self.windows.values() {
            if self.session_of_window(w.id, None).is_none() {
                problems.push(format!("window {} is linked in no session", w.id));
            }
            let panes = w.layout.panes();
            let (mut listed, mut leaves) = (panes.clone(), w.layout.leaves());
            listed.sort();
            leaves.sort();
            if listed != leaves {
                problems.push(format!("window {} layout tree and pane list differ", w.id));
            }
            if !panes.contains(&w.active_pane) {
                problems.push(format!("window {} active pane is not in it", w.id));
            }
            for p in panes {
                match self.panes.get(&p) {
                    Some(pane) if pane.window == w.id => {}
                    _ => problems.push(format!("window {} lists missing pane {}", w.id, p)),
                }
            }
        }
        for p in self.panes.values() {
            if !self
                .windows
                .get(&p.window)
                .is_some_and(|w| w.layout.contains(p.id))
            {
                problems.push(format!("pane {} is in no window's layout", p.id));
            }
        }
        for (k, s) in &self.sessions {
            if *k != s.id {
                problems.push(format!("session {} is filed as {k}", s.id));
            }
        }
        for (k, w) in &self.windows {
            if *k != w.id {
                problems.push(format!("window {} is filed as {k}", w.id));
            }
        }
        for (k, p) in &self.panes {
            if *k != p.id {
                problems.push(format!("pane {} is filed as {k}", p.id));
            }
        }
        let (max_s, max_w, max_p) = self.max_ids();
        if self.next.session < max_s || self.next.window < max_w || self.next.pane < max_p {
            problems.push("id counters are behind the ids in use".into());
        }
        problems
    }

    /// One past the highest session, window and pane ids in use (0 when there is none; the highest
    /// possible id stays in use once taken).
    pub(crate) fn max_ids(&self) -> (u32, u32, u32) {
        let next = |id: Option<u32>| id.map_or(0, |i| i.saturating_add(1));
        (
            next(self.sessions.keys().last().map(|i| i.0)),
            next(self.windows.keys().last().map(|i| i.0)),
            next(self.panes.keys().last().map(|i| i.0)),
        )
    }
}
