"""A course hub on one Linux machine, for trying the course as a class.

``telegram-case hub up`` (as root; ``make hub``) starts JupyterHub with
JupyterHub's standard proxy, real Unix accounts for one instructor and a few students
with generated passwords, each user's JupyterLab running as that user, nbgrader's
exchange in a shared folder, and the formgrader in the instructor's server only.
``down`` stops it all and removes the accounts; ``status`` says whether it runs.
The instructor guide (docs/instructor-guide.md, "A course hub") explains each piece.

The table of contents:

- :func:`main` — the command line (``up``, ``down``, ``status``).
- :mod:`~telegram_case.hub.trial` — ``up``, ``down``, ``status`` as functions (used by the tests).
- :mod:`~telegram_case.hub.site` — where a hub lives: folders, ports, account names.
- :mod:`~telegram_case.hub.accounts` — Unix accounts: create, remove, run a command as one.
- :mod:`~telegram_case.hub.environment` — the shared Python environment and the proxy.
- :mod:`~telegram_case.hub.course` — the course in the instructor's home; the exchange.
- :mod:`~telegram_case.hub.config` — JupyterHub's and each role's configuration, as JSON.
- :mod:`~telegram_case.hub.spawner` — the spawner: each server as its user, configured by role.
- :mod:`~telegram_case.hub.server` — start and stop the hub process.
"""

from .cli import main

__all__ = ["main"]
