//! select-layout, next-layout and previous-layout (tmux's cmd-select-layout.c): the five presets,
//! tmux layout strings (with their checksum), `-E` spread, `-o` undo; every change of the panes'
//! cells is one `WindowLayout` change.

use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, CmdError, CmdResult, Ctx};
use super::Args;
use ccmux_model::{Change, Layout, OptionScope, Preset, PresetOptions, Select, WindowId};

pub const ENTRY: Entry = Entry {
    name: "select-layout",
    alias: Some("selectl"),
    template: "Enopt:",
    lower: 0,
    upper: Some(1),
    json: false,
    usage: "[-Enop] [-t target-pane] [layout-name]",
    about: "arrange a window's panes: a preset, a layout string, -E spread, -n/-p cycle, -o undo",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(|args, ctx| exec(args, ctx, None)),
};

pub const NEXT_LAYOUT: Entry = Entry {
    name: "next-layout",
    alias: Some("nextl"),
    template: "t:",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-t target-window]",
    about: "arrange a window's panes in the next preset layout",
    target: TargetKind::Window,
    flags: 0,
    run: Run::Server(|args, ctx| exec(args, ctx, Some(Select::Next))),
};

pub const PREVIOUS_LAYOUT: Entry = Entry {
    name: "previous-layout",
    alias: Some("prevl"),
    template: "t:",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-t target-window]",
    about: "arrange a window's panes in the previous preset layout",
    target: TargetKind::Window,
    flags: 0,
    run: Run::Server(|args, ctx| exec(args, ctx, Some(Select::Previous))),
};

fn exec(args: &Args, ctx: &mut Ctx, cycle: Option<Select<'static>>) -> CmdResult {
    let (window, pane) = match cycle {
        Some(_) => {
            let (_, w) = ctx.find_window(args.get('t'))?;
            (w, ctx.srv.model.windows[&w].active_pane)
        }
        None => {
            let (_, w, p) = ctx.find_pane(args.get('t'))?;
            (w, p)
        }
    };
    let name = args.arg(0);
    let what = if let Some(c) = cycle {
        c
    } else if args.has('n') {
        Select::Next
    } else if args.has('p') {
        Select::Previous
    } else if args.has('E') {
        Select::Spread(pane)
    } else {
        match (&name, args.has('o')) {
            // With -o an argument is only ever a layout string.
            (Some(n), true) if Preset::lookup(n).is_some() => {
                return fail(format!("invalid layout: {n}"));
            }
            (Some(n), _) => Select::Named(n),
            (None, true) => Select::Undo,
            (None, false) => Select::Again,
        }
    };
    unzoom(ctx, window)?;
    let area = ctx.srv.model.window_area(window).unwrap_or_default();
    let opts = preset_options(ctx, window);
    let mut layout: Layout = ctx.srv.model.windows[&window].layout.clone();
    layout
        .select(area, what, &opts)
        .map_err(|e| CmdError::Msg(e.to_string()))?;
    apply_layout(ctx, window, layout)
}

/// Replaces a window's layout when it changed.
pub fn apply_layout(ctx: &mut Ctx, window: WindowId, layout: Layout) -> CmdResult {
    if ctx.srv.model.windows[&window].layout != layout {
        ctx.apply(Change::WindowLayout { id: window, layout })?;
    }
    Ok(())
}

/// Unzooms a zoomed window (tmux's server_unzoom_window).
pub fn unzoom(ctx: &mut Ctx, window: WindowId) -> CmdResult {
    if ctx.srv.model.windows[&window].zoomed {
        ctx.apply(Change::WindowZoomed {
            id: window,
            zoomed: false,
        })?;
    }
    Ok(())
}

/// The window options the main-* presets read.
fn preset_options(ctx: &Ctx, window: WindowId) -> PresetOptions {
    let text = |name: &str| ctx.srv.model.option_text(OptionScope::Window(window), name);
    PresetOptions {
        main_pane_width: text("main-pane-width"),
        main_pane_height: text("main-pane-height"),
        other_pane_width: text("other-pane-width"),
        other_pane_height: text("other-pane-height"),
    }
}
