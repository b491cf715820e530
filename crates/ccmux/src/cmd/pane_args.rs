//! The flags every command that starts a pane shares (new-session, new-window, split-window):
//! `-c start-directory`, `-e VAR=value`, `-P` with `-F format`, and the shell command.

use super::support::{CmdError, Ctx};
use super::Args;
use ccmux_model::{PaneId, PaneSpec};

pub struct NewPane {
    pub cwd: Option<String>,
    pub env: Vec<String>,
    pub print: bool,
    pub format: Option<String>,
    /// What the pane runs: one string goes through `/bin/sh -c`; none means the shell.
    pub command: Vec<String>,
}

impl NewPane {
    pub fn from_args(args: &Args) -> NewPane {
        NewPane {
            cwd: args.get('c').map(String::from),
            env: args.all('e').into_iter().map(String::from).collect(),
            print: args.has('P'),
            format: args.get('F').map(String::from),
            command: args.rest(0),
        }
    }

    /// The new pane's spec; `-c` formats expand for `format_pane`.
    pub fn spec(&self, ctx: &Ctx, format_pane: Option<PaneId>) -> Result<PaneSpec, CmdError> {
        ctx.pane_spec(
            self.cwd.as_deref(),
            &self.env,
            self.command.clone(),
            format_pane,
        )
    }

    /// With -P, prints the new pane's `-F` format (or `default`).
    pub fn print_info(&self, ctx: &mut Ctx, pane: PaneId, default: &str) {
        if self.print {
            ctx.print_for_pane(pane, self.format.as_deref().unwrap_or(default));
        }
    }
}
