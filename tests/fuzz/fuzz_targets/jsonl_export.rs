//! Keylabel's own JSONL export, read back by `keylabel import`.
#![no_main]
use keylabel::io::jsonl::export_rows;
use keylabel::io::records::JsonlRecords;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.jsonl");
    let cursor = std::io::Cursor::new(data.to_vec());
    export_rows(path, JsonlRecords::from_reader(path, cursor)).for_each(drop);
});
