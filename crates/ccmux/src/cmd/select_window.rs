use super::support::{CmdResult, Ctx};
use ccmux_model::Change;
use clap::Args;

/// Make a window the current one of its session.
#[derive(Args, Debug)]
pub struct SelectWindow {
    #[arg(short = 't', value_name = "target-window")]
    pub target: Option<String>,
    /// The last (previously current) window.
    #[arg(short = 'l')]
    pub last: bool,
    /// The next window.
    #[arg(short = 'n')]
    pub next: bool,
    /// The previous window.
    #[arg(short = 'p')]
    pub previous: bool,
}

impl SelectWindow {
    pub fn exec(self, ctx: &mut Ctx) -> CmdResult {
        let (session, mut id) = ctx.find_window(self.target.as_deref())?;
        let name = ctx.srv.model.sessions[&session].name.clone();
        let relative = if self.last {
            Some("!")
        } else if self.next {
            Some("+")
        } else if self.previous {
            Some("-")
        } else {
            None
        };
        if let Some(rel) = relative {
            let target = format!("{name}:{rel}");
            id = ctx
                .srv
                .model
                .find_window(Some(&target), &ctx.current)
                .map_err(|_| {
                    super::support::CmdError::Msg(if self.last {
                        "no last window".into()
                    } else {
                        "no other window".into()
                    })
                })?
                .1;
        }
        if ctx.srv.model.sessions[&session].active_window != id {
            ctx.apply(Change::WindowSelected { id })?;
        }
        Ok(())
    }
}
