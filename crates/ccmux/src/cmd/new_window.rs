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
    #[arg(short = 'c', value_name = "start-directory")]
    pub cwd: Option<String>,
    #[arg(short = 'e', value_name = "VAR=value")]
    pub env: Vec<String>,
    #[arg(short = 'P')]
    pub print: bool,
    #[arg(short = 'F', value_name = "format")]
    pub format: Option<String>,
    #[arg(
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "shell-command"
    )]
    pub command: Vec<String>,
}

impl NewWindow {
    pub fn exec(self, ctx: &mut Ctx) -> CmdResult {
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
        let spec = ctx.pane_spec(self.cwd.as_deref(), &self.env, self.command, from_pane)?;
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
        if self.print {
            let fmt = self
                .format
                .as_deref()
                .unwrap_or("#{session_name}:#{window_index}");
            let line = ctx.expand(fmt, Some(pane));
            ctx.print(&line);
        }
        Ok(())
    }
}
