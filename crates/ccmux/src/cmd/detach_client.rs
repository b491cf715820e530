use super::support::{fail, CmdResult, Ctx};
use clap::Args;

/// Detach clients: those of the current session, of `-s`, the client `-t`, or all with `-a`.
#[derive(Args, Debug)]
pub struct DetachClient {
    #[arg(short = 's', value_name = "target-session")]
    pub session: Option<String>,
    #[arg(short = 't', value_name = "target-client")]
    pub client: Option<String>,
    /// Every client.
    #[arg(short = 'a')]
    pub all: bool,
}

impl DetachClient {
    pub fn exec(self, ctx: &mut Ctx) -> CmdResult {
        let clients: Vec<u32> = if self.all {
            ctx.srv.clients.clients.keys().copied().collect()
        } else if let Some(name) = &self.client {
            match ctx.srv.clients.find(name) {
                Some(id) => vec![id],
                None => return fail(format!("can't find client: {name}")),
            }
        } else {
            let session = ctx.find_session(self.session.as_deref())?;
            ctx.srv.clients.of_session(session)
        };
        for id in clients {
            let name = ctx
                .srv
                .clients
                .clients
                .get(&id)
                .and_then(|c| ctx.srv.model.sessions.get(&c.session))
                .map(|s| s.name.clone())
                .unwrap_or_default();
            ctx.srv
                .clients
                .detach(id, &format!("detached (from session {name})"));
        }
        Ok(())
    }
}
