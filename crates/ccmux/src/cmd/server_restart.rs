use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, CmdResult, Ctx, Effect};
use super::Args;

pub const ENTRY: Entry = Entry {
    name: "server-restart",
    alias: None,
    template: "",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "",
    about: "restart the server from the binary now on disk (after an upgrade); panes keep running",
    target: TargetKind::None,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(_args: &Args, ctx: &mut Ctx) -> CmdResult {
    if ctx.srv.store.is_none() || ctx.srv.keeper.is_none() {
        return fail(
            "server-restart needs persistence and keep_processes on: the panes would be lost",
        );
    }
    ctx.effects.push(Effect::Restart);
    Ok(())
}
