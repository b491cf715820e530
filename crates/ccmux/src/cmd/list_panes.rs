use super::entry::{Entry, Run, TargetKind};
use super::support::{CmdResult, Ctx};
use super::Args;
use crate::server::format_vars::pane_vars;

const DEFAULT: &str = "#{pane_index}: [#{pane_width}x#{pane_height}] \
                       [history #{history_size}/#{history_limit}, #{history_bytes} bytes] \
                       #{pane_id}#{?pane_active, (active),}#{?pane_dead, (dead),}";
const DEFAULT_SESSION: &str = "#{window_index}.#{pane_index}: [#{pane_width}x#{pane_height}] \
                               [history #{history_size}/#{history_limit}, #{history_bytes} bytes] \
                               #{pane_id}#{?pane_active, (active),}#{?pane_dead, (dead),}";
const DEFAULT_ALL: &str = "#{session_name}:#{window_index}.#{pane_index}: \
                           [#{pane_width}x#{pane_height}] \
                           [history #{history_size}/#{history_limit}, #{history_bytes} bytes] \
                           #{pane_id}#{?pane_active, (active),}#{?pane_dead, (dead),}";

pub const ENTRY: Entry = Entry {
    name: "list-panes",
    alias: Some("lsp"),
    template: "asF:f:t:",
    lower: 0,
    upper: Some(0),
    json: true,
    usage: "[-as] [-F format] [-f filter] [-t target-window]",
    about: "list the panes of a window (-s: of a session, -a: of every session)",
    target: TargetKind::Window,
    flags: 0,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    let model = &ctx.srv.model;
    // Windows as (session they are linked in, window): a window linked twice is listed twice.
    let (windows, default): (Vec<_>, _) = if args.has('a') {
        let all = super::winlink::sessions_by_name(model)
            .into_iter()
            .flat_map(|s| model.sessions[&s].windows.values().map(move |w| (s, *w)));
        (all.collect(), DEFAULT_ALL)
    } else if args.has('s') {
        let s = ctx.find_session(args.get('t'))?;
        let ws = ctx.srv.model.sessions[&s]
            .windows
            .values()
            .map(|w| (s, *w))
            .collect();
        (ws, DEFAULT_SESSION)
    } else {
        let (s, w) = ctx.find_window(args.get('t'))?;
        (vec![(s, w)], DEFAULT)
    };
    let rows: Vec<_> = windows
        .iter()
        .flat_map(|(s, w)| {
            ctx.srv.model.windows[w]
                .layout
                .panes()
                .into_iter()
                .map(move |p| (*s, p))
        })
        .map(|(s, p)| pane_vars(ctx.srv, Some(s), p))
        .collect();
    ctx.emit_rows(&rows, args.get('f'), args.get('F'), default, args.json);
    Ok(())
}
