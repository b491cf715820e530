//! A command's declarative entry (tmux's `struct cmd_entry`): name, alias, flag template, argument
//! bounds, usage, what it targets, whether it starts a server, and what runs it. The registry in
//! `mod.rs` lists every entry once; the client, the server, key bindings, hooks, config files and the
//! generated help all read it.

use super::args::{Args, Spec};
use super::support::{CmdResult, Ctx};

/// What a command's `-t` names (for help and completion; resolution happens in `exec`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TargetKind {
    None,
    Session,
    Window,
    Pane,
    Client,
}

/// Runs a command on the server, under the state lock.
pub type Exec = fn(&Args, &mut Ctx) -> CmdResult;

/// How a command runs.
#[derive(Clone, Copy)]
pub enum Run {
    Server(Exec),
    /// A tmux command ccmux does not have yet: its arguments are checked, running it is an error that
    /// says so (a config file that uses it still loads the rest).
    Missing,
}

/// Flags of an entry.
pub mod flags {
    /// Running this command starts a server when none runs (tmux's CMD_STARTSERVER).
    pub const START_SERVER: u32 = 1;
    /// The client attaches to a session after the command line runs (attach-session, new-session
    /// without -d).
    pub const ATTACHES: u32 = 2;
    /// A read-only client may run it from a key binding (tmux's CMD_READONLY).
    pub const READ_ONLY: u32 = 4;
}

#[derive(Clone, Copy)]
pub struct Entry {
    pub name: &'static str,
    pub alias: Option<&'static str>,
    /// tmux's getopt-like template, e.g. `"bc:dF:t:"`.
    pub template: &'static str,
    pub lower: usize,
    pub upper: Option<usize>,
    /// Accepts `--json` (list commands: every format variable as JSON).
    pub json: bool,
    /// Usage after the name, as `list-commands` prints it.
    pub usage: &'static str,
    /// One line saying what it does.
    pub about: &'static str,
    /// For generated completions (`docs.rs`).
    pub target: TargetKind,
    pub flags: u32,
    pub run: Run,
}

impl std::fmt::Debug for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Entry({})", self.name)
    }
}

impl Entry {
    pub const fn spec(&self) -> Spec {
        Spec {
            template: self.template,
            lower: self.lower,
            upper: self.upper,
            json: self.json,
        }
    }

    pub fn has(&self, flag: u32) -> bool {
        self.flags & flag != 0
    }
}

/// A tmux command ccmux does not implement yet.
pub const fn missing(
    name: &'static str,
    alias: Option<&'static str>,
    template: &'static str,
    lower: usize,
    upper: Option<usize>,
    usage: &'static str,
) -> Entry {
    Entry {
        name,
        alias,
        template,
        lower,
        upper,
        json: false,
        usage,
        about: "not available in ccmux yet",
        target: TargetKind::None,
        flags: 0,
        run: Run::Missing,
    }
}
