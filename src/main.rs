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
    let items = readout::resolve::items(&all);
    let res = readout::resolve::events(&items);
    let mut out = std::io::stdout().lock();
    let mut first = 0;
    for e in all.iter() {
        serde_json::to_writer(&mut out, &readout::output::article_json(e, first, &res)).unwrap();
        first += e.reports.len();
        writeln!(out).unwrap();
    }
}
