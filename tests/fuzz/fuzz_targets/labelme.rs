//! labelme JSON, as `keylabel import` reads it.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let _ = keylabel::io::labelme::parse_labelme(Path::new("fuzz.json"), data);
});
