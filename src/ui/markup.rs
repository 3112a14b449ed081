//! How a record's text is set: the bits of Markdown that model answers use (fenced and
//! inline code, headings, **strong**), with every character kept and shown, so what is
//! judged is exactly what the model wrote, and word-diff and highlight marks stay aligned.

/// The look of a run of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    Prose,
    Heading,
    Strong,
    /// A line inside a fenced block (or a whole text that is code).
    Code,
    /// A fence line itself (```` ```python ````): shown, but quiet.
    Fence,
    /// `code` within a line.
    InlineCode,
}

/// The runs of `text` as (byte offset where a run starts, its look), in order; the first
/// starts at 0, and neighbouring runs differ.
pub fn looks(text: &str) -> Vec<(usize, Look)> {
    let mut runs: Vec<(usize, Look)> = Vec::new();
    let mut push = |at: usize, look: Look| {
        if at >= text.len() && !runs.is_empty() {
            return;
        }
        // A run that would hold nothing gives way to the one starting at the same place.
        if runs.last().is_some_and(|l| l.0 == at) {
            runs.pop();
        }
        if runs.last().is_none_or(|l| l.1 != look) {
            runs.push((at, look));
        }
    };
    if !has_fence(text) && is_indented_code(text) {
        push(0, Look::Code);
        return runs;
    }
    let mut fence: Option<char> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_start();
        let marker = fence_marker(bare);
        match (fence, marker) {
            (None, Some(m)) => {
                push(at, Look::Fence);
                fence = Some(m);
            }
            (Some(open), Some(m)) if open == m => {
                push(at, Look::Fence);
                fence = None;
            }
            (Some(_), _) => push(at, Look::Code),
            (None, None) if is_heading(bare) => push(at, Look::Heading),
            (None, None) => inline(line, at, &mut push),
        }
        at += line.len();
    }
    if runs.is_empty() {
        runs.push((0, Look::Prose));
    }
    runs
}

/// The character a fence line is made of, when `line` (its indent trimmed) is one.
fn fence_marker(line: &str) -> Option<char> {
    ["```", "~~~"]
        .iter()
        .find(|f| line.starts_with(*f))
        .and_then(|f| f.chars().next())
}

fn has_fence(text: &str) -> bool {
    text.lines().any(|l| fence_marker(l.trim_start()).is_some())
}

/// Code pasted without fences (indented lines that are not a nested list): the whole text
/// is shown as code, since prose fonts would lose its alignment.
fn is_indented_code(text: &str) -> bool {
    text.lines()
        .any(|l| (l.starts_with("    ") || l.starts_with('\t')) && !is_list_item(l.trim_start()))
}

fn is_list_item(line: &str) -> bool {
    if ["- ", "* ", "+ "].iter().any(|m| line.starts_with(m)) {
        return true;
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && (line[digits..].starts_with(". ") || line[digits..].starts_with(") "))
}

fn is_heading(line: &str) -> bool {
    let hashes = line.chars().take_while(|c| *c == '#').count();
    (1..=6).contains(&hashes)
        && line[hashes..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace)
}

/// One prose line: `code` spans and **strong** spans, each closed on the same line.
fn inline(line: &str, at: usize, push: &mut impl FnMut(usize, Look)) {
    push(at, Look::Prose);
    let mut i = 0;
    while i < line.len() {
        let rest = &line[i..];
        let (open, look) = if rest.starts_with('`') {
            ("`", Look::InlineCode)
        } else if rest.starts_with("**") {
            ("**", Look::Strong)
        } else {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let body = &rest[open.len()..];
        match body.find(open) {
            Some(end) if end > 0 && !body[..end].contains('\n') => {
                let close = i + open.len() + end + open.len();
                push(at + i, look);
                push(at + close, Look::Prose);
                i = close;
            }
            _ => i += open.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The runs as (text, look), for reading in asserts.
    fn runs(text: &str) -> Vec<(&str, Look)> {
        let r = looks(text);
        r.iter()
            .enumerate()
            .map(|(i, (start, look))| {
                let end = r.get(i + 1).map_or(text.len(), |n| n.0);
                (&text[*start..end], *look)
            })
            .collect()
    }

    #[test]
    fn fenced_code_is_code_and_the_prose_around_it_is_prose() {
        let t = "Here:\n```python\ndef f(x):\n    return x\n```\nThis uses `x ** 2`.";
        assert_eq!(
            runs(t),
            vec![
                ("Here:\n", Look::Prose),
                ("```python\n", Look::Fence),
                ("def f(x):\n    return x\n", Look::Code),
                ("```\n", Look::Fence),
                ("This uses ", Look::Prose),
                ("`x ** 2`", Look::InlineCode),
                (".", Look::Prose),
            ]
        );
    }

    #[test]
    fn headings_strong_and_unclosed_marks() {
        assert_eq!(
            runs("# Plan\nA **bold** move, 2 * 3 and a lone ` tick"),
            vec![
                ("# Plan\n", Look::Heading),
                ("A ", Look::Prose),
                ("**bold**", Look::Strong),
                (" move, 2 * 3 and a lone ` tick", Look::Prose),
            ]
        );
        assert_eq!(runs("#hashtag"), vec![("#hashtag", Look::Prose)]);
        // An unclosed fence makes the rest code: what the model wrote, shown as it is.
        assert_eq!(
            runs("a\n~~~\nb"),
            vec![
                ("a\n", Look::Prose),
                ("~~~\n", Look::Fence),
                ("b", Look::Code)
            ]
        );
    }

    #[test]
    fn indented_code_without_fences_is_code_but_a_nested_list_is_not() {
        assert_eq!(
            runs("def f():\n    pass"),
            vec![("def f():\n    pass", Look::Code)]
        );
        assert_eq!(
            runs("1. fruit\n    - apple"),
            vec![("1. fruit\n    - apple", Look::Prose)]
        );
        assert_eq!(runs(""), vec![("", Look::Prose)]);
    }

    #[test]
    fn random_text_of_marks_keeps_the_run_invariants() {
        const BITS: [&str; 11] = [
            "`", "**", "*", "#", "\n", " ", "a", "é", "~~~", "```", "    ",
        ];
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..3_000 {
            let mut t = String::new();
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            for _ in 0..(x % 24) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                t.push_str(BITS[(x % BITS.len() as u64) as usize]);
            }
            let r = looks(&t);
            assert_eq!(r[0].0, 0, "{t:?}");
            assert!(
                r.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 != w[1].1),
                "{t:?}: {r:?}"
            );
            assert!(r.iter().all(|(s, _)| t.is_char_boundary(*s)), "{t:?}");
            assert!(
                r.len() == 1 || r.last().unwrap().0 < t.len(),
                "{t:?}: {r:?}"
            );
        }
    }

    #[test]
    fn runs_cover_every_byte_even_in_odd_text() {
        for t in [
            "é`ü`**",
            "```",
            "``",
            "****",
            "a`b\nc`d",
            "\n\n# \n",
            "日本`語`",
            "`a`\n`b`",
        ] {
            let r = looks(t);
            assert_eq!(r[0].0, 0, "{t:?}");
            assert!(r.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 != w[1].1));
            assert!(r.iter().all(|(s, _)| t.is_char_boundary(*s)), "{t:?}");
            assert!(
                r.len() == 1 || r.last().unwrap().0 < t.len(),
                "{t:?}: {r:?}"
            );
        }
    }
}
