use super::support::{CmdResult, Ctx};
use crate::server::format_vars::window_vars;
use clap::Args;

const DEFAULT: &str = "#{window_index}: #{window_name}#{window_flags} (#{window_panes} panes) \
                       [#{window_width}x#{window_height}] #{window_id}#{?window_active, (active),}";
const DEFAULT_ALL: &str = "#{session_name}:#{window_index}: #{window_name}#{window_flags} \
                           (#{window_panes} panes) [#{window_width}x#{window_height}]";

/// List the windows of a session (or of all sessions with -a).
#[derive(Args, Debug)]
pub struct ListWindows {
    #[arg(short = 't', value_name = "target-session")]
    pub target: Option<String>,
    #[arg(short = 'a')]
    pub all: bool,
    #[arg(short = 'F', value_name = "format")]
    pub format: Option<String>,
    #[arg(long)]
    pub json: bool,
}

impl ListWindows {
    pub fn exec(self, ctx: &mut Ctx) -> CmdResult {
        let sessions = if self.all {
            ctx.srv.model.sessions.keys().copied().collect()
        } else {
            vec![ctx.find_session(self.target.as_deref())?]
        };
        let rows: Vec<_> = sessions
            .iter()
            .flat_map(|s| ctx.srv.model.sessions[s].windows.values())
            .map(|w| window_vars(ctx.srv, *w))
            .collect();
        let default = if self.all { DEFAULT_ALL } else { DEFAULT };
        ctx.emit_rows(&rows, self.format.as_deref(), default, self.json);
        Ok(())
    }
}
