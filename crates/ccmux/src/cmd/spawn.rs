//! Pane processes are started in two phases, so that no fork/exec and no keeper round trip happens
//! under the state lock: a command puts the pane in the model (or, for a respawn, prepares its change)
//! and leaves a spawn request; the queue then waits for a `Job::Spawn` run off the lock, and resumes
//! here to attach the processes (or to report why one could not start, closing the new pane).
//! `-P` output waits for the process, so `#{pane_pid}` and the like are right.

use super::support::Ctx;
use crate::keeper::wire::SpawnRequest;
use crate::server::pty::Spawned;
use crate::server::state::Spawner;
use ccmux_model::{Change, PaneId};

/// A process a command asked for, waiting to be started.
#[derive(Clone)]
pub struct PendingSpawn {
    pub pane: PaneId,
    /// What to print once it runs (`-P`, expanded for the pane).
    pub print: Option<String>,
    /// A respawn: the change to apply once the new process runs (nothing changes if it cannot start).
    pub respawn: Option<Change>,
    /// The error's prefix ("create pane failed: ").
    pub what: &'static str,
}

/// What a spawn job started, in its requests' order: each process or why it could not start.
#[derive(Default)]
pub struct Started(pub Vec<Result<Spawned, String>>);

impl std::fmt::Debug for Started {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Started({} processes)", self.0.len())
    }
}

/// Starts the processes (blocking: off the state lock).
pub fn start(spawner: &Spawner, requests: &[SpawnRequest]) -> Started {
    Started(
        requests
            .iter()
            .map(|r| spawner.spawn(r.clone()).map_err(|e| e.to_string()))
            .collect(),
    )
}

/// [`start`], the keeper's processes held before their `exec` until [`Spawner::release_held`]: for a
/// command whose reply waits for them to be forked only (see `connection::run_to_end`).
pub fn start_held(spawner: &Spawner, requests: &[SpawnRequest]) -> Started {
    Started(
        spawner
            .spawn_many_held(requests.to_vec())
            .into_iter()
            .map(|r| r.map_err(|e| e.to_string()))
            .collect(),
    )
}

/// Releases the processes a command started held once the command is done with them: when the last
/// copy goes (the command's, or the spawn job's, which keeps one until the keeper has answered, so that
/// a command given up meanwhile still releases after the keeper forked). Posted; nothing waits.
pub struct ReleaseHeld(pub Spawner);

impl Drop for ReleaseHeld {
    fn drop(&mut self) {
        self.0.release_all_held();
    }
}

/// Attaches what was started to its panes; a process whose pane went meanwhile is let go.
pub fn attach(
    ctx: &mut Ctx,
    group: u64,
    spawner: &Spawner,
    pending: Vec<PendingSpawn>,
    started: Started,
) {
    let mut results = started.0.into_iter();
    for p in pending {
        let result = results
            .next()
            .unwrap_or_else(|| Err("the process was not started".into()));
        if p.respawn.is_some() {
            ctx.srv.respawning.remove(&p.pane);
        }
        if let Err(e) = attach_one(ctx, spawner, &p, result) {
            ctx.errors.push(format!("{}{e}", p.what));
            ctx.failed = true;
            ctx.q.failed.insert(group);
        }
    }
}

fn attach_one(
    ctx: &mut Ctx,
    spawner: &Spawner,
    p: &PendingSpawn,
    result: Result<Spawned, String>,
) -> Result<(), String> {
    let spawned = match result {
        Ok(s) => s,
        Err(e) => {
            close_new(ctx, p);
            return Err(e);
        }
    };
    if !ctx.srv.model.panes.contains_key(&p.pane) {
        spawner.abandon(p.pane, spawned);
        return Err(format!("pane {} was closed meanwhile", p.pane));
    }
    let attached = match &p.respawn {
        Some(change) => match ctx.apply(change.clone()) {
            Ok(_) => ctx.srv.respawned(p.pane, spawned),
            Err(e) => {
                spawner.abandon(p.pane, spawned);
                return Err(e.to_string());
            }
        },
        None => ctx.srv.attach_process(p.pane, spawned, None),
    };
    if let Err(e) = attached {
        spawner.release(p.pane);
        close_new(ctx, p);
        return Err(e.to_string());
    }
    if let Some(format) = &p.print {
        let line = ctx.expand(format, Some(p.pane));
        ctx.print(&line);
    }
    Ok(())
}

/// A new pane whose process could not start goes again (its creation is already logged, so is this).
fn close_new(ctx: &mut Ctx, p: &PendingSpawn) {
    if p.respawn.is_none() && ctx.srv.model.panes.contains_key(&p.pane) {
        let _ = ctx.apply(Change::PaneClosed { id: p.pane });
    }
}
