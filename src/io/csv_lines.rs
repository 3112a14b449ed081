//! What spreadsheet programs on Windows write, made readable for the csv crate with its
//! lines counted right: CRLF line ends, and `;` between fields where the decimal comma is
//! the custom (Excel in much of Europe).

use std::io::{self, Read};

/// Passes bytes through, turning each CRLF outside quotes (a record's end) into LF. The
/// csv crate counts the line of a record after a CRLF one short (rust-csv issue 395), so
/// every problem in a Windows file named the line above it. A CRLF inside a quoted field is
/// the field's text and is kept: quotes are followed as the csv crate reads them (one opens
/// a field only at its start; `""` inside is a quote), so a stray `12" pizza` cannot turn
/// the quoting around.
pub struct RecordEndsAsLf<R> {
    inner: R,
    delimiter: u8,
    buf: Box<[u8]>,
    start: usize,
    end: usize,
    state: Quoting,
    cr_held: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Quoting {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: the field's end, or the first of `""`.
    QuoteInQuoted,
}

impl<R: Read> RecordEndsAsLf<R> {
    pub fn new(inner: R, delimiter: u8) -> Self {
        RecordEndsAsLf {
            inner,
            delimiter,
            buf: vec![0; 64 * 1024].into_boxed_slice(),
            start: 0,
            end: 0,
            state: Quoting::FieldStart,
            cr_held: false,
        }
    }

    /// The quoting after byte `b`.
    fn step(&self, b: u8) -> Quoting {
        use Quoting::*;
        match (self.state, b) {
            (Quoted, b'"') => QuoteInQuoted,
            (Quoted, _) => Quoted,
            (FieldStart, b'"') | (QuoteInQuoted, b'"') => Quoted,
            (_, b'\n') => FieldStart,
            (_, d) if d == self.delimiter => FieldStart,
            _ => Unquoted,
        }
    }
}

impl<R: Read> Read for RecordEndsAsLf<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        loop {
            let mut n = 0;
            while n < out.len() && self.start < self.end {
                let b = self.buf[self.start];
                if self.cr_held {
                    // A CR outside quotes waits to see whether LF follows it.
                    self.cr_held = false;
                    if b != b'\n' {
                        out[n] = b'\r';
                        n += 1;
                        self.state = Quoting::FieldStart; // a lone CR ends a record too
                        continue; // `b` is looked at again
                    }
                }
                self.start += 1;
                if b == b'\r' && self.state != Quoting::Quoted {
                    self.cr_held = true;
                    continue;
                }
                self.state = self.step(b);
                out[n] = b;
                n += 1;
            }
            if n > 0 {
                return Ok(n);
            }
            self.start = 0;
            self.end = self.inner.read(&mut self.buf)?;
            if self.end == 0 {
                if std::mem::take(&mut self.cr_held) {
                    out[0] = b'\r';
                    return Ok(1);
                }
                return Ok(0);
            }
        }
    }
}

/// The field separator of a `.csv` file by its header line: `;` when the header has
/// semicolons and no commas outside quotes (Excel's CSV where the decimal mark is a comma),
/// else `,`.
pub fn csv_delimiter(header: &[u8]) -> u8 {
    let (mut commas, mut semicolons, mut in_quotes) = (0, 0, false);
    for &b in header {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' | b'\r' if !in_quotes => break,
            b',' if !in_quotes => commas += 1,
            b';' if !in_quotes => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > 0 && commas == 0 {
        b';'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads all of `bytes` through the adapter, `chunk` bytes at a time from below.
    fn through(bytes: &[u8], chunk: usize) -> Vec<u8> {
        struct Trickle<'a>(&'a [u8], usize);
        impl Read for Trickle<'_> {
            fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
                let n = self.0.len().min(self.1).min(out.len());
                out[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut v = Vec::new();
        RecordEndsAsLf::new(Trickle(bytes, chunk), b',')
            .read_to_end(&mut v)
            .unwrap();
        v
    }

    #[test]
    fn record_ends_become_lf_and_quoted_text_is_kept() {
        let input = b"id,text\r\n1,\"two\r\nlines, \"\"quoted\"\"\"\r\n2,old mac\rend\r";
        let want = b"id,text\n1,\"two\r\nlines, \"\"quoted\"\"\"\n2,old mac\rend\r";
        for chunk in [1, 2, 3, 7, 1000] {
            assert_eq!(through(input, chunk), want.to_vec(), "chunk {chunk}");
        }
        assert_eq!(through(b"a\nb\n", 1), b"a\nb\n".to_vec());
        // A quote inside an unquoted field is a character; the quoting is not turned.
        let stray = b"12\" pizza,x\r\n\"two\r\nlines\",y\r\n";
        let want = b"12\" pizza,x\n\"two\r\nlines\",y\n";
        assert_eq!(through(stray, 1), want.to_vec());
    }

    #[test]
    fn semicolons_are_taken_only_where_no_comma_separates() {
        assert_eq!(csv_delimiter(b"text;label\r\n1,5;x"), b';');
        assert_eq!(csv_delimiter(b"text,label;x\n"), b',');
        assert_eq!(csv_delimiter(b"\"a;b\",c\n"), b',');
        assert_eq!(csv_delimiter(b"\"a,b\";c\n"), b';');
        assert_eq!(csv_delimiter(b"text\n"), b',');
    }
}
