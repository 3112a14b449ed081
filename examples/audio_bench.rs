//! Speed of transcription by segment, on data this program generates.
//! `cargo run --release --example audio_bench [-- --small]`
//!
//! A manifest of 100k clips of 30 s (the files are not made: the manifest says how long each
//! is), each cut into 8 phrases with their words by two annotators who hear one word apart.
//! Prints: init from the manifest; storing the answers; JSONL, CSV and NeMo (a line per
//! segment) exports; the statistics with agreement on the words; the item list's search for
//! a word said.

use keylabel::core::timing::Clock;
use keylabel::core::{Annotation, ItemFilter, Segment, Status, SystemClock};
use keylabel::project::{ExportFormat, InitOptions, Project};
use keylabel::store::ItemQuery;
use std::io::Write;
use std::time::Instant;

#[allow(dead_code)] // its JPEG maker is for the image benches
mod common;

/// Phrases on each clip.
const PHRASES: usize = 8;

fn main() -> anyhow::Result<()> {
    let small = std::env::args().any(|a| a == "--small");
    let n = if small { 10_000 } else { 100_000 };
    let tmp = tempfile::tempdir()?;
    // A short clip linked under every name (the manifest gives each its length); a new one
    // every 50k links, under ext4's limit of links to one file.
    let clips = tmp.path().join("clips");
    std::fs::create_dir_all(&clips)?;
    for i in 0..n {
        let one = tmp.path().join(format!("one{}.wav", i / 50_000));
        if i % 50_000 == 0 {
            keylabel::io::audio::write_wav(&one, 16_000, &[0.0; 1600])?;
        }
        std::fs::hard_link(&one, clips.join(format!("c{i}.wav")))?;
    }
    let manifest = tmp.path().join("manifest.jsonl");
    let mut w = std::io::BufWriter::new(std::fs::File::create(&manifest)?);
    for i in 0..n {
        writeln!(
            w,
            r#"{{"audio_filepath": "clips/c{i}.wav", "duration": 30.0}}"#
        )?;
    }
    w.flush()?;
    drop(w);
    let t = Instant::now();
    let (mut project, _) = Project::init(
        &tmp.path().join("proj"),
        &InitOptions {
            media: manifest,
            template: Some("segment-transcription".into()),
            annotator: Some("ana".into()),
            ..Default::default()
        },
    )?;
    println!(
        "init {n} clips from a NeMo manifest: {:.2} s",
        t.elapsed().as_secs_f64()
    );
    let heard = |k: usize, last: &str| Annotation {
        segments: (0..PHRASES)
            .map(|p| Segment {
                label: "speech".into(),
                start_s: p as f64 * 3.5,
                end_s: p as f64 * 3.5 + 3.2,
                text: format!("clip {k} phrase {p} says what the speaker {last}"),
            })
            .collect(),
        ..Default::default()
    };
    let ids = project.store.item_ids(ItemFilter::All)?;
    let now = SystemClock.now_ms();
    let t = Instant::now();
    project.store.batch(|store| {
        for (k, &id) in ids.iter().enumerate() {
            store.save_annotation(id, "ana", &heard(k, "said today"), now)?;
            store.set_status(id, Status::Submitted)?;
            // Another annotator on every tenth clip, one word heard otherwise.
            if k % 10 == 0 {
                store.save_annotation(id, "bob", &heard(k, "said to day"), now)?;
            }
        }
        Ok(())
    })?;
    println!(
        "store {} answers of {PHRASES} segments with words: {:.2} s",
        ids.len() + ids.len().div_ceil(10),
        t.elapsed().as_secs_f64()
    );
    let submitted = ItemFilter::Status(Status::Submitted);
    for (format, name) in [
        (ExportFormat::Jsonl, "rows.jsonl"),
        (ExportFormat::Csv, "rows.csv"),
        (ExportFormat::Nemo, "nemo.jsonl"),
    ] {
        let t = Instant::now();
        let e = project.export(format, &tmp.path().join(name), submitted)?;
        println!("export {name}: {} ({:.2} s)", e, t.elapsed().as_secs_f64());
    }
    let t = Instant::now();
    let stats = project.store.stats(&project.config.controls)?;
    let speech = stats.by_label.iter().find(|l| l.name == "speech");
    println!(
        "statistics (segments by label, {:.0} h of speech; agreement on {} clips, {} disagreed on a word): {:.2} s",
        speech.map_or(0.0, |l| l.seconds / 3600.0),
        stats.agreement.items,
        stats.agreement.disagreed,
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let found = project.store.find_item_ids(&ItemQuery {
        text: Some(format!("clip {} phrase 3", n - 7)),
        ..Default::default()
    })?;
    println!(
        "item list search for words said, {} found among {n} clips: {:.2} s",
        found.len(),
        t.elapsed().as_secs_f64()
    );
    println!("peak RSS: {} MB", common::peak_rss_mb());
    Ok(())
}
