//! Typed keys as a pane gets them, checked against tmux 3.3a: an inner `tmux -L ky2 attach` ran
//! with `TERM=screen` in an outer pane, `send-keys -H` wrote the raw input to it, and the inner
//! pane (`stty raw; cat > file`, normal mode, then after `printf '\e[?1h\e='`) recorded the bytes.

use crate::keys::{decode, Event, PaneModes};

/// (typed bytes, pane bytes in normal mode, in application cursor and keypad mode if different).
type Case = (&'static [u8], &'static [u8], Option<&'static [u8]>);

#[rustfmt::skip]
const TMUX: &[Case] = &[
    (b"\x1b[A", b"\x1b[A", Some(b"\x1bOA")),
    (b"\x1bOA", b"\x1b[A", Some(b"\x1bOA")),
    (b"\x1b[1;5A", b"\x1b[1;5A", None),
    (b"\x1b[1;3A", b"\x1b[1;3A", None),
    (b"\x1b\x1b[A", b"\x1b\x1b[A", Some(b"\x1b\x1bOA")),
    (b"\x1b\x1bOA", b"\x1b\x1b[A", Some(b"\x1b\x1bOA")),
    (b"\x1b\x1b[1;3D", b"\x1b\x1b[1;3D", None),
    (b"\x1b[H", b"\x1b[1~", None),
    (b"\x1b[F", b"\x1b[4~", None),
    (b"\x1bOH", b"\x1b[1~", None),
    (b"\x1b\x1b[H", b"\x1b[1;3H", None),
    (b"\x1b[1~", b"\x1b[1~", None),
    (b"\x1b[4~", b"\x1b[4~", None),
    (b"\x1b[2~", b"\x1b[2~", None),
    (b"\x1b[3;5~", b"\x1b[3;5~", None),
    (b"\x1b[5;3~", b"\x1b[5;3~", None),
    (b"\x1b\x1b[5~", b"\x1b\x1b[5~", None),
    (b"\x1bOP", b"\x1bOP", None),
    (b"\x1b[15~", b"\x1b[15~", None),
    (b"\x1b[1;2P", b"\x1b[1;2P", None),
    (b"\x1bO5Q", b"\x1b[1;5Q", None),
    (b"\x1b[11^", b"\x1b[1;5P", None),
    (b"\x1b[5$", b"\x1b[5;2~", None),
    (b"\x1b[3@", b"\x1b[3;6~", None),
    (b"\x1b[a", b"\x1b[1;2A", None),
    (b"\x1bOd", b"\x1b[1;5D", None),
    (b"\x1bOq", b"1", Some(b"\x1bOq")),
    (b"\x1bOM", b"\x0a", Some(b"\x1bOM")),
    (b"\x1b[Z", b"\x1b[Z", None),
    (b"\x1bx", b"\x1bx", None),
    (b"\x1b\x01", b"\x1b\x01", None),
    (b"\x1b\x7f", b"\x1b\x7f", None),
    (b"\x1b\x0d", b"\x1b\x0d", None),
    (b"\x1b\xc3\xa9", b"\x1b\xc3\xa9", None),
    (b"\x1b[97;5u", b"\x01", None),
    (b"\x1b[27;5;105~", b"\x09", None),
    (b"\x1b[49;5u", b"", None),
    (b"\x1b[127;3u", b"\x1b\x7f", None),
    (b"\x7f", b"\x7f", None),
    (b"\x08", b"\x08", None),
    (b"\x0a", b"\x0a", None),
    (b"\x09", b"\x09", None),
    (b"\x00", b"\x00", None),
    (b"\x1b[99z", b"\x1b[99z", None),
    (b"\xc3\xa9", b"\xc3\xa9", None),
    (b"\x1b[1;9A", b"\x1b[1;3A", None),
    (b"\x1b[1;2D", b"\x1b[1;2D", None),
    (b"\x1bO[", b"\x1b", None),
];

/// Where ccmux differs on purpose. tmux with `TERM=screen` does not know rxvt's Home, End and F1
/// (it passes them on as `M-[` and text); ccmux decodes them whatever the client's TERM. tmux drops
/// a typed key it cannot encode (`S-a` as an extended key); ccmux passes it on as typed.
const DIFFERENT: &[Case] = &[
    (b"\x1b[7~", b"\x1b[1~", None),
    (b"\x1b[8~", b"\x1b[4~", None),
    (b"\x1b[11~", b"\x1bOP", None),
    (b"\x1b[97;2u", b"\x1b[97;2u", None),
];

fn pane_bytes(input: &[u8], modes: PaneModes) -> Vec<u8> {
    let (events, used) = decode(input, true);
    assert_eq!(used, input.len());
    events
        .iter()
        .flat_map(|e| match e {
            Event::Key(k) => k.encode(modes),
            Event::Other(raw) => raw.clone(),
            other => panic!("{input:?}: {other:?}"),
        })
        .collect()
}

#[test]
fn typed_keys_reach_the_pane_as_in_tmux() {
    let app = PaneModes {
        app_cursor: true,
        app_keypad: true,
    };
    for (input, normal, in_app) in TMUX.iter().chain(DIFFERENT) {
        let got = pane_bytes(input, PaneModes::default());
        assert_eq!(got, *normal, "{input:?} normal");
        let got = pane_bytes(input, app);
        assert_eq!(got, in_app.unwrap_or(normal), "{input:?} app");
    }
}
