"""ClipOutput: no cell output of a graded notebook is longer than a set number of characters.

nbgrader's ``LimitOutput`` counts *lines*: one 100 MB line passes it and lands
in the autograded notebook, the feedback and the instructor's browser.
course/nbgrader_config.py runs this step right after ``LimitOutput``.
"""

from __future__ import annotations

from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Integer


class ClipOutput(NbGraderPreprocessor):
    """Cut each text output of a code cell to ``max_chars`` characters; drop larger rich ones."""

    max_chars = Integer(
        1_000_000,
        help="Characters kept of each text output (-1: no limit); a larger figure, HTML or "
        "other rich output is dropped whole (cutting it would break the feedback page).",
    ).tag(config=True)

    def _clip(self, text):
        if isinstance(text, list):
            text = "".join(text)
        if not isinstance(text, str) or self.max_chars < 0 or len(text) <= self.max_chars:
            return text
        notice = f"output clipped by the grader: {len(text):,} characters, {self.max_chars:,} kept"
        self.log.warning(notice)
        return f"{text[: self.max_chars]}\n... {notice} ...\n"

    def _clip_data(self, data: dict) -> None:
        for mime, value in list(data.items()):
            if mime == "text/plain":
                data[mime] = self._clip(value)
            elif 0 <= self.max_chars < len(value if isinstance(value, str) else str(value)):
                del data[mime]
                data.setdefault("text/plain", f"[{mime} output dropped by the grader: too large]")

    def preprocess_cell(self, cell, resources, cell_index):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                output["text"] = self._clip(output.get("text", ""))
            elif output.get("output_type") == "error":
                joined = "\n".join(output.get("traceback", []))
                if 0 <= self.max_chars < len(joined):
                    output["traceback"] = [self._clip(joined)]
                output["evalue"] = self._clip(output.get("evalue", ""))
            elif "data" in output:
                self._clip_data(output["data"])
        return cell, resources
