"""Instructor tools around nbgrader: student versions, the demo round trip, grading helpers."""
