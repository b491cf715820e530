//! A virtual cursor over the backing grid (tmux's grid-reader.c): the word, line and character
//! motions of copy mode, aware of wrapped lines and wide characters.

use super::grid::Grid;

/// tmux's WHITESPACE.
pub const WHITESPACE: &str = " ";

pub struct Reader<'a> {
    pub gd: &'a Grid,
    pub cx: usize,
    pub cy: usize,
}

impl<'a> Reader<'a> {
    pub fn new(gd: &'a Grid, cx: usize, cy: usize) -> Reader<'a> {
        Reader { gd, cx, cy }
    }

    fn last_line(&self) -> usize {
        self.gd.total().saturating_sub(1)
    }

    pub fn line_length(&self) -> usize {
        self.gd.line_length(self.cy)
    }

    pub fn cursor_right(&mut self, wrap: bool, all: bool) {
        let px = if all { self.gd.sx } else { self.line_length() };
        if wrap && self.cx >= px && self.cy < self.last_line() {
            self.cursor_start_of_line(false);
            self.cursor_down();
        } else if self.cx < px {
            self.cx += 1;
            while self.cx < px && self.gd.is_padding(self.cx, self.cy) {
                self.cx += 1;
            }
        }
    }

    pub fn cursor_left(&mut self, wrap: bool) {
        while self.cx > 0 && self.gd.is_padding(self.cx, self.cy) {
            self.cx -= 1;
        }
        if self.cx == 0 && self.cy > 0 && (wrap || self.gd.wrapped(self.cy - 1)) {
            self.cursor_up();
            self.cursor_end_of_line(false, false);
        } else if self.cx > 0 {
            self.cx -= 1;
        }
    }

    pub fn cursor_down(&mut self) {
        if self.cy < self.last_line() {
            self.cy += 1;
        }
        while self.cx > 0 && self.gd.is_padding(self.cx, self.cy) {
            self.cx -= 1;
        }
    }

    pub fn cursor_up(&mut self) {
        if self.cy > 0 {
            self.cy -= 1;
        }
        while self.cx > 0 && self.gd.is_padding(self.cx, self.cy) {
            self.cx -= 1;
        }
    }

    pub fn cursor_start_of_line(&mut self, wrap: bool) {
        if wrap {
            while self.cy > 0 && self.gd.wrapped(self.cy - 1) {
                self.cy -= 1;
            }
        }
        self.cx = 0;
    }

    pub fn cursor_end_of_line(&mut self, wrap: bool, all: bool) {
        if wrap {
            let yy = self.last_line();
            while self.cy < yy && self.gd.wrapped(self.cy) {
                self.cy += 1;
            }
        }
        self.cx = if all { self.gd.sx } else { self.line_length() };
    }

    /// Keeps the cursor within the line's bounds, moving to the next line as needed; false when it
    /// would go past the bottom.
    fn handle_wrap(&mut self, xx: &mut usize, yy: usize) -> bool {
        while self.cx > *xx {
            if self.cy == yy {
                return false;
            }
            self.cursor_start_of_line(false);
            self.cursor_down();
            *xx = if self.gd.wrapped(self.cy) {
                self.gd.sx - 1
            } else {
                self.line_length()
            };
        }
        true
    }

    pub fn in_set(&self, set: &str) -> bool {
        self.gd.in_set(self.cx, self.cy, set)
    }

    fn bounds(&self) -> (usize, usize) {
        let xx = if self.gd.wrapped(self.cy) {
            self.gd.sx - 1
        } else {
            self.line_length()
        };
        (xx, self.last_line())
    }

    pub fn cursor_next_word(&mut self, separators: &str) {
        let (mut xx, yy) = self.bounds();
        if !self.handle_wrap(&mut xx, yy) {
            return;
        }
        if !self.in_set(WHITESPACE) {
            if self.in_set(separators) {
                loop {
                    self.cx += 1;
                    if !(self.handle_wrap(&mut xx, yy)
                        && self.in_set(separators)
                        && !self.in_set(WHITESPACE))
                    {
                        break;
                    }
                }
            } else {
                loop {
                    self.cx += 1;
                    if !(self.handle_wrap(&mut xx, yy)
                        && !(self.in_set(separators) || self.in_set(WHITESPACE)))
                    {
                        break;
                    }
                }
            }
        }
        while self.handle_wrap(&mut xx, yy) && self.in_set(WHITESPACE) {
            self.cx += 1;
        }
    }

    pub fn cursor_next_word_end(&mut self, separators: &str) {
        let (mut xx, yy) = self.bounds();
        while self.handle_wrap(&mut xx, yy) {
            if self.in_set(WHITESPACE) {
                self.cx += 1;
            } else if self.in_set(separators) {
                loop {
                    self.cx += 1;
                    if !(self.handle_wrap(&mut xx, yy)
                        && self.in_set(separators)
                        && !self.in_set(WHITESPACE))
                    {
                        break;
                    }
                }
                return;
            } else {
                loop {
                    self.cx += 1;
                    if !(self.handle_wrap(&mut xx, yy)
                        && !(self.in_set(WHITESPACE) || self.in_set(separators)))
                    {
                        break;
                    }
                }
                return;
            }
        }
    }

    pub fn cursor_previous_word(&mut self, separators: &str, already: bool, stop_at_eol: bool) {
        let word_is_letters;
        if already || self.in_set(WHITESPACE) {
            loop {
                if self.cx > 0 {
                    self.cx -= 1;
                    if !self.in_set(WHITESPACE) {
                        word_is_letters = !self.in_set(separators);
                        break;
                    }
                } else {
                    if self.cy == 0 {
                        return;
                    }
                    self.cursor_up();
                    self.cursor_end_of_line(false, false);
                    // Stop at a space ending the line.
                    if stop_at_eol && self.cx > 0 {
                        let oldx = self.cx;
                        self.cx -= 1;
                        let at_eol = self.in_set(WHITESPACE);
                        self.cx = oldx;
                        if at_eol {
                            word_is_letters = false;
                            break;
                        }
                    }
                }
            }
        } else {
            word_is_letters = !self.in_set(separators);
        }
        // Back to the start of this word.
        let (mut oldx, mut oldy);
        loop {
            oldx = self.cx;
            oldy = self.cy;
            if self.cx == 0 {
                if self.cy == 0 || !self.gd.wrapped(self.cy - 1) {
                    break;
                }
                self.cursor_up();
                self.cursor_end_of_line(false, true);
            }
            if self.cx > 0 {
                self.cx -= 1;
            }
            if self.in_set(WHITESPACE) || word_is_letters == self.in_set(separators) {
                break;
            }
        }
        self.cx = oldx;
        self.cy = oldy;
    }

    fn matches(&self, x: usize, y: usize, jc: &str) -> bool {
        if self.gd.is_padding(x, y) {
            return false;
        }
        let mut s = String::new();
        self.gd.text(x, y, &mut s);
        s == jc
    }

    /// Forward to the next `jc`, on this line or the lines it wraps onto.
    pub fn cursor_jump(&mut self, jc: &str) -> bool {
        let mut px = self.cx;
        let yy = self.last_line();
        let mut py = self.cy;
        while py <= yy {
            let xx = self.gd.line_length(py);
            while px < xx {
                if self.matches(px, py, jc) {
                    self.cx = px;
                    self.cy = py;
                    return true;
                }
                px += 1;
            }
            if py == yy || !self.gd.wrapped(py) {
                return false;
            }
            px = 0;
            py += 1;
        }
        false
    }

    /// Back to the previous `jc`, on this line or the lines that wrap onto it.
    pub fn cursor_jump_back(&mut self, jc: &str) -> bool {
        let mut xx = self.cx + 1;
        let mut py = self.cy + 1;
        while py > 0 {
            let mut px = xx;
            while px > 0 {
                if self.matches(px - 1, py - 1, jc) {
                    self.cx = px - 1;
                    self.cy = py - 1;
                    return true;
                }
                px -= 1;
            }
            if py == 1 || !self.gd.wrapped(py - 2) {
                return false;
            }
            xx = self.gd.line_length(py - 2);
            py -= 1;
        }
        false
    }

    /// To the first character of the line that is not a space.
    pub fn cursor_back_to_indentation(&mut self) {
        let yy = self.last_line();
        let (oldx, oldy) = (self.cx, self.cy);
        self.cursor_start_of_line(true);
        let mut py = self.cy;
        while py <= yy {
            let xx = self.gd.line_length(py);
            for px in 0..xx {
                let mut s = String::new();
                self.gd.text(px, py, &mut s);
                if s != " " {
                    self.cx = px;
                    self.cy = py;
                    return;
                }
            }
            if !self.gd.wrapped(py) {
                break;
            }
            py += 1;
        }
        self.cx = oldx;
        self.cy = oldy;
    }
}
