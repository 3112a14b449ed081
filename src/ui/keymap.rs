//! Every command with its name and keys, in one table; presets; remapping from the config.

use egui::{Key, Modifiers};

mod describe;

/// Declares [`Command`] and the list of its plain variants from one list, so a new command
/// cannot be left out of [`Command::all`].
macro_rules! commands {
    ($($(#[$doc:meta])* $name:ident,)*) => {
        /// A command the keyboard can give.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Command {
            $($(#[$doc])* $name,)*
            /// Number keys: label 1–10.
            Label(u8),
            /// Alt+number keys: box attribute 1–9 on the selected box.
            Attribute(u8),
        }

        /// Every command but `Label` and `Attribute`, in the order of the help overlay.
        const PLAIN: &[Command] = &[$(Command::$name,)*];
    };
}

commands! {
    Next,
    Prev,
    Submit,
    Skip,
    Flag,
    Undo,
    Redo,
    DrawBox,
    /// Outline an object point by point (`polygons` tasks).
    DrawPolygon,
    /// Draw a turned box in three clicks: its top side's ends, then its depth (`rotated`).
    DrawTurned,
    /// Place the selected box's keypoints in order (`keypoints` tasks).
    PlaceKeypoints,
    /// The brush: paint into the selected outline, or out of it (`polygons` tasks).
    Brush,
    /// The magic wand: a click fills the region of like colour (`polygons` tasks).
    Wand,
    Delete,
    NudgeLeft,
    NudgeRight,
    NudgeUp,
    NudgeDown,
    NudgeLeft10,
    NudgeRight10,
    NudgeUp10,
    NudgeDown10,
    /// Turn the selected box 1° (Shift: 15°) counter-clockwise / clockwise (`rotated` tasks).
    RotateLeft,
    RotateRight,
    RotateLeft15,
    RotateRight15,
    Duplicate,
    PastePrevious,
    SelectNext,
    SelectPrev,
    ZoomIn,
    ZoomOut,
    Fit,
    ToggleBoxLabels,
    NextUnfinished,
    Save,
    Help,
    /// Find a label by typing its name.
    FindLabel,
    /// Held down: the boxes are hidden, to see the image under them.
    HideBoxes,
    /// Shows the next annotator's answer on this item.
    NextAnswer,
    /// Opens or closes the task's guidelines.
    Guidelines,
    /// Review: draws the other answers' boxes too.
    OtherBoxes,
    /// Comparisons of two responses: the word diff on or off.
    WordDiff,
    /// Text items: the item's text a page down / up.
    PageDown,
    PageUp,
    /// The image shown brighter / darker (display only).
    Brighter,
    Darker,
    /// Audio: play / pause.
    PlayPause,
    /// Clips a record names: the next one plays, from its start (a TTS comparison's A, then B).
    NextClip,
    /// Audio: playback speed down / up (0.5×–2×).
    Slower,
    Faster,
    /// Audio: loop the selected segment.
    LoopSegment,
    /// Audio: a segment starts at the playhead; again, it ends there (marked while listening).
    MarkSegment,
    /// Audio: cuts the segment at the playhead in two there.
    SplitSegment,
    /// Audio: makes the selected segment and the next one one.
    MergeSegment,
    /// Audio: the selected segment starts / ends at the playhead (a model's phrase put right).
    SegmentStart,
    SegmentEnd,
    /// Audio: the selected segment's edges fitted to the sound in and around it.
    FitSegment,
    /// Audio: every segment of the clip fitted to its sound (one undo step).
    FitAllSegments,
    /// The next segment or span the model that gave it doubted (picked; the playhead to it).
    NextDoubted,
    /// Audio: seek a tenth of a second back / on (to find where a word begins).
    SeekBackFine,
    SeekForwardFine,
    /// Puts the cursor in this item's note.
    Note,
    /// Puts the cursor in the selected box's text (`box_text` tasks).
    BoxText,
    /// Spans: link the selected span to another (`relations` tasks).
    Relate,
}

impl Command {
    pub fn all() -> Vec<Command> {
        let mut v = PLAIN.to_vec();
        v.extend((0..10).map(Command::Label));
        v.extend((0..ATTRIBUTE_KEYS).map(Command::Attribute));
        v
    }

    /// The name used in `keylabel.toml` (`[keys]`) and in the overlay.
    pub fn name(self) -> String {
        use Command::*;
        match self {
            Label(i) => format!("label_{}", i + 1),
            Attribute(i) => format!("attribute_{}", i + 1),
            other => match other {
                Next => "next",
                Prev => "prev",
                Submit => "submit",
                Skip => "skip",
                Flag => "flag",
                Undo => "undo",
                Redo => "redo",
                DrawBox => "draw_box",
                DrawPolygon => "draw_polygon",
                DrawTurned => "draw_turned",
                PlaceKeypoints => "place_keypoints",
                Brush => "brush",
                Wand => "wand",
                Delete => "delete",
                NudgeLeft => "nudge_left",
                NudgeRight => "nudge_right",
                NudgeUp => "nudge_up",
                NudgeDown => "nudge_down",
                NudgeLeft10 => "nudge_left_10",
                NudgeRight10 => "nudge_right_10",
                NudgeUp10 => "nudge_up_10",
                NudgeDown10 => "nudge_down_10",
                RotateLeft => "rotate_left",
                RotateRight => "rotate_right",
                RotateLeft15 => "rotate_left_15",
                RotateRight15 => "rotate_right_15",
                Duplicate => "duplicate",
                PastePrevious => "paste_previous",
                SelectNext => "select_next",
                SelectPrev => "select_prev",
                ZoomIn => "zoom_in",
                ZoomOut => "zoom_out",
                Fit => "fit",
                ToggleBoxLabels => "toggle_box_labels",
                NextUnfinished => "next_unfinished",
                Save => "save",
                Help => "help",
                FindLabel => "find_label",
                HideBoxes => "hide_boxes",
                NextAnswer => "next_answer",
                Guidelines => "guidelines",
                OtherBoxes => "other_boxes",
                WordDiff => "word_diff",
                PageDown => "page_down",
                PageUp => "page_up",
                Brighter => "brighter",
                Darker => "darker",
                PlayPause => "play_pause",
                Slower => "slower",
                Faster => "faster",
                LoopSegment => "loop_segment",
                NextClip => "next_clip",
                MarkSegment => "mark_segment",
                SplitSegment => "split_segment",
                MergeSegment => "merge_segment",
                SegmentStart => "segment_start",
                SegmentEnd => "segment_end",
                FitSegment => "fit_segment",
                FitAllSegments => "fit_all_segments",
                NextDoubted => "next_doubted",
                SeekBackFine => "seek_back_fine",
                SeekForwardFine => "seek_forward_fine",
                Note => "note",
                BoxText => "box_text",
                Relate => "relate",
                Label(_) | Attribute(_) => unreachable!("handled above"),
            }
            .to_string(),
        }
    }
}

/// One key with exact modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Chord {
    pub key: Key,
    pub ctrl: bool,
    pub shift: bool,
    pub alt: bool,
}

impl Chord {
    pub const fn plain(key: Key) -> Self {
        Chord {
            key,
            ctrl: false,
            shift: false,
            alt: false,
        }
    }
    pub const fn ctrl(key: Key) -> Self {
        Chord {
            key,
            ctrl: true,
            shift: false,
            alt: false,
        }
    }
    pub const fn shift(key: Key) -> Self {
        Chord {
            key,
            ctrl: false,
            shift: true,
            alt: false,
        }
    }
    pub const fn alt(key: Key) -> Self {
        Chord {
            key,
            ctrl: false,
            shift: false,
            alt: true,
        }
    }
    pub const fn ctrl_shift(key: Key) -> Self {
        Chord {
            key,
            ctrl: true,
            shift: true,
            alt: false,
        }
    }

    /// Parses `"Ctrl+Shift+Z"`, `"D"`, `"Enter"`, `"F1"`, `"?"`, `"+"`, `"Ctrl++"`.
    pub fn parse(s: &str) -> Result<Chord, String> {
        let mut c = Chord::plain(Key::A);
        let s = s.trim();
        // The key "+" is written as itself, so the last "+" may be the key, not a joint.
        let (mods, key) = if s == "+" {
            ("", "+")
        } else if let Some(m) = s.strip_suffix("++") {
            (m, "+")
        } else {
            s.rsplit_once('+').unwrap_or(("", s))
        };
        let key = key.trim();
        if key.is_empty() {
            return Err(format!("empty key '{s}'"));
        }
        for m in mods.split('+').map(str::trim).filter(|m| !m.is_empty()) {
            match m.to_ascii_lowercase().as_str() {
                "ctrl" | "cmd" | "command" => c.ctrl = true,
                "shift" => c.shift = true,
                "alt" | "option" => c.alt = true,
                other => return Err(format!("unknown modifier '{other}' in '{s}'")),
            }
        }
        c.key = Key::from_name(key)
            .or_else(|| Key::from_name(&key.to_ascii_uppercase()))
            .ok_or_else(|| format!("unknown key '{key}' in '{s}'"))?;
        Ok(c)
    }

    pub fn matches(&self, key: Key, m: Modifiers) -> bool {
        // Symbols typed with Shift on common layouts arrive with Shift held: ignore it there.
        let shift_ok = self.shift == m.shift
            || matches!(
                key,
                Key::Questionmark | Key::Plus | Key::Colon | Key::Exclamationmark
            );
        self.key == key && self.ctrl == m.command && shift_ok && self.alt == m.alt
    }

    pub fn label(&self) -> String {
        let mut s = String::new();
        if self.ctrl {
            s += "Ctrl+";
        }
        if self.alt {
            s += "Alt+";
        }
        if self.shift {
            s += "Shift+";
        }
        // "?", "/", "[" rather than "Questionmark", "Slash", "OpenBracket"; arrows by name
        // (their glyphs are not in every font). Both forms parse back.
        s += match self.key {
            Key::ArrowLeft | Key::ArrowRight | Key::ArrowUp | Key::ArrowDown => self.key.name(),
            k => k.symbol_or_name(),
        };
        s
    }
}

/// Command → keys.
#[derive(Debug, Clone)]
pub struct Keymap {
    pub bindings: Vec<(Command, Vec<Chord>)>,
}

/// Keys the app takes before any command (`app::QUIT`, egui's text size keys).
const RESERVED: [(Chord, &str); 5] = [
    (Chord::ctrl(Key::Q), "quit"),
    (Chord::ctrl(Key::Plus), "a larger text size"),
    (Chord::ctrl(Key::Equals), "a larger text size"),
    (Chord::ctrl(Key::Minus), "a smaller text size"),
    (Chord::ctrl(Key::Num0), "the system's text size"),
];

pub const PRESETS: [&str; 4] = ["default", "labelimg", "cvat", "prodigy"];

/// Box attributes a task can have, each with a key (Alt+1–Alt+9).
pub const ATTRIBUTE_KEYS: u8 = 9;

pub(super) const NUMBER_KEYS: [Key; 10] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
    Key::Num0,
];

impl Keymap {
    pub fn default_map() -> Keymap {
        use Command::*;
        let p = Chord::plain;
        let mut b: Vec<(Command, Vec<Chord>)> = vec![
            (Next, vec![p(Key::D)]),
            (Prev, vec![p(Key::A)]),
            (Submit, vec![p(Key::Enter), Chord::ctrl(Key::Enter)]),
            (Skip, vec![Chord::ctrl(Key::Space)]),
            (Flag, vec![p(Key::F)]),
            (Undo, vec![Chord::ctrl(Key::Z)]),
            (Redo, vec![Chord::ctrl_shift(Key::Z), Chord::ctrl(Key::Y)]),
            (DrawBox, vec![p(Key::W)]),
            (DrawPolygon, vec![p(Key::O)]),
            (DrawTurned, vec![Chord::shift(Key::W)]),
            (PlaceKeypoints, vec![p(Key::K)]),
            (Brush, vec![p(Key::P)]),
            (Wand, vec![p(Key::U)]),
            (Delete, vec![p(Key::Delete), p(Key::Backspace)]),
            (NudgeLeft, vec![p(Key::ArrowLeft)]),
            (NudgeRight, vec![p(Key::ArrowRight)]),
            (NudgeUp, vec![p(Key::ArrowUp)]),
            (NudgeDown, vec![p(Key::ArrowDown)]),
            (NudgeLeft10, vec![Chord::shift(Key::ArrowLeft)]),
            (NudgeRight10, vec![Chord::shift(Key::ArrowRight)]),
            (NudgeUp10, vec![Chord::shift(Key::ArrowUp)]),
            (NudgeDown10, vec![Chord::shift(Key::ArrowDown)]),
            // roLabelImg's keys: Z and X turn the box one way and the other.
            (RotateLeft, vec![p(Key::Z)]),
            (RotateRight, vec![p(Key::X)]),
            (RotateLeft15, vec![Chord::shift(Key::Z)]),
            (RotateRight15, vec![Chord::shift(Key::X)]),
            (Duplicate, vec![Chord::ctrl(Key::D)]),
            (PastePrevious, vec![Chord::ctrl(Key::V)]),
            (SelectNext, vec![p(Key::Tab)]),
            (SelectPrev, vec![Chord::shift(Key::Tab)]),
            (ZoomIn, vec![p(Key::Plus), p(Key::Equals)]),
            (ZoomOut, vec![p(Key::Minus)]),
            (Fit, vec![Chord::ctrl(Key::F)]),
            (ToggleBoxLabels, vec![p(Key::L)]),
            (NextUnfinished, vec![p(Key::N)]),
            (Save, vec![Chord::ctrl(Key::S)]),
            (Help, vec![p(Key::F1), p(Key::Questionmark)]),
            (FindLabel, vec![p(Key::Slash)]),
            (HideBoxes, vec![p(Key::H)]),
            (NextAnswer, vec![p(Key::V)]),
            (Guidelines, vec![p(Key::G)]),
            (OtherBoxes, vec![p(Key::C)]),
            (WordDiff, vec![p(Key::T)]),
            (PageDown, vec![p(Key::PageDown)]),
            (PageUp, vec![p(Key::PageUp)]),
            (Brighter, vec![p(Key::B)]),
            (Darker, vec![Chord::shift(Key::B)]),
            (PlayPause, vec![p(Key::Space)]),
            (NextClip, vec![Chord::shift(Key::Space)]),
            (Slower, vec![p(Key::OpenBracket)]),
            (Faster, vec![p(Key::CloseBracket)]),
            (LoopSegment, vec![p(Key::R)]),
            (MarkSegment, vec![p(Key::M)]),
            (SplitSegment, vec![p(Key::S)]),
            (MergeSegment, vec![Chord::shift(Key::S)]),
            // , and . look like the edges they move: the start and the end.
            (SegmentStart, vec![p(Key::Comma)]),
            (SegmentEnd, vec![p(Key::Period)]),
            (FitSegment, vec![Chord::shift(Key::T)]),
            (FitAllSegments, vec![Chord::ctrl_shift(Key::T)]),
            // N goes on to the next item to do; Shift+N to the next thing here to check.
            (NextDoubted, vec![Chord::shift(Key::N)]),
            (SeekBackFine, vec![Chord::alt(Key::ArrowLeft)]),
            (SeekForwardFine, vec![Chord::alt(Key::ArrowRight)]),
            (Note, vec![p(Key::E)]),
            (BoxText, vec![p(Key::F2)]),
            (Relate, vec![p(Key::J)]),
        ];
        b.extend(
            NUMBER_KEYS
                .iter()
                .enumerate()
                .map(|(i, k)| (Label(i as u8), vec![p(*k)])),
        );
        b.extend(
            NUMBER_KEYS[..ATTRIBUTE_KEYS as usize]
                .iter()
                .enumerate()
                .map(|(i, k)| (Attribute(i as u8), vec![Chord::alt(*k)])),
        );
        Keymap { bindings: b }
    }

    /// A named preset: the default map with the keys people know from that tool.
    pub fn preset(name: &str) -> Option<Keymap> {
        use Command::*;
        let mut m = Keymap::default_map();
        let p = Chord::plain;
        match name {
            "default" => {}
            // labelImg: D/A, W, Ctrl+D duplicate, Del; Space marks the image verified.
            "labelimg" => {
                m.set(Submit, vec![p(Key::Space), p(Key::Enter)]);
                m.set(PlayPause, vec![p(Key::P)]);
                m.set(Brush, vec![p(Key::U)]);
                m.set(Wand, vec![p(Key::I)]);
                m.set(NextClip, vec![Chord::shift(Key::P)]);
            }
            // CVAT: F/D next/previous, N draws; flag moves off F.
            "cvat" => {
                m.set(Next, vec![p(Key::F)]);
                m.set(Prev, vec![p(Key::D)]);
                m.set(DrawBox, vec![p(Key::N)]);
                m.set(NextUnfinished, vec![Chord::shift(Key::N)]);
                m.set(NextDoubted, vec![Chord::alt(Key::N)]);
                m.set(Flag, vec![Chord::shift(Key::F)]);
            }
            // Prodigy: A accept, X reject (skip), Space ignore, Backspace undo.
            "prodigy" => {
                m.set(Submit, vec![p(Key::A), p(Key::Enter)]);
                m.set(Prev, vec![Chord::shift(Key::A)]);
                m.set(Skip, vec![p(Key::X), p(Key::Space)]);
                // X rejects here: the box turns on , and . instead.
                m.set(RotateLeft, vec![p(Key::Comma)]);
                m.set(RotateRight, vec![p(Key::Period)]);
                m.set(RotateLeft15, vec![Chord::shift(Key::Comma)]);
                m.set(RotateRight15, vec![Chord::shift(Key::Period)]);
                m.set(SegmentStart, vec![Chord::alt(Key::Comma)]);
                m.set(SegmentEnd, vec![Chord::alt(Key::Period)]);
                m.set(Undo, vec![p(Key::Backspace), Chord::ctrl(Key::Z)]);
                m.set(Delete, vec![p(Key::Delete)]);
                m.set(PlayPause, vec![p(Key::P)]);
                m.set(Brush, vec![p(Key::U)]);
                m.set(Wand, vec![p(Key::I)]);
                m.set(NextClip, vec![Chord::shift(Key::P)]);
            }
            _ => return None,
        }
        Some(m)
    }

    pub fn set(&mut self, cmd: Command, chords: Vec<Chord>) {
        match self.bindings.iter_mut().find(|(c, _)| *c == cmd) {
            Some(entry) => entry.1 = chords,
            None => self.bindings.push((cmd, chords)),
        }
    }

    /// The preset named in the config, then the config's own `[keys]`.
    pub fn from_config(
        preset: Option<&str>,
        keys: &[(String, Vec<String>)],
    ) -> Result<Keymap, String> {
        let name = preset.unwrap_or("default");
        let mut m = Keymap::preset(name).ok_or_else(|| {
            format!(
                "unknown keymap preset '{name}' (known: {})",
                PRESETS.join(", ")
            )
        })?;
        for (cmd_name, chords) in keys {
            let cmd = Command::all()
                .into_iter()
                .find(|c| c.name() == *cmd_name)
                .ok_or_else(|| format!("[keys]: unknown command '{cmd_name}'"))?;
            let chords = chords
                .iter()
                .map(|c| Chord::parse(c))
                .collect::<Result<Vec<_>, _>>()?;
            m.set(cmd, chords);
        }
        if let Some((cmd, chord, what)) = m.reserved() {
            return Err(format!(
                "[keys]: {} is the app's key for {what} and cannot be '{}'",
                chord.label(),
                cmd.name()
            ));
        }
        if let Some((a, b, c)) = m.clash() {
            return Err(format!(
                "[keys]: {} is bound to both '{}' and '{}'",
                c.label(),
                a.name(),
                b.name()
            ));
        }
        Ok(m)
    }

    /// A command bound to a key the whole app keeps (quit, text size), which would never
    /// reach it.
    pub fn reserved(&self) -> Option<(Command, Chord, &'static str)> {
        self.bindings.iter().find_map(|(cmd, chords)| {
            chords.iter().find_map(|ch| {
                RESERVED
                    .iter()
                    .find(|(r, _)| r == ch)
                    .map(|(r, what)| (*cmd, *r, *what))
            })
        })
    }

    /// Two commands on one chord, if any.
    pub fn clash(&self) -> Option<(Command, Command, Chord)> {
        let mut seen: Vec<(Chord, Command)> = Vec::new();
        for (cmd, chords) in &self.bindings {
            for ch in chords {
                if let Some((_, other)) = seen.iter().find(|(c, _)| c == ch) {
                    return Some((*other, *cmd, *ch));
                }
                seen.push((*ch, *cmd));
            }
        }
        None
    }

    pub fn command_for(&self, key: Key, m: Modifiers) -> Option<Command> {
        self.bindings
            .iter()
            .find(|(_, chords)| chords.iter().any(|c| c.matches(key, m)))
            .map(|(c, _)| *c)
    }

    /// Whether a chord of `cmd` is held down now (for commands that act while held).
    pub fn held(&self, cmd: Command, input: &egui::InputState) -> bool {
        self.bindings
            .iter()
            .filter(|(c, _)| *c == cmd)
            .flat_map(|(_, chords)| chords)
            .any(|c| input.key_down(c.key) && c.matches(c.key, input.modifiers))
    }

    pub fn keys_of(&self, cmd: Command) -> String {
        self.bindings
            .iter()
            .find(|(c, _)| *c == cmd)
            .map(|(_, chords)| {
                chords
                    .iter()
                    .map(Chord::label)
                    .collect::<Vec<_>>()
                    .join(" / ")
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_shown_parses_back() {
        for name in PRESETS {
            for (_, chords) in Keymap::preset(name).unwrap().bindings {
                for c in chords {
                    assert_eq!(Chord::parse(&c.label()), Ok(c), "{}", c.label());
                }
            }
        }
        assert_eq!(Chord::plain(Key::Questionmark).label(), "?");
        assert_eq!(Chord::ctrl(Key::Plus).label(), "Ctrl++");
        assert_eq!(Chord::parse("Ctrl++"), Ok(Chord::ctrl(Key::Plus)));
        assert!(Chord::parse("Ctrl+").is_err());
    }

    #[test]
    fn no_preset_binds_one_chord_twice() {
        for name in PRESETS {
            let m = Keymap::preset(name).unwrap();
            assert_eq!(m.clash(), None, "preset {name}");
            assert_eq!(m.reserved(), None, "preset {name}");
            for cmd in Command::all() {
                assert!(
                    !m.keys_of(cmd).is_empty(),
                    "preset {name} leaves {} unbound",
                    cmd.name()
                );
            }
        }
    }

    #[test]
    fn config_remaps_and_clashes_are_refused() {
        let keys = vec![
            ("next".to_string(), vec!["Right".to_string()]),
            ("nudge_right".to_string(), vec!["Ctrl+Right".to_string()]),
        ];
        let m = Keymap::from_config(None, &keys).unwrap();
        assert_eq!(
            m.command_for(Key::ArrowRight, Modifiers::NONE),
            Some(Command::Next)
        );
        let bad = vec![("next".to_string(), vec!["A".to_string()])];
        let e = Keymap::from_config(None, &bad).unwrap_err();
        assert!(e.contains("'prev'") && e.contains("'next'"), "{e}");
        assert!(Keymap::from_config(Some("vim"), &[]).is_err());
        // Quit would take Ctrl+Q first: the binding would never fire.
        let quit = vec![("skip".to_string(), vec!["Ctrl+Q".to_string()])];
        let e = Keymap::from_config(None, &quit).unwrap_err();
        assert!(
            e.contains("Ctrl+Q") && e.contains("quit") && e.contains("'skip'"),
            "{e}"
        );
        assert!(
            Chord::parse("Ctrl+Shift+Z")
                .unwrap()
                .matches(Key::Z, Modifiers::COMMAND | Modifiers::SHIFT)
        );
        assert!(Chord::parse("Hyper+Z").is_err());
    }
}
