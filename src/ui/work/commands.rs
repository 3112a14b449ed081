//! Keys to commands, commands to session actions (or to view changes that save nothing).

use super::Work;
use crate::session::Action;
use crate::ui::keymap::Command;
use egui::Event;

impl Work {
    pub(super) fn command(&mut self, cmd: Command) {
        if cmd != Command::FindLabel {
            // A key that does something else ends a search left open.
            self.label_find = None;
        }
        if self.relation_key(cmd) || self.span_key(cmd) {
            return;
        }
        if self.audio_key(cmd) {
            return;
        }
        // Arrows with no box selected move the view over a zoomed image: a large photo can
        // be searched part by part from the keyboard (Shift: most of a screen).
        if self.session.selected.is_none() && self.canvas.zoom > 1.0 {
            let (dx, dy) = match cmd {
                Command::NudgeLeft => (-0.2, 0.0),
                Command::NudgeRight => (0.2, 0.0),
                Command::NudgeUp => (0.0, -0.2),
                Command::NudgeDown => (0.0, 0.2),
                Command::NudgeLeft10 => (-0.8, 0.0),
                Command::NudgeRight10 => (0.8, 0.0),
                Command::NudgeUp10 => (0.0, -0.8),
                Command::NudgeDown10 => (0.0, 0.8),
                _ => (0.0, 0.0),
            };
            if (dx, dy) != (0.0, 0.0) {
                return self.canvas.pan_by_screens(dx, dy);
            }
        }
        let shapes =
            self.session.has_boxes() || self.session.has_segments() || self.session.has_spans();
        let a = match cmd {
            Command::Next => Action::Next,
            Command::Prev => Action::Prev,
            Command::Submit => Action::Submit,
            Command::Skip => Action::Skip,
            Command::Flag => Action::ToggleFlag,
            Command::Undo => Action::Undo,
            Command::Redo => Action::Redo,
            Command::Label(i) => Action::Label(i as usize),
            Command::Attribute(i) => Action::ToggleAttribute(i as usize),
            Command::Delete => Action::DeleteSelected,
            Command::NudgeLeft => Action::Nudge(-1.0, 0.0),
            Command::NudgeRight => Action::Nudge(1.0, 0.0),
            Command::NudgeUp => Action::Nudge(0.0, -1.0),
            Command::NudgeDown => Action::Nudge(0.0, 1.0),
            Command::NudgeLeft10 => Action::Nudge(-10.0, 0.0),
            Command::NudgeRight10 => Action::Nudge(10.0, 0.0),
            Command::NudgeUp10 => Action::Nudge(0.0, -10.0),
            Command::NudgeDown10 => Action::Nudge(0.0, 10.0),
            Command::RotateLeft => Action::Rotate(-1.0),
            Command::RotateRight => Action::Rotate(1.0),
            Command::RotateLeft15 => Action::Rotate(-15.0),
            Command::RotateRight15 => Action::Rotate(15.0),
            Command::Duplicate => Action::DuplicateSelected,
            Command::PastePrevious => Action::PastePrevious,
            Command::NextAnswer => Action::NextAnswer,
            // Tab walks the shapes where there are any to draw (README: "or segment").
            Command::SelectNext if shapes => Action::SelectNext,
            Command::SelectNext => {
                // Tab gives a text field the keyboard again, even when it is the only
                // question and stays the active one.
                self.text_focus = None;
                Action::NextControl
            }
            Command::SelectPrev if shapes => Action::SelectPrev,
            Command::SelectPrev => {
                self.text_focus = None;
                Action::PrevControl
            }
            Command::NextUnfinished => Action::NextUnfinished,
            Command::DrawBox => {
                // The next drag draws: the points of the box before are left for later.
                self.canvas.draw_mode = true;
                self.canvas.placing = None;
                self.canvas.brush = None;
                self.canvas.wand = None;
                return;
            }
            Command::DrawPolygon => return self.draw_polygon(),
            Command::DrawTurned => return self.draw_turned(),
            Command::PlaceKeypoints => return self.place_keypoints(),
            Command::Brush => return self.toggle_brush(),
            Command::Wand => return self.toggle_wand(),
            Command::ZoomIn => return self.canvas.zoom_key(1.25),
            Command::ZoomOut => return self.canvas.zoom_key(0.8),
            Command::Fit => return self.canvas.reset_view(),
            Command::ToggleBoxLabels => {
                self.canvas.show_labels = !self.canvas.show_labels;
                return;
            }
            Command::Save => {
                self.message =
                    "all changes saved — every action is saved the moment you make it".into();
                return;
            }
            Command::Help => {
                self.show_help = !self.show_help;
                return;
            }
            Command::WordDiff => {
                self.show_diff = !self.show_diff;
                return;
            }
            Command::PageDown | Command::PageUp => {
                self.scroll_pages += if cmd == Command::PageDown { 1.0 } else { -1.0 };
                return;
            }
            Command::Brighter | Command::Darker => {
                if self.session.project.config.task.media == crate::core::MediaKind::Image {
                    let gain = self.canvas.step_brightness(cmd == Command::Brighter);
                    self.message = format!(
                        "shown at brightness {gain}× (B brighter, Shift+B darker; the file is never changed)"
                    );
                }
                return;
            }
            Command::OtherBoxes => {
                self.show_other_boxes = !self.show_other_boxes;
                return;
            }
            Command::Guidelines => {
                self.show_guidelines = !self.show_guidelines;
                if self.show_guidelines && !self.session.project.config.has_guidelines() {
                    self.show_guidelines = false;
                    self.message = "this task has no guidelines: add `instructions` under \
                                    [task] in keylabel.toml (and a `description` per label)"
                        .into();
                }
                return;
            }
            // Acts while held: see `ui`.
            Command::HideBoxes => return,
            Command::FindLabel => {
                if self.shows_label_panel() || self.active_control_has_options() {
                    self.label_find = Some(Default::default());
                }
                return;
            }
            Command::PlayPause => return self.audio.toggle_play(),
            Command::NextClip => return crate::ui::field_clips::play_next(self),
            Command::Slower => return self.audio.set_speed(0.8),
            Command::Faster => return self.audio.set_speed(1.25),
            // Taken by `audio_key`.
            Command::MarkSegment
            | Command::SplitSegment
            | Command::MergeSegment
            | Command::SegmentStart
            | Command::SegmentEnd
            | Command::FitSegment
            | Command::FitAllSegments
            | Command::SeekBackFine
            | Command::SeekForwardFine => return,
            Command::NextDoubted => return self.next_doubted(),
            Command::Note => {
                self.focus_note = true;
                return;
            }
            Command::BoxText => {
                let s = &self.session;
                let (cfg, segments) = (&s.project.config, s.has_segments());
                let what = if segments { "segment" } else { "box" };
                if !cfg.box_text() && !cfg.segment_text() {
                    self.message = format!(
                        "this task's {what}s have no text (`{what}_text = true` on the {what}s \
                         control gives them one)"
                    );
                } else if s.selected.is_none() {
                    self.message =
                        format!("select a {what} first (click it, or Tab), then F2 types its text");
                } else {
                    self.focus_box_text = true;
                }
                return;
            }
            Command::LoopSegment => {
                self.audio.loop_segment = !self.audio.loop_segment;
                return;
            }
            // Taken by `relation_key` where spans are linked.
            Command::Relate => return,
        };
        self.act(a);
    }

    /// The outline key: begins outlining an object, or closes the outline begun.
    fn draw_polygon(&mut self) {
        if self.canvas.polygon.is_some() {
            return self.close_polygon();
        }
        if !self.session.has_boxes() || !self.session.project.config.box_polygons() {
            self.message = "this task draws boxes only (`polygons = true` on the boxes \
                            control lets objects be outlined)"
                .into();
            return;
        }
        // Nothing stays selected: a label key while outlining names the outline to come,
        // never renames the object picked before.
        self.act(Action::Select(None));
        self.canvas.polygon = Some(Vec::new());
        self.canvas.draw_mode = false;
        self.canvas.brush = None;
        self.canvas.wand = None;
        self.message = "outlining: click the object's corners in turn".into();
    }

    /// Enter or the outline key while outlining: the outline becomes an object; with fewer
    /// than 3 points it stays open, said so (the points placed are not thrown away).
    fn close_polygon(&mut self) {
        let points = self.canvas.polygon.take().unwrap_or_default();
        if points.len() < 3 {
            self.canvas.polygon = Some(points);
            self.message =
                "an outline needs 3 points at least: click another corner, or Esc drops it".into();
            return;
        }
        let label = (self.session)
            .label_name(self.session.current_label)
            .unwrap_or_default();
        if let Some(b) = crate::ui::polygon::close(points, &label) {
            self.act(Action::AddBox(b));
        }
    }

    /// While outlining, Enter closes the outline, Backspace (or Ctrl+Z) takes the last point
    /// back and Esc drops it: taken before the keymap sees them (Enter would submit, Ctrl+Z
    /// undo the last saved change).
    fn outline_keys(&mut self, ui: &mut egui::Ui) {
        use egui::{Key, Modifiers};
        if self.canvas.polygon.is_none() || ui.ctx().text_edit_focused() {
            return;
        }
        let take = |ui: &mut egui::Ui, k| ui.input_mut(|i| i.consume_key(Modifiers::NONE, k));
        if take(ui, Key::Enter) {
            self.close_polygon();
        } else if take(ui, Key::Escape) {
            self.canvas.polygon = None;
            self.message = "outline dropped".into();
        } else if (take(ui, Key::Backspace)
            || ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::Z)))
            && let Some(points) = self.canvas.polygon.as_mut()
            && points.pop().is_none()
        {
            self.canvas.polygon = None;
        }
    }

    /// The turned-box key: begins a turned box drawn in three clicks, or drops the one begun.
    fn draw_turned(&mut self) {
        if self.canvas.turning.take().is_some() {
            self.message = "turned box dropped".into();
            return;
        }
        if !self.session.has_boxes() || !self.session.project.config.box_rotated() {
            self.message = "boxes stay upright in this task (`rotated = true` on the boxes \
                            control lets them be turned)"
                .into();
            return;
        }
        // As for an outline: a label key meanwhile names the box to come.
        self.act(Action::Select(None));
        self.canvas.turning = Some(Vec::new());
        self.canvas.polygon = None;
        self.canvas.draw_mode = false;
        self.message = "a turned box: click one end of its top side, then the other end, \
                        then how far across it reaches"
            .into();
    }

    /// While drawing a turned box, Backspace (or Ctrl+Z) takes the last click back and Esc
    /// drops it, before the keymap sees them.
    fn turning_keys(&mut self, ui: &mut egui::Ui) {
        use egui::{Key, Modifiers};
        if self.canvas.turning.is_none() || ui.ctx().text_edit_focused() {
            return;
        }
        let take = |ui: &mut egui::Ui, k| ui.input_mut(|i| i.consume_key(Modifiers::NONE, k));
        if take(ui, Key::Escape) {
            self.canvas.turning = None;
            self.message = "turned box dropped".into();
        } else if (take(ui, Key::Backspace)
            || ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::Z)))
            && let Some(points) = self.canvas.turning.as_mut()
            && points.pop().is_none()
        {
            self.canvas.turning = None;
        }
    }

    /// The keypoints key: places the selected box's keypoints from the first not placed,
    /// or stops placing them.
    fn place_keypoints(&mut self) {
        if self.canvas.placing.take().is_some() {
            return;
        }
        let made = self.canvas.made.take();
        let count = self.session.project.config.box_keypoints().len();
        if !self.session.has_boxes() || count == 0 {
            self.message = "this task has no keypoints (`keypoints = [\"nose\", …]` on the \
                            boxes control names them)"
                .into();
        } else if self.session.selected.is_none() || made.is_some() && made == self.session.selected
        {
            // No box: the points come first, and the box is made around them.
            self.session.selected = None;
            let label = (self.session.label_name(self.session.current_label)).unwrap_or_default();
            self.canvas.placing = Some(crate::ui::keypoints::Placing {
                object: self.session.annotation.boxes.len(),
                next: 0,
                fit: true,
            });
            self.canvas.draw_mode = false;
            self.canvas.polygon = None;
            self.message = format!(
                "a new {label} by its keypoints: click each where it is (Shift+click: hidden), \
                 Space: not in the picture; its box is fitted around them"
            );
        } else {
            self.start_placing();
        }
    }

    /// Placing the selected box's keypoints from the first not placed yet.
    pub(super) fn start_placing(&mut self) {
        let config = &self.session.project.config;
        let count = config.box_keypoints().len();
        let Some(i) = self.session.selected else {
            return;
        };
        let Some(b) = self.session.annotation.boxes.get(i) else {
            return;
        };
        match b.next_keypoint(count) {
            Some(next) => {
                self.canvas.placing = Some(crate::ui::keypoints::Placing::on(i, next));
                self.canvas.draw_mode = false;
                self.message = "keypoints: click each where it is (Shift+click: hidden), Space: \
                                not in the picture, Backspace: back, Esc: later"
                    .into();
            }
            None => {
                self.message = format!(
                    "all {count} keypoints are placed: drag one to move it, Shift+click it to \
                     hide it or take it away"
                )
            }
        }
    }

    /// The brush key: takes the brush up (outlines tasks), or puts it down.
    fn toggle_brush(&mut self) {
        if self.canvas.brush.take().is_some() {
            self.message = "brush put down".into();
            return;
        }
        if !self.outline_tool("brush paints") {
            return;
        }
        self.canvas.brush = Some(crate::ui::brush::RADIUS);
        let into = match self.session.selected {
            Some(_) => "into the selected object",
            None => "a new object (nothing is selected)",
        };
        self.message = format!(
            "brush: drag paints {into}, Shift+drag paints out of it, Ctrl+click picks another; [ and ] size it, Esc puts it down"
        );
    }

    /// Before a tool on outlines (the brush, the wand) is taken up: on a task with outlines,
    /// every other tool is put down; on one without, the message says how to have them.
    fn outline_tool(&mut self, does: &str) -> bool {
        if !self.session.has_boxes() || !self.session.project.config.box_polygons() {
            self.message = format!(
                "the {does} outlines: this task has none (`polygons = true` on the boxes \
                 control gives them)"
            );
            return false;
        }
        self.canvas.brush = None;
        self.canvas.wand = None;
        self.canvas.draw_mode = false;
        self.canvas.polygon = None;
        self.canvas.placing = None;
        true
    }

    /// The wand key: takes the magic wand up (outlines tasks), or puts it down.
    fn toggle_wand(&mut self) {
        if self.canvas.wand.take().is_some() {
            self.message = "wand put down".into();
            return;
        }
        if !self.outline_tool("wand fills") {
            return;
        }
        self.canvas.wand = Some(crate::core::wand::TOLERANCE);
        self.message = wand_words(crate::core::wand::TOLERANCE, self.session.selected);
    }

    /// While the brush is up, `[` and `]` size it and Esc puts it down (the wand's: its
    /// tolerance): taken before the keymap sees them (they are the audio speed keys elsewhere).
    fn brush_keys(&mut self, ui: &mut egui::Ui) {
        use egui::{Key, Modifiers};
        if ui.ctx().text_edit_focused() {
            return;
        }
        let take = |ui: &mut egui::Ui, k| ui.input_mut(|i| i.consume_key(Modifiers::NONE, k));
        if let Some(t) = self.canvas.wand {
            use crate::core::wand::{MAX_TOLERANCE, TOLERANCE_STEP};
            let t = if take(ui, Key::Escape) {
                self.canvas.wand = None;
                self.message = "wand put down".into();
                return;
            } else if take(ui, Key::OpenBracket) {
                t.saturating_sub(TOLERANCE_STEP)
            } else if take(ui, Key::CloseBracket) {
                t.saturating_add(TOLERANCE_STEP).min(MAX_TOLERANCE)
            } else {
                return;
            };
            self.canvas.wand = Some(t);
            self.message = wand_words(t, self.session.selected);
            return;
        }
        let Some(r) = self.canvas.brush else {
            return;
        };
        use crate::ui::brush::{MAX, MIN, STEP};
        if take(ui, Key::Escape) {
            self.canvas.brush = None;
            self.message = "brush put down".into();
        } else if take(ui, Key::OpenBracket) {
            self.canvas.brush = Some((r / STEP).max(MIN));
        } else if take(ui, Key::CloseBracket) {
            self.canvas.brush = Some((r * STEP).min(MAX));
        }
    }

    /// The last keypoint placed or passed over: how many are on the object, said.
    /// `fit`: the box was made from the points, and wants a look.
    pub(super) fn placing_done(&mut self, fit: bool) {
        self.canvas.made = self.session.selected.filter(|_| fit);
        let count = self.session.project.config.box_keypoints().len();
        let placed = (self.session.selected)
            .and_then(|i| self.session.annotation.boxes.get(i))
            .map_or(0, |b| b.placed_keypoints());
        self.message = if fit && placed > 0 {
            format!(
                "{placed} of {count} keypoints placed, the box fitted around them: drag its \
                 edges to take in the whole object; K begins the next"
            )
        } else {
            format!(
                "{placed} of {count} keypoints placed: draw the next object, or K goes on from \
                 the first not placed"
            )
        };
    }

    /// While placing keypoints, Space passes over a point not in the picture, Backspace (or
    /// Ctrl+Z) takes the last one back, Esc or Enter stop: taken before the keymap sees them.
    fn keypoint_keys(&mut self, ui: &mut egui::Ui) {
        use egui::{Key, Modifiers};
        let Some(pl) = self.canvas.placing else {
            return;
        };
        if ui.ctx().text_edit_focused() {
            return;
        }
        let count = self.session.project.config.box_keypoints().len();
        let take = |ui: &mut egui::Ui, k| ui.input_mut(|i| i.consume_key(Modifiers::NONE, k));
        if take(ui, Key::Escape) || take(ui, Key::Enter) {
            self.canvas.placing = None;
            self.message = "keypoints left for later: K goes on from the first not placed".into();
        } else if take(ui, Key::Space) {
            // Not in the picture: left unplaced (COCO's 0), and on to the next.
            self.unplace(pl, pl.next);
            self.canvas.placing = (pl.next + 1 < count).then_some(crate::ui::keypoints::Placing {
                next: pl.next + 1,
                ..pl
            });
            if self.canvas.placing.is_none() {
                self.placing_done(pl.fit);
            }
        } else if pl.next > 0
            && (take(ui, Key::Backspace)
                || ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::Z)))
        {
            let back = pl.next - 1;
            let object = self.unplace(pl, back);
            self.canvas.placing = Some(crate::ui::keypoints::Placing {
                next: back,
                object,
                ..pl
            });
        }
    }

    /// Keypoint `k` of the object being placed taken away (if placed); a box made from its
    /// points is fitted again, and goes with its last point. Returns the object's index
    /// (the one it will get, when it went).
    fn unplace(&mut self, pl: crate::ui::keypoints::Placing, k: usize) -> usize {
        let count = self.session.project.config.box_keypoints().len();
        let boxes = &self.session.annotation.boxes;
        let Some(b) =
            (boxes.get(pl.object)).filter(|b| b.keypoints.get(k).is_some_and(|p| p[2] > 0.0))
        else {
            return pl.object;
        };
        let mut b = b.with_keypoint(k, count, [0.0; 3]);
        if pl.fit && b.placed_keypoints() == 0 {
            self.session.selected = Some(pl.object);
            self.act(Action::DeleteSelected);
            return self.session.annotation.boxes.len();
        }
        if pl.fit
            && let Some(item) = &self.session.item
        {
            let (w, h) = (item.width.unwrap_or(1), item.height.unwrap_or(1));
            b.fit_to_keypoints(w as f32, h as f32);
        }
        self.act(Action::SetBox(pl.object, b));
        pl.object
    }

    /// Takes the key presses the keymap knows out of this frame's input (so widgets do not
    /// also react, e.g. Tab moving focus), unless a text field is being typed in.
    pub(super) fn take_commands(&mut self, ui: &mut egui::Ui) -> Vec<Command> {
        if crate::ui::field_images::zoomed(self) {
            // A picture shown larger has the keys: Esc closes it, nothing else acts.
            return Vec::new();
        }
        self.relation_escape(ui);
        self.outline_keys(ui);
        self.turning_keys(ui);
        self.keypoint_keys(ui);
        self.brush_keys(ui);
        let ctx = ui.ctx().clone();
        // Esc lets go of the selected box, segment or span, so the next number key names
        // the next one rather than renaming it (the tools above took their own Esc first).
        if self.label_find.is_none()
            && self.session.selected.is_some()
            && !ctx.text_edit_focused()
            && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
        {
            self.act(Action::Select(None));
        }
        let keymap = &self.keymap;
        // Tab and arrows move egui's focus to buttons; keys belong to the commands here, and
        // a focused button would also take Enter: only text fields keep the focus.
        if !ctx.text_edit_focused()
            && let Some(id) = ctx.memory(|m| m.focused())
        {
            ctx.memory_mut(|m| m.surrender_focus(id));
        }
        if ctx.text_edit_focused() {
            // Typing: only Ctrl+Enter (submit) gets through; it also leaves the field.
            let submit =
                ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::Enter));
            if submit {
                ui.memory_mut(|m| m.stop_text_input());
                return vec![Command::Submit];
            }
            // Fixing a transcript: Ctrl+P plays and pauses the clip without leaving the text,
            // resuming a second back.
            if (self.is_audio() || crate::ui::field_clips::has_clips(self))
                && ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, egui::Key::P))
            {
                self.audio.toggle_play_typing();
            }
            return Vec::new();
        }
        ui.input_mut(|i| {
            let mut cmds = Vec::new();
            i.events.retain(|e| match e {
                Event::Key {
                    key,
                    pressed: true,
                    modifiers,
                    ..
                } => match keymap.command_for(*key, *modifiers) {
                    Some(c) => {
                        cmds.push(c);
                        false
                    }
                    None => true,
                },
                Event::Key {
                    key,
                    pressed: false,
                    modifiers,
                    ..
                } => keymap.command_for(*key, *modifiers).is_none(),
                _ => true,
            });
            cmds
        })
    }
}

/// What the wand does now, said when it is taken up or its tolerance changes.
fn wand_words(tolerance: u8, selected: Option<usize>) -> String {
    let into = match selected {
        Some(_) => "into the selected object",
        None => "as a new object (nothing is selected)",
    };
    format!(
        "wand (tolerance {tolerance}): a click fills the region of like colour {into}, \
         Shift+click takes it out, Ctrl+click picks another; [ and ] change the tolerance, \
         Esc puts it down"
    )
}
