//! Text items from JSONL, line by line.
#![no_main]
use keylabel::io::records::JsonlRecords;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let lines = data.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let cursor = std::io::Cursor::new(data.to_vec());
    for r in JsonlRecords::from_reader(Path::new("fuzz.jsonl"), cursor) {
        match r {
            // Every problem points at a line that exists.
            Err(p) => assert!(p.line.is_some_and(|l| (1..=lines).contains(&l)), "{p}"),
            // Any field may be read as a conversation (shown as one, written in one form).
            Ok(item) => {
                for v in item.data.values() {
                    if let Some(turns) = keylabel::core::conversation::turns(v) {
                        assert!(!turns.is_empty());
                    }
                    let _ = keylabel::core::conversation::text_to_correct(v);
                }
            }
        }
    }
});
