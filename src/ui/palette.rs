//! Colors that carry a meaning (a warning, the running timer, the active question, marked
//! words), each in a shade for the dark theme and one for the light: a yellow made to stand
//! out on near-black is unreadable on white, and a dark-red word background hides dark text
//! (marked words are drawn in the strong text color for the same reason).

use egui::{Color32, Visuals};

/// Something to act on: an error that loses nothing, a paused timer.
pub fn caution(v: &Visuals) -> Color32 {
    pick(
        v,
        Color32::from_rgb(255, 180, 60),
        Color32::from_rgb(175, 95, 0),
    )
}

/// All is well: the timer counting.
pub fn good(v: &Visuals) -> Color32 {
    pick(
        v,
        Color32::from_rgb(80, 200, 120),
        Color32::from_rgb(20, 125, 55),
    )
}

/// Where the keys go: the highlighted question, drawing mode.
pub fn focus(v: &Visuals) -> Color32 {
    pick(
        v,
        Color32::from_rgb(255, 200, 80),
        Color32::from_rgb(165, 95, 0),
    )
}

/// Another person's work on show.
pub fn other(v: &Visuals) -> Color32 {
    pick(v, Color32::LIGHT_BLUE, Color32::from_rgb(25, 85, 185))
}

/// Behind words only the first response has (word diff).
pub fn removed_bg(v: &Visuals) -> Color32 {
    pick(
        v,
        Color32::from_rgb(110, 40, 40),
        Color32::from_rgb(255, 205, 205),
    )
}

/// Behind words only the second response has (word diff).
pub fn added_bg(v: &Visuals) -> Color32 {
    pick(
        v,
        Color32::from_rgb(30, 90, 50),
        Color32::from_rgb(190, 240, 200),
    )
}

/// Behind the words searched for.
pub fn found_bg(v: &Visuals) -> Color32 {
    pick(
        v,
        Color32::from_rgb(120, 100, 20),
        Color32::from_rgb(255, 235, 140),
    )
}

/// The item's own words (a record, a prompt, two responses): read for hours, so darker or
/// lighter than egui's grey for the window's labels, yet apart from the strong (`**bold**`)
/// color.
pub fn reading(v: &Visuals) -> Color32 {
    pick(v, Color32::from_gray(205), Color32::from_gray(60))
}

fn pick(v: &Visuals, dark: Color32, light: Color32) -> Color32 {
    if v.dark_mode { dark } else { light }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG's relative luminance, and the contrast of two colors (1 to 21).
    fn contrast(a: Color32, b: Color32) -> f32 {
        let lum = |c: Color32| {
            let ch = |x: u8| {
                let s = f32::from(x) / 255.0;
                if s <= 0.03928 {
                    s / 12.92
                } else {
                    ((s + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * ch(c.r()) + 0.7152 * ch(c.g()) + 0.0722 * ch(c.b())
        };
        let (x, y) = (lum(a), lum(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn every_meaning_reads_on_both_themes() {
        for v in [Visuals::dark(), Visuals::light()] {
            let bg = v.panel_fill;
            for (name, c) in [
                ("caution", caution(&v)),
                ("good", good(&v)),
                ("focus", focus(&v)),
                ("other", other(&v)),
            ] {
                let k = contrast(c, bg);
                assert!(k >= 3.0, "{name} on {bg:?}: contrast {k:.1}");
            }
            // The item's text reads as well as print, and its strong words still stand out.
            let k = contrast(reading(&v), bg);
            assert!(k >= 7.0, "reading on {bg:?}: contrast {k:.1}");
            assert!(contrast(reading(&v), bg) > contrast(v.text_color(), bg));
            assert!(contrast(v.strong_text_color(), reading(&v)) >= 1.5);
            // Marked words are drawn in the strong text color, which must read on the mark.
            for (name, mark) in [
                ("removed", removed_bg(&v)),
                ("added", added_bg(&v)),
                ("found", found_bg(&v)),
            ] {
                let k = contrast(v.strong_text_color(), mark);
                assert!(
                    k >= 4.5,
                    "text on {name} ({:?}): contrast {k:.1}",
                    v.dark_mode
                );
            }
        }
    }
}
