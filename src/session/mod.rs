//! An annotator's work on a project, one item at a time: the state the app shows and the
//! actions it applies. No egui here: the UI turns input into [`Action`]s, and every action
//! that changes work is saved in the store before `apply` returns.

use crate::core::config::ControlKind;
use crate::core::geometry::clamp_box;
mod answers;
mod notes;
mod shapes;
mod spans;
pub use spans::NO_RELATIONS;

use crate::core::progress::StatusCounts;
use crate::core::timing::{ActivityTimer, Clock};
use crate::core::{Annotation, BoxAnn, Item, ItemFilter, Segment, Span};
use crate::project::Project;
use crate::store::StoreError;
use serde_json::Value;

/// Everything an annotator can do to the work.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Next,
    Prev,
    /// Go to a position in the current list.
    Goto(usize),
    /// The next item that is new or draft, after the current one.
    NextUnfinished,
    /// Submit and go to the next item.
    Submit,
    Skip,
    ToggleFlag,
    Undo,
    Redo,
    /// Number key `i` (0-based): sets the current label; relabels the selected box; on a
    /// choice task picks the label (and submits and advances when configured).
    Label(usize),
    AddBox(BoxAnn),
    /// Replaces box `i` (a finished move, resize or nudge: one undo step).
    SetBox(usize, BoxAnn),
    DeleteSelected,
    DuplicateSelected,
    /// Copies the previous item's boxes onto this one.
    PastePrevious,
    /// Shows the next annotator's answer on this item (a reviewer comparing answers); the
    /// first change then starts from it.
    NextAnswer,
    /// Review: shows this annotator's answer on the item (a click in the answers list).
    ShowAnswer(String),
    /// A new time segment (clamped to the clip).
    AddSegment(Segment),
    /// Replaces segment `i` (a finished edge drag: one undo step).
    SetSegment(usize, Segment),
    /// Replaces every segment at once (all fitted to their sound: one undo step); a list of
    /// another length, or a segment that would not fit the clip, leaves that one as it was.
    SetSegments(Vec<Segment>),
    /// Cuts segment `.0` in two at second `.1`, its words shared by time; the second part
    /// is picked.
    SplitSegment(usize, f64),
    /// Makes segment `i` and the next one in time one segment, their words joined.
    MergeSegment(usize),
    /// Marks a stretch of a text item's field (its label set; the text is read from the
    /// item); spans it overlaps in that field go.
    AddSpan(Span),
    /// Links two spans (`relations` on the spans control); the same two spans linked the
    /// same way again take the new label.
    AddRelation(crate::core::Relation),
    /// Removes relation `i`.
    DeleteRelation(usize),
    /// Turns relation `i` round (a link drawn the wrong way): it then points from its end to
    /// its start, with its kind; where that way was linked already, that link takes the kind.
    ReverseRelation(usize),
    /// Gives relation `.0` the task's relation `.1` (0-based).
    RelabelRelation(usize, usize),
    Select(Option<usize>),
    /// Tab: select the next box.
    SelectNext,
    /// Shift+Tab: select the previous box (or segment).
    SelectPrev,
    /// Tab on a task without boxes: the next control gets the number keys.
    NextControl,
    /// Shift+Tab on a task without boxes: the previous control gets the number keys.
    PrevControl,
    /// Answers control `.0` with its option `.1` (a click in the controls panel).
    Answer(usize, usize),
    /// Sets the answer of a text control (by name).
    SetText(String, String),
    /// A text field took the keyboard (a click into it): its control becomes the active one.
    EnterText(usize),
    /// The active text field was left (Esc, a click elsewhere): the keys go to the next
    /// question they answer.
    LeaveText,
    /// Moves the selected box by whole pixels.
    Nudge(f32, f32),
    /// Turns the selected box by degrees clockwise (a task of turned boxes).
    Rotate(f32),
    /// Alt+digit: box attribute `i` (0-based, of the boxes control) on the selected box
    /// turns on or off.
    ToggleAttribute(usize),
    /// Sets the text of box `.0` (`box_text` tasks: the words inside it).
    SetBoxText(usize, String),
    /// Sets the text of segment `i` (`segment_text`: the words said in it).
    SetSegmentText(usize, String),
}

/// What an action did, for the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Changed,
    Unchanged,
    Moved,
    Message(String),
}

/// The app's working state over an open project.
pub struct Session {
    pub project: Project,
    /// Ids of the items in the list, in order (8 bytes an item: a million is 8 MB).
    pub ids: Vec<i64>,
    pub filter: ItemFilter,
    pub pos: usize,
    pub item: Option<Item>,
    pub annotation: Annotation,
    /// Another annotator, when `annotation` is theirs: this annotator has not changed the
    /// item yet. Their first change saves the whole answer as their own.
    pub answer_by: Option<String>,
    pub selected: Option<usize>,
    /// The selected shape was just drawn, not picked by the annotator: a number key then
    /// names the next shape instead of renaming this one (unless `label_after_drawing`).
    pub just_drawn: bool,
    /// The spans or segments shown are a model's (their control's `prefill`), not yet
    /// anyone's answer: the first change, or Enter, makes them this annotator's.
    pub shapes_suggested: bool,
    /// The text control being typed in: its edits go into one undo step until another
    /// action comes between.
    typing: Option<String>,
    /// Label index new boxes get.
    pub current_label: usize,
    /// Index into the config's controls of the one number keys answer (not boxes).
    pub active_control: usize,
    pub timer: Option<ActivityTimer>,
    /// Items submitted in this session, for items/hour and earnings.
    pub submitted_here: u32,
    /// The length of the clips submitted in this session, for earnings by the audio.
    pub submitted_audio_ms: u64,
    pub active_ms_here: u64,
    /// Active time of each item submitted in this session, for the median.
    pub submitted_active_ms: Vec<u64>,
    /// Items by status in the whole project: counted on open, then followed action by
    /// action (counting a million rows after each key would stall the app).
    pub counts: StatusCounts,
    clock: Box<dyn Clock + Send>,
    session_id: Option<String>,
    last_flush: i64,
}

/// Said instead of adding a box or segment no label can name (a project made without any).
pub const NO_LABELS: &str = "This project has no labels yet: add some to keylabel.toml (a [[labels]] block with name = \"…\" each, or `keylabel import` a COCO file) and open it again";

/// How often the running timer is written to the store, so a crash loses at most this much.
const FLUSH_EVERY_MS: i64 = 5_000;

impl Session {
    pub fn new(mut project: Project, clock: Box<dyn Clock + Send>) -> Result<Session, StoreError> {
        let now = clock.now_ms();
        let session_id = project
            .store
            .start_session(&project.annotator.clone(), now)
            .ok();
        let (ids, counts) = project.store.item_ids_and_counts()?;
        // Start where the work is: the first unfinished item.
        let first = project.store.items_page(ItemFilter::Unfinished, 0, 1)?;
        let pos = first
            .first()
            .and_then(|it| ids.binary_search(&it.id).ok())
            .unwrap_or(0);
        let mut s = Session {
            project,
            ids,
            filter: ItemFilter::All,
            pos,
            item: None,
            annotation: Annotation::default(),
            answer_by: None,
            selected: None,
            just_drawn: false,
            shapes_suggested: false,
            typing: None,
            current_label: 0,
            active_control: 0,
            timer: None,
            submitted_here: 0,
            submitted_audio_ms: 0,
            active_ms_here: 0,
            submitted_active_ms: Vec::new(),
            clock,
            session_id,
            last_flush: now,
            counts,
        };
        s.load_current()?;
        Ok(s)
    }

    /// Takes a task config edited while the project is open: labels, keys, questions,
    /// guidelines. The item, its answer and the timing go on as they were; a label or
    /// question picked that is gone falls back to the first. Items of another media need
    /// the project made again, so that is refused.
    pub fn set_config(&mut self, config: crate::core::TaskConfig) -> Result<(), String> {
        let was = self.project.config.task.media;
        if config.task.media != was {
            return Err(format!(
                "media = \"{}\" cannot change on a project of {} items; kept \"{}\"",
                config.task.media.as_str(),
                was.as_str(),
                was.as_str()
            ));
        }
        self.project.config = config;
        if self.current_label >= self.project.config.labels.len() {
            self.current_label = 0;
        }
        if self.active_control >= self.project.config.controls.len() {
            self.active_control = self.answerable().first().copied().unwrap_or(0);
        }
        Ok(())
    }

    pub fn now(&self) -> i64 {
        self.clock.now_ms()
    }

    pub fn annotator(&self) -> &str {
        &self.project.annotator
    }

    /// True when number keys set box labels (a boxes control exists).
    pub fn has_boxes(&self) -> bool {
        self.project.config.has_control(ControlKind::Boxes)
    }

    /// True when number keys set segment labels (a segments control exists).
    pub fn has_segments(&self) -> bool {
        self.project.config.has_control(ControlKind::Segments)
    }

    /// Boxes, segments or spans: what `selected` and Tab work on.
    fn shapes_len(&self) -> usize {
        if self.has_spans() {
            self.annotation.spans.len()
        } else if self.has_segments() {
            self.annotation.segments.len()
        } else {
            self.annotation.boxes.len()
        }
    }

    fn clamp_segment(&self, seg: &Segment) -> Option<Segment> {
        let dur = self.item.as_ref()?.duration_ms? as f64 / 1000.0;
        let (a, b) = if seg.start_s <= seg.end_s {
            (seg.start_s, seg.end_s)
        } else {
            (seg.end_s, seg.start_s)
        };
        let (a, b) = (a.clamp(0.0, dur), b.clamp(0.0, dur));
        // Shorter than 20 ms is a click, not a segment.
        (a.is_finite() && b.is_finite() && b - a >= 0.02).then(|| Segment {
            label: seg.label.clone(),
            start_s: a,
            end_s: b,
            text: seg.text.clone(),
        })
    }

    /// Shows a different list (by status filter), staying on the current item if it is in it.
    pub fn set_filter(&mut self, filter: ItemFilter) -> Result<(), StoreError> {
        self.leave_item()?;
        let current = self.item.as_ref().map(|i| i.id);
        self.ids = self.project.store.item_ids(filter)?;
        self.filter = filter;
        self.pos = current
            .and_then(|id| self.ids.binary_search(&id).ok())
            .unwrap_or(0);
        self.load_current()
    }

    /// Shows exactly these items (e.g. those with a label).
    pub fn set_ids(&mut self, ids: Vec<i64>) -> Result<(), StoreError> {
        self.leave_item()?;
        let current = self.item.as_ref().map(|i| i.id);
        self.ids = ids;
        self.pos = current
            .and_then(|id| self.ids.iter().position(|x| *x == id))
            .unwrap_or(0);
        self.load_current()
    }

    fn load_current(&mut self) -> Result<(), StoreError> {
        self.selected = None;
        self.just_drawn = false;
        // Each item starts at its first question.
        self.active_control = self.answerable().first().copied().unwrap_or(0);
        let Some(&id) = self.ids.get(self.pos) else {
            self.item = None;
            self.annotation = Annotation::default();
            self.answer_by = None;
            self.timer = None;
            return Ok(());
        };
        let item = self.project.store.item(id)?;
        let who = self.project.annotator.clone();
        let answered = self.show_answer(id)?;
        let now = self.now();
        self.project.store.open_item(id, &who, now)?;
        self.timer = Some(ActivityTimer::start(
            now,
            u64::from(self.project.config.task.idle_after_s) * 1000,
        ));
        self.item = Some(item);
        self.shapes_suggested = !answered && (self.suggest_spans() || self.suggest_segments());
        Ok(())
    }

    /// Shows the item's answer as this annotator sees it (see `Store::shown_annotation`);
    /// false when nobody has answered it.
    fn show_answer(&mut self, id: i64) -> Result<bool, StoreError> {
        let who = &self.project.annotator;
        let shown = self.project.store.shown_annotation(id, who)?;
        self.answer_by = shown
            .as_ref()
            .map(|(by, _)| by)
            .filter(|by| *by != who)
            .cloned();
        let answered = shown.is_some();
        let mut ann = shown.map(|(_, a)| a).unwrap_or_default();
        ann.answer_from_labels(&self.project.config.controls);
        self.annotation = ann;
        Ok(answered)
    }

    /// Writes the time spent on the current item.
    fn leave_item(&mut self) -> Result<(), StoreError> {
        self.flush_timing()
    }

    pub fn flush_timing(&mut self) -> Result<(), StoreError> {
        let now = self.now();
        self.last_flush = now;
        let (Some(t), Some(item)) = (self.timer.as_mut(), self.item.as_ref()) else {
            return Ok(());
        };
        let d = t.take(now);
        self.active_ms_here += d.active_ms;
        let who = self.project.annotator.clone();
        self.project.store.add_timing(item.id, &who, d)
    }

    /// Another screen covers the item (the import form): its time so far is written.
    pub fn away(&mut self) -> Result<(), StoreError> {
        self.flush_timing()
    }

    /// The item is on screen again after [`Session::away`]: the time between is not its.
    pub fn back(&mut self) {
        let now = self.now();
        if let Some(t) = self.timer.as_mut() {
            t.skip_to(now);
        }
    }

    /// Called every frame: accounts time, notes input and focus, writes timing now and then.
    /// `playing`: the item's clip is playing — listening is work, though no key is pressed
    /// (a 60 s clip outlasts the idle limit).
    pub fn tick(
        &mut self,
        focused: bool,
        keys: u32,
        clicks: u32,
        moved: bool,
        playing: bool,
    ) -> Result<(), StoreError> {
        let now = self.now();
        if let Some(t) = self.timer.as_mut() {
            t.set_focused(focused, now);
            for _ in 0..keys {
                t.key(now);
            }
            for _ in 0..clicks {
                t.click(now);
            }
            if moved || playing {
                t.input(now);
            }
            t.tick(now);
        }
        if now - self.last_flush >= FLUSH_EVERY_MS {
            self.flush_timing()?;
        }
        Ok(())
    }

    /// Active seconds on this item so far, and whether the timer is paused.
    pub fn item_timer(&mut self) -> (u64, bool) {
        let now = self.now();
        let who = self.project.annotator.clone();
        let stored = self
            .item
            .as_ref()
            .and_then(|i| self.project.store.timing(i.id, &who).ok().flatten())
            .map_or(0, |t| t.active_ms);
        match self.timer.as_mut() {
            Some(t) => (stored + t.active_ms(now), t.is_paused(now)),
            None => (stored, true),
        }
    }

    /// Milliseconds until the item timer on screen next changes (see
    /// [`ActivityTimer::next_change_in`]); `None` while it is paused or there is no item.
    pub fn timer_changes_in(&mut self) -> Option<u64> {
        let (shown, _) = self.item_timer();
        let now = self.now();
        self.timer.as_ref()?.next_change_in(now, shown)
    }

    fn go(&mut self, pos: usize) -> Result<Outcome, StoreError> {
        if pos >= self.ids.len() || pos == self.pos {
            return Ok(Outcome::Unchanged);
        }
        self.leave_item()?;
        self.pos = pos;
        self.load_current()?;
        Ok(Outcome::Moved)
    }

    fn save(&mut self, ann: Annotation) -> Result<Outcome, StoreError> {
        self.save_as(ann, false)
    }

    /// Saves `ann`; `merge`: into the last undo step (a burst of typing).
    fn save_as(&mut self, mut ann: Annotation, merge: bool) -> Result<Outcome, StoreError> {
        // A span removed or marked over takes its relations with it.
        crate::core::relations::prune(&mut ann);
        self.drop_unasked(&mut ann);
        let Some(item) = &self.item else {
            return Ok(Outcome::Unchanged);
        };
        let (id, now, who) = (item.id, self.now(), self.project.annotator.clone());
        let store = &mut self.project.store;
        let changed = if merge {
            store.save_annotation_merged(id, &who, &ann, now)?
        } else {
            store.save_annotation(id, &who, &ann, now)?
        };
        self.annotation = ann;
        self.answer_by = None;
        self.shapes_suggested = false;
        self.refresh_item()?;
        Ok(if changed {
            Outcome::Changed
        } else {
            Outcome::Unchanged
        })
    }

    /// Reads the current item again (its media moved).
    pub fn reload_item(&mut self) -> Result<(), StoreError> {
        self.refresh_item()
    }

    fn refresh_item(&mut self) -> Result<(), StoreError> {
        if let Some(item) = &self.item {
            self.item = Some(self.project.store.item(item.id)?);
        }
        Ok(())
    }

    fn clamp(&self, b: &BoxAnn) -> Option<BoxAnn> {
        let item = self.item.as_ref()?;
        match (item.width, item.height) {
            (Some(w), Some(h)) => clamp_box(b, w, h),
            _ => None,
        }
    }

    pub fn label_name(&self, i: usize) -> Option<String> {
        self.project.config.labels.get(i).map(|l| l.name.clone())
    }

    /// Applies one action; every change is in the store when this returns, and the status
    /// counts follow the one item it may change.
    pub fn apply(&mut self, action: Action) -> Result<Outcome, StoreError> {
        let before = self.item.as_ref().map(|i| (i.id, i.status));
        let out = self.apply_action(action);
        self.keep_active_asked();
        if let Some((id, was)) = before {
            let now = match &self.item {
                Some(item) if item.id == id => Some(item.status),
                _ => self.project.store.item(id).ok().map(|i| i.status),
            };
            if let Some(now) = now.filter(|s| *s != was) {
                self.counts.moved(was, now);
            }
        }
        out
    }

    pub(super) fn apply_action(&mut self, action: Action) -> Result<Outcome, StoreError> {
        let who = self.project.annotator.clone();
        let typing = self.typing.take();
        match action {
            Action::Next => self.go(self.pos + 1),
            Action::Prev => self.go(self.pos.saturating_sub(1)),
            Action::Goto(p) => self.go(p),
            Action::NextUnfinished => {
                let after = self.item.as_ref().map_or(0, |i| i.id);
                let next = self
                    .project
                    .store
                    .items_page(ItemFilter::Unfinished, after, 1)?;
                match next
                    .first()
                    .and_then(|it| self.ids.iter().position(|x| *x == it.id))
                {
                    Some(p) => self.go(p),
                    None => Ok(Outcome::Message("no unfinished item after this one".into())),
                }
            }
            Action::Submit => {
                self.fill_prefills()?;
                let Some(item) = &self.item else {
                    return Ok(Outcome::Unchanged);
                };
                if let Some(c) = self.missing_required() {
                    // Not submitted: the keys go to the question that still wants an answer.
                    let name = self.project.config.controls[c].name.clone();
                    if self.tab_order().contains(&c) {
                        self.active_control = c;
                    }
                    return Ok(Outcome::Message(format!(
                        "not submitted: “{name}” needs an answer (or skip the item)"
                    )));
                }
                if let Some((c, why)) = self.words_problem() {
                    let name = self.project.config.controls[c].name.clone();
                    self.active_control = c;
                    return Ok(Outcome::Message(format!("not submitted: “{name}” {why}")));
                }
                if let Some(b) = self.box_without_text() {
                    // Selected, so the keys go straight to its text.
                    self.selected = Some(b);
                    self.just_drawn = false;
                    let tick = (self.project.config.box_attributes().first())
                        .map(|a| format!(", tick “{a}” (Alt+1) if it cannot be read"))
                        .unwrap_or_default();
                    return Ok(Outcome::Message(format!(
                        "not submitted: box {} has no text: type what it says{tick}, or delete it",
                        b + 1
                    )));
                }
                let (id, audio_ms) = (item.id, item.duration_ms.unwrap_or(0));
                if self.answer_by.is_some() && !self.annotation.is_empty() {
                    // Submitting someone else's answer accepts it: it becomes this
                    // annotator's, the newest, the one exports take.
                    self.save(self.annotation.clone())?;
                }
                self.flush_timing()?;
                self.project.store.submit(id, &who, self.now())?;
                self.submitted_here += 1;
                self.submitted_audio_ms += audio_ms;
                let spent = self
                    .project
                    .store
                    .timing(id, &who)?
                    .map_or(0, |t| t.active_ms);
                self.submitted_active_ms.push(spent);
                self.refresh_item()?;
                if self.pos + 1 < self.ids.len() {
                    self.go(self.pos + 1)
                } else {
                    Ok(Outcome::Message("submitted; that was the last item".into()))
                }
            }
            Action::Skip => {
                let Some(item) = &self.item else {
                    return Ok(Outcome::Unchanged);
                };
                let id = item.id;
                self.flush_timing()?;
                self.project.store.skip(id, &who, self.now())?;
                self.refresh_item()?;
                match self.go(self.pos + 1)? {
                    Outcome::Unchanged => {
                        Ok(Outcome::Message("skipped; that was the last item".into()))
                    }
                    o => Ok(o),
                }
            }
            Action::ToggleFlag => {
                let Some(item) = &self.item else {
                    return Ok(Outcome::Unchanged);
                };
                let (id, flag) = (item.id, !item.flagged);
                self.project.store.set_flag(id, &who, flag, self.now())?;
                self.refresh_item()?;
                Ok(Outcome::Message(
                    if flag {
                        "flagged for review"
                    } else {
                        "flag removed"
                    }
                    .into(),
                ))
            }
            Action::Undo | Action::Redo => {
                let Some(item) = &self.item else {
                    return Ok(Outcome::Unchanged);
                };
                let id = item.id;
                let now = self.now();
                let r = if action == Action::Undo {
                    self.project.store.undo(id, &who, now)?
                } else {
                    self.project.store.redo(id, &who, now)?
                };
                match r {
                    Some(_) => {
                        // Undoing one's first change shows the other annotator's again.
                        self.show_answer(id)?;
                        self.selected = self.selected.filter(|i| *i < self.shapes_len());
                        self.just_drawn = false;
                        self.refresh_item()?;
                        Ok(Outcome::Changed)
                    }
                    None => Ok(Outcome::Message(
                        if action == Action::Undo {
                            "nothing to undo"
                        } else {
                            "nothing to redo"
                        }
                        .into(),
                    )),
                }
            }
            a @ (Action::Label(_)
            | Action::AddBox(_)
            | Action::SetBox(..)
            | Action::AddSegment(_)
            | Action::SetSegment(..)
            | Action::SetSegments(_)
            | Action::SplitSegment(..)
            | Action::MergeSegment(_)
            | Action::AddSpan(_)
            | Action::AddRelation(_)
            | Action::DeleteRelation(_)
            | Action::ReverseRelation(_)
            | Action::RelabelRelation(..)
            | Action::DeleteSelected
            | Action::DuplicateSelected
            | Action::PastePrevious
            | Action::Select(_)
            | Action::SelectPrev
            | Action::SelectNext
            | Action::Nudge(..)
            | Action::Rotate(_)
            | Action::ToggleAttribute(_)) => self.apply_shape_action(a),
            Action::NextAnswer => self.show_other_answer(None),
            Action::ShowAnswer(by) => self.show_other_answer(Some(&by)),
            Action::PrevControl => {
                self.step_control(false);
                Ok(Outcome::Unchanged)
            }
            Action::NextControl => {
                self.step_control(true);
                Ok(Outcome::Unchanged)
            }
            Action::Answer(control, option) => {
                if control >= self.project.config.controls.len() {
                    return Ok(Outcome::Unchanged);
                }
                self.active_control = control;
                self.answer_key(option)
            }
            Action::EnterText(control) => {
                self.enter_text(control);
                Ok(Outcome::Unchanged)
            }
            Action::LeaveText => {
                self.leave_text();
                Ok(Outcome::Unchanged)
            }
            Action::SetText(name, text) => {
                let mut ann = self.annotation.clone();
                if text.is_empty() {
                    ann.fields.remove(&name);
                } else {
                    ann.fields.insert(name.clone(), Value::String(text));
                }
                let merge = typing.as_deref() == Some(name.as_str());
                self.typing = Some(name);
                self.save_as(ann, merge)
            }
            Action::SetBoxText(i, text) => self.set_shape_text(typing, ("box", i), text, |a| {
                Some(&mut a.boxes.get_mut(i)?.text)
            }),
            Action::SetSegmentText(i, text) => {
                self.set_shape_text(typing, ("segment", i), text, |a| {
                    Some(&mut a.segments.get_mut(i)?.text)
                })
            }
        }
    }

    /// Ends the session: writes the last timing and the session's end.
    pub fn close(&mut self) -> Result<(), StoreError> {
        self.flush_timing()?;
        let now = self.now();
        if let Some(id) = self.session_id.take() {
            self.project.store.end_session(&id, now)?;
        }
        Ok(())
    }

    /// What this session's submissions earned, by the item and by the minute of audio, where
    /// the config sets a pay.
    pub fn earned(&self) -> Option<f64> {
        let task = &self.project.config.task;
        let (per_item, per_minute) = (task.pay_per_item, task.pay_per_audio_minute);
        (per_item.is_some() || per_minute.is_some()).then(|| {
            per_item.unwrap_or(0.0) * f64::from(self.submitted_here)
                + per_minute.unwrap_or(0.0) * self.submitted_audio_ms as f64 / 60_000.0
        })
    }

    /// Submitted items in this session per hour of its active time.
    pub fn items_per_hour(&self) -> Option<f64> {
        // None before the first submit: "0 items/h" a minute into the first item reads as
        // a verdict, not a rate.
        (self.active_ms_here > 0 && self.submitted_here > 0)
            .then(|| f64::from(self.submitted_here) * 3_600_000.0 / self.active_ms_here as f64)
    }

    /// Median active seconds per item submitted in this session.
    pub fn median_seconds(&self) -> Option<f64> {
        let mut v = self.submitted_active_ms.clone();
        v.sort_unstable();
        let n = v.len();
        (n > 0).then(|| if n % 2 == 1 { v[n / 2] as f64 } else { (v[n / 2 - 1] + v[n / 2]) as f64 / 2.0 } / 1000.0)
    }
}

/// Step `n` of the crash-safety drill: which item it edits and the annotation it leaves.
/// Deterministic, so a test can tell what every acknowledged step must have left behind.
pub fn drill_step(ids: &[i64], n: u32) -> (i64, Annotation) {
    let id = ids[n as usize % ids.len()];
    let boxes = (0..(n % 7 + 1))
        .map(|k| BoxAnn::new(format!("l{}", k % 3), n as f32, k as f32, 5.0, 5.0))
        .collect();
    (
        id,
        Annotation {
            boxes,
            ..Default::default()
        },
    )
}
