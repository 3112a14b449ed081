//! The keypoints of a boxes control (pose): names and skeleton checked where they are read.

use super::{ConfigError, Control, ControlKind, TaskConfig};
use crate::core::matching::KEYPOINT_SIGMA;
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
            if !c.keypoint_sigmas.is_empty() {
                return err("`keypoint_sigmas` go with `keypoints`, and there are none".into());
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
        if !c.keypoint_sigmas.is_empty() && c.keypoint_sigmas.len() != c.keypoints.len() {
            return err(format!(
                "{} `keypoint_sigmas` for {} keypoints: give one per keypoint, in their order",
                c.keypoint_sigmas.len(),
                c.keypoints.len()
            ));
        }
        if let Some(s) =
            (c.keypoint_sigmas.iter()).find(|s| !(s.is_finite() && **s > 0.0 && **s <= 1.0))
        {
            return err(format!(
                "keypoint sigma {s} is out of range: each is a part of the object's size, above 0 and at most 1 (COCO's: 0.025 an eye, 0.107 a hip)"
            ));
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

impl Control {
    /// Each keypoint's σ for agreement: the config's `keypoint_sigmas`, else COCO's for the
    /// person keypoints it names ("left_wrist"), [`KEYPOINT_SIGMA`] for any other.
    pub fn keypoint_sigmas(&self) -> Vec<f64> {
        if self.keypoint_sigmas.len() == self.keypoints.len() && !self.keypoints.is_empty() {
            return self.keypoint_sigmas.clone();
        }
        (self.keypoints.iter())
            .map(|k| coco_person_sigma(k).unwrap_or(KEYPOINT_SIGMA))
            .collect()
    }
}

/// COCO's σ for its 17 person keypoints (from its evaluation code's published table): an
/// eye is placed tighter than a hip, whose spot under clothes is a guess.
fn coco_person_sigma(name: &str) -> Option<f64> {
    let s = match name.to_lowercase().replace([' ', '-'], "_").as_str() {
        "nose" => 0.026,
        "left_eye" | "right_eye" => 0.025,
        "left_ear" | "right_ear" => 0.035,
        "left_shoulder" | "right_shoulder" => 0.079,
        "left_elbow" | "right_elbow" => 0.072,
        "left_wrist" | "right_wrist" => 0.062,
        "left_hip" | "right_hip" => 0.107,
        "left_knee" | "right_knee" => 0.087,
        "left_ankle" | "right_ankle" => 0.089,
        _ => return None,
    };
    Some(s)
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
                "type = \"boxes\"\nkeypoints = [\"a\", \"b\"]\nkeypoint_sigmas = [0.05]",
                "1 `keypoint_sigmas` for 2 keypoints",
            ),
            (
                "type = \"boxes\"\nkeypoints = [\"a\"]\nkeypoint_sigmas = [0.0]",
                "sigma 0 is out of range",
            ),
            (
                "type = \"boxes\"\nkeypoint_sigmas = [0.05]",
                "go with `keypoints`",
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

    #[test]
    fn each_keypoint_has_its_sigma() {
        let coco =
            config("type = \"boxes\"\nkeypoints = [\"nose\", \"Left Hip\", \"tail\"]").unwrap();
        assert_eq!(
            coco.controls[0].keypoint_sigmas(),
            [0.026, 0.107, KEYPOINT_SIGMA]
        );
        let own = config(
            "type = \"boxes\"\nkeypoints = [\"nose\", \"tail\"]\nkeypoint_sigmas = [0.1, 0.2]",
        )
        .unwrap();
        assert_eq!(own.controls[0].keypoint_sigmas(), [0.1, 0.2]);
    }
}
