//! The command line: global flags and the command (defined in `cmd/`).

use crate::cmd::Command;
use clap::Parser;
use std::path::PathBuf;

/// ccmux: a terminal multiplexer that never loses a session.
#[derive(Parser, Debug)]
#[command(name = "ccmux", version, disable_help_subcommand = true)]
pub struct Cli {
    /// Socket name in the socket directory ($CCMUX_TMPDIR, $XDG_RUNTIME_DIR/ccmux or /tmp/ccmux-UID).
    #[arg(short = 'L', value_name = "socket-name", global = false)]
    pub socket_name: Option<String>,
    /// Full socket path (overrides -L).
    #[arg(short = 'S', value_name = "socket-path")]
    pub socket_path: Option<PathBuf>,
    /// Config file (default $XDG_CONFIG_HOME/ccmux/config.toml).
    #[arg(short = 'f', value_name = "file")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn command_definitions_are_consistent() {
        super::Cli::command().debug_assert();
    }
}
