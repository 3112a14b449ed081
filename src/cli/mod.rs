//! The command line: parse arguments, call the library, report, choose the exit code.

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand, ValueEnum};
use keylabel::core::progress::count;
use keylabel::core::progress::grouped;
use keylabel::core::{ControlKind, ItemFilter, Progress, Status, templates};
use keylabel::project::{AnnotationImport, ExportFormat, ImportReport, InitOptions, Project};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// `println!` for the command line's output, except that a reader gone away (`keylabel
/// stats | head`) ends the program quietly instead of panicking: nobody is left to read the
/// rest.
macro_rules! say {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout().lock(), $($t)*) {
            $crate::cli::output_failed(e);
        }
    }};
}

/// `eprintln!` for warnings and errors: a closed stderr (`2>&1 | head`) must not stop
/// an import halfway, so what cannot be said is left unsaid.
macro_rules! tell {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($t)*);
    }};
}

#[cfg(feature = "gui")]
mod console;
mod stats;

/// Standard output could not be written: a closed pipe ends the program as having done its
/// part; anything else (a full disk behind `> out.txt`) is an error.
pub(crate) fn output_failed(e: std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    tell!("error: cannot write the output: {e}");
    std::process::exit(1);
}

#[derive(Parser)]
#[command(
    name = "keylabel",
    version,
    about = "Native, local-first labeling: images, text, audio. Every action saved at once."
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Open the app on a project folder; on an image or audio folder, or a JSONL/CSV file of
    /// records, a project is made the first time (and opened the next).
    pub path: Option<PathBuf>,
    /// The annotator's name (default: the config's, else the OS user).
    #[arg(long, global = true)]
    pub annotator: Option<String>,
    /// Save a screenshot of the first complete frame to this PNG and exit (smoke tests).
    #[arg(long)]
    pub screenshot: Option<PathBuf>,
    /// Task config for a new project made from a bare image folder (instead of asking).
    #[arg(long)]
    pub config: Option<PathBuf>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Create a project from an image or audio folder, a JSONL/CSV file of text items, or an
    /// audio manifest.
    Init {
        /// The project folder to make (it must not hold a project yet).
        project: PathBuf,
        /// Image or audio folder, a .jsonl / .csv / .tsv file of text items, or a NeMo
        /// manifest (.jsonl) or Common Voice .tsv of clips.
        #[arg(long)]
        media: PathBuf,
        /// Labels, comma-separated (added to those of the config or template).
        #[arg(long, value_delimiter = ',')]
        labels: Vec<String>,
        /// A task config (TOML) to start from.
        #[arg(long, conflicts_with = "template")]
        config: Option<PathBuf>,
        /// A preset task config; `keylabel templates` lists them.
        #[arg(long)]
        template: Option<String>,
        /// Fail if any item could not be imported.
        #[arg(long)]
        strict: bool,
    },
    /// Add items (a folder, JSONL, CSV) or import annotations (COCO JSON, a YOLO data.yaml
    /// or labels folder, Keylabel JSONL).
    Import {
        /// The project folder.
        project: PathBuf,
        /// What to bring in: a folder, a JSONL or CSV file, a COCO JSON, a YOLO data.yaml or
        /// labels folder, or a Keylabel JSONL export.
        source: PathBuf,
        /// Fail if any item or line could not be imported.
        #[arg(long)]
        strict: bool,
        /// Pre-labels to correct (a model's boxes): they come in as drafts, still to do, and
        /// items someone already worked on are left alone.
        #[arg(long)]
        draft: bool,
        /// Leave out boxes whose confidence (COCO `score`, YOLO's 6th column) is lower.
        #[arg(long, value_name = "0..1")]
        min_score: Option<f64>,
        /// Gold answers (a JSONL in Keylabel's export format): hidden from annotators, and
        /// `stats` scores each annotator's submitted answers against them.
        #[arg(long, conflicts_with_all = ["draft", "min_score"])]
        gold: bool,
        /// Fields for the items already there (a model's suggestions, metadata that came
        /// later): each line's fields set on the item with its `id`, or with the file it
        /// names; nothing is added.
        #[arg(long, conflicts_with_all = ["draft", "min_score", "gold"])]
        update_fields: bool,
    },
    /// Export annotations with per-item timing.
    Export {
        /// The project folder.
        project: PathBuf,
        #[arg(long, value_enum)]
        format: Format,
        /// The file to write (a folder for yolo, imagefolder, audiofolder); written under a temp name
        /// and renamed into place, so a reader never sees half of it.
        #[arg(long)]
        out: PathBuf,
        /// Which items: submitted (default), all, new, draft, skipped, flagged or noted (with a note).
        #[arg(long, default_value = "submitted")]
        status: String,
        /// yolo, voc, imagefolder, audiofolder: hold this percent of the items out in val/ (the
        /// same ones every time).
        #[arg(long, value_name = "PERCENT", value_parser = clap::value_parser!(u8).range(1..=99))]
        val: Option<u8>,
        /// jsonl, csv: `newest` (default) gives each item its newest answer; `every` gives
        /// each annotator's answer a row of its own, for adjudication.
        #[arg(long, value_enum, default_value = "newest")]
        answers: AnswersArg,
    },
    /// Progress, labels, annotators, time per item, agreement between annotators and gold scores.
    Stats {
        /// The project folder.
        project: PathBuf,
        /// One JSON object instead of the table, for scripts (planning, pay).
        #[arg(long)]
        json: bool,
    },
    /// Share out the items still to do: a project per annotator, with the same item ids,
    /// so each one's JSONL export imports back here.
    Split {
        /// The project folder.
        project: PathBuf,
        /// How many projects (annotators).
        #[arg(long, value_parser = clap::value_parser!(u16).range(2..=100))]
        parts: u16,
        /// Percent of the items also given to a second annotator, to measure agreement.
        #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=100))]
        overlap: u8,
        /// Folder the projects are made in (named after this one, -1, -2, …).
        #[arg(long)]
        out: PathBuf,
    },
    /// The media folder moved (a project handed over, its media unpacked elsewhere): point
    /// the items at its new place.
    Relocate {
        /// The project folder.
        project: PathBuf,
        /// Where the media folder is now.
        folder: PathBuf,
        /// The folder's old place, as the project knew it; needed only when more than one
        /// media folder is missing.
        #[arg(long, value_name = "OLD_FOLDER")]
        from: Option<PathBuf>,
    },
    /// List the preset task configs.
    Templates,
    /// Crash-safety drill (for tests): saves `actions` annotations in a fixed sequence and
    /// prints `ack N` after each one is committed.
    #[command(hide = true)]
    Drill {
        project: PathBuf,
        #[arg(long, default_value_t = 1000)]
        actions: u32,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum AnswersArg {
    Newest,
    Every,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// COCO JSON: boxes, for pycocotools and most detection trainers.
    Coco,
    /// A row per item: answers, boxes, fields and timing (HF datasets, pandas).
    Jsonl,
    /// A row per item for spreadsheets: a column per answer and shown field, then timing.
    Csv,
    /// A NeMo manifest of the clips with their transcripts (speech).
    Nemo,
    /// RTTM: a line per time segment, who speaks (or what sounds) when (pyannote, dscore).
    Rttm,
    /// A folder: data.yaml, images/ (links to the media), labels/ (Ultralytics).
    Yolo,
    /// A Pascal VOC folder: Annotations/ (an XML per image, as LabelImg writes them),
    /// JPEGImages/ (links to the media), ImageSets/Main/ (torchvision, MMDetection).
    Voc,
    /// A DOTA folder of turned boxes: images/ (links to the media), labelTxt/ (four
    /// corners, category and difficult per object; MMRotate, Ultralytics' converter).
    Dota,
    /// A folder labelme and X-AnyLabeling open: each image (a link) with its JSON beside it.
    Labelme,
    /// train/ and val/ of links to the images: a folder per label where the task has a
    /// `choice` question (Ultralytics, torchvision, HF imagefolder), else a metadata.jsonl
    /// of every answer beside them (HF imagefolder: captions, flags, ratings, boxes).
    Imagefolder,
    /// train/ (and val/) of links to the clips records name, with a metadata.jsonl of
    /// their fields and answers (HF audiofolder; `chosen`/`rejected` for a TTS comparison).
    Audiofolder,
    /// JSONL of prompt, chosen, rejected: a row per preference pair of a `compare` control
    /// (TRL's preference type, for DPO and reward models).
    Preference,
    /// PaddleOCR's text detection labels (Label.txt): each image's boxes with their texts
    /// (tasks with `box_text`, the `ocr` preset).
    Paddleocr,
    /// Tokens and their BIO tags, a JSONL row per item and field (spans tasks, the
    /// `named-entities` preset): token classification in HF datasets.
    Bio,
    /// JSONL of prompt and completion, a row per text answer (a corrected response, the
    /// `response-correction` preset): TRL's prompt-completion type, for SFT.
    Sft,
}

pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Some(Command::Init {
            project,
            media,
            labels,
            config,
            template,
            strict,
        }) => {
            let labels: Vec<String> = labels
                .into_iter()
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect();
            let source = media.clone();
            let config = match (config, &template, labels.is_empty()) {
                (None, None, true) => shipped_task(&media)?,
                (config, ..) => config,
            };
            let (p, report) = with_progress_line("reading items", |progress| {
                let opts = InitOptions {
                    media,
                    labels,
                    config,
                    template,
                    annotator: cli.annotator,
                    progress,
                };
                Project::init(&project, &opts)
            })?;
            let drawn = [
                ControlKind::Boxes,
                ControlKind::Segments,
                ControlKind::Spans,
            ];
            if p.config.labels.is_empty() && drawn.iter().any(|k| p.config.has_control(*k)) {
                tell!(
                    "warning: {}: no labels yet, so no box, segment or span can be marked; pass --labels a,b,… or add [[labels]] blocks to it",
                    p.config_path().display()
                );
            }
            for f in p.missing_fields()? {
                tell!(
                    "warning: {}: the task config reads field '{f}', but the items have no such field",
                    p.config_path().display()
                );
            }
            if let Some(nothing) = report.nothing_in(&source, None) {
                tell!("warning: {nothing}");
            }
            say!(
                "created project {} ({}, {})",
                project.display(),
                count(p.store.count(ItemFilter::All)?, "item", "items"),
                count(p.config.labels.len() as u64, "label", "labels")
            );
            finish_import(&report, strict)
        }
        Some(Command::Import {
            project,
            source,
            strict,
            draft,
            min_score,
            gold,
            update_fields,
        }) => {
            if let Some(m) = min_score
                && !(0.0..=1.0).contains(&m)
            {
                bail!("--min-score {m}: give a confidence from 0 to 1");
            }
            let mut p = Project::open(&project, cli.annotator)?;
            // A window on the project would not show what comes in, and could save over it.
            p.check_not_open()?;
            let how = AnnotationImport {
                draft,
                min_score,
                gold,
                update_fields,
            };
            let report = with_progress_line("reading items", |progress| {
                p.import_as(&source, &progress.unwrap_or_default(), how)
            })?;
            if (draft || min_score.is_some()) && report.annotated + report.left_alone == 0 {
                tell!(
                    "warning: --draft and --min-score apply to annotations (COCO, YOLO); {} brought none",
                    source.display()
                );
            }
            if let Some(nothing) = report.nothing_in(&source, Some(p.config.task.media)) {
                tell!("warning: {nothing}");
            }
            if !report.imported_anything() && report.problems_total > 0 {
                print_problems(&report);
                bail!("{}: nothing could be imported", source.display());
            }
            finish_import(&report, strict)
        }
        Some(Command::Export {
            project,
            format,
            out,
            status,
            val,
            answers,
        }) => {
            if out.as_os_str() == "-" {
                // Not a file named "-": an export is written beside its place and renamed
                // into it, and its media paths are relative to its folder.
                bail!("--out -: an export is written to a file or folder; give its path");
            }
            let p = Project::open(&project, cli.annotator)?;
            let filter = parse_filter(&status)?;
            if let Some(val) = val {
                let r = match format {
                    Format::Yolo => p.export_yolo(&out, filter, val)?,
                    Format::Voc => p.export_voc(&out, filter, val)?,
                    Format::Dota => p.export_dota(&out, filter, val)?,
                    Format::Imagefolder => p.export_image_folder(&out, filter, val)?,
                    Format::Audiofolder => p.export_audio_folder(&out, filter, val)?,
                    _ => bail!(
                        "--val splits a dataset folder; give it with --format yolo, voc, \
                         dota, imagefolder or audiofolder"
                    ),
                };
                say!("exported {r} to {}", out.display());
                return Ok(());
            }
            let format = match format {
                Format::Coco => ExportFormat::Coco,
                Format::Jsonl => ExportFormat::Jsonl,
                Format::Csv => ExportFormat::Csv,
                Format::Nemo => ExportFormat::Nemo,
                Format::Rttm => ExportFormat::Rttm,
                Format::Yolo => ExportFormat::Yolo,
                Format::Voc => ExportFormat::Voc,
                Format::Dota => ExportFormat::Dota,
                Format::Labelme => ExportFormat::Labelme,
                Format::Imagefolder => ExportFormat::ImageFolder,
                Format::Audiofolder => ExportFormat::AudioFolder,
                Format::Preference => ExportFormat::Preference,
                Format::Paddleocr => ExportFormat::PaddleOcr,
                Format::Bio => ExportFormat::Bio,
                Format::Sft => ExportFormat::Sft,
            };
            let answers = match answers {
                AnswersArg::Newest => keylabel::core::Answers::Newest,
                AnswersArg::Every => keylabel::core::Answers::Every,
            };
            let r = p.export_answers(format, &out, filter, answers)?;
            say!("exported {r} to {}", out.display());
            Ok(())
        }
        Some(Command::Relocate {
            project,
            folder,
            from,
        }) => relocate(&project, &folder, from.as_deref(), cli.annotator),
        Some(Command::Stats { project, json }) => {
            let p = Project::open(&project, cli.annotator)?;
            let mut s = p.store.stats(&p.config.controls)?;
            s.suggestions = p.store.suggestions_kept(&p.config)?;
            if json {
                say!("{}", stats::as_json(&s));
            } else {
                stats::print(&s);
            }
            Ok(())
        }
        Some(Command::Split {
            project,
            parts,
            overlap,
            out,
        }) => {
            let p = Project::open(&project, cli.annotator)?;
            let r = p.split(&out, usize::from(parts), overlap)?;
            for (dir, n) in &r.parts {
                say!("{}: {n} items", dir.display());
            }
            say!(
                "{} items in two parts (for agreement); {} finished items stay only here",
                r.shared,
                r.done
            );
            say!(
                "Each part points at the same media. Bring back each annotator's \
                 `keylabel export <part> --format jsonl --out <file>` with \
                 `keylabel import {} <file>`.",
                project.display()
            );
            Ok(())
        }
        Some(Command::Drill { project, actions }) => drill(&project, actions, cli.annotator),
        Some(Command::Templates) => {
            for (name, about, _) in templates::TEMPLATES {
                say!("{name:24} {about}");
            }
            Ok(())
        }
        None => open_app(AppArgs {
            path: cli.path,
            annotator: cli.annotator,
            config: cli.config,
            screenshot: cli.screenshot,
        }),
    }
}

fn drill(project: &std::path::Path, actions: u32, annotator: Option<String>) -> Result<()> {
    use std::io::Write;
    let mut p = Project::open(project, annotator)?;
    let ids = p.store.item_ids(ItemFilter::All)?;
    anyhow::ensure!(!ids.is_empty(), "{}: no items", project.display());
    let who = p.annotator.clone();
    let mut out = std::io::stdout().lock();
    for n in 0..actions {
        let (id, ann) = keylabel::session::drill_step(&ids, n);
        p.store.save_annotation(id, &who, &ann, i64::from(n))?;
        writeln!(out, "ack {n}")?;
        out.flush()?;
    }
    Ok(())
}

/// Runs `job` with a live count on stderr ("reading items: 41200 of 100000"), shown only
/// on a terminal and only once the job has run half a second, so scripts and small
/// projects see nothing.
fn with_progress_line<T>(what: &str, job: impl FnOnce(Option<Arc<Progress>>) -> T) -> T {
    use std::io::IsTerminal;
    use std::sync::mpsc::{RecvTimeoutError, channel};
    use std::time::{Duration, Instant};
    if !std::io::stderr().is_terminal() {
        return job(None);
    }
    let progress = Arc::new(Progress::default());
    let (done, wait) = channel::<()>();
    let (p, what) = (progress.clone(), what.to_string());
    let reporter = std::thread::spawn(move || {
        let start = Instant::now();
        let mut shown = false;
        while let Err(RecvTimeoutError::Timeout) = wait.recv_timeout(Duration::from_millis(200)) {
            // Sources that count nothing (COCO boxes, an export read back) show nothing.
            if start.elapsed() < Duration::from_millis(500) || p.done() + p.total() == 0 {
                continue;
            }
            match p.total() {
                0 => eprint!("\r{what}: {}\x1b[K", grouped(p.done())),
                total => eprint!(
                    "\r{what}: {} of {}\x1b[K",
                    grouped(p.done()),
                    grouped(total)
                ),
            }
            shown = true;
        }
        if shown {
            eprint!("\r\x1b[K");
        }
    });
    let out = job(Some(progress));
    drop(done);
    let _ = reporter.join();
    out
}

/// The task shipped with the media (`task.toml` in the folder, or beside the records), for
/// an init told nothing of the task: as the app offers it. A file that cannot be read is an
/// error, not a project made without it; one for other items is passed over.
fn shipped_task(media: &Path) -> Result<Option<PathBuf>> {
    let Some((path, config)) = keylabel::project::task_beside(media) else {
        return Ok(None);
    };
    let config = config.map_err(|e| {
        anyhow::anyhow!(
            "{}\n(the task shipped with the media: fix it, or give --config, --template or --labels)",
            e.to_string().trim_end()
        )
    })?;
    let kind = if media.is_dir() {
        keylabel::project::media_kind_at_a_glance(media)
    } else {
        keylabel::project::media_kind_of(media).ok()
    };
    if kind.is_some_and(|k| !keylabel::project::task_fits(config.task.media, k, media.is_file())) {
        return Ok(None);
    }
    tell!(
        "using the task shipped with the media: {} (“{}”)",
        path.display(),
        config.task.name.trim()
    );
    Ok(Some(path))
}

fn parse_filter(s: &str) -> Result<ItemFilter> {
    Ok(match s {
        "all" => ItemFilter::All,
        "flagged" => ItemFilter::Flagged,
        "noted" => ItemFilter::Noted,
        other => ItemFilter::Status(
            other
                .parse::<Status>()
                .map_err(anyhow::Error::msg)
                .context("--status")?,
        ),
    })
}

fn print_problems(r: &ImportReport) {
    for p in &r.problems {
        tell!("warning: {p}");
    }
    let more = r.problems_total.saturating_sub(r.problems.len() as u64);
    if more > 0 {
        tell!("warning: … and {more} more problem(s)");
    }
}

fn finish_import(r: &ImportReport, strict: bool) -> Result<()> {
    print_problems(r);
    for n in &r.notices {
        tell!("warning: {n}");
    }
    let line = r.summary();
    say!("{line}");
    if strict && r.problems_total > 0 {
        bail!("{} problem(s) and --strict was given", r.problems_total);
    }
    Ok(())
}

/// Everything the window is started with.
pub struct AppArgs {
    pub path: Option<PathBuf>,
    pub annotator: Option<String>,
    pub config: Option<PathBuf>,
    pub screenshot: Option<PathBuf>,
}

#[cfg(feature = "gui")]
fn open_app(a: AppArgs) -> Result<()> {
    let no_console = console::release_own();
    let run = keylabel::ui::run(keylabel::ui::Launch {
        path: a.path,
        annotator: a.annotator,
        config: a.config,
        screenshot: a.screenshot,
    });
    if let Err(e) = &run
        && no_console
    {
        // Nobody would see the message on stderr.
        rfd::MessageDialog::new()
            .set_level(rfd::MessageLevel::Error)
            .set_title("Keylabel")
            .set_description(format!("{e:#}"))
            .show();
    }
    run
}

#[cfg(not(feature = "gui"))]
fn open_app(a: AppArgs) -> Result<()> {
    let _ = (a.annotator, a.config, a.screenshot);
    let shown = a
        .path
        .as_deref()
        .unwrap_or(std::path::Path::new("."))
        .display()
        .to_string();
    bail!(
        "this build has no desktop app (built without the `gui` feature); cannot open {shown}. Use the subcommands, see --help"
    )
}

/// `keylabel relocate`: finds which media folder is lost (or takes `--from`) and points its
/// items at `folder`.
fn relocate(
    project: &Path,
    folder: &Path,
    from: Option<&Path>,
    annotator: Option<String>,
) -> Result<()> {
    let mut p = Project::open(project, annotator)?;
    p.check_not_open()?;
    let lost = p.lost_roots()?;
    let root = match from {
        Some(old) => {
            let old = keylabel::io::canonical(old);
            (p.store.media_roots()?.into_iter())
                .chain(lost.iter().cloned())
                .find(|(r, _)| keylabel::io::canonical(&p.media_root_path(r)) == old)
                .ok_or_else(|| {
                    anyhow::anyhow!(
                        "{}: no item of {} is there",
                        old.display(),
                        project.display()
                    )
                })?
        }
        None => match lost.as_slice() {
            [] => bail!(
                "{}: every media folder is where it was; nothing to do",
                project.display()
            ),
            [one] => one.clone(),
            many => bail!(
                "{}: {} media folders are missing ({}); say which one moved with --from",
                project.display(),
                many.len(),
                many.iter()
                    .map(|(r, _)| p.media_root_path(r).display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
    };
    let was = p.media_root_path(&root.0);
    let n = p.move_media(&root.0, &root.1, folder)?;
    say!(
        "{} moved from {} to {}",
        count(n, "item", "items"),
        was.display(),
        folder.display()
    );
    Ok(())
}
