//! Hooks (tmux's cmdq_insert_hook and notify.c): after a command whose `after-NAME` hook exists, and on
//! events (session-created, window-linked, pane-exited, client-attached ...), the hook's commands run in
//! the same context, as part of the same logged change. Hooks do not trigger hooks.

use super::support::{CmdResult, Ctx};
use super::Args;
use ccmux_model::{Change, OptionScope, PaneId, SessionId, WindowId};
use std::collections::BTreeMap;

/// Where an event happened (for the option scopes its hook is looked up in, and its formats).
#[derive(Clone, Copy, Debug, Default)]
pub struct At {
    pub session: Option<SessionId>,
    pub window: Option<WindowId>,
    pub pane: Option<PaneId>,
}

/// The hook's commands in force for `name` at `at`: a pane or window hook is looked up through the
/// pane's (window's) scopes, the others through the session's.
fn commands(ctx: &Ctx, name: &str, at: At) -> Vec<String> {
    let Some(def) = ccmux_model::options::find(name).filter(|d| d.hook) else {
        return Vec::new();
    };
    use ccmux_model::options::Scope;
    let scope = if def.scopes.contains(Scope::Window) {
        match (at.pane, at.window) {
            (Some(p), _) => OptionScope::Pane(p),
            (None, Some(w)) => OptionScope::Window(w),
            _ => OptionScope::GlobalWindow,
        }
    } else {
        at.session
            .map_or(OptionScope::GlobalSession, OptionScope::Session)
    };
    ctx.srv
        .model
        .option(scope, name)
        .and_then(|v| v.as_array())
        .map(|items| items.values().cloned().collect())
        .unwrap_or_default()
}

/// Queues hook `name`'s commands (they run next, before the rest of the queue) with the hook formats
/// and the event's target. A hook command that does not parse is reported.
pub fn run(ctx: &mut Ctx, name: &str, at: At, formats: BTreeMap<String, String>) {
    if ctx.in_hook {
        return;
    }
    let texts = commands(ctx, name, at);
    if texts.is_empty() {
        return;
    }
    let mut formats = formats;
    formats.extend(hook_formats(ctx.srv, name, None, at));
    let formats = std::sync::Arc::new(formats);
    let mut current = ctx.current;
    if let Some(p) = at.pane {
        current.pane = Some(p);
    }
    if at.session.is_some() {
        current.session = at.session;
    }
    let mut queued = Vec::new();
    for text in texts {
        let opts = ccmux_lang::ParseOptions::default();
        let parsed = {
            let mut env = super::text::ServerEnv::new(ctx.srv, current.session, current.pane);
            super::text::parse(&text, &opts, &mut env)
        };
        match parsed {
            Ok(cmds) => {
                let group = ctx.q.new_group();
                queued.extend(cmds.into_iter().map(|cmd| super::queue::Item {
                    cmd,
                    group,
                    hook: true,
                    formats: formats.clone(),
                    current: Some(current),
                    origin: None,
                }));
            }
            Err(e) => ctx.errors.push(format!("{name}: {e}")),
        }
    }
    super::queue::push_front(ctx, queued);
}

/// The formats a hook's commands see (tmux's notify_add): `hook`, and those of what the event names:
/// `hook_client` for a client's event, `hook_pane` for a pane's, `hook_window`/`hook_window_name`
/// for a window's, `hook_session`/`hook_session_name` for a session's, both for a window in a
/// session (`window-linked`, `alert-*`).
pub fn hook_formats(
    srv: &crate::server::state::Server,
    name: &str,
    client: Option<u32>,
    at: At,
) -> BTreeMap<String, String> {
    let mut f = BTreeMap::new();
    f.insert("hook".into(), name.to_string());
    let (session, window, pane) = match name {
        n if n.starts_with("client-") || n.starts_with("after-") => (false, false, false),
        n if n.starts_with("pane-") => (false, false, true),
        "window-linked" | "window-unlinked" => (true, true, false),
        n if n.starts_with("alert-") => (true, true, false),
        n if n.starts_with("window-") => (false, true, false),
        _ => (true, false, false),
    };
    if let Some(c) = client.and_then(|c| srv.clients.clients.get(&c)) {
        f.insert("hook_client".into(), c.name());
    }
    if let Some(s) = at.session.filter(|_| session) {
        if let Some(s) = srv.model.sessions.get(&s) {
            f.insert("hook_session".into(), s.id.to_string());
            f.insert("hook_session_name".into(), s.name.clone());
        }
    }
    if let Some(w) = at.window.filter(|_| window) {
        if let Some(w) = srv.model.windows.get(&w) {
            f.insert("hook_window".into(), w.id.to_string());
            f.insert("hook_window_name".into(), w.name.clone());
        }
    }
    if let Some(p) = at.pane.filter(|p| pane && srv.model.panes.contains_key(p)) {
        f.insert("hook_pane".into(), p.to_string());
    }
    f
}

/// `after-NAME` once a command succeeded (only the commands tmux has such a hook for).
pub fn after_command(ctx: &mut Ctx, command: &str, args: &Args) {
    let name = format!("after-{command}");
    if ctx.in_hook || ccmux_model::options::find(&name).is_none() {
        return;
    }
    let pane = ctx.current_pane();
    let at = At {
        session: pane
            .and_then(|p| ctx.srv.model.session_of_pane(p))
            .or(ctx.current.session),
        window: pane
            .and_then(|p| ctx.srv.model.panes.get(&p))
            .map(|p| p.window),
        pane,
    };
    let mut formats = BTreeMap::new();
    let values = args.rest(0);
    formats.insert("hook_arguments".into(), values.join(" "));
    for (i, v) in values.iter().enumerate() {
        formats.insert(format!("hook_argument_{i}"), v.clone());
    }
    run(ctx, &name, at, formats);
}

/// `set-hook -R NAME`: runs a hook now, for the current target.
pub fn run_named(ctx: &mut Ctx, name: &str) -> CmdResult {
    let pane = ctx.current_pane();
    let at = At {
        session: ctx.current.session,
        window: pane
            .and_then(|p| ctx.srv.model.panes.get(&p))
            .map(|p| p.window),
        pane,
    };
    run(ctx, name, at, BTreeMap::new());
    Ok(())
}

/// The events the changes a command made (`ctx.changes[from..]`) stand for (tmux's notify_* calls),
/// with where they happened: their hooks run after the command, before its after- hook.
pub fn notify_changes(ctx: &mut Ctx, from: usize) {
    if ctx.in_hook {
        return;
    }
    // Panes that gained or lost the focus first (tmux tells them while it selects), then what the
    // changes stand for.
    let mut events: Vec<(&'static str, At)> = crate::server::focus::changes(ctx.srv, false)
        .into_iter()
        .map(|(name, pane)| {
            let window = ctx.srv.model.panes.get(&pane).map(|p| p.window);
            let at = At {
                session: ctx.srv.model.session_of_pane(pane),
                window,
                pane: Some(pane),
            };
            (name, at)
        })
        .collect();
    events.extend(self::events(ctx, ctx.changes.get(from..).unwrap_or(&[])));
    events.dedup_by(|a, b| a.0 == b.0 && a.1.window == b.1.window && a.1.pane == b.1.pane);
    // Each hook goes to the front of the queue: queued last to first, they run in this order.
    for (name, at) in events.into_iter().rev() {
        run(ctx, name, at, BTreeMap::new());
    }
}

fn events(ctx: &Ctx, changes: &[Change]) -> Vec<(&'static str, At)> {
    let mut events: Vec<(&'static str, At)> = Vec::new();
    for c in changes {
        match c {
            Change::SessionCreated {
                id, window, pane, ..
            } => {
                let at = At {
                    session: Some(*id),
                    window: Some(*window),
                    pane: Some(*pane),
                };
                events.push(("window-linked", at));
                events.push(("session-created", at));
            }
            Change::SessionClosed { id } => events.push((
                "session-closed",
                At {
                    session: Some(*id),
                    ..At::default()
                },
            )),
            // Links of existing windows (link-window, move-window, grouped sessions) and the
            // current window of one session.
            Change::WindowLinked {
                window, session, ..
            } => events.push(("window-linked", link_at(ctx, *session, *window))),
            Change::WindowUnlinked { window, session } => {
                events.push(("window-unlinked", link_at(ctx, *session, *window)))
            }
            Change::WindowSelectedIn { session, window } => {
                events.push(("session-window-changed", link_at(ctx, *session, *window)))
            }
            Change::SessionGrouped { id, .. } => events.push((
                "session-created",
                At {
                    session: Some(*id),
                    ..At::default()
                },
            )),
            Change::SessionRenamed { id, .. } => events.push((
                "session-renamed",
                At {
                    session: Some(*id),
                    ..At::default()
                },
            )),
            Change::WindowCreated {
                id, session, pane, ..
            } => events.push((
                "window-linked",
                At {
                    session: Some(*session),
                    window: Some(*id),
                    pane: Some(*pane),
                },
            )),
            Change::WindowRenamed { id, .. } => {
                events.push(("window-renamed", window_at(ctx, *id)))
            }
            Change::WindowSelected { id } => {
                let at = window_at(ctx, *id);
                events.push(("session-window-changed", at));
            }
            Change::PaneSplit { pane, select, .. } => {
                if let Some(w) = ctx.srv.model.panes.get(pane).map(|p| p.window) {
                    if *select {
                        events.push(("window-pane-changed", window_at(ctx, w)));
                    }
                    events.push(("window-layout-changed", window_at(ctx, w)));
                }
            }
            // tmux's layout_close_pane, then window_lost_pane if it was the active one.
            Change::PaneClosed { id } => {
                let closed = ctx.closed.iter().find(|(p, ..)| p == id);
                if let Some((_, w, active)) =
                    closed.filter(|(_, w, _)| ctx.srv.model.windows.contains_key(w))
                {
                    events.push(("window-layout-changed", window_at(ctx, *w)));
                    if *active {
                        events.push(("window-pane-changed", window_at(ctx, *w)));
                    }
                }
            }
            Change::PaneResized { id, .. } => {
                if let Some(w) = ctx.srv.model.panes.get(id).map(|p| p.window) {
                    events.push(("window-layout-changed", window_at(ctx, w)));
                }
            }
            Change::PaneSelected { id } => {
                let window = ctx.srv.model.panes.get(id).map(|p| p.window);
                events.push((
                    "window-pane-changed",
                    At {
                        session: ctx.srv.model.session_of_pane(*id),
                        window,
                        pane: Some(*id),
                    },
                ));
            }
            Change::WindowLayout { id, .. } | Change::WindowZoomed { id, .. } => {
                events.push(("window-layout-changed", window_at(ctx, *id)))
            }
            Change::PanesSwapped { a, b, .. } => {
                for p in [a, b] {
                    if let Some(w) = ctx.srv.model.panes.get(p).map(|p| p.window) {
                        events.push(("window-layout-changed", window_at(ctx, w)));
                    }
                }
            }
            Change::PaneMoved { to, .. } => {
                events.push(("window-layout-changed", window_at(ctx, *to)))
            }
            Change::PaneBroken {
                window,
                session,
                pane,
                ..
            } => events.push((
                "window-linked",
                At {
                    session: Some(*session),
                    window: Some(*window),
                    pane: Some(*pane),
                },
            )),
            Change::PaneTitle { id, .. } => events.push((
                "pane-title-changed",
                At {
                    session: ctx.srv.model.session_of_pane(*id),
                    window: ctx.srv.model.panes.get(id).map(|p| p.window),
                    pane: Some(*id),
                },
            )),
            _ => {}
        }
    }
    events
}

/// Where a link change happened: the session and window as far as they still exist.
fn link_at(ctx: &Ctx, session: SessionId, window: WindowId) -> At {
    let model = &ctx.srv.model;
    let window = model.windows.get(&window).map(|w| w.id);
    let session = model.sessions.get(&session).map(|s| s.id);
    At {
        session,
        window,
        pane: window
            .and_then(|w| model.windows.get(&w))
            .map(|w| w.active_pane),
    }
}

fn window_at(ctx: &Ctx, id: WindowId) -> At {
    let w = ctx.srv.model.windows.get(&id);
    At {
        session: w.and_then(|w| ctx.srv.model.session_of_window(w.id, ctx.current.session)),
        window: Some(id),
        pane: w.map(|w| w.active_pane),
    }
}

/// `pane-mode-changed`: a pane entered or left a mode (copy or view mode).
pub fn pane_mode_changed(ctx: &mut Ctx, pane: PaneId) {
    ctx.srv
        .notice(crate::server::control::notice::Notice::PaneModeChanged(
            pane,
        ));
    let window = ctx.srv.model.panes.get(&pane).map(|p| p.window);
    let at = At {
        session: ctx.srv.model.session_of_pane(pane),
        window,
        pane: Some(pane),
    };
    run(ctx, "pane-mode-changed", at, BTreeMap::new());
}
