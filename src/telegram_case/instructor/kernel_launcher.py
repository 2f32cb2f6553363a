"""The first Python code of a grading kernel: resource limits, an audit hook, then ipykernel.

Started as ``python -I -B -m telegram_case.instructor.kernel_launcher LIMITS -f FILE``:
nothing beside the notebook is imported first, no bytecode is written. From the first
cell on, the audit hook writes a JSON line for each event student code causes that an
answer never needs (processes, sockets, native code, deleting files, changing the course
library) to a copy of the kernel's stderr. A tripwire, not a wall.
"""

from __future__ import annotations

import json
import linecache
import os
import sys
import tempfile

AUDIT_PREFIX = "TELEGRAM-CASE-AUDIT "
_WATCHED = set(
    "os.remove os.rename os.rmdir shutil.rmtree subprocess.Popen os.system os.exec "
    "os.posix_spawn os.spawn os.fork os.forkpty os.kill os.killpg pty.spawn socket.connect "
    "socket.bind socket.getaddrinfo ctypes.dlopen ctypes.dlsym ctypes.cdata ctypes.addressof "
    "sys.addaudithook sys.setprofile sys.settrace sys.unraisablehook object.__setattr__ "
    "object.__delattr__ code.__new__ function.__new__ import".split()
)
_MODULES = set("ctypes _ctypes subprocess socket gc importlib inspect nbgrader pty zmq".split())
_LIBRARY = ("telegram_case", "IPython", "ipykernel")
_DIRECT = {"import", "object.__setattr__", "object.__delattr__"}


class AuditHook:
    """Report the watched events that come from a student's cell; never raise."""

    def __init__(self, stream_fd: int):
        self.cells = os.path.join(tempfile.gettempdir(), f"ipykernel_{os.getpid()}") + os.sep
        self.fd, self.busy = stream_fd, False

    def _cell_line(self, direct: bool) -> tuple[str, int] | None:
        frame = sys._getframe(2)  # 0: this method, 1: __call__
        while frame is not None:
            name = frame.f_code.co_filename
            if name.startswith((self.cells, "<ipython-input")):
                return name, frame.f_lineno
            if direct and not name.startswith("<frozen"):  # done by a library, not the cell
                return None
            frame = frame.f_back
        return None

    def _watched(self, event: str, args: tuple) -> bool:
        if event == "import":
            return args[0].split(".")[0] in _MODULES
        if event in ("object.__setattr__", "object.__delattr__"):
            owner = str(getattr(args[0], "__module__", "") or "")
            return owner.startswith(_LIBRARY) or args[1] in ("__code__", "__class__")
        return event in _WATCHED

    def __call__(self, event: str, args: tuple) -> None:
        if self.busy or event not in _WATCHED:
            return
        self.busy = True
        try:
            direct = event in _DIRECT  # an import or a change a library makes is its own
            where = self._cell_line(direct) if self._watched(event, args) else None
            if where is not None:
                line = linecache.getline(*where).strip()[:200]
                found = {"event": event, "args": [repr(a)[:200] for a in args[:3]], "line": line}
                os.write(self.fd, (AUDIT_PREFIX + json.dumps(found) + "\n").encode())
        except Exception:  # an audit hook must never break the student's code
            pass
        finally:
            self.busy = False


def main() -> None:
    """Apply the resource limits in ``sys.argv[1]``, then start ipykernel with the rest."""
    limits = json.loads(sys.argv.pop(1))
    if os.name == "posix":  # Windows has no resource limits
        import resource

        for name, value in limits.items():
            try:
                resource.setrlimit(getattr(resource, name), (value, value))
            except (ValueError, OSError):  # a limit the system does not allow stays as it is
                pass
    audit_fd = os.dup(2)  # not inherited: os.dup's descriptors never are
    sys.argv[0] = "ipykernel_launcher"
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.initialize()

    def audit_from_the_first_cell(*_):  # the kernel's own start-up is not worth auditing
        app.shell.events.unregister("pre_run_cell", audit_from_the_first_cell)
        sys.addaudithook(AuditHook(audit_fd))

    app.shell.events.register("pre_run_cell", audit_from_the_first_cell)
    app.start()


if __name__ == "__main__":
    main()
