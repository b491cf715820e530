use super::support::{CmdResult, Ctx};
use clap::Args;

/// Kill the server and every pane's process.
#[derive(Args, Debug)]
pub struct KillServer {}

impl KillServer {
    pub fn exec(self, ctx: &mut Ctx) -> CmdResult {
        ctx.srv.shutting_down = true;
        Ok(())
    }
}
