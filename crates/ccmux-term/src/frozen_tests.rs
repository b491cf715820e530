//! Freezing (`frozen.rs`): an emulator frozen and thawed at any point is indistinguishable from
//! one never frozen, and a frozen one answers the server's questions about every pane the same.

use crate::state_tests::{between_any_two_bytes, feed, observe, random_output, rng};
use crate::{encode_state, Emulator};

/// What a frozen emulator answers without thawing equals what the live one answered.
fn freeze_checked(emu: &mut Emulator) {
    let (state, size, cursor, modes, alt) = (
        emu.state(),
        emu.size(),
        emu.cursor(),
        emu.modes(),
        emu.alternate_screen(),
    );
    let (title, history) = (emu.title().map(String::from), emu.history_len());
    emu.freeze();
    assert!(emu.is_frozen());
    assert_eq!(emu.state(), state);
    assert_eq!(emu.encoded_state(), encode_state(&state));
    assert_eq!(
        (
            emu.size(),
            emu.cursor(),
            emu.modes(),
            emu.alternate_screen()
        ),
        (size, cursor, modes, alt)
    );
    assert_eq!(
        (emu.title().map(String::from), emu.history_len()),
        (title, history)
    );
    // Again: nothing changes.
    emu.freeze();
    assert_eq!(emu.state(), state);
}

#[test]
fn frozen_between_any_two_bytes_changes_nothing() {
    // The comparison after each freeze advances by nothing, which thaws.
    between_any_two_bytes(|emu| {
        assert!(!emu.is_frozen(), "advancing by nothing left it frozen");
        freeze_checked(emu);
    });
}

#[test]
fn random_output_with_freezes_resizes_and_compactions() {
    let mut next = rng(0x5eed_f00d_0042_1234);
    let mut plain = Emulator::new(11, 6, 30);
    let mut other = Emulator::new(11, 6, 30);
    for round in 0..400 {
        let bytes = random_output(&mut next);
        plain.advance(&bytes);
        other.advance(&bytes);
        match next() % 4 {
            0 => freeze_checked(&mut other),
            1 => other.compact(),
            _ => {}
        }
        if round % 5 == 2 {
            // Resizing a frozen emulator thaws it first.
            let (cols, rows) = (2 + (next() % 14) as u16, 2 + (next() % 8) as u16);
            plain.resize(cols, rows);
            other.resize(cols, rows);
            assert!(!other.is_frozen());
        }
        other.thaw();
        feed(&mut plain, &mut other, b"");
    }
}

#[test]
fn a_thaw_keeps_the_row_serials_a_client_drew_with() {
    let mut emu = Emulator::new(20, 4, 10);
    emu.advance(b"one\r\ntwo\r\n\x1b[31mred");
    let serials: Vec<u64> = (0..4).map(|r| emu.row_serial(r)).collect();
    let seen = observe(&emu);
    emu.freeze();
    assert_eq!(
        (0..4).map(|r| emu.row_serial(r)).collect::<Vec<_>>(),
        serials
    );
    emu.thaw();
    assert_eq!(
        (0..4).map(|r| emu.row_serial(r)).collect::<Vec<_>>(),
        serials
    );
    assert_eq!(observe(&emu), seen);
    // Output after the thaw changes serials as before.
    emu.advance(b"!");
    assert_ne!(emu.row_serial(2), serials[2]);
    assert_eq!(emu.row_serial(0), serials[0]);
}

#[test]
fn a_frozen_screen_is_small() {
    // A 200x50 screen with a prompt: alacritty holds 200x50 cells of 24 bytes (240 KB) per grid.
    let mut emu = Emulator::new(200, 50, 100);
    emu.advance(
        b"\x1b[1;32muser@host\x1b[0m:~$ ls\r\nfile1  file2\r\n\x1b[1;32muser@host\x1b[0m:~$ ",
    );
    emu.freeze();
    let kept = emu.encoded_state().len();
    assert!(kept < 1024, "a frozen prompt keeps {kept} bytes");
}

#[test]
fn the_alternate_screen_freezes_too() {
    let mut plain = Emulator::new(30, 8, 10);
    let mut frozen = Emulator::new(30, 8, 10);
    let vim = b"\x1b[?1049h\x1b[?1h\x1b=\x1b[2;5r\x1b[H~\r\n~\r\n\x1b[7m status \x1b[m\x1b[3;4H";
    feed(&mut plain, &mut frozen, vim);
    freeze_checked(&mut frozen);
    assert!(frozen.alternate_screen() && frozen.modes().app_cursor);
    // Leaving the alternate screen brings the primary back, on a thawed emulator too.
    feed(&mut plain, &mut frozen, b"x\x1b[?1049l");
    feed(&mut plain, &mut frozen, b"after\r\n");
}
