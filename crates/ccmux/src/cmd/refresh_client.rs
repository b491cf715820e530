use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, ClientAction, CmdResult, Ctx};
use super::Args;

pub const ENTRY: Entry = Entry {
    name: "refresh-client",
    alias: Some("refresh"),
    template: "A:B:cC:Df:F:l::LRSt:U",
    lower: 0,
    upper: Some(1),
    json: false,
    usage: "[-cDlLRSU] [-A pane:state] [-B name:what:format] [-C XxY] [-f flags] \
            [-t target-client] [adjustment]",
    about: "redraw a client (-S: its status line)",
    target: TargetKind::Client,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    // Panning a window larger than the client, control-mode subscriptions and sizes, and the
    // clipboard query have nothing to act on in ccmux yet: say so rather than do nothing.
    for flag in ['A', 'B', 'C', 'c', 'D', 'f', 'F', 'l', 'L', 'R', 'U'] {
        if args.has(flag) {
            return fail(format!(
                "refresh-client -{flag} is not available in ccmux yet"
            ));
        }
    }
    let client = ctx.target_client(args.get('t'))?;
    // -S redraws the status line; the whole client is redrawn either way (a frame is cheap).
    ctx.client_action(client, ClientAction::Redraw);
    Ok(())
}
