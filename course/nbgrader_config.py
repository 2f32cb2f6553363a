"""nbgrader configuration of the Telegram business-case course (nbgrader 0.9.6).

Run nbgrader commands from this folder (``cd course``). Every setting below
says why it is set; tests/test_instructor_config.py checks that each one takes
effect. nbgrader's own documentation lists the rest:
https://nbgrader.readthedocs.io/en/stable/configuration/config_options.html

Every grading rule of the course is a setting here or an nbgrader preprocessor
that this file puts into nbgrader's own pipelines, so the formgrader's buttons,
the ``nbgrader`` commands and ``telegram-case grade`` all grade alike. The
preprocessors and the grading kernel come from the course package
(``telegram_case.instructor``): run nbgrader from the course's environment
(``make instructor`` sets it up). If the import fails, nbgrader ignores the
whole file with only a warning, so check for "Exception while loading config
file" in its output if settings seem to be missing.

Paths are set here and nowhere else (see "The course" below). To use another
gradebook or exchange for one command, pass nbgrader's options, e.g.
``nbgrader autograde 01-founding-story --CourseDirectory.db_url=sqlite:////tmp/trial.db``
or ``telegram-case grade 01-founding-story --Exchange.root=$HOME/exchange``.
"""

import os
from pathlib import Path

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.converters import Autograde, GenerateAssignment
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import (
    ClearSolutions,
    Execute,
    GetGrades,
    LimitOutput,
    OverwriteCells,
)

from telegram_case.instructor.checks import SubmissionReader, prepare_submission
from telegram_case.instructor.export import GradesExport
from telegram_case.instructor.kernel import SandboxedKernelManager
from telegram_case.instructor.preprocessors import (
    ClipOutput,
    CompleteExecute,
    FlagForReview,
    HideHiddenTests,
    RestoreMissingCells,
    ReviewSubmission,
    TagUnansweredCells,
)

c = get_config()  # noqa: F821 - provided by nbgrader when it reads this file


def nbgrader_default(converter, trait: str) -> list:
    """nbgrader's own list of steps for ``converter.trait``; the course changes one step
    of it, so a newer nbgrader's other steps are kept, not replaced by an old copy."""
    return list(converter.class_traits()[trait].default())


HERE = Path(__file__).resolve().parent

# --- The course -----------------------------------------------------------------------------
c.CourseDirectory.course_id = "telegram-case"
c.CourseDirectory.root = str(HERE)

# Where the gradebook and the exchange are is set here, and only here: every course
# command reads this file as nbgrader does. A deployment may set them with the two
# environment variables below (the course hub sets TELEGRAM_CASE_EXCHANGE); an nbgrader
# option on a command line (--CourseDirectory.db_url=..., --Exchange.root=...) wins
# over both, which is how scratch work (student versions, the demo, the tests) keeps
# out of the real gradebook and exchange.
#
# The gradebook: SQLite next to this file (one instructor, one machine). For several
# graders sharing one gradebook, use a server's SQLAlchemy URL, for example
#   postgresql://grader:secret@db.example.edu/telegram_case
# (install a driver such as psycopg2 first; nbgrader creates the tables).
c.CourseDirectory.db_url = os.environ.get(
    "TELEGRAM_CASE_DB_URL", f"sqlite:///{HERE / 'gradebook.db'}"
)

# The exchange between instructor and students (release, fetch, submit, collect,
# feedback). nbgrader's default is /usr/local/share/nbgrader/exchange; this course
# uses /srv/nbgrader/exchange, which must exist and be writable by everyone on a
# shared server (mkdir -p /srv/nbgrader/exchange && chmod ugo+rwx it).
c.Exchange.root = os.environ.get("TELEGRAM_CASE_EXCHANGE", "/srv/nbgrader/exchange")
# Submission timestamps and due dates are in UTC.
c.Exchange.timezone = "UTC"

# Students: import a roster into the gradebook with
#   nbgrader db student import roster.csv   (columns: id,first_name,last_name,email,lms_user_id;
#   lms_user_id is the student's user ID in a learning-management system, for exports)
# nbgrader also adds any student who submits; the roster gives names for the export.

# Without a hub, submissions come from a learning-management system's download:
# `nbgrader zip_collect NAME` files each notebook in downloaded/NAME/archive/ under
# submitted/<student id>/NAME/, reading the id and the notebook from the file name.
# This expression reads Canvas's "Download Submissions" names,
# <name>_<user id>_<number>_<file name> (LATE_ before the user id for a late one): use
# the Canvas user ID as the roster's id (and lms_user_id). For another LMS, change it;
# it must name the groups student_id and file_id (docs/instructor-guide.md).
c.FileNameCollectorPlugin.named_regexp = (
    r".*/[^/_]+_(?:LATE_)?(?P<student_id>\d+)_\d+_(?P<file_id>[^/]+\.ipynb)$"
)

# --- Student versions ------------------------------------------------------------------------
# The stub that replaces every solution region: a student who has not answered
# sees it fail, and the checks read it as "Not attempted".
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Run All goes through an untouched student version: every cell that fails until the
# student answers (answer stubs, their test cells, cells that use an answer) is tagged
# `raises-exception`, so JupyterLab runs on past it instead of stopping at the first
# stub (src/telegram_case/instructor/preprocessors/tag_unanswered.py). This is nbgrader's default
# list with TagUnansweredCells before ClearSolutions (it reads the solutions' names).
_steps = nbgrader_default(GenerateAssignment, "preprocessors")
_steps.insert(_steps.index(ClearSolutions), TagUnansweredCells)
c.GenerateAssignment.preprocessors = _steps

# --- Autograding -----------------------------------------------------------------------------
# Student code runs in a kernel that cannot see the course folder (solutions in
# source/, other students' work), the gradebook, the exchange or the network: ipykernel
# under bubblewrap, started by SandboxedKernelManager with the paths of this
# configuration (src/telegram_case/instructor/kernel.py). Without bubblewrap (macOS,
# Windows, a container without user namespaces) grading goes on unisolated and says so
# in the log of every notebook; see docs/grading-security.md.
c.Execute.kernel_manager_class = SandboxedKernelManager

# Per-cell time limit. nbgrader runs notebooks with its own Execute preprocessor (a
# subclass of nbconvert's ExecutePreprocessor, default 30 s). Execute.timeout takes
# precedence over the documented ExecutePreprocessor.timeout wherever that is set,
# even on the command line, so change it for one run with
#   nbgrader autograde NAME --Execute.timeout=120
# Every notebook runs in seconds; 60 s per cell stops an endless loop without
# cutting off a slow machine. A cell that still runs after the interrupt (a loop that
# catches KeyboardInterrupt) ends the run: CompleteExecute gives it and every later cell
# an error that says why, so the result is complete and flagged (nbgrader alone would
# fail the student and leave a half-written gradebook entry), as for a kernel that dies.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
# Give up on a kernel that does not start rather than hanging the batch.
c.Execute.startup_timeout = 60

# Files nbgrader never copies next to a notebook it grades (or collects): nbgrader's
# own list, plus anything Python could import instead of the library the checks run
# on (a pandas.py or a fake telegram_case/ package beside the notebook; a package
# without its .py files is an empty namespace and shadows nothing). The grading kernel
# also keeps the notebook's folder off sys.path.
c.CourseDirectory.ignore = [
    *nbgrader_default(CourseDirectory, "ignore"),
    *["*.py", "*.pyd", "*.so", "*.pth", "*.egg-link"],
]

# Submissions are read strictly: a notebook that is not UTF-8, JSON or a valid notebook
# (or was renamed) is graded as an empty stand-in that says why, a malformed
# timestamp.txt is renamed to timestamp.txt.unreadable (content kept; nbgrader would fail
# the student on it) and the notebook graded without a time; nothing in the submission
# folder is deleted (src/telegram_case/instructor/checks.py). nbgrader
# alone stops at these, leaving the student ungraded with a half-written gradebook entry.
c.Autograde.pre_convert_hook = prepare_submission
c.Autograde.exporter_class = SubmissionReader

# Before a notebook runs, every grade cell is put back as the instructor wrote it: a
# test cell or written answer a student deleted is re-inserted and scored, a duplicated
# one graded once, flipped grade/solution flags, changed points and unknown grade ids
# are repaired. nbgrader 0.9.6's own OverwriteCells fails the student in each of these
# cases; RestoreMissingCells (src/telegram_case/instructor/preprocessors/) replaces it,
# and ReviewSubmission notes extra files, the timestamp and suspicious code last.
c.Autograde.sanitize_preprocessors = [
    RestoreMissingCells if step is OverwriteCells else step
    for step in nbgrader_default(Autograde, "sanitize_preprocessors")
] + [ReviewSubmission]
c.OverwriteCells.add_missing_cells = True

# Grading: CompleteExecute in place of Execute (above), ClipOutput right after
# LimitOutput (which counts lines, so one 100 MB line would pass it), and FlagForReview
# last: a notebook with findings is flagged in the gradebook, and the log says why.
_steps = [
    CompleteExecute if step is Execute else step
    for step in nbgrader_default(Autograde, "autograde_preprocessors")
]
_steps.insert(_steps.index(LimitOutput) + 1, ClipOutput)
c.Autograde.autograde_preprocessors = [*_steps, FlagForReview]
c.ClipOutput.max_chars = 1_000_000

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

# --- Grade exports ---------------------------------------------------------------------------
# `nbgrader export` (grades.csv) with nbgrader's own CSV format, but an --assignment or
# --student the gradebook does not have stops the export with its name, instead of writing
# a file with only the header (src/telegram_case/instructor/export.py). Another exporter:
# `nbgrader export --exporter=telegram_case.instructor.export.CanvasExport --to canvas.csv`.
c.ExportApp.plugin_class = GradesExport

# --- Feedback --------------------------------------------------------------------------------
# nbgrader's feedback shows every hidden test, and a failed one's traceback quotes
# it. HideHiddenTests (src/telegram_case/instructor/preprocessors/) runs first and
# replaces each hidden-test region with a one-line note, and drops error messages
# and outputs that quote a hidden test. The autograded notebooks keep them.
c.GenerateFeedback.preprocessors = [HideHiddenTests, GetGrades, CSSHTMLHeaderPreprocessor]
