"""Executes notebooks on a Jupyter kernel and renders them as HTML reports (run by `./slim report`).

  python3 notebook_report.py --out DIR [--fact KEY=VALUE ...] [--kernel slimlab] [--timeout S] [--home DIR] NOTEBOOK...

For each notebook: executes it top to bottom (errors are kept as outputs, as Jupyter shows them), writes
the executed notebook (DIR/<name>.ipynb) and its HTML rendering (DIR/<name>.html) with a header that
records what ran: the facts given with --fact (git commit, Java, DJL, libtorch, device ...), the seeds of the
training runs the notebook wrote (their args.yaml) and its wall time. Then DIR/index.html lists every
notebook, and DIR/report.json holds the same facts for programs. Nothing in the output depends on the
time of day: execution timestamps are not recorded, and the wall times (the only figures that vary
between runs) sit in elements of class "slimlab-timing". Exit status 1 when any notebook had an error.
"""
import argparse
import html
import json
import pathlib
import re
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter

TIMING = '<span class="slimlab-timing">%s</span>'
PROVENANCE_LABELS = [("commit", "Git commit"), ("java", "Java"), ("djl", "DJL"), ("engine", "Engine (libtorch)"),
                     ("device", "Device"), ("cpus", "CPU cores"), ("os", "OS"), ("quick", "Quick mode")]


def seeds_since(home, start):
    """Seeds of the runs under home/runs whose args.yaml was written at or after start (epoch seconds)."""
    seeds = {}
    runs = home / "runs"
    if runs.is_dir():
        for args in sorted(runs.rglob("args.yaml")):
            if args.stat().st_mtime >= start:
                m = re.search(r"^seed:\s*(\S+)", args.read_text(), re.MULTILINE)
                if m:
                    seeds[str(args.parent.relative_to(home))] = m.group(1)
    return seeds


def errors_of(nb):
    found = []
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append("cell %d: %s: %s" % (index, out.get("ename"), out.get("evalue")))
    return found


def strip(nb):
    """Keeps only the notebook metadata that describes its language, and no per-cell execution records."""
    nb.metadata = nbformat.from_dict({k: nb.metadata[k] for k in ("kernelspec", "language_info") if k in nb.metadata})
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("collapsed", None)
        for out in cell.get("outputs", []):
            out.get("metadata", {}).pop("execution", None)
    return nb


def table(rows):
    body = "".join("<tr><th>%s</th><td>%s</td></tr>" % (html.escape(k), v) for k, v in rows)
    return '<table class="slimlab-provenance">%s</table>' % body


def provenance_rows(provenance):
    return [(label, html.escape(str(provenance.get(key, "")))) for key, label in PROVENANCE_LABELS]


def seed_text(seeds):
    if not seeds:
        return "no training run"
    return ", ".join("%s (%s)" % (html.escape(seed), html.escape(run)) for run, seed in seeds.items())


def header_cell(name, provenance, result):
    rows = provenance_rows(provenance) + [
        ("Seed", seed_text(result["seeds"])),
        ("Wall time", TIMING % ("%.1f s" % result["seconds"])),
        ("Errors", str(len(result["errors"]))),
    ]
    return nbformat.v4.new_markdown_cell("**SlimLab report: %s**\n\n%s" % (html.escape(name), table(rows)))


def run_notebook(path, args, provenance, exporter):
    nb = nbformat.read(str(path), as_version=4)
    client = NotebookClient(nb, kernel_name=args.kernel, timeout=args.timeout, startup_timeout=180,
                            allow_errors=True, record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.time()
    clock = time.perf_counter()
    failure = []
    try:
        client.execute()
    except Exception as e:  # a cell timeout or a dead kernel ends this notebook, not the report
        failure.append("kernel: %s: %s" % (type(e).__name__, str(e).strip().splitlines()[0] if str(e).strip() else ""))
    seconds = time.perf_counter() - clock
    strip(nb)
    result = {"notebook": path.name, "seconds": round(seconds, 1), "errors": errors_of(nb) + failure,
              "seeds": seeds_since(args.home, start), "cells": len(nb.cells)}
    stem = path.stem
    nbformat.write(nb, str(args.out / (stem + ".ipynb")))
    shown = nbformat.from_dict(json.loads(json.dumps(nb)))
    shown.cells.insert(0, header_cell(path.name, provenance, result))
    body, _ = exporter.from_notebook_node(shown, resources={"metadata": {"name": stem}})
    (args.out / (stem + ".html")).write_text(body, encoding="utf-8")
    result["html"] = stem + ".html"
    return result


def index_html(provenance, results):
    rows = "".join(
        '<tr><td><a href="%s">%s</a></td><td>%s</td><td>%d</td><td>%s</td><td>%s</td></tr>' % (
            html.escape(r["html"]), html.escape(r["notebook"]), "ok" if not r["errors"] else "errors",
            len(r["errors"]), TIMING % ("%.1f s" % r["seconds"]), seed_text(r["seeds"]))
        for r in results)
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>SlimLab report</title>"
            "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
            "th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}</style></head><body>\n"
            "<h1>SlimLab report</h1>\n%s\n<h2>Notebooks</h2>\n<table class=\"slimlab-notebooks\"><tr><th>notebook</th>"
            "<th>status</th><th>errors</th><th>wall time</th><th>seed (run)</th></tr>%s</table>\n</body></html>\n"
            % (table(provenance_rows(provenance)), rows))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fact", action="append", default=[], help="KEY=VALUE of the provenance (commit, java ...)")
    parser.add_argument("--out", required=True, type=pathlib.Path)
    parser.add_argument("--kernel", default="slimlab")
    parser.add_argument("--timeout", type=int, default=1200, help="seconds per cell")
    parser.add_argument("--home", type=pathlib.Path, default=pathlib.Path.cwd(), help="checkout whose runs/ to scan")
    parser.add_argument("notebooks", nargs="+", type=pathlib.Path)
    args = parser.parse_args()

    provenance = dict(f.split("=", 1) for f in args.fact)
    args.out.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(template_name="lab")
    results = []
    for path in args.notebooks:
        print("report: running %s" % path.name, flush=True)
        r = run_notebook(path.resolve(), args, provenance, exporter)
        results.append(r)
        print("report: %-36s %s, %.1f s" % (r["notebook"], "ok" if not r["errors"] else "%d error(s)" % len(r["errors"]),
                                            r["seconds"]), flush=True)
        for e in r["errors"]:
            print("report:   " + e, flush=True)
    (args.out / "index.html").write_text(index_html(provenance, results), encoding="utf-8")
    (args.out / "report.json").write_text(json.dumps({"provenance": provenance, "notebooks": results}, indent=1) + "\n")
    return 1 if any(r["errors"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
