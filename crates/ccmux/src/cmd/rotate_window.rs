//! rotate-window: the panes move one cell through the window's pane order (-U up, the default, or
//! -D down); the pane that comes into the active pane's cell becomes active. -Z keeps a zoomed window
//! zoomed.

use super::entry::{Entry, Run, TargetKind};
use super::select_layout::{apply_layout, unzoom};
use super::support::{CmdResult, Ctx};
use super::Args;
use ccmux_model::{Change, Rotate};

pub const ENTRY: Entry = Entry {
    name: "rotate-window",
    alias: Some("rotatew"),
    template: "Dt:UZ",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-DUZ] [-t target-window]",
    about: "rotate the panes of a window through its cells",
    target: TargetKind::Window,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let (_, window) = ctx.find_window(args.get('t'))?;
    let w = &ctx.srv.model.windows[&window];
    let rezoom = w.zoomed && args.has('Z');
    let active = w.active_pane;
    let mut layout = w.layout.clone();
    let down = args.has('D');
    layout.rotate(if down { Rotate::Down } else { Rotate::Up });
    // tmux: the pane before the old active one in the new order (-D), or after it (-U).
    let next = layout.neighbour(active, !down).unwrap_or(active);
    unzoom(ctx, window)?;
    // tmux's rotate-window tells control clients the new active pane, not the new layout.
    ctx.srv.control.quiet = true;
    let laid = apply_layout(ctx, window, layout);
    ctx.srv.control.quiet = false;
    laid?;
    if next != active {
        ctx.apply(Change::PaneSelected { id: next })?;
    }
    if rezoom {
        ctx.apply(Change::WindowZoomed {
            id: window,
            zoomed: true,
        })?;
    }
    Ok(())
}
