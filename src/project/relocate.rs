//! Media that moved: a project handed over with its media folder unpacked somewhere else
//! finds its files again once told the folder's new place.

use super::{Project, ProjectError, Result};
use crate::io::scan::relative_to;
use std::path::Path;

impl Project {
    /// Where a media root is on disk, as the user would type it (no `..` in it).
    pub fn media_root_path(&self, root: &str) -> std::path::PathBuf {
        let root = Path::new(root);
        if root.is_absolute() {
            return root.to_path_buf();
        }
        super::clean(&self.dir.join(root))
    }

    /// The media roots whose folder is gone (each with a file of its, to check a new place
    /// by): what `keylabel relocate` repairs.
    pub fn lost_roots(&self) -> Result<Vec<(String, String)>> {
        let mut lost: Vec<(String, String)> = (self.store.media_roots()?.into_iter())
            .filter(|(root, _)| !self.media_root_path(root).is_dir())
            .collect();
        // Records that name pictures or clips: lost when the first record's first one is.
        for (root, id) in self.store.record_roots()? {
            let item = self.store.item(id)?;
            let first = item
                .data
                .values()
                .find_map(|v| crate::io::pictures::file_ref(v).map(|(rel, _)| rel));
            if let Some(rel) = first
                && !self.field_file(&item, rel).is_file()
            {
                lost.push((root, rel.to_string()));
            }
        }
        Ok(lost)
    }

    /// Points every item under media root `root` at `folder`, after checking that `folder`
    /// holds `media` (the file of the item that was not found). Returns how many items moved.
    pub fn move_media(&mut self, root: &str, media: &str, folder: &Path) -> Result<u64> {
        if !folder.join(media).is_file() {
            return Err(ProjectError::Mismatch {
                path: folder.to_path_buf(),
                message: format!("does not hold {media}; choose the folder that does"),
            });
        }
        let to = relative_to(folder, &self.dir)
            .to_string_lossy()
            .replace('\\', "/");
        Ok(self.store.move_root(root, &to)?)
    }
}

#[cfg(test)]
mod tests {
    use crate::core::ItemFilter;
    use crate::project::{InitOptions, Project};

    #[test]
    fn moved_media_are_found_again_and_not_added_twice() {
        let t = tempfile::tempdir().unwrap();
        let imgs = t.path().join("imgs");
        std::fs::create_dir_all(imgs.join("sub")).unwrap();
        for name in ["a.png", "sub/b.png"] {
            image::RgbImage::new(4, 3).save(imgs.join(name)).unwrap();
        }
        let dir = t.path().join("p");
        let (p, _) = Project::init(
            &dir,
            &InitOptions {
                media: imgs.clone(),
                labels: vec!["x".into()],
                ..Default::default()
            },
        )
        .unwrap();
        drop(p);
        let moved = t.path().join("elsewhere").join("photos");
        std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
        std::fs::rename(&imgs, &moved).unwrap();

        let mut p = Project::open(&dir, None).unwrap();
        assert_eq!(p.lost_roots().unwrap().len(), 1);
        let items = p.store.items_page(ItemFilter::All, 0, 10).unwrap();
        let first = &items[0];
        assert!(
            !p.media_path(first).unwrap().exists(),
            "lost after the move"
        );
        let root = first.root.clone().unwrap();
        let media = first.media.clone().unwrap();
        // A folder without the file is refused, and nothing changes.
        let e = p.move_media(&root, &media, t.path()).unwrap_err();
        assert!(e.to_string().contains("does not hold a.png"), "{e}");
        assert_eq!(p.move_media(&root, &media, &moved).unwrap(), 2);
        assert!(p.lost_roots().unwrap().is_empty());
        for it in p.store.items_page(ItemFilter::All, 0, 10).unwrap() {
            assert!(p.media_path(&it).unwrap().is_file(), "{:?}", it.media);
        }
        // The same files imported from their new place are known: none added.
        let report = p.import(&moved).unwrap();
        assert_eq!((report.added, report.duplicates), (0, 2), "{report:?}");
    }
}
