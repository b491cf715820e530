use super::entry::{Entry, Run, TargetKind};
use super::support::{CmdResult, Ctx};
use super::Args;
use crate::server::format_vars::client_vars;

pub const ENTRY: Entry = Entry {
    name: "list-clients",
    alias: Some("lsc"),
    template: "F:t:",
    lower: 0,
    upper: Some(0),
    json: true,
    usage: "[-F format] [-t target-session]",
    about: "list attached clients",
    target: TargetKind::Session,
    flags: super::entry::flags::READ_ONLY,
    run: Run::Server(exec),
};

/// tmux's default line.
const DEFAULT: &str = "#{client_name}: #{session_name} \
                       [#{client_width}x#{client_height} #{client_termname}] \
                       #{?#{!=:#{client_uid},#{uid}},\
                       [user #{?client_user,#{client_user},#{client_uid},}] ,}\
                       #{?client_flags,(,}#{client_flags}#{?client_flags,),}";

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let only = match args.get('t') {
        Some(t) => Some(ctx.find_session(Some(t))?),
        None => None,
    };
    let rows: Vec<_> = ctx
        .srv
        .clients
        .clients
        .iter()
        .filter(|(_, c)| only.is_none_or(|s| s == c.session))
        .map(|(id, _)| client_vars(ctx.srv, *id))
        .collect();
    ctx.emit_rows(&rows, None, args.get('F'), DEFAULT, args.json);
    Ok(())
}
