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
    #[error("{at}: an article of {}, over the limit of {}; split it, or raise the limit with --max-article-mb", size_text(*size), size_text(*limit as u64))]
    TooLarge {
        path: String,
        /// `path` or `path:line`.
        at: String,
        size: u64,
        limit: usize,
    },
}

impl InputError {
    /// The file the error is about.
    pub fn path(&self) -> &str {
        match self {
            InputError::Unreadable { path, .. }
            | InputError::NotUtf8 { path, .. }
            | InputError::BadRecord { path, .. }
            | InputError::UnknownKind { path }
            | InputError::Empty { path }
            | InputError::TooLarge { path, .. } => path,
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

/// The default limit on one article's size in bytes (a text file, or a JSON Lines record).
/// News articles are kilobytes; anything near this is a dump or a mistake, and holding it
/// whole would cost memory for nothing.
pub const MAX_ARTICLE_BYTES: usize = 16 << 20;

/// Reads one input file (or `-`) as a stream of articles of at most `max_bytes` each; a larger
/// one is an error for it alone (never read into memory).
pub fn read_file(
    path: &Path,
    max_bytes: usize,
) -> Box<dyn Iterator<Item = Result<Article, InputError>>> {
    let name = path.display().to_string();
    if path.as_os_str() == "-" {
        return read_stdin(max_bytes);
    }
    match extension(path) {
        "jsonl" | "ndjson" => match File::open(path) {
            Ok(file) => Box::new(json_lines(BufReader::new(file), name, max_bytes)),
            Err(source) => one(Err(InputError::Unreadable { path: name, source })),
        },
        "txt" | "text" | "" => one(read_text_file(path, max_bytes)),
        _ => one(Err(InputError::UnknownKind { path: name })),
    }
}

fn one(item: Result<Article, InputError>) -> Box<dyn Iterator<Item = Result<Article, InputError>>> {
    Box::new(std::iter::once(item))
}

fn read_text_file(path: &Path, max_bytes: usize) -> Result<Article, InputError> {
    let name = path.display().to_string();
    let unreadable = |source| InputError::Unreadable {
        path: name.clone(),
        source,
    };
    let size = fs::metadata(path).map_err(unreadable)?.len();
    if size > max_bytes as u64 {
        return Err(too_large(&name, name.clone(), size, max_bytes));
    }
    let bytes = fs::read(path).map_err(unreadable)?;
    let id = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("article")
        .to_string();
    text_article(id, bytes, name)
}

/// One plain-text article from its bytes (`origin` names it in errors).
pub fn text_article(id: String, bytes: Vec<u8>, origin: String) -> Result<Article, InputError> {
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

/// `3.2 MiB`, or `512 bytes` under one MiB.
fn size_text(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MiB", bytes as f64 / f64::from(1 << 20))
    } else {
        format!("{bytes} bytes")
    }
}

fn too_large(path: &str, at: String, size: u64, limit: usize) -> InputError {
    InputError::TooLarge {
        path: path.to_string(),
        at,
        size,
        limit,
    }
}

/// Standard input: JSON Lines when its first non-blank character is `{` (streamed), else one
/// text article with id `stdin`.
fn read_stdin(max_bytes: usize) -> Box<dyn Iterator<Item = Result<Article, InputError>>> {
    let path = "<stdin>".to_string();
    let mut input = BufReader::new(io::stdin());
    let first = loop {
        match input.fill_buf() {
            Ok([]) => break None,
            Ok(buf) => match buf.iter().position(|b| !b.is_ascii_whitespace()) {
                Some(i) => break Some(buf[i]),
                None => {
                    let n = buf.len();
                    input.consume(n);
                }
            },
            Err(source) => return one(Err(InputError::Unreadable { path, source })),
        }
    };
    if first == Some(b'{') {
        return Box::new(json_lines(input, path, max_bytes));
    }
    let mut bytes = Vec::new();
    match input.take(max_bytes as u64 + 1).read_to_end(&mut bytes) {
        Err(source) => one(Err(InputError::Unreadable { path, source })),
        Ok(n) if n > max_bytes => one(Err(too_large(&path, path.clone(), n as u64, max_bytes))),
        Ok(_) => one(text_article("stdin".into(), bytes, path)),
    }
}

/// Reads one line into `buf` (without growing it past `max_bytes + 1`), returning the line's
/// full length; 0 at the end of the input.
fn read_line_bounded<R: BufRead>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    max_bytes: usize,
) -> io::Result<u64> {
    let mut total = 0u64;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(total);
        }
        let (chunk, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (&available[..=i], true),
            None => (available, false),
        };
        let room = (max_bytes + 1).saturating_sub(buf.len());
        buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let n = chunk.len();
        total += n as u64;
        reader.consume(n);
        if done {
            return Ok(total);
        }
    }
}

/// Parses JSON Lines one line at a time; a bad line (or one over `max_bytes`) is an error for
/// that line only.
pub fn json_lines<R: BufRead>(
    mut reader: R,
    path: String,
    max_bytes: usize,
) -> impl Iterator<Item = Result<Article, InputError>> {
    let mut line_no = 0;
    let mut buf = Vec::new();
    std::iter::from_fn(move || loop {
        buf.clear();
        line_no += 1;
        match read_line_bounded(&mut reader, &mut buf, max_bytes) {
            Ok(0) => return None,
            Ok(size) if size > max_bytes as u64 => {
                let at = format!("{path}:{line_no}");
                return Some(Err(too_large(&path, at, size, max_bytes)));
            }
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
    fn a_line_over_the_limit_is_refused_alone_without_being_held() {
        let long = format!("{{\"id\":\"big\",\"text\":\"{}\"}}\n", "x".repeat(5000));
        let input = format!("{long}{{\"id\":\"b\",\"text\":\"Two.\"}}\n{long}");
        let items: Vec<_> = json_lines(io::Cursor::new(input), "feed.jsonl".into(), 100).collect();
        assert_eq!(items.len(), 3);
        let err = items[0].as_ref().unwrap_err().to_string();
        assert!(
            err.starts_with("feed.jsonl:1: an article of 5023 bytes, over the limit of 100 bytes"),
            "{err}"
        );
        assert_eq!(items[1].as_ref().unwrap().id, "b");
        assert!(items[2].as_ref().unwrap_err().to_string().contains(":3:"));
    }

    #[test]
    fn json_lines_keep_going_after_a_bad_line() {
        let input = "{\"id\":\"a\",\"text\":\"One.\"}\nnot json\n\n{\"id\":7,\"text\":\"Two.\",\"published\":\"2022-10-21\"}\n{\"id\":\"c\"}\n";
        let items: Vec<_> = json_lines(io::Cursor::new(input), "feed.jsonl".into(), 1000).collect();
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
