//! Speed of transcription by segment, on data this program generates.
//! `cargo run --release --example audio_bench [-- --small]`
//!
//! A manifest of 100k clips of 30 s (the files are not made: the manifest says how long each
//! is), each cut into 8 phrases with their words by two annotators who hear one word apart.
//! Prints: init from the manifest; storing the answers; JSONL, CSV and NeMo (a line per
//! segment) exports; the statistics with agreement on the words; the item list's search for
//! a word said. Then a 1-hour clip: its waveform and spectrogram, the detail of a minute of
//! it (zoomed in), and all its segments fitted to their sound.

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
    long_clip(tmp.path(), small)?;
    println!("peak RSS: {} MB", common::peak_rss_mb());
    Ok(())
}

/// A 1-hour 16 kHz clip (a 115 MB WAV; 5 minutes with `--small`): a phrase from 0.5 s to
/// 2.8 s of every 3.6 s, quiet between.
fn long_clip(dir: &std::path::Path, small: bool) -> anyhow::Result<()> {
    let secs = if small { 300 } else { 3600 };
    let wav = dir.join("long.wav");
    let samples: Vec<f32> = (0..16_000 * secs)
        .map(|i| {
            let t = (i % 57_600) as f32 / 16_000.0;
            let saw = (i % 160) as f32 / 80.0 - 1.0;
            if (0.5..2.8).contains(&t) {
                saw * 0.5
            } else {
                saw * 0.001
            }
        })
        .collect();
    keylabel::io::audio::write_wav(&wav, 16_000, &samples)?;
    drop(samples);
    let rss_before = common::peak_rss_mb();
    let t = Instant::now();
    let env = keylabel::io::audio::envelope(&wav).map_err(anyhow::Error::msg)?;
    println!(
        "waveform envelope and spectrogram of a {secs} s 16 kHz WAV: {:.2} s ({} points, {} columns of {:.0} ms, {:.1} MB held; peak RSS {} MB before, {} MB after)",
        t.elapsed().as_secs_f64(),
        env.max.len(),
        env.spectrogram.columns(),
        env.spectrogram.hop_s * 1000.0,
        (env.max.len() * 8 + env.spectrogram.levels.len()) as f64 / 1e6,
        rss_before,
        common::peak_rss_mb()
    );
    // Zoomed in to 40 s in the middle: the view and as much again either side, at 10 ms.
    let mid = f64::from(secs) / 2.0;
    let t = Instant::now();
    let detail = keylabel::io::audio::spectrogram_of(&wav, mid - 40.0, mid + 80.0)
        .map_err(anyhow::Error::msg)?;
    println!(
        "its spectrogram in detail for a 40 s view (120 s worked out, a seek into the clip): {:.0} ms ({} columns of {:.0} ms)",
        t.elapsed().as_secs_f64() * 1000.0,
        detail.columns(),
        detail.hop_s * 1000.0
    );
    // A model's phrases, one every 3.6 s, each a little loose: all fitted at once.
    let segs: Vec<Segment> = (0..secs * 10 / 36)
        .map(|k| Segment {
            label: "speech".into(),
            start_s: f64::from(k) * 3.6 + 0.3,
            end_s: f64::from(k) * 3.6 + 3.0,
            text: "a phrase of a few words".into(),
        })
        .collect();
    let levels = env.levels();
    let t = Instant::now();
    let sound = keylabel::core::segments::Sound::new(&levels, env.step_s());
    let moved = sound.map(|s| s.fit_all(&segs).1).unwrap_or(0);
    println!(
        "fit all {} segments of it to their sound (Ctrl+Shift+T): {:.1} ms ({moved} moved)",
        segs.len(),
        t.elapsed().as_secs_f64() * 1000.0
    );
    Ok(())
}
