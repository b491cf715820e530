//! Random input: nothing panics, and decoding in pieces gives what decoding at once gives.

use crate::keys::{decode, send_keys_arg, Key, PaneModes, SendMode};

/// xorshift64*: deterministic and dependency-free.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Bytes that are likely to make up sequences, and some that are not.
const PIECES: &[&[u8]] = &[
    b"\x1b",
    b"[",
    b"O",
    b"<",
    b"M",
    b"m",
    b";",
    b"1",
    b"5",
    b"9",
    b"2",
    b"0",
    b"~",
    b"u",
    b"A",
    b"P",
    b"I",
    b"x",
    b"\x7f",
    b"\r",
    b"\0",
    b"\xc3",
    b"\xa9",
    b"\xe2",
    b"\x82",
    b"\xff",
    b"\x80",
    b"\x1b[200~",
    b"\x1b[201~",
    b"27;",
    b"^",
    b"$",
    b"@",
];

fn random_bytes(rng: &mut Rng) -> Vec<u8> {
    let len = rng.below(40);
    let mut out = Vec::new();
    for _ in 0..len {
        if rng.below(3) == 0 {
            out.push(rng.next() as u8);
        } else {
            let piece: &&[u8] = rng.pick(PIECES);
            out.extend_from_slice(piece);
        }
    }
    out
}

#[test]
fn random_bytes_never_panic_and_split_reads_agree() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..20_000 {
        let input = random_bytes(&mut rng);
        let (whole, used) = decode(&input, true);
        assert!(used <= input.len());
        for e in &whole {
            if let crate::keys::Event::Key(k) = e {
                k.encode(PaneModes::default());
                k.key.to_string();
            }
        }
        // The same input in random pieces, waiting for more at each piece boundary.
        let mut pending = Vec::new();
        let mut pieces = Vec::new();
        let mut at = 0;
        while at < input.len() {
            let n = 1 + rng.below(input.len() - at);
            pending.extend_from_slice(&input[at..at + n]);
            at += n;
            let (got, used) = decode(&pending, false);
            assert!(used <= pending.len());
            pending.drain(..used);
            pieces.extend(got);
        }
        let (rest, end) = decode(&pending, true);
        pieces.extend(rest);
        pending.drain(..end);
        // Waiting never changes the outcome once all input has come.
        assert_eq!(pieces, whole, "{input:?}");
        assert_eq!(pending.len(), input.len() - used, "{input:?}");
    }
}

#[test]
fn random_names_never_panic() {
    let mut rng = Rng(42);
    let parts = [
        "C-",
        "M-",
        "S-",
        "^",
        "-",
        "0x",
        "x",
        "€",
        "é",
        "Up",
        "F1",
        "KP",
        "Enter",
        "Mouse",
        "Down",
        "1",
        "Pane",
        "User",
        "9",
        "None",
        "Any",
        " ",
        "\0",
        "\u{10ffff}",
        "z",
        "Wheel",
    ];
    for _ in 0..50_000 {
        let name: String = (0..rng.below(6)).map(|_| *rng.pick(&parts)).collect();
        if let Some(key) = Key::parse(&name) {
            let printed = key.to_string();
            assert!(
                Key::parse(&printed).is_some(),
                "{name:?} printed {printed:?}"
            );
            key.encode(PaneModes::default());
        }
        for mode in [SendMode::Keys, SendMode::Literal, SendMode::Hex] {
            send_keys_arg(&name, mode, PaneModes::default());
        }
    }
    // Random characters, including multi-byte ones next to ASCII.
    for _ in 0..20_000 {
        let name: String = (0..rng.below(5))
            .filter_map(|_| char::from_u32(rng.below(0x2100) as u32))
            .collect();
        if let Some(key) = Key::parse(&name) {
            assert!(Key::parse(&key.to_string()).is_some(), "{name:?}");
        }
    }
}
