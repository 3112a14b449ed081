//! Text items from CSV and TSV with a header line.
#![no_main]
use keylabel::io::records::CsvRecords;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    for delimiter in [b',', b'\t'] {
        let cursor = std::io::Cursor::new(data.to_vec());
        if let Ok(records) = CsvRecords::from_reader(Path::new("fuzz.csv"), cursor, delimiter) {
            records.for_each(drop);
        }
    }
});
