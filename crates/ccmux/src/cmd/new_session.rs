use super::pane_args::NewPane;
use super::support::{fail, now, CmdResult, Ctx};
use ccmux_model::{Change, PaneId, SessionId, WindowId};
use clap::Args;

/// Create a session with one window.
#[derive(Args, Debug)]
pub struct NewSession {
    /// Do not attach.
    #[arg(short = 'd')]
    pub detached: bool,
    /// Attach to the session if it already exists.
    #[arg(short = 'A')]
    pub attach_existing: bool,
    #[arg(short = 's', value_name = "session-name")]
    pub name: Option<String>,
    #[arg(short = 'n', value_name = "window-name")]
    pub window_name: Option<String>,
    #[arg(short = 'x', value_name = "width")]
    pub width: Option<u16>,
    #[arg(short = 'y', value_name = "height")]
    pub height: Option<u16>,
    #[command(flatten)]
    pub new: NewPane,
}

impl NewSession {
    pub fn exec(mut self, ctx: &mut Ctx) -> CmdResult {
        if let Some(name) = &self.name {
            if name.is_empty() || name.contains(':') || name.contains('.') {
                return fail(format!("invalid session name: {name}"));
            }
            if let Some(s) = ctx.srv.model.session_by_name(name) {
                if self.attach_existing {
                    let id = s.id;
                    ctx.srv.touch(id);
                    return Ok(());
                }
                return fail(format!("duplicate session: {name}"));
            }
        }
        let next = ctx.srv.model.next;
        let id = SessionId(next.session);
        let name = self.name.clone().unwrap_or_else(|| {
            (next.session..)
                .map(|n| n.to_string())
                .find(|n| ctx.srv.model.session_by_name(n).is_none())
                .unwrap_or_default()
        });
        let spec = self.new.spec(ctx, None)?;
        let pane = PaneId(next.pane);
        let window = WindowId(next.window);
        let config = &ctx.srv.config;
        let change = Change::SessionCreated {
            id,
            name,
            created: now(),
            cols: self.width.unwrap_or(config.default_width).max(1),
            rows: self.height.unwrap_or(config.default_height).max(1),
            window,
            window_name: self
                .window_name
                .unwrap_or_else(|| Ctx::default_window_name(&spec)),
            pane,
            spec,
        };
        ctx.create_pane(change, pane)?;
        ctx.srv.touch(id);
        self.new.print_info(ctx, pane, "#{session_name}:");
        Ok(())
    }
}
