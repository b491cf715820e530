use super::entry::{Entry, Run, TargetKind};
use super::support::{CmdResult, Ctx};
use super::Args;
use ccmux_model::Change;

pub const ENTRY: Entry = Entry {
    name: "kill-window",
    alias: Some("killw"),
    template: "at:",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-a] [-t target-window]",
    about: "destroy a window and its panes' processes (-a: every other window of the session)",
    target: TargetKind::Window,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let (session, id) = ctx.find_window(args.get('t'))?;
    let victims: Vec<_> = if args.has('a') {
        let windows = ctx.srv.model.sessions[&session].windows.values();
        windows.filter(|w| **w != id).copied().collect()
    } else {
        vec![id]
    };
    for id in victims {
        let sessions = ctx.srv.model.sessions_of_window(id);
        super::winlink::leave(ctx, &sessions, id)?;
        ctx.apply(Change::WindowClosed { id })?;
    }
    Ok(())
}
