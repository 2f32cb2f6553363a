"""FlagForReview: a submission with findings is flagged in the gradebook, and the log says why.

The last autograde step: it logs every finding the earlier steps recorded (see
:mod:`telegram_case.instructor.checks`) and flags the submitted notebook in the
gradebook (the formgrader shows the flag) if one has a severity in ``severities``.
It never clears a flag: the instructor does, after a look.
"""

from __future__ import annotations

from nbgrader.api import Gradebook
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import List, Unicode

from ..checks import findings


class FlagForReview(NbGraderPreprocessor):
    """Log every finding of a graded notebook; flag the submission if one needs a look."""

    severities = List(
        Unicode(), ["error", "flag"], help="Severities of findings that flag the submission"
    ).tag(config=True)

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        for finding in findings(nb):
            self.log.warning("%s, %s: %s", info["student"], info["notebook"], finding)
        if any(finding.severity in self.severities for finding in findings(nb)):
            with Gradebook(info["db_url"]) as gradebook:
                notebook = gradebook.find_submission_notebook(
                    info["notebook"], info["assignment"], info["student"]
                )
                notebook.flagged = True
                gradebook.db.commit()
        return nb, resources
