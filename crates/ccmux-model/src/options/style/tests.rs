use super::*;

/// Whether `tmux set -g status-style TEXT` succeeds (tmux 3.3a) or fails with `invalid style: TEXT`.
const VALIDITY: &[(&str, bool)] = &[
    ("fg=red", true),
    (
        "bg=default,fg=terminal,none,nobold,noalign,norange,nolist",
        true,
    ),
    ("align=middle", false),
    (
        "range=window|3,list=focus,fill=red,push-default,pop-default,ignore,noignore",
        true,
    ),
    ("range=window", false),
    ("range=window|", false),
    ("range=window|x", false),
    ("range=window|3|4", false),
    ("range=left|3", false),
    ("range=foo", true),
    ("range=foo|3", true),
    ("range=|3", true),
    ("range=", false),
    ("align=", false),
    ("fill=", false),
    ("fg=", false),
    ("bg=", false),
    ("xg=red", false),
    ("fgx=red", false),
    ("nofg=red", false),
    ("bold,,italics", true),
    ("nonsense", false),
    ("no", false),
    ("nobold", true),
    ("nonone", true),
    ("nodefault", true),
    ("noacs", true),
    ("none", true),
    ("default", true),
    ("Default", true),
    ("BOLD,FG=Red", true),
    ("FG=grey50", true),
    ("fg=Grey50", false),
    ("bold|italics", true),
    ("bold||italics", true),
    ("|bold", false),
    ("bold|", false),
    ("bold|none", false),
    ("fg=colour300", false),
    ("us=red", false),
    ("list=ON", true),
    ("list=", false),
    ("list=on=x", false),
    ("noalign=x", false),
    ("ignore=x", false),
    ("default=x", false),
    ("fg=red bold", true),
    ("fg=red\tbold", false),
    ("fill=#ff0000", true),
    ("align=absolute-centre", true),
    ("range=Window|07", true),
    ("fg=colour+5", true),
    ("push-default,fg=red", true),
    ("é", false),
    ("fg=é", false),
];

#[test]
fn accepts_and_rejects_like_tmux() {
    for (text, ok) in VALIDITY {
        let got = Style::parse(text);
        assert_eq!(got.is_ok(), *ok, "style {text:?}: {got:?}");
        if let Err(e) = got {
            assert_eq!(e.to_string(), format!("invalid style: {text}"));
        }
    }
}

#[test]
fn items_longer_than_255_bytes_are_invalid() {
    let ok = format!("bold{}bold", "|".repeat(247));
    assert_eq!(ok.len(), 255);
    assert!(Style::parse(&ok).is_ok());
    let long = format!("bold{}bold", "|".repeat(248));
    assert!(Style::parse(&long).is_err());
}

#[test]
fn parses_fields() {
    let s = Style::parse("fg=red,bg=#102030 bold,italics,align=centre,list=focus,range=window|7,fill=colour3,push-default").unwrap();
    assert_eq!(s.fg, Colour::Ansi(1));
    assert_eq!(s.bg, Colour::Rgb(0x10, 0x20, 0x30));
    assert_eq!(s.attrs, Attrs(Attrs::BRIGHT.0 | Attrs::ITALICS.0));
    assert_eq!(s.align, Align::Centre);
    assert_eq!(s.list, List::Focus);
    assert_eq!(s.range, Range::Window(7));
    assert_eq!(s.fill, Colour::Indexed(3));
    assert_eq!(s.default_type, DefaultType::Push);
    assert_eq!(
        s.to_string(),
        "list=focus,range=window|7,align=centre,push-default,fill=colour3,fg=red,bg=#102030,bright,italics"
    );
}

#[test]
fn later_items_override_and_default_resets() {
    let s = Style::parse("fg=red,bold,underscore,nobold").unwrap();
    assert_eq!(s.attrs, Attrs::UNDERSCORE);
    let s = Style::parse("fg=red,bg=blue,bold,align=left,default").unwrap();
    assert_eq!(
        (s.fg, s.bg, s.attrs),
        (Colour::Default, Colour::Default, Attrs(0))
    );
    assert_eq!(s.align, Align::Left, "default keeps alignment");
    let s = Style::parse("bold,dim,none").unwrap();
    assert_eq!(s.attrs, Attrs(0));
    let s = Style::parse("range=left,norange,list=on,nolist,align=right,noalign").unwrap();
    assert_eq!(s, Style::default());
    assert_eq!(Style::parse("").unwrap().to_string(), "default");
    assert_eq!(Style::parse("range=foo").unwrap(), Style::default());
}

#[test]
fn apply_adds_onto_a_style_and_is_atomic() {
    let mut s = Style::parse("fg=red").unwrap();
    s.apply("bg=blue,bold").unwrap();
    assert_eq!(s.to_string(), "fg=red,bg=blue,bright");
    assert!(s.apply("fg=green,fg=nonsense").is_err());
    assert_eq!(s.to_string(), "fg=red,bg=blue,bright");
}

#[test]
fn attribute_names_print_in_tmux_order() {
    let s = Style::parse("overline,acs,bold,dashed-underscore").unwrap();
    assert_eq!(s.attrs.to_string(), "acs,bright,dashed-underscore,overline");
}
