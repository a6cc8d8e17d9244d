#!/usr/bin/env python3
"""Throughput and latency of `ideas serve` under concurrent clients, with wrk.

What it measures: requests per second and latency percentiles (p50, p99) of
`GET /api/search?q=...&limit=10` (full search: top 10 with snippets and
facet counts) at each --connections value, each request taking the next
query of the fixed mix in benches/queries.json (the same mix as the other
benches; its filters become the API's project/years/program/term/skill
parameters). The server serves the embedded corpus (150 ideas), or --index.

Baseline: `GET /healthz` (a tiny JSON body, no search) at the same
connection counts, measured the same way in the same run, interleaved with
the search runs (run 1: search c1, healthz c1, search c16, ...). The last
column, search req/s over healthz req/s from the same run and connection
count, is the figure to compare across machines: it divides out much of the
machine's speed and noise (HTTP, the runtime, wrk itself).

How: the script starts `ideas serve --addr 127.0.0.1:0`, reads the port from
its first stdout line, waits for /healthz, runs a short unreported warm-up,
then `wrk -t T -c C -d D -s benches/load.lua URL -- PATHS_FILE` for each
(run, connection count, endpoint). load.lua rotates through PATHS_FILE and
prints one JSON line from its done() hook (requests, duration, socket errors,
non-2xx count, latency p50/p90/p99 in microseconds); that line is parsed, not
wrk's human report. Each table figure is the median over --runs runs. The
server is always stopped at the end (SIGINT, then SIGKILL), even on error.

Caveat: wrk and the server share this machine's cores. wrk's threads take
CPU the server would otherwise use, so the figures are a lower bound on what
the server does with the machine to itself, and with more wrk threads than
spare cores both sides are time-sliced. The healthz ratio is the fairer
number to quote. At 1 connection both endpoints are round-trip bound, and
healthz (a few microseconds of work) swings several-fold with where the
scheduler puts wrk and the server's worker, so the c=1 ratio is the least
stable; the load averages printed before and after show whether something
else was running.

Usage:
  python3 benches/load.py                                   # 1,16,64 connections, 10 s, 3 runs
  python3 benches/load.py --duration 3 --runs 1             # quick look
  python3 benches/load.py --connections 1,4,16,64,256 --threads 4
  python3 benches/load.py --ideas ./ideas --index ./ix

Exit status: 0 all measured without errors, 1 some run had socket errors,
timeouts or non-2xx responses (reported), 2 setup failed (no wrk, the server
did not start, wrk failed).

Python 3.11 standard library only; needs wrk (apt-get install wrk).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import select
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LUA = REPO / "benches" / "load.lua"
MARK = "LOAD_RESULT "
ENDPOINTS = ["search", "healthz"]


class SetupError(Exception):
    pass


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def first_line(argv: list[str]) -> str:
    try:
        r = subprocess.run(argv, capture_output=True, text=True, timeout=30)
        return (r.stdout or r.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "?"


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def search_paths(queries_file: Path) -> list[str]:
    """One URL path per query of the mix, with its filters as parameters."""
    paths = []
    for o in json.loads(queries_file.read_text())["queries"]:
        params = {"q": o["q"], "limit": "10"}
        for key in ("project", "years", "program", "term", "skill"):
            if key in o:
                v = o[key]
                params[key] = ",".join(v) if isinstance(v, list) else str(v)
        # quote, not quote_plus: %20 for spaces, and '/' in ci/cd encoded too.
        paths.append("/api/search?" + urllib.parse.urlencode(params, quote_via=urllib.parse.quote, safe=""))
    return paths


# ---------------------------------------------------------------- server


def start_server(exe: Path, index: str | None) -> tuple[subprocess.Popen, str]:
    """Starts `ideas serve` on a free port; returns it and its base URL."""
    cmd = [str(exe), "serve", "--addr", "127.0.0.1:0"] + (["--index", index] if index else [])
    log(f"starting: {shlex.join(cmd)}")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    try:
        # The embedded corpus is indexed on first use, so allow a while.
        ready, _, _ = select.select([proc.stdout], [], [], 120)
        line = proc.stdout.readline().strip() if ready else ""
        prefix = "listening on "
        if not line.startswith(prefix):
            raise SetupError(f"ideas serve did not print '{prefix}URL' (got {line!r}, exit {proc.poll()})")
        base = line[len(prefix):]
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=5) as r:
                    if r.status == 200:
                        return proc, base
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SetupError(f"{base}/healthz did not answer 200 (server exit {proc.poll()})")
            time.sleep(0.1)
    except BaseException:
        stop_server(proc)
        raise


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)  # graceful shutdown on Ctrl-C
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if proc.stdout:
        proc.stdout.close()


# ---------------------------------------------------------------- wrk


def run_wrk(base: str, paths_file: Path, connections: int, threads: int, seconds: int) -> dict:
    cmd = ["wrk", "-t", str(min(threads, connections)), "-c", str(connections), "-d", f"{seconds}s",
           "--timeout", "10s", "-s", str(LUA), base, "--", str(paths_file)]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    lines = [l for l in r.stdout.splitlines() if l.startswith(MARK)]
    if r.returncode != 0 or not lines:
        raise SetupError(f"{shlex.join(cmd)} failed (exit {r.returncode}):\n{r.stdout}{r.stderr}")
    res = json.loads(lines[-1][len(MARK):])
    res["rps"] = res["requests"] / (res["duration_us"] / 1e6)
    # wrk's errors.status counts statuses above 399, which non_2xx counts too.
    e = res["errors"]
    res["bad"] = e["connect"] + e["read"] + e["write"] + e["timeout"] + res["non_2xx"]
    return res


# ---------------------------------------------------------------- report


def fmt_us(us: float) -> str:
    return f"{us / 1000:.2f} ms" if us < 10_000 else f"{us / 1000:.0f} ms"


def md_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header] + rows) for i in range(len(header))]
    line = lambda cells: "| " + " | ".join(c.rjust(w) for c, w in zip(cells, widths)) + " |"
    sep = "|" + "|".join("-" * (w + 1) + ":" for w in widths) + "|"
    return "\n".join([line(header), sep] + [line(r) for r in rows])


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(
        prog="benches/load.py",
        description="Requests/s and latency of `ideas serve` /api/search under concurrent wrk clients, "
                    "with /healthz as a same-run baseline.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:" + __doc__.split("Usage:", 1)[1].split("Exit status:", 1)[0])
    ap.add_argument("--ideas", default=str(REPO / "target" / "release" / "ideas"),
                    help="the ideas binary (default: target/release/ideas)")
    ap.add_argument("--connections", default="1,16,64", help="comma-separated wrk -c values (default: %(default)s)")
    ap.add_argument("--duration", type=int, default=10, help="seconds per wrk run (default: %(default)s)")
    ap.add_argument("--threads", type=int, default=2,
                    help="wrk threads, capped at the connection count (default: %(default)s)")
    ap.add_argument("--runs", type=int, default=3, help="runs per cell; the median is reported (default: %(default)s)")
    ap.add_argument("--index", default=None, help="index folder passed to ideas serve (default: embedded corpus)")
    ap.add_argument("--queries", default=str(REPO / "benches" / "queries.json"), help="the query mix")
    args = ap.parse_args(argv)
    try:
        conns = [int(x) for x in args.connections.split(",") if x.strip()]
        assert conns and all(c >= 1 for c in conns)
    except (ValueError, AssertionError):
        ap.error("--connections: comma-separated positive numbers, e.g. 1,16,64")
    if args.duration < 1 or args.runs < 1 or args.threads < 1:
        ap.error("--duration, --runs and --threads must be at least 1")

    exe = Path(args.ideas).resolve()
    if shutil.which("wrk") is None:
        log("load.py: wrk not found (apt-get install wrk)")
        return 2
    if not os.access(exe, os.X_OK):
        log(f"load.py: --ideas {args.ideas}: not an executable file (cargo build --release --locked)")
        return 2

    print("# ideas serve under load (wrk)\n")
    print(f"command: `{shlex.join([Path(sys.executable).name, *sys.argv])}`\n")
    print(f"machine: nproc {len(os.sched_getaffinity(0))} (of {os.cpu_count()}), "
          f"{platform.system()} {platform.release()} {platform.machine()}; load average {load_average()} at start\n")
    print(f"tools: {first_line([str(exe), '--version'])}; {first_line(['wrk', '-v'])}\n")
    print(f"corpus: {args.index or 'embedded'}; {args.duration} s per wrk run, wrk threads min({args.threads}, "
          f"connections), {args.runs} run(s), medians; wrk and the server share this machine's cores\n", flush=True)

    results: dict[tuple[str, int], list[dict]] = {}
    with tempfile.TemporaryDirectory(prefix="ideas-load-") as tmp:
        files = {"search": Path(tmp) / "search.txt", "healthz": Path(tmp) / "healthz.txt"}
        queries = search_paths(Path(args.queries))
        files["search"].write_text("\n".join(queries) + "\n")
        files["healthz"].write_text("/healthz\n")
        try:
            proc, base = start_server(exe, args.index)
        except (SetupError, OSError) as e:
            log(f"load.py: {e}")
            return 2
        try:
            # Unreported warm-up: page in the index and fill caches before timing.
            run_wrk(base, files["search"], max(conns), args.threads, 2)
            for run in range(1, args.runs + 1):
                for c in conns:
                    for ep in ENDPOINTS:
                        res = run_wrk(base, files[ep], c, args.threads, args.duration)
                        results.setdefault((ep, c), []).append(res)
                        log(f"run {run}/{args.runs} c={c:<4} {ep:<7} {res['rps']:9.0f} req/s  "
                            f"p50 {fmt_us(res['latency_us']['p50'])}  p99 {fmt_us(res['latency_us']['p99'])}"
                            + (f"  {res['bad']} errors/non-2xx" if res["bad"] else ""))
        except (SetupError, subprocess.TimeoutExpired) as e:
            log(f"load.py: {e}")
            return 2
        finally:
            stop_server(proc)

    med = lambda ep, c, f: statistics.median(f(r) for r in results[(ep, c)])
    rows = []
    for c in conns:
        # Ratio per run (search and healthz measured back to back), then the median.
        ratios = [s["rps"] / h["rps"] for s, h in zip(results[("search", c)], results[("healthz", c)])]
        rows.append([
            str(c),
            f"{med('search', c, lambda r: r['rps']):.0f}",
            fmt_us(med("search", c, lambda r: r["latency_us"]["p50"])),
            fmt_us(med("search", c, lambda r: r["latency_us"]["p99"])),
            f"{med('healthz', c, lambda r: r['rps']):.0f}",
            fmt_us(med("healthz", c, lambda r: r["latency_us"]["p99"])),
            f"{statistics.median(ratios):.3f}",
        ])
    print(md_table(["connections", "search req/s", "search p50", "search p99",
                    "healthz req/s", "healthz p99", "search/healthz req/s"], rows))
    print(f"\nsearch: {len(queries)} queries of {Path(args.queries).name} in rotation, limit 10; "
          f"load average {load_average()} at end")

    bad = [(ep, c, i + 1, r) for (ep, c), rs in results.items() for i, r in enumerate(rs) if r["bad"]]
    for ep, c, run, r in bad:
        print(f"ERRORS: {ep} c={c} run {run}: socket errors {r['errors']}, non-2xx {r['non_2xx']} "
              f"of {r['requests']} requests")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
