use super::pane_args::NewPane;
use super::support::{parse_size, percent, CmdResult, Ctx};
use ccmux_model::{Change, PaneId, SplitDir};
use clap::Args;

/// Split a pane in two, starting a new process in the new half.
#[derive(Args, Debug)]
#[command(disable_help_flag = true)]
pub struct SplitWindow {
    /// Print help (`-h` means side by side here, as in tmux).
    #[arg(long, action = clap::ArgAction::Help)]
    pub help: Option<bool>,
    /// Side by side (left|right).
    #[arg(short = 'h', conflicts_with = "vertical")]
    pub horizontal: bool,
    /// Stacked (top/bottom); the default.
    #[arg(short = 'v')]
    pub vertical: bool,
    /// Put the new pane before (left of or above) the target.
    #[arg(short = 'b')]
    pub before: bool,
    /// Do not make the new pane current.
    #[arg(short = 'd')]
    pub detached: bool,
    #[arg(short = 't', value_name = "target-pane")]
    pub target: Option<String>,
    /// The new pane's size: cells, or a percentage like `30%`.
    #[arg(short = 'l', value_name = "size")]
    pub size: Option<String>,
    /// The new pane's size as a percentage (older tmux spelling).
    #[arg(short = 'p', value_name = "percentage")]
    pub percentage: Option<u16>,
    #[command(flatten)]
    pub new: NewPane,
}

impl SplitWindow {
    pub fn exec(mut self, ctx: &mut Ctx) -> CmdResult {
        let (_, _, target) = ctx.find_pane(self.target.as_deref())?;
        let dir = if self.horizontal {
            SplitDir::LeftRight
        } else {
            SplitDir::TopBottom
        };
        let rect = ctx.srv.model.pane_rect(target).unwrap_or_default();
        let extent = match dir {
            SplitDir::LeftRight => rect.cols,
            SplitDir::TopBottom => rect.rows,
        };
        let size = match (&self.size, self.percentage) {
            (Some(s), _) => Some(parse_size(s, extent)?),
            (None, Some(p)) => Some(percent(p as u32, extent)),
            (None, None) => None,
        };
        let spec = self.new.spec(ctx, Some(target))?;
        let pane = PaneId(ctx.srv.model.next.pane);
        let change = Change::PaneSplit {
            target,
            pane,
            dir,
            size,
            before: self.before,
            spec,
            select: !self.detached,
        };
        ctx.create_pane(change, pane)?;
        self.new
            .print_info(ctx, pane, "#{session_name}:#{window_index}.#{pane_index}");
        Ok(())
    }
}
