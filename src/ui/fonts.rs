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
];

/// Windows' own, in its Fonts folder: Segoe UI (Greek, Cyrillic, Arabic, Hebrew), YaHei
/// (Chinese, and Japanese kana), Malgun Gothic (Korean), Segoe UI Symbol and Emoji.
const WINDOWS_FONTS: &[&str] = &[
    "segoeui.ttf",
    "msyh.ttc",
    "malgun.ttf",
    "seguisym.ttf",
    "seguiemj.ttf",
];

fn candidates() -> Vec<std::path::PathBuf> {
    let mut all: Vec<std::path::PathBuf> = CANDIDATES.iter().map(Into::into).collect();
    if cfg!(windows) {
        let windir = std::env::var_os("WINDIR").unwrap_or_else(|| r"C:\Windows".into());
        let fonts = std::path::Path::new(&windir).join("Fonts");
        all.extend(WINDOWS_FONTS.iter().map(|f| fonts.join(f)));
    }
    all
}

/// Adds every candidate font found as a last-resort fallback; returns how many.
pub fn add_system_fallbacks(ctx: &egui::Context) -> usize {
    let mut n = 0;
    for path in candidates() {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let path = path.to_string_lossy();
        let families = [FontFamily::Proportional, FontFamily::Monospace]
            .into_iter()
            .map(|family| InsertFontFamily {
                family,
                priority: FontPriority::Lowest,
            })
            .collect();
        ctx.add_font(FontInsert::new(
            &path,
            FontData::from_owned(bytes),
            families,
        ));
        n += 1;
    }
    n
}
