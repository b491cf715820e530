use super::support::{fail, CmdResult, Ctx};
use ccmux_model::keys::{send_keys, PaneModes, SendMode};
use clap::Args;

/// Send keys to a pane: key names (Enter, C-c, M-x, F1, C-Up ...) or literal text, as tmux does.
#[derive(Args, Debug)]
pub struct SendKeys {
    #[arg(short = 't', value_name = "target-pane")]
    pub target: Option<String>,
    /// Send every argument as literal text.
    #[arg(short = 'l')]
    pub literal: bool,
    /// Every argument is a byte in hexadecimal.
    #[arg(short = 'H')]
    pub hex: bool,
    /// Send the arguments this many times.
    #[arg(short = 'N', value_name = "repeat-count", value_parser = clap::value_parser!(u32).range(1..))]
    pub repeat: Option<u32>,
    #[arg(allow_hyphen_values = true, value_name = "key")]
    pub keys: Vec<String>,
}

impl SendKeys {
    pub fn exec(self, ctx: &mut Ctx) -> CmdResult {
        let (_, _, pane) = ctx.find_pane(self.target.as_deref())?;
        let Some(handle) = ctx.srv.panes.get(&pane) else {
            return fail(format!("pane {pane} has no process"));
        };
        let modes = crate::server::pane::lock(&handle.screen)
            .map(|s| {
                let m = s.emu.modes();
                PaneModes {
                    app_cursor: m.app_cursor,
                    app_keypad: m.app_keypad,
                }
            })
            .unwrap_or_default();
        // tmux: -H wins over -l.
        let mode = if self.hex {
            SendMode::Hex
        } else if self.literal {
            SendMode::Literal
        } else {
            SendMode::Keys
        };
        let bytes = send_keys(&self.keys, mode, self.repeat.unwrap_or(1), modes);
        if !bytes.is_empty() {
            handle.write(bytes);
        }
        Ok(())
    }
}
