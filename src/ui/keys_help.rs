//! The keys' overlay (F1): the live keymap, only what the task on screen uses.

use super::keymap::Command;
use super::work::Work;
use crate::core::MediaKind;
use egui::RichText;

/// The live keymap, over everything.
pub fn help_overlay(ui: &mut egui::Ui, w: &mut Work) {
    let mut open = true;
    let here = Here::of(w);
    let Here {
        media,
        boxes,
        segments,
        ..
    } = here;
    // Scrolls rather than running off the window; lists what this task uses.
    let max_h = ui.ctx().content_rect().height() * 0.8;
    egui::Window::new("Keyboard shortcuts")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ui.ctx(), |ui| {
            egui::ScrollArea::vertical()
                .max_height(max_h)
                .min_scrolled_height(max_h)
                .show(ui, |ui| {
                egui::Grid::new("keys")
                    .striped(true)
                    .num_columns(2)
                    .show(ui, |ui| {
                        let shown: Vec<Command> = w
                            .keymap
                            .bindings
                            .iter()
                            .map(|(c, _)| *c)
                            .filter(|c| here.applies(*c))
                            .collect();
                        let mut rows: Vec<(String, String)> = Vec::new();
                        for cmd in &shown {
                            if let Command::Label(_) | Command::Attribute(_) = cmd {
                                continue;
                            }
                            let (keys, what) = (
                                w.keymap.keys_of(*cmd),
                                here.describe(*cmd),
                            );
                            // Commands that say the same (the four nudges) share a row.
                            match rows.last_mut() {
                                Some(last) if last.1 == what => last.0 = format!("{} / {keys}", last.0),
                                _ => rows.push((keys, what)),
                            }
                        }
                        for (keys, what) in rows {
                            let keys = keys
                                .replace("Shift+Left / Shift+Right / Shift+Up / Shift+Down", "Shift+arrows")
                                .replace("Left / Right / Up / Down", "arrows");
                            ui.label(RichText::new(keys).monospace());
                            ui.label(what);
                            ui.end_row();
                        }
                        // The ten number keys in one row.
                        if shown.iter().any(|c| matches!(c, Command::Label(_))) {
                            let keys: Vec<String> = (0..10)
                                .map(|i| w.keymap.keys_of(Command::Label(i)))
                                .filter(|k| !k.is_empty())
                                .collect();
                            ui.label(RichText::new(keys.join(" ")).monospace());
                            ui.label(if segments && media == MediaKind::Text {
                                "labels 1–10: the next span's (or marks the word cursor's words), renames a clicked one"
                            } else {
                                "labels 1–10 (boxes: the next box's, renames a clicked one; choice: pick)"
                            });
                            ui.end_row();
                        }
                        let config = &w.session.project.config;
                        let spans = w.session.has_spans();
                        let (attributes, what) = if spans {
                            (config.span_attributes(), "span")
                        } else {
                            (config.box_attributes(), "box")
                        };
                        for (i, name) in attributes.iter().enumerate().filter(|_| boxes || spans) {
                            let keys = w.keymap.keys_of(Command::Attribute(i as u8));
                            if !keys.is_empty() {
                                ui.label(RichText::new(keys).monospace());
                                ui.label(format!("the selected {what} is “{name}” (on / off)"));
                                ui.end_row();
                            }
                        }
                        if boxes {
                            ui.label(RichText::new("drag").monospace());
                            ui.label(if here.polygons {
                                "draw a box; on a box: move it; on a handle: resize; on an outline's point: move it; on its edge: add a point (Shift+click a point: take it away)"
                            } else if here.keypoints {
                                "draw a box, then click its keypoints in turn; on a keypoint: move it (Shift+click: hidden, again: taken away); on a box: move it; on a handle: resize"
                            } else {
                                "draw a box; on a box: move it; on a handle: resize"
                            });
                            ui.end_row();
                        }
                        if media != MediaKind::Text {
                            ui.label(RichText::new("wheel / Space+drag").monospace());
                            ui.label(if media == MediaKind::Audio {
                                "zoom in time"
                            } else {
                                "zoom / pan (middle-drag pans too)"
                            });
                            ui.end_row();
                        }
                        ui.label(RichText::new("Ctrl+= / Ctrl+- / Ctrl+0").monospace());
                        ui.label("text size: larger / smaller / the system's (kept; theme: View menu)");
                        ui.end_row();
                    });
            });
        });
    if !open {
        w.show_help = false;
    }
}

/// What the task on screen uses: the overlay lists the keys that do something here, and
/// says what they do here.
#[derive(Clone, Copy)]
struct Here {
    media: MediaKind,
    boxes: bool,
    /// Segments, or spans (removed and picked as segments are).
    segments: bool,
    /// The record names clips.
    clips: bool,
    /// Objects can be outlined.
    polygons: bool,
    /// Objects have keypoints.
    keypoints: bool,
    /// Boxes can be turned.
    rotated: bool,
    /// Spans are linked (`relations`).
    relations: bool,
    /// Two responses in words to compare (the word diff has something to mark).
    diff: bool,
}

impl Here {
    fn of(w: &Work) -> Here {
        let config = &w.session.project.config;
        let compare =
            (config.controls.iter()).find(|c| c.kind == crate::core::config::ControlKind::Compare);
        let item = w.session.item.as_ref();
        let diff = compare.is_some_and(|c| {
            c.fields.len() == 2
                && !w.session.has_spans()
                && !(c.fields.iter()).any(|f| {
                    item.and_then(|i| i.data.get(f))
                        .and_then(crate::io::pictures::file_ref)
                        .is_some()
                })
        });
        Here {
            media: config.task.media,
            boxes: w.session.has_boxes(),
            segments: w.session.has_segments() || w.session.has_spans(),
            clips: super::field_clips::has_clips(w),
            polygons: config.box_polygons(),
            keypoints: !config.box_keypoints().is_empty(),
            rotated: config.box_rotated(),
            relations: !config.span_relations().is_empty(),
            diff,
        }
    }

    /// What a command does on this task: the arrows seek on a clip (a record's clips too),
    /// and move the view on an image without boxes.
    fn describe(self, cmd: Command) -> String {
        use Command::*;
        let Here {
            media,
            boxes,
            segments,
            clips,
            ..
        } = self;
        let audio = media == MediaKind::Audio || (clips && !segments);
        let spans = segments && media == MediaKind::Text;
        match cmd {
            NudgeLeft | NudgeRight if spans => {
                "word cursor: previous / next word (a number key marks its words)".into()
            }
            NudgeLeft10 | NudgeRight10 if spans => {
                "word cursor: one word shorter / over the next word too".into()
            }
            NudgeLeft | NudgeRight if audio => "seek 2 s back / on".into(),
            NudgeLeft10 | NudgeRight10 if audio => "seek 10 s back / on".into(),
            NudgeLeft | NudgeRight | NudgeUp | NudgeDown if !boxes => {
                "move a zoomed view (a fifth of the canvas)".into()
            }
            NudgeLeft10 | NudgeRight10 | NudgeUp10 | NudgeDown10 if !boxes => {
                "move a zoomed view (most of the canvas)".into()
            }
            Delete if segments && media == MediaKind::Text => "delete the selected span".into(),
            SelectNext if segments && media == MediaKind::Text => "select the next span".into(),
            SelectPrev if segments && media == MediaKind::Text => "select the previous span".into(),
            Delete if segments && !boxes => "delete the selected segment".into(),
            BoxText if segments && !boxes => {
                "type the selected segment's words (tasks with `segment_text`); Enter or Esc leaves it"
                    .into()
            }
            _ => cmd.describe(),
        }
    }

    /// Whether a command does anything on this task: the overlay leaves out the others.
    fn applies(self, cmd: Command) -> bool {
        use Command::*;
        let Here {
            media,
            boxes,
            segments,
            clips,
            polygons,
            keypoints,
            rotated,
            relations,
            diff,
        } = self;
        let image = media == MediaKind::Image;
        match cmd {
            DrawBox | Duplicate | PastePrevious | ToggleBoxLabels | HideBoxes | OtherBoxes => boxes,
            BoxText => boxes || (segments && media == MediaKind::Audio),
            Delete => boxes || segments,
            NudgeLeft | NudgeRight | NudgeLeft10 | NudgeRight10 => {
                image || media == MediaKind::Audio || segments || clips
            }
            NudgeUp | NudgeDown | NudgeUp10 | NudgeDown10 => image,
            ZoomIn | ZoomOut | Fit | Brighter | Darker => image,
            PageDown | PageUp => media == MediaKind::Text,
            WordDiff => media == MediaKind::Text && diff,
            DrawPolygon | Brush | Wand => boxes && polygons,
            PlaceKeypoints => boxes && keypoints,
            RotateLeft | RotateRight | RotateLeft15 | RotateRight15 | DrawTurned => {
                boxes && rotated
            }
            PlayPause | Slower | Faster => media == MediaKind::Audio || clips,
            NextClip => clips,
            SeekBackFine | SeekForwardFine => media == MediaKind::Audio || clips,
            LoopSegment | MarkSegment | SplitSegment | MergeSegment | SegmentStart | SegmentEnd
            | FitSegment | FitAllSegments => segments && media == MediaKind::Audio,
            Relate => relations,
            NextDoubted => segments,
            _ => true,
        }
    }
}
