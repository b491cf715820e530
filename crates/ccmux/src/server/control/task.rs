//! A control client's connection (tmux's control_start and control_read_callback): its first
//! command (or, coming back after the server was lost, the session it had), then the lines it sends,
//! run one after another as tmux runs a client's queue; everything it is sent goes through the pump.

use super::notice::Notice;
use super::pump::{pump, Piece};
use super::{ControlEntry, Out};
use crate::cmd::queue::{ControlQ, JobResult, QueueState, Wait};
use crate::cmd::{Effect, Outcome, Source};
use crate::server::attach::{ClientEntry, Ctl};
use crate::server::connection::{next, send, Conn};
use crate::server::state::Server;
use crate::server::tap::next_seq;
use crate::server::Shared;
use ccmux_model::SessionId;
use ccmux_proto::{ClientMsg, ControlRequest, ServerMsg};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};

type JobFuture = Pin<Box<dyn Future<Output = JobResult> + Send>>;

/// A command waiting for a job (run-shell, if-shell, wait-for): the client's next lines wait too.
struct Waiting {
    job: JobFuture,
    wait: Wait,
    state: QueueState,
    /// The line's sequence number and reply: what follows the job belongs to the same reply.
    seq: u64,
    reply: u64,
}

/// Serves one control client until it leaves or goes away.
pub async fn run(mut framed: Conn, shared: &Arc<Shared>, req: ControlRequest, pid: Option<i32>) {
    let (ctl_tx, ctl_rx) = unbounded_channel();
    let registered = {
        let mut srv = shared.lock();
        srv.control_start();
        srv.control.holding += 1;
        next_seq()
    };
    let started = match &req.resume {
        Some(_) => resume(shared, &req, pid, ctl_tx, registered),
        None => first_command(&mut framed, shared, &req, pid, ctl_tx, registered).await,
    };
    {
        let mut srv = shared.lock();
        srv.control.holding -= 1;
        if srv.control.holding == 0 {
            srv.control.held.clear();
        }
    }
    let (id, session, failed_first) = match started {
        Ok(s) => s,
        Err((reason, status)) => {
            shared.lock().control_stop();
            let _ = send(&mut framed, &ServerMsg::ControlExit { reason, status }).await;
            return;
        }
    };
    tracing::info!(client = id, %session, "control client attached");
    let reason = serve(&mut framed, shared, id, ctl_rx).await;
    if let Some(reason) = &reason {
        let errored = (shared.lock().clients.clients.get(&id))
            .and_then(|c| c.control.as_ref())
            .is_some_and(|ce| ce.errored);
        let msg = ServerMsg::ControlExit {
            reason: reason.clone(),
            status: i32::from(errored || failed_first),
        };
        let _ = send(&mut framed, &msg).await;
    }
    let mut srv = shared.lock();
    if let Some(mut gone) = srv.clients.clients.remove(&id) {
        crate::server::format_jobs::client_gone(id);
        if let Some(ce) = gone.control.as_mut() {
            ce.forget_panes(id);
        }
        srv.notice(Notice::ClientDetached(gone.name()));
        crate::server::attach::refit(&mut srv, gone.session);
        crate::server::session_end::client_left(&mut srv, gone.session);
    }
    srv.control_stop();
    srv.flush_notices();
    tracing::info!(
        client = id,
        reason = reason.as_deref().unwrap_or("gone"),
        "control client left"
    );
}

/// Adds the client to the registry, attached to `session`, with the notifications raised while it
/// was being set up (after `registered`) and its own `%session-changed`.
fn register(
    srv: &mut Server,
    req: &ControlRequest,
    pid: Option<i32>,
    ctl: UnboundedSender<Ctl>,
    registered: u64,
    session: SessionId,
    first: Option<Vec<u8>>,
) -> u32 {
    let id = srv.clients.next_id();
    let mut ce = ControlEntry::new(registered);
    if let Some(bytes) = first {
        ce.push(Out {
            seq: registered,
            bytes,
            ready: true,
            line_done: false,
            reply: 0,
        });
    }
    srv.clients.clients.insert(
        id,
        ClientEntry {
            session,
            // tmux's default terminal size, until refresh-client -C.
            cols: 80,
            rows: 24,
            term: req.term.clone(),
            tty: req.tty.clone(),
            created: crate::cmd::now(),
            last_session: None,
            pid,
            umask: None,
            flags: Default::default(),
            modes: Vec::new(),
            stacked: Vec::new(),
            control: Some(ce),
            ctl,
        },
    );
    let held: Vec<(u64, Notice)> = srv
        .control
        .held
        .iter()
        .filter(|(seq, _)| *seq > registered)
        .cloned()
        .collect();
    // The client's own %session-changed follows what its first command raised.
    let own = held.iter().map(|(seq, _)| *seq).max().unwrap_or(registered);
    let mut lines = Vec::new();
    for (seq, n) in &held {
        if let Some(l) = super::notice::line(srv, id, Some(session), n) {
            lines.push((*seq, l));
        }
    }
    if let Some(ce) = srv
        .clients
        .clients
        .get_mut(&id)
        .and_then(|c| c.control.as_mut())
    {
        for (seq, mut l) in lines {
            l.push('\n');
            ce.push(Out {
                seq,
                bytes: l.into_bytes(),
                ready: true,
                line_done: false,
                reply: 0,
            });
        }
    }
    srv.touch(session);
    let name = srv.clients.clients[&id].name();
    let sname = srv.model.sessions[&session].name.clone();
    srv.notice_at(own, Notice::ClientSessionChanged(id, name, session, sname));
    srv.flush_notices();
    id
}

/// The client's id, its session, and whether its first command wrote an error; or why it leaves
/// and its exit status.
type Started = Result<(u32, SessionId, bool), (String, i32)>;

/// Runs the command the client was started with (tmux's MSG_COMMAND from a control client: no
/// command means `new-session`), framed with flags 0; the client is attached to the session it
/// made or named, else it leaves once the output is sent.
async fn first_command(
    framed: &mut Conn,
    shared: &Arc<Shared>,
    req: &ControlRequest,
    pid: Option<i32>,
    ctl: UnboundedSender<Ctl>,
    registered: u64,
) -> Started {
    let mut request = req.command.clone().unwrap_or_default();
    if request.argv.is_empty() {
        request.argv = vec!["new-session".into()];
    }
    let cmds = match crate::cmd::from_argv(&request.argv) {
        Ok(c) => c,
        // As tmux: the parse error alone (no block), then the client leaves.
        Err(e) => return Err((with_newline(e), 1)),
    };
    let source = Source::Cli {
        cwd: request.cwd.clone(),
        pane: None,
        umask: None,
    };
    let control = ControlQ {
        line: false,
        ..ControlQ::default()
    };
    let mut outcome = {
        let mut srv = shared.lock();
        crate::cmd::run_control(&mut srv, &cmds, source, control)
    };
    let mut reply = Vec::new();
    let mut attach = None;
    let mut failed = false;
    loop {
        let commit = shared.lock().commit(&outcome.changes);
        if let Err(e) = commit.finish(shared).await {
            tracing::error!("change not durable: {e}");
        }
        reply.extend_from_slice(&outcome.reply.stdout);
        failed |= outcome.control_errors > 0;
        attach = outcome.attach.or(attach);
        crate::server::effects::before_reply(shared, &outcome.effects)
            .await
            .carry_out(shared);
        let Some((wait, state)) = outcome.suspended.take() else {
            break;
        };
        let result = crate::cmd::queue::run_job(wait.job.clone()).await;
        let mut srv = shared.lock();
        outcome = crate::cmd::resume(&mut srv, wait, state, result);
    }
    let status = i32::from(failed);
    let registered_in = {
        let mut srv = shared.lock();
        match attach.filter(|s| srv.model.sessions.contains_key(s)) {
            Some(session) => {
                let reply = std::mem::take(&mut reply);
                let id = register(&mut srv, req, pid, ctl, registered, session, Some(reply));
                crate::server::attach::refit(&mut srv, session);
                Some((id, session, failed))
            }
            None => {
                // Not attached: the notifications every control client gets, then it leaves.
                for (seq, n) in srv.control.held.clone() {
                    if seq > registered {
                        if let Some(l) = super::notice::line(&srv, u32::MAX, None, &n) {
                            reply.extend_from_slice(l.as_bytes());
                            reply.push(b'\n');
                        }
                    }
                }
                None
            }
        }
    };
    match registered_in {
        Some(r) => Ok(r),
        None => {
            let _ = send(framed, &ServerMsg::Output(reply)).await;
            Err((String::new(), status))
        }
    }
}

/// Coming back after the server was lost: the session it had (or the most recent one), its flags,
/// size and subscriptions again; it is told the sessions changed and which one it is attached to.
fn resume(
    shared: &Arc<Shared>,
    req: &ControlRequest,
    pid: Option<i32>,
    ctl: UnboundedSender<Ctl>,
    registered: u64,
) -> Started {
    let state = req.resume.clone().unwrap_or_default();
    let mut srv = shared.lock();
    let wanted = ccmux_model::SessionId::parse(&state.session)
        .filter(|s| srv.model.sessions.contains_key(s));
    let Some(session) = wanted.or_else(|| srv.recent_session()) else {
        return Err(("no sessions".into(), 1));
    };
    srv.notice_at(registered, Notice::SessionsChanged);
    let id = register(&mut srv, req, pid, ctl, registered, session, None);
    if let Some(c) = srv.clients.clients.get_mut(&id) {
        // What it had asked for: flags, size and subscriptions (as the server last reported them).
        let _ = c.flags.set(&state.flags, true);
        if let Some(ce) = c.control.as_mut() {
            for s in &state.subscriptions {
                ce.subs.update(s);
            }
            if let Some((w, h)) = state.size {
                ce.size = Some((w, h));
                c.cols = w;
                c.rows = h;
            }
        }
    }
    crate::server::attach::refit(&mut srv, session);
    Ok((id, session, false))
}

fn with_newline(mut s: String) -> String {
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// The client's loop; returns why it left (`None`: it went away).
async fn serve(
    framed: &mut Conn,
    shared: &Arc<Shared>,
    id: u32,
    mut ctl: UnboundedReceiver<Ctl>,
) -> Option<String> {
    let wake = {
        let srv = shared.lock();
        srv.clients
            .clients
            .get(&id)
            .and_then(|c| c.control.as_ref())
            .map(|ce| ce.wake.clone())?
    };
    let mut redraw = crate::server::pane::redraw_signal().subscribe();
    let mut subs_tick = tokio::time::interval(std::time::Duration::from_secs(1));
    let mut waiting: Option<Waiting> = None;
    let mut replies = 0u64;
    loop {
        loop {
            let batch = {
                let mut srv = shared.lock();
                pump(&mut srv, id)
            };
            for piece in batch.pieces {
                let msg = match piece {
                    Piece::Bytes(b) if b.is_empty() => continue,
                    Piece::Bytes(b) => ServerMsg::Output(b),
                    Piece::LineDone => ServerMsg::ControlLineDone,
                    Piece::State(s) => ServerMsg::ControlState(s),
                };
                send(framed, &msg).await.ok()?;
            }
            if let Some(reason) = batch.exit {
                return Some(reason);
            }
            if !batch.more {
                break;
            }
        }
        tokio::select! {
            biased;
            c = ctl.recv() => match c {
                Some(Ctl::Detach(_)) => leave(shared, id),
                // -P hangs up nothing for a control client (tmux's does so only for a terminal
                // client); -E's command is not run by a control client here.
                Some(Ctl::Action(
                    crate::cmd::ClientAction::Detach(_)
                    | crate::cmd::ClientAction::DetachHup(_)
                    | crate::cmd::ClientAction::Exec(_),
                )) => leave(shared, id),
                Some(Ctl::Action(crate::cmd::ClientAction::Switch(s))) => {
                    switch(&mut shared.lock(), id, s);
                }
                // Nothing to draw, prompt or stop for a control client (tmux ignores these too).
                Some(Ctl::Action(_)) => {}
                // A control client's command lines run in order on this task already.
                Some(Ctl::QueueDone) => {}
                None => return None,
            },
            _ = wake.notified() => {}
            changed = redraw.changed() => {
                if changed.is_err() {
                    return Some("server exited".into());
                }
            }
            result = job_of(&mut waiting), if waiting.is_some() => {
                if let Some(w) = waiting.take() {
                    let outcome = {
                        let mut srv = shared.lock();
                        crate::cmd::resume(&mut srv, w.wait, w.state, result)
                    };
                    waiting = finish(shared, id, w.seq, w.reply, outcome).await;
                }
            }
            _ = subs_tick.tick() => check_subscriptions(&mut shared.lock(), id),
            msg = next(framed), if waiting.is_none() => match msg {
                Some(ClientMsg::ControlLine(line)) if line.is_empty() => leave(shared, id),
                Some(ClientMsg::ControlLine(line)) => {
                    replies += 1;
                    waiting = line_in(shared, id, &line, replies).await;
                }
                _ => return None,
            },
        }
    }
}

/// The job the client's queue waits for (never ready without one).
async fn job_of(waiting: &mut Option<Waiting>) -> JobResult {
    match waiting.as_mut() {
        Some(w) => (&mut w.job).await,
        None => std::future::pending().await,
    }
}

/// The client is to leave once what is queued for it is sent (an empty line, end of input,
/// detach-client): pane output is no longer sent meanwhile (tmux's control_discard).
fn leave(shared: &Shared, id: u32) {
    let mut srv = shared.lock();
    if let Some(ce) = srv
        .clients
        .clients
        .get_mut(&id)
        .and_then(|c| c.control.as_mut())
    {
        ce.leaving = true;
        ce.wake.notify_one();
    }
}

/// Attaches the client to another session (switch-client, attach-session).
pub(crate) fn switch(srv: &mut Server, id: u32, session: SessionId) {
    let Some(c) = srv.clients.clients.get_mut(&id) else {
        return;
    };
    let old = c.session;
    if old != session {
        c.last_session = Some(old);
    }
    c.session = session;
    if let Some(ce) = c.control.as_mut() {
        ce.state_changed = true;
    }
    let name = c.name();
    srv.touch(session);
    srv.note_activity(session);
    let sname = srv
        .model
        .sessions
        .get(&session)
        .map(|s| s.name.clone())
        .unwrap_or_default();
    srv.notice(Notice::ClientSessionChanged(id, name, session, sname));
    crate::server::attach::refit(srv, old);
    crate::server::attach::refit(srv, session);
    srv.flush_notices();
    if old != session {
        crate::server::session_end::client_left(srv, old);
    }
}

fn check_subscriptions(srv: &mut Server, id: u32) {
    let Some(c) = srv.clients.clients.get_mut(&id) else {
        return;
    };
    let session = c.session;
    let Some(mut ce) = c.control.take() else {
        return;
    };
    if !ce.subs.is_empty() {
        for line in ce.subs.check(srv, id, session) {
            ce.line(&line);
        }
    }
    if let Some(c) = srv.clients.clients.get_mut(&id) {
        c.control = Some(ce);
    }
}

/// Runs one line the client sent (tmux's control_read_callback): a parse error is a block of its
/// own; each command is framed by the queue.
async fn line_in(shared: &Arc<Shared>, id: u32, line: &[u8], reply: u64) -> Option<Waiting> {
    let text = String::from_utf8_lossy(line);
    let (seq, outcome) = {
        let mut srv = shared.lock();
        let seq = next_seq();
        let session = srv.clients.clients.get(&id).map(|c| c.session)?;
        srv.touch(session);
        let pane = srv.model.active_pane(session);
        let mut env = crate::cmd::text::ServerEnv::new(&srv, Some(session), pane);
        let parsed = crate::cmd::text::parse(&text, &Default::default(), &mut env);
        let assignments = std::mem::take(&mut env.assignments);
        let cmds = match parsed {
            Ok(c) => c,
            Err(e) => {
                // tmux's control_error: a callback item of its own, with flags 1.
                let n = srv.next_number();
                let t = crate::cmd::now();
                let block = format!("%begin {t} {n} 1\nparse error: {e}\n%error {t} {n} 1\n");
                push_reply(&mut srv, id, seq, block.into_bytes(), true, true, 0);
                return None;
            }
        };
        let mut outcome = crate::cmd::run_control(
            &mut srv,
            &cmds,
            Source::Client(id),
            ControlQ {
                line: true,
                ..ControlQ::default()
            },
        );
        for (name, value, hidden) in assignments {
            let change = ccmux_model::Change::EnvSet {
                session: None,
                name,
                value: Some(ccmux_model::EnvValue {
                    value: Some(value),
                    hidden,
                }),
            };
            if srv.apply(&change).is_ok() {
                outcome.changes.push(change);
            }
        }
        (seq, outcome)
    };
    finish(shared, id, seq, reply, outcome).await
}

fn push_reply(
    srv: &mut Server,
    id: u32,
    seq: u64,
    bytes: Vec<u8>,
    ready: bool,
    line_done: bool,
    reply: u64,
) {
    if let Some(ce) = srv
        .clients
        .clients
        .get_mut(&id)
        .and_then(|c| c.control.as_mut())
    {
        ce.push(Out {
            seq,
            bytes,
            ready,
            line_done,
            reply,
        });
    }
}

/// What a command line (or the rest of one after a job) produced: its blocks queued (sent once its
/// changes are durable), the client attached elsewhere if it asked, effects carried out; the job it
/// waits for, if any.
async fn finish(
    shared: &Arc<Shared>,
    id: u32,
    seq: u64,
    reply: u64,
    mut outcome: Outcome,
) -> Option<Waiting> {
    let waits = outcome.suspended.is_some();
    // New panes' processes start off the lock, and the command goes on (its block stays open)
    // once they run: a moment, in which nothing of the line is sent, so the block still comes
    // before the notifications its command raised, as in tmux. Other jobs (run-shell, if-shell,
    // wait-for) may take long: what the line wrote so far goes meanwhile.
    let spawning = matches!(
        &outcome.suspended,
        Some((w, _)) if matches!(w.job, crate::cmd::queue::Job::Spawn { .. })
    );
    let commit = {
        let mut srv = shared.lock();
        if outcome.control_errors > 0 {
            if let Some(ce) = srv
                .clients
                .clients
                .get_mut(&id)
                .and_then(|c| c.control.as_mut())
            {
                ce.errored = true;
            }
        }
        let bytes = std::mem::take(&mut outcome.reply.stdout);
        push_reply(&mut srv, id, seq, bytes, false, !waits, reply);
        srv.commit(&outcome.changes)
    };
    if let Err(e) = commit.finish(shared).await {
        tracing::error!("change not durable: {e}");
    }
    {
        let mut srv = shared.lock();
        if let Some(ce) = srv
            .clients
            .clients
            .get_mut(&id)
            .and_then(|c| c.control.as_mut())
        {
            if !spawning {
                ce.ready(reply);
            }
        }
        if let Some(session) = outcome.attach {
            switch(&mut srv, id, session);
        }
    }
    let effects: Vec<Effect> = std::mem::take(&mut outcome.effects);
    crate::server::effects::before_reply(shared, &effects)
        .await
        .carry_out(shared);
    let (wait, state) = outcome.suspended?;
    Some(Waiting {
        job: Box::pin(crate::cmd::queue::run_job(wait.job.clone())),
        wait,
        state,
        seq,
        reply,
    })
}
