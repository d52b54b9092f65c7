//! Reading inputs into articles.
//!
//! In: paths (`.txt` files, `.jsonl` files, folders searched recursively, `-` for stdin).
//! Out: a stream of [`Article`]s, or for each input that cannot be read an [`InputError`] naming
//! the file (and line) and what to do; the stream goes on after an error. Must not: extract
//! facts, or hold more than one JSON Lines record's text at a time.

use std::collections::BTreeSet;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// One news article as read.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Article {
    /// A `.txt` file's stem or a JSON Lines record's `id`.
    pub id: String,
    pub title: Option<String>,
    /// Publication date as given by the input record (`YYYY-MM-DD...`), if any.
    pub published: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub text: String,
    /// Where it came from, for messages (`dir/a.txt`, `feed.jsonl:12`).
    pub origin: String,
}

/// An input that could not be read. The message says what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{path}: cannot read: {source}")]
    Unreadable { path: String, source: io::Error },
    #[error("{path}: not UTF-8 text (byte {offset}); convert it to UTF-8, e.g. with iconv")]
    NotUtf8 { path: String, offset: usize },
    #[error("{path}:{line}: {message}")]
    BadRecord {
        path: String,
        line: usize,
        message: String,
    },
    #[error("{path}: not a .txt or .jsonl file; give articles as .txt, or JSON Lines as .jsonl")]
    UnknownKind { path: String },
    #[error("{path}: empty article (no text); nothing to read")]
    Empty { path: String },
}

impl InputError {
    /// The file the error is about.
    pub fn path(&self) -> &str {
        match self {
            InputError::Unreadable { path, .. }
            | InputError::NotUtf8 { path, .. }
            | InputError::BadRecord { path, .. }
            | InputError::UnknownKind { path }
            | InputError::Empty { path } => path,
        }
    }
}

/// A JSON Lines record (`id` and `text` required).
#[derive(Deserialize)]
struct Record {
    id: serde_json::Value,
    text: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    published: Option<String>,
    #[serde(default)]
    publisher: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

/// Every input file under `paths`, in a stable order (folders sorted, recursively; symlinked
/// folders followed once).
pub fn input_files(paths: &[PathBuf]) -> Vec<Result<PathBuf, InputError>> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for path in paths {
        if path.as_os_str() == "-" || !path.is_dir() {
            out.push(Ok(path.clone()));
        } else {
            walk(path, &mut seen, &mut out);
        }
    }
    out
}

fn walk(dir: &Path, seen: &mut BTreeSet<PathBuf>, out: &mut Vec<Result<PathBuf, InputError>>) {
    let Ok(real) = fs::canonicalize(dir) else {
        return;
    };
    if !seen.insert(real) {
        return; // a symlink loop or a folder reached twice
    }
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(source) => {
            let path = dir.display().to_string();
            out.push(Err(InputError::Unreadable { path, source }));
            return;
        }
    };
    let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    children.sort();
    for child in children {
        if child.is_dir() {
            walk(&child, seen, out);
        } else if matches!(extension(&child), "txt" | "jsonl") {
            out.push(Ok(child));
        }
    }
}

fn extension(path: &Path) -> &str {
    path.extension().and_then(|e| e.to_str()).unwrap_or("")
}

/// Reads one input file (or `-`) as a stream of articles.
pub fn read_file(path: &Path) -> Box<dyn Iterator<Item = Result<Article, InputError>>> {
    let name = path.display().to_string();
    if path.as_os_str() == "-" {
        return read_stdin();
    }
    match extension(path) {
        "jsonl" | "ndjson" => match File::open(path) {
            Ok(file) => Box::new(json_lines(BufReader::new(file), name)),
            Err(source) => one(Err(InputError::Unreadable { path: name, source })),
        },
        "txt" | "text" | "" => one(read_text_file(path)),
        _ => one(Err(InputError::UnknownKind { path: name })),
    }
}

fn one(item: Result<Article, InputError>) -> Box<dyn Iterator<Item = Result<Article, InputError>>> {
    Box::new(std::iter::once(item))
}

fn read_text_file(path: &Path) -> Result<Article, InputError> {
    let name = path.display().to_string();
    let bytes = fs::read(path).map_err(|source| InputError::Unreadable {
        path: name.clone(),
        source,
    })?;
    let id = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("article")
        .to_string();
    text_article(id, bytes, name)
}

fn text_article(id: String, bytes: Vec<u8>, origin: String) -> Result<Article, InputError> {
    let text = String::from_utf8(bytes).map_err(|e| InputError::NotUtf8 {
        path: origin.clone(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    if text.trim().is_empty() {
        return Err(InputError::Empty { path: origin });
    }
    Ok(Article {
        id,
        text,
        origin,
        ..Article::default()
    })
}

/// Standard input: JSON Lines when its first non-blank character is `{`, else one text article
/// with id `stdin`.
fn read_stdin() -> Box<dyn Iterator<Item = Result<Article, InputError>>> {
    let mut bytes = Vec::new();
    if let Err(source) = io::stdin().lock().read_to_end(&mut bytes) {
        let path = "<stdin>".to_string();
        return one(Err(InputError::Unreadable { path, source }));
    }
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'{') {
        Box::new(json_lines(io::Cursor::new(bytes), "<stdin>".into()))
    } else {
        one(text_article("stdin".into(), bytes, "<stdin>".into()))
    }
}

/// Parses JSON Lines one line at a time; a bad line is an error for that line only.
pub fn json_lines<R: BufRead>(
    mut reader: R,
    path: String,
) -> impl Iterator<Item = Result<Article, InputError>> {
    let mut line_no = 0;
    let mut buf = Vec::new();
    std::iter::from_fn(move || loop {
        buf.clear();
        line_no += 1;
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => return None,
            Ok(_) => {}
            Err(source) => {
                let path = path.clone();
                return Some(Err(InputError::Unreadable { path, source }));
            }
        }
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        return Some(parse_record(&buf, &path, line_no));
    })
}

fn parse_record(line: &[u8], path: &str, line_no: usize) -> Result<Article, InputError> {
    let bad = |message: String| InputError::BadRecord {
        path: path.to_string(),
        line: line_no,
        message,
    };
    let text = std::str::from_utf8(line)
        .map_err(|e| bad(format!("not UTF-8 (byte {})", e.valid_up_to())))?;
    let record: Record = serde_json::from_str(text).map_err(|e| {
        bad(format!(
            "{e}; each line must be a JSON object with string fields \"id\" and \"text\""
        ))
    })?;
    let id = match record.id {
        serde_json::Value::String(s) if !s.trim().is_empty() => s,
        serde_json::Value::Number(n) => n.to_string(),
        _ => return Err(bad("\"id\" must be a non-empty string or a number".into())),
    };
    // A story that is only a headline (newswire "brief") is read from its title.
    let title = record.title.filter(|t| !t.trim().is_empty());
    let text = match (record.text.trim().is_empty(), &title) {
        (false, _) => record.text,
        (true, Some(title)) => title.clone(),
        (true, None) => {
            return Err(bad(
                "\"text\" and \"title\" are empty; nothing to read".into()
            ))
        }
    };
    Ok(Article {
        id,
        title,
        published: record.published.filter(|t| !t.trim().is_empty()),
        publisher: record.publisher,
        url: record.url,
        text,
        origin: format!("{path}:{line_no}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_keep_going_after_a_bad_line() {
        let input = "{\"id\":\"a\",\"text\":\"One.\"}\nnot json\n\n{\"id\":7,\"text\":\"Two.\",\"published\":\"2022-10-21\"}\n{\"id\":\"c\"}\n";
        let items: Vec<_> = json_lines(io::Cursor::new(input), "feed.jsonl".into()).collect();
        assert_eq!(items.len(), 4);
        assert_eq!(items[0].as_ref().unwrap().id, "a");
        let err = items[1].as_ref().unwrap_err().to_string();
        assert!(err.starts_with("feed.jsonl:2:"), "{err}");
        assert_eq!(items[2].as_ref().unwrap().id, "7");
        assert!(items[3]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("feed.jsonl:5"));
    }

    #[test]
    fn text_that_is_not_utf8_says_where() {
        let err = text_article("x".into(), vec![b'o', b'k', 0xff], "x.txt".into()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.txt: not UTF-8 text (byte 2); convert it to UTF-8, e.g. with iconv"
        );
    }
}
