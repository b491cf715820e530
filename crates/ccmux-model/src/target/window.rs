//! Windows: in a given session (cmd_find_get_window_with_session), or in the current session then
//! as a session (cmd_find_get_window).

use super::session::{parse_id, unique};
use super::{Finder, State};
use crate::format::fnmatch::fnmatch;
use crate::options::cnum::strtonum;
use crate::{SessionId, WindowId};

/// tmux's `INT_MAX`: the largest window index and offset.
const INT_MAX: i64 = i32::MAX as i64;

impl Finder<'_> {
    /// A window of the current session, else (unless `only`, the target had a colon) a session's
    /// current window.
    pub(super) fn window(&self, name: &str, only: bool) -> Option<State> {
        if name.starts_with('@') {
            let id = WindowId(parse_id(name, '@')?);
            return self.model.window_state(id, Some(self.current.session));
        }
        if let Some(state) = self.window_in(self.current.session, name) {
            return Some(state);
        }
        if only {
            return None;
        }
        let state = self.model.session_state(self.session(name)?)?;
        Some(State {
            index: if self.window_index { None } else { state.index },
            ..state
        })
    }

    /// A window of session `s` (with its active pane): by `@id`, offset, token, index, exact name,
    /// unique prefix, then unique pattern. With `window_index`, an index or offset naming no window
    /// gives the session's current window with that index.
    pub(super) fn window_in(&self, s: SessionId, name: &str) -> Option<State> {
        let session = self.model.sessions.get(&s)?;
        let found = |window: WindowId| {
            let state = self.model.window_state(window, Some(s))?;
            (state.session == s).then_some(state)
        };
        let index_only = |index: i64| {
            let state = self.model.session_state(s)?;
            let index = u32::try_from(index).ok()?;
            Some(State {
                index: Some(index),
                ..state
            })
        };
        if name.starts_with('@') {
            return found(WindowId(parse_id(name, '@')?));
        }
        let indexes: Vec<u32> = session.windows.keys().copied().collect();
        let current = indexes
            .iter()
            .position(|i| session.windows.get(i) == Some(&session.active_window))?;
        let first = name.as_bytes().first().copied();
        if !self.exact_window && matches!(first, Some(b'+' | b'-')) {
            // A malformed offset is 0 (strtonum's error value), as in tmux.
            let n = match name.get(1..) {
                Some("") | None => 1,
                Some(rest) => strtonum(rest, 1, INT_MAX).unwrap_or(0),
            };
            let forward = first == Some(b'+');
            if self.window_index {
                let at = i64::from(*indexes.get(current)?);
                let index = if forward { at + n } else { at - n };
                return if (0..=INT_MAX).contains(&index) {
                    index_only(index)
                } else {
                    None
                };
            }
            let len = indexes.len() as i64;
            let step = n % len;
            let pos = if forward {
                (current as i64 + step) % len
            } else {
                (current as i64 - step).rem_euclid(len)
            };
            let index = indexes.get(usize::try_from(pos).ok()?)?;
            return found(*session.windows.get(index)?);
        }
        if !self.exact_window {
            let token = match name {
                "!" => Some(session.last_window),
                "^" => Some(session.windows.values().next().copied()),
                "$" => Some(session.windows.values().next_back().copied()),
                _ => None,
            };
            if let Some(window) = token {
                return found(window?);
            }
        }
        if !matches!(first, Some(b'+' | b'-')) {
            if let Ok(index) = strtonum(name, 0, INT_MAX) {
                if let Some(window) = u32::try_from(index)
                    .ok()
                    .and_then(|i| session.windows.get(&i))
                {
                    return found(*window);
                }
                if self.window_index {
                    return index_only(index);
                }
            }
        }
        let windows = || session.windows.values().copied();
        let named = |w: WindowId, test: &dyn Fn(&str) -> bool| {
            self.model.windows.get(&w).is_some_and(|w| test(&w.name))
        };
        let exact: Vec<WindowId> = windows().filter(|w| named(*w, &|n| n == name)).collect();
        match exact.as_slice() {
            [one] => return found(*one),
            [] => {}
            _ => return None,
        }
        if self.exact_window {
            return None;
        }
        let prefixed = |w: WindowId| named(w, &|n| n.starts_with(name));
        if windows().any(prefixed) {
            return found(unique(windows(), prefixed)?);
        }
        found(unique(windows(), |w| {
            named(w, &|n| fnmatch(name, n, false))
        })?)
    }
}
