//! Commands, one file each (tmux's cmd-*.c): the clap definition of its flags and its `exec`.
//!
//! The client parses a command line with the same definitions (so usage errors are local and immediate),
//! sends the words to the server, and the server parses them again and runs them here under the state lock.

mod attach_session;
mod capture_pane;
mod detach_client;
mod display_message;
mod has_session;
mod kill_pane;
mod kill_server;
mod kill_session;
mod kill_window;
mod list_clients;
mod list_panes;
mod list_sessions;
mod list_windows;
mod new_session;
mod new_window;
mod pane_args;
mod persistence;
mod rename_session;
mod rename_window;
mod resize_pane;
mod select_pane;
mod select_window;
mod send_keys;
mod server_restart;
mod split_window;
mod start_server;
mod support;

pub use attach_session::{attach_spec, AttachSpec};
pub use support::{run, Ctx};

use clap::Subcommand;

/// A command the client runs itself: (socket, config file) -> exit status.
pub type OfflineCommand = fn(&std::path::Path, Option<&std::path::Path>) -> anyhow::Result<i32>;

/// Every command, with tmux's names and aliases.
#[derive(Subcommand, Debug)]
pub enum Command {
    #[command(name = "start-server", visible_alias = "start")]
    StartServer(start_server::StartServer),
    #[command(name = "kill-server")]
    KillServer(kill_server::KillServer),
    #[command(name = "server-restart")]
    ServerRestart(server_restart::ServerRestart),
    #[command(name = "new-session", visible_alias = "new")]
    NewSession(new_session::NewSession),
    #[command(name = "list-sessions", visible_alias = "ls")]
    ListSessions(list_sessions::ListSessions),
    #[command(name = "has-session", visible_alias = "has")]
    HasSession(has_session::HasSession),
    #[command(name = "rename-session", visible_alias = "rename")]
    RenameSession(rename_session::RenameSession),
    #[command(name = "kill-session")]
    KillSession(kill_session::KillSession),
    #[command(name = "new-window", visible_alias = "neww")]
    NewWindow(new_window::NewWindow),
    #[command(name = "list-windows", visible_alias = "lsw")]
    ListWindows(list_windows::ListWindows),
    #[command(name = "rename-window", visible_alias = "renamew")]
    RenameWindow(rename_window::RenameWindow),
    #[command(name = "select-window", visible_alias = "selectw")]
    SelectWindow(select_window::SelectWindow),
    #[command(name = "kill-window", visible_alias = "killw")]
    KillWindow(kill_window::KillWindow),
    #[command(name = "split-window", visible_alias = "splitw")]
    SplitWindow(split_window::SplitWindow),
    #[command(name = "list-panes", visible_alias = "lsp")]
    ListPanes(list_panes::ListPanes),
    #[command(name = "select-pane", visible_alias = "selectp")]
    SelectPane(select_pane::SelectPane),
    #[command(name = "kill-pane", visible_alias = "killp")]
    KillPane(kill_pane::KillPane),
    #[command(name = "resize-pane", visible_alias = "resizep")]
    ResizePane(resize_pane::ResizePane),
    #[command(name = "send-keys", visible_alias = "send")]
    SendKeys(send_keys::SendKeys),
    #[command(name = "capture-pane", visible_alias = "capturep")]
    CapturePane(capture_pane::CapturePane),
    #[command(name = "display-message", visible_alias = "display")]
    DisplayMessage(display_message::DisplayMessage),
    #[command(name = "attach-session", visible_aliases = ["attach", "a"])]
    AttachSession(attach_session::AttachSession),
    #[command(name = "detach-client", visible_alias = "detach")]
    DetachClient(detach_client::DetachClient),
    #[command(name = "list-clients", visible_alias = "lsc")]
    ListClients(list_clients::ListClients),
    /// Crash-safe persistence: `status` (from the server) and `inspect` (offline).
    #[command(subcommand)]
    Persistence(persistence::Persistence),
}

impl Command {
    /// Whether running this command may start a server when none is running.
    pub fn starts_server(&self) -> bool {
        matches!(self, Command::StartServer(_) | Command::NewSession(_))
    }

    /// Commands the client runs itself, without a server.
    pub fn offline(&self) -> Option<OfflineCommand> {
        match self {
            Command::Persistence(persistence::Persistence::Inspect(i)) => Some(if i.json {
                persistence::inspect_json
            } else {
                persistence::inspect_text
            }),
            _ => None,
        }
    }

    fn exec(self, ctx: &mut Ctx) -> support::CmdResult {
        match self {
            Command::StartServer(c) => c.exec(ctx),
            Command::KillServer(c) => c.exec(ctx),
            Command::ServerRestart(c) => c.exec(ctx),
            Command::NewSession(c) => c.exec(ctx),
            Command::ListSessions(c) => c.exec(ctx),
            Command::HasSession(c) => c.exec(ctx),
            Command::RenameSession(c) => c.exec(ctx),
            Command::KillSession(c) => c.exec(ctx),
            Command::NewWindow(c) => c.exec(ctx),
            Command::ListWindows(c) => c.exec(ctx),
            Command::RenameWindow(c) => c.exec(ctx),
            Command::SelectWindow(c) => c.exec(ctx),
            Command::KillWindow(c) => c.exec(ctx),
            Command::SplitWindow(c) => c.exec(ctx),
            Command::ListPanes(c) => c.exec(ctx),
            Command::SelectPane(c) => c.exec(ctx),
            Command::KillPane(c) => c.exec(ctx),
            Command::ResizePane(c) => c.exec(ctx),
            Command::SendKeys(c) => c.exec(ctx),
            Command::CapturePane(c) => c.exec(ctx),
            Command::DisplayMessage(c) => c.exec(ctx),
            Command::AttachSession(c) => c.exec(ctx),
            Command::DetachClient(c) => c.exec(ctx),
            Command::ListClients(c) => c.exec(ctx),
            Command::Persistence(c) => c.exec(ctx),
        }
    }
}
