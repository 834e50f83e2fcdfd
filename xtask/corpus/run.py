#!/usr/bin/env python3
"""Corpus benchmark: this generator against openapi-generator 7.x (`-g rust`) on real
public OpenAPI 3.0 documents listed in specs.tsv (pinned npm packages).

Python 3.8+, standard library only. Run from anywhere:

    python3 xtask/corpus/run.py --limit 5            # the 5 smallest specs, both sides
    python3 xtask/corpus/run.py --only stripe slack  # two specs by name
    python3 xtask/corpus/run.py --report             # print the table from results.json, run nothing
"""

import argparse
import datetime
import hashlib
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tarfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

# openapi-generator-cli on PyPI bundles the openapi-generator jar of the same version
# (openapi_generator_cli/openapi-generator.jar; `openapi-generator-cli version` prints it).
OPENAPI_GENERATOR_VERSION = "7.26.0"

GEN_TIMEOUT = 300
CHECK_TIMEOUT = 900
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}

HELP = f"""
What it does, in order:

 1. Fetch. Each (package, version) named in specs.tsv is downloaded once with
    `npm pack <package>@<version>` into CACHE/npm/ (default CACHE is target/corpus/cache,
    outside the source tree; --cache overrides), and only the listed files are extracted, to
    CACHE/specs/<package>@<version>/<path>. A listed path missing from its tarball is an
    error. Each extracted document is checked: OpenAPI 3.0.x, and the byte size and the
    operation count (get/put/post/delete/options/head/patch/trace under `paths`) equal to
    specs.tsv (a mismatch is reported and the run goes on). The documents are never copied
    into the repository.

 2. Ours, per spec. `cargo build --release -p xtask` once up front (skipped with --xtask
    PATH), the binary copied to WORK/bin/ so a rebuild by someone else during the run does
    not change it, then `xtask codegen --spec SPEC --out WORK/ours/NAME` (the directory is
    removed first), timeout {GEN_TIMEOUT} s (--gen-timeout). Recorded: exit status, wall time,
    panics (`internal error` or `panicked` in the output), errors, warnings grouped by kind
    (the message with `backticked`, "quoted" and 'quoted' parts and numbers normalized), the
    operation count of the summary line, and the operations left out when a line outside the
    diagnostics says `N ... left out` (else `?`). Then cargo check (below) with
    CARGO_TARGET_DIR=WORK/target-ours (--ours-target).

 3. Theirs, per spec. openapi-generator-cli=={OPENAPI_GENERATOR_VERSION} from PyPI (its wheel
    bundles openapi-generator {OPENAPI_GENERATOR_VERSION}.jar), installed when missing into
    the venv CACHE/openapi-generator-cli-{OPENAPI_GENERATOR_VERSION}/ (Java comes from
    `apt-get install -y default-jre-headless` when `java` is missing; pkg-config and
    libssl-dev likewise, since their crate's default native-tls feature builds openssl-sys).
    `openapi-generator-cli generate -g rust --library reqwest (the default library)
    -i SPEC -o WORK/theirs/NAME --skip-validate-spec`, timeout {GEN_TIMEOUT} s, then cargo check
    with CARGO_TARGET_DIR=WORK/target-theirs (--theirs-target).

 cargo check, both sides: an empty `[workspace]` table is appended to the generated
 Cargo.toml when it has none (otherwise Cargo takes a crate under target/ for a stray member
 of this repository's workspace and refuses to build it). CARGO_INCREMENTAL=0 throughout.

 Timing method: `cargo check --quiet` once (this also builds whatever dependencies the
 shared target directory lacks; its time is kept as check.first_s in the JSON), then `touch` of
 every generated `src/lib.rs` a regeneration can change (the SDK crate's, and a split layout's
 model crates' under crates/) and `cargo check --quiet` again: that second time is the check
 time reported. With the dependencies fresh and incremental compilation off, it is the time to
 type-check the code generated from the spec, whatever the order of the specs or the state of
 the target directory. When both sides' first checks passed, their timed checks alternate,
 one of ours then one of theirs, round after round, so that the machine's drift during the
 run (more than the gap between two small crates) falls on both alike: 7 rounds when the
 slower side's first timed check is under 2 s, 3 under 10 s, else 1. The median of each
 side's samples is the check time (check.check_samples keeps them all). Our runtime crate
 (crates/NAME-runtime) is the same for every spec and checked as a dependency is; a third
 check after touching it too is kept as check.check_all_s (the time to check all of our code,
 as on a first build; timed the same way, on its own). Each cargo check has a timeout of
 {CHECK_TIMEOUT} s (--check-timeout). A failed first check is not repeated; its first
 `error[...]` line (else first `error:` line) is kept.

 Results go to WORK/results.json (default target/corpus/results.json), one record per spec
 and side, with the generator's git commit; logs of every step to WORK/logs/. A spec and side
 already in results.json is skipped unless --force, so an interrupted run resumes. A
 Markdown table and a summary are printed at the end: end-to-end clean rate per side
 (generated and cargo check clean), panics, median of (ours check time / theirs check time)
 over specs both passed, and the operations left out.

 Failures (a crash, a timeout, a failed check) are recorded and the run goes on.
"""


# ----------------------------------------------------------------------------- small helpers

def log(msg):
    print(msg, file=sys.stderr, flush=True)


def read_specs(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        header = None
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None:
                header = cells
                continue
            row = dict(zip(header, cells))
            row["operations"] = int(row["operations"])
            row["bytes"] = int(row["bytes"])
            rows.append(row)
    names = [r["name"] for r in rows]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        sys.exit(f"specs.tsv: duplicate names: {sorted(dup)}")
    return rows


def run_logged(cmd, log_path, timeout, cwd=None, env=None):
    """Runs cmd with stdout and stderr into log_path. Returns (exit code or None on timeout,
    seconds, output text). The process group is killed on timeout."""
    os.makedirs(os.path.dirname(log_path), exist_ok=True)
    start = time.monotonic()
    with open(log_path, "wb") as out:
        out.write(("$ " + " ".join(cmd) + "\n").encode())
        out.flush()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        # A blocking wait, with the timeout on a timer: `wait(timeout=...)` polls, and its
        # polling interval (up to 50 ms) would be part of every time measured.
        timed_out = threading.Event()

        def kill():
            timed_out.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            code = proc.wait()
        finally:
            timer.cancel()
        secs = time.monotonic() - start
        if timed_out.is_set():
            code = None
    with open(log_path, "rb") as f:
        text = f.read().decode("utf-8", "replace")
    text = text.split("\n", 1)[1] if "\n" in text else ""
    return code, secs, text


def count_operations(doc):
    paths = doc.get("paths") or {}
    return sum(1 for item in paths.values() if isinstance(item, dict)
               for m in item if m in METHODS)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def git(*args):
    try:
        return subprocess.run(["git", "-C", REPO] + list(args), capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def generator_commit():
    head = git("rev-parse", "--short=12", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "generator", "templates", "xtask/src", "Cargo.toml",
                "Cargo.lock")
    return head + ("+dirty" if dirty else "")


def tool_version(cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        return (r.stdout + r.stderr).strip().splitlines()[0] if (r.stdout + r.stderr).strip() else ""
    except (OSError, subprocess.TimeoutExpired):
        return ""


# ----------------------------------------------------------------------------- fetching

def pkg_slug(pkg):
    return pkg.lstrip("@").replace("/", "-")


def fetch(rows, cache):
    """Makes sure every row's document is extracted under cache; sets row['file']."""
    npm_dir = os.path.join(cache, "npm")
    os.makedirs(npm_dir, exist_ok=True)
    by_pkg = {}
    for r in rows:
        by_pkg.setdefault((r["package"], r["version"]), []).append(r)
    problems = []
    for (pkg, ver), group in sorted(by_pkg.items()):
        dest = os.path.join(cache, "specs", f"{pkg_slug(pkg)}@{ver}")
        for r in group:
            r["file"] = os.path.join(dest, r["path"])
        missing = [r for r in group if not os.path.isfile(r["file"])]
        if not missing:
            continue
        tgz = os.path.join(npm_dir, f"{pkg_slug(pkg)}-{ver}.tgz")
        if not os.path.isfile(tgz):
            if not shutil.which("npm"):
                sys.exit("npm is needed to fetch the corpus (apt-get install -y npm)")
            log(f"npm pack {pkg}@{ver}")
            r = subprocess.run(["npm", "pack", f"{pkg}@{ver}", "--json", "--pack-destination", npm_dir],
                               capture_output=True, text=True)
            if r.returncode != 0:
                sys.exit(f"npm pack {pkg}@{ver} failed:\n{r.stderr}")
            made = json.loads(r.stdout)[0]["filename"]
            made = os.path.join(npm_dir, os.path.basename(made))
            if os.path.abspath(made) != os.path.abspath(tgz):
                os.replace(made, tgz)
        wanted = {r["path"]: r for r in missing}
        with tarfile.open(tgz, "r:gz") as tar:
            for member in tar:
                if member.name in wanted and member.isfile():
                    target = wanted.pop(member.name)["file"]
                    os.makedirs(os.path.dirname(target), exist_ok=True)
                    src = tar.extractfile(member)
                    with open(target + ".part", "wb") as out:
                        shutil.copyfileobj(src, out)
                    os.replace(target + ".part", target)
                    if not wanted:
                        break
        for path in wanted:
            problems.append(f"{pkg}@{ver}: no file {path} in the tarball")
    if problems:
        sys.exit("\n".join(problems))
    for r in rows:
        size = os.path.getsize(r["file"])
        try:
            with open(r["file"], encoding="utf-8") as f:
                doc = json.load(f)
        except ValueError as e:
            log(f"warning: {r['name']}: not JSON ({e}); not verified")
            continue
        version = str(doc.get("openapi", doc.get("swagger", "?")))
        ops = count_operations(doc)
        if not version.startswith("3.0"):
            log(f"warning: {r['name']}: OpenAPI {version}, not 3.0.x")
        if size != r["bytes"] or ops != r["operations"]:
            log(f"warning: {r['name']}: {size} bytes and {ops} operations, specs.tsv says "
                f"{r['bytes']} and {r['operations']}")


# ----------------------------------------------------------------------------- our generator

DIAG = re.compile(r"^(warning|error): (.*)$")
PANIC = re.compile(r"internal error|panicked", re.I)
# "6 left out", "6 operations left out", "(6 operations were left out)", "left out: 6"
LEFT_OUT = re.compile(r"(\d+)\s+(?:[A-Za-z()-]+\s+){0,4}left out|left out\W{0,3}(\d+)", re.I)


def kind_of(message):
    s = re.sub(r"`[^`]*`", "`_`", message)
    s = re.sub(r'"[^"\n]*"', '"_"', s)
    s = re.sub(r"(?<![\w])'[^'\n]*'(?![\w])", "'_'", s)
    s = re.sub(r"\d+", "N", s)
    return s


def parse_ours(text):
    res = {"errors": 0, "warnings": 0, "warning_kinds": {}, "error_kinds": {}, "first_error": None,
           "summary": None, "ops_generated": None, "left_out": None}
    diag_lines = set()
    lines = text.splitlines()
    in_block = False
    for i, line in enumerate(lines):
        m = DIAG.match(line)
        if m:
            in_block = True
            diag_lines.add(i)
            level, msg = m.groups()
            k = kind_of(msg)
            if level == "warning":
                res["warnings"] += 1
                res["warning_kinds"][k] = res["warning_kinds"].get(k, 0) + 1
            else:
                res["errors"] += 1
                res["error_kinds"][k] = res["error_kinds"].get(k, 0) + 1
                if res["first_error"] is None:
                    res["first_error"] = msg
            continue
        if in_block and (line.startswith("  ") or line.startswith("help:") or line.startswith("note:")):
            diag_lines.add(i)
            continue
        in_block = False
        if line.startswith("codegen:"):
            res["summary"] = line
            m = re.search(r"(\d+) operations?\b", line)
            if m:
                res["ops_generated"] = int(m.group(1))
    candidates = ([res["summary"]] if res["summary"] else []) + [
        l for i, l in enumerate(lines) if i not in diag_lines]
    for l in candidates:
        m = LEFT_OUT.search(l or "")
        if m:
            res["left_out"] = int(m.group(1) or m.group(2))
            break
    return res


def run_ours(row, xtask, work, timeout):
    out = os.path.join(work, "ours", row["name"])
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    code, secs, text = run_logged([xtask, "codegen", "--spec", row["file"], "--out", out],
                                  os.path.join(work, "logs", row["name"] + ".ours-gen.log"), timeout)
    rec = parse_ours(text)
    rec.update({"exit": code, "timed_out": code is None, "gen_s": round(secs, 3),
                "panic": bool(PANIC.search(text)) or code == 101,
                "generated": code == 0 and os.path.isfile(os.path.join(out, "Cargo.toml")),
                "dir": out})
    return rec


# ----------------------------------------------------------------------------- openapi-generator

def ensure_java():
    if shutil.which("java"):
        return
    log("java is missing: apt-get install -y default-jre-headless")
    subprocess.run(["apt-get", "update"], check=True)
    subprocess.run(["apt-get", "install", "-y", "default-jre-headless"], check=True)


def ensure_openssl_dev():
    ok = shutil.which("pkg-config") and subprocess.run(
        ["pkg-config", "--exists", "openssl"]).returncode == 0
    if ok:
        return
    log("pkg-config/libssl-dev missing (openssl-sys needs them): apt-get install -y pkg-config libssl-dev")
    subprocess.run(["apt-get", "update"], check=True)
    subprocess.run(["apt-get", "install", "-y", "pkg-config", "libssl-dev"], check=True)


def ensure_openapi_generator(cache, explicit):
    ensure_java()
    if explicit:
        return explicit
    venv = os.path.join(cache, f"openapi-generator-cli-{OPENAPI_GENERATOR_VERSION}")
    exe = os.path.join(venv, "bin", "openapi-generator-cli")
    if not os.path.exists(exe):
        log(f"installing openapi-generator-cli=={OPENAPI_GENERATOR_VERSION} into {venv}")
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run([os.path.join(venv, "bin", "pip"), "install", "--quiet",
                        f"openapi-generator-cli=={OPENAPI_GENERATOR_VERSION}"], check=True)
    got = tool_version([exe, "version"])
    if got != OPENAPI_GENERATOR_VERSION:
        sys.exit(f"{exe} version says {got!r}, expected {OPENAPI_GENERATOR_VERSION}")
    return exe


def run_theirs(row, ogen, work, timeout):
    out = os.path.join(work, "theirs", row["name"])
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    cmd = [ogen, "generate", "-g", "rust", "--library", "reqwest", "-i", row["file"], "-o", out,
           "--skip-validate-spec"]
    code, secs, text = run_logged(cmd, os.path.join(work, "logs", row["name"] + ".theirs-gen.log"),
                                  timeout)
    first_error = None
    for line in text.splitlines():
        if "Exception" in line or re.search(r"\bERROR\b", line):
            first_error = line.strip()[:300]
            break
    return {"exit": code, "timed_out": code is None, "gen_s": round(secs, 3),
            "crash": code not in (0, None), "first_error": first_error if code != 0 else None,
            "warn_lines": sum(1 for l in text.splitlines() if re.search(r"\bWARN\b", l)),
            "generated": code == 0 and os.path.isfile(os.path.join(out, "Cargo.toml")), "dir": out}


# ----------------------------------------------------------------------------- cargo check

def first_cargo_error(text):
    first_plain = None
    for line in text.splitlines():
        if line.startswith("error["):
            return line.strip()[:300]
        if first_plain is None and line.startswith("error") and not line.startswith("error: could not compile"):
            first_plain = line.strip()[:300]
    return first_plain


def rustc_warnings(text):
    return sum(1 for l in text.splitlines()
               if l.startswith("warning: ") and not re.search(r"generated \d+ warnings?", l))


def samples_for(first_s):
    """How many times a check is timed, from its first time: a short check is noisy."""
    return 7 if first_s < 2 else 3 if first_s < 10 else 1


def first_check(crate, target_dir, timeout, log_prefix, jobs):
    """The untimed first `cargo check` of a generated crate, which also builds the
    dependencies its target directory lacks. Returns its record and, when it passed, what the
    timed checks after it need (else None)."""
    manifest = os.path.join(crate, "Cargo.toml")
    with open(manifest, encoding="utf-8") as f:
        text = f.read()
    if not re.search(r"^\[workspace\]", text, re.M):
        with open(manifest, "a", encoding="utf-8") as f:
            f.write("\n[workspace]\n")
    env = dict(os.environ, CARGO_TARGET_DIR=target_dir, CARGO_INCREMENTAL="0", CARGO_TERM_COLOR="never")
    cmd = ["cargo", "check", "--quiet"] + (["-j", str(jobs)] if jobs else [])
    code, first_s, out = run_logged(cmd, log_prefix + "-1.log", timeout, cwd=crate, env=env)
    rec = {"ran": True, "pass": code == 0, "timed_out": code is None, "first_s": round(first_s, 2),
           "check_s": None, "first_error": None if code == 0 else first_cargo_error(out),
           "rustc_warnings": rustc_warnings(out)}
    if code != 0:
        return rec, None
    # The lib.rs of every crate a regeneration can change: the SDK crate's, and the model
    # crates' of a split layout (crates/*). Our runtime crate (crates/<name>-runtime) is the
    # same for every spec, so a regeneration leaves it as it is and cargo does not check it
    # again, as with any dependency: it is touched only for the third check, check_all_s.
    package = re.search(r'^name = "([^"]+)"', text, re.M)
    runtime = os.path.join(crate, "crates", f"{package.group(1)}-runtime") if package else None
    libs = []
    for root, dirs, files in os.walk(crate):
        dirs[:] = [d for d in dirs if d != "target" and not d.startswith(".")]
        if "lib.rs" in files and os.path.basename(root) == "src":
            libs.append(os.path.join(root, "lib.rs"))
    spec_libs = [l for l in libs if not (runtime and l.startswith(runtime + os.sep))]
    return rec, {"crate": crate, "cmd": cmd, "env": env, "timeout": timeout,
                 "log_prefix": log_prefix, "libs": libs, "spec_libs": spec_libs}


def timed(runs, step):
    """Touch-and-check samples of several crates, in rounds of one sample of each crate, so
    that whatever the machine does meanwhile (its speed drifts by more than the gap between
    two small crates) falls on every crate alike. `runs` is a list of (context, files to
    touch). The rounds: samples_for the slowest first sample. Returns, per run, (exit code,
    output, median or None, samples); a crate whose check fails is sampled no further."""
    samples = [[] for _ in runs]
    last = [None] * len(runs)
    failed = [False] * len(runs)
    rounds = 0
    while True:
        for i, (ctx, touch) in enumerate(runs):
            if failed[i]:
                continue
            for lib in touch:
                os.utime(lib, None)
            code, secs, out = run_logged(ctx["cmd"], f"{ctx['log_prefix']}-{step}-{len(samples[i]) + 1}.log",
                                         ctx["timeout"], cwd=ctx["crate"], env=ctx["env"])
            last[i] = (code, out)
            if code != 0:
                failed[i] = True
                continue
            samples[i].append(round(secs, 2))
        rounds += 1
        live = [i for i in range(len(runs)) if not failed[i]]
        if not live or rounds >= samples_for(max(samples[i][0] for i in live)):
            break
    return [(last[i][0], last[i][1], None if failed[i] else round(statistics.median(samples[i]), 2), samples[i])
            for i in range(len(runs))]


def timed_checks(checks):
    """The timed checks of one spec: `checks` is a list of (check record, context) of the
    sides whose first check passed. Each side's generated crates are touched and checked, the
    sides in alternation (check_s), then our runtime crate too, on its own (check_all_s)."""
    got = timed([(ctx, ctx["spec_libs"]) for _, ctx in checks], 2)
    for (rec, ctx), (code, out, median, samples) in zip(checks, got):
        if code != 0:
            rec.update({"pass": False, "timed_out": code is None, "first_error": first_cargo_error(out)})
            continue
        rec["check_s"], rec["check_samples"] = median, samples
        if len(ctx["spec_libs"]) < len(ctx["libs"]):
            [(code, out, median, samples)] = timed([(ctx, ctx["libs"])], 3)
            if code == 0:
                rec["check_all_s"], rec["check_all_samples"] = median, samples


# ----------------------------------------------------------------------------- report

def md(s):
    return str(s).replace("|", "\\|").replace("\n", " ")


def short(s, n):
    s = str(s)
    return s if len(s) <= n else s[: n - 1] + "…"


def fmt_s(x, digits=1):
    return "-" if x is None else f"{x:.{digits}f}"


def ours_cells(o):
    if not o:
        return ["", "", "", "", "", ""]
    if o["generated"]:
        gen = f"yes ({o['ops_generated']} ops)" if o.get("ops_generated") is not None else "yes"
    elif o["timed_out"]:
        gen = "TIMEOUT"
    elif o["panic"]:
        gen = "PANIC"
    else:
        gen = f"no: {o['errors']} errors; {short(o['first_error'] or '', 60)}"
    if o["panic"] and o["generated"]:
        gen += " (panic text in output)"
    kinds = sorted(o["warning_kinds"].items(), key=lambda kv: -kv[1])
    warn = str(o["warnings"])
    if kinds:
        warn += ": " + "; ".join(f"{c}× {short(k, 50)}" for k, c in kinds[:2])
        if len(kinds) > 2:
            warn += f"; +{len(kinds) - 2} kinds"
    left = "?" if o.get("left_out") is None else str(o["left_out"])
    return [gen, warn, left, check_cell(o.get("check")), fmt_s(o["gen_s"], 2),
            fmt_s((o.get("check") or {}).get("check_s"))]


def check_cell(c):
    if not c or not c.get("ran"):
        return "-"
    if c["pass"]:
        n = c.get("rustc_warnings") or 0
        return f"pass ({n} rustc warnings)" if n else "pass"
    if c["timed_out"]:
        return "TIMEOUT"
    return "FAIL: " + short(c.get("first_error") or "?", 70)


def theirs_cells(t):
    if not t:
        return ["", "", ""]
    if t["generated"]:
        gen = f"yes ({t['gen_s']:.1f} s)"
    elif t["timed_out"]:
        gen = "TIMEOUT"
    else:
        gen = "FAIL: " + short(t.get("first_error") or f"exit {t['exit']}", 70)
    return [gen, check_cell(t.get("check")), fmt_s((t.get("check") or {}).get("check_s"))]


def clean(rec):
    return bool(rec and rec["generated"] and (rec.get("check") or {}).get("pass"))


def report(rows, results):
    specs = results["specs"]
    shown = [r for r in rows if r["name"] in specs]
    head = ["spec", "ops", "ours generated", "ours warnings", "left out", "ours check",
            "ours gen s", "ours check s", "theirs generated", "theirs check", "theirs check s"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in shown:
        rec = specs[r["name"]]
        cells = [r["name"], str(r["operations"])] + ours_cells(rec.get("ours")) + theirs_cells(rec.get("theirs"))
        lines.append("| " + " | ".join(md(c) for c in cells) + " |")
    print("\n".join(lines))

    ours = [specs[r["name"]].get("ours") for r in shown if specs[r["name"]].get("ours")]
    theirs = [specs[r["name"]].get("theirs") for r in shown if specs[r["name"]].get("theirs")]

    def rate(recs):
        unchecked = sum(1 for x in recs if x["generated"] and not (x.get("check") or {}).get("ran"))
        recs = [x for x in recs if not (x["generated"] and not (x.get("check") or {}).get("ran"))]
        note = f", {unchecked} generated but not checked" if unchecked else ""
        if not recs:
            return "-" + note
        n = sum(1 for x in recs if clean(x))
        return f"{n}/{len(recs)} ({100 * n / len(recs):.0f}%){note}"

    ratios = []
    all_ratios = []
    for r in shown:
        rec = specs[r["name"]]
        o, t = rec.get("ours"), rec.get("theirs")
        if clean(o) and clean(t) and o["check"].get("check_s") and t["check"].get("check_s"):
            ratios.append(o["check"]["check_s"] / t["check"]["check_s"])
            if o["check"].get("check_all_s"):
                all_ratios.append(o["check"]["check_all_s"] / t["check"]["check_s"])
    left = [o.get("left_out") for o in ours]
    known = [x for x in left if x is not None]
    commits = sorted({o.get("commit", "?") for o in ours})
    print()
    print(f"- specs: {len(shown)} ({sum(r['operations'] for r in shown)} operations)")
    print(f"- end-to-end clean (generated and cargo check clean): ours {rate(ours)}, theirs {rate(theirs)}")
    print(f"- ours generated: {sum(1 for o in ours if o['generated'])}/{len(ours)}; "
          f"theirs generated: {sum(1 for t in theirs if t['generated'])}/{len(theirs)}")
    print(f"- panics (ours): {sum(1 for o in ours if o['panic'])}; timeouts (ours gen): "
          f"{sum(1 for o in ours if o['timed_out'])}; openapi-generator crashes (non-zero exit): "
          f"{sum(1 for t in theirs if t['crash'])}, timeouts: {sum(1 for t in theirs if t['timed_out'])}")
    if ratios:
        over = sum(1 for x in ratios if x > 1.5)
        print(f"- median check time ours/theirs over the {len(ratios)} specs both passed: "
              f"{statistics.median(ratios):.2f}x (min {min(ratios):.2f}x, max {max(ratios):.2f}x; "
              f"{over} over 1.5x); the code a regeneration changes, our runtime crate checked as a "
              "dependency")
    if all_ratios:
        over = sum(1 for x in all_ratios if x > 1.5)
        print(f"- the same with our runtime crate checked too (all of our code, as on a first build), "
              f"over {len(all_ratios)} specs: {statistics.median(all_ratios):.2f}x "
              f"(min {min(all_ratios):.2f}x, max {max(all_ratios):.2f}x; {over} over 1.5x)")
    else:
        print("- median check time ours/theirs: no spec passed on both sides")
    unknown = len(left) - len(known)
    print(f"- operations left out (ours, as its summary says): {sum(known)}"
          + (f" (+ unknown for {unknown} specs: the summary line does not say)" if unknown else ""))
    gen_ops = [(o.get("ops_generated"), specs[n]["spec"]["operations"]) for n, o in
               ((r["name"], specs[r["name"]].get("ours")) for r in shown) if o and o["generated"]]
    if gen_ops and all(g is not None for g, _ in gen_ops):
        print(f"- operations in ours' summary lines vs in the specs (generated specs only): "
              f"{sum(g for g, _ in gen_ops)} of {sum(s for _, s in gen_ops)}")
    print(f"- ours generator commit(s): {', '.join(commits)}; openapi-generator "
          f"{results.get('meta', {}).get('openapi_generator', '?')}")
    kinds = {}
    for o in ours:
        for k, c in o["warning_kinds"].items():
            n, s = kinds.get(k, (0, 0))
            kinds[k] = (n + c, s + 1)
    if kinds:
        print()
        print("| ours warning kind | count | specs |")
        print("|---|---|---|")
        for k, (c, s) in sorted(kinds.items(), key=lambda kv: -kv[1][0]):
            print(f"| {md(short(k, 140))} | {c} | {s} |")


# ----------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=HELP,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--specs", default=os.path.join(HERE, "specs.tsv"), help="the corpus list (default: %(default)s)")
    ap.add_argument("--work", default=os.path.join(REPO, "target", "corpus"),
                    help="outputs, logs, target dirs and results.json (default: %(default)s)")
    ap.add_argument("--cache", help="npm tarballs, extracted specs, openapi-generator venv (default: WORK/cache)")
    ap.add_argument("--results", help="the JSON results file (default: WORK/results.json)")
    ap.add_argument("--only", nargs="+", metavar="NAME", help="only these specs (names from specs.tsv)")
    ap.add_argument("--limit", type=int, metavar="N", help="only the first N specs (after --only); specs.tsv is sorted by size")
    side = ap.add_mutually_exclusive_group()
    side.add_argument("--ours-only", action="store_true", help="run only this generator")
    side.add_argument("--theirs-only", action="store_true", help="run only openapi-generator")
    ap.add_argument("--force", action="store_true", help="rerun specs already in the results file")
    ap.add_argument("--no-check", action="store_true", help="generate only, no cargo check")
    ap.add_argument("--fetch-only", action="store_true", help="download, extract and verify the documents, then stop")
    ap.add_argument("--report", action="store_true", help="print the table from the results file, run nothing")
    ap.add_argument("--gen-timeout", type=int, default=GEN_TIMEOUT, metavar="S", help="per generation (default: %(default)s)")
    ap.add_argument("--check-timeout", type=int, default=CHECK_TIMEOUT, metavar="S", help="per cargo check (default: %(default)s)")
    ap.add_argument("--jobs", type=int, metavar="N", help="cargo -j N for the checks")
    ap.add_argument("--xtask", metavar="PATH", help="use this xtask binary instead of building one")
    ap.add_argument("--openapi-generator", metavar="CMD", help="use this openapi-generator-cli executable instead of the pinned venv one")
    ap.add_argument("--ours-target", help="CARGO_TARGET_DIR for our crates (default: WORK/target-ours)")
    ap.add_argument("--theirs-target", help="CARGO_TARGET_DIR for theirs (default: WORK/target-theirs)")
    args = ap.parse_args()

    work = os.path.abspath(args.work)
    cache = os.path.abspath(args.cache or os.path.join(work, "cache"))
    results_path = os.path.abspath(args.results or os.path.join(work, "results.json"))
    ours_target = os.path.abspath(args.ours_target or os.path.join(work, "target-ours"))
    theirs_target = os.path.abspath(args.theirs_target or os.path.join(work, "target-theirs"))

    rows = read_specs(args.specs)
    if args.only:
        unknown = set(args.only) - {r["name"] for r in rows}
        if unknown:
            sys.exit(f"not in {args.specs}: {sorted(unknown)}")
        rows = [r for r in rows if r["name"] in set(args.only)]
    if args.limit is not None:
        rows = rows[: args.limit]

    results = {"meta": {}, "specs": {}}
    if os.path.isfile(results_path):
        with open(results_path, encoding="utf-8") as f:
            results = json.load(f)
    if args.report:
        report(rows, results)
        return

    os.makedirs(work, exist_ok=True)
    fetch(rows, cache)
    if args.fetch_only:
        log(f"{len(rows)} documents under {os.path.join(cache, 'specs')}")
        return

    do_ours, do_theirs = not args.theirs_only, not args.ours_only

    def pending(side):
        return [r for r in rows if args.force or side not in results["specs"].get(r["name"], {})
                or (not args.no_check and not (results["specs"][r["name"]][side].get("check") or {}).get("ran")
                    and results["specs"][r["name"]][side]["generated"])]

    todo_ours = pending("ours") if do_ours else []
    todo_theirs = pending("theirs") if do_theirs else []

    meta = results.setdefault("meta", {})
    meta.update({"updated": datetime.datetime.now().isoformat(timespec="seconds"),
                 "rustc": tool_version(["rustc", "--version"]), "cargo": tool_version(["cargo", "--version"]),
                 "nproc": os.cpu_count(), "timing": "cargo check after touching every generated src/lib.rs but the runtime crate's (check_all_s: with it), "
                 "ours and theirs alternating, median of 7 rounds when the slower is under 2 s, of 3 under 10 s, else 1; "
                 "CARGO_INCREMENTAL=0, dependencies built by a first check"})

    xtask = commit = ogen = None
    if todo_ours:
        commit = generator_commit()
        if args.xtask:
            xtask = os.path.abspath(args.xtask)
        else:
            log("cargo build --release -p xtask")
            subprocess.run(["cargo", "build", "--release", "-p", "xtask"], cwd=REPO, check=True)
            built = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target")), "release", "xtask")
            os.makedirs(os.path.join(work, "bin"), exist_ok=True)
            xtask = os.path.join(work, "bin", f"xtask-{commit}")
            shutil.copy2(built, xtask + ".part")
            os.replace(xtask + ".part", xtask)
        meta["ours_commit"] = commit
    if todo_theirs:
        ogen = ensure_openapi_generator(cache, args.openapi_generator)
        if not args.no_check:
            ensure_openssl_dev()
        meta["openapi_generator"] = tool_version([ogen, "version"])
        meta["java"] = tool_version(["java", "-version"])

    def save():
        tmp = results_path + ".part"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1, sort_keys=True)
        os.replace(tmp, results_path)

    ours_set = {r["name"] for r in todo_ours}
    theirs_set = {r["name"] for r in todo_theirs}
    for i, r in enumerate(rows, 1):
        name = r["name"]
        if name not in ours_set and name not in theirs_set:
            continue
        entry = results["specs"].setdefault(name, {})
        entry["spec"] = {k: r[k] for k in ("package", "version", "path", "operations", "bytes")}
        entry["spec"]["sha256"] = sha256(r["file"])
        checks = []  # (check record, context) of each side whose first check passed
        if name in ours_set:
            log(f"[{i}/{len(rows)}] ours   {name} ({r['operations']} ops, {r['bytes']} bytes)")
            o = run_ours(r, xtask, work, args.gen_timeout)
            o["commit"] = commit
            o["check"] = {"ran": False}
            if o["generated"] and not args.no_check:
                o["check"], ctx = first_check(o["dir"], ours_target, args.check_timeout,
                                              os.path.join(work, "logs", name + ".ours-check"), args.jobs)
                if ctx:
                    checks.append((o["check"], ctx))
            entry["ours"] = o
        if name in theirs_set:
            log(f"[{i}/{len(rows)}] theirs {name}")
            t = run_theirs(r, ogen, work, args.gen_timeout)
            t["check"] = {"ran": False}
            if t["generated"] and not args.no_check:
                t["check"], ctx = first_check(t["dir"], theirs_target, args.check_timeout,
                                              os.path.join(work, "logs", name + ".theirs-check"), args.jobs)
                if ctx:
                    checks.append((t["check"], ctx))
            entry["theirs"] = t
        if checks:
            log(f"[{i}/{len(rows)}] timing {name}: " + " and ".join(
                os.path.basename(os.path.dirname(ctx["crate"])) for _, ctx in checks))
            timed_checks(checks)
        save()
    save()
    report(rows, results)


if __name__ == "__main__":
    main()
