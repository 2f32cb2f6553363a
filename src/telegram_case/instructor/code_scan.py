"""The code scan: what in a student's code cell an answer never needs, flagged for review.

Code in the student's kernel can replace the checks that run there (patch ``q``,
monkeypatch ``telegram_case``, fake equality, hook IPython); no sandbox stops that.
The scan is a tripwire, not a proof: each flag gives its reason, and the course's
own solutions raise none (tested).
"""

from __future__ import annotations

import ast
import re

__all__ = ["scan_code"]

FLAG, NOTE = "flag", "note"
_RISKY = {
    **dict.fromkeys("subprocess pty multiprocessing".split(), "starts processes"),
    **dict.fromkeys("socket urllib requests http".split(), "opens network connections"),
    **dict.fromkeys("pickle marshal".split(), "loads arbitrary objects or code"),
    **dict.fromkeys("ctypes gc inspect importlib builtins".split(), "reaches Python's internals"),
    **dict.fromkeys("IPython ipykernel nbgrader".split(), "changes the shell or the grader"),
    **dict.fromkeys("shutil glob signal threading atexit".split(), "acts outside the answer"),
}
_LIBRARIES = set("sys builtins __builtins__ os math pd pandas np numpy".split())
_FAKING = set(
    "__eq__ __ne__ __hash__ __float__ __index__ __instancecheck__ __subclasscheck__ __bool__ "
    "__getattribute__ __class__ __len__ __contains__ __abs__ __sub__ __rsub__ __lt__ __gt__ "
    "__le__ __ge__ __round__ __mro_entries__".split()
)
_INTROSPECTION = set(
    "__subclasses__ __globals__ __code__ __closure__ __builtins__ __dict__ __mro__ __bases__ "
    "__base__ f_globals f_locals f_back tb_frame gi_frame cr_frame __self__ __func__ __wrapped__ "
    "__defaults__ __kwdefaults__ __loader__ __spec__ checker evaluate worked_solution".split()
)
_SHELL = set(
    "set_custom_exc showtraceback run_cell run_line_magic run_cell_magic getoutput user_ns "
    "register_magic_function set_hook excepthook".split()
)
_CALLS = {
    **dict.fromkeys("exec eval compile __import__".split(), "runs code built at run time"),
    **dict.fromkeys("setattr delattr globals vars".split(), "reaches names by string"),
    **dict.fromkeys("exit quit breakpoint".split(), "stops the kernel"),
    "open": "opens files",
    "input": "waits for keyboard input (there is none while grading)",
    "get_ipython": "reaches the IPython shell",
}
_FILES = set(
    "read_csv read_excel read_json read_parquet read_pickle read_table read_html listdir "
    "scandir walk Path read_text read_bytes open system popen kill _exit exit fork execv "
    "execvp spawnv chdir unlink rmtree".split()
)
_PLAIN_SYSTEM = {"sys.version", "sys.version_info", "os.path.join", "os.sep"}
_PATHS = re.compile(
    r"(^/|^~|\.\./|gradebook|course/|source/|release/|autograded|submitted/|exchange/|"
    r"nbgrader|\.git\b|/proc/|/etc/)"
)
_METACLASSES = {"type", "ABCMeta", "abc.ABCMeta"}
_INTERRUPTS = {"KeyboardInterrupt", "BaseException", "SystemExit"}
_BENIGN_MAGIC = re.compile(r"get_ipython\(\)\.run_line_magic\('(matplotlib|time|timeit)'.*\)")


def _dotted(node) -> str:
    """``a.b.c`` for an attribute chain (``f().b`` for a call), ``""`` for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Call) and _dotted(node.func):
        return ".".join([_dotted(node.func) + "()", *reversed(parts)])
    return ".".join([node.id, *reversed(parts)]) if isinstance(node, ast.Name) else ""


class _Scan(ast.NodeVisitor):
    """One walk over a cell's syntax tree, collecting (code, reason) -> severity."""

    def __init__(self):
        self.found: dict[tuple[str, str], str] = {}
        self.tainted = {"q"}  # the question objects, and names bound to the course library

    def flag(self, code: str, reason: str, severity: str = FLAG) -> None:
        self.found.setdefault((code, reason), severity)

    def visit_Import(self, node) -> None:
        module = node.module if isinstance(node, ast.ImportFrom) else None
        for name in [module] if module else [alias.name for alias in node.names]:
            if name.startswith(("telegram_case.", "nbgrader")) or name == "telegram_case":
                self.flag("internals", f"imports {name}, the course's checking internals")
            if name.split(".")[0] in _RISKY:
                self.flag("risky-import", f"imports {name}, which {_RISKY[name.split('.')[0]]}")
        for alias in node.names:
            bound = (alias.asname or alias.name).split(".")[0]
            if bound == "q":
                self.flag("rebinds-q", "rebinds `q`, the question objects the checks use")
            if (module or alias.name).startswith("telegram_case"):
                self.tainted.add(bound)

    visit_ImportFrom = visit_Import

    def visit_FunctionDef(self, node) -> None:
        if node.name == "q":
            self.flag("rebinds-q", "defines `q`, replacing the question objects")
        for item in node.body if isinstance(node, ast.ClassDef) else []:
            targets = getattr(item, "targets", [])
            for name in {getattr(item, "name", "")} | {getattr(t, "id", "") for t in targets}:
                if name in _FAKING:
                    self.flag("fake-object", f"class {node.name} defines {name}: can fake answers")
        if {_dotted(base) for base in getattr(node, "bases", [])} & _METACLASSES:
            self.flag("fake-object", f"class {node.name} is a metaclass")
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_ClassDef = visit_FunctionDef

    def visit_ExceptHandler(self, node) -> None:
        caught = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]
        if node.type is None or {_dotted(n) for n in caught} & _INTERRUPTS:
            self.flag("catches-interrupt", "catches KeyboardInterrupt, defeating the time limit")
        self.generic_visit(node)

    def visit_Assign(self, node) -> None:
        targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
        for sub in (s for target in targets for s in ast.walk(target)):
            if not isinstance(getattr(sub, "ctx", None), (ast.Store, ast.Del)):
                continue
            if isinstance(sub, ast.Name) and sub.id == "q":
                self.flag("rebinds-q", "assigns to `q`, the question objects the checks use")
            if isinstance(sub, (ast.Attribute, ast.Subscript)):
                self._changed(_dotted(sub.value if isinstance(sub, ast.Subscript) else sub), sub)
        self.generic_visit(node)

    visit_AugAssign = visit_AnnAssign = visit_Delete = visit_Assign

    def _changed(self, dotted: str, node) -> None:
        root, attribute = dotted.split(".")[0], getattr(node, "attr", "")
        if root in self.tainted:
            self.flag("patches-checker", f"changes {dotted}, part of the library the checks use")
        elif root in _LIBRARIES:
            self.flag("patches-library", f"changes {dotted} (a library the checks rely on)")
        elif attribute in _INTROSPECTION:
            self.flag("introspection", f"assigns {dotted}")
        if attribute in _FAKING:
            self.flag("fake-object", f"assigns {dotted}, faking behaviour")

    def visit_Attribute(self, node) -> None:
        dotted = _dotted(node)
        if node.attr in _INTROSPECTION:
            self.flag("introspection", f"uses .{node.attr}, reaching interpreter or checks")
        if dotted.startswith(("sys.", "os.")) and dotted not in _PLAIN_SYSTEM:
            self.flag("system", f"uses {dotted}")
        if node.attr in _SHELL:
            self.flag("shell", f"uses .{node.attr} of the IPython shell")
        if node.attr.startswith("_") and not node.attr.startswith("__"):
            if isinstance(node.value, ast.Name) and node.value.id in self.tainted:
                self.flag("internals", f"uses the private {dotted}")
        self.generic_visit(node)

    def visit_Call(self, node) -> None:
        name = _dotted(node.func)
        leaf = name.rsplit(".", 1)[-1]
        if name in _CALLS:
            self.flag("call", f"calls {name}(), which {_CALLS[name]}")
        if leaf in _FILES:
            self.flag("filesystem", f"calls {name}(), reaching files or processes")
        if leaf in ("setattr", "delattr") and node.args:
            target = _dotted(node.args[0])
            if target.split(".")[0] in self.tainted | {"sys", "builtins", "__builtins__"}:
                self.flag("patches-checker", f"{leaf}() on {target}")
        self.generic_visit(node)

    def visit_Constant(self, node) -> None:
        text = node.value
        if isinstance(text, str) and len(text) < 300 and "\n" not in text and _PATHS.search(text):
            self.flag("path", f"names a path outside the notebook: {text[:60]!r}")

    def visit_While(self, node) -> None:
        if isinstance(node.test, ast.Constant) and node.test.value:
            if not any(isinstance(n, (ast.Break, ast.Return)) for n in ast.walk(node)):
                self.flag("endless-loop", "has a `while True` loop without break")
        self.generic_visit(node)

    def visit_Name(self, node) -> None:
        if node.id in ("__builtins__", "__loader__", "__spec__"):
            self.flag("introspection", f"uses {node.id}")


def scan_code(source: str) -> list[tuple[str, str, str]]:
    """(severity, code, reason) for each construct in ``source`` (one cell) an answer never
    needs; severity ``"flag"`` (worth a look) or ``"note"``."""
    from IPython.core.inputtransformer2 import TransformerManager

    scan = _Scan()
    try:  # IPython magics and ! shell lines as the Python they run
        python = _BENIGN_MAGIC.sub("pass", TransformerManager().transform_cell(source))
    except Exception:  # what IPython cannot read is scanned as it is
        python = source
    try:
        scan.visit(ast.parse(python))
    except SyntaxError as error:  # a cell that does not parse does not run either
        scan.flag("syntax", f"does not parse (line {error.lineno})", NOTE)
    return [(severity, code, reason) for (code, reason), severity in scan.found.items()]
