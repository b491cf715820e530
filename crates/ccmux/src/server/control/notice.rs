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
    SessionWindowChanged(SessionId, WindowId, Current),
    /// client-session-changed: the client's id, name, and session then.
    ClientSessionChanged(u32, String, SessionId, String),
    /// client-detached: the client's name.
    ClientDetached(String),
    /// pane-mode-changed
    PaneModeChanged(PaneId),
    /// paste-buffer-changed and paste-buffer-deleted (tmux 3.4; 3.3a has neither).
    PasteBuffer(String, bool),
}

/// A session's current window before a change (for a command whose changes move it and bring it
/// back, which tmux never tells).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Current {
    pub index: Option<u32>,
    pub window: WindowId,
}

impl Current {
    /// The session's current window now.
    pub fn of(m: &Model, s: SessionId) -> Option<Current> {
        let s = m.sessions.get(&s)?;
        Some(Current {
            index: current_index(&s.windows, s.active_window),
            window: s.active_window,
        })
    }

    /// Whether `now` is another current window than this one, as tmux's curw would be another
    /// winlink: another index, or the window that was current left the session.
    pub fn moved(&self, now: Current, links: &BTreeMap<u32, WindowId>) -> bool {
        now.index != self.index
            || (now.window != self.window && !links.values().any(|w| *w == self.window))
    }
}

fn current_index(links: &BTreeMap<u32, WindowId>, w: WindowId) -> Option<u32> {
    links.iter().find(|(_, x)| **x == w).map(|(i, _)| *i)
}

/// What notifications are made from: each session's name, current window and links; each window's
/// name, active pane and layout.
pub struct Shot {
    sessions: BTreeMap<SessionId, SessShot>,
    windows: BTreeMap<WindowId, WinShot>,
}

struct SessShot {
    name: String,
    current: WindowId,
    /// The index of the current window (tmux's curw is a winlink: an index, not a window).
    current_index: Option<u32>,
    links: BTreeMap<u32, WindowId>,
}

impl SessShot {
    fn has(&self, w: WindowId) -> bool {
        self.links.values().any(|x| *x == w)
    }
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
                let shot = SessShot {
                    name: s.name.clone(),
                    current: s.active_window,
                    current_index: current_index(&s.windows, s.active_window),
                    links: s.windows.clone(),
                };
                (s.id, shot)
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

/// The events between two states, in the order tmux raises them for the change made. Windows are
/// linked and unlinked as tmux's winlinks are: a window at an index that was free (or new to the
/// session) is linked, one at an index now free (or gone from the session) unlinked, so a moved
/// window is unlinked and linked again while windows swapped in place are neither (tmux swaps the
/// windows of two winlinks). The current window changed when its index did, or when the window
/// that was current left the session.
pub fn diff(before: &Shot, after: &Shot, change: &Change) -> Vec<Notice> {
    // A window's new active pane comes first: tmux sets it as the pane moves (join-pane), before
    // the window the pane left is unlinked.
    let mut out: Vec<Notice> = after
        .windows
        .iter()
        .filter_map(|(id, w)| {
            let old = before.windows.get(id)?;
            (w.active != old.active).then_some(Notice::WindowPaneChanged(*id, w.active))
        })
        .collect();
    for (id, s) in &after.sessions {
        if !before.sessions.contains_key(id) {
            out.extend(s.links.values().map(|w| Notice::WindowLinked(*w)));
            out.push(Notice::SessionsChanged);
        }
    }
    for (id, s) in &before.sessions {
        if !after.sessions.contains_key(id) {
            out.push(Notice::SessionsChanged);
            out.extend(s.links.values().map(|w| Notice::WindowUnlinked(*w)));
        }
    }
    for (id, new) in &after.sessions {
        let Some(old) = before.sessions.get(id) else {
            continue;
        };
        let linked = |a: &SessShot, b: &SessShot| -> Vec<WindowId> {
            a.links
                .iter()
                .filter(|(i, w)| {
                    b.links.get(i) != Some(w) && (!b.links.contains_key(i) || !b.has(**w))
                })
                .map(|(_, w)| *w)
                .collect()
        };
        let added = linked(new, old);
        let removed = linked(old, new);
        let was = Current {
            index: old.current_index,
            window: old.current,
        };
        let now = Current {
            index: new.current_index,
            window: new.current,
        };
        let switched = was
            .moved(now, &new.links)
            .then_some(Notice::SessionWindowChanged(*id, new.current, was));
        // A new window is selected before it is linked (spawn.c); a linked one after (session.c).
        if matches!(change, Change::WindowCreated { .. }) {
            out.extend(switched.clone());
            out.extend(added.iter().map(|w| Notice::WindowLinked(*w)));
        } else {
            out.extend(added.iter().map(|w| Notice::WindowLinked(*w)));
            out.extend(switched);
        }
        out.extend(removed.iter().map(|w| Notice::WindowUnlinked(*w)));
        if new.name != old.name {
            out.push(Notice::SessionRenamed(*id, new.name.clone()));
        }
    }
    let mut windows = Vec::new();
    for (id, w) in &after.windows {
        let Some(old) = before.windows.get(id) else {
            continue;
        };
        if w.name != old.name {
            windows.push(Notice::WindowRenamed(*id, w.name.clone()));
        }
        if w.layout != old.layout || w.zoomed != old.zoomed {
            windows.push(Notice::WindowLayoutChanged(*id));
        }
    }
    if let Change::PaneBroken { window, name, .. } = change {
        // break-pane lays out the window the pane left and names the new window (tmux's
        // window_set_name tells it) before it links the new window.
        windows.push(Notice::WindowRenamed(*window, name.clone()));
        let at = out
            .iter()
            .position(|n| !matches!(n, Notice::WindowPaneChanged(..)))
            .unwrap_or(out.len());
        out.splice(at..at, windows);
    } else {
        out.extend(windows);
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
        Notice::SessionWindowChanged(s, w, _) => {
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

    /// A shot of one session `$1` with these links, the current window at `current`.
    fn shot(links: &[(u32, u32)], current: u32) -> Shot {
        let links: BTreeMap<u32, WindowId> =
            links.iter().map(|(i, w)| (*i, WindowId(*w))).collect();
        let session = SessShot {
            name: "s".into(),
            current: links[&current],
            current_index: Some(current),
            links,
        };
        Shot {
            sessions: [(SessionId(1), session)].into(),
            windows: BTreeMap::new(),
        }
    }

    fn was(index: u32, window: u32) -> Current {
        Current {
            index: Some(index),
            window: WindowId(window),
        }
    }

    fn lines(before: &Shot, after: &Shot) -> Vec<Notice> {
        let change = Change::SessionRenamed {
            id: SessionId(1),
            name: "s".into(),
        };
        diff(before, after, &change)
    }

    #[test]
    fn windows_link_and_unlink_as_tmux_winlinks_do() {
        let (s, w1, w2) = (SessionId(1), WindowId(1), WindowId(2));
        // swap-window: the windows of two links swap, the current index stays: nothing.
        assert_eq!(
            lines(&shot(&[(0, 1), (1, 2)], 0), &shot(&[(0, 2), (1, 1)], 0)),
            []
        );
        // move-window of the current window to a free index: linked, selected, unlinked.
        assert_eq!(
            lines(&shot(&[(0, 1), (1, 2)], 0), &shot(&[(1, 2), (7, 1)], 7)),
            [
                Notice::WindowLinked(w1),
                Notice::SessionWindowChanged(s, w1, was(0, 1)),
                Notice::WindowUnlinked(w1)
            ]
        );
        // kill-window of the current window: unlinked, the next one selected.
        assert_eq!(
            lines(&shot(&[(0, 1), (1, 2)], 0), &shot(&[(1, 2)], 1)),
            [
                Notice::SessionWindowChanged(s, w2, was(0, 1)),
                Notice::WindowUnlinked(w1)
            ]
        );
        // link-window -k over the current window: a new window at the same index.
        assert_eq!(
            lines(&shot(&[(0, 1)], 0), &shot(&[(0, 2)], 0)),
            [
                Notice::WindowLinked(w2),
                Notice::SessionWindowChanged(s, w2, was(0, 1)),
                Notice::WindowUnlinked(w1)
            ]
        );
        // A window linked twice, then once again.
        assert_eq!(
            lines(&shot(&[(0, 1)], 0), &shot(&[(0, 1), (5, 1)], 0)),
            [Notice::WindowLinked(w1)]
        );
    }
}
