//! Commands, one file each (tmux's cmd-*.c), each with a declarative [`Entry`]; [`COMMANDS`] is the one
//! registry every caller reads: the client (to check a command line and know whether it starts a server
//! or attaches), the server, the `:` prompt, key bindings, hooks, config files, help and completions.

pub(crate) mod alias;
pub mod answer;
pub mod args;
mod attach_session;
mod bind_key;
mod break_pane;
mod capture_pane;
mod choose_buffer;
mod choose_tree;
mod clear_history;
mod clock_mode;
mod copy_mode;
pub mod default_keys;
mod detach_client;
mod display_menu;
mod display_message;
mod display_panes;
mod display_popup;
pub mod entry;
mod environment;
mod file_io;
mod find_window;
mod has_session;
pub mod hooks;
mod join_pane;
mod kill_pane;
mod kill_server;
mod kill_session;
mod kill_window;
mod list_buffers;
mod list_clients;
mod list_commands;
mod list_panes;
mod list_sessions;
mod list_windows;
mod load_buffer;
mod lock_client;
mod missing;
mod move_window;
mod new_session;
mod new_window;
mod options_live;
mod output;
mod pane_args;
mod paste_buffer;
mod persistence;
mod pipe_pane;
mod prompts;
pub mod queue;
mod refresh_client;
mod rename_session;
mod rename_window;
mod resize_pane;
mod resize_window;
mod respawn;
mod rotate_window;
mod run_shell;
mod save_buffer;
mod select_layout;
mod select_pane;
mod select_window;
mod send_keys;
mod server_restart;
mod set_buffer;
mod set_option;
mod show_messages;
mod show_options;
mod source_file;
pub mod spawn;
mod split_window;
mod support;
mod suspend_client;
mod swap_pane;
mod swap_window;
mod switch_client;
pub mod template;
pub mod text;
mod unlink_window;
mod wait_for;
pub(crate) mod winlink;

pub use args::Args;
pub use attach_session::{attach_spec, AttachSpec};
pub use bind_key::install_defaults;
pub use entry::{flags, Entry, Run};
pub use persistence::{inspect, offline};
mod restore_plan;
pub use source_file::source;
pub use support::{
    context, now, resume, run, run_binding, run_control, run_hook_commands, run_prepared,
    run_prepared_at, run_text_in, ClientAction, Ctx, Effect, MouseEvent, Outcome, Source,
};

use ccmux_lang::ParsedCommand;

/// Every command ccmux knows, implemented or not (tmux's cmd_table).
pub fn commands() -> impl Iterator<Item = &'static Entry> {
    IMPLEMENTED.iter().copied().chain(missing::ENTRIES.iter())
}

const IMPLEMENTED: &[&Entry] = &[
    &attach_session::ENTRY,
    &capture_pane::ENTRY,
    &prompts::COMMAND_PROMPT,
    &prompts::CONFIRM_BEFORE,
    &copy_mode::ENTRY,
    &detach_client::ENTRY,
    &display_message::ENTRY,
    &has_session::ENTRY,
    &kill_pane::ENTRY,
    &kill_server::ENTRY,
    &kill_session::ENTRY,
    &kill_window::ENTRY,
    &select_window::LAST_WINDOW,
    &list_clients::ENTRY,
    &list_commands::ENTRY,
    &bind_key::LIST_KEYS,
    &bind_key::BIND_KEY,
    &bind_key::UNBIND_KEY,
    &list_panes::ENTRY,
    &list_sessions::ENTRY,
    &list_windows::ENTRY,
    &new_session::ENTRY,
    &new_window::ENTRY,
    &select_window::NEXT_WINDOW,
    &paste_buffer::ENTRY,
    &persistence::ENTRY,
    &select_window::PREVIOUS_WINDOW,
    &rename_session::ENTRY,
    &rename_window::ENTRY,
    &resize_pane::ENTRY,
    &select_pane::ENTRY,
    &select_window::ENTRY,
    &send_keys::ENTRY,
    &send_keys::SEND_PREFIX,
    &server_restart::ENTRY,
    &split_window::ENTRY,
    &kill_server::START_SERVER,
    &switch_client::ENTRY,
    &set_option::SET_OPTION,
    &set_option::SET_WINDOW_OPTION,
    &set_option::SET_HOOK,
    &show_options::SHOW_OPTIONS,
    &show_options::SHOW_WINDOW_OPTIONS,
    &show_options::SHOW_HOOKS,
    &source_file::ENTRY,
    &run_shell::RUN_SHELL,
    &run_shell::IF_SHELL,
    &environment::SET_ENVIRONMENT,
    &environment::SHOW_ENVIRONMENT,
    &show_messages::ENTRY,
    // Pane commands (issue 10).
    &break_pane::ENTRY,
    &clear_history::ENTRY,
    &display_panes::ENTRY,
    &join_pane::JOIN_PANE,
    &join_pane::MOVE_PANE,
    &select_pane::LAST_PANE,
    &pipe_pane::ENTRY,
    &respawn::RESPAWN_PANE,
    &respawn::RESPAWN_WINDOW,
    &swap_pane::ENTRY,
    &set_buffer::SET_BUFFER,
    &set_buffer::DELETE_BUFFER,
    &save_buffer::SAVE_BUFFER,
    &save_buffer::SHOW_BUFFER,
    &list_buffers::ENTRY,
    &load_buffer::ENTRY,
    &choose_buffer::ENTRY,
    &move_window::LINK_WINDOW,
    &unlink_window::ENTRY,
    &move_window::MOVE_WINDOW,
    &swap_window::ENTRY,
    &select_layout::ENTRY,
    &select_layout::NEXT_LAYOUT,
    &select_layout::PREVIOUS_LAYOUT,
    &rotate_window::ENTRY,
    &resize_window::ENTRY,
    &wait_for::ENTRY,
    &refresh_client::ENTRY,
    &suspend_client::ENTRY,
    &lock_client::LOCK_CLIENT,
    &lock_client::LOCK_SESSION,
    &lock_client::LOCK_SERVER,
    &choose_tree::CHOOSE_TREE,
    &choose_tree::CHOOSE_CLIENT,
    &find_window::ENTRY,
    &clock_mode::ENTRY,
    &prompts::SHOW_PROMPT_HISTORY,
    &prompts::CLEAR_PROMPT_HISTORY,
    &display_menu::ENTRY,
    &display_popup::ENTRY,
];

/// Finds a command by name, alias or unique prefix, as tmux's cmd_find does.
pub fn find(name: &str) -> Result<&'static Entry, String> {
    if let Some(e) = commands().find(|e| e.name == name || e.alias == Some(name)) {
        return Ok(e);
    }
    let mut matches: Vec<&'static Entry> =
        commands().filter(|e| e.name.starts_with(name)).collect();
    match matches.len() {
        0 => Err(format!("unknown command: {name}")),
        1 => Ok(matches.remove(0)),
        _ => {
            matches.sort_by_key(|e| e.name);
            let names: Vec<&str> = matches.iter().map(|e| e.name).collect();
            Err(format!(
                "ambiguous command: {name}, could be: {}",
                names.join(", ")
            ))
        }
    }
}

/// A command ready to run: its entry and parsed arguments.
#[derive(Clone)]
pub struct Prepared {
    pub entry: &'static Entry,
    pub args: Args,
}

/// Resolves and checks one parsed command (tmux's cmd_parse): unknown commands and bad flags are errors
/// here, before anything runs.
pub fn prepare(cmd: &ParsedCommand) -> Result<Prepared, String> {
    let entry = find(&cmd.name)?;
    let args = Args::parse(&cmd.args, &entry.spec())
        .map_err(|e| format!("command {}: {e}", entry.name))?;
    Ok(Prepared { entry, args })
}

/// Resolves and checks a whole command list, its aliases replaced (`alias.rs`); the first error
/// stops it (nothing runs).
pub fn prepare_all(cmds: &[ParsedCommand]) -> Result<Vec<Prepared>, String> {
    alias::expand(cmds)?.iter().map(prepare).collect()
}

/// Parses command-line words (`new -d \; splitw`) into checked commands.
pub fn from_argv(argv: &[String]) -> Result<Vec<Prepared>, String> {
    let parsed = ccmux_lang::parse_arguments(argv);
    prepare_all(&parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_aliases_and_prefixes_resolve_as_tmux() {
        assert_eq!(find("neww").unwrap().name, "new-window");
        assert_eq!(find("new").unwrap().name, "new-session");
        assert_eq!(find("list-s").unwrap().name, "list-sessions");
        assert_eq!(find("bogus").unwrap_err(), "unknown command: bogus");
        let e = find("kill-").unwrap_err();
        assert!(
            e.starts_with("ambiguous command: kill-, could be: kill-pane, kill-server"),
            "{e}"
        );
    }

    #[test]
    fn every_name_and_alias_is_unique_and_every_template_is_valid() {
        let mut seen = std::collections::BTreeSet::new();
        for e in commands() {
            assert!(seen.insert(e.name), "{} twice", e.name);
            if let Some(a) = e.alias {
                assert!(seen.insert(a), "alias {a} twice");
            }
            assert!(
                e.template
                    .chars()
                    .all(|c| c == ':' || c.is_ascii_alphanumeric()),
                "{}",
                e.name
            );
        }
        assert!(
            seen.len() > 150,
            "tmux's commands and aliases: {}",
            seen.len()
        );
    }

    #[test]
    fn unknown_flags_are_errors_naming_the_command() {
        let argv: Vec<String> = ["split-window", "-Q"].map(String::from).to_vec();
        assert_eq!(
            from_argv(&argv).err().unwrap(),
            "command split-window: unknown flag -Q"
        );
        let argv: Vec<String> = ["new", "-d", ";", "bogus"].map(String::from).to_vec();
        assert_eq!(from_argv(&argv).err().unwrap(), "unknown command: bogus");
    }
}
