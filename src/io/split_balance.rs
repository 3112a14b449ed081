//! HF `imagefolder` reads each side's column types from that side's rows alone, and refuses
//! a `train` and a `validation` whose types differ: a column with a value in some train row
//! (a flag ticked) but none in val (only `[]`, only `null`) reads as `list<null>` there. The
//! answers cannot be made up, so a row that has such a value moves across — one a side can
//! spare: its other values stay somewhere on its side.

use super::yolo::link;
use super::{IoError, werr};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

/// A side's rows: each line as written, and as read.
type Rows = Vec<(String, Map<String, Value>)>;

/// The keys of a row with a value HF can take a type from.
pub fn typed_keys(row: &Map<String, Value>) -> impl Iterator<Item = &String> {
    row.iter()
        .filter(|(_, v)| !(v.is_null() || v.as_array().is_some_and(Vec::is_empty)))
        .map(|(k, _)| k)
}

fn counts(rows: &Rows) -> BTreeMap<String, usize> {
    let mut n = BTreeMap::new();
    for (_, r) in rows {
        for k in typed_keys(r) {
            *n.entry(k.clone()).or_insert(0) += 1;
        }
    }
    n
}

fn read(path: &Path) -> Result<Rows, IoError> {
    let text = std::fs::read_to_string(path).map_err(werr(path))?;
    text.lines()
        .map(|l| {
            let row = serde_json::from_str::<Map<String, Value>>(l)
                .map_err(|e| IoError::invalid(path, e.to_string()))?;
            Ok((l.to_string(), row))
        })
        .collect()
}

/// Moves rows between `root/sides[0]` and `root/sides[1]` (each with its `metadata.jsonl`)
/// until every column has a value on both sides, where a side can spare one. Returns how
/// many rows went to the second side (less those that came back), and the columns still
/// typed on one side only. `taken` holds the file names in use (`side/name`, lower case).
pub fn balance(
    root: &Path,
    sides: [&str; 2],
    taken: &mut HashSet<String>,
) -> Result<(i64, Vec<String>), IoError> {
    let paths = sides.map(|s| root.join(s).join("metadata.jsonl"));
    let mut rows = [read(&paths[0])?, read(&paths[1])?];
    let mut to_second = 0i64;
    loop {
        let n = [counts(&rows[0]), counts(&rows[1])];
        let one_sided: BTreeSet<&String> = n[0]
            .keys()
            .filter(|k| !n[1].contains_key(*k))
            .chain(n[1].keys().filter(|k| !n[0].contains_key(*k)))
            .collect();
        let Some(column) = one_sided.first().map(|c| (*c).clone()) else {
            break;
        };
        let from = usize::from(n[1].contains_key(&column));
        // A row with a value for `column` whose every value its side has elsewhere too.
        let spare = rows[from].iter().position(|(_, r)| {
            r.get(&column)
                .is_some_and(|_| typed_keys(r).any(|k| k == &column))
                && typed_keys(r).all(|k| n[from].get(k).copied().unwrap_or(0) >= 2)
        });
        let (Some(at), true) = (spare, rows[from].len() >= 2) else {
            let left: Vec<String> = one_sided.into_iter().cloned().collect();
            write(&paths, &rows)?;
            return Ok((to_second, left));
        };
        let (line, mut row) = rows[from].remove(at);
        let changed = relink(root, sides, from, &mut row, taken)?;
        let line = if changed {
            serde_json::to_string(&row)
                .map_err(|e| IoError::invalid(&paths[from], e.to_string()))?
        } else {
            line
        };
        rows[1 - from].push((line, row));
        to_second += if from == 0 { 1 } else { -1 };
    }
    write(&paths, &rows)?;
    Ok((to_second, Vec::new()))
}

/// Links a moved row's pictures on its new side (the old links stay: other rows may name
/// them). Returns true when a name was taken there and the row names its picture anew.
fn relink(
    root: &Path,
    sides: [&str; 2],
    from: usize,
    row: &mut Map<String, Value>,
    taken: &mut HashSet<String>,
) -> Result<bool, IoError> {
    let to = 1 - from;
    let mut changed = false;
    for (key, v) in row.iter_mut() {
        let is_file = key == "file_name" || key.ends_with("_file_name");
        let Some(name) = v.as_str().filter(|_| is_file).map(str::to_string) else {
            continue;
        };
        let old = root.join(sides[from]).join(&name);
        let mut new_name = name.clone();
        let mut n = 1;
        while !taken.insert(format!("{}/{}", sides[to], new_name.to_lowercase())) {
            if root.join(sides[to]).join(&new_name).exists()
                && same_file(&old, &root.join(sides[to]).join(&new_name))
            {
                break;
            }
            n += 1;
            new_name = match name.rfind('.') {
                Some(dot) if dot > 0 => format!("{}-m{n}{}", &name[..dot], &name[dot..]),
                _ => format!("{name}-m{n}"),
            };
        }
        let at = root.join(sides[to]).join(&new_name);
        if !at.exists() {
            // A mask in `masks/`: that folder may not be on this side yet.
            if let Some(dir) = at.parent() {
                std::fs::create_dir_all(dir).map_err(werr(dir))?;
            }
            // The link's own target: a link to a link in the folder being built would point
            // into a temp folder that is renamed once done.
            match std::fs::read_link(&old) {
                Ok(target) => link(&target, &at)?,
                Err(_) => std::fs::hard_link(&old, &at)
                    .or_else(|_| std::fs::copy(&old, &at).map(|_| ()))
                    .map_err(werr(&at))?,
            }
        }
        if new_name != name {
            *v = Value::String(new_name);
            changed = true;
        }
    }
    Ok(changed)
}

/// True when two links name one file (a picture another moved row linked already).
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

fn write(paths: &[std::path::PathBuf; 2], rows: &[Rows; 2]) -> Result<(), IoError> {
    for (path, side) in paths.iter().zip(rows) {
        let mut text = String::new();
        for (line, _) in side {
            text.push_str(line);
            text.push('\n');
        }
        std::fs::write(path, text).map_err(werr(path))?;
    }
    Ok(())
}
