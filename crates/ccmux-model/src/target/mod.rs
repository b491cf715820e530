//! tmux targets (`-t`, `-s`): `session:window.pane` and its many shorter forms, resolved exactly as
//! tmux 3.3a's cmd-find.c resolves them, with tmux's error messages.
//!
//! - A session is tried as an id (`$1`), an exact name, the start of a name, then an fnmatch(3)
//!   pattern; prefixes and patterns must match one session. `=name` accepts the exact name only.
//! - A window (in its session) is tried as an id (`@1`), an offset from the session's current window
//!   (`+`, `-`, `+N`, `-N`, wrapping), a token (`!`, `^`, `$` and `{last}`, `{start}`, `{end}`,
//!   `{next}`, `{previous}`), an index, an exact name (only one window may have it), the start of a
//!   name, then a pattern. `=name` accepts an index or the exact name only.
//! - A pane (in its window) is tried as an id (`%1`), `!`/`{last}`, `{up-of}`, `{down-of}`,
//!   `{left-of}`, `{right-of}` (next to the *current* pane), an offset from the current pane (`+`,
//!   `-`, `+N`, `-N`, `{next}`, `{previous}`), an index (counting from `pane-base-index`), then a
//!   position: `top`, `bottom`, `left`, `right`, `top-left`, `top-right`, `bottom-left`,
//!   `bottom-right` (any case, or in braces).
//! - A whole target `{marked}`/`~` is the marked pane; `{mouse}`/`=` the mouse event's (there is none
//!   in the model: always `no mouse target`).
//! - Without a colon or period, a target is the session, window or pane the command wants; a window
//!   target is tried as a window of the current session first, then as a session; a pane target as a
//!   pane of the current window, then as a window, then as a session.
//!
//! tmux's quirks are kept, so tools written against tmux see the same results: `{up-of}` and the
//! pane offsets start from the current pane even when the target names another window (tmux then
//! reports that window with a pane of the current one); `-t {start}` and `-t {end}` fail for a pane
//! target (its table has no such tokens) while `-t ^` works; a malformed offset (`+x`) means 0 (the
//! current window or pane); numbers follow strtonum(3), so `$ 1`, `$+1` and `: 4` are ids and indexes.
//!
//! Not modelled: client names and ttys as session names (the model has no clients), and the most
//! recent use of each pane: where tmux picks the most recently active of several neighbours
//! (`{left-of}` with two panes on the left), the window's active pane wins, then its last pane, then
//! the first in pane order (tmux's own choice when no candidate was ever active).

#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

mod geometry;
mod pane;
mod session;
mod window;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_tmux;
#[cfg(test)]
mod tmux_cases;

use crate::{Model, PaneId, SessionId, WindowId};

/// The context a target is resolved in (tmux's current find state).
///
/// `pane` is the current pane: its window is the current window and its session the current
/// session (tmux's state for a key binding, a hook, or an attached client's active pane). Without
/// it, `session` (else the newest session) with its current window and that window's active pane.
/// `marked` is the marked pane (`select-pane -m`), for `{marked}` and `~`.
///
/// For a command from a client outside tmux (the command line, run in a pane), tmux's current pane
/// is not that pane but the active pane of its session's current window: see
/// [`Model::current_pane_of_client_in`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Current {
    pub pane: Option<PaneId>,
    pub session: Option<SessionId>,
    pub marked: Option<PaneId>,
}

/// Why a target resolved to nothing. Messages match tmux's.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    #[error("can't find session: {0}")]
    Session(String),
    #[error("can't find window: {0}")]
    Window(String),
    #[error("can't find pane: {0}")]
    Pane(String),
    /// There is no session at all to resolve in.
    #[error("no current target")]
    NoCurrent,
    #[error("no marked target")]
    NoMarked,
    #[error("no mouse target")]
    NoMouse,
    /// A pane in a target that names a window index (`new-window -t sess:1.2`).
    #[error("can't specify pane here")]
    PaneHere,
}

/// A window target for a command that may name a free index (tmux's `CMD_FIND_WINDOW_INDEX`:
/// new-window, break-pane, move-window, link-window).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WindowIndex {
    pub session: SessionId,
    /// The window named, or the session's current window when the target named an index only
    /// (`-a`/`-b` insert next to it, as in tmux).
    pub window: WindowId,
    /// The index named (which may be free or in use); `None` when the target named no index
    /// (`sess:`, `sess`, none, `{marked}`): the caller picks the first free one from `base-index`.
    pub index: Option<u32>,
}

/// What a target resolved to: tmux's `cmd_find_state` (`s`, `wl`/`w`, `idx`, `wp`). As in tmux the
/// pane is in the window except after `{up-of}`-like tokens or offsets combined with another window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct State {
    session: SessionId,
    window: WindowId,
    index: Option<u32>,
    pane: PaneId,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Session,
    Window,
    Pane,
}

/// One resolution in progress: the model, the current state and the flags tmux keeps in `fs->flags`.
struct Finder<'m> {
    model: &'m Model,
    current: State,
    exact_session: bool,
    exact_window: bool,
    /// `CMD_FIND_WINDOW_INDEX`: a window target may name a free index.
    window_index: bool,
}

/// cmd_find_window_table: the window tokens and their short forms.
const WINDOW_TOKENS: &[(&str, &str)] = &[
    ("{start}", "^"),
    ("{last}", "!"),
    ("{end}", "$"),
    ("{next}", "+"),
    ("{previous}", "-"),
];

/// cmd_find_pane_table: the pane tokens and what they are looked up as.
const PANE_TOKENS: &[(&str, &str)] = &[
    ("{last}", "!"),
    ("{next}", "+"),
    ("{previous}", "-"),
    ("{top}", "top"),
    ("{bottom}", "bottom"),
    ("{left}", "left"),
    ("{right}", "right"),
    ("{top-left}", "top-left"),
    ("{top-right}", "top-right"),
    ("{bottom-left}", "bottom-left"),
    ("{bottom-right}", "bottom-right"),
];

fn map_token<'a>(table: &[(&str, &'static str)], s: &'a str) -> &'a str {
    table
        .iter()
        .find(|(token, _)| *token == s)
        .map_or(s, |(_, short)| short)
}

/// A target split at its first colon and the first period after it (the first period when there
/// is no colon), as tmux does: (session, window, pane, window only, pane only). Parts are `None`
/// when absent; a bare target is the part `kind` says, unless an id sigil says otherwise.
fn split(target: &str, kind: Kind) -> (Option<&str>, Option<&str>, Option<&str>, bool, bool) {
    match target.split_once(':') {
        Some((session, rest)) => match rest.split_once('.') {
            Some((window, pane)) => (Some(session), Some(window), Some(pane), true, true),
            None => (Some(session), Some(rest), None, true, false),
        },
        None => match target.split_once('.') {
            Some((window, pane)) => (None, Some(window), Some(pane), false, true),
            None => {
                let part = Some(target);
                let kind = match target.as_bytes().first() {
                    Some(b'$') => Kind::Session,
                    Some(b'@') => Kind::Window,
                    Some(b'%') => Kind::Pane,
                    _ => kind,
                };
                match kind {
                    Kind::Session => (part, None, None, false, false),
                    Kind::Window => (None, part, None, false, false),
                    Kind::Pane => (None, None, part, false, false),
                }
            }
        },
    }
}

impl Model {
    /// Resolves a session target (`-t target-session`); any target names its session.
    pub fn find_session(
        &self,
        target: Option<&str>,
        cur: &Current,
    ) -> Result<SessionId, TargetError> {
        self.resolve(target, Kind::Session, false, cur)
            .map(|s| s.session)
    }

    /// Resolves a window target (`-t target-window`).
    pub fn find_window(
        &self,
        target: Option<&str>,
        cur: &Current,
    ) -> Result<(SessionId, WindowId), TargetError> {
        self.resolve(target, Kind::Window, false, cur)
            .map(|s| (s.session, s.window))
    }

    /// Resolves a pane target (`-t target-pane`). The window is the one the target named: as in
    /// tmux, `win.{up-of}` and `win.+` give a pane next to the current pane, which may be elsewhere.
    pub fn find_pane(
        &self,
        target: Option<&str>,
        cur: &Current,
    ) -> Result<(SessionId, WindowId, PaneId), TargetError> {
        self.resolve(target, Kind::Pane, false, cur)
            .map(|s| (s.session, s.window, s.pane))
    }

    /// Resolves a window target that may name a free index (new-window, break-pane, move-window,
    /// link-window): `sess:5` with no window 5 is index 5; a pane in the target is an error.
    pub fn find_window_index(
        &self,
        target: Option<&str>,
        cur: &Current,
    ) -> Result<WindowIndex, TargetError> {
        self.resolve(target, Kind::Window, true, cur)
            .map(|s| WindowIndex {
                session: s.session,
                window: s.window,
                index: s.index,
            })
    }

    /// The current pane tmux resolves from for a command run outside tmux by a client inside
    /// `pane` (`$TMUX_PANE`): the active pane of the current window of the pane's session, not
    /// `pane` itself (cmd_find_from_client). `None` if the pane is gone.
    pub fn current_pane_of_client_in(&self, pane: PaneId) -> Option<PaneId> {
        self.active_pane(self.session_of_pane(pane)?)
    }

    /// The full state of a pane: its session (`prefer` if the pane's window is linked there, as
    /// tmux's cmd_find_best_winlink_with_window), window and index.
    fn pane_state(&self, pane: PaneId, prefer: Option<SessionId>) -> Option<State> {
        let window = self.panes.get(&pane)?.window;
        let session = self.session_of_window(window, prefer)?;
        Some(State {
            session,
            window,
            index: self.window_index_in(Some(session), window),
            pane,
        })
    }

    /// A session's current window and its active pane.
    fn session_state(&self, session: SessionId) -> Option<State> {
        let window = self.sessions.get(&session)?.active_window;
        let pane = self.windows.get(&window)?.active_pane;
        Some(State {
            session,
            window,
            index: self.window_index_in(Some(session), window),
            pane,
        })
    }

    /// A window's state in a session it is linked in (`prefer` if it is one), with its active pane.
    fn window_state(&self, window: WindowId, prefer: Option<SessionId>) -> Option<State> {
        let w = self.windows.get(&window)?;
        let session = self.session_of_window(window, prefer)?;
        Some(State {
            session,
            window,
            index: self.window_index_in(Some(session), window),
            pane: w.active_pane,
        })
    }

    fn current_state(&self, cur: &Current) -> Option<State> {
        if let Some(state) = cur.pane.and_then(|p| self.pane_state(p, cur.session)) {
            return Some(state);
        }
        let newest = || self.sessions.keys().next_back().copied();
        let session = cur
            .session
            .filter(|s| self.sessions.contains_key(s))
            .or_else(newest)?;
        self.session_state(session)
    }

    /// cmd_find_target.
    fn resolve(
        &self,
        target: Option<&str>,
        kind: Kind,
        window_index: bool,
        cur: &Current,
    ) -> Result<State, TargetError> {
        let current = self.current_state(cur).ok_or(TargetError::NoCurrent)?;
        let whole = |state: State| {
            let index = if window_index { None } else { state.index };
            Ok(State { index, ..state })
        };
        let target = match target {
            None | Some("") => return whole(current),
            Some("=" | "{mouse}") => return Err(TargetError::NoMouse),
            Some("~" | "{marked}") => {
                let marked = cur.marked.and_then(|p| self.pane_state(p, cur.session));
                return marked.map_or(Err(TargetError::NoMarked), |state| {
                    Ok(State {
                        index: None,
                        ..state
                    })
                });
            }
            Some(t) => t,
        };
        let (mut session, mut window, pane, window_only, pane_only) = split(target, kind);
        let mut finder = Finder {
            model: self,
            current,
            exact_session: false,
            exact_window: false,
            window_index,
        };
        if let Some(rest) = session.and_then(|s| s.strip_prefix('=')) {
            session = Some(rest);
            finder.exact_session = true;
        }
        if let Some(rest) = window.and_then(|w| w.strip_prefix('=')) {
            window = Some(rest);
            finder.exact_window = true;
        }
        let session = session.filter(|s| !s.is_empty());
        let window = window
            .filter(|w| !w.is_empty())
            .map(|w| map_token(WINDOW_TOKENS, w));
        let pane = pane
            .filter(|p| !p.is_empty())
            .map(|p| map_token(PANE_TOKENS, p));
        if pane.is_some() && window_index {
            return Err(TargetError::PaneHere);
        }
        let no_window = |w: &str| TargetError::Window(w.to_string());
        let no_pane = |p: &str| TargetError::Pane(p.to_string());
        if let Some(name) = session {
            let s = finder
                .session(name)
                .ok_or_else(|| TargetError::Session(name.to_string()))?;
            return match (window, pane) {
                (None, None) => self
                    .session_state(s)
                    .map(|state| State {
                        index: None,
                        ..state
                    })
                    .ok_or_else(|| TargetError::Session(name.to_string())),
                (Some(w), None) => finder.window_in(s, w).ok_or_else(|| no_window(w)),
                (None, Some(p)) => finder.pane_in_session(s, p).ok_or_else(|| no_pane(p)),
                (Some(w), Some(p)) => {
                    let state = finder.window_in(s, w).ok_or_else(|| no_window(w))?;
                    finder.pane_in(state, p).ok_or_else(|| no_pane(p))
                }
            };
        }
        match (window, pane) {
            (Some(w), pane) => {
                let state = finder.window(w, window_only).ok_or_else(|| no_window(w))?;
                match pane {
                    Some(p) => finder.pane_in(state, p).ok_or_else(|| no_pane(p)),
                    None => Ok(state),
                }
            }
            (None, Some(p)) => finder.pane(p, pane_only).ok_or_else(|| no_pane(p)),
            (None, None) => whole(current),
        }
    }
}
