use super::support::{CmdResult, Ctx};
use ccmux_model::Change;
use clap::Args;

/// Destroy a window and its panes' processes.
#[derive(Args, Debug)]
pub struct KillWindow {
    #[arg(short = 't', value_name = "target-window")]
    pub target: Option<String>,
    /// Kill every other window of the session instead.
    #[arg(short = 'a')]
    pub all_others: bool,
}

impl KillWindow {
    pub fn exec(self, ctx: &mut Ctx) -> CmdResult {
        let (session, id) = ctx.find_window(self.target.as_deref())?;
        let victims: Vec<_> = if self.all_others {
            let windows = ctx.srv.model.sessions[&session].windows.values();
            windows.filter(|w| **w != id).copied().collect()
        } else {
            vec![id]
        };
        for id in victims {
            ctx.apply(Change::WindowClosed { id })?;
        }
        Ok(())
    }
}
