//! Option values, colours and styles (ccmux-model's options/).

use crate::gen::{pick, text};
use arbitrary::{Result, Unstructured};
use ccmux_model::options::{
    match_option, parse_array_item, parse_value, table, value_text, Colour, OptionValue, Style,
};

const PIECES: &[&str] = &[
    "0",
    "1",
    "-1",
    "7",
    "99999999999999999999",
    " ",
    ",",
    "=",
    "#",
    "[",
    "]",
    "fg=",
    "bg=",
    "fill=",
    "red",
    "brightred",
    "colour",
    "color255",
    "colour256",
    "#ff00ff",
    "#fff",
    "default",
    "terminal",
    "grey50",
    "gray101",
    "bold",
    "nobold",
    "dim",
    "underscore",
    "double-underscore",
    "curly-underscore",
    "overline",
    "none",
    "align=",
    "left",
    "centre",
    "absolute-centre",
    "list=",
    "on",
    "focus",
    "left-marker",
    "range=",
    "window|",
    "window|4294967296",
    "user|",
    "push-default",
    "pop-default",
    "ignore",
    "noattr",
    "off",
    "yes",
    "x",
    "%",
    "[0-9]*x[0-9]*",
    "80x24",
    "C-b",
    "M-x",
    "é",
    "\t",
    "#[",
    "emacs",
    "vi",
    "any",
    "keep-last",
    "@user",
    "status-left",
    "status-style",
    "[1]",
    "[x]",
];

/// Every option's value parser accepts or refuses any text without a panic; a value it accepts prints as
/// text that it parses to the same value.
pub fn values(u: &mut Unstructured) -> Result<()> {
    let def = pick(u, table())?;
    let input = text(u, PIECES, 8)?;
    let given = if u.ratio(1, 10)? {
        None
    } else {
        Some(input.as_str())
    };
    let old = if u.arbitrary()? {
        Some(OptionValue::String(text(u, PIECES, 3)?))
    } else {
        None
    };
    let append = u.arbitrary()?;
    if let Ok(value) = parse_value(def, given, old.as_ref(), append) {
        let printed = value_text(&value);
        if !def.array && !def.hook {
            let again = parse_value(def, Some(&printed), None, false);
            assert_eq!(
                again.as_ref(),
                Ok(&value),
                "{} {given:?} printed as {printed:?}",
                def.name
            );
        }
    }
    let _ = parse_array_item(def, given, Some(&input), append);
    let _ = match_option(&text(u, PIECES, 4)?);
    Ok(())
}

/// Colours and styles parse or not without a panic; what parses prints as text that parses to the same
/// (but for `ignore`, which tmux 3.3a keeps and never prints).
pub fn colours_and_styles(u: &mut Unstructured) -> Result<()> {
    let input = text(u, PIECES, 10)?;
    if let Some(c) = Colour::parse(&input) {
        let printed = c.to_string();
        assert_eq!(
            Colour::parse(&printed),
            Some(c),
            "colour {input:?} printed as {printed:?}"
        );
    }
    if let Ok(style) = Style::parse(&input) {
        let printed = style.to_string();
        let again = Style::parse(&printed);
        let style = Style {
            ignore: false,
            ..style
        };
        assert_eq!(again, Ok(style), "style {input:?} printed as {printed:?}");
    }
    Ok(())
}
