//! The side panels, the status bar, the shortcut overlay and the text item view.

use super::keymap::Command;
use super::work::{DISAGREED, DOUBTED, FILTERS, RowInfo, Work};
use crate::core::{ControlKind, Item, Status};
use crate::session::{Action, Session};
use egui::{Color32, RichText};

fn status_icon(status: Status, flagged: bool) -> (&'static str, Color32) {
    // The bundled fonts have few symbols: a colored dot (and "!" for a flag) reads well.
    if flagged {
        return ("!", Color32::from_rgb(255, 160, 40));
    }
    match status {
        Status::New => ("•", Color32::from_gray(110)),
        Status::Draft => ("•", Color32::from_rgb(120, 170, 255)),
        Status::Submitted => ("•", Color32::from_rgb(80, 200, 120)),
        Status::Skipped => ("•", Color32::from_rgb(220, 110, 110)),
    }
}

/// The item list: virtual, so a million items scroll as smoothly as ten.
pub fn item_list(ui: &mut egui::Ui, w: &mut Work) {
    ui.horizontal(|ui| {
        let before = (w.status_filter, w.label_filter);
        // Each status with how many items it holds: progress at a glance, kept up to date
        // key by key with the status bar's counts.
        let counts = &w.session.counts;
        let named = |(name, filter): (&str, crate::core::ItemFilter)| match counts.of(filter) {
            Some(n) => format!("{name} ({})", crate::core::progress::grouped(n)),
            None => name.to_string(),
        };
        // No words beside the two lists: they would not fit the panel, and what each
        // shows says what it filters ("to do (4)", "any label").
        egui::ComboBox::from_id_salt("status_filter")
            .width(80.0)
            // Every filter at once, no scrolling inside the popup.
            .height(400.0)
            .selected_text(FILTERS.get(w.status_filter).map_or(
                if w.status_filter == DOUBTED {
                    "model doubted"
                } else {
                    "disagreed"
                },
                |f| f.0,
            ))
            .show_ui(ui, |ui| {
                for (i, f) in FILTERS.iter().enumerate() {
                    ui.selectable_value(&mut w.status_filter, i, named(*f));
                }
                ui.separator();
                ui.selectable_value(&mut w.status_filter, DISAGREED, "disagreed")
                    .on_hover_text(
                        "items whose annotators gave different answers and that you have not \
                         answered yet (your answer settles an item); V shows each answer",
                    );
                if w.session.models_segments_or_spans() {
                    ui.selectable_value(&mut w.status_filter, DOUBTED, "model doubted")
                        .on_hover_text(
                            "items whose model doubted a segment or span it gave (marked ?, \
                             Shift+N goes to each): the ones to check first",
                        );
                }
            })
            .response
            .on_hover_text("the items listed, by status");
        let label_text = w
            .label_filter
            .and_then(|i| w.session.label_name(i))
            .unwrap_or_else(|| "any label".into());
        // A task with no labels (a grade, a comparison) has nothing to filter by.
        if !w.session.project.config.labels.is_empty() {
            egui::ComboBox::from_id_salt("label_filter")
                .width(80.0)
                .selected_text(label_text)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut w.label_filter, None, "any label");
                    for (i, l) in w.session.project.config.labels.iter().enumerate() {
                        ui.selectable_value(&mut w.label_filter, Some(i), &l.name);
                    }
                })
                .response
                .on_hover_text("the items listed: those with a box or answer of this label");
        }
        if before != (w.status_filter, w.label_filter) {
            w.apply_filters(ui.ctx());
        }
    });
    ui.horizontal(|ui| {
        // The field keeps its place whether or not the clear button shows.
        let edit = ui
            .add(
                egui::TextEdit::singleline(&mut w.search)
                    .hint_text("find name or text · #n")
                    .desired_width(ui.available_width() - 36.0),
            )
            .on_hover_text(
                "Enter finds the items whose path or shown fields hold this text; #4521 Enter \
             goes to the list's item 4521",
            );
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let clear = !w.search.is_empty()
            && ui
                .small_button("×")
                .on_hover_text("show all items")
                .clicked();
        if clear {
            w.search.clear();
        }
        if enter && w.go_to_number() {
            return;
        }
        if enter || clear {
            w.apply_filters(ui.ctx());
        }
    });
    if w.list_pending() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("finding…");
        });
    }
    if ui
        .button(format!(
            "Next to do ({})",
            w.keymap.keys_of(Command::NextUnfinished)
        ))
        .clicked()
    {
        w.act(Action::NextUnfinished);
    }
    ui.separator();
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    // show_rows puts item spacing between rows: a row takes this much of the list.
    let stride = row_h + ui.spacing().item_spacing.y;
    let total = w.session.ids.len();
    let mut scroll = egui::ScrollArea::vertical().auto_shrink([false, false]);
    if std::mem::take(&mut w.scroll_to_current) && total > 0 {
        let view_h = ui.available_height();
        if let Some(y) = list_offset_showing(w.session.pos, stride, w.list_offset, view_h) {
            scroll = scroll.vertical_scroll_offset(y);
        }
    }
    let mut clicked = None;
    let out = scroll.show_rows(ui, row_h, total, |ui, range| {
        for p in range {
            let id = w.session.ids[p];
            let row = match w.rows.get(&id) {
                Some(r) => r.clone(),
                None => {
                    let r = row_info(&w.session, id);
                    w.rows.insert(id, r.clone());
                    r
                }
            };
            let (icon, color) = status_icon(row.status, row.flagged);
            let selected = p == w.session.pos;
            let text = RichText::new(format!("{:>6}  {}", p + 1, row.text));
            ui.horizontal(|ui| {
                ui.label(RichText::new(icon).color(color));
                // A long name is cut to leave the answer up to 45% of the row.
                let answer_w = if row.answer.is_empty() {
                    0.0
                } else {
                    let font = egui::TextStyle::Body.resolve(ui.style());
                    let w = ui
                        .painter()
                        .layout_no_wrap(row.answer.clone(), font, Color32::WHITE)
                        .size()
                        .x;
                    w.min(ui.available_width() * 0.45) + ui.spacing().item_spacing.x
                };
                let title = ui.scope(|ui| {
                    ui.set_max_width(ui.available_width() - answer_w);
                    ui.add(egui::Button::selectable(selected, text).truncate())
                });
                if title.inner.clicked() {
                    clicked = Some(p);
                }
                if !row.answer.is_empty() {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        // Elided to the room the name leaves, never drawn over it; an elided
                        // label shows its whole text on hover by itself.
                        ui.add(egui::Label::new(RichText::new(&row.answer).weak()).truncate());
                    });
                }
            });
        }
    });
    w.list_offset = out.state.clamped_offset().y;
    if let Some(p) = clicked {
        w.act(Action::Goto(p));
    }
    // Keep the cache to what can be on screen around here.
    if w.rows.len() > 2_000 {
        w.rows.clear();
    }
}

/// The list's new scroll offset so row `pos` is in view: none while it already is (the
/// list holds still as D steps down it), else the row centred.
fn list_offset_showing(pos: usize, stride: f32, offset: f32, view_h: f32) -> Option<f32> {
    let top = pos as f32 * stride;
    if top >= offset && top + stride <= offset + view_h {
        return None;
    }
    Some((top + stride / 2.0 - view_h / 2.0).max(0.0))
}

fn row_info(s: &Session, id: i64) -> RowInfo {
    let answer = s.project.store.shown_annotation(id, s.annotator());
    // A damaged answer shows as none here; opening the item says what is wrong.
    let mut answer = answer
        .ok()
        .flatten()
        .map(|(_, mut a)| {
            a.answer_from_labels(&s.project.config.controls);
            a.summary(&s.project.config.controls)
        })
        .unwrap_or_default();
    if s.project.store.has_note(id).unwrap_or(false) {
        answer = if answer.is_empty() {
            "note".into()
        } else {
            format!("{answer} · note")
        };
    }
    match s.project.store.item(id) {
        Ok(item) => RowInfo {
            text: item_title(s, &item),
            answer,
            status: item.status,
            flagged: item.flagged,
        },
        Err(e) => RowInfo {
            text: format!("error: {e}"),
            answer: String::new(),
            status: Status::New,
            flagged: false,
        },
    }
}

/// A one-line name for an item: its media path, or its shown fields.
pub fn item_title(s: &Session, item: &Item) -> String {
    if let Some(m) = &item.media {
        // "../audio/clip1.wav" (media beside the project, not in it) reads as "audio/clip1.wav".
        let mut shown = m.as_str();
        while let Some(rest) = shown
            .strip_prefix("../")
            .or_else(|| shown.strip_prefix("./"))
        {
            shown = rest;
        }
        let show = &s.project.config.task.show;
        // An image listed with its caption: the caption tells the rows apart better than
        // a camera's file name.
        if item.kind == crate::core::MediaKind::Image
            && show.iter().any(|f| item.data.contains_key(f))
        {
            return format!("{shown} · {}", record_title(show, &item.data));
        }
        return shown.to_string();
    }
    record_title(&s.project.config.task.show, &item.data)
}

/// A record's row in the list: its shown fields in order, " · " between them, on one line —
/// "user_481 · Does anyone know…" tells posts apart where the author alone does not, and
/// "cheap flights to lisbon · Lisbon flights from €39" two results for one query.
fn record_title(show: &[String], data: &serde_json::Map<String, serde_json::Value>) -> String {
    const LONGEST: usize = 80;
    let one_line = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let text_of = |v: &serde_json::Value| match crate::core::conversation::turns(v) {
        // A conversation by what the user opened it with: its topic.
        Some(turns) => turns
            .iter()
            .find(|t| t.role == "user")
            .or(turns.first())
            .map(|t| one_line(&t.content))
            .unwrap_or_default(),
        None => match v {
            serde_json::Value::String(t) => one_line(t),
            other => other.to_string(),
        },
    };
    let mut parts: Vec<String> = show
        .iter()
        .filter_map(|f| data.get(f))
        .map(text_of)
        .filter(|t| !t.is_empty())
        .collect();
    if parts.is_empty() {
        parts.extend(data.values().next().map(text_of));
    }
    let text = parts.join(" · ");
    let mut short: String = text.chars().take(LONGEST).collect();
    if text.chars().count() > LONGEST {
        short.push('…');
    }
    short
}

/// Labels with their colors, hotkeys and counts on this item.
/// A label as the panel lists it: "[3] cup", or the bare name past the number keys.
pub fn label_text(hotkey: &str, name: &str) -> String {
    if hotkey.is_empty() {
        name.to_string()
    } else {
        format!("[{hotkey}] {name}")
    }
}

pub fn label_panel(ui: &mut egui::Ui, w: &mut Work) {
    let boxes = w.session.has_boxes() || w.session.has_segments() || w.session.has_spans();
    ui.heading("Labels");
    ui.label(if !boxes {
        "number key: pick"
    } else if w.session.has_spans() {
        "number key: label of the next span; renames a span you click"
    } else if w.session.has_segments() {
        "number key: label of the next segment; renames a segment you click"
    } else if w.session.project.config.task.label_after_drawing {
        "number key: names the box just drawn or clicked, and the next ones"
    } else {
        "number key: label of the next box; renames a box you click"
    });
    ui.separator();
    let mut picked = None;
    let labels = w.session.project.config.labels.clone();
    if w.label_find.is_some() {
        use super::label_find::{FindOutcome, finder_ui};
        let shown: Vec<_> = labels
            .iter()
            .map(|l| (l.name.clone(), w.color_of(&l.name), l.hotkey.clone()))
            .collect();
        let Some(find) = w.label_find.as_mut() else {
            return;
        };
        match finder_ui(ui, find, &shown, true) {
            FindOutcome::Open => {}
            FindOutcome::Close => w.label_find = None,
            FindOutcome::Pick(i) => {
                w.label_find = None;
                w.act(Action::Label(i));
            }
            FindOutcome::Add(name) => {
                w.label_find = None;
                w.add_label(&name);
            }
        }
        return;
    }
    if labels.len() > 10 {
        ui.label(RichText::new("/ finds a label by name").weak());
    }
    // Dozens of labels scroll; what is said of the boxes below stays in view.
    let config = &w.session.project.config;
    let attributes = if w.session.has_spans() {
        config.span_attributes().len()
    } else {
        config.box_attributes().len()
    } as f32;
    let footer = 110.0
        + if boxes && attributes > 0.0 {
            28.0 + 22.0 * attributes
        } else {
            0.0
        }
        + if w.session.project.config.box_text() {
            250.0
        } else {
            0.0
        };
    let list_height = (ui.available_height() - footer).max(120.0);
    egui::ScrollArea::vertical()
        .id_salt("labels")
        .max_height(list_height)
        .auto_shrink([false, true])
        .show(ui, |ui| label_rows(ui, w, &labels, boxes, &mut picked));
    if let Some(i) = picked {
        w.act(Action::Label(i));
    }
    if label_panel_footer(ui, w, boxes) {
        w.fit_all_segments();
    }
    if w.session.has_spans() {
        super::relations_view::panel(ui, w);
    }
    if boxes && let Some(a) = attribute_rows(ui, w) {
        w.act(Action::ToggleAttribute(a));
    }
    let cfg = &w.session.project.config;
    if (cfg.box_text() || cfg.segment_text())
        && let Some(i) = super::shape_texts::list(ui, w)
    {
        if let Some(s) = w.session.annotation.segments.get(i) {
            w.audio.seek_to(s.start_s);
        }
        w.act(Action::Select(Some(i)));
    }
}

/// The task's box attributes, ticked as the selected box has them; a click (or the key
/// shown) turns one on or off. Returns the one clicked.
fn attribute_rows(ui: &mut egui::Ui, w: &Work) -> Option<usize> {
    let (s, config) = (&w.session, &w.session.project.config);
    // A span's attributes (negated, uncertain…) on a spans task, else a box's.
    let (names, what) = if s.has_spans() {
        (config.span_attributes(), "span")
    } else {
        (config.box_attributes(), "box")
    };
    if names.is_empty() || !(s.has_boxes() || s.has_spans()) {
        return None;
    }
    let selected: Option<&[String]> = s.selected.and_then(|i| {
        if s.has_spans() {
            s.annotation.spans.get(i).map(|x| &x.attributes[..])
        } else {
            s.annotation.boxes.get(i).map(|x| &x.attributes[..])
        }
    });
    ui.separator();
    ui.label(if selected.is_some() {
        format!("The selected {what} is")
    } else if what == "span" {
        "Span attributes (pick a span: click it, or Tab)".into()
    } else {
        "Box attributes (select a box: click it, or Tab)".into()
    });
    let mut clicked = None;
    for (i, name) in names.iter().enumerate() {
        let keys = w.keymap.keys_of(Command::Attribute(i as u8));
        ui.horizontal(|ui| {
            let mut on = selected.is_some_and(|has| has.contains(name));
            let box_ = ui.add_enabled(selected.is_some(), egui::Checkbox::new(&mut on, name));
            if box_.clicked() {
                clicked = Some(i);
            }
            if !keys.is_empty() {
                ui.label(RichText::new(keys).weak().monospace());
            }
        });
    }
    clicked
}

/// The labels, with their colours and keys, the current or chosen ones marked; a click
/// picks one.
fn label_rows(
    ui: &mut egui::Ui,
    w: &Work,
    labels: &[crate::core::config::Label],
    boxes: bool,
    picked: &mut Option<usize>,
) {
    for (i, l) in labels.iter().enumerate() {
        let n_boxes = w
            .session
            .annotation
            .boxes
            .iter()
            .filter(|b| b.label == l.name)
            .count();
        let chosen = w.session.annotation.labels.contains(&l.name);
        let current = boxes && w.session.current_label == i;
        ui.horizontal(|ui| {
            let (r, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
            ui.painter().rect_filled(r, 3.0, w.color_of(&l.name));
            let mut text = RichText::new(label_text(&l.hotkey, &l.name));
            if current || chosen {
                text = text.strong();
            }
            let mut row = ui.selectable_label(current || chosen, text);
            if !l.description.trim().is_empty() {
                row = row.on_hover_text(&l.description);
            }
            if row.clicked() {
                *picked = Some(i);
            }
            if n_boxes > 0 {
                ui.label(RichText::new(format!("{n_boxes}")).weak());
            }
        });
    }
}

/// Where the spans or segments shown are a model's: from which field, and that Enter takes
/// them as they are.
fn suggested_note(ui: &mut egui::Ui, w: &Work, kind: ControlKind) {
    if !w.session.shapes_suggested {
        return;
    }
    let from = (w.session.project.config.controls.iter())
        .find_map(|c| c.prefill.as_deref().filter(|_| c.kind == kind))
        .unwrap_or_default();
    ui.label(
        RichText::new(format!(
            "suggested ({from}): {} accepts them; a change makes them yours",
            w.keymap.keys_of(Command::Submit)
        ))
        .color(super::palette::caution(ui.visuals())),
    );
}

/// Under the labels: the segments or boxes of this item, and the selected one. True when
/// "fit all" was clicked.
fn label_panel_footer(ui: &mut egui::Ui, w: &Work, boxes: bool) -> bool {
    let mut fit_all = false;
    if w.session.has_spans() {
        ui.separator();
        ui.label(match w.session.annotation.spans.len() {
            1 => "1 span in this text".to_string(),
            n => format!("{n} spans in this text"),
        });
        suggested_note(ui, w, ControlKind::Spans);
        if let Some(s) = w
            .session
            .selected
            .and_then(|i| w.session.annotation.spans.get(i))
        {
            ui.label(format!("selected: {} “{}”", s.label, s.text));
        }
        super::unsure::spans_note(ui, w);
        ui.label(
            RichText::new(format!(
                "click a word or drag across words: a span with the current label (Shift+drag: the very characters) · click a span to pick it · {} removes it · {} picks the next · {} / {} walk the words, {} stretches, a number key marks them",
                w.keymap.keys_of(Command::Delete),
                w.keymap.keys_of(Command::SelectNext),
                w.keymap.keys_of(Command::NudgeLeft),
                w.keymap.keys_of(Command::NudgeRight),
                w.keymap.keys_of(Command::NudgeRight10),
            ))
            .weak(),
        );
    } else if w.session.has_segments() {
        ui.separator();
        ui.horizontal(|ui| {
            let n = w.session.annotation.segments.len();
            ui.label(match n {
                1 => "1 segment on this clip".to_string(),
                n => format!("{n} segments on this clip"),
            });
            fit_all = n > 0
                && w.is_audio()
                && (ui.small_button("fit all"))
                    .on_hover_text(format!(
                        "every segment's edges fitted to its sound, one undo step ({})",
                        w.keymap.keys_of(Command::FitAllSegments)
                    ))
                    .clicked();
        });
        suggested_note(ui, w, ControlKind::Segments);
        if let Some(s) = w
            .session
            .selected
            .and_then(|i| w.session.annotation.segments.get(i))
        {
            ui.label(format!(
                "selected: {} {:.2}–{:.2} s",
                s.label, s.start_s, s.end_s
            ));
        }
        let k = |c| w.keymap.keys_of(c);
        ui.label(
            RichText::new(format!(
                "{} play/pause · ←/→ seek (Alt: 0.1 s) · [ ] speed · {} start/end a segment at the playhead · {} / {} the selected one's start / end to the playhead · {} fit it to its sound ({} all of them) · {} loop it",
                k(Command::PlayPause),
                k(Command::MarkSegment),
                k(Command::SegmentStart),
                k(Command::SegmentEnd),
                k(Command::FitSegment),
                k(Command::FitAllSegments),
                k(Command::LoopSegment)
            ))
            .weak(),
        );
    } else if boxes {
        ui.separator();
        ui.label(match w.session.annotation.boxes.len() {
            1 => "1 box on this image".to_string(),
            n => format!("{n} boxes on this image"),
        });
        if let Some(sel) = w.session.selected
            && let Some(b) = w.session.annotation.boxes.get(sel)
        {
            // An outline says so, with its points: a box's numbers alone would hide its shape.
            let count = w.session.project.config.box_keypoints().len();
            let rotated = w.session.project.config.box_rotated();
            let shape = match b.polygons.iter().map(Vec::len).sum::<usize>() {
                0 if count > 0 => format!(" ({} of {count} keypoints)", b.placed_keypoints()),
                // The angle, with the keys that change it: said on every box of such a task.
                0 if rotated => format!(
                    " turned {:.0}° ({} / {})",
                    b.rotation,
                    w.keymap.keys_of(Command::RotateLeft),
                    w.keymap.keys_of(Command::RotateRight)
                ),
                0 => String::new(),
                n => format!(" (outline, {n} points)"),
            };
            ui.label(format!(
                "selected: {}{shape} at {:.0},{:.0} {:.0}×{:.0}",
                b.label, b.x, b.y, b.w, b.h
            ));
        }
        if w.canvas.draw_mode {
            ui.label(
                RichText::new("drawing: drag a box").color(super::palette::focus(ui.visuals())),
            );
        }
        if let Some(r) = w.canvas.brush {
            let into = match w.session.selected {
                Some(_) => "into the selected object",
                None => "a new object",
            };
            ui.label(
                RichText::new(format!(
                    "brush ({r:.0} pt): drag paints {into}, Shift+drag paints out, Ctrl+click picks another — [ ] size, Esc puts it down"
                ))
                .color(super::palette::focus(ui.visuals())),
            );
        }
        if let Some(t) = w.canvas.wand {
            let into = match w.session.selected {
                Some(_) => "into the selected object",
                None => "as a new object",
            };
            let busy = !w.canvas.requests.is_empty()
                || w.detail.as_ref().is_some_and(|d| d.shapes_pending > 0);
            let doing = if busy { " — filling…" } else { "" };
            ui.label(
                RichText::new(format!(
                    "wand (tolerance {t}): a click fills like colour {into}, Shift+click takes it out, Ctrl+click picks another — [ ] tolerance, Esc puts it down{doing}"
                ))
                .color(super::palette::focus(ui.visuals())),
            );
        }
        if let Some(pl) = w.canvas.placing {
            let config = &w.session.project.config;
            let scheme = crate::ui::keypoints::Scheme {
                names: config.box_keypoints(),
                skeleton: &[],
                left: &[],
            };
            ui.label(
                RichText::new(format!(
                    "keypoints: click {} — Shift+click: hidden, Space: not in the picture, Backspace: back, Esc: later",
                    scheme.called(pl.next)
                ))
                .color(super::palette::focus(ui.visuals())),
            );
        }
        if let Some(points) = &w.canvas.turning {
            let next = match points.len() {
                0 => "click one end of the box's top side",
                1 => "click the other end of its top side (Shift: at a whole 15°)",
                _ => "click how far across it reaches",
            };
            ui.label(
                RichText::new(format!(
                    "turned box: {next} — Backspace takes a click back, Esc drops it"
                ))
                .color(super::palette::focus(ui.visuals())),
            );
        }
        if let Some(points) = &w.canvas.polygon {
            ui.label(
                RichText::new(format!(
                    "outlining: {} point(s) — click the next corner; Enter or the first point closes it, Backspace takes one back, Esc drops it",
                    points.len()
                ))
                .color(super::palette::focus(ui.visuals())),
            );
        }
    }
    fit_all
}

/// Position, timer, pace, earnings and the last message.
pub fn status_bar(ui: &mut egui::Ui, w: &mut Work) {
    let (active_ms, paused) = w.session.item_timer();
    ui.horizontal(|ui| {
        let s = &w.session;
        ui.label(format!("{} / {}", if s.ids.is_empty() { 0 } else { s.pos + 1 }, s.ids.len()));
        if let Some(item) = &s.item {
            let (icon, color) = status_icon(item.status, item.flagged);
            ui.label(RichText::new(format!("{icon} {}", item.status)).color(color));
        }
        if let Some(by) = &s.answer_by {
            ui.label(RichText::new(format!("answer by {by}")).color(super::palette::other(ui.visuals())))
                .on_hover_text(format!(
                    "{by} answered this item; your first change saves it, changed, as yours ({})",
                    s.annotator()
                ));
        }
        ui.separator();
        let c = &w.session.counts;
        ui.label(format!("{} to do", crate::core::progress::grouped(c.to_do())))
            .on_hover_text(format!(
                "of {} items: {} new, {} draft, {} submitted, {} skipped",
                crate::core::progress::grouped(c.total()),
                c.get(Status::New),
                c.get(Status::Draft),
                c.get(Status::Submitted),
                c.get(Status::Skipped)
            ));
        ui.separator();
        let secs = active_ms / 1000;
        let timer = format!("{}:{:02}", secs / 60, secs % 60);
        if paused {
            ui.label(RichText::new(format!("{timer} paused")).color(super::palette::caution(ui.visuals())))
                .on_hover_text("The timer runs while you work on this item; it pauses when you are idle or the window is not focused.");
        } else {
            ui.label(RichText::new(format!("{timer} active")).color(super::palette::good(ui.visuals())));
        }
        ui.separator();
        match s.items_per_hour() {
            Some(r) => ui.label(format!("{r:.0} items/h")),
            None => ui.label("– items/h"),
        };
        match s.median_seconds() {
            Some(m) => ui.label(format!("median {m:.1} s/item")),
            None => ui.label("median – s/item"),
        };
        if let Some(earned) = s.earned() {
            ui.label(format!("earned {earned:.2}"));
        }
        ui.separator();
        // A long message (a path, an import's note) ends in "…" at the window's edge; egui
        // shows all of it on hover.
        // What was refused or lost stands out; the rest stays quiet.
        let alarm = ["NOT SAVED", "not submitted"]
            .iter()
            .any(|a| w.message.starts_with(a));
        let text = RichText::new(&w.message);
        let text = if alarm {
            text.color(super::palette::caution(ui.visuals()))
        } else {
            text.weak()
        };
        ui.add(egui::Label::new(text).truncate());
    });
}

#[cfg(test)]
mod tests {
    use super::record_title;
    use serde_json::json;

    #[test]
    fn a_record_row_joins_its_shown_fields_on_one_line() {
        let data = json!({"author": "user_481", "text": "Does anyone\nknow?", "n": 3, "blank": ""});
        let data = data.as_object().unwrap();
        let show = |f: &[&str]| f.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            record_title(&show(&["author", "blank", "text"]), data),
            "user_481 · Does anyone know?"
        );
        assert_eq!(record_title(&show(&["n"]), data), "3");
        // Nothing shown that it has: its first field.
        assert_eq!(record_title(&show(&["missing"]), data), "user_481");
        let long = json!({"text": "word ".repeat(40)});
        let title = record_title(&show(&["text"]), long.as_object().unwrap());
        assert_eq!(title.chars().count(), 81);
        assert!(title.ends_with('…'));
    }
}
