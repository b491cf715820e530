//! Scanning helpers shared with format.c (`format_skip`, `format_strip`) and the modifier-list parser
//! (`format_build_modifiers`).

/// A parsed modifier: its name (`=`, `s`, `==`...) and its arguments, each already expanded once.
pub(super) struct Modifier<'a> {
    pub name: &'a str,
    pub args: Vec<String>,
}

impl Modifier<'_> {
    /// The first argument contains `flag` (for flag arguments such as the `ri` of `m/ri:`).
    pub fn flag(&self, flag: char) -> bool {
        self.args.first().is_some_and(|a| a.contains(flag))
    }
}

/// Index of the first byte of `end` in `s` that is outside any nested `#{...}`, skipping the escapes
/// `#,` `##` `#{` `#}` `#:`. `None` if there is none.
pub(super) fn skip(s: &str, end: &[u8]) -> Option<usize> {
    let b = s.as_bytes();
    let mut brackets: i64 = 0;
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'#' {
            match b.get(i + 1) {
                // tmux reads past the end of the string here; treat it as "not found".
                None => return None,
                Some(b'{') => {
                    brackets += 1;
                    i += 2;
                    continue;
                }
                Some(n) if b",#}:".contains(n) => {
                    i += 2;
                    continue;
                }
                _ => {}
            }
        }
        if c == b'}' {
            brackets -= 1;
        }
        if brackets == 0 && end.contains(&c) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// `s` split around the one-byte delimiter at `at` (an offset [`skip`] or `find` gave): what comes
/// before it and what comes after it. Both are empty if `at` is not such an offset.
pub(super) fn split_around(s: &str, at: usize) -> (&str, &str) {
    match (s.get(..at), s.get(at + 1..)) {
        (Some(before), Some(after)) => (before, after),
        _ => ("", ""),
    }
}

/// Removes the `#` of the escapes `#,` `##` `#{` `#}` `#:` outside nested `#{...}` (used on `t/f/FMT`).
pub(super) fn strip(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut brackets: i64 = 0;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        if c == '#' && next == Some('{') {
            brackets += 1;
        }
        if c == '#' && next.is_none_or(|n| ",#{}:".contains(n)) {
            if brackets != 0 {
                out.push('#');
            }
            continue;
        }
        if c == '}' {
            brackets -= 1;
        }
        out.push(c);
    }
    out
}

fn is_end(c: u8) -> bool {
    c == b';' || c == b':'
}

/// Parses the `;`-separated modifiers in front of the `:` of `key`, expanding each argument with `expand`.
/// Returns them and the rest of the key after the `:`, or `None` when `key` has no valid modifier list (it is
/// then a plain variable name or a conditional).
pub(super) fn parse<'k>(
    key: &'k str,
    expand: &mut dyn FnMut(&str) -> String,
) -> Option<(Vec<Modifier<'k>>, &'k str)> {
    let b = key.as_bytes();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let mut list = Vec::new();
    let mut cp = 0;
    while cp < b.len() && at(cp) != b':' {
        if at(cp) == b';' {
            cp += 1;
        }
        let c = at(cp);
        if c == 0 {
            break;
        }
        // Single characters with no arguments.
        if b"labcdnwETSWP<>".contains(&c) && is_end(at(cp + 1)) {
            list.push(Modifier {
                name: part(key, cp, cp + 1),
                args: Vec::new(),
            });
            cp += 1;
            continue;
        }
        // Two characters with no arguments.
        if let Some(two) = b.get(cp..cp + 2) {
            let ops: [&[u8]; 6] = [b"||", b"&&", b"!=", b"==", b"<=", b">="];
            if ops.contains(&two) && is_end(at(cp + 2)) {
                list.push(Modifier {
                    name: part(key, cp, cp + 2),
                    args: Vec::new(),
                });
                cp += 2;
                continue;
            }
        }
        // Single characters that may take arguments.
        if !b"mCNst=peq".contains(&c) {
            break;
        }
        let name = part(key, cp, cp + 1);
        let next = at(cp + 1);
        if is_end(next) {
            list.push(Modifier {
                name,
                args: Vec::new(),
            });
            cp += 1;
            continue;
        }
        // One argument with no wrapper character: `=5`, `p-10`.
        if !next.is_ascii_punctuation() || next == b'-' {
            let Some(end) = skip(part(key, cp + 1, key.len()), b":;") else {
                break;
            };
            let end = cp + 1 + end;
            list.push(Modifier {
                name,
                args: vec![expand(part(key, cp + 1, end))],
            });
            cp = end;
            continue;
        }
        // Arguments separated by a wrapper character: `s/a/b/`, `=/5/...`, `e|+|f|2`.
        let wrap = next;
        let stops = [wrap, b';', b':'];
        cp += 1;
        let mut args = Vec::new();
        loop {
            if at(cp) == wrap && is_end(at(cp + 1)) {
                cp += 1;
                break;
            }
            let Some(end) = skip(part(key, cp + 1, key.len()), &stops) else {
                break;
            };
            let end = cp + 1 + end;
            args.push(expand(part(key, cp + 1, end)));
            cp = end;
            if is_end(at(cp)) {
                break;
            }
        }
        list.push(Modifier { name, args });
    }
    if at(cp) != b':' {
        return None;
    }
    Some((list, part(key, cp + 1, key.len())))
}

/// `key[from..to]`, or `""` if that is not a slice of it (every caller passes ASCII positions).
fn part(key: &str, from: usize, to: usize) -> &str {
    key.get(from..to).unwrap_or("")
}
