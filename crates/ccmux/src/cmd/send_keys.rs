use super::support::{fail, CmdResult, Ctx};
use crate::keys::key_bytes;
use clap::Args;

/// Send keys to a pane: key names (Enter, C-c, M-x, F1, Up ...) or literal text.
#[derive(Args, Debug)]
pub struct SendKeys {
    #[arg(short = 't', value_name = "target-pane")]
    pub target: Option<String>,
    /// Send every argument as literal text.
    #[arg(short = 'l')]
    pub literal: bool,
    #[arg(allow_hyphen_values = true, value_name = "key")]
    pub keys: Vec<String>,
}

impl SendKeys {
    pub fn exec(self, ctx: &mut Ctx) -> CmdResult {
        let (_, _, pane) = ctx.find_pane(self.target.as_deref())?;
        let Some(handle) = ctx.srv.panes.get(&pane) else {
            return fail(format!("pane {pane} has no process"));
        };
        let app_cursor =
            crate::server::pane::lock(&handle.screen).is_some_and(|s| s.emu.modes().app_cursor);
        let mut bytes = Vec::new();
        for key in &self.keys {
            match (self.literal, key_bytes(key, app_cursor)) {
                (false, Some(b)) => bytes.extend(b),
                _ => bytes.extend_from_slice(key.as_bytes()),
            }
        }
        handle.write(bytes);
        Ok(())
    }
}
