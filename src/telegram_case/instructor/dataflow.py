"""Which answers a later answer builds on, read from the notebook's code.

Notebook answers build on each other: in notebook 01 the growth rate uses the
``cagr`` function of the question before it. A simulated student who gets one
question wrong and a later one right must not build the later one on the
wrong one, or the later one is wrong too and the expected score is off. This
module follows names through the code cells, statement by statement: a name
assigned in the answer cell of question ``q`` carries ``q``, and so does any
name computed from it later; a question depends on every question its answer
cell or its test cell (including hidden tests and the variables its check
reads) reads from. The analysis is static and errs on the side of more
dependencies (a function body counts as read where it is defined).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping

from nbformat import NotebookNode

from .cells import ANSWER_PREFIX, grade_id

__all__ = ["dependencies", "statement_names"]

# Methods that change the object they are called on (pandas, lists, sets, dicts).
MUTATORS = frozenset({
    "append", "extend", "insert", "remove", "pop", "clear", "sort", "reverse", "update",
    "add", "discard", "setdefault", "popitem",
})


def _base_name(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Subscript, ast.Attribute)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def statement_names(statement: ast.stmt) -> tuple[set[str], set[str]]:
    """The names a top-level statement reads and the names it (re)binds or changes."""
    reads: set[str] = set()
    writes: set[str] = set()
    for node in ast.walk(statement):
        if isinstance(node, ast.Name):
            (reads if isinstance(node.ctx, ast.Load) else writes).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            writes.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                writes.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
            for target in targets:
                if isinstance(target, (ast.Subscript, ast.Attribute)):
                    name = _base_name(target)
                    if name:
                        writes.add(name)
            if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
                reads.add(node.target.id)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            inplace = any(k.arg == "inplace" for k in node.keywords)
            if node.func.attr in MUTATORS or inplace:
                name = _base_name(node.func.value)
                if name:
                    writes.add(name)
    return reads, writes


def _statements(source: str) -> list[ast.stmt]:
    from IPython.core.inputtransformer2 import TransformerManager

    code = TransformerManager().transform_cell(source)  # magics become plain Python
    try:
        return ast.parse(code).body
    except SyntaxError:
        return []


def dependencies(notebook: NotebookNode,
                 variables: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
    """For each question, the earlier questions its answer or its test builds on.

    Parameters
    ----------
    notebook
        The instructor notebook (answer cells hold the solutions, test cells the
        hidden tests).
    variables
        Question name -> the variables its check reads (``Question.variables``).

    Returns
    -------
    dict
        Question name -> set of question names (never the question itself).
    """
    carries: dict[str, frozenset[str]] = {}
    depends: dict[str, set[str]] = {name: set() for name in variables}
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        gid = grade_id(cell) or ""
        answering = gid[len(ANSWER_PREFIX):] if gid.startswith(ANSWER_PREFIX) else None
        testing = gid if gid in variables else None
        own = frozenset({answering}) if answering in variables else frozenset()
        for statement in _statements(cell.source):
            reads, writes = statement_names(statement)
            incoming = frozenset().union(*(carries.get(name, frozenset()) for name in reads))
            for question in (answering, testing):
                if question in depends:
                    depends[question] |= incoming
            for name in writes:
                mutated = name in reads
                carries[name] = incoming | own | (carries.get(name, frozenset()) if mutated
                                                  else frozenset())
        if testing:
            for name in variables[testing]:
                depends[testing] |= carries.get(name, frozenset())
    for name in depends:
        depends[name].discard(name)
    return depends
