//! The recent projects the start screen offers: a list of folders in the user's config
//! folder, newest first.

use crate::project::Project;
use std::path::{Path, PathBuf};

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
