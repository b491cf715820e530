//! unlink-window: removes a window from a session; without -k only a window linked in another session
//! too (the window lives on there).

use super::entry::{Entry, Run, TargetKind};
use super::support::{fail, CmdResult, Ctx};
use super::winlink;
use super::Args;

pub const ENTRY: Entry = Entry {
    name: "unlink-window",
    alias: Some("unlinkw"),
    template: "kt:",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-k] [-t target-window]",
    about: "unlink a window from a session (-k: also one linked nowhere else, which ends)",
    target: TargetKind::Window,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let (session, window) = ctx.find_window(args.get('t'))?;
    // tmux's session_is_linked: the window has more links than the session's group has sessions.
    let model = &ctx.srv.model;
    let linked = model.sessions_of_window(window).len() != model.group_members(session).len();
    if !args.has('k') && !linked {
        return fail("window only linked to one session");
    }
    winlink::unlink(ctx, session, window)
}
