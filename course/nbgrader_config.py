"""nbgrader configuration of the Telegram business-case course (nbgrader 0.9.6).

Run nbgrader commands from this folder (``cd course``). Every setting below
says why it is set; tests/test_instructor_config.py checks that each one takes
effect. nbgrader's own documentation lists the rest:
https://nbgrader.readthedocs.io/en/stable/configuration/config_options.html

This file imports three small preprocessors from the course package
(``telegram_case.instructor``): run nbgrader from the course's environment
(``make instructor`` sets it up). If the import fails, nbgrader ignores the
whole file with only a warning, so check for "Exception while loading config
file" in its output if settings seem to be missing.
"""

import os
from pathlib import Path

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.converters import Autograde, GenerateAssignment
from nbgrader.preprocessors import ClearSolutions, GetGrades, OverwriteCells

from telegram_case.instructor.feedback import HideHiddenTests
from telegram_case.instructor.preprocessors import TagUnansweredCells
from telegram_case.instructor.restore import RestoreMissingCells

c = get_config()  # noqa: F821 - provided by nbgrader when it reads this file


def nbgrader_default(converter, trait: str) -> list:
    """nbgrader's own list of steps for ``converter.trait``; the course changes one step
    of it, so a newer nbgrader's other steps are kept, not replaced by an old copy."""
    return list(converter.class_traits()[trait].default())


HERE = Path(__file__).resolve().parent

# --- The course -----------------------------------------------------------------------------
c.CourseDirectory.course_id = "telegram-case"
c.CourseDirectory.root = str(HERE)

# The gradebook: SQLite next to this file by default (one instructor, one machine).
# For several graders sharing one gradebook, set TELEGRAM_CASE_DB_URL to a SQLAlchemy
# URL before starting nbgrader or JupyterLab, for example
#   export TELEGRAM_CASE_DB_URL=postgresql://grader:secret@db.example.edu/telegram_case
# (install a driver such as psycopg2 first; nbgrader creates the tables).
c.CourseDirectory.db_url = os.environ.get(
    "TELEGRAM_CASE_DB_URL", f"sqlite:///{HERE / 'gradebook.db'}"
)

# The exchange between instructor and students (release, fetch, submit, collect,
# feedback). nbgrader's default is /usr/local/share/nbgrader/exchange; this course
# uses /srv/nbgrader/exchange, which must exist and be writable by everyone on a
# shared server (mkdir -p /srv/nbgrader/exchange && chmod ugo+rwx it). Override it
# with TELEGRAM_CASE_EXCHANGE, e.g. for a trial run in a folder of your own.
c.Exchange.root = os.environ.get("TELEGRAM_CASE_EXCHANGE", "/srv/nbgrader/exchange")
# Submission timestamps and due dates are in UTC.
c.Exchange.timezone = "UTC"

# Students: import a roster into the gradebook with
#   nbgrader db student import roster.example.csv   (columns: id,first_name,last_name,email)
# nbgrader also adds any student who submits; the roster gives names for the export.

# --- Student versions ------------------------------------------------------------------------
# The stub that replaces every solution region: a student who has not answered
# sees it fail, and the checks read it as "Not attempted".
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Run All goes through an untouched student version: every cell that fails until the
# student answers (answer stubs, their test cells, cells that use an answer) is tagged
# `raises-exception`, so JupyterLab runs on past it instead of stopping at the first
# stub (src/telegram_case/instructor/preprocessors.py). This is nbgrader's default
# list with TagUnansweredCells before ClearSolutions (it reads the solutions' names).
_steps = nbgrader_default(GenerateAssignment, "preprocessors")
_steps.insert(_steps.index(ClearSolutions), TagUnansweredCells)
c.GenerateAssignment.preprocessors = _steps

# --- Autograding -----------------------------------------------------------------------------
# Per-cell time limit. nbgrader runs notebooks with its own Execute preprocessor (a
# subclass of nbconvert's ExecutePreprocessor, default 30 s). Execute.timeout takes
# precedence over the documented ExecutePreprocessor.timeout wherever that is set,
# even on the command line, so change it for one run with
#   nbgrader autograde NAME --Execute.timeout=120
# Every notebook runs in seconds; 60 s per cell stops an endless loop without
# cutting off a slow machine.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
# Give up on a kernel that does not start rather than hanging the batch.
c.Execute.startup_timeout = 60

# A test cell (or written answer) a student deleted is put back and scored, instead of
# the cell silently disappearing or waiting forever as "needs manual grade".
# nbgrader 0.9.6's own OverwriteCells fails with a KeyError for a deleted cell that
# follows a read-only prompt (every written answer here), so the course uses a fixed
# copy, RestoreMissingCells (src/telegram_case/instructor/restore.py), in place of
# OverwriteCells in nbgrader's default list of sanitizing steps.
c.Autograde.sanitize_preprocessors = [
    RestoreMissingCells if step is OverwriteCells else step
    for step in nbgrader_default(Autograde, "sanitize_preprocessors")
]
c.OverwriteCells.add_missing_cells = True

# nbgrader scores any stderr output in a test cell as a failure. Warnings that say
# nothing about the answer are removed first (the notebooks also silence them in
# their setup cell, so a self-learner sees the same result as the grader).
# IgnorePattern is in nbgrader's autograde pipeline but switched off by default:
# without `enabled = True` the pattern is never applied.
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = (
    r"(DeprecationWarning|PendingDeprecationWarning|FutureWarning|"
    r"Matplotlib is building the font cache|FigureCanvasAgg is non-interactive)"
)

# A student's runaway print must not bloat the gradebook or the feedback.
c.LimitOutput.max_lines = 1000
c.LimitOutput.max_traceback = 100

# Late submissions: each assignment's due date is set in the gradebook
# (`nbgrader db assignment add NAME --duedate="2025-11-14 23:59:00 UTC"`, or in the
# formgrader's Manage Assignments). A late submission is graded and marked late in
# the formgrader and in the grade export (its timestamp and duedate columns); no
# points are taken automatically ("none"), so the instructor decides case by case
# and records a decision as a manual adjustment. Use "zero" for a strict deadline
# (a late notebook scores 0), or a subclass of nbgrader's LateSubmissionPlugin
# for a sliding penalty (c.AssignLatePenalties.plugin_class).
c.LateSubmissionPlugin.penalty_method = "none"

# --- Feedback --------------------------------------------------------------------------------
# nbgrader's feedback shows every hidden test, and a failed one's traceback quotes
# it. HideHiddenTests (src/telegram_case/instructor/feedback.py) runs first and
# replaces each hidden-test region with a one-line note, and drops error messages
# and outputs that quote a hidden test. The autograded notebooks keep them.
c.GenerateFeedback.preprocessors = [HideHiddenTests, GetGrades, CSSHTMLHeaderPreprocessor]
