use super::entry::{flags, Entry, Run, TargetKind};
use super::support::{CmdResult, Ctx, Effect};
use super::Args;

pub const ENTRY: Entry = Entry {
    name: "kill-server",
    alias: None,
    template: "",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "",
    about: "kill the server, every pane's process and the saved state",
    target: TargetKind::None,
    flags: 0,
    run: Run::Server(exec),
};

pub const START_SERVER: Entry = Entry {
    name: "start-server",
    alias: Some("start"),
    template: "",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "",
    about: "start the server (it exits again with no sessions and no clients)",
    target: TargetKind::None,
    flags: flags::START_SERVER,
    run: Run::Server(|_, _| Ok(())),
};

fn exec(_args: &Args, ctx: &mut Ctx) -> CmdResult {
    ctx.effects.push(Effect::Shutdown);
    Ok(())
}
