//! Items: adding, listing by page and status, reading rows for export.

use super::{Cached, Result, Store, StoreError};
use crate::core::progress::StatusCounts;
use crate::core::timing::Timing;
use crate::core::{Annotation, Answers, ExportRow, Item, ItemFilter, MediaKind, NewItem, Status};
use rusqlite::{OptionalExtension, Row, params};
use serde_json::{Map, Value};

/// What an insert did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InsertReport {
    pub added: u64,
    /// Items already in the project (same media or same record), left as they were.
    pub duplicates: u64,
}

pub(super) const ITEM_COLS: &str = "i.id, i.uid, i.kind, i.root, i.media, i.data, i.width, i.height, i.duration_ms, i.status, i.flagged";

/// What a round trip needs of an item: enough to skip writes that change nothing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItemRef {
    pub id: i64,
    pub status: Option<Status>,
    pub flagged: bool,
}

/// What an item list shows: a status filter, and optionally a label in use and a text to
/// find in the media path or the fields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ItemQuery {
    pub filter: ItemFilter,
    pub label: Option<String>,
    pub text: Option<String>,
    /// The fields the text is looked for in (the ones shown); empty: every field.
    pub fields: Vec<String>,
    /// Only items whose annotators disagree on these questions (see
    /// `core::agreement::answers_differ`).
    pub disagreed_on: Option<Vec<crate::core::Control>>,
    /// With `disagreed_on`: leave out the items this annotator has answered — a reviewer's
    /// own answer settles the item.
    pub settled_by: Option<String>,
}

pub(super) fn filter_sql(filter: ItemFilter) -> String {
    match filter {
        ItemFilter::All => "1".into(),
        ItemFilter::Status(s) => format!("i.status = '{}'", s.as_str()),
        ItemFilter::Flagged => "i.flagged = 1".into(),
        ItemFilter::Unfinished => "i.status IN ('new', 'draft')".into(),
        ItemFilter::Noted => "EXISTS (SELECT 1 FROM notes n WHERE n.item_id = i.id)".into(),
    }
}

/// Reads an item from the first 11 columns of `ITEM_COLS`.
pub(super) fn item_from_row(row: &Row<'_>) -> rusqlite::Result<Item> {
    let kind: String = row.get(2)?;
    let data: String = row.get(5)?;
    let status: String = row.get(9)?;
    let bad = |i: usize, what: String| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, what.into())
    };
    Ok(Item {
        id: row.get(0)?,
        uid: row.get(1)?,
        kind: MediaKind::parse(&kind).ok_or_else(|| bad(2, format!("unknown kind '{kind}'")))?,
        root: row.get(3)?,
        media: row.get(4)?,
        data: serde_json::from_str::<Map<String, Value>>(&data)
            .map_err(|e| bad(5, e.to_string()))?,
        width: row.get(6)?,
        height: row.get(7)?,
        duration_ms: row.get::<_, Option<i64>>(8)?.map(|v| v.max(0) as u64),
        status: status.parse::<Status>().map_err(|e| bad(9, e))?,
        flagged: row.get::<_, i64>(10)? != 0,
    })
}

impl Store {
    /// Adds items in one transaction; an item whose key exists is counted as a duplicate.
    pub fn insert_items(
        &mut self,
        items: impl IntoIterator<Item = NewItem>,
    ) -> Result<InsertReport> {
        self.insert_items_seeing(items, |_| {})
    }

    /// As [`Store::insert_items`]; a record known by its `id`, or a listed file with
    /// fields, that is already in the project with other content is passed to `changed`
    /// (by key) as it goes in — the project keeps the one it has, since its answers were
    /// given on it.
    pub fn insert_items_seeing(
        &mut self,
        items: impl IntoIterator<Item = NewItem>,
        mut changed: impl FnMut(&str),
    ) -> Result<InsertReport> {
        let path = self.path.clone();
        let wrap = |e| super::wrap(&path, e);
        let tx = self.change().map_err(wrap)?;
        let mut report = InsertReport::default();
        {
            let mut stmt = tx
                .prepare(
                    "INSERT OR IGNORE INTO items(uid, key, kind, root, media, data, width, height, duration_ms)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )
                .map_err(wrap)?;
            let mut held = tx
                .prepare("SELECT data FROM items WHERE key = ?1")
                .map_err(wrap)?;
            // Time-ordered ids (v7): the uid index grows at its end instead of splitting
            // pages at random, which makes a million-item import twice as fast.
            let mut uid_buf = uuid::Uuid::encode_buffer();
            for it in items {
                let uid: &str = uuid::Uuid::now_v7().hyphenated().encode_lower(&mut uid_buf);
                let data = Value::Object(it.data).to_string();
                let n = stmt
                    .execute(params![
                        uid,
                        it.key,
                        it.kind.as_str(),
                        it.root,
                        it.media,
                        data,
                        it.width,
                        it.height,
                        it.duration_ms.map(|v| v as i64)
                    ])
                    .map_err(wrap)?;
                if n == 0 {
                    report.duplicates += 1;
                    // Records without an id are known by their content: never changed.
                    // A file listed with fields (a manifest) may come with other ones; a
                    // file from a walk brings none.
                    let known_by_name =
                        it.key.starts_with("r:id:") || (it.key.starts_with("m:") && data != "{}");
                    if known_by_name {
                        let was: Option<String> = held
                            .query_row([&it.key], |r| r.get(0))
                            .optional()
                            .map_err(wrap)?;
                        // The same fields in another order are the same record.
                        let differs = |was: String| {
                            was != data
                                && serde_json::from_str::<Value>(&was).ok()
                                    != serde_json::from_str::<Value>(&data).ok()
                        };
                        if was.is_some_and(differs) {
                            changed(&it.key);
                        }
                    }
                } else {
                    report.added += 1;
                }
            }
        }
        tx.commit().map_err(wrap)?;
        Ok(report)
    }

    pub fn count(&self, filter: ItemFilter) -> Result<u64> {
        let sql = format!("SELECT COUNT(*) FROM items i WHERE {}", filter_sql(filter));
        self.conn
            .one(&sql, [], |r| r.get::<_, i64>(0))
            .map(|n| n as u64)
            .map_err(|e| self.err(e))
    }

    /// Points the items under media root `from` at `to`: their folder was moved (a part of
    /// the work handed over with its media unpacked elsewhere). Their keys follow, so the
    /// same files imported again are still known. One transaction; returns how many moved.
    pub fn move_root(&mut self, from: &str, to: &str) -> Result<u64> {
        let path = self.path.clone();
        let w = |e| super::wrap(&path, e);
        let tx = self.change().map_err(w)?;
        let n = tx
            .exec(
                "UPDATE items SET root = ?2,
                    key = CASE WHEN substr(key, 1, length(?3)) = ?3
                        THEN 'm:' || ?2 || '/' || substr(key, length(?3) + 1) ELSE key END
                 WHERE root = ?1",
                params![from, to, format!("m:{from}/")],
            )
            .map_err(w)?;
        tx.commit().map_err(w)?;
        Ok(n as u64)
    }

    /// Each folder records came from (the root their pictures' paths start at) with the
    /// first item from it.
    pub fn record_roots(&self) -> Result<Vec<(String, i64)>> {
        self.pairs(
            "SELECT root, MIN(id) FROM items
             WHERE root IS NOT NULL AND media IS NULL GROUP BY root ORDER BY root",
        )
    }

    /// Each media root with the first media file under it, for finding a moved folder.
    pub fn media_roots(&self) -> Result<Vec<(String, String)>> {
        self.pairs(
            "SELECT root, MIN(media) FROM items
             WHERE root IS NOT NULL AND media IS NOT NULL GROUP BY root ORDER BY root",
        )
    }

    /// How many items are in each status (from the status index alone).
    pub fn status_counts(&self) -> Result<StatusCounts> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT status, COUNT(*) FROM items GROUP BY status")
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
        let mut pairs = Vec::new();
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            let status: String = row.get(0).map_err(|e| self.err(e))?;
            let n: i64 = row.get(1).map_err(|e| self.err(e))?;
            if let Some(s) = Status::ALL.iter().find(|s| s.as_str() == status) {
                pairs.push((*s, n.max(0) as u64));
            }
        }
        Ok(StatusCounts::from_pairs(&pairs))
    }

    /// Every item id in project order, with how many items are in each status: one pass
    /// over the status index, which holds both and is a tenth of the table's size (records
    /// with long texts), then a sort. A million items: 45 ms instead of 135 ms.
    pub fn item_ids_and_counts(&self) -> Result<(Vec<i64>, StatusCounts)> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, status FROM items ORDER BY status, id")
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
        let mut ids = Vec::new();
        let mut counts = [0u64; 4];
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            ids.push(row.get(0).map_err(|e| self.err(e))?);
            let status = row.get_ref(1).map_err(|e| self.err(e))?;
            let status = status.as_str().unwrap_or_default();
            if let Some(i) = Status::ALL.iter().position(|s| s.as_str() == status) {
                counts[i] += 1;
            }
        }
        ids.sort_unstable();
        let counts: Vec<(Status, u64)> = Status::ALL.iter().copied().zip(counts).collect();
        Ok((ids, StatusCounts::from_pairs(&counts)))
    }

    /// Up to `limit` items after `after_id` (0 for the first page), in project order.
    pub fn items_page(&self, filter: ItemFilter, after_id: i64, limit: u32) -> Result<Vec<Item>> {
        let sql = format!(
            "SELECT {ITEM_COLS} FROM items i WHERE {} AND i.id > ?1 ORDER BY i.id LIMIT ?2",
            filter_sql(filter)
        );
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(params![after_id, limit], item_from_row)
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// Ids of all items that pass `filter`, in order: 8 bytes an item, for a virtual list.
    pub fn item_ids(&self, filter: ItemFilter) -> Result<Vec<i64>> {
        let sql = format!(
            "SELECT i.id FROM items i WHERE {} ORDER BY i.id",
            filter_sql(filter)
        );
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let rows = stmt.query_map([], |r| r.get(0)).map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<i64>>>()
            .map_err(|e| self.err(e))
    }

    pub fn item(&self, id: i64) -> Result<Item> {
        let sql = format!("SELECT {ITEM_COLS} FROM items i WHERE i.id = ?1");
        self.conn
            .one(&sql, [id], item_from_row)
            .optional()
            .map_err(|e| self.err(e))?
            .ok_or_else(|| StoreError::NoItem {
                path: self.path.clone(),
                id,
            })
    }

    pub fn item_by_uid(&self, uid: &str) -> Result<Option<Item>> {
        let sql = format!("SELECT {ITEM_COLS} FROM items i WHERE i.uid = ?1");
        self.conn
            .one(&sql, [uid], item_from_row)
            .optional()
            .map_err(|e| self.err(e))
    }

    /// The id, status and flag of the item with `uid`: the cheap lookup of a round trip.
    pub fn item_ref_by_uid(&self, uid: &str) -> Result<Option<ItemRef>> {
        self.conn
            .one(
                "SELECT id, status, flagged FROM items WHERE uid = ?1",
                [uid],
                |r| {
                    let status = r.get_ref(1)?.as_str().unwrap_or_default();
                    Ok(ItemRef {
                        id: r.get(0)?,
                        // An unknown status reads as `None`: the row's own status is then
                        // written over it rather than the import failing.
                        status: status.parse().ok(),
                        flagged: r.get::<_, i64>(2)? != 0,
                    })
                },
            )
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Notes a file items were read from (a JSONL/CSV of records, a manifest): their media,
    /// in effect, which an export must not replace. Kept in `meta` by its full path.
    pub fn note_source(&self, path: &str) -> Result<()> {
        self.conn
            .execute(
                "INSERT OR IGNORE INTO meta(key, value) VALUES (?1, '')",
                [format!("source:{path}")],
            )
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Whether items were read from `path` (see [`Store::note_source`]).
    pub fn is_source(&self, path: &str) -> Result<bool> {
        self.conn
            .query_row(
                "SELECT 1 FROM meta WHERE key = ?1",
                [format!("source:{path}")],
                |_| Ok(()),
            )
            .optional()
            .map(|found| found.is_some())
            .map_err(|e| self.err(e))
    }

    /// Items whose media path (under its root) is `media`.
    pub fn items_by_media(&self, media: &str) -> Result<Vec<Item>> {
        let sql = format!("SELECT {ITEM_COLS} FROM items i WHERE i.media = ?1 ORDER BY i.id");
        let mut stmt = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([media], item_from_row)
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(|e| self.err(e))
    }

    /// Calls `f` for every item passing `filter`, in order, with its latest annotation.
    pub fn for_each_export_row<E: From<StoreError>>(
        &self,
        filter: ItemFilter,
        f: impl FnMut(ExportRow) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        self.for_each_export_row_with(filter, true, f)
    }

    /// As [`Store::for_each_export_row`]; with `annotations` false the annotation is left
    /// empty and not parsed (a pass that needs only items and timing is then much cheaper).
    pub fn for_each_export_row_with<E: From<StoreError>>(
        &self,
        filter: ItemFilter,
        annotations: bool,
        f: impl FnMut(ExportRow) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        self.export_rows(filter, Answers::Newest, annotations, f)
    }

    /// Calls `f` for every item passing `filter`, in order, with the answers `answers` asks
    /// for, each with its annotator's timing. An item nobody answered comes once, empty.
    pub fn for_each_answer_row<E: From<StoreError>>(
        &self,
        filter: ItemFilter,
        answers: Answers,
        f: impl FnMut(ExportRow) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        self.export_rows(filter, answers, true, f)
    }

    fn export_rows<E: From<StoreError>>(
        &self,
        filter: ItemFilter,
        answers: Answers,
        annotations: bool,
        mut f: impl FnMut(ExportRow) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let (which, order) = match answers {
            Answers::Newest => (
                " AND a.annotator =
                 (SELECT annotator FROM annotations WHERE item_id = i.id ORDER BY updated_at DESC LIMIT 1)",
                "i.id",
            ),
            Answers::Every => ("", "i.id, a.annotator"),
        };
        let sql = format!(
            "SELECT {ITEM_COLS}, a.annotator, a.data,
                    t.active_ms, t.wall_ms, t.visits, t.first_seen_at, t.submitted_at, t.keys, t.clicks
             FROM items i
             LEFT JOIN annotations a ON a.item_id = i.id{which}
             LEFT JOIN timing t ON t.item_id = i.id AND t.annotator = COALESCE(a.annotator,
                 (SELECT annotator FROM timing WHERE item_id = i.id ORDER BY active_ms DESC LIMIT 1))
             WHERE {} ORDER BY {order}",
            filter_sql(filter)
        );
        let notes = self.all_notes()?;
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            let item = item_from_row(row).map_err(|e| self.err(e))?;
            let annotator: Option<String> = row.get(11).map_err(|e| self.err(e))?;
            let data = row
                .get_ref(12)
                .map_err(|e| self.err(e))?
                .as_str_or_null()
                .map_err(|e| self.err(e.into()))?
                .filter(|_| annotations);
            let annotation = match data {
                Some(d) => serde_json::from_str(d).map_err(|e| StoreError::BadAnnotation {
                    path: self.path.clone(),
                    id: item.id,
                    message: e.to_string(),
                })?,
                None => Annotation::default(),
            };
            let get = |i: usize| -> std::result::Result<Option<i64>, StoreError> {
                row.get::<_, Option<i64>>(i).map_err(|e| self.err(e))
            };
            let timing = Timing {
                active_ms: get(13)?.unwrap_or(0) as u64,
                wall_ms: get(14)?.unwrap_or(0) as u64,
                visits: get(15)?.unwrap_or(0) as u32,
                first_seen_at: get(16)?,
                submitted_at: get(17)?,
                keys: get(18)?.unwrap_or(0) as u32,
                clicks: get(19)?.unwrap_or(0) as u32,
            };
            f(ExportRow {
                notes: notes.get(&item.id).cloned().unwrap_or_default(),
                item,
                annotator,
                annotation,
                timing,
            })?;
        }
        Ok(())
    }
}

impl Store {
    /// Sets fields on the items with these keys (the fields given replace those of the
    /// same name; the others stay), in one transaction; a key no item has is passed back to
    /// `missing` with its tag. Returns how many items were changed. A model's suggestions
    /// come to items already there this way.
    pub fn update_fields<T>(
        &mut self,
        updates: impl IntoIterator<Item = (String, Map<String, Value>, T)>,
        mut missing: impl FnMut(T),
    ) -> Result<u64> {
        let path = self.path.clone();
        let wrap = |e| super::wrap(&path, e);
        let tx = self.change().map_err(wrap)?;
        let mut changed = 0;
        {
            let mut stmt = tx
                .prepare("UPDATE items SET data = json_patch(data, ?2) WHERE key = ?1")
                .map_err(wrap)?;
            for (key, fields, tag) in updates {
                // json_patch takes a null for "remove the field": a null given is left out.
                let fields: Map<String, Value> =
                    fields.into_iter().filter(|(_, v)| !v.is_null()).collect();
                let n = stmt
                    .execute(params![key, Value::Object(fields).to_string()])
                    .map_err(wrap)?;
                if n == 0 {
                    missing(tag);
                } else {
                    changed += 1;
                }
            }
        }
        tx.commit().map_err(wrap)?;
        Ok(changed)
    }

    pub fn item_by_key(&self, key: &str) -> Result<Option<Item>> {
        let sql = format!("SELECT {ITEM_COLS} FROM items i WHERE i.key = ?1");
        self.conn
            .one(&sql, [key], item_from_row)
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Ids of the items a list shows: passing `q.filter`, using `q.label` (as a choice, a
    /// box or a span, in anyone's annotation) and holding `q.text` in their media path or fields.
    pub fn find_item_ids(&self, q: &ItemQuery) -> Result<Vec<i64>> {
        let mut sql = format!("SELECT i.id FROM items i WHERE {}", filter_sql(q.filter));
        let mut params: Vec<String> = Vec::new();
        if let Some(label) = &q.label {
            sql += " AND EXISTS (SELECT 1 FROM annotations a WHERE a.item_id = i.id AND (
                EXISTS (SELECT 1 FROM json_each(a.data, '$.labels') j WHERE j.value = ?)
                OR EXISTS (SELECT 1 FROM json_each(a.data, '$.boxes') j
                           WHERE json_extract(j.value, '$.label') = ?)
                OR EXISTS (SELECT 1 FROM json_each(a.data, '$.spans') j
                           WHERE json_extract(j.value, '$.label') = ?)))";
            params.extend([label.clone(), label.clone(), label.clone()]);
        }
        if let Some(text) = q.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            // LIKE with the user's % and _ taken literally; ASCII case does not matter.
            let pattern = format!(
                "%{}%",
                text.replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_")
            );
            let mut any = vec!["i.media LIKE ? ESCAPE '\\'".to_string()];
            params.push(pattern.clone());
            if q.fields.is_empty() {
                // Every top-level value, not the field names.
                any.push(
                    "EXISTS (SELECT 1 FROM json_each(i.data) j WHERE j.value LIKE ? ESCAPE '\\')"
                        .into(),
                );
                params.push(pattern.clone());
            } else {
                for f in &q.fields {
                    any.push("json_extract(i.data, ?) LIKE ? ESCAPE '\\'".into());
                    params.push(format!("$.\"{}\"", f.replace('"', "")));
                    params.push(pattern.clone());
                }
            }
            // And what annotators answered: text answers (a description, a correction),
            // options picked, box texts (OCR), the words of segments: a lead finds every
            // item where "TOTAL" was typed.
            // The answer's JSON text is scanned first: taking every answer apart is 3× the
            // search. (A quote or backslash is escaped in that text: then no shortcut.)
            let raw = !text.contains(['"', '\\']);
            any.push(format!(
                "EXISTS (SELECT 1 FROM annotations a WHERE a.item_id = i.id {} AND (
                    EXISTS (SELECT 1 FROM json_each(a.data, '$.fields') f
                            WHERE f.type = 'text' AND f.value LIKE ? ESCAPE '\\')
                    OR EXISTS (SELECT 1 FROM json_each(a.data, '$.boxes') b
                            WHERE json_extract(b.value, '$.text') LIKE ? ESCAPE '\\')
                    OR EXISTS (SELECT 1 FROM json_each(a.data, '$.segments') g
                            WHERE json_extract(g.value, '$.text') LIKE ? ESCAPE '\\')))",
                if raw {
                    "AND a.data LIKE ? ESCAPE '\\'"
                } else {
                    ""
                }
            ));
            if raw {
                params.push(pattern.clone());
            }
            params.extend([pattern.clone(), pattern.clone(), pattern]);
            sql += &format!(" AND ({})", any.join(" OR "));
        }
        sql += " ORDER BY i.id";
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(params), |r| r.get(0))
            .map_err(|e| self.err(e))?;
        let ids = rows
            .collect::<rusqlite::Result<Vec<i64>>>()
            .map_err(|e| self.err(e))?;
        let Some(controls) = &q.disagreed_on else {
            return Ok(ids);
        };
        // Both lists are in id order: keep the ids found in both.
        let mut disagreed = self.disagreed_item_ids(controls)?;
        if let Some(who) = &q.settled_by {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT 1 FROM annotations WHERE item_id = ?1 AND annotator = ?2")
                .map_err(|e| self.err(e))?;
            let mut open = Vec::with_capacity(disagreed.len());
            for id in disagreed {
                if !stmt.exists(params![id, who]).map_err(|e| self.err(e))? {
                    open.push(id);
                }
            }
            disagreed = open;
        }
        Ok(ids
            .into_iter()
            .filter(|id| disagreed.binary_search(id).is_ok())
            .collect())
    }

    /// Of `ids` (in id order), the items whose model doubted the segments or spans it gave
    /// (`core::suggestion::doubted`): the list's "model doubted" filter, read a page of
    /// items at a time.
    pub fn doubted_item_ids(&self, ids: &[i64], cfg: &crate::core::TaskConfig) -> Result<Vec<i64>> {
        let mut out = Vec::new();
        let mut after = 0;
        loop {
            let page = self.items_page(ItemFilter::All, after, 5_000)?;
            let Some(last) = page.last() else {
                return Ok(out);
            };
            after = last.id;
            out.extend(
                (page.iter())
                    .filter(|item| ids.binary_search(&item.id).is_ok())
                    .filter(|item| crate::core::suggestion::doubted(cfg, item))
                    .map(|item| item.id),
            );
        }
    }
}
