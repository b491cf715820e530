//! link-window and move-window (tmux's cmd-move-window.c serves both): link a window at another index
//! or in another session, or move it there (link, then unlink from where it was); `move-window -r`
//! renumbers a session's windows.

use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, CmdError, CmdResult, Ctx};
use super::winlink;
use super::Args;
use ccmux_model::{Change, SessionId, WindowId};

pub const MOVE_WINDOW: Entry = Entry {
    name: "move-window",
    alias: Some("movew"),
    template: "abdkrs:t:",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-abdkr] [-s src-window] [-t dst-window]",
    about: "move a window to another index or session (-r: renumber the session's windows)",
    target: TargetKind::Window,
    flags: 0,
    run: Run::Server(|args, ctx| exec(args, ctx, false)),
};

pub const LINK_WINDOW: Entry = Entry {
    name: "link-window",
    alias: Some("linkw"),
    template: "abdks:t:",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-abdk] [-s src-window] [-t dst-window]",
    about: "link a window into another session (it then belongs to both)",
    target: TargetKind::Window,
    flags: 0,
    run: Run::Server(|args, ctx| exec(args, ctx, true)),
};

fn exec(args: &Args, ctx: &mut Ctx, link: bool) -> CmdResult {
    let (src, window) = ctx.find_window(args.get('s'))?;
    if !link && args.has('r') {
        // tmux looks the session up quietly: an unknown one fails without a message.
        let session = ctx
            .srv
            .model
            .find_session(args.get('t'), &ctx.current)
            .map_err(|_| CmdError::Quiet)?;
        ctx.srv.touch(session);
        return winlink::renumber(ctx, session);
    }
    let found = ctx
        .srv
        .model
        .find_window_index(args.get('t'), &ctx.current)?;
    let dst = found.session;
    ctx.srv.touch(dst);
    if winlink::grouped_together(&ctx.srv.model, src, dst) {
        return fail("sessions are grouped");
    }
    let mut index = found.index;
    if args.has('a') || args.has('b') {
        let model = &ctx.srv.model;
        let around = match found.index {
            Some(i) if winlink::at(model, dst, i).is_some() => i,
            _ => {
                let current = model.sessions[&dst].active_window;
                winlink::index_of(model, dst, current).unwrap_or(0)
            }
        };
        index = Some(winlink::shuffle_up(ctx, dst, around, args.has('b'))?);
    }
    let model = &ctx.srv.model;
    let Some(from) = winlink::index_of(model, src, window) else {
        return fail(format!("can't find window: {window}"));
    };
    let mut select = !args.has('d');
    let mut victim = None;
    if let Some(i) = index {
        if let Some(there) = winlink::at(model, dst, i) {
            if there == window {
                return fail(format!("same index: {i}"));
            }
            if !args.has('k') {
                return fail(format!("index in use: {i}"));
            }
            victim = Some(there);
            select |= model.sessions[&dst].active_window == there;
        }
    }
    let moving_within = !link && src == dst;
    if !moving_within && winlink::index_of(model, dst, window).is_some() {
        return Err(winlink::twice(model, dst, window));
    }
    let index = index.unwrap_or_else(|| {
        let base = winlink::base_index(model, dst);
        model.free_window_index(dst, base)
    });
    if moving_within {
        move_within(ctx, dst, window, from, index, victim, select)?;
    } else {
        link_into(ctx, dst, window, index, victim, select)?;
        if !link {
            winlink::unlink(ctx, src, window)?;
        }
    }
    // As tmux: the source session is renumbered only when -s was not given.
    if !args.has('s') {
        winlink::renumber_if_on(ctx, src)?;
    }
    Ok(())
}

/// Links `window` at `index` of `dst`, replacing `victim` (-k) there.
fn link_into(
    ctx: &mut Ctx,
    dst: SessionId,
    window: WindowId,
    index: u32,
    victim: Option<WindowId>,
    select: bool,
) -> CmdResult {
    let Some(victim) = victim else {
        ctx.apply(Change::WindowLinked {
            window,
            session: dst,
            index,
            select,
        })?;
        return Ok(());
    };
    if ctx.srv.model.sessions[&dst].windows.len() > 1 {
        ctx.apply(Change::WindowUnlinked {
            window: victim,
            session: dst,
        })?;
        ctx.apply(Change::WindowLinked {
            window,
            session: dst,
            index,
            select,
        })?;
        return Ok(());
    }
    // The victim is the session's only window: link the new one aside first, so the session never
    // goes empty (which would end it).
    let aside = ctx
        .srv
        .model
        .free_window_index(dst, index.saturating_add(1));
    ctx.apply(Change::WindowLinked {
        window,
        session: dst,
        index: aside,
        select,
    })?;
    ctx.apply(Change::WindowUnlinked {
        window: victim,
        session: dst,
    })?;
    ctx.apply(Change::WindowMoved {
        session: dst,
        from: aside,
        to: index,
    })?;
    Ok(())
}

/// move-window within one session: the window changes index (replacing `victim` with -k).
fn move_within(
    ctx: &mut Ctx,
    session: SessionId,
    window: WindowId,
    from: u32,
    to: u32,
    victim: Option<WindowId>,
    select: bool,
) -> CmdResult {
    let was_current = ctx.srv.model.sessions[&session].active_window == window;
    if let Some(victim) = victim {
        ctx.apply(Change::WindowUnlinked {
            window: victim,
            session,
        })?;
    }
    // tmux links the window at its new index, selects it (unless -d), then removes the old link; the
    // session's current window is a link there, so -d on the current window leaves another current.
    let next = (!select && was_current)
        .then(|| winlink::successor_of_move(&ctx.srv.model, session, from, to))
        .flatten();
    ctx.apply(Change::WindowMoved { session, from, to })?;
    if select {
        winlink::select(ctx, session, window)?;
    } else if let Some(next) = next.filter(|i| *i != to) {
        if let Some(w) = winlink::at(&ctx.srv.model, session, next) {
            winlink::select(ctx, session, w)?;
        }
    }
    Ok(())
}
