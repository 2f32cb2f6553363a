"""The hub's configuration, written as JSON files from a :class:`~telegram_case.hub.site.HubSite`.

``<state>/jupyterhub_config.json``
    JupyterHub: PAM log-in for the trial accounts only, the course spawner (each user's
    JupyterLab as that user), the standard proxy, every port on the chosen address.
``<state>/roles/<role>/``
    The Jupyter configuration of each role's servers (their ``JUPYTER_CONFIG_PATH``):
    which nbgrader extensions run (nbgrader's table in "Using nbgrader with JupyterHub":
    students get the Assignments panel and Validate, never the formgrader, Create
    Assignment or the course list) and, for students, the course id and the exchange.
    The instructor's nbgrader settings are the course's own ``nbgrader_config.py`` in the
    instructor's home, which is the course folder.

Everything here is data; JupyterHub reads JSON configuration files as it reads
``jupyterhub_config.py`` (traitlets loads both).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .site import COURSE_ID, HubSite

__all__ = [
    "NBGRADER_LAB_PLUGINS",
    "NBGRADER_SERVER_EXTENSIONS",
    "hub_config",
    "role_files",
    "write_config",
]

# nbgrader 0.9's server extensions and lab plug-ins, and which role gets each.
NBGRADER_SERVER_EXTENSIONS = {
    "nbgrader.server_extensions.formgrader": {"instructor"},
    "nbgrader.server_extensions.assignment_list": {"instructor", "student"},
    "nbgrader.server_extensions.course_list": {"instructor"},
    "nbgrader.server_extensions.validate_assignment": {"instructor", "student"},
}
NBGRADER_LAB_PLUGINS = {
    "@jupyter/nbgrader:formgrader": {"instructor"},
    "@jupyter/nbgrader:create-assignment": {"instructor"},
    "@jupyter/nbgrader:course-list": {"instructor"},
    "@jupyter/nbgrader:assignment-list": {"instructor", "student"},
    "@jupyter/nbgrader:validate-assignment": {"instructor", "student"},
}
# Variables set in each role's servers. Students: worked solutions off (see the README).
ROLE_ENVIRONMENT = {"instructor": {}, "student": {"TELEGRAM_CASE_GRADED": "1"}}

SPAWN_TIMEOUT = 120  # seconds a user's server may take to start on a busy machine


def hub_config(site: HubSite) -> dict:
    """JupyterHub's configuration for ``site``."""
    state = site.state
    path = os.pathsep.join([str(site.bin), "/usr/local/bin", "/usr/bin", "/bin"])
    return {
        "JupyterHub": {
            "bind_url": f"http://{site.ip}:{site.port}",
            "hub_bind_url": f"http://127.0.0.1:{site.hub_port}",
            "db_url": f"sqlite:///{state / 'jupyterhub.sqlite'}",
            "cookie_secret_file": str(state / "jupyterhub_cookie_secret"),
            "pid_file": str(site.pid_file),
            "authenticator_class": "pam",
            "spawner_class": "telegram_case.hub.spawner.CourseSpawner",
            # `down` stops the hub; the hub stops every user's server and the proxy.
            "cleanup_servers": True,
            "cleanup_proxy": True,
        },
        "ConfigurableHTTPProxy": {
            "command": [str(site.proxy)],
            "api_url": f"http://127.0.0.1:{site.proxy_api_port}",
            "pid_file": str(state / "proxy.pid"),
        },
        # Only the trial accounts may log in; nobody is a hub admin.
        "Authenticator": {"allowed_users": site.account_names(), "admin_users": []},
        "Spawner": {
            "cmd": [str(site.bin / "jupyterhub-singleuser")],
            "default_url": "/lab",
            "start_timeout": SPAWN_TIMEOUT,
            "http_timeout": SPAWN_TIMEOUT,
            "environment": {"PATH": path, "TELEGRAM_CASE_EXCHANGE": str(site.exchange)},
        },
        "CourseSpawner": {
            "instructors": [site.instructor],
            "role_config_root": str(site.roles),
            "role_environment": ROLE_ENVIRONMENT,
        },
    }


def _server_config(role: str) -> dict:
    extensions = {name: role in roles for name, roles in NBGRADER_SERVER_EXTENSIONS.items()}
    return {
        "ServerApp": {"jpserver_extensions": extensions},
        # No news or update checks: the machine may have no way out, and they are noise.
        "LabApp": {"news_url": None, "check_for_updates_class": "jupyterlab.NeverCheckForUpdate"},
    }


def role_files(site: HubSite, role: str) -> dict[str, dict]:
    """The configuration files of one role: relative path -> JSON content."""
    disabled = {name: True for name, roles in NBGRADER_LAB_PLUGINS.items() if role not in roles}
    files = {
        "jupyter_server_config.json": _server_config(role),
        "labconfig/page_config.json": {"disabledExtensions": disabled},
    }
    if role == "student":
        files["nbgrader_config.json"] = {
            "CourseDirectory": {"course_id": COURSE_ID},
            "Exchange": {"root": str(site.exchange), "timezone": "UTC"},
        }
    return files


def _write_json(path: Path, content: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(content, indent=2) + "\n")
    path.chmod(0o644)


def write_config(site: HubSite) -> None:
    """Write the hub's and the roles' configuration files (world-readable, root-owned)."""
    _write_json(site.config_file, hub_config(site))
    site.config_file.chmod(0o600)  # the hub alone reads its configuration
    for role in ("instructor", "student"):
        for relative, content in role_files(site, role).items():
            _write_json(site.roles / role / relative, content)
    for folder in [site.roles, *site.roles.rglob("*")]:
        if folder.is_dir():
            folder.chmod(0o755)
