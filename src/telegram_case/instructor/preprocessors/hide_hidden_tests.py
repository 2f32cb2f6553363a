"""HideHiddenTests: hidden tests stay out of the feedback students receive.

nbgrader's feedback renders the autograded notebook with its hidden tests, and a
failed one's traceback quotes them. This step (first in the feedback pipeline)
changes only the rendered copy: each hidden-test region becomes one comment line;
in those cells an error other than a visible check's nudge shows as one line
naming its kind; any output that quotes a hidden line is replaced by a notice.
Student code runs beside the hidden tests and could print them disguised; no
filter catches that (see docs/grading-security.md).
"""

from __future__ import annotations

import ast
import contextlib
import io
import tokenize

from nbconvert.filters import strip_ansi
from nbformat import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Integer, List, Unicode

from ... import cells


def _string_literals(code: str) -> list[str]:
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, SyntaxError):  # IndentationError is a SyntaxError
        return []
    values = []
    for token in (t.string for t in tokens if t.type == tokenize.STRING):
        with contextlib.suppress(ValueError, SyntaxError):
            values.append(ast.literal_eval(token))
    return [value for value in values if isinstance(value, str)]


def secret_fragments(hidden: list[str], visible: str, min_length: int = 6) -> set[str]:
    """The pieces of hidden-test code that must not reach a student: each hidden line and
    string literal (an assertion's message) of ``min_length`` or more characters that is
    not in ``visible`` (everything students see anyway)."""
    visible_lines = {line.strip() for line in visible.split("\n")}
    pieces = {line.strip() for line in hidden} | set(_string_literals("\n".join(hidden)))
    shown = visible_lines | {piece for piece in pieces if piece in visible}
    return {piece for piece in pieces - shown if len(piece) >= min_length}


def _output_text(output: NotebookNode) -> str:
    parts = [output.get("text", ""), output.get("ename", ""), output.get("evalue", "")]
    parts += output.get("traceback", [])
    parts += [
        "".join(v) if isinstance(v, list) else str(v) for v in output.get("data", {}).values()
    ]
    return strip_ansi("\n".join(parts))


class HideHiddenTests(NbGraderPreprocessor):
    """Remove hidden tests, and outputs that quote them, from the rendered feedback."""

    placeholder = Unicode(
        "# Hidden tests ran here. They are not shown; this cell's score includes them.",
        help="The comment shown instead of a hidden-test region",
    ).tag(config=True)
    visible_errors = List(
        ["CheckFailed", "NotRun", "KernelStopped"],
        help="Errors shown as they are: failed visible checks and cells the grader could not "
        "run (their messages never quote a test)",
    ).tag(config=True)
    hidden_error = Unicode(
        "{ename}: a test in this cell did not pass. Its message is not shown because the "
        "cell contains hidden tests; read the task again and try your answer on more cases.",
        help="The message shown instead of any other error in a cell with hidden tests; "
        "{ename} is the kind of error",
    ).tag(config=True)
    quoted_notice = Unicode(
        "[This output is not shown because it quotes a hidden test.]",
        help="What replaces an output that quotes a hidden test",
    ).tag(config=True)
    min_length = Integer(6, help="Shorter hidden lines are not treated as secrets").tag(config=True)

    def preprocess(self, nb, resources):
        """Hide the hidden tests of ``nb`` (the autograded notebook about to be rendered)."""
        hidden, with_tests = [], set()
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code" and cells.has_hidden_tests(cell.source):
                hidden += cells.hidden_region(cell.source).split("\n")
                visible = cells.strip_hidden(cell.source).rstrip("\n")
                cell.source, with_tests = f"{visible}\n{self.placeholder}", with_tests | {index}
        if not hidden:
            return nb, resources
        visible = "\n".join(cell.source for cell in nb.cells)
        secrets = secret_fragments(hidden, visible, self.min_length)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                cell.outputs = [self._clean(o, secrets, index in with_tests) for o in cell.outputs]
        return nb, resources

    def _clean(self, output: NotebookNode, secrets: set[str], has_tests: bool) -> NotebookNode:
        quotes = any(secret in _output_text(output) for secret in secrets)
        if output.get("output_type") != "error":
            if quotes:
                return NotebookNode(output_type="stream", name="stdout", text=self.quoted_notice)
            return output
        ename = output.get("ename", "Error")
        if has_tests and ename not in self.visible_errors:
            message = self.hidden_error.format(ename=ename)
        elif quotes:
            message = f"{ename}: {self.quoted_notice}"
        else:
            return output
        output.evalue, output.traceback = message, [message]
        return output
