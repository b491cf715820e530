use super::entry::{Entry, Run, TargetKind};
use super::support::{CmdResult, Ctx};
use super::Args;

pub const ENTRY: Entry = Entry {
    name: "list-clients",
    alias: Some("lsc"),
    template: "F:t:",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-F format] [-t target-session]",
    about: "list attached clients",
    target: TargetKind::Session,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let only = match args.get('t') {
        Some(t) => Some(ctx.find_session(Some(t))?),
        None => None,
    };
    let mut lines = Vec::new();
    for c in ctx.srv.clients.clients.values() {
        if only.is_some_and(|s| s != c.session) {
            continue;
        }
        let session = ctx
            .srv
            .model
            .sessions
            .get(&c.session)
            .map_or("", |s| s.name.as_str());
        lines.push(format!(
            "{}: {session} [{}x{} {}] (attached {})",
            c.tty, c.cols, c.rows, c.term, c.created
        ));
    }
    for l in lines {
        ctx.print(&l);
    }
    Ok(())
}
