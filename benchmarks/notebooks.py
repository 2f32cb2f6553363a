"""Benchmark: how long each notebook takes to run, against the floor.

The floor is what no notebook can beat: starting a kernel and importing the
course library (one cell, `import telegram_case`). Each notebook (the
instructor version, with its solutions) is run top to bottom with nbclient in a
fresh kernel, as a student's "Run All" or nbgrader's autograde would. Prints the
median of --repeat runs for each, and the ratio to the floor.

    python benchmarks/notebooks.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def _run(notebook: nbformat.NotebookNode, cwd: Path) -> float:
    start = time.perf_counter()
    NotebookClient(
        notebook, timeout=30, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    ).execute()
    return time.perf_counter() - start


def median_seconds(make, cwd: Path, repeat: int) -> float:
    return statistics.median(_run(make(), cwd) for _ in range(repeat))


def import_seconds(repeat: int) -> float:
    code = (
        "import time; t = time.perf_counter(); import telegram_case; print(time.perf_counter() - t)"
    )
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(repeat)
    ]
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"library import (median of {args.repeat}): {import_seconds(args.repeat):.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        floor_nb = nbformat.v4.new_notebook(
            cells=[nbformat.v4.new_code_cell("import telegram_case")]
        )
        floor = median_seconds(lambda: nbformat.from_dict(floor_nb), cwd, args.repeat)
        print(f"floor: kernel start + import (median of {args.repeat}): {floor:.2f} s")
        print(f"{'notebook':32} {'median s':>9} {'x floor':>8}")
        paths = sorted((ROOT / "course" / "source").glob("*/*.ipynb"))
        paths.insert(0, ROOT / "notebooks" / "00-start-here.ipynb")
        for path in paths:
            source = nbformat.read(path, as_version=4)
            if path.parent.name == "notebooks":  # 00 has cells that fail on purpose
                for cell in source.cells:
                    cell.metadata.pop("tags", None)
                source.cells = [
                    c
                    for c in source.cells
                    if "NotImplementedError" not in c.source and "check()" not in c.source
                ]
            seconds = median_seconds(lambda s=source: nbformat.from_dict(s), cwd, args.repeat)
            print(f"{path.stem:32} {seconds:9.2f} {seconds / floor:8.2f}")


if __name__ == "__main__":
    main()
