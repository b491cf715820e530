//! Attached clients: the registry, and each client's task. The server renders: for every client it
//! composes a frame of the session's current window, diffs it against the last one sent, and sends only
//! the bytes that change the client's terminal, at most ~60 times a second. Keys are handled here too.

pub mod chooser;
mod client;
mod clock;
mod draw;
pub mod menu;
mod pane_borders;
mod pane_colours;
pub mod popup;
pub mod prompt;
mod render;
pub mod status;
mod tty;

use super::connection::{next, send, Conn};
use super::state::Server;
use super::Shared;
use crate::server::control::notice::Notice;
use ccmux_model::{Change, SessionId};
use ccmux_proto::{AttachExtra, AttachRequest, ClientMsg, CommandRequest, ServerMsg};
use std::collections::BTreeMap;
use std::time::Duration;
use tokio::sync::mpsc::{unbounded_channel, UnboundedSender};
use tokio::time::Instant;

/// Shortest time between two frames sent to one client.
const FRAME_INTERVAL: Duration = Duration::from_millis(16);

/// What a detached client process does (tmux's MSG_DETACH, MSG_DETACHKILL, MSG_EXEC).
pub enum Leave {
    Exit,
    Hup,
    Exec(String),
}

/// What other parts of the server tell a client.
pub enum Ctl {
    Detach(String),
    /// A command run elsewhere asked this client to do something.
    Action(crate::cmd::ClientAction),
    /// One of this client's command queues is done (the keys that wait for it go on).
    QueueDone,
}

pub struct ClientEntry {
    pub session: SessionId,
    pub cols: u16,
    pub rows: u16,
    pub term: String,
    pub tty: String,
    pub created: u64,
    /// The session shown before the current one (switch-client -l).
    pub last_session: Option<SessionId>,
    /// The client process (from the socket's peer credentials).
    pub pid: Option<i32>,
    /// The client's file mode mask: panes it creates get it.
    pub umask: Option<u32>,
    /// `refresh-client -f` flags.
    pub flags: crate::server::control::Flags,
    /// What a control client (`-C`) has besides (`None`: a terminal client).
    pub control: Option<crate::server::control::ControlEntry>,
    /// The modes the client shows over panes (`#{pane_in_mode}`, `#{pane_mode}`).
    pub modes: Vec<(ccmux_model::PaneId, &'static str)>,
    /// Panes whose chooser waits below their copy or view mode (counted in `#{pane_in_mode}`).
    pub stacked: Vec<ccmux_model::PaneId>,
    pub ctl: UnboundedSender<Ctl>,
}

impl ClientEntry {
    /// The client's name (tmux's: its terminal, or `client-PID` without one).
    pub fn name(&self) -> String {
        if self.tty.is_empty() {
            format!("client-{}", self.pid.unwrap_or(0))
        } else {
            self.tty.clone()
        }
    }

    /// The size the client gives the windows it shows, if it takes part in sizing: a terminal
    /// client's less its status lines; a control client's as `refresh-client -C` set it (none
    /// before), whole (tmux turns the status line off for control clients).
    fn sizing(&self, srv: &Server) -> Option<(u16, u16)> {
        match &self.control {
            Some(c) => c.size,
            None => Some(client_size(srv, self)),
        }
    }
}

/// Every attached client.
#[derive(Default)]
pub struct Registry {
    next: u32,
    pub clients: BTreeMap<u32, ClientEntry>,
}

impl Registry {
    /// Tells a client to detach.
    pub fn detach(&self, id: u32, reason: &str) {
        if let Some(c) = self.clients.get(&id) {
            let _ = c.ctl.send(Ctl::Detach(reason.to_string()));
        }
    }

    /// Hands a command's action to a client's task.
    pub fn act(&self, id: u32, action: crate::cmd::ClientAction) {
        if let Some(c) = self.clients.get(&id) {
            let _ = c.ctl.send(Ctl::Action(action));
        }
    }

    /// Tells a client that one of its command queues is done.
    pub fn queue_done(&self, id: u32) {
        if let Some(c) = self.clients.get(&id) {
            let _ = c.ctl.send(Ctl::QueueDone);
        }
    }

    /// Clients attached to a session.
    pub fn of_session(&self, session: SessionId) -> Vec<u32> {
        self.clients
            .iter()
            .filter(|(_, c)| c.session == session)
            .map(|(id, _)| *id)
            .collect()
    }

    /// A client by its name (its tty, or `client-PID`) or `%`-less number.
    pub fn find(&self, name: &str) -> Option<u32> {
        self.clients
            .iter()
            .find(|(id, c)| c.tty == name || c.name() == name || id.to_string() == name)
            .map(|(id, _)| *id)
    }

    /// A new client's number.
    pub fn next_id(&mut self) -> u32 {
        let id = self.next;
        self.next += 1;
        id
    }

    /// Whether the client ignores sizing (`ignore-size`): only while some client that does not
    /// shows the same session (tmux's ignore_client_size).
    fn ignores_size(&self, c: &ClientEntry) -> bool {
        c.flags.ignore_size
            && self
                .clients
                .values()
                .any(|o| !o.flags.ignore_size && o.session == c.session)
    }
}

/// The bytes a pane's program gets for a mouse event (pane-relative), if its modes ask for that kind
/// of event (tmux's input_key_mouse): clicks with mode 1000, drags with 1002, any motion with 1003;
/// SGR form with mode 1006, else X10's (nothing past column or row 223).
pub fn mouse_bytes(md: &ccmux_term::Modes, m: &ccmux_model::keys::Mouse) -> Option<Vec<u8>> {
    let motion = m.button & 32 != 0;
    let no_button = m.button & 3 == 3;
    let wanted = if motion && no_button {
        md.mouse_motion
    } else if motion {
        md.mouse_drag || md.mouse_motion
    } else {
        md.mouse_click || md.mouse_drag || md.mouse_motion
    };
    if !wanted {
        return None;
    }
    if md.sgr_mouse {
        let kind = if m.release { 'm' } else { 'M' };
        return Some(format!("\x1b[<{};{};{}{kind}", m.button, m.x + 1, m.y + 1).into_bytes());
    }
    if m.x > 222 || m.y > 222 {
        return None;
    }
    let b = if m.release { 3 } else { m.button };
    let mut v = b"\x1b[M".to_vec();
    v.extend([(32 + b).min(255) as u8, (33 + m.x) as u8, (33 + m.y) as u8]);
    Some(v)
}

/// The sizes clients showing `window` give it: each attached client's terminal, less its session's
/// status lines.
pub fn client_sizes(srv: &Server, window: ccmux_model::WindowId) -> Vec<(u16, u16)> {
    let sessions = srv.model.sessions_of_window(window);
    srv.clients
        .clients
        .values()
        .filter(|c| sessions.contains(&c.session) && !srv.clients.ignores_size(c))
        .filter_map(|c| c.sizing(srv))
        .collect()
}

fn client_size(srv: &Server, c: &ClientEntry) -> (u16, u16) {
    let (lines, _) = status::lines(srv, c.session);
    (
        c.cols,
        c.rows.saturating_sub(lines.min(c.rows.saturating_sub(1))),
    )
}

/// Sizes a session to its smallest client (minus the status line); returns the change made, if any.
/// A session whose windows all have `window-size manual` (resize-window) keeps its size, as in tmux.
pub fn fit_session(srv: &mut Server, session: SessionId) -> Option<Change> {
    let manual = srv.model.sessions.get(&session)?.windows.values().all(|w| {
        srv.model
            .option_text(ccmux_model::OptionScope::Window(*w), "window-size")
            == "manual"
    });
    if manual {
        return None;
    }
    let (cols, rows) = srv
        .clients
        .clients
        .values()
        .filter(|c| c.session == session && !srv.clients.ignores_size(c))
        .filter_map(|c| c.sizing(srv))
        .reduce(|a, b| (a.0.min(b.0), a.1.min(b.1)))?;
    let (cols, rows) = (cols.max(1), rows.max(1));
    let s = srv.model.sessions.get(&session)?;
    if (s.cols, s.rows) == (cols, rows) {
        return None;
    }
    let change = Change::SessionResized {
        id: session,
        cols,
        rows,
    };
    srv.apply(&change).ok()?;
    Some(change)
}

/// Applies and logs a session fit.
pub fn refit(srv: &mut Server, session: SessionId) {
    if let Some(change) = fit_session(srv, session) {
        srv.commit_in_background(&[change]);
    }
}

/// Runs the client's command, or creates a session if asked (new panes' processes start off the state
/// lock, so this runs the queue to its end without holding it); returns the session it made.
async fn run_first(
    shared: &std::sync::Arc<Shared>,
    req: &AttachRequest,
    umask: Option<u32>,
) -> Result<bool, String> {
    let outcome = {
        let mut srv = shared.lock();
        let command = match (&req.command, req.create && srv.model.sessions.is_empty()) {
            (Some(c), _) => c.clone(),
            (None, true) => CommandRequest {
                argv: vec!["new-session".into(), "-d".into()],
                cwd: req.cwd.clone(),
                pane: None,
                stdin: false,
            },
            _ => return Ok(false),
        };
        // The line's attach-session is this attach itself (its target came with the request).
        let mut cmds = crate::cmd::from_argv(&command.argv)?;
        cmds.retain(|c| c.entry.name != "attach-session");
        let source = crate::cmd::Source::Cli {
            cwd: command.cwd.clone(),
            pane: None,
            umask,
        };
        crate::cmd::run_prepared(&mut srv, &cmds, source)
    };
    let (reply, effects) = super::connection::run_to_end(shared, outcome).await;
    {
        let srv = shared.lock();
        for e in effects {
            if let crate::cmd::Effect::Client(id, action) = e {
                srv.clients.act(id, action);
            }
        }
    }
    // Done but not saved (persistence degraded) is done: the attach goes on, and says so.
    if reply.status != 0 && reply.status != super::connection::EXIT_NOT_SAVED {
        return Err(reply.stderr.trim_end().to_string());
    }
    Ok(true)
}

/// The shell a client runs `detach-client -E`'s command with: the session's `default-shell` if
/// it is usable (tmux's checkshell), else `/bin/sh`.
fn exec_shell(srv: &Server, session: SessionId) -> String {
    let shell = srv
        .model
        .option_text(ccmux_model::OptionScope::Session(session), "default-shell");
    let usable = shell.starts_with('/')
        && !shell.contains("tmux")
        && !shell.contains("ccmux")
        && rustix::fs::access(shell.as_str(), rustix::fs::Access::EXEC_OK).is_ok();
    if usable {
        shell
    } else {
        "/bin/sh".into()
    }
}

/// Registers the client and finds its session (`ran`: the client's command ran first).
fn register(
    srv: &mut Server,
    req: &AttachRequest,
    extra: Option<&AttachExtra>,
    ran: bool,
    ctl: UnboundedSender<Ctl>,
    pid: Option<i32>,
    umask: Option<u32>,
) -> Result<(u32, SessionId), String> {
    let mut target = req.target.clone();
    // A new-session of the line made the most recent session.
    if ran && target.is_none() {
        target = srv.recent_session().map(|s| s.to_string());
    }
    if srv.model.sessions.is_empty() {
        return Err("no sessions".into());
    }
    let current = ccmux_model::Current {
        pane: None,
        session: srv.recent_session(),
        marked: None,
    };
    let session = srv
        .model
        .find_session(target.as_deref(), &current)
        .map_err(|e| e.to_string())?;
    srv.touch(session);
    srv.note_activity(session);
    if req.detach_others {
        let hup = extra.is_some_and(|e| e.hup_others);
        let name = srv.model.sessions[&session].name.clone();
        for other in srv.clients.of_session(session) {
            // tmux's exit message for MSG_DETACH (and MSG_DETACHKILL, told as such by the client).
            let reason = format!("detached (from session {name})");
            if hup {
                srv.clients
                    .act(other, crate::cmd::ClientAction::DetachHup(reason));
            } else {
                srv.clients.detach(other, &reason);
            }
        }
    }
    let mut flags = crate::server::control::Flags::default();
    if let Some(e) = extra {
        flags.set(&e.flags, false)?;
        if !e.env.is_empty() {
            update_environment(srv, session, &e.env);
        }
    }
    let id = srv.clients.next_id();
    srv.clients.clients.insert(
        id,
        ClientEntry {
            session,
            cols: req.cols.max(1),
            rows: req.rows.max(2),
            term: req.term.clone(),
            tty: req.tty.clone(),
            last_session: None,
            pid,
            umask,
            created: crate::cmd::now(),
            flags,
            control: None,
            modes: Vec::new(),
            stacked: Vec::new(),
            ctl,
        },
    );
    srv.notice(Notice::ClientSessionChanged(
        id,
        req.tty.clone(),
        session,
        srv.model.sessions[&session].name.clone(),
    ));
    if !req.detach_others {
        refit(srv, session);
    }
    super::alerts::attached(srv, session);
    Ok((id, session))
}

/// Serves one attached client until it detaches or goes away (`tty`: it attached with `AttachTty`
/// and passes its terminal after `Attached`).
pub async fn run(
    mut framed: Conn,
    shared: &std::sync::Arc<Shared>,
    req: AttachRequest,
    extra: Option<AttachExtra>,
    pid: Option<i32>,
    tty: bool,
) {
    let (ctl_tx, mut ctl_rx) = unbounded_channel();
    // A version 5 client knows only `Detached`.
    let modern = extra.is_some();
    // Read without the state lock: the client's umask, which the panes it creates get.
    let umask = super::pty::peer_umask(pid);
    let ran = run_first(shared, &req, umask).await;
    let registered = ran.and_then(|ran| {
        let mut srv = shared.lock();
        register(&mut srv, &req, extra.as_ref(), ran, ctl_tx, pid, umask)
            .map(|(id, s)| (id, s, super::pane::redraw_signal().subscribe()))
    });
    let (id, session, mut redraw) = match registered {
        Ok(r) => r,
        Err(msg) => {
            let _ = send(&mut framed, &ServerMsg::Refused(msg)).await;
            return;
        }
    };
    tracing::info!(client = id, %session, "client attached");
    {
        // tmux's attach sets the client's session (client-session-changed, the focus), then
        // tells client-attached.
        let mut srv = shared.lock();
        crate::server::focus::update(&mut srv, true);
        super::alerts::client_event(&mut srv, "client-session-changed", id);
        super::alerts::client_event(&mut srv, "client-attached", id);
    }
    super::alerts::run_hooks(shared).await;
    let causes = std::mem::take(&mut shared.lock().config_causes);
    let mouse = shared
        .lock()
        .model
        .option_flag(ccmux_model::OptionScope::Session(session), "mouse");
    let focus = crate::server::focus::enabled(&shared.lock());
    let mut client = client::Client::new(id, session, req.cols, req.rows, mouse, focus);
    if !causes.is_empty() {
        // As tmux: the first client to attach sees the config file errors.
        let mut srv = shared.lock();
        client.act(&mut srv, crate::cmd::ClientAction::View(causes.join("\n")));
    } else if let Some(why) = super::persistence::degraded(shared) {
        let mut srv = shared.lock();
        let text = super::persistence::health_message(Some(&why));
        client.act(&mut srv, crate::cmd::ClientAction::Message(text));
    }
    let mut reason = None;
    if send(&mut framed, &ServerMsg::Attached(session.to_string()))
        .await
        .is_ok()
    {
        let mut out = Out {
            framed: &mut framed,
            tty: None,
            tty_failed: false,
        };
        let received = if !tty {
            Ok(())
        } else if !out.framed.read_buffer().is_empty() {
            Err("bytes before the terminal mark".to_string())
        } else {
            tty::receive(out.framed.get_ref())
                .await
                .map(|t| out.tty = t)
                .map_err(|e| e.to_string())
        };
        reason = match received {
            Ok(()) => serve(&mut out, shared, &mut client, &mut redraw, &mut ctl_rx).await,
            Err(e) => {
                tracing::warn!(client = id, "cannot use the client's terminal: {e}");
                Some(format!("cannot use the terminal: {e}"))
            }
        };
    }
    if let Some(reason) = &reason {
        let leave = std::mem::replace(&mut client.leave, Leave::Exit);
        let msg = match leave {
            Leave::Hup if modern => ServerMsg::DetachedHup(reason.clone()),
            Leave::Exec(command) if modern => ServerMsg::Exec {
                shell: exec_shell(&shared.lock(), client.session),
                command,
            },
            _ => ServerMsg::Detached(reason.clone()),
        };
        let _ = send(&mut framed, &msg).await;
    }
    {
        let mut srv = shared.lock();
        if let Some(gone) = srv.clients.clients.remove(&id) {
            srv.notice(Notice::ClientDetached(gone.name()));
        }
        crate::server::format_jobs::client_gone(id);
        if let Some(p) = client.mode_pane() {
            srv.notice(Notice::PaneModeChanged(p));
        }
        let session = client.session;
        refit(&mut srv, session);
        srv.flush_notices();
        srv.alerts.unfocused.remove(&id);
        crate::server::focus::update(&mut srv, true);
        super::alerts::event(&mut srv, "client-detached", session, None);
        super::session_end::client_left(&mut srv, session);
    }
    super::alerts::run_hooks(shared).await;
    tracing::info!(
        client = id,
        reason = reason.as_deref().unwrap_or("gone"),
        "client detached"
    );
}

/// Where a client's frames go: its terminal when it gave the server one, else the socket.
struct Out<'a> {
    framed: &'a mut Conn,
    tty: Option<tty::Tty>,
    /// Writing the terminal failed: frames go over the socket (its keys are still read from it).
    tty_failed: bool,
}

impl Out<'_> {
    async fn frame(&mut self, bytes: Vec<u8>) -> Result<(), ()> {
        if let Some(t) = self.tty.as_ref().filter(|_| !self.tty_failed) {
            match t.write_all(&bytes).await {
                Ok(()) => return Ok(()),
                // The terminal may be gone (the client then goes too): the frame goes over the
                // socket, as do later ones (the whole frame: a part may have been written).
                Err(e) => {
                    tracing::warn!("writing the client's terminal: {e}: frames go over the socket");
                    self.tty_failed = true;
                }
            }
        }
        send(self.framed, &ServerMsg::Output(bytes)).await
    }
}

/// The client's loop; returns why it detached (`None`: the client went away).
async fn serve(
    out: &mut Out<'_>,
    shared: &std::sync::Arc<Shared>,
    client: &mut client::Client,
    redraw: &mut tokio::sync::watch::Receiver<u64>,
    ctl: &mut tokio::sync::mpsc::UnboundedReceiver<Ctl>,
) -> Option<String> {
    let mut dirty = true;
    let mut away = false;
    // A client that gave its terminal has not taken it yet (raw mode, the alternate screen): nothing
    // is drawn on it or read from it until it sends its size, which it does once it has (a frame
    // drawn before would stay on the main screen, keys read then would be cooked).
    let mut taken = out.tty.is_none();
    let mut next_frame = Instant::now();
    let mut mode_before = client.mode_pane();
    loop {
        // A frame that is due is drawn right away: a keystroke's echo must not wait for a timer tick.
        // Not while the client is suspended or locked: it gave the terminal away (tmux's
        // CLIENT_SUSPENDED), and sends its size again when it takes it back.
        if dirty && !away && taken && Instant::now() >= next_frame {
            dirty = false;
            let drawn = {
                let mut srv = shared.lock();
                client.follow_session(&mut srv);
                client.unstack(&srv);
                client.publish_modes(&mut srv);
                client.frame(&srv)
            };
            match drawn {
                // Nothing changed (say, a key whose echo has not come yet): no frame slot is used,
                // so the echo is drawn the moment it arrives.
                Ok(bytes) if bytes.is_empty() => {}
                Ok(bytes) => {
                    if out.frame(bytes).await.is_err() {
                        return None;
                    }
                    next_frame = Instant::now() + FRAME_INTERVAL;
                }
                Err(reason) => return Some(reason),
            }
        }
        tokio::select! {
            // Polled in this order: a typed key first (its way to the pane is the first half of
            // an echo's), the client's messages and actions next (rarely ready, and never starved
            // by a flood's redraws), then redraws; polling every branch in a random order before
            // the ready one cost a key or an echo several microseconds.
            biased;
            // Keys read from the client's terminal itself (it gave it to the server to read).
            // Not while the client is away: the terminal belongs to it or its lock program then.
            keys = tty::read_keys(out.tty.as_ref()), if !away && taken => match keys {
                Ok(bytes) if !bytes.is_empty() => {
                    if client.input(shared, &bytes) {
                        dirty = true;
                    }
                    // The frame pace holds back floods, not echoes: a key lets the next frame
                    // out at once (keys typed 5 ms apart waited up to 16 ms for their echo).
                    next_frame = Instant::now();
                }
                // The terminal is gone (the client hears SIGHUP and goes too).
                _ => return None,
            },
            msg = next(out.framed) => match msg {
                Some(ClientMsg::Input(bytes)) => {
                    // Keys typed into the pane change nothing until it answers (its output wakes
                    // this loop): no frame is composed for them, the echo's is not held up.
                    if client.input(shared, &bytes) {
                        dirty = true;
                    }
                    next_frame = Instant::now();
                }
                Some(ClientMsg::Resize { cols, rows }) => {
                    let mut srv = shared.lock();
                    // The client sends its size once it has the terminal (tmux's client does too:
                    // client-resized runs at attach) and when it takes it back after a suspend
                    // (tmux's MSG_WAKEUP: no hook unless the size changed meanwhile).
                    if client.resize(&mut srv, cols, rows) || !away {
                        crate::server::alerts::client_event(&mut srv, "client-resized", client.id);
                    }
                    client.restatus();
                    away = false;
                    taken = true;
                    dirty = true;
                }
                _ => return None,
            },
            c = ctl.recv() => match c {
                Some(Ctl::Detach(reason)) => return Some(reason),
                Some(Ctl::Action(action)) => {
                    {
                        let mut srv = shared.lock();
                        client.act(&mut srv, action);
                    }
                    client.restatus();
                    dirty = true;
                }
                Some(Ctl::QueueDone) => {
                    client.queue_done(shared);
                    client.restatus();
                    dirty = true;
                }
                None => return None,
            },
            changed = redraw.changed() => {
                if changed.is_err() {
                    return Some("server exited".into());
                }
                dirty = true;
            }
            // A message, the pane numbers or a repeating key table that goes; the status line's
            // periodic redraw (the time, and what only it reads: a pane's command, its cursor);
            // the clock of clock-mode (`client/timers.rs`).
            _ = tokio::time::sleep_until(
                client.timer_deadline().unwrap_or_else(std::time::Instant::now).into()
            ), if client.timer_deadline().is_some() => {
                client.timers_fired(std::time::Instant::now());
                dirty = true;
            }
            // An unfinished escape sequence that got no more input: typed keys after all.
            _ = tokio::time::sleep_until(
                client.input_deadline().unwrap_or_else(std::time::Instant::now).into()
            ), if client.input_deadline().is_some() => {
                client.input_expired(shared);
                client.restatus();
                dirty = true;
            }
            // Two clicks and no third: a double click; a drag held at the edge of copy mode.
            _ = tokio::time::sleep_until(
                client.mouse_deadline().unwrap_or_else(std::time::Instant::now).into()
            ), if client.mouse_deadline().is_some() => {
                let mut srv = shared.lock();
                client.mouse_timer(&mut srv);
                client.restatus();
                dirty = true;
            }
            // Output during a flood: at most one frame per FRAME_INTERVAL.
            _ = tokio::time::sleep_until(next_frame), if dirty && !away && taken => {}
        }
        let mode = client.mode_pane();
        if mode != mode_before {
            // tmux's pane-mode-changed: a pane entered or left copy mode (or a view, a chooser).
            let mut srv = shared.lock();
            for p in [mode_before, mode].into_iter().flatten() {
                srv.notice(crate::server::control::notice::Notice::PaneModeChanged(p));
            }
            srv.flush_notices();
            mode_before = mode;
        }
        if let Some(msg) = client.take_suspend() {
            if send(out.framed, &msg).await.is_err() {
                return None;
            }
            away = true;
        }
        let effects = client.take_effects();
        if !effects.is_empty() {
            let after = super::effects::before_reply(shared, &effects).await;
            if !after.errors.is_empty() {
                // A checkpoint asked for from a binding or the prompt failed: as a command error.
                let mut srv = shared.lock();
                client.act(
                    &mut srv,
                    crate::cmd::ClientAction::Message(after.errors.join("; ")),
                );
                client.restatus();
                dirty = true;
            }
            after.carry_out(shared);
        }
        if let Some(reason) = client.detach.take() {
            return Some(reason);
        }
    }
}

/// tmux's environ_update at attach: for each `update-environment` pattern, the first of the
/// client's variables it matches is set in the session's environment; none matching marks the
/// name removed there (`-NAME`).
fn update_environment(srv: &mut Server, session: SessionId, env: &[String]) {
    let scope = ccmux_model::OptionScope::Session(session);
    let patterns: Vec<String> = srv
        .model
        .option(scope, "update-environment")
        .and_then(|v| v.as_array())
        .map(|a| a.values().cloned().collect())
        .unwrap_or_default();
    let mut vars: Vec<(&str, &str)> = env.iter().filter_map(|e| e.split_once('=')).collect();
    vars.sort();
    let mut changes = Vec::new();
    for pattern in patterns {
        let found = vars
            .iter()
            .find(|(name, _)| ccmux_model::options::fnmatch(&pattern, name));
        let (name, value) = match found {
            Some((n, v)) => (n.to_string(), Some(v.to_string())),
            None => (pattern.clone(), None),
        };
        let change = Change::EnvSet {
            session: Some(session),
            name,
            value: Some(ccmux_model::EnvValue {
                value,
                hidden: false,
            }),
        };
        if srv.apply(&change).is_ok() {
            changes.push(change);
        }
    }
    srv.commit_in_background(&changes);
}
