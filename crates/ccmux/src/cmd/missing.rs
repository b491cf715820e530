//! tmux 3.3a commands ccmux does not have yet. Their flags are checked as tmux checks them, so a script
//! or config that uses one gets "not available" for that command only, never a parse error that stops
//! the rest.

use super::entry::{missing, Entry};

pub const ENTRIES: &[Entry] = &[
    missing("break-pane", Some("breakp"), "abdPF:n:s:t:", 0, Some(0), "[-abdP] [-F format] [-n window-name] [-s src-pane] [-t dst-window]"),
    missing("clear-history", Some("clearhist"), "t:", 0, Some(0), "[-t target-pane]"),
    missing("customize-mode", None, "F:f:Nt:Z", 0, Some(0), "[-NZ] [-F format] [-f filter] [-t target-pane]"),
    missing("display-panes", Some("displayp"), "bd:Nt:", 0, Some(1), "[-bN] [-d duration] [-t target-client] [template]"),
    missing("display-popup", Some("popup"), "Bb:Cc:d:e:Eh:s:S:t:T:w:x:y:", 0, None, "[-BCE] [-b border-lines] [-c target-client] [-d start-directory] [-e environment] [-h height] [-s style] [-S border-style] [-t target-pane] [-T title] [-w width] [-x position] [-y position] [shell-command]"),
    missing("join-pane", Some("joinp"), "bdfhvp:l:s:t:", 0, Some(0), "[-bdfhv] [-l size] [-s src-pane] [-t dst-pane]"),
    missing("last-pane", Some("lastp"), "det:Z", 0, Some(0), "[-deZ] [-t target-window]"),
    missing("move-pane", Some("movep"), "bdfhvp:l:s:t:", 0, Some(0), "[-bdfhv] [-l size] [-s src-pane] [-t dst-pane]"),
    missing("pipe-pane", Some("pipep"), "IOot:", 0, Some(1), "[-IOo] [-t target-pane] [shell-command]"),
    missing("respawn-pane", Some("respawnp"), "c:e:kt:", 0, None, "[-k] [-c start-directory] [-e environment] [-t target-pane] [shell-command]"),
    missing("respawn-window", Some("respawnw"), "c:e:kt:", 0, None, "[-k] [-c start-directory] [-e environment] [-t target-window] [shell-command]"),
    missing("server-access", None, "adlrw", 0, Some(1), "[-adlrw] [-t target-pane] [user]"),
    missing("swap-pane", Some("swapp"), "dDs:t:UZ", 0, Some(0), "[-dDUZ] [-s src-pane] [-t dst-pane]"),
];
