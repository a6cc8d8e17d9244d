#!/usr/bin/env python3
"""schemathesis against `ideas serve`, on schema/openapi.json, loopback only.

    python3 tests/schemathesis/run.py target/debug/ideas [--max-examples N] [--seed S]

Starts `IDEAS serve --addr 127.0.0.1:0` (the embedded corpus, or the index
`IDEAS_INDEX` names) and runs schemathesis twice: on every operation, then
on the two `{id}` routes with the id of an idea that exists. The checks are
`not_a_server_error`, `positive_data_acceptance` (a request valid under the
schema is not answered 4xx, but 404) and `negative_data_rejection` (an
invalid one is answered 4xx), with bounded examples per operation and phase.
Exits non-zero on any failure, on a server that stopped answering /healthz
after the runs, or on a panic in its stderr. schemathesis prints each
failure with a curl line to reproduce it; then come the totals of both runs.
CI installs schemathesis with pip at the version `.ci/run` pins.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCHEMA = os.path.join(ROOT, "schema", "openapi.json")
CHECKS = "not_a_server_error,positive_data_acceptance,negative_data_rejection"


def start(ideas, log):
    """`ideas serve` on a free loopback port: (process, 'http://127.0.0.1:PORT')."""
    proc = subprocess.Popen(
        [ideas, "serve", "--addr", "127.0.0.1:0"],
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    # The first line is printed once the index is open (built on first use).
    line = proc.stdout.readline()
    m = re.match(r"listening on (http://127\.0\.0\.1:\d+)", line)
    if not m:
        proc.kill()
        sys.exit(f"schemathesis: ideas serve printed {line!r}, not its address")
    # Drain the rest, so that a chatty server never blocks on a full pipe.
    threading.Thread(target=proc.stdout.read, daemon=True).start()
    return proc, m.group(1)


def get(url):
    with urllib.request.urlopen(url, timeout=30) as r:
        return json.load(r)


def real_id(base):
    """The id of an idea that exists: the first hit of a common word."""
    return get(f"{base}/api/search?q=plugin&limit=1")["hits"][0]["idea"]["id"]


def schemathesis(base, a, work, name, extra, config=None):
    """One schemathesis run; its output is printed as it comes. Returns (exit code, output)."""
    cmd = ["schemathesis", "--no-color"]
    if config:
        cmd += ["--config-file", config]
    cmd += [
        "run", SCHEMA,
        "--url", base,
        "--checks", CHECKS,
        "--max-examples", str(a.max_examples),
        "--seed", str(a.seed),
        "--workers", a.workers,
        "--generation-database", "none",
        "--request-timeout", "30",
        "--report", "junit",
        "--report-junit-path", os.path.join(work, f"{name}.xml"),
    ] + extra  # fmt: skip
    print(f"\n== schemathesis, {name}: {' '.join(cmd[3:])}", flush=True)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out = []
    for line in proc.stdout:
        print(line, end="", flush=True)
        out.append(line)
    return proc.wait(), "".join(out)


def alive(base):
    try:
        return get(f"{base}/healthz") is not None
    except Exception:  # noqa: BLE001 - any failure means it does not answer
        return False


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("ideas", help="the ideas binary (the debug build the tests made)")
    p.add_argument("--max-examples", type=int, default=100, help="test cases per operation and phase")
    p.add_argument("--seed", type=int, default=15, help="schemathesis seed (reproducible runs)")
    p.add_argument("--workers", default="2")
    a = p.parse_args()

    work = tempfile.mkdtemp(prefix="schemathesis-")
    server_log = open(os.path.join(work, "serve.stderr"), "w+", encoding="utf-8")
    proc, base = start(a.ideas, server_log)
    started = time.monotonic()
    runs, problems = [], []
    try:
        # Every operation, ids generated (nearly all unknown: 404s).
        runs.append(("all operations", *schemathesis(base, a, work, "all", [])))
        # The id routes again with an idea that exists, so limit and before
        # reach similar's ranking. (A dictionary of ids cannot do it:
        # schemathesis leaves out path values with a slash, as ids have.)
        try:
            known = real_id(base)
        except (OSError, ValueError, KeyError, IndexError) as e:
            problems.append(f"no idea id to test with: {e!r}")
        else:
            toml = os.path.join(work, "schemathesis.toml")
            with open(toml, "w", encoding="utf-8") as f:
                f.write(f'[parameters]\n"path.id" = {json.dumps(known)}\n')
            only = ["--include-path-regex", r"\{id\}"]
            runs.append(("a real id", *schemathesis(base, a, work, "real-id", only, toml)))
        up = alive(base)
    finally:
        proc.kill()
        proc.wait()
    server_log.seek(0)
    stderr = server_log.read()

    totals = []
    for name, code, out in runs:
        cases = re.search(r"^\s*(\d+) generated", out, re.M)
        failures = re.search(r"(\d+) unique failures?", out)
        n, f = (int(m.group(1)) if m else 0 for m in (cases, failures))
        if not cases:
            problems.append(f"{name}: no test case count printed")
        if code != 0:
            problems.append(f"{name}: schemathesis exited {code}")
        totals.append((name, n, f))
    if not up:
        problems.append("the server no longer answers /healthz")
    if "panicked" in stderr or "overflowed its stack" in stderr:
        problems.append("the server's stderr has a panic:\n" + stderr[-2000:])
    seconds = time.monotonic() - started
    parts = ", ".join(f"{name}: {n} cases, {f} unique failures" for name, n, f in totals)
    cases, failures = sum(t[1] for t in totals), sum(t[2] for t in totals)
    print(f"\nschemathesis totals: {cases} test cases, {failures} unique failures ({parts}) in {seconds:.0f} s")
    if problems:
        print("schemathesis failed: " + "; ".join(problems))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
