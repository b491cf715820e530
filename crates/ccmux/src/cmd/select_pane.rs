use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, CmdResult, Ctx};
use super::Args;
use ccmux_model::{Change, PaneId, Rect, WindowId};

pub const ENTRY: Entry = Entry {
    name: "select-pane",
    alias: Some("selectp"),
    template: "DdegLlMmP:RT:t:UZ",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-DdeLlMmRUZ] [-T title] [-t target-pane]",
    about: "make a pane the active one of its window; mark it (-m), title it (-T), turn its input off (-d)",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(exec),
};

pub const LAST_PANE: Entry = Entry {
    name: "last-pane",
    alias: Some("lastp"),
    template: "det:Z",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-deZ] [-t target-window]",
    about: "select the previously active pane of a window",
    target: TargetKind::Window,
    flags: 0,
    run: Run::Server(last_pane),
};

fn last_pane(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let (_, window) = ctx.find_window(args.get('t'))?;
    select_last(args, ctx, window)
}

/// last-pane and select-pane -l (tmux: the last pane, else the other of two).
fn select_last(args: &Args, ctx: &mut Ctx, window: WindowId) -> CmdResult {
    let w = &ctx.srv.model.windows[&window];
    let panes = w.layout.panes();
    let last = w.last_pane.filter(|p| panes.contains(p)).or_else(|| {
        if panes.len() != 2 {
            return None;
        }
        let i = panes.iter().position(|p| *p == w.active_pane).unwrap_or(0);
        panes.get((i + 1) % 2).copied()
    });
    let Some(last) = last else {
        return fail("no last pane");
    };
    if args.has('e') {
        ctx.srv.input_off.remove(&last);
    } else if args.has('d') {
        ctx.srv.input_off.insert(last);
    } else {
        select_keeping_zoom(ctx, window, last, args.has('Z'))?;
    }
    crate::server::pane::signal_redraw();
    Ok(())
}

/// Makes `pane` active; as tmux's window_push_zoom/pop_zoom, a zoomed window ends unzoomed unless
/// `keep_zoom` (then the new active pane is zoomed).
fn select_keeping_zoom(
    ctx: &mut Ctx,
    window: WindowId,
    pane: PaneId,
    keep_zoom: bool,
) -> CmdResult {
    let zoomed = super::swap_pane::unzoom(ctx, window)?;
    if ctx.srv.model.windows[&window].active_pane != pane {
        ctx.apply(Change::PaneSelected { id: pane })?;
    }
    if zoomed && keep_zoom {
        super::swap_pane::rezoom(ctx, window)?;
    }
    Ok(())
}

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    for (flag, what) in [('P', "pane styles"), ('g', "pane styles")] {
        if args.has(flag) {
            return fail(format!(
                "select-pane -{flag}: {what} are not available in ccmux yet"
            ));
        }
    }
    let (_, window, mut pane) = ctx.find_pane(args.get('t'))?;
    if args.has('l') {
        return select_last(args, ctx, window);
    }
    if args.has('m') || args.has('M') {
        let w = &ctx.srv.model.windows[&window];
        let visible = !w.zoomed || w.active_pane == pane;
        if args.has('m') && !visible {
            return Ok(());
        }
        if args.has('M') || ctx.srv.marked_pane() == Some(pane) {
            ctx.srv.marked = None;
            ctx.srv.marked_window = None;
        } else {
            ctx.srv.marked = Some(pane);
            ctx.srv.marked_window = Some(window);
        }
        crate::server::pane::signal_redraw();
        return Ok(());
    }
    if args.has('L') || args.has('R') || args.has('U') || args.has('D') {
        // Neighbours as if the window were not zoomed (tmux pushes the zoom for the search).
        let area = ctx.srv.model.window_area(window).unwrap_or_default();
        let geometry = ctx.srv.model.windows[&window].layout.geometry(area);
        let from = geometry.iter().find(|(p, _)| *p == pane).map(|(_, r)| *r);
        let Some(from) = from else { return Ok(()) };
        let (dx, dy) = match (args.has('L'), args.has('R'), args.has('U')) {
            (true, _, _) => (-1, 0),
            (_, true, _) => (1, 0),
            (_, _, true) => (0, -1),
            _ => (0, 1),
        };
        match neighbour(&geometry, from, dx, dy) {
            Some(p) => pane = p,
            None => return Ok(()),
        }
    }
    if args.has('e') {
        ctx.srv.input_off.remove(&pane);
        crate::server::pane::signal_redraw();
        return Ok(());
    }
    if args.has('d') {
        ctx.srv.input_off.insert(pane);
        crate::server::pane::signal_redraw();
        return Ok(());
    }
    if let Some(title) = args.get('T') {
        let title = ctx.expand(title, Some(pane));
        if ctx.srv.model.panes[&pane].title != title {
            ctx.apply(Change::PaneTitle { id: pane, title })?;
        }
        return Ok(());
    }
    // As tmux: the pane becomes its window's active pane; the session's current window stays.
    if ctx.srv.model.windows[&window].active_pane == pane {
        return Ok(());
    }
    select_keeping_zoom(ctx, window, pane, args.has('Z'))
}

/// The pane across the border of `from` in direction (dx, dy), overlapping it the most; wraps around.
pub fn neighbour(geometry: &[(PaneId, Rect)], from: Rect, dx: i32, dy: i32) -> Option<PaneId> {
    let overlap =
        |a0: u16, a1: u16, b0: u16, b1: u16| (a1.min(b1) as i32 - a0.max(b0) as i32).max(0);
    let candidates = geometry.iter().filter_map(|(p, r)| {
        let (gap, shared) = if dx != 0 {
            let gap = if dx > 0 {
                r.x as i32 - (from.x + from.cols) as i32
            } else {
                from.x as i32 - (r.x + r.cols) as i32
            };
            (gap, overlap(r.y, r.y + r.rows, from.y, from.y + from.rows))
        } else {
            let gap = if dy > 0 {
                r.y as i32 - (from.y + from.rows) as i32
            } else {
                from.y as i32 - (r.y + r.rows) as i32
            };
            (gap, overlap(r.x, r.x + r.cols, from.x, from.x + from.cols))
        };
        (gap >= 0 && shared > 0).then_some((gap, -shared, *p))
    });
    if let Some((_, _, p)) = candidates.min() {
        return Some(p);
    }
    // Wrap: the farthest pane the other way.
    let back = geometry.iter().filter_map(|(p, r)| {
        let (pos, shared) = if dx != 0 {
            (
                r.x as i32 * -dx,
                overlap(r.y, r.y + r.rows, from.y, from.y + from.rows),
            )
        } else {
            (
                r.y as i32 * -dy,
                overlap(r.x, r.x + r.cols, from.x, from.x + from.cols),
            )
        };
        (shared > 0 && r != &from).then_some((-pos, -shared, *p))
    });
    back.min().map(|(_, _, p)| p)
}
