//! Turning input bytes into the texts and byte strings the targets feed their parsers.

use arbitrary::{Result, Unstructured};

/// One of `items`.
pub fn pick<'a, T>(u: &mut Unstructured, items: &'a [T]) -> Result<&'a T> {
    u.choose(items)
}

/// A number in `lo..=hi`.
pub fn int(u: &mut Unstructured, lo: u64, hi: u64) -> Result<u64> {
    u.int_in_range(lo..=hi)
}

/// Any character, mostly ASCII, sometimes multi-byte or a control character.
pub fn any_char(u: &mut Unstructured) -> Result<char> {
    Ok(match int(u, 0, 9)? {
        0 => char::from_u32(u.int_in_range(0..=0x10_ffffu32)?).unwrap_or('\u{fffd}'),
        1 => *pick(
            u,
            &[
                'é', '€', '😀', '\u{85}', '\u{200b}', '\u{fe0f}', 'ǅ', '\0', '\x7f', '中',
            ],
        )?,
        2 => char::from(u.int_in_range(0..=0x1fu8)?),
        _ => char::from(u.int_in_range(0x20..=0x7eu8)?),
    })
}

/// A text of at most `max` pieces: mostly from `pieces`, sometimes any character.
pub fn text(u: &mut Unstructured, pieces: &[&str], max: usize) -> Result<String> {
    let mut s = String::new();
    let n = u.int_in_range(0..=max)?;
    for _ in 0..n {
        if u.ratio(1, 6)? {
            s.push(any_char(u)?);
        } else {
            s.push_str(pick(u, pieces)?);
        }
    }
    Ok(s)
}

/// Interesting little-endian integers to write over a length or an LSN field.
const INTERESTING: &[u64] = &[
    0,
    1,
    2,
    0x7f,
    0x80,
    0xff,
    0x100,
    0xffff,
    0x1_0000,
    0x7fff_ffff,
    0x8000_0000,
    0xffff_ffff,
    0x1_0000_0000,
    0x00ff_ffff,
    0x0100_0000,
    u64::MAX / 2,
    u64::MAX - 1,
    u64::MAX,
];

/// A number for a length, an offset or a count: often one at a limit.
pub fn number(u: &mut Unstructured) -> Result<u64> {
    if u.ratio(1, 2)? {
        Ok(*pick(u, INTERESTING)?)
    } else {
        u.arbitrary()
    }
}

/// `base` changed a few times (bit flips, interesting values, insertions, deletions, truncation,
/// duplicated ranges). Returns the bytes and the offset of the first byte that may differ from `base`.
pub fn mutate(u: &mut Unstructured, base: &[u8]) -> Result<(Vec<u8>, usize)> {
    let mut out = base.to_vec();
    let mut first = usize::MAX;
    let n = u.int_in_range(1..=6)?;
    for _ in 0..n {
        let len = out.len();
        let at = u.int_in_range(0..=len)?;
        first = first.min(at);
        match u.int_in_range(0..=7)? {
            0 => {
                if let Some(b) = out.get_mut(at) {
                    *b ^= 1 << u.int_in_range(0..=7)?;
                }
            }
            1 => {
                if let Some(b) = out.get_mut(at) {
                    *b = u.arbitrary()?;
                }
            }
            2 => {
                let value = *pick(u, INTERESTING)?;
                let width = *pick(u, &[1usize, 2, 4, 8])?;
                for (k, byte) in value.to_le_bytes().iter().take(width).enumerate() {
                    if let Some(b) = out.get_mut(at + k) {
                        *b = *byte;
                    }
                }
            }
            3 => {
                let count = u.int_in_range(1..=16)?;
                let bytes: Vec<u8> = (0..count).map(|_| u.arbitrary()).collect::<Result<_>>()?;
                out.splice(at..at, bytes);
            }
            4 => {
                let end = u.int_in_range(at..=len.min(at + 64))?;
                out.drain(at..end);
            }
            5 => out.truncate(at),
            6 => {
                let end = u.int_in_range(at..=len.min(at + 32))?;
                let copy = out.get(at..end).unwrap_or_default().to_vec();
                let to = u.int_in_range(0..=len)?;
                first = first.min(to);
                out.splice(to..to, copy);
            }
            _ => {
                let end = u.int_in_range(at..=len.min(at + 16))?;
                for b in out.get_mut(at..end).unwrap_or_default() {
                    *b = 0;
                }
            }
        }
    }
    Ok((out, first))
}

/// Either `base` mutated or, sometimes, bytes straight from the input.
pub fn mutated_or_raw(u: &mut Unstructured, base: &[u8]) -> Result<Vec<u8>> {
    if u.ratio(1, 8)? {
        let n = u.int_in_range(0..=base.len().max(8))?;
        return u.bytes(n.min(u.len())).map(<[u8]>::to_vec);
    }
    Ok(mutate(u, base)?.0)
}
