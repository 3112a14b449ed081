//! Pascal VOC XML (LabelImg's), as `keylabel import` reads it.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = keylabel::io::voc::parse_voc(Path::new("fuzz.xml"), text);
    }
});
