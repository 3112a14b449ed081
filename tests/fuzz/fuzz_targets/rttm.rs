//! RTTM files of speaker turns, as `keylabel import` reads them, each turn then cut in two
//! and joined again as the S and Shift+S keys do.
#![no_main]
use keylabel::core::{Segment, segments};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let (turns, _) = keylabel::io::rttm::parse_turns(Path::new("fuzz.rttm"), text);
        for t in turns {
            assert!(t.start_s.is_finite() && t.end_s.is_finite() && t.end_s >= t.start_s);
            let s = Segment {
                label: t.speaker,
                start_s: t.start_s,
                end_s: t.end_s,
                text: t.clip,
            };
            if let Some((a, b)) = segments::split(&s, (s.start_s + s.end_s) / 2.0) {
                let m = segments::merge(&a, &b);
                assert_eq!((m.start_s, m.end_s), (s.start_s, s.end_s));
            }
        }
    }
});
