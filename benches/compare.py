#!/usr/bin/env python3
"""Compare `ideas` with what people use instead, on the same corpus and queries.

One run, one machine, every ratio measured in that run (issue 5, items 3-4):

  ideas        `ideas search` as a whole process (warm: each query runs once
               before it is timed), top 10 with snippets and project/year
               facet counts, filters passed as flags.
  rg -i        ripgrep over the markdown: what people do today. Unranked, any
               of the query's words, no snippets, no facets, no filters.
  fts5 cli     SQLite FTS5 through the `sqlite3` command-line program, one
               process per query running three statements on the database
               file: top 10 by bm25 with snippet(), then COUNT(*) GROUP BY
               project and GROUP BY year over the same match and filters.
  fts5 python  the same three statements in-process through python's sqlite3
               (connection opened once): SQLite without process start-up.
  spawn floor  /bin/true through the same timing code: the cost of starting a
               process at all, for reading the whole-process rows.

and the index builds: `ideas index` from markdown at each --threads value
(wall time, ideas/s, speed-up over the first value, peak RSS of the process
from wait4), and the FTS5 database from ideas.jsonl (a child process too).
The "tantivy alone on pre-parsed records" build figure comes from the Rust
bench (benches/), not from this script.

Usage:
  python3 benches/compare.py                        # embedded,10k,100k
  python3 benches/compare.py --sizes embedded --runs 20 --out cmp.md
  python3 benches/compare.py --sizes 1m --threads 1,2 --cell-seconds 60
  python3 benches/compare.py --ideas-bin target/release/ideas --tools ideas,fts5-py

Sizes: `embedded` is the corpus built into the binary (data/, 150 ideas),
searched with no --index (index cached under XDG_CACHE_HOME, here pointed at
WORK/cache); `10k`, `100k`, `1m` or a plain number are synthetic corpora from
`ideas-synth --ideas N --seed S` (crates/ideas-synth; by default the one
beside the ideas binary, which `cargo build --release --locked` builds too;
--synth-bin PATH otherwise). Corpora, indexes and FTS5 databases are
kept in --work and reused when present with the same size and seed (and, for
indexes, the same binary); their build figures are then the ones recorded
when they were built, marked "cached". --rebuild builds them again.

Query translation (benches/queries.json, every query in it):
  rg:    the query's words, quotes, operators and field prefixes dropped,
         -excluded words dropped, stop words (schema/stopwords.txt) dropped
         unless nothing else is left; `rg --no-config -i -F -c -e w1 -e w2
         ... DIRS`: any word, literal (so c++ and ci/cd are not regexes).
         Output goes to a pipe that is read to the end (ripgrep stops at the
         first match when stdout is /dev/null). Filters cannot be expressed.
  FTS5:  each word quoted ("ci/cd" becomes the phrase ci cd, no syntax
         errors from punctuation), phrases stay phrases, field:word becomes
         a column filter (mentors: is not an FTS5 column: searched in all),
         -word becomes NOT, stop words dropped as ideas drops them, words
         ANDed by default, like ideas' every-word tier (--fts-match or ORs
         them: ideas' facet counts cover every idea matching ANY word, so OR
         is the like-for-like workload for the GROUP BYs; AND is the
         conservative default, it leaves SQLite fewer rows to count). No
         synonyms, no typo tolerance: queries like "obsevability dashbord"
         find nothing in FTS5 (still a valid timing). --skill S becomes
         `AND skills : "S"` in the MATCH (ideas matches it as a phrase in the
         skills field), --project compares the project lowercased, letters
         and digits only (ideas' project_key), --years/--program are SQL
         conditions on the joined table. bm25 column weights are the boosts
         in schema/fields.json; tokenizer porter unicode61 (ideas: en_stem).

Statistics: every (tool, query) pair runs --runs times (fewer for a tool
whose whole cell would take more than --cell-seconds: the warm-up pass gives
its cost; the table says how many runs each cell used). Per tool: the median
over the mix of each query's median, the mix total (sum of each query's
median: one pass over the mix), p50 and p99 of all runs pooled (nearest
rank), and ratios to `ideas` (>1 means ideas is faster).

Exit status: 0 all measured, 1 a size was skipped or a tool errored on some
query (exit 2 from ideas or rg, an SQLite error), 2 setup failed.

Python 3.11 standard library only. Installs ripgrep and sqlite3 with apt-get
if they are missing (sudo when not root; --no-install to forbid).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import math
import os
import platform
import re
import selectors
import shlex
import signal
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FTS_SCHEMA_VERSION = 1  # bump when the FTS5 database this script builds changes
FTS_COLUMNS = ["title", "description", "outcome", "skills", "project"]
IDEAS_FIELDS = {"title", "description", "outcome", "skills", "project", "mentors"}
DEFAULT_BOOSTS = {"title": 3.0, "skills": 2.0, "project": 1.5, "description": 1.0, "outcome": 1.0}
TOOLS = ["ideas", "rg", "fts5-cli", "fts5-py", "spawn"]
TOOL_LABEL = {
    "ideas": "ideas search (process)",
    "rg": "rg -i (process, unranked)",
    "fts5-cli": "sqlite3 FTS5 bm25+GROUP BY (process)",
    "fts5-py": "FTS5 bm25+GROUP BY (python, in-process)",
    "spawn": "spawn floor (/bin/true)",
}
PROCESS_TIMEOUT = 1800  # seconds for any one child process


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


class SetupError(Exception):
    pass


# ---------------------------------------------------------------- machine, tools


def machine_info() -> list[str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    try:
        avail = len(os.sched_getaffinity(0))
    except AttributeError:
        avail = os.cpu_count()
    try:
        load = "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg()) + " at start"
    except OSError:
        load = "load average ?"
    return [
        f"machine: nproc {avail} (of {os.cpu_count()}), CPU {cpu}, RAM {mem}, "
        f"{platform.system()} {platform.release()} {platform.machine()}; {load}",
    ]


def tool_versions(ideas_bin: Path | None) -> str:
    def first_line(argv):
        try:
            r = subprocess.run(argv, capture_output=True, text=True, timeout=30)
            return (r.stdout or r.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.SubprocessError):
            return "?"

    parts = []
    if ideas_bin:
        parts.append(first_line([str(ideas_bin), "--version"]))
    parts.append(first_line(["rg", "--version"]))
    parts.append("sqlite3 cli " + first_line(["sqlite3", "-version"]).split(" ")[0])
    parts.append(f"python {platform.python_version()} sqlite {sqlite3.sqlite_version}")
    return "; ".join(parts)


def git_describe() -> str:
    try:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, timeout=30).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=30).stdout.strip()
        return head + (" (+ uncommitted changes)" if dirty else "") if head else "?"
    except (OSError, subprocess.SubprocessError):
        return "?"


def ensure_tools(need: set[str], allow_install: bool) -> None:
    """Installs ripgrep / sqlite3 with apt-get when missing."""
    packages = {"rg": "ripgrep", "sqlite3": "sqlite3"}
    missing = [c for c in sorted(need) if shutil.which(c) is None]
    if not missing:
        return
    pkgs = [packages[c] for c in missing]
    if not allow_install:
        raise SetupError(f"missing {', '.join(missing)} (apt-get install {' '.join(pkgs)}); --no-install was given")
    if shutil.which("apt-get") is None:
        raise SetupError(f"missing {', '.join(missing)} and there is no apt-get: install {' '.join(pkgs)} yourself")
    sudo = [] if os.geteuid() == 0 else (["sudo"] if shutil.which("sudo") else None)
    if sudo is None:
        raise SetupError(f"missing {', '.join(missing)}; not root and no sudo: install {' '.join(pkgs)} yourself")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = sudo + ["apt-get", "install", "-y", "--no-install-recommends"] + pkgs
    log(f"installing {' '.join(pkgs)}: {shlex.join(install)}")
    if subprocess.run(install, env=env, stdout=subprocess.DEVNULL).returncode != 0:
        log("apt-get install failed; running apt-get update and trying again")
        subprocess.run(sudo + ["apt-get", "update"], env=env, stdout=subprocess.DEVNULL)
        if subprocess.run(install, env=env, stdout=subprocess.DEVNULL).returncode != 0:
            raise SetupError(f"apt-get install {' '.join(pkgs)} failed")
    still = [c for c in missing if shutil.which(c) is None]
    if still:
        raise SetupError(f"still missing after apt-get install: {', '.join(still)}")


def check_fts5(need_cli: bool) -> None:
    try:
        con = sqlite3.connect(":memory:")
        con.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
        con.close()
    except sqlite3.Error as e:
        raise SetupError(f"python's sqlite3 (SQLite {sqlite3.sqlite_version}) has no FTS5: {e}. "
                         "Use a python built against an SQLite with FTS5 (Debian's has it).")
    if need_cli:
        r = subprocess.run(["sqlite3", ":memory:", "CREATE VIRTUAL TABLE t USING fts5(x);"],
                           capture_output=True, text=True)
        if r.returncode != 0 or r.stderr.strip():
            raise SetupError(f"the sqlite3 command-line program has no FTS5: {r.stderr.strip()}")


def build_ideas_binary(explicit: str | None) -> Path:
    if explicit:
        p = Path(explicit).resolve()
        if not os.access(p, os.X_OK):
            raise SetupError(f"--ideas-bin {explicit}: not an executable file")
        return p
    target = Path(os.environ.get("CARGO_TARGET_DIR") or REPO / "target")
    if not target.is_absolute():
        target = REPO / target
    cmd = ["cargo", "build", "--release", "--locked"]
    log(f"building: {shlex.join(cmd)} (in {REPO}, target {target})")
    r = subprocess.run(cmd, cwd=REPO)
    if r.returncode != 0:
        raise SetupError("cargo build --release --locked failed (or pass --ideas-bin PATH)")
    exe = target / "release" / "ideas"
    if not exe.exists():
        raise SetupError(f"built, but no binary at {exe}")
    return exe


def binary_fingerprint(exe: Path) -> str:
    st = exe.stat()
    return f"{exe}:{st.st_size}:{st.st_mtime_ns}"


def subcommand_help(exe: Path, *args: str) -> str | None:
    """The help text of `ideas ARGS --help`, or None if the subcommand does not exist."""
    r = subprocess.run([str(exe), *args, "--help"], capture_output=True, text=True)
    return r.stdout if r.returncode == 0 else None


# ---------------------------------------------------------------- statistics


def percentile(xs: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    s = sorted(xs)
    if not s:
        return float("nan")
    k = max(1, math.ceil(p / 100 * len(s)))
    return s[k - 1]


def fmt_ms(x: float) -> str:
    if x != x:  # nan
        return "—"
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def fmt_ratio(x: float | None) -> str:
    if x is None or x != x:
        return "—"
    return f"{x:.1f}x" if x >= 10 else f"{x:.2f}x"


def md_table(header: list[str], rows: list[list[str]], right: set[int] | None = None) -> str:
    right = right if right is not None else set(range(1, len(header)))
    cols = list(zip(*([header] + rows))) if rows else [[h] for h in header]
    widths = [max(len(str(c)) for c in col) for col in cols]

    def line(cells):
        out = []
        for i, c in enumerate(cells):
            c = str(c)
            out.append(c.rjust(widths[i]) if i in right else c.ljust(widths[i]))
        return "| " + " | ".join(out) + " |"

    sep = "|" + "|".join(("-" * (w + 1) + ":") if i in right else ("-" * (w + 2))
                         for i, w in enumerate(widths)) + "|"
    return "\n".join([line(header), sep] + [line(r) for r in rows])


# ---------------------------------------------------------------- queries


def load_stopwords() -> set[str]:
    p = REPO / "schema" / "stopwords.txt"
    words: set[str] = set()
    if p.exists():
        for line in p.read_text().splitlines():
            line = line.split("#", 1)[0]
            words.update(w.lower() for w in line.split())
    return words


def load_boosts() -> dict[str, float]:
    boosts = dict(DEFAULT_BOOSTS)
    p = REPO / "schema" / "fields.json"
    try:
        for f in json.loads(p.read_text())["fields"]:
            if f.get("name") in boosts and "boost" in f:
                boosts[f["name"]] = float(f["boost"])
    except (OSError, ValueError, KeyError):
        pass
    return boosts


TOKEN = re.compile(r'\s*([+-]?)(?:([A-Za-z_]+):)?("[^"]*"?|[^\s"]+)')


def parse_query(q: str) -> list[dict]:
    """Terms of an ideas query: {sign, field, phrase, text} or {op: AND|OR}."""
    terms = []
    pos = 0
    while pos < len(q):
        m = TOKEN.match(q, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
        sign, field, text = m.group(1), m.group(2), m.group(3)
        if field and field.lower() not in IDEAS_FIELDS:  # e.g. http: — part of the word
            text, field = f"{field}:{text}", None
        phrase = text.startswith('"')
        if phrase:
            text = text.strip('"')
        if not sign and not field and not phrase and text in ("AND", "OR"):
            terms.append({"op": text})
            continue
        if not text.strip():
            continue
        terms.append({"sign": sign, "field": field.lower() if field else None, "phrase": phrase, "text": text})
    return terms


def has_word(s: str) -> bool:
    return re.search(r"\w", s) is not None


def rg_words(q: str, stop: set[str]) -> list[str]:
    words: list[str] = []
    for t in parse_query(q):
        if "op" in t or t["sign"] == "-":
            continue
        for w in t["text"].split():
            w = w.strip("\"'()[]{},;:!?").lower()
            if w and has_word(w) and w not in words:
                words.append(w)
    kept = [w for w in words if w not in stop]
    return kept or words


def fts_quote(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def to_fts5(q: str, skills: list[str], mode: str, stop: set[str]) -> str | None:
    """The FTS5 MATCH expression for an ideas query (see the module doc)."""
    pos: list[tuple[str, str]] = []
    neg: list[str] = []
    stopped: list[str] = []
    explicit_or = False
    for t in parse_query(q):
        if "op" in t:
            explicit_or |= t["op"] == "OR"
            continue
        if not has_word(t["text"]):
            continue
        expr = fts_quote(t["text"])
        if t["field"] in FTS_COLUMNS:
            expr = f"{t['field']} : {expr}"
        if t["sign"] == "-":
            neg.append(expr)
        elif not t["phrase"] and not t["field"] and t["sign"] != "+" and t["text"].lower() in stop:
            stopped.append(expr)
        else:
            pos.append((t["sign"], expr))
    if not pos:
        pos = [("", e) for e in stopped]
    if not pos:
        return None
    required = [e for s, e in pos if s == "+"]
    if mode == "or" or explicit_or:
        core = " AND ".join(required) if required else " OR ".join(e for _, e in pos)
    else:
        core = " AND ".join(e for _, e in pos)
    expr = f"({core})"
    for s in skills:
        expr += f" AND skills : {fts_quote(s)}"
    if neg and skills:
        expr = f"({expr})"  # NOT binds tighter than AND in FTS5
    for n in neg:
        expr = f"{expr} NOT {n}"
    return expr


def project_key(p: str) -> str:
    return "".join(c for c in p.lower() if c.isalnum())


def sql_lit(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def parse_years(s: str | None) -> tuple[int | None, int | None]:
    if not s:
        return None, None
    if ".." in s:
        a, b = s.split("..", 1)
        b = b.lstrip("=")
        return (int(a) if a.strip() else None), (int(b) if b.strip() else None)
    return int(s), int(s)


def fts_statements(match: str, spec: dict, weights: str) -> list[str]:
    where = [f"ideas_fts MATCH {sql_lit(match)}"]
    a, b = parse_years(spec.get("years"))
    if a is not None:
        where.append(f"i.year >= {a}")
    if b is not None:
        where.append(f"i.year <= {b}")
    if spec.get("program"):
        where.append(f"i.program = {sql_lit(spec['program'])}")
    if spec.get("project"):
        keys = ", ".join(sql_lit(project_key(p)) for p in spec["project"])
        where.append(f"i.project_key IN ({keys})")
    frm = "ideas_fts JOIN ideas i ON i.rowid = ideas_fts.rowid"
    w = " AND ".join(where)
    return [
        f"SELECT i.id, i.title, snippet(ideas_fts, -1, '**', '**', '…', 32) FROM {frm} "
        f"WHERE {w} ORDER BY bm25(ideas_fts, {weights}) LIMIT 10",
        f"SELECT i.project, COUNT(*) FROM {frm} WHERE {w} GROUP BY i.project ORDER BY 2 DESC, 1",
        f"SELECT i.year, COUNT(*) FROM {frm} WHERE {w} GROUP BY i.year ORDER BY 1 DESC",
    ]


def ideas_search_args(spec: dict) -> list[str]:
    args = ["search", "--limit", "10"]
    for p in spec.get("project", []):
        args += ["--project", p]
    if spec.get("years"):
        args += ["--years", spec["years"]]
    if spec.get("program"):
        args += ["--program", spec["program"]]
    for s in spec.get("skill", []):
        args += ["--skill", s]
    return args + ["--", spec["q"]]  # a query may start with -


def query_label(spec: dict) -> str:
    s = spec["q"]
    for p in spec.get("project", []):
        s += f" --project {p}"
    if spec.get("years"):
        s += f" --years {spec['years']}"
    if spec.get("program"):
        s += f" --program {spec['program']}"
    for k in spec.get("skill", []):
        s += f" --skill {k}"
    return s


# ---------------------------------------------------------------- processes


def one_line(err: str) -> str:
    """An error message on one line, at most 300 characters."""
    lines = [l.strip() for l in err.splitlines() if l.strip()]
    text = " / ".join(l for l in lines if "try '--help'" not in l) or "(no message)"
    return text if len(text) <= 300 else text[:297] + "..."


def child_env(work: Path) -> dict:
    env = dict(os.environ)
    env.pop("IDEAS_INDEX", None)  # would turn the embedded searches into --index ones
    env["XDG_CACHE_HOME"] = str(work / "cache")
    env["NO_COLOR"] = "1"
    return env


def run_timed(argv: list[str], env: dict) -> tuple[float, int, str, str]:
    """Wall seconds of one whole process, its exit code, stdout, stderr (both pipes read to the end).

    posix_spawn rather than subprocess.Popen: less of the harness in the figure (no fork of the
    python process, no exec-error pipe); the spawn floor row shows what is left."""
    exe = argv[0] if os.sep in argv[0] else (shutil.which(argv[0]) or argv[0])
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_DUP2, out_w, 1),
        (os.POSIX_SPAWN_DUP2, err_w, 2),
    ]
    bufs = {out_r: bytearray(), err_r: bytearray()}
    t0 = time.perf_counter()
    try:
        pid = os.posix_spawn(exe, argv, env, file_actions=actions)
    finally:
        os.close(out_w)
        os.close(err_w)
    timed_out = False
    with selectors.DefaultSelector() as sel:
        for fd in bufs:
            sel.register(fd, selectors.EVENT_READ)
        open_fds = len(bufs)
        deadline = t0 + PROCESS_TIMEOUT
        while open_fds:
            events = sel.select(timeout=max(0.0, deadline - time.perf_counter()))
            if not events:
                timed_out = True
                os.kill(pid, signal.SIGKILL)
                break
            for key, _ in events:
                chunk = os.read(key.fd, 1 << 16)
                if chunk:
                    bufs[key.fd] += chunk
                else:
                    sel.unregister(key.fd)
                    open_fds -= 1
    _, status = os.waitpid(pid, 0)
    dt = time.perf_counter() - t0
    os.close(out_r)
    os.close(err_r)
    rc = -9 if timed_out else os.waitstatus_to_exitcode(status)
    return dt, rc, bufs[out_r].decode(errors="replace"), \
        ("timed out" if timed_out else bufs[err_r].decode(errors="replace"))


def run_measured(argv: list[str], env: dict, log_path: Path) -> tuple[float, int, int]:
    """Wall seconds, exit code and peak RSS (KiB, from wait4) of one process; output to log_path."""
    with open(log_path, "wb") as f:
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, stdout=f, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
        _, status, ru = os.wait4(p.pid, 0)
        dt = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)  # reaped here; keep Popen from waiting again
    return dt, p.returncode, ru.ru_maxrss


# ---------------------------------------------------------------- corpora and builds


def parse_size(s: str) -> tuple[str, int | None]:
    s = s.strip().lower()
    if s == "embedded":
        return "embedded", None
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([km]?)", s)
    if not m:
        raise SetupError(f"--sizes: '{s}' is not embedded, 10k, 100k, 1m or a number")
    n = float(m.group(1)) * {"": 1, "k": 1_000, "m": 1_000_000}[m.group(2)]
    return s, int(n)


def count_lines(p: Path) -> int:
    n = 0
    with open(p, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            n += chunk.count(b"\n")
    return n


class Corpus:
    def __init__(self, label: str, dir: Path, md_dirs: list[Path], jsonl: Path, n: int,
                 stamp: dict, index_for_search: Path | None, gen_note: str):
        self.label, self.dir, self.md_dirs, self.jsonl, self.n = label, dir, md_dirs, jsonl, n
        self.stamp, self.index_for_search, self.gen_note = stamp, index_for_search, gen_note


def prepare_embedded(exe: Path, work: Path, env: dict) -> Corpus:
    d = work / "embedded"
    d.mkdir(parents=True, exist_ok=True)
    data = REPO / "data"
    md_dirs = sorted(p for p in data.iterdir() if p.is_dir())
    jsonl = d / "ideas.jsonl"
    with open(jsonl, "wb") as f:
        r = subprocess.run([str(exe), "parse", "--jsonl", str(data)], stdout=f, stderr=subprocess.PIPE, env=env)
    if r.returncode != 0:
        raise SetupError(f"ideas parse --jsonl {data} failed: {r.stderr.decode(errors='replace')[-2000:]}")
    files = sorted((str(p.relative_to(data)), p.stat().st_size, p.stat().st_mtime_ns)
                   for p in data.rglob("*.md"))
    stamp = {"size": "embedded", "files": files}
    return Corpus("embedded", d, md_dirs, jsonl, count_lines(jsonl), stamp, None,
                  f"the embedded corpus, {data} (searched with no --index)")


def synth_binary(exe: Path, explicit: str | None) -> Path:
    """The generator: --synth-bin, else `ideas-synth` beside the ideas binary
    (a workspace build puts both in one folder); checked when first needed."""
    return Path(explicit).resolve() if explicit else exe.with_name("ideas-synth")


def prepare_generated(synth: Path, label: str, n: int, seed: int, work: Path, env: dict,
                      rebuild: bool) -> Corpus:
    d = work / f"{label}-s{seed}"
    corpus = d / "corpus"
    stamp = {"size": n, "seed": seed}
    stamp_file = corpus / ".bench-stamp.json"
    jsonl = corpus / "ideas.jsonl"
    note = ""
    reuse = (not rebuild and stamp_file.exists() and jsonl.exists()
             and json.loads(stamp_file.read_text()).get("stamp") == stamp)
    if reuse:
        rec = json.loads(stamp_file.read_text())
        note = f"generated {rec.get('when', '?')} in {rec.get('seconds', 0):.1f} s (cached)"
    else:
        if not os.access(synth, os.X_OK):
            raise SetupError(f"no generator at {synth} (`cargo build --release --locked "
                             f"-p ideas-synth`, or --synth-bin PATH): cannot make the {label} corpus")
        tmp = d / "corpus.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(corpus, ignore_errors=True)
        d.mkdir(parents=True, exist_ok=True)
        argv = [str(synth), "--ideas", str(n), "--seed", str(seed), "--out", str(tmp)]
        log(f"[{label}] {shlex.join(argv)}")
        secs, rc, _ = run_measured(argv, env, d / "generate.log")
        if rc != 0:
            raise SetupError(f"ideas-synth failed (exit {rc}), see {d / 'generate.log'}")
        if not (tmp / "ideas.jsonl").exists():
            raise SetupError(f"ideas-synth wrote no {tmp / 'ideas.jsonl'}")
        tmp.rename(corpus)
        when = _dt.datetime.now().isoformat(timespec="seconds")
        stamp_file.write_text(json.dumps({"stamp": stamp, "when": when, "seconds": secs}))
        note = f"generated in {secs:.1f} s"
    programs = corpus / "programs"
    md_dirs = [programs] if programs.is_dir() else [corpus]
    return Corpus(label, d, md_dirs, jsonl, count_lines(jsonl), stamp, None,
                  f"`ideas-synth --ideas {n} --seed {seed}`, {note}")


def build_records(c: Corpus) -> dict:
    p = c.dir / "builds.json"
    if p.exists():
        try:
            return json.loads(p.read_text())
        except ValueError:
            pass
    return {}


def save_records(c: Corpus, recs: dict) -> None:
    (c.dir / "builds.json").write_text(json.dumps(recs, indent=1))


INDEXED_RE = re.compile(r"(\d+) ideas indexed in ([\d.]+)\s*(ms|s|µs|us)\b")


def build_ideas_indexes(exe: Path, c: Corpus, threads: list[int], env: dict, rebuild: bool,
                        build_runs: int, build_budget: float) -> list[dict]:
    help_text = subcommand_help(exe, "index") or ""
    has_threads = "--threads" in help_text
    recs = build_records(c)
    out = []
    values = threads if has_threads else [None]
    fp = binary_fingerprint(exe)
    for t in values:
        key = f"ideas-t{t if t is not None else 'default'}"
        idx = c.dir / f"index-t{t if t is not None else 'default'}"
        stamp = {"corpus": c.stamp, "binary": fp, "threads": t}
        old = recs.get(key)
        if not rebuild and old and old.get("stamp") == stamp and idx.exists():
            out.append(dict(old, cached=True, index=str(idx)))
            continue
        argv = [str(exe), "index", *map(str, c.md_dirs), "--index", str(idx)]
        if t is not None:
            argv += ["--threads", str(t)]
        runs = []
        spent = 0.0
        for i in range(build_runs):
            shutil.rmtree(idx, ignore_errors=True)
            log(f"[{c.label}] build {i + 1}/{build_runs}: {shlex.join(argv)}")
            secs, rc, rss = run_measured(argv, env, c.dir / f"{key}.log")
            report = (c.dir / f"{key}.log").read_text(errors="replace")
            if rc != 0:
                raise SetupError(f"ideas index failed (exit {rc}): {report[-2000:]}")
            m = INDEXED_RE.search(report)
            internal = None
            if m:
                unit = {"ms": 1e-3, "s": 1.0, "µs": 1e-6, "us": 1e-6}[m.group(3)]
                internal = float(m.group(2)) * unit
            runs.append({"wall": secs, "rss_kb": rss, "internal": internal,
                         "ideas": int(m.group(1)) if m else c.n})
            spent += secs
            if spent > build_budget:
                break
        med = sorted(runs, key=lambda r: r["wall"])[len(runs) // 2]
        rec = {
            "stamp": stamp, "threads": t, "runs": len(runs),
            "wall": statistics.median(r["wall"] for r in runs),
            "internal": statistics.median(r["internal"] for r in runs) if all(r["internal"] for r in runs) else None,
            "rss_kb": max(r["rss_kb"] for r in runs), "ideas": med["ideas"],
            "when": _dt.datetime.now().isoformat(timespec="seconds"),
            "argv": shlex.join(argv),
        }
        recs[key] = rec
        save_records(c, recs)
        out.append(dict(rec, cached=False, index=str(idx)))
    return out


def build_fts_db(c: Corpus, env: dict, rebuild: bool) -> dict:
    db = c.dir / "fts5.db"
    recs = build_records(c)
    stamp = {"corpus": c.stamp, "schema": FTS_SCHEMA_VERSION, "jsonl_size": c.jsonl.stat().st_size}
    old = recs.get("fts5")
    if not rebuild and old and old.get("stamp") == stamp and db.exists():
        return dict(old, cached=True, db=str(db))
    tmp = db.with_suffix(".tmp")
    for p in (tmp, db):
        if p.exists():
            p.unlink()
    argv = [sys.executable, str(Path(__file__).resolve()), "--build-fts-db", str(c.jsonl), str(tmp)]
    log(f"[{c.label}] FTS5 build: {shlex.join(argv)}")
    secs, rc, rss = run_measured(argv, env, c.dir / "fts5-build.log")
    if rc != 0:
        raise SetupError(f"FTS5 build failed: {(c.dir / 'fts5-build.log').read_text(errors='replace')[-2000:]}")
    tmp.rename(db)
    info = json.loads((c.dir / "fts5-build.log").read_text().strip().splitlines()[-1])
    rec = {"stamp": stamp, "wall": secs, "rss_kb": rss, "rows": info["rows"], "inner": info["seconds"],
           "bytes": db.stat().st_size, "when": _dt.datetime.now().isoformat(timespec="seconds")}
    recs["fts5"] = rec
    save_records(c, recs)
    return dict(rec, cached=False, db=str(db))


def fts_build_main(jsonl: str, db_path: str) -> None:
    """Child process: ideas.jsonl -> an SQLite database with an FTS5 index (prints a JSON line)."""
    t0 = time.perf_counter()
    con = sqlite3.connect(db_path, isolation_level=None)
    con.executescript("""
        PRAGMA journal_mode = OFF;
        PRAGMA synchronous = OFF;
        CREATE TABLE ideas(
            rowid INTEGER PRIMARY KEY, id TEXT, program TEXT, year INTEGER, term INTEGER,
            project TEXT, project_key TEXT, title TEXT, description TEXT, outcome TEXT, skills TEXT);
        CREATE VIRTUAL TABLE ideas_fts USING fts5(
            title, description, outcome, skills, project,
            content = 'ideas', content_rowid = 'rowid',
            tokenize = 'porter unicode61 remove_diacritics 2');
    """)

    def rows():
        with open(jsonl, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                r = json.loads(line)
                yield (r["id"], r["program"], r["year"], r.get("term"), r["project"], project_key(r["project"]),
                       r.get("title") or "", r.get("description") or "", r.get("outcome") or "",
                       ", ".join(r.get("skills") or []))

    con.execute("BEGIN")
    con.executemany("INSERT INTO ideas(id, program, year, term, project, project_key, title, description,"
                    " outcome, skills) VALUES (?,?,?,?,?,?,?,?,?,?)", rows())
    con.execute("INSERT INTO ideas_fts(ideas_fts) VALUES ('rebuild')")
    con.execute("INSERT INTO ideas_fts(ideas_fts) VALUES ('optimize')")
    con.execute("COMMIT")
    n = con.execute("SELECT COUNT(*) FROM ideas").fetchone()[0]
    con.close()
    print(json.dumps({"rows": n, "seconds": time.perf_counter() - t0}))


# ---------------------------------------------------------------- the query runs


class Cell:
    def __init__(self):
        self.samples: dict[int, list[float]] = {}
        self.errors: list[str] = []
        self.hits: dict[int, str] = {}
        self.runs = 0
        self.skipped: set[int] = set()


def tool_commands(c: Corpus, exe: Path, queries: list[dict], fts_db: Path | None, mode: str,
                  stop: set[str], weights: str, tools: list[str]) -> dict:
    """Per tool, per query: a callable returning (seconds, error or None, hits text)."""
    env = c.env
    cmds: dict[str, list] = {t: [] for t in tools}
    true_bin = shutil.which("true") or "/bin/true"
    con = None
    if "fts5-py" in tools:
        con = sqlite3.connect(f"file:{fts_db}?mode=ro", uri=True)
    for spec in queries:
        if "ideas" in tools:
            argv = [str(exe)] + (["--index", str(c.index_for_search)] if c.index_for_search else []) \
                + ideas_search_args(spec)

            def f(argv=argv):
                dt, rc, out, err = run_timed(argv, env)
                if rc not in (0, 1):
                    return dt, f"exit {rc}: {one_line(err)}", ""
                m = re.search(r"^(\d+) ideas? match", out, re.M)
                return dt, None, (m.group(1) if m else ("0" if rc == 1 else "?"))
            cmds["ideas"].append(f)
        if "rg" in tools:
            words = rg_words(spec["q"], stop)
            argv = ["rg", "--no-config", "-i", "-F", "-c", "--with-filename"]
            for w in words:
                argv += ["-e", w]
            argv += ["--"] + [str(p) for p in c.md_dirs]

            def f(argv=argv):
                dt, rc, out, err = run_timed(argv, env)
                if rc not in (0, 1):
                    return dt, f"exit {rc}: {one_line(err)}", ""
                n = sum(int(l.rsplit(":", 1)[1]) for l in out.splitlines() if ":" in l)
                return dt, None, str(n)
            cmds["rg"].append(f if words else None)
        match = to_fts5(spec["q"], spec.get("skill", []), mode, stop)
        stmts = fts_statements(match, spec, weights) if match else None
        if "fts5-cli" in tools:
            if stmts:
                sql = ";\n".join(stmts) + ";"
                argv = ["sqlite3", "-batch", "-readonly", "-init", os.devnull, str(fts_db), sql]

                def f(argv=argv):
                    dt, rc, out, err = run_timed(argv, env)
                    if rc != 0 or err.strip():
                        return dt, f"exit {rc}: {one_line(err)}", ""
                    return dt, None, ""
            else:
                f = None
            cmds["fts5-cli"].append(f)
        if "fts5-py" in tools:
            if stmts:
                def f(stmts=stmts):
                    t0 = time.perf_counter()
                    try:
                        res = [con.execute(s).fetchall() for s in stmts]
                    except sqlite3.Error as e:
                        return time.perf_counter() - t0, f"sqlite: {e}", ""
                    dt = time.perf_counter() - t0
                    return dt, None, str(sum(n for _, n in res[1]))
            else:
                f = None
            cmds["fts5-py"].append(f)
        if "spawn" in tools:
            def f(argv=[true_bin]):
                dt, rc, _, err = run_timed(argv, env)
                return dt, (None if rc == 0 else f"exit {rc}"), ""
            cmds["spawn"].append(f)
    return cmds


def measure(c: Corpus, cmds: dict, nq: int, runs: int, cell_seconds: float) -> dict[str, Cell]:
    cells = {t: Cell() for t in cmds}
    # Warm-up pass: every query once per tool (caches warm, errors found, cost estimated).
    warm_cost = {t: 0.0 for t in cmds}
    for qi in range(nq):
        for t, fs in cmds.items():
            f = fs[qi]
            if f is None:
                cells[t].skipped.add(qi)
                continue
            dt, err, hits = f()
            warm_cost[t] += dt
            if err:
                cells[t].errors.append(f"query {qi + 1} (warm-up): {err}")
                cells[t].skipped.add(qi)
            cells[t].hits[qi] = hits
    for t, cell in cells.items():
        per_pass = warm_cost[t]
        cell.runs = runs if per_pass <= 0 else max(1, min(runs, int(cell_seconds / per_pass)))
        log(f"[{c.label}] {t}: one pass over the mix {per_pass * 1000:.0f} ms -> {cell.runs} runs")
    for r in range(max(cell.runs for cell in cells.values()) if cells else 0):
        for qi in range(nq):
            for t, fs in cmds.items():
                cell = cells[t]
                if r >= cell.runs or qi in cell.skipped:
                    continue
                dt, err, _ = fs[qi]()
                if err:
                    cell.errors.append(f"query {qi + 1} (run {r + 1}): {err}")
                    continue
                cell.samples.setdefault(qi, []).append(dt * 1000)
    return cells


def summarize(cells: dict[str, Cell]) -> dict[str, dict]:
    out = {}
    for t, cell in cells.items():
        meds = {qi: statistics.median(xs) for qi, xs in cell.samples.items() if xs}
        pooled = [x for xs in cell.samples.values() for x in xs]
        out[t] = {
            "median_of_medians": statistics.median(meds.values()) if meds else float("nan"),
            "mix_total": sum(meds.values()) if meds else float("nan"),
            "p50": percentile(pooled, 50), "p99": percentile(pooled, 99),
            "runs": cell.runs, "queries": len(meds), "n": len(pooled), "per_query": meds,
        }
    return out


# ---------------------------------------------------------------- report


def report_size(c: Corpus, builds: list[dict], fts: dict | None, summary: dict, cells: dict,
                queries: list[dict], nq_all: int, args) -> tuple[list[str], dict]:
    L = [f"## {c.label}: {c.n:,} ideas", "", f"corpus: {c.gen_note}; markdown: "
         + ", ".join(str(p) for p in c.md_dirs)]
    if c.index_for_search:
        L.append(f"ideas searches the index {c.index_for_search}")
    L.append("")
    checks = {}
    # index builds
    rows = []
    base = builds[0]["wall"] if builds else None
    for b in builds:
        t = b["threads"]
        wall = b["wall"]
        internal = b.get("internal")
        rows.append([
            f"ideas index, threads={t if t is not None else 'default (no --threads flag)'}",
            f"{wall:.3f}", f"{internal:.3f}" if internal else "—",
            f"{b['ideas'] / wall:,.0f}",
            fmt_ratio(base / wall) if base else "—",
            f"{b['rss_kb'] / 1024:.0f}", str(b["runs"]) + (" (cached " + b["when"] + ")" if b["cached"] else ""),
        ])
    if fts:
        rows.append([
            "SQLite FTS5 from ideas.jsonl (python child)", f"{fts['wall']:.3f}", f"{fts['inner']:.3f}",
            f"{fts['rows'] / fts['wall']:,.0f}", "—", f"{fts['rss_kb'] / 1024:.0f}",
            "1" + (" (cached " + fts["when"] + ")" if fts["cached"] else ""),
        ])
    if rows:
        L.append("### index build")
        L.append("")
        L.append(md_table(["build", "wall s", "reported s", "ideas/s (wall)", "speed-up", "peak RSS MiB", "runs"],
                          rows, right={1, 2, 3, 4, 5}))
        L.append("")
        L.append("wall: the whole process (median of the runs); reported: the time the tool itself prints "
                 "(ideas' report line; the FTS5 child's own timer). Speed-up: wall of the first --threads value "
                 "over this one. Peak RSS: ru_maxrss of the process (wait4), largest of the runs.")
        L.append("")
        for b in builds:
            checks[f"build_threads_{b['threads']}"] = b
        if fts:
            checks["fts_build"] = fts
    # queries
    ideas = summary.get("ideas")
    rows = []
    for t in TOOLS:
        if t not in summary:
            continue
        s = summary[t]
        r50 = s["p50"] / ideas["p50"] if ideas and ideas["p50"] == ideas["p50"] else None
        r99 = s["p99"] / ideas["p99"] if ideas and ideas["p99"] == ideas["p99"] else None
        rmix = s["mix_total"] / ideas["mix_total"] if ideas and ideas["mix_total"] == ideas["mix_total"] else None
        q = f"{s['queries']}/{nq_all}"
        rows.append([TOOL_LABEL[t], fmt_ms(s["median_of_medians"]), fmt_ms(s["mix_total"]), fmt_ms(s["p50"]),
                     fmt_ms(s["p99"]), fmt_ratio(r50), fmt_ratio(r99), fmt_ratio(rmix),
                     f"{s['runs']} x {q}"])
    L.append(f"### queries ({nq_all} in the mix, ms)")
    L.append("")
    L.append(md_table(["tool", "median/query", "mix total", "p50", "p99", "p50 / ideas", "p99 / ideas",
                       "mix / ideas", "runs x queries"], rows))
    L.append("")
    L.append("median/query: median over the mix of each query's median; mix total: sum of each query's "
             "median (one pass over the mix); p50/p99: all runs pooled. Ratios are the tool's time over "
             "ideas' time, measured in this run (>1: ideas is faster).")
    errs = [(t, e) for t, cell in cells.items() for e in cell.errors]
    skipped_no_expr = [(t, qi) for t, cell in cells.items() for qi in cell.skipped
                       if not any(e.startswith(f"query {qi + 1} ") for e in cell.errors)]
    if skipped_no_expr:
        L.append("")
        L.append("not run (nothing left to search after translation, e.g. only -excluded words): "
                 + ", ".join(f"{t} query {qi + 1}" for t, qi in skipped_no_expr))
    if errs:
        L.append("")
        L.append(f"**errors ({len(errs)})**:")
        for t, e in errs[:40]:
            L.append(f"- {t}: {e}")
        if len(errs) > 40:
            L.append(f"- … {len(errs) - 40} more")
    L.append("")
    # per query
    pq_rows = []
    for qi, spec in enumerate(queries):
        row = [str(qi + 1), query_label(spec)]
        for t in ("ideas", "rg", "fts5-cli", "fts5-py"):
            if t in summary:
                v = summary[t]["per_query"].get(qi)
                row.append(fmt_ms(v) if v is not None else ("err" if any(e.startswith(f"query {qi + 1} ") for e in cells[t].errors) else "—"))
        for t in ("ideas", "rg", "fts5-py"):
            if t in cells:
                row.append(cells[t].hits.get(qi, "—") or "—")
        if "fts5-py" in cells or "fts5-cli" in cells:
            m = to_fts5(spec["q"], spec.get("skill", []), args.fts_match, args._stop)
            row.append(f"`{m}`" if m else "—")
        if "rg" in cells:
            row.append(" ".join(rg_words(spec["q"], args._stop)))
        pq_rows.append(row)
    timed = [t for t in ("ideas", "rg", "fts5-cli", "fts5-py") if t in summary]
    counted = [t for t in ("ideas", "rg", "fts5-py") if t in cells]
    header = ["#", "query"] + [f"{t} ms" for t in timed] \
        + [{"ideas": "ideas matches", "rg": "rg lines", "fts5-py": "FTS5 matches"}[t] for t in counted]
    if "fts5-py" in cells or "fts5-cli" in cells:
        header.append("FTS5 MATCH")
    if "rg" in cells:
        header.append("rg words")
    right = set(range(2, 2 + len(timed) + len(counted)))
    per_query = ["### per query (median ms)", "", md_table(header, pq_rows, right=right), "",
                 "ideas matches: the count ideas prints (every idea matching any word, all tiers); rg lines: "
                 "matching lines, any word, no filters; FTS5 matches: rows the GROUP BY counts "
                 f"({args.fts_match.upper()} of the words, with the filters).", ""]
    checks["summary"] = {t: {k: v for k, v in s.items() if k != "per_query"} for t, s in summary.items()}
    return L, {"per_query": per_query, "checks": checks}


def target_lines(results: dict[str, dict]) -> list[str]:
    """The issue's targets, checked against what this run measured."""
    L = ["## targets (issue 5)", ""]

    def q(label, tool, key):
        s = results.get(label, {}).get("summary", {})
        return s.get(tool, {}).get(key) if tool in s else None

    def line(ok, text):
        L.append(f"- {'PASS' if ok else 'FAIL'}: {text}" if ok is not None else f"- n/a: {text}")

    for label, need in (("embedded", 2), ("100k", 10)):
        i, r = q(label, "ideas", "p50"), q(label, "rg", "p50")
        if i and r:
            line(r / i >= need, f"{label}: ideas search p50 {fmt_ms(i)} ms vs rg -i {fmt_ms(r)} ms: "
                                f"rg/ideas = {r / i:.2f} (target >= {need})")
        else:
            line(None, f"{label}: ideas vs rg -i >= {need}x (size not run)")
    i50, i99, f50 = q("1m", "ideas", "p50"), q("1m", "ideas", "p99"), q("1m", "fts5-cli", "p50")
    if i50 and f50:
        line(f50 / i50 >= 100, f"1m: ideas p50 {fmt_ms(i50)} ms vs sqlite3 FTS5 p50 {fmt_ms(f50)} ms: "
                               f"FTS5/ideas = {f50 / i50:.1f} (target >= 100)")
    else:
        line(None, "1m: ideas p50 >= 100x faster than SQLite FTS5 bm25 + GROUP BY (size not run)")
    if i99:
        line(i99 < 50, f"1m: ideas p99 {fmt_ms(i99)} ms (target < 50 ms)")
    else:
        line(None, "1m: ideas p99 < 50 ms (size not run)")
    # build rate on 2 threads: the largest generated size that has a threads=2 build
    best = None
    for label, res in results.items():
        b = res.get("checks", {}).get("build_threads_2")
        if b and label != "embedded" and (best is None or b["ideas"] > best[1]["ideas"]):
            best = (label, b)
    if best:
        rate = best[1]["ideas"] / best[1]["wall"]
        line(rate > 15000, f"{best[0]}: index build from markdown, threads=2: {rate:,.0f} ideas/s end to end "
                           f"(target > 15,000; on 2 cores)")
    else:
        line(None, "index build > 15k ideas/s on 2 threads (no generated size built with --threads 2)")
    rss = None
    for t in ("1", "2", "None"):
        b = results.get("1m", {}).get("checks", {}).get(f"build_threads_{t}")
        if b:
            rss = max(rss or 0, b["rss_kb"])
    if rss:
        line(rss < 1024 * 1024, f"1m: peak RSS while indexing {rss / 1024:.0f} MiB (target < 1024 MiB)")
    else:
        line(None, "1m: peak RSS while indexing < 1 GiB (size not run)")
    L.append("- n/a here: index build within 1.3x of tantivy alone on pre-parsed records (the Rust bench)")
    L.append("")
    return L


# ---------------------------------------------------------------- main


def main(argv: list[str]) -> int:
    if len(argv) >= 1 and argv[0] == "--build-fts-db":
        fts_build_main(argv[1], argv[2])
        return 0
    ap = argparse.ArgumentParser(
        prog="benches/compare.py",
        description="ideas vs rg -i vs SQLite FTS5 on the same corpus and queries, in one run "
                    "(medians, p99, ratios), plus index build times, thread speed-up and peak RSS.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=("examples:" + __doc__.split("Usage:", 1)[1].split("Python 3.11", 1)[0]) if __doc__ else None)
    ap.add_argument("--sizes", default="embedded,10k,100k",
                    help="comma-separated: embedded, 10k, 100k, 1m or a number of ideas (default: %(default)s)")
    ap.add_argument("--work", default=None, help="folder for corpora, indexes, databases "
                    "(default: $CARGO_TARGET_DIR or target/, then bench-compare)")
    ap.add_argument("--runs", type=int, default=10, help="timed runs per (tool, query) (default: %(default)s)")
    ap.add_argument("--cell-seconds", type=float, default=60.0,
                    help="fewer runs for a tool whose cell (runs x mix) would take longer (default: %(default)s)")
    ap.add_argument("--threads", default="1,2", help="--threads values for ideas index (default: %(default)s)")
    ap.add_argument("--build-runs", type=int, default=3,
                    help="builds per --threads value, median taken; stops early past 120 s (default: %(default)s)")
    ap.add_argument("--seed", type=int, default=42, help="ideas-synth --seed (default: %(default)s)")
    ap.add_argument("--queries", default=str(REPO / "benches" / "queries.json"), help="the query mix")
    ap.add_argument("--tools", default=",".join(TOOLS), help="subset of " + ",".join(TOOLS))
    ap.add_argument("--fts-match", choices=["and", "or"], default="and",
                    help="FTS5: words ANDed (ideas' every-word tier, default) or ORed (what ideas' facet counts cover)")
    ap.add_argument("--ideas-bin", default=None, help="use this ideas binary instead of cargo build --release --locked")
    ap.add_argument("--synth-bin", default=None, help="use this ideas-synth binary for the synthetic "
                    "corpora (default: the one beside the ideas binary)")
    ap.add_argument("--rebuild", action="store_true", help="generate corpora and build indexes again even if cached")
    ap.add_argument("--no-install", action="store_true", help="never apt-get install missing tools")
    ap.add_argument("--out", default=None, help="also write the report (markdown) to this file")
    ap.add_argument("--json", default=None, help="also write the raw numbers as JSON to this file")
    args = ap.parse_args(argv)

    cmdline = shlex.join([Path(sys.executable).name, *sys.argv])
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    bad = [t for t in tools if t not in TOOLS]
    if bad:
        ap.error(f"--tools: unknown {', '.join(bad)} (known: {', '.join(TOOLS)})")
    try:
        threads = sorted({int(x) for x in args.threads.split(",") if x.strip()}, key=lambda x: x)
        assert threads and all(t >= 1 for t in threads)
    except (ValueError, AssertionError):
        ap.error("--threads: comma-separated positive numbers, e.g. 1,2")
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    try:
        sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    except SetupError as e:
        ap.error(str(e))
    if args.work:
        work = Path(args.work).resolve()
    else:
        target = Path(os.environ.get("CARGO_TARGET_DIR") or REPO / "target")
        work = (target if target.is_absolute() else REPO / target) / "bench-compare"
    work.mkdir(parents=True, exist_ok=True)
    queries = json.loads(Path(args.queries).read_text())["queries"]
    args._stop = load_stopwords()
    boosts = load_boosts()
    weights = ", ".join(f"{boosts[c]:g}" for c in FTS_COLUMNS)

    try:
        need = set()
        if "rg" in tools:
            need.add("rg")
        if "fts5-cli" in tools:
            need.add("sqlite3")
        ensure_tools(need, not args.no_install)
        if "fts5-cli" in tools or "fts5-py" in tools:
            check_fts5("fts5-cli" in tools)
        exe = build_ideas_binary(args.ideas_bin)
    except SetupError as e:
        log(f"compare.py: {e}")
        return 2

    head = [
        "# ideas vs rg -i vs SQLite FTS5",
        "",
        f"command: `{cmdline}`",
        "",
        f"date: {_dt.datetime.now().isoformat(timespec='seconds')}; repo {REPO} at {git_describe()}",
        "",
        *machine_info(),
        "",
        f"tools: {tool_versions(exe)}",
        "",
        f"binary: {exe}; work: {work}; query mix: {args.queries} ({len(queries)} queries); "
        f"runs {args.runs} (at most {args.cell_seconds:g} s per cell); FTS5 words {args.fts_match.upper()}ed; "
        f"bm25 weights (title, description, outcome, skills, project) = ({weights})",
        "",
    ]
    print("\n".join(head), flush=True)
    report = list(head)
    results: dict[str, dict] = {}
    raw: dict = {"command": cmdline, "sizes": {}}
    failed = False
    for label, n in sizes:
        env = child_env(work)
        try:
            if n is None:
                c = prepare_embedded(exe, work, env)
            else:
                c = prepare_generated(synth_binary(exe, args.synth_bin), label, n, args.seed, work, env, args.rebuild)
            c.env = env
            builds = build_ideas_indexes(exe, c, threads, env, args.rebuild, args.build_runs, 120.0) \
                if "ideas" in tools or n is not None else []
            if n is not None:
                if not builds:
                    raise SetupError("no index built")
                c.index_for_search = Path(builds[-1]["index"])
            fts = build_fts_db(c, env, args.rebuild) if ("fts5-cli" in tools or "fts5-py" in tools) else None
        except SetupError as e:
            msg = f"## {label}: skipped\n\n{e}\n"
            log(f"[{label}] skipped: {e}")
            print(msg, flush=True)
            report.append(msg)
            failed = True
            continue
        cmds = tool_commands(c, exe, queries, Path(fts["db"]) if fts else None, args.fts_match,
                                args._stop, weights, tools)
        log(f"[{label}] timing {len(queries)} queries x {len(cmds)} tools")
        cells = measure(c, cmds, len(queries), args.runs, args.cell_seconds)
        summary = summarize(cells)
        lines, extra = report_size(c, builds, fts, summary, cells, queries, len(queries), args)
        if any(cell.errors for cell in cells.values()):
            failed = True
        text = "\n".join(lines + extra["per_query"])
        print(text, flush=True)
        report.append(text)
        results[label] = {"summary": extra["checks"]["summary"], "checks": extra["checks"]}
        raw["sizes"][label] = {
            "ideas": c.n, "builds": builds, "fts5": fts,
            "cells": {t: {"runs": cell.runs, "errors": cell.errors, "hits": cell.hits,
                          "samples_ms": {str(k): v for k, v in cell.samples.items()}}
                      for t, cell in cells.items()},
            "summary": {t: {k: v for k, v in s.items() if k != "per_query"} for t, s in summary.items()},
        }
    tl = "\n".join(target_lines(results))
    notes = "\n".join([
        "## notes", "",
        "- rg -i: unranked, any word, literal (-F), counts only (-c); filters (--project, --years, "
        "--program, --skill) and -excluded words cannot be expressed; stop words dropped.",
        f"- FTS5: words {args.fts_match.upper()}ed, quoted; phrases kept; -word as NOT; field:word as a "
        "column filter; --skill as `skills : \"S\"`; no synonyms or typo tolerance (misspelt queries find "
        "nothing there). ideas' facet counts cover ideas matching ANY word; --fts-match or is that workload.",
        "- ideas searches the index built with the last --threads value; embedded searches use the "
        "embedded corpus's cached index (no --index), XDG_CACHE_HOME under the work folder.",
        "- The \"tantivy alone on the same pre-parsed records\" build figure is the Rust bench's, not this script's.",
        "",
    ])
    print(tl + "\n" + notes, flush=True)
    report += [tl, notes]
    if args.out:
        Path(args.out).write_text("\n".join(report) + "\n")
        log(f"wrote {args.out}")
    if args.json:
        Path(args.json).write_text(json.dumps(raw, indent=1, default=str))
        log(f"wrote {args.json}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
