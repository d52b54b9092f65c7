//! Integration tests: golden extraction over the team's fixture articles, and end-to-end runs
//! of the `readout` binary.

use std::path::{Path, PathBuf};

mod cli;
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
