//! RTTM (Rich Transcription Time Marked) in: a speaker diarization or voice activity
//! model's turns, `SPEAKER <clip> <channel> <onset> <duration> <NA> <NA> <speaker> <NA>
//! <NA>` a line, as pyannote and NIST's tools write them.

use super::{IoError, Problem};
use std::path::Path;

/// One `SPEAKER` line: who (or what) sounds in which clip, when.
#[derive(Debug, Clone, PartialEq)]
pub struct Turn {
    /// 1-based line of the file.
    pub line: u64,
    /// The clip, as the file names it (a path or a stem).
    pub clip: String,
    pub start_s: f64,
    pub end_s: f64,
    pub speaker: String,
}

/// The `SPEAKER` lines of an RTTM file; a line that cannot be read is a problem named by its
/// line, the others come in. Other line types (`SPKR-INFO`, `LEXEME`…) and `;;` comments are
/// passed over.
pub fn read_turns(path: &Path) -> Result<(Vec<Turn>, Vec<Problem>), IoError> {
    let text = super::yolo_labels::read_small(path, 256 << 20)
        .map_err(|why| IoError::invalid(path, why))?;
    Ok(parse_turns(path, &text))
}

/// [`read_turns`] of the text of the file at `path` (named in the problems).
pub fn parse_turns(path: &Path, text: &str) -> (Vec<Turn>, Vec<Problem>) {
    let mut turns = Vec::new();
    let mut problems = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i as u64 + 1;
        let fields: Vec<&str> = raw.split_whitespace().collect();
        if fields.first() != Some(&"SPEAKER") {
            continue;
        }
        match parse(&fields) {
            Ok((clip, start_s, length, speaker)) => turns.push(Turn {
                line,
                clip: clip.to_string(),
                start_s,
                end_s: start_s + length,
                speaker: speaker.to_string(),
            }),
            Err(why) => problems.push(Problem::new(path, Some(line), why)),
        }
    }
    (turns, problems)
}

fn parse<'a>(f: &[&'a str]) -> Result<(&'a str, f64, f64, &'a str), String> {
    if f.len() < 8 {
        return Err(format!(
            "a SPEAKER line has 10 fields (SPEAKER clip channel onset duration <NA> <NA> \
             speaker <NA> <NA>); this one has {}",
            f.len()
        ));
    }
    let seconds = |s: &str, what: &str| -> Result<f64, String> {
        match s.parse::<f64>() {
            Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
            _ => Err(format!(
                "the {what} should be seconds (0 or more), not '{s}'"
            )),
        }
    };
    let (onset, length) = (seconds(f[3], "onset")?, seconds(f[4], "duration")?);
    if !(onset + length).is_finite() {
        return Err(format!(
            "a turn from {onset} s for {length} s ends past any clip"
        ));
    }
    Ok((f[1], onset, length, f[7]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speaker_lines_are_read_and_a_bad_one_named_by_its_line() {
        let d = tempfile::tempdir().unwrap();
        let f = d.path().join("diar.rttm");
        std::fs::write(
            &f,
            ";; made by a diarizer\n\
             SPEAKER meeting_1 1 0.50 2.25 <NA> <NA> SPEAKER_00 <NA> <NA>\n\
             SPKR-INFO meeting_1 1 <NA> <NA> <NA> unknown SPEAKER_00 <NA> <NA>\n\
             SPEAKER meeting_1 1 soon 1.0 <NA> <NA> SPEAKER_01 <NA> <NA>\n\
             SPEAKER meeting_1 1 3.0\n\
             SPEAKER meeting_1 1 1e308 1e308 <NA> <NA> SPEAKER_00 <NA> <NA>\n",
        )
        .unwrap();
        let (turns, problems) = read_turns(&f).unwrap();
        assert_eq!(turns.len(), 1);
        assert_eq!((turns[0].line, turns[0].end_s), (2, 2.75));
        assert_eq!(turns[0].speaker, "SPEAKER_00");
        let lines: Vec<_> = problems.iter().map(|p| p.line).collect();
        assert_eq!(
            lines,
            [Some(4), Some(5), Some(6)],
            "a turn ending past any number too"
        );
        assert!(
            problems[0].message.contains("'soon'"),
            "{}",
            problems[0].message
        );
    }
}
