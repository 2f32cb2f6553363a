"""Do environment.yml (conda) and pyproject.toml (pip) ask for the same packages?"""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# conda-forge names that differ from PyPI names
CONDA_NAMES = {"build": "python-build", "playwright": "playwright-python"}


def _pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        lines += [r for r in extra if not r.startswith("telegram-case")]
    requirements = {}
    for line in lines:
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)\s*(.*)", line.strip())
        name, bound = match.group(1).lower(), match.group(2).replace(" ", "")
        requirements[CONDA_NAMES.get(name, name)] = bound
    requirements["python"] = ">=" + project["requires-python"].removeprefix(">=")
    return requirements


def _conda_requirements() -> dict[str, str]:
    requirements = {}
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    for line in text.split("\ndependencies:\n", 1)[1].splitlines():
        match = re.fullmatch(r"\s{2}- ([A-Za-z0-9_.\-]+)\s*([<>=!~].*)?", line)
        if match and match.group(1) != "pip":
            requirements[match.group(1).lower()] = (match.group(2) or "").replace(" ", "")
    return requirements


def test_same_packages_and_bounds():
    assert _conda_requirements() == _pyproject_requirements()


def test_conda_env_installs_the_package_from_the_checkout():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert "- -e ." in text
    assert "conda-forge" in text
