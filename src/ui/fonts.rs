//! Fallback fonts from the system, so Cyrillic, Arabic, CJK and symbols in file names and
//! texts show as letters, not boxes. The bundled font covers Latin only.

use egui::{FontData, FontFamily, FontInsert, FontPriority, InsertFontFamily};

/// Common places of wide-coverage fonts, most useful first; missing ones are passed over.
const CANDIDATES: &[&str] = &[
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansHebrew-Regular.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/noto/NotoEmoji-Regular.ttf",
    // Debian's fonts-symbola: monochrome emoji and symbols.
    "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
    "/System/Library/Fonts/PingFang.ttc",
    "C:\\Windows\\Fonts\\seguisym.ttf",
    "C:\\Windows\\Fonts\\msyh.ttc",
];

/// Adds every candidate font found as a last-resort fallback; returns how many.
pub fn add_system_fallbacks(ctx: &egui::Context) -> usize {
    let mut n = 0;
    for path in CANDIDATES {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let families = [FontFamily::Proportional, FontFamily::Monospace]
            .into_iter()
            .map(|family| InsertFontFamily {
                family,
                priority: FontPriority::Lowest,
            })
            .collect();
        ctx.add_font(FontInsert::new(path, FontData::from_owned(bytes), families));
        n += 1;
    }
    n
}
