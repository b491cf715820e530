//! Row serials (`Emulator::row_serial`): a row whose serial did not change renders the same cells.

use crate::{Emulator, RenderCell};

fn rows(emu: &Emulator) -> Vec<(u64, Vec<RenderCell>)> {
    let (_, n) = emu.size();
    (0..n)
        .map(|r| {
            let mut cells = Vec::new();
            emu.render_row(r, &mut cells);
            (emu.row_serial(r), cells)
        })
        .collect()
}

/// Every row whose serial is unchanged shows the same cells as before `step`.
fn check(emu: &mut Emulator, what: &str, step: impl FnOnce(&mut Emulator)) -> usize {
    let before = rows(emu);
    step(emu);
    let after = rows(emu);
    let mut kept = 0;
    for (r, ((s0, c0), (s1, c1))) in before.iter().zip(&after).enumerate() {
        if s0 == s1 {
            assert_eq!(c0, c1, "{what}: row {r} changed but kept its serial");
            kept += 1;
        }
    }
    kept
}

#[test]
fn unchanged_serials_mean_unchanged_rows() {
    let mut emu = Emulator::new(20, 6, 100);
    let steps: &[(&str, &[u8])] = &[
        ("text", b"hello"),
        ("more text", b" world\r\nsecond line"),
        ("one char", b"x"),
        ("cursor move and write", b"\x1b[5;3Hfive"),
        ("erase line", b"\x1b[2K"),
        ("erase below", b"\x1b[3;1H\x1b[J"),
        ("scroll by newlines", b"\x1b[6;1Ha\r\nb\r\nc\r\nd"),
        ("scroll region", b"\x1b[2;4r\x1b[4;1H\r\n\r\nregion\x1b[r"),
        ("insert and delete lines", b"\x1b[2;1H\x1b[2L\x1b[1M"),
        ("insert and delete chars", b"\x1b[1;1H\x1b[3@\x1b[2P"),
        ("colours", b"\x1b[31;44mred\x1b[0m"),
        ("wide characters", "\x1b[3;1H日本語".as_bytes()),
        ("alternate screen", b"\x1b[?1049h\x1b[2;2Halt"),
        ("back from it", b"\x1b[?1049l"),
        ("clear screen", b"\x1b[2J"),
        ("reverse index at the top", b"\x1b[1;1H\x1bM\x1bMtop"),
        ("tab", b"\tT"),
        ("reset", b"\x1bc"),
        ("after reset", b"again"),
    ];
    for (what, bytes) in steps {
        check(&mut emu, what, |e| e.advance(bytes));
    }
    check(&mut emu, "resize", |e| e.resize(30, 8));
    check(&mut emu, "resize back", |e| e.resize(20, 6));
    emu.advance(b"\x1b[1;1Hfirst\x1b[6;1Hlast");
    check(&mut emu, "compact", |e| e.compact());
    // What this is for: a key's echo changes its row (and the cursor's), not the others.
    emu.advance(b"\x1b[2;1Hprompt$ ");
    let kept = check(&mut emu, "an echoed key", |e| e.advance(b"k"));
    assert!(kept >= 5, "only {kept} of 6 rows kept their serials");
}

#[test]
fn another_emulator_never_reuses_a_serial() {
    let a = Emulator::new(10, 3, 10);
    let b = Emulator::new(10, 3, 10);
    assert_ne!(a.row_serial(0), b.row_serial(0));
    assert_eq!(a.row_serial(3), 0, "a row past the screen");
    let state = a.state();
    let c = Emulator::from_state(&state, 10).unwrap();
    assert!((0..3).all(|r| c.row_serial(r) != a.row_serial(r)));
}

#[test]
fn random_output_keeps_the_serials_honest() {
    const PIECES: &[&str] = &[
        "abc",
        "x",
        "日",
        "\r\n",
        "\n",
        "\r",
        "\t",
        "\x08",
        "\x1b[2;3H",
        "\x1b[6;1H",
        "\x1b[1;1H",
        "\x1b[K",
        "\x1b[1K",
        "\x1b[2K",
        "\x1b[J",
        "\x1b[1J",
        "\x1b[2J",
        "\x1b[L",
        "\x1b[M",
        "\x1b[2@",
        "\x1b[P",
        "\x1b[X",
        "\x1b[S",
        "\x1b[T",
        "\x1bM",
        "\x1bD",
        "\x1bE",
        "\x1b[2;5r",
        "\x1b[r",
        "\x1b[?1049h",
        "\x1b[?1049l",
        "\x1b[?47h",
        "\x1b[?47l",
        "\x1b[7m",
        "\x1b[0m",
        "\x1b[41m",
        "\x1b[?6h",
        "\x1b[?6l",
        "\x1b[4h",
        "\x1b[4l",
        "\x1b[3b",
        "\x1b#8",
        "\x1b[?7l",
        "\x1b[?7h",
        "\x1b7",
        "\x1b8",
        "\x1b[10C",
        "\x1b[3A",
    ];
    let mut emu = Emulator::new(12, 6, 50);
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    for i in 0..3000 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let piece = PIECES[(seed % PIECES.len() as u64) as usize];
        if i % 500 == 499 {
            check(&mut emu, "resize", |e| {
                e.resize(10 + (seed % 5) as u16, 4 + (seed % 4) as u16)
            });
        } else if i % 700 == 699 {
            check(&mut emu, "compact", |e| e.compact());
        } else {
            check(&mut emu, piece, |e| e.advance(piece.as_bytes()));
        }
    }
}
