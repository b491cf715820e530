//! tmux 3.3a commands ccmux does not have yet. Their flags are checked as tmux checks them, so a script
//! or config that uses one gets "not available" for that command only, never a parse error that stops
//! the rest.

use super::entry::{missing, Entry};

pub const ENTRIES: &[Entry] = &[
    missing("choose-client", None, "F:f:K:NO:rt:Z", 0, Some(1), "[-NrZ] [-F format] [-f filter] [-K key-format] [-O sort-order] [-t target-pane] [template]"),
    missing("choose-tree", None, "F:f:GK:NO:rst:wZ", 0, Some(1), "[-GNrswZ] [-F format] [-f filter] [-K key-format] [-O sort-order] [-t target-pane] [template]"),
    missing("clear-prompt-history", Some("clearphist"), "T:", 0, Some(0), "[-T type]"),
    missing("clock-mode", None, "t:", 0, Some(0), "[-t target-pane]"),
    missing("customize-mode", None, "F:f:Nt:Z", 0, Some(0), "[-NZ] [-F format] [-f filter] [-t target-pane]"),
    missing("display-menu", Some("menu"), "c:t:OT:x:y:", 1, None, "[-O] [-c target-client] [-t target-pane] [-T title] [-x position] [-y position] name key command ..."),
    missing("display-popup", Some("popup"), "Bb:Cc:d:e:Eh:s:S:t:T:w:x:y:", 0, None, "[-BCE] [-b border-lines] [-c target-client] [-d start-directory] [-e environment] [-h height] [-s style] [-S border-style] [-t target-pane] [-T title] [-w width] [-x position] [-y position] [shell-command]"),
    missing("find-window", Some("findw"), "CiNrt:TZ", 1, Some(1), "[-CiNrTZ] [-t target-pane] match-string"),
    missing("server-access", None, "adlrw", 0, Some(1), "[-adlrw] [-t target-pane] [user]"),
    missing("show-prompt-history", Some("showphist"), "T:", 0, Some(0), "[-T type]"),
];
