use super::support::{CmdResult, Ctx};
use clap::Args;

/// Exit 0 if the session exists, 1 (with a message) if not.
#[derive(Args, Debug)]
pub struct HasSession {
    #[arg(short = 't', value_name = "target-session")]
    pub target: Option<String>,
}

impl HasSession {
    pub fn exec(self, ctx: &mut Ctx) -> CmdResult {
        ctx.find_session(self.target.as_deref())?;
        Ok(())
    }
}
