//! The command line: clap definitions, one function per subcommand, all file and stdout I/O.
//!
//! stdout carries data only; messages go to stderr. Exit codes: 0 ok, 1 error or inputs
//! skipped, 2 usage (clap).

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};

use readout::article::{self, Article};
use readout::conflicts;
use readout::export::{self, RdfSyntax};
use readout::extract::{Extraction, Extractor};
use readout::output;
use readout::query::{self, ResultFormat};
use readout::rdf::{knowledge, quads};
use readout::remote::{Answer, Remote};
use readout::resolve;
use readout::store::GraphStore;

/// Turns news articles about contacts between government officials into an RDF knowledge
/// graph: who took part, when, who initiated it, and which source said so.
#[derive(Parser)]
#[command(name = "readout", version, about, long_about = None)]
pub struct Cli {
    /// Store directory (an Oxigraph RocksDB store). Default: $XDG_DATA_HOME/readout/store,
    /// else ~/.local/share/readout/store.
    #[arg(long, global = true, env = "READOUT_STORE", value_name = "DIR")]
    store: Option<PathBuf>,

    /// Extra knowledge (people, offices, countries) in Turtle, in the shape of
    /// ontology/knowledge.ttl; may be given several times.
    #[arg(long, global = true, value_name = "FILE")]
    knowledge: Vec<PathBuf>,

    /// Extraction threads, started once per run (default: the number of cores).
    #[arg(long, global = true, value_name = "N")]
    jobs: Option<usize>,

    /// Largest article read, in MiB (a text file or one JSON Lines record); larger ones are
    /// skipped with an error, never read whole.
    #[arg(long, global = true, value_name = "MB", default_value_t = 16)]
    max_article_mb: usize,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Reads articles into the store; re-ingesting an article replaces exactly its triples.
    Ingest {
        /// .txt files, .jsonl files (one article per line: id, text, optional title,
        /// published, publisher, url), folders (searched recursively), or - for stdin.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Prints what articles say, without a store.
    Extract {
        /// .txt files, .jsonl files, folders, or - for stdin.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// json: one JSON object per article (the evaluation contract); trig, nquads: the
        /// triples of those articles.
        #[arg(long, value_enum, default_value = "json")]
        format: ExtractFormat,
    },
    /// Runs a bundled query by name, a .rq file, or inline SPARQL.
    Query {
        /// Bundled query name (see `readout queries`) or path to a .rq file.
        #[arg(value_name = "NAME|FILE", required_unless_present = "sparql")]
        query: Option<String>,
        /// Inline SPARQL text.
        #[arg(long, conflicts_with = "query")]
        sparql: Option<String>,
        /// Binds a query variable: NAME=VALUE, VALUE an IRI in <...> or a plain string (bound
        /// as an RDF term, never pasted into the query). May be given several times.
        #[arg(long = "param", value_name = "NAME=VALUE", value_parser = parse_param)]
        params: Vec<(String, String)>,
        #[arg(long, value_enum, default_value = "table")]
        format: QueryFormat,
        /// Runs the query at this SPARQL 1.1 Protocol endpoint instead of the local store (for
        /// a store readout pushed to, e.g. http://localhost:7878/query for Oxigraph).
        #[arg(long, value_name = "URL", conflicts_with = "params")]
        endpoint: Option<String>,
        /// An HTTP header for --endpoint, 'Name: value' (e.g. authorisation); repeatable.
        #[arg(long = "header", value_name = "HEADER", requires = "endpoint")]
        headers: Vec<String>,
    },
    /// Uploads the graph to another RDF store with the SPARQL 1.1 Graph Store Protocol: one
    /// PUT per named graph (each article's, the consolidated one, ontology and knowledge),
    /// replacing the graph of the same name there; repeat it after each ingest.
    Push {
        /// The Graph Store Protocol URL: http://localhost:7878/store (Oxigraph),
        /// http://localhost:3030/DATASET/data (Fuseki), .../repositories/REPO/rdf-graphs/service
        /// (GraphDB).
        #[arg(long, value_name = "URL")]
        endpoint: String,
        /// An HTTP header for every request, 'Name: value' (e.g. authorisation); repeatable.
        #[arg(long = "header", value_name = "HEADER")]
        headers: Vec<String>,
    },
    /// Lists the bundled queries.
    Queries,
    /// Reports where sources disagree about an event, with the sentences behind each side.
    Conflicts {
        #[arg(long, value_enum, default_value = "text")]
        format: ConflictFormat,
    },
    /// Writes the whole graph as RDF.
    Export {
        #[arg(long, value_enum, default_value = "trig")]
        format: ExportFormat,
        /// Output file (default: stdout).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Draws the graph as Graphviz DOT (or SVG/PNG through Graphviz's `dot`).
    Dot {
        /// people: who was in contact with whom; events: contacts between their people and
        /// the articles reporting them; event: one contact with its reports and evidence.
        #[arg(long, value_enum, default_value = "people")]
        view: DotView,
        /// The contact for --view event (implies it): its IRI, `event:...` as `query calls`
        /// prints it, or the part after `event:`.
        #[arg(long, value_name = "EVENT")]
        event: Option<String>,
        /// Render as SVG with Graphviz's `dot` (GRAPHVIZ_DOT names another binary).
        #[arg(long, conflicts_with = "png")]
        svg: bool,
        /// Render as PNG with Graphviz's `dot`.
        #[arg(long)]
        png: bool,
        /// Output file (default: stdout).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Counts what the store holds.
    Stats,
    /// Compacts the store's files after a large ingest, so that queries read less (up to 40%
    /// faster on a store of 100k articles; costs about a quarter of that ingest's time).
    /// Answers do not change.
    Optimize,
    /// Checks the store against SHACL shapes (ontology/shapes.ttl unless --shapes is given);
    /// exits 1 when something violates them.
    Validate {
        /// Shapes in Turtle instead of the bundled ones.
        #[arg(long, value_name = "FILE")]
        shapes: Option<PathBuf>,
        /// text: one violation per paragraph; tsv: focus, path, component, severity, value,
        /// message.
        #[arg(long, value_enum, default_value = "text")]
        format: ValidateFormat,
    },
    /// Serves the store as a read-only SPARQL 1.1 Protocol endpoint at /query.
    Serve {
        /// Address to listen on (loopback by default; give 0.0.0.0:PORT to serve a network).
        #[arg(long, default_value = "127.0.0.1:7878", value_name = "ADDR")]
        bind: std::net::SocketAddr,
        /// Allow browser query tools on other origins (CORS).
        #[arg(long)]
        cors: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ValidateFormat {
    Text,
    Tsv,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DotView {
    People,
    Events,
    Event,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExtractFormat {
    Json,
    Trig,
    Nquads,
}

#[derive(Clone, Copy, ValueEnum)]
enum QueryFormat {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
}

#[derive(Clone, Copy, ValueEnum)]
enum ConflictFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Turtle,
    Trig,
    Nquads,
    Ntriples,
    Rdfxml,
    Jsonld,
}

pub fn run() -> Result<ExitCode> {
    let cli = Cli::parse();
    let store_path = cli.store.clone().unwrap_or_else(default_store);
    let user_knowledge = read_knowledge_files(&cli.knowledge)?;
    let max_bytes = cli.max_article_mb.saturating_mul(1 << 20);
    let input = |paths| Input { paths, max_bytes };
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    match cli.command {
        // One extraction thread per core: the reading and writing thread mostly waits (ingest:
        // storage mostly waits on RocksDB's own threads).
        Command::Ingest { paths } => {
            let jobs = cli.jobs.unwrap_or(cores);
            ingest(&store_path, &user_knowledge, &input(paths), jobs)
        }
        Command::Extract { paths, format } => {
            let jobs = cli.jobs.unwrap_or(cores);
            extract(&user_knowledge, &input(paths), format, jobs)
        }
        Command::Query {
            query,
            sparql,
            params,
            format,
            endpoint,
            headers,
        } => {
            let text = query_text(query, sparql)?;
            match endpoint {
                Some(url) => run_remote_query(&url, &headers, &text, format),
                None => run_query(&store_path, &text, &params, format),
            }
        }
        Command::Push { endpoint, headers } => push(&store_path, &endpoint, &headers),
        Command::Queries => list_queries(),
        Command::Conflicts { format } => show_conflicts(&store_path, format),
        Command::Export { format, output } => export_rdf(&store_path, format, output),
        Command::Dot {
            view,
            event,
            svg,
            png,
            output,
        } => {
            let view = match (view, event) {
                (_, Some(event)) => export::View::Event(event),
                (DotView::Event, None) => {
                    eprintln!("readout: --view event needs --event EVENT (`readout query calls` lists them)");
                    return Ok(ExitCode::from(2));
                }
                (DotView::Events, None) => export::View::Events,
                (DotView::People, None) => export::View::People,
            };
            let render = if svg {
                Some("svg")
            } else if png {
                Some("png")
            } else {
                None
            };
            draw(&store_path, &view, render, output)
        }
        Command::Stats => stats(&store_path),
        Command::Optimize => optimize(&store_path),
        Command::Validate { shapes, format } => validate(&store_path, shapes, format),
        Command::Serve { bind, cors } => {
            let store = open_for_reading(&store_path)?;
            eprintln!(
                "readout: serving {} read-only at http://{bind}/query{}; Ctrl-C stops",
                store_path.display(),
                if cors { " (CORS on)" } else { "" }
            );
            readout::serve::serve(store, bind, readout::serve::Options { cors })
                .with_context(|| format!("cannot serve at {bind}"))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn default_store() -> PathBuf {
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")));
    data.map_or_else(
        || PathBuf::from("readout-store"),
        |d| d.join("readout/store"),
    )
}

fn read_knowledge_files(paths: &[PathBuf]) -> Result<Vec<(String, String)>> {
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("{}: cannot read knowledge file", p.display()))?;
            Ok((p.display().to_string(), text))
        })
        .collect()
}

fn extractor(user_knowledge: &[(String, String)]) -> Result<Extractor> {
    let knowledge = knowledge::bundled_with(user_knowledge)?;
    Ok(Extractor::new(knowledge))
}

/// Counts of a batch of inputs.
#[derive(Default)]
struct Batch {
    articles: usize,
    reports: usize,
    skipped: BTreeMap<String, usize>,
}

impl Batch {
    fn skip(&mut self, why: &str, message: &str) {
        eprintln!("readout: skipped {message}");
        *self.skipped.entry(why.to_string()).or_default() += 1;
    }

    fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }

    fn skipped_summary(&self) -> String {
        if self.skipped.is_empty() {
            return "0 skipped".into();
        }
        let parts: Vec<String> = self
            .skipped
            .iter()
            .map(|(why, n)| format!("{n} {why}"))
            .collect();
        format!("{} skipped ({})", self.skipped_total(), parts.join(", "))
    }
}

/// What to read: paths, and the largest article to accept.
struct Input {
    paths: Vec<PathBuf>,
    max_bytes: usize,
}

/// Every article of the input, in order; errors and duplicate ids are reported and counted.
fn for_each_article(
    input: &Input,
    batch: &mut Batch,
    mut each: impl FnMut(Article) -> Result<()>,
) -> Result<()> {
    let mut seen = BTreeSet::new();
    for file in article::input_files(&input.paths) {
        let file = match file {
            Ok(file) => file,
            Err(e) => {
                batch.skip("unreadable", &e.to_string());
                continue;
            }
        };
        for item in article::read_file(&file, input.max_bytes) {
            match item {
                Err(e) => {
                    let why = match e {
                        article::InputError::BadRecord { .. } => "bad record",
                        article::InputError::NotUtf8 { .. } => "not UTF-8",
                        article::InputError::UnknownKind { .. } => "not an article file",
                        article::InputError::Unreadable { .. } => "unreadable",
                        article::InputError::Empty { .. } => "empty",
                        article::InputError::TooLarge { .. } => "too large",
                    };
                    batch.skip(why, &e.to_string());
                }
                Ok(a) if !seen.insert(a.id.clone()) => {
                    let message = format!(
                        "{}: article id {:?} already read in this batch; ids must be unique",
                        a.origin, a.id
                    );
                    batch.skip("duplicate id", &message);
                }
                Ok(a) => {
                    batch.articles += 1;
                    each(a)?;
                }
            }
        }
    }
    Ok(())
}

/// Reads the input in batches of [`BATCH`] articles; `jobs` extraction threads, started once,
/// extract each batch (a contiguous share each) while `each` takes the previous batch's
/// extractions (to store or keep them), so that reading, extraction and what follows overlap.
/// `each` sees the batches in input order.
///
/// The threads live for the whole run rather than one per batch: the regex crate keeps its
/// lazy-DFA caches in pools sharded by thread, and a new thread starts with cold caches, which
/// cost a tenth of extraction time when every batch had threads of its own.
fn pipeline<T: Send>(
    input: &Input,
    batch: &mut Batch,
    jobs: usize,
    work: impl Fn(&Article) -> T + Sync,
    mut each: impl FnMut(Vec<T>) -> Result<()>,
) -> Result<()> {
    use std::sync::mpsc;
    let jobs = jobs.max(1);
    std::thread::scope(|scope| -> Result<()> {
        // One channel each way per thread: share i of every batch goes to thread i, and its
        // results come back in the order sent, so a batch is put together in input order. A
        // panic is handed back with the results and raised again here.
        let work = &work;
        let mut queues: Vec<mpsc::Sender<Vec<Article>>> = Vec::with_capacity(jobs);
        let mut results = Vec::with_capacity(jobs);
        for _ in 0..jobs {
            let (send_work, take_work) = mpsc::channel::<Vec<Article>>();
            let (send_result, take_result) = mpsc::channel();
            scope.spawn(move || {
                for articles in take_work {
                    let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        articles.iter().map(work).collect::<Vec<T>>()
                    }));
                    if send_result.send(done).is_err() {
                        break;
                    }
                }
            });
            queues.push(send_work);
            results.push(take_result);
        }
        let collect = || {
            let mut all = Vec::new();
            for from in &results {
                match from.recv().expect("extraction threads outlive the input") {
                    Ok(part) => all.extend(part),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            all
        };
        let mut in_flight = false;
        let mut hand_over = |articles: Vec<Article>| -> Result<()> {
            for (to, share) in queues.iter().zip(readout::parallel::shares(articles, jobs)) {
                to.send(share)
                    .expect("extraction threads outlive the input");
            }
            if in_flight {
                each(collect())?;
            }
            in_flight = true;
            Ok(())
        };
        let mut pending: Vec<Article> = Vec::with_capacity(BATCH);
        for_each_article(input, batch, |a| {
            pending.push(a);
            if pending.len() == BATCH {
                hand_over(std::mem::replace(&mut pending, Vec::with_capacity(BATCH)))?;
            }
            Ok(())
        })?;
        hand_over(pending)?;
        each(collect())?;
        Ok(())
    })
}

/// Articles are read and extracted in batches of this many (extraction in parallel, storage
/// in one transaction per batch).
const BATCH: usize = 2048;

fn ingest(
    store_path: &Path,
    user_knowledge: &[(String, String)],
    input: &Input,
    jobs: usize,
) -> Result<ExitCode> {
    let extractor = extractor(user_knowledge)?;
    if let Some(parent) = store_path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let store = GraphStore::open(store_path)?;
    store.load_knowledge(user_knowledge)?;
    let progress = io::stderr().is_terminal();
    let mut batch = Batch::default();
    let mut quads = 0;
    let mut done = 0usize;
    // Whether the consolidated graph can be updated around the new reports only: it exists,
    // and no stored article was replaced (replacing one can remove reports).
    // An ingest that stopped after storing articles and before resolving them leaves a mark:
    // then every event is resolved again.
    let mut incremental = store.has_consolidated()? && !store.resolution_pending()?;
    let mut touched: BTreeSet<Vec<String>> = BTreeSet::new();
    // Into a store without reports, every report there will be one of this run: resolution
    // can start from what extraction gives, without reading the store back.
    let mut fresh = !incremental && !store.has_reports()?;
    let mut items: Vec<resolve::ReportItem> = Vec::new();
    // The best name of everyone the new articles name (what the store's labels are updated
    // with).
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let store_batch = |extractions: Vec<Extraction>| -> Result<()> {
        let stored = store
            .store_articles(&extractions)
            .context("could not store the articles")?;
        quads += stored.quads;
        incremental &= stored.replaced == 0;
        fresh &= stored.replaced == 0;
        if fresh {
            items.extend(resolve::items(&extractions));
        }
        for ex in &extractions {
            for report in &ex.reports {
                let keys = report.participant_keys().into_iter().map(str::to_string);
                touched.insert(keys.collect());
            }
            for person in &ex.people {
                quads::keep_better_name(&mut names, &person.key, &person.name);
            }
        }
        done += extractions.len();
        if progress {
            eprint!("\rreadout: {done} articles stored");
        }
        Ok(())
    };
    store.set_resolution_pending(true)?;
    pipeline(
        input,
        &mut batch,
        jobs,
        |a| extractor.extract(a),
        store_batch,
    )?;
    if progress {
        eprint!("\rreadout: resolving events across articles...");
    }
    if fresh {
        store.consolidate_from(items, &names)?;
    } else if incremental {
        store.consolidate_around(&touched, &names)?;
    } else {
        store.consolidate()?;
    }
    store.set_resolution_pending(false)?;
    // Counted from the store, so that the summary is what a query would see.
    let (reports, events, people) = store.counts()?;
    batch.reports = reports;
    store.flush()?;
    if progress {
        eprint!("\r");
    }
    eprintln!(
        "readout: ingested {} articles into {} ({quads} quads written); store now holds {} reports of {events} events, {people} people; {}",
        batch.articles,
        store_path.display(),
        batch.reports,
        batch.skipped_summary()
    );
    Ok(exit_code(&batch))
}

fn exit_code(batch: &Batch) -> ExitCode {
    if batch.skipped_total() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// What `extract` keeps while cross-article resolution, which needs every report before the
/// first article can be printed, waits for the rest of the input. For JSON, each article's line
/// rendered but for its event ids ([`output::Rendered`]): in memory up to [`SPILL`] articles,
/// beyond that in a temporary file, so memory stays bounded by the report index, not the corpus.
/// For RDF, whole extractions (their sentences are evidence), which the in-memory store holds
/// anyway.
#[derive(Default)]
struct Kept {
    items: Vec<resolve::ReportItem>,
    json: bool,
    rendered: Vec<output::Rendered>,
    extractions: Vec<Extraction>,
    file: Option<(PathBuf, BufWriter<File>)>,
}

/// Articles kept in memory before `extract` spills to a temporary file (`READOUT_SPILL`
/// overrides it, for tests).
const SPILL: usize = 4 * BATCH;

fn spill_at() -> usize {
    std::env::var("READOUT_SPILL")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(SPILL)
}

/// One article as `extract` keeps it, made on the extraction thread that read it: its report
/// items, and its rendered JSON line or its extraction.
struct Piece {
    items: Vec<resolve::ReportItem>,
    kept: Keep,
}

enum Keep {
    Line(output::Rendered),
    Whole(Extraction),
}

impl Kept {
    fn piece(extraction: Extraction, json: bool) -> Result<Piece> {
        let items = resolve::items(std::slice::from_ref(&extraction));
        let kept = if json {
            Keep::Line(output::Rendered::new(&extraction)?)
        } else {
            Keep::Whole(extraction)
        };
        Ok(Piece { items, kept })
    }

    fn add(&mut self, pieces: Vec<Result<Piece>>) -> Result<()> {
        for piece in pieces {
            let piece = piece?;
            self.items.extend(piece.items);
            match piece.kept {
                Keep::Line(rendered) => self.rendered.push(rendered),
                Keep::Whole(extraction) => self.extractions.push(extraction),
            }
        }
        if !self.json {
            return Ok(());
        }
        if self.rendered.len() >= spill_at() || self.file.is_some() {
            if self.file.is_none() {
                let path = std::env::temp_dir().join(format!(
                    "readout-extract-{}-{}",
                    std::process::id(),
                    std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .map_or(0, |d| d.as_nanos())
                ));
                let file = File::create(&path)
                    .with_context(|| format!("{}: cannot create", path.display()))?;
                self.file = Some((path, BufWriter::new(file)));
            }
            let (path, writer) = self.file.as_mut().expect("created above");
            for rendered in self.rendered.drain(..) {
                rendered
                    .write(writer)
                    .with_context(|| format!("{}: cannot write", path.display()))?;
            }
        }
        Ok(())
    }

    /// Every article's rendered line, in input order; the temporary file is removed when read.
    fn drain_rendered(&mut self) -> Result<Box<dyn Iterator<Item = Result<output::Rendered>>>> {
        let in_memory = std::mem::take(&mut self.rendered).into_iter().map(Ok);
        let Some((path, mut writer)) = self.file.take() else {
            return Ok(Box::new(in_memory));
        };
        writer.flush()?;
        drop(writer);
        let file = File::open(&path).with_context(|| format!("{}: cannot read", path.display()))?;
        // Unlinked at once: the open handle still reads it, and nothing is left behind.
        let _ = std::fs::remove_file(&path);
        let mut input = io::BufReader::new(file);
        let spilled = std::iter::from_fn(move || {
            output::Rendered::read(&mut input)
                .with_context(|| format!("{}: cannot read back", path.display()))
                .transpose()
        });
        Ok(Box::new(spilled.chain(in_memory)))
    }
}

fn extract(
    user_knowledge: &[(String, String)],
    input: &Input,
    format: ExtractFormat,
    jobs: usize,
) -> Result<ExitCode> {
    let extractor = extractor(user_knowledge)?;
    let mut batch = Batch::default();
    let mut kept = Kept {
        json: matches!(format, ExtractFormat::Json),
        ..Kept::default()
    };
    let json = kept.json;
    pipeline(
        input,
        &mut batch,
        jobs,
        |a| Kept::piece(extractor.extract(a), json),
        |pieces| kept.add(pieces),
    )?;
    let resolution = resolve::events(&kept.items);
    let mut out = BufWriter::new(io::stdout().lock());
    match format {
        ExtractFormat::Json => {
            let mut first = 0;
            for rendered in kept.drain_rendered()? {
                let rendered = rendered?;
                out.write_all(&rendered.line(first, &resolution))?;
                first += rendered.events.len();
            }
        }
        ExtractFormat::Trig | ExtractFormat::Nquads => {
            let extractions = std::mem::take(&mut kept.extractions);
            let store = GraphStore::in_memory()?;
            store.replace_articles(&extractions)?;
            let names = quads::person_names(&extractions);
            store.write_consolidated(&kept.items, &resolution, &names)?;
            let syntax = if matches!(format, ExtractFormat::Trig) {
                RdfSyntax::TriG
            } else {
                RdfSyntax::NQuads
            };
            export::rdf(&store, syntax, &mut out)?;
        }
    }
    out.flush()?;
    Ok(exit_code(&batch))
}

fn open_for_reading(store_path: &Path) -> Result<GraphStore> {
    Ok(GraphStore::open_read_only(store_path)?)
}

fn parse_param(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name.to_string(), value.to_string())),
        _ => Err(format!("{text:?}: expected NAME=VALUE")),
    }
}

/// The text of a bundled query, a .rq file, or inline SPARQL.
fn query_text(query: Option<String>, sparql: Option<String>) -> Result<String> {
    Ok(match (query, sparql) {
        (_, Some(text)) => text,
        (Some(name), None) => match query::bundled(&name) {
            Some(q) => q.text.to_string(),
            None if Path::new(&name).is_file() => std::fs::read_to_string(&name)
                .with_context(|| format!("{name}: cannot read the query file"))?,
            None => {
                let names: Vec<&str> = query::BUNDLED.iter().map(|q| q.name).collect();
                bail!("{name}: no bundled query of that name and no such .rq file; bundled queries: {}", names.join(", "))
            }
        },
        (None, None) => bail!("give a query name, a .rq file, or --sparql TEXT"),
    })
}

fn result_format(format: QueryFormat) -> ResultFormat {
    match format {
        QueryFormat::Table => ResultFormat::Table,
        QueryFormat::Csv => ResultFormat::Csv,
        QueryFormat::Tsv => ResultFormat::Tsv,
        QueryFormat::Json => ResultFormat::Json,
        QueryFormat::Xml => ResultFormat::Xml,
    }
}

fn run_query(
    store_path: &Path,
    text: &str,
    params: &[(String, String)],
    format: QueryFormat,
) -> Result<ExitCode> {
    let store = open_for_reading(store_path)?;
    let results = store.query_with(text, params)?;
    let mut out = BufWriter::new(io::stdout().lock());
    query::write_results(results, result_format(format), &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn run_remote_query(
    endpoint: &str,
    headers: &[String],
    text: &str,
    format: QueryFormat,
) -> Result<ExitCode> {
    let answer = Remote::new(headers)?.query(endpoint, text)?;
    let mut out = BufWriter::new(io::stdout().lock());
    match answer {
        Answer::Results(results) => query::write_results(results, result_format(format), &mut out)?,
        Answer::Triples(text) => out.write_all(text.as_bytes())?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn push(store_path: &Path, endpoint: &str, headers: &[String]) -> Result<ExitCode> {
    let store = open_for_reading(store_path)?;
    let progress = io::stderr().is_terminal();
    let pushed = Remote::new(headers)?.push(&store, endpoint, |done, total| {
        if progress && (done % 100 == 0 || done == total) {
            eprint!("\rreadout: pushed {done}/{total} graphs");
            if done == total {
                eprintln!();
            }
        }
    })?;
    eprintln!(
        "readout: pushed {} graphs ({} triples) to {endpoint}",
        pushed.graphs, pushed.triples
    );
    Ok(ExitCode::SUCCESS)
}

fn list_queries() -> Result<ExitCode> {
    let mut out = io::stdout().lock();
    for q in query::BUNDLED {
        writeln!(out, "{:<14} {}", q.name, q.summary())?;
    }
    Ok(ExitCode::SUCCESS)
}

fn show_conflicts(store_path: &Path, format: ConflictFormat) -> Result<ExitCode> {
    let store = open_for_reading(store_path)?;
    let text = query::bundled("disagreements")
        .map(|q| q.text)
        .unwrap_or_default();
    let found = conflicts::group(&store.select(text)?);
    let mut out = BufWriter::new(io::stdout().lock());
    match format {
        ConflictFormat::Json => conflicts::write_json(&found, &mut out)?,
        ConflictFormat::Text => {
            let labels = store
                .select("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?e ?l WHERE { GRAPH <https://w3id.org/readout/graph/consolidated> { ?e rdfs:label ?l } }")?
                .into_iter()
                .filter_map(|r| Some((r.get("e")?.clone(), r.get("l")?.clone())))
                .collect();
            conflicts::write_text(&found, &labels, &mut out)?
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn output_writer(output: Option<&Path>) -> Result<Box<dyn Write>> {
    Ok(match output {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("{}: cannot create", path.display()))?,
        )),
        None => Box::new(BufWriter::new(io::stdout().lock())),
    })
}

fn export_rdf(
    store_path: &Path,
    format: ExportFormat,
    output: Option<PathBuf>,
) -> Result<ExitCode> {
    let store = open_for_reading(store_path)?;
    let syntax = match format {
        ExportFormat::Turtle => RdfSyntax::Turtle,
        ExportFormat::Trig => RdfSyntax::TriG,
        ExportFormat::Nquads => RdfSyntax::NQuads,
        ExportFormat::Ntriples => RdfSyntax::NTriples,
        ExportFormat::Rdfxml => RdfSyntax::RdfXml,
        ExportFormat::Jsonld => RdfSyntax::JsonLd,
    };
    let mut out = output_writer(output.as_deref())?;
    export::rdf(&store, syntax, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn draw(
    store_path: &Path,
    view: &export::View,
    render: Option<&str>,
    output: Option<PathBuf>,
) -> Result<ExitCode> {
    let store = open_for_reading(store_path)?;
    let dot = export::dot(&store, view)?;
    let bytes = match render {
        Some(format) => graphviz(&dot, format)?,
        None => dot.into_bytes(),
    };
    let mut out = output_writer(output.as_deref())?;
    out.write_all(&bytes)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn validate(
    store_path: &Path,
    shapes: Option<PathBuf>,
    format: ValidateFormat,
) -> Result<ExitCode> {
    let (name, text) = match &shapes {
        Some(path) => (
            path.display().to_string(),
            std::fs::read_to_string(path)
                .with_context(|| format!("{}: cannot read the shapes", path.display()))?,
        ),
        None => (
            "ontology/shapes.ttl".to_string(),
            readout::validate::SHAPES.to_string(),
        ),
    };
    let store = open_for_reading(store_path)?;
    let violations = readout::validate::validate(&store, &text, &name)?;
    let mut out = BufWriter::new(io::stdout().lock());
    for v in &violations {
        match format {
            ValidateFormat::Tsv => writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}\t{}",
                v.focus,
                v.path,
                v.component,
                v.severity,
                v.value,
                v.message.replace(['\t', '\n'], " ")
            )?,
            ValidateFormat::Text => {
                writeln!(
                    out,
                    "{}\n  path: {}\n  constraint: {} ({})",
                    v.focus, v.path, v.component, v.severity
                )?;
                if !v.value.is_empty() {
                    writeln!(out, "  value: {}", v.value)?;
                }
                if !v.message.is_empty() {
                    writeln!(out, "  message: {}", v.message)?;
                }
            }
        }
    }
    out.flush()?;
    if violations.is_empty() {
        eprintln!("readout: {} conforms to {name}", store_path.display());
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "readout: {} violations of {name} in {}",
            violations.len(),
            store_path.display()
        );
        Ok(ExitCode::FAILURE)
    }
}

/// Renders DOT text with Graphviz's `dot -T<format>`.
fn graphviz(dot: &str, format: &str) -> Result<Vec<u8>> {
    use std::process::{Command, Stdio};
    let program = std::env::var_os("GRAPHVIZ_DOT").unwrap_or_else(|| "dot".into());
    let mut child = match Command::new(&program)
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) if e.kind() == io::ErrorKind::NotFound => bail!(
            "--{format} needs Graphviz's `dot` ({} not found); install Graphviz (Debian/Ubuntu: apt install graphviz), or leave out --{format} to write DOT text",
            program.to_string_lossy()
        ),
        Err(e) => return Err(e).context(format!("cannot run {}", program.to_string_lossy())),
    };
    let mut stdin = child.stdin.take().expect("piped");
    let text = dot.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
    let done = child.wait_with_output()?;
    writer.join().expect("writer thread")?;
    if !done.status.success() {
        bail!(
            "Graphviz's dot failed: {}",
            String::from_utf8_lossy(&done.stderr).trim()
        );
    }
    Ok(done.stdout)
}

fn optimize(store_path: &Path) -> Result<ExitCode> {
    GraphStore::open_existing(store_path)?.optimize()?;
    eprintln!("readout: optimized {}", store_path.display());
    Ok(ExitCode::SUCCESS)
}

fn stats(store_path: &Path) -> Result<ExitCode> {
    let store = open_for_reading(store_path)?;
    let rows = store.select(include_str!("../queries/internal/stats.rq"))?;
    let row = rows.into_iter().next().unwrap_or_default();
    let mut out = io::stdout().lock();
    for key in ["articles", "reports", "events", "people"] {
        writeln!(
            out,
            "{key:<16} {}",
            row.get(key).map_or("0", String::as_str)
        )?;
    }
    writeln!(out, "{:<16} {}", "quads", store.len()?)?;
    Ok(ExitCode::SUCCESS)
}
