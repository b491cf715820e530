//! The flags every command that starts a pane shares (new-session, new-window, split-window).

use super::support::{CmdError, Ctx};
use ccmux_model::{PaneId, PaneSpec};
use clap::Args;

#[derive(Args, Debug)]
pub struct NewPane {
    /// The pane's working directory (formats allowed, e.g. `#{pane_current_path}`).
    #[arg(short = 'c', value_name = "start-directory")]
    pub cwd: Option<String>,
    /// An environment variable for the pane (saved with it; the inherited environment is not).
    #[arg(short = 'e', value_name = "VAR=value")]
    pub env: Vec<String>,
    /// Print information about the new pane.
    #[arg(short = 'P')]
    pub print: bool,
    /// The format -P prints.
    #[arg(short = 'F', value_name = "format")]
    pub format: Option<String>,
    /// What the pane runs: one string goes through `/bin/sh -c`; default the shell.
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "shell-command"
    )]
    pub command: Vec<String>,
}

impl NewPane {
    /// The new pane's spec; `-c` formats expand for `format_pane`.
    pub fn spec(&mut self, ctx: &Ctx, format_pane: Option<PaneId>) -> Result<PaneSpec, CmdError> {
        let command = std::mem::take(&mut self.command);
        ctx.pane_spec(self.cwd.as_deref(), &self.env, command, format_pane)
    }

    /// With -P, prints the new pane's `-F` format (or `default`).
    pub fn print_info(&self, ctx: &mut Ctx, pane: PaneId, default: &str) {
        if self.print {
            let line = ctx.expand(self.format.as_deref().unwrap_or(default), Some(pane));
            ctx.print(&line);
        }
    }
}
