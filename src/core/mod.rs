//! Plain types and pure logic. Knows nothing of egui, SQLite or the file system.

pub mod agreement;
pub mod alpha;
pub mod annotation;
pub mod brush;
pub mod config;
pub mod contour;
pub mod conversation;
pub mod geometry;
pub mod item;
pub mod matching;
pub mod natural;
pub mod progress;
pub mod relations;
pub mod rotation;
pub mod segments;
pub mod spans;
pub mod suggestion;
pub mod templates;
pub mod time;
pub mod timing;
pub mod wand;

pub use annotation::{Annotation, BoxAnn, Segment, Span};
pub use config::{ConfigError, Control, ControlKind, Label, MediaKind, TaskConfig};
pub use item::{Answers, ExportRow, Item, ItemFilter, NewItem, Note, Status};
pub use progress::Progress;
pub use relations::{Relation, SpanRef};
pub use timing::{ActivityTimer, Clock, SystemClock};
