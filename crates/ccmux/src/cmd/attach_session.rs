use super::support::{fail, CmdResult, Ctx};
use super::Command;
use clap::Args;

/// Attach this terminal to a session (the interactive client).
#[derive(Args, Debug)]
pub struct AttachSession {
    #[arg(short = 't', value_name = "target-session")]
    pub target: Option<String>,
    /// Detach every other client of the session.
    #[arg(short = 'd')]
    pub detach_others: bool,
}

impl AttachSession {
    pub fn exec(self, _ctx: &mut Ctx) -> CmdResult {
        // The client attaches itself; this runs only when sent as a plain command.
        fail("attach-session needs a terminal: run it from a shell")
    }
}

/// How the client attaches for a command line.
pub struct AttachSpec {
    pub target: Option<String>,
    pub detach_others: bool,
    /// Run the command line first (`new-session` without `-d`).
    pub run_command: bool,
    /// Create a session when there is none (plain `ccmux`).
    pub create: bool,
}

/// Whether a command line attaches, and how.
pub fn attach_spec(command: Option<&Command>) -> Option<AttachSpec> {
    match command {
        None => Some(AttachSpec {
            target: None,
            detach_others: false,
            run_command: false,
            create: true,
        }),
        Some(Command::AttachSession(a)) => Some(AttachSpec {
            target: a.target.clone(),
            detach_others: a.detach_others,
            run_command: false,
            create: false,
        }),
        Some(Command::NewSession(n)) if !n.detached => Some(AttachSpec {
            target: None,
            detach_others: false,
            run_command: true,
            create: false,
        }),
        _ => None,
    }
}
