use super::support::{CmdResult, Ctx};
use crate::server::format_vars::session_vars;
use clap::Args;

const DEFAULT: &str =
    "#{session_name}: #{session_windows} windows (created #{session_created_string})";

/// List sessions.
#[derive(Args, Debug)]
pub struct ListSessions {
    #[arg(short = 'F', value_name = "format")]
    pub format: Option<String>,
    /// Print JSON objects with every format variable.
    #[arg(long)]
    pub json: bool,
}

impl ListSessions {
    pub fn exec(self, ctx: &mut Ctx) -> CmdResult {
        let rows: Vec<_> = ctx
            .srv
            .model
            .sessions
            .keys()
            .map(|s| session_vars(ctx.srv, *s))
            .collect();
        ctx.emit_rows(&rows, self.format.as_deref(), DEFAULT, self.json);
        Ok(())
    }
}
