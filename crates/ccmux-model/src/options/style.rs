//! tmux styles (`fg=red,bold`, `#[align=left range=left]`...): parsing as tmux's `style_parse` and
//! printing as `style_tostring`.

#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

use super::cnum::atoi;
use super::colour::Colour;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Cell attributes a style sets, as tmux's `GRID_ATTR_*` bits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Attrs(pub u16);

impl Attrs {
    pub const BRIGHT: Attrs = Attrs(0x1);
    pub const DIM: Attrs = Attrs(0x2);
    pub const UNDERSCORE: Attrs = Attrs(0x4);
    pub const BLINK: Attrs = Attrs(0x8);
    pub const REVERSE: Attrs = Attrs(0x10);
    pub const HIDDEN: Attrs = Attrs(0x20);
    pub const ITALICS: Attrs = Attrs(0x40);
    pub const CHARSET: Attrs = Attrs(0x80);
    pub const STRIKETHROUGH: Attrs = Attrs(0x100);
    pub const DOUBLE_UNDERSCORE: Attrs = Attrs(0x200);
    pub const CURLY_UNDERSCORE: Attrs = Attrs(0x400);
    pub const DOTTED_UNDERSCORE: Attrs = Attrs(0x800);
    pub const DASHED_UNDERSCORE: Attrs = Attrs(0x1000);
    pub const OVERLINE: Attrs = Attrs(0x2000);

    /// Whether every bit of `other` is set.
    pub fn contains(self, other: Attrs) -> bool {
        self.0 & other.0 == other.0
    }
}

/// Attribute names in tmux's printing order (`attributes_tostring`); `bold` is another name for `bright`.
const ATTR_NAMES: [(&str, Attrs); 14] = [
    ("acs", Attrs::CHARSET),
    ("bright", Attrs::BRIGHT),
    ("dim", Attrs::DIM),
    ("underscore", Attrs::UNDERSCORE),
    ("blink", Attrs::BLINK),
    ("reverse", Attrs::REVERSE),
    ("hidden", Attrs::HIDDEN),
    ("italics", Attrs::ITALICS),
    ("strikethrough", Attrs::STRIKETHROUGH),
    ("double-underscore", Attrs::DOUBLE_UNDERSCORE),
    ("curly-underscore", Attrs::CURLY_UNDERSCORE),
    ("dotted-underscore", Attrs::DOTTED_UNDERSCORE),
    ("dashed-underscore", Attrs::DASHED_UNDERSCORE),
    ("overline", Attrs::OVERLINE),
];

/// Where status-line text goes (`align=`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Align {
    #[default]
    Default,
    Left,
    Centre,
    Right,
    AbsoluteCentre,
}

/// The window-list markers of the status line (`list=`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum List {
    #[default]
    Off,
    On,
    Focus,
    LeftMarker,
    RightMarker,
}

/// A clickable status-line range (`range=`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Range {
    #[default]
    None,
    Left,
    Right,
    /// `range=window|N`: the window with index N.
    Window(u32),
}

/// `push-default` / `pop-default`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DefaultType {
    #[default]
    Base,
    Push,
    Pop,
}

/// A parsed style, ready for a renderer: tmux's `struct style`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Style {
    pub fg: Colour,
    pub bg: Colour,
    pub attrs: Attrs,
    pub fill: Colour,
    pub align: Align,
    pub list: List,
    pub range: Range,
    pub default_type: DefaultType,
    /// `ignore`: tmux accepts and keeps it but 3.3a does nothing with it.
    pub ignore: bool,
}

impl Default for Style {
    /// tmux's `style_default`: default colours, no attributes, nothing else.
    fn default() -> Self {
        Style {
            fg: Colour::Default,
            bg: Colour::Default,
            attrs: Attrs(0),
            fill: Colour::Default,
            align: Align::Default,
            list: List::Off,
            range: Range::None,
            default_type: DefaultType::Base,
            ignore: false,
        }
    }
}

/// tmux's `invalid style: TEXT`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid style: {0}")]
pub struct StyleError(pub String);

impl Style {
    /// Parses `text` on top of the default style.
    pub fn parse(text: &str) -> Result<Style, StyleError> {
        let mut style = Style::default();
        style.apply(text)?;
        Ok(style)
    }

    /// Applies `text` on top of this style, as tmux's `style_parse` with the default cell as base
    /// (`default` and `fg=default` go back to default colours and no attributes). On error the style
    /// is left unchanged.
    ///
    /// Items are separated by spaces, commas or newlines; keywords are matched without regard to
    /// case. tmux 3.3a has no `us=` (underline colour): it is an invalid style here as there.
    pub fn apply(&mut self, text: &str) -> Result<(), StyleError> {
        let mut next = *self;
        for item in text.split([' ', ',', '\n']).filter(|s| !s.is_empty()) {
            // tmux copies each item into a 256-byte buffer and rejects longer ones.
            if item.len() > 255 || !next.apply_item(item) {
                return Err(StyleError(text.to_string()));
            }
        }
        *self = next;
        Ok(())
    }

    /// One item of a style; false if tmux would reject it.
    fn apply_item(&mut self, item: &str) -> bool {
        let lower = item.to_ascii_lowercase();
        let (key, value) = match lower.split_once('=') {
            Some((k, v)) => (k, Some(v)),
            None => (lower.as_str(), None),
        };
        // The original spelling of the value, for colour names (their case does not matter either).
        let raw_value = item.get(key.len() + 1..).unwrap_or("");
        match (key, value) {
            ("default", None) => {
                self.fg = Colour::Default;
                self.bg = Colour::Default;
                self.attrs = Attrs(0);
            }
            ("ignore", None) => self.ignore = true,
            ("noignore", None) => self.ignore = false,
            ("push-default", None) => self.default_type = DefaultType::Push,
            ("pop-default", None) => self.default_type = DefaultType::Pop,
            ("nolist", None) => self.list = List::Off,
            ("list", Some(v)) => match v {
                "on" => self.list = List::On,
                "focus" => self.list = List::Focus,
                "left-marker" => self.list = List::LeftMarker,
                "right-marker" => self.list = List::RightMarker,
                _ => return false,
            },
            ("norange", None) => self.range = Range::None,
            ("range", Some(v)) if !v.is_empty() => return self.apply_range(v),
            ("noalign", None) => self.align = Align::Default,
            ("align", Some(v)) if !v.is_empty() => match v {
                "left" => self.align = Align::Left,
                "centre" => self.align = Align::Centre,
                "right" => self.align = Align::Right,
                "absolute-centre" => self.align = Align::AbsoluteCentre,
                _ => return false,
            },
            ("fill", Some(v)) if !v.is_empty() => match Colour::parse(raw_value) {
                Some(c) => self.fill = c,
                None => return false,
            },
            ("fg" | "bg", Some(v)) if !v.is_empty() => match Colour::parse(raw_value) {
                Some(c) if key == "fg" => self.fg = c,
                Some(c) => self.bg = c,
                None => return false,
            },
            ("none", None) => self.attrs = Attrs(0),
            _ => match lower.strip_prefix("no").filter(|rest| !rest.is_empty()) {
                Some(rest) => match parse_attrs(rest) {
                    Some(a) => self.attrs.0 &= !a.0,
                    None => return false,
                },
                None => match parse_attrs(&lower) {
                    Some(a) => self.attrs.0 |= a.0,
                    None => return false,
                },
            },
        }
        true
    }

    /// `range=left`, `range=right`, `range=window|N`. tmux ignores an unknown range type without
    /// complaint (`range=foo` is accepted and changes nothing), but checks the `|N` part first.
    fn apply_range(&mut self, v: &str) -> bool {
        let (kind, arg) = match v.split_once('|') {
            Some((kind, arg)) => {
                if arg.is_empty() || !arg.bytes().all(|b| b.is_ascii_digit()) {
                    return false;
                }
                (kind, Some(arg))
            }
            None => (v, None),
        };
        match (kind, arg) {
            ("left", None) => self.range = Range::Left,
            ("right", None) => self.range = Range::Right,
            ("window", Some(n)) => self.range = Range::Window(atoi(n) as u32),
            ("left" | "right", Some(_)) | ("window", None) => return false,
            _ => {}
        }
        true
    }
}

/// tmux's `attributes_fromstring` on one style item (already lower-cased): names joined by `|`.
fn parse_attrs(s: &str) -> Option<Attrs> {
    if s.is_empty() || s.starts_with('|') || s.ends_with('|') {
        return None;
    }
    if s == "default" || s == "none" {
        return Some(Attrs(0));
    }
    let mut attrs = Attrs(0);
    for word in s.split('|').filter(|w| !w.is_empty()) {
        let bits = match word {
            "bold" => Attrs::BRIGHT,
            _ => ATTR_NAMES.iter().find(|(n, _)| *n == word)?.1,
        };
        attrs.0 |= bits.0;
    }
    Some(attrs)
}

impl fmt::Display for Attrs {
    /// tmux's `attributes_tostring`: `none`, or the names joined by commas.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == 0 {
            return f.write_str("none");
        }
        let names: Vec<&str> = ATTR_NAMES
            .iter()
            .filter(|(_, a)| self.contains(*a))
            .map(|(n, _)| *n)
            .collect();
        f.write_str(&names.join(","))
    }
}

impl fmt::Display for Style {
    /// tmux's `style_tostring`: the non-default parts, or `default`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        let list = match self.list {
            List::Off => None,
            List::On => Some("on"),
            List::Focus => Some("focus"),
            List::LeftMarker => Some("left-marker"),
            List::RightMarker => Some("right-marker"),
        };
        if let Some(l) = list {
            parts.push(format!("list={l}"));
        }
        match self.range {
            Range::None => {}
            Range::Left => parts.push("range=left".into()),
            Range::Right => parts.push("range=right".into()),
            Range::Window(n) => parts.push(format!("range=window|{n}")),
        }
        let align = match self.align {
            Align::Default => None,
            Align::Left => Some("left"),
            Align::Centre => Some("centre"),
            Align::Right => Some("right"),
            Align::AbsoluteCentre => Some("absolute-centre"),
        };
        if let Some(a) = align {
            parts.push(format!("align={a}"));
        }
        match self.default_type {
            DefaultType::Base => {}
            DefaultType::Push => parts.push("push-default".into()),
            DefaultType::Pop => parts.push("pop-default".into()),
        }
        for (name, colour) in [("fill", self.fill), ("fg", self.fg), ("bg", self.bg)] {
            if colour != Colour::Default {
                parts.push(format!("{name}={colour}"));
            }
        }
        if self.attrs.0 != 0 {
            parts.push(self.attrs.to_string());
        }
        if parts.is_empty() {
            return f.write_str("default");
        }
        f.write_str(&parts.join(","))
    }
}

#[cfg(test)]
mod tests;
