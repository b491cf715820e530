//! Automatic window names (tmux's names.c): a window with `automatic-rename` on is named after its
//! active pane through `automatic-rename-format` (by default the foreground command, `[tmux]` in a
//! mode, `[dead]` after it). Checked by the process tracker after it looked at the panes (so only
//! after output or a model change, never on a timer of its own), for the windows whose active pane
//! produced output or changed (another pane, a mode, its end) since the last check: tmux renames on
//! the same occasions (its PANE_CHANGED flag).

use super::format_ctx::Target;
use super::state::Server;
use ccmux_model::{Change, OptionScope, PaneId, WindowId};
use std::collections::{HashMap, HashSet};

/// What a window's name is checked again for besides the active pane's output (as tmux, a new
/// `automatic-rename-format` applies at the next of these, not at once).
#[derive(Clone, PartialEq, Eq)]
pub struct Key {
    active: PaneId,
    in_mode: bool,
    dead: bool,
}

/// tmux's default `automatic-rename-format`, which [`default_name`] gives without expanding it.
const DEFAULT_FORMAT: &str = "#{?pane_in_mode,[tmux],#{pane_current_command}}#{?pane_dead,[dead],}";

/// The default format's name: `[tmux]` in a mode, else the foreground command; `[dead]` after a
/// dead pane's (the same as expanding it, without building every variable of the pane).
fn default_name(srv: &Server, key: &Key) -> String {
    let mut name = if key.in_mode {
        "[tmux]".to_string()
    } else {
        let tracked = (srv.panes.get(&key.active))
            .and_then(|h| h.proc_info.lock().ok().map(|i| i.command.clone()))
            .unwrap_or_default();
        match srv.model.panes.get(&key.active) {
            Some(p) => super::format_vars::current_command(p, tracked),
            None => String::new(),
        }
    };
    if key.dead {
        name.push_str("[dead]");
    }
    name
}

/// The windows' keys as last checked.
#[derive(Default)]
pub struct Names {
    seen: HashMap<WindowId, Key>,
}

impl Names {
    /// The renames due: `reread` are the panes whose output or foreground process changed since the
    /// last check.
    pub fn check(&mut self, srv: &Server, reread: &HashSet<PaneId>) -> Vec<Change> {
        self.seen.retain(|w, _| srv.model.windows.contains_key(w));
        let mut changes = Vec::new();
        for (id, w) in &srv.model.windows {
            let scope = OptionScope::Window(*id);
            if !srv.model.option_flag(scope, "automatic-rename") {
                self.seen.remove(id);
                continue;
            }
            let active = w.active_pane;
            let key = Key {
                active,
                in_mode: in_mode(srv, active),
                dead: srv
                    .model
                    .panes
                    .get(&active)
                    .is_some_and(|p| p.dead.is_some()),
            };
            let unchanged = self.seen.get(id) == Some(&key);
            if unchanged && !reread.contains(&active) {
                continue;
            }
            let format = srv.model.option_text(scope, "automatic-rename-format");
            let name = if format == DEFAULT_FORMAT {
                default_name(srv, &key)
            } else {
                Target::pane(srv, None, active).expand(&format)
            };
            self.seen.insert(*id, key);
            if name != w.name {
                changes.push(Change::WindowRenamed { id: *id, name });
            }
        }
        changes
    }
}

/// Whether the pane shows a mode (copy or view mode, or one a client shows over it).
fn in_mode(srv: &Server, pane: PaneId) -> bool {
    srv.modes.panes.contains_key(&pane)
        || srv
            .clients
            .clients
            .values()
            .any(|c| c.modes.iter().any(|(p, _)| *p == pane))
}

/// The names programs asked for (`ESC k name ESC \`), where `allow-rename` lets them (tmux's
/// input_exit_rename): a name turns `automatic-rename` off for the window; an empty one gives the
/// window its automatic name back (the window's own `automatic-rename` is unset; if that leaves it
/// off, the name becomes empty).
pub fn requested(srv: &Server, news: &[(PaneId, super::pane::News)]) -> Vec<Change> {
    let mut changes = Vec::new();
    for (pane, n) in news {
        let Some(name) = &n.rename else { continue };
        let Some(window) = srv.model.panes.get(pane).map(|p| p.window) else {
            continue;
        };
        if !srv
            .model
            .option_flag(OptionScope::Pane(*pane), "allow-rename")
        {
            continue;
        }
        let scope = OptionScope::Window(window);
        let value = (!name.is_empty()).then_some(ccmux_model::OptionValue::Flag(false));
        let falls_back_on = srv
            .model
            .option_flag(OptionScope::GlobalWindow, "automatic-rename");
        changes.push(Change::OptionSet {
            scope,
            name: "automatic-rename".into(),
            value,
        });
        if !name.is_empty() || !falls_back_on {
            changes.push(Change::WindowRenamed {
                id: window,
                name: name.clone(),
            });
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_fast_path_is_for_the_options_default() {
        let def = ccmux_model::options::find("automatic-rename-format").unwrap();
        assert_eq!(
            ccmux_model::options::value_text(def.default_value()),
            super::DEFAULT_FORMAT
        );
    }
}
