//! tmux colours: what `colour_fromstring` accepts and how `colour_tostring` prints them.

#![cfg_attr(not(test), deny(clippy::string_slice, clippy::indexing_slicing))]

use super::cnum::{atoi, strtonum};
use super::x11_colours::X11_COLOURS;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A colour as tmux options and styles name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Colour {
    /// No colour (tmux's -1): the default of `cursor-colour`, printed `none`. Never parsed from text.
    None,
    /// `default`: whatever the surrounding style or the terminal uses.
    Default,
    /// `terminal`: the terminal's own default colour.
    Terminal,
    /// One of the eight standard colours, 0-7: `black`, `red`, ... `white` (or `0`..`7`).
    Ansi(u8),
    /// One of the eight bright colours, 0-7: `brightblack` ... `brightwhite` (or `90`..`97`).
    Bright(u8),
    /// A 256-colour palette entry: `colour0` .. `colour255` (also spelt `color`).
    Indexed(u8),
    /// A true colour: `#rrggbb`, or an X11 colour name such as `AliceBlue` or `grey50`.
    Rgb(u8, u8, u8),
}

const NAMES: [&str; 8] = [
    "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
];

impl Colour {
    /// Parses a colour as tmux's `colour_fromstring` does; `None` is tmux's `bad colour`.
    ///
    /// Names are matched without regard to case, except the computed X11 greys (`grey0`..`grey100`,
    /// `gray…`), which tmux matches case-sensitively, and where anything after `grey` that does not
    /// start with a digit still means plain grey (`grayish` is `#bebebe`).
    pub fn parse(s: &str) -> Option<Colour> {
        if s.len() == 7 {
            if let Some(hex) = s.strip_prefix('#') {
                if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return None;
                }
                let n = u32::from_str_radix(hex, 16).ok()?;
                return Some(rgb(n));
            }
        }
        for prefix in ["colour", "color"] {
            if let Some(rest) = strip_prefix_ignore_case(s, prefix) {
                return strtonum(rest, 0, 255)
                    .ok()
                    .map(|n| Colour::Indexed(n as u8));
            }
        }
        if s.eq_ignore_ascii_case("default") {
            return Some(Colour::Default);
        }
        if s.eq_ignore_ascii_case("terminal") {
            return Some(Colour::Terminal);
        }
        for (i, name) in NAMES.iter().enumerate() {
            let i = i as u8;
            if s.eq_ignore_ascii_case(name) || s == (i).to_string() {
                return Some(Colour::Ansi(i));
            }
            if strip_prefix_ignore_case(s, "bright").is_some_and(|r| r.eq_ignore_ascii_case(name))
                || s == (90 + i).to_string()
            {
                return Some(Colour::Bright(i));
            }
        }
        by_x11_name(s)
    }
}

fn rgb(n: u32) -> Colour {
    Colour::Rgb((n >> 16) as u8, (n >> 8) as u8, n as u8)
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| s.get(prefix.len()..))
        .flatten()
}

/// tmux's `colour_byname`.
fn by_x11_name(s: &str) -> Option<Colour> {
    if let Some(rest) = s.strip_prefix("grey").or_else(|| s.strip_prefix("gray")) {
        if !rest.starts_with(|c: char| c.is_ascii_digit()) {
            return Some(rgb(0xbebebe));
        }
        // tmux computes `round(2.55 * atoi(...))` in doubles: grey50 is #7f7f7f, not #808080.
        let level = (2.55 * f64::from(atoi(rest))).round();
        if !(0.0..=255.0).contains(&level) {
            return None;
        }
        let level = level as u8;
        return Some(Colour::Rgb(level, level, level));
    }
    X11_COLOURS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(s))
        .map(|&(_, n)| rgb(n))
}

impl fmt::Display for Colour {
    /// tmux's `colour_tostring`: the name `show-options` prints.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Colour::None => f.write_str("none"),
            Colour::Default => f.write_str("default"),
            Colour::Terminal => f.write_str("terminal"),
            Colour::Ansi(i) => f.write_str(NAMES.get(usize::from(i)).unwrap_or(&"invalid")),
            Colour::Bright(i) => match NAMES.get(usize::from(i)) {
                Some(name) => write!(f, "bright{name}"),
                None => f.write_str("invalid"),
            },
            Colour::Indexed(i) => write!(f, "colour{i}"),
            Colour::Rgb(r, g, b) => write!(f, "#{r:02x}{g:02x}{b:02x}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Colour;

    /// `tmux set -g status-bg INPUT; tmux show -gv status-bg` (tmux 3.3a), or None for `bad colour`.
    const CASES: &[(&str, Option<&str>)] = &[
        ("foo", None),
        ("colour256", None),
        ("colour255", Some("colour255")),
        ("Colour5", Some("colour5")),
        ("color7", Some("colour7")),
        ("colour+5", Some("colour5")),
        ("colour-0", Some("colour0")),
        ("colour 5", Some("colour5")),
        ("colour", None),
        ("#FF00aa", Some("#ff00aa")),
        ("#ff00a", None),
        ("1", Some("red")),
        ("8", None),
        ("91", Some("brightred")),
        ("BrightRed", Some("brightred")),
        ("RED", Some("red")),
        ("terminal", Some("terminal")),
        ("DEFAULT", Some("default")),
        ("grey50", Some("#7f7f7f")),
        ("gray100", Some("#ffffff")),
        ("gray101", None),
        ("grayish", Some("#bebebe")),
        ("grey", Some("#bebebe")),
        ("Grey50", None),
        ("GREY", None),
        ("aliceblue", Some("#f0f8ff")),
        ("alice blue", Some("#f0f8ff")),
        ("dark grey", Some("#a9a9a9")),
        ("DarkGray", Some("#a9a9a9")),
        ("none", None),
        ("", None),
        ("grey1x", Some("#030303")),
        ("grey99999999999", None),
        ("x11grey", Some("#bebebe")),
    ];

    #[test]
    fn parses_and_prints_like_tmux() {
        for (input, want) in CASES {
            let got = Colour::parse(input).map(|c| c.to_string());
            assert_eq!(got.as_deref(), *want, "colour {input:?}");
        }
    }

    #[test]
    fn odd_input_does_not_panic() {
        for s in [
            "#ééé", "é", "colouré", "greyé", "#", "bright", "brighté", "\u{0}",
        ] {
            let _ = Colour::parse(s);
        }
        assert_eq!(Colour::Ansi(9).to_string(), "invalid");
        assert_eq!(Colour::None.to_string(), "none");
    }
}
