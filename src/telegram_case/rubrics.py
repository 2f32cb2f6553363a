"""Levelled rubrics of the written questions, and the self-assessment that uses them.

A written question's prompt (a markdown cell of the notebook) holds its rubric
as a table: one row per criterion, one column per level, the level's points in
the header and a descriptor in each cell::

    | criterion | 0 | 1 | 2 |
    |---|---|---|---|
    | Uses evidence | no sourced figure | one sourced figure | two or more, used correctly |

The written answer is worth the sum of the criteria's highest levels.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

__all__ = ["Criterion", "Rubric", "parse_rubric"]

_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_SEPARATOR = re.compile(r"^[\s|:-]+$")


@dataclass(frozen=True)
class Criterion:
    """One row of a rubric: what is judged, and the descriptor of each level (points)."""

    name: str
    levels: tuple[tuple[float, str], ...]

    @property
    def maximum(self) -> float:
        return max(points for points, _ in self.levels)


@dataclass(frozen=True)
class Rubric:
    """The criteria of a written question, in the order the prompt lists them."""

    criteria: tuple[Criterion, ...]

    @property
    def points(self) -> float:
        return sum(criterion.maximum for criterion in self.criteria)

    def markdown(self) -> str:
        """The rubric as a markdown table (as the prompt shows it)."""
        levels = [f"{points:g}" for points, _ in self.criteria[0].levels]
        lines = ["| criterion | " + " | ".join(levels) + " |", "|---" * (len(levels) + 1) + "|"]
        for criterion in self.criteria:
            cells = " | ".join(text for _, text in criterion.levels)
            lines.append(f"| {criterion.name} | {cells} |")
        return "\n".join(lines)

    def html(self) -> str:
        """The rubric as an HTML table (no maths typesetting)."""
        head = "".join(f"<th>{points:g} points</th>" for points, _ in self.criteria[0].levels)
        rows = "".join(
            f"<tr><th scope='row'>{html.escape(c.name)}</th>"
            + "".join(f"<td>{html.escape(text)}</td>" for _, text in c.levels)
            + "</tr>"
            for c in self.criteria
        )
        return (
            f"<table class='tex2jax_ignore mathjax_ignore'><thead><tr><th>criterion</th>"
            f"{head}</tr></thead><tbody>{rows}</tbody></table>"
        )


def _cells(line: str) -> list[str]:
    inner = _ROW.match(line).group(1).replace("\\|", "\0")
    return [cell.strip().replace("\0", "|") for cell in inner.split("|")]


def parse_rubric(markdown: str, *, where: str = "the prompt") -> Rubric:
    """The levelled rubric table in ``markdown``.

    Raises
    ------
    ValueError
        If there is no rubric table, a level is not a number, or a descriptor is
        missing; the message names ``where`` and the row.
    """
    lines = markdown.split("\n")
    starts = [i for i, line in enumerate(lines) if "rubric" in line.lower()]
    table = []
    for line in lines[starts[0] + 1 :] if starts else []:
        if _ROW.match(line):
            table.append(line)
        elif table:
            break
    if len(table) < 3 or not _SEPARATOR.match(table[1]):
        raise ValueError(
            f"{where}: no rubric table (a header '| criterion | 0 | 1 | 2 |', a "
            "separator row and one row per criterion) after the word 'Rubric'"
        )
    header = _cells(table[0])
    if header[0].lower() != "criterion":
        raise ValueError(f"{where}: the rubric table's first column must be 'criterion'")
    try:
        levels = [float(cell) for cell in header[1:]]
    except ValueError:
        raise ValueError(
            f"{where}: the rubric's level columns must be points (numbers), not {header[1:]}"
        ) from None
    criteria = []
    for line in table[2:]:
        row = _cells(line)
        if len(row) != len(header) or not all(row):
            raise ValueError(
                f"{where}: rubric row {row[0]!r} needs a descriptor for every "
                f"level {[f'{p:g}' for p in levels]}"
            )
        criteria.append(Criterion(row[0], tuple(zip(levels, row[1:], strict=True))))
    return Rubric(tuple(criteria))


def show_self_assessment(title: str, rubric: Rubric, exemplar: str, *, interactive: bool) -> None:
    """Show the exemplar and the rubric; with widgets, one choice of level per criterion.

    The learner scores their own answer: for each criterion, which level's
    descriptor fits it. The total is shown as they choose; nothing is recorded.
    """
    from IPython.display import HTML, Markdown, display

    display(
        Markdown(
            f"**Exemplar answer for {title}** (one good answer, not the only one):"
            f"\n\n> " + exemplar.replace("\n", "\n> ")
        )
    )
    if not interactive:
        print(
            f"Score your answer: for each criterion, pick the level whose descriptor fits.\n"
            f"{rubric.markdown()}\nThe answer is worth {rubric.points:g} points."
        )
        return
    import ipywidgets as widgets

    total = widgets.HTML()
    choices = [
        widgets.ToggleButtons(
            options=[(f"{points:g}", points) for points, _ in criterion.levels],
            value=None,
            description="",
            tooltips=[text for _, text in criterion.levels],
        )
        for criterion in rubric.criteria
    ]

    def update(_change=None) -> None:
        picked = [choice.value for choice in choices]
        done = [value for value in picked if value is not None]
        total.value = (
            f"<p><strong>Your self-assessment: {sum(done):g} of {rubric.points:g} "
            f"points</strong> ({len(done)} of {len(picked)} criteria scored).</p>"
        )

    for choice in choices:
        choice.observe(update, names="value")
    update()
    display(HTML(rubric.html()))
    rows = [
        widgets.VBox([widgets.HTML(f"<strong>{html.escape(criterion.name)}</strong>"), choice])
        for criterion, choice in zip(rubric.criteria, choices, strict=True)
    ]
    display(widgets.VBox([*rows, total]))
