"""Integrity checks of a submission, before and after nbgrader grades it.

Three layers, each returning :class:`Finding` objects with a readable reason:

1. :func:`check_folder` — the files: a safe student id, the expected notebook
   names, notebooks that are UTF-8, JSON and nbformat 4, a sane
   ``timestamp.txt``, no symbolic links, and extra files (which are never
   passed to nbgrader: a ``pandas.py`` or ``telegram_case/`` next to the notebook
   would shadow the library the checks run on).
2. :func:`check_notebook` — the cells against the gradebook: edited, deleted,
   duplicated or invented grade cells, changed metadata (grade id, points,
   locked, grade/solution flags), and code that has no business in an answer
   (patching the checker objects or ``telegram_case``, ``sys.modules``,
   builtins, IPython's exception handling, equality-faking classes, the file
   system, processes, catching ``KeyboardInterrupt``...). :func:`repair_metadata`
   puts the nbgrader metadata of known cells back, so nbgrader's own
   protections (which compare checksums) can restore the cells' content.
3. :func:`check_autograded` — the notebook nbgrader executed: every test cell
   is present once, with the gradebook's source (hidden tests included) and
   points, so the score was computed by the instructor's tests.

Severities: ``error`` (the notebook could not be graded), ``flag`` (graded, but
the instructor must review it; the submission is flagged in the gradebook) and
``note`` (for the record).
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

__all__ = [
    "CellReference",
    "Finding",
    "NotebookReference",
    "check_autograded",
    "check_folder",
    "check_notebook",
    "load_references",
    "read_notebook",
    "references_from_source",
    "release_source",
    "repair_metadata",
    "safe_student_id",
    "scan_code",
]

ERROR, FLAG, NOTE = "error", "flag", "note"
MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024
# nbgrader uses "+" to separate the parts of exchange file names, and glob
# patterns to find student folders, so ids are kept to a plain alphabet.
_STUDENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,99}")


@dataclass
class Finding:
    severity: str
    code: str
    message: str
    notebook: str = ""
    cell: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        where = f"{self.notebook}" + (f" [{self.cell}]" if self.cell else "")
        return f"{self.severity}: {self.code}: {where}: {self.message}".replace(": : ", ": ")


@dataclass
class CellReference:
    name: str
    index: int
    cell_type: str
    locked: bool
    grade: bool
    solution: bool
    points: float | None
    source: str

    @property
    def release(self) -> str:
        return release_source(self.source) if self.grade and not self.solution else self.source


@dataclass
class NotebookReference:
    name: str
    cells: dict[str, CellReference] = field(default_factory=dict)
    kernelspec: dict | None = None

    @property
    def grade_cells(self) -> list[CellReference]:
        return [c for c in self.cells.values() if c.grade]


def load_references(db_url: str, assignment: str) -> dict[str, NotebookReference]:
    """The assignment's notebooks and cells as the gradebook stores them."""
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(db_url) as gradebook:
        for notebook in gradebook.find_assignment(assignment).notebooks:
            grades = {c.name: c for c in notebook.grade_cells}
            solutions = {c.name for c in notebook.solution_cells}
            ref = NotebookReference(notebook.name, kernelspec=json.loads(notebook.kernelspec)
                                    if notebook.kernelspec else None)
            for index, cell in enumerate(notebook.source_cells):
                grade = grades.get(cell.name)
                ref.cells[cell.name] = CellReference(
                    name=cell.name, index=index, cell_type=cell.cell_type,
                    locked=bool(cell.locked), grade=grade is not None,
                    solution=cell.name in solutions,
                    points=float(grade.max_score) if grade is not None else None,
                    source=cell.source)
            out[notebook.name] = ref
    return out


def references_from_source(notebook, name: str) -> NotebookReference:
    """The reference ``generate_assignment`` would store, read from a source notebook."""
    ref = NotebookReference(name, kernelspec=notebook.metadata.get("kernelspec"))
    for index, cell in enumerate(c for c in notebook.cells if _meta(c).get("grade_id")):
        meta = _meta(cell)
        grade = bool(meta.get("grade"))
        ref.cells[meta["grade_id"]] = CellReference(
            name=meta["grade_id"], index=index, cell_type=cell.cell_type,
            locked=bool(meta.get("locked")) or (grade and not meta.get("solution")),
            grade=grade, solution=bool(meta.get("solution")),
            points=float(meta["points"]) if grade else None, source=cell.source)
    return ref


def release_source(source: str) -> str:
    """A test cell's source as students receive it (hidden tests removed, like nbgrader)."""
    from nbgrader.preprocessors import ClearHiddenTests

    cell = nbformat.v4.new_code_cell(source)
    ClearHiddenTests()._remove_hidden_test_region(cell)
    return cell.source


def hidden_lines(source: str) -> list[str]:
    """The lines of the hidden-test regions of ``source`` (without the markers)."""
    lines, inside = [], False
    for line in source.split("\n"):
        if "BEGIN HIDDEN TESTS" in line:
            inside = True
        elif "END HIDDEN TESTS" in line:
            inside = False
        elif inside and line.strip():
            lines.append(line.strip())
    return lines


# --- 1. the folder -------------------------------------------------------------------------


def safe_student_id(student: str) -> bool:
    """True for ids made of letters, digits and ``_ . @ -`` (not starting with a dot or dash)."""
    return bool(_STUDENT_ID.fullmatch(student))


def read_notebook(path: Path, max_bytes: int = MAX_NOTEBOOK_BYTES):
    """Read a submitted notebook strictly; return (notebook or None, findings)."""
    name = path.name
    if path.is_symlink():
        return None, [Finding(ERROR, "symlink", f"{name} is a symbolic link, not a file.", name)]
    if not path.is_file():
        return None, [Finding(ERROR, "not-a-file", f"{name} is not a regular file.", name)]
    size = path.stat().st_size
    if size > max_bytes:
        return None, [Finding(ERROR, "too-large", f"{name} is {size / 1e6:.1f} MB; the limit is "
                              f"{max_bytes / 1e6:.0f} MB.", name)]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, [Finding(ERROR, "not-utf8", f"{name} is not UTF-8 text (byte "
                              f"0x{raw[error.start]:02x} at offset {error.start}); it cannot "
                              "be a notebook saved by Jupyter.", name)]
    try:
        data = json.loads(text)
    except ValueError as error:
        return None, [Finding(ERROR, "invalid-json", f"{name} is not valid JSON ({error}); "
                              "the file is damaged or was edited outside Jupyter.", name)]
    if not isinstance(data, dict) or ("cells" not in data and "worksheets" not in data):
        return None, [Finding(ERROR, "not-a-notebook", f"{name} is JSON but not a notebook.",
                              name)]
    version = data.get("nbformat")
    if version != 4:
        return None, [Finding(ERROR, "nbformat", f"{name} is in notebook format {version!r}; "
                              "nbgrader grades format 4 (open and save it in Jupyter 4 or "
                              "later, then grade it by hand).", name)]
    try:
        notebook = nbformat.reads(text, as_version=4)
        nbformat.validate(notebook)
    except Exception as error:
        message = str(error).splitlines()[0][:300]
        return None, [Finding(ERROR, "invalid-notebook", f"{name} breaks the notebook "
                              f"format: {message}", name)]
    return notebook, []


def _check_timestamp(path: Path) -> Finding | None:
    from nbgrader.utils import parse_utc

    try:
        text = path.read_text(encoding="utf-8").strip()
        if len(text) > 100:
            raise ValueError("too long")
        if text:
            parse_utc(text)
        else:
            raise ValueError("empty")
    except (ValueError, OverflowError, UnicodeDecodeError, OSError) as error:
        return Finding(FLAG, "bad-timestamp", f"timestamp.txt is unreadable ({error}); graded "
                       "without a submission time, so lateness was not assessed: check it "
                       "in the exchange.", "timestamp.txt")
    return None


_SHADOWING = {"pandas", "numpy", "matplotlib", "ipywidgets", "telegram_case", "math", "os",
              "sys", "json", "nbgrader", "IPython", "ipykernel", "frictionless", "sitecustomize",
              "usercustomize", "re", "random", "pathlib"}


def check_folder(folder: Path, expected: list[str], student: str):
    """File-level checks of one submission folder.

    Returns ``(findings, notebooks, timestamp)``: the readable expected notebooks
    by name and the ``timestamp.txt`` to keep (None if missing or malformed).
    """
    findings: list[Finding] = []
    if not safe_student_id(student):
        findings.append(Finding(ERROR, "student-id", f"the student id {student!r} contains "
                                "characters that are unsafe in paths or nbgrader patterns "
                                "(allowed: letters, digits, _ . @ -, not first); rename the "
                                "folder and the gradebook entry, then grade it."))
        return findings, {}, None
    if folder.is_symlink() or folder.parent.is_symlink():
        findings.append(Finding(ERROR, "symlink", f"the submission folder {folder} is a "
                                "symbolic link; copy the real files in to grade it."))
        return findings, {}, None
    if not folder.is_dir():
        findings.append(Finding(ERROR, "no-folder", f"{folder} is not a folder."))
        return findings, {}, None
    notebooks = {}
    present = {p.name: p for p in folder.iterdir()}
    for name in expected:
        filename = f"{name}.ipynb"
        if filename not in present:
            others = sorted(n for n in present if n.endswith(".ipynb"))
            hint = (f" Found {', '.join(others)} instead: if that is the renamed notebook, "
                    f"rename it to {filename} and grade again." if others else "")
            findings.append(Finding(ERROR, "missing-notebook", f"{filename} was not submitted."
                                    + hint, filename))
            continue
        notebook, problems = read_notebook(present[filename])
        findings += problems
        if notebook is not None:
            notebooks[name] = notebook
    timestamp = None
    if "timestamp.txt" in present:
        path = present["timestamp.txt"]
        problem = (Finding(FLAG, "bad-timestamp", "timestamp.txt is not a regular file.",
                           "timestamp.txt") if path.is_symlink() or not path.is_file()
                   else _check_timestamp(path))
        if problem:
            findings.append(problem)
        else:
            timestamp = path
    extras = sorted(set(present) - {f"{n}.ipynb" for n in expected} - {"timestamp.txt"})
    if extras:
        shadows = [n for n in extras if Path(n).stem in _SHADOWING
                   or n.endswith((".pth", ".so", ".pyc"))]
        links = [n for n in extras if present[n].is_symlink()]
        severity = FLAG if shadows or links else NOTE
        detail = ""
        if shadows:
            detail += (f" {', '.join(shadows)} would shadow a module the notebook imports "
                       "(an attempt to replace the checks).")
        if links:
            detail += f" {', '.join(links)} are symbolic links."
        findings.append(Finding(severity, "extra-files", f"not graded, left out: "
                                f"{', '.join(extras[:20])}{' ...' if len(extras) > 20 else ''}."
                                + detail))
    return findings, notebooks, timestamp


# --- 2. the notebook ------------------------------------------------------------------------


def _meta(cell) -> dict:
    meta = cell.get("metadata", {}).get("nbgrader")
    return meta if isinstance(meta, dict) else {}


def check_notebook(notebook, ref: NotebookReference) -> list[Finding]:
    """Compare a submitted notebook with the gradebook; scan its editable code."""
    name = f"{ref.name}.ipynb"
    findings: list[Finding] = []
    seen: dict[str, list[int]] = {}
    for index, cell in enumerate(notebook.cells):
        grade_id = _meta(cell).get("grade_id")
        if grade_id is not None:
            seen.setdefault(str(grade_id), []).append(index)
    for grade_id, indices in seen.items():
        if len(indices) > 1:
            findings.append(Finding(FLAG, "duplicate-cell", f"grade id {grade_id!r} appears "
                                    f"{len(indices)} times (cells {', '.join(map(str, indices))})"
                                    "; nbgrader grades only the last copy.", name, grade_id))
        if grade_id not in ref.cells:
            findings.append(Finding(FLAG, "unknown-cell", f"cell {indices[0]} has the grade id "
                                    f"{grade_id!r}, which the assignment does not have "
                                    "(renamed or invented); it is graded as an ordinary cell.",
                                    name, grade_id))
    for cell_ref in ref.cells.values():
        if cell_ref.name not in seen:
            if cell_ref.grade and not cell_ref.solution:
                findings.append(Finding(FLAG, "deleted-test", "the test cell was deleted or its "
                                        "metadata removed; nbgrader puts it back from the "
                                        "gradebook.", name, cell_ref.name))
            elif cell_ref.solution:
                findings.append(Finding(NOTE, "deleted-answer", "the answer cell was deleted "
                                        "or its metadata removed.", name, cell_ref.name))
            elif cell_ref.locked:
                findings.append(Finding(NOTE, "deleted-locked", "a read-only cell was deleted.",
                                        name, cell_ref.name))
    for grade_id, indices in seen.items():
        cell_ref = ref.cells.get(grade_id)
        if cell_ref is None:
            continue
        for index in indices:
            cell = notebook.cells[index]
            meta = _meta(cell)
            changes = []
            if cell.cell_type != cell_ref.cell_type:
                changes.append(f"cell type {cell_ref.cell_type} → {cell.cell_type}")
            for key, want in (("grade", cell_ref.grade), ("solution", cell_ref.solution),
                              ("locked", cell_ref.locked)):
                if bool(meta.get(key, False)) != want:
                    changes.append(f"{key} {want} → {meta.get(key)}")
            if cell_ref.grade:
                try:
                    points = float(meta.get("points"))
                except (TypeError, ValueError):
                    points = None
                if points != cell_ref.points:
                    changes.append(f"points {cell_ref.points:g} → {meta.get('points')!r}")
            if changes:
                findings.append(Finding(FLAG, "metadata-changed", f"cell {index}: "
                                        f"{'; '.join(changes)} (put back before grading).",
                                        name, grade_id))
            if cell_ref.grade and not cell_ref.solution:
                if cell.source.strip() != cell_ref.release.strip():
                    findings.append(Finding(FLAG, "test-edited", f"cell {index}: the test cell "
                                            "was edited; nbgrader replaces it with the "
                                            "instructor's version.", name, grade_id))
            elif cell_ref.locked and cell.source.strip() != cell_ref.source.strip():
                findings.append(Finding(FLAG if cell.cell_type == "code" else NOTE,
                                        "locked-edited", f"cell {index}: the read-only cell was "
                                        "edited; nbgrader restores it.", name, grade_id))
    kernelspec = notebook.metadata.get("kernelspec")
    if ref.kernelspec and isinstance(kernelspec, dict) and kernelspec.get(
            "name") != ref.kernelspec.get("name"):
        findings.append(Finding(NOTE, "kernelspec", f"kernel {kernelspec.get('name')!r} instead "
                                f"of {ref.kernelspec.get('name')!r}; nbgrader uses the "
                                "course's.", name))
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        grade_id = _meta(cell).get("grade_id")
        known = ref.cells.get(str(grade_id)) if grade_id is not None else None
        if known is not None and known.locked:
            continue  # replaced by the gradebook's version before it runs
        label = str(grade_id) if grade_id is not None else f"cell {index}"
        for severity, code, message in scan_code(cell.source):
            findings.append(Finding(severity, code, message, name, label))
    return findings


def repair_metadata(notebook, ref: NotebookReference) -> int:
    """Reset the nbgrader metadata of every known cell to the gradebook's; drop unknown ids.

    Content is left alone: nbgrader restores the source of read-only cells and
    re-inserts deleted test cells itself, once the metadata is right. Returns
    the number of cells changed.
    """
    changed = 0
    last: dict[str, int] = {}
    for index, cell in enumerate(notebook.cells):
        grade_id = _meta(cell).get("grade_id")
        if grade_id is not None:
            last[str(grade_id)] = index
    for index, cell in enumerate(notebook.cells):
        meta = _meta(cell)
        if meta.get("grade_id") is not None and last[str(meta["grade_id"])] != index:
            # a duplicate: like nbgrader's DeduplicateIds, only the last copy keeps its
            # metadata; doing it here avoids nbgrader 0.9.6's KeyError when
            # add_missing_cells meets the empty metadata DeduplicateIds leaves behind
            del cell.metadata["nbgrader"]
            changed += 1
            continue
        if not meta:
            if "nbgrader" in cell.get("metadata", {}):
                del cell.metadata["nbgrader"]
                changed += 1
            continue
        cell_ref = ref.cells.get(str(meta.get("grade_id")))
        if cell_ref is None:
            del cell.metadata["nbgrader"]
            changed += 1
            continue
        want = {"grade": cell_ref.grade, "solution": cell_ref.solution,
                "locked": cell_ref.locked, "grade_id": cell_ref.name,
                "schema_version": meta.get("schema_version", 3)}
        if cell_ref.grade:
            want["points"] = cell_ref.points
        if "checksum" in meta:
            want["checksum"] = meta["checksum"]
        if cell.cell_type != cell_ref.cell_type:
            if cell_ref.cell_type == "code":
                cell.cell_type, cell.outputs, cell.execution_count = "code", [], None
            else:
                cell.cell_type = cell_ref.cell_type
                cell.pop("outputs", None)
                cell.pop("execution_count", None)
            changed += 1
        if {k: meta.get(k) for k in want} != want or set(meta) - set(want) - {"cell_type"}:
            cell.metadata["nbgrader"] = want
            changed += 1
    return changed


# --- the code scan ----------------------------------------------------------------------------

_INTERNALS = ("telegram_case.checking", "telegram_case.exercises", "telegram_case.instructor",
              "telegram_case.notebook", "nbgrader")
_RISKY_MODULES = {
    "ctypes": "loads native code", "gc": "reaches objects through the garbage collector",
    "inspect": "inspects live objects and frames", "importlib": "reloads or replaces modules",
    "builtins": "changes Python's built-in functions", "subprocess": "starts processes",
    "socket": "opens network connections", "shutil": "copies or deletes files",
    "glob": "lists files", "pickle": "loads arbitrary objects", "marshal": "loads code objects",
    "signal": "changes signal handling (interrupts)", "pty": "starts processes",
    "urllib": "opens network connections", "requests": "opens network connections",
    "http": "opens network connections", "threading": "runs code in the background",
    "multiprocessing": "starts processes", "atexit": "runs code at exit",
    "sys": "reaches interpreter internals", "os": "reaches the operating system",
    "pathlib": "reaches the file system", "io": "opens files", "IPython": "changes the shell",
    "ipykernel": "changes the kernel", "nbgrader": "reaches the grader",
}
_OK_SYS_OS = {"sys.version", "sys.version_info", "os.path.join", "os.sep"}
_DUNDERS_FAKE = {"__eq__": "compares equal to anything it likes",
                 "__ne__": "compares unequal as it likes", "__hash__": "fakes its hash",
                 "__float__": "fakes its numeric value", "__index__": "fakes its numeric value",
                 "__instancecheck__": "fakes isinstance checks",
                 "__subclasscheck__": "fakes issubclass checks", "__bool__": "fakes truth",
                 "__getattribute__": "intercepts every attribute access",
                 "__class__": "fakes its type", "__len__": "fakes its length",
                 "__contains__": "fakes membership", "__abs__": "fakes arithmetic",
                 "__sub__": "fakes arithmetic", "__rsub__": "fakes arithmetic",
                 "__lt__": "fakes comparisons", "__gt__": "fakes comparisons",
                 "__le__": "fakes comparisons", "__ge__": "fakes comparisons",
                 "__round__": "fakes arithmetic", "__mro_entries__": "fakes its base classes"}
_INTROSPECTION = {"__subclasses__", "__globals__", "__code__", "__closure__", "__builtins__",
                  "__dict__", "__mro__", "__bases__", "__base__", "f_globals", "f_locals",
                  "f_back", "tb_frame", "gi_frame", "cr_frame", "__self__", "__func__",
                  "__wrapped__", "__defaults__", "__kwdefaults__", "__loader__", "__spec__",
                  "checker", "evaluate", "worked_solution", "_values_from_caller"}
_CALLS = {"exec": "runs code built at run time", "eval": "runs code built at run time",
          "compile": "builds code at run time", "__import__": "imports by name at run time",
          "getattr": None, "setattr": "sets attributes by name", "delattr": "deletes attributes",
          "globals": "reaches the notebook's namespace", "vars": "reaches an object's namespace",
          "locals": None, "open": "opens files", "input": "waits for keyboard input (there is "
          "none while grading)", "exit": "stops the kernel", "quit": "stops the kernel",
          "get_ipython": "reaches the IPython shell", "breakpoint": "starts a debugger",
          "memoryview": None}
_PATH_WORDS = re.compile(r"(^/|^~|\.\./|gradebook|course/|source/|release/|autograded|"
                         r"submitted/|exchange/|nbgrader|\.git\b|/proc/|/etc/)")
_BENIGN_MAGIC = re.compile(r"get_ipython\(\)\.run_line_magic\('(matplotlib|time|timeit)'.*\)")


def _dotted(node) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    if isinstance(node, ast.Call):
        inner = _dotted(node.func)
        return ".".join([inner + "()", *reversed(parts)]) if inner else ""
    return ""


def _to_python(source: str) -> str:
    """Cell source as plain Python (IPython magics and ``!`` shell lines translated)."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:  # pragma: no cover - IPython is a dependency of the kernel
        return source
    try:
        return TransformerManager().transform_cell(source)
    except Exception:
        return source


def scan_code(source: str) -> list[tuple[str, str, str]]:
    """(severity, code, reason) for every construct in ``source`` an answer never needs."""
    found: dict[tuple[str, str], str] = {}

    def add(severity, code, reason):
        found.setdefault((code, reason), severity)

    python = _BENIGN_MAGIC.sub("pass", _to_python(source))
    try:
        tree = ast.parse(python)
    except SyntaxError as error:
        add(NOTE, "syntax", f"does not parse (line {error.lineno}); scanned as text")
        for word in ("telegram_case", "sys.modules", "builtins", "__eq__", "get_ipython",
                     "KeyboardInterrupt", "os._exit", "open(", "setattr("):
            if word in source:
                add(FLAG, "suspicious-text", f"mentions {word}")
        return [(s, c, r) for (c, r), s in found.items()]
    tainted = {"q"}  # the question objects of the setup cell
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            names = [module] if module else [a.name for a in node.names]
            if module and module.startswith("telegram_case"):
                names += [f"{module}.{a.name}" for a in node.names]
            for name in names:
                if not name:
                    continue
                if name.startswith(_INTERNALS) or name in ("telegram_case",):
                    add(FLAG, "internals", f"imports {name}, the course's checking internals")
                top = name.split(".")[0]
                if top in _RISKY_MODULES and top not in ("sys", "os", "io", "pathlib"):
                    add(FLAG, "risky-import", f"imports {name}, which "
                        f"{_RISKY_MODULES[top]}")
            for alias in node.names:
                bound = (alias.asname or alias.name).split(".")[0]
                if bound == "q":
                    add(FLAG, "rebinds-q", "rebinds `q`, the question objects the checks use")
                if (module or alias.name).startswith("telegram_case"):
                    tainted.add(bound)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if node.name == "q":
                add(FLAG, "rebinds-q", "defines `q`, replacing the question objects")
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    targets = [item.name] if isinstance(item, (ast.FunctionDef,
                                                               ast.AsyncFunctionDef)) else [
                        t.id for t in getattr(item, "targets", []) if isinstance(t, ast.Name)]
                    for target in targets:
                        if target in _DUNDERS_FAKE:
                            add(FLAG, "fake-object", f"class {node.name} defines {target}, so "
                                f"its objects can fake an answer ({_DUNDERS_FAKE[target]})")
                for base in node.bases:
                    if _dotted(base) in ("type", "ABCMeta", "abc.ABCMeta"):
                        add(FLAG, "fake-object", f"class {node.name} is a metaclass")
        elif isinstance(node, ast.ExceptHandler):
            caught = _dotted(node.type) if node.type is not None else ""
            names = ([_dotted(e) for e in node.type.elts] if isinstance(node.type, ast.Tuple)
                     else [caught])
            if node.type is None or any(n in ("KeyboardInterrupt", "BaseException", "SystemExit")
                                        for n in names):
                add(FLAG, "catches-interrupt", "catches KeyboardInterrupt (a bare `except:` or "
                    "BaseException), which defeats the grader's time limit")
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
            targets = (node.targets if isinstance(node, (ast.Assign, ast.Delete))
                       else [node.target])
            for target in targets:
                for sub in ast.walk(target):
                    if isinstance(sub, ast.Name) and sub.id == "q" and isinstance(
                            sub.ctx, (ast.Store, ast.Del)):
                        add(FLAG, "rebinds-q", "assigns to `q`, the question objects the "
                            "checks use")
                    if isinstance(sub, (ast.Attribute, ast.Subscript)) and isinstance(
                            sub.ctx, (ast.Store, ast.Del)):
                        dotted = _dotted(sub.value if isinstance(sub, ast.Subscript) else sub)
                        root = dotted.split(".")[0]
                        if root in tainted:
                            add(FLAG, "patches-checker", f"changes {dotted or root}, part of "
                                "the course library the checks run on")
                        elif root in ("sys", "builtins", "__builtins__", "os", "math", "pd",
                                      "pandas", "np", "numpy", "IPython", "ipykernel"):
                            add(FLAG, "patches-library", f"changes {dotted or root} "
                                "(a library the checks rely on)")
                        elif isinstance(sub, ast.Attribute) and sub.attr in _INTROSPECTION:
                            add(FLAG, "introspection", f"assigns {dotted}")
                        elif isinstance(sub, ast.Attribute) and sub.attr in _DUNDERS_FAKE:
                            add(FLAG, "fake-object", f"assigns {dotted}, faking behaviour")
        elif isinstance(node, ast.Attribute):
            dotted = _dotted(node)
            if node.attr in _INTROSPECTION:
                add(FLAG, "introspection", f"uses .{node.attr}, which reaches interpreter or "
                    "checker internals")
            if dotted.startswith(("sys.", "os.")) and dotted not in _OK_SYS_OS:
                add(FLAG, "system", f"uses {dotted}")
            if node.attr in ("set_custom_exc", "showtraceback", "run_cell", "run_line_magic",
                             "run_cell_magic", "getoutput", "user_ns",
                             "register_magic_function", "set_hook", "excepthook"):
                add(FLAG, "shell", f"uses .{node.attr} of the IPython shell")
            private = node.attr.startswith("_") and not node.attr.startswith("__")
            if isinstance(node.value, ast.Name) and node.value.id in tainted and private:
                add(FLAG, "internals", f"uses the private {dotted}")
        elif isinstance(node, ast.Call):
            name = _dotted(node.func)
            leaf = name.rsplit(".", 1)[-1]
            if _CALLS.get(name):
                add(FLAG if name not in ("getattr",) else NOTE, "call", f"calls {name}(), which "
                    f"{_CALLS[name]}")
            if leaf in ("read_csv", "read_excel", "read_json", "read_parquet", "read_pickle",
                        "read_table", "read_html", "listdir", "scandir", "walk", "Path",
                        "read_text", "read_bytes", "open", "system", "popen", "kill", "_exit",
                        "exit", "fork", "execv", "execvp", "spawnv", "chdir", "unlink",
                        "rmtree"):
                add(FLAG, "filesystem", f"calls {name}(), reaching files or processes "
                    "outside the answer")
            if leaf in ("setattr", "delattr") and node.args:
                root = _dotted(node.args[0]).split(".")[0]
                if root in tainted or root in ("sys", "builtins", "__builtins__"):
                    add(FLAG, "patches-checker", f"{leaf}() on {_dotted(node.args[0])}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if len(node.value) < 300 and _PATH_WORDS.search(node.value) and "\n" not in node.value:
                add(FLAG, "path", f"names a path outside the notebook: {node.value[:60]!r}")
        elif isinstance(node, ast.While):
            if isinstance(node.test, ast.Constant) and node.test.value:
                if not any(isinstance(n, (ast.Break, ast.Return)) for n in ast.walk(node)):
                    add(FLAG, "endless-loop", "has a `while True` loop without break")
        elif isinstance(node, ast.Name) and node.id in ("__builtins__", "__loader__",
                                                         "__spec__"):
            add(FLAG, "introspection", f"uses {node.id}")
    return [(s, c, r) for (c, r), s in found.items()]


# --- 3. the autograded notebook ---------------------------------------------------------------


def check_autograded(notebook, ref: NotebookReference) -> list[Finding]:
    """Did nbgrader run the instructor's test cells, once each, with the right points?"""
    name = f"{ref.name}.ipynb"
    findings: list[Finding] = []
    by_id: dict[str, list] = {}
    for cell in notebook.cells:
        meta = _meta(cell)
        if meta.get("grade") and meta.get("grade_id") is not None:
            by_id.setdefault(str(meta["grade_id"]), []).append(cell)
    for cell_ref in ref.grade_cells:
        cells = by_id.get(cell_ref.name, [])
        if len(cells) != 1:
            findings.append(Finding(FLAG, "graded-cell-count", f"the graded notebook has "
                                    f"{len(cells)} copies of this grade cell, not 1.", name,
                                    cell_ref.name))
            continue
        cell = cells[0]
        try:
            points = float(_meta(cell).get("points"))
        except (TypeError, ValueError):
            points = None
        if points != cell_ref.points:
            findings.append(Finding(FLAG, "graded-points", f"graded with {points} points, not "
                                    f"{cell_ref.points:g}.", name, cell_ref.name))
        if not cell_ref.solution and not cell.source.endswith(cell_ref.source):
            findings.append(Finding(FLAG, "graded-test-differs", "the test that ran is not the "
                                    "instructor's; the score of this cell is not trustworthy.",
                                    name, cell_ref.name))
    for grade_id in by_id:
        if grade_id not in ref.cells:
            findings.append(Finding(FLAG, "graded-unknown", "an unknown grade cell was graded.",
                                    name, grade_id))
    return findings
