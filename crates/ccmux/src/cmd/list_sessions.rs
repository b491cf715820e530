use super::entry::{Entry, Run, TargetKind};
use super::support::{CmdResult, Ctx};
use super::Args;
use crate::server::format_vars::session_vars;

const DEFAULT: &str =
    "#{session_name}: #{session_windows} windows (created #{session_created_string})\
     #{?session_grouped, (group ,}#{session_group}#{?session_grouped,),}";

pub const ENTRY: Entry = Entry {
    name: "list-sessions",
    alias: Some("ls"),
    template: "F:f:",
    lower: 0,
    upper: Some(0),
    json: true,
    usage: "[-F format] [-f filter]",
    about: "list sessions",
    target: TargetKind::None,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    // tmux keeps sessions sorted by name.
    let mut sessions: Vec<_> = ctx.srv.model.sessions.values().collect();
    sessions.sort_by(|a, b| a.name.cmp(&b.name));
    let ids: Vec<_> = sessions.iter().map(|s| s.id).collect();
    let rows: Vec<_> = ids.iter().map(|s| session_vars(ctx.srv, *s)).collect();
    ctx.emit_rows(&rows, args.get('f'), args.get('F'), DEFAULT, args.json);
    Ok(())
}
