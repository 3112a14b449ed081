//! Reading media and foreign formats, writing exports. Every error names the file, and the
//! line for line-based formats. Knows nothing of the database.

pub mod audio;
pub mod class_folders;
pub mod class_mask;
pub mod coco;
pub mod coco_writer;
pub mod csv_export;
pub mod csv_lines;
pub mod decode;
pub mod dota;
pub mod field_types;
pub mod header;
pub mod image_metadata;
pub mod jsonl;
pub mod labelme;
pub mod labelme_writer;
pub mod manifest;
pub mod masks;
pub mod paddle_ocr;
pub mod pictures;
pub mod preference;
pub mod records;
pub mod rle;
pub mod rttm;
pub mod scan;
pub mod sft;
pub mod shrink;
pub mod spectrogram;
pub mod split_balance;
pub mod voc;
pub mod voc_writer;
pub mod yolo;
pub mod yolo_labels;

use std::fmt;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// A whole-file failure: the operation stops and nothing is written.
#[derive(Debug, thiserror::Error)]
pub enum IoError {
    #[error("{}: {error}", path.display())]
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("{}: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
}

impl IoError {
    pub fn io(path: &Path, error: std::io::Error) -> Self {
        IoError::Io {
            path: path.to_path_buf(),
            error,
        }
    }

    pub fn invalid(path: &Path, message: impl Into<String>) -> Self {
        IoError::Invalid {
            path: path.to_path_buf(),
            message: message.into(),
        }
    }
}

/// A problem with one item or one line: reported, and the rest goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub path: PathBuf,
    /// 1-based line, for line-based formats.
    pub line: Option<u64>,
    pub message: String,
}

impl Problem {
    pub fn new(path: &Path, line: Option<u64>, message: impl Into<String>) -> Self {
        Problem {
            path: path.to_path_buf(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path.display(), line, self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// Why a media file could not be opened, in the words of someone looking at their files:
/// the two common causes say what to do.
pub fn open_failure(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => {
            "cannot open: the file is not there (moved, renamed or deleted since it was added?)"
                .into()
        }
        std::io::ErrorKind::PermissionDenied => {
            "cannot open: permission denied (this user may not read the file)".into()
        }
        _ => format!("cannot open: {e}"),
    }
}

/// `a/b/../c` as `a/c`: paths shown to the user read as they would type them.
pub fn clean_path(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            // Above the root is the root.
            Component::ParentDir if out.components().next_back() == Some(Component::RootDir) => {}
            other => out.push(other),
        }
    }
    out
}

/// Refuses, before anything is written, a place an export cannot go: a folder where a file
/// goes (the rename would fail only after the whole export was written), or, for a dataset
/// folder, a file or a folder of other files.
pub fn check_export_target(out: &Path, folder: bool) -> Result<(), IoError> {
    // The nearest part of the path that exists must be a folder to make the rest in.
    if let Some(file) = out.ancestors().skip(1).find(|a| a.exists())
        && !file.is_dir()
    {
        return Err(IoError::invalid(
            file,
            "is a file, not a folder, so the export cannot go under it; choose another place \
             (nothing was written)",
        ));
    }
    if folder {
        return if out.exists() {
            yolo::replaceable(out)
        } else {
            Ok(())
        };
    }
    if out.is_dir() {
        return Err(IoError::invalid(
            out,
            "is a folder; give the name of the file to write (in it, or beside it); nothing \
             was written",
        ));
    }
    Ok(())
}

/// Writes a file by writing a temporary file beside it and renaming it into place, so a
/// failed or killed write leaves the previous file intact.
pub fn write_atomically<E: From<IoError>>(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> Result<(), E>,
) -> Result<(), E> {
    check_export_target(path, false)?;
    let (dir, name) = parent_and_name(path);
    make_folder(dir)?;
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let file = File::create(&tmp).map_err(|e| IoError::io(&tmp, e))?;
        let mut out = BufWriter::with_capacity(1 << 20, file);
        write(&mut out)?;
        let file = out
            .into_inner()
            .map_err(|e| IoError::io(&tmp, e.into_error()))?;
        file.sync_all().map_err(|e| IoError::io(&tmp, e))?;
        std::fs::rename(&tmp, path).map_err(|e| E::from(IoError::io(path, e)))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    } else {
        remove_stale_temps(dir, &name);
    }
    result
}

/// Makes the folder an export goes into when it is missing (`--out new/dir/file.json`).
pub(crate) fn make_folder(dir: &Path) -> Result<(), IoError> {
    if dir.is_dir() {
        return Ok(());
    }
    std::fs::create_dir_all(dir).map_err(|e| IoError::io(dir, e))
}

/// The folder a path is in (`.` for a bare name) and its file name: where a temp file or
/// folder goes beside it, and what it is called after.
pub(crate) fn parent_and_name(path: &Path) -> (&Path, String) {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    (dir, name)
}

/// Removes `.{name}.{pid}.tmp` files (and folders, and `.old` folders of a folder export)
/// left by writers that were killed: those whose process is gone. A live writer's are kept
/// (and so is a dead one's whose number a new process took: kept is the safe side).
pub(crate) fn remove_stale_temps(dir: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.");
    for e in entries.flatten() {
        let file = e.file_name();
        let Some(pid) = file
            .to_str()
            .and_then(|f| f.strip_prefix(&prefix))
            .and_then(|f| f.strip_suffix(".tmp").or_else(|| f.strip_suffix(".old")))
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if !process::alive(pid) {
            // `file_type` does not follow links: a link is removed, never what it points at.
            match e.file_type() {
                Ok(t) if t.is_dir() => {
                    let _ = std::fs::remove_dir_all(e.path());
                }
                _ => {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
    }
}

/// Whether a process is running, asked of the system.
mod process {
    #[cfg(unix)]
    pub fn alive(pid: u32) -> bool {
        unsafe extern "C" {
            fn kill(pid: i32, sig: i32) -> i32;
        }
        let Ok(pid) = i32::try_from(pid) else {
            return true;
        };
        if pid <= 0 {
            return true; // 0 and negatives name process groups, not one process
        }
        // SAFETY: signal 0 sends nothing; it only checks that the process exists.
        let sent = unsafe { kill(pid, 0) } == 0;
        // EPERM: it exists, owned by someone else. ESRCH: there is no such process.
        sent || std::io::Error::last_os_error().raw_os_error() != Some(3)
    }

    #[cfg(windows)]
    pub fn alive(pid: u32) -> bool {
        use std::ffi::c_void;
        #[link(name = "kernel32")]
        unsafe extern "system" {
            fn OpenProcess(access: u32, inherit: i32, pid: u32) -> *mut c_void;
            fn GetExitCodeProcess(process: *mut c_void, code: *mut u32) -> i32;
            fn CloseHandle(handle: *mut c_void) -> i32;
        }
        const QUERY_LIMITED_INFORMATION: u32 = 0x1000;
        const STILL_ACTIVE: u32 = 259;
        const INVALID_PARAMETER: i32 = 87;
        // SAFETY: plain calls with a handle that is checked before use and closed once.
        unsafe {
            let h = OpenProcess(QUERY_LIMITED_INFORMATION, 0, pid);
            if h.is_null() {
                // No such process is "invalid parameter"; any other failure (access denied)
                // means it exists.
                return std::io::Error::last_os_error().raw_os_error() != Some(INVALID_PARAMETER);
            }
            let mut code = 0u32;
            let known = GetExitCodeProcess(h, &mut code) != 0;
            CloseHandle(h);
            // A handle to a process that has exited but is still referenced.
            !known || code == STILL_ACTIVE
        }
    }

    #[cfg(not(any(unix, windows)))]
    pub fn alive(_pid: u32) -> bool {
        true
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn this_process_lives_and_a_finished_one_does_not() {
            assert!(super::alive(std::process::id()));
            let exe = std::env::current_exe().unwrap();
            // This test binary, asked to run no test, ends at once.
            let mut child = std::process::Command::new(exe)
                .args(["--list", "--exact", "no-such-test"])
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap();
            let pid = child.id();
            child.wait().unwrap();
            assert!(!super::alive(pid), "process {pid} ended and was reaped");
        }
    }
}

/// Maps a write error of `out` to an error naming `path`.
pub(crate) fn werr(path: &Path) -> impl Fn(std::io::Error) -> IoError + '_ {
    move |e| IoError::io(path, e)
}

/// A stable 64-bit FNV-1a hash, hex: used for keys that are stored, so it must never change.
pub fn stable_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// Writes `bytes` then flushes; used where a writer is shared.
pub(crate) fn write_all(out: &mut impl Write, path: &Path, bytes: &[u8]) -> Result<(), IoError> {
    out.write_all(bytes).map_err(werr(path))
}

/// `path` made absolute with links resolved where it exists (else made absolute as it is),
/// in the form people know: on Windows `C:\photos`, not `\\?\C:\photos` as canonicalize
/// gives — which would show in titles and recent projects and be written into exports.
pub fn canonical(path: &Path) -> std::path::PathBuf {
    let p = std::fs::canonicalize(path)
        .unwrap_or_else(|_| std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()));
    match p.to_str().and_then(without_verbatim_prefix) {
        Some(plain) if cfg!(windows) => plain.into(),
        _ => p,
    }
}

/// `\\?\C:\a` → `C:\a`, `\\?\UNC\host\share\a` → `\\host\share\a`; none for other forms
/// (a verbatim path with `/` or `.` parts means what it says only in the verbatim form).
fn without_verbatim_prefix(p: &str) -> Option<String> {
    let rest = p.strip_prefix(r"\\?\")?;
    if rest.contains('/') || rest.split('\\').any(|part| part == "." || part == "..") {
        return None;
    }
    if let Some(unc) = rest.strip_prefix(r"UNC\") {
        return Some(format!(r"\\{unc}"));
    }
    let b = rest.as_bytes();
    (b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && b[2] == b'\\')
        .then(|| rest.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbatim_windows_paths_lose_their_prefix_only_where_that_keeps_their_meaning() {
        let plain = |p: &str| without_verbatim_prefix(p);
        assert_eq!(
            plain(r"\\?\C:\photos\a.jpg").as_deref(),
            Some(r"C:\photos\a.jpg")
        );
        assert_eq!(
            plain(r"\\?\UNC\nas\share\a").as_deref(),
            Some(r"\\nas\share\a")
        );
        assert_eq!(plain(r"C:\photos"), None, "not verbatim");
        assert_eq!(plain(r"\\?\Volume{1234}\a"), None, "no drive letter");
        assert_eq!(
            plain(r"\\?\C:\a\..\b"),
            None,
            "`..` is a name in a verbatim path"
        );
        assert_eq!(
            plain(r"\\?\C:\a/b"),
            None,
            "`/` is a character in a verbatim path"
        );
        assert_eq!(plain(r"\\?\C:"), None);
    }

    #[test]
    fn atomic_write_keeps_old_file_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("out.json");
        write_atomically(&p, |w| w.write_all(b"first").map_err(werr(&p))).unwrap();
        let r: Result<(), IoError> = write_atomically(&p, |w| {
            w.write_all(b"half").map_err(werr(&p))?;
            Err(IoError::invalid(&p, "stopped"))
        });
        assert!(r.is_err());
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "first");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "temp file left behind"
        );
    }

    #[test]
    fn stable_hash_is_stable() {
        assert_eq!(stable_hash(b""), "cbf29ce484222325");
        assert_eq!(stable_hash(b"a"), "af63dc4c8601ec8c");
    }
}
