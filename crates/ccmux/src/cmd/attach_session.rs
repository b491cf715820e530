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
    flags: flags::START_SERVER | flags::ATTACHES | flags::READ_ONLY,
    run: Run::Server(exec),
};

fn exec(args: &Args, ctx: &mut Ctx) -> CmdResult {
    if ctx.q.control.is_none() {
        // A terminal client attaches itself; this runs only when sent as a plain command.
        return fail("attach-session needs a terminal: run it from a shell");
    }
    // A control client's attach-session (its first command, or a line it sends): the client is
    // attached to the session once the queue is done, as tmux's server_client_set_session.
    if ctx.srv.model.sessions.is_empty() {
        return fail("no sessions");
    }
    let session = ctx.find_session(args.get('t'))?;
    if args.has('d') {
        let me = match ctx.source {
            super::Source::Client(id) => Some(id),
            _ => None,
        };
        let name = ctx.srv.model.sessions[&session].name.clone();
        for other in ctx.srv.clients.of_session(session) {
            if Some(other) != me {
                let reason = format!("detached (from session {name})");
                ctx.client_action(other, super::ClientAction::Detach(reason));
            }
        }
    }
    control_attach(ctx, session);
    Ok(())
}

/// For a control client's queue: attach the client to `session` once the queue is done.
pub fn control_attach(ctx: &mut Ctx, session: ccmux_model::SessionId) {
    if let Some(c) = ctx.q.control.as_mut() {
        c.attach = Some(session);
    }
}

/// How the client attaches for a command line.
pub struct AttachSpec {
    pub target: Option<String>,
    pub detach_others: bool,
    /// Run the command line first (`new-session` without `-d`, or commands around `attach`).
    pub run_command: bool,
    /// Create a session when there is none (plain `ccmux`).
    pub create: bool,
    /// Client flags (`-f`, and `-r` as `read-only,ignore-size`).
    pub flags: String,
    /// `-x`: the other clients are detached with SIGHUP to their parents.
    pub hup_others: bool,
    /// `-E`: `update-environment` is not applied.
    pub keep_env: bool,
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
            flags: String::new(),
            hup_others: false,
            keep_env: false,
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
        detach_others: attach.args.has('d') || attach.args.has('x'),
        run_command: !only_attach,
        create: false,
        flags: client_flags(attach),
        hup_others: attach.args.has('x'),
        keep_env: attach.args.has('E'),
    })
}

/// The client flags an attach asks for: `-f`'s, and `-r` (tmux's read-only and ignore-size).
fn client_flags(attach: &super::Prepared) -> String {
    let mut flags: Vec<&str> = Vec::new();
    if attach.entry.name == "attach-session" {
        flags.extend(attach.args.get('f').into_iter().flat_map(|f| f.split(',')));
        if attach.args.has('r') {
            flags.extend(["read-only", "ignore-size"]);
        }
    }
    flags.retain(|f| !f.is_empty());
    flags.join(",")
}
