use super::entry::{Entry, Run, TargetKind};
use super::support::{ClientAction, CmdResult, Ctx};
use super::Args;

pub const ENTRY: Entry = Entry {
    name: "suspend-client",
    alias: Some("suspendc"),
    template: "t:",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-t target-client]",
    about: "stop a client process (SIGTSTP) until its shell continues it",
    target: TargetKind::Client,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let client = ctx.target_client(args.get('t'))?;
    ctx.client_action(client, ClientAction::Suspend);
    Ok(())
}
