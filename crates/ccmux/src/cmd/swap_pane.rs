//! swap-pane (tmux's cmd-swap-pane.c): two panes trade places, within a window (`WindowLayout`) or
//! across windows (`PanesSwapped`); `-U`/`-D` swap with the previous/next pane of the target's window.

use super::entry::{Entry, Run, TargetKind};
use super::support::{CmdResult, Ctx};
use super::Args;
use ccmux_model::{Change, PaneId, WindowId};

pub const ENTRY: Entry = Entry {
    name: "swap-pane",
    alias: Some("swapp"),
    template: "dDs:t:UZ",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-dDUZ] [-s src-pane] [-t dst-pane]",
    about: "swap two panes (-U/-D: the target with the previous/next pane of its window)",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let (_, dst_w, dst) = ctx.find_pane(args.get('t'))?;
    let (mut src_w, mut src) = if args.has('D') || args.has('U') {
        (dst_w, dst)
    } else {
        let (_, w, p) = ctx.find_source_pane(args.get('s'))?;
        (w, p)
    };
    if args.has('D') || args.has('U') {
        src_w = dst_w;
        let layout = &ctx.srv.model.windows[&dst_w].layout;
        src = layout.neighbour(dst, args.has('D')).unwrap_or(dst);
    }
    // tmux unzooms both windows for the swap and zooms them again after it with -Z.
    let keep_zoom = args.has('Z');
    let zoomed_dst = unzoom(ctx, dst_w)?;
    let zoomed_src = if src_w != dst_w {
        unzoom(ctx, src_w)?
    } else {
        zoomed_dst
    };
    if src != dst {
        swap(ctx, args, (src_w, src), (dst_w, dst))?;
    }
    if keep_zoom && zoomed_src {
        rezoom(ctx, src_w)?;
    }
    if keep_zoom && zoomed_dst && src_w != dst_w {
        rezoom(ctx, dst_w)?;
    }
    Ok(())
}

fn swap(
    ctx: &mut Ctx,
    args: &Args,
    (src_w, src): (WindowId, PaneId),
    (dst_w, dst): (WindowId, PaneId),
) -> CmdResult {
    let model = &ctx.srv.model;
    if src_w == dst_w {
        let mut layout = model.windows[&dst_w].layout.clone();
        layout
            .swap(src, dst)
            .map_err(ccmux_model::ChangeError::from)?;
        let active = model.windows[&dst_w].active_pane;
        ctx.apply(Change::WindowLayout { id: dst_w, layout })?;
        // As tmux: the target becomes active; with -d, tmux's two checks leave the source active when
        // either pane was (its last pane following the same steps).
        if !args.has('d') {
            select_in(ctx, dst)?;
        } else {
            if active == src {
                select_in(ctx, dst)?;
            }
            if ctx.srv.model.windows[&dst_w].active_pane == dst {
                select_in(ctx, src)?;
            }
        }
        return Ok(());
    }
    let mut layout_a = model.windows[&src_w].layout.clone();
    let mut layout_b = model.windows[&dst_w].layout.clone();
    layout_a
        .swap_with(src, &mut layout_b, dst)
        .map_err(ccmux_model::ChangeError::from)?;
    ctx.apply(Change::PanesSwapped {
        a: src,
        b: dst,
        layout_a,
        layout_b,
    })?;
    if !args.has('d') {
        // Each window's active pane is the one that came in.
        select_in(ctx, dst)?;
        select_in(ctx, src)?;
    }
    Ok(())
}

fn select_in(ctx: &mut Ctx, pane: PaneId) -> CmdResult {
    let window = ctx.srv.model.panes[&pane].window;
    if ctx.srv.model.windows[&window].active_pane != pane {
        ctx.apply(Change::PaneSelected { id: pane })?;
    }
    Ok(())
}

/// Unzooms a window; whether it was zoomed.
pub fn unzoom(ctx: &mut Ctx, window: WindowId) -> Result<bool, super::support::CmdError> {
    let zoomed = ctx.srv.model.windows[&window].zoomed;
    if zoomed {
        ctx.apply(Change::WindowZoomed {
            id: window,
            zoomed: false,
        })?;
    }
    Ok(zoomed)
}

/// Zooms a window again (on its active pane), if it has more than one pane.
pub fn rezoom(ctx: &mut Ctx, window: WindowId) -> CmdResult {
    let w = &ctx.srv.model.windows[&window];
    if !w.zoomed && w.layout.panes().len() > 1 {
        ctx.apply(Change::WindowZoomed {
            id: window,
            zoomed: true,
        })?;
    }
    Ok(())
}
