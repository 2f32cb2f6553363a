"""nbgrader configuration of the Telegram business-case course.

Run nbgrader commands from this folder (``cd course``). Every setting below
says why it is set; nbgrader's own documentation lists the rest:
https://nbgrader.readthedocs.io/en/stable/configuration/config_options.html
"""

import os
from pathlib import Path

c = get_config()  # noqa: F821 - provided by nbgrader when it reads this file

HERE = Path(__file__).resolve().parent

# --- The course -----------------------------------------------------------------------------
c.CourseDirectory.course_id = "telegram-case"
c.CourseDirectory.root = str(HERE)

# The gradebook: SQLite next to this file by default. For several graders sharing
# one gradebook, set TELEGRAM_CASE_DB_URL to a SQLAlchemy URL, for example
#   postgresql://grader:secret@db.example.edu/telegram_case
c.CourseDirectory.db_url = os.environ.get(
    "TELEGRAM_CASE_DB_URL", f"sqlite:///{HERE / 'gradebook.db'}"
)

# The exchange between instructor and students (release, fetch, submit, collect).
# nbgrader's default is /srv/nbgrader/exchange, which must exist and be writable
# by everyone on a shared server; override it with TELEGRAM_CASE_EXCHANGE.
c.Exchange.root = os.environ.get("TELEGRAM_CASE_EXCHANGE", "/srv/nbgrader/exchange")
c.Exchange.timezone = "UTC"

# Students: import a roster into the gradebook with
#   nbgrader db student import roster.example.csv   (columns: id,first_name,last_name,email)
# nbgrader also adds any student who submits; the roster gives names for the export.

# --- Student versions ------------------------------------------------------------------------
# The stub that replaces every solution region: a student who has not answered
# sees it fail, and the checks read it as "Not attempted".
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# --- Autograding -----------------------------------------------------------------------------
# Per-cell time limit. nbgrader's Execute preprocessor overrides the documented
# ExecutePreprocessor.timeout, so it must be set here. Every notebook runs in
# seconds; 60 s per cell stops an endless loop without cutting off a slow laptop.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
# Give up on a kernel that does not start rather than hanging the batch.
c.Execute.startup_timeout = 60

# A test cell a student deleted is put back and scored, instead of the cell
# silently disappearing or waiting as "needs manual grade".
c.OverwriteCells.add_missing_cells = True

# nbgrader scores any stderr output in a test cell as a failure. Warnings that say
# nothing about the answer are removed first (the notebooks also silence them in
# their setup cell, so a self-learner sees the same result as the grader).
c.IgnorePattern.pattern = (
    r"(DeprecationWarning|PendingDeprecationWarning|FutureWarning|"
    r"Matplotlib is building the font cache|FigureCanvasAgg is non-interactive)"
)

# A student's runaway print must not bloat the gradebook or the feedback.
c.LimitOutput.max_lines = 1000
c.LimitOutput.max_traceback = 100

# Late submissions: each assignment's due date is set in the gradebook
# (`nbgrader db assignment add NAME --duedate=...`). A late submission is graded
# and marked late in the formgrader and the grade export; no automatic penalty is
# taken, so the instructor decides per case ("none"). Use "zero" for a strict
# deadline, or a subclass of LateSubmissionPlugin for a sliding penalty.
c.LateSubmissionPlugin.penalty_method = "none"
