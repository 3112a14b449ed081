//! Speed of the desktop app, measured on the real app state through egui_kittest (no GPU:
//! texture upload is not included). Generates its own data.
//! `cargo run --release --example ui_bench [-- --small]`
//!
//! Prints: a 100k-item project to its first interactive image; key press → next image drawn
//! for 12 MP JPEGs once prefetch is warm (p50/p99 over 200 items); peak RSS while browsing;
//! frame CPU time (layout + tessellation) with 10,000 boxes on one image (and 2,000
//! outlines, keypoints); a text project
//! with a 100 KB record; the next audio clip's waveform.

use egui::Key;
use egui_kittest::Harness;
use keylabel::core::{Annotation, BoxAnn};
use keylabel::project::{InitOptions, Project};
use keylabel::ui::KeylabelApp;
use std::time::{Duration, Instant};

mod common;
use common::{jpeg, peak_rss_mb};

fn main() -> anyhow::Result<()> {
    let small = std::env::args().any(|a| a == "--small");
    let (n_items, n_large) = if small { (2_000, 20) } else { (100_000, 200) };
    let tmp = tempfile::tempdir()?;
    let imgs = tmp.path().join("images");
    std::fs::create_dir_all(&imgs)?;

    // 4 distinct 12 MP photos-like JPEGs, copied to the first n_large names; the rest small.
    let large: Vec<Vec<u8>> = (0..4)
        .map(|k| jpeg(4000, 3000, k))
        .collect::<anyhow::Result<_>>()?;
    decode_bench(tmp.path(), &large[0])?;
    let small_jpeg = jpeg(64, 48, 9)?;
    for i in 0..n_items {
        let bytes = if i < n_large {
            &large[i % 4]
        } else {
            &small_jpeg
        };
        std::fs::write(imgs.join(format!("img{i:06}.jpg")), bytes)?;
    }
    let dir = tmp.path().join("proj");
    let t = Instant::now();
    let (p, r) = Project::init(
        &dir,
        &InitOptions {
            media: imgs,
            labels: vec!["a".into(), "b".into()],
            ..Default::default()
        },
    )?;
    println!("init {} items: {:.2} s", r.added, t.elapsed().as_secs_f64());
    drop(p);

    // Open to the first interactive image.
    let t = Instant::now();
    let mut h = open_app(&dir);
    wait_drawn(&mut h);
    println!(
        "open {n_items}-item project to first interactive 12 MP image: {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );

    // Sequential navigation: the annotator works on each image a moment (prefetch finishes),
    // then presses D; we time the frame that draws the next image.
    let mut lat = Vec::new();
    for _ in 1..n_large {
        wait_prefetched(&mut h);
        lat.push(next_drawn(&mut h));
    }
    lat.sort_by(f64::total_cmp);
    let pct = |q: f64| lat[((lat.len() as f64 - 1.0) * q) as usize];
    println!(
        "key D → next 12 MP image drawn, prefetch warm ({} presses): p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        lat.len(),
        pct(0.5),
        pct(0.99),
        lat[lat.len() - 1]
    );
    println!(
        "peak RSS after browsing {n_large} large images: {} MB",
        peak_rss_mb()
    );

    detail_bench(&mut h)?;

    // 10,000 boxes on one image; then 2,000 outlines of 24 points.
    let boxes = (0..10_000)
        .map(|i| {
            BoxAnn::new(
                if i % 2 == 0 { "a" } else { "b" },
                (i % 100) as f32 * 39.0,
                (i / 100) as f32 * 29.0,
                30.0,
                20.0,
            )
        })
        .collect();
    shapes_frames(&mut h, boxed(boxes), "10,000 boxes")?;
    // The same 10,000 turned (a task of turned boxes draws each as it is seen).
    let turned = (0..10_000)
        .map(|i| {
            let b = BoxAnn::new(
                if i % 2 == 0 { "a" } else { "b" },
                (i % 100) as f32 * 39.0,
                (i / 100) as f32 * 29.0,
                30.0,
                20.0,
            );
            b.rotated_by((i % 90) as f32 - 45.0)
        })
        .collect();
    shapes_frames(&mut h, boxed(turned), "10,000 turned boxes")?;
    let outlines = (0..2_000)
        .map(|i| {
            let (cx, cy) = ((i % 50) as f32 * 78.0 + 30.0, (i / 50) as f32 * 72.0 + 30.0);
            let ring = (0..24)
                .map(|p| {
                    let a = p as f32 / 24.0 * std::f32::consts::TAU;
                    let r = if p % 2 == 0 { 28.0 } else { 20.0 };
                    [cx + r * a.cos(), cy + r * a.sin()]
                })
                .collect();
            BoxAnn::outlined(if i % 2 == 0 { "a" } else { "b" }, ring)
        })
        .collect();
    shapes_frames(&mut h, boxed(outlines), "2,000 outlines of 24 points")?;
    // 500 people of COCO's 17 keypoints with their skeleton (the poses preset's).
    if let Some(w) = h.state_mut().work_mut() {
        let poses = keylabel::core::TaskConfig::from_toml_str(
            keylabel::core::templates::TEMPLATES
                .iter()
                .find(|t| t.0 == "poses")
                .map_or("", |t| t.2),
        )?;
        w.session.project.config.controls = poses.controls;
    }
    let people = (0..500)
        .map(|i| {
            let (x, y) = (
                (i % 25) as f32 * 150.0 + 10.0,
                (i / 25) as f32 * 140.0 + 10.0,
            );
            BoxAnn {
                keypoints: (0..17)
                    .map(|p| [x + (p % 3) as f32 * 20.0, y + p as f32 * 7.0, 2.0])
                    .collect(),
                ..BoxAnn::new(if i % 2 == 0 { "a" } else { "b" }, x, y, 60.0, 125.0)
            }
        })
        .collect();
    shapes_frames(&mut h, boxed(people), "500 people of 17 keypoints")?;
    drop(h);
    text_bench(tmp.path(), if small { 20_000 } else { 1_000_000 })?;
    spans_bench(tmp.path())?;
    chat_bench(tmp.path())?;
    compared_files_bench(tmp.path(), false)?;
    compared_files_bench(tmp.path(), true)?;
    audio_bench(tmp.path())
}

/// An answer of these boxes.
fn boxed(boxes: Vec<BoxAnn>) -> Annotation {
    Annotation {
        boxes,
        ..Default::default()
    }
}

/// Frame CPU time (layout + tessellation) with these shapes on the current item.
fn shapes_frames(
    h: &mut Harness<'_, KeylabelApp>,
    ann: Annotation,
    what: &str,
) -> anyhow::Result<()> {
    {
        let w = h
            .state_mut()
            .work_mut()
            .ok_or_else(|| anyhow::anyhow!("no project open"))?;
        let id = w.session.item.as_ref().map(|i| i.id).unwrap_or(0);
        w.session
            .project
            .store
            .save_annotation(id, "bench", &ann, 0)?;
        w.session.annotation = ann;
    }
    let mut frames = Vec::new();
    for k in 0..60 {
        // Move the pointer so every frame does real work (hover, crosshair).
        h.hover_at(egui::pos2(500.0 + (k % 20) as f32 * 10.0, 400.0));
        let t = Instant::now();
        h.step();
        let out = h.output().shapes.clone();
        let ppp = h.ctx.pixels_per_point();
        let _ = h.ctx.tessellate(out, ppp);
        frames.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    // The first frame lays out what later frames reuse: reported apart.
    let first = frames.remove(0);
    frames.sort_by(f64::total_cmp);
    println!(
        "frame CPU with {what} (layout + tessellation): first {first:.2} ms, then p50 {:.2} ms, max {:.2} ms",
        frames[frames.len() / 2],
        frames[frames.len() - 1]
    );
    Ok(())
}

/// Records naming two files to compare: pictures (2 × 1024² JPEG) or clips (2 × 6 s of
/// 16 kHz speech-like WAV, a TTS comparison): the first pair shown, then D → the next pair
/// drawn (its pictures decoded, its waveforms read).
fn compared_files_bench(dir: &std::path::Path, clips: bool) -> anyhow::Result<()> {
    let files = dir.join(if clips { "clip-files" } else { "pics" });
    std::fs::create_dir_all(&files)?;
    let (ext, field, name, what) = if clips {
        (
            "wav",
            "audio",
            "clips",
            "clip comparison (2 × 6 s 16 kHz WAV)",
        )
    } else {
        (
            "jpg",
            "image",
            "pictures",
            "picture comparison (2 × 1024² JPEG)",
        )
    };
    let n = 40;
    let mut records = String::new();
    for i in 0..n {
        for side in ["a", "b"] {
            let path = files.join(format!("{i}{side}.{ext}"));
            if clips {
                let samples: Vec<f32> = (0..16_000 * 6)
                    .map(|t| {
                        ((t as f32) * (0.03 + i as f32 * 1e-4)).sin() * ((t / 4000) % 2) as f32
                    })
                    .collect();
                keylabel::io::audio::write_wav(&path, 16_000, &samples)?;
            } else {
                std::fs::write(&path, jpeg(1024, 1024, (i * 2) % 6)?)?;
            }
        }
        records.push_str(&format!(
            "{}\n",
            serde_json::json!({"prompt": format!("prompt {i}"),
                format!("{field}_a"): format!("{}/{i}a.{ext}", files.display()),
                format!("{field}_b"): format!("{}/{i}b.{ext}", files.display())})
        ));
    }
    let p = text_project(
        dir,
        name,
        &records,
        &format!(
            "[task]\nmedia = \"text\"\nshow = [\"prompt\"]\n[[controls]]\nname = \"preference\"\n\
             type = \"compare\"\nfields = [\"{field}_a\", \"{field}_b\"]\n"
        ),
    )?;
    let t = Instant::now();
    let mut h = open_app(&p);
    wait_drawn(&mut h);
    println!(
        "open a {what} to its first pair drawn: {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    for (pause, when) in [(0, "at once"), (500, "after 0.5 s on the pair")] {
        let mut lat = Vec::new();
        for _ in 0..(n / 2 - 1) {
            let until = Instant::now() + Duration::from_millis(pause);
            while Instant::now() < until {
                std::thread::sleep(Duration::from_millis(5));
                h.step();
            }
            lat.push(next_drawn(&mut h));
        }
        lat.sort_by(f64::total_cmp);
        println!(
            "{name}: key D → next pair drawn, D pressed {when} ({} presses): p50 {:.1} ms, max {:.1} ms",
            lat.len(),
            lat[lat.len() / 2],
            lat[lat.len() - 1]
        );
    }
    Ok(())
}

/// A photo decoded and shrunk to the texture shown (what the loader's worker does per item):
/// 12 MP, and 48 MP as a drone or a medium-format camera gives.
fn decode_bench(dir: &std::path::Path, twelve: &[u8]) -> anyhow::Result<()> {
    let p12 = dir.join("twelve.jpg");
    std::fs::write(&p12, twelve)?;
    let p48 = dir.join("forty-eight.jpg");
    std::fs::write(&p48, jpeg(8000, 6000, 3)?)?;
    let mut line = String::from("photo decoded and shrunk for display (p50 of 5):");
    for (name, p) in [("12 MP", &p12), ("48 MP", &p48)] {
        let mut ms: Vec<f64> = (0..5)
            .map(|_| {
                let t = Instant::now();
                let shown = keylabel::io::decode::decode_for_display(p, 2048);
                let took = t.elapsed().as_secs_f64() * 1e3;
                shown.map(|_| took).map_err(anyhow::Error::msg)
            })
            .collect::<anyhow::Result<_>>()?;
        ms.sort_by(f64::total_cmp);
        line += &format!(" {name} {:.0} ms", ms[2]);
    }
    println!("{line}");
    Ok(())
}

/// Zoomed past the texture of a 12 MP photo: time to the full-resolution detail, the first
/// time (a full decode) and after a pan out of the cut (a crop of the decoded image).
fn detail_bench(h: &mut Harness<'_, KeylabelApp>) -> anyhow::Result<()> {
    let wait_detail = |h: &mut Harness<'_, KeylabelApp>| {
        let t = Instant::now();
        let until = t + Duration::from_secs(30);
        loop {
            h.step();
            let ready = h.state().work().is_some_and(|w| {
                let id = w.session.item.as_ref().map_or(0, |i| i.id);
                let d = w.detail.as_ref();
                d.is_some_and(|d| !d.busy() && d.for_item(id).is_some())
            });
            if ready || Instant::now() > until {
                return t.elapsed().as_secs_f64() * 1000.0;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    };
    for _ in 0..12 {
        h.key_press(Key::Plus);
    }
    let first = wait_detail(h);
    let w = h
        .state_mut()
        .work_mut()
        .ok_or_else(|| anyhow::anyhow!("no project open"))?;
    w.canvas.pan += egui::vec2(3000.0, 2000.0);
    let pan = wait_detail(h);
    println!(
        "zoomed 12 MP photo → full-resolution detail: first {first:.0} ms (decode), after a pan {pan:.0} ms (cut); peak RSS {} MB",
        peak_rss_mb()
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, Key::F);
    h.step();
    Ok(())
}

/// Audio clips: key D → the next clip's waveform drawn, once its envelope is prefetched.
fn audio_bench(dir: &std::path::Path) -> anyhow::Result<()> {
    let clips = dir.join("clips");
    std::fs::create_dir_all(&clips)?;
    for i in 0..60 {
        // 30 s of 16 kHz speech-like noise bursts per clip.
        let samples: Vec<f32> = (0..16_000 * 30)
            .map(|k| {
                (((k * (i + 7)) % 97) as f32 / 97.0 - 0.5)
                    * if (k / 4000) % 2 == 0 { 0.8 } else { 0.1 }
            })
            .collect();
        keylabel::io::audio::write_wav(&clips.join(format!("c{i:03}.wav")), 16_000, &samples)?;
    }
    let p = dir.join("audio-proj");
    Project::init(
        &p,
        &InitOptions {
            media: clips,
            template: Some("segment-transcription".into()),
            ..Default::default()
        },
    )?;
    let mut h = open_app(&p);
    wait_drawn(&mut h);
    // The first half with the waveform alone, the second with the spectrogram under it
    // (its textures made in the frame the clip first shows).
    let (mut lat, mut with_spectrogram) = (Vec::new(), Vec::new());
    for i in 1..60 {
        if i == 30 {
            keylabel::ui::view_prefs::set_spectrogram(&h.ctx, true);
        }
        wait_next_envelope(&mut h);
        h.key_press(Key::D);
        let t = Instant::now();
        h.step();
        let drawn = !h.state().work().is_some_and(|w| w.current_image_loading());
        let took = (t.elapsed().as_secs_f64() * 1000.0, drawn);
        if i < 30 {
            &mut lat
        } else {
            &mut with_spectrogram
        }
        .push(took);
    }
    for (what, lat) in [
        ("waveform", lat),
        ("waveform and spectrogram", with_spectrogram),
    ] {
        let frames_ok = lat.iter().filter(|(_, d)| *d).count();
        let mut ms: Vec<f64> = lat.iter().map(|(m, _)| *m).collect();
        ms.sort_by(f64::total_cmp);
        println!(
            "key D → next 30 s clip's {what} drawn, prefetched ({} presses): in the first frame {} times; frame p50 {:.2} ms, max {:.2} ms",
            lat.len(),
            frames_ok,
            ms[ms.len() / 2],
            ms[ms.len() - 1]
        );
    }
    // A 30 s clip cut into 300 phrases, each with its words on the waveform and in the list.
    let segments = (0..300)
        .map(|k| keylabel::core::Segment {
            label: "speech".into(),
            start_s: k as f64 * 0.1,
            end_s: k as f64 * 0.1 + 0.09,
            text: format!("phrase {k} of what was said on this clip"),
        })
        .collect();
    let ann = Annotation {
        segments,
        ..Default::default()
    };
    shapes_frames(&mut h, ann, "a clip of 300 segments with their words")
}

/// Steps until the next clip's envelope is computed (the annotator listens meanwhile).
fn wait_next_envelope(h: &mut Harness<'_, KeylabelApp>) {
    let until = Instant::now() + Duration::from_secs(30);
    loop {
        let next_ready = h.state().work().is_some_and(|w| {
            let s = &w.session;
            s.ids
                .get(s.pos + 1)
                .is_none_or(|id| !w.audio.is_loading(*id))
        });
        if next_ready || Instant::now() > until {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
        h.step();
    }
}

/// A text project: open to the first item, frame time with a 100 KB record shown (query
/// words highlighted), and the frame that shows the next item.
fn text_bench(dir: &std::path::Path, n: usize) -> anyhow::Result<()> {
    use std::io::Write;
    let items = dir.join("texts.jsonl");
    let mut w = std::io::BufWriter::new(std::fs::File::create(&items)?);
    let long = "the quick brown fox jumps over the lazy dog near the river bank ".repeat(1_600); // ~100 KB
    for i in 0..n {
        let text = if i == 0 {
            long.as_str()
        } else {
            "a short result snippet about flights and hotels"
        };
        writeln!(
            w,
            "{}",
            serde_json::json!({"id": i, "query": "quick fox river", "title": format!("Result {i}"), "text": text})
        )?;
    }
    w.flush()?;
    drop(w);
    let cfg = dir.join("task.toml");
    std::fs::write(
        &cfg,
        "[task]\nmedia = \"text\"\nshow = [\"query\", \"title\", \"text\"]\nhighlight = \"query\"\n[[controls]]\nname = \"relevance\"\ntype = \"rating\"\nscale = 5\n",
    )?;
    let p = dir.join("text-proj");
    let t = Instant::now();
    Project::init(
        &p,
        &InitOptions {
            media: items,
            config: Some(cfg),
            ..Default::default()
        },
    )?;
    println!("init {n} text items: {:.2} s", t.elapsed().as_secs_f64());

    let t = Instant::now();
    let mut h = open_app(&p);
    println!(
        "open {n}-item text project to its first item drawn: {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );

    let frames = hover_frames(&mut h);
    println!(
        "frame CPU with a 100 KB record shown, query words highlighted: p50 {:.2} ms, max {:.2} ms",
        frames[frames.len() / 2],
        frames[frames.len() - 1]
    );
    let mut next = Vec::new();
    for _ in 0..50 {
        h.key_press(Key::D);
        let t = Instant::now();
        h.step();
        next.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    next.sort_by(f64::total_cmp);
    println!(
        "key D → next text item drawn (50 presses): p50 {:.2} ms, max {:.2} ms",
        next[next.len() / 2],
        next[next.len() - 1]
    );
    Ok(())
}

/// A 100 KB record with 1,600 spans (every "fox", a model's) on screen: the frame's cost,
/// the text being laid out with its spans and their tags.
fn spans_bench(dir: &std::path::Path) -> anyhow::Result<()> {
    let line = "the quick brown fox jumps over the lazy dog near the river bank ";
    let long = line.repeat(1_600);
    let at = line.find("fox").unwrap_or(0);
    let spans: Vec<serde_json::Value> = (0..1_600)
        .map(|k| {
            let start = k * line.len() + at;
            serde_json::json!({"label": "ANIMAL", "start": start, "end": start + 3})
        })
        .collect();
    let p = text_project(
        dir,
        "spans",
        &format!("{}\n", serde_json::json!({"text": long, "model": spans})),
        "[task]\nmedia = \"text\"\nshow = [\"text\"]\n[[labels]]\nname = \"ANIMAL\"\n\
         [[controls]]\nname = \"entities\"\ntype = \"spans\"\nprefill = \"model\"\n",
    )?;
    let mut h = open_app(&p);
    let shown = h
        .state()
        .work()
        .map_or(0, |w| w.session.annotation.spans.len());
    let frames = hover_frames(&mut h);
    println!(
        "frame CPU with a 100 KB record and {shown} spans shown: p50 {:.2} ms, max {:.2} ms",
        frames[frames.len() / 2],
        frames[frames.len() - 1]
    );
    // A drag across its words: the part it would mark is shaded as it goes, so the text is
    // laid out again whenever that part changes.
    let from = egui::pos2(420.0, 120.0);
    h.event(egui::Event::PointerMoved(from));
    h.step();
    h.event(egui::Event::PointerButton {
        pos: from,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: egui::Modifiers::NONE,
    });
    h.step();
    let mut drag = Vec::new();
    for k in 0..40 {
        h.event(egui::Event::PointerMoved(
            from + egui::vec2(k as f32 * 12.0, (k / 10) as f32 * 20.0),
        ));
        let t = Instant::now();
        h.step();
        drag.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    drag.sort_by(f64::total_cmp);
    println!(
        "frame CPU while dragging across that record's words: p50 {:.2} ms, max {:.2} ms",
        drag[drag.len() / 2],
        drag[drag.len() - 1]
    );
    h.event(egui::Event::Key {
        key: egui::Key::Escape,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: egui::Modifiers::NONE,
    });
    h.step();
    // The same spans, each linked to the next (1,599 relations): the arrows drawn, the lines
    // stood apart for them.
    if let Some(w) = h.state_mut().work_mut() {
        use keylabel::core::{Relation, SpanRef};
        w.session.project.config.controls[0].relations = vec!["next".into()];
        let refs: Vec<SpanRef> = (w.session.annotation.spans.iter())
            .map(SpanRef::of)
            .collect();
        w.session.annotation.relations = (refs.windows(2))
            .map(|p| Relation {
                label: "next".into(),
                from: p[0].clone(),
                to: p[1].clone(),
            })
            .collect();
    }
    let frames = hover_frames(&mut h);
    let linked = h
        .state()
        .work()
        .map_or(0, |w| w.session.annotation.relations.len());
    println!(
        "frame CPU with that record's spans linked by {linked} relations: p50 {:.2} ms, max {:.2} ms",
        frames[frames.len() / 2],
        frames[frames.len() - 1]
    );
    Ok(())
}

/// A long chat (400 turns, about 120 KB) above two long answers as messages: the frame
/// with it shown turn by turn, and with the word diff of the answers on.
fn chat_bench(dir: &std::path::Path) -> anyhow::Result<()> {
    let turn = "Could you explain how the tide tables for the harbour are read, step by step? ";
    let prompt: Vec<serde_json::Value> = (0..400)
        .map(|k| {
            let role = if k % 2 == 0 { "user" } else { "assistant" };
            serde_json::json!({"role": role, "content": turn.repeat(4)})
        })
        .collect();
    let answer = |word: &str| {
        let text = format!("{} {word} ", turn.repeat(60));
        serde_json::json!([{"role": "assistant", "content": text}])
    };
    let record = serde_json::json!({
        "prompt": prompt,
        "response_a": answer("first"),
        "response_b": answer("second"),
    });
    // The same words as plain text, for comparison: the second item.
    let plain = serde_json::json!({
        "prompt": turn.repeat(4 * 400),
        "response_a": format!("{} first ", turn.repeat(60)),
        "response_b": format!("{} second ", turn.repeat(60)),
    });
    let p = text_project(
        dir,
        "chat",
        &format!("{record}\n{plain}\n"),
        "[task]\nmedia = \"text\"\nshow = [\"prompt\"]\n[[controls]]\nname = \"preference\"\n\
         type = \"compare\"\nfields = [\"response_a\", \"response_b\"]\n",
    )?;
    let mut h = open_app(&p);
    let frames = hover_frames(&mut h);
    println!(
        "frame CPU with a 400-turn chat (120 KB) and two 5,000-word answers: p50 {:.2} ms, max {:.2} ms",
        frames[frames.len() / 2],
        frames[frames.len() - 1]
    );
    h.key_press(egui::Key::T);
    let t = Instant::now();
    h.step();
    let first = t.elapsed().as_secs_f64() * 1000.0;
    let frames = hover_frames(&mut h);
    println!(
        "… with the word diff of the answers on: first frame {first:.1} ms, then p50 {:.2} ms, max {:.2} ms",
        frames[frames.len() / 2],
        frames[frames.len() - 1]
    );
    h.key_press(egui::Key::T);
    h.key_press(egui::Key::D);
    h.step();
    h.step();
    let frames = hover_frames(&mut h);
    println!(
        "… the same words as plain text fields: p50 {:.2} ms, max {:.2} ms",
        frames[frames.len() / 2],
        frames[frames.len() - 1]
    );
    Ok(())
}

/// A text project `name` in `dir` on these JSONL `records` with this task `config`.
fn text_project(
    dir: &std::path::Path,
    name: &str,
    records: &str,
    config: &str,
) -> anyhow::Result<std::path::PathBuf> {
    let items = dir.join(format!("{name}.jsonl"));
    std::fs::write(&items, records)?;
    let cfg = dir.join(format!("{name}.toml"));
    std::fs::write(&cfg, config)?;
    let p = dir.join(format!("{name}-proj"));
    Project::init(
        &p,
        &InitOptions {
            media: items,
            config: Some(cfg),
            ..Default::default()
        },
    )?;
    Ok(p)
}

/// 60 frames with the pointer moving over the item, each laid out and tessellated: their
/// CPU times in ms, sorted.
fn hover_frames(h: &mut Harness<'_, KeylabelApp>) -> Vec<f64> {
    let mut frames = Vec::new();
    for k in 0..60 {
        h.hover_at(egui::pos2(600.0 + (k % 20) as f32 * 5.0, 300.0));
        let t = Instant::now();
        h.step();
        let out = h.output().shapes.clone();
        let ppp = h.ctx.pixels_per_point();
        let _ = h.ctx.tessellate(out, ppp);
        frames.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    frames.sort_by(f64::total_cmp);
    frames
}

/// The app on a project, first frame drawn.
fn open_app(dir: &std::path::Path) -> Harness<'static, KeylabelApp> {
    let mut app = KeylabelApp::new(Some("bench".into()), None);
    app.recent_file = None;
    app.open(dir);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .allow_missing_glyphs()
        .with_accessibility_check(false)
        .build_ui_state(|ui, app: &mut KeylabelApp| app.ui(ui), app);
    h.step();
    while h.state().busy() {
        // The project opens on a worker; a real window waits for the next frame meanwhile.
        std::thread::sleep(Duration::from_millis(1));
        h.step();
    }
    h.step(); // the first frame of the work screen, as before opening moved to a worker
    h
}

/// Presses D and steps until the next item's picture is on screen: the ms it took.
fn next_drawn(h: &mut Harness<'_, KeylabelApp>) -> f64 {
    h.key_press(Key::D);
    let t = Instant::now();
    h.step();
    wait_drawn(h);
    t.elapsed().as_secs_f64() * 1000.0
}

/// Steps until the current item's picture is on screen.
fn wait_drawn(h: &mut Harness<'_, KeylabelApp>) {
    let until = Instant::now() + Duration::from_secs(30);
    while h.state().work().is_some_and(|w| w.current_image_loading()) && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(1));
        h.step();
    }
}

/// Steps until the next item's picture is decoded too.
fn wait_prefetched(h: &mut Harness<'_, KeylabelApp>) {
    let until = Instant::now() + Duration::from_secs(30);
    while h.state().work().is_some_and(|w| w.next_image_loading()) && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(2));
        h.step();
    }
}
