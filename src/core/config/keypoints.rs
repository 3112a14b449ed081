//! The keypoints of a boxes control (pose): names and skeleton checked where they are read.

use super::{ConfigError, Control, ControlKind, TaskConfig};
use std::collections::HashSet;

/// More points than this per object is a mistake in the config, not a skeleton.
const MAX_KEYPOINTS: usize = 100;

impl TaskConfig {
    /// `keypoints` and `skeleton` of control `c` (named `at` in the errors).
    pub(super) fn check_keypoints(&self, c: &Control, at: &str) -> Result<(), ConfigError> {
        let err = |m: String| Err(ConfigError(format!("{at}: {m}")));
        if c.keypoints.is_empty() {
            if !c.skeleton.is_empty() {
                return err("a `skeleton` joins `keypoints`, and there are none".into());
            }
            return Ok(());
        }
        if c.kind != ControlKind::Boxes {
            return err("`keypoints` are for boxes (the points placed on an object)".into());
        }
        if c.polygons {
            // Ultralytics has a line for a pose or for an outline, not both.
            return err(
                "`keypoints` and `polygons` on one control: an object is outlined or given \
                 keypoints, choose one"
                    .into(),
            );
        }
        if c.keypoints.len() > MAX_KEYPOINTS {
            return err(format!("at most {MAX_KEYPOINTS} keypoints per object"));
        }
        let mut seen = HashSet::new();
        for k in &c.keypoints {
            if k.trim().is_empty() {
                return err("a keypoint's name is empty".into());
            }
            if !seen.insert(k.as_str()) {
                return err(format!("keypoint '{k}' is named twice"));
            }
        }
        let mut lines = HashSet::new();
        for [a, b] in &c.skeleton {
            if let Some(x) = [a, b].into_iter().find(|x| !seen.contains(x.as_str())) {
                return err(format!(
                    "skeleton line [\"{a}\", \"{b}\"]: '{x}' is not one of the keypoints ({})",
                    c.keypoints.join(", ")
                ));
            }
            if a == b {
                return err(format!(
                    "skeleton line [\"{a}\", \"{b}\"] joins a point to itself"
                ));
            }
            if !lines.insert(if a < b { (a, b) } else { (b, a) }) {
                return err(format!("skeleton line [\"{a}\", \"{b}\"] is given twice"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(control: &str) -> Result<TaskConfig, ConfigError> {
        TaskConfig::from_toml_str(&format!(
            "[task]\nmedia = \"image\"\n[[labels]]\nname = \"person\"\n[[controls]]\nname = \"c\"\n{control}\n"
        ))
    }

    #[test]
    fn keypoints_and_their_skeleton_are_checked_by_name() {
        let ok = config(
            "type = \"boxes\"\nkeypoints = [\"nose\", \"left_eye\", \"right_eye\"]\nskeleton = [[\"nose\", \"left_eye\"], [\"right_eye\", \"nose\"]]",
        )
        .unwrap();
        assert_eq!(ok.box_keypoints(), ["nose", "left_eye", "right_eye"]);
        assert_eq!(ok.box_skeleton(), [(0, 1), (2, 0)]);
        for (control, says) in [
            ("type = \"choice\"\nkeypoints = [\"a\"]", "are for boxes"),
            (
                "type = \"boxes\"\nkeypoints = [\"a\", \"a\"]",
                "'a' is named twice",
            ),
            ("type = \"boxes\"\nkeypoints = [\" \"]", "name is empty"),
            (
                "type = \"boxes\"\nskeleton = [[\"a\", \"b\"]]",
                "there are none",
            ),
            (
                "type = \"boxes\"\nkeypoints = [\"a\"]\npolygons = true",
                "choose one",
            ),
            (
                "type = \"boxes\"\nkeypoints = [\"a\", \"b\"]\nskeleton = [[\"a\", \"c\"]]",
                "'c' is not one of the keypoints (a, b)",
            ),
            (
                "type = \"boxes\"\nkeypoints = [\"a\"]\nskeleton = [[\"a\", \"a\"]]",
                "to itself",
            ),
            (
                "type = \"boxes\"\nkeypoints = [\"a\", \"b\"]\nskeleton = [[\"a\", \"b\"], [\"b\", \"a\"]]",
                "given twice",
            ),
        ] {
            let e = config(control).unwrap_err();
            assert!(
                e.0.contains("controls[0] ('c')") && e.0.contains(says),
                "{control}: {e}"
            );
        }
    }
}
