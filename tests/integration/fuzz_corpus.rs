//! Replays the fuzzers' kept corpus and every input that once broke readout (`fuzz/corpus`,
//! `fuzz/regressions`) through the same checks as the fuzz targets, on stable Rust.

use std::path::Path;

use readout::selfcheck;

fn replay(target: &str, check: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut count = 0;
    for kind in ["corpus", "regressions"] {
        let dir = root.join(kind).join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let data = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| check(&data));
            assert!(outcome.is_ok(), "{} breaks readout", path.display());
            count += 1;
        }
    }
    assert!(count > 0, "no inputs kept for fuzz target {target}");
}

#[test]
fn the_reader_survives_every_kept_fuzz_input() {
    replay("read_articles", selfcheck::read_articles);
}

#[test]
fn extraction_survives_every_kept_fuzz_input() {
    replay("extract", selfcheck::extract);
}
