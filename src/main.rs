use std::io::Write;
fn main() {
    let k = readout::rdf::knowledge::bundled_with(&[]).unwrap();
    let ex = readout::extract::Extractor::new(k);
    let paths: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    let mut all = Vec::new();
    for p in readout::article::input_files(&paths) {
        for a in readout::article::read_file(&p.unwrap()) {
            all.push(ex.extract(&a.unwrap()));
        }
    }
    let res = readout::resolve::events(&all);
    let mut out = std::io::stdout().lock();
    for (i, e) in all.iter().enumerate() {
        serde_json::to_writer(&mut out, &readout::output::article_json(e, i, &res)).unwrap();
        writeln!(out).unwrap();
    }
}
