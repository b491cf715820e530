//! Notifications for control clients (tmux's notify.c and control-notify.c). Events are found by
//! comparing the model before and after each change (so every path that changes it is covered:
//! commands, key bindings, pane exits, resizes, recovery), kept as ids, and turned into lines for each
//! control client when flushed, from the state then (as tmux formats them when its queued
//! notification runs, after the command that caused it).

use crate::server::state::Server;
use ccmux_model::{Change, Model, PaneId, SessionId, WindowId};
use std::collections::BTreeMap;

/// One event (tmux's notify name in the comment).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// window-linked
    WindowLinked(WindowId),
    /// window-unlinked
    WindowUnlinked(WindowId),
    /// window-renamed (the name then, for a window gone by the time it is told)
    WindowRenamed(WindowId, String),
    /// window-pane-changed (the pane then)
    WindowPaneChanged(WindowId, PaneId),
    /// window-layout-changed
    WindowLayoutChanged(WindowId),
    /// session-created, session-closed
    SessionsChanged,
    /// session-renamed
    SessionRenamed(SessionId, String),
    /// session-window-changed
    SessionWindowChanged(SessionId, WindowId),
    /// client-session-changed: the client's id, name, and session then.
    ClientSessionChanged(u32, String, SessionId, String),
    /// client-detached: the client's name.
    ClientDetached(String),
    /// pane-mode-changed
    PaneModeChanged(PaneId),
    /// paste-buffer-changed and paste-buffer-deleted (tmux 3.4; 3.3a has neither).
    PasteBuffer(String, bool),
}

/// What notifications are made from: each session's name, current window and windows; each window's
/// name, active pane and layout.
pub struct Shot {
    sessions: BTreeMap<SessionId, (String, WindowId, Vec<WindowId>)>,
    windows: BTreeMap<WindowId, WinShot>,
}

#[derive(PartialEq, Eq)]
struct WinShot {
    name: String,
    active: PaneId,
    layout: String,
    zoomed: bool,
}

impl Shot {
    pub fn take(m: &Model) -> Shot {
        let sessions = m
            .sessions
            .values()
            .map(|s| {
                let mut w: Vec<WindowId> = s.windows.values().copied().collect();
                w.sort();
                (s.id, (s.name.clone(), s.active_window, w))
            })
            .collect();
        let windows = m
            .windows
            .values()
            .map(|w| {
                let area = m.window_area(w.id).unwrap_or_default();
                let shot = WinShot {
                    name: w.name.clone(),
                    active: w.active_pane,
                    layout: w.layout.to_tmux_string(area),
                    zoomed: w.zoomed,
                };
                (w.id, shot)
            })
            .collect();
        Shot { sessions, windows }
    }
}

/// The events between two states, in the order tmux raises them for the change made.
pub fn diff(before: &Shot, after: &Shot, change: &Change) -> Vec<Notice> {
    let mut out = Vec::new();
    for (id, (_, _, windows)) in &after.sessions {
        if !before.sessions.contains_key(id) {
            out.extend(windows.iter().map(|w| Notice::WindowLinked(*w)));
            out.push(Notice::SessionsChanged);
        }
    }
    for (id, (_, _, windows)) in &before.sessions {
        if !after.sessions.contains_key(id) {
            out.push(Notice::SessionsChanged);
            out.extend(windows.iter().map(|w| Notice::WindowUnlinked(*w)));
        }
    }
    for (id, (name, current, windows)) in &after.sessions {
        let Some((old_name, old_current, old_windows)) = before.sessions.get(id) else {
            continue;
        };
        let added = minus(windows, old_windows);
        let removed = minus(old_windows, windows);
        let switched =
            (current != old_current).then_some(Notice::SessionWindowChanged(*id, *current));
        // A new window is selected before it is linked (spawn.c); a linked one after (session.c).
        if matches!(change, Change::WindowCreated { .. }) {
            out.extend(switched.clone());
            out.extend(added.iter().map(|w| Notice::WindowLinked(*w)));
        } else {
            out.extend(added.iter().map(|w| Notice::WindowLinked(*w)));
            out.extend(switched);
        }
        out.extend(removed.iter().map(|w| Notice::WindowUnlinked(*w)));
        if name != old_name {
            out.push(Notice::SessionRenamed(*id, name.clone()));
        }
    }
    for (id, w) in &after.windows {
        let Some(old) = before.windows.get(id) else {
            continue;
        };
        if w.name != old.name {
            out.push(Notice::WindowRenamed(*id, w.name.clone()));
        }
        if w.active != old.active {
            out.push(Notice::WindowPaneChanged(*id, w.active));
        }
        if w.layout != old.layout || w.zoomed != old.zoomed {
            out.push(Notice::WindowLayoutChanged(*id));
        }
    }
    out
}

/// `a` less `b`, as multisets (a window linked twice in a session counts twice).
fn minus(a: &[WindowId], b: &[WindowId]) -> Vec<WindowId> {
    let mut rest = b.to_vec();
    let mut out = Vec::new();
    for w in a {
        match rest.iter().position(|x| x == w) {
            Some(i) => {
                rest.remove(i);
            }
            None => out.push(*w),
        }
    }
    out
}

/// The line a control client attached to `session` (its id `me`) gets for a notice, if any. A
/// client attached to none (its first command did not attach it) gets only the notifications tmux
/// sends to every control client.
pub fn line(srv: &Server, me: u32, session: Option<SessionId>, notice: &Notice) -> Option<String> {
    let m = &srv.model;
    let needs_session = matches!(
        notice,
        Notice::WindowLinked(_)
            | Notice::WindowUnlinked(_)
            | Notice::WindowRenamed(..)
            | Notice::WindowLayoutChanged(_)
            | Notice::ClientSessionChanged(..)
    );
    // A client whose session is gone is detached (tmux clears its session at once).
    let session = match session.filter(|s| m.sessions.contains_key(s)) {
        Some(s) => s,
        None if needs_session => return None,
        None => SessionId(u32::MAX),
    };
    let has = |w: &WindowId| {
        m.sessions
            .get(&session)
            .is_some_and(|s| s.windows.values().any(|x| x == w))
    };
    Some(match notice {
        Notice::WindowLinked(w) if has(w) => format!("%window-add {w}"),
        Notice::WindowLinked(w) => format!("%unlinked-window-add {w}"),
        Notice::WindowUnlinked(w) if has(w) => format!("%window-close {w}"),
        Notice::WindowUnlinked(w) => format!("%unlinked-window-close {w}"),
        Notice::WindowRenamed(w, name) => {
            let name = m.windows.get(w).map_or(name.as_str(), |w| w.name.as_str());
            if has(w) {
                format!("%window-renamed {w} {name}")
            } else {
                format!("%unlinked-window-renamed {w} {name}")
            }
        }
        Notice::WindowPaneChanged(w, p) => {
            let p = m.windows.get(w).map_or(*p, |w| w.active_pane);
            format!("%window-pane-changed {w} {p}")
        }
        Notice::WindowLayoutChanged(w) => {
            if !has(w) || !m.windows.contains_key(w) {
                return None;
            }
            let t = crate::server::format_ctx::Target::window(srv, Some(session), *w);
            t.expand(
                "%layout-change #{window_id} #{window_layout} #{window_visible_layout} \
                 #{window_raw_flags}",
            )
        }
        Notice::SessionsChanged => "%sessions-changed".to_string(),
        Notice::SessionRenamed(s, name) => {
            let name = m.sessions.get(s).map_or(name.as_str(), |s| s.name.as_str());
            format!("%session-renamed {s} {name}")
        }
        Notice::SessionWindowChanged(s, w) => {
            let w = m.sessions.get(s).map_or(*w, |s| s.active_window);
            format!("%session-window-changed {s} {w}")
        }
        Notice::ClientSessionChanged(id, name, s, sname) => {
            let sname = m
                .sessions
                .get(s)
                .map_or(sname.as_str(), |s| s.name.as_str());
            if *id == me {
                format!("%session-changed {s} {sname}")
            } else {
                format!("%client-session-changed {name} {s} {sname}")
            }
        }
        Notice::ClientDetached(name) => format!("%client-detached {name}"),
        Notice::PaneModeChanged(p) => format!("%pane-mode-changed {p}"),
        Notice::PasteBuffer(name, false) => format!("%paste-buffer-changed {name}"),
        Notice::PasteBuffer(name, true) => format!("%paste-buffer-deleted {name}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multiset_difference() {
        let (a, b) = (WindowId(1), WindowId(2));
        assert_eq!(minus(&[a, a, b], &[a]), vec![a, b]);
        assert_eq!(minus(&[a], &[a, b]), Vec::<WindowId>::new());
    }
}
