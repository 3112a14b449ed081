//! DOTA label files (`labelTxt/*.txt`), as `keylabel import` sniffs and reads them.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = keylabel::io::dota::is_dota_text(text);
        let (boxes, _) = keylabel::io::dota::parse_dota(Path::new("fuzz.txt"), text);
        // Each object as a task of turned boxes takes it, kept inside an image.
        let mut boxes = boxes;
        keylabel::core::rotation::turn_quadrilaterals(&mut boxes);
        for b in &boxes {
            let _ = keylabel::core::geometry::clamp_box(b, 640, 480);
            let _ = keylabel::io::dota::dota_line(b);
        }
    }
});
