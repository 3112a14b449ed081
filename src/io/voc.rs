//! Pascal VOC annotation files (`<annotation>` XML, one per image): what LabelImg writes
//! beside the images by default, and the layout of the VOC datasets (`Annotations/`). Boxes
//! are read as LabelImg writes them: `xmin`…`ymax` are the box's edges in pixels.

use super::Problem;
use crate::core::BoxAnn;
use quick_xml::Reader;
use quick_xml::events::Event;
use std::path::Path;

/// An annotation file is read whole; a larger one is not a VOC file.
const MAX_FILE: u64 = 16 << 20;

/// The flags VOC gives each object, kept as box attributes when set.
pub const FLAGS: [&str; 3] = ["difficult", "truncated", "occluded"];

/// An annotation file of one image (VOC's XML, labelme's JSON): the image and its objects.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageAnnotation {
    /// `<filename>`: the image's name (LabelImg: in the folder of the XML file).
    pub file_name: String,
    /// `<path>`: where the image was when it was annotated (LabelImg writes it).
    pub path: Option<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub boxes: Vec<BoxAnn>,
}

/// True when `path` is a VOC annotation (its root element is `<annotation>`).
pub fn is_voc(path: &Path) -> bool {
    read_small(path).is_ok_and(|text| looks_voc(&text))
}

/// A file found among images: read when it is a VOC annotation, None when it is other XML.
pub fn read_if_voc(path: &Path) -> Option<Result<ImageAnnotation, Problem>> {
    match read_small(path) {
        Ok(text) => looks_voc(&text).then(|| parse_voc(path, &text)),
        Err(p) => Some(Err(p)),
    }
}

fn looks_voc(text: &str) -> bool {
    let mut reader = Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => return e.name().as_ref() == b"annotation",
            Ok(Event::Eof) | Err(_) => return false,
            _ => {}
        }
    }
}

fn read_small(path: &Path) -> Result<String, Problem> {
    let said = |m: String| Problem::new(path, None, m);
    let meta = std::fs::metadata(path).map_err(|e| said(super::open_failure(&e)))?;
    if meta.len() > MAX_FILE {
        return Err(said(format!(
            "{} bytes is too large for an annotation file",
            meta.len()
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| said(super::open_failure(&e)))?;
    String::from_utf8(bytes).map_err(|_| said("not UTF-8 text: not a VOC annotation".into()))
}

/// Reads a VOC annotation file. Damage (not XML, no `<filename>`, a box with no or a bad
/// edge, a box with no `<name>`) is a problem naming the file, its line and the object.
pub fn read_voc(path: &Path) -> Result<ImageAnnotation, Problem> {
    parse_voc(path, &read_small(path)?)
}

/// [`read_voc`] of `text`, read from `path`.
pub fn parse_voc(path: &Path, text: &str) -> Result<ImageAnnotation, Problem> {
    let line_at = |pos: u64| text[..(pos as usize).min(text.len())].matches('\n').count() + 1;
    let bad = |pos: u64, m: String| Problem::new(path, Some(line_at(pos) as u64), m);
    let mut reader = Reader::from_str(text);
    // The open elements' names, and the text of the innermost.
    let mut open: Vec<String> = Vec::new();
    let mut value = String::new();
    let mut img = ImageAnnotation {
        file_name: String::new(),
        path: None,
        width: None,
        height: None,
        boxes: Vec::new(),
    };
    let mut root = false;
    // The object being read: its name, edges, flags, and where it began.
    let mut object: Option<Object> = None;
    loop {
        let pos = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| bad(reader.error_position(), format!("not well-formed XML: {e}")))?;
        match event {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                if open.is_empty() {
                    if name != "annotation" {
                        return Err(bad(
                            pos,
                            format!("a VOC file's root is <annotation>, not <{name}>"),
                        ));
                    }
                    root = true;
                }
                if name == "object" && open.len() == 1 {
                    object = Some((None, [None; 4], Vec::new(), pos));
                }
                open.push(name);
                value.clear();
            }
            Event::Text(t) => value.push_str(&t.decode().unwrap_or_default()),
            Event::GeneralRef(r) => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    value.push(c);
                } else if let Ok(name) = r.decode() {
                    value.push_str(
                        quick_xml::escape::resolve_predefined_entity(&name).unwrap_or_default(),
                    );
                }
            }
            Event::CData(t) => value.push_str(&t.decode().unwrap_or_default()),
            Event::End(_) => {
                let Some(name) = open.pop() else { continue };
                let parent = open.last().map(String::as_str);
                let v = value.trim();
                let number = || -> Result<f32, Problem> {
                    v.parse::<f32>()
                        .ok()
                        .filter(|f| f.is_finite())
                        .ok_or_else(|| bad(pos, format!("<{name}> should be a number, not '{v}'")))
                };
                match (open.len(), parent, name.as_str()) {
                    (1, _, "filename") => img.file_name = v.to_string(),
                    (1, _, "path") if !v.is_empty() => img.path = Some(v.to_string()),
                    (2, Some("size"), "width") => img.width = Some(number()? as u32),
                    (2, Some("size"), "height") => img.height = Some(number()? as u32),
                    (2, Some("object"), "name") => {
                        if let Some(o) = object.as_mut() {
                            o.0 = Some(v.to_string());
                        }
                    }
                    (2, Some("object"), flag) if FLAGS.contains(&flag) => {
                        if let Some(o) = object.as_mut()
                            && matches!(v, "1" | "true")
                        {
                            o.2.push(flag.to_string());
                        }
                    }
                    (3, Some("bndbox"), edge @ ("xmin" | "ymin" | "xmax" | "ymax")) => {
                        let k = ["xmin", "ymin", "xmax", "ymax"]
                            .iter()
                            .position(|e| *e == edge);
                        if let (Some(o), Some(k)) = (object.as_mut(), k) {
                            o.1[k] = Some(number()?);
                        }
                    }
                    (1, _, "object") => {
                        if let Some(o) = object.take() {
                            img.boxes.push(to_box(o, img.boxes.len(), &bad)?);
                        }
                    }
                    _ => {}
                }
                value.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(inside) = open.last() {
        let end = text.len() as u64;
        return Err(bad(
            end,
            format!("the file ends inside <{inside}>: cut short"),
        ));
    }
    if !root {
        return Err(Problem::new(
            path,
            None,
            "not a VOC annotation (no <annotation> element)",
        ));
    }
    if img.file_name.is_empty() {
        return Err(Problem::new(
            path,
            None,
            "no <filename>: which image it is of cannot be told",
        ));
    }
    Ok(img)
}

type Object = (Option<String>, [Option<f32>; 4], Vec<String>, u64);

fn to_box(
    (name, edges, flags, pos): Object,
    n: usize,
    bad: &impl Fn(u64, String) -> Problem,
) -> Result<BoxAnn, Problem> {
    let which = format!("object {}", n + 1);
    let Some(label) = name.filter(|l| !l.is_empty()) else {
        return Err(bad(pos, format!("{which} has no <name>")));
    };
    let [Some(x0), Some(y0), Some(x1), Some(y1)] = edges else {
        return Err(bad(
            pos,
            format!("{which} ('{label}') lacks a <bndbox> with xmin, ymin, xmax and ymax"),
        ));
    };
    if x1 < x0 || y1 < y0 {
        return Err(bad(
            pos,
            format!(
                "{which} ('{label}'): xmax/ymax ({x1}, {y1}) lie before xmin/ymin ({x0}, {y0})"
            ),
        ));
    }
    let mut b = BoxAnn::new(label, x0, y0, x1 - x0, y1 - y0);
    b.attributes = flags;
    Ok(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn a_labelimg_file_gives_its_image_and_boxes() {
        let t = tempfile::tempdir().unwrap();
        let p = write(
            t.path(),
            "cat.xml",
            r#"<?xml version="1.0"?>
<annotation>
	<folder>images</folder>
	<filename>cat.jpg</filename>
	<path>/home/ana/images/cat.jpg</path>
	<source><database>Unknown</database></source>
	<size><width>64</width><height>48</height><depth>3</depth></size>
	<segmented>0</segmented>
	<object>
		<name>Tom &amp; Jerry</name>
		<pose>Unspecified</pose>
		<truncated>1</truncated>
		<difficult>0</difficult>
		<bndbox><xmin>2</xmin><ymin>3.5</ymin><xmax>30</xmax><ymax>40</ymax></bndbox>
		<part><name>head</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox></part>
	</object>
	<object><name>cup</name><bndbox><xmin>40</xmin><ymin>10</ymin><xmax>60</xmax><ymax>20</ymax></bndbox><difficult>1</difficult></object>
</annotation>"#,
        );
        let img = read_voc(&p).unwrap();
        assert_eq!(img.file_name, "cat.jpg");
        assert_eq!(img.path.as_deref(), Some("/home/ana/images/cat.jpg"));
        assert_eq!((img.width, img.height), (Some(64), Some(48)));
        assert_eq!(img.boxes.len(), 2, "a part is no object: {:?}", img.boxes);
        let b = &img.boxes[0];
        assert_eq!(b.label, "Tom & Jerry");
        assert_eq!((b.x, b.y, b.w, b.h), (2.0, 3.5, 28.0, 36.5));
        assert_eq!(b.attributes, vec!["truncated".to_string()]);
        assert_eq!(img.boxes[1].attributes, vec!["difficult".to_string()]);
        assert!(is_voc(&p));
    }

    #[test]
    fn damaged_files_name_the_line_and_object() {
        let t = tempfile::tempdir().unwrap();
        let cases = [
            (
                "<annotation><filename>a.jpg</filename><object><name>cat</name><bndbox><xmin>1</xmin><ymin>x</ymin><xmax>3</xmax><ymax>4</ymax></bndbox></object></annotation>",
                "<ymin> should be a number, not 'x'",
            ),
            (
                "<annotation><filename>a.jpg</filename>\n<object><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>3</xmax><ymax>4</ymax></bndbox></object></annotation>",
                ".xml:2: object 1 has no <name>",
            ),
            (
                "<annotation><filename>a.jpg</filename><object><name>cat</name><bndbox><xmin>5</xmin><ymin>1</ymin><xmax>3</xmax><ymax>4</ymax></bndbox></object></annotation>",
                "lie before",
            ),
            (
                "<annotation><filename>a.jpg</filename><object><name>cat</name></object></annotation>",
                "lacks a <bndbox>",
            ),
            (
                "<annotation><size><width>3</width></size></annotation>",
                "no <filename>",
            ),
            (
                "<annotation><filename>a.jpg</filename><object>",
                "ends inside <object>",
            ),
            ("<svg></svg>", "root is <annotation>, not <svg>"),
            ("\u{0}\u{1}binary", "no <annotation>"),
        ];
        for (i, (text, want)) in cases.iter().enumerate() {
            let p = write(t.path(), &format!("{i}.xml"), text);
            let e = read_voc(&p).map(|_| ()).unwrap_err().to_string();
            assert!(e.starts_with(&p.display().to_string()), "{e}");
            assert!(
                want.split('|').any(|w| e.contains(w)) && e.contains(&format!("{i}.xml")),
                "{text}: {e}"
            );
        }
        assert!(!is_voc(&t.path().join("6.xml")));
    }

    #[test]
    fn any_cut_or_changed_byte_is_an_answer_not_a_panic() {
        let good = format!(
            "<annotation><filename>a.jpg</filename><size><width>9</width><height>9</height></size>{}</annotation>",
            "<object><name>c&amp;t</name><difficult>1</difficult><bndbox><xmin>1</xmin><ymin>2</ymin><xmax>3</xmax><ymax>4</ymax></bndbox></object>"
        );
        let path = Path::new("x.xml");
        for n in 0..=good.len() {
            if let Some(cut) = good.get(..n) {
                let _ = parse_voc(path, cut);
            }
        }
        // Bytes changed to the characters XML cares about, a deterministic spread.
        let mut seed: u64 = 7;
        for _ in 0..3000 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let at = (seed >> 33) as usize % good.len();
            let with = [
                "<", ">", "/", "&", "-", "9", "e", "\"", "]]>", "<!--", "&#0;", "1e40",
            ][(seed >> 20) as usize % 12];
            let mut text = good.clone();
            if text.is_char_boundary(at) && text.is_char_boundary(at + 1) {
                text.replace_range(at..at + 1, with);
            }
            if let Ok(img) = parse_voc(path, &text) {
                assert!(img.boxes.iter().all(|b| b.w >= 0.0 && b.h >= 0.0), "{text}");
            }
        }
    }
}
