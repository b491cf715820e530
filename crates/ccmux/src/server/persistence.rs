//! The server's persistence tasks: pane output to the WAL, checkpoints, working-directory tracking.

use super::Shared;
use ccmux_model::{Change, PaneId};
use ccmux_persist::store::{PaneCapture, SavedLine};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// How long output must have been quiet to count as settled: well over the readers' pace of telling
/// about a burst that goes on (so a flood never looks settled), long enough for an echo to be on
/// the client's terminal before the disk's work starts, well under the time to the next key.
const SETTLE: Duration = Duration::from_millis(10);
/// Settled output is synced at once at most this often (fast typing: 20 fsyncs a second at most);
/// in between, the writer's lazy bound covers it.
const SETTLED_SYNC_EVERY: Duration = Duration::from_millis(50);
const _: () = assert!(SETTLE.as_millis() >= 2 * super::pane::SIGNAL_EVERY.as_millis());

/// Starts the background tasks; they end with the runtime.
pub fn spawn_tasks(shared: Arc<Shared>) {
    let checkpoint_now = Arc::new(Notify::new());
    tokio::spawn(flush_output(shared.clone(), checkpoint_now.clone()));
    tokio::spawn(checkpoints(shared, checkpoint_now));
}

/// The WAL segment size for a bound of `max_wal_mb` MiB: an eighth of it (at least 64 KiB, at most
/// the default 16 MiB), so that the active segment's preallocation and the one a checkpoint cannot
/// delete yet stay well inside the bound.
pub fn segment_size(max_wal_mb: u64) -> u64 {
    (max_wal_mb.saturating_mul(1 << 20) / 8)
        .clamp(64 << 10, ccmux_persist::wal::DEFAULT_SEGMENT_SIZE)
}

/// Hands each pane's new output to the WAL, so output is durable within `wal_flush_interval_ms`:
/// - output that has settled (nothing more for [`SETTLE`]: an echo, a command's answer) is handed
///   over then, and synced at once unless a settled sync went less than [`SETTLED_SYNC_EVERY`] ago
///   (the writer's lazy bound covers it then). The disk's work is done while the user reads what
///   came, not half an interval later, when the next key may come, and an echo is durable within
///   milliseconds;
/// - output that goes on is handed over an interval after it came and synced at once. That is the
///   same bound as handing it over after half an interval for the writer's lazy bound to sync it
///   within the other half, but each hand-over writes the pane's tail (up to `keep_lines` lines),
///   so a flood writes it half as often.
///
/// Woken by the pane threads' output signal (at most 4 ms late during a burst): no wake-ups while
/// nothing is printed. The WAL's files stay within `max_wal_size_mb`: a checkpoint is asked for
/// once they take half of it (it lets the WAL go up to itself), and output that would take them
/// past the bound (less a segment for the next roll) waits in the pane, only its last lines kept,
/// until a checkpoint covers it or there is room (meanwhile the flush keeps its pace without
/// waiting for more output). Changes are always logged (they are small).
async fn flush_output(shared: Arc<Shared>, checkpoint_now: Arc<Notify>) {
    let (interval, max_bytes, keep_lines, segment) = {
        let srv = shared.lock();
        let p = &srv.config.persistence;
        (
            p.wal_flush_interval_ms.max(1),
            p.max_wal_size_mb.saturating_mul(1 << 20),
            // Enough lines to refill the saved scrollback and a screen.
            p.scrollback_max_lines + 500,
            segment_size(p.max_wal_size_mb),
        )
    };
    let interval = Duration::from_millis(interval);
    let mut output = super::pane::redraw_signal().subscribe();
    let mut held_back = false;
    let mut last_settled_sync: Option<tokio::time::Instant> = None;
    loop {
        let mut settled = false;
        if held_back {
            tokio::time::sleep(interval).await;
        } else {
            if output.changed().await.is_err() {
                return;
            }
            // After the clients woken by the same output have drawn it: arming the timer below
            // wakes the reactor (tokio's timer does when a deadline comes before its next one),
            // which is a system call and a task's turn that an echo's frame would wait behind.
            tokio::task::yield_now().await;
            // Settled: a whole SETTLE without output (looked at every SETTLE, up to `due`).
            let due = tokio::time::Instant::now() + interval;
            loop {
                let now = tokio::time::Instant::now();
                if now >= due {
                    break;
                }
                tokio::time::sleep(SETTLE.min(due - now)).await;
                if !output.has_changed().unwrap_or(true) {
                    settled = true;
                    break;
                }
                output.borrow_and_update();
            }
        }
        // Output from here on wakes the next round.
        output.borrow_and_update();
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
        let mut on_disk = store.wal_disk_bytes_soon();
        let room = max_bytes.saturating_sub(segment);
        let mut waiting = false;
        let mut logged = false;
        for (pane, screen) in screens {
            let taken = screen.lock().ok().and_then(|mut s| {
                let skip = s.unlogged_tail_start(keep_lines);
                let len = s.unlogged_len().saturating_sub(skip) as u64;
                // Framing: a record per MiB at most, 16 bytes each, and the envelope.
                let need = len + (len >> 16) + 64;
                if len > 0 && on_disk + need > room {
                    s.trim_unlogged(keep_lines, ccmux_persist::store::MAX_REPLAY_BYTES);
                    waiting = true;
                    return None;
                }
                on_disk += need;
                s.take_unlogged_from(skip)
            });
            if let Some((offset, data, dropped)) = taken {
                // Cut to its last `keep_lines` lines already.
                store.log_output_tail(pane, offset, &data, dropped);
                if let Ok(mut s) = screen.lock() {
                    s.queued_through = s.queued_through.max(offset + data.len() as u64);
                }
                logged = true;
            }
        }
        if logged && !settled {
            // Handed over a whole interval after it came: no lazy wait on top.
            store.sync_soon();
        } else if logged
            && last_settled_sync.is_none_or(|t| t.elapsed() >= SETTLED_SYNC_EVERY.min(interval))
        {
            store.sync_soon();
            last_settled_sync = Some(tokio::time::Instant::now());
        }
        if waiting || store.wal_disk_bytes_soon() > max_bytes / 2 {
            checkpoint_now.notify_one();
        }
        held_back = waiting;
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
    // The WAL says when it turns degraded (or healthy): nothing polls for it.
    let health = Arc::new(Notify::new());
    if let Some(store) = shared.lock().store.clone() {
        let health = health.clone();
        store.on_health_change(move || health.notify_one());
    }
    // Degraded from the start was announced by the start-up.
    let mut was_degraded = degraded(&shared).is_some();
    loop {
        // Sleeps until a checkpoint is due, asked for, or the health changes: an idle server does
        // not wake in between.
        let due = if was_degraded { retry } else { interval };
        let nap = due
            .saturating_sub(last.elapsed())
            .max(Duration::from_millis(100));
        let asked = tokio::select! {
            _ = tokio::time::sleep(nap) => false,
            _ = checkpoint_now.notified() => true,
            _ = health.notified() => false,
        };
        let now_degraded = degraded(&shared);
        if now_degraded.is_some() != was_degraded {
            announce_health(&shared, now_degraded.as_deref());
        }
        let due = if now_degraded.is_some() {
            retry
        } else {
            interval
        };
        if asked || last.elapsed() >= due {
            let _ = checkpoint(&shared).await;
            last = tokio::time::Instant::now();
        }
        let after = degraded(&shared);
        if after.is_some() != now_degraded.is_some() {
            announce_health(&shared, after.as_deref());
        }
        was_degraded = after.is_some();
    }
}

/// Why persistence is degraded (changes are not saved), if it is.
pub fn degraded(shared: &Shared) -> Option<String> {
    shared.lock().store.as_ref().and_then(|s| s.degraded())
}

/// The message for a degraded state (`why`), or for the return to health.
pub fn health_message(why: Option<&str>) -> String {
    match why {
        Some(why) => {
            format!("persistence DEGRADED: changes are not being saved ({why}); retrying every 2 s")
        }
        None => "persistence healthy again: changes are saved".to_string(),
    }
}

/// Says that persistence turned degraded or healthy: in server.log, in the message log, and as a
/// message to every attached client.
pub fn announce_health(shared: &Shared, why: Option<&str>) {
    let text = health_message(why);
    match why {
        Some(_) => tracing::error!("{text}"),
        None => tracing::info!("{text}"),
    }
    let mut srv = shared.lock();
    srv.add_messages(std::slice::from_ref(&text));
    for id in srv.clients.clients.keys() {
        srv.clients
            .act(*id, crate::cmd::ClientAction::Message(text.clone()));
    }
}

/// Takes a checkpoint: captures the model and every pane at one LSN with the state locked, then writes
/// it. Both run on a blocking thread: the WAL barrier waits for an fsync, which never happens on (or
/// blocks) the async runtime's workers. The error says why it failed (also kept for `persistence
/// status`).
pub async fn checkpoint(shared: &Arc<Shared>) -> Result<(), String> {
    let shared = shared.clone();
    let result = tokio::task::spawn_blocking(move || {
        let (store, lsn, model, panes) = capture(&shared)?;
        let started = std::time::Instant::now();
        match store.write_checkpoint(lsn, model, panes) {
            Ok(()) => {
                tracing::info!(lsn, elapsed = ?started.elapsed(), "checkpoint written");
                Ok(())
            }
            Err(e) => {
                tracing::error!(lsn, "checkpoint failed: {e}");
                Err(format!("checkpoint failed: {e}"))
            }
        }
    })
    .await;
    match result {
        Ok(r) => r,
        Err(e) => {
            tracing::error!("checkpoint task failed: {e}");
            Err(format!("checkpoint failed: {e}"))
        }
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
fn capture(shared: &Shared) -> Result<Captured, String> {
    let (store, lsn, model, screens, keep, max_lines) = {
        let srv = shared.lock();
        let store = srv.store.clone().ok_or("persistence is off")?;
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
            let why = format!("checkpoint skipped: {e}");
            tracing::warn!("{why}");
            store.checkpoint_failed(&why);
            return Err(why);
        }
    }
    let panes = screens
        .into_iter()
        .filter(|(id, _)| model.panes.contains_key(id))
        .filter_map(|(id, screen)| {
            let mut screen = super::pane::lock_cold(&screen)?;
            // Output still unlogged is in the emulator, so this checkpoint covers it.
            let _ = screen.take_unlogged();
            // The screens go in the terminal state (exact: modes, cursor, both screens), the
            // history in the scrollback file. Neither is written with scrollback persistence off.
            let lines = keep.then(|| history_lines(&screen.emu, max_lines));
            // A frozen emulator's kept bytes (the same encoding): an idle pane is not thawed.
            let term = keep.then(|| screen.emu.encoded_state());
            Some(PaneCapture {
                pane: id,
                output_offset: screen.offset,
                lines,
                term,
            })
        })
        .collect();
    Ok((store, lsn, model, panes))
}

/// The newest `max` lines of history (the screens are saved in the terminal state).
fn history_lines(emu: &ccmux_term::Emulator, max: usize) -> Vec<SavedLine> {
    let history = emu.history();
    let skip = history.len().saturating_sub(max);
    history
        .skip(skip)
        .map(|l| SavedLine {
            text: l.text.to_string(),
            wrapped: l.wrapped,
        })
        .collect()
}

/// What the process tracker last read of a pane.
struct Seen {
    /// Its output offset and foreground process group then.
    offset: u64,
    fg: i32,
    /// The foreground process's name, and what it ran (`None`: the pane's own process).
    command: String,
    foreground: Option<ccmux_model::Foreground>,
}

/// Reads what runs in each pane (its foreground process's command and working directory) without the
/// state lock, keeps it for formats, and records a changed working directory and foreground program
/// (its command line, for a restore after a reboot). Event-driven: it wakes
/// only after something changed (a screen or the model; at most once a second), and reads `/proc` only
/// for panes whose output or foreground process changed since it last looked, so idle panes cost
/// nothing. Only the foreground process group (an ioctl on the master) is taken under the lock.
pub async fn track_processes(shared: Arc<Shared>) {
    // For bench/tracking.py only: the cost of tracking is the difference it makes.
    if std::env::var_os("CCMUX_BENCH_NO_TRACKING").is_some() {
        tracing::warn!(
            "process tracking off (CCMUX_BENCH_NO_TRACKING): nothing is restored by rule"
        );
        return;
    }
    let mut changed = super::pane::redraw_signal().subscribe();
    // What each pane showed when last read: its output offset and foreground process.
    let seen: Arc<std::sync::Mutex<HashMap<PaneId, Seen>>> = Arc::default();
    let mut names = super::names::Names::default();
    let mut alerted = super::pane::alert_signal().subscribe();
    let mut last_alert = tokio::time::Instant::now();
    loop {
        // Woken by a change, a bell or a name (at most four times a second), or a silence alert
        // falling due.
        let due = shared.lock().alerts.next_silence();
        let far = tokio::time::Instant::now() + Duration::from_secs(86400);
        let silence = due.map_or(far, tokio::time::Instant::from_std);
        tokio::select! {
            r = changed.changed() => {
                if r.is_err() {
                    return;
                }
                // After the clients have drawn the output (see `flush_output`).
                tokio::task::yield_now().await;
                // A burst of output settles first.
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            r = alerted.changed() => {
                if r.is_err() {
                    return;
                }
                tokio::time::sleep_until(last_alert + Duration::from_millis(250)).await;
                last_alert = tokio::time::Instant::now();
            }
            _ = tokio::time::sleep_until(silence), if due.is_some() => {}
        }
        changed.borrow_and_update();
        alerted.borrow_and_update();
        let panes: Vec<_> = {
            let srv = shared.lock();
            srv.panes
                .iter()
                .filter(|(_, h)| h.alive())
                .map(|(id, h)| {
                    let fg = h.foreground_pid().unwrap_or(h.pid);
                    (*id, h.pid, fg, h.screen.clone(), h.proc_info.clone())
                })
                .collect()
        };
        let seen = seen.clone();
        let read = tokio::task::spawn_blocking(move || {
            let mut seen = seen.lock().unwrap_or_else(|e| e.into_inner());
            seen.retain(|id, _| panes.iter().any(|(p, ..)| p == id));
            let mut cwds = Vec::new();
            let mut reread = std::collections::HashSet::new();
            let mut news = Vec::new();
            for (id, pid, fg, screen, info) in panes {
                // The raw lock: only the offset and news are wanted, not a restored pane's replay
                // (which `pane::lock` would do here, out of its turn).
                let offset = screen.lock().map_or(0, |mut s| {
                    let n = std::mem::take(&mut s.news);
                    if n.activity || n.bell || n.rename.is_some() || n.clipboard.is_some() {
                        news.push((id, n));
                    }
                    s.offset
                });
                let before = seen.get(&id);
                if before.is_some_and(|b| (b.offset, b.fg) == (offset, fg)) {
                    continue;
                }
                reread.insert(id);
                let command = super::foreground::comm(fg).unwrap_or_default();
                let Ok(cwd) = std::fs::read_link(format!("/proc/{fg}/cwd")) else {
                    continue;
                };
                let cwd = cwd.display().to_string();
                // The same process under the same name (no exec since): its command line and
                // chain are as read before; only the directory may have moved.
                let same = before.filter(|b| b.fg == fg && b.command == command);
                let read = match same {
                    Some(b) => Ok(b.foreground.clone().map(|f| ccmux_model::Foreground {
                        cwd: cwd.clone(),
                        ..f
                    })),
                    None => super::foreground::read(pid, fg, &cwd),
                };
                let Ok(foreground) = read else {
                    // Mid-exec or gone: looked at again on the next wake-up.
                    seen.remove(&id);
                    continue;
                };
                seen.insert(
                    id,
                    Seen {
                        offset,
                        fg,
                        command: command.clone(),
                        foreground: foreground.clone(),
                    },
                );
                if let Ok(mut i) = info.lock() {
                    *i = super::pane::ProcInfo {
                        command,
                        cwd: cwd.clone(),
                    };
                }
                cwds.push((id, cwd, foreground));
            }
            (cwds, reread, news)
        })
        .await;
        let Ok((cwds, reread, news)) = read else {
            continue;
        };
        let hooks = record(&shared, &mut names, cwds, &reread, &news);
        if hooks {
            super::alerts::run_hooks(&shared).await;
        }
    }
}

/// What the tracker found, under the state lock: changed working directories and foreground
/// programs are logged, programs' window names applied, alerts raised, windows renamed
/// automatically. True when `alert-*` hooks are due.
fn record(
    shared: &Shared,
    names: &mut super::names::Names,
    cwds: Vec<(PaneId, String, Option<ccmux_model::Foreground>)>,
    reread: &std::collections::HashSet<PaneId>,
    news: &[(PaneId, super::pane::News)],
) -> bool {
    let mut srv = shared.lock();
    let mut changes = Vec::new();
    for (id, cwd, foreground) in cwds {
        let Some(p) = srv.model.panes.get(&id) else {
            continue;
        };
        if p.cwd != cwd {
            changes.push(Change::PaneCwd { id, cwd });
        }
        // What a restore after a reboot would start again (issue 13).
        if p.foreground != foreground {
            changes.push(Change::PaneForeground { id, foreground });
        }
    }
    changes.extend(super::names::requested(&srv, news));
    let mut changes: Vec<Change> = changes
        .into_iter()
        .filter(|c| srv.apply(c).is_ok())
        .collect();
    super::alerts::absorb(&mut srv, news);
    super::clipboard::absorb(&mut srv, news);
    super::alerts::check_silence(&mut srv);
    let renames = names.check(&srv, reread);
    changes.extend(renames.into_iter().filter(|c| srv.apply(c).is_ok()));
    srv.commit_in_background(&changes);
    !srv.alerts.hooks.is_empty()
}

/// The time now, in Unix seconds.
pub fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
