//! The recent projects the start screen offers: a list of folders in the user's config
//! folder, newest first.

use crate::project::{Project, Summary};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};

/// The recent projects with what each holds, read on a worker: a glance at a project of a
/// million items reads its status index (~50 ms), and a project on a sleeping network disk
/// may take seconds, so the start screen never waits for them.
pub(super) struct RecentList {
    pub paths: Vec<PathBuf>,
    /// Each project's summary once read, or why it could not be.
    pub summaries: Vec<Option<Result<Summary, String>>>,
    answers: Receiver<(usize, Result<Summary, String>)>,
    /// Where the list is kept, to forget a project in it.
    file: Option<PathBuf>,
}

impl RecentList {
    /// Lists the projects in `file` and starts reading their summaries.
    pub fn load(file: Option<&Path>, ctx: &egui::Context) -> RecentList {
        let paths = recent_projects(file);
        let (tx, answers) = channel();
        let todo = paths.clone();
        let ctx = ctx.clone();
        // Without the worker the list still shows, with paths only.
        let _ = std::thread::Builder::new()
            .name("recent".into())
            .spawn(move || {
                for (i, p) in todo.iter().enumerate() {
                    let s = Project::summary(p).map_err(|e| e.to_string());
                    if tx.send((i, s)).is_err() {
                        return;
                    }
                    ctx.request_repaint();
                }
            });
        RecentList {
            summaries: vec![None; paths.len()],
            paths,
            answers,
            file: file.map(Path::to_path_buf),
        }
    }

    /// Takes the summaries read since the last frame.
    pub fn update(&mut self) {
        while let Ok((i, s)) = self.answers.try_recv() {
            if let Some(slot) = self.summaries.get_mut(i) {
                *slot = Some(s);
            }
        }
    }

    /// Takes project `i` off the list (the project itself is left as it is).
    fn forget(&mut self, i: usize) {
        if i >= self.paths.len() {
            return;
        }
        let path = self.paths.remove(i);
        self.summaries.remove(i);
        forget_recent(self.file.as_deref(), &path);
    }
}

/// Draws the list (name, progress and path a line; keys 1–8 when no field has the keyboard) and
/// returns the project chosen.
pub(super) fn recent_ui(ui: &mut egui::Ui, list: &mut RecentList) -> Option<PathBuf> {
    list.update();
    if list.paths.is_empty() {
        return None;
    }
    let mut chosen = None;
    let mut forget = None;
    let keys_free = ui.memory(|m| m.focused().is_none());
    ui.add_space(12.0);
    ui.label(egui::RichText::new("Recent (keys 1–8)").strong());
    // One line a project, never wrapped: a name broken over three lines is not read at a
    // glance.
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
    egui::Grid::new("recent")
        .num_columns(5)
        .min_col_width(0.0)
        .spacing([14.0, 8.0])
        .show(ui, |ui| {
            for (i, (path, summary)) in list.paths.iter().zip(&list.summaries).enumerate() {
                let key = super::keymap::NUMBER_KEYS.get(i).filter(|_| i < 8);
                ui.label(egui::RichText::new(format!("{}", i + 1)).weak());
                let name = match summary {
                    Some(Ok(s)) => s.name.clone(),
                    _ => path.file_name().map_or_else(
                        || path.display().to_string(),
                        |n| n.to_string_lossy().into_owned(),
                    ),
                };
                // Name and progress cells start wide enough for what the summary worker
                // brings, so the path and × do not jump when it arrives.
                let clicked = ui
                    .horizontal(|ui| {
                        ui.set_min_width(NAME_WIDTH);
                        ui.link(egui::RichText::new(name).strong()).clicked()
                    })
                    .inner;
                if clicked {
                    chosen = Some(path.clone());
                }
                ui.horizontal(|ui| {
                    ui.set_min_width(PROGRESS_WIDTH);
                    progress_cell(ui, summary);
                });
                let shown = path.display().to_string();
                if ui
                    .add(egui::Link::new(egui::RichText::new(shown).weak()))
                    .clicked()
                {
                    chosen = Some(path.clone());
                }
                // A finished job (or a client's, under NDA) need not stay in view.
                if ui
                    .small_button("×")
                    .on_hover_text("Take it off this list (the project is not touched)")
                    .clicked()
                {
                    forget = Some(i);
                }
                ui.end_row();
                if keys_free && key.is_some_and(|k| ui.input(|inp| inp.key_pressed(*k))) {
                    chosen = Some(path.clone());
                }
            }
        });
    if let Some(i) = forget {
        list.forget(i);
        return None;
    }
    chosen
}

const NAME_WIDTH: f32 = 200.0;
const PROGRESS_WIDTH: f32 = 190.0;

fn progress_cell(ui: &mut egui::Ui, summary: &Option<Result<Summary, String>>) {
    match summary {
        Some(Ok(s)) => ui.label(progress_words(s)),
        Some(Err(e)) => ui
            .label(
                egui::RichText::new("cannot be read").color(super::palette::caution(ui.visuals())),
            )
            .on_hover_text(e),
        None => ui.label(egui::RichText::new("…").weak()),
    };
}

/// How far a project's work has come, in a few words.
pub(super) fn progress_words(s: &Summary) -> String {
    use crate::core::Status;
    use crate::core::progress::grouped;
    let c = &s.counts;
    let total = c.total();
    if total == 0 {
        return "no items".into();
    }
    let done = c.get(Status::Submitted);
    let mut words = if done == total {
        format!("all {} done", grouped(total))
    } else {
        format!("{} of {} done", grouped(done), grouped(total))
    };
    if c.to_do() > 0 {
        words += &format!(" · {} to do", grouped(c.to_do()));
    }
    let skipped = c.get(Status::Skipped);
    if skipped > 0 {
        words += &format!(" · {} skipped", grouped(skipped));
    }
    words
}

/// Where the recent projects are listed: `keylabel/recent` in the user's config folder.
pub fn default_recent_file() -> Option<PathBuf> {
    recent_file_in(|name| std::env::var_os(name).filter(|v| !v.is_empty()))
}

/// The config folder by the system's custom: `$XDG_CONFIG_HOME`, else `%APPDATA%` on
/// Windows (which sets no HOME), `~/Library/Application Support` on macOS, `~/.config`.
fn recent_file_in(var: impl Fn(&str) -> Option<std::ffi::OsString>) -> Option<PathBuf> {
    let home = || var("HOME").map(PathBuf::from);
    let base = var("XDG_CONFIG_HOME").map(PathBuf::from).or_else(|| {
        if cfg!(windows) {
            var("APPDATA").map(PathBuf::from)
        } else if cfg!(target_os = "macos") {
            home().map(|h| h.join("Library").join("Application Support"))
        } else {
            home().map(|h| h.join(".config"))
        }
    })?;
    Some(base.join("keylabel").join("recent"))
}

/// The projects listed in `file` that still exist, newest first, at most 8.
pub(super) fn recent_projects(file: Option<&Path>) -> Vec<PathBuf> {
    let Some(f) = file else {
        return Vec::new();
    };
    std::fs::read_to_string(f)
        .unwrap_or_default()
        .lines()
        .map(PathBuf::from)
        .filter(|p| Project::exists(p))
        .take(8)
        .collect()
}

/// Puts `path` first in the list in `file`.
pub(super) fn remember_recent(file: Option<&Path>, path: &Path) {
    let Some(f) = file else { return };
    let path = crate::io::canonical(path);
    let mut list = vec![path.clone()];
    list.extend(recent_projects(Some(f)).into_iter().filter(|p| *p != path));
    write_recent(f, &list);
}

/// Takes `path` off the list in `file`.
fn forget_recent(file: Option<&Path>, path: &Path) {
    let Some(f) = file else { return };
    let list: Vec<PathBuf> = recent_projects(Some(f))
        .into_iter()
        .filter(|p| p != path)
        .collect();
    write_recent(f, &list);
}

fn write_recent(f: &Path, list: &[PathBuf]) {
    let text: String = list
        .iter()
        .take(8)
        .map(|p| format!("{}\n", p.display()))
        .collect();
    // Best effort: a read-only config folder must not stop the work.
    if let Some(dir) = f.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = std::fs::write(f, text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_reads_as_done_of_total_and_to_do() {
        use crate::core::progress::StatusCounts;
        use crate::core::{MediaKind, Status};
        let summary = |pairs: &[(Status, u64)]| Summary {
            name: "t".into(),
            media: MediaKind::Text,
            counts: StatusCounts::from_pairs(pairs),
        };
        let s = summary(&[
            (Status::New, 1200),
            (Status::Draft, 3),
            (Status::Submitted, 797),
        ]);
        assert_eq!(progress_words(&s), "797 of 2,000 done · 1,203 to do");
        let s = summary(&[(Status::Submitted, 8), (Status::Skipped, 2)]);
        assert_eq!(progress_words(&s), "8 of 10 done · 2 skipped");
        assert_eq!(
            progress_words(&summary(&[(Status::Submitted, 5)])),
            "all 5 done"
        );
        assert_eq!(progress_words(&summary(&[])), "no items");
    }

    #[test]
    fn the_remove_button_stays_put_when_the_summaries_arrive() {
        use crate::core::MediaKind;
        use crate::core::Status;
        use crate::core::progress::StatusCounts;
        use egui_kittest::kittest::Queryable;
        let (_tx, answers) = channel();
        let list = RecentList {
            paths: vec![PathBuf::from("/data/p1"), PathBuf::from("/data/p2")],
            summaries: vec![None, None],
            answers,
            file: None,
        };
        let mut h = egui_kittest::Harness::new_ui_state(
            |ui, list: &mut RecentList| {
                recent_ui(ui, list);
            },
            list,
        );
        h.run_steps(3);
        let before: Vec<egui::Rect> = h.query_all_by_label("×").map(|n| n.rect()).collect();
        assert_eq!(before.len(), 2);
        for slot in &mut h.state_mut().summaries {
            *slot = Some(Ok(Summary {
                name: "Objects in street photos".into(),
                media: MediaKind::Image,
                counts: StatusCounts::from_pairs(&[(Status::New, 1_200), (Status::Submitted, 800)]),
            }));
        }
        h.run_steps(3);
        assert_eq!(
            h.query_all_by_label("800 of 2,000 done · 1,200 to do")
                .count(),
            2
        );
        let after: Vec<egui::Rect> = h.query_all_by_label("×").map(|n| n.rect()).collect();
        assert_eq!(before, after);
    }

    #[test]
    fn recent_projects_are_kept_where_the_system_keeps_settings() {
        let env = |pairs: &'static [(&str, &str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| std::ffi::OsString::from(v))
            }
        };
        let xdg = recent_file_in(env(&[("XDG_CONFIG_HOME", "/c"), ("HOME", "/h")]));
        assert_eq!(xdg, Some(Path::new("/c").join("keylabel").join("recent")));
        let usual = recent_file_in(env(&[("HOME", "/h"), ("APPDATA", "/a")])).unwrap();
        if cfg!(windows) {
            assert!(usual.starts_with("/a"), "{usual:?}");
        } else if cfg!(target_os = "macos") {
            assert!(usual.starts_with("/h/Library/Application Support"));
        } else {
            assert_eq!(usual, Path::new("/h/.config/keylabel/recent"));
        }
        let only_appdata = recent_file_in(env(&[("APPDATA", "/a")]));
        assert_eq!(only_appdata.is_some(), cfg!(windows), "{only_appdata:?}");
    }
}
