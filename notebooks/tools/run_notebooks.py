#!/usr/bin/python3
"""Run the kit's notebooks headless, the way CI and a reviewer do.

    /usr/bin/python3 notebooks/tools/run_notebooks.py               # every notebooks/*.ipynb, in order
    /usr/bin/python3 notebooks/tools/run_notebooks.py 00-kernel-check.ipynb
    /usr/bin/python3 notebooks/tools/run_notebooks.py --repeat 50   # the reliability check
    /usr/bin/python3 notebooks/tools/run_notebooks.py --kernel java # on a stock IJava install
    /usr/bin/python3 notebooks/tools/run_notebooks.py --with-answers  # prediction cells filled in
    /usr/bin/python3 notebooks/tools/run_notebooks.py --answers both  # empty, then filled in (./nflab notebooks run)
    /usr/bin/python3 notebooks/tools/run_notebooks.py --write-filled DIR  # write the filled-in copies, run nothing

Prediction cells (tagged `prediction`, metadata.nflab.prediction = KEY) are where a learner writes a
prediction; the committed notebooks leave them empty, and a run checks that they are (comments and
imports only). With --with-answers the runner appends the reference answer for KEY from
notebooks/answers/NOTEBOOK.jsh (sections `//// KEY`) and sets NFLAB_REFERENCE_ANSWERS=1 for the
kernel, so each reveal fails if its reference answer differs from the model; a prediction cell
without an answer, or an answer without a cell, fails the run. Those executed copies go to
OUT/with-answers/.

Each notebook gets a fresh (cold) kernel. Executed copies go to notebooks/out/NAME.ipynb and
notebooks/out/NAME.html. A cell error fails the run (exit 1); a cell tagged `raises-exception` must
fail (that is how a notebook shows that a false claim is caught). A kernel that does not answer
its first kernel_info within --start-timeout seconds is killed and started again; such retries are
counted and reported. A cell running longer than --cell-timeout seconds is a hang (a failure).
A cell marked metadata.nflab.covers = [RULE, ...] must print `✓ the seed's RULE (...)` for each.

Runs with Debian's /usr/bin/python3 (python3-nbclient, python3-nbconvert): started by another
python3 that lacks them, it re-executes itself with /usr/bin/python3.
"""
import os
import signal
import sys

signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # `... | head` ends quietly

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from nbstamp import core_stamp  # noqa: E402  (standard library only)

try:
    import nbclient  # noqa: F401
    import nbformat  # noqa: F401
except ImportError:
    if os.path.realpath(sys.executable) != os.path.realpath("/usr/bin/python3") and os.path.exists("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3"] + sys.argv)
    # --core-stamp needs no Jupyter: install-kernel.sh and ./nflab ask for it where nbclient is not
    # packaged (Ubuntu 20.04, the VM)
    if len(sys.argv) > 1 and sys.argv[1].split("=")[0] == "--core-stamp" and len(sys.argv) <= 3:
        spec = sys.argv[1].partition("=")[2] or (sys.argv[2] if len(sys.argv) == 3 else "")
        print(core_stamp(spec or None))
        sys.exit(0)
    sys.exit("run_notebooks: nbclient is missing: run notebooks/install-kernel.sh "
             "(apt-get install python3-nbclient python3-nbconvert)")

import argparse
import asyncio
import glob
import json
import logging
import statistics
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbclient.util import ensure_async, run_hook

HERE = os.path.dirname(os.path.abspath(__file__))
NOTEBOOKS = os.path.dirname(HERE)
ROOT = os.path.dirname(NOTEBOOKS)
DEFAULT_KERNEL = "nflab-java"


def stale_kernel_note(kernel):
    """A line saying the kernelspec's copy of core is older than core/target, or None."""
    try:
        from jupyter_client.kernelspec import KernelSpecManager
        spec = KernelSpecManager().get_kernel_spec(kernel)
    except Exception:
        return None
    meta = (spec.metadata or {}).get("nflab", {})
    if not meta.get("core_stamp") or os.path.realpath(meta.get("checkout", "")) != os.path.realpath(ROOT):
        return None
    if meta["core_stamp"] != core_stamp():
        return ("run_notebooks: note: core or the kernel was rebuilt since the %s kernelspec copied them; the "
                "notebooks run on the copies (./nflab notebooks run re-copies; or notebooks/install-kernel.sh "
                "--no-check --skip-core)" % kernel)
    return None


class StartFailed(Exception):
    """The kernel never answered, even after the allowed retries."""


class RetryingClient(NotebookClient):
    """A NotebookClient that restarts a kernel that does not answer its first kernel_info in time."""

    def __init__(self, nb, ready_timeout, max_starts, log_path, **kw):
        super().__init__(nb, **kw)
        self.ready_timeout = ready_timeout
        self.max_starts = max_starts
        self.log_path = log_path
        self.starts = 0
        self.retries = 0
        self.retry_reasons = []
        self.keys = []
        self.ready_seconds = None
        self._log_file = None
        self._t_start = None

    def _open_log(self):
        if self._log_file is None:
            self._log_file = open(self.log_path, "ab")
        return self._log_file

    def close_log(self):
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    async def async_start_new_kernel(self, **kwargs):
        self._start_kwargs = dict(kwargs)
        log = self._open_log()
        kwargs.setdefault("stdout", log)
        kwargs.setdefault("stderr", log)
        self.starts += 1
        self._t_start = time.monotonic()
        await super().async_start_new_kernel(**kwargs)
        if self.km is not None and getattr(self.km, "session", None) is not None:
            self.keys.append(self.km.session.key)

    async def async_start_new_kernel_client(self):
        while True:
            try:
                self.kc = self.km.client()
                await ensure_async(self.kc.start_channels())
                await ensure_async(self.kc.wait_for_ready(timeout=self.ready_timeout))
                self.ready_seconds = time.monotonic() - self._t_start
                break
            except Exception as e:  # a kernel that never answered, or died while starting
                reason = "%s: %s" % (type(e).__name__, e)
                await self._async_cleanup_kernel()
                if self.starts >= self.max_starts:
                    raise StartFailed("kernel did not start after %d attempts (last: %s)" % (self.starts, reason))
                self.retries += 1
                self.retry_reasons.append(reason)
                self.km = self.create_kernel_manager()
                await self.async_start_new_kernel(**self._start_kwargs)
        self.kc.allow_stdin = False
        await run_hook(self.on_notebook_start, notebook=self.nb)
        return self.kc


def find_notebooks(args):
    if args.notebooks:
        paths = []
        for p in args.notebooks:
            if not os.path.exists(p) and os.path.exists(os.path.join(NOTEBOOKS, p)):
                p = os.path.join(NOTEBOOKS, p)
            if not os.path.exists(p):
                sys.exit("run_notebooks: no such notebook: %s" % p)
            paths.append(os.path.abspath(p))
        return paths
    return sorted(glob.glob(os.path.join(NOTEBOOKS, "*.ipynb")))


def redact(path, keys):
    """Kernel logs are kept only when useful; a session key never stays in them."""
    if not os.path.exists(path):
        return
    with open(path, "rb") as f:
        data = f.read()
    for k in keys:
        if k:
            data = data.replace(k if isinstance(k, bytes) else k.encode(), b"<session key redacted>")
    if data.strip():
        with open(path, "wb") as f:
            f.write(data)
    else:
        os.remove(path)


def expected_error_problems(nb):
    """Cells tagged raises-exception must have failed; return a message per cell that did not."""
    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if "raises-exception" in cell.get("metadata", {}).get("tags", []):
            if not any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
                problems.append("cell %d is tagged raises-exception but did not fail" % i)
    return problems


def coverage_problems(nb):
    """A cell marked metadata.nflab.covers = [RULE, ...] (notebooks/README.md, the rule coverage table) must
    have printed SeedRules.counted's claim `✓ the seed's RULE (...) counted N packet(s)` for each RULE."""
    problems = []
    for i, cell in enumerate(nb.cells):
        rules = cell.get("metadata", {}).get("nflab", {}).get("covers", [])
        if cell.cell_type != "code" or not rules:
            continue
        text = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")
        for rule in rules:
            if not any(l.startswith("✓ the seed's %s (" % rule) for l in text.splitlines()):
                problems.append("cell %d covers %s but did not claim it counted (SeedRules.counted(\"%s\", ...))" % (i, rule, rule))
    return problems


def export_html(nb, path):
    from nbconvert import HTMLExporter
    body, _ = HTMLExporter().from_notebook_node(nb)
    with open(path, "w", encoding="utf-8") as f:
        f.write(body)


def first_error(nb):
    for i, cell in enumerate(nb.cells):
        for o in cell.get("outputs", []):
            if o.get("output_type") == "error":
                return i, o
    return None, None


ANSWERS = os.path.join(NOTEBOOKS, "answers")


def prediction_cells(nb):
    """(cell, key) for every cell tagged `prediction`."""
    out = []
    for cell in nb.cells:
        if cell.cell_type == "code" and "prediction" in cell.get("metadata", {}).get("tags", []):
            out.append((cell, cell.get("metadata", {}).get("nflab", {}).get("prediction")))
    return out


def read_answers(stem, answers_dir):
    """KEY -> source, from ANSWERS/STEM.jsh (sections headed `//// KEY`); {} when there is no file."""
    path = os.path.join(answers_dir, stem + ".jsh")
    if not os.path.exists(path):
        return {}
    answers, key = {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("//// "):
                key = line[5:].strip()
                answers[key] = ""
            elif key is not None:
                answers[key] += line
    return answers


def prepare_predictions(nb, stem, mode, answers_dir):
    """Problems with the prediction cells (a list of messages); in `reference` mode, fills them in."""
    problems = []
    cells = prediction_cells(nb)
    answers = read_answers(stem, answers_dir)
    for cell, key in cells:
        if not key:
            problems.append("a prediction cell has no metadata.nflab.prediction key")
            continue
        code = [l.strip() for l in cell.source.splitlines()]
        code = [l for l in code if l and not l.startswith("//") and not l.startswith("import ")]
        if code:
            problems.append("prediction cell %s is not empty in the notebook (the committed notebooks leave it to "
                            "the learner; reference answers go to notebooks/answers/%s.jsh)" % (key, stem))
        if mode == "reference":
            if key not in answers:
                problems.append("no reference answer for prediction %s in notebooks/answers/%s.jsh" % (key, stem))
            else:
                cell.source = cell.source.rstrip("\n") + "\n" + answers[key]
    if mode == "reference":
        keys = {k for _, k in cells}
        for k in answers:
            if k not in keys:
                problems.append("notebooks/answers/%s.jsh answers %s, but no prediction cell has that key" % (stem, k))
    return problems


def write_filled(paths, out_dir, answers_dir):
    """Writes to OUT_DIR a copy of each notebook that has prediction cells, filled in with its reference
    answers exactly as a --with-answers run fills them (the browser test runs these copies). Returns
    the problems found (nothing is written for a notebook with a problem)."""
    os.makedirs(out_dir, exist_ok=True)
    problems = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        if not prediction_cells(nb):
            continue
        name = os.path.basename(path)
        found = prepare_predictions(nb, os.path.splitext(name)[0], "reference", answers_dir)
        if found:
            problems += ["%s: %s" % (name, p) for p in found]
            continue
        nbformat.write(nb, os.path.join(out_dir, name))
        print("filled in: %s" % os.path.join(out_dir, name), flush=True)
    return problems


def run_one(path, args, out_dir, run_no, mode="empty"):
    name = os.path.basename(path)
    stem = os.path.splitext(name)[0]
    nb = nbformat.read(path, as_version=4)
    problems = prepare_predictions(nb, stem, mode, args.answers_dir)
    if problems:
        return {"run": run_no, "notebook": name, "mode": mode, "kernel": args.kernel or DEFAULT_KERNEL, "status": "bad-predictions",
                "detail": "\n".join(problems), "seconds": 0.0, "ready_seconds": None, "starts": 0, "retries": 0,
                "retry_reasons": [], "html": ""}
    if mode == "reference":
        os.environ["NFLAB_REFERENCE_ANSWERS"] = "1"
    else:
        os.environ.pop("NFLAB_REFERENCE_ANSWERS", None)
    kernel = args.kernel or nb.metadata.get("kernelspec", {}).get("name") or DEFAULT_KERNEL
    log_dir = os.path.join(out_dir, "logs")
    os.makedirs(log_dir, exist_ok=True)
    log_path = os.path.join(log_dir, "%s.kernel.log" % stem)
    if os.path.exists(log_path):
        os.remove(log_path)
    client = RetryingClient(
        nb,
        ready_timeout=args.start_timeout,
        max_starts=args.max_starts,
        log_path=log_path,
        kernel_name=kernel,
        timeout=args.cell_timeout,
        startup_timeout=int(max(1, args.start_timeout)),
        allow_errors=False,
        shutdown_kernel="immediate",
        resources={"metadata": {"path": NOTEBOOKS}},
    )
    status, detail = "ok", ""
    t0 = time.monotonic()
    try:
        client.execute()
    except StartFailed as e:
        status, detail = "start-failed", str(e)
    except CellTimeoutError as e:
        status, detail = "hang", str(e).strip().splitlines()[-1] if str(e).strip() else "cell timeout"
    except DeadKernelError as e:
        status, detail = "kernel-died", str(e)
    except CellExecutionError:
        i, err = first_error(nb)
        status = "cell-error"
        if err is not None:
            detail = "cell %s: %s: %s\n%s" % (i, err.get("ename"), err.get("evalue"), "\n".join(err.get("traceback", [])))
    except Exception as e:  # anything else nbclient raises (e.g. a timeout waiting for a reply)
        status, detail = "error", "%s: %s" % (type(e).__name__, e)
    finally:
        client.close_log()
        redact(log_path, client.keys)
    elapsed = time.monotonic() - t0
    if status == "ok":
        problems = expected_error_problems(nb) + coverage_problems(nb)
        if problems:
            status, detail = "cell-error", "; ".join(problems)
    out_ipynb = os.path.join(out_dir, name)
    nbformat.write(nb, out_ipynb)
    html_ok = ""
    if not args.no_html:
        try:
            export_html(nb, os.path.join(out_dir, stem + ".html"))
            html_ok = " +html"
        except Exception as e:
            html_ok = " (html export failed: %s)" % e
    return {
        "run": run_no, "notebook": name, "mode": mode, "kernel": kernel, "status": status, "detail": detail,
        "seconds": round(elapsed, 3),
        "ready_seconds": None if client.ready_seconds is None else round(client.ready_seconds, 3),
        "starts": client.starts, "retries": client.retries, "retry_reasons": client.retry_reasons,
        "html": html_ok,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("notebooks", nargs="*", help="notebooks to run (default: notebooks/*.ipynb, sorted)")
    ap.add_argument("--kernel", help="kernelspec to use (default: the notebook's, else %s)" % DEFAULT_KERNEL)
    ap.add_argument("--repeat", type=int, default=1, metavar="N", help="run the whole set N times (cold kernels)")
    ap.add_argument("--start-timeout", type=float, default=8.0, metavar="S",
                    help="seconds a kernel start may take to answer before it is retried (default 8)")
    ap.add_argument("--max-starts", type=int, default=3, help="kernel starts allowed per notebook (default 3)")
    ap.add_argument("--cell-timeout", type=int, default=60, metavar="S",
                    help="seconds one cell may run before it counts as a hang (default 60)")
    ap.add_argument("--out", default=os.path.join(NOTEBOOKS, "out"), help="output folder (default notebooks/out)")
    ap.add_argument("--no-html", action="store_true", help="skip the HTML export")
    ap.add_argument("--keep-going", action="store_true", help="with --repeat: do not stop at the first failure")
    ap.add_argument("--summary", help="write a JSON summary here (default OUT/run-summary.json)")
    ap.add_argument("--answers", choices=["empty", "reference", "both"], default="empty",
                    help="prediction cells: as committed (empty, the default), filled in with the reference "
                         "answers of notebooks/answers/ (reference), or both runs, empty first")
    ap.add_argument("--with-answers", dest="answers", action="store_const", const="reference",
                    help="same as --answers reference")
    ap.add_argument("--answers-dir", default=ANSWERS, help="where the reference answers are (default notebooks/answers)")
    ap.add_argument("--write-filled", metavar="DIR",
                    help="write to DIR a copy of each notebook with prediction cells, filled in with the reference "
                         "answers as --with-answers fills them, and exit (runs no kernel)")
    ap.add_argument("--core-stamp", nargs="?", const="", metavar="SPEC_DIR",
                    help="print the stamp of this checkout's core and kernel jars (or of the copies in a "
                         "kernelspec folder) and exit")
    args = ap.parse_args()
    if args.core_stamp is not None:
        print(core_stamp(args.core_stamp or None))
        return

    if args.write_filled:
        problems = write_filled(find_notebooks(args), args.write_filled, args.answers_dir)
        for p in problems:
            print("run_notebooks: " + p, file=sys.stderr)
        sys.exit(1 if problems else 0)

    logging.getLogger("traitlets").setLevel(logging.CRITICAL)
    note = stale_kernel_note(args.kernel or DEFAULT_KERNEL)
    if note:
        print(note, flush=True)
    paths = find_notebooks(args)
    if not paths:
        sys.exit("run_notebooks: no notebooks found in %s" % NOTEBOOKS)
    os.makedirs(args.out, exist_ok=True)

    modes = ["empty", "reference"] if args.answers == "both" else [args.answers]
    plan = []
    for mode in modes:
        chosen = paths
        if mode == "reference" and len(modes) > 1:
            # the second pass: only the notebooks that have prediction cells
            chosen = [p for p in paths if prediction_cells(nbformat.read(p, as_version=4))]
        plan.append((mode, chosen))
    if len(modes) > 1 or args.answers == "reference":
        print("prediction cells: " + "; then ".join(
            "%s (%d notebook%s)" % ("as committed, empty" if m == "empty" else "filled in with notebooks/answers/",
                                    len(c), "" if len(c) == 1 else "s") for m, c in plan), flush=True)

    results = []
    failed = False
    t_all = time.monotonic()
    for run_no in range(1, args.repeat + 1):
        steps = [(mode, idx, len(chosen), path) for mode, chosen in plan for idx, path in enumerate(chosen, 1)]
        for mode, idx, count, path in steps:
            out_dir = args.out if mode == "empty" else os.path.join(args.out, "with-answers")
            os.makedirs(out_dir, exist_ok=True)
            r = run_one(path, args, out_dir, run_no, mode)
            results.append(r)
            prefix = "run %d/%d " % (run_no, args.repeat) if args.repeat > 1 else ""
            if len(modes) > 1 or mode == "reference":
                prefix += "[%s] " % ("empty" if mode == "empty" else "answers")
            extra = ""
            if r["ready_seconds"] is not None:
                extra = " (kernel ready %.1fs)" % r["ready_seconds"]
            if r["retries"]:
                extra += " [%d start retr%s]" % (r["retries"], "y" if r["retries"] == 1 else "ies")
            print("%s[%d/%d] %-32s %-12s %5.1fs%s%s" % (prefix, idx, count, r["notebook"], r["status"],
                                                      r["seconds"], extra, r["html"]), flush=True)
            if r["status"] != "ok":
                failed = True
                for line in r["detail"].splitlines()[:40]:
                    print("    " + line, flush=True)
        if failed and not args.keep_going:
            break
    total = time.monotonic() - t_all

    runs_done = max(r["run"] for r in results)
    bad = [r for r in results if r["status"] != "ok"]
    retries = sum(r["retries"] for r in results)
    hangs = sum(1 for r in results if r["status"] == "hang")
    starts = sum(r["starts"] for r in results)
    per_nb = {}
    for r in results:
        key = r["notebook"] if r["mode"] == "empty" else r["notebook"] + " (answers)"
        per_nb.setdefault(key, []).append(r["seconds"])
    summary = {
        "runs": runs_done, "notebooks": len(paths), "executions": len(results),
        "failures": len(bad), "hangs": hangs, "kernel_starts": starts, "start_retries": retries,
        "failed_runs": sorted({r["run"] for r in bad}),
        "seconds_total": round(total, 1),
        "seconds_per_notebook": {k: {"min": min(v), "median": round(statistics.median(v), 3), "max": max(v)}
                                 for k, v in per_nb.items()},
        "results": results,
    }
    with open(args.summary or os.path.join(args.out, "run-summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
    clean_runs = runs_done - len(summary["failed_runs"])
    print("summary: %d run(s) of %d notebook(s): %d executions, %d failed (%d hangs), %d clean run(s); "
          "%d kernel starts, %d start retries; %.1fs" % (runs_done, len(paths), len(results), len(bad), hangs,
                                                        clean_runs, starts, retries, total))
    if len(per_nb) and args.repeat > 1:
        for k, v in per_nb.items():
            print("  %-32s min %.1fs  median %.1fs  max %.1fs" % (k, min(v), statistics.median(v), max(v)))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
