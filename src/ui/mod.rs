//! The desktop app (egui/eframe). Draws and maps input to actions; never blocks on disk.

pub mod already_open;
pub mod answer_fields;
pub mod answers_view;
pub mod app;
pub mod audio;
pub mod brush;
pub mod canvas;
pub mod changes;
pub mod conversation_view;
pub mod detail;
pub mod dialog;
pub mod drop;
pub mod export_form;
pub mod field_clips;
pub mod field_images;
pub mod fonts;
pub mod guidelines;
pub mod import;
pub mod keymap;
pub mod keypoints;
pub mod keys_help;
pub mod label_find;
pub mod loader;
pub mod markup;
pub mod menu;
pub mod notes_view;
pub mod palette;
pub mod panels;
pub mod polygon;
pub mod questions;
pub mod recent;
pub mod relations_view;
pub mod relocate;
pub mod shape_texts;
pub mod spans_view;
pub mod spectrogram_detail;
pub mod stats_view;
pub mod stream_source;
pub mod text_task;
pub mod unsure;
pub mod view_prefs;
pub mod waveform;
pub mod work;

pub use app::KeylabelApp;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// What the app was started with.
#[derive(Debug, Clone, Default)]
pub struct Launch {
    pub path: Option<PathBuf>,
    pub annotator: Option<String>,
    /// Config for a new project made from a bare image folder.
    pub config: Option<PathBuf>,
    pub screenshot: Option<PathBuf>,
}

type ShotResult = Arc<Mutex<Option<Result<(), String>>>>;

/// The window, plus the `--screenshot` smoke mode.
struct Window {
    app: KeylabelApp,
    screenshot: Option<PathBuf>,
    shot: ShotResult,
    requested: bool,
}

impl eframe::App for Window {
    /// Only the window's place is kept; egui's own state (scroll offsets, open popups) would
    /// bring back stale views of another project. Text size and theme are kept by
    /// [`view_prefs`].
    fn persist_egui_memory(&self) -> bool {
        false
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.app.ui(ui);
        let Some(path) = self.screenshot.clone() else {
            return;
        };
        let ctx = ui.ctx().clone();
        if self.shot.lock().map(|s| s.is_some()).unwrap_or(true) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            return;
        }
        // The first complete frame: the picture decoded (or failed), a few frames settled.
        let loading =
            self.app.creating() || self.app.work().is_some_and(|w| w.current_image_loading());
        if !self.requested && self.app.frames >= 3 && (!loading || self.app.frames > 600) {
            self.requested = true;
            let shot = self.shot.clone();
            let ctx2 = ctx.clone();
            ctx.request_screenshot(move |img| {
                let bytes: Vec<u8> = img.pixels.iter().flat_map(|c| c.to_array()).collect();
                let result =
                    image::RgbaImage::from_raw(img.size[0] as u32, img.size[1] as u32, bytes)
                        .ok_or_else(|| "screenshot has the wrong size".to_string())
                        .and_then(|i| {
                            i.save(&path)
                                .map_err(|e| format!("{}: {e}", path.display()))
                        });
                if let Ok(mut s) = shot.lock() {
                    *s = Some(result);
                }
                ctx2.request_repaint();
            });
        }
        ctx.request_repaint();
    }
}

/// Runs the window until it is closed.
pub fn run(launch: Launch) -> anyhow::Result<()> {
    let mut app = KeylabelApp::new(launch.annotator.clone(), launch.config.clone());
    if let Some(p) = &launch.path {
        app.open(p);
        if matches!(app.screen, app::Screen::Start)
            && launch.screenshot.is_none()
            && !app.message.is_empty()
        {
            // Opening failed: the start screen shows why.
            app.path_input = p.display().to_string();
        }
    }
    let shot: ShotResult = Arc::new(Mutex::new(None));
    let window = Window {
        app,
        screenshot: launch.screenshot.clone(),
        shot: shot.clone(),
        requested: false,
    };
    // Where the window was and its size (maximized too) come back at the next start: kept
    // beside the recent list. Not for a screenshot, which is always taken at 1280×800.
    let window_file = recent::default_recent_file()
        .filter(|_| launch.screenshot.is_none())
        .map(|f| f.with_file_name("window.ron"));
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1280.0, 800.0])
            .with_title("Keylabel"),
        persist_window: window_file.is_some(),
        persistence_path: window_file,
        ..Default::default()
    };
    eframe::run_native(
        "Keylabel",
        options,
        Box::new(|cc| {
            fonts::add_system_fallbacks(&cc.egui_ctx);
            Ok(Box::new(window))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))?;
    if launch.screenshot.is_some() {
        match shot.lock().ok().and_then(|mut s| s.take()) {
            Some(Ok(())) => {}
            Some(Err(e)) => anyhow::bail!("screenshot failed: {e}"),
            None => anyhow::bail!("the window closed before a screenshot was taken"),
        }
    }
    Ok(())
}
