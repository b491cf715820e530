//! display-panes (tmux's cmd-display-panes.c): the attached client shows each pane's index over it
//! for `display-panes-time` (or `-d` ms, 0: until a key); a digit (or a-z for 10 and up) picked
//! meanwhile runs the template, `select-pane -t "%%%"` by default, with `%%` (and `%%%`) the pane's
//! id. `-N`: keys are not taken. Any other key takes the numbers away and does what it does.

use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, strtonum, ClientAction, CmdResult, Ctx};
use super::Args;
use ccmux_model::OptionScope;

pub const ENTRY: Entry = Entry {
    name: "display-panes",
    alias: Some("displayp"),
    template: "bd:Nt:",
    lower: 0,
    upper: Some(1),
    json: false,
    usage: "[-bN] [-d duration] [-t target-client] [template]",
    about: "show pane numbers on the attached client; a digit selects that pane",
    target: TargetKind::Client,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let client = ctx.target_client(args.get('t'))?;
    let Some(session) = ctx.srv.clients.clients.get(&client).map(|c| c.session) else {
        return fail("no current client");
    };
    let ms = match args.get('d') {
        Some(d) => {
            strtonum(d, 0, i64::from(u32::MAX)).or_else(|why| fail(format!("duration {why}")))?
        }
        None => ctx
            .srv
            .model
            .option_number(OptionScope::Session(session), "display-panes-time"),
    };
    let template = if args.has('N') {
        None
    } else {
        Some(
            args.arg(0)
                .unwrap_or_else(|| "select-pane -t \"%%%\"".to_string()),
        )
    };
    ctx.client_action(
        client,
        ClientAction::DisplayPanes {
            millis: ms.max(0) as u64,
            template,
        },
    );
    Ok(())
}
