//! The working screen: an open project, one item at a time. Input becomes commands, commands
//! become session actions; this file wires them and lays out the panels.

use super::canvas::CanvasState;
pub use super::export_form::export_choices;
use super::keymap::{Command, Keymap};
use super::loader::ImageLoader;
use super::panels;
use crate::core::config::parse_color;
use crate::core::{ItemFilter, MediaKind, SystemClock};
use crate::project::Project;
use crate::session::{Action, Outcome, Session};
use egui::{Color32, Event};
use std::collections::HashMap;
use std::sync::mpsc::{Receiver, channel};

mod commands;
mod config_reload;
mod image_view;
pub mod relation_keys;
mod segment_keys;
pub mod span_keys;

/// A row of the item list, cached for the rows on screen.
#[derive(Debug, Clone)]
pub struct RowInfo {
    pub text: String,
    /// A few words of this annotator's answer (see `Annotation::summary`).
    pub answer: String,
    pub status: crate::core::Status,
    pub flagged: bool,
}

pub struct Work {
    pub session: Session,
    pub keymap: Keymap,
    pub canvas: CanvasState,
    loader: Option<ImageLoader>,
    /// Pictures named by text records' fields (made at the first one).
    pub(super) field_images: Option<super::field_images::FieldImages>,
    pub(super) field_clips: super::field_clips::FieldClips,
    /// Full-resolution detail of the part in view when zoomed past the texture.
    pub detail: Option<super::detail::DetailLoader>,
    pub audio: super::audio::AudioView,
    /// The segments a speech model doubted, marked.
    pub unsure: super::unsure::UnsureMarks,
    /// The last thing worth telling the annotator.
    pub message: String,
    /// `message` holds until the next saved change (a hint for a fresh task, a save that
    /// failed), then gives way: a stale "NOT SAVED" would alarm, a stale hint nag.
    message_until_saved: bool,
    pub show_help: bool,
    /// The Guidelines window (G).
    pub show_guidelines: bool,
    /// Review: the other answers' boxes drawn dashed under the one shown (C).
    pub show_other_boxes: bool,
    /// Set from the menu: the app goes back to its start screen (open / recent).
    pub wants_start_screen: bool,
    /// Set from the menu: the app asks what to import into this project.
    pub wants_import: bool,
    /// Set from the menu: the app asks what to export, and where.
    pub wants_export: bool,
    /// The menu's Quit: the app closes the window.
    pub wants_quit: bool,
    /// The statistics window, while it is open.
    pub stats: Option<super::stats_view::StatsView>,
    /// The label finder ("/"), while it is open.
    pub label_find: Option<super::label_find::LabelFind>,
    /// Word diff between two compared responses.
    pub show_diff: bool,
    /// Pages to scroll the item's text by in the next frame (PageDown +1, PageUp -1).
    pub scroll_pages: f32,
    /// How far down the item's text is scrolled, in points (each item starts at the top).
    pub text_offset: f32,
    /// Laid-out text fields of the item `galleys_item`.
    pub galleys: super::text_task::GalleyCache,
    /// The theme `galleys` were laid out in.
    pub galleys_dark: bool,
    pub galleys_item: Option<i64>,
    /// A drag across a text item's words, marking a span.
    pub span_drag: Option<super::spans_view::SpanDrag>,
    /// The keyboard's word cursor on a spans task (arrows move it, a number key marks).
    pub span_cursor: Option<span_keys::SpanCursor>,
    /// Relations between spans: the one being made or picked, and where spans are drawn.
    pub links: relation_keys::Links,
    /// The text field (item, control) last given the keyboard, so it is given it once.
    pub text_focus: Option<(i64, usize)>,
    pub rows: HashMap<i64, RowInfo>,
    pub status_filter: usize,
    pub label_filter: Option<usize>,
    pub scroll_to_current: bool,
    /// How far down the item list was scrolled last frame, in points.
    pub list_offset: f32,
    /// Text to find in the items' names and fields (the list's search field).
    pub search: String,
    /// The item list being made on a worker (filters, search).
    list: Option<Receiver<Result<Vec<i64>, String>>>,
    pub(super) export: Option<Receiver<Result<String, String>>>,
    /// What the export form was last set to, and how that export ended when it failed:
    /// the form opens as it was left, to try again.
    pub export_kept: Option<super::export_form::Kept>,
    /// The export running was started from the form (not a quick one from the menu).
    pub(super) export_from_form: bool,
    shown_item: Option<i64>,
    label_colors: HashMap<String, Color32>,
    /// Every annotator's answer on the current item, read again after each action.
    pub answers_here: Option<super::answers_view::AnswersHere>,
    /// The notes on the item shown, read once per item.
    pub notes_here: Option<super::notes_view::NotesHere>,
    /// The note key was pressed: the note field takes the keyboard in this frame.
    pub focus_note: bool,
    /// F2: the selected box's text field takes the keys on the next frame.
    pub focus_box_text: bool,
    /// The media folder moved: asking for its new place.
    pub relocate: super::relocate::Relocate,
    /// When the task config read was written, to read it again once it changes.
    config_stamp: Option<(std::time::SystemTime, u64)>,
    /// The window had the focus last frame (coming back to it, the config is looked at).
    was_focused: bool,
}

/// The list filters offered, in the order of the combo box.
pub const FILTERS: [(&str, ItemFilter); 8] = [
    ("all", ItemFilter::All),
    ("to do", ItemFilter::Unfinished),
    ("new", ItemFilter::Status(crate::core::Status::New)),
    ("draft", ItemFilter::Status(crate::core::Status::Draft)),
    (
        "submitted",
        ItemFilter::Status(crate::core::Status::Submitted),
    ),
    ("skipped", ItemFilter::Status(crate::core::Status::Skipped)),
    ("flagged", ItemFilter::Flagged),
    ("noted", ItemFilter::Noted),
];

/// The status filter's entry after [`FILTERS`]: items whose annotators gave different
/// answers, for a reviewer to settle.
pub const DISAGREED: usize = FILTERS.len();
/// The filter after that: the items whose model doubted its segments or spans.
pub const DOUBTED: usize = FILTERS.len() + 1;

/// The part of opening a project that reads the store (every item id, the first item to
/// do): a worker does it, so a project of a million items does not freeze the window.
pub struct Opened {
    session: Session,
    /// Fields the config reads that the items lack.
    missing: Vec<String>,
}

impl Opened {
    pub fn new(project: Project) -> Result<Opened, String> {
        let missing = project.missing_fields().map_err(|e| e.to_string())?;
        let session = Session::new(project, Box::new(SystemClock)).map_err(|e| e.to_string())?;
        Ok(Opened { session, missing })
    }
}

impl Work {
    pub fn new(project: Project) -> Result<Work, String> {
        Opened::new(project).map(Work::from_opened)
    }

    pub fn from_opened(Opened { session, missing }: Opened) -> Work {
        let project = &session.project;
        let (keymap, message) = match keymap_of(project) {
            Ok(k) => (k, String::from("ready: every action is saved at once")),
            Err(e) => (Keymap::default_map(), e),
        };
        let label_colors = label_colors(&project.config);
        let config_stamp = project.config_stamp();
        // A task nobody has started points at its guidelines (a window that opened by itself
        // would catch the first drag meant for the image).
        let untouched = session.counts.get(crate::core::Status::New) == session.counts.total();
        let hint = project.config.has_guidelines() && untouched && missing.is_empty();
        let message = if hint {
            "new task: press G to read its guidelines · every action is saved at once".into()
        } else {
            message
        };
        let message = if missing.is_empty() {
            message
        } else {
            format!(
                "{}: the items have no field {} that the config names",
                project.config_path().display(),
                missing.join(", ")
            )
        };
        Work {
            session,
            keymap,
            canvas: CanvasState::default(),
            loader: None,
            field_images: None,
            field_clips: Default::default(),
            detail: None,
            audio: super::audio::AudioView::new(),
            unsure: Default::default(),
            message,
            message_until_saved: hint,
            show_help: false,
            show_guidelines: false,
            show_other_boxes: false,
            wants_start_screen: false,
            wants_import: false,
            wants_export: false,
            wants_quit: false,
            label_find: None,
            stats: None,
            show_diff: false,
            scroll_pages: 0.0,
            text_offset: 0.0,
            text_focus: None,
            galleys: Default::default(),
            galleys_dark: true,
            galleys_item: None,
            span_drag: None,
            span_cursor: None,
            links: Default::default(),
            rows: HashMap::new(),
            status_filter: 0,
            label_filter: None,
            scroll_to_current: true,
            list_offset: 0.0,
            search: String::new(),
            list: None,
            export: None,
            export_kept: None,
            export_from_form: false,
            shown_item: None,
            label_colors,
            answers_here: None,
            notes_here: None,
            focus_note: false,
            focus_box_text: false,
            relocate: Default::default(),
            config_stamp,
            was_focused: true,
        }
    }

    /// Label colors for the canvas and the waveform (they outlive a borrow of `self`).
    fn color_fn(&self) -> impl Fn(&str) -> Color32 + use<> {
        let colors = self.label_colors.clone();
        move |l: &str| {
            colors
                .get(l)
                .copied()
                .unwrap_or(Color32::from_rgb(200, 200, 200))
        }
    }

    pub fn color_of(&self, label: &str) -> Color32 {
        self.label_colors
            .get(label)
            .copied()
            .unwrap_or(Color32::from_rgb(200, 200, 200))
    }

    /// Boxes, segments (or a bare image task) get the label panel; other tasks their
    /// questions.
    pub fn shows_label_panel(&self) -> bool {
        let image_only = self.session.project.config.task.media == MediaKind::Image
            && self.session.tab_order().is_empty();
        self.session.has_boxes()
            || self.session.has_segments()
            || self.session.has_spans()
            || image_only
    }

    /// Whether the question the keys answer picks among named options (the finder can
    /// search them).
    pub fn active_control_has_options(&self) -> bool {
        use crate::core::config::ControlKind;
        self.session
            .project
            .config
            .controls
            .get(self.session.active_control)
            .is_some_and(|c| {
                matches!(
                    c.kind,
                    ControlKind::Choice | ControlKind::MultiChoice | ControlKind::Flags
                )
            })
    }

    /// Adds a label to the project (and its `keylabel.toml`) and makes it the current one.
    pub fn add_label(&mut self, name: &str) {
        let project = &mut self.session.project;
        match project.add_labels(&[name.to_string()]) {
            Ok(_) => {
                self.label_colors = label_colors(&project.config);
                // Written here: no need to read it again on coming back to the window.
                self.config_stamp = project.config_stamp();
                self.message = format!(
                    "added the label “{name}” to {}",
                    project.config_path().display()
                );
                if let Some(i) = project.config.label_index(name) {
                    self.act(Action::Label(i));
                }
            }
            Err(e) => self.message = format!("label not added: {e}"),
        }
    }

    /// Applies an action and says what came of it; a store error is shown, never lost.
    pub fn act(&mut self, action: Action) {
        let moved_from = self.session.item.as_ref().map(|i| i.id);
        let submit = action == Action::Submit;
        match self.session.apply(action) {
            Ok(Outcome::Message(m)) => {
                // A submit refused over a text answer (too few words): Ctrl+Enter left the
                // field, and the field takes the keys back to be fixed.
                if submit && self.session.text_active() {
                    self.text_focus = None;
                }
                // Refused over a box with no text (OCR): its text field takes the keys.
                if submit && self.session.box_without_text() == self.session.selected {
                    self.focus_box_text = self.session.selected.is_some();
                }
                self.message = m;
                self.message_until_saved = false;
            }
            Ok(o) => {
                if o == Outcome::Moved {
                    self.scroll_to_current = true;
                }
                // Moving writes the item's timing, so it too is a save that worked.
                if o != Outcome::Unchanged && self.message_until_saved {
                    self.message = "saved".into();
                    self.message_until_saved = false;
                }
            }
            Err(e) => {
                self.message = format!("NOT SAVED: {e}");
                self.message_until_saved = true;
            }
        }
        if let Some(id) = moved_from {
            self.rows.remove(&id);
        }
        self.answers_here = None;
        if let Some(item) = &self.session.item {
            self.rows.remove(&item.id);
        }
    }

    /// One frame of the working screen.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let (keys, clicks, moved, focused) = ui.input(|i| {
            let keys = i
                .events
                .iter()
                .filter(|e| matches!(e, Event::Key { pressed: true, .. }))
                .count() as u32;
            let clicks = i
                .events
                .iter()
                .filter(|e| matches!(e, Event::PointerButton { pressed: true, .. }))
                .count() as u32;
            let moved = i
                .events
                .iter()
                .any(|e| matches!(e, Event::PointerMoved(_) | Event::MouseWheel { .. }));
            (keys, clicks, moved, i.focused)
        });
        // Back from another window (an editor, perhaps on keylabel.toml): the config is
        // read again if it changed.
        let came_back = focused && !self.was_focused;
        self.was_focused = focused;
        if came_back {
            self.reload_config(false, &ctx);
        }
        // Input is accounted to the item it was given on, before a command moves on.
        if let Err(e) = self
            .session
            .tick(focused, keys, clicks, moved, self.audio.playing)
        {
            self.message = format!("timing not saved: {e}");
        }
        for cmd in self.take_commands(ui) {
            self.command(cmd);
        }
        self.canvas.hide_boxes =
            !ctx.text_edit_focused() && ui.input(|i| self.keymap.held(Command::HideBoxes, i));
        if let Some(rx) = &self.export
            && let Ok(done) = rx.try_recv()
        {
            self.export = None;
            self.export_ended(done);
        }
        if let Some(rx) = &self.list
            && let Ok(answer) = rx.try_recv()
        {
            self.list = None;
            let shown = answer.and_then(|ids| {
                let n = ids.len();
                self.session.set_ids(ids).map_err(|e| e.to_string())?;
                Ok(n)
            });
            match shown {
                Ok(0) if self.status_filter == DISAGREED => {
                    self.message = "no item where annotators disagree that you have not \
                                    answered yet (merge their exports with Import to compare \
                                    them)"
                        .into()
                }
                Ok(0) if self.status_filter == DOUBTED => {
                    self.message = "no item whose model doubted its segments or spans".into()
                }
                Ok(0) => self.message = "no item matches".into(),
                Ok(_) => {}
                Err(e) => self.message = format!("list not changed: {e}"),
            }
            self.rows.clear();
            self.scroll_to_current = true;
        }

        // A new item: fit the view; ask for its picture and the neighbours'.
        let current = self.session.item.as_ref().map(|i| i.id);
        if current != self.shown_item {
            self.shown_item = current;
            self.canvas.reset_view();
            // An outline half placed belongs to the item it was begun on.
            self.canvas.polygon = None;
            self.canvas.turning = None;
            self.canvas.wand_preview = None;
            self.canvas.wand_rest = None;
            self.canvas.placing = None;
            self.canvas.made = None;
            // Strokes and clicks are of the item they were made on.
            self.canvas.requests.clear();
            self.canvas.waiting.clear();
        }
        self.prefetch(&ctx);

        egui::Panel::top("menu").show(ui, |ui| self.menu_bar(ui));
        egui::Panel::bottom("status").show(ui, |ui| panels::status_bar(ui, self));
        // Records are named by their words, which want more room than file names.
        let list_w = if self.session.project.config.task.media == MediaKind::Text {
            300.0
        } else {
            230.0
        };
        egui::Panel::left("items")
            .resizable(true)
            .default_size(list_w)
            .show(ui, |ui| panels::item_list(ui, self));
        // The model's doubts as the segments now stand, for the panel and the clip alike.
        self.unsure.update(&self.session);
        egui::Panel::right("labels")
            .resizable(true)
            .default_size(240.0)
            .show(ui, |ui| {
                if self.shows_label_panel() {
                    panels::label_panel(ui, self);
                    super::questions::beside_shapes(ui, self);
                } else {
                    super::questions::controls_panel(ui, self)
                }
                super::answers_view::answers_section(ui, self);
                super::notes_view::notes_section(ui, self);
            });
        egui::CentralPanel::default().show(ui, |ui| self.center(ui));
        if self.show_help {
            super::keys_help::help_overlay(ui, self);
        }
        super::guidelines::window(&ctx, self);
        if let Some(view) = self.stats.as_mut() {
            let task = &self.session.project.config.task;
            let pay = (task.pay_per_item, task.pay_per_audio_minute);
            if !super::stats_view::show(&ctx, view, pay) {
                self.stats = None;
            }
        }
        // The item timer is on screen: draw again when its second turns or it pauses; a
        // paused timer (idle, window in the background) needs no frames at all.
        if let Some(ms) = self.session.timer_changes_in() {
            ctx.request_repaint_after(std::time::Duration::from_millis(ms + 5));
        }
    }

    pub(super) fn is_audio(&self) -> bool {
        self.session.project.config.task.media == MediaKind::Audio
    }

    fn neighbours(&self) -> Vec<(i64, std::path::PathBuf)> {
        (self.neighbour_items().iter())
            .filter_map(|i| Some((i.id, self.session.project.media_path(i)?)))
            .collect()
    }

    /// The current item, the next two and the previous one: what is prefetched.
    pub(super) fn neighbour_items(&self) -> Vec<crate::core::Item> {
        let s = &self.session;
        let mut wanted = Vec::new();
        // Current first, then the next two, then the previous one.
        for p in [
            Some(s.pos),
            s.pos.checked_add(1),
            s.pos.checked_add(2),
            s.pos.checked_sub(1),
        ]
        .into_iter()
        .flatten()
        {
            let Some(&id) = s.ids.get(p) else { continue };
            let item = if Some(id) == s.item.as_ref().map(|i| i.id) {
                s.item.clone()
            } else {
                s.project.store.item(id).ok()
            };
            wanted.extend(item);
        }
        wanted
    }

    fn prefetch(&mut self, ctx: &egui::Context) {
        if self.is_audio() {
            let wanted = self.neighbours();
            self.audio.want(ctx, &wanted);
            return;
        }
        if self.session.project.config.task.media != MediaKind::Image {
            super::field_images::prefetch(self, ctx);
            super::field_clips::prefetch(self, ctx);
            return;
        }
        let wanted = self.neighbours();
        let loader = self.loader.get_or_insert_with(|| ImageLoader::new(ctx));
        loader.poll(ctx);
        loader.want(&wanted);
    }

    /// True while the current item's picture is still being decoded.
    pub fn current_image_loading(&self) -> bool {
        if let Some(item) = self
            .session
            .item
            .as_ref()
            .filter(|i| i.kind == MediaKind::Audio)
        {
            return self.audio.is_loading(item.id);
        }
        match (&self.loader, &self.session.item) {
            (Some(l), Some(item)) if item.kind == MediaKind::Image => l.is_loading(item.id),
            (_, Some(item)) if item.kind == MediaKind::Text => {
                super::field_images::loading(self, item) || super::field_clips::loading(self, item)
            }
            (None, Some(item)) => item.kind == MediaKind::Image,
            _ => false,
        }
    }

    /// True while the next item's picture is still being decoded (prefetch not done).
    pub fn next_image_loading(&self) -> bool {
        let s = &self.session;
        match (&self.loader, s.ids.get(s.pos + 1)) {
            (Some(l), Some(id)) => l.is_loading(*id),
            _ => false,
        }
    }

    pub fn cached_textures(&self) -> usize {
        self.loader.as_ref().map_or(0, ImageLoader::cached)
    }

    /// The items' media folder was moved and the items follow it: what failed to load is
    /// loaded again, from the new place.
    pub fn media_moved(&mut self) {
        if let Err(e) = self.session.reload_item() {
            self.message = format!("{e}");
        }
        if let Some(l) = self.loader.as_mut() {
            l.forget_failed();
        }
        self.audio.forget_failed();
        super::field_images::forget_failed(self);
        super::field_clips::forget_failed(self);
    }

    fn center(&mut self, ui: &mut egui::Ui) {
        let Some(item) = self.session.item.clone() else {
            if self.session.counts.total() == 0 {
                let media = self.session.project.config.task.media;
                let what = match media {
                    MediaKind::Image => "a folder of images",
                    MediaKind::Text => "a JSONL or CSV file of records",
                    MediaKind::Audio => "a folder of audio clips or a manifest",
                };
                ui.vertical_centered(|ui| {
                    ui.add_space(ui.available_height() / 2.0 - 30.0);
                    ui.heading("This project has no items yet.");
                    ui.label(format!(
                        "Drop {what} on this window, or use Project ▸ {}",
                        super::import::menu_label(media)
                    ));
                    if media != MediaKind::Text {
                        ui.label(format!(
                            "A folder is read for {}.",
                            crate::io::scan::media_files_hint(Some(media))
                        ));
                    }
                });
            } else {
                ui.centered_and_justified(|ui| {
                    ui.heading("No items here. Change the filter, or import items.")
                });
            }
            return;
        };
        if item.kind == MediaKind::Audio {
            let path = self.session.project.media_path(&item).unwrap_or_default();
            let label = self
                .session
                .label_name(self.session.current_label)
                .unwrap_or_default();
            let color_of = self.color_fn();
            let segments = self.session.annotation.segments.clone();
            let can = self.session.has_segments();
            self.audio.unsure = self.unsure.flags();
            let actions = self.audio.show(
                ui,
                item.id,
                &path,
                &segments,
                self.session.selected,
                &label,
                &color_of,
                can,
            );
            let mut edits = Vec::new();
            if self.session.project.config.segment_text() {
                let t = &super::shape_texts::SEGMENT_TEXT;
                super::shape_texts::line(ui, self, &item, &mut edits, t);
            }
            // Tab in a segment's words went on to the next: the playhead goes to its start.
            let stepped =
                (edits.iter()).any(|a| matches!(a, Action::SelectNext | Action::SelectPrev));
            for a in actions.into_iter().chain(edits) {
                self.act(a);
            }
            let s = &self.session;
            if let Some(seg) = s.selected.and_then(|i| s.annotation.segments.get(i))
                && stepped
            {
                self.audio.seek_to(seg.start_s);
            }
            if self.audio.failed(item.id) {
                ui.vertical_centered(|ui| super::relocate::offer(ui, self, &item));
            }
            ui.separator();
        }
        if item.kind != MediaKind::Image {
            super::text_task::text_view(ui, self, &item);
            return;
        }
        if !item.data.is_empty() {
            super::text_task::image_fields(ui, self, &item);
        }
        if super::answer_fields::any(self) {
            super::answer_fields::under_image(ui, self, &item);
        }
        self.image_view(ui, &item);
    }

    /// Makes the item list the filters and the search ask for, on a worker with its own
    /// connection: finding a text in a million records takes a while.
    pub fn apply_filters(&mut self, ctx: &egui::Context) {
        let project = &self.session.project;
        let disagreed = self.status_filter == DISAGREED;
        let query = crate::store::ItemQuery {
            filter: FILTERS
                .get(self.status_filter)
                .map_or(ItemFilter::All, |f| f.1),
            label: self.label_filter.and_then(|i| self.session.label_name(i)),
            text: Some(self.search.trim().to_string()).filter(|t| !t.is_empty()),
            fields: project.config.task.show.clone(),
            disagreed_on: disagreed.then(|| project.config.controls.clone()),
            settled_by: disagreed.then(|| project.annotator.clone()),
        };
        let db = project.dir.join(crate::project::DB_FILE);
        let doubted = (self.status_filter == DOUBTED).then(|| project.config.clone());
        let (tx, rx) = channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let ids = crate::store::Store::open(&db)
                .and_then(|store| match &doubted {
                    Some(cfg) => store.doubted_item_ids(&store.find_item_ids(&query)?, cfg),
                    None => store.find_item_ids(&query),
                })
                .map_err(|e| e.to_string());
            let _ = tx.send(ids);
            ctx.request_repaint();
        });
        self.list = Some(rx);
    }

    /// "#42" in the find field goes to the list's 42nd item (the number the list shows), as
    /// a lead asks "check #4521"; true when the field held such a number.
    pub fn go_to_number(&mut self) -> bool {
        let Some(n) = self
            .search
            .trim()
            .strip_prefix('#')
            .and_then(|d| d.trim().parse::<usize>().ok())
        else {
            return false;
        };
        let len = self.session.ids.len();
        if (1..=len).contains(&n) {
            self.search.clear();
            self.act(Action::Goto(n - 1));
            self.scroll_to_current = true;
        } else {
            self.message = format!("no item #{n}: the list holds {len}");
        }
        true
    }

    /// True while the item list is being made.
    pub fn list_pending(&self) -> bool {
        self.list.is_some()
    }
}

/// Each label's colour, from the config.
/// The keys the project's config asks for, or what is wrong with them.
fn keymap_of(project: &crate::project::Project) -> Result<Keymap, String> {
    let keys: Vec<(String, Vec<String>)> = project.config.keys.clone().into_iter().collect();
    Keymap::from_config(project.config.task.keymap.as_deref(), &keys).map_err(|e| {
        format!(
            "{}: {e}; using the default keys",
            project.config_path().display()
        )
    })
}

fn label_colors(config: &crate::core::TaskConfig) -> HashMap<String, Color32> {
    config
        .labels
        .iter()
        .map(|l| {
            let [r, g, b] = parse_color(&l.color).unwrap_or([230, 25, 75]);
            (l.name.clone(), Color32::from_rgb(r, g, b))
        })
        .collect()
}

impl Drop for Work {
    fn drop(&mut self) {
        // Last timing and the session's end; the work itself is already saved.
        let _ = self.session.close();
    }
}
