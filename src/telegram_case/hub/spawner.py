"""The spawner of the course hub: each user's JupyterLab as that Unix user, configured by role.

JupyterHub's :class:`~jupyterhub.spawner.LocalProcessSpawner` starts every user's
server as that user (it switches uid and gid before running ``jupyterhub-singleuser``,
which needs the hub to run as root). :class:`CourseSpawner` adds one thing: the
server's ``JUPYTER_CONFIG_PATH`` is the folder of the user's role, so the instructor's
server has the formgrader and the students' servers do not
(:mod:`telegram_case.hub.config` writes those folders), plus any variables set for
the role (``TELEGRAM_CASE_GRADED=1`` for students, so worked solutions are off).

The hub loads this class by name (``telegram_case.hub.spawner.CourseSpawner``) from the
hub's environment; nothing else imports it.
"""

from __future__ import annotations

import os

from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Dict, Set, Unicode

__all__ = ["CourseSpawner"]


class CourseSpawner(LocalProcessSpawner):
    """A local process spawner whose servers get their role's Jupyter configuration."""

    instructors = Set(
        help="User names with the instructor role (the course and the formgrader are theirs); "
        "everyone else is a student.",
    ).tag(config=True)

    role_config_root = Unicode(
        help="Folder with one Jupyter configuration folder per role (instructor/, student/); "
        "a server's JUPYTER_CONFIG_PATH is its role's folder.",
    ).tag(config=True)

    role_environment = Dict(
        help="Extra environment variables per role: {role: {name: value}}.",
    ).tag(config=True)

    @property
    def role(self) -> str:
        return "instructor" if self.user.name in self.instructors else "student"

    def get_env(self):
        env = super().get_env()
        if self.role_config_root:
            env["JUPYTER_CONFIG_PATH"] = os.path.join(self.role_config_root, self.role)
        env.update(self.role_environment.get(self.role, {}))
        return env
