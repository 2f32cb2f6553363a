"""Keep hidden tests out of the feedback students receive.

nbgrader puts the hidden tests back into every test cell before it grades a
submission, and ``generate_feedback`` renders the autograded notebook as it
is: the feedback shows every hidden test, and a failed one also shows its
traceback and message, which quote the test. Students would then know the
hidden tests of the course (and pass them on to the next class).

:class:`HideHiddenTests` runs first in the feedback pipeline (see
``course/nbgrader_config.py``) and changes only the copy that is rendered:

1. In every cell with a hidden-test region the region is replaced by one
   comment line (:attr:`~HideHiddenTests.placeholder`), so students see that
   hidden tests ran and that the cell's score includes them.
2. In those cells, an error other than a failed visible check of the course
   (``CheckFailed``, whose message is a nudge that never quotes a test) is
   shown as one line naming the kind of error; its message and traceback are
   dropped, because they come from the hidden tests.
3. In every cell, an output that quotes a line of a hidden test (a traceback,
   a print of ``In``, ...) is replaced by a notice. Lines that also appear in
   the visible notebook (``import math``, say) are not secrets and stay.

What this cannot do: a student's code runs in the same kernel as the hidden
tests and can read them and print them in a disguised form (reversed, encoded);
no filter on the output catches every disguise. The autograded notebooks in
``autograded/`` and the formgrader keep the hidden tests for the instructor.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize

from nbconvert.exporters.exporter import ResourcesDict
from nbconvert.filters import strip_ansi
from nbformat import NotebookNode
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Integer, List, Unicode

__all__ = ["HideHiddenTests", "secret_fragments", "strip_html"]


def _region(source: str, begin: str, end: str) -> tuple[str, list[str]]:
    """(source with each region replaced by a marker line, the regions' lines)."""
    kept, hidden, inside = [], [], False
    for line in source.split("\n"):
        if begin in line:
            inside = True
            kept.append("\0")
        elif end in line:
            inside = False
        elif inside:
            hidden.append(line)
        else:
            kept.append(line)
    return "\n".join(kept), hidden


def _string_literals(code: str) -> list[str]:
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(code).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return []
    literals = []
    for token in tokens:
        if token.type == tokenize.STRING:
            try:
                value = ast.literal_eval(token.string)
            except (ValueError, SyntaxError):
                continue
            if isinstance(value, str):
                literals.append(value)
    return literals


def secret_fragments(hidden: list[str], visible: str, min_length: int = 6) -> set[str]:
    """The pieces of hidden-test code that must not reach a student.

    Parameters
    ----------
    hidden
        Lines of hidden-test code.
    visible
        Everything students can see anyway (the rest of the notebook).
    min_length
        Shorter pieces (``)``, ``x``) are not secrets.

    Returns
    -------
    set of str
        Each stripped hidden line, and each string literal in the hidden code
        (an assertion's message), unless it also appears in ``visible``.
    """
    visible_lines = {line.strip() for line in visible.split("\n")}
    pieces = {line.strip() for line in hidden} | set(_string_literals("\n".join(hidden)))
    return {piece for piece in pieces if len(piece) >= min_length
            and piece not in visible_lines and piece not in visible}


def _output_text(output: NotebookNode) -> str:
    parts = []
    if output.get("output_type") == "stream":
        parts.append(output.get("text", ""))
    elif output.get("output_type") == "error":
        parts += [output.get("ename", ""), output.get("evalue", "")]
        parts += output.get("traceback", [])
    for value in output.get("data", {}).values():
        parts.append(value if isinstance(value, str) else "\n".join(map(str, value))
                     if isinstance(value, list) else str(value))
    return strip_ansi("\n".join(parts))


class HideHiddenTests(NbGraderPreprocessor):
    """Remove hidden tests, and outputs that quote them, from the rendered feedback."""

    begin_delimiter = Unicode("BEGIN HIDDEN TESTS",
                              help="The line that starts a hidden-test region").tag(config=True)
    end_delimiter = Unicode("END HIDDEN TESTS",
                            help="The line that ends a hidden-test region").tag(config=True)
    placeholder = Unicode(
        "# Hidden tests ran here. They are not shown; this cell's score includes them.",
        help="The comment shown instead of a hidden-test region").tag(config=True)
    visible_errors = List(
        ["CheckFailed"],
        help="Errors of the visible checks, shown as they are (their messages never "
             "quote a test)").tag(config=True)
    hidden_error = Unicode(
        "{ename}: a test in this cell did not pass. Its message is not shown because the "
        "cell contains hidden tests; read the task again and try your answer on more cases.",
        help="The message shown instead of any other error in a cell with hidden tests; "
             "{ename} is the kind of error").tag(config=True)
    quoted_notice = Unicode(
        "[This output is not shown because it quotes a hidden test.]",
        help="What replaces an output that quotes a hidden test").tag(config=True)
    min_length = Integer(6, help="Shorter hidden lines are not treated as secrets").tag(
        config=True)

    def preprocess(self, nb: NotebookNode,
                   resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        """Hide the hidden tests of ``nb`` (the autograded notebook about to be rendered)."""
        hidden, with_tests = [], set()
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or self.begin_delimiter not in cell.source:
                continue
            kept, lines = _region(cell.source, self.begin_delimiter, self.end_delimiter)
            hidden += lines
            cell.source = kept.replace("\0", self.placeholder)
            with_tests.add(index)
        if not hidden:
            return nb, resources
        visible = "\n".join(cell.source for cell in nb.cells)
        secrets = secret_fragments(hidden, visible, self.min_length)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            cell.outputs = [self._clean(output, secrets, index in with_tests)
                            for output in cell.get("outputs", [])]
        return nb, resources

    def _clean(self, output: NotebookNode, secrets: set[str],
               has_tests: bool) -> NotebookNode:
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
        output.evalue = message
        output.traceback = [message]
        return output


def strip_html(html: str) -> str:
    """The text of an HTML page without its tags (for checking what a student can read)."""
    import html as html_module

    text = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S | re.I)
    return html_module.unescape(re.sub(r"<[^>]+>", "", text))
