//! Carrying out what commands return besides their changes (`cmd::Effect`), for every kind of client
//! alike: a checkpoint before the reply; shutdown, restart and client actions after it.

use super::Shared;
use crate::cmd::Effect;

/// What is left to do once the reply is sent.
#[must_use]
pub struct After {
    effects: Vec<Effect>,
}

/// Does what must happen before the reply (a requested checkpoint); returns the rest.
pub async fn before_reply(shared: &std::sync::Arc<Shared>, effects: &[Effect]) -> After {
    if effects.contains(&Effect::Checkpoint) {
        super::persistence::checkpoint(shared).await;
    }
    After {
        effects: effects
            .iter()
            .filter(|e| **e != Effect::Checkpoint)
            .cloned()
            .collect(),
    }
}

impl After {
    /// Shutdown and restart stop the server loop; client actions go to their client's task.
    pub fn carry_out(self, shared: &Shared) {
        let mut stop = false;
        {
            let mut srv = shared.lock();
            for e in self.effects {
                match e {
                    Effect::Shutdown => {
                        srv.shutting_down = true;
                        stop = true;
                    }
                    Effect::Restart => {
                        srv.restart_requested = true;
                        stop = true;
                    }
                    Effect::Checkpoint => {}
                    Effect::Client(id, action) => srv.clients.act(id, action),
                }
            }
        }
        if stop {
            shared.shutdown.notify_one();
        }
    }
}
