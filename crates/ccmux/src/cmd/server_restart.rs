use super::support::{fail, CmdResult, Ctx};
use clap::Args;

/// Restart the server from the binary now on disk (after an upgrade): checkpoint, hand the panes to the
/// keeper, exec. Pane processes keep running; attached clients reconnect.
#[derive(Args, Debug)]
pub struct ServerRestart {}

impl ServerRestart {
    pub fn exec(self, ctx: &mut Ctx) -> CmdResult {
        if ctx.srv.store.is_none() || ctx.srv.keeper.is_none() {
            return fail(
                "server-restart needs persistence and keep_processes on: the panes would be lost",
            );
        }
        ctx.srv.restart_requested = true;
        Ok(())
    }
}
