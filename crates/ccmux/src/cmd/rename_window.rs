use super::support::{CmdResult, Ctx};
use ccmux_model::Change;
use clap::Args;

/// Rename a window.
#[derive(Args, Debug)]
pub struct RenameWindow {
    #[arg(short = 't', value_name = "target-window")]
    pub target: Option<String>,
    #[arg(value_name = "new-name")]
    pub name: String,
}

impl RenameWindow {
    pub fn exec(self, ctx: &mut Ctx) -> CmdResult {
        let (_, id) = ctx.find_window(self.target.as_deref())?;
        ctx.apply(Change::WindowRenamed {
            id,
            name: self.name,
        })?;
        Ok(())
    }
}
