use super::entry::{Entry, Run, TargetKind};
use super::support::{CmdResult, Ctx};
use super::Args;

pub const ENTRY: Entry = Entry {
    name: "has-session",
    alias: Some("has"),
    template: "t:",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-t target-session]",
    about: "exit 0 if the session exists, 1 with a message if not",
    target: TargetKind::Session,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    ctx.find_session(args.get('t'))?;
    Ok(())
}
