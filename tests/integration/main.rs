//! Integration tests: golden extraction over the team's fixture articles, and end-to-end runs
//! of the `readout` binary.

use std::path::{Path, PathBuf};

mod cli;
mod ecosystem;
mod fuzz_corpus;
mod golden;
mod sets;

/// The files of a folder with an extension, sorted.
fn files_with_extension(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .collect();
    files.sort();
    files
}

/// A program the tests check readout against (an independent parser, Graphviz, a server),
/// from the environment variable `var` or else `default`. Missing: the test is skipped with a
/// message, unless `READOUT_REQUIRE_TOOLS=1` (as `scripts/test.sh` sets after installing them),
/// where it fails.
fn tool(var: &str, default: &str) -> Option<PathBuf> {
    let path = std::env::var_os(var).map_or_else(|| PathBuf::from(default), PathBuf::from);
    let found = if path.components().count() > 1 {
        path.is_file()
    } else {
        std::process::Command::new("sh")
            .args(["-c", &format!("command -v {}", path.display())])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if found {
        return Some(path);
    }
    let message = format!(
        "{} not found (set {var}, or run scripts/setup.sh to install it)",
        path.display()
    );
    if std::env::var("READOUT_REQUIRE_TOOLS").as_deref() == Ok("1") {
        panic!("{message}");
    }
    eprintln!("skipped: {message}");
    None
}

/// The Python of the tests' virtualenv (rdflib, pySHACL).
fn python() -> Option<PathBuf> {
    let home = std::env::var("HOME").unwrap_or_default();
    tool(
        "READOUT_PYTHON",
        &format!("{home}/.cache/readout/venv/bin/python"),
    )
}
