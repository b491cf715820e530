//! swap-window: two windows trade places (indexes, or sessions).

use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, CmdResult, Ctx};
use super::winlink;
use super::Args;
use ccmux_model::{Change, SessionId, WindowId};

pub const ENTRY: Entry = Entry {
    name: "swap-window",
    alias: Some("swapw"),
    template: "ds:t:",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-d] [-s src-window] [-t dst-window]",
    about: "swap two windows",
    target: TargetKind::Window,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    // As tmux (CMD_FIND_DEFAULT_MARKED): without -s, the marked pane's window if there is one.
    let source = match args.get('s') {
        None if ctx
            .current
            .marked
            .is_some_and(|p| ctx.srv.model.panes.contains_key(&p)) =>
        {
            Some("{marked}")
        }
        s => s,
    };
    let (src, w_src) = ctx.find_window(source)?;
    let (dst, w_dst) = ctx.find_window(args.get('t'))?;
    let model = &ctx.srv.model;
    if winlink::grouped_together(model, src, dst) {
        return fail("can't move window, sessions are grouped");
    }
    if w_src == w_dst {
        return Ok(());
    }
    if src != dst {
        if winlink::index_of(model, dst, w_src).is_some() {
            return Err(winlink::twice(model, dst, w_src));
        }
        if winlink::index_of(model, src, w_dst).is_some() {
            return Err(winlink::twice(model, src, w_dst));
        }
    }
    let (Some(i_src), Some(i_dst)) = (
        winlink::index_of(model, src, w_src),
        winlink::index_of(model, dst, w_dst),
    ) else {
        return fail("can't find window");
    };
    // tmux's current and last windows are links: they keep their indexes, and so show the window
    // swapped in.
    let before: Vec<_> = [src, dst].iter().map(|s| positions(ctx, *s)).collect();
    ctx.apply(Change::WindowsSwapped {
        a: (src, i_src),
        b: (dst, i_dst),
    })?;
    let mut sessions = vec![(src, before[0])];
    if src != dst {
        sessions.push((dst, before[1]));
    }
    for (session, (current, last)) in sessions {
        let model = &ctx.srv.model;
        let window_at = |i: Option<u32>| i.and_then(|i| winlink::at(model, session, i));
        let mut active = window_at(current);
        let mut last = window_at(last);
        if args.has('d') {
            // -d: the swapped-in link at the target (and at the source, across sessions) is
            // selected.
            let chosen = if session == dst { i_dst } else { i_src };
            let chosen = winlink::at(model, session, chosen);
            if chosen != active {
                last = active;
                active = chosen;
            }
        }
        if let Some(active) = active {
            winlink::settle(ctx, session, active, last)?;
        }
    }
    Ok(())
}

/// The indexes of a session's current and last windows.
fn positions(ctx: &Ctx, session: SessionId) -> (Option<u32>, Option<u32>) {
    let model = &ctx.srv.model;
    let s = &model.sessions[&session];
    let index = |w: Option<WindowId>| w.and_then(|w| winlink::index_of(model, session, w));
    (index(Some(s.active_window)), index(s.last_window))
}
