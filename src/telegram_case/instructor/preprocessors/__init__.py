"""The course's nbgrader preprocessors, one per module in nbgrader's style.

course/nbgrader_config.py puts each into nbgrader's own pipelines: TagUnansweredCells
(generate_assignment); RestoreMissingCells, ReviewSubmission (autograde, sanitizing);
CompleteExecute, ClipOutput, FlagForReview (autograde); HideHiddenTests (feedback).
"""

from .clip_output import ClipOutput as ClipOutput
from .complete_execute import CompleteExecute as CompleteExecute
from .flag_for_review import FlagForReview as FlagForReview
from .hide_hidden_tests import HideHiddenTests as HideHiddenTests
from .restore_missing_cells import RestoreMissingCells as RestoreMissingCells
from .review_submission import ReviewSubmission as ReviewSubmission
from .tag_unanswered import RAISES_EXCEPTION as RAISES_EXCEPTION
from .tag_unanswered import TagUnansweredCells as TagUnansweredCells
from .tag_unanswered import answer_names as answer_names
