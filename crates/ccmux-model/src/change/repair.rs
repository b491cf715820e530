//! Repairing a model rebuilt from damaged files so it satisfies [`Model::check`].

use crate::{Model, PaneId, SessionId, WindowId};

impl Model {
    /// Repairs what [`Model::check`] reports, so a model rebuilt from damaged files is usable. Returns what
    /// was repaired, one line each.
    pub fn repair(&mut self) -> Vec<String> {
        let mut done = Vec::new();
        let orphans: Vec<PaneId> = self
            .panes
            .values()
            .filter(|p| {
                !self
                    .windows
                    .get(&p.window)
                    .is_some_and(|w| w.layout.contains(p.id))
            })
            .map(|p| p.id)
            .collect();
        for p in orphans {
            self.panes.remove(&p);
            done.push(format!("removed pane {p}: it was in no window"));
        }
        let bad_windows: Vec<WindowId> = self
            .windows
            .values()
            .filter(|w| {
                self.session_of_window(w.id, None).is_none()
                    || w.layout.panes().iter().any(|p| !self.panes.contains_key(p))
            })
            .map(|w| w.id)
            .collect();
        for w in bad_windows {
            if let Some(win) = self.windows.remove(&w) {
                for p in win.layout.panes() {
                    self.panes.remove(&p);
                }
            }
            done.push(format!(
                "removed window {w}: it was in no session or its panes were missing"
            ));
        }
        let sessions: Vec<SessionId> = self.sessions.keys().copied().collect();
        for sid in sessions {
            let windows = &self.windows;
            let Some(s) = self.sessions.get_mut(&sid) else {
                continue;
            };
            s.windows.retain(|_, w| windows.contains_key(w));
            let Some(first) = s.windows.values().next().copied() else {
                self.sessions.remove(&sid);
                done.push(format!("removed session {sid}: it had no windows left"));
                continue;
            };
            if !s.windows.values().any(|w| *w == s.active_window) {
                s.active_window = first;
                done.push(format!("session {sid}: active window reset"));
            }
            if s.last_window
                .is_some_and(|l| !s.windows.values().any(|w| *w == l))
            {
                s.last_window = None;
            }
        }
        // A group whose sessions disagree is split up (each keeps its own windows).
        let mut groups: Vec<String> = self
            .sessions
            .values()
            .filter_map(|s| s.group.clone())
            .collect();
        groups.dedup();
        for g in groups {
            let members: Vec<&crate::Session> = self
                .sessions
                .values()
                .filter(|s| s.group.as_ref() == Some(&g))
                .collect();
            let differ = members.windows(2).any(|m| m[0].windows != m[1].windows);
            if differ {
                let ids: Vec<SessionId> = members.iter().map(|s| s.id).collect();
                for id in ids {
                    if let Some(s) = self.sessions.get_mut(&id) {
                        s.group = None;
                    }
                }
                done.push(format!("session group {g} split: its sessions differed"));
            }
        }
        for w in self.windows.values_mut() {
            let panes = w.layout.panes();
            if !panes.contains(&w.active_pane) {
                if let Some(first) = panes.first() {
                    w.active_pane = *first;
                    done.push(format!("window {}: active pane reset", w.id));
                }
            }
            if w.last_pane.is_some_and(|l| !panes.contains(&l)) {
                w.last_pane = None;
            }
        }
        let max_s = self.sessions.keys().last().map_or(0, |i| i.0 + 1);
        let max_w = self.windows.keys().last().map_or(0, |i| i.0 + 1);
        let max_p = self.panes.keys().last().map_or(0, |i| i.0 + 1);
        let n = &mut self.next;
        if n.session < max_s || n.window < max_w || n.pane < max_p {
            n.session = n.session.max(max_s);
            n.window = n.window.max(max_w);
            n.pane = n.pane.max(max_p);
            done.push("id counters advanced past the ids in use".into());
        }
        done
    }
}
