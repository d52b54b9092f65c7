//! Name keys: spellings of one name that should compare equal.
//!
//! In: a name as written (`Sergey Shoygu`, `Sergei Shoigu`, `Zelenskiy`). Out: folded,
//! transliteration-aware keys and a tolerant comparison. Must not: decide who a name refers to
//! (that is `extract::people` and `resolve`), or allocate more than the key itself.

/// Lower-cases and strips the diacritics of common Latin letters; keeps letters and digits,
/// turns everything else into single spaces.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let base = strip_diacritic(c);
        if base.is_alphanumeric() {
            out.extend(base.to_lowercase());
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

fn strip_diacritic(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'ą' => 'a',
        'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' | 'Ā' | 'Ą' => 'A',
        'ç' | 'č' | 'ć' => 'c',
        'Ç' | 'Č' | 'Ć' => 'C',
        'é' | 'è' | 'ê' | 'ë' | 'ě' | 'ē' | 'ę' => 'e',
        'É' | 'È' | 'Ê' | 'Ë' | 'Ě' | 'Ē' | 'Ę' => 'E',
        'í' | 'ì' | 'î' | 'ï' | 'ı' | 'ī' => 'i',
        'Í' | 'Ì' | 'Î' | 'Ï' | 'İ' | 'Ī' => 'I',
        'ñ' | 'ń' | 'ň' => 'n',
        'Ñ' | 'Ń' | 'Ň' => 'N',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' | 'ő' => 'o',
        'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' | 'Ø' | 'Ō' | 'Ő' => 'O',
        'ú' | 'ù' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'Ú' | 'Ù' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' => 'U',
        'ý' | 'ÿ' => 'y',
        'Ý' => 'Y',
        'š' | 'ś' | 'ş' | 'ș' => 's',
        'Š' | 'Ś' | 'Ş' | 'Ș' => 'S',
        'ž' | 'ź' | 'ż' => 'z',
        'Ž' | 'Ź' | 'Ż' => 'Z',
        'ł' => 'l',
        'Ł' => 'L',
        'ğ' => 'g',
        'Ğ' => 'G',
        'ř' => 'r',
        'Ř' => 'R',
        'đ' | 'ď' => 'd',
        'Đ' | 'Ď' => 'D',
        'ť' | 'ț' => 't',
        'Ť' | 'Ț' => 'T',
        _ => c,
    }
}

/// Rewrites applied in order to a folded word, so that the usual romanisations of one Cyrillic,
/// Arabic or Ukrainian name meet (Sergey/Sergei, Shoygu/Shoigu, Zelenskyy/Zelenskiy,
/// Dmitri/Dmitry, Oleksiy/Oleksii).
const TRANSLITERATION: &[(&str, &str)] = &[
    ("yy", "i"),
    ("iy", "i"),
    ("ii", "i"),
    ("yi", "i"),
    ("ey", "ei"),
    ("y", "i"),
    ("kh", "h"),
    ("dzh", "j"),
    ("zh", "j"),
    ("ou", "u"),
    ("ph", "f"),
    ("ck", "k"),
    ("w", "v"),
    ("ks", "x"),
];

/// Calls `f` with the word in lower case, without allocating for short ASCII words (the usual
/// case when looking words up in the title and stop-word sets).
pub fn with_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 32];
    if word.is_ascii() && word.len() <= buf.len() {
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        f(std::str::from_utf8(lower).expect("ASCII"))
    } else {
        f(&word.to_lowercase())
    }
}

/// The transliteration key of one word: folded, rewritten, doubled letters collapsed.
pub fn word_key(word: &str) -> String {
    rewritten(fold(word).replace(' ', ""))
}

/// The rewrites of [`TRANSLITERATION`] in order, then doubled letters collapsed.
fn rewritten(mut key: String) -> String {
    // Which ASCII letters the key has: most rules are passed over without a scan.
    let letters = |key: &str| key.bytes().fold(0u128, |set, b| set | 1u128 << (b & 127));
    let mut present = letters(&key);
    for (from, to) in TRANSLITERATION {
        let (first, last) = (from.as_bytes()[0], from.as_bytes()[from.len() - 1]);
        // Words are short and the patterns one to three letters: compare in place rather than
        // call a substring searcher or `memcmp` per window (names are keyed by the million).
        if present & (1u128 << first) != 0
            && present & (1u128 << last) != 0
            && contains_short(key.as_bytes(), from.as_bytes())
        {
            key = key.replace(from, to);
            present = letters(&key);
        }
    }
    let mut out = String::with_capacity(key.len());
    let mut last = None;
    for c in key.chars() {
        if last != Some(c) {
            out.push(c);
            last = Some(c);
        }
    }
    out
}

/// Whether a short needle occurs in a short haystack.
fn contains_short(haystack: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    haystack.iter().enumerate().any(|(i, &b)| {
        b == first
            && haystack.len() - i > rest.len()
            && rest.iter().zip(&haystack[i + 1..]).all(|(x, y)| x == y)
    })
}

/// The key of a whole name: word keys joined by spaces.
pub fn name_key(name: &str) -> String {
    let mut key = String::new();
    for word in fold(name).split(' ').filter(|w| !w.is_empty()) {
        if !key.is_empty() {
            key.push(' ');
        }
        // A folded ASCII word folds to itself; other words are folded again, as word_key does.
        key.push_str(&if word.is_ascii() {
            rewritten(word.to_string())
        } else {
            word_key(word)
        });
    }
    key
}

/// A slug for IRIs: folded words joined by `-`.
pub fn slug(text: &str) -> String {
    fold(text).replace(' ', "-")
}

/// True when two word keys are the same word up to one edit, which only long enough words
/// may differ by (Shaigu/Shoigu; not Li/Lu).
pub fn near(a: &str, b: &str) -> bool {
    if a.len().abs_diff(b.len()) > 2 {
        return false;
    }
    if a == b {
        return true;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    la.min(lb) >= 5 && la.abs_diff(lb) <= 1 && within_one_edit(a, b)
}

/// At most one substitution, insertion or deletion apart (lengths in characters differ by at
/// most one). One edit leaves the rest as a common prefix plus a common suffix, so no table.
fn within_one_edit(a: &str, b: &str) -> bool {
    let (a, b) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let prefix = a
        .chars()
        .zip(b.chars())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum::<usize>();
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    let mut rest_a = ra.chars();
    let mut rest_b = rb.chars();
    if ra.chars().count() == rb.chars().count() {
        // Same length: one substitution, then equal tails.
        rest_a.next();
        rest_b.next();
    } else {
        // b one longer: one insertion, then equal tails.
        rest_b.next();
    }
    rest_a.as_str() == rest_b.as_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The prefix-and-suffix test agrees with the edit-distance table on every pair of a set of
    /// words chosen for near misses (transpositions, doubled letters, non-ASCII letters).
    #[test]
    fn one_edit_test_agrees_with_the_edit_distance_table() {
        fn distance(a: &str, b: &str) -> usize {
            let b: Vec<char> = b.chars().collect();
            let mut row: Vec<usize> = (0..=b.len()).collect();
            for (i, ca) in a.chars().enumerate() {
                let mut prev = row[0];
                row[0] = i + 1;
                for (j, cb) in b.iter().enumerate() {
                    let cur = row[j + 1];
                    row[j + 1] = if ca == *cb {
                        prev
                    } else {
                        1 + prev.min(cur).min(row[j])
                    };
                    prev = cur;
                }
            }
            row[b.len()]
        }
        let words = [
            "shoigu",
            "shaigu",
            "shoygu",
            "shoiguu",
            "shoig",
            "hoigu",
            "shiogu",
            "sergei",
            "sergey",
            "serhii",
            "zelenskyy",
            "zelenskiy",
            "zelensky",
            "kuleba",
            "kulebа",
            "kuelba",
            "aaaaa",
            "aaaab",
            "baaaa",
            "aabaa",
            "aaaaaa",
            "müller",
            "muller",
            "mueller",
            "abc",
        ];
        for a in words {
            for b in words {
                let lengths_close = a.chars().count().abs_diff(b.chars().count()) <= 1;
                if lengths_close {
                    assert_eq!(within_one_edit(a, b), distance(a, b) <= 1, "{a} {b}");
                }
            }
        }
    }

    /// Name keys are the word keys of the folded name's words joined by spaces (the definition
    /// the faster code must keep), also for letters whose lower case is two characters.
    #[test]
    fn name_keys_are_joined_word_keys() {
        for name in [
            "Sergey Shoygu",
            "Volodymyr ZELENSKYY",
            "Jean-Noël Barrot",
            "İlham Əliyev",
            "Straße Maßmann",
            "Ǆoković Ǉubo",
            "Lloyd J. Austin III",
            "  Wang   Yi ",
            "Сергей Шойгу",
            "",
        ] {
            let defined = fold(name)
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(word_key)
                .collect::<Vec<_>>()
                .join(" ");
            assert_eq!(name_key(name), defined, "{name}");
        }
    }

    /// The in-place rewriting is the sequence of `str::replace` it stands for, then a run of a
    /// letter kept once (the definition), on words made to hit every rule and its overlaps.
    #[test]
    fn rewriting_is_the_sequence_of_replacements() {
        fn defined(mut key: String) -> String {
            for (from, to) in TRANSLITERATION {
                key = key.replace(from, to);
            }
            let mut out = String::new();
            for c in key.chars() {
                if !out.ends_with(c) {
                    out.push(c);
                }
            }
            out
        }
        let pieces = [
            "yy", "iy", "ii", "yi", "ey", "y", "kh", "dzh", "zh", "ou", "ph", "ck", "w", "ks", "a",
            "s", "h", "k", "é", "ß", "",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let word = format!("{a}{b}{c}");
                    assert_eq!(rewritten(word.clone()), defined(word.clone()), "{word}");
                }
            }
        }
        assert!(contains_short(b"abc", b"") && contains_short(b"abc", b"bc"));
        assert!(!contains_short(b"abc", b"cd") && !contains_short(b"", b"a"));
    }

    #[test]
    fn lower_case_without_allocating_is_to_lowercase() {
        for word in [
            "Minister",
            "GEN",
            "",
            "Ünal",
            "İlham",
            "ΣΟΦΙΑ",
            &"Ab".repeat(40),
        ] {
            assert_eq!(
                with_lowercase(word, str::to_string),
                word.to_lowercase(),
                "{word}"
            );
        }
    }

    #[test]
    fn transliteration_variants_share_a_key() {
        let same = [
            ("Sergey Shoygu", "Sergei Shoigu"),
            ("Andrei Belousov", "Andrey Belousov"),
            ("Volodymyr Zelenskyy", "Volodymyr Zelenskiy"),
            ("Oleksiy Reznikov", "Oleksii Reznikov"),
            ("Recep Tayyip Erdoğan", "Recep Tayyip Erdogan"),
        ];
        for (a, b) in same {
            assert_eq!(name_key(a), name_key(b), "{a} / {b}");
        }
        assert_ne!(name_key("Lloyd Austin"), name_key("Lloyd Austen"));
    }

    #[test]
    fn one_letter_misspellings_are_near_only_for_long_words() {
        assert!(near(&word_key("Shaigu"), &word_key("Shoigu")));
        assert!(!near(&word_key("Li"), &word_key("Lu")));
        assert!(!near(&word_key("Austin"), &word_key("Martin")));
    }

    #[test]
    fn fold_and_slug() {
        assert_eq!(fold("  Sébastien  Lecornu!"), "sebastien lecornu");
        assert_eq!(slug("Charles Q. Brown Jr."), "charles-q-brown-jr");
    }
}
