//! The REPL's line editor: one console byte at a time, VT100 echo, history,
//! emacs keys, word moves, auto-indent and smart backspace.
//!
//! The editor edits the tail of a buffer that may already hold earlier lines
//! of the same statement (`start` marks where the current line begins), so
//! auto-indent can look at the line above. The screen is redrawn the way a
//! serial terminal wants it: step the cursor back, rewrite from the cursor,
//! erase what is left, step forward again.

use alloc::string::String;
use alloc::vec::Vec;

/// How many lines the history keeps (newest first).
pub const HISTORY_LEN: usize = 8;

pub const CTRL_A: u8 = 1;
pub const CTRL_B: u8 = 2;
pub const CTRL_C: u8 = 3;
pub const CTRL_D: u8 = 4;
pub const CTRL_E: u8 = 5;
const ESC: u8 = 27;

/// What the editor keeps from line to line: the lines entered (newest
/// first), the newline byte seen last (so `\r\n` is one Enter even across
/// lines) and whether auto-indent is on for the statement being entered.
#[derive(Default)]
pub struct History {
    lines: Vec<String>,
    last_nl: u8,
    indent_on: bool,
}

impl History {
    /// Records a line unless it is empty or repeats the newest entry.
    pub fn push(&mut self, line: &str) {
        if line.is_empty() || self.lines.first().is_some_and(|l| l == line) {
            return;
        }
        if self.lines.len() == HISTORY_LEN {
            self.lines.pop();
        }
        self.lines.insert(0, String::from(line));
    }
}

/// What finished a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Done {
    /// Enter: the line is complete (and was echoed as a newline).
    Line,
    /// A control key that ends editing: Ctrl-C always; Ctrl-A/B/D/E only on an
    /// empty line (elsewhere they edit).
    Ctrl(u8),
}

/// What Tab completion did.
pub enum Completion {
    /// Nothing to add.
    None,
    /// Insert these characters at the cursor.
    Insert(String),
    /// Several candidates were printed (after a newline); redraw the prompt and line.
    Listed,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Esc {
    None,
    Started,
    Bracket,
    BracketDigit(u8),
    O,
}

/// The state of one line being edited.
pub struct Editor<'p> {
    /// Where the line being edited starts in the buffer.
    start: usize,
    cursor: usize,
    esc: Esc,
    /// The current line's indent was just inserted automatically.
    indent_fresh: bool,
    /// -1: editing a new line; otherwise the history entry shown.
    hist_cur: isize,
    pub prompt: &'p str,
}

impl<'p> Editor<'p> {
    /// Starts a line after `buf`'s current contents and writes the prompt (plus
    /// any auto-indent) to `out`. `auto_indent` (for the REPL, not `input()`)
    /// takes effect at the start of a statement, when `buf` is empty; typing
    /// one's own indentation turns it off until the statement ends.
    pub fn new(
        buf: &mut Vec<u8>,
        prompt: &'p str,
        auto_indent: bool,
        hist: &mut History,
        out: &mut Vec<u8>,
    ) -> Self {
        if buf.is_empty() {
            hist.indent_on = auto_indent;
        }
        let mut e = Editor {
            start: buf.len(),
            cursor: buf.len(),
            esc: Esc::None,
            indent_fresh: false,
            hist_cur: -1,
            prompt,
        };
        out.extend_from_slice(prompt.as_bytes());
        if hist.indent_on {
            e.auto_indent(buf, out);
        }
        e
    }

    /// The current line's text.
    pub fn line<'b>(&self, buf: &'b [u8]) -> &'b [u8] {
        &buf[self.start..]
    }

    /// Indents a continuation line like the one above it, one level deeper
    /// after a `:`, and not at all after two blank (all-space) lines.
    fn auto_indent(&mut self, buf: &mut Vec<u8>, out: &mut Vec<u8>) {
        if buf.len() < 2 || buf[buf.len() - 1] != b'\n' {
            return;
        }
        let end = buf.len() - 1; // the newline ending the line above
        let begin = buf[..end]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let spaces = buf[begin..end].iter().take_while(|&&b| b == b' ').count();
        if begin > 0 && begin + spaces == end {
            // The line above is blank; if the one before is blank too, stop indenting.
            let prev_end = begin - 1;
            let prev_begin = buf[..prev_end]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let prev_blank = buf[prev_begin..prev_end].iter().all(|&b| b == b' ');
            if prev_begin > 0 && prev_blank {
                return;
            }
        }
        let mut levels = spaces / 4;
        if end > 0 && buf[end - 1] == b':' {
            levels += 1;
        }
        for _ in 0..levels {
            buf.extend_from_slice(b"    ");
            out.extend_from_slice(b"    ");
            self.cursor += 4;
            self.indent_fresh = true;
        }
    }

    fn is_word(b: u8) -> bool {
        b.is_ascii_alphanumeric() || b >= 0x80
    }

    /// How far the cursor travels to the next word boundary in one direction.
    fn word_span(&self, buf: &[u8], forward: bool) -> usize {
        let mut pos = self.cursor;
        let mut in_word = false;
        loop {
            if (!forward && pos == self.start) || (forward && pos == buf.len()) {
                break;
            }
            let b = if forward { buf[pos] } else { buf[pos - 1] };
            if Self::is_word(b) {
                in_word = true;
            } else if in_word {
                break;
            }
            if forward {
                pos += 1;
            } else {
                pos -= 1;
            }
        }
        pos.abs_diff(self.cursor)
    }

    /// Processes one console byte. Returns Some when editing is over.
    pub fn feed(
        &mut self,
        c: u8,
        buf: &mut Vec<u8>,
        hist: &mut History,
        out: &mut Vec<u8>,
        complete: &mut dyn FnMut(&[u8], &mut Vec<u8>) -> Completion,
    ) -> Option<Done> {
        let old_len = buf.len();
        let mut back = 0usize;
        let mut redraw = false;
        let mut forward = 0usize;
        let at_start = buf.len() == self.start;
        // Key actions shared by control keys and escape sequences.
        #[derive(PartialEq)]
        enum K {
            None,
            Home,
            End,
            Left,
            Right,
            Up,
            Down,
            Delete,
            WordBack,
            WordForward,
            KillWordBack,
        }
        let mut key = K::None;
        match self.esc {
            Esc::None => {
                // A key that ends editing also ends any `\r\n` pair: a newline
                // after it (even from a later line) is an Enter of its own.
                if ((CTRL_A..=CTRL_E).contains(&c) && at_start) || c == CTRL_C {
                    hist.last_nl = 0;
                    return Some(Done::Ctrl(c));
                }
                match c {
                    CTRL_A => key = K::Home,
                    CTRL_B => key = K::Left,
                    CTRL_D => key = K::Delete,
                    CTRL_E => key = K::End,
                    6 => key = K::Right,
                    11 => {
                        // Ctrl-K: cut to the end of the line.
                        buf.truncate(self.cursor);
                        redraw = true;
                    }
                    14 => key = K::Down,
                    16 => key = K::Up,
                    21 => {
                        // Ctrl-U: cut to the start of the line.
                        back = self.cursor - self.start;
                        buf.drain(self.start..self.cursor);
                        redraw = true;
                    }
                    23 => key = K::KillWordBack,
                    b'\r' | b'\n' if hist.last_nl == 0 || hist.last_nl == c => {
                        hist.last_nl = c;
                        out.extend_from_slice(b"\r\n");
                        if let Ok(s) = core::str::from_utf8(&buf[self.start..]) {
                            hist.push(s);
                        }
                        return Some(Done::Line);
                    }
                    ESC => self.esc = Esc::Started,
                    8 | 127 if self.cursor > self.start => {
                        // Smart backspace: a run of 4+ leading spaces goes 4 at a time.
                        let lead = &buf[self.start..self.cursor];
                        let n = if lead.len() >= 4 && lead.iter().all(|&b| b == b' ') {
                            4
                        } else {
                            1
                        };
                        buf.drain(self.cursor - n..self.cursor);
                        back = n;
                        redraw = true;
                    }
                    b'\t' | b' ' if self.indent_fresh => {
                        // Typing indentation right after an auto-indent replaces it
                        // (Tab keeps it as is).
                        self.indent_fresh = false;
                        hist.indent_on = false;
                        if c == b' ' {
                            back = 3;
                            buf.truncate(buf.len() - 3);
                        }
                    }
                    b'\t' => {
                        // After whitespace (or at the start of a continuation
                        // line) Tab indents; elsewhere it completes.
                        let comp = if self.cursor > 0 && buf[self.cursor - 1].is_ascii_whitespace()
                        {
                            Completion::Insert(String::from("    "))
                        } else {
                            let line = buf[self.start..self.cursor].to_vec();
                            complete(&line, out)
                        };
                        match comp {
                            Completion::None => {}
                            Completion::Listed => {
                                out.extend_from_slice(self.prompt.as_bytes());
                                out.extend_from_slice(&buf[self.start..self.cursor]);
                                redraw = true;
                            }
                            Completion::Insert(s) => {
                                let at = self.cursor;
                                buf.splice(at..at, s.bytes());
                                redraw = true;
                                forward = s.len();
                            }
                        }
                    }
                    // A character without room in the heap for it (on a
                    // board the line shares it) is not taken.
                    32..=126 if buf.try_reserve(1).is_ok() => {
                        buf.insert(self.cursor, c);
                        redraw = true;
                        forward = 1;
                    }
                    _ => {}
                }
                hist.last_nl = 0;
            }
            Esc::Started => {
                self.esc = Esc::None;
                match c {
                    b'[' => self.esc = Esc::Bracket,
                    b'O' => self.esc = Esc::O,
                    b'b' => key = K::WordBack,
                    b'f' => key = K::WordForward,
                    b'd' => {
                        let n = self.word_span(buf, true);
                        buf.drain(self.cursor..self.cursor + n);
                        redraw = true;
                    }
                    127 => key = K::KillWordBack,
                    _ => {}
                }
            }
            Esc::Bracket => {
                self.esc = Esc::None;
                match c {
                    b'0'..=b'9' => self.esc = Esc::BracketDigit(c),
                    b'A' => key = K::Up,
                    b'B' => key = K::Down,
                    b'C' => key = K::Right,
                    b'D' => key = K::Left,
                    b'H' => key = K::Home,
                    b'F' => key = K::End,
                    _ => {}
                }
            }
            Esc::BracketDigit(d) => {
                self.esc = Esc::None;
                match (d, c) {
                    (b'1' | b'7', b'~') => key = K::Home,
                    (b'4' | b'8', b'~') => key = K::End,
                    (b'3', b'~') => key = K::Delete,
                    // `ESC [ 1 ;` introduces a modifier (Ctrl-arrows): read on.
                    (b'1', b';') => self.esc = Esc::Bracket,
                    (b'5', b'C') => key = K::WordForward,
                    (b'5', b'D') => key = K::WordBack,
                    _ => {}
                }
            }
            Esc::O => {
                self.esc = Esc::None;
                match c {
                    b'H' => key = K::Home,
                    b'F' => key = K::End,
                    _ => {}
                }
            }
        }
        match key {
            K::None => {}
            K::Home => back = self.cursor - self.start,
            K::End => forward = buf.len() - self.cursor,
            K::Left => {
                if self.cursor > self.start {
                    back = 1;
                }
            }
            K::Right => {
                if self.cursor < buf.len() {
                    forward = 1;
                }
            }
            K::Delete => {
                if self.cursor < buf.len() {
                    buf.remove(self.cursor);
                    redraw = true;
                }
            }
            K::WordBack => back = self.word_span(buf, false),
            K::WordForward => forward = self.word_span(buf, true),
            K::KillWordBack => {
                back = self.word_span(buf, false);
                buf.drain(self.cursor - back..self.cursor);
                redraw = true;
            }
            K::Up => {
                let next = (self.hist_cur + 1) as usize;
                if let Some(h) = hist.lines.get(next) {
                    self.hist_cur += 1;
                    buf.truncate(self.start);
                    buf.extend_from_slice(h.as_bytes());
                    back = self.cursor - self.start;
                    redraw = true;
                    forward = buf.len() - self.start;
                }
            }
            K::Down => {
                if self.hist_cur >= 0 {
                    self.hist_cur -= 1;
                    buf.truncate(self.start);
                    if self.hist_cur >= 0 {
                        buf.extend_from_slice(hist.lines[self.hist_cur as usize].as_bytes());
                    }
                    back = self.cursor - self.start;
                    redraw = true;
                    forward = buf.len() - self.start;
                }
            }
        }
        self.redraw(buf, old_len, back, redraw, forward, out);
        None
    }

    /// Moves the cursor back `back`, rewrites the line from the cursor when
    /// `redraw` (erasing leftovers if it shrank), then advances `forward`.
    fn redraw(
        &mut self,
        buf: &[u8],
        old_len: usize,
        back: usize,
        redraw: bool,
        forward: usize,
        out: &mut Vec<u8>,
    ) {
        if back > 0 {
            cursor_back(out, back);
            self.cursor -= back;
        }
        if redraw {
            if buf.len() < old_len {
                out.extend_from_slice(b"\x1b[K");
            }
            out.extend_from_slice(&buf[self.cursor..]);
            cursor_back(out, buf.len() - (self.cursor + forward));
            self.cursor += forward;
        } else if forward > 0 {
            out.extend_from_slice(&buf[self.cursor..self.cursor + forward]);
            self.cursor += forward;
        }
        self.indent_fresh = false;
    }
}

/// Moves the terminal cursor `n` columns left: backspaces for a few, else `ESC [ n D`.
fn cursor_back(out: &mut Vec<u8>, n: usize) {
    if n == 0 {
        return;
    }
    if n <= 4 {
        out.extend(core::iter::repeat_n(8u8, n));
    } else {
        out.extend_from_slice(b"\x1b[");
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        let mut v = n;
        while v > 0 {
            i -= 1;
            digits[i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
        out.extend_from_slice(&digits[i..]);
        out.push(b'D');
    }
}
