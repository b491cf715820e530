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
    let name = args.arg(0).unwrap_or_default();
    ctx.apply(Change::WindowRenamed { id, name })?;
    Ok(())
}
