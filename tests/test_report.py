"""`./slim report --quick` end to end on the small welcome notebook: HTML with the inputs, Java highlighting,
embedded plots and the provenance header; an index; and the same output twice except for the timings."""
import json
import re
import subprocess

import nbformat
import pytest

from conftest import REPO

TIMING = re.compile(r'<span class="slimlab-timing">[^<]*</span>')


def report(out):
    done = subprocess.run([str(REPO / "slim"), "report", "--quick", "--only", "00", "--out", str(out), "--json"],
                          cwd=REPO, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    first, second = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second")
    return first, report(first), second, report(second)


def test_report_lists_one_notebook_without_errors(reports):
    first, summary, _, _ = reports
    assert summary["notebooks"] == 1 and summary["failed"] == 0
    assert sorted(p.name for p in first.iterdir()) == [
        "00-welcome.html", "00-welcome.ipynb", "index.html", "report.json"]
    facts = json.loads((first / "report.json").read_text())
    assert facts["notebooks"][0]["notebook"] == "00-welcome.ipynb"
    assert facts["notebooks"][0]["errors"] == []


def test_html_shows_java_inputs_highlighted_and_plots_embedded(reports):
    page = (reports[0] / "00-welcome.html").read_text()
    source = nbformat.read(str(REPO / "notebooks" / "00-welcome.ipynb"), as_version=4)
    first_code = next(c.source for c in source.cells if c.cell_type == "code")
    assert "environment" in first_code and "environment" in page
    assert re.search(r'<span class="k[a-z]*">(try|new|int|double|for)</span>', page), "no Java keyword highlighted"
    assert "data:image/png;base64," in page or "<svg" in page, "no embedded plot"
    assert "Traceback" not in page


def test_report_records_commit_versions_device_seed_and_wall_time(reports):
    first = reports[0]
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    facts = json.loads((first / "report.json").read_text())["provenance"]
    assert facts["commit"].startswith(commit)
    assert facts["engine"].startswith("PyTorch ") and facts["djl"] and facts["java"]
    assert facts["quick"].startswith("on")
    for page in ((first / "index.html").read_text(), (first / "00-welcome.html").read_text()):
        for key in ("commit", "java", "djl", "engine", "device"):
            assert facts[key].split(" ")[0] in page, key
        assert TIMING.search(page), "no wall time"
        assert "no training run" in page, "the welcome notebook trains nothing, and the seed row says so"


def test_report_is_deterministic_except_timings(reports):
    first, _, second, _ = reports
    for name in ("00-welcome.ipynb", "00-welcome.html", "index.html"):
        a, b = (first / name).read_text(), (second / name).read_text()
        assert TIMING.sub("", a) == TIMING.sub("", b), name
    nb = nbformat.read(str(first / "00-welcome.ipynb"), as_version=4)
    assert all("execution" not in c.metadata for c in nb.cells)
    assert set(nb.metadata) <= {"kernelspec", "language_info"}
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", (first / "00-welcome.html").read_text())
