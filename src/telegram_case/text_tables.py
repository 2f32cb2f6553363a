"""Long texts as readable tables: every cell in full, left-aligned, German cells marked.

Notebook 02 shows the seed's canvas rows, the canvas blocks' contents and the
feature facts with :func:`text_table`; pandas would cut each of them at 50 characters.
"""

from __future__ import annotations

import html

import pandas as pd

from .plots import NO_MATH, require_columns

__all__ = ["TextTable", "text_table"]


class TextTable:
    """A table of long texts: shown in full, left-aligned, German cells marked as German.

    pandas cuts text cells at 50 characters; the seed's canvas rows are paragraphs.
    """

    def __init__(self, frame: pd.DataFrame, columns: list[str], german: tuple[str, ...]):
        self.frame, self.columns, self.german = frame, columns, german

    def _repr_html_(self) -> str:
        e = html.escape
        cell = 'style="text-align:left;vertical-align:top;white-space:normal"'
        head = "".join(f"<th {cell}>{e(c)}</th>" for c in self.columns)
        rows = []
        for _, row in self.frame.iterrows():
            cells = []
            for column in self.columns:
                value = "" if pd.isna(row[column]) else str(row[column])
                lang = ' lang="de"' if column in self.german else ""
                cells.append(f"<td {cell}{lang}>{e(value)}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        return (
            f'<table class="{NO_MATH}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
        )

    def __repr__(self) -> str:
        blocks = []
        for _, row in self.frame.iterrows():
            blocks.append(
                "\n".join(f"{c}: {'' if pd.isna(row[c]) else row[c]}" for c in self.columns)
            )
        return "\n\n".join(blocks)


def text_table(
    frame: pd.DataFrame,
    columns: list[str] | None = None,
    *,
    german: tuple[str, ...] | list[str] = (),
) -> TextTable:
    """Show the ``columns`` of ``frame`` with every text in full.

    Parameters
    ----------
    frame
        Any DataFrame, e.g. the ``canvas`` dataset.
    columns
        The columns to show, in order (default: all).
    german
        Columns whose text is German (marked ``lang="de"`` for screen readers).
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame should be a pandas DataFrame, not {type(frame).__name__}")
    columns = list(frame.columns if columns is None else columns)
    require_columns(frame, "frame", columns)
    unknown = [c for c in german if c not in columns]
    if unknown:
        raise ValueError(f"german names column(s) {unknown} that are not shown")
    return TextTable(frame, columns, tuple(german))
