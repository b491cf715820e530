use super::support::{CmdResult, Ctx};
use crate::server::format_vars::pane_vars;
use clap::Args;

const DEFAULT: &str = "#{pane_index}: [#{pane_width}x#{pane_height}] \
                       [history #{history_size}/#{history_limit}, #{history_bytes} bytes] \
                       #{pane_id}#{?pane_active, (active),}";
const DEFAULT_SESSION: &str = "#{window_index}.#{pane_index}: [#{pane_width}x#{pane_height}] \
                               [history #{history_size}/#{history_limit}, #{history_bytes} bytes] \
                               #{pane_id}#{?pane_active, (active),}";
const DEFAULT_ALL: &str = "#{session_name}:#{window_index}.#{pane_index}: \
                           [#{pane_width}x#{pane_height}] \
                           [history #{history_size}/#{history_limit}, #{history_bytes} bytes] \
                           #{pane_id}#{?pane_active, (active),}";

/// List the panes of a window (-s: of a session, -a: of every session).
#[derive(Args, Debug)]
pub struct ListPanes {
    #[arg(short = 't', value_name = "target")]
    pub target: Option<String>,
    #[arg(short = 's')]
    pub session: bool,
    #[arg(short = 'a')]
    pub all: bool,
    #[arg(short = 'F', value_name = "format")]
    pub format: Option<String>,
    #[arg(long)]
    pub json: bool,
}

impl ListPanes {
    pub fn exec(self, ctx: &mut Ctx) -> CmdResult {
        let model = &ctx.srv.model;
        let (windows, default) = if self.all {
            let all = model
                .sessions
                .values()
                .flat_map(|s| s.windows.values().copied());
            (all.collect::<Vec<_>>(), DEFAULT_ALL)
        } else if self.session {
            let s = ctx.find_session(self.target.as_deref())?;
            let ws = ctx.srv.model.sessions[&s]
                .windows
                .values()
                .copied()
                .collect();
            (ws, DEFAULT_SESSION)
        } else {
            (vec![ctx.find_window(self.target.as_deref())?.1], DEFAULT)
        };
        let rows: Vec<_> = windows
            .iter()
            .flat_map(|w| ctx.srv.model.windows[w].layout.panes())
            .map(|p| pane_vars(ctx.srv, p))
            .collect();
        ctx.emit_rows(&rows, self.format.as_deref(), default, self.json);
        Ok(())
    }
}
