use super::support::{fail, CmdResult, Ctx};
use ccmux_model::Change;
use clap::Args;

/// Rename a session.
#[derive(Args, Debug)]
pub struct RenameSession {
    #[arg(short = 't', value_name = "target-session")]
    pub target: Option<String>,
    #[arg(value_name = "new-name")]
    pub name: String,
}

impl RenameSession {
    pub fn exec(self, ctx: &mut Ctx) -> CmdResult {
        let id = ctx.find_session(self.target.as_deref())?;
        if self.name.is_empty() || self.name.contains(':') || self.name.contains('.') {
            return fail(format!("invalid session name: {}", self.name));
        }
        if ctx.srv.model.sessions[&id].name == self.name {
            return Ok(());
        }
        ctx.apply(Change::SessionRenamed {
            id,
            name: self.name,
        })?;
        Ok(())
    }
}
