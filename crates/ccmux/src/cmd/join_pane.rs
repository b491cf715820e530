//! join-pane and move-pane (tmux's cmd-join-pane.c): a pane moves next to another, splitting it; from
//! another window (`PaneMoved`, the source window ends with its last pane) or within one
//! (`WindowLayout`).

use super::entry::{Entry, Run, TargetKind};
use super::support::{args_percentage, fail, strtonum, CmdResult, Ctx};
use super::Args;
use ccmux_model::{Change, ChangeError, SplitDir, SplitOpts};

const TEMPLATE: &str = "bdfhvp:l:s:t:";
const USAGE: &str = "[-bdfhv] [-l size] [-s src-pane] [-t dst-pane]";

pub const JOIN_PANE: Entry = Entry {
    name: "join-pane",
    alias: Some("joinp"),
    template: TEMPLATE,
    lower: 0,
    upper: Some(0),
    json: false,
    usage: USAGE,
    about: "move a pane (the marked one by default) next to another, splitting it",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(exec),
};

pub const MOVE_PANE: Entry = Entry {
    name: "move-pane",
    alias: Some("movep"),
    about: "move a pane next to another (as join-pane)",
    ..JOIN_PANE
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let (dst_s, dst_w, dst) = ctx.find_pane(args.get('t'))?;
    let (_, src_w, src) = ctx.find_source_pane(args.get('s'))?;
    super::swap_pane::unzoom(ctx, dst_w)?;
    super::swap_pane::unzoom(ctx, src_w)?;
    if src == dst {
        return fail("source and target panes must be different");
    }
    let dir = if args.has('h') {
        SplitDir::LeftRight
    } else {
        SplitDir::TopBottom
    };
    let rect = ctx.srv.model.pane_rect(dst).unwrap_or_default();
    let extent = u32::from(rect.extent(dir.axis()));
    let size = if let Some(l) = args.get('l') {
        Some(args_percentage(l, extent).or_else(|why| fail(format!("size {why}")))?)
    } else if let Some(p) = args.get('p') {
        let p = strtonum(p, 0, 100).or_else(|why| fail(format!("size {why}")))?;
        Some(extent * p as u32 / 100)
    } else {
        None
    };
    let opts = SplitOpts {
        size,
        before: args.has('b'),
        full: args.has('f'),
        ..SplitOpts::new(dir)
    };
    let model = &ctx.srv.model;
    let dst_area = model.window_area(dst_w).unwrap_or_default();
    let mut to_layout = model.windows[&dst_w].layout.clone();
    if src_w == dst_w {
        to_layout
            .move_pane(dst_area, src, dst, opts)
            .map_err(ChangeError::from)?;
        ctx.apply(Change::WindowLayout {
            id: dst_w,
            layout: to_layout,
        })?;
        if !args.has('d') && ctx.srv.model.windows[&dst_w].active_pane != src {
            ctx.apply(Change::PaneSelected { id: src })?;
        }
    } else {
        to_layout
            .join(dst_area, dst, src, opts)
            .map_err(ChangeError::from)?;
        let src_layout = &model.windows[&src_w].layout;
        let from_layout = if src_layout.panes().len() > 1 {
            let mut l = src_layout.clone();
            let src_area = model.window_area(src_w).unwrap_or_default();
            l.remove(src_area, src).map_err(ChangeError::from)?;
            Some(l)
        } else {
            None
        };
        ctx.apply(Change::PaneMoved {
            pane: src,
            to: dst_w,
            from_layout,
            to_layout,
            select: !args.has('d'),
        })?;
    }
    if !args.has('d') && ctx.srv.model.sessions[&dst_s].active_window != dst_w {
        ctx.apply(Change::WindowSelectedIn {
            session: dst_s,
            window: dst_w,
        })?;
    }
    Ok(())
}
