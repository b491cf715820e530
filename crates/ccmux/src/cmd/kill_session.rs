use super::support::{CmdResult, Ctx};
use ccmux_model::Change;
use clap::Args;

/// Destroy a session, its windows and their panes' processes.
#[derive(Args, Debug)]
pub struct KillSession {
    #[arg(short = 't', value_name = "target-session")]
    pub target: Option<String>,
    /// Kill every other session instead.
    #[arg(short = 'a')]
    pub all_others: bool,
}

impl KillSession {
    pub fn exec(self, ctx: &mut Ctx) -> CmdResult {
        let id = ctx.find_session(self.target.as_deref())?;
        let victims: Vec<_> = if self.all_others {
            ctx.srv
                .model
                .sessions
                .keys()
                .filter(|s| **s != id)
                .copied()
                .collect()
        } else {
            vec![id]
        };
        for id in victims {
            ctx.apply(Change::SessionClosed { id })?;
        }
        Ok(())
    }
}
