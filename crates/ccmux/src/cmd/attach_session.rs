use super::entry::{flags, Entry, Run, TargetKind};
use super::support::{fail, CmdResult, Ctx};
use super::Args;

pub const ENTRY: Entry = Entry {
    name: "attach-session",
    alias: Some("attach"),
    template: "c:dEf:rt:x",
    lower: 0,
    upper: Some(0),
    json: false,
    usage: "[-dErx] [-c working-directory] [-f flags] [-t target-session]",
    about: "attach this terminal to a session",
    target: TargetKind::Session,
    flags: flags::START_SERVER | flags::ATTACHES,
    run: Run::Server(exec),
};

fn exec(_args: &Args, _ctx: &mut Ctx) -> CmdResult {
    // The client attaches itself; this runs only when sent as a plain command.
    fail("attach-session needs a terminal: run it from a shell")
}

/// How the client attaches for a command line.
pub struct AttachSpec {
    pub target: Option<String>,
    pub detach_others: bool,
    /// Run the command line first (`new-session` without `-d`, or commands around `attach`).
    pub run_command: bool,
    /// Create a session when there is none (plain `ccmux`).
    pub create: bool,
}

/// Whether a command line attaches, and how: it does when it holds `attach-session` or `new-session`
/// without `-d` (tmux attaches after running the whole line).
pub fn attach_spec(cmds: &[super::Prepared]) -> Option<AttachSpec> {
    if cmds.is_empty() {
        return Some(AttachSpec {
            target: None,
            detach_others: false,
            run_command: false,
            create: true,
        });
    }
    let attach = cmds.iter().rev().find(|c| {
        c.entry.name == "attach-session" || (c.entry.name == "new-session" && !c.args.has('d'))
    })?;
    let only_attach = cmds.len() == 1 && attach.entry.name == "attach-session";
    Some(AttachSpec {
        target: if attach.entry.name == "attach-session" {
            attach.args.get('t').map(String::from)
        } else {
            None
        },
        detach_others: attach.args.has('d'),
        run_command: !only_attach,
        create: false,
    })
}
