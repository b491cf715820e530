use super::support::{CmdResult, Ctx};
use clap::Args;

/// List attached clients: `tty: session [colsxrows term]`.
#[derive(Args, Debug)]
pub struct ListClients {
    /// Only the clients of this session.
    #[arg(short = 't', value_name = "target-session")]
    pub target: Option<String>,
}

impl ListClients {
    pub fn exec(self, ctx: &mut Ctx) -> CmdResult {
        let only = match &self.target {
            Some(t) => Some(ctx.find_session(Some(t))?),
            None => None,
        };
        let mut lines = Vec::new();
        for c in ctx.srv.clients.clients.values() {
            if only.is_some_and(|s| s != c.session) {
                continue;
            }
            let session = ctx
                .srv
                .model
                .sessions
                .get(&c.session)
                .map_or("", |s| s.name.as_str());
            lines.push(format!(
                "{}: {session} [{}x{} {}] (attached {})",
                c.tty, c.cols, c.rows, c.term, c.created
            ));
        }
        for l in lines {
            ctx.print(&l);
        }
        Ok(())
    }
}
