//! A command's standard output: text, and bytes as they are (`show-buffer` and `save-buffer -` write a
//! buffer unchanged, whatever it holds).

#[derive(Debug, Default)]
pub struct Output(Vec<u8>);

impl Output {
    pub fn push_str(&mut self, s: &str) {
        self.0.extend_from_slice(s.as_bytes());
    }

    pub fn push(&mut self, c: char) {
        self.push_str(c.encode_utf8(&mut [0; 4]));
    }

    pub fn push_bytes(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }

    #[allow(dead_code)] // for commands that print only when nothing came before
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Ends the last line, if the output so far does not end with one.
    pub fn end_line(&mut self) {
        if self.0.last().is_some_and(|b| *b != b'\n') {
            self.0.push(b'\n');
        }
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Takes what was written from `at` on.
    pub fn split_off(&mut self, at: usize) -> Vec<u8> {
        self.0.split_off(at.min(self.0.len()))
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }
}

impl std::fmt::Write for Output {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.push_str(s);
        Ok(())
    }
}
