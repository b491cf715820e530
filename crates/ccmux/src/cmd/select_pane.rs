use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, CmdResult, Ctx};
use super::Args;
use ccmux_model::{Change, PaneId, Rect};

pub const ENTRY: Entry = Entry {
    name: "select-pane",
    alias: Some("selectp"),
    template: "DdegLlMmP:RT:t:UZ",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-DdeLlMmRUZ] [-T title] [-t target-pane]",
    about: "make a pane the active one of its window (and its window current)",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    for (flag, what) in [
        ('m', "marked panes"),
        ('M', "marked panes"),
        ('T', "pane titles"),
        ('d', "input disabling"),
        ('e', "input disabling"),
        ('P', "pane styles"),
        ('g', "pane styles"),
    ] {
        if args.has(flag) {
            return fail(format!(
                "select-pane -{flag}: {what} are not available in ccmux yet"
            ));
        }
    }
    let (session, window, mut pane) = ctx.find_pane(args.get('t'))?;
    if args.has('l') {
        pane = match ctx.srv.model.windows[&window].last_pane {
            Some(p) => p,
            None => return fail("no last pane"),
        };
    } else if args.has('L') || args.has('R') || args.has('U') || args.has('D') {
        let geometry = ctx.srv.model.window_geometry(window);
        let from = geometry.iter().find(|(p, _)| *p == pane).map(|(_, r)| *r);
        let Some(from) = from else { return Ok(()) };
        let (dx, dy) = match (args.has('L'), args.has('R'), args.has('U')) {
            (true, _, _) => (-1, 0),
            (_, true, _) => (1, 0),
            (_, _, true) => (0, -1),
            _ => (0, 1),
        };
        if let Some(p) = neighbour(&geometry, from, dx, dy) {
            pane = p;
        }
    }
    if ctx.srv.model.sessions[&session].active_window != window {
        ctx.apply(Change::WindowSelectedIn { session, window })?;
    }
    if ctx.srv.model.windows[&window].active_pane != pane {
        ctx.apply(Change::PaneSelected { id: pane })?;
    }
    Ok(())
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
