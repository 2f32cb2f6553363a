"""RestoreMissingCells: every grade cell graded once, as the instructor wrote it.

nbgrader 0.9.6's ``OverwriteCells`` fails the student (a half-written gradebook entry) on
a deleted grade cell after a read-only prompt, a duplicated grade or task cell (the empty
metadata ``DeduplicateIds`` leaves), a flipped grade or solution flag and an unknown grade
id. This subclass repairs each and records it as a finding; a missing grade or task cell
goes after the nearest earlier cell still there, and a deleted written answer scores 0.
"""

from __future__ import annotations

from nbformat import NotebookNode, from_dict
from nbgrader import utils
from nbgrader.preprocessors import OverwriteCells

from ... import cells
from ..checks import FLAG, NOTE, findings, record

_FLAGS = ("grade", "solution", "task")


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines() if line.strip()]


def _edited(submitted: str, source: str) -> bool:
    """Does a read-only cell differ from the instructor's (with or without hidden tests)?"""
    return _lines(submitted) not in (_lines(source), _lines(cells.strip_hidden(source)))


def _index(nb: NotebookNode, name: str) -> int | None:
    return next((i for i, cell in enumerate(nb.cells) if cells.grade_id(cell) == name), None)


class RestoreMissingCells(OverwriteCells):
    """nbgrader's ``OverwriteCells`` that repairs deleted, duplicated and re-labelled cells."""

    def _flag(self, code: str, message: str, cell: str = "", severity: str = FLAG) -> None:
        record(self._nb, severity, code, message, cell)

    def preprocess(self, nb, resources):
        """Repair ``nb`` (a submission) against the gradebook; record each repair."""
        self._nb, self._reference = nb, None
        for index, cell in enumerate(nb.cells):
            meta = cell.get("metadata", {}).get("nbgrader")
            if meta is not None and not meta.get("grade_id"):
                del cell.metadata["nbgrader"]
                if meta == {}:  # what DeduplicateIds leaves of all copies but the last
                    self._flag("duplicate-cell", f"cell {index} copies a graded cell; not graded")
        return super().preprocess(nb, resources)

    def _cells(self) -> dict[str, dict]:
        """Grade id -> what the gradebook has for it, in notebook order: flags, points, cell."""
        if self._reference is None:
            source = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
            points = {c.name: float(c.max_score) for c in [*source.grade_cells, *source.task_cells]}
            kinds = {kind: {c.name for c in getattr(source, f"{kind}_cells")} for kind in _FLAGS}
            self._reference = {
                c.name: {"points": points.get(c.name), "cell": c}
                | {k: c.name in kinds[k] for k in _FLAGS}
                for c in source.source_cells
            }
        return self._reference

    def preprocess_cell(self, cell, resources, cell_index):
        grade_id = cells.grade_id(cell)
        if grade_id is not None and grade_id not in self._cells():
            why = (
                f"cell {cell_index}: a grade id the assignment does not have (renamed or invented)"
            )
            self._flag("unknown-cell", f"{why}; graded as a plain cell", grade_id)
            del cell.metadata["nbgrader"]
        elif grade_id is not None:
            meta, want = cell.metadata.nbgrader, self._cells()[grade_id]
            for key in _FLAGS:
                if bool(meta.get(key)) != want[key]:
                    self.report_change(grade_id, key, want[key], meta.get(key))
                    meta[key] = want[key]
            if want["points"] is not None and not isinstance(meta.get("points"), int | float):
                self.report_change(grade_id, "points", want["points"], meta.get("points"))
                meta["points"] = want["points"]
            if want["cell"].locked and _edited(cell.source, want["cell"].source):
                self._flag("edited-read-only", "a read-only cell was edited; put back", grade_id)
        return super().preprocess_cell(cell, resources, cell_index)

    def report_change(self, name, attr, old, new):
        if attr == "checksum":  # a test cell's changes with its hidden tests: not worth a warning
            self.log.debug("Checksum of cell %s restored (hidden tests put back)", name)
            return
        super().report_change(name, attr, old, new)
        self._flag("metadata-changed", f"{attr} was {new!r}, not {old!r}; put back", name)

    def add_missing_grade_cells(self, nb, resources):
        """Put back every grade or task cell the submission lacks (nbgrader's own appends task
        cells at the end and raises ``KeyError`` where the cell before is not a graded one).
        A stand-in for an unreadable notebook lacks them all: its one finding says why."""
        stand_in = any(finding.code == "unreadable" for finding in findings(nb))
        flag = (lambda *_: None) if stand_in else self._flag
        order = list(self._cells())
        for position, (name, want) in enumerate(self._cells().items()):
            if not (want["grade"] or want["task"]) or _index(nb, name) is not None:
                continue
            args = (want["cell"], want["points"], want["solution"], want["task"])
            cell = from_dict(self.missing_cell_transform(*args))
            if want["task"]:
                flag("deleted-task", "the task cell was deleted; put back", name)
            elif want["solution"]:  # a deleted written answer is an unanswered one
                cell.metadata.nbgrader["checksum"] = utils.compute_checksum(cell)
                flag("deleted-answer", "the written answer was deleted", name, NOTE)
            else:
                flag("deleted-test", "the test cell was deleted; put back", name)
            earlier = (_index(nb, other) for other in reversed(order[:position]))
            anchor = next((index for index in earlier if index is not None), -1)
            nb.cells.insert(anchor + 1, cell)
        return nb, resources

    def add_missing_task_cells(self, nb, resources):
        """Nothing: add_missing_grade_cells puts back task cells too."""
        return nb, resources
