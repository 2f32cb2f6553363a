"""Does the conda route (environment.yml) install what pip installs, and does it install at all?

``environment.yml`` is the route for conda users, Windows users and Binder
(repo2docker builds it). It must ask for the same packages with the same bounds as
``pyproject.toml`` (the library and the ``course`` extra), and its pip section must be
something pip accepts: conda writes that section to a requirements file and runs
``pip install -r`` on it, which is exactly what the last test does (``--dry-run``).
"""

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parents[1]

# conda-forge names that differ from PyPI names
CONDA_NAMES = {
    "matplotlib-base": "matplotlib",
    "python-build": "build",
    "playwright-python": "playwright",
}


def _environment() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _bounds(requirements) -> dict[str, SpecifierSet]:
    parsed = [Requirement(line) for line in requirements]
    return {r.name.lower(): r.specifier for r in parsed}


def _conda_packages() -> dict[str, SpecifierSet]:
    """Conda package (by its PyPI name) -> its version bound, as written in environment.yml.

    Conda's ``name=X.Y`` (that minor series) becomes ``==X.Y.*``.
    """
    packages = {}
    for entry in _environment()["dependencies"]:
        if not isinstance(entry, str) or entry == "pip":
            continue
        series = re.fullmatch(r"([\w.-]+)=([\d.]+)", entry)
        if series:
            packages[series.group(1)] = SpecifierSet(f"=={series.group(2)}.*")
            continue
        requirement = Requirement(entry)
        packages[CONDA_NAMES.get(requirement.name, requirement.name).lower()] = (
            requirement.specifier
        )
    return packages


def _pip_section() -> list[str]:
    sections = [e["pip"] for e in _environment()["dependencies"] if isinstance(e, dict)]
    assert len(sections) == 1, "environment.yml should have one pip section"
    return sections[0]


def test_same_packages_and_bounds_as_the_library_and_the_course_extra():
    project = _project()
    wanted = _bounds([*project["dependencies"], *project["optional-dependencies"]["course"]])
    conda = _conda_packages()
    python = conda.pop("python")
    assert conda == wanted
    version = str(python).removeprefix("==").removesuffix(".*")
    assert SpecifierSet(project["requires-python"]).contains(f"{version}.0"), (
        f"environment.yml's python {version} is outside pyproject's {project['requires-python']}"
    )


def test_conda_env_installs_the_course_package_from_the_checkout():
    env = _environment()
    assert env["channels"][0] == "conda-forge"
    assert _pip_section() == ["-e .[course]"]


def test_the_nbgrader_lab_extension_gets_the_jupyterlab_it_needs():
    """nbgrader 0.9.6's lab extension needs JupyterLab 4.4 (its pip metadata says 4.2)."""
    bounds = _bounds(_project()["optional-dependencies"]["course"])
    assert not bounds["jupyterlab"].contains("4.3.8") and bounds["jupyterlab"].contains("4.4.0")
    assert not bounds["jupyterlab"].contains("5.0.0")
    assert not bounds["nbgrader"].contains("0.10.0"), "nbgrader needs an upper bound"


@pytest.mark.slow
def test_pip_accepts_the_pip_section_as_conda_runs_it(tmp_path):
    """conda runs ``pip install -r <the pip section>`` in the folder of environment.yml."""
    requirements = tmp_path / "condaenv.requirements.txt"
    requirements.write_text("\n".join(_pip_section()) + "\n")
    report = tmp_path / "report.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--dry-run",
            "--quiet",
            "--disable-pip-version-check",
            "--report",
            str(report),
            "-r",
            str(requirements),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    installs = json.loads(report.read_text())["install"]
    package = next(i["metadata"] for i in installs if i["metadata"]["name"] == "telegram-case")
    course = [
        r
        for r in map(Requirement, package["requires_dist"])
        if r.marker is None or r.marker.evaluate({"extra": "course"})
    ]
    resolved = {r.name.lower(): r.specifier for r in course}
    conda = _conda_packages()
    conda.pop("python")
    assert resolved == conda
