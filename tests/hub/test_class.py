"""A real class on the course hub, end to end in a browser: does the course work between accounts?

One instructor and three students, each a Unix account logged in through the hub's
log-in page in a browser context of their own:

1. the instructor generates and releases notebook 01 in the formgrader;
2. each student fetches it in the *Assignments* panel, answers (one fully, one partly,
   one not at all) in the notebook's editor, saves, validates and submits;
3. the instructor collects in the formgrader, grades with the course's grading
   command (:func:`grade`), gives the written answers of the full student full credit
   in the formgrader, generates and releases the feedback;
4. each student fetches the feedback and sees their own score, and only their own.

The scores are checked exactly, in the gradebook and on each student's feedback page,
against what :mod:`tests.hub.answers` computes from the notebook's points. As each
student, the test then tries to read another student's home, the course source and the
gradebook, and to list the exchange's submissions and feedback (all must fail with a
permission error, where the owner succeeds), to find worked solutions or model answers
in the shared environment, and to open the formgrader (404 on their own server, 403 on
the instructor's). Screenshots go to artifacts/screenshots/hub-*.png.
"""

from __future__ import annotations

import json
import re
import time

import nbformat
import pytest

from telegram_case.hub.accounts import home, run_as
from telegram_case.hub.site import COURSE_ID, HubSite
from tests.browser.lab import ROOT, Deadline, screenshot
from tests.support import cells

from .answers import Answers, plan
from .pages import Formgrader, LabUser

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.hub]

ASSIGNMENT = "01-founding-story"
SOURCE = ROOT / "course" / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
KINDS = ("full", "partial", "none")  # student1, student2, student3
CLASS_BUDGET = 900  # seconds for the whole class (a few minutes on 2 cores)
GRADE_TIMEOUT = 600


def grade(site: HubSite, assignment: str) -> None:
    """Grade every collected submission with the course's grading command, as the instructor,
    in the course folder (the instructor's home): ``telegram-case grade``, which runs the
    course's nbgrader pipeline in parallel workers, each kernel under bubblewrap, and writes
    a report. Exit 0 means every student was graded and nothing was flagged for review.
    """
    command = [str(site.bin / "telegram-case"), "grade", assignment]
    result = run_as(
        site.instructor,
        command,
        env={"TELEGRAM_CASE_EXCHANGE": str(site.exchange)},
        extra_path=[site.bin],
        timeout=GRADE_TIMEOUT,
    )
    assert result.returncode == 0, (
        f"{' '.join(command[-3:])} failed (exit {result.returncode}):\n"
        f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )
    assert "Kernel isolation: bubblewrap" in (
        home(site.instructor) / "reports" / assignment / "report.md"
    ).read_text(encoding="utf-8"), "the class was graded without the kernel sandbox"


def _student_submits(user: LabUser, answers: Answers) -> str:
    """Log in, fetch, answer, save, validate, submit; the validation dialog's text."""
    user.log_in()
    assert "Formgrader" not in user.menu_items("Nbgrader"), "a student sees the formgrader"
    user.fetch(ASSIGNMENT)
    path = home(user.name) / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    fetched = nbformat.read(path, as_version=4)
    user.open_notebook(f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb", len(fetched.cells))
    typed = {}
    for grade_id, text in {**answers.code, **answers.written}.items():
        index = cells.cell_index(fetched, grade_id)
        user.type_into(index, text, markdown=grade_id in answers.written)
        typed[index] = text
    if typed:  # a student who answers nothing does not save
        user.save(path, typed)
    result = user.validate()
    user.submit(ASSIGNMENT)
    return result


def _gradebook_scores(site: HubSite, students: list[str], timeout: float = 30) -> dict:
    """Student -> grade id -> score, read from the instructor's gradebook (as root)."""
    from nbgrader.api import Gradebook

    url = f"sqlite:///{home(site.instructor) / 'gradebook.db'}"
    with Gradebook(url) as gradebook:
        notebook = gradebook.find_notebook(ASSIGNMENT, ASSIGNMENT)
        return {
            student: {
                cell.name: gradebook.find_grade(cell.name, ASSIGNMENT, ASSIGNMENT, student).score
                for cell in notebook.grade_cells
            }
            for student in students
        }


def _wait_for_scores(site: HubSite, expected: dict[str, dict[str, float]], budget: float) -> None:
    end = time.monotonic() + budget
    while True:
        scores = _gradebook_scores(site, list(expected))
        if scores == expected or time.monotonic() > end:
            break
        time.sleep(0.5)  # the formgrader saves a hand grade a moment after the click
    assert scores == expected


def _score_on_page(text: str) -> tuple[float, float]:
    found = re.findall(rf"{re.escape(ASSIGNMENT)} \(Score: ([\d.]+) / ([\d.]+)\)", text)
    assert len(found) == 1, f"the feedback page should show one notebook score: {found}"
    return float(found[0][0]), float(found[0][1])


def _permission_denied(site: HubSite, user: str, argv: list[str]) -> bool:
    result = run_as(user, argv, env={"LANG": "C", "LC_ALL": "C"}, timeout=30)
    return result.returncode != 0 and "Permission denied" in result.stderr


def _check_permissions(site: HubSite, students: list[str]) -> None:
    """Each student's attempts fail with a permission error; the owner's succeed."""
    course = home(site.instructor)
    inbound = site.exchange / COURSE_ID / "inbound"
    feedback = site.exchange / COURSE_ID / "feedback"
    read = ["head", "-c", "64"]
    private = [
        ([*read, str(course / "source" / ASSIGNMENT / SOURCE.name)], site.instructor),
        ([*read, str(course / "gradebook.db")], site.instructor),
        (["ls", str(inbound)], site.instructor),
        (["ls", str(feedback)], site.instructor),
    ]
    for student in students:
        other = next(s for s in students if s != student)
        for argv, owner in [*private, (["ls", str(home(other) / ASSIGNMENT)], other)]:
            assert not _permission_denied(site, owner, argv), f"{owner} cannot {argv}"
            assert _permission_denied(site, student, argv), f"{student} can {' '.join(argv)}"


_PROBE = (
    "import json\n"
    "from telegram_case.exercises import nb01 as q\n"
    "print(json.dumps([x.worked_solution() for x in q.QUESTIONS]\n"
    "                 + [w.exemplar() for w in q.WRITTEN]))\n"
    "print(sum(x.points() for x in q.QUESTIONS))"
)


def _check_no_worked_solutions(site: HubSite, student: str) -> None:
    """The hub's environment gives a student no worked solution or model answer, but still
    the points the progress table counts; the same probe finds the solutions in the
    checkout."""
    from telegram_case.exercises import nb01

    assert all(q.worked_solution() for q in nb01.QUESTIONS)  # the probe can find them
    result = run_as(student, [str(site.python), "-c", _PROBE], timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    found, points = result.stdout.strip().splitlines()
    assert set(json.loads(found)) == {None}, f"{student} can read: {found[:200]}"
    assert float(points) == sum(q.points() for q in nb01.QUESTIONS)


def _check_formgrader_closed(student: LabUser, site: HubSite) -> None:
    own = student.page.goto(
        f"{site.url}/user/{student.name}/formgrader", timeout=student.deadline.ms(30)
    )
    assert own.status == 404, f"{student.name}'s own formgrader answered {own.status}"
    theirs = student.page.goto(
        f"{site.url}/user/{site.instructor}/formgrader/manage_assignments",
        timeout=student.deadline.ms(30),
    )
    assert theirs.status == 403, f"the instructor's formgrader answered {theirs.status}"
    assert "formgrade" not in (student.page.title() or "").lower()


def test_a_class_fetches_submits_and_gets_graded_feedback(class_hub, hub_browser):
    site, accounts = class_hub.site, class_hub.accounts
    deadline = Deadline(CLASS_BUDGET)
    students = site.student_names()
    answers = {name: plan(kind, SOURCE) for name, kind in zip(students, KINDS, strict=True)}
    # Three different totals: a student shown another's feedback would see a wrong score.
    assert len({a.total for a in answers.values()}) == len(students)
    people = {
        name: LabUser(hub_browser, site.url, name, accounts[name].password, deadline)
        for name in [site.instructor, *students]
    }
    try:
        instructor = people[site.instructor]
        instructor.log_in()
        assert "Formgrader" in instructor.menu_items("Nbgrader")
        formgrader = Formgrader(instructor)
        formgrader.action(ASSIGNMENT, "assign")
        formgrader.action(ASSIGNMENT, "release")

        validation = {name: _student_submits(people[name], answers[name]) for name in students}
        screenshot(people[students[0]].page.locator(".jp-LabShell"), "hub-student-submitted.png")
        full, partial, untouched = students
        assert "Success! Your notebook passes all the tests." in validation[full]
        assert "Not attempted" in validation[partial] and "Not attempted" in validation[untouched]

        collected = formgrader.action(ASSIGNMENT, "collect")
        assert sorted(re.findall(r"Collecting submission: (\S+)", collected)) == students
        grade(site, ASSIGNMENT)
        formgrader.give_full_credit(full, ASSIGNMENT, list(answers[full].written))
        _wait_for_scores(
            site, {name: answers[name].expected for name in students}, budget=deadline.ms(30) / 1000
        )
        formgrader.action(ASSIGNMENT, "generate-feedback")
        formgrader.action(ASSIGNMENT, "release-feedback")
        formgrader.open("manage_students")
        formgrader.page.locator("#main-table td", has_text=full).wait_for(timeout=deadline.ms())
        screenshot(formgrader.page.locator("body"), "hub-instructor-students.png")

        for name in students:
            text = people[name].fetch_feedback(
                ASSIGNMENT, shot=f"hub-{name.split('-')[-1]}-feedback.png"
            )
            assert _score_on_page(text) == (answers[name].total, answers[name].max_score)
            feedback_files = list((home(name) / ASSIGNMENT / "feedback").glob("*/*.html"))
            assert len(feedback_files) == 1, f"{name} has feedback files {feedback_files}"

        _check_permissions(site, students)
        _check_no_worked_solutions(site, students[0])
        for name in students:
            _check_formgrader_closed(people[name], site)
    except BaseException:
        for name, person in people.items():  # what each page showed when the test failed
            person.screenshot_on_failure(f"FAILED-hub-{name}.png")
        raise
    finally:
        for person in people.values():
            person.close()
