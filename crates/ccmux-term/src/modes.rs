//! Terminal modes exposed to the server.

use alacritty_terminal::term::TermMode;

/// Terminal modes a server needs to translate client input or restore a client's terminal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Modes {
    /// DECCKM: cursor keys send ESC O x.
    pub app_cursor: bool,
    /// DECKPAM: application keypad.
    pub app_keypad: bool,
    /// Mode 2004.
    pub bracketed_paste: bool,
    /// Mode 1004.
    pub focus_events: bool,
    /// Mode 1000: report button presses.
    pub mouse_click: bool,
    /// Mode 1002: report drags.
    pub mouse_drag: bool,
    /// Mode 1003: report all motion.
    pub mouse_motion: bool,
    /// Mode 1006: SGR mouse encoding.
    pub sgr_mouse: bool,
    /// Mode 1005: UTF-8 mouse encoding.
    pub utf8_mouse: bool,
    /// DECTCEM: cursor visible.
    pub show_cursor: bool,
    /// Mode 1049/47/1047: alternate screen active.
    pub alt_screen: bool,
}

impl Modes {
    pub(crate) fn from_term(mode: TermMode) -> Self {
        Modes {
            app_cursor: mode.contains(TermMode::APP_CURSOR),
            app_keypad: mode.contains(TermMode::APP_KEYPAD),
            bracketed_paste: mode.contains(TermMode::BRACKETED_PASTE),
            focus_events: mode.contains(TermMode::FOCUS_IN_OUT),
            mouse_click: mode.contains(TermMode::MOUSE_REPORT_CLICK),
            mouse_drag: mode.contains(TermMode::MOUSE_DRAG),
            mouse_motion: mode.contains(TermMode::MOUSE_MOTION),
            sgr_mouse: mode.contains(TermMode::SGR_MOUSE),
            utf8_mouse: mode.contains(TermMode::UTF8_MOUSE),
            show_cursor: mode.contains(TermMode::SHOW_CURSOR),
            alt_screen: mode.contains(TermMode::ALT_SCREEN),
        }
    }
}
