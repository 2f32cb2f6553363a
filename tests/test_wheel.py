"""Does the package work installed from a wheel, not only as an editable checkout?"""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from this checkout."""
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return next(dist.glob("telegram_case-*.whl"))


@pytest.fixture(scope="module")
def wheel_site(wheel, tmp_path_factory):
    """The wheel unpacked into a folder of its own."""
    site = tmp_path_factory.mktemp("wheel") / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    return site


def _run(site: Path, code: str, cwd: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "HOME": str(cwd)},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_wheel_carries_the_data(wheel_site):
    assert (wheel_site / "telegram_case" / "data" / "datapackage.json").is_file()
    assert (wheel_site / "telegram_case" / "data" / "users.csv").is_file()


def test_installed_package_loads_every_dataset_from_anywhere(wheel_site, tmp_path):
    out = _run(
        wheel_site,
        (
            "import telegram_case as tc\n"
            "print(tc.__file__)\n"
            "print(tc.data_dir())\n"
            "print(sum(len(tc.load(n)) for n in tc.resource_names()))\n"
        ),
        cwd=tmp_path,
    )
    module_file, data_dir, rows = out.split()
    assert module_file.startswith(str(wheel_site))
    assert data_dir.startswith(str(wheel_site))
    assert int(rows) > 100


def test_installed_package_checks_answers(wheel_site, tmp_path):
    out = _run(
        wheel_site,
        (
            "from telegram_case.exercises import nb01\n"
            "from telegram_case.checking import Outcome\n"
            "print(nb01.speed_ratio.outcome(6.5 * 12 / 15).name)\n"
            "print(nb01.speed_ratio.outcome(72 / 15).name)\n"
        ),
        cwd=tmp_path,
    )
    assert out.split() == ["CORRECT", "NOT_YET"]


def test_installed_package_reads_every_notebooks_question_texts(wheel_site, tmp_path):
    """The question texts (exercises/nbNN.toml) ship in the wheel, and every question module
    gets its titles and hints from them when it is imported."""
    notebooks = sorted(p.stem for p in (ROOT / "src/telegram_case/exercises").glob("nb*.toml"))
    assert notebooks
    for notebook in notebooks:
        assert (wheel_site / "telegram_case" / "exercises" / f"{notebook}.toml").is_file()
    out = _run(
        wheel_site,
        (
            "import importlib\n"
            f"for name in {notebooks!r}:\n"
            "    module = importlib.import_module(f'telegram_case.exercises.{name}')\n"
            "    print(all(q.title and q.hints for q in module.QUESTIONS))\n"
        ),
        cwd=tmp_path,
    )
    assert out.split() == ["True"] * len(notebooks)


def test_installed_package_reads_solutions_and_points_from_the_wheel(wheel_site, tmp_path):
    """The wheel's build hook carries the instructor notebooks' solutions, points and rubrics
    (the one source of truth), without their hidden tests."""
    out = _run(
        wheel_site,
        (
            "from telegram_case.exercises import nb01\n"
            "print(nb01.mau_multiple.source().assignment)\n"
            "print(nb01.mau_multiple.points())\n"
            "print(nb01.cagr_function.has_hidden_tests())\n"
            "print(nb01.mau_multiple.worked_solution().count('\\n') + 1)\n"
        ),
        cwd=tmp_path,
    )
    assignment, points, hidden, lines = out.split()
    assert assignment == "01-founding-story" and float(points) > 0
    assert hidden == "True" and int(lines) >= 1
    bundle = (wheel_site / "telegram_case" / "_course" / f"{assignment}.json").read_text()
    assert "assert math.isclose(cagr(" not in bundle  # a hidden test of notebook 01


def test_wheel_ships_the_course_jupyterlab_settings(wheel):
    """No "fetch official Jupyter news?" prompt and no update check in the course environment:
    the wheel installs JupyterLab's overrides.json into the environment's settings folder."""
    import json
    import zipfile

    with zipfile.ZipFile(wheel) as archive:
        name = next(
            n
            for n in archive.namelist()
            if n.endswith(".data/data/share/jupyter/lab/settings/overrides.json")
        )
        settings = json.loads(archive.read(name))
    notification = settings["@jupyterlab/apputils-extension:notification"]
    assert notification == {"fetchNews": "false", "checkForUpdates": False}
