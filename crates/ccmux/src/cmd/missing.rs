//! tmux 3.3a commands ccmux does not have yet. Their flags are checked as tmux checks them, so a script
//! or config that uses one gets "not available" for that command only, never a parse error that stops
//! the rest.

use super::entry::{missing, Entry};

pub const ENTRIES: &[Entry] = &[
    missing("customize-mode", None, "F:f:Nt:Z", 0, Some(0), "[-NZ] [-F format] [-f filter] [-t target-pane]"),
    missing("display-popup", Some("popup"), "Bb:Cc:d:e:Eh:s:S:t:T:w:x:y:", 0, None, "[-BCE] [-b border-lines] [-c target-client] [-d start-directory] [-e environment] [-h height] [-s style] [-S border-style] [-t target-pane] [-T title] [-w width] [-x position] [-y position] [shell-command]"),
    missing("server-access", None, "adlrw", 0, Some(1), "[-adlrw] [-t target-pane] [user]"),
];
