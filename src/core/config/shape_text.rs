//! Texts typed on shapes: the words in each box (`box_text`, OCR) and the words said in
//! each time segment (`segment_text`, a transcript by segment).

use super::{ConfigError, Control, ControlKind, TaskConfig};

impl TaskConfig {
    /// Whether each box has a text (`box_text` on the boxes control: OCR).
    pub fn box_text(&self) -> bool {
        self.controls
            .iter()
            .any(|c| c.kind == ControlKind::Boxes && c.box_text)
    }

    /// Whether each segment has a text (`segment_text` on the segments control).
    pub fn segment_text(&self) -> bool {
        self.controls
            .iter()
            .any(|c| c.kind == ControlKind::Segments && c.segment_text)
    }

    /// `box_text` and `segment_text` of control `c` (named `at` in the errors): each on its
    /// own shape, and the keys typed after drawing are the text, not a label.
    pub(super) fn check_shape_text(&self, c: &Control, at: &str) -> Result<(), ConfigError> {
        let err = |m: &str| Err(ConfigError(format!("{at}: {m}")));
        if c.box_text && c.kind != ControlKind::Boxes {
            return err("`box_text` is for boxes (a text on each box)");
        }
        if c.segment_text && c.kind != ControlKind::Segments {
            return err(
                "`segment_text` is for segments (the words said in each stretch of a clip)",
            );
        }
        if (c.box_text || c.segment_text) && self.task.label_after_drawing {
            let key = if c.box_text {
                "box_text"
            } else {
                "segment_text"
            };
            return err(&format!(
                "with `{key}` the keys typed after drawing are the text; \
                 `label_after_drawing` cannot have them too"
            ));
        }
        Ok(())
    }
}
