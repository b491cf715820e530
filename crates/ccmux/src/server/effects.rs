//! Carrying out what commands return besides their changes (`cmd::Effect`), for every kind of client
//! alike: a checkpoint before the reply; shutdown, restart and client actions after it.

use super::Shared;
use crate::cmd::queue::{QueueState, Wait};
use crate::cmd::{ClientAction, Effect, Source};

/// What is left to do once the reply is sent.
#[must_use]
pub struct After {
    shared: std::sync::Arc<Shared>,
    effects: Vec<Effect>,
    /// What failed before the reply (a checkpoint that could not be written): the command fails.
    pub errors: Vec<String>,
}

/// Does what must happen before the reply (a requested checkpoint); returns the rest.
pub async fn before_reply(shared: &std::sync::Arc<Shared>, effects: &[Effect]) -> After {
    let mut errors = Vec::new();
    if effects.iter().any(|e| matches!(e, Effect::Checkpoint)) {
        if let Err(e) = super::persistence::checkpoint(shared).await {
            errors.push(e);
        }
    }
    After {
        shared: shared.clone(),
        effects: effects
            .iter()
            .filter(|e| !matches!(e, Effect::Checkpoint))
            .cloned()
            .collect(),
        errors,
    }
}

/// Runs a suspended queue to its end in the background: each job off the lock, then the queue on
/// under it; output and errors go where the queue's source shows them.
pub fn drive(shared: std::sync::Arc<Shared>, wait: Wait, state: QueueState) {
    drive_for(shared, wait, state, None);
}

/// [`drive`] for an attached client's own queue: the client is told when it is done (its keys wait
/// for it meanwhile, `attach/client/held.rs`), even if the queue's task panics.
fn drive_for(shared: std::sync::Arc<Shared>, wait: Wait, state: QueueState, client: Option<u32>) {
    struct Done(std::sync::Arc<Shared>, Option<u32>);
    impl Drop for Done {
        fn drop(&mut self) {
            if let Some(id) = self.1 {
                self.0.lock().clients.queue_done(id);
            }
        }
    }
    let done = Done(shared.clone(), client);
    tokio::spawn(async move {
        let _done = done;
        let mut next = Some((wait, state));
        while let Some((wait, state)) = next.take() {
            let result = crate::cmd::queue::run_job(wait.job.clone()).await;
            let source = state.source.clone();
            let (outcome, commit) = {
                let mut srv = shared.lock();
                let outcome = crate::cmd::resume(&mut srv, wait, state, result);
                report(&mut srv, &source, &outcome);
                let commit = srv.commit(&outcome.changes);
                (outcome, commit)
            };
            if let Err(e) = commit.finish(&shared).await {
                tracing::error!("change not durable: {e}");
            }
            let after = before_reply(&shared, &outcome.effects).await;
            if !after.errors.is_empty() {
                // A checkpoint that failed: as a command error, where the queue's source sees one.
                let mut srv = shared.lock();
                match &source {
                    Source::Client(id) => srv
                        .clients
                        .act(*id, ClientAction::Message(after.errors.join("; "))),
                    _ => srv.add_messages(&after.errors),
                }
            }
            after.carry_out(&shared);
            next = outcome.suspended;
        }
    });
}

/// Shows what a queue run in the background printed: to its client (errors as a message, output in
/// the view), or in the message log.
fn report(srv: &mut crate::server::state::Server, source: &Source, outcome: &crate::cmd::Outcome) {
    let errors = outcome.reply.stderr.trim_end();
    let output = String::from_utf8_lossy(&outcome.reply.stdout);
    let output = output.trim_end();
    match source {
        Source::Client(id) => {
            if !errors.is_empty() {
                let first = errors.lines().next().unwrap_or(errors).to_string();
                srv.clients.act(*id, ClientAction::Message(first));
            } else if !output.is_empty() {
                srv.clients.act(*id, ClientAction::View(output.to_string()));
            }
        }
        _ => {
            let lines: Vec<String> = errors.lines().map(String::from).collect();
            srv.add_messages(&lines);
        }
    }
}

impl After {
    /// Shutdown and restart stop the server loop; client actions go to their client's task.
    pub fn carry_out(self, shared: &Shared) {
        let mut stop = false;
        {
            let mut srv = shared.lock();
            for e in self.effects {
                match e {
                    Effect::Shutdown => {
                        srv.shutting_down = true;
                        srv.channels.flush();
                        // Control clients hear each session close (tmux's server_kill destroys
                        // them one by one) before they are told the server exited.
                        for _ in 0..srv.model.sessions.len() {
                            srv.notice(crate::server::control::notice::Notice::SessionsChanged);
                        }
                        srv.flush_notices();
                        stop = true;
                    }
                    Effect::Restart => {
                        srv.restart_requested = true;
                        srv.channels.flush();
                        stop = true;
                    }
                    Effect::Checkpoint => {}
                    Effect::Client(id, action) => srv.clients.act(id, action),
                    Effect::Suspended { wait, state } => {
                        let client = match state.source {
                            Source::Client(id) => Some(id),
                            _ => None,
                        };
                        drive_for(self.shared.clone(), wait, *state, client)
                    }
                    Effect::Background {
                        job,
                        resume,
                        source,
                    } => {
                        let (current, cwd) = crate::cmd::context(&srv, &source);
                        let wait = Wait {
                            job,
                            resume,
                            group: 0,
                            formats: Default::default(),
                            current,
                        };
                        drive(
                            self.shared.clone(),
                            wait,
                            QueueState::new(source, current, cwd),
                        );
                    }
                }
            }
        }
        if stop {
            shared.shutdown.notify_one();
        }
    }
}
