//! YOLO `data.yaml` class names and label lines, as `keylabel import` reads them.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = keylabel::io::yolo_labels::read_names(Path::new("data.yaml"), &text);
    let (boxes, _) = keylabel::io::yolo_labels::parse_label_file(Path::new("a.txt"), &text);
    for b in boxes {
        let _ = b.to_pixels(640, 480);
    }
    // As a pose dataset of 17 points reads the same text.
    let _ = keylabel::io::yolo_labels::read_kpt_shape(Path::new("data.yaml"), &text);
    let shape = keylabel::io::yolo_labels::KptShape { count: 17, dims: 3 };
    let (poses, _) =
        keylabel::io::yolo_labels::parse_labels(Path::new("a.txt"), &text, Some(shape));
    for b in poses {
        let _ = b.keypoint_pixels(640, 480);
    }
});
