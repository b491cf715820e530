use super::support::{CmdResult, Ctx};
use clap::Args;

/// Expand a format for a target pane and print it (-p).
#[derive(Args, Debug)]
pub struct DisplayMessage {
    #[arg(short = 't', value_name = "target-pane")]
    pub target: Option<String>,
    /// Print to stdout.
    #[arg(short = 'p')]
    pub print: bool,
    #[arg(value_name = "message")]
    pub message: Option<String>,
}

impl DisplayMessage {
    pub fn exec(self, ctx: &mut Ctx) -> CmdResult {
        let pane = match (&self.target, ctx.srv.model.sessions.is_empty()) {
            (None, true) => None,
            _ => Some(ctx.find_pane(self.target.as_deref())?.2),
        };
        let fmt = self.message.as_deref().unwrap_or(
            "[#{session_name}] #{window_index}:#{window_name}, current pane #{pane_index} - (#{host})",
        );
        let line = ctx.expand(fmt, pane);
        ctx.print(&line);
        Ok(())
    }
}
