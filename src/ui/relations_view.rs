//! Relations between spans, drawn over the text: from the top of one span up and across to
//! the other, an arrowhead on the span it points to and its kind in a tag on the way (a
//! click on the tag picks it); in the label panel, the kinds with their keys and the item's
//! relations, each a click away.

use super::keymap::Command;
use super::work::Work;
use crate::core::relations::{Relation, SpanRef};
use egui::{Color32, FontId, Pos2, Rect, RichText, Sense, Stroke, pos2, vec2};

/// A text row's height where spans are linked: room above each line for the links.
pub const LINE_HEIGHT: f32 = 42.0;

/// The height of the glyphs in a row (17 px text): the rest of `LINE_HEIGHT` is split above
/// and below them.
const GLYPHS: f32 = 22.0;

/// Where each of `spans` (layout character ranges, in reading order) starts: the part of
/// its first row it covers, in the galley's coordinates — for the rows within `seen` (the
/// rest `None`), in one pass over the rows.
pub fn first_rows(
    galley: &egui::Galley,
    spans: &[(usize, usize)],
    seen: egui::Rangef,
) -> Vec<Option<Rect>> {
    use egui::epaint::text::CharIndex;
    let mut out = vec![None; spans.len()];
    let (mut k, mut row_start) = (0, 0);
    for row in &galley.rows {
        if k == spans.len() || row.min_y() > seen.max {
            break;
        }
        let row_end = row_start + row.char_count_excluding_newline().0;
        let next = row_start + row.char_count_including_newline().0;
        // A span starting where a wrapped row ends starts on the next row.
        while k < spans.len() && spans[k].0 < next {
            let (a, b) = spans[k];
            if row.max_y() >= seen.min && a >= row_start {
                let x = |c: usize| row.pos.x + row.x_offset(CharIndex(c - row_start));
                let right = if b <= row_end { x(b) } else { row.rect().max.x };
                let left = x(a.min(row_end));
                out[k] = Some(Rect::from_min_max(
                    pos2(left, row.min_y()),
                    pos2(right.max(left + 4.0), row.max_y()),
                ));
            }
            k += 1;
        }
        row_start = next;
    }
    out
}

/// The colour of relation kind `k` of `n`: hues apart from one another, lighter on a dark
/// theme.
pub fn kind_color(v: &egui::Visuals, k: usize, n: usize) -> Color32 {
    let hue = (0.58 + k as f32 / n.max(1) as f32) % 1.0;
    let value = if v.dark_mode { 0.95 } else { 0.6 };
    egui::ecolor::Hsva::new(hue, 0.55, value, 1.0).into()
}

fn color_of(v: &egui::Visuals, w: &Work, r: &Relation) -> Color32 {
    let kinds = w.session.project.config.span_relations();
    match kinds.iter().position(|k| *k == r.label) {
        Some(k) => kind_color(v, k, kinds.len()),
        None => v.weak_text_color(), // a kind the task no longer has
    }
}

/// The space above (and below) the glyphs of a row.
fn margin(r: Rect) -> f32 {
    ((r.height() - GLYPHS) / 2.0).max(0.0)
}

/// The top middle of a span's glyphs on its first row.
fn top(r: Rect) -> Pos2 {
    pos2(r.center().x, r.min.y + margin(r))
}

/// "→", or "↔" for a kind of relation that goes both ways.
pub fn arrow(w: &Work, kind: &str) -> &'static str {
    if w.session
        .project
        .config
        .span_symmetric()
        .iter()
        .any(|s| s == kind)
    {
        "↔"
    } else {
        "→"
    }
}

/// The bottom middle of a span's glyphs on its first row.
fn bottom(r: Rect) -> Pos2 {
    pos2(r.center().x, r.max.y - margin(r))
}

/// Draws the item's relations between the spans laid out this frame (`w.links.anchors`),
/// and the one being drawn from its span to the pointer; a click on a tag picks it.
pub fn paint(ui: &mut egui::Ui, w: &mut Work) {
    // Looked up by place (`w.links.anchors` stays till the next frame: a test finds the
    // spans there).
    let anchors: std::collections::HashMap<&SpanRef, Rect> =
        w.links.anchors.iter().map(|(r, rect)| (r, *rect)).collect();
    let at = |r: &SpanRef| anchors.get(r).copied();
    let both_ways = w.session.project.config.span_symmetric().to_vec();
    let painter = ui.painter().clone();
    let v = ui.visuals().clone();
    let picked = w.picked_relation();
    let mut clicked = None;
    let clip = ui.clip_rect();
    // Relations with one end far off screen, drawn after the rest, each span's side by side.
    let mut stubs: Vec<(usize, Ends, String)> = Vec::new();
    for (i, rel) in w.session.annotation.relations.iter().enumerate() {
        let (a, b) = match (at(&rel.from), at(&rel.to)) {
            (Some(a), Some(b)) => (a, b),
            // One end far off screen: a stub from the end in view to the edge, its tag
            // naming the span it goes to.
            (Some(seen), None) | (None, Some(seen)) if clip.intersects(seen) => {
                let here_is_from = at(&rel.from).is_some();
                let (here, other) = if here_is_from {
                    (&rel.from, &rel.to)
                } else {
                    (&rel.to, &rel.from)
                };
                let ends = Ends {
                    seen,
                    here_is_from,
                    above: w.comes_before(other, here),
                };
                stubs.push((i, ends, stub_words(w, rel, ends)));
                continue;
            }
            _ => continue,
        };
        let color = color_of(&v, w, rel);
        let width = if picked == Some(i) { 2.5 } else { 1.5 };
        let (mid, end_dir, pb) = if (a.min.y - b.min.y).abs() < 1.0 {
            // On one row: up, across above the line, down onto the other; links alternate
            // between two heights, so two side by side stay apart.
            let (pa, pb) = (top(a), top(b));
            let y = pa.y.min(pb.y) - 9.0 - 5.0 * (i % 2) as f32;
            let line = vec![pa, pos2(pa.x, y), pos2(pb.x, y), pb];
            painter.add(egui::Shape::line(line, Stroke::new(width, color)));
            (pos2((pa.x + pb.x) / 2.0, y), vec2(0.0, 1.0), pb)
        } else {
            // Rows apart: from the side of one that faces the other, through the space
            // between the lines, so the curve crosses no text of either.
            let down = b.min.y > a.min.y;
            let (pa, pb) = if down {
                (bottom(a), top(b))
            } else {
                (top(a), bottom(b))
            };
            let bend = vec2(0.0, ((pb.y - pa.y).abs() / 2.0).min(40.0));
            let bend = if down { bend } else { -bend };
            let (c1, c2) = (pa + bend, pb - bend);
            let curve = egui::epaint::CubicBezierShape::from_points_stroke(
                [pa, c1, c2, pb],
                false,
                Color32::TRANSPARENT,
                Stroke::new(width, color),
            );
            let mid = curve.sample(0.5);
            painter.add(curve);
            (mid, (pb - c2).normalized(), pb)
        };
        // A kind that goes both ways points nowhere in particular.
        if !both_ways.contains(&rel.label) {
            arrowhead(&painter, pb, end_dir, color);
        }
        let chip = tag(&painter, mid, &rel.label, color, picked == Some(i), &v);
        if relation_tag(ui, chip, i, &format!("relation {}", rel.label)) {
            clicked = Some(i);
        }
    }
    // A span's stubs side by side, up or down; those past the view's right edge are one
    // "+3 more" tag naming them on hover (the panel lists every relation).
    let mut drawn = vec![false; stubs.len()];
    for first in 0..stubs.len() {
        if drawn[first] {
            continue;
        }
        let key = |j: usize| (stubs[j].1.seen, stubs[j].1.above);
        let group: Vec<usize> = (first..stubs.len())
            .filter(|&j| key(j) == key(first))
            .collect();
        let mut min_left = f32::MIN;
        for (n, &j) in group.iter().enumerate() {
            drawn[j] = true;
            let (i, ends, words) = &stubs[j];
            let label = words.strip_prefix("relation ").unwrap_or(words);
            let later = group.len() - n - 1;
            let more = |k: usize| format!("+{k} more");
            let need = tag_width(&painter, label)
                + if later > 0 {
                    4.0 + tag_width(&painter, &more(later))
                } else {
                    0.0
                };
            let start = (ends.seen.center().x - tag_width(&painter, label) / 2.0)
                .max(min_left)
                .max(clip.left() + 2.0);
            if n > 0 && start + need > clip.right() - 2.0 {
                let hidden: Vec<&str> = group[n..].iter().map(|&h| stubs[h].2.as_str()).collect();
                let centre = stub_centre(*ends);
                let place = |size: egui::Vec2| {
                    let r = Rect::from_center_size(centre, size);
                    let left = start.min(clip.right() - 2.0 - size.x);
                    r.translate(vec2(left - r.left(), 0.0))
                };
                let chip = placed_tag(
                    &painter,
                    place,
                    &more(hidden.len()),
                    v.weak_text_color(),
                    false,
                    &v,
                );
                let id = ui.scope_id().with(("more relations", j));
                let resp = ui.interact(chip, id, Sense::hover());
                resp.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::Label, true, more(hidden.len()))
                });
                resp.on_hover_text(hidden.join("\n"));
                group[n..].iter().for_each(|&h| drawn[h] = true);
                break;
            }
            let rel = &w.session.annotation.relations[*i];
            let chip = stub(
                &painter,
                clip,
                w,
                rel,
                *ends,
                words,
                min_left,
                picked == Some(*i),
                &v,
            );
            min_left = chip.right() + 4.0;
            if relation_tag(ui, chip, *i, words) {
                clicked = Some(*i);
            }
        }
    }
    // The one being drawn follows the pointer.
    if let Some(from) = w.linking_from().and_then(at)
        && let Some(p) = ui.ctx().pointer_latest_pos()
        && ui.clip_rect().contains(p)
    {
        let kinds = w.session.project.config.span_relations();
        let color = kind_color(
            &v,
            w.links.kind.min(kinds.len().saturating_sub(1)),
            kinds.len(),
        );
        let line = [top(from), p];
        painter.extend(egui::Shape::dashed_line(
            &line,
            Stroke::new(1.5, color),
            6.0,
            4.0,
        ));
    }
    if let Some(i) = clicked {
        w.pick_relation(i);
    }
}

/// A relation's tag as a button (named `name` for screen readers and tests); whether it
/// was clicked.
fn relation_tag(ui: &mut egui::Ui, chip: Rect, i: usize, name: &str) -> bool {
    let resp = ui.interact(chip, ui.scope_id().with(("relation", i)), Sense::click());
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, name));
    resp.on_hover_cursor(egui::CursorIcon::PointingHand)
        .clicked()
}

/// A relation with one span in view: where that one is, whether it is the one the relation
/// points from, and whether the other comes before it (is above).
#[derive(Clone, Copy)]
struct Ends {
    seen: Rect,
    here_is_from: bool,
    above: bool,
}

/// What a stub's tag says: the kind and the other span's words, read in the relation's
/// direction, with which way that span is — "works_at → “Volta Solar” ↓" from the span in
/// view, "“Volta Solar” ↓ located_in →" to it.
fn stub_words(w: &Work, rel: &Relation, ends: Ends) -> String {
    let other = if ends.here_is_from {
        &rel.to
    } else {
        &rel.from
    };
    let text = (w.session.annotation.spans.iter())
        .find(|s| other.is(s))
        .map_or(String::new(), |s| s.text.clone());
    let text = match text.char_indices().nth(24) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    };
    let way = if ends.above { "↑" } else { "↓" };
    let arrow = arrow(w, &rel.label);
    if ends.here_is_from {
        format!("relation {} {arrow} “{text}” {way}", rel.label)
    } else {
        format!("relation “{text}” {way} {} {arrow}", rel.label)
    }
}

/// Draws the stub of a relation whose other span is far off screen: a short line off the
/// span in view — up if the other comes before it, down if after — and its tag (`words`,
/// from [`stub_words`]) in the gap between the lines, right of `min_left` (the tags of one
/// span's stubs side by side) and inside the view.
#[allow(clippy::too_many_arguments)]
fn stub(
    painter: &egui::Painter,
    clip: Rect,
    w: &Work,
    rel: &Relation,
    ends: Ends,
    words: &str,
    min_left: f32,
    picked: bool,
    v: &egui::Visuals,
) -> Rect {
    let color = color_of(v, w, rel);
    let width = if picked { 2.5 } else { 1.5 };
    let (from, away) = if ends.above {
        (top(ends.seen), vec2(0.0, -1.0))
    } else {
        (bottom(ends.seen), vec2(0.0, 1.0))
    };
    let end = from + away * 7.0;
    painter.line_segment([from, end], Stroke::new(width, color));
    if !w
        .session
        .project
        .config
        .span_symmetric()
        .contains(&rel.label)
    {
        if ends.here_is_from {
            arrowhead(painter, end + away * 4.0, away, color);
        } else {
            arrowhead(painter, from, -away, color);
        }
    }
    let label = words.strip_prefix("relation ").unwrap_or(words);
    let centre = stub_centre(ends);
    let place = |size: egui::Vec2| {
        let r = Rect::from_center_size(centre, size);
        let left = r.left().max(min_left).max(clip.left() + 2.0);
        let left = left.min(clip.right() - 2.0 - size.x);
        r.translate(vec2(left - r.left(), 0.0))
    };
    placed_tag(painter, place, label, color, picked, v)
}

/// Where a stub's tag is centred: off the span in view, up or down, past its short line.
fn stub_centre(ends: Ends) -> Pos2 {
    if ends.above {
        top(ends.seen) + vec2(0.0, -17.0)
    } else {
        bottom(ends.seen) + vec2(0.0, 17.0)
    }
}

/// How wide a tag saying `label` is.
fn tag_width(painter: &egui::Painter, label: &str) -> f32 {
    let galley = painter.layout_no_wrap(
        label.to_string(),
        FontId::proportional(11.0),
        Color32::WHITE,
    );
    galley.size().x + 8.0
}

fn arrowhead(painter: &egui::Painter, tip: Pos2, dir: egui::Vec2, color: Color32) {
    let n = vec2(-dir.y, dir.x);
    let back = tip - dir * 7.0;
    painter.add(egui::Shape::convex_polygon(
        vec![tip, back + n * 4.0, back - n * 4.0],
        color,
        Stroke::NONE,
    ));
}

/// The relation's kind in a small tag centred on `at`; returns where it is.
fn tag(
    painter: &egui::Painter,
    at: Pos2,
    label: &str,
    color: Color32,
    picked: bool,
    v: &egui::Visuals,
) -> Rect {
    let place = |size: egui::Vec2| Rect::from_center_size(at, size);
    placed_tag(painter, place, label, color, picked, v)
}

/// A tag whose place `place` gives from its size.
fn placed_tag(
    painter: &egui::Painter,
    place: impl FnOnce(egui::Vec2) -> Rect,
    label: &str,
    color: Color32,
    picked: bool,
    v: &egui::Visuals,
) -> Rect {
    let text_color = if picked { Color32::BLACK } else { color };
    let galley = painter.layout_no_wrap(label.to_string(), FontId::proportional(11.0), text_color);
    let rect = place(galley.size() + vec2(8.0, 2.0));
    let fill = if picked { color } else { v.extreme_bg_color };
    painter.rect(
        rect,
        3.0,
        fill,
        Stroke::new(1.0, color),
        egui::StrokeKind::Inside,
    );
    painter.galley(rect.min + vec2(4.0, 1.0), galley, text_color);
    rect
}

/// Under the span labels: the kinds of relation with their keys (while one is drawn, the
/// number keys pick among them) and the item's relations, a click picking one.
pub fn panel(ui: &mut egui::Ui, w: &mut Work) {
    let kinds = w.session.project.config.span_relations().to_vec();
    if kinds.is_empty() {
        return;
    }
    ui.separator();
    let linking = w.linking_from().is_some();
    let picked = w.picked_relation();
    ui.label(if linking || picked.is_some() {
        "relations — a number key gives the kind"
    } else {
        "relations"
    });
    let v = ui.visuals().clone();
    ui.horizontal_wrapped(|ui| {
        for (k, name) in kinds.iter().enumerate() {
            let key = if k < 10 {
                format!("[{}] ", (k + 1) % 10)
            } else {
                String::new()
            };
            let mut text =
                RichText::new(format!("{key}{name}")).color(kind_color(&v, k, kinds.len()));
            if k == w.links.kind && (linking || picked.is_none()) {
                text = text.strong().underline();
            }
            ui.add(egui::Label::new(text).wrap_mode(egui::TextWrapMode::Extend));
        }
    });
    let (relations, spans) = (&w.session.annotation.relations, &w.session.annotation.spans);
    let text_of = |r: &SpanRef| {
        spans
            .iter()
            .find(|s| r.is(s))
            .map_or(String::new(), |s| s.text.clone())
    };
    let mut clicked = None;
    // Only the lines in view are made: a long record may hold thousands of links.
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
    egui::ScrollArea::vertical()
        .id_salt("relations")
        .max_height(row_height * 8.0)
        .auto_shrink([false, true])
        .show_rows(ui, row_height, relations.len(), |ui, range| {
            for i in range {
                let r = &relations[i];
                let line = format!(
                    "“{}” {} {} “{}”",
                    text_of(&r.from),
                    r.label,
                    arrow(w, &r.label),
                    text_of(&r.to)
                );
                let label = egui::Button::selectable(picked == Some(i), line.as_str())
                    .wrap_mode(egui::TextWrapMode::Truncate);
                if ui.add(label).on_hover_text(line).clicked() {
                    clicked = Some(i);
                }
            }
        });
    ui.label(
        RichText::new(format!(
            "pick a span, {0} links it to another: click that one (or pick it, then Enter); a click on a relation's tag picks it, {0} turns it round, {1} removes it",
            w.keymap.keys_of(Command::Relate),
            w.keymap.keys_of(Command::Delete),
        ))
        .weak(),
    );
    if let Some(i) = clicked {
        w.pick_relation(i);
    }
}
