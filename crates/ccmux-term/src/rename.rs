//! The window-name string `ESC k name ESC \` (screen's, which tmux keeps: a program names its window
//! with it when `allow-rename` is on). alacritty's parser does not know it (it would print the name),
//! so it is taken out of the output before the parser sees it, as tmux's parser does: the string
//! starts right after `ESC k`, keeps the bytes from 0x20 up, drops other control characters, and ends
//! at the next ESC, CAN or SUB, which the parser then gets as usual (so `ESC \` ends it).

/// Longest name kept (tmux's input buffer limit): a longer string is dropped whole.
const LIMIT: usize = 1 << 20;

#[derive(Default)]
pub(crate) struct RenameFilter {
    /// The last byte the parser got was ESC.
    after_esc: bool,
    /// A name being read (`None`: not in one).
    name: Option<Vec<u8>>,
    /// The name being read went over [`LIMIT`].
    overflow: bool,
}

impl RenameFilter {
    /// Splits `bytes` into what the parser gets (`pass`, in order) and calls `done` with each name
    /// completed (`None`: one that was not valid UTF-8 or too long).
    pub(crate) fn filter<'a>(
        &mut self,
        bytes: &'a [u8],
        mut pass: impl FnMut(&'a [u8]),
        mut done: impl FnMut(Option<String>),
    ) {
        let mut i = 0;
        let mut start = 0;
        if self.after_esc && self.name.is_none() && bytes.first() == Some(&b'k') {
            self.begin();
            i = 1;
            start = 1;
        }
        while i < bytes.len() {
            if let Some(name) = self.name.as_mut() {
                let end =
                    memchr::memchr3(0x1b, 0x18, 0x1a, &bytes[i..]).map_or(bytes.len(), |p| i + p);
                let text = bytes[i..end].iter().filter(|b| **b >= 0x20);
                if !self.overflow {
                    name.extend(text);
                    if name.len() > LIMIT {
                        self.overflow = true;
                        name.clear();
                    }
                }
                i = end;
                start = end;
                if end < bytes.len() {
                    let name = self.name.take().unwrap_or_default();
                    let overflow = std::mem::take(&mut self.overflow);
                    done((!overflow).then(|| String::from_utf8(name).ok()).flatten());
                }
                continue;
            }
            // Every byte of the output goes through this search: memchr's vector search, not a
            // byte at a time (that was 7 % of the emulator's time in `emu_throughput`).
            match memchr::memmem::find(&bytes[i..], b"\x1bk") {
                None => i = bytes.len(),
                Some(p) => {
                    // The parser gets the ESC (it only starts an escape the string's end restarts).
                    pass(&bytes[start..i + p + 1]);
                    self.begin();
                    i += p + 2;
                    start = i;
                }
            }
        }
        if start < bytes.len() {
            pass(&bytes[start..]);
        }
        if let Some(last) = bytes.last() {
            self.after_esc = self.name.is_none() && start < bytes.len() && *last == 0x1b;
        }
    }

    fn begin(&mut self) {
        self.name = Some(Vec::new());
        self.overflow = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(f: &mut RenameFilter, input: &[u8]) -> (Vec<u8>, Vec<Option<String>>) {
        let (mut out, mut names) = (Vec::new(), Vec::new());
        f.filter(input, |b| out.extend_from_slice(b), |n| names.push(n));
        (out, names)
    }

    #[test]
    fn takes_the_name_out() {
        let mut f = RenameFilter::default();
        let (out, names) = run(&mut f, b"ab\x1bkvim\x1b\\cd");
        assert_eq!(out, b"ab\x1b\x1b\\cd");
        assert_eq!(names, vec![Some("vim".to_string())]);
    }

    #[test]
    fn split_across_reads() {
        let mut f = RenameFilter::default();
        let (out1, n1) = run(&mut f, b"x\x1b");
        let (out2, n2) = run(&mut f, b"kna");
        let (out3, n3) = run(&mut f, b"\x07me\x1b\\y");
        assert_eq!(out1, b"x\x1b");
        assert!(out2.is_empty() && n1.is_empty() && n2.is_empty());
        assert_eq!(out3, b"\x1b\\y");
        assert_eq!(n3, vec![Some("name".to_string())]);
    }

    #[test]
    fn empty_and_invalid_names() {
        let mut f = RenameFilter::default();
        let (_, names) = run(&mut f, b"\x1bk\x1b\\\x1bk\xff\x1b\\");
        assert_eq!(names, vec![Some(String::new()), None]);
    }

    #[test]
    fn other_escapes_pass() {
        let mut f = RenameFilter::default();
        let input = b"\x1b[1m\x1b]2;t\x07\x1bc";
        let (out, names) = run(&mut f, input);
        assert_eq!(out, input);
        assert!(names.is_empty());
    }

    /// The strings' rules a byte at a time: what the filter must do, however the output is cut.
    fn reference(input: &[u8]) -> (Vec<u8>, Vec<Option<String>>) {
        let (mut out, mut names) = (Vec::new(), Vec::new());
        let mut name: Option<Vec<u8>> = None;
        let mut after_esc = false;
        for &b in input {
            if let Some(n) = name.as_mut() {
                if !matches!(b, 0x1b | 0x18 | 0x1a) {
                    if b >= 0x20 {
                        n.push(b);
                    }
                    continue;
                }
                names.push(String::from_utf8(name.take().unwrap_or_default()).ok());
            }
            if after_esc && b == b'k' {
                name = Some(Vec::new());
                after_esc = false;
                continue;
            }
            out.push(b);
            after_esc = b == 0x1b;
        }
        (out, names)
    }

    #[test]
    fn any_output_cut_anywhere_is_filtered_as_a_byte_at_a_time() {
        let alphabet = [0x1b, b'k', b'\\', b'a', 0x18, 0x1a, 0x07, 0xc3, 0xa9];
        let mut next = crate::state_tests::rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..3000 {
            let len = (next() % 40) as usize;
            let input: Vec<u8> = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let want = reference(&input);
            let mut f = RenameFilter::default();
            assert_eq!(run(&mut f, &input), want, "{input:?} whole");
            for cut in 0..=input.len() {
                let mut f = RenameFilter::default();
                let (mut out, mut names) = run(&mut f, &input[..cut]);
                let (o, n) = run(&mut f, &input[cut..]);
                out.extend(o);
                names.extend(n);
                assert_eq!((out, names), want, "{input:?} cut at {cut}");
            }
        }
    }
}
