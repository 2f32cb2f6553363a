"""Strict reading of submissions, and the findings grading records for the instructor.

A step that repairs or notices something records a :class:`Finding` in the notebook's
metadata (the autograded notebook keeps it): ``error`` (not gradable as submitted; the
result is complete, zero where nothing ran), ``flag`` (look at it) or ``note``. Before
nbgrader reads a submission, :func:`prepare_submission` and :class:`SubmissionReader`
turn a malformed timestamp, a missing or an unreadable notebook into a complete, flagged
result instead of a failure. Nothing in the submission folder is deleted or rewritten; the
one change there is a malformed ``timestamp.txt`` renamed (see :func:`prepare_submission`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import nbformat
from nbconvert.exporters import NotebookExporter
from nbconvert.exporters.exporter import ResourcesDict
from nbformat import NotebookNode
from nbgrader.utils import parse_utc
from traitlets import Integer

ERROR, FLAG, NOTE = "error", "flag", "note"
METADATA_KEY = "telegram_case"
UNREADABLE_TIMESTAMP = "timestamp.txt.unreadable"


@dataclass(frozen=True)
class Finding:
    """Something a grading step repaired or noticed in one notebook."""

    severity: str
    code: str
    message: str
    cell: str = ""

    def __str__(self) -> str:
        where = f" [{self.cell}]" if self.cell else ""
        return f"{self.severity}: {self.code}{where}: {self.message}"


def record(nb: NotebookNode, severity: str, code: str, message: str, cell: str = "") -> None:
    """Add a finding to the notebook's metadata (the autograded notebook keeps it)."""
    store = nb.metadata.setdefault(METADATA_KEY, {})
    store.setdefault("findings", []).append(asdict(Finding(severity, code, message, cell)))


def findings(nb: NotebookNode) -> list[Finding]:
    """The findings recorded in a notebook, in order."""
    raw = nb.get("metadata", {}).get(METADATA_KEY, {}).get("findings", [])
    return [Finding(**item) for item in raw if isinstance(item, dict)]


def read_strictly(path: Path, max_bytes: int) -> tuple[NotebookNode | None, str]:
    """Read a submitted notebook: (notebook, "") or (None, why it cannot be read)."""
    if not path.exists():
        others = ", ".join(sorted(p.name for p in path.parent.glob("*.ipynb")))
        found = f" Found {others} instead: if renamed, rename it and grade again." if others else ""
        return None, f"{path.name} was not submitted.{found}"
    if path.is_symlink() or not path.is_file() or path.stat().st_size > max_bytes:
        return None, f"{path.name} is a link, a folder or larger than {max_bytes / 1e6:.0f} MB."
    try:
        text = path.read_bytes().decode("utf-8")
        data = json.loads(text)
    except UnicodeDecodeError as error:
        return None, f"{path.name} is not UTF-8 text (byte {error.start}), so not from Jupyter."
    except ValueError as error:
        return None, f"{path.name} is not valid JSON ({error}): damaged or edited by hand."
    if not isinstance(data, dict) or not ("cells" in data or "worksheets" in data):
        return None, f"{path.name} is JSON but not a notebook."
    try:
        notebook = nbformat.reads(text, as_version=4)
        nbformat.validate(notebook)
    except Exception as error:  # nbformat raises several kinds for a broken notebook
        return None, f"{path.name} breaks the notebook format: {str(error).splitlines()[0][:300]}"
    return notebook, ""


def _stand_in(path: Path, reason: str) -> NotebookNode:
    note = (
        f"**{path.name} could not be graded as submitted.** {reason}\n\nEvery grade cell was "
        "put back from the gradebook and scores 0. The submission folder is unchanged: fix "
        "the file (or ask for a new copy) and grade this student again."
    )
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(note)])
    record(nb, ERROR, "unreadable", reason)
    return nb


class SubmissionReader(NotebookExporter):
    """nbgrader's notebook exporter, reading submissions strictly (``Autograde.exporter_class``).

    A readable submission loses metadata a student may have forged (findings, nbgrader
    metadata that is not a mapping with a text id, on which nbgrader's own steps crash);
    an unreadable one becomes a stand-in. Notebooks nbgrader wrote are read as usual.
    """

    max_bytes = Integer(20_000_000, help="Larger submitted notebooks are not read").tag(config=True)

    def from_filename(self, filename: str, resources: dict | None = None, **kw):
        path, coursedir = Path(filename), getattr(self.parent, "coursedir", None)
        submitted = coursedir and Path(coursedir.root, coursedir.submitted_directory).resolve()
        if submitted and submitted not in path.resolve().parents:  # a notebook nbgrader wrote
            return super().from_filename(filename, resources, **kw)
        notebook, reason = read_strictly(path, self.max_bytes)
        if notebook is None:
            self.log.error("%s: %s", path, reason)
            notebook = _stand_in(path, reason)
        else:
            notebook.metadata.pop(METADATA_KEY, None)
        for index, cell in enumerate(notebook.cells):
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if not isinstance(meta, dict) or not isinstance(meta.get("grade_id", ""), str):
                del cell.metadata["nbgrader"]
                record(notebook, FLAG, "metadata-changed", f"cell {index}: bad nbgrader metadata")
        resources = ResourcesDict() if resources is None else resources
        resources.setdefault("metadata", ResourcesDict())
        resources["metadata"].update(name=path.stem, path=str(path.parent))
        return self.from_notebook_node(notebook, resources, **kw)


def _readable_timestamp(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8").strip()
        return path.is_file() and len(text) < 100 and (not text or parse_utc(text) is not None)
    except (ValueError, OverflowError, UnicodeDecodeError, OSError):
        return False


def prepare_submission(assignment: str, student: str, notebooks: list[str]) -> None:
    """nbgrader's ``Autograde.pre_convert_hook`` for the ``notebooks`` of one submission folder
    (``<root>/submitted/<student>/<assignment>``): a notebook of ``<root>/source/<assignment>``
    not submitted is added to ``notebooks``, and a malformed ``timestamp.txt`` is renamed to
    ``timestamp.txt.unreadable`` in that folder, its content kept (``-2``, ``-3`` if taken).
    The rename is needed: nbgrader 0.9.6's autograde reads ``timestamp.txt`` from the
    submission folder with ``CourseDirectory.get_existing_timestamp``, which fails the student
    on a time it cannot parse, and its ``CourseDirectory`` is no configurable class."""
    if not notebooks:
        return
    folder = Path(notebooks[0]).parent
    timestamp = folder / "timestamp.txt"
    if (timestamp.exists() or timestamp.is_symlink()) and not _readable_timestamp(timestamp):
        aside, number = folder / UNREADABLE_TIMESTAMP, 1
        while aside.exists():
            number += 1
            aside = folder / f"{UNREADABLE_TIMESTAMP}-{number}"
        timestamp.rename(aside)
    present = {Path(path).name for path in notebooks}
    for expected in sorted((folder.parents[2] / "source" / folder.name).glob("*.ipynb")):
        if expected.name not in present:
            notebooks.append(str(folder / expected.name))
