"""Put back grade cells a student deleted, and score them (a fix for nbgrader 0.9.6).

nbgrader 0.9.6 can re-insert deleted grade cells before autograding
(``OverwriteCells.add_missing_cells``), but it places each one after "the
previous cell" and looks that cell up among the submission's *grade and
solution* cells only. When the previous cell is a read-only prompt (as before
every written answer of this course) or was deleted too (a student who deletes
an answer cell and its test cell), autograding that student fails with a
``KeyError`` and the submission is not graded at all.

:class:`RestoreMissingCells` is nbgrader's ``OverwriteCells`` with that step
replaced: a missing grade cell goes after the nearest earlier cell of the
source notebook that the submission still has (or first, if there is none). A
test cell that comes back runs and is scored like any other. A written answer
that comes back holds nbgrader's notice and the empty stub, so it scores zero
as an unanswered one does, instead of waiting as "needs manual grade" (a
grader can still give it points in the formgrader).

The order of the source notebook's cells is the order nbgrader stored them in
the gradebook when the assignment was first generated (nbgrader keeps no cell
positions); cells added to the source notebook later count as coming last.

Enable it in ``nbgrader_config.py``::

    c.Autograde.sanitize_preprocessors = [ClearOutput, DeduplicateIds,
        OverwriteKernelspec, RestoreMissingCells, CheckCellMetadata]
    c.OverwriteCells.add_missing_cells = True
"""

from __future__ import annotations

from nbconvert.exporters.exporter import ResourcesDict
from nbformat import NotebookNode, from_dict
from nbgrader import utils
from nbgrader.preprocessors import OverwriteCells

__all__ = ["RestoreMissingCells"]


class RestoreMissingCells(OverwriteCells):
    """nbgrader's ``OverwriteCells``, restoring deleted grade cells without failing."""

    def add_missing_grade_cells(self, nb: NotebookNode,
                                resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        """Insert every grade cell the submission lacks after its nearest present predecessor."""
        source = self.gradebook.find_notebook(self.notebook_id, self.assignment_id)
        order = [cell.name for cell in source.source_cells]
        by_name = {cell.name: cell for cell in source.source_cells}
        grade_cells = {cell.name: cell for cell in source.grade_cells}
        solutions = {cell.name for cell in source.solution_cells}
        for position, name in enumerate(order):
            if name not in grade_cells or _index(nb, name) is not None:
                continue
            self.log.warning("Grade cell %s is missing from %s (student %s); putting it back",
                             name, self.notebook_id, resources["nbgrader"].get("student"))
            cell = from_dict(self.missing_cell_transform(
                by_name[name], grade_cells[name].max_score, is_solution=name in solutions))
            if name in solutions:  # a deleted written answer is an unanswered one
                cell.metadata.nbgrader["checksum"] = utils.compute_checksum(cell)
            before = (_index(nb, earlier) for earlier in reversed(order[:position]))
            anchor = next((index for index in before if index is not None), None)
            nb.cells.insert(0 if anchor is None else anchor + 1, cell)
        return nb, resources


def _index(nb: NotebookNode, name: str) -> int | None:
    for index, cell in enumerate(nb.cells):
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == name:
            return index
    return None
