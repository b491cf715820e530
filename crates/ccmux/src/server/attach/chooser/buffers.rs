//! choose-buffer's mode (tmux's window-buffer.c): the buffers, each `name: format`; Enter or `p`
//! runs the template (`paste-buffer -b '%%'`) for the current one, `P` for the tagged ones, `d`
//! deletes the current one and `D` the tagged ones. The preview shows the buffer's first lines.
//! Not here: `e` (editing a buffer in a popup).

use super::{preview, Chooser, Entry, Outcome, Sort, Tag};
use crate::server::format_ctx::Target;
use crate::server::state::Server;
use ccmux_model::keys::Key;
use ccmux_model::{PaneId, SessionId};
use ccmux_term::RenderCell;

pub const SORTS: &[&str] = &["time", "name", "size"];
pub const TEMPLATE: &str = "paste-buffer -b '%%'";
pub const FORMAT: &str = "#{t/p:buffer_created}: #{buffer_sample}";

pub fn build(
    srv: &Server,
    session: SessionId,
    pane: PaneId,
    sort: Sort,
    format: &str,
    filter: Option<&str>,
) -> Vec<Entry> {
    let mut buffers = srv.buffers.by_time();
    match sort.field {
        1 => buffers.sort_by(|a, b| a.name.cmp(&b.name)),
        2 => buffers.sort_by(|a, b| b.data.len().cmp(&a.data.len()).then(a.name.cmp(&b.name))),
        _ => {}
    }
    if sort.reversed {
        buffers.reverse();
    }
    buffers
        .iter()
        .filter_map(|b| {
            let formats = crate::server::buffers::vars(b);
            let target = Target::for_pane(srv, Some(session), Some(pane)).with_formats(&formats);
            if filter.is_some_and(|f| !ccmux_lang::format_true(&target.expand(f))) {
                return None;
            }
            Some(Entry {
                tag: Tag::Buffer(b.name.clone()),
                name: b.name.clone(),
                text: Some(target.expand_time(format)),
                expanded: None,
                children: Vec::new(),
            })
        })
        .collect()
}

/// The buffer's first lines, escaped as tmux's utf8_strvis.
pub fn preview(srv: &Server, tag: &Tag, sx: usize, sy: usize) -> Vec<Vec<RenderCell>> {
    let Tag::Buffer(name) = tag else {
        return Vec::new();
    };
    let Some(b) = srv.buffers.get(name) else {
        return Vec::new();
    };
    (b.data.split(|c| *c == b'\n'))
        .take(sy)
        .map(|line| {
            let mut row = vec![RenderCell::BLANK; sx];
            let text = crate::server::vis::escape(line, false);
            preview::put(&mut row, 0, &text, &Default::default());
            row
        })
        .collect()
}

fn name(tag: &Tag) -> Option<&str> {
    match tag {
        Tag::Buffer(n) => Some(n),
        _ => None,
    }
}

pub fn key(ch: &mut Chooser, srv: &mut Server, key: Key) -> Outcome {
    let paste = |ch: &Chooser, tags: Vec<Tag>| {
        (tags.iter())
            .filter_map(name)
            .filter(|n| srv.buffers.get(n).is_some())
            .map(|n| (crate::cmd::template::replace(&ch.template, n, 1), None))
            .filter(|(c, _)| !c.is_empty())
            .collect()
    };
    match key.to_string().as_str() {
        "d" => {
            let tag = ch.current_tag();
            ch.down(false);
            if let Some(n) = tag.as_ref().and_then(name) {
                srv.buffers.delete(n);
            }
            ch.build(srv, true);
        }
        "D" => {
            for tag in ch.tagged_or_current(false) {
                if ch.current_tag().as_ref() == Some(&tag) {
                    ch.down(false);
                }
                if let Some(n) = name(&tag) {
                    srv.buffers.delete(n);
                }
            }
            ch.build(srv, true);
        }
        "P" => {
            let commands = paste(ch, ch.tagged_or_current(false));
            return Outcome::Run {
                commands,
                exit: true,
            };
        }
        "p" | "Enter" => {
            let commands = paste(ch, ch.current_tag().into_iter().collect());
            return Outcome::Run {
                commands,
                exit: true,
            };
        }
        _ => {}
    }
    if srv.buffers.is_empty() {
        return Outcome::Exit;
    }
    Outcome::Stay
}
