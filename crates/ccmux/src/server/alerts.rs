//! Window alerts (tmux's alerts.c): activity, bells and silence in a window flag it in the sessions it
//! is linked in (`#`, `!`, `~` in `#{window_flags}`) while it is not their current window (or they
//! have no client), and tell those sessions' clients with a bell or a message as
//! `activity-action`/`bell-action`/`silence-action` and `visual-activity`/`visual-bell`/
//! `visual-silence` say. Selecting the window clears its flags. Runtime state only: tmux does not
//! keep alerts across a restart either.
//!
//! Output and bells are picked up by the process tracker (after output, never on a timer of its own);
//! silence is a deadline per window (`monitor-silence` seconds after its last activity) the tracker
//! sleeps until.

use super::state::Server;
use crate::cmd::ClientAction;
use ccmux_model::{OptionScope, SessionId, WindowId};
use std::collections::HashMap;
use std::time::{Duration, Instant};

pub const ACTIVITY: u8 = 1;
pub const BELL: u8 = 2;
pub const SILENCE: u8 = 4;

#[derive(Default)]
pub struct Alerts {
    /// The alert flags of a window as linked in a session (tmux's winlink flags).
    flags: HashMap<(SessionId, WindowId), u8>,
    /// When a window's silence alert is due, and the `monitor-silence` it was set for.
    silence: HashMap<WindowId, (Instant, i64)>,
    /// When a window last had activity (output, being selected), as seconds since the epoch.
    active_at: HashMap<WindowId, u64>,
    /// `alert-*` hooks due to run (by the process tracker, off the command that caused them).
    pub hooks: Vec<(&'static str, SessionId, WindowId)>,
    /// Server-event hooks (`client-attached`, `client-resized`, `pane-focus-in`, `pane-exited` ...)
    /// due to run, their commands looked up when the event happened (the pane may be gone since).
    pub events: Vec<EventHook>,
    /// Told when an event hook is queued: the server's hook task runs them (tmux's notify queue).
    pub due: std::sync::Arc<tokio::sync::Notify>,
    /// Panes that have the focus (tmux's PANE_FOCUSED), see `focus.rs`.
    pub focused: std::collections::HashSet<ccmux_model::PaneId>,
    /// Clients whose terminal reported it lost the focus (tmux's clients without CLIENT_FOCUSED).
    pub unfocused: std::collections::HashSet<u32>,
}

/// A server event's hook, ready to run: its commands, in `session` with `pane` current, as
/// `client`'s commands for a client's event (tmux's notify_client: `#{client_*}` is that client).
pub struct EventHook {
    pub hook: &'static str,
    pub session: SessionId,
    pub pane: Option<ccmux_model::PaneId>,
    pub client: Option<u32>,
    pub commands: Vec<String>,
}

/// Queues hook `hook` for an event in `session` (a session hook) or at `pane` (a window or pane
/// hook, looked up through the pane's scopes), if it has commands.
pub fn event(
    srv: &mut Server,
    hook: &'static str,
    session: SessionId,
    pane: Option<ccmux_model::PaneId>,
) {
    if let Some(e) = lookup(srv, hook, session, pane) {
        srv.alerts.events.push(e);
        srv.alerts.due.notify_one();
    }
}

/// Queues hook `hook` for an event of attached client `client` (tmux's notify_client), in the
/// client's session.
pub fn client_event(srv: &mut Server, hook: &'static str, client: u32) {
    let Some(session) = srv.clients.clients.get(&client).map(|c| c.session) else {
        return;
    };
    if let Some(e) = lookup(srv, hook, session, None) {
        srv.alerts.events.push(EventHook {
            client: Some(client),
            ..e
        });
        srv.alerts.due.notify_one();
    }
}

/// The server's hook task: runs event hooks as they are queued, whoever queued them.
pub async fn hook_task(shared: std::sync::Arc<super::Shared>) {
    let due = shared.lock().alerts.due.clone();
    loop {
        due.notified().await;
        run_hooks(&shared).await;
    }
}

/// Hook `hook` for an event in `session` or at `pane`, ready to queue (`None`: no commands).
pub fn lookup(
    srv: &Server,
    hook: &'static str,
    session: SessionId,
    pane: Option<ccmux_model::PaneId>,
) -> Option<EventHook> {
    let scope = match (pane, ccmux_model::options::find(hook)) {
        (Some(p), Some(def)) if def.scopes.contains(ccmux_model::options::Scope::Window) => {
            OptionScope::Pane(p)
        }
        _ => OptionScope::Session(session),
    };
    let commands: Vec<String> = srv
        .model
        .option(scope, hook)
        .and_then(|v| v.as_array())
        .map(|a| a.values().cloned().collect())
        .unwrap_or_default();
    (!commands.is_empty()).then_some(EventHook {
        hook,
        session,
        pane,
        client: None,
        commands,
    })
}

impl Alerts {
    /// A window's flags in a session.
    pub fn flags(&self, session: SessionId, window: WindowId) -> u8 {
        self.flags.get(&(session, window)).copied().unwrap_or(0)
    }

    /// Clears a window's flags in every session (tmux's winlink_clear_flags).
    pub fn clear(&mut self, window: WindowId) {
        self.flags.retain(|(_, w), _| *w != window);
    }

    /// Clears the flags of a session's windows (kill-session -C).
    pub fn clear_session(&mut self, session: SessionId) {
        self.flags.retain(|(s, _), _| *s != session);
    }

    /// When a window last had activity (`#{window_activity}`), if it had any since the server
    /// started.
    pub fn active_at(&self, window: WindowId) -> Option<u64> {
        self.active_at.get(&window).copied()
    }

    /// The earliest silence alert due.
    pub fn next_silence(&self) -> Option<Instant> {
        self.silence.values().map(|(at, _)| *at).min()
    }
}

/// Something happened in a window (tmux's alerts_queue): the silence timer restarts, and if the
/// window monitors this kind of alert, its sessions are flagged and told.
pub fn queue(srv: &mut Server, window: WindowId, kind: u8) {
    reset(srv, window);
    if kind == ACTIVITY {
        srv.alerts.active_at.insert(window, crate::cmd::now());
    }
    let scope = OptionScope::Window(window);
    let (monitored, action, visual, what) = match kind {
        BELL => (
            srv.model.option_flag(scope, "monitor-bell"),
            "bell-action",
            "visual-bell",
            "Bell",
        ),
        ACTIVITY => (
            srv.model.option_flag(scope, "monitor-activity"),
            "activity-action",
            "visual-activity",
            "Activity",
        ),
        _ => (
            srv.model.option_number(scope, "monitor-silence") != 0,
            "silence-action",
            "visual-silence",
            "Silence",
        ),
    };
    if !monitored {
        return;
    }
    for session in srv.model.sessions_of_window(window) {
        let flags = srv.alerts.flags(session, window);
        // Bells ring again on a window already flagged; activity and silence do not.
        if kind != BELL && flags & kind != 0 {
            continue;
        }
        let current = srv.model.sessions[&session].active_window == window;
        let attached = srv.clients.clients.values().any(|c| c.session == session);
        if !current || !attached {
            srv.alerts.flags.insert((session, window), flags | kind);
            super::pane::signal_redraw();
        }
        if !applies(srv, session, window, action) {
            continue;
        }
        let hook = match kind {
            BELL => "alert-bell",
            ACTIVITY => "alert-activity",
            _ => "alert-silence",
        };
        if lookup(srv, hook, session, None).is_some() {
            srv.alerts.hooks.push((hook, session, window));
        }
        tell(srv, session, window, what, visual);
    }
}

/// Restarts a window's silence timer (tmux's alerts_reset).
pub fn reset(srv: &mut Server, window: WindowId) {
    let secs = srv
        .model
        .option_number(OptionScope::Window(window), "monitor-silence");
    if secs > 0 {
        let at = Instant::now() + Duration::from_secs(secs as u64);
        srv.alerts.silence.insert(window, (at, secs));
    } else {
        srv.alerts.silence.remove(&window);
    }
}

/// Silence alerts that are due fire; windows whose `monitor-silence` changed start their timer
/// afresh (tmux resets every timer when the option is set), gone windows are forgotten.
pub fn check_silence(srv: &mut Server) {
    let now = Instant::now();
    let mut due = Vec::new();
    let mut restart = Vec::new();
    for id in srv.model.windows.keys() {
        let secs = srv
            .model
            .option_number(OptionScope::Window(*id), "monitor-silence");
        match srv.alerts.silence.get(id) {
            Some((_, set)) if *set != secs => restart.push(*id),
            None if secs > 0 => restart.push(*id),
            Some((at, _)) if *at <= now => due.push(*id),
            _ => {}
        }
    }
    let model = &srv.model;
    srv.alerts
        .silence
        .retain(|w, _| model.windows.contains_key(w));
    srv.alerts
        .active_at
        .retain(|w, _| model.windows.contains_key(w));
    srv.alerts.flags.retain(|(s, w), _| {
        model
            .sessions
            .get(s)
            .is_some_and(|s| s.windows.values().any(|x| x == w))
    });
    for id in restart {
        reset(srv, id);
    }
    for id in due {
        queue(srv, id, SILENCE);
    }
}

/// A window became the current one of a session (tmux's session_set_current): its flags clear
/// everywhere, and it counts as activity (which flags it again in a session without a client, as
/// in tmux).
pub fn selected(srv: &mut Server, window: WindowId) {
    srv.alerts.clear(window);
    queue(srv, window, ACTIVITY);
}

/// A client now shows `session` (tmux's server_client_set_session): its current window's flags in
/// it clear.
pub fn attached(srv: &mut Server, session: SessionId) {
    if let Some(s) = srv.model.sessions.get(&session) {
        let key = (session, s.active_window);
        if srv.alerts.flags.remove(&key).is_some() {
            super::pane::signal_redraw();
        }
    }
}

/// Whether `*-action` lets this alert through: `any`, `current` (only the session's current window),
/// `other` (only another window) or `none`.
fn applies(srv: &Server, session: SessionId, window: WindowId, action: &str) -> bool {
    let current = srv.model.sessions[&session].active_window == window;
    match srv
        .model
        .option_text(OptionScope::Session(session), action)
        .as_str()
    {
        "any" => true,
        "current" => current,
        "other" => !current,
        _ => false,
    }
}

/// Tells the session's terminal clients: a bell, a message, or both, as `visual-*` says.
fn tell(srv: &Server, session: SessionId, window: WindowId, what: &str, visual: &str) {
    let visual = srv.model.option_text(OptionScope::Session(session), visual);
    let s = &srv.model.sessions[&session];
    let text = if s.active_window == window {
        format!("{what} in current window")
    } else {
        let index = srv
            .model
            .window_index_in(Some(session), window)
            .unwrap_or(0);
        format!("{what} in window {index}")
    };
    for (id, c) in &srv.clients.clients {
        if c.session != session || c.control.is_some() {
            continue;
        }
        if visual == "off" || visual == "both" {
            srv.clients.act(*id, ClientAction::Bell);
        }
        if visual != "off" {
            srv.clients.act(*id, ClientAction::Message(text.clone()));
        }
    }
}

/// The alert flags as tmux prints them (`#` activity, `!` bell, `~` silence).
pub fn flag_text(flags: u8) -> String {
    let mut text = String::new();
    if flags & ACTIVITY != 0 {
        text.push('#');
    }
    if flags & BELL != 0 {
        text.push('!');
    }
    if flags & SILENCE != 0 {
        text.push('~');
    }
    text
}

/// The panes' output since the tracker last looked: activity and bells alert their windows.
pub fn absorb(srv: &mut Server, news: &[(ccmux_model::PaneId, super::pane::News)]) {
    // Each window once, however many of its panes had output.
    let mut windows: HashMap<WindowId, u8> = HashMap::new();
    for (pane, n) in news {
        let Some(window) = srv.model.panes.get(pane).map(|p| p.window) else {
            continue;
        };
        let kinds = windows.entry(window).or_default();
        if n.bell {
            *kinds |= BELL;
        }
        if n.activity {
            *kinds |= ACTIVITY;
        }
    }
    for (window, kinds) in windows {
        if kinds & BELL != 0 {
            queue(srv, window, BELL);
        }
        if kinds & ACTIVITY != 0 {
            queue(srv, window, ACTIVITY);
        }
    }
}

/// Runs the `alert-*` hooks that fell due (tmux's notify_winlink): each in its session, the
/// alerted window's active pane current, to its end like any command line.
pub async fn run_hooks(shared: &std::sync::Arc<super::Shared>) {
    let events = {
        let mut srv = shared.lock();
        let due = std::mem::take(&mut srv.alerts.hooks);
        let mut events = std::mem::take(&mut srv.alerts.events);
        for (hook, session, window) in due {
            // A session hook, run with the alerted window's active pane current.
            let pane = srv.model.windows.get(&window).map(|w| w.active_pane);
            events.extend(lookup(&srv, hook, session, None).map(|e| EventHook { pane, ..e }));
        }
        events
    };
    for EventHook {
        hook,
        session,
        pane,
        client,
        commands,
    } in events
    {
        let outcome = {
            let mut srv = shared.lock();
            if !srv.model.sessions.contains_key(&session) {
                continue;
            }
            let pane = pane.filter(|p| srv.model.panes.contains_key(p));
            let mut cmds = Vec::new();
            let mut errors = Vec::new();
            for text in commands {
                let mut env = crate::cmd::text::ServerEnv::new(&srv, Some(session), pane);
                match crate::cmd::text::parse(&text, &Default::default(), &mut env) {
                    Ok(c) => cmds.extend(c),
                    Err(e) => errors.push(format!("{hook}: {e}")),
                }
            }
            srv.add_messages(&errors);
            let current = ccmux_model::Current {
                session: Some(session),
                pane,
                marked: None,
            };
            // A client's event runs as that client's commands while it is still attached.
            let client = client.filter(|c| srv.clients.clients.contains_key(c));
            let source = match client {
                Some(c) => crate::cmd::Source::Client(c),
                None => crate::cmd::Source::Internal,
            };
            let at = crate::cmd::hooks::At {
                session: Some(session),
                window: pane.and_then(|p| srv.model.panes.get(&p)).map(|p| p.window),
                pane,
            };
            let formats = crate::cmd::hooks::hook_formats(&srv, hook, client, at);
            crate::cmd::run_hook_commands(&mut srv, &cmds, source, current, formats)
        };
        let (_, effects) = super::connection::run_to_end(shared, outcome).await;
        let srv = shared.lock();
        for e in effects {
            if let crate::cmd::Effect::Client(id, action) = e {
                srv.clients.act(id, action);
            }
        }
    }
}
