//! break-pane (tmux's cmd-break-pane.c): a pane leaves its window for a new one (`PaneBroken`); a
//! window's only pane moves the window itself.

use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, CmdResult, Ctx};
use super::Args;
use ccmux_model::{Change, OptionScope, OptionValue, SessionId, WindowId};

pub const ENTRY: Entry = Entry {
    name: "break-pane",
    alias: Some("breakp"),
    template: "abdPF:n:s:t:",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-abdP] [-F format] [-n window-name] [-s src-pane] [-t dst-window]",
    about: "break a pane out of its window into a new window",
    target: TargetKind::Window,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let (src_s, src_w, pane) = ctx.find_pane(args.get('s'))?;
    let found = ctx
        .srv
        .model
        .find_window_index(args.get('t'), &ctx.current)?;
    let dst_s = found.session;
    ctx.srv.touch(dst_s);
    let mut idx = found.index;
    if args.has('a') || args.has('b') {
        // Next to the window the target names (the current window when it named a free index).
        let s = &ctx.srv.model.sessions[&dst_s];
        let near = match found.index {
            Some(i) if s.windows.contains_key(&i) => i,
            _ => ctx
                .srv
                .model
                .window_index_in(Some(dst_s), s.active_window)
                .unwrap_or(0),
        };
        idx = Some(shuffle_up(ctx, dst_s, near, args.has('b'))?);
    }
    super::swap_pane::unzoom(ctx, src_w)?;
    let name = args.get('n').map(String::from);
    if ctx.srv.model.windows[&src_w].layout.panes().len() == 1 {
        return move_window(ctx, args, (src_s, src_w), dst_s, idx, name);
    }
    let index = match idx {
        Some(i) if ctx.srv.model.sessions[&dst_s].windows.contains_key(&i) => {
            return fail(format!("index in use: {i}"));
        }
        Some(i) => i,
        None => first_free(ctx, dst_s),
    };
    let area = ctx.srv.model.window_area(src_w).unwrap_or_default();
    let mut from_layout = ctx.srv.model.windows[&src_w].layout.clone();
    from_layout
        .remove(area, pane)
        .map_err(ccmux_model::ChangeError::from)?;
    let window = WindowId(ctx.srv.model.next.window);
    let name = match name {
        Some(n) => n,
        None => Ctx::default_window_name(&ctx.srv.model.panes[&pane].spec),
    };
    ctx.apply(Change::PaneBroken {
        pane,
        window,
        session: dst_s,
        index,
        name,
        select: !args.has('d'),
        from_layout,
    })?;
    if args.has('n') {
        no_automatic_rename(ctx, window)?;
    }
    if args.has('P') {
        let fmt = args
            .get('F')
            .unwrap_or("#{session_name}:#{window_index}.#{pane_index}");
        let line = crate::server::format_ctx::Target::pane(ctx.srv, Some(dst_s), pane)
            .with_formats(&ctx.formats)
            .expand(fmt);
        ctx.print(&line);
    }
    Ok(())
}

/// A window's only pane: the window itself moves to the index (tmux links it there and unlinks it
/// where it was).
fn move_window(
    ctx: &mut Ctx,
    args: &Args,
    (src_s, window): (SessionId, WindowId),
    dst_s: SessionId,
    idx: Option<u32>,
    name: Option<String>,
) -> CmdResult {
    let model = &ctx.srv.model;
    let same_group = model.group_members(src_s).contains(&dst_s);
    if src_s != dst_s && same_group {
        return fail("sessions are grouped");
    }
    if let Some(i) = idx {
        match model.sessions[&dst_s].windows.get(&i) {
            Some(w) if *w == window => return fail(format!("same index: {i}")),
            Some(_) => return fail(format!("index in use: {i}")),
            None => {}
        }
    }
    let to = idx.unwrap_or_else(|| first_free(ctx, dst_s));
    if src_s == dst_s {
        let from = ctx
            .srv
            .model
            .window_index_in(Some(src_s), window)
            .unwrap_or(0);
        ctx.apply(Change::WindowMoved {
            session: src_s,
            from,
            to,
        })?;
        let s = &ctx.srv.model.sessions[&src_s];
        if !args.has('d') && s.active_window != window {
            ctx.apply(Change::WindowSelectedIn {
                session: src_s,
                window,
            })?;
        } else if args.has('d') && s.active_window == window {
            // tmux unlinks the old link, and a session losing its current window goes to its last
            // window, else the one before it.
            let other = s
                .last_window
                .filter(|l| *l != window && s.windows.values().any(|w| w == l))
                .or_else(|| {
                    let before = s.windows.range(..to).next_back().map(|(_, w)| *w);
                    before.or_else(|| s.windows.range(to + 1..).next().map(|(_, w)| *w))
                });
            if let Some(other) = other.filter(|o| *o != window) {
                ctx.apply(Change::WindowSelectedIn {
                    session: src_s,
                    window: other,
                })?;
            }
        }
    } else {
        ctx.apply(Change::WindowLinked {
            window,
            session: dst_s,
            index: to,
            select: !args.has('d'),
        })?;
        ctx.apply(Change::WindowUnlinked {
            window,
            session: src_s,
        })?;
    }
    if let Some(name) = name {
        ctx.apply(Change::WindowRenamed { id: window, name })?;
        no_automatic_rename(ctx, window)?;
    }
    Ok(())
}

/// A window named by a command keeps its name: `automatic-rename` goes off for it, as in tmux.
pub fn no_automatic_rename(ctx: &mut Ctx, window: WindowId) -> CmdResult {
    ctx.apply(Change::OptionSet {
        scope: OptionScope::Window(window),
        name: "automatic-rename".into(),
        value: Some(OptionValue::Flag(false)),
    })?;
    Ok(())
}

/// The first free index from `base-index`.
fn first_free(ctx: &Ctx, session: SessionId) -> u32 {
    let base = ctx
        .srv
        .model
        .option_number(OptionScope::Session(session), "base-index")
        .clamp(0, i64::from(i32::MAX)) as u32;
    ctx.srv.model.free_window_index(session, base)
}

/// tmux's winlink_shuffle_up: makes index `near` + 1 (`near` itself with `before`) free by moving the
/// windows from there up to the next free index up by one; returns the freed index.
pub fn shuffle_up(
    ctx: &mut Ctx,
    session: SessionId,
    near: u32,
    before: bool,
) -> Result<u32, super::support::CmdError> {
    let idx = if before { near } else { near.saturating_add(1) };
    let windows = &ctx.srv.model.sessions[&session].windows;
    let Some(mut last) = (idx..i32::MAX as u32).find(|i| !windows.contains_key(i)) else {
        return fail("no free window index");
    };
    while last > idx {
        ctx.apply(Change::WindowMoved {
            session,
            from: last - 1,
            to: last,
        })?;
        last -= 1;
    }
    Ok(idx)
}
