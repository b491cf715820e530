use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, parse_size, CmdResult, Ctx};
use super::Args;
use ccmux_model::{Axis, Change};

pub const ENTRY: Entry = Entry {
    name: "resize-pane",
    alias: Some("resizep"),
    template: "DLMRTt:Ux:y:Z",
    lower: 0,
    upper: Some(1),
    json: false,
    usage: "[-DLMRTUZ] [-x width] [-y height] [-t target-pane] [adjustment]",
    about: "resize a pane: to -x/-y, by an adjustment with -L -R -U -D; -Z toggles zoom",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let (_, window, pane) = ctx.find_pane(args.get('t'))?;
    if args.has('M') {
        // A mouse binding's border drag: the client moves the border with the mouse.
        if let Some(m) = ctx.q.mouse {
            ctx.client_action(m.client, super::ClientAction::DragBorder);
        }
        return Ok(());
    }
    if args.has('Z') {
        let w = &ctx.srv.model.windows[&window];
        let zoomed = !w.zoomed;
        if w.active_pane != pane {
            ctx.apply(Change::PaneSelected { id: pane })?;
        }
        ctx.apply(Change::WindowZoomed { id: window, zoomed })?;
        return Ok(());
    }
    let rect = ctx.srv.model.pane_rect(pane).unwrap_or_default();
    let area = ctx.srv.model.window_area(window).unwrap_or_default();
    let mut wanted = Vec::new();
    if let Some(w) = args.get('x') {
        wanted.push((Axis::X, parse_size(w, area.cols)?));
    }
    if let Some(h) = args.get('y') {
        wanted.push((Axis::Y, parse_size(h, area.rows)?));
    }
    let by = match args.arg(0) {
        None => 1,
        Some(a) => match a.parse::<u16>() {
            Ok(n) if n > 0 => n,
            _ => return fail("adjustment is invalid"),
        },
    };
    if args.has('L') || args.has('R') {
        let cols = if args.has('R') {
            rect.cols.saturating_add(by)
        } else {
            rect.cols.saturating_sub(by)
        };
        wanted.push((Axis::X, cols.max(1)));
    }
    if args.has('U') || args.has('D') {
        let rows = if args.has('D') {
            rect.rows.saturating_add(by)
        } else {
            rect.rows.saturating_sub(by)
        };
        wanted.push((Axis::Y, rows.max(1)));
    }
    for (axis, size) in wanted {
        ctx.apply(Change::PaneResized {
            id: pane,
            axis,
            size,
        })?;
    }
    Ok(())
}
