"""The instructor notebooks as the library reads them: one source of truth.

A question's worked solution, its points, whether it has hidden tests, and a
written question's prompt, rubric and exemplar all live in the instructor
notebook ``course/source/NN-topic/NN-topic.ipynb``. The library never keeps a
second copy; it reads them from there:

* in a checkout of the repository (an editable install, Binder, the tests),
  from ``course/source/`` itself;
* in an installed wheel, from ``telegram_case/_course/NN-topic.json``, which
  the wheel's build hook (``hatch_build.py``) writes from the same notebooks
  with :func:`telegram_case.cells.reduced` (hidden tests left out).

Where neither exists (an autograding sandbox hides ``course/``), the lookups
return nothing and the checks still work: only the extras (worked solutions,
the progress table's points) say that they are not available.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from . import cells
from .repository import checkout

__all__ = ["SourceNotebook", "checkout_source", "source_notebook"]


def checkout_source() -> Path | None:
    """``course/source`` of the checkout this package runs from, if it has one."""
    root = checkout()
    return root / "course" / "source" if root and (root / "course" / "source").is_dir() else None


@dataclass(frozen=True)
class SourceNotebook:
    """The parts of one instructor notebook the library uses."""

    assignment: str
    notebook: dict

    def _cell(self, gid: str) -> dict | None:
        try:
            return cells.find(self.notebook, gid)[1]
        except KeyError:
            return None

    def points(self, gid: str) -> float | None:
        """The points of grade cell ``gid`` (None if there is no such grade cell)."""
        cell = self._cell(gid)
        if cell is None or not cells.meta(cell).get("grade"):
            return None
        return float(cells.meta(cell).get("points", 0))

    def worked_solution(self, question: str) -> str | None:
        """The solution region of ``answer_<question>``, without its delimiters."""
        cell = self._cell(cells.answer_id(question))
        text = cells.source(cell) if cell is not None else ""
        inside = cells.region(text, cells.BEGIN_SOLUTION, cells.END_SOLUTION)[1]
        if not "".join(inside).strip():  # no such cell, or a package built without solutions
            return None
        return cells.solution_code(text)

    def has_hidden_tests(self, question: str) -> bool:
        """True if the test cell of ``question`` has a hidden-test region."""
        cell = self._cell(question)
        return cell is not None and cells.has_hidden_tests(cells.source(cell))

    def exemplar(self, question: str) -> str | None:
        """A written question's model answer (its solution text, without the graders' label)."""
        cell = self._cell(question)
        if cell is None:
            return None
        text = cells.source(cell).strip()
        label = "*Model answer (for graders):*"
        return text.removeprefix(label).strip() or None

    def prompt(self, question: str) -> str | None:
        """The markdown that asks written question ``question`` (the cell before its answer)."""
        try:
            index, _ = cells.find(self.notebook, question)
        except KeyError:
            return None
        earlier = [c for c in self.notebook["cells"][:index] if c.get("cell_type") == "markdown"]
        return cells.source(earlier[-1]) if earlier else None

    def code_cells(self, *, tests: bool = False) -> list[str]:
        """The code of every code cell in order; test cells only if ``tests``."""
        return [
            cells.source(cell)
            for cell in self.notebook["cells"]
            if cell.get("cell_type") == "code"
            and (tests or cells.grade_id(cell) is None or not cells.meta(cell).get("grade"))
        ]

    def solved_namespace(self) -> dict:
        """The variables of a solved notebook: every code cell but the test cells, in order.

        Raises
        ------
        RuntimeError
            If a cell fails; the message names the notebook and the cell.
        """
        namespace: dict = {"__name__": "__main__"}
        for index, code in enumerate(self.code_cells()):
            try:
                exec(compile(code, f"<{self.assignment} code cell {index}>", "exec"), namespace)
            except Exception as error:
                raise RuntimeError(
                    f"{self.assignment}: code cell {index} failed: {error!r}"
                ) from error
        return namespace


def _from_checkout(number: str) -> SourceNotebook | None:
    folder = checkout_source()
    if folder is None:
        return None
    for path in sorted(folder.glob(f"{number}-*/{number}-*.ipynb")):
        if path.parent.name == path.stem:
            return SourceNotebook(path.stem, cells.read(path))
    return None


def _from_wheel(number: str) -> SourceNotebook | None:
    try:
        bundle = resources.files("telegram_case") / "_course"
        found = [item for item in bundle.iterdir() if item.name.startswith(f"{number}-")]
    except (FileNotFoundError, NotADirectoryError, OSError):
        return None
    for item in sorted(found, key=lambda item: item.name):
        with resources.as_file(item) as path:
            return SourceNotebook(path.stem, cells.read(path))
    return None


@functools.cache
def source_notebook(number: str) -> SourceNotebook | None:
    """The instructor notebook ``NN-*`` (``number`` is ``"01"``…), or None if unavailable."""
    return _from_checkout(number) or _from_wheel(number)
