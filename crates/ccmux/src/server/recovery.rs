//! Bringing recovered state back to life: the model, and each pane respawned with its scrollback.

use super::format_vars::time_string;
use super::keeper_link::{Handover, LivePane};
use super::pane::{Preload, SavedState};
use super::pty::Spawned;
use super::state::{Restore, Server};
use crate::restore_rules::{Action, How, Plan};
use ccmux_model::{Change, PaneId};
use ccmux_persist::store::{PaneHistory, Recovered};
use ccmux_term::HistoryLine;
use std::collections::BTreeMap;

/// What recovery found wrong only after the server answered: a saved terminal state, saved lines or
/// logged output that a pane's thread (or whoever needed its screen first) read later and that did not
/// decode or had changed on disk. `persistence status` lists them after the notes made at start, so a
/// damaged file is reported where the others are, not only in `server.log`.
static LATE_NOTES: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

/// At most this many late notes are kept (one per pane and kind at most, in practice).
const MAX_LATE_NOTES: usize = 1000;

/// Reports a problem found by a deferred read (see [`LATE_NOTES`]); also logged.
pub fn late_note(text: String) {
    tracing::error!("{text}");
    let mut notes = LATE_NOTES.lock().unwrap_or_else(|e| e.into_inner());
    if notes.len() < MAX_LATE_NOTES {
        notes.push(text);
    }
}

/// The problems deferred reads found so far.
pub fn late_notes() -> Vec<String> {
    LATE_NOTES.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

/// Installs the recovered model and brings every pane back. A pane whose process the keeper kept alive
/// is re-adopted (same process; its screen and scrollback as they were, then what it printed meanwhile,
/// then a forced redraw); a pane whose process ended while no server ran is closed; any other pane is
/// started again in its last working directory with its saved scrollback and a `[restored <time>]`
/// marker. Returns what to report.
pub fn restore(srv: &mut Server, recovered: Recovered, handover: Option<Handover>) -> Vec<String> {
    let mut notes = recovered.problems;
    srv.model = recovered.model;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let marker = restored_marker(recovered.saved_at_ms.map(|ms| ms / 1000), now);
    let mut histories = recovered.panes;
    // A keeper that was running before this server holds every pane that still lives.
    let kept = handover.as_ref().is_some_and(|h| !h.fresh);
    let (mut live, exited): (BTreeMap<u32, LivePane>, Vec<_>) = match handover {
        Some(h) => (h.live.into_iter().map(|l| (l.pane, l)).collect(), h.exited),
        None => (BTreeMap::new(), Vec::new()),
    };
    for (pane, pid, how) in &exited {
        tracing::info!(pane = %PaneId(*pane), pid, "pane process {how} while no server ran");
    }
    let mut closed = Vec::new();
    let mut died = Vec::new();
    // Panes to start again, started all at once after this loop.
    let mut starts = Vec::new();
    let rules = srv.config.restore.with_options(&srv.model);
    for pane in srv.model.panes_in_order() {
        let mut history = histories.remove(&pane).unwrap_or_default();
        // A re-adopted pane's logged output is read by its own IO thread once the server listens
        // (`pane::load_logged`); any other pane's is read now (a new process's screen is planned
        // from it, and a dead pane has no IO thread).
        if !live.contains_key(&pane.0)
            || srv.model.panes.get(&pane).is_some_and(|p| p.dead.is_some())
        {
            load_output(&mut history, &mut notes, pane);
        }
        let rows = srv.model.pane_rect(pane).map_or(24, |r| r.rows as usize);
        let offset = history.offset;
        let dead = srv.model.panes.get(&pane).is_some_and(|p| p.dead.is_some());
        if dead {
            // A dead pane (remain-on-exit) has no process to adopt or start: it comes back dead.
            let restore = Restore {
                offset,
                preload: preload(history, rows, None, &mut notes, pane),
            };
            if let Err(e) = srv.attach_dead(pane, restore) {
                notes.push(format!("dead pane {pane} could not be restored: {e}"));
            }
            // The keeper may not have reaped its ended process yet: that is this pane's, let it go.
            if live.remove(&pane.0).is_some() {
                if let Some(keeper) = &srv.keeper {
                    keeper.forget(pane.0);
                }
            }
            continue;
        }
        if let Some(lp) = live.remove(&pane.0) {
            let mut preload = preload(history, rows, None, &mut notes, pane);
            // Without the saved terminal state, make a full-screen program draw itself again.
            let nudge = preload.state.is_none();
            // What the old server read from the PTY but had not logged yet is in the output ring.
            if let Some(fd) = &lp.ring {
                match ring_tail(fd, offset) {
                    Ok((tail, 0)) => preload.tail = tail,
                    Ok((tail, lost)) => {
                        notes.push(format!(
                            "pane {pane}: {lost} bytes of output printed before the crash were lost (more than the output ring holds)"
                        ));
                        preload.tail = tail;
                    }
                    Err(e) => notes.push(format!("pane {pane}: output ring unreadable: {e}")),
                }
            }
            let restore = Restore { offset, preload };
            let spawned = Spawned {
                master: lp.master,
                pid: lp.pid,
                ring: lp.ring,
            };
            match srv.attach_process(pane, spawned, Some(restore)) {
                Ok(()) if nudge => srv.panes[&pane].nudge_redraw(),
                Ok(()) => {}
                Err(e) => notes.push(format!("pane {pane} could not be re-adopted: {e}")),
            }
            continue;
        }
        // A pane the keeper never held (it was started in place of one that died, and the server
        // died before handing it every pane): not known to have ended, so started again as after
        // a reboot, never closed.
        let known_end = exited.iter().find(|e| e.0 == pane.0);
        if kept && known_end.is_none() {
            notes.push(format!(
                "pane {pane}: not held by the keeper (a keeper replaced while the server died); started again"
            ));
        }
        if kept && known_end.is_some() {
            let how = known_end.map_or("is gone", |e| e.2.as_str());
            if let Some(change) = srv.died_while_away(pane, how) {
                let restore = Restore {
                    offset,
                    preload: preload(history, rows, None, &mut notes, pane),
                };
                match srv.attach_dead(pane, restore) {
                    Ok(()) => {
                        notes.push(format!(
                            "pane {pane}: its process {how} while no server ran; pane kept dead (remain-on-exit)"
                        ));
                        died.push(change);
                        continue;
                    }
                    Err(e) => notes.push(format!("dead pane {pane} could not be restored: {e}")),
                }
            }
            notes.push(format!(
                "pane {pane}: its process {how} while no server ran; pane closed"
            ));
            closed.push(pane);
            continue;
        }
        // The program it ran, by the restore rules (issue 13).
        let plan = (srv.model.panes.get(&pane)).and_then(|p| {
            crate::restore_rules::plan_with_screen(
                &rules,
                p,
                history.term.as_deref(),
                &history.output,
            )
        });
        let said = match &plan {
            Some(p) => format!("{}; {}]", marker.trim_end_matches(']'), p.describe(true)),
            None => marker.clone(),
        };
        let restore = Restore {
            offset,
            preload: preload(history, rows, Some(&said), &mut notes, pane),
        };
        match spawn_request(srv, pane, plan.as_ref()) {
            Ok(request) => starts.push((pane, request, restore, plan)),
            Err(e) => {
                notes.push(format!("pane {pane} could not be started again: {e}"));
                closed.push(pane);
            }
        }
    }
    // The processes in one go (the keeper's requests pipelined), then each attached to its pane. They
    // are held before their `exec` until the server listens (`Spawner::release_held`): each pane has
    // its terminal and pid now (what is typed to it waits in the terminal), and the shells' start-up
    // does not take the CPU from the first client's answer.
    let requests: Vec<_> = starts.iter().map(|s| s.1.clone()).collect();
    let started = std::time::Instant::now();
    let count = requests.len();
    let spawned = srv.spawner().spawn_many_held(requests);
    if count > 0 {
        tracing::info!(count, elapsed = ?started.elapsed(), "pane processes started");
    }
    for ((pane, _, restore, plan), spawned) in starts.into_iter().zip(spawned) {
        if let Err(e) = spawned.and_then(|s| start_again(srv, pane, s, restore, plan.as_ref())) {
            notes.push(format!("pane {pane} could not be started again: {e}"));
            closed.push(pane);
        }
    }
    let mut changes: Vec<Change> = died.into_iter().filter(|c| srv.apply(c).is_ok()).collect();
    for c in &changes {
        if let Change::PaneDied { id, .. } = c {
            srv.show_dead(*id);
        }
    }
    changes.extend(
        closed
            .into_iter()
            .map(|id| Change::PaneClosed { id })
            .filter(|c| srv.apply(c).is_ok()),
    );
    srv.commit_in_background(&changes);
    if let Some(keeper) = &srv.keeper {
        for (pane, lp) in live {
            if srv.recovery_incomplete {
                // The saved state that would name this pane may be what could not be read.
                notes.push(format!(
                    "process {} of pane %{pane}, unknown to the recovered state, is left running in the keeper",
                    lp.pid
                ));
            } else {
                notes.push(format!("process {} of unknown pane %{pane} ended", lp.pid));
                keeper.forget(pane);
            }
        }
    }
    notes
}

/// What starting a pane again after a reboot runs, by what its plan says about the program it ran:
/// the pane's own command (or asked for, or the shell in its place), else its shell.
fn spawn_request(
    srv: &Server,
    pane: PaneId,
    plan: Option<&Plan>,
) -> std::io::Result<crate::keeper::wire::SpawnRequest> {
    let own = plan.filter(|p| p.how == How::Command);
    let mut request = srv.spawn_request(pane, None, own.is_none())?;
    if let Some(p) = own {
        let argv = &p.decision.argv;
        request.command = match p.decision.action {
            Action::Run => argv.clone(),
            Action::Ask => super::state::confirm_first(argv, &request.shell),
            Action::Skip => Vec::new(),
        };
    }
    Ok(request)
}

/// Attaches a pane's new process after a reboot, with its restored screen; a program its plan types
/// into the new shell is typed once the shell shows its prompt (with Enter for `run`).
fn start_again(
    srv: &mut Server,
    pane: PaneId,
    spawned: Spawned,
    restore: Restore,
    plan: Option<&Plan>,
) -> std::io::Result<()> {
    srv.attach_process(pane, spawned, Some(restore))?;
    if let Some(p) = plan.filter(|p| p.how == How::Typed) {
        let line = crate::restore_rules::shell_line(&p.decision.argv);
        let typed = match p.decision.action {
            Action::Run => Some(format!("{line}\r")),
            Action::Ask => Some(line),
            Action::Skip => None,
        };
        if let (Some(typed), Some(h)) = (typed, srv.panes.get(&pane)) {
            h.type_when_ready(typed.into_bytes());
        }
    }
    Ok(())
}

/// The line a pane started again shows: when its state was saved and how long ago (the time the
/// machine or server was down), e.g. `[restored: saved Tue Dec  1 16:04:05 2026, 3m 12s ago]`.
fn restored_marker(saved: Option<u64>, now: u64) -> String {
    match saved {
        Some(at) => format!(
            "[restored: saved {}, {} ago]",
            time_string(at),
            duration_text(now.saturating_sub(at))
        ),
        None => format!("[restored {}]", time_string(now)),
    }
}

/// `45s`, `3m 12s`, `2h 5m`, `3d 4h`.
fn duration_text(secs: u64) -> String {
    let (d, h, m, s) = (secs / 86_400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{s}s"),
        (0, 0, _) => format!("{m}m {s}s"),
        (0, _, _) => format!("{h}h {m}m"),
        _ => format!("{d}d {h}h"),
    }
}

/// What a restored pane shows. With the checkpoint's terminal state: that state, its history, and the
/// output logged after it. Without one (older checkpoints): saved lines (all but the last screenful go
/// straight into the history), then the output logged after them. For a new process (`marker`), then a
/// reset of what the old program left on (alternate screen, input modes; the shell's screen as it left
/// it comes back), and the dim marker line.
/// The output a pane's ring holds past `offset` (what the WAL has), and how much of it is gone.
fn ring_tail(fd: &rustix::fd::OwnedFd, offset: u64) -> std::io::Result<(Vec<u8>, u64)> {
    super::ring::read_since(fd, offset)
}

/// Reads the pane's logged output into `history.output` (a read that fails is reported).
fn load_output(history: &mut PaneHistory, notes: &mut Vec<String>, pane: PaneId) {
    match std::mem::take(&mut history.logged).load() {
        Ok(bytes) if history.output.is_empty() => history.output = bytes,
        Ok(bytes) => history.output.extend_from_slice(&bytes),
        Err(e) => notes.push(format!("pane {pane}: recovered output not replayed: {e}")),
    }
}

fn preload(
    history: PaneHistory,
    rows: usize,
    marker: Option<&str>,
    notes: &mut Vec<String>,
    pane: PaneId,
) -> Preload {
    // Its version and size checked now; decoded by the pane's own thread (`pane::SavedState`).
    let state = match history.term.map(|t| ccmux_term::state_size(&t).map(|_| t)) {
        Some(Ok(bytes)) => Some(SavedState::Encoded(bytes)),
        Some(Err(e)) => {
            notes.push(format!(
                "pane {pane}: saved terminal state unreadable ({e})"
            ));
            None
        }
        None => None,
    };
    let mut lines = history.lines;
    let mut later = history.lines_later;
    if state.is_none() {
        // The last screenful of them is the screen: decoded now.
        match later.take().map(|l| l.decode()) {
            Some(Ok(decoded)) => lines = decoded,
            Some(Err(e)) => notes.push(format!("pane {pane}: scrollback lost: {e}")),
            None => {}
        }
    }
    let mut bytes = Vec::new();
    let mut had_content = !history.output.is_empty() || !history.logged.is_empty();
    if state.is_none() {
        let on_screen = lines.split_off(lines.len().saturating_sub(rows));
        for (i, line) in on_screen.iter().enumerate() {
            if i > 0 {
                bytes.extend_from_slice(b"\r\n");
            }
            bytes.extend_from_slice(line.text.as_bytes());
            bytes.extend_from_slice(b"\x1b[0m");
        }
        had_content |= !on_screen.is_empty();
    } else {
        had_content = true;
    }
    if bytes.is_empty() {
        // Moved, not copied: after a big WAL this is most of what recovery holds.
        bytes = history.output;
    } else {
        bytes.extend_from_slice(&history.output);
    }
    if let Some(marker) = marker {
        // A new process: leave the alternate screen (back to the shell's screen), input modes off
        // (cursor keys, keypad, mouse, bracketed paste, focus), attributes reset, the cursor shown
        // and the scroll region whole (cursor kept), then the marker on a fresh line.
        bytes.extend_from_slice(
            b"\x1b[?1049l\x1b[?1l\x1b>\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1005l\x1b[?1006l\
              \x1b[?2004l\x1b[?1004l\x1b[0m\x1b[?25h\x1b7\x1b[r\x1b8",
        );
        if had_content {
            bytes.extend_from_slice(b"\r\n");
        }
        bytes.extend_from_slice(format!("\x1b[2m{marker}\x1b[0m\r\n").as_bytes());
    }
    Preload {
        tail: Vec::new(),
        logged: history.logged,
        history_later: later,
        state,
        history: lines
            .into_iter()
            .map(|l| HistoryLine {
                text: l.text,
                wrapped: l.wrapped,
            })
            .collect(),
        bytes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_says_when_saved_and_how_long_ago() {
        assert_eq!(duration_text(45), "45s");
        assert_eq!(duration_text(192), "3m 12s");
        assert_eq!(duration_text(7500), "2h 5m");
        assert_eq!(duration_text(3 * 86_400 + 4 * 3600 + 5), "3d 4h");
        let m = restored_marker(Some(1_000_000), 1_000_192);
        assert!(
            m.starts_with("[restored: saved ") && m.ends_with(", 3m 12s ago]"),
            "{m}"
        );
    }
}
