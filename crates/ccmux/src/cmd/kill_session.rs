use super::entry::{Entry, Run, TargetKind};
use super::support::{CmdResult, Ctx};
use super::Args;
use ccmux_model::Change;

pub const ENTRY: Entry = Entry {
    name: "kill-session",
    alias: None,
    template: "aCt:",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-aC] [-t target-session]",
    about: "destroy a session, its windows and their panes' processes (-a: every other session; -C: clear alerts)",
    target: TargetKind::Session,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let id = ctx.find_session(args.get('t'))?;
    if args.has('C') {
        // -C clears the alert flags of the session's windows (and, as in tmux, kills nothing).
        ctx.srv.alerts.clear_session(id);
        crate::server::pane::signal_redraw();
        return Ok(());
    }
    let victims: Vec<_> = if args.has('a') {
        let all = ctx.srv.model.sessions.keys();
        all.filter(|s| **s != id).copied().collect()
    } else {
        vec![id]
    };
    for id in victims {
        ctx.apply(Change::SessionClosed { id })?;
    }
    Ok(())
}
