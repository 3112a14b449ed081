//! Text items: their shown fields, compared responses side by side (optional word diff) and
//! the text answers under them. The questions themselves are in `questions.rs`.

use super::conversation_view;
use super::field_images::Place;
use super::markup::{self, Look};
use super::work::Work;
use crate::core::config::ControlKind;
use crate::core::conversation::{Turn, turns};
use crate::core::{Control, Item, TaskConfig};
use crate::io::pictures::file_ref;
use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId, RichText};
use serde_json::Value;
use std::collections::HashSet;

/// Laid-out fields of the item on screen, by (field, width, diff shown): a long record is
/// laid out once, not every frame. Cleared when the item changes.
pub type GalleyCache = std::collections::HashMap<(String, u32, bool), std::sync::Arc<egui::Galley>>;

/// Word diffs are skipped above this many words a side (the table is n×m).
const DIFF_MAX_WORDS: usize = 3_000;

/// A text item: the shown fields (query words highlighted), the compared responses side by
/// side, then the text answers.
pub fn text_view(ui: &mut egui::Ui, w: &mut Work, item: &Item) {
    // Laid-out text carries its colors: a theme change lays it out again.
    let dark = ui.visuals().dark_mode;
    if w.galleys_dark != dark {
        w.galleys.clear();
        w.galleys_dark = dark;
    }
    if w.galleys_item != Some(item.id) {
        w.galleys.clear();
        w.galleys_item = Some(item.id);
    }
    let mut cache = std::mem::take(&mut w.galleys);
    let cfg = w.session.project.config.clone();
    let (fields, compare) = text_fields(&cfg, item);
    let highlight: Vec<String> = cfg
        .task
        .highlight
        .as_ref()
        .and_then(|f| item.data.get(f))
        .map(|v| words_of(&as_text(v)))
        .unwrap_or_default();
    let mut edits = Vec::new();
    let pages = std::mem::take(&mut w.scroll_pages);
    // Its own scroll position per item: the next item starts at its top.
    let out = egui::ScrollArea::vertical()
        .id_salt(("item text", item.id))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if pages != 0.0 {
                // A page is most of the view, so a line stays in sight across the step.
                let page = ui.clip_rect().height() * 0.85;
                ui.scroll_with_delta(egui::vec2(0.0, -pages * page));
            }
            let spans = w.session.has_spans();
            w.links.anchors.clear();
            for (name, value) in fields {
                if super::field_images::block(ui, w, name, item, value, Place::Body)
                    || super::field_clips::block(ui, w, name, item, value, false)
                {
                    continue;
                }
                if spans {
                    let text = as_text(value);
                    let (shown, cut) = clip(&text);
                    super::spans_view::field(ui, w, name, name, shown);
                    if cut > 0 {
                        ui.label(
                            RichText::new(format!(
                                "… {cut} more characters not shown here (spans go up to here)"
                            ))
                            .weak(),
                        );
                    }
                    continue;
                }
                let hl = if Some(name) == cfg.task.highlight.as_ref() {
                    &[][..]
                } else {
                    &highlight[..]
                };
                if let Some(turns) = turns(value) {
                    conversation_view::history(ui, &mut cache, name, &turns, hl);
                    continue;
                }
                field_block(ui, &mut cache, name, &as_text(value), hl, None);
            }
            if let Some(c) = compare {
                // Pictures and clips have no words to diff.
                let files = (c.fields.iter())
                    .filter(|f| item.data.get(*f).and_then(file_ref).is_some())
                    .count();
                ui.horizontal(|ui| {
                    ui.label(RichText::new("responses").small().weak());
                    if c.fields.len() == 2 && !spans && files == 0 {
                        ui.checkbox(&mut w.show_diff, "word diff (T)");
                    }
                });
                // Chat messages are shown as a dialogue and compared by their words.
                let chats: Vec<Option<Vec<Turn>>> = (c.fields.iter())
                    .map(|f| item.data.get(f).and_then(turns).filter(|_| !spans))
                    .collect();
                let texts: Vec<String> = (c.fields.iter().zip(&chats))
                    .map(|(f, chat)| match chat {
                        Some(t) => conversation_view::joined(t),
                        None => item.data.get(f).map(as_text).unwrap_or_default(),
                    })
                    .collect();
                let marks = if w.show_diff && texts.len() == 2 {
                    word_diff(&texts[0], &texts[1])
                } else {
                    None
                };
                // The answer so far, on each response: "preferred", or its place in a ranking.
                let picked = w.session.answer(&c.name).cloned();
                let place = |field: &str| match &picked {
                    Some(Value::String(p)) if p == field => " · preferred".to_string(),
                    Some(Value::Array(r)) => r
                        .iter()
                        .position(|v| v.as_str() == Some(field))
                        .map(|i| format!(" · #{}", i + 1))
                        .unwrap_or_default(),
                    _ => String::new(),
                };
                ui.columns(texts.len(), |cols| {
                    for (i, col) in cols.iter_mut().enumerate() {
                        let key = if i < 9 {
                            format!("[{}] ", i + 1)
                        } else {
                            String::new()
                        };
                        if spans && item.data.get(&c.fields[i]).and_then(file_ref).is_none() {
                            // Marking the responses (a hallucinated claim, an unsafe step):
                            // the number keys name the labels, so no key in the title.
                            let title = format!("{}{}", c.fields[i], place(&c.fields[i]));
                            let (shown, _) = clip(&texts[i]);
                            super::spans_view::field(col, w, &c.fields[i], &title, shown);
                            continue;
                        }
                        let mark = marks.as_ref().map(|m| {
                            (
                                &m[i],
                                if i == 0 {
                                    super::palette::removed_bg(col.visuals())
                                } else {
                                    super::palette::added_bg(col.visuals())
                                },
                            )
                        });
                        let title = format!("{key}{}{}", c.fields[i], place(&c.fields[i]));
                        let chosen = matches!(&picked, Some(Value::String(p)) if *p == c.fields[i]);
                        if let Some(v) = item.data.get(&c.fields[i])
                            && (super::field_images::block(
                                col,
                                w,
                                &title,
                                item,
                                v,
                                Place::Compared { chosen },
                            ) || super::field_clips::block(col, w, &title, item, v, chosen))
                        {
                            continue;
                        }
                        if let Some(chat) = &chats[i] {
                            conversation_view::block(
                                col, &mut cache, &title, chat, &highlight, mark,
                            );
                            continue;
                        }
                        field_block(col, &mut cache, &title, &texts[i], &highlight, mark);
                    }
                });
            }
            if spans {
                super::relations_view::paint(ui, w);
            }
            super::answer_fields::text_answers(ui, w, item, &mut edits);
        });
    w.galleys = cache;
    w.text_offset = out.state.clamped_offset().y;
    super::field_images::zoom(ui.ctx(), w);
    for a in edits {
        w.act(a);
    }
}

/// A text item's fields in the body, and the comparison whose responses sit side by side
/// under them (suggestions are in the Questions panel).
fn text_fields<'a>(
    cfg: &'a TaskConfig,
    item: &'a Item,
) -> (Vec<(&'a String, &'a Value)>, Option<&'a Control>) {
    let compare = cfg.controls.iter().find(|c| c.kind == ControlKind::Compare);
    let mut elsewhere: HashSet<&str> = compare
        .map(|c| c.fields.iter().map(String::as_str).collect())
        .unwrap_or_default();
    elsewhere.extend(suggestion_fields(cfg));
    (shown_fields(cfg, item, &elsewhere), compare)
}

/// The fields a text item shows, in reading order (the body, then the compared responses):
/// where the spans keyboard cursor walks.
pub fn reading_order(cfg: &TaskConfig, item: &Item) -> Vec<String> {
    let (fields, compare) = text_fields(cfg, item);
    let mut names: Vec<String> = fields.into_iter().map(|(f, _)| f.clone()).collect();
    names.extend(compare.iter().flat_map(|c| c.fields.iter().cloned()));
    names
}

/// An image's metadata (from a manifest: a caption, a source) above it, one short block:
/// the config's `show` fields, or with none named every field but the suggestions (those
/// are in the Questions panel). Long values wrap and scroll within a fifth of the height.
pub fn image_fields(ui: &mut egui::Ui, w: &Work, item: &Item) {
    let cfg = &w.session.project.config;
    // A text answer's draft is in its field, what was changed from it under the field.
    let mut elsewhere = suggestion_fields(cfg);
    elsewhere.extend(cfg.controls.iter().filter_map(|c| c.prefill.as_deref()));
    let fields = shown_fields(cfg, item, &elsewhere);
    if fields.is_empty() {
        return;
    }
    egui::ScrollArea::vertical()
        .id_salt(("image fields", item.id))
        .max_height(ui.available_height() / 5.0)
        .show(ui, |ui| {
            for (name, value) in fields {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(format!("{name}:")).weak());
                    ui.label(as_text(value));
                });
            }
        });
    ui.separator();
}

/// The fields whose values are suggested answers (`prefill` on a question other than text).
fn suggestion_fields(cfg: &TaskConfig) -> HashSet<&str> {
    cfg.controls
        .iter()
        .filter(|c| c.kind != ControlKind::Text)
        .filter_map(|c| c.prefill.as_deref())
        .collect()
}

/// The item's fields to show: the config's `show`, or with none named every field but
/// those shown `elsewhere`.
fn shown_fields<'a>(
    cfg: &TaskConfig,
    item: &'a Item,
    elsewhere: &HashSet<&str>,
) -> Vec<(&'a String, &'a Value)> {
    if cfg.task.show.is_empty() {
        // An id an export wrote (its items come back in for review) says nothing to a person;
        // nor does a manifest's clip length, said over the waveform.
        let clip = item.kind == crate::core::MediaKind::Audio;
        item.data
            .iter()
            .filter(|(k, _)| {
                !elsewhere.contains(k.as_str())
                    && *k != crate::core::item::ID_FIELD
                    && !(clip && *k == "duration")
            })
            .collect()
    } else {
        cfg.task
            .show
            .iter()
            .filter_map(|f| item.data.get_key_value(f))
            .collect()
    }
}

pub(super) fn as_text(v: &Value) -> String {
    crate::core::item::value_text(v)
}

/// One field: its name, then its text in a frame, wrapped, whitespace kept; words in
/// `highlight` marked; words flagged in `diff` shaded.
fn field_block(
    ui: &mut egui::Ui,
    cache: &mut GalleyCache,
    name: &str,
    text: &str,
    highlight: &[String],
    diff: Option<(&Vec<bool>, Color32)>,
) {
    ui.label(RichText::new(name).small().weak());
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        laid_text(ui, cache, name.to_string(), text, highlight, diff);
    });
    ui.add_space(6.0);
}

/// A text as a field shows it, laid out once per `key` (and width, and diff shown): the
/// first 200 KB, and how much more there is.
pub(super) fn laid_text(
    ui: &mut egui::Ui,
    cache: &mut GalleyCache,
    key: String,
    text: &str,
    highlight: &[String],
    diff: Option<(&Vec<bool>, Color32)>,
) {
    let (shown, cut) = clip(text);
    let key = (key, ui.available_width().to_bits(), diff.is_some());
    let galley = match cache.get(&key) {
        Some(g) => g.clone(),
        None => {
            let job = layout_job(ui, shown, highlight, diff);
            let g = ui.ctx().fonts_mut(|f| f.layout_job(job));
            cache.insert(key, g.clone());
            g
        }
    };
    // Columns lay out justified; prose reads better ragged.
    ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
        ui.label(galley)
    });
    if cut > 0 {
        ui.label(
            RichText::new(format!(
                "… {cut} more characters not shown here (the record is kept whole)"
            ))
            .weak(),
        );
    }
}

/// The text set by its looks (see `markup`), words in `highlight` marked and words
/// flagged in `diff` shaded; a word split across looks (`` `x`. ``) counts once.
fn layout_job(
    ui: &egui::Ui,
    text: &str,
    highlight: &[String],
    diff: Option<(&Vec<bool>, Color32)>,
) -> LayoutJob {
    let v = ui.visuals();
    let format = |look: Look| {
        let (font_id, color, background) = match look {
            Look::Prose => (
                FontId::proportional(17.0),
                super::palette::reading(v),
                Color32::TRANSPARENT,
            ),
            Look::Strong => (
                FontId::proportional(17.0),
                v.strong_text_color(),
                Color32::TRANSPARENT,
            ),
            Look::Heading => (
                FontId::proportional(20.0),
                v.strong_text_color(),
                Color32::TRANSPARENT,
            ),
            Look::Code | Look::InlineCode => (
                FontId::monospace(15.0),
                super::palette::reading(v),
                v.code_bg_color,
            ),
            Look::Fence => (
                FontId::monospace(15.0),
                v.weak_text_color(),
                Color32::TRANSPARENT,
            ),
        };
        TextFormat {
            font_id,
            color,
            background,
            ..Default::default()
        }
    };
    let mut job = LayoutJob {
        wrap: egui::text::TextWrapping {
            max_width: ui.available_width(),
            ..Default::default()
        },
        ..Default::default()
    };
    let runs = markup::looks(text);
    let marking = !highlight.is_empty() || diff.is_some();
    let mut word = 0;
    let mut marked = None;
    for (i, &(start, look)) in runs.iter().enumerate() {
        let end = runs.get(i + 1).map_or(text.len(), |r| r.0);
        let run = &text[start..end];
        if !marking {
            // One section a run: no per-word work, even for a long record.
            job.append(run, 0.0, format(look));
            continue;
        }
        let mut at = start;
        for piece in split_keep(run) {
            let fmt = format(look);
            if !piece.trim().is_empty() {
                let starts_word = text[..at]
                    .chars()
                    .next_back()
                    .is_none_or(char::is_whitespace);
                if starts_word {
                    let bare = normalize(&word_at(text, at));
                    let lit = !bare.is_empty() && highlight.iter().any(|q| same_word(q, &bare));
                    let changed = diff.and_then(|(marks, bg)| {
                        marks.get(word).copied().unwrap_or(false).then_some(bg)
                    });
                    // A changed word is marked whole (a comma added is a change); a found
                    // word without the punctuation around it ("Lisbon", not "Lisbon.").
                    marked = changed
                        .map(|bg| (bg, true))
                        .or(lit.then_some((super::palette::found_bg(v), false)));
                    word += 1;
                }
                if let Some((bg, whole)) = marked {
                    let (before, core, after) = if whole {
                        ("", piece, "")
                    } else {
                        word_and_marks(piece)
                    };
                    let mut lit_fmt = fmt.clone();
                    lit_fmt.background = bg;
                    lit_fmt.color = v.strong_text_color();
                    for (part, f) in [(before, &fmt), (core, &lit_fmt), (after, &fmt)] {
                        if !part.is_empty() {
                            job.append(part, 0.0, f.clone());
                        }
                    }
                    at += piece.len();
                    continue;
                }
            }
            job.append(piece, 0.0, fmt);
            at += piece.len();
        }
    }
    job
}

/// A piece of text as the punctuation before it, its word, and the punctuation after:
/// `"(Lisbon)."` is `("(", "Lisbon", ").")`.
fn word_and_marks(piece: &str) -> (&str, &str, &str) {
    let bare = |c: char| !c.is_alphanumeric();
    let lead = piece.len() - piece.trim_start_matches(bare).len();
    let (before, rest) = piece.split_at(lead);
    let core = rest.trim_end_matches(bare);
    let (core, after) = rest.split_at(core.len());
    (before, core, after)
}

/// Whether a word of the text is one of the query's: the same, or the same but for a
/// plural's final "s" ("flight" for "flights").
fn same_word(query: &str, word: &str) -> bool {
    fn single(w: &str) -> &str {
        match w.strip_suffix('s') {
            Some(s) if s.chars().count() >= 3 && !s.ends_with('s') => s,
            _ => w,
        }
    }
    query == word || single(query) == single(word)
}

/// The whole whitespace-delimited word that starts at byte `at`.
fn word_at(text: &str, at: usize) -> String {
    text[at..]
        .split(char::is_whitespace)
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Shown characters at most per field: laying out megabytes each frame would stall the UI.
const SHOW_MAX_BYTES: usize = 200_000;

/// The shown part of a text and how many characters are left out.
pub(super) fn clip(text: &str) -> (&str, usize) {
    if text.len() <= SHOW_MAX_BYTES {
        return (text, 0);
    }
    let mut end = SHOW_MAX_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (&text[..end], text[end..].chars().count())
}

/// Splits into alternating runs of whitespace and non-whitespace, losing nothing.
fn split_keep(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut in_space = None;
    for (i, ch) in text.char_indices() {
        let sp = ch.is_whitespace();
        if in_space.is_some_and(|s| s != sp) {
            out.push(&text[start..i]);
            start = i;
        }
        in_space = Some(sp);
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

fn normalize(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// English words too common to say anything about relevance: marking every "to" and "the"
/// in a result only hides the words that matter.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "how", "in", "is", "it", "of",
    "on", "or", "the", "to", "what", "with",
];

/// Distinct words (of at least 2 letters, stop words aside) to highlight.
fn words_of(text: &str) -> Vec<String> {
    let mut v: Vec<String> = text
        .split_whitespace()
        .map(normalize)
        .filter(|w| w.chars().count() >= 2 && !STOP_WORDS.contains(&w.as_str()))
        .collect();
    v.sort();
    v.dedup();
    v
}

/// For each word of `a` and of `b`: true when it is not part of their longest common
/// subsequence (i.e. it differs). `None` when the part that differs is too long to compare.
pub fn word_diff(a: &str, b: &str) -> Option<[Vec<bool>; 2]> {
    let wa: Vec<&str> = a.split_whitespace().collect();
    let wb: Vec<&str> = b.split_whitespace().collect();
    // The words both texts start and end with are common as they stand: only the part
    // between needs the n×m table (a correction typed into a long answer changes a few
    // words; 3,000 words a side took 27 ms a keystroke).
    let head = wa.iter().zip(&wb).take_while(|(x, y)| x == y).count();
    let tail = wa[head..]
        .iter()
        .rev()
        .zip(wb[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ma, mb) = (&wa[head..wa.len() - tail], &wb[head..wb.len() - tail]);
    if ma.len() > DIFF_MAX_WORDS || mb.len() > DIFF_MAX_WORDS {
        return None;
    }
    let [mid_a, mid_b] = lcs_marks(ma, mb);
    let (mut da, mut db) = (vec![false; wa.len()], vec![false; wb.len()]);
    da[head..head + ma.len()].copy_from_slice(&mid_a);
    db[head..head + mb.len()].copy_from_slice(&mid_b);
    Some([da, db])
}

/// The words of `wa` and `wb` outside one longest common subsequence.
fn lcs_marks(wa: &[&str], wb: &[&str]) -> [Vec<bool>; 2] {
    let (n, m) = (wa.len(), wb.len());
    let mut t = vec![0u16; (n + 1) * (m + 1)];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            t[i * (m + 1) + j] = if wa[i] == wb[j] {
                t[(i + 1) * (m + 1) + j + 1] + 1
            } else {
                t[(i + 1) * (m + 1) + j].max(t[i * (m + 1) + j + 1])
            };
        }
    }
    let (mut da, mut db) = (vec![true; n], vec![true; m]);
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if wa[i] == wb[j] {
            da[i] = false;
            db[j] = false;
            i += 1;
            j += 1;
        } else if t[(i + 1) * (m + 1) + j] >= t[i * (m + 1) + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    [da, db]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_marks_only_changed_words() {
        let [a, b] = word_diff("the cat sat on the mat", "the dog sat on a mat").unwrap();
        assert_eq!(a, vec![false, true, false, false, true, false]);
        assert_eq!(b, vec![false, true, false, false, true, false]);
    }

    #[test]
    fn a_long_text_with_one_word_changed_is_compared_past_the_table_limit() {
        let words: Vec<String> = (0..10_000).map(|i| format!("w{}", i % 97)).collect();
        let mut other = words.clone();
        other[5_000] = "changed".into();
        other.insert(5_010, "more".into());
        let [a, b] = word_diff(&words.join(" "), &other.join(" ")).unwrap();
        assert_eq!(a.iter().filter(|x| **x).count(), 1);
        assert!(a[5_000]);
        assert_eq!(
            b.iter()
                .enumerate()
                .filter(|(_, x)| **x)
                .map(|(i, _)| i)
                .collect::<Vec<_>>(),
            [5_000, 5_010]
        );
        // Changed all through: too long for the table.
        let flipped: Vec<String> = words.iter().map(|w| format!("{w}x")).collect();
        assert!(word_diff(&words.join(" "), &flipped.join(" ")).is_none());
        assert_eq!(word_diff("", "").unwrap(), [Vec::<bool>::new(), Vec::new()]);
        assert_eq!(
            word_diff("a b", "a b").unwrap(),
            [vec![false; 2], vec![false; 2]]
        );
    }

    #[test]
    fn long_texts_are_clipped_on_a_char_boundary() {
        let t = "é".repeat(150_000);
        let (shown, cut) = clip(&t);
        assert_eq!(shown.chars().count() + cut, 150_000);
        assert!(shown.len() <= SHOW_MAX_BYTES);
        assert_eq!(clip("short"), ("short", 0));
    }

    #[test]
    fn a_word_split_across_looks_takes_one_diff_mark() {
        let text = "Use `x`. ok\n```\ny = 1\n```";
        let marks = vec![false, true, false, true, false, false];
        let bg = Color32::from_rgb(1, 2, 3);
        let mut job = None;
        let ctx = egui::Context::default();
        let mut out = ctx.run_ui(Default::default(), |ui| {
            job = Some(layout_job(ui, text, &[], Some((&marks, bg))));
        });
        out.textures_delta.clear();
        let job = job.unwrap();
        let shaded: Vec<&str> = job
            .sections
            .iter()
            .filter(|s| s.format.background == bg)
            .map(|s| &job.text[s.byte_range.start.0..s.byte_range.end.0])
            .collect();
        // Words: Use, `x`., ok, ```, y, =, 1, ``` — the second and the fourth are marked.
        assert_eq!(shaded, ["`x`", ".", "```"]);
        let code = job
            .sections
            .iter()
            .find(|s| job.text[s.byte_range.start.0..s.byte_range.end.0].starts_with('y'))
            .unwrap();
        assert!(code.format.font_id.family == egui::FontFamily::Monospace);
        assert_eq!(job.text, text, "every character is shown");
    }

    #[test]
    fn a_found_word_is_marked_without_its_punctuation_and_plurals_are_found() {
        assert_eq!(word_and_marks("(Lisbon)."), ("(", "Lisbon", ")."));
        assert_eq!(word_and_marks("Lisbon"), ("", "Lisbon", ""));
        assert_eq!(word_and_marks("—"), ("—", "", ""));
        assert!(same_word("flights", "flight"));
        assert!(same_word("flight", "flights"));
        assert!(same_word("cactus", "cactus"));
        assert!(!same_word("bus", "bu"), "short words are left as they are");
        assert!(!same_word("class", "clas"));
        assert!(!same_word("cheap", "cheaper"));
    }

    #[test]
    fn split_keeps_every_character() {
        let t = "  a  b\\n\\tc ";
        assert_eq!(split_keep(t).concat(), t);
        assert_eq!(
            words_of("Cheap flights, to Lisbon! How to repot the AI"),
            vec!["ai", "cheap", "flights", "lisbon", "repot"]
        );
    }
}
