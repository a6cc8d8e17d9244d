//! Every command and flag, in one place (clap derive).

pub use crate::cli::output::{ColorArg, Format};
use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::engine::ArgValueCompleter;
use ideas::idea::{Program, Status};
pub use ideas::query::filter::parse_years;
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  ideas search \"webassembly plugin\"
  ideas search rust --program lfx --years 2023..2025 --limit 5
  ideas search 'title:\"api documentation\" -karmada' --json
  ideas search kubernetes --limit 100 --format csv > kubernetes.csv
  ideas similar lfx-2023-3/kubeedge/support-latest-version-in-keink-and-run-demo-on-keink
  ideas similar --text \"benchmark edge AI models on KubeEdge\" --before 2025
  ideas facets --by project,year
  ideas update                      # every idea list since 2017, from GitHub
  ideas index ~/src/mentoring/programs --index ./mentoring-index

Exit status: 0 something found, 1 nothing found, 2 error.
With no --index, ideas searches the corpus `ideas update` fetched (every CNCF
LFX and GSoC idea list since 2017), or before any update the seed embedded in
the binary (LFX 2023-2025 and GSoC 2019/2025 idea lists), indexed on first use
in the user cache folder.";

/// Full-text search over CNCF mentorship project ideas (LFX Mentorship, Google Summer of Code).
#[derive(Debug, Parser)]
#[command(name = "ideas", version, about, after_help = EXAMPLES)]
pub struct Cli {
    /// Index folder to use instead of the embedded corpus's.
    #[arg(long, global = true, env = "IDEAS_INDEX", value_name = "DIR")]
    pub index: Option<PathBuf>,
    /// Colour: auto (on a terminal, unless NO_COLOR is set), always or never.
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto, value_name = "WHEN")]
    pub color: ColorArg,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the index from idea lists (markdown files or folders); with no PATH, from the embedded corpus.
    #[command(after_help = "Examples:
  ideas index ~/src/mentoring/programs --index ./ix      # every list under a folder
  ideas index notes.md --program lfx --year 2024 --term 1 --index ./ix
  ideas index --rebuild --index ./ix                     # the way out of a damaged index
  ideas index --check --index ./ix                       # every file against its checksum
  ideas index programs --index ./ix --wait               # after another build of ./ix")]
    Index(IndexArgs),
    /// Fetch every idea list of cncf/mentoring (all programs and years since 2017) and index them: from then on, the corpus every command searches by default.
    #[command(after_help = "Examples:
  ideas update                                  # fetch or bring up to date from GitHub
  ideas update --source ~/src/mentoring         # a local clone (git repository)
  ideas update --source ./mentoring-copy        # a plain folder holding programs/

Says what changed, per term: `LFX 2026 term 3: +12 ~3 -1` (ideas added,
changed, removed). Needs the git binary, except for a plain folder. A failed
update (no network, no such repository) exits 2 and leaves the corpus it had
answering.")]
    Update(UpdateArgs),
    /// Extract idea records from markdown files without indexing them.
    Parse(ParseArgs),
    /// Rank ideas matching a query, with facet counts by project and year.
    #[command(after_help = "Examples:
  ideas search \"webassembly plugin\"
  ideas search 'k8s operator' --years 2023..2025 --program lfx
  ideas search '\"reference docs\" -karmada' --limit 20 --offset 20
  ideas search 'title:api skills:go'
  ideas search ebpf --format csv > ebpf.csv

Query syntax: words (every word ranks first, then some), \"phrases\",
-excluded, +required, field:word (title, skills, project, description,
outcome, mentors, year, term), prefix* (words as written), AND/OR and
parentheses. Several arguments are one query. Text this grammar refuses (an
unknown field:, an unclosed quote, a URL) is searched as plain words, with a
note on stderr.
Exit status: 0 found, 1 nothing found, 2 error.")]
    Search(SearchArgs),
    /// Find ideas like a given one (by id) or like a text.
    #[command(after_help = "Examples:
  ideas similar lfx-2023-3/wasmedge/create-a-ffmpeg-plugin
  ideas similar --text \"benchmark edge AI models on KubeEdge\" --before 2025
  ideas similar gsoc-2019/tikv/auto-tune-rocksdb -n 5 --format jsonl")]
    Similar(SimilarArgs),
    /// Count matching ideas by project, year, program or skill, or as a project x year table.
    #[command(after_help = "Examples:
  ideas facets --by year
  ideas facets --by project,year --program gsoc
  ideas facets rust --by skill --format csv
  ideas facets kubernetes operator --by program --match all")]
    Facets(FacetsArgs),
    /// Show one idea in full.
    Show(ShowArgs),
    /// Documents in the index, per program and year, and its size on disk.
    Stats(JsonArg),
    /// Score ranking against judged queries (nDCG@10, recall@10, MRR) and similar against known pairs.
    Eval(EvalArgs),
    /// Serve the JSON API (schema/openapi.json) over the index, on loopback by default.
    #[command(after_help = "Examples:
  ideas serve                               # http://127.0.0.1:7700/api/search?q=rust
  ideas serve --addr 127.0.0.1:0            # any free port (printed)
  ideas serve --index ./ix --addr 0.0.0.0:7700 --public")]
    Serve(ServeArgs),
    /// Print a shell completion script (e.g. `ideas completions bash > /etc/bash_completion.d/ideas`); it asks ideas for project names and idea ids at each TAB.
    #[command(args = unused_globals())]
    Completions(CompletionsArgs),
    /// Print the man page (roff), e.g. `ideas man | man -l -`.
    #[command(args = unused_globals())]
    Man,
}

/// `--index` and `--color` are global, and clap copies a global argument
/// into each subcommand that has none of its id. Commands that read no index
/// and print no colour (man, completions) have these in their
/// place: hidden from help, completions and the man page, and an error if
/// given (`ideas man --index x`).
fn unused_globals() -> [clap::Arg; 2] {
    ["index", "color"].map(|id| {
        clap::Arg::new(id).long(id).hide(true).value_parser(
            move |_: &str| -> Result<String, String> {
                Err(format!("this command reads no --{id}"))
            },
        )
    })
}

/// `--format`, and `--json` as its short form.
#[derive(Debug, Args, Clone, Copy)]
pub struct FormatArgs {
    /// Output format.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,
    /// Same as --format json.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

impl FormatArgs {
    /// The format asked for (default `table`).
    pub fn get(&self) -> Format {
        match (self.format, self.json) {
            (Some(f), _) => f,
            (None, true) => Format::Json,
            (None, false) => Format::Table,
        }
    }
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on: an IP or a host name (localhost), and a port (0: any free port).
    #[arg(long, default_value = "127.0.0.1:7700", value_name = "HOST:PORT", value_parser = parse_addr)]
    pub addr: std::net::SocketAddr,
    /// Allow an address other machines can reach (the API has no authentication), and any Host header.
    #[arg(long)]
    pub public: bool,
    // Hidden tuning, also read from IDEAS_SERVE_* (the tests shorten them).
    /// Seconds a connection may take to send a request head, from its start
    /// or its previous answer (then it is closed).
    #[arg(long, env = "IDEAS_SERVE_HEADER_TIMEOUT", default_value_t = 10.0, value_name = "SECS", value_parser = positive_secs, hide = true)]
    pub header_timeout: f64,
    /// Most open connections (default: below the open-files limit).
    #[arg(long, env = "IDEAS_SERVE_MAX_CONNECTIONS", value_name = "N", value_parser = clap::value_parser!(u64).range(1..), hide = true)]
    pub max_connections: Option<u64>,
    /// Searches at once (0: one per core).
    #[arg(
        long,
        env = "IDEAS_SERVE_MAX_SEARCHES",
        default_value_t = 0,
        value_name = "N",
        hide = true
    )]
    pub max_searches: usize,
    /// Searches waiting for a turn; past them the answer is 503.
    #[arg(
        long,
        env = "IDEAS_SERVE_SEARCH_QUEUE",
        default_value_t = 64,
        value_name = "N",
        hide = true
    )]
    pub search_queue: usize,
    /// Seconds between looks at the index's CURRENT on an idle server.
    #[arg(long, env = "IDEAS_SERVE_RELOAD_POLL", default_value_t = 2.0, value_name = "SECS", value_parser = positive_secs, hide = true)]
    pub reload_poll: f64,
}

impl ServeArgs {
    /// What the server takes from these flags.
    pub fn options(&self) -> ideas::serve::Options {
        ideas::serve::Options {
            addr: self.addr,
            public: self.public,
            header_timeout: self.header_timeout,
            max_connections: self.max_connections,
            max_searches: self.max_searches,
            search_queue: self.search_queue,
            reload_poll: self.reload_poll,
        }
    }
}

/// `IP:PORT`, or `HOST:PORT` resolved (`localhost:7799`): of the host's
/// addresses, the first IPv4 one, else the first. Whether it may be served
/// on (loopback, or `--public`) is checked where it is bound.
pub fn parse_addr(s: &str) -> Result<std::net::SocketAddr, String> {
    use std::net::ToSocketAddrs;
    if let Ok(addr) = s.parse() {
        return Ok(addr);
    }
    let addrs: Vec<std::net::SocketAddr> = s
        .to_socket_addrs()
        .map_err(|e| format!("'{s}' is not HOST:PORT with a host that resolves: {e}"))?
        .collect();
    addrs
        .iter()
        .find(|a| a.is_ipv4())
        .or(addrs.first())
        .copied()
        .ok_or_else(|| format!("'{s}' resolves to no address"))
}

/// A number of seconds above 0 (and below a year).
fn positive_secs(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x > 0.0 && x < 3.2e7 => Ok(x),
        _ => Err(format!("'{s}' is not a number of seconds above 0")),
    }
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Program, year and term for lists whose path and title do not say.
#[derive(Debug, Args, Clone, Default)]
pub struct MetaArgs {
    /// Program of lists whose path and title do not say.
    #[arg(long, value_enum)]
    pub program: Option<ProgramArg>,
    /// Year of lists whose path and title do not say.
    #[arg(long)]
    pub year: Option<u16>,
    /// LFX term (1-3) of lists whose path and title do not say.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=3))]
    pub term: Option<u8>,
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Markdown files or folders (walked for *.md).
    pub paths: Vec<PathBuf>,
    /// Threads for parsing and for indexing (0: one per core).
    #[arg(long, short = 'j', default_value_t = 0, value_name = "N")]
    pub threads: usize,
    /// Indexing memory budget in MiB, shared by the threads (default: sized to the input, at most 256).
    #[arg(long, value_name = "MIB")]
    pub memory: Option<usize>,
    /// Build the index again from what it was built from (the paths and
    /// hints in its manifest, or the embedded corpus): the way out of a
    /// damaged index.
    #[arg(long, conflicts_with = "paths")]
    pub rebuild: bool,
    /// Check the index instead of building it: read every file through and
    /// compare it with its checksum (exit 0 if whole, 2 naming each damaged
    /// file).
    #[arg(long, conflicts_with_all = ["paths", "rebuild"])]
    pub check: bool,
    /// If another process is writing the index, wait for it to finish
    /// instead of failing.
    #[arg(long)]
    pub wait: bool,
    /// Skip files larger than this many MiB (a file is parsed whole, in
    /// memory: about 10 bytes per byte) [default: 32, or what the index
    /// was built with for --rebuild].
    #[arg(long, value_name = "MIB")]
    pub max_filesize: Option<u64>,
    #[command(flatten)]
    pub meta: MetaArgs,
}

#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// Where to fetch from: a git URL, a local git repository, or a plain folder of idea lists [default: https://github.com/cncf/mentoring].
    #[arg(long, value_name = "URL|DIR")]
    pub source: Option<String>,
    /// Threads for parsing and for indexing (0: one per core).
    #[arg(long, short = 'j', default_value_t = 0, value_name = "N")]
    pub threads: usize,
    /// If another process is writing the index, wait for it to finish instead of failing.
    #[arg(long)]
    pub wait: bool,
}

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Markdown files or folders (walked for *.md).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// One JSON record per line (schema/idea.schema.json) instead of the per-file report.
    #[arg(long)]
    pub jsonl: bool,
    #[command(flatten)]
    pub meta: MetaArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ProgramArg {
    Lfx,
    Gsoc,
}

/// `--status`: accepted or proposed ideas.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StatusArg {
    Accepted,
    Proposed,
}

impl From<StatusArg> for Status {
    fn from(s: StatusArg) -> Status {
        match s {
            StatusArg::Accepted => Status::Accepted,
            StatusArg::Proposed => Status::Proposed,
        }
    }
}

impl From<ProgramArg> for Program {
    fn from(p: ProgramArg) -> Program {
        match p {
            ProgramArg::Lfx => Program::Lfx,
            ProgramArg::Gsoc => Program::Gsoc,
        }
    }
}

/// Filters shared by search and facets.
#[derive(Debug, Args, Clone, Default)]
pub struct FilterArgs {
    /// Only this project (repeat for any of several); case and punctuation are ignored, an
    /// alias is its project (opa, TUF); an unknown name is an error naming the nearest.
    #[arg(long, value_name = "P", add = ArgValueCompleter::new(crate::cli::complete::projects))]
    pub project: Vec<String>,
    /// Only this year (repeat for any of several).
    #[arg(long, value_name = "Y", conflicts_with = "years")]
    pub year: Vec<u16>,
    /// Only these years, inclusive: 2023..2025 (either end may be left open: 2024..).
    #[arg(long, value_name = "A..B", value_parser = parse_years)]
    pub years: Option<(u16, u16)>,
    /// Only this program (any case: LFX, gsoc).
    #[arg(long, value_enum, ignore_case = true)]
    pub program: Option<ProgramArg>,
    /// Only accepted ideas (in a term's accepted list) or only proposed ones.
    #[arg(long, value_enum, ignore_case = true)]
    pub status: Option<StatusArg>,
    /// Only this LFX term (1-3).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=3))]
    pub term: Option<u8>,
    /// Only ideas listing this skill (repeat to require several); any spelling of it
    /// (k8s is Kubernetes, golang is Go: schema/skills.json).
    #[arg(long, value_name = "S")]
    pub skill: Vec<String>,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words, "phrases", +required, -excluded, field:term (fields: title, description, outcome, skills, project, mentors), prefix*; several arguments are one query, joined by spaces.
    #[arg(required = true, value_name = "QUERY")]
    pub query: Vec<String>,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Hits to show.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Hits to skip (for paging).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    #[command(flatten)]
    pub format: FormatArgs,
}

#[derive(Debug, Args)]
pub struct SimilarArgs {
    /// Id of an indexed idea (see `ideas search`); or give --text.
    #[arg(conflicts_with = "text", add = ArgValueCompleter::new(crate::cli::complete::ids))]
    pub id: Option<String>,
    /// Find ideas like this text instead.
    #[arg(long)]
    pub text: Option<String>,
    /// Only ideas from years before this one ("was this proposed before?").
    #[arg(long, value_name = "YEAR")]
    pub before: Option<u16>,
    /// Only accepted ideas or only proposed ones.
    #[arg(long, value_enum)]
    pub status: Option<StatusArg>,
    /// Similar ideas to show.
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    #[command(flatten)]
    pub format: FormatArgs,
}

#[derive(Debug, Args)]
pub struct FacetsArgs {
    /// project, year, program, skill, status, or project,year for the table.
    #[arg(long, default_value = "project")]
    pub by: String,
    /// Count only ideas matching this query (default: all); several arguments are one query, joined by spaces.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    /// any: every idea `ideas search` ranks for the query (its total); all: only those with every word (its "with every word").
    #[arg(long = "match", value_enum, default_value_t = MatchArg::Any, value_name = "WHICH")]
    pub matching: MatchArg,
    #[command(flatten)]
    pub filters: FilterArgs,
    #[command(flatten)]
    pub format: FormatArgs,
}

/// `facets --match`: which ideas of a query are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MatchArg {
    All,
    Any,
}

impl From<MatchArg> for ideas::query::MatchingStrategy {
    fn from(m: MatchArg) -> ideas::query::MatchingStrategy {
        match m {
            MatchArg::All => ideas::query::MatchingStrategy::All,
            MatchArg::Any => ideas::query::MatchingStrategy::Tiered,
        }
    }
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Id of the idea (as `ideas search` lists them: lfx-2024-1/jaeger/...).
    #[arg(add = ArgValueCompleter::new(crate::cli::complete::ids))]
    pub id: String,
    #[command(flatten)]
    pub format: FormatArgs,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Judged queries: a JSON file or a folder of them (format: tests/relevance/queries/*.json) [default: that folder's, embedded in ideas].
    #[arg(long, value_name = "PATH")]
    pub queries: Option<PathBuf>,
    /// Pairs of ideas proposed twice, for similar's recall@5/@10 [default: tests/relevance/similar_pairs.json, embedded; none with --queries].
    #[arg(long, value_name = "FILE")]
    pub pairs: Option<PathBuf>,
    /// Variant to set beside the tuned ranking per query (default: plain BM25; names as in the means table).
    #[arg(long, value_name = "NAME")]
    pub against: Option<String>,
    /// Fail (exit 2) if the tuned ranking's mean nDCG@10 is below this.
    #[arg(long, value_name = "F")]
    pub min_ndcg: Option<f64>,
    /// Print the report as one JSON document (every query's figures, each variant's means).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct JsonArg {
    /// Print as one JSON document.
    #[arg(long)]
    pub json: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn year_ranges() {
        assert_eq!(parse_years("2023..2025"), Ok((2023, 2025)));
        assert_eq!(parse_years("2024.."), Ok((2024, u16::MAX)));
        assert_eq!(parse_years("2024"), Ok((2024, 2024)));
        assert!(parse_years("2025..2023").is_err());
        assert!(parse_years("abc..2023").is_err());
    }

    #[test]
    fn every_argument_and_flag_of_every_command_has_a_help_line() {
        let mut cmd = Cli::command();
        cmd.build();
        let mut missing = vec![];
        for sub in cmd.get_subcommands().filter(|c| c.get_name() != "help") {
            for arg in sub.get_arguments().filter(|a| !a.is_hide_set()) {
                if arg
                    .get_help()
                    .is_none_or(|h| h.to_string().trim().is_empty())
                {
                    missing.push(format!("{} {}", sub.get_name(), arg.get_id()));
                }
            }
        }
        assert!(missing.is_empty(), "no help: {missing:?}");
    }
}
