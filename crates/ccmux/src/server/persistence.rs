//! The server's persistence tasks: pane output to the WAL, checkpoints, working-directory tracking.

use super::Shared;
use ccmux_model::Change;
use ccmux_persist::store::{PaneCapture, SavedLine};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// Starts the background tasks; they end with the runtime.
pub fn spawn_tasks(shared: Arc<Shared>) {
    let checkpoint_now = Arc::new(Notify::new());
    tokio::spawn(flush_output(shared.clone(), checkpoint_now.clone()));
    tokio::spawn(checkpoints(shared, checkpoint_now));
}

/// Every half flush interval, hands each pane's new output to the WAL (which fsyncs it within the other
/// half), so output is durable within `wal_flush_interval_ms`.
async fn flush_output(shared: Arc<Shared>, checkpoint_now: Arc<Notify>) {
    let (interval, max_bytes, keep_lines) = {
        let srv = shared.lock();
        let p = &srv.config.persistence;
        (
            p.wal_flush_interval_ms.max(2) / 2,
            p.max_wal_size_mb.saturating_mul(1 << 20),
            // Enough lines to refill the saved scrollback and a screen.
            p.scrollback_max_lines + 500,
        )
    };
    let mut tick = tokio::time::interval(Duration::from_millis(interval));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let (store, screens) = {
            let srv = shared.lock();
            let Some(store) = srv.store.clone() else {
                return;
            };
            let screens: Vec<_> = srv
                .panes
                .iter()
                .map(|(id, h)| (*id, h.screen.clone()))
                .collect();
            (store, screens)
        };
        for (pane, screen) in screens {
            let taken = screen.lock().ok().and_then(|mut s| s.take_unlogged());
            if let Some((offset, data)) = taken {
                store.log_output(pane, offset, &data, keep_lines);
            }
        }
        if store.bytes_since_checkpoint() > max_bytes {
            checkpoint_now.notify_one();
        }
    }
}

async fn checkpoints(shared: Arc<Shared>, checkpoint_now: Arc<Notify>) {
    let interval = Duration::from_secs(
        shared
            .lock()
            .config
            .persistence
            .checkpoint_interval_secs
            .max(1),
    );
    // While degraded, retry every few seconds: a fresh checkpoint makes the log trustworthy again.
    let retry = Duration::from_secs(2);
    let mut last = tokio::time::Instant::now();
    loop {
        let asked = tokio::select! {
            _ = tokio::time::sleep(Duration::from_millis(500)) => false,
            _ = checkpoint_now.notified() => true,
        };
        let degraded = shared
            .lock()
            .store
            .as_ref()
            .and_then(|s| s.degraded())
            .is_some();
        let due = if degraded { retry } else { interval };
        if asked || last.elapsed() >= due {
            checkpoint(&shared).await;
            last = tokio::time::Instant::now();
        }
    }
}

/// Takes a checkpoint: captures the model and every pane at one LSN with the state locked, then writes
/// it. Both run on a blocking thread: the WAL barrier waits for an fsync, which never happens on (or
/// blocks) the async runtime's workers.
pub async fn checkpoint(shared: &Arc<Shared>) {
    let shared = shared.clone();
    let result = tokio::task::spawn_blocking(move || {
        let (store, lsn, model, panes) = capture(&shared)?;
        let started = std::time::Instant::now();
        match store.write_checkpoint(lsn, model, panes) {
            Ok(()) => tracing::info!(lsn, elapsed = ?started.elapsed(), "checkpoint written"),
            Err(e) => tracing::error!(lsn, "checkpoint failed: {e}"),
        }
        Some(())
    })
    .await;
    if let Err(e) = result {
        tracing::error!("checkpoint task failed: {e}");
    }
}

type Captured = (
    Arc<ccmux_persist::store::Store>,
    u64,
    ccmux_model::Model,
    Vec<PaneCapture>,
);

/// The model at the LSN of the last change logged, with the state locked only that long (changes are
/// logged under the lock, so none can fall between the two); then, without the lock, a WAL barrier
/// that makes the records up to it durable (the wait for an fsync never stalls other clients); then
/// each pane under its own screen lock. A pane's state and output offset are taken together, and output
/// replay goes by offset, so capturing a pane after the barrier is safe: it only covers more.
fn capture(shared: &Shared) -> Option<Captured> {
    let (store, lsn, model, screens, keep, max_lines) = {
        let srv = shared.lock();
        let store = srv.store.clone()?;
        let lsn = store.last_lsn();
        let screens: Vec<_> = srv
            .panes
            .iter()
            .map(|(id, h)| (*id, h.screen.clone()))
            .collect();
        let p = &srv.config.persistence;
        let (keep, max_lines) = (p.scrollback_persistence, p.scrollback_max_lines);
        (store, lsn, srv.model.clone(), screens, keep, max_lines)
    };
    match store.barrier() {
        Ok(synced) if synced >= lsn => {}
        Ok(synced) => tracing::warn!(lsn, synced, "WAL barrier short of the checkpoint's LSN"),
        Err(e) if store.degraded().is_some() => {
            tracing::warn!("persistence degraded ({e}): writing a fresh checkpoint");
        }
        Err(e) => {
            tracing::warn!("checkpoint skipped: {e}");
            return None;
        }
    }
    let panes = screens
        .into_iter()
        .filter(|(id, _)| model.panes.contains_key(id))
        .filter_map(|(id, screen)| {
            let mut screen = super::pane::lock(&screen)?;
            // Output still unlogged is in the emulator, so this checkpoint covers it.
            let _ = screen.take_unlogged();
            // The screens go in the terminal state (exact: modes, cursor, both screens), the
            // history in the scrollback file. Neither is written with scrollback persistence off.
            let lines = keep.then(|| history_lines(&screen.emu, max_lines));
            let term = keep.then(|| ccmux_term::encode_state(&screen.emu.state()));
            Some(PaneCapture {
                pane: id,
                output_offset: screen.offset,
                lines,
                term,
            })
        })
        .collect();
    Some((store, lsn, model, panes))
}

/// The newest `max` lines of history (the screens are saved in the terminal state).
fn history_lines(emu: &ccmux_term::Emulator, max: usize) -> Vec<SavedLine> {
    let history = emu.history();
    let skip = history.len().saturating_sub(max);
    history
        .skip(skip)
        .map(|l| SavedLine {
            text: l.text.clone(),
            wrapped: l.wrapped,
        })
        .collect()
}

/// Once a second, reads what runs in each pane (its foreground process's command and working
/// directory) without the state lock, keeps it for formats, and records a changed working directory.
/// Only the foreground process group (an ioctl on the master) is taken under the lock.
pub async fn track_processes(shared: Arc<Shared>) {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let panes: Vec<_> = {
            let srv = shared.lock();
            srv.panes
                .iter()
                .filter(|(_, h)| h.alive())
                .map(|(id, h)| {
                    let fg = h.foreground_pid().unwrap_or(h.pid);
                    (*id, fg, h.proc_info.clone())
                })
                .collect()
        };
        let read = tokio::task::spawn_blocking(move || {
            let mut cwds = Vec::new();
            for (id, fg, info) in panes {
                let command = std::fs::read_to_string(format!("/proc/{fg}/comm"))
                    .map(|c| c.trim_end().to_string())
                    .unwrap_or_default();
                let Ok(cwd) = std::fs::read_link(format!("/proc/{fg}/cwd")) else {
                    continue;
                };
                let cwd = cwd.display().to_string();
                if let Ok(mut i) = info.lock() {
                    *i = super::pane::ProcInfo {
                        command,
                        cwd: cwd.clone(),
                    };
                }
                cwds.push((id, cwd));
            }
            cwds
        })
        .await;
        let Ok(cwds) = read else { continue };
        let mut srv = shared.lock();
        let changes: Vec<Change> = cwds
            .into_iter()
            .filter(|(id, cwd)| srv.model.panes.get(id).is_some_and(|p| &p.cwd != cwd))
            .map(|(id, cwd)| Change::PaneCwd { id, cwd })
            .collect();
        let changes: Vec<Change> = changes
            .into_iter()
            .filter(|c| srv.apply(c).is_ok())
            .collect();
        srv.commit_in_background(&changes);
    }
}
