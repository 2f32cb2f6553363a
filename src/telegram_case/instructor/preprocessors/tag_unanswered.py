"""TagUnansweredCells: a Run All through an untouched student version goes to the end.

Answer stubs, test cells ("Not attempted") and cells that use an answer fail until the
student answers, and JupyterLab's Run All stops at the first failing cell unless it is
tagged ``raises-exception``. Tagged, Run All goes through, every question shows its "Not
attempted", and the figures and explorers render; grading is unaffected. It runs in
``generate_assignment`` before ``ClearSolutions`` (it reads the names solutions define).
"""

from __future__ import annotations

import ast

from nbgrader import utils
from nbgrader.preprocessors import NbGraderPreprocessor

RAISES_EXCEPTION = "raises-exception"
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def _tree(source: str) -> ast.Module | None:
    """The cell's syntax tree, or None for what is not plain Python (IPython magics)."""
    try:
        return ast.parse(source)
    except SyntaxError:
        return None


def _names(tree: ast.Module | None, ctx: type, *, parameters: bool = False) -> set[str]:
    """Names a cell stores (``ast.Store``, with its defs) or reads (``ast.Load``)."""
    nodes = list(ast.walk(tree)) if tree else []
    names = {n.id for n in nodes if isinstance(n, ast.Name) and isinstance(n.ctx, ctx)}
    if ctx is ast.Store:  # definitions bind names too
        names |= {n.name for n in nodes if isinstance(n, _DEFINITIONS)}
    if parameters:
        names |= {n.arg for n in nodes if isinstance(n, ast.arg)}
    return names


def _stub_raises(cell) -> bool:
    """Does the stub nbgrader puts in this answer cell raise when the cell runs? At the top
    level it does; inside a ``def`` (a function to write) only a call does. A solution cell
    without markers is replaced whole."""
    begins = [line for line in cell.source.splitlines() if line.strip() == "### BEGIN SOLUTION"]
    return not begins or any(not line[0].isspace() for line in begins)


def answer_names(cells) -> set[str]:
    """Names only the answer cells define: undefined, or a stub that raises, until answered."""
    answers, others = set(), set()
    for cell in cells:
        if cell.cell_type == "code":
            (answers if utils.is_solution(cell) else others).update(
                _names(_tree(cell.source), ast.Store)
            )
    return answers - others


class TagUnansweredCells(NbGraderPreprocessor):
    """Tag every cell an untouched student version fails in with ``raises-exception``."""

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
                    "%r by hand, or Run All stops there.",
                    cell_index,
                    RAISES_EXCEPTION,
                )
            fails = utils.is_grade(cell) or bool(
                (_names(tree, ast.Load) - _names(tree, ast.Store, parameters=True)) & self._answers
            )
        if fails:
            tags = cell.metadata.setdefault("tags", [])
            if RAISES_EXCEPTION not in tags:
                tags.append(RAISES_EXCEPTION)
        return cell, resources
