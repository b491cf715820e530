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
                let end = bytes[i..]
                    .iter()
                    .position(|b| matches!(b, 0x1b | 0x18 | 0x1a))
                    .map_or(bytes.len(), |p| i + p);
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
            match bytes[i..].iter().position(|b| *b == 0x1b) {
                None => i = bytes.len(),
                Some(p) if i + p + 1 < bytes.len() && bytes[i + p + 1] == b'k' => {
                    // The parser gets the ESC (it only starts an escape the string's end restarts).
                    pass(&bytes[start..i + p + 1]);
                    self.begin();
                    i += p + 2;
                    start = i;
                }
                Some(p) => i += p + 1,
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
}
