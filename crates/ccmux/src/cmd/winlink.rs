//! What the window commands that link, unlink, move and swap windows share: tmux's choice of a
//! session's next current window when its current one goes (session_detach), shuffling indexes up
//! (winlink_shuffle_up), renumbering (session_renumber_windows), and the errors for what ccmux's model
//! does not allow.
//!
//! tmux keeps a session's current window as a link (an index), ccmux's model as a window: commands that
//! reorder links compute the window tmux would show and select it with `WindowSelectedIn`.

use super::support::{fail, CmdError, CmdResult, Ctx};
use ccmux_model::{Change, Model, OptionScope, SessionId, WindowId};

/// Every session in tmux's order (its session tree is sorted by name), for `-a` listings.
pub fn sessions_by_name(model: &Model) -> Vec<SessionId> {
    let mut all: Vec<&ccmux_model::Session> = model.sessions.values().collect();
    all.sort_by(|a, b| a.name.cmp(&b.name));
    all.iter().map(|s| s.id).collect()
}

/// `base-index` of a session.
pub fn base_index(model: &Model, session: SessionId) -> u32 {
    model
        .option_number(OptionScope::Session(session), "base-index")
        .clamp(0, i64::from(i32::MAX)) as u32
}

/// The index of `window` in `session`.
pub fn index_of(model: &Model, session: SessionId, window: WindowId) -> Option<u32> {
    let s = model.sessions.get(&session)?;
    s.windows
        .iter()
        .find(|(_, w)| **w == window)
        .map(|(i, _)| *i)
}

/// The window at `index` of `session`.
pub fn at(model: &Model, session: SessionId, index: u32) -> Option<WindowId> {
    model.sessions.get(&session)?.windows.get(&index).copied()
}

/// Whether two different sessions are in one group (tmux refuses to link or swap between them).
pub fn grouped_together(model: &Model, a: SessionId, b: SessionId) -> bool {
    let group = |s: SessionId| model.sessions.get(&s).and_then(|s| s.group.clone());
    a != b && group(a).is_some() && group(a) == group(b)
}

/// The error for a second link of a window in one session: tmux allows it, ccmux's model links a
/// window once per session.
pub fn twice(model: &Model, session: SessionId, window: WindowId) -> CmdError {
    let name = model
        .sessions
        .get(&session)
        .map_or_else(String::new, |s| s.name.clone());
    let index = index_of(model, session, window).unwrap_or(0);
    CmdError::Msg(format!(
        "window {window} is already linked in session {name} (at index {index}): \
         linking a window twice in one session is not available in ccmux"
    ))
}

/// The window tmux makes current when the current window of `session`, at `index`, is unlinked
/// (session_detach): the last window, else the one before it by index (the last index when it is the
/// first), if any other is left. `extra` is a link being added at the same time (move-window within a
/// session).
fn successor(model: &Model, session: SessionId, index: u32, extra: Option<u32>) -> Option<u32> {
    let s = model.sessions.get(&session)?;
    let leaving = s.windows.get(&index).copied();
    if let Some(last) = s.last_window.filter(|l| Some(*l) != leaving) {
        if let Some(i) = index_of(model, session, last) {
            return Some(i);
        }
    }
    let mut indexes: Vec<u32> = s.windows.keys().copied().chain(extra).collect();
    indexes.sort_unstable();
    indexes.dedup();
    let before = indexes.iter().rev().find(|i| **i < index);
    let pick = before.or(indexes.last()).copied()?;
    (pick != index).then_some(pick)
}

/// Unlinks `window` from `session` (and its group) as tmux's server_unlink_window: where it is the
/// current window the session moves to the one tmux picks first. A session left with no window ends;
/// a window linked nowhere else ends with its panes.
pub fn unlink(ctx: &mut Ctx, session: SessionId, window: WindowId) -> CmdResult {
    let members = ctx.srv.model.group_members(session);
    leave(ctx, &members, window)?;
    ctx.apply(Change::WindowUnlinked { window, session })?;
    Ok(())
}

/// Before `window` goes from `sessions`: each of them whose current window it is moves to the window
/// tmux picks (session_detach), so the model's own choice never applies.
pub fn leave(ctx: &mut Ctx, sessions: &[SessionId], window: WindowId) -> CmdResult {
    for &session in sessions {
        let model = &ctx.srv.model;
        if model
            .sessions
            .get(&session)
            .is_none_or(|s| s.active_window != window)
        {
            continue;
        }
        let next = index_of(model, session, window)
            .and_then(|i| successor(model, session, i, None))
            .and_then(|i| at(model, session, i));
        if let Some(next) = next.filter(|n| *n != window) {
            ctx.apply(Change::WindowSelectedIn {
                session,
                window: next,
            })?;
        }
    }
    Ok(())
}

/// What `move-window -d` of the current window within its session leaves current: the window tmux's
/// session_detach picks when the old link goes and the new one (`to`) is already there.
pub fn successor_of_move(model: &Model, session: SessionId, from: u32, to: u32) -> Option<u32> {
    successor(model, session, from, Some(to))
}

/// Makes `window` the current window of `session` unless it is.
pub fn select(ctx: &mut Ctx, session: SessionId, window: WindowId) -> CmdResult {
    if ctx.srv.model.sessions[&session].active_window != window {
        ctx.apply(Change::WindowSelectedIn { session, window })?;
    }
    Ok(())
}

/// Brings `session` to `active` as its current window and `last` as its last one where the model can:
/// selecting `last` first, then `active`, leaves both (a last window cannot be cleared).
pub fn settle(
    ctx: &mut Ctx,
    session: SessionId,
    active: WindowId,
    last: Option<WindowId>,
) -> CmdResult {
    let s = &ctx.srv.model.sessions[&session];
    if s.active_window == active && (last.is_none() || s.last_window == last) {
        return Ok(());
    }
    if let Some(last) = last.filter(|l| *l != active) {
        select(ctx, session, last)?;
    }
    select(ctx, session, active)
}

/// winlink_shuffle_up: makes room at the index after `around` (at `around` itself with `before`) by
/// moving the windows from there up to the next free index one place up; returns the free index.
pub fn shuffle_up(
    ctx: &mut Ctx,
    session: SessionId,
    around: u32,
    before: bool,
) -> Result<u32, CmdError> {
    let limit = i32::MAX as u32;
    let start = if before {
        around
    } else {
        around.saturating_add(1)
    };
    let windows = &ctx.srv.model.sessions[&session].windows;
    let Some(free) = (start..limit).find(|i| !windows.contains_key(i)) else {
        return Err(CmdError::Quiet);
    };
    for from in (start..free).rev() {
        ctx.apply(Change::WindowMoved {
            session,
            from,
            to: from + 1,
        })?;
    }
    Ok(start)
}

/// session_renumber_windows: the session's windows (and its group's) get consecutive indexes from
/// `base-index`, in order; the current and last windows stay.
pub fn renumber(ctx: &mut Ctx, session: SessionId) -> CmdResult {
    let Some(moves) = renumber_changes(&ctx.srv.model, session) else {
        return fail("too many windows to renumber");
    };
    // tmux renumbers its winlinks without a notification.
    ctx.srv.control.quiet = true;
    let moved = moves
        .into_iter()
        .try_for_each(|change| ctx.apply(change).map(|_| ()));
    ctx.srv.control.quiet = false;
    moved
}

/// The moves [`renumber`] makes of `session`'s windows (none when they are in order already);
/// `None` when the indexes would overflow.
pub fn renumber_changes(model: &Model, session: SessionId) -> Option<Vec<Change>> {
    let base = base_index(model, session);
    let old: Vec<u32> = model
        .sessions
        .get(&session)?
        .windows
        .keys()
        .copied()
        .collect();
    let moves = renumber_moves(&old, base)?;
    Some(
        moves
            .into_iter()
            .map(|(from, to)| Change::WindowMoved { session, from, to })
            .collect(),
    )
}

/// Whether `session` exists and has `renumber-windows` on.
pub fn renumbers(model: &Model, session: SessionId) -> bool {
    model.sessions.contains_key(&session)
        && model.option_flag(OptionScope::Session(session), "renumber-windows")
}

/// The moves that give the windows at `old` (ascending) consecutive indexes from `base`, in an order in
/// which none lands on an index still in use: those moving up first, highest first, then those moving
/// down, lowest first. `None` when the indexes would overflow.
fn renumber_moves(old: &[u32], base: u32) -> Option<Vec<(u32, u32)>> {
    let top = base.checked_add(u32::try_from(old.len()).ok()?)?;
    let pairs: Vec<(u32, u32)> = old.iter().copied().zip(base..top).collect();
    let up = pairs.iter().rev().filter(|(o, n)| n > o);
    let down = pairs.iter().filter(|(o, n)| n < o);
    Some(up.chain(down).copied().collect())
}

/// Renumbers `session` if it still exists and its `renumber-windows` option is on (after a window left
/// it).
pub fn renumber_if_on(ctx: &mut Ctx, session: SessionId) -> CmdResult {
    if renumbers(&ctx.srv.model, session) {
        renumber(ctx, session)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::renumber_moves;
    use std::collections::BTreeSet;

    /// Applies the moves one by one, checking that each lands on a free index.
    fn apply(old: &[u32], base: u32) -> Vec<u32> {
        let mut used: BTreeSet<u32> = old.iter().copied().collect();
        for (from, to) in renumber_moves(old, base).unwrap() {
            assert!(used.remove(&from), "{from} is not in use");
            assert!(used.insert(to), "{to} is still in use");
        }
        used.into_iter().collect()
    }

    #[test]
    fn renumbering_never_lands_on_an_index_in_use() {
        assert_eq!(apply(&[0, 3, 4, 9], 0), [0, 1, 2, 3]);
        assert_eq!(apply(&[0, 1, 2], 1), [1, 2, 3]);
        assert_eq!(apply(&[0, 5, 6, 20], 4), [4, 5, 6, 7]);
        assert_eq!(apply(&[2, 3], 2), [2, 3]);
        assert!(renumber_moves(&[2, 3], 2).unwrap().is_empty());
        assert!(renumber_moves(&[0, 1], u32::MAX).is_none());
    }
}
