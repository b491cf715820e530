//! tmux 3.3a commands ccmux does not have yet. Their flags are checked as tmux checks them, so a script
//! or config that uses one gets "not available" for that command only, never a parse error that stops
//! the rest.

use super::entry::{missing, Entry};

pub const ENTRIES: &[Entry] = &[
    missing("choose-buffer", None, "F:f:K:NO:rt:Z", 0, Some(1), "[-NrZ] [-F format] [-f filter] [-K key-format] [-O sort-order] [-t target-pane] [template]"),
    missing("choose-client", None, "F:f:K:NO:rt:Z", 0, Some(1), "[-NrZ] [-F format] [-f filter] [-K key-format] [-O sort-order] [-t target-pane] [template]"),
    missing("choose-tree", None, "F:f:GK:NO:rst:wZ", 0, Some(1), "[-GNrswZ] [-F format] [-f filter] [-K key-format] [-O sort-order] [-t target-pane] [template]"),
    missing("clear-prompt-history", Some("clearphist"), "T:", 0, Some(0), "[-T type]"),
    missing("clock-mode", None, "t:", 0, Some(0), "[-t target-pane]"),
    missing("customize-mode", None, "F:f:Nt:Z", 0, Some(0), "[-NZ] [-F format] [-f filter] [-t target-pane]"),
    missing("delete-buffer", Some("deleteb"), "b:", 0, Some(0), "[-b buffer-name]"),
    missing("display-menu", Some("menu"), "c:t:OT:x:y:", 1, None, "[-O] [-c target-client] [-t target-pane] [-T title] [-x position] [-y position] name key command ..."),
    missing("display-popup", Some("popup"), "Bb:Cc:d:e:Eh:s:S:t:T:w:x:y:", 0, None, "[-BCE] [-b border-lines] [-c target-client] [-d start-directory] [-e environment] [-h height] [-s style] [-S border-style] [-t target-pane] [-T title] [-w width] [-x position] [-y position] [shell-command]"),
    missing("find-window", Some("findw"), "CiNrt:TZ", 1, Some(1), "[-CiNrTZ] [-t target-pane] match-string"),
    missing("link-window", Some("linkw"), "abdks:t:", 0, Some(0), "[-abdk] [-s src-window] [-t dst-window]"),
    missing("list-buffers", Some("lsb"), "F:f:", 0, Some(0), "[-F format] [-f filter]"),
    missing("load-buffer", Some("loadb"), "b:t:w", 1, Some(1), "[-b buffer-name] [-t target-client] path"),
    missing("move-window", Some("movew"), "abdkrs:t:", 0, Some(0), "[-abdkr] [-s src-window] [-t dst-window]"),
    missing("next-layout", Some("nextl"), "t:", 0, Some(0), "[-t target-window]"),
    missing("previous-layout", Some("prevl"), "t:", 0, Some(0), "[-t target-window]"),
    missing("resize-window", Some("resizew"), "aADLRt:Ux:y:", 0, Some(1), "[-aADLRU] [-x width] [-y height] [-t target-window] [adjustment]"),
    missing("rotate-window", Some("rotatew"), "Dt:UZ", 0, Some(0), "[-DUZ] [-t target-window]"),
    missing("save-buffer", Some("saveb"), "ab:", 1, Some(1), "[-a] [-b buffer-name] path"),
    missing("select-layout", Some("selectl"), "Enopt:", 0, Some(1), "[-Enop] [-t target-pane] [layout-name]"),
    missing("server-access", None, "adlrw", 0, Some(1), "[-adlrw] [-t target-pane] [user]"),
    missing("set-buffer", Some("setb"), "ab:t:n:w", 0, Some(1), "[-aw] [-b buffer-name] [-n new-buffer-name] [-t target-client] data"),
    missing("show-buffer", Some("showb"), "b:", 0, Some(0), "[-b buffer-name]"),
    missing("show-prompt-history", Some("showphist"), "T:", 0, Some(0), "[-T type]"),
    missing("swap-window", Some("swapw"), "ds:t:", 0, Some(0), "[-d] [-s src-window] [-t dst-window]"),
    missing("unlink-window", Some("unlinkw"), "kt:", 0, Some(0), "[-k] [-t target-window]"),
];
