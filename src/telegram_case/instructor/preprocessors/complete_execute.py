"""CompleteExecute: a notebook always finishes grading, even when its kernel dies or hangs.

nbgrader's ``Execute`` stops at a kernel that dies (``os._exit()``, a crash, the memory
limit) or ignores the interrupt after a cell's time limit; nbgrader then fails the
student and leaves a half-written gradebook entry. Here the failed cell and every later
code cell get an error saying why they did not run, so their tests score 0 and the
result is complete, with an ``error`` finding. It also records whether the kernel was
isolated and what its audit hook saw. Configured as ``Execute`` (``c.Execute.timeout``).
"""

from __future__ import annotations

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode
from nbgrader.preprocessors import Execute

from ... import cells
from ..checks import ERROR, FLAG, METADATA_KEY, record


def _error(ename: str, message: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=ename, evalue=message, traceback=[message])


class CompleteExecute(Execute):
    """nbgrader's ``Execute`` that turns a dead or unresponsive kernel into failed cells."""

    def create_kernel_manager(self):
        self._manager = super().create_kernel_manager()
        self._manager.log = self.log  # what the kernel manager says goes to nbgrader's log
        return self._manager

    def preprocess(self, nb, resources, km=None):
        self._nb, self._stopped, self._manager = nb, "", None
        try:
            return super().preprocess(nb, resources, km)
        finally:  # whether the kernel was isolated, and what its audit hook saw
            isolated = bool(getattr(self._manager, "isolated", False))
            nb.metadata.setdefault(METADATA_KEY, {})["isolated"] = isolated
            if audit := getattr(self._manager, "audit_records", ()):
                done = "; ".join(
                    f"{item.get('event')} {' '.join(item.get('args', []))[:80]} "
                    f"(`{item.get('line', '')[:60]}`)"
                    for item in audit[:5]
                )
                record(nb, FLAG, "audit", f"while grading, student code did: {done}")

    def preprocess_cell(self, cell, resources, index):
        if self._stopped:
            if cell.cell_type == "code":
                cell.outputs = [_error("NotRun", f"Not run: {self._stopped}")]
            return cell, resources
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._stop(cell, index, "the kernel died (os._exit(), a crash or the memory limit)")
        except CellTimeoutError:
            why = "ignored the interrupt (a loop that catches KeyboardInterrupt?)"
            self._stop(cell, index, f"cell {index} ran past {self.timeout} s and {why}")
        if any(output.get("ename") == "CellTimeoutError" for output in cell.get("outputs", [])):
            label = cells.grade_id(cell) or f"cell {index}"
            record(self._nb, FLAG, "cell-timeout", f"interrupted after {self.timeout} s", label)
        return cell, resources

    def _stop(self, cell, index: int, reason: str) -> None:
        self.log.error("Stopped running the notebook at cell %d: %s", index, reason)
        self._stopped = reason
        cell.outputs = [*cell.get("outputs", []), _error("KernelStopped", reason)]
        record(self._nb, ERROR, "kernel-stopped", f"{reason}; later cells were not run: 0 points")
