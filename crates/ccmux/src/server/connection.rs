//! One client connection: hello, then commands, each answered once its changes are applied.

use super::Shared;
use ccmux_proto::{decode, ClientMsg, ServerMsg, OLDEST_CLIENT_VERSION, PROTOCOL_VERSION};
use futures_util::{FutureExt, SinkExt, StreamExt};
use tokio::net::UnixStream;
use tokio_util::codec::Framed;

pub async fn handle(stream: UnixStream, shared: &std::sync::Arc<Shared>) {
    let cred = stream.peer_cred().ok();
    let peer_ok = cred.is_some_and(|c| c.uid() == rustix::process::getuid().as_raw());
    let peer_pid = cred.and_then(|c| c.pid());
    let mut framed = Framed::new(stream, ccmux_proto::codec());
    if !peer_ok {
        tracing::warn!("refused a client of another user");
        let _ = send(
            &mut framed,
            &ServerMsg::Refused("permission denied: not your server".into()),
        )
        .await;
        return;
    }
    // Tests only: play a server of an older protocol version (what a newly installed client meets).
    let newest = std::env::var("CCMUX_TEST_SERVER_PROTOCOL")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(PROTOCOL_VERSION);
    let oldest = OLDEST_CLIENT_VERSION.min(newest);
    match next(&mut framed).await {
        Some(ClientMsg::Hello { version }) if (oldest..=newest).contains(&version) => {}
        Some(ClientMsg::Hello { version }) => {
            let msg = format!(
                "protocol version mismatch (server {newest}, client {version}): \
                 restart the server or use the matching ccmux binary"
            );
            let _ = send(&mut framed, &ServerMsg::Refused(msg)).await;
            return;
        }
        _ => return,
    }
    // The client that started the server runs its commands after the start-up config, as in tmux.
    let first = !shared
        .first_taken
        .swap(true, std::sync::atomic::Ordering::SeqCst);
    // Its first answer lets the processes recovery started held run (see `server::start`); so does
    // its going away, whatever the way.
    let mut first_answer = FirstAnswer(first.then_some(&**shared));
    if first {
        let mut done = shared.config_done.subscribe();
        let _ = done.wait_for(|d| *d).await;
    }
    let hello = ServerMsg::Hello {
        version: PROTOCOL_VERSION,
        pid: std::process::id(),
    };
    if send(&mut framed, &hello).await.is_err() {
        return;
    }
    // The standard input of the next command, sent ahead of it (kept up to one byte past the largest
    // buffer: more is an error anyway).
    let mut stdin: Vec<u8> = Vec::new();
    while let Some(msg) = next(&mut framed).await {
        match msg {
            ClientMsg::Input(bytes) => {
                let room = (super::buffers::MAX_SIZE + 1).saturating_sub(stdin.len());
                stdin.extend_from_slice(&bytes[..bytes.len().min(room)]);
            }
            ClientMsg::Command(req) => {
                let input = std::mem::take(&mut stdin);
                let input = req.stdin.then_some(input);
                let name = req.argv.first().cloned().unwrap_or_default();
                let umask = super::pty::peer_umask(peer_pid);
                let run = std::panic::AssertUnwindSafe(run_command(shared, req, input, umask));
                match run.catch_unwind().await {
                    Ok((reply, after)) => {
                        if send_reply(&mut framed, reply).await.is_err() {
                            return;
                        }
                        first_answer.given();
                        after.carry_out(shared);
                    }
                    // The panic is in server.log (the panic hook); the client gets an error, the
                    // server goes on serving everyone else.
                    Err(panic) => {
                        let reply = ccmux_proto::CommandReply {
                            status: 1,
                            stdout: Vec::new(),
                            stderr: format!(
                                "ccmux: internal error running {name}: {} (details in server.log)\n",
                                panic_text(&panic)
                            ),
                        };
                        let _ = send_reply(&mut framed, reply).await;
                        return;
                    }
                }
            }
            ClientMsg::Attach(req) => {
                first_answer.given();
                attach(framed, shared, req, None, peer_pid, false).await;
                return;
            }
            ClientMsg::AttachWith(req, extra) => {
                first_answer.given();
                attach(framed, shared, req, Some(extra), peer_pid, false).await;
                return;
            }
            ClientMsg::AttachTty(req, extra) => {
                first_answer.given();
                attach(framed, shared, req, Some(extra), peer_pid, true).await;
                return;
            }
            ClientMsg::Control(req) => {
                first_answer.given();
                super::control::run(framed, shared, req, peer_pid).await;
                return;
            }
            ClientMsg::Hello { .. } | ClientMsg::Resize { .. } | ClientMsg::ControlLine(_) => {
                return
            }
        }
    }
}

/// Serves an attached client; a panic ends only its connection.
async fn attach(
    framed: Conn,
    shared: &std::sync::Arc<Shared>,
    req: ccmux_proto::AttachRequest,
    extra: Option<ccmux_proto::AttachExtra>,
    peer_pid: Option<i32>,
    tty: bool,
) {
    let run = std::panic::AssertUnwindSafe(super::attach::run(
        framed, shared, req, extra, peer_pid, tty,
    ));
    if let Err(panic) = run.catch_unwind().await {
        tracing::error!("attached client ended by a panic: {}", panic_text(&panic));
    }
}

/// Tells the server that the first connection had its first answer, once: when told, or when dropped.
struct FirstAnswer<'a>(Option<&'a Shared>);

impl FirstAnswer<'_> {
    fn given(&mut self) {
        if let Some(shared) = self.0.take() {
            shared.first_answered.send_replace(true);
        }
    }
}

impl Drop for FirstAnswer<'_> {
    fn drop(&mut self) {
        self.given();
    }
}

/// The test seam for panics: a server started with `CCMUX_TEST_PANIC=<command>` panics (with the state
/// locked) when a client runs that command.
fn test_panic(argv: &[String]) -> bool {
    static NAME: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    NAME.get_or_init(|| std::env::var("CCMUX_TEST_PANIC").ok())
        .as_ref()
        .is_some_and(|n| argv.first() == Some(n))
}

/// A panic's message.
fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}

/// Sends a command's reply; standard output larger than a frame goes ahead of it in `Output` frames.
async fn send_reply(framed: &mut Conn, mut reply: ccmux_proto::CommandReply) -> Result<(), ()> {
    if reply.stdout.len() > ccmux_proto::CHUNK {
        for chunk in std::mem::take(&mut reply.stdout).chunks(ccmux_proto::CHUNK) {
            send(framed, &ServerMsg::Output(chunk.to_vec())).await?;
        }
    }
    send(framed, &ServerMsg::Done(reply)).await
}

/// Runs a command line to its end: each step's changes durable before the next (and before the reply),
/// jobs (if-shell, run-shell, new panes' processes) run off the state lock while the queue waits; the
/// reply gathers every step's output.
async fn run_command(
    shared: &std::sync::Arc<Shared>,
    req: ccmux_proto::CommandRequest,
    stdin: Option<Vec<u8>>,
    umask: Option<u32>,
) -> (ccmux_proto::CommandReply, super::effects::After) {
    let outcome = {
        let mut srv = shared.lock();
        if test_panic(&req.argv) {
            panic!("a panic asked for by CCMUX_TEST_PANIC");
        }
        crate::cmd::run(&mut srv, req, stdin, umask)
    };
    let (mut reply, effects) = run_to_end(shared, outcome).await;
    let after = super::effects::before_reply(shared, &effects).await;
    for e in &after.errors {
        reply.stderr.push_str(&format!("ccmux: {e}\n"));
        reply.status = 1;
    }
    (reply, after)
}

/// Drives a queue's outcome to its end (see [`run_command`]): the gathered reply and effects.
pub async fn run_to_end(
    shared: &std::sync::Arc<Shared>,
    mut outcome: crate::cmd::Outcome,
) -> (ccmux_proto::CommandReply, Vec<crate::cmd::Effect>) {
    let mut reply = ccmux_proto::CommandReply::default();
    let mut effects = Vec::new();
    let mut not_saved = false;
    // New panes' processes are forked held before their `exec` and let go when the command is done
    // (or, before that, when it waits for anything else: a `wait-for` on what they do, say). Forked is
    // all the reply needs (`#{pane_pid}`), and on a small machine a shell starting while the reply is
    // made took the CPU from it for a millisecond (bench/roundtrip.py).
    let mut held: Vec<std::sync::Arc<crate::cmd::spawn::ReleaseHeld>> = Vec::new();
    loop {
        let commit = shared.lock().commit(&outcome.changes);
        // A new pane's process starts while the pane's creation is made durable: the reply still
        // waits for both. Should the server die in between, the recovered state has no such pane and
        // the keeper's process for it is ended (`recovery.rs`, "unknown pane"). Other jobs (a shell
        // command's effects are its own) start only once the changes before them are durable.
        let early_spawn = outcome
            .suspended
            .as_ref()
            .and_then(|(wait, _)| match &wait.job {
                crate::cmd::queue::Job::Spawn { spawner, .. } => {
                    Some((wait.job.clone(), spawner.clone()))
                }
                _ => None,
            });
        // Processes the command ended (kill-window ...) end only once its changes are durable.
        let (durable, mut early) = match early_spawn {
            Some((job, spawner)) => {
                // One release per spawn, through the spawner that started it.
                let release = std::sync::Arc::new(crate::cmd::spawn::ReleaseHeld(spawner));
                held.push(release.clone());
                let (durable, started) = tokio::join!(
                    commit.finish(shared),
                    crate::cmd::queue::run_job_held(job, release)
                );
                (durable, Some(started))
            }
            None => (commit.finish(shared).await, None),
        };
        if let Err(e) = durable {
            tracing::error!("change not durable: {e}");
            not_saved = true;
            outcome.reply.stderr.push_str(&format!(
                "ccmux: warning: persistence is degraded, this change is not saved: {e}\n"
            ));
        }
        reply.stdout.extend_from_slice(&outcome.reply.stdout);
        reply.stderr.push_str(&outcome.reply.stderr);
        if outcome.reply.status != 0 {
            reply.status = outcome.reply.status;
        }
        effects.extend(outcome.effects);
        let Some((wait, state)) = outcome.suspended else {
            break;
        };
        // What clients are asked meanwhile happens now (a prompt the queue waits for, a message).
        effects.retain(|e| match e {
            crate::cmd::Effect::Client(id, action) => {
                shared.lock().clients.act(*id, action.clone());
                false
            }
            _ => true,
        });
        let result = match early.take() {
            Some(started) => started,
            None => {
                // Whatever this waits for may need the held processes running.
                held.clear();
                crate::cmd::queue::run_job(wait.job.clone()).await
            }
        };
        let mut srv = shared.lock();
        outcome = crate::cmd::resume(&mut srv, wait, state, result);
    }
    drop(held);
    if not_saved && reply.status == 0 {
        // Done, but not saved: scripts can tell (README, "Exit status").
        reply.status = EXIT_NOT_SAVED;
    }
    (reply, effects)
}

/// The exit status of a command that did what it was asked but whose change is not saved
/// (persistence degraded): it is lost if the server crashes before persistence recovers.
pub const EXIT_NOT_SAVED: i32 = 3;

pub type Conn = Framed<UnixStream, tokio_util::codec::LengthDelimitedCodec>;

/// The next well-formed message; `None` on close, on an oversized or malformed frame (the connection is
/// then dropped: the server and other clients are unaffected).
pub async fn next(framed: &mut Conn) -> Option<ClientMsg> {
    match framed.next().await? {
        Ok(bytes) => match decode::<ClientMsg>(&bytes) {
            Ok(msg) => Some(msg),
            Err(e) => {
                tracing::warn!("dropping client: {e}");
                None
            }
        },
        Err(e) => {
            tracing::warn!("dropping client: {e}");
            None
        }
    }
}

pub async fn send(framed: &mut Conn, msg: &ServerMsg) -> Result<(), ()> {
    let bytes = ccmux_proto::encode(msg).map_err(|_| ())?;
    framed.send(bytes::Bytes::from(bytes)).await.map_err(|_| ())
}
