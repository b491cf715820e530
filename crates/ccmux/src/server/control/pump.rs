//! What a control client is sent next (tmux's control_write_callback): pane output from the taps of
//! the panes its session shows, merged in sequence order with its waiting notifications and replies;
//! pause-after and the "too far behind" limit applied. Runs with the state locked, a bounded amount
//! at a time.

use super::{escape, ControlEntry, PaneOut};
use crate::server::state::Server;
use ccmux_model::PaneId;
use ccmux_proto::ControlState;
use std::collections::BTreeSet;

/// Raw bytes of pane output per `%output` line at most.
const LINE_MAX: usize = 4096;
/// Bytes produced per call at most (then the lock is released while they are sent).
const BUDGET: usize = 256 * 1024;
/// A client not using pause-after that is this far behind a pane leaves (tmux's CONTROL_MAXIMUM_AGE).
const MAXIMUM_AGE_MS: u128 = 300_000;

/// What to send, in order.
pub enum Piece {
    Bytes(Vec<u8>),
    /// Everything a command line produced has been sent.
    LineDone,
    State(ControlState),
}

#[derive(Default)]
pub struct Batch {
    pub pieces: Vec<Piece>,
    /// There is more to send right away.
    pub more: bool,
    /// The client leaves, for this reason (empty: none given).
    pub exit: Option<String>,
}

/// The panes of the windows linked in the client's session.
fn visible(srv: &Server, session: ccmux_model::SessionId) -> BTreeSet<PaneId> {
    let Some(s) = srv.model.sessions.get(&session) else {
        return BTreeSet::new();
    };
    s.windows
        .values()
        .filter_map(|w| srv.model.windows.get(w))
        .flat_map(|w| w.layout.panes())
        .collect()
}

pub fn pump(srv: &mut Server, id: u32) -> Batch {
    let Some(entry) = srv.clients.clients.get_mut(&id) else {
        return Batch {
            exit: Some(String::new()),
            ..Batch::default()
        };
    };
    let session = entry.session;
    let flags = entry.flags.clone();
    let Some(mut ce) = entry.control.take() else {
        return Batch::default();
    };
    let batch = pump_entry(srv, id, session, &flags, &mut ce);
    if let Some(entry) = srv.clients.clients.get_mut(&id) {
        entry.control = Some(ce);
    }
    batch
}

fn pump_entry(
    srv: &Server,
    id: u32,
    session: ccmux_model::SessionId,
    flags: &super::Flags,
    ce: &mut ControlEntry,
) -> Batch {
    let mut batch = Batch::default();
    if ce.state_changed {
        ce.state_changed = false;
        batch.pieces.push(Piece::State(ControlState {
            session: session.to_string(),
            flags: flags.shown().join(","),
            size: ce.size,
            subscriptions: ce.subs.specs(),
        }));
    }
    let alive = srv.model.sessions.contains_key(&session);
    let shown = visible(srv, session);
    for p in &shown {
        if ce.panes.contains_key(p) {
            continue;
        }
        let Some(h) = srv.panes.get(p) else { continue };
        let screen = h.screen.clone();
        let sent = {
            let Some(mut s) = crate::server::pane::lock_cold(&screen) else {
                continue;
            };
            let Some(tap) = s.tap.as_mut() else { continue };
            let sent = if tap.born > ce.registered {
                tap.start()
            } else {
                tap.end()
            };
            tap.set_reader(id, sent);
            sent
        };
        ce.panes.insert(
            *p,
            PaneOut {
                screen,
                sent,
                paused: false,
                off: false,
            },
        );
    }
    let mut buf: Vec<u8> = Vec::new();
    loop {
        let limit = ce.out.front().map_or(u64::MAX, |o| o.seq);
        let mut wrote = false;
        let mut gone = Vec::new();
        for (pane, po) in ce.panes.iter_mut() {
            if ce.leaving {
                break;
            }
            let visible = shown.contains(pane);
            match read_pane(id, *pane, po, flags, limit, &mut buf) {
                Read::Wrote => wrote = true,
                Read::Nothing if !visible => gone.push(*pane),
                Read::Nothing => {}
                Read::Behind => {
                    batch.exit = Some("too far behind".into());
                    break;
                }
            }
        }
        for pane in gone {
            if let Some(po) = ce.panes.remove(&pane) {
                if let Some(mut s) = crate::server::pane::lock_cold(&po.screen) {
                    if let Some(tap) = s.tap.as_mut() {
                        tap.remove_reader(id);
                    }
                }
            }
        }
        if batch.exit.is_some() {
            break;
        }
        if buf.len() >= BUDGET {
            batch.more = true;
            break;
        }
        if wrote {
            continue;
        }
        match ce.out.front() {
            Some(o) if o.ready => {
                let Some(o) = ce.out.pop_front() else { break };
                ce.waiting = ce.waiting.saturating_sub(o.bytes.len());
                buf.extend_from_slice(&o.bytes);
                if o.line_done {
                    batch.pieces.push(Piece::Bytes(std::mem::take(&mut buf)));
                    batch.pieces.push(Piece::LineDone);
                }
            }
            _ => break,
        }
    }
    if !buf.is_empty() {
        batch.pieces.push(Piece::Bytes(buf));
    }
    if batch.exit.is_none() {
        if let Some(reason) = ce.exit.take() {
            batch.exit = Some(reason);
        } else if ce.leaving && ce.out.is_empty() {
            batch.exit = Some(String::new());
        } else if !alive && ce.out.is_empty() {
            // The session is gone (and every line about it sent): tmux detaches the client.
            batch.exit = Some(String::new());
        }
    }
    batch
}

enum Read {
    Wrote,
    Nothing,
    /// The client lost output it was to be sent and does not pause: it must leave.
    Behind,
}

/// Writes the pane's next output (what came before `limit`) as an `%output` or `%extended-output`
/// line, or pauses the pane when it is too old.
fn read_pane(
    id: u32,
    pane: PaneId,
    po: &mut PaneOut,
    flags: &super::Flags,
    limit: u64,
    buf: &mut Vec<u8>,
) -> Read {
    let Some(mut screen) = crate::server::pane::lock_cold(&po.screen) else {
        return Read::Nothing;
    };
    let Some(tap) = screen.tap.as_mut() else {
        return Read::Nothing;
    };
    if flags.no_output || po.off || po.paused {
        // Ignored output is dropped, as tmux's control_write_output does.
        if po.sent != tap.end() {
            po.sent = tap.end();
            tap.set_reader(id, po.sent);
        }
        return Read::Nothing;
    }
    let chunk = tap.read(po.sent, limit, LINE_MAX);
    let age = |at: u64| tap.time_of(at).map_or(0, |t| t.elapsed().as_millis());
    if chunk.lost || (!chunk.bytes.is_empty() && too_old(flags, age(po.sent))) {
        if flags.pause_after.is_none() {
            return Read::Behind;
        }
        po.paused = true;
        po.sent = tap.end();
        tap.set_reader(id, po.sent);
        buf.extend_from_slice(format!("%pause {pane}\n").as_bytes());
        return Read::Wrote;
    }
    if chunk.bytes.is_empty() {
        return Read::Nothing;
    }
    let head = match flags.pause_after {
        Some(_) => format!("%extended-output {pane} {} : ", age(po.sent)),
        None => format!("%output {pane} "),
    };
    buf.extend_from_slice(head.as_bytes());
    escape(&chunk.bytes, buf);
    buf.push(b'\n');
    po.sent = chunk.next;
    tap.set_reader(id, po.sent);
    Read::Wrote
}

/// tmux's control_check_age: with pause-after, output at least that old (and not from this very
/// millisecond) pauses its pane; without, output five minutes old means the client is too far behind.
fn too_old(flags: &super::Flags, age_ms: u128) -> bool {
    match flags.pause_after {
        Some(limit) => age_ms > 0 && age_ms >= u128::from(limit),
        None => age_ms >= MAXIMUM_AGE_MS,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_rules() {
        let pause = |ms| super::super::Flags {
            pause_after: Some(ms),
            ..Default::default()
        };
        assert!(!too_old(&pause(0), 0));
        assert!(too_old(&pause(0), 1));
        assert!(!too_old(&pause(2000), 1999));
        assert!(too_old(&pause(2000), 2000));
        assert!(!too_old(&Default::default(), 299_999));
        assert!(too_old(&Default::default(), 300_000));
    }
}
