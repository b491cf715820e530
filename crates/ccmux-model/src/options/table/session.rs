//! Session options (`set -g` / `set -t SESSION`), as tmux 3.3a's options-table.c lists them.

use super::*;

/// The two default status lines.
const STATUS_FORMAT: [&str; 2] = [
    concat!(
        "#[align=left range=left #{E:status-left-style}]",
        "#[push-default]",
        "#{T;=/#{status-left-length}:status-left}",
        "#[pop-default]",
        "#[norange default]",
        "#[list=on align=#{status-justify}]",
        "#[list=left-marker]<#[list=right-marker]>#[list=on]",
        "#{W:",
        "#[range=window|#{window_index} ",
        "#{E:window-status-style}",
        "#{?#{&&:#{window_last_flag},",
        "#{!=:#{E:window-status-last-style},default}}, ",
        "#{E:window-status-last-style},",
        "}",
        "#{?#{&&:#{window_bell_flag},",
        "#{!=:#{E:window-status-bell-style},default}}, ",
        "#{E:window-status-bell-style},",
        "#{?#{&&:#{||:#{window_activity_flag},",
        "#{window_silence_flag}},",
        "#{!=:",
        "#{E:window-status-activity-style},",
        "default}}, ",
        "#{E:window-status-activity-style},",
        "}",
        "}",
        "]",
        "#[push-default]",
        "#{T:window-status-format}",
        "#[pop-default]",
        "#[norange default]",
        "#{?window_end_flag,,#{window-status-separator}}",
        ",",
        "#[range=window|#{window_index} list=focus ",
        "#{?#{!=:#{E:window-status-current-style},default},",
        "#{E:window-status-current-style},",
        "#{E:window-status-style}",
        "}",
        "#{?#{&&:#{window_last_flag},",
        "#{!=:#{E:window-status-last-style},default}}, ",
        "#{E:window-status-last-style},",
        "}",
        "#{?#{&&:#{window_bell_flag},",
        "#{!=:#{E:window-status-bell-style},default}}, ",
        "#{E:window-status-bell-style},",
        "#{?#{&&:#{||:#{window_activity_flag},",
        "#{window_silence_flag}},",
        "#{!=:",
        "#{E:window-status-activity-style},",
        "default}}, ",
        "#{E:window-status-activity-style},",
        "}",
        "}",
        "]",
        "#[push-default]",
        "#{T:window-status-current-format}",
        "#[pop-default]",
        "#[norange list=on default]",
        "#{?window_end_flag,,#{window-status-separator}}",
        "}",
        "#[nolist align=right range=right #{E:status-right-style}]",
        "#[push-default]",
        "#{T;=/#{status-right-length}:status-right}",
        "#[pop-default]",
        "#[norange default]",
    ),
    concat!(
        "#[align=centre]#{P:#{?pane_active,#[reverse],}",
        "#{pane_index}[#{pane_width}x#{pane_height}]#[default] }",
    ),
];

pub(super) const DEFS: [OptionDef; 47] = [
    OptionDef {
        name: "activity-action",
        kind: OptionKind::Choice(&BELL_ACTION_LIST),
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Choice("other"),
        text: "Action to take on an activity alert.",
        ..BASE
    },
    OptionDef {
        name: "assume-paste-time",
        kind: OptionKind::Number { min: 0, max: INT_MAX },
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Num(1),
        unit: Some("milliseconds"),
        text: "Maximum time between input to assume it is pasting rather than typing.",
        ..BASE
    },
    OptionDef {
        name: "base-index",
        kind: OptionKind::Number { min: 0, max: INT_MAX },
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Num(0),
        text: "Default index of the first window in each session.",
        ..BASE
    },
    OptionDef {
        name: "bell-action",
        kind: OptionKind::Choice(&BELL_ACTION_LIST),
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Choice("any"),
        text: "Action to take on a bell alert.",
        ..BASE
    },
    OptionDef {
        name: "default-command",
        kind: OptionKind::String,
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Str(""),
        text: "Default command to run in new panes. If empty, a shell is started.",
        ..BASE
    },
    OptionDef {
        name: "default-shell",
        kind: OptionKind::String,
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Str("/bin/sh"),
        text: "Location of default shell.",
        ..BASE
    },
    OptionDef {
        name: "default-size",
        kind: OptionKind::String,
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Str("80x24"),
        pattern: Some("[0-9]*x[0-9]*"),
        text: "Initial size of new sessions.",
        ..BASE
    },
    OptionDef {
        name: "destroy-unattached",
        kind: OptionKind::Flag,
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Flag(false),
        text: "Whether to destroy sessions when they have no attached clients.",
        ..BASE
    },
    OptionDef {
        name: "detach-on-destroy",
        kind: OptionKind::Choice(&DETACH_ON_DESTROY_LIST),
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Choice("on"),
        text: "Whether to detach when a session is destroyed, or switch the client to another session if any exist.",
        ..BASE
    },
    OptionDef {
        name: "display-panes-active-colour",
        kind: OptionKind::Colour,
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Colour(Colour::Ansi(1)),
        text: "Colour of the active pane for 'display-panes'.",
        ..BASE
    },
    OptionDef {
        name: "display-panes-colour",
        kind: OptionKind::Colour,
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Colour(Colour::Ansi(4)),
        text: "Colour of not active panes for 'display-panes'.",
        ..BASE
    },
    OptionDef {
        name: "display-panes-time",
        kind: OptionKind::Number { min: 1, max: INT_MAX },
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Num(1000),
        unit: Some("milliseconds"),
        text: "Time for which 'display-panes' should show pane numbers.",
        ..BASE
    },
    OptionDef {
        name: "display-time",
        kind: OptionKind::Number { min: 0, max: INT_MAX },
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Num(750),
        unit: Some("milliseconds"),
        text: "Time for which status line messages should appear.",
        ..BASE
    },
    OptionDef {
        name: "history-limit",
        kind: OptionKind::Number { min: 0, max: INT_MAX },
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Num(2000),
        unit: Some("lines"),
        text: "Maximum number of lines to keep in the history for each pane. If changed, the new value applies only to new panes.",
        ..BASE
    },
    OptionDef {
        name: "key-table",
        kind: OptionKind::String,
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Str("root"),
        text: "Default key table. Key presses are first looked up in this table.",
        ..BASE
    },
    OptionDef {
        name: "lock-after-time",
        kind: OptionKind::Number { min: 0, max: INT_MAX },
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Num(0),
        unit: Some("seconds"),
        text: "Time after which a client is locked if not used.",
        ..BASE
    },
    OptionDef {
        name: "lock-command",
        kind: OptionKind::String,
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Str("lock -np"),
        text: "Shell command to run to lock a client.",
        ..BASE
    },
    OptionDef {
        name: "message-command-style",
        kind: OptionKind::String,
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Str("bg=black,fg=yellow"),
        style: true,
        separator: Some(","),
        text: "Style of the command prompt when in command mode, if 'mode-keys' is set to 'vi'.",
        ..BASE
    },
    OptionDef {
        name: "message-style",
        kind: OptionKind::String,
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Str("bg=yellow,fg=black"),
        style: true,
        separator: Some(","),
        text: "Style of the command prompt.",
        ..BASE
    },
    OptionDef {
        name: "mouse",
        kind: OptionKind::Flag,
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Flag(false),
        text: "Whether the mouse is recognised and mouse key bindings are executed. Applications inside panes can use the mouse even when 'off'.",
        ..BASE
    },
    OptionDef {
        name: "prefix",
        kind: OptionKind::Key,
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Key("C-b"),
        text: "The prefix key.",
        ..BASE
    },
    OptionDef {
        name: "prefix2",
        kind: OptionKind::Key,
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Key("None"),
        text: "A second prefix key.",
        ..BASE
    },
    OptionDef {
        name: "renumber-windows",
        kind: OptionKind::Flag,
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Flag(false),
        text: "Whether windows are automatically renumbered rather than leaving gaps.",
        ..BASE
    },
    OptionDef {
        name: "repeat-time",
        kind: OptionKind::Number { min: 0, max: SHRT_MAX },
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Num(500),
        unit: Some("milliseconds"),
        text: "Time to wait for a key binding to repeat, if it is bound with the '-r' flag.",
        ..BASE
    },
    OptionDef {
        name: "set-titles",
        kind: OptionKind::Flag,
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Flag(false),
        text: "Whether to set the terminal title, if supported.",
        ..BASE
    },
    OptionDef {
        name: "set-titles-string",
        kind: OptionKind::String,
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Str("#S:#I:#W - \"#T\" #{session_alerts}"),
        text: "Format of the terminal title to set.",
        ..BASE
    },
    OptionDef {
        name: "silence-action",
        kind: OptionKind::Choice(&BELL_ACTION_LIST),
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Choice("other"),
        text: "Action to take on a silence alert.",
        ..BASE
    },
    OptionDef {
        name: "status",
        kind: OptionKind::Choice(&STATUS_LIST),
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Choice("on"),
        text: "Number of lines in the status line.",
        ..BASE
    },
    OptionDef {
        name: "status-bg",
        kind: OptionKind::Colour,
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Colour(Colour::Default),
        text: "Background colour of the status line. This option is deprecated, use 'status-style' instead.",
        ..BASE
    },
    OptionDef {
        name: "status-fg",
        kind: OptionKind::Colour,
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Colour(Colour::Default),
        text: "Foreground colour of the status line. This option is deprecated, use 'status-style' instead.",
        ..BASE
    },
    OptionDef {
        name: "status-format",
        kind: OptionKind::String,
        scopes: ScopeSet::SESSION,
        default: DefaultValue::List(&STATUS_FORMAT),
        array: true,
        text: "Formats for the status lines. Each array member is the format for one status line. The default status line is made up of several components which may be configured individually with other options such as 'status-left'.",
        ..BASE
    },
    OptionDef {
        name: "status-interval",
        kind: OptionKind::Number { min: 0, max: INT_MAX },
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Num(15),
        unit: Some("seconds"),
        text: "Number of seconds between status line updates.",
        ..BASE
    },
    OptionDef {
        name: "status-justify",
        kind: OptionKind::Choice(&STATUS_JUSTIFY_LIST),
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Choice("left"),
        text: "Position of the window list in the status line.",
        ..BASE
    },
    OptionDef {
        name: "status-keys",
        kind: OptionKind::Choice(&STATUS_KEYS_LIST),
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Choice("emacs"),
        text: "Key set to use at the command prompt.",
        ..BASE
    },
    OptionDef {
        name: "status-left",
        kind: OptionKind::String,
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Str("[#{session_name}] "),
        text: "Contents of the left side of the status line.",
        ..BASE
    },
    OptionDef {
        name: "status-left-length",
        kind: OptionKind::Number { min: 0, max: SHRT_MAX },
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Num(10),
        text: "Maximum width of the left side of the status line.",
        ..BASE
    },
    OptionDef {
        name: "status-left-style",
        kind: OptionKind::String,
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Str("default"),
        style: true,
        separator: Some(","),
        text: "Style of the left side of the status line.",
        ..BASE
    },
    OptionDef {
        name: "status-position",
        kind: OptionKind::Choice(&STATUS_POSITION_LIST),
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Choice("bottom"),
        text: "Position of the status line.",
        ..BASE
    },
    OptionDef {
        name: "status-right",
        kind: OptionKind::String,
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Str("#{?window_bigger,[#{window_offset_x}#,#{window_offset_y}] ,}\"#{=21:pane_title}\" %H:%M %d-%b-%y"),
        text: "Contents of the right side of the status line.",
        ..BASE
    },
    OptionDef {
        name: "status-right-length",
        kind: OptionKind::Number { min: 0, max: SHRT_MAX },
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Num(40),
        text: "Maximum width of the right side of the status line.",
        ..BASE
    },
    OptionDef {
        name: "status-right-style",
        kind: OptionKind::String,
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Str("default"),
        style: true,
        separator: Some(","),
        text: "Style of the right side of the status line.",
        ..BASE
    },
    OptionDef {
        name: "status-style",
        kind: OptionKind::String,
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Str("bg=green,fg=black"),
        style: true,
        separator: Some(","),
        text: "Style of the status line.",
        ..BASE
    },
    OptionDef {
        name: "update-environment",
        kind: OptionKind::String,
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Str("DISPLAY KRB5CCNAME SSH_ASKPASS SSH_AUTH_SOCK SSH_AGENT_PID SSH_CONNECTION WINDOWID XAUTHORITY"),
        array: true,
        text: "List of environment variables to update in the session environment when a client is attached.",
        ..BASE
    },
    OptionDef {
        name: "visual-activity",
        kind: OptionKind::Choice(&VISUAL_BELL_LIST),
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Choice("off"),
        text: "How activity alerts should be shown: a message ('on'), a message and a bell ('both') or nothing ('off').",
        ..BASE
    },
    OptionDef {
        name: "visual-bell",
        kind: OptionKind::Choice(&VISUAL_BELL_LIST),
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Choice("off"),
        text: "How bell alerts should be shown: a message ('on'), a message and a bell ('both') or nothing ('off').",
        ..BASE
    },
    OptionDef {
        name: "visual-silence",
        kind: OptionKind::Choice(&VISUAL_BELL_LIST),
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Choice("off"),
        text: "How silence alerts should be shown: a message ('on'), a message and a bell ('both') or nothing ('off').",
        ..BASE
    },
    OptionDef {
        name: "word-separators",
        kind: OptionKind::String,
        scopes: ScopeSet::SESSION,
        default: DefaultValue::Str("!\"#$%&'()*+,-./:;<=>?@[\\]^`{|}~"),
        text: "Characters considered to separate words.",
        ..BASE
    },
];
