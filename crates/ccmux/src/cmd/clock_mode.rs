//! clock-mode (tmux's window-clock.c through cmd-copy-mode.c): a big clock over a pane of the client
//! showing it (`C-b t`); any key leaves it.

use super::entry::{Entry, Run, TargetKind};
use super::support::{ClientAction, CmdResult, Ctx, Source};
use super::Args;

pub const ENTRY: Entry = Entry {
    name: "clock-mode",
    alias: None,
    template: "t:",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-t target-pane]",
    about: "show a big clock over a pane",
    target: TargetKind::Pane,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let (_, window, pane) = ctx.find_pane(args.get('t'))?;
    let showing = ctx.srv.clients.clients.iter().find(|(_, c)| {
        ctx.srv
            .model
            .sessions
            .get(&c.session)
            .map(|s| s.active_window)
            == Some(window)
    });
    let client = match (&ctx.source, showing) {
        (Source::Client(id), _) => Some(*id),
        (_, Some((id, _))) => Some(*id),
        _ => ctx.target_client(None).ok(),
    };
    if let Some(client) = client {
        ctx.client_action(client, ClientAction::Clock(pane));
    }
    Ok(())
}
