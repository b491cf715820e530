use super::pane_args::NewPane;
use super::support::{fail, CmdResult, Ctx};
use ccmux_model::{Change, PaneId, WindowId};
use clap::Args;

/// Create a window.
#[derive(Args, Debug)]
pub struct NewWindow {
    /// Do not make the new window current.
    #[arg(short = 'd')]
    pub detached: bool,
    /// A session, or `session:index` for a free index.
    #[arg(short = 't', value_name = "target-window")]
    pub target: Option<String>,
    #[arg(short = 'n', value_name = "window-name")]
    pub name: Option<String>,
    #[command(flatten)]
    pub new: NewPane,
}

impl NewWindow {
    pub fn exec(mut self, ctx: &mut Ctx) -> CmdResult {
        let (session, index) = match self.target.as_deref().and_then(|t| t.rsplit_once(':')) {
            Some((s, i)) if i.parse::<u32>().is_ok() => {
                let session = ctx.find_session(Some(s).filter(|s| !s.is_empty()))?;
                let index: u32 = i.parse().unwrap_or(0);
                if ctx.srv.model.sessions[&session]
                    .windows
                    .contains_key(&index)
                {
                    return fail(format!("index in use: {index}"));
                }
                (session, index)
            }
            _ => {
                let session = ctx.find_session(self.target.as_deref())?;
                let base = ctx.srv.config.base_index;
                (session, ctx.srv.model.free_window_index(session, base))
            }
        };
        let from = ctx.srv.model.sessions[&session]
            .windows
            .values()
            .next()
            .copied();
        let from_pane = from.map(|w| ctx.srv.model.windows[&w].active_pane);
        let spec = self.new.spec(ctx, from_pane)?;
        let next = ctx.srv.model.next;
        let (id, pane) = (WindowId(next.window), PaneId(next.pane));
        let change = Change::WindowCreated {
            id,
            session,
            index,
            name: self.name.unwrap_or_else(|| Ctx::default_window_name(&spec)),
            pane,
            spec,
            select: !self.detached,
        };
        ctx.create_pane(change, pane)?;
        self.new
            .print_info(ctx, pane, "#{session_name}:#{window_index}");
        Ok(())
    }
}
