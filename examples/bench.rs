//! Speed of the foundation, on data this program generates.
//! `cargo run --release --example bench [-- --small] [--cold]`
//! (`--cold`, as root: the page cache is dropped before the walks and the init, as for a
//! folder opened the first time after a reboot.)
//!
//! Prints: init of a 100k-image folder vs a bare walk of it, import of a 1M-line JSONL (with
//! peak RSS), COCO export of 100k images / 1M boxes, JSONL export of 1M items, and p50/p99
//! of saving one annotation. (A long clip's waveform: `audio_bench`.)

use keylabel::core::timing::Clock;
use keylabel::core::{Annotation, BoxAnn, ItemFilter, Status, SystemClock};
use keylabel::project::{ExportFormat, InitOptions, Project};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

mod common;
use common::{jpeg, peak_rss_mb};

fn main() -> anyhow::Result<()> {
    let small = std::env::args().any(|a| a == "--small");
    let cold = std::env::args().any(|a| a == "--cold");
    let (n_images, n_records) = if small {
        (5_000, 50_000)
    } else {
        (100_000, 1_000_000)
    };
    let tmp = tempfile::tempdir()?;
    // KEYLABEL_BENCH_KEEP=1 leaves the generated projects behind, for profiling.
    println!("machine: {} cores, {}", cores(), cpu_model());

    // 1. 1M-line JSONL import, first so the peak RSS reading is its own.
    let jsonl = tmp.path().join("items.jsonl");
    write_records(&jsonl, n_records)?;
    let t = Instant::now();
    let (mut text_project, r) = Project::init(
        &tmp.path().join("text"),
        &InitOptions {
            media: jsonl.clone(),
            labels: vec!["a".into(), "b".into()],
            ..Default::default()
        },
    )?;
    let secs = t.elapsed().as_secs_f64();
    println!(
        "import {} JSONL lines: {:.2} s ({:.0} items/s), peak RSS {} MB",
        r.added,
        secs,
        r.added as f64 / secs,
        peak_rss_mb()
    );

    // 2. JSONL export of every item.
    let out = tmp.path().join("all.jsonl");
    let t = Instant::now();
    let e = text_project.export(ExportFormat::Jsonl, &out, ItemFilter::All)?;
    println!(
        "export {} items as JSONL: {:.2} s",
        e.items,
        t.elapsed().as_secs_f64()
    );
    // 2b. Reading that export back in: every row matched to its item by id.
    let t = Instant::now();
    let back = text_project.import(&out)?;
    println!(
        "import of that JSONL export back ({} rows matched by id): {:.2} s",
        back.annotated,
        t.elapsed().as_secs_f64()
    );
    // 2c. An annotator's finished work coming in: the same rows, each now labelled,
    // submitted and timed, so every row writes its answer, status and timing.
    // Line by line: the whole file and its copies in memory would be the bench's peak RSS.
    let done = tmp.path().join("done.jsonl");
    {
        use std::io::{BufRead, Write};
        let mut w = std::io::BufWriter::new(std::fs::File::create(&done)?);
        for line in std::io::BufReader::new(std::fs::File::open(&out)?).lines() {
            let line = line?
                .replace(r#""status":"new""#, r#""status":"submitted""#)
                .replace(r#""annotator":null"#, r#""annotator":"ana""#)
                .replace(r#""labels":[]"#, r#""labels":["a"]"#)
                .replace(r#""active_ms":0"#, r#""active_ms":4200"#);
            writeln!(w, "{line}")?;
        }
        w.flush()?;
    }
    let t = Instant::now();
    let back = text_project.import(&done)?;
    println!(
        "import of {} labelled, submitted, timed rows: {:.2} s",
        back.annotated,
        t.elapsed().as_secs_f64()
    );
    // 2c'. How often a suggested answer was kept (Statistics, where a question has a
    // `prefill`): each of the million answers read with its item's field. The field here
    // holds no option, so reading and parsing both is the whole cost.
    let mut config = text_project.config.clone();
    for c in &mut config.controls {
        c.prefill = Some("title".into());
    }
    let t = Instant::now();
    let kept = text_project.store.suggestions_kept(&config)?;
    println!(
        "suggestions kept, over {} answers and their items' field: {:.2} s ({} questions)",
        back.annotated,
        t.elapsed().as_secs_f64(),
        kept.len()
    );
    // 2d. The item list's search: a text in the shown fields of a million records, and in
    // what was answered on them (a million labelled answers).
    let t = Instant::now();
    let found = text_project
        .store
        .find_item_ids(&keylabel::store::ItemQuery {
            text: Some("record number 99999,".into()),
            fields: text_project.config.task.show.clone(),
            ..Default::default()
        })?;
    println!(
        "find a text in {} records' shown fields ({:?}) and their answers: {:.2} s, {} found",
        r.added,
        text_project.config.task.show,
        t.elapsed().as_secs_f64(),
        found.len()
    );
    // 2e. The same source imported again: every record already there, each compared
    // with what the project holds (a changed one is told).
    let t = Instant::now();
    let again = text_project.import(&jsonl)?;
    println!(
        "import the same {} JSONL lines again ({} already there, {} changed): {:.2} s",
        r.added,
        again.duplicates,
        again.changed,
        t.elapsed().as_secs_f64()
    );
    drop(text_project);
    // 2f. The same records as a spreadsheet saves them on Windows: CSV, CRLF, quoted text.
    let csv = tmp.path().join("items.csv");
    write_csv_records(&csv, n_records)?;
    let t = Instant::now();
    let (_, r) = Project::init(
        &tmp.path().join("csv"),
        &InitOptions {
            media: csv,
            labels: vec!["a".into(), "b".into()],
            ..Default::default()
        },
    )?;
    println!(
        "import {} CSV rows (CRLF, quoted): {:.2} s",
        r.added,
        t.elapsed().as_secs_f64()
    );

    // 2g. Named entities: a tenth as many records, each with a model's three spans.
    bench_spans(tmp.path(), n_records / 10)?;
    bench_chats(tmp.path(), n_records / 10)?;
    bench_pictures(tmp.path(), n_records / 10)?;

    // 3. A folder of images: one small JPEG written many times, in 100 subfolders.
    let imgs = tmp.path().join("images");
    let jpeg = jpeg(64, 48, 1)?;
    for i in 0..n_images {
        let dir = imgs.join(format!("d{:03}", i % 100));
        if i < 100 {
            std::fs::create_dir_all(&dir)?;
        }
        std::fs::write(dir.join(format!("img{i}.jpg")), &jpeg)?;
    }
    // Two baselines: a walk that only lists names (what `find` prints), and one that also
    // stats every file (what `ls -lR` or `du` do). Init must open and read every header.
    drop_caches(cold);
    let t = Instant::now();
    let walked = walkdir::WalkDir::new(&imgs)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count();
    let walk = t.elapsed().as_secs_f64();
    drop_caches(cold);
    let t = Instant::now();
    let statted = walkdir::WalkDir::new(&imgs)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.metadata().is_ok())
        .count();
    let stat_walk = t.elapsed().as_secs_f64();
    drop_caches(cold);
    let t = Instant::now();
    let (mut project, r) = Project::init(
        &tmp.path().join("boxes"),
        &InitOptions {
            media: imgs.clone(),
            labels: (0..10).map(|i| format!("class{i}")).collect(),
            ..Default::default()
        },
    )?;
    let init = t.elapsed().as_secs_f64();
    println!(
        "init {} images (header-only sizes{}): {:.2} s = {:.1} µs/image; walk of {walked} names: {:.3} s ({:.1}×); walk with a stat of {statted} files: {:.3} s ({:.1}×)",
        r.added,
        if cold { ", cold page cache" } else { "" },
        init,
        init * 1e6 / r.added.max(1) as f64,
        walk,
        init / walk,
        stat_walk,
        init / stat_walk
    );

    // 3b. Where init's time goes: each half alone. Reading every header (the same worker
    // threads, nothing stored), and storing as many items with no file read at all.
    drop_caches(cold);
    let t = Instant::now();
    let (files, _) = keylabel::io::scan::list_images_with_sidecars(&imgs)?;
    let n_files = files.len();
    let found: Vec<_> = keylabel::io::scan::image_items(&imgs, "images", files).collect();
    let read_only = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let mut store = keylabel::store::Store::build(&tmp.path().join("store_only.db"))?;
    store.insert_items(found.into_iter().filter_map(|(_, r)| r.ok()))?;
    store.finish_build()?;
    let store_only = t.elapsed().as_secs_f64();
    println!(
        "  of which alone: walk + reading {n_files} headers {:.3} s ({:.1}× names walk); storing {} items, no file read {:.3} s ({:.1}× names walk)",
        read_only,
        read_only / walk,
        r.added,
        store_only,
        store_only / walk
    );

    // 3b'. The same images listed with a caption each in an HF `imagefolder`
    // `metadata.jsonl`: read line by line, each header read as its line comes.
    let meta = imgs.join("metadata.jsonl");
    {
        let mut w = BufWriter::new(std::fs::File::create(&meta)?);
        for i in 0..n_images {
            writeln!(
                w,
                "{{\"file_name\":\"d{:03}/img{i}.jpg\",\"caption\":\"picture number {i}\"}}",
                i % 100
            )?;
        }
        w.flush()?;
    }
    drop_caches(cold);
    let t = Instant::now();
    let (_, listed) = Project::init(
        &tmp.path().join("listed"),
        &InitOptions {
            media: meta.clone(),
            labels: vec!["a".into()],
            ..Default::default()
        },
    )?;
    println!(
        "init {} images from a metadata.jsonl (a caption each): {:.2} s",
        listed.added,
        t.elapsed().as_secs_f64()
    );
    std::fs::remove_file(&meta)?;

    // 3c. The media folder moved (a part of the work unpacked elsewhere): every item is
    // pointed at its new place, then back for the exports below.
    let moved = tmp.path().join("unpacked");
    let mut repoint = |from: &std::path::Path, to: &std::path::Path| -> anyhow::Result<u64> {
        std::fs::rename(from, to)?;
        let first = project.store.items_page(ItemFilter::All, 0, 1)?;
        let first = first.first().ok_or_else(|| anyhow::anyhow!("no items"))?;
        let (root, media) = (first.root.clone(), first.media.clone());
        Ok(project.move_media(&root.unwrap_or_default(), &media.unwrap_or_default(), to)?)
    };
    let t = Instant::now();
    let n = repoint(&imgs, &moved)?;
    println!(
        "media folder moved: {n} items pointed at its new place in {:.2} s",
        t.elapsed().as_secs_f64()
    );
    repoint(&moved, &imgs)?;

    // 4. Save latency: one annotation per call, each its own transaction, on the big project.
    let ids = project.store.item_ids(ItemFilter::All)?;
    let who = project.annotator.clone();
    let mut lat = Vec::with_capacity(ids.len());
    for (k, &id) in ids.iter().enumerate() {
        let ann = ten_boxes(k);
        let t = Instant::now();
        project
            .store
            .save_annotation(id, &who, &ann, SystemClock.now_ms())?;
        lat.push(t.elapsed().as_secs_f64() * 1000.0);
        project.store.set_status(id, Status::Submitted)?;
    }
    lat.sort_by(f64::total_cmp);
    let pct = |p: f64| lat[((lat.len() as f64 - 1.0) * p) as usize];
    println!(
        "save one annotation ({} saves): p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        lat.len(),
        pct(0.5),
        pct(0.99),
        lat[lat.len() - 1]
    );

    // 4b. Review: a second annotator boxed every image too, differing on every other one.
    // Finding the items to settle compares every pair of answers (box F1 at IoU 0.5).
    project.store.batch(|store| {
        for (k, &id) in ids.iter().enumerate() {
            let mut ann = ten_boxes(k);
            if k % 2 == 1 {
                ann.boxes[0].label = "class9x".into();
            }
            store.save_annotation(id, "bob", &ann, SystemClock.now_ms())?;
        }
        Ok(())
    })?;
    let t = Instant::now();
    let disagreed = project.store.disagreed_item_ids(&project.config.controls)?;
    println!(
        "find the items two annotators disagree on ({} items, 10 boxes each): {:.2} s, {} found",
        ids.len(),
        t.elapsed().as_secs_f64(),
        disagreed.len()
    );
    let t = Instant::now();
    let tally = project.store.agreement(&project.config.controls)?;
    println!(
        "agreement for Statistics on those {} items: {:.2} s",
        tally.items,
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let stats = project.store.stats(&project.config.controls)?;
    println!(
        "Statistics (status, labels and attributes on each image's newest answer, annotators, \
         agreement) on those items: {:.2} s ({} labels)",
        t.elapsed().as_secs_f64(),
        stats.by_label.len()
    );
    // Transcripts compared word by word (Statistics, gold scores): 30 words a side, one
    // heard otherwise.
    let pairs: Vec<(String, String)> = (0..100_000)
        .map(|k| {
            let words: Vec<String> = (0..30).map(|w| format!("w{}", (k + w) % 997)).collect();
            let mut other = words.clone();
            other[k % 30] = "else".into();
            (words.join(" "), other.join(" "))
        })
        .collect();
    let t = Instant::now();
    let alike: f64 = pairs
        .iter()
        .map(|(a, b)| keylabel::core::matching::words_alike(a, b))
        .sum();
    println!(
        "compare {} pairs of 30-word transcripts word by word: {:.2} s (mean {:.3} alike)",
        pairs.len(),
        t.elapsed().as_secs_f64(),
        alike / pairs.len() as f64
    );
    let out = tmp.path().join("every.jsonl");
    let t = Instant::now();
    let e = project.export_answers(
        ExportFormat::Jsonl,
        &out,
        ItemFilter::All,
        keylabel::core::Answers::Every,
    )?;
    println!(
        "export every annotator's answer as JSONL ({e}): {:.2} s",
        t.elapsed().as_secs_f64()
    );

    // 5. COCO export of every image with its 10 boxes, with two box attributes in the task
    // (an object on every box), then without (the last pass leaves the task as it was).
    let out = tmp.path().join("coco.json");
    for attributes in [
        vec!["occluded".to_string(), "truncated".to_string()],
        vec![],
    ] {
        project
            .config
            .controls
            .iter_mut()
            .for_each(|c| c.attributes = attributes.clone());
        let t = Instant::now();
        let e = project.export(
            ExportFormat::Coco,
            &out,
            ItemFilter::Status(Status::Submitted),
        )?;
        println!(
            "export COCO {} images / {} boxes, {} box attributes: {:.2} s ({} MB)",
            e.items,
            e.boxes,
            attributes.len(),
            t.elapsed().as_secs_f64(),
            std::fs::metadata(&out)?.len() / 1_000_000
        );
    }
    // 5b. The same as a YOLO dataset: a link and a label file per image.
    let out = tmp.path().join("yolo");
    let t = Instant::now();
    let e = project.export(
        ExportFormat::Yolo,
        &out,
        ItemFilter::Status(Status::Submitted),
    )?;
    println!(
        "export YOLO {} images / {} boxes: {:.2} s",
        e.items,
        e.boxes,
        t.elapsed().as_secs_f64()
    );
    // 5c. And back in: every label file read and matched to its image by path.
    let t = Instant::now();
    let r = project.import(&out)?;
    println!(
        "import of that YOLO dataset ({} label files): {:.2} s",
        r.annotated,
        t.elapsed().as_secs_f64()
    );
    // 5d. As HF `imagefolder`: a link per image and a metadata line with its boxes.
    let out = tmp.path().join("hf");
    let t = Instant::now();
    let e = project.export(
        ExportFormat::ImageFolder,
        &out,
        ItemFilter::Status(Status::Submitted),
    )?;
    println!(
        "export imagefolder with metadata.jsonl, {} images (their boxes as objects): {:.2} s",
        e.items,
        t.elapsed().as_secs_f64()
    );
    // 5e. As Pascal VOC (a link and an XML file per image), and its Annotations/ back in.
    let out = tmp.path().join("voc");
    let t = Instant::now();
    let submitted = ItemFilter::Status(Status::Submitted);
    let e = project.export(ExportFormat::Voc, &out, submitted)?;
    let took = t.elapsed().as_secs_f64();
    println!(
        "export Pascal VOC {} images / {} boxes: {took:.2} s",
        e.items, e.boxes
    );
    let t = Instant::now();
    let r = project.import(&out.join("Annotations"))?;
    let took = t.elapsed().as_secs_f64();
    println!(
        "import of its {} annotation files: {took:.2} s",
        r.annotated
    );
    if std::env::var_os("KEYLABEL_BENCH_KEEP").is_some() {
        let kept = tmp.keep();
        println!("kept the data in {}", kept.display());
    }
    Ok(())
}

fn ten_boxes(k: usize) -> Annotation {
    Annotation {
        boxes: (0..10)
            .map(|i| {
                BoxAnn::new(
                    format!("class{}", (k + i) % 10),
                    i as f32 * 3.5,
                    2.25,
                    3.0,
                    4.0,
                )
            })
            .collect(),
        ..Default::default()
    }
}

fn write_records(path: &Path, n: usize) -> anyhow::Result<()> {
    let mut w = BufWriter::new(std::fs::File::create(path)?);
    for i in 0..n {
        writeln!(
            w,
            "{{\"id\":\"rec-{i}\",\"query\":\"cheap flights to city {}\",\"title\":\"Result {i}\",\"text\":\"A short snippet of text for record number {i}, as a search result would show it.\"}}",
            i % 977
        )?;
    }
    w.flush()?;
    Ok(())
}

/// Spans on `n` records: the model's spans offered and kept (Statistics), every record's
/// spans imported as answers (each checked against its record), then exported as JSONL and
/// as tokens with BIO tags.
/// Chat records (a three-turn history, two answers as messages): made into a project,
/// answered (a preference and a correction each, by import), and written out as preference
/// pairs and SFT data in TRL's conversational form.
fn bench_chats(dir: &Path, n: usize) -> anyhow::Result<()> {
    let cfg = dir.join("chats.toml");
    std::fs::write(
        &cfg,
        "[task]\nmedia = \"text\"\nshow = [\"prompt\"]\n\
         [[controls]]\nname = \"preference\"\ntype = \"compare\"\nfields = [\"response_a\", \"response_b\"]\n\
         [[controls]]\nname = \"corrected\"\ntype = \"text\"\nprefill = \"response_a\"\n",
    )?;
    let records = dir.join("chats.jsonl");
    let mut w = BufWriter::new(std::fs::File::create(&records)?);
    for i in 0..n {
        writeln!(
            w,
            r#"{{"id":"chat-{i}","prompt":[{{"role":"user","content":"How long do I bake a frittata, number {i}?"}},{{"role":"assistant","content":"About 12 minutes at 190 °C."}},{{"role":"user","content":"And without an oven?"}}],"response_a":[{{"role":"assistant","content":"Cover the pan and cook it on low heat for 10 minutes."}}],"response_b":[{{"role":"assistant","content":"You cannot make one without an oven."}}]}}"#
        )?;
    }
    w.flush()?;
    let what = format!("{n} chat records (3 turns and 2 answers each)");
    let mut project = timed_init(&dir.join("chats"), records, cfg, &what)?;
    answer_all(
        &mut project,
        &dir.join("chats"),
        r#""fields":{"preference":"response_a","corrected":"Cover the pan and cook it on low heat for 10 to 12 minutes."}"#,
    )?;
    for (format, what) in [
        (ExportFormat::Preference, "conversational preference pairs"),
        (ExportFormat::Sft, "conversational SFT rows"),
    ] {
        let t = Instant::now();
        let e = project.export(format, &dir.join("chats-out"), ItemFilter::All)?;
        println!(
            "export {} answered chats as {what}: {:.2} s",
            e.items,
            t.elapsed().as_secs_f64()
        );
    }
    let t = Instant::now();
    let kept = project.store.suggestions_kept(&project.config)?;
    let of: u64 = kept.iter().flat_map(|q| &q.by_annotator).map(|a| a.2).sum();
    println!(
        "a model's chat answers kept (Statistics), {of} answers: {:.2} s",
        t.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Text-to-image comparisons: `n` records, each naming two of 2,000 small pictures. Times
/// making the project (each picture looked for) and the answered ones as an image folder
/// (each picture linked once, a row per record with `chosen` and `rejected`).
fn bench_pictures(dir: &Path, n: usize) -> anyhow::Result<()> {
    let pics = dir.join("pictures");
    std::fs::create_dir_all(&pics)?;
    let bytes = jpeg(64, 64, 3)?;
    for k in 0..2_000 {
        std::fs::write(pics.join(format!("{k}.jpg")), &bytes)?;
    }
    let records = dir.join("pictures.jsonl");
    let mut w = BufWriter::new(std::fs::File::create(&records)?);
    for i in 0..n {
        let (a, b) = ((2 * i) % 2_000, (2 * i + 1) % 2_000);
        writeln!(
            w,
            r#"{{"id":"t2i-{i}","prompt":"a lighthouse at dusk, number {i}","image_a":"pictures/{a}.jpg","image_b":"pictures/{b}.jpg"}}"#
        )?;
    }
    w.flush()?;
    let cfg = dir.join("pictures.toml");
    std::fs::write(
        &cfg,
        "[task]\nmedia = \"text\"\nshow = [\"prompt\"]\n[[controls]]\nname = \"preference\"\n\
         type = \"compare\"\nfields = [\"image_a\", \"image_b\"]\n",
    )?;
    let what = format!("{n} records naming 2 pictures each (every picture looked for)");
    let mut project = timed_init(&dir.join("pictures-proj"), records, cfg, &what)?;
    answer_all(
        &mut project,
        &dir.join("pictures"),
        r#""fields":{"preference":"image_b"}"#,
    )?;
    let t = Instant::now();
    let e = project.export(
        ExportFormat::ImageFolder,
        &dir.join("pictures-hf"),
        ItemFilter::All,
    )?;
    println!(
        "export {} answered picture comparisons as an image folder (2,000 pictures linked): {:.2} s",
        e.items,
        t.elapsed().as_secs_f64()
    );
    Ok(())
}

/// A project at `dir` on these `records` with the task `cfg`, for ana: its making timed.
fn timed_init(dir: &Path, records: PathBuf, cfg: PathBuf, what: &str) -> anyhow::Result<Project> {
    let t = Instant::now();
    let (project, _) = Project::init(
        dir,
        &InitOptions {
            media: records,
            config: Some(cfg),
            annotator: Some("ana".into()),
            ..Default::default()
        },
    )?;
    println!("init {what}: {:.2} s", t.elapsed().as_secs_f64());
    Ok(project)
}

/// Every item of `project` answered by ana with `fields` (a JSONL `"fields":{…}`) and
/// submitted: its JSONL export rewritten (at `stem`-empty/-answers.jsonl) and imported back.
fn answer_all(project: &mut Project, stem: &Path, fields: &str) -> anyhow::Result<()> {
    use std::io::BufRead;
    let empty = stem.with_extension("empty.jsonl");
    project.export(ExportFormat::Jsonl, &empty, ItemFilter::All)?;
    let answers = stem.with_extension("answers.jsonl");
    let mut w = BufWriter::new(std::fs::File::create(&answers)?);
    for line in std::io::BufReader::new(std::fs::File::open(&empty)?).lines() {
        let line = line?
            .replace(r#""fields":{}"#, fields)
            .replace(r#""status":"new""#, r#""status":"submitted""#)
            .replace(r#""annotator":null"#, r#""annotator":"ana""#);
        writeln!(w, "{line}")?;
    }
    w.flush()?;
    project.import(&answers)?;
    Ok(())
}

fn bench_spans(dir: &Path, n: usize) -> anyhow::Result<()> {
    let cfg = dir.join("spans.toml");
    std::fs::write(
        &cfg,
        "[task]\nmedia = \"text\"\nshow = [\"text\"]\n\
         [[labels]]\nname = \"ORG\"\n[[labels]]\nname = \"PER\"\n[[labels]]\nname = \"LOC\"\n\
         [[controls]]\nname = \"entities\"\ntype = \"spans\"\nprefill = \"model\"\n\
         relations = [\"works_at\", \"located_in\"]\n",
    )?;
    // "A short snippet of text for record number {i}, …": three words marked.
    let spans = r#"[{"label":"ORG","start":0,"end":15},{"label":"PER","start":28,"end":34},{"label":"LOC","start":35,"end":41}]"#;
    // The model's scores: sure of its spans, but for a person on every tenth record.
    let scored = |low: bool| {
        let person = if low { 0.45 } else { 0.93 };
        spans
            .replace(r#""ORG","#, r#""ORG","score":0.98,"#)
            .replace(r#""PER","#, &format!(r#""PER","score":{person},"#))
            .replace(r#""LOC","#, r#""LOC","score":0.96,"#)
    };
    let records = dir.join("spans.jsonl");
    let mut w = BufWriter::new(std::fs::File::create(&records)?);
    for i in 0..n {
        writeln!(
            w,
            "{{\"id\":\"ner-{i}\",\"text\":\"A short snippet of text for record number {i}, as a search result would show it.\",\"model\":{}}}",
            scored(i % 10 == 0)
        )?;
    }
    w.flush()?;
    let (mut project, _) = Project::init(
        &dir.join("spans"),
        &InitOptions {
            media: records,
            config: Some(cfg),
            annotator: Some("ana".into()),
            ..Default::default()
        },
    )?;
    let empty = dir.join("spans-empty.jsonl");
    project.export(ExportFormat::Jsonl, &empty, ItemFilter::All)?;
    let answers = dir.join("spans-answers.jsonl");
    {
        use std::io::BufRead;
        let mut w = BufWriter::new(std::fs::File::create(&answers)?);
        let with = format!(
            r#""spans":{}"#,
            spans.replace(r#""start""#, r#""field":"text","start""#)
        );
        for line in std::io::BufReader::new(std::fs::File::open(&empty)?).lines() {
            // Two relations between the three spans, by their places in the list.
            let links = r#""relations":[{"label":"works_at","from":1,"to":0},{"label":"located_in","from":0,"to":2}]"#;
            let line = line?
                .replace(r#""spans":[]"#, &with)
                .replace(r#""relations":[]"#, links)
                .replace(r#""status":"new""#, r#""status":"submitted""#)
                .replace(r#""annotator":null"#, r#""annotator":"ana""#);
            writeln!(w, "{line}")?;
        }
        w.flush()?;
    }
    let t = Instant::now();
    let back = project.import(&answers)?;
    println!(
        "import {} answers with 3 spans and 2 relations each, every span checked against its record: {:.2} s",
        back.annotated,
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let kept = project.store.suggestions_kept(&project.config)?;
    let of: u64 = kept.iter().flat_map(|q| &q.by_annotator).map(|a| a.2).sum();
    println!(
        "a model's spans kept (Statistics), {of} spans on {n} records: {:.2} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let ids = project.store.item_ids(ItemFilter::All)?;
    let doubted = project.store.doubted_item_ids(&ids, &project.config)?;
    println!(
        "the item list's \"model doubted\" filter over {n} records: {:.2} s, {} found",
        t.elapsed().as_secs_f64(),
        doubted.len()
    );
    for (format, what) in [
        (ExportFormat::Jsonl, "JSONL"),
        (ExportFormat::Bio, "tokens with BIO tags"),
    ] {
        let t = Instant::now();
        let e = project.export(format, &dir.join("spans-out"), ItemFilter::All)?;
        println!(
            "export {} items, {} spans, as {what}: {:.2} s",
            e.items,
            e.spans,
            t.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

fn write_csv_records(path: &Path, n: usize) -> anyhow::Result<()> {
    let mut w = BufWriter::new(std::fs::File::create(path)?);
    write!(w, "id,query,title,text\r\n")?;
    for i in 0..n {
        write!(
            w,
            "rec-{i},cheap flights to city {},Result {i},\"A short snippet of text for record number {i}, as a search result would show it.\"\r\n",
            i % 977
        )?;
    }
    w.flush()?;
    Ok(())
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}

/// Empties the page cache (Linux, root) so the next read comes from the disk.
fn drop_caches(cold: bool) {
    if !cold {
        return;
    }
    let _ = std::process::Command::new("sync").status();
    if let Err(e) = std::fs::write("/proc/sys/vm/drop_caches", "3") {
        eprintln!("--cold: cannot drop the page cache ({e}); figures are warm");
    }
}
