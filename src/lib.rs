//! Keylabel: a native, local-first labeling tool.
//!
//! Layers, each depending only on the ones below it:
//! - [`core`]: plain types and pure logic (items, annotations, task config, timing, geometry).
//! - [`store`]: the project's SQLite database; one transaction per action.
//! - [`io`]: reading media and foreign formats, writing exports.
//! - [`project`]: a project folder, tying the config file, the store and io together.
//! - `cli` (binary) and `ui` (feature `gui`): the two front ends.

pub mod core;
pub mod io;
pub mod project;
pub mod session;
pub mod store;

#[cfg(feature = "gui")]
pub mod ui;

/// The version written into exports and the session log.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
