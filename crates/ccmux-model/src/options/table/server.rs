//! Server options (`set -s`), as tmux 3.3a's options-table.c lists them; tmux keeps the window
//! and pane options `cursor-colour` and `cursor-style` among them, and so does this list.

use super::*;

pub(super) const DEFS: [OptionDef; 20] = [
    OptionDef {
        name: "backspace",
        kind: OptionKind::Key,
        scopes: ScopeSet::SERVER,
        default: DefaultValue::Key("C-?"),
        text: "The key to send for backspace.",
        ..BASE
    },
    OptionDef {
        name: "buffer-limit",
        kind: OptionKind::Number { min: 1, max: INT_MAX },
        scopes: ScopeSet::SERVER,
        default: DefaultValue::Num(50),
        text: "The maximum number of automatic buffers. When this is reached, the oldest buffer is deleted.",
        ..BASE
    },
    OptionDef {
        name: "command-alias",
        kind: OptionKind::String,
        scopes: ScopeSet::SERVER,
        default: DefaultValue::Str("split-pane=split-window,splitp=split-window,server-info=show-messages -JT,info=show-messages -JT,choose-window=choose-tree -w,choose-session=choose-tree -s"),
        array: true,
        separator: Some(","),
        text: "Array of command aliases. Each entry is an alias and a command separated by '='.",
        ..BASE
    },
    OptionDef {
        name: "copy-command",
        kind: OptionKind::String,
        scopes: ScopeSet::SERVER,
        default: DefaultValue::Str(""),
        text: "Shell command run when text is copied. If empty, no command is run.",
        ..BASE
    },
    OptionDef {
        name: "cursor-colour",
        kind: OptionKind::Colour,
        scopes: ScopeSet::WINDOW_PANE,
        default: DefaultValue::Colour(Colour::None),
        text: "Colour of the cursor.",
        ..BASE
    },
    OptionDef {
        name: "cursor-style",
        kind: OptionKind::Choice(&CURSOR_STYLE_LIST),
        scopes: ScopeSet::WINDOW_PANE,
        default: DefaultValue::Choice("default"),
        text: "Style of the cursor.",
        ..BASE
    },
    OptionDef {
        name: "default-terminal",
        kind: OptionKind::String,
        scopes: ScopeSet::SERVER,
        default: DefaultValue::Str("tmux-256color"),
        text: "Default for the 'TERM' environment variable.",
        ..BASE
    },
    OptionDef {
        name: "editor",
        kind: OptionKind::String,
        scopes: ScopeSet::SERVER,
        default: DefaultValue::Str("/usr/bin/vi"),
        text: "Editor run to edit files.",
        ..BASE
    },
    OptionDef {
        name: "escape-time",
        kind: OptionKind::Number { min: 0, max: INT_MAX },
        scopes: ScopeSet::SERVER,
        default: DefaultValue::Num(500),
        unit: Some("milliseconds"),
        text: "Time to wait before assuming a key is Escape.",
        ..BASE
    },
    OptionDef {
        name: "exit-empty",
        kind: OptionKind::Flag,
        scopes: ScopeSet::SERVER,
        default: DefaultValue::Flag(true),
        text: "Whether the server should exit if there are no sessions.",
        ..BASE
    },
    OptionDef {
        name: "exit-unattached",
        kind: OptionKind::Flag,
        scopes: ScopeSet::SERVER,
        default: DefaultValue::Flag(false),
        text: "Whether the server should exit if there are no attached clients.",
        ..BASE
    },
    OptionDef {
        name: "extended-keys",
        kind: OptionKind::Choice(&EXTENDED_KEYS_LIST),
        scopes: ScopeSet::SERVER,
        default: DefaultValue::Choice("off"),
        text: "Whether to request extended key sequences from terminals that support it.",
        ..BASE
    },
    OptionDef {
        name: "focus-events",
        kind: OptionKind::Flag,
        scopes: ScopeSet::SERVER,
        default: DefaultValue::Flag(false),
        text: "Whether to send focus events to applications.",
        ..BASE
    },
    OptionDef {
        name: "history-file",
        kind: OptionKind::String,
        scopes: ScopeSet::SERVER,
        default: DefaultValue::Str(""),
        text: "Location of the command prompt history file. Empty does not write a history file.",
        ..BASE
    },
    OptionDef {
        name: "message-limit",
        kind: OptionKind::Number { min: 0, max: INT_MAX },
        scopes: ScopeSet::SERVER,
        default: DefaultValue::Num(1000),
        text: "Maximum number of server messages to keep.",
        ..BASE
    },
    OptionDef {
        name: "prompt-history-limit",
        kind: OptionKind::Number { min: 0, max: INT_MAX },
        scopes: ScopeSet::SERVER,
        default: DefaultValue::Num(100),
        text: "Maximum number of commands to keep in history.",
        ..BASE
    },
    OptionDef {
        name: "set-clipboard",
        kind: OptionKind::Choice(&SET_CLIPBOARD_LIST),
        scopes: ScopeSet::SERVER,
        default: DefaultValue::Choice("external"),
        text: "Whether to attempt to set the system clipboard ('on' or 'external') and whether to allow applications to create paste buffers with an escape sequence ('on' only).",
        ..BASE
    },
    OptionDef {
        name: "terminal-overrides",
        kind: OptionKind::String,
        scopes: ScopeSet::SERVER,
        default: DefaultValue::Str(""),
        array: true,
        separator: Some(","),
        text: "List of terminal capabilities overrides.",
        ..BASE
    },
    OptionDef {
        name: "terminal-features",
        kind: OptionKind::String,
        scopes: ScopeSet::SERVER,
        default: DefaultValue::Str("xterm*:clipboard:ccolour:cstyle:focus:title,screen*:title"),
        array: true,
        separator: Some(","),
        text: "List of terminal features, used if they cannot be automatically detected.",
        ..BASE
    },
    OptionDef {
        name: "user-keys",
        kind: OptionKind::String,
        scopes: ScopeSet::SERVER,
        default: DefaultValue::Str(""),
        array: true,
        separator: Some(","),
        text: "User key assignments. Each sequence in the list is translated into a key: 'User0', 'User1' and so on.",
        ..BASE
    },
];
