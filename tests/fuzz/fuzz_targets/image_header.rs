//! Image sizes from headers: our own JPEG/EXIF walk, the image crate's for the rest.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::io::{BufReader, Cursor};

fuzz_target!(|data: &[u8]| {
    let size = keylabel::io::header::read_size(BufReader::new(Cursor::new(data)));
    if let Ok((w, h)) = size {
        assert!(w > 0 && h > 0);
    }
});
