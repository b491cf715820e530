//! alacritty's event sink: replies for the PTY, title, bell and clipboard stores.

use std::sync::{Arc, Mutex, MutexGuard};

use alacritty_terminal::event::{Event, EventListener};
use alacritty_terminal::term::color::{Colors, COUNT};
use alacritty_terminal::vte::ansi::Rgb;

/// Replies kept until [`take_replies`](crate::Emulator::take_replies); more are dropped so that
/// a program flooding queries cannot grow memory without bound.
const MAX_REPLIES: usize = 1024;

/// Something alacritty asked to write back to the PTY.
pub(crate) enum Reply {
    Text(String),
    /// A colour query: formatted once the colour is looked up.
    Color(usize, Arc<dyn Fn(Rgb) -> String + Send + Sync>),
}

#[derive(Default)]
pub(crate) struct Shared {
    pub(crate) replies: Vec<Reply>,
    /// `Some` when the title changed since the last look (`Some(None)`: reset).
    pub(crate) title: Option<Option<String>>,
    pub(crate) bell: bool,
    /// What a program last put on the clipboard (OSC 52) since the last look.
    pub(crate) clipboard: Option<String>,
}

/// Collects alacritty's events. `Term` owns its listener, hence the shared state.
#[derive(Clone, Default)]
pub(crate) struct Listener(Arc<Mutex<Shared>>);

impl Listener {
    pub(crate) fn lock(&self) -> MutexGuard<'_, Shared> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn reply(&self, reply: Reply) {
        let mut shared = self.lock();
        if shared.replies.len() < MAX_REPLIES {
            shared.replies.push(reply);
        }
    }
}

impl EventListener for Listener {
    fn send_event(&self, event: Event) {
        match event {
            Event::PtyWrite(text) => self.reply(Reply::Text(text)),
            Event::ColorRequest(index, format) => self.reply(Reply::Color(index, format)),
            Event::Title(title) => self.lock().title = Some(Some(title)),
            Event::ResetTitle => self.lock().title = Some(None),
            Event::Bell => self.lock().bell = true,
            // OSC 52 sets the clipboard (the server decides what that means: `set-clipboard`);
            // reading it is disabled, pixel sizes are unknown on the server.
            Event::ClipboardStore(_, text) => self.lock().clipboard = Some(text),
            _ => {}
        }
    }
}

/// The bytes of `replies`, colour queries answered from `colors` or the default palette.
pub(crate) fn format_replies(replies: Vec<Reply>, colors: &Colors) -> Vec<u8> {
    let mut out = Vec::new();
    for reply in replies {
        match reply {
            Reply::Text(text) => out.extend_from_slice(text.as_bytes()),
            Reply::Color(index, format) => {
                let set = (index < COUNT).then(|| colors[index]).flatten();
                let rgb = set.unwrap_or_else(|| crate::palette::default_rgb(index));
                out.extend_from_slice(format(rgb).as_bytes());
            }
        }
    }
    out
}
