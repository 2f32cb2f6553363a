"""ReviewSubmission: what a submission holds besides its answers, noted for the instructor.

The last sanitizing step (locked cells are already the instructor's again) records
as findings: a ``timestamp.txt`` kept aside, files nbgrader leaves out of grading
(``CourseDirectory.ignore``; a ``pandas.py`` would shadow a library the checks use),
a student id unsafe in paths, and suspicious code in editable cells (the code scan).
"""

from __future__ import annotations

import re
from pathlib import Path

from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor
from nbgrader.utils import find_all_files, is_locked

from ... import cells
from ..checks import FLAG, NOTE, UNREADABLE_TIMESTAMP, record
from ..code_scan import scan_code

_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,99}")


class ReviewSubmission(NbGraderPreprocessor):
    """Record the submission's extra files, set-aside timestamp, odd id and suspicious code."""

    def preprocess(self, nb, resources):
        self._nb, folder = nb, Path(resources["metadata"]["path"])
        if (folder / UNREADABLE_TIMESTAMP).exists() and not (folder / "timestamp.txt").exists():
            why = f"timestamp.txt unreadable, kept as {UNREADABLE_TIMESTAMP}: graded without time"
            record(nb, FLAG, "bad-timestamp", why)
        copied = set(find_all_files(str(folder), [*CourseDirectory(config=self.config).ignore]))
        left = sorted(
            str(p.relative_to(folder))
            for p in folder.rglob("*")
            if p.is_file() and str(p) not in copied and not p.name.startswith("timestamp.txt")
        )
        if left:
            modules = any(name.endswith((".py", ".pyc", ".pyd", ".so", ".pth")) for name in left)
            why = " (they would shadow modules the notebook imports)" if modules else ""
            message = f"left out of grading: {', '.join(left[:10])}{why}"
            record(nb, FLAG if modules else NOTE, "extra-files", message)
        student = resources["nbgrader"]["student"]
        if not _SAFE_ID.fullmatch(student):
            message = f"the id {student!r} has characters unsafe in paths (allowed: a-z 0-9 _.@-)"
            record(nb, FLAG, "student-id", message)
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type == "code" and not is_locked(cell):  # test cells are locked
            label = cells.grade_id(cell) or f"cell {cell_index}"
            for severity, code, reason in scan_code(cell.source):
                record(self._nb, severity, code, reason, label)
        return cell, resources
