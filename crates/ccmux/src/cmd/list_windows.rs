use super::entry::{Entry, Run, TargetKind};
use super::support::{CmdResult, Ctx};
use super::Args;
use crate::server::format_vars::window_vars;

/// tmux 3.3a's templates (cmd-list-windows.c).
const DEFAULT: &str = "#{window_index}: #{window_name}#{window_raw_flags} (#{window_panes} panes) \
                       [#{window_width}x#{window_height}] [layout #{window_layout}] \
                       #{window_id}#{?window_active, (active),}";
const DEFAULT_ALL: &str = "#{session_name}:#{window_index}: #{window_name}#{window_raw_flags} \
                           (#{window_panes} panes) [#{window_width}x#{window_height}] ";

pub const ENTRY: Entry = Entry {
    name: "list-windows",
    alias: Some("lsw"),
    template: "F:f:at:",
    lower: 0,
    upper: Some(0),
    json: true,
    usage: "[-a] [-F format] [-f filter] [-t target-session]",
    about: "list the windows of a session (-a: of every session)",
    target: TargetKind::Session,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let sessions = if args.has('a') {
        super::winlink::sessions_by_name(&ctx.srv.model)
    } else {
        vec![ctx.find_session(args.get('t'))?]
    };
    let rows: Vec<_> = sessions
        .iter()
        .flat_map(|s| {
            ctx.srv.model.sessions[s]
                .windows
                .values()
                .map(|w| window_vars(ctx.srv, Some(*s), *w))
        })
        .collect();
    let default = if args.has('a') { DEFAULT_ALL } else { DEFAULT };
    ctx.emit_rows(&rows, args.get('f'), args.get('F'), default, args.json);
    Ok(())
}
