"""An nbgrader preprocessor that keeps grading output small.

:class:`ClipOutput` (autograde, after ``LimitOutput``) cuts every output of a
cell to a number of characters. nbgrader's ``LimitOutput`` counts *lines*, so a
single 100 MB line would otherwise land in the autograded notebook, the
feedback and the instructor's browser. ``safe_grade`` adds it to its scratch
copy of the course configuration; to use it with plain ``nbgrader autograde``::

    c.Autograde.autograde_preprocessors = [
        Execute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
        "telegram_case.instructor.preprocessors.ClipOutput",
        SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]
"""

from __future__ import annotations

from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Integer

__all__ = ["ClipOutput"]

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
