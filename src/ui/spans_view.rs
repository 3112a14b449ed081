//! Spans on a text item's shown fields: each marked stretch tinted in its label's colour with
//! the label's name after it. A click on a word marks it with the current label, a drag
//! across words marks them all (whole words, whatever the pointer's precision), a click on
//! a span selects it (a number key renames it, Delete removes it).

use super::work::Work;
use crate::core::Span;
use crate::core::spans::{exact, in_word, snap_to_words};
use crate::session::Action;
use egui::text::{CCursor, LayoutJob, TextFormat};
use egui::{Color32, FontId, RichText, Sense, Stroke};

/// A press on a field's text, until the pointer is let go: its field and character.
#[derive(Debug, Clone, PartialEq)]
pub struct SpanDrag {
    pub field: String,
    pub from: usize,
}

/// What a place in the laid-out text is: a character of the field, or a span's tag.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Place {
    Char(usize),
    Tag(usize),
}

/// A field's text laid out with its spans, and where the tags sit in it.
struct Laid {
    job: LayoutJob,
    /// (first character in the layout, length, index of the span) of each tag.
    tags: Vec<(usize, usize, usize)>,
}

impl Laid {
    /// The field's character (or the tag) at character `g` of the layout.
    fn place(&self, g: usize) -> Place {
        let mut shift = 0;
        for &(start, len, span) in &self.tags {
            if g < start {
                break;
            }
            if g < start + len {
                return Place::Tag(span);
            }
            shift += len;
        }
        Place::Char(g - shift)
    }

    /// Where character `c` of the field is in the layout: past the tags before it.
    fn laid_index(&self, c: usize) -> usize {
        let mut shift = 0;
        for &(start, len, _) in &self.tags {
            // The tag sits before the field's character `start - shift`.
            if start - shift > c {
                break;
            }
            shift += len;
        }
        c + shift
    }
}

/// Shades the layout's characters `a..b` (the part a drag would mark), row by row, under the
/// text: painted, not laid out again, so a drag over a long record stays smooth.
fn shade(
    painter: &egui::Painter,
    galley: &egui::Galley,
    origin: egui::Pos2,
    a: usize,
    b: usize,
    color: Color32,
) {
    let mut row_start = 0;
    for row in &galley.rows {
        let row_end = row_start + row.char_count_excluding_newline().0;
        let (from, to) = (a.max(row_start), b.min(row_end));
        if from < to {
            let x = |i: usize, next_row: bool| {
                let mut c = CCursor::new(i);
                c.prefer_next_row = next_row;
                galley.pos_from_cursor(c).min.x
            };
            let rect = egui::Rect::from_min_max(
                egui::pos2(x(from, true), row.min_y()),
                egui::pos2(x(to, false), row.max_y()),
            );
            painter.rect_filled(rect.translate(origin.to_vec2()), 2.0, color);
        }
        row_start += row.char_count_including_newline().0;
    }
}

/// One field of a spans task: its `title`, then its text with the spans, taking clicks and
/// drags; `name` is the record's field the spans are on.
pub fn field(ui: &mut egui::Ui, w: &mut Work, name: &str, title: &str, text: &str) {
    ui.label(RichText::new(title).small().weak());
    let chars: Vec<char> = text.chars().collect();
    let mut spans: Vec<(usize, Span)> = (w.session.annotation.spans.iter().enumerate())
        .filter(|(_, s)| s.field == name)
        .map(|(i, s)| (i, s.clone()))
        .collect();
    // In reading order, as laid out (spans imported from elsewhere may come in any order).
    spans.sort_by_key(|(_, s)| (s.start, s.end));
    let mut actions = Vec::new();
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        if !w.session.project.config.span_relations().is_empty() {
            // Room for the links above the first line.
            ui.add_space(8.0);
        }
        let laid = layout(ui, w, text, &spans);
        let galley = ui.ctx().fonts_mut(|f| f.layout_job(laid.job.clone()));
        // The whole width: a drag may start in the margin right of a short line.
        let size = egui::vec2(ui.available_width().max(galley.size().x), galley.size().y);
        let (rect, resp) = ui.allocate_exact_size(size, Sense::click_and_drag());
        resp.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Label, true, format!("spans in {name}"))
        });
        let resp = resp.on_hover_cursor(egui::CursorIcon::Text);
        // The character a point is on (not the gap nearest it, as a text cursor would be).
        let under = |p: egui::Pos2| -> Place {
            let rel = p - rect.min;
            let g = galley.cursor_from_pos(rel).index.0;
            let x = galley.pos_from_cursor(CCursor::new(g)).center().x;
            laid.place(if g > 0 && rel.x < x { g - 1 } else { g })
        };
        // Where a drag is: on a tag, the end of its span.
        let char_at = |p: egui::Pos2| match under(p) {
            Place::Char(c) => c,
            Place::Tag(i) => spans
                .iter()
                .find(|(j, _)| *j == i)
                .map_or(0, |(_, s)| s.end),
        };
        let dragging = w.span_drag.as_ref().filter(|d| d.field == name).cloned();
        // Whole words, or with Shift the very characters dragged over.
        let shift = ui.input(|i| i.modifiers.shift);
        let range = |from: usize, to: usize| {
            if shift {
                exact(&chars, from, to)
            } else {
                snap_to_words(&chars, from, to)
            }
        };
        if let Some(d) = &dragging
            && let Some(p) = ui.ctx().pointer_latest_pos()
            && let Some((a, b)) = range(d.from, char_at(p))
        {
            let color = ui.visuals().selection.bg_fill;
            let (a, b) = (laid.laid_index(a), laid.laid_index(b));
            shade(ui.painter(), &galley, rect.min, a, b, color);
        }
        // The keyboard's word cursor: shaded as a drag would be, what a number key marks.
        if let Some(c) = w.span_cursor.as_mut().filter(|c| c.field == name)
            && w.session.item.as_ref().is_some_and(|i| i.id == c.item)
        {
            let (a, b) = (laid.laid_index(c.start), laid.laid_index(c.end));
            let color = ui.visuals().selection.bg_fill;
            shade(ui.painter(), &galley, rect.min, a, b, color);
            if std::mem::take(&mut c.moved) {
                let at = galley.pos_from_cursor(CCursor::new(a));
                ui.scroll_to_rect(at.translate(rect.min.to_vec2()), None);
            }
        }
        ui.painter()
            .galley(rect.min, galley.clone(), ui.visuals().text_color());
        // Where the spans in view start, for the relations drawn between them (a screen
        // above and below too, so a link to a span just out of view is still drawn).
        if !w.session.project.config.span_relations().is_empty() {
            let clip = ui.clip_rect();
            let seen = egui::Rangef::new(
                clip.min.y - clip.height() - rect.min.y,
                clip.max.y + clip.height() - rect.min.y,
            );
            let laid_spans: Vec<(usize, usize)> = (spans.iter())
                // The span's own letters, not its tag after them.
                .map(|(_, s)| {
                    let last = laid.laid_index(s.end.max(s.start + 1) - 1);
                    (laid.laid_index(s.start), last + 1)
                })
                .collect();
            let rows = super::relations_view::first_rows(&galley, &laid_spans, seen);
            for ((_, s), row) in spans.iter().zip(rows) {
                if let Some(r) = row {
                    let r = r.translate(rect.min.to_vec2());
                    w.links.anchors.push((crate::core::SpanRef::of(s), r));
                }
            }
        }
        if resp.drag_started()
            && let Some(p) = ui.ctx().input(|i| i.pointer.press_origin())
        {
            w.span_drag = Some(SpanDrag {
                field: name.to_string(),
                from: char_at(p),
            });
        }
        if resp.drag_started() || resp.clicked() {
            // The pointer marks now: the keyboard's cursor steps aside.
            w.span_cursor = None;
        }
        if resp.drag_stopped() {
            w.span_drag = None;
            if let (Some(d), Some(p)) = (&dragging, resp.interact_pointer_pos())
                && let Some((start, end)) = range(d.from, char_at(p))
            {
                actions.push(add(w, name, start, end));
            }
        } else if resp.clicked()
            && let Some(p) = resp.interact_pointer_pos()
        {
            match under(p) {
                Place::Tag(i) => actions.push(Action::Select(Some(i))),
                Place::Char(c) => {
                    if let Some(&(i, _)) = spans.iter().find(|(_, s)| s.start <= c && c < s.end) {
                        actions.push(Action::Select(Some(i)));
                    } else if chars.get(c).is_some_and(|ch| in_word(*ch))
                        && let Some((start, end)) = snap_to_words(&chars, c, c + 1)
                    {
                        actions.push(add(w, name, start, end));
                    } else {
                        actions.push(Action::Select(None));
                    }
                }
            }
        }
    });
    ui.add_space(6.0);
    for a in actions {
        // A span clicked while a relation is being drawn is where it ends.
        if let Action::Select(Some(i)) = a
            && w.link_to(i)
        {
            continue;
        }
        w.act(a);
    }
}

/// A new span with the current label.
fn add(w: &Work, field: &str, start: usize, end: usize) -> Action {
    Action::AddSpan(Span {
        label: w
            .session
            .label_name(w.session.current_label)
            .unwrap_or_default(),
        field: field.to_string(),
        start,
        end,
        text: String::new(),
        attributes: Vec::new(),
    })
}

/// The text in sections: plain stretches, each span tinted in its label's colour (the
/// selected one underlined) and followed by its label's name.
fn layout(ui: &egui::Ui, w: &Work, text: &str, spans: &[(usize, Span)]) -> Laid {
    let v = ui.visuals();
    // Where spans are linked, the lines stand apart: the relations are drawn between them.
    let linked = !w.session.project.config.span_relations().is_empty();
    let plain = TextFormat {
        font_id: FontId::proportional(17.0),
        color: super::palette::reading(v),
        line_height: linked.then_some(super::relations_view::LINE_HEIGHT),
        ..Default::default()
    };
    let mut job = LayoutJob {
        wrap: egui::text::TextWrapping {
            max_width: ui.available_width(),
            ..Default::default()
        },
        ..Default::default()
    };
    // Byte offset of each character, and of the end.
    let bytes: Vec<usize> = (text.char_indices().map(|(i, _)| i))
        .chain([text.len()])
        .collect();
    let n = bytes.len() - 1;
    let cut = |a: usize, b: usize| &text[bytes[a.min(n)]..bytes[b.min(n)]];
    let mut tags = Vec::new();
    let mut laid_chars = 0;
    let put = |job: &mut LayoutJob, s: &str, f: TextFormat, laid_chars: &mut usize| {
        if !s.is_empty() {
            job.append(s, 0.0, f);
            *laid_chars += s.chars().count();
        }
    };
    let plain_part = |job: &mut LayoutJob, a: usize, b: usize, laid_chars: &mut usize| {
        put(job, cut(a, b), plain.clone(), laid_chars);
    };
    let mut at = 0;
    for (i, s) in spans {
        // Spans from another tool may overlap or run past the text: shown as far as they can be.
        let (start, end) = (s.start.max(at).min(n), s.end.min(n));
        if start >= end {
            continue;
        }
        plain_part(&mut job, at, start, &mut laid_chars);
        let color = w.color_of(&s.label);
        let selected = w.session.selected == Some(*i);
        let mark = TextFormat {
            background: color.gamma_multiply(0.45),
            color: v.strong_text_color(),
            underline: if selected {
                Stroke::new(2.5, color)
            } else {
                Stroke::NONE
            },
            // Its tint as tall as the letters, not as the row (taller where spans are
            // linked), and the letters level with the rest.
            line_height: None,
            valign: egui::Align::Center,
            ..plain.clone()
        };
        put(&mut job, cut(start, end), mark, &mut laid_chars);
        // No-break spaces: the tag stays on the line of the span it names.
        // Its attributes after its label: "PER · negated".
        let tag = std::iter::once(&s.label)
            .chain(&s.attributes)
            .cloned()
            .collect::<Vec<_>>()
            .join(" · ");
        // A span its model doubted says so on its tag: "PER ?".
        let doubt = if w.unsure.span_of(*i).is_some() {
            " ?"
        } else {
            ""
        };
        let tag = format!("\u{a0}{}{doubt}\u{a0}", tag.replace(' ', "\u{a0}"));
        let tag_len = tag.chars().count();
        tags.push((laid_chars, tag_len, *i));
        let tag_format = TextFormat {
            font_id: FontId::proportional(12.0),
            // A dark label colour (a blue) on a dark panel is lightened to be read.
            color: if selected {
                Color32::BLACK
            } else if v.dark_mode {
                color.lerp_to_gamma(Color32::WHITE, 0.4)
            } else {
                color
            },
            background: if selected {
                color
            } else {
                color.gamma_multiply(0.15)
            },
            valign: egui::Align::Center,
            ..Default::default()
        };
        put(&mut job, &tag, tag_format, &mut laid_chars);
        at = end;
    }
    plain_part(&mut job, at, n, &mut laid_chars);
    Laid { job, tags }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_in_the_layout_is_a_character_of_the_field_or_a_tag() {
        // "Ada Lovelace met Babbage": tags " PER " (5 characters) after "Ada Lovelace" and
        // after "Babbage".
        let laid = Laid {
            job: LayoutJob::default(),
            tags: vec![(12, 5, 0), (29, 5, 1)],
        };
        assert_eq!(laid.place(0), Place::Char(0));
        assert_eq!(laid.place(11), Place::Char(11));
        assert_eq!(laid.place(12), Place::Tag(0));
        assert_eq!(laid.place(16), Place::Tag(0));
        assert_eq!(laid.place(17), Place::Char(12));
        assert_eq!(laid.place(28), Place::Char(23));
        assert_eq!(laid.place(29), Place::Tag(1));
        assert_eq!(laid.place(34), Place::Char(24));
        // And back: a character after a tag is past it.
        for c in [0, 11, 12, 23, 24] {
            assert_eq!(laid.place(laid.laid_index(c)), Place::Char(c), "{c}");
        }
        assert_eq!(laid.laid_index(12), 17);
    }
}
