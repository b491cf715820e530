//! Panes: in a given window (cmd_find_get_pane_with_window), in a session's current window
//! (cmd_find_get_pane_with_session), or in the current window then as a window or session
//! (cmd_find_get_pane).

use super::geometry::{pane_at, pane_beside, Side};
use super::session::parse_id;
use super::{Finder, State};
use crate::options::cnum::strtonum;
use crate::{OptionScope, PaneId, SessionId, WindowId};

impl Finder<'_> {
    /// A pane of the current window, else (unless `only`, the target had a period) the active pane
    /// of a window or session.
    pub(super) fn pane(&self, name: &str, only: bool) -> Option<State> {
        if name.starts_with('%') {
            return self
                .model
                .pane_state(PaneId(parse_id(name, '%')?), Some(self.current.session));
        }
        if let Some(state) = self.pane_in(self.current, name) {
            return Some(state);
        }
        if only {
            return None;
        }
        self.window(name, false)
    }

    /// A pane of session `s`: `%id` if it is in the session, else a pane of its current window.
    pub(super) fn pane_in_session(&self, s: SessionId, name: &str) -> Option<State> {
        if name.starts_with('%') {
            let state = self
                .model
                .pane_state(PaneId(parse_id(name, '%')?), Some(s))?;
            return (state.session == s).then_some(state);
        }
        self.pane_in(self.model.session_state(s)?, name)
    }

    /// A pane of the window `state` names (the pane `name` says replaces `state`'s).
    pub(super) fn pane_in(&self, state: State, name: &str) -> Option<State> {
        let pane = self.pane_of_window(state.window, name)?;
        Some(State { pane, ..state })
    }

    fn pane_of_window(&self, window: WindowId, name: &str) -> Option<PaneId> {
        let model = self.model;
        let w = model.windows.get(&window)?;
        let current = self.current.pane;
        match name {
            _ if name.starts_with('%') => {
                let pane = PaneId(parse_id(name, '%')?);
                return w.layout.contains(pane).then_some(pane);
            }
            "!" => return w.last_pane,
            "{up-of}" => return pane_beside(model, current, Side::Up),
            "{down-of}" => return pane_beside(model, current, Side::Down),
            "{left-of}" => return pane_beside(model, current, Side::Left),
            "{right-of}" => return pane_beside(model, current, Side::Right),
            _ => {}
        }
        let first = name.as_bytes().first().copied();
        if let Some(sign @ (b'+' | b'-')) = first {
            // A malformed offset is 0 (strtonum's error value): the current pane, as in tmux.
            let n = match name.get(1..) {
                Some("") | None => 1,
                Some(rest) => strtonum(rest, 1, i64::from(i32::MAX)).unwrap_or(0),
            };
            return self.step(window, n, sign == b'+');
        }
        if let Ok(index) = strtonum(name, 0, i64::from(i32::MAX)) {
            let base = model.option_number(OptionScope::Window(window), "pane-base-index");
            let at = usize::try_from(index.checked_sub(base)?).ok();
            if let Some(pane) = at.and_then(|i| w.layout.panes().get(i).copied()) {
                return Some(pane);
            }
        }
        pane_at(model, window, name)
    }

    /// window_pane_next_by_number / window_pane_previous_by_number from the current pane: `n` steps
    /// through the current pane's window, wrapping to the far end of `window`, then round it.
    fn step(&self, window: WindowId, n: i64, forward: bool) -> Option<PaneId> {
        let start = self.current.pane;
        let own = self
            .model
            .windows
            .get(&self.model.panes.get(&start)?.window)?;
        let own = own.layout.panes();
        let target = self.model.windows.get(&window)?.layout.panes();
        let pos = own.iter().position(|p| *p == start)? as i64;
        let (len_own, len_target) = (own.len() as i64, target.len() as i64);
        if len_target == 0 {
            return None;
        }
        // Steps left before falling off the current pane's window.
        let room = if forward { len_own - 1 - pos } else { pos };
        let at = |list: &[PaneId], i: i64| list.get(usize::try_from(i).ok()?).copied();
        if n <= room {
            return at(&own, if forward { pos + n } else { pos - n });
        }
        let rest = (n - room - 1) % len_target;
        at(&target, if forward { rest } else { len_target - 1 - rest })
    }
}
