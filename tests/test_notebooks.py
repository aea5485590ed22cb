"""Every notebook in notebooks/ runs headless, top to bottom, on the SlimLab kernel in quick mode
(SLIMLAB_QUICK=1) without a single error output.

With SLIMLAB_EXECUTED_NOTEBOOKS=DIR (environment/test sets it after `./slim report --quick --out DIR`), the
checks read the executed notebooks the report wrote there instead of running every notebook a second time."""
import json
import os
import pathlib

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import KERNEL_NAME, REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
CELL_TIMEOUT = int(os.environ.get("SLIMLAB_CELL_TIMEOUT", "1200"))
EXECUTED = os.environ.get("SLIMLAB_EXECUTED_NOTEBOOKS")


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks in notebooks/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_metadata_names_the_slimlab_kernel(path):
    meta = json.loads(path.read_text())["metadata"]
    assert meta["kernelspec"] == {"name": KERNEL_NAME, "display_name": "Java (SlimLab)", "language": "java"}
    assert meta["language_info"]["name"] == "java"
    assert meta["language_info"]["pygments_lexer"] == "java"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_cell_ids_are_unique(path):
    # nbformat renames a repeated id on every read and warns; Jupyter would rewrite the file
    ids = [cell.get("id") for cell in json.loads(path.read_text())["cells"]]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    assert not repeated, "%s: repeated cell ids %s" % (path.name, repeated)


def executed(path, monkeypatch):
    """The notebook after a quick-mode run: the report's copy when there is one, else executed here."""
    if EXECUTED:
        out = pathlib.Path(EXECUTED) / path.name
        assert out.is_file(), "%s: ./slim report wrote no executed copy (see its output above)" % out
        return nbformat.read(out, as_version=4)
    monkeypatch.setenv("SLIMLAB_QUICK", "1")
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name=KERNEL_NAME, timeout=CELL_TIMEOUT, startup_timeout=180,
                            allow_errors=True, record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    return nb


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_without_errors(path, monkeypatch):
    nb = executed(path, monkeypatch)
    source = nbformat.read(path, as_version=4)
    assert [c.source for c in nb.cells] == [c.source for c in source.cells], "executed copy of another version"
    errors = []
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                errors.append("cell %d: %s: %s\n%s" % (index, out.get("ename"), out.get("evalue"),
                                                       "\n".join(out.get("traceback", []))))
    assert not errors, "\n\n".join(errors)
    assert all(c.get("execution_count") for c in nb.cells if c.cell_type == "code" and c.source.strip())
