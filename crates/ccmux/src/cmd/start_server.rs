use super::support::{CmdResult, Ctx};
use clap::Args;

/// Start the server (it exits again when it has no sessions and no clients).
#[derive(Args, Debug)]
pub struct StartServer {}

impl StartServer {
    pub fn exec(self, _ctx: &mut Ctx) -> CmdResult {
        Ok(())
    }
}
