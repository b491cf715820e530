//! tmux-style targets: `name`, `name:window`, `name:window.pane`, `$id`, `@id`, `%id`, indexes and names.

use crate::{Model, PaneId, SessionId, WindowId};

/// The context a target is resolved in: the pane the command came from (`$CCMUX_PANE`), else the most
/// recently used session.
#[derive(Clone, Copy, Debug, Default)]
pub struct Current {
    pub pane: Option<PaneId>,
    pub session: Option<SessionId>,
}

/// A target that names nothing that exists. Messages match tmux's.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    #[error("can't find session: {0}")]
    Session(String),
    #[error("can't find window: {0}")]
    Window(String),
    #[error("can't find pane: {0}")]
    Pane(String),
    #[error("no current session")]
    NoCurrent,
}

impl Model {
    fn current_session(&self, cur: &Current) -> Result<SessionId, TargetError> {
        if let Some(s) = cur.pane.and_then(|p| self.session_of_pane(p)) {
            return Ok(s);
        }
        match cur.session.filter(|s| self.sessions.contains_key(s)) {
            Some(s) => Ok(s),
            None => self
                .sessions
                .keys()
                .next_back()
                .copied()
                .ok_or(TargetError::NoCurrent),
        }
    }

    fn current_window(&self, cur: &Current) -> Result<WindowId, TargetError> {
        if let Some(p) = cur.pane.and_then(|p| self.panes.get(&p)) {
            return Ok(p.window);
        }
        let s = self.current_session(cur)?;
        Ok(self.sessions[&s].active_window)
    }

    fn session_named(&self, name: &str) -> Option<SessionId> {
        if let Some(id) = SessionId::parse(name) {
            return self.sessions.contains_key(&id).then_some(id);
        }
        if let Some(s) = self.session_by_name(name) {
            return Some(s.id);
        }
        let mut prefixed = self.sessions.values().filter(|s| s.name.starts_with(name));
        match (prefixed.next(), prefixed.next()) {
            (Some(s), None) => Some(s.id),
            _ => None,
        }
    }

    fn window_in(&self, session: SessionId, spec: &str, prefix: bool) -> Option<WindowId> {
        let s = self.sessions.get(&session)?;
        match spec {
            "" => return Some(s.active_window),
            "!" => return s.last_window,
            "^" => return s.windows.values().next().copied(),
            "$" => return s.windows.values().next_back().copied(),
            "+" | "-" => {
                let ids: Vec<WindowId> = s.windows.values().copied().collect();
                let i = ids.iter().position(|w| *w == s.active_window)?;
                let n = ids.len();
                let j = if spec == "+" {
                    (i + 1) % n
                } else {
                    (i + n - 1) % n
                };
                return Some(ids[j]);
            }
            _ => {}
        }
        if let Some(id) = WindowId::parse(spec) {
            return s.windows.values().any(|w| *w == id).then_some(id);
        }
        if let Ok(index) = spec.parse::<u32>() {
            return s.windows.get(&index).copied();
        }
        let named = |exact: bool| {
            let mut it = s.windows.values().filter(|w| {
                self.windows.get(w).is_some_and(|w| {
                    if exact {
                        w.name == spec
                    } else {
                        w.name.starts_with(spec)
                    }
                })
            });
            match (it.next(), it.next()) {
                (Some(w), None) => Some(*w),
                _ => None,
            }
        };
        named(true).or_else(|| if prefix { named(false) } else { None })
    }

    fn pane_in(&self, window: WindowId, spec: &str) -> Option<PaneId> {
        let w = self.windows.get(&window)?;
        let panes = w.layout.panes();
        match spec {
            "" => return Some(w.active_pane),
            "!" => return w.last_pane,
            "+" | "-" => {
                let i = panes.iter().position(|p| *p == w.active_pane)?;
                let n = panes.len();
                let j = if spec == "+" {
                    (i + 1) % n
                } else {
                    (i + n - 1) % n
                };
                return Some(panes[j]);
            }
            _ => {}
        }
        if let Some(id) = PaneId::parse(spec) {
            return panes.contains(&id).then_some(id);
        }
        spec.parse::<usize>()
            .ok()
            .and_then(|i| panes.get(i).copied())
    }

    /// Resolves a session target (any target names its session).
    pub fn find_session(
        &self,
        target: Option<&str>,
        cur: &Current,
    ) -> Result<SessionId, TargetError> {
        let Some(t) = target else {
            return self.current_session(cur);
        };
        if t.starts_with('%') || t.starts_with('@') || t.contains(':') {
            let (_, w, _) = self.find_pane(Some(t), cur).or_else(|e| match e {
                TargetError::Pane(_) | TargetError::Window(_) => {
                    let (s, w) = self.find_window(Some(t), cur)?;
                    Ok((s, w, PaneId(u32::MAX)))
                }
                other => Err(other),
            })?;
            return Ok(self.windows[&w].session);
        }
        self.session_named(t)
            .ok_or_else(|| TargetError::Session(t.to_string()))
    }

    /// Resolves a window target.
    pub fn find_window(
        &self,
        target: Option<&str>,
        cur: &Current,
    ) -> Result<(SessionId, WindowId), TargetError> {
        let with_session = |w: WindowId| (self.windows[&w].session, w);
        let Some(t) = target else {
            return Ok(with_session(self.current_window(cur)?));
        };
        if let Some(p) = PaneId::parse(t) {
            let pane = self
                .panes
                .get(&p)
                .ok_or_else(|| TargetError::Window(t.to_string()))?;
            return Ok(with_session(pane.window));
        }
        if let Some(id) = WindowId::parse(t.split('.').next().unwrap_or(t)) {
            return match self.windows.get(&id) {
                Some(w) => Ok((w.session, id)),
                None => Err(TargetError::Window(t.to_string())),
            };
        }
        if let Some((session, window)) = t.split_once(':') {
            let s = if session.is_empty() {
                self.current_session(cur)?
            } else {
                self.session_named(session)
                    .ok_or_else(|| TargetError::Session(session.to_string()))?
            };
            let window = window.split('.').next().unwrap_or("");
            return self
                .window_in(s, window, true)
                .map(|w| (s, w))
                .ok_or_else(|| TargetError::Window(window.to_string()));
        }
        // No colon: a window of the current session first (exact name only), then a session.
        if let Ok(s) = self.current_session(cur) {
            if let Some(w) = self.window_in(s, t, false) {
                return Ok((s, w));
            }
        }
        match self.session_named(t) {
            Some(s) => Ok((s, self.sessions[&s].active_window)),
            None => Err(TargetError::Window(t.to_string())),
        }
    }

    /// Resolves a pane target.
    pub fn find_pane(
        &self,
        target: Option<&str>,
        cur: &Current,
    ) -> Result<(SessionId, WindowId, PaneId), TargetError> {
        let full = |p: PaneId| {
            let w = self.panes[&p].window;
            (self.windows[&w].session, w, p)
        };
        let Some(t) = target else {
            if let Some(p) = cur.pane.filter(|p| self.panes.contains_key(p)) {
                return Ok(full(p));
            }
            let w = self.current_window(cur)?;
            return Ok(full(self.windows[&w].active_pane));
        };
        if let Some(p) = PaneId::parse(t) {
            return self
                .panes
                .contains_key(&p)
                .then(|| full(p))
                .ok_or_else(|| TargetError::Pane(t.to_string()));
        }
        let after_colon = t.split_once(':').map_or(t, |(_, rest)| rest);
        if let Some((window_part, pane_part)) = after_colon.rsplit_once('.') {
            let (s, w) = if window_part.is_empty() && !t.contains(':') {
                let w = self.current_window(cur)?;
                (self.windows[&w].session, w)
            } else {
                let cut = t.len() - pane_part.len() - 1;
                self.find_window(Some(&t[..cut]), cur)?
            };
            return self
                .pane_in(w, pane_part)
                .map(|p| (s, w, p))
                .ok_or_else(|| TargetError::Pane(pane_part.to_string()));
        }
        if !t.contains(':') && !t.starts_with('@') {
            if let Ok(w) = self.current_window(cur) {
                if t.parse::<usize>().is_ok() {
                    // A number alone is a pane index of the current window.
                    return self
                        .pane_in(w, t)
                        .map(full)
                        .ok_or_else(|| TargetError::Pane(t.to_string()));
                }
            }
        }
        let (s, w) = self.find_window(Some(t), cur)?;
        Ok((s, w, self.windows[&w].active_pane))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Change, PaneSpec, SplitDir};

    /// Sessions "work" ($0: windows 0 "editor" @0 with panes %0 %1, 1 "logs" @1 with %2) and "play" ($1: @2, %3).
    fn model() -> Model {
        let mut m = Model::default();
        let spec = PaneSpec::default();
        let changes = [
            Change::SessionCreated {
                id: SessionId(0),
                name: "work".into(),
                created: 0,
                cols: 80,
                rows: 24,
                window: WindowId(0),
                window_name: "editor".into(),
                pane: PaneId(0),
                spec: spec.clone(),
            },
            Change::PaneSplit {
                target: PaneId(0),
                pane: PaneId(1),
                dir: SplitDir::TopBottom,
                size: None,
                before: false,
                spec: spec.clone(),
                select: false,
            },
            Change::WindowCreated {
                id: WindowId(1),
                session: SessionId(0),
                index: 1,
                name: "logs".into(),
                pane: PaneId(2),
                spec: spec.clone(),
                select: false,
            },
            Change::SessionCreated {
                id: SessionId(1),
                name: "play".into(),
                created: 0,
                cols: 80,
                rows: 24,
                window: WindowId(2),
                window_name: "sh".into(),
                pane: PaneId(3),
                spec,
            },
        ];
        for c in &changes {
            m.apply(c).unwrap();
        }
        m
    }

    #[test]
    fn sessions_by_name_id_prefix() {
        let m = model();
        let cur = Current::default();
        assert_eq!(m.find_session(Some("work"), &cur), Ok(SessionId(0)));
        assert_eq!(m.find_session(Some("$1"), &cur), Ok(SessionId(1)));
        assert_eq!(m.find_session(Some("pl"), &cur), Ok(SessionId(1)));
        assert_eq!(m.find_session(Some("%2"), &cur), Ok(SessionId(0)));
        assert_eq!(m.find_session(Some("work:1"), &cur), Ok(SessionId(0)));
        assert_eq!(
            m.find_session(Some("foo"), &cur),
            Err(TargetError::Session("foo".into()))
        );
        assert_eq!(
            m.find_session(None, &cur),
            Ok(SessionId(1)),
            "newest session by default"
        );
        let cur = Current {
            pane: Some(PaneId(1)),
            session: None,
        };
        assert_eq!(m.find_session(None, &cur), Ok(SessionId(0)));
    }

    #[test]
    fn windows() {
        let m = model();
        let cur = Current {
            pane: Some(PaneId(0)),
            session: None,
        };
        assert_eq!(
            m.find_window(Some("work:1"), &cur),
            Ok((SessionId(0), WindowId(1)))
        );
        assert_eq!(
            m.find_window(Some("work:logs"), &cur),
            Ok((SessionId(0), WindowId(1)))
        );
        assert_eq!(
            m.find_window(Some("work:"), &cur),
            Ok((SessionId(0), WindowId(0)))
        );
        assert_eq!(
            m.find_window(Some(":1"), &cur),
            Ok((SessionId(0), WindowId(1)))
        );
        assert_eq!(
            m.find_window(Some("1"), &cur),
            Ok((SessionId(0), WindowId(1)))
        );
        assert_eq!(
            m.find_window(Some("play"), &cur),
            Ok((SessionId(1), WindowId(2)))
        );
        assert_eq!(
            m.find_window(Some("@2"), &cur),
            Ok((SessionId(1), WindowId(2)))
        );
        assert_eq!(
            m.find_window(Some("%3"), &cur),
            Ok((SessionId(1), WindowId(2)))
        );
        assert_eq!(
            m.find_window(Some("work:7"), &cur),
            Err(TargetError::Window("7".into()))
        );
        assert_eq!(
            m.find_window(Some("nope:1"), &cur),
            Err(TargetError::Session("nope".into()))
        );
        assert_eq!(
            m.find_window(Some("zzz"), &cur),
            Err(TargetError::Window("zzz".into()))
        );
    }

    #[test]
    fn panes() {
        let m = model();
        let cur = Current {
            pane: Some(PaneId(0)),
            session: None,
        };
        assert_eq!(
            m.find_pane(Some("work:0.1"), &cur),
            Ok((SessionId(0), WindowId(0), PaneId(1)))
        );
        assert_eq!(
            m.find_pane(Some("work:editor.1"), &cur).map(|t| t.2),
            Ok(PaneId(1))
        );
        assert_eq!(m.find_pane(Some("%3"), &cur).map(|t| t.2), Ok(PaneId(3)));
        assert_eq!(m.find_pane(Some(".1"), &cur).map(|t| t.2), Ok(PaneId(1)));
        assert_eq!(m.find_pane(Some("1"), &cur).map(|t| t.2), Ok(PaneId(1)));
        assert_eq!(
            m.find_pane(Some("work:1"), &cur).map(|t| t.2),
            Ok(PaneId(2))
        );
        assert_eq!(m.find_pane(Some("play"), &cur).map(|t| t.2), Ok(PaneId(3)));
        assert_eq!(m.find_pane(Some("@1"), &cur).map(|t| t.2), Ok(PaneId(2)));
        assert_eq!(
            m.find_pane(Some("work:0.5"), &cur),
            Err(TargetError::Pane("5".into()))
        );
        assert_eq!(
            m.find_pane(Some("%9"), &cur),
            Err(TargetError::Pane("%9".into()))
        );
        assert_eq!(m.find_pane(None, &cur).map(|t| t.2), Ok(PaneId(0)));
        assert_eq!(
            Model::default().find_pane(None, &Current::default()),
            Err(TargetError::NoCurrent)
        );
    }
}
