//! What each command does, in the words the key overlay and the docs use.

use super::Command;

impl Command {
    pub fn describe(self) -> String {
        use Command::*;
        match self {
            Next => "next item".into(),
            Prev => "previous item".into(),
            Submit => "submit and go to the next item".into(),
            Skip => "skip item".into(),
            Flag => "flag item for review".into(),
            Undo => "undo".into(),
            Redo => "redo".into(),
            Label(i) => format!(
                "label {} (boxes: the next box's, renames a clicked one; choice: pick)",
                i + 1
            ),
            Attribute(i) => format!(
                "box attribute {} of the task (occluded, truncated…) on the selected box, on / off",
                i + 1
            ),
            DrawBox => "draw a box (then drag)".into(),
            DrawPolygon => {
                "outline an object: click its corners, Enter closes (Backspace: a point back, Esc: drop)"
                    .into()
            }
            DrawTurned => {
                "draw a turned box: click both ends of its top side, then its depth (Esc drops it)"
                    .into()
            }
            Brush => {
                "brush: drag paints into the selected outline (none selected: a new object), Shift+drag paints out, Ctrl+click picks another; [ ] size, Esc leaves"
                    .into()
            }
            Wand => {
                "magic wand: a click fills the region of like colour into the selected outline (none selected: a new object), Shift+click takes it out; [ ] tolerance, Esc leaves"
                    .into()
            }
            PlaceKeypoints => {
                "place the selected box's keypoints in order: click each (Shift: hidden), Space: not in the picture, Backspace: back; nothing selected: a new object's, its box fitted around them"
                    .into()
            }
            Delete => "delete selected box".into(),
            NudgeLeft | NudgeRight | NudgeUp | NudgeDown => {
                "nudge selected box 1 px; none: move a zoomed view (audio ←/→: seek 2 s)".into()
            }
            NudgeLeft10 | NudgeRight10 | NudgeUp10 | NudgeDown10 => {
                "nudge selected box 10 px; none: move a zoomed view further (audio: seek 10 s)".into()
            }
            RotateLeft | RotateRight => {
                "turn the selected box 1° counter-clockwise / clockwise (tasks with `rotated`)"
                    .into()
            }
            RotateLeft15 | RotateRight15 => {
                "turn the selected box 15° counter-clockwise / clockwise".into()
            }
            Duplicate => "duplicate selected box".into(),
            PastePrevious => "copy the previous item's boxes".into(),
            SelectNext => {
                "select next box (questions: the next question; a text field: type in it, Esc leaves)"
                    .into()
            }
            SelectPrev => "select previous box (questions: the previous question)".into(),
            ZoomIn => "zoom in".into(),
            ZoomOut => "zoom out".into(),
            Fit => "fit image".into(),
            ToggleBoxLabels => "show/hide box labels".into(),
            NextUnfinished => "jump to next unfinished item".into(),
            Save => "save (always saved)".into(),
            Help => "this overlay".into(),
            FindLabel => "find a label by name (type, Enter picks; or add it)".into(),
            HideBoxes => "hold: hide the boxes to see the image under them".into(),
            NextAnswer => "review: show the next annotator's answer on this item".into(),
            Guidelines => "the task's guidelines (instructions, what each label means)".into(),
            OtherBoxes => "review: draw the other annotators' boxes too (dashed)".into(),
            WordDiff => "comparisons: mark the words that differ (on / off)".into(),
            PageDown => "text items: scroll the text a page down".into(),
            PageUp => "text items: scroll the text a page up".into(),
            Brighter => "show the image brighter (the file is never changed)".into(),
            Darker => "show the image darker".into(),
            PlayPause => {
                "audio: play / pause (Ctrl+P while typing a transcript: resumes 1 s back)".into()
            }
            NextClip => "clips in a record: play the next one from its start (A, then B)".into(),
            Slower => "audio: slower".into(),
            Faster => "audio: faster".into(),
            LoopSegment => "audio: loop the selected segment".into(),
            MarkSegment => {
                "audio: start a segment at the playhead; again: end it there (current label)".into()
            }
            SplitSegment => {
                "audio: cut the segment at the playhead in two there, its words shared by time"
                    .into()
            }
            MergeSegment => "audio: join the selected segment and the next, words and all".into(),
            SegmentStart => "audio: the selected segment starts at the playhead".into(),
            SegmentEnd => "audio: the selected segment ends at the playhead".into(),
            FitSegment => {
                "audio: fit the selected segment to its sound (silence trimmed, a word cut off taken in)"
                    .into()
            }
            NextDoubted => {
                "the next segment or span its model doubted (marked ?): picked, to check first"
                    .into()
            }
            FitAllSegments => {
                "audio: fit every segment of the clip to its sound (one undo step)".into()
            }
            SeekBackFine | SeekForwardFine => "audio: seek 0.1 s back / on".into(),
            Note => {
                "write a note on this item (unclear, damaged, what to change); Enter or Esc leaves it"
                    .into()
            }
            BoxText => {
                "type the selected box's text (tasks with `box_text`); Enter or Esc leaves it".into()
            }
            Relate => {
                "link the selected span to another (tasks with `relations`): click it, or pick it and Enter; a number key the kind, Esc drops it; on a picked relation, turn it round"
                    .into()
            }
        }
    }
}
