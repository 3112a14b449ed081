//! What a correction changed: under a text answer that starts from a field of the item (an
//! ASR transcript, a model's response), the words taken out and put in, so a stray key in a
//! prefilled transcript is seen before it is submitted, and a reviewer sees an edit at a
//! glance.

use super::text_task::word_diff;
use egui::text::{LayoutJob, TextFormat};
use egui::{FontId, RichText, Stroke};
use std::sync::Arc;

/// Unchanged words kept on each side of a change; the rest is "…".
const CONTEXT_WORDS: usize = 3;

/// One word of the merged texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    Same(&'a str),
    Out(&'a str),
    In(&'a str),
    /// Unchanged words left out.
    Gap,
}

/// The words of `before` and `after` in reading order, each change with a few unchanged
/// words around it. Empty when nothing changed; `None` when the texts are too long to
/// compare.
pub fn changes<'a>(before: &'a str, after: &'a str) -> Option<Vec<Piece<'a>>> {
    let [out, put_in] = word_diff(before, after)?;
    let a: Vec<&str> = before.split_whitespace().collect();
    let b: Vec<&str> = after.split_whitespace().collect();
    let mut all = Vec::with_capacity(a.len().max(b.len()));
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && out[i] {
            all.push(Piece::Out(a[i]));
            i += 1;
        } else if j < b.len() && put_in[j] {
            all.push(Piece::In(b[j]));
            j += 1;
        } else {
            // Both sides are on a word of their common part.
            all.push(Piece::Same(a.get(i).copied().unwrap_or_default()));
            i += 1;
            j += 1;
        }
    }
    if all.iter().all(|p| matches!(p, Piece::Same(_))) {
        return Some(Vec::new());
    }
    // Keep the unchanged words near a change.
    let near: Vec<bool> = (0..all.len())
        .map(|k| {
            let lo = k.saturating_sub(CONTEXT_WORDS);
            let hi = (k + CONTEXT_WORDS + 1).min(all.len());
            all[lo..hi].iter().any(|p| !matches!(p, Piece::Same(_)))
        })
        .collect();
    let mut shown = Vec::new();
    for (p, keep) in all.into_iter().zip(near) {
        if keep {
            shown.push(p);
        } else if shown.last() != Some(&Piece::Gap) {
            shown.push(Piece::Gap);
        }
    }
    Some(shown)
}

/// Words taken out and put in.
fn counts(pieces: &[Piece<'_>]) -> (usize, usize) {
    pieces.iter().fold((0, 0), |(o, i), p| match p {
        Piece::Out(_) => (o + 1, i),
        Piece::In(_) => (o, i + 1),
        _ => (o, i),
    })
}

/// What [`changes_ui`] keeps between frames: the texts' hash, the summary, the layout.
type Cached = (u64, String, Option<Arc<egui::Galley>>);

/// Lets go of the layout kept under `id` (the item was left: a day of items must not
/// pile up in memory).
pub fn forget(ui: &egui::Ui, id: egui::Id) {
    ui.data_mut(|d| d.remove::<Cached>(id));
}

/// The line under a text answer: "no changes from response", or the changes, words taken
/// out struck through and shaded red, words put in shaded green. Laid out once per text,
/// width and theme (a 3,000-word diff is not redone each frame).
pub fn changes_ui(ui: &mut egui::Ui, id: egui::Id, field: &str, before: &str, after: &str) {
    let width = ui.available_width();
    let key = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (before, after, width.to_bits(), ui.visuals().dark_mode).hash(&mut h);
        h.finish()
    };
    let cached: Option<Cached> = ui.data(|d| d.get_temp(id));
    let (summary, galley) = match cached {
        Some((k, summary, galley)) if k == key => (summary, galley),
        _ => {
            let (summary, galley) = lay_out(ui, field, before, after, width);
            ui.data_mut(|d| d.insert_temp::<Cached>(id, (key, summary.clone(), galley.clone())));
            (summary, galley)
        }
    };
    ui.label(RichText::new(summary).small().weak());
    if let Some(g) = galley {
        ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| ui.label(g));
    }
}

fn lay_out(
    ui: &egui::Ui,
    field: &str,
    before: &str,
    after: &str,
    width: f32,
) -> (String, Option<Arc<egui::Galley>>) {
    let Some(pieces) = changes(before, after) else {
        return (
            format!("changes from {field}: too long to compare here"),
            None,
        );
    };
    if pieces.is_empty() {
        let same = if before == after {
            format!("no changes from {field}")
        } else {
            format!("no changes from {field} but spacing")
        };
        return (same, None);
    }
    let (out, put_in) = counts(&pieces);
    let summary = format!(
        "changes from {field}: {out} {} out, {put_in} in",
        if out == 1 { "word" } else { "words" }
    );
    let v = ui.visuals();
    let font = FontId::monospace(13.0);
    let plain = TextFormat::simple(font.clone(), v.weak_text_color());
    let strong = super::palette::reading(v);
    let out_fmt = TextFormat {
        background: super::palette::removed_bg(v),
        strikethrough: Stroke::new(1.0, strong),
        ..TextFormat::simple(font.clone(), strong)
    };
    let in_fmt = TextFormat {
        background: super::palette::added_bg(v),
        ..TextFormat::simple(font, strong)
    };
    let mut job = LayoutJob::default();
    for (k, p) in pieces.iter().enumerate() {
        if k > 0 {
            job.append(" ", 0.0, plain.clone());
        }
        match p {
            Piece::Same(w) => job.append(w, 0.0, plain.clone()),
            Piece::Out(w) => job.append(w, 0.0, out_fmt.clone()),
            Piece::In(w) => job.append(w, 0.0, in_fmt.clone()),
            Piece::Gap => job.append("…", 0.0, plain.clone()),
        }
    }
    job.wrap.max_width = width;
    let galley = ui.ctx().fonts_mut(|f| f.layout_job(job));
    (summary, Some(galley))
}

#[cfg(test)]
mod tests {
    use super::Piece::*;
    use super::*;

    #[test]
    fn a_changed_word_shows_what_went_out_and_came_in_with_its_neighbours() {
        let before = "one two three four five six seven eight nine ten eleven twelve";
        let after = "one two three four five sicks seven eight nine ten eleven twelve";
        assert_eq!(
            changes(before, after).unwrap(),
            [
                Gap,
                Same("three"),
                Same("four"),
                Same("five"),
                Out("six"),
                In("sicks"),
                Same("seven"),
                Same("eight"),
                Same("nine"),
                Gap
            ]
        );
        assert_eq!(counts(&changes(before, after).unwrap()), (1, 1));
    }

    #[test]
    fn words_added_at_the_end_and_removed_at_the_start_are_shown() {
        assert_eq!(
            changes("the cat sat", "cat sat down").unwrap(),
            [Out("the"), Same("cat"), Same("sat"), In("down")]
        );
        assert_eq!(changes("", "hello").unwrap(), [In("hello")]);
        assert_eq!(changes("bye", "").unwrap(), [Out("bye")]);
    }

    #[test]
    fn the_layout_is_kept_until_the_item_is_left() {
        let ctx = egui::Context::default();
        let id = egui::Id::unique("changes test");
        let kept = |ctx: &egui::Context| ctx.data(|d| d.get_temp::<Cached>(id)).is_some();
        let frame = |forget_it: bool| {
            let mut out = ctx.run_ui(Default::default(), |ui| {
                if forget_it {
                    forget(ui, id);
                } else {
                    changes_ui(ui, id, "response", "a b c", "a x c");
                }
            });
            out.textures_delta.clear();
        };
        frame(false);
        assert!(kept(&ctx));
        frame(true);
        assert!(!kept(&ctx));
    }

    #[test]
    fn no_change_or_spacing_only_gives_nothing_to_show() {
        assert!(changes("a b  c", "a b c").unwrap().is_empty());
        assert!(changes("", "").unwrap().is_empty());
        let long = "w ".repeat(4_000);
        assert_eq!(changes(&long, "w"), None);
    }
}
