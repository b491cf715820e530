use super::entry::{Entry, Run, TargetKind};
use super::support::{args_percentage, fail, strtonum, CmdResult, Ctx};
use super::Args;
use ccmux_model::{Axis, Change, ChangeError};

pub const ENTRY: Entry = Entry {
    name: "resize-pane",
    alias: Some("resizep"),
    template: "DLMRTt:Ux:y:Z",
    lower: 0,
    upper: Some(1),
    json: false,
    usage: "[-DLMRTUZ] [-x width] [-y height] [-t target-pane] [adjustment]",
    about: "resize a pane: to -x/-y, move its border with -L -R -U -D; -Z toggles zoom",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(exec),
};

/// tmux's cmd-resize-pane.c: `-L/-R/-U/-D` move the pane's border that way (the one after it, or
/// before it for the last pane of its split), `-x/-y` size it in cells or percent of the window.
fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    if args.has('T') {
        return fail("resize-pane -T is not available in ccmux yet");
    }
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
        if w.zoomed {
            ctx.apply(Change::WindowZoomed {
                id: window,
                zoomed: false,
            })?;
        } else if w.layout.panes().len() > 1 {
            if w.active_pane != pane {
                ctx.apply(Change::PaneSelected { id: pane })?;
            }
            ctx.apply(Change::WindowZoomed {
                id: window,
                zoomed: true,
            })?;
        }
        return Ok(());
    }
    super::swap_pane::unzoom(ctx, window)?;
    let adjust = match args.arg(0) {
        None => 1,
        Some(a) => {
            strtonum(&a, 1, i64::from(i32::MAX)).or_else(|why| fail(format!("adjustment {why}")))?
        }
    };
    let area = ctx.srv.model.window_area(window).unwrap_or_default();
    let mut layout = ctx.srv.model.windows[&window].layout.clone();
    let full = layout.window_area(area);
    if let Some(x) = args.get('x') {
        let x =
            args_percentage(x, u32::from(full.cols)).or_else(|why| fail(format!("width {why}")))?;
        layout
            .resize_pane_to(area, pane, Axis::X, x)
            .map_err(ChangeError::from)?;
    }
    if let Some(y) = args.get('y') {
        let y = args_percentage(y, u32::from(full.rows))
            .or_else(|why| fail(format!("height {why}")))?;
        layout
            .resize_pane_to(area, pane, Axis::Y, y)
            .map_err(ChangeError::from)?;
    }
    let moves = [
        ('L', Axis::X, -1),
        ('R', Axis::X, 1),
        ('U', Axis::Y, -1),
        ('D', Axis::Y, 1),
    ];
    if let Some((_, axis, sign)) = moves.iter().find(|(f, _, _)| args.has(*f)) {
        layout
            .resize_pane(area, pane, *axis, sign * adjust)
            .map_err(ChangeError::from)?;
    }
    if layout != ctx.srv.model.windows[&window].layout {
        ctx.apply(Change::WindowLayout { id: window, layout })?;
    }
    Ok(())
}
