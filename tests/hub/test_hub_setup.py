"""Is the course hub configured as the instructor guide says, without starting it?

These tests need neither root nor a browser: they read the configuration
``telegram_case.hub`` writes, the spawner's environment per role, the password
generator, and what the command line says when it cannot act.
"""

from __future__ import annotations

import json
import stat
import string
from types import SimpleNamespace

import pytest

from telegram_case.hub import accounts, config, environment, main
from telegram_case.hub.site import Account, HubError, HubSite
from telegram_case.hub.spawner import CourseSpawner


@pytest.fixture
def site(tmp_path):
    return HubSite(
        state=tmp_path / "state",
        environment=tmp_path / "env",
        prefix="tq-",
        students=2,
        port=8123,
        hub_port=8124,
        proxy_api_port=8125,
    )


def test_the_hub_listens_on_localhost_and_lets_in_only_the_trial_accounts(site):
    hub = config.hub_config(site)
    assert hub["JupyterHub"]["bind_url"] == "http://127.0.0.1:8123"
    assert hub["JupyterHub"]["hub_bind_url"] == "http://127.0.0.1:8124"
    assert hub["ConfigurableHTTPProxy"]["api_url"] == "http://127.0.0.1:8125"
    assert hub["JupyterHub"]["authenticator_class"] == "pam"
    assert hub["Authenticator"] == {
        "allowed_users": ["tq-instructor", "tq-student1", "tq-student2"],
        "admin_users": [],
    }
    assert hub["JupyterHub"]["spawner_class"] == "telegram_case.hub.spawner.CourseSpawner"
    assert hub["CourseSpawner"]["instructors"] == ["tq-instructor"]
    assert hub["Spawner"]["cmd"] == [str(site.bin / "jupyterhub-singleuser")]
    assert hub["Spawner"]["environment"]["TELEGRAM_CASE_EXCHANGE"] == str(site.exchange)


def test_only_the_instructor_gets_the_formgrader(site):
    student, instructor = config.role_files(site, "student"), config.role_files(site, "instructor")
    server = student["jupyter_server_config.json"]["ServerApp"]["jpserver_extensions"]
    assert server == {
        "nbgrader.server_extensions.formgrader": False,
        "nbgrader.server_extensions.assignment_list": True,
        "nbgrader.server_extensions.course_list": False,
        "nbgrader.server_extensions.validate_assignment": True,
    }
    disabled = student["labconfig/page_config.json"]["disabledExtensions"]
    assert set(disabled) == {
        "@jupyter/nbgrader:formgrader",
        "@jupyter/nbgrader:create-assignment",
        "@jupyter/nbgrader:course-list",
    }
    server = instructor["jupyter_server_config.json"]["ServerApp"]["jpserver_extensions"]
    assert all(server.values())
    assert instructor["labconfig/page_config.json"]["disabledExtensions"] == {}


def test_students_find_the_course_and_the_exchange(site):
    nbgrader = config.role_files(site, "student")["nbgrader_config.json"]
    assert nbgrader == {
        "CourseDirectory": {"course_id": "telegram-case"},
        "Exchange": {"root": str(site.exchange), "timezone": "UTC"},
    }
    # The instructor's nbgrader settings are the course's own nbgrader_config.py in its home.
    assert "nbgrader_config.json" not in config.role_files(site, "instructor")


def test_the_configuration_is_written_readable_for_users_and_private_for_the_hub(site):
    site.state.mkdir()
    config.write_config(site)
    assert json.loads(site.config_file.read_text()) == config.hub_config(site)
    assert stat.S_IMODE(site.config_file.stat().st_mode) == 0o600
    page = site.roles / "student" / "labconfig" / "page_config.json"
    assert stat.S_IMODE(page.stat().st_mode) == 0o644
    assert stat.S_IMODE(page.parent.stat().st_mode) == 0o755


def _spawner(name: str, site: HubSite) -> CourseSpawner:
    """The hub's spawner for ``name``, configured as the hub configures it, with root as
    the instructor (spawners read the user's home from the system's accounts)."""
    hub = SimpleNamespace(
        public_host="", url="/hub/", base_url="/hub/", api_url="http://127.0.0.1:8124/hub/api"
    )
    settings = config.hub_config(site)["CourseSpawner"]
    return CourseSpawner(
        user=SimpleNamespace(name=name, url=f"/user/{name}/"),
        hub=hub,
        instructors={"root"},
        role_config_root=settings["role_config_root"],
        role_environment=settings["role_environment"],
    )


def test_each_server_gets_its_roles_configuration(site):
    instructor, student = _spawner("root", site), _spawner("nobody", site)
    assert instructor.role == "instructor" and student.role == "student"
    assert instructor.get_env()["JUPYTER_CONFIG_PATH"] == str(site.roles / "instructor")
    env = student.get_env()
    assert env["JUPYTER_CONFIG_PATH"] == str(site.roles / "student")
    assert env["TELEGRAM_CASE_GRADED"] == "1"  # worked solutions off for students
    assert "TELEGRAM_CASE_GRADED" not in instructor.get_env()


def test_passwords_are_generated_never_fixed():
    passwords = {accounts.generate_password() for _ in range(200)}
    assert len(passwords) == 200
    for password in passwords:
        assert len(password) == 14 and set(password) <= set(string.ascii_letters + string.digits)
        assert not set(password) & set("lI1O0o")  # nothing to misread


def test_the_hub_never_takes_over_or_removes_an_account_it_did_not_create():
    with pytest.raises(accounts.AccountError, match="not a trial-hub account"):
        accounts.create_account("root", "x")
    with pytest.raises(accounts.AccountError, match="not created by the trial hub"):
        accounts.remove_account("root")
    assert accounts.remove_account("no-such-user-tc") is False


def test_the_site_and_its_passwords_are_saved_for_down(site):
    site.state.mkdir()
    site.save()
    assert HubSite.load(site.state) == site
    site.save_accounts([Account("tq-instructor", "instructor", "secret")])
    assert stat.S_IMODE(site.accounts_file.stat().st_mode) == 0o600
    assert site.load_accounts() == [Account("tq-instructor", "instructor", "secret")]


def test_the_proxy_release_suits_the_node_version():
    assert environment.proxy_package(20).endswith("@5.2.0")
    assert environment.proxy_package(22).endswith("@5.2.0")
    assert environment.proxy_package(18).endswith("@4.6.3")
    with pytest.raises(HubError, match=r"Node\.js >= 12"):
        environment.proxy_package(10)


def test_the_command_line_says_why_it_cannot_start_without_root(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr("os.geteuid", lambda: 1000)
    assert main(["up", "--state", str(tmp_path / "s"), "--environment", str(tmp_path)]) == 2
    assert "needs root" in capsys.readouterr().out
    assert not (tmp_path / "s").exists()


def test_status_and_down_without_a_hub(tmp_path, capsys):
    assert main(["status", "--state", str(tmp_path)]) == 1
    assert "No course hub" in capsys.readouterr().out
    assert main(["down", "--state", str(tmp_path)]) == 0
    assert "nothing to remove" in capsys.readouterr().out
