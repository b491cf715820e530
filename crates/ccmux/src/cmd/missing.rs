//! tmux 3.3a commands ccmux does not have yet. Their flags are checked as tmux checks them, so a script
//! or config that uses one gets "not available" for that command only, never a parse error that stops
//! the rest.

use super::entry::{missing, Entry};

pub const ENTRIES: &[Entry] = &[
    missing(
        "customize-mode",
        None,
        "F:f:Nt:Z",
        0,
        Some(0),
        "[-NZ] [-F format] [-f filter] [-t target-pane]",
    ),
    missing(
        "server-access",
        None,
        "adlrw",
        0,
        Some(1),
        "[-adlrw] [-t target-pane] [user]",
    ),
];
