//! Audio manifests: NeMo JSONL and Common Voice TSV lines, resolved against a real folder
//! holding one clip (so found, missing and absolute paths are all reached); each field read
//! as a model's segments would be (`prefill`), with what the model doubted.
#![no_main]
use keylabel::core::config::Label;
use keylabel::core::segments;
use keylabel::io::manifest::{audio_field, manifest_item};
use keylabel::io::records::{CsvRecords, JsonlRecords};
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

fn folder() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("keylabel-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("clips")).expect("temp folder");
        let tone: Vec<f32> = (0..800).map(|i| (i as f32 * 0.1).sin() * 0.5).collect();
        keylabel::io::audio::write_wav(&dir.join("a.wav"), 8000, &tone).expect("clip");
        keylabel::io::audio::write_wav(&dir.join("clips/b.wav"), 8000, &tone).expect("clip");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let dir = folder();
    let jsonl = dir.join("manifest.jsonl");
    let mut lines = JsonlRecords::from_reader(&jsonl, std::io::Cursor::new(data.to_vec()));
    let labels = [Label::named("speech"), Label::named("noise")];
    while let Some(line) = lines.next_object() {
        let Ok((_, record)) = line else { continue };
        for value in record.values() {
            let offered = segments::suggested(value, &labels, Some(30.0));
            let doubted = segments::unsure(value, &labels, Some(30.0));
            assert!(doubted.len() <= offered.len());
            assert_eq!(
                segments::unsure_marks(&offered, &doubted).len(),
                offered.len()
            );
        }
        if audio_field(&record).is_some() {
            let _ = manifest_item(&jsonl, "audio", record);
        }
    }
    let tsv = dir.join("validated.tsv");
    let cursor = std::io::Cursor::new(data.to_vec());
    if let Ok(records) = CsvRecords::from_reader(&tsv, cursor, b'\t') {
        for (_, record) in records.filter_map(|r| r.ok()) {
            if audio_field(&record).is_some() {
                let _ = manifest_item(&tsv, "audio", record);
            }
        }
    }
});
