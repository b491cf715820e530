use super::entry::{Entry, Run, TargetKind};
use super::support::{CmdResult, Ctx};
use super::Args;
use ccmux_model::Change;

pub const ENTRY: Entry = Entry {
    name: "rename-window",
    alias: Some("renamew"),
    template: "t:",
    lower: 1,
    upper: Some(1),
    json: false,
    usage: "[-t target-window] new-name",
    about: "rename a window",
    target: TargetKind::Window,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let (_, id) = ctx.find_window(args.get('t'))?;
    // The name is a format, expanded for the target (tmux's format_single_from_target).
    let pane = ctx.srv.model.windows[&id].active_pane;
    let name = ctx.expand(&args.arg(0).unwrap_or_default(), Some(pane));
    ctx.apply(Change::WindowRenamed { id, name })?;
    super::break_pane::no_automatic_rename(ctx, id)?;
    Ok(())
}
