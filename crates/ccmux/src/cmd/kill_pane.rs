use super::support::{CmdResult, Ctx};
use ccmux_model::Change;
use clap::Args;

/// Destroy a pane and its process (the last pane closes its window).
#[derive(Args, Debug)]
pub struct KillPane {
    #[arg(short = 't', value_name = "target-pane")]
    pub target: Option<String>,
    /// Kill every other pane of the window instead.
    #[arg(short = 'a')]
    pub all_others: bool,
}

impl KillPane {
    pub fn exec(self, ctx: &mut Ctx) -> CmdResult {
        let (_, window, pane) = ctx.find_pane(self.target.as_deref())?;
        let victims = if self.all_others {
            let panes = ctx.srv.model.windows[&window].layout.panes();
            panes.into_iter().filter(|p| *p != pane).collect()
        } else {
            vec![pane]
        };
        for id in victims {
            ctx.apply(Change::PaneClosed { id })?;
        }
        Ok(())
    }
}
