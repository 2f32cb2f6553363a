"""nbgrader preprocessors of the course: small grading output, a Run All that goes through.

:class:`ClipOutput` (autograde, after ``LimitOutput``) cuts every output of a
cell to a number of characters. nbgrader's ``LimitOutput`` counts *lines*, so a
single 100 MB line would otherwise land in the autograded notebook, the
feedback and the instructor's browser. ``safe_grade`` adds it to its scratch
copy of the course configuration; to use it with plain ``nbgrader autograde``::

    c.Autograde.autograde_preprocessors = [
        Execute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
        "telegram_case.instructor.preprocessors.ClipOutput",
        SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]

:class:`TagUnansweredCells` (generate_assignment, before ``ClearSolutions``)
tags each cell that fails until the student answers, ``raises-exception``, so
that JupyterLab's Run All carries on past it (see the class).
course/nbgrader_config.py enables it.
"""

from __future__ import annotations

import ast

from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Integer

__all__ = ["RAISES_EXCEPTION", "ClipOutput", "TagUnansweredCells", "answer_names"]

RAISES_EXCEPTION = "raises-exception"

class ClipOutput(NbGraderPreprocessor):
    """Cut each output of a code cell to ``max_chars`` characters (images: dropped if larger)."""

    max_chars = Integer(100_000, help="characters kept of each output (-1: no limit)").tag(
        config=True)

    def _clip(self, text):
        if isinstance(text, list):
            text = "".join(text)
        if not isinstance(text, str) or self.max_chars < 0 or len(text) <= self.max_chars:
            return text
        return (text[:self.max_chars] + f"\n... output clipped by the grader: {len(text):,} "
                f"characters, {self.max_chars:,} kept ...\n")

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type != "code":
            return cell, resources
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                output["text"] = self._clip(output.get("text", ""))
            elif output.get("output_type") == "error":
                joined = "\n".join(output.get("traceback", []))
                if self.max_chars >= 0 and len(joined) > self.max_chars:
                    output["traceback"] = [self._clip(joined)]
                output["evalue"] = self._clip(output.get("evalue", ""))
            elif "data" in output:
                for mime, value in list(output["data"].items()):
                    if mime.startswith("text/") or mime.endswith("json"):
                        if isinstance(value, (str, list)):
                            output["data"][mime] = self._clip(value)
                    elif isinstance(value, str) and self.max_chars >= 0 and len(
                            value) > 10 * self.max_chars:
                        del output["data"][mime]
                        output["data"].setdefault("text/plain", f"[{mime} output dropped by "
                                                  "the grader: too large]")
        return cell, resources


def _tree(source: str) -> ast.Module | None:
    """The cell's syntax tree, or None for what is not plain Python (IPython magics)."""
    try:
        return ast.parse(source)
    except SyntaxError:
        return None


def _names(tree: ast.Module | None, ctx: type, *, parameters: bool = False) -> set[str]:
    """Names a cell stores (``ast.Store``, with its defs) or reads (``ast.Load``)."""
    if tree is None:
        return set()
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ctx)}
    if ctx is ast.Store:  # definitions bind names too
        names |= {n.name for n in ast.walk(tree) if isinstance(
            n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    if parameters:
        names |= {n.arg for n in ast.walk(tree) if isinstance(n, ast.arg)}
    return names


def _stub_raises(cell) -> bool:
    """Does the student's stub of this answer cell raise when the cell runs?

    nbgrader replaces each solution region with the stub, at the region's
    indentation: at the top level the cell raises; inside a ``def`` (a function
    to write) only a call does. A solution cell without markers is replaced whole.
    """
    if not utils.is_solution(cell):
        return False
    begins = [line for line in cell.source.splitlines()
              if line.strip() == "### BEGIN SOLUTION"]
    return not begins or any(not line[0].isspace() for line in begins)


def answer_names(cells) -> set[str]:
    """Names only the answer cells define: undefined, or a stub that raises, until answered."""
    answers, others = set(), set()
    for cell in cells:
        if cell.cell_type == "code":
            (answers if utils.is_solution(cell) else others).update(
                _names(_tree(cell.source), ast.Store))
    return answers - others


class TagUnansweredCells(NbGraderPreprocessor):
    """Tag every cell an untouched student version fails in with ``raises-exception``.

    In a student version an answer cell raises ``NotImplementedError`` (or, for a
    function to write, a call of it does), every test cell reports "Not
    attempted", and a cell that uses an answer (a "try it" cell) fails with a
    ``NameError`` or the stub's ``NotImplementedError``. JupyterLab's Run All stops at the first
    failing cell and cancels the rest, so a student would have to restart the run
    below each stub, a dozen times per notebook. JupyterLab and nbclient run a
    cell tagged ``raises-exception`` without stopping at its error (the kernel is
    asked not to cancel what is queued), so Run All goes through: every
    unanswered question shows its "Not attempted" and the narrative, figures and
    explorers all render. The tag changes nothing for grading (nbgrader executes
    every cell anyway) and nothing in nbgrader's checksums.

    It must run before ``ClearSolutions``: it reads the names the solutions define.
    """

    def preprocess(self, nb, resources):
        self._answers = answer_names(nb.cells)
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type != "code":
            return cell, resources
        if utils.is_solution(cell):
            fails = _stub_raises(cell)
        else:  # a test cell, or a cell that reads an answer it does not define itself
            tree = _tree(cell.source)
            if tree is None and not utils.is_grade(cell):
                self.log.warning(
                    "Cell %d is not plain Python (an IPython magic?), so it was not checked "
                    "for answers it uses; if it fails until the student answers, tag it "
                    "%r by hand, or Run All stops there.", cell_index, RAISES_EXCEPTION)
            fails = utils.is_grade(cell) or bool(
                (_names(tree, ast.Load) - _names(tree, ast.Store, parameters=True))
                & self._answers)
        if fails:
            tags = cell.metadata.setdefault("tags", [])
            if RAISES_EXCEPTION not in tags:
                tags.append(RAISES_EXCEPTION)
        return cell, resources
