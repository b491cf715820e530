//! Pane focus (tmux's window_update_focus): a pane has the focus while it is the active pane of the
//! current window of a session some focused client shows. When that changes, the pane is told
//! (`ESC [ I` / `ESC [ O`, if it asked for focus reports) and `pane-focus-in`/`pane-focus-out` run.
//!
//! As in tmux, a client's session being set (attach, switch-client, detach) always updates the
//! focus; a pane or window selection does so only with the `focus-events` option on; a client's own
//! focus reports always count (the terminal is asked for them only with `focus-events` on when the
//! client takes it, as tmux). Runtime state only.

use super::state::Server;
use ccmux_model::{OptionScope, PaneId};
use std::collections::HashSet;

/// Brings every pane's focus up to date: always when `force` (a client's session was set), else
/// only with `focus-events` on. Their hooks are queued to run soon.
pub fn update(srv: &mut Server, force: bool) {
    for (hook, pane) in changes(srv, force) {
        if let Some(session) = srv.model.session_of_pane(pane) {
            super::alerts::event(srv, hook, session, Some(pane));
        }
    }
}

/// [`update`], returning the hooks due (`pane-focus-out` before `pane-focus-in`) for the caller to
/// run: a command runs them with its own notifications, in tmux's order.
pub fn changes(srv: &mut Server, force: bool) -> Vec<(&'static str, PaneId)> {
    if !force && !enabled(srv) {
        return Vec::new();
    }
    let want: HashSet<PaneId> = srv
        .clients
        .clients
        .iter()
        .filter(|(id, _)| !srv.alerts.unfocused.contains(id))
        .filter_map(|(_, c)| {
            let s = srv.model.sessions.get(&c.session)?;
            srv.model
                .windows
                .get(&s.active_window)
                .map(|w| w.active_pane)
        })
        .collect();
    if want == srv.alerts.focused {
        return Vec::new();
    }
    let mut lost: Vec<PaneId> = srv.alerts.focused.difference(&want).copied().collect();
    let mut gained: Vec<PaneId> = want.difference(&srv.alerts.focused).copied().collect();
    lost.sort();
    gained.sort();
    srv.alerts.focused = want;
    let mut hooks = Vec::new();
    for (panes, report, hook) in [
        (lost, &b"\x1b[O"[..], "pane-focus-out"),
        (gained, &b"\x1b[I"[..], "pane-focus-in"),
    ] {
        for pane in panes {
            // A pane whose process is still starting has no handle yet (and has asked for nothing).
            if let Some(h) = srv.panes.get(&pane) {
                let asked =
                    super::pane::lock_cold(&h.screen).is_some_and(|s| s.emu.modes().focus_events);
                if asked && !srv.input_off.contains(&pane) {
                    h.write(report.to_vec());
                }
            }
            // A pane that closed is not told it lost the focus.
            if srv.model.panes.contains_key(&pane) {
                hooks.push((hook, pane));
            }
        }
    }
    hooks
}

/// The server's `focus-events` option.
pub fn enabled(srv: &Server) -> bool {
    srv.model.option_flag(OptionScope::Server, "focus-events")
}

/// A client's terminal reported it gained or lost the focus (it is asked to only with
/// `focus-events` on, but a report is heeded either way, as tmux's tty-keys):
/// `client-focus-in`/`-out` run, and its panes' focus follows.
pub fn client(srv: &mut Server, client: u32, focused: bool) {
    if focused {
        srv.alerts.unfocused.remove(&client);
        super::alerts::client_event(srv, "client-focus-in", client);
        update(srv, true);
    } else {
        srv.alerts.unfocused.insert(client);
        update(srv, true);
        super::alerts::client_event(srv, "client-focus-out", client);
    }
}
