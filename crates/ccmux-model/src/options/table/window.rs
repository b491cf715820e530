//! Window options (`set -gw` / `set -w`), some also settable on panes (`set -p`), as tmux 3.3a's
//! options-table.c lists them.

use super::*;

pub(super) const DEFS: [OptionDef; 49] = [
    OptionDef {
        name: "aggressive-resize",
        kind: OptionKind::Flag,
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Flag(false),
        text: "When 'window-size' is 'smallest', whether the maximum size of a window is the smallest attached session where it is the current window ('on') or the smallest session it is linked to ('off').",
        ..BASE
    },
    OptionDef {
        name: "allow-passthrough",
        kind: OptionKind::Flag,
        scopes: ScopeSet::WINDOW_PANE,
        default: DefaultValue::Flag(false),
        text: "Whether applications are allowed to use the escape sequence to bypass tmux.",
        ..BASE
    },
    OptionDef {
        name: "allow-rename",
        kind: OptionKind::Flag,
        scopes: ScopeSet::WINDOW_PANE,
        default: DefaultValue::Flag(false),
        text: "Whether applications are allowed to use the escape sequence to rename windows.",
        ..BASE
    },
    OptionDef {
        name: "alternate-screen",
        kind: OptionKind::Flag,
        scopes: ScopeSet::WINDOW_PANE,
        default: DefaultValue::Flag(true),
        text: "Whether applications are allowed to use the alternate screen.",
        ..BASE
    },
    OptionDef {
        name: "automatic-rename",
        kind: OptionKind::Flag,
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Flag(true),
        text: "Whether windows are automatically renamed.",
        ..BASE
    },
    OptionDef {
        name: "automatic-rename-format",
        kind: OptionKind::String,
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Str("#{?pane_in_mode,[tmux],#{pane_current_command}}#{?pane_dead,[dead],}"),
        text: "Format used to automatically rename windows.",
        ..BASE
    },
    OptionDef {
        name: "clock-mode-colour",
        kind: OptionKind::Colour,
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Colour(Colour::Ansi(4)),
        text: "Colour of the clock in clock mode.",
        ..BASE
    },
    OptionDef {
        name: "clock-mode-style",
        kind: OptionKind::Choice(&CLOCK_MODE_STYLE_LIST),
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Choice("24"),
        text: "Time format of the clock in clock mode.",
        ..BASE
    },
    OptionDef {
        name: "copy-mode-match-style",
        kind: OptionKind::String,
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Str("bg=cyan,fg=black"),
        style: true,
        separator: Some(","),
        text: "Style of search matches in copy mode.",
        ..BASE
    },
    OptionDef {
        name: "copy-mode-current-match-style",
        kind: OptionKind::String,
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Str("bg=magenta,fg=black"),
        style: true,
        separator: Some(","),
        text: "Style of the current search match in copy mode.",
        ..BASE
    },
    OptionDef {
        name: "copy-mode-mark-style",
        kind: OptionKind::String,
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Str("bg=red,fg=black"),
        style: true,
        separator: Some(","),
        text: "Style of the marked line in copy mode.",
        ..BASE
    },
    OptionDef {
        name: "fill-character",
        kind: OptionKind::String,
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Str(""),
        text: "Character used to fill unused parts of window.",
        ..BASE
    },
    OptionDef {
        name: "main-pane-height",
        kind: OptionKind::String,
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Str("24"),
        text: "Height of the main pane in the 'main-horizontal' layout. This may be a percentage, for example '10%'.",
        ..BASE
    },
    OptionDef {
        name: "main-pane-width",
        kind: OptionKind::String,
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Str("80"),
        text: "Width of the main pane in the 'main-vertical' layout. This may be a percentage, for example '10%'.",
        ..BASE
    },
    OptionDef {
        name: "mode-keys",
        kind: OptionKind::Choice(&MODE_KEYS_LIST),
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Choice("emacs"),
        text: "Key set used in copy mode.",
        ..BASE
    },
    OptionDef {
        name: "mode-style",
        kind: OptionKind::String,
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Str("bg=yellow,fg=black"),
        style: true,
        separator: Some(","),
        text: "Style of indicators and highlighting in modes.",
        ..BASE
    },
    OptionDef {
        name: "monitor-activity",
        kind: OptionKind::Flag,
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Flag(false),
        text: "Whether an alert is triggered by activity.",
        ..BASE
    },
    OptionDef {
        name: "monitor-bell",
        kind: OptionKind::Flag,
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Flag(true),
        text: "Whether an alert is triggered by a bell.",
        ..BASE
    },
    OptionDef {
        name: "monitor-silence",
        kind: OptionKind::Number { min: 0, max: INT_MAX },
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Num(0),
        text: "Time after which an alert is triggered by silence. Zero means no alert.",
        ..BASE
    },
    OptionDef {
        name: "other-pane-height",
        kind: OptionKind::String,
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Str("0"),
        text: "Height of the other panes in the 'main-horizontal' layout. This may be a percentage, for example '10%'.",
        ..BASE
    },
    OptionDef {
        name: "other-pane-width",
        kind: OptionKind::String,
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Str("0"),
        text: "Height of the other panes in the 'main-vertical' layout. This may be a percentage, for example '10%'.",
        ..BASE
    },
    OptionDef {
        name: "pane-active-border-style",
        kind: OptionKind::String,
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Str("#{?pane_in_mode,fg=yellow,#{?synchronize-panes,fg=red,fg=green}}"),
        style: true,
        separator: Some(","),
        text: "Style of the active pane border.",
        ..BASE
    },
    OptionDef {
        name: "pane-base-index",
        kind: OptionKind::Number { min: 0, max: USHRT_MAX },
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Num(0),
        text: "Index of the first pane in each window.",
        ..BASE
    },
    OptionDef {
        name: "pane-border-format",
        kind: OptionKind::String,
        scopes: ScopeSet::WINDOW_PANE,
        default: DefaultValue::Str("#{?pane_active,#[reverse],}#{pane_index}#[default] \"#{pane_title}\""),
        text: "Format of text in the pane status lines.",
        ..BASE
    },
    OptionDef {
        name: "pane-border-indicators",
        kind: OptionKind::Choice(&PANE_BORDER_INDICATORS_LIST),
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Choice("colour"),
        text: "Whether to indicate the active pane by colouring border or displaying arrow markers.",
        ..BASE
    },
    OptionDef {
        name: "pane-border-lines",
        kind: OptionKind::Choice(&PANE_BORDER_LINES_LIST),
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Choice("single"),
        text: "Type of characters used to draw pane border lines. Some of these are only supported on terminals with UTF-8 support.",
        ..BASE
    },
    OptionDef {
        name: "pane-border-status",
        kind: OptionKind::Choice(&PANE_STATUS_LIST),
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Choice("off"),
        text: "Position of the pane status lines.",
        ..BASE
    },
    OptionDef {
        name: "pane-border-style",
        kind: OptionKind::String,
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Str("default"),
        style: true,
        separator: Some(","),
        text: "Style of the pane status lines.",
        ..BASE
    },
    OptionDef {
        name: "pane-colours",
        kind: OptionKind::Colour,
        scopes: ScopeSet::WINDOW_PANE,
        default: DefaultValue::Str(""),
        array: true,
        text: "The default colour palette for colours zero to 255.",
        ..BASE
    },
    OptionDef {
        name: "popup-style",
        kind: OptionKind::String,
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Str("default"),
        style: true,
        separator: Some(","),
        text: "Default style of popups.",
        ..BASE
    },
    OptionDef {
        name: "popup-border-style",
        kind: OptionKind::String,
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Str("default"),
        style: true,
        separator: Some(","),
        text: "Default style of popup borders.",
        ..BASE
    },
    OptionDef {
        name: "popup-border-lines",
        kind: OptionKind::Choice(&POPUP_BORDER_LINES_LIST),
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Choice("single"),
        text: "Type of characters used to draw popup border lines. Some of these are only supported on terminals with UTF-8 support.",
        ..BASE
    },
    OptionDef {
        name: "remain-on-exit",
        kind: OptionKind::Choice(&REMAIN_ON_EXIT_LIST),
        scopes: ScopeSet::WINDOW_PANE,
        default: DefaultValue::Choice("off"),
        text: "Whether panes should remain ('on') or be automatically killed ('off' or 'failed') when the program inside exits.",
        ..BASE
    },
    OptionDef {
        name: "remain-on-exit-format",
        kind: OptionKind::String,
        scopes: ScopeSet::WINDOW_PANE,
        default: DefaultValue::Str("Pane is dead (#{?#{!=:#{pane_dead_status},},status #{pane_dead_status},}#{?#{!=:#{pane_dead_signal},},signal #{pane_dead_signal},}, #{t:pane_dead_time})"),
        text: "Message shown after the program in a pane has exited, if remain-on-exit is enabled.",
        ..BASE
    },
    OptionDef {
        name: "scroll-on-clear",
        kind: OptionKind::Flag,
        scopes: ScopeSet::WINDOW_PANE,
        default: DefaultValue::Flag(true),
        text: "Whether the contents of the screen should be scrolled intohistory when clearing the whole screen.",
        ..BASE
    },
    OptionDef {
        name: "synchronize-panes",
        kind: OptionKind::Flag,
        scopes: ScopeSet::WINDOW_PANE,
        default: DefaultValue::Flag(false),
        text: "Whether typing should be sent to all panes simultaneously.",
        ..BASE
    },
    OptionDef {
        name: "window-active-style",
        kind: OptionKind::String,
        scopes: ScopeSet::WINDOW_PANE,
        default: DefaultValue::Str("default"),
        style: true,
        separator: Some(","),
        text: "Default style of the active pane.",
        ..BASE
    },
    OptionDef {
        name: "window-size",
        kind: OptionKind::Choice(&WINDOW_SIZE_LIST),
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Choice("latest"),
        text: "How window size is calculated. 'latest' uses the size of the most recently used client, 'largest' the largest client, 'smallest' the smallest client and 'manual' a size set by the 'resize-window' command.",
        ..BASE
    },
    OptionDef {
        name: "window-style",
        kind: OptionKind::String,
        scopes: ScopeSet::WINDOW_PANE,
        default: DefaultValue::Str("default"),
        style: true,
        separator: Some(","),
        text: "Default style of panes that are not the active pane.",
        ..BASE
    },
    OptionDef {
        name: "window-status-activity-style",
        kind: OptionKind::String,
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Str("reverse"),
        style: true,
        separator: Some(","),
        text: "Style of windows in the status line with an activity alert.",
        ..BASE
    },
    OptionDef {
        name: "window-status-bell-style",
        kind: OptionKind::String,
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Str("reverse"),
        style: true,
        separator: Some(","),
        text: "Style of windows in the status line with a bell alert.",
        ..BASE
    },
    OptionDef {
        name: "window-status-current-format",
        kind: OptionKind::String,
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Str("#I:#W#{?window_flags,#{window_flags}, }"),
        text: "Format of the current window in the status line.",
        ..BASE
    },
    OptionDef {
        name: "window-status-current-style",
        kind: OptionKind::String,
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Str("default"),
        style: true,
        separator: Some(","),
        text: "Style of the current window in the status line.",
        ..BASE
    },
    OptionDef {
        name: "window-status-format",
        kind: OptionKind::String,
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Str("#I:#W#{?window_flags,#{window_flags}, }"),
        text: "Format of windows in the status line, except the current window.",
        ..BASE
    },
    OptionDef {
        name: "window-status-last-style",
        kind: OptionKind::String,
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Str("default"),
        style: true,
        separator: Some(","),
        text: "Style of the last window in the status line.",
        ..BASE
    },
    OptionDef {
        name: "window-status-separator",
        kind: OptionKind::String,
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Str(" "),
        text: "Separator between windows in the status line.",
        ..BASE
    },
    OptionDef {
        name: "window-status-style",
        kind: OptionKind::String,
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Str("default"),
        style: true,
        separator: Some(","),
        text: "Style of windows in the status line, except the current and last windows.",
        ..BASE
    },
    OptionDef {
        name: "wrap-search",
        kind: OptionKind::Flag,
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Flag(true),
        text: "Whether searching in copy mode should wrap at the top or bottom.",
        ..BASE
    },
    OptionDef {
        name: "xterm-keys",
        kind: OptionKind::Flag,
        scopes: ScopeSet::WINDOW,
        default: DefaultValue::Flag(true),
        text: "Whether xterm-style function key sequences should be sent. This option is no longer used.",
        ..BASE
    },
];
