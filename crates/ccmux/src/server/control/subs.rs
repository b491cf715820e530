//! Format subscriptions (`refresh-client -B name:what:format`, tmux's control_add_sub and
//! control_check_subs_*): once a second each is expanded for its target(s) and an
//! `%subscription-changed` line is written when the value differs from the last one written.

use crate::server::format_ctx::Target;
use crate::server::state::Server;
use ccmux_model::{PaneId, SessionId, WindowId};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq)]
enum What {
    Session,
    Pane(u32),
    AllPanes,
    Window(u32),
    AllWindows,
}

#[derive(Clone, Debug)]
pub struct Sub {
    /// As given (`name:what:format`), to be given again after a reconnect.
    spec: String,
    what: What,
    format: String,
    /// The last value written, per (window index, pane or window id) or for the session.
    last: BTreeMap<(u32, u32), String>,
}

/// A client's subscriptions, by name.
#[derive(Default)]
pub struct Subs(BTreeMap<String, Sub>);

impl Subs {
    /// `-B` with one value: `name` alone removes, `name:what:format` adds (replacing one of that
    /// name); a value with one colon does nothing (as tmux).
    pub fn update(&mut self, value: &str) {
        let Some((name, rest)) = value.split_once(':') else {
            self.0.remove(value);
            return;
        };
        let Some((what, format)) = rest.split_once(':') else {
            return;
        };
        let what = match what {
            "%*" => What::AllPanes,
            "@*" => What::AllWindows,
            _ => match (scan_id(what, '%'), scan_id(what, '@')) {
                (Some(p), _) => What::Pane(p),
                (_, Some(w)) => What::Window(w),
                _ => What::Session,
            },
        };
        self.0.insert(
            name.to_string(),
            Sub {
                spec: value.to_string(),
                what,
                format: format.to_string(),
                last: BTreeMap::new(),
            },
        );
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every subscription as given.
    pub fn specs(&self) -> Vec<String> {
        self.0.values().map(|s| s.spec.clone()).collect()
    }

    /// The `%subscription-changed` lines due for a client attached to `session`.
    pub fn check(&mut self, srv: &Server, client: u32, session: SessionId) -> Vec<String> {
        let Some(s) = srv.model.sessions.get(&session) else {
            return Vec::new();
        };
        let client_vars: BTreeMap<String, String> =
            crate::server::format_vars::client_vars(srv, client)
                .iter()
                .filter(|(k, _)| k.starts_with("client_"))
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect();
        let links: Vec<(u32, WindowId)> = s.windows.iter().map(|(i, w)| (*i, *w)).collect();
        let mut lines = Vec::new();
        for (name, sub) in self.0.iter_mut() {
            // (window index, id, text after the session: "@1 0 %2" or "- - -")
            let mut targets: Vec<((u32, u32), String, String)> = Vec::new();
            match sub.what {
                What::Session => {
                    let t = Target::session(srv, session).with_formats(&client_vars);
                    targets.push(((u32::MAX, 0), "- - -".into(), t.expand(&sub.format)));
                }
                What::Pane(p) => {
                    let pane = PaneId(p);
                    if let Some(w) = srv.model.panes.get(&pane).map(|p| p.window) {
                        for (i, _) in links.iter().filter(|(_, lw)| *lw == w) {
                            let t =
                                Target::pane(srv, Some(session), pane).with_formats(&client_vars);
                            targets.push((
                                (*i, p),
                                format!("{w} {i} {pane}"),
                                t.expand(&sub.format),
                            ));
                        }
                    }
                }
                What::AllPanes => {
                    for (i, w) in &links {
                        let Some(win) = srv.model.windows.get(w) else {
                            continue;
                        };
                        for pane in win.layout.panes() {
                            let t =
                                Target::pane(srv, Some(session), pane).with_formats(&client_vars);
                            targets.push((
                                (*i, pane.0),
                                format!("{w} {i} {pane}"),
                                t.expand(&sub.format),
                            ));
                        }
                    }
                }
                What::Window(wid) => {
                    let w = WindowId(wid);
                    for (i, _) in links.iter().filter(|(_, lw)| *lw == w) {
                        let t = Target::window(srv, Some(session), w).with_formats(&client_vars);
                        targets.push(((*i, wid), format!("{w} {i} -"), t.expand(&sub.format)));
                    }
                }
                What::AllWindows => {
                    for (i, w) in &links {
                        let t = Target::window(srv, Some(session), *w).with_formats(&client_vars);
                        targets.push(((*i, w.0), format!("{w} {i} -"), t.expand(&sub.format)));
                    }
                }
            }
            for (key, at, value) in targets {
                if sub.last.get(&key) == Some(&value) {
                    continue;
                }
                lines.push(format!(
                    "%subscription-changed {name} {session} {at} : {value}"
                ));
                sub.last.insert(key, value);
            }
        }
        lines
    }
}

/// tmux's `sscanf(what, "%%%d")` for a non-negative id: the sigil then digits.
fn scan_id(s: &str, sigil: char) -> Option<u32> {
    let digits: String = s
        .strip_prefix(sigil)?
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subscriptions_parse_as_tmux_does() {
        let mut s = Subs::default();
        s.update("a::#{session_name}");
        s.update("b:%3:#{pane_id}");
        s.update("c:@*:#{window_name}");
        s.update("d:%*:x");
        s.update("e:@7:y");
        s.update("f:nonsense");
        assert_eq!(s.0.len(), 5);
        assert_eq!(s.0["a"].what, What::Session);
        assert_eq!(s.0["b"].what, What::Pane(3));
        assert_eq!(s.0["c"].what, What::AllWindows);
        assert_eq!(s.0["d"].what, What::AllPanes);
        assert_eq!(s.0["e"].what, What::Window(7));
        s.update("a");
        assert_eq!(
            s.specs(),
            ["b:%3:#{pane_id}", "c:@*:#{window_name}", "d:%*:x", "e:@7:y"]
        );
    }
}
