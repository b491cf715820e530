//! Default colours used to answer colour queries (OSC 4/10/11/12) for colours the program has
//! not set itself.

use alacritty_terminal::vte::ansi::Rgb;

const ANSI: [(u8, u8, u8); 16] = [
    (0, 0, 0),
    (205, 0, 0),
    (0, 205, 0),
    (205, 205, 0),
    (0, 0, 238),
    (205, 0, 205),
    (0, 205, 205),
    (229, 229, 229),
    (127, 127, 127),
    (255, 0, 0),
    (0, 255, 0),
    (255, 255, 0),
    (92, 92, 255),
    (255, 0, 255),
    (0, 255, 255),
    (255, 255, 255),
];

/// xterm's default for colour `index` (0-255 palette, 256 foreground, 257 background, others as
/// the foreground).
pub(crate) fn default_rgb(index: usize) -> Rgb {
    let (r, g, b) = match index {
        0..=15 => ANSI[index],
        16..=231 => {
            let level = |v: usize| if v == 0 { 0 } else { (55 + 40 * v) as u8 };
            let i = index - 16;
            (level(i / 36), level(i / 6 % 6), level(i % 6))
        }
        232..=255 => {
            let v = (8 + 10 * (index - 232)) as u8;
            (v, v, v)
        }
        257 => (0, 0, 0),
        _ => (229, 229, 229),
    };
    Rgb { r, g, b }
}
