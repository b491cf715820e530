use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, ClientAction, CmdResult, Ctx};
use super::Args;

pub const ENTRY: Entry = Entry {
    name: "copy-mode",
    alias: None,
    template: "eHMs:t:uq",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-eHMuq] [-s src-pane] [-t target-pane]",
    about: "enter copy mode on a pane (-u: and scroll a page up)",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    for flag in ['s', 'M', 'e', 'H', 'q'] {
        if args.has(flag) {
            return fail(format!("copy-mode -{flag} is not available in ccmux yet"));
        }
    }
    let (_, _, pane) = ctx.find_pane(args.get('t'))?;
    let client = ctx.target_client(None)?;
    ctx.client_action(
        client,
        ClientAction::CopyMode {
            pane,
            page_up: args.has('u'),
        },
    );
    Ok(())
}
