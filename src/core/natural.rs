//! Natural sort order: `img2` before `img10`.

use std::cmp::Ordering;

/// Compares two strings so that runs of digits compare by value, the rest by character
/// (case-insensitive first, then exact, so the order is total and stable).
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut ai, mut bi) = (a.char_indices().peekable(), b.char_indices().peekable());
    loop {
        match (ai.peek().copied(), bi.peek().copied()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some((ia, ca)), Some((ib, cb))) => {
                if ca.is_ascii_digit() && cb.is_ascii_digit() {
                    let ea = digits_end(a, ia);
                    let eb = digits_end(b, ib);
                    let (na, nb) = (
                        a[ia..ea].trim_start_matches('0'),
                        b[ib..eb].trim_start_matches('0'),
                    );
                    let ord = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb));
                    if ord != Ordering::Equal {
                        return ord;
                    }
                    while ai.peek().is_some_and(|&(i, _)| i < ea) {
                        ai.next();
                    }
                    while bi.peek().is_some_and(|&(i, _)| i < eb) {
                        bi.next();
                    }
                } else {
                    let ord = ca.to_lowercase().cmp(cb.to_lowercase());
                    if ord != Ordering::Equal {
                        return ord;
                    }
                    ai.next();
                    bi.next();
                }
            }
        }
    }
}

fn digits_end(s: &str, start: usize) -> usize {
    s[start..]
        .find(|c: char| !c.is_ascii_digit())
        .map_or(s.len(), |n| start + n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_compare_by_value() {
        let mut v = vec![
            "img10.jpg",
            "img2.jpg",
            "img1.jpg",
            "Img3.jpg",
            "a/img20.png",
            "img02.jpg",
        ];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            v,
            vec![
                "a/img20.png",
                "img1.jpg",
                "img02.jpg",
                "img2.jpg",
                "Img3.jpg",
                "img10.jpg"
            ]
        );
    }

    #[test]
    fn order_is_total_for_equal_looking_names() {
        assert_ne!(natural_cmp("a01", "a1"), Ordering::Equal);
        assert_eq!(natural_cmp("x", "x"), Ordering::Equal);
        assert_eq!(natural_cmp("日本2", "日本10"), Ordering::Less);
    }
}
