"""Build hook: put what the library reads from the instructor notebooks into the wheel.

The worked solutions, points, prompts and exemplars live only in
``course/source/NN-topic/NN-topic.ipynb`` (see ``telegram_case.course_notebooks``).
A checkout reads them there; an installed wheel reads
``telegram_case/_course/NN-topic.json``, written here from the same notebooks by
``telegram_case.cells.reduced`` (hidden tests left out). Nothing is copied by hand.

For a graded hub, build with ``TELEGRAM_CASE_WHEEL_SOLUTIONS=0``: the extracts then
leave out the worked solutions and model answers too, and keep the points and
prompts (``q.progress()`` still counts points; ``solution()`` says it is not
available). Any other value, or none, keeps them for self-learners.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def _cells_module(root: Path):
    """``telegram_case.cells`` loaded from its file: the package's dependencies may be absent."""
    spec = importlib.util.spec_from_file_location(
        "_telegram_case_cells", root / "src" / "telegram_case" / "cells.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


class CourseNotebooksHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version, build_data):
        if self.target_name != "wheel" or version == "editable":
            return  # an editable install reads course/source in the checkout
        root = Path(self.root)
        cells = _cells_module(root)
        solutions = os.environ.get("TELEGRAM_CASE_WHEEL_SOLUTIONS", "1") != "0"
        out = Path(self.directory) / "course-notebooks"
        out.mkdir(parents=True, exist_ok=True)
        notebooks = sorted((root / "course" / "source").glob("*/*.ipynb"))
        if not notebooks:
            raise RuntimeError(f"no instructor notebooks in {root / 'course' / 'source'}")
        for path in notebooks:
            if path.parent.name != path.stem:
                continue
            target = out / f"{path.stem}.json"
            target.write_text(
                json.dumps(cells.reduced(cells.read(path), solutions=solutions)), encoding="utf-8"
            )
            build_data["force_include"][str(target)] = f"telegram_case/_course/{target.name}"
