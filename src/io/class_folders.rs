//! Image classification datasets as folders: `train/<label>/<image>` and
//! `val/<label>/<image>`, each image a link to the media. Ultralytics' classification
//! trainer, torchvision's `ImageFolder` and HF `load_dataset("imagefolder")` all read it.
//!
//! HF takes an image's label from the folder right above it, so the media's own folders
//! are folded into the file name (`sub/a.jpg` → `sub__a.jpg`).

use super::yolo::{EXPORT_MARKER, link, split_of};
use super::{IoError, werr};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Builds the folders in `root` (an empty folder). With a split, every image is first
/// [`ClassFolderWriter::count`]ed, then each goes to [`ClassFolderWriter::image`]; then
/// [`ClassFolderWriter::finish`].
///
/// Loaders number the classes of each split by its own folders, so a label missing from
/// one side would shift every index after it (Ultralytics refuses such a val): a split
/// keeps each label on both sides — where it has two images or more, one moves if needed;
/// a label's only image is linked on both sides.
pub struct ClassFolderWriter {
    root: PathBuf,
    /// 0: train and val hold the same images (Ultralytics needs a val folder).
    val_percent: u8,
    /// Images per label on each side, as the hash puts them: [train, val].
    sides: HashMap<String, [u64; 2]>,
    /// Per label, the side whose next image goes to the other side instead, or [`BOTH`].
    moves: Option<HashMap<String, usize>>,
    made_dirs: HashSet<PathBuf>,
    taken: HashSet<String>,
    images: u64,
    val_images: u64,
}

/// What a finished dataset holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    pub images: u64,
    pub val_images: u64,
    /// Columns of a metadata file with a value on one side of the split only (see
    /// `split_balance`): HF would refuse the pair.
    pub one_sided: Vec<String>,
}

const SIDES: [&str; 2] = ["train", "val"];

/// A label's only image: linked in train and in val.
const BOTH: usize = 2;

impl ClassFolderWriter {
    pub fn start(root: &Path, val_percent: u8) -> Result<Self, IoError> {
        for split in SIDES {
            let d = root.join(split);
            std::fs::create_dir_all(&d).map_err(werr(&d))?;
        }
        Ok(ClassFolderWriter {
            root: root.to_path_buf(),
            val_percent: val_percent.min(100),
            sides: HashMap::new(),
            moves: None,
            made_dirs: HashSet::new(),
            taken: HashSet::new(),
            images: 0,
            val_images: 0,
        })
    }

    /// The first pass of a split: where the hash puts each image.
    pub fn count(&mut self, uid: &str, label: &str) {
        if self.val_percent > 0 {
            let side = usize::from(split_of(uid, self.val_percent) == "val");
            self.sides.entry(folder_name(label)).or_default()[side] += 1;
        }
    }

    /// Which labels must move an image, decided once all are counted. With nothing left in
    /// val, the split falls back to val = train.
    fn plan(&mut self) -> HashMap<String, usize> {
        let mut moves = HashMap::new();
        let mut val_left = 0;
        for (class, [train, val]) in &self.sides {
            val_left += match (*train, *val) {
                (t, v) if t + v == 1 => {
                    moves.insert(class.clone(), BOTH);
                    0
                }
                (0, v) => {
                    moves.insert(class.clone(), 1); // one val image trains instead
                    v.saturating_sub(1)
                }
                (t, 0) if t >= 2 => {
                    moves.insert(class.clone(), 0);
                    1
                }
                (_, v) => v,
            };
        }
        if val_left == 0 {
            self.val_percent = 0;
        }
        moves
    }

    /// Links the image (`media` is its path in the project, `media_file` the file) under
    /// its label, on its side of the split.
    pub fn image(
        &mut self,
        uid: &str,
        media: &str,
        label: &str,
        media_file: &Path,
    ) -> Result<(), IoError> {
        if self.moves.is_none() {
            let moves = self.plan();
            self.moves = Some(moves);
        }
        let class = folder_name(label);
        let planned = self.moves.as_ref().and_then(|m| m.get(&class)).copied();
        let sides: &[&str] = if self.val_percent == 0 || planned == Some(BOTH) {
            &SIDES
        } else {
            let mut side = usize::from(split_of(uid, self.val_percent) == "val");
            if planned == Some(side)
                && let Some(moves) = &mut self.moves
            {
                moves.remove(&class);
                side = 1 - side;
            }
            &SIDES[side..=side]
        };
        let name = flat_name(&mut self.taken, &class, media);
        for split in sides {
            let at = self.root.join(split).join(&class).join(&name);
            if let Some(dir) = at.parent()
                && self.made_dirs.insert(dir.to_path_buf())
            {
                std::fs::create_dir_all(dir).map_err(werr(dir))?;
            }
            link(media_file, &at)?;
        }
        if sides == ["val"] {
            self.val_images += 1;
        }
        self.images += 1;
        Ok(())
    }

    pub fn finish(self) -> Result<Counts, IoError> {
        let marker = self.root.join(EXPORT_MARKER);
        std::fs::write(
            &marker,
            "an image classification dataset exported by Keylabel\n",
        )
        .map_err(werr(&marker))?;
        Ok(Counts {
            images: self.images,
            val_images: self.val_images,
            one_sided: Vec::new(),
        })
    }
}

/// The media path folded into one file name (`sub/a.jpg` → `sub__a.jpg`), unique within
/// `scope` (a folder) among the names in `taken`, case aside: file systems that ignore case
/// would merge `A.jpg` and `a.jpg`.
pub(super) fn flat_name(taken: &mut HashSet<String>, scope: &str, media: &str) -> String {
    let flat: Vec<&str> = media
        .split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != "." && *p != "..")
        .collect();
    let flat = if flat.is_empty() {
        "image".to_string()
    } else {
        flat.join("__")
    };
    let (stem, ext) = match flat.rfind('.') {
        Some(dot) if dot > 0 => (&flat[..dot], &flat[dot..]),
        _ => (flat.as_str(), ""),
    };
    let mut candidate = flat.clone();
    let mut n = 1;
    while !taken.insert(format!("{scope}/{}", candidate.to_lowercase())) {
        n += 1;
        candidate = format!("{stem}-{n}{ext}");
    }
    candidate
}

/// A label as a folder name: the label itself, with path separators and characters some
/// systems refuse replaced by `_`, so a dataset made on one system unpacks on another.
/// Windows also drops a name's trailing dots ("etc." would become "etc") and keeps device
/// names (CON, NUL, COM1, … with any extension) to itself: those get a `_` too.
pub fn folder_name(label: &str) -> String {
    let mut name: String = label
        .trim()
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    if name.ends_with('.') && !matches!(name.as_str(), "." | "..") {
        name.push('_');
    }
    let stem = name.split('.').next().unwrap_or("").to_ascii_uppercase();
    let device = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.as_bytes()[3].is_ascii_digit());
    if device || matches!(name.as_str(), "" | "." | "..") {
        name.insert(0, '_');
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_become_safe_folder_names() {
        assert_eq!(folder_name("cat"), "cat");
        assert_eq!(folder_name("a/b: c"), "a_b_ c");
        assert_eq!(folder_name(".."), "_..");
        assert_eq!(folder_name("猫"), "猫");
        assert_eq!(folder_name("etc."), "etc._");
        assert_eq!(folder_name("con"), "_con");
        assert_eq!(folder_name("Nul.txt"), "_Nul.txt");
        assert_eq!(folder_name("com1"), "_com1");
        assert_eq!(folder_name("console"), "console");
        assert_eq!(folder_name("com"), "com");
    }

    fn files(dir: &Path) -> usize {
        std::fs::read_dir(dir).map_or(0, |d| d.count())
    }

    #[test]
    fn a_split_keeps_every_label_that_can_be_on_both_sides() {
        let dir = tempfile::tempdir().unwrap();
        let media = dir.path().join("m.jpg");
        std::fs::write(&media, b"x").unwrap();
        let uids: Vec<String> = (0..200).map(|i| format!("u{i}")).collect();
        let on = |side: &'static str| uids.iter().filter(move |u| split_of(u, 50) == side);
        let (mut train, mut val) = (on("train"), on("val"));
        // "a": two images the hash sends to train; "b": one it sends to val; "c": one each.
        let plan = [
            ("a", train.next().unwrap()),
            ("a", train.next().unwrap()),
            ("b", val.next().unwrap()),
            ("c", train.next().unwrap()),
            ("c", val.next().unwrap()),
        ];
        let root = dir.path().join("ds");
        let mut w = ClassFolderWriter::start(&root, 50).unwrap();
        for (label, uid) in plan {
            w.count(uid, label);
        }
        for (i, (label, uid)) in plan.iter().enumerate() {
            w.image(uid, &format!("{i}.jpg"), label, &media).unwrap();
        }
        let counts = w.finish().unwrap();
        let side = |s: &str, c: &str| files(&root.join(s).join(c));
        assert_eq!(
            (side("train", "a"), side("val", "a")),
            (1, 1),
            "a moved one to val"
        );
        assert_eq!(
            (side("train", "b"), side("val", "b")),
            (1, 1),
            "an only image is on both sides"
        );
        assert_eq!((side("train", "c"), side("val", "c")), (1, 1));
        assert_eq!(counts.val_images, 2);
    }

    #[test]
    fn a_split_of_only_images_is_no_split() {
        let dir = tempfile::tempdir().unwrap();
        let media = dir.path().join("m.jpg");
        std::fs::write(&media, b"x").unwrap();
        let root = dir.path().join("ds");
        let mut w = ClassFolderWriter::start(&root, 50).unwrap();
        for (uid, label) in [("u1", "a"), ("u2", "b")] {
            w.count(uid, label);
        }
        for (uid, label) in [("u1", "a"), ("u2", "b")] {
            w.image(uid, &format!("{uid}.jpg"), label, &media).unwrap();
        }
        w.finish().unwrap();
        for c in ["a", "b"] {
            assert_eq!(files(&root.join("train").join(c)), 1);
            assert_eq!(files(&root.join("val").join(c)), 1, "val = train");
        }
    }

    #[test]
    fn media_folders_fold_into_unique_names() {
        let mut taken = HashSet::new();
        let mut name = |scope, media| flat_name(&mut taken, scope, media);
        assert_eq!(name("cat", "sub/a.jpg"), "sub__a.jpg");
        assert_eq!(name("cat", "sub__A.jpg"), "sub__A-2.jpg");
        assert_eq!(name("dog", "sub/a.jpg"), "sub__a.jpg");
        assert_eq!(name("dog", "../x"), "x");
    }
}
