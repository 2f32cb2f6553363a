"""Does every graded notebook have a teaching note an instructor can teach from?

For every assignment in ``course/source``: ``docs/teaching-notes/NN-*.md`` exists, has the
sections of docs/teaching-notes/README.md, names every question of its notebook as
``q.<grade_id>`` (and no question that does not exist), holds 6-10 discussion questions and
two labelled sample answers per written question, and cites only source ids that resolve.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from telegram_case import cells, load

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "course" / "source"
NOTES = ROOT / "docs" / "teaching-notes"
ASSIGNMENTS = sorted(p.name for p in SOURCE.iterdir() if p.is_dir())

# The sections every note has (a "## " heading that starts with these words, any case).
SECTIONS = (
    "Synopsis",
    "Learning objectives",
    "Session plan",
    "Board plan",
    "Discussion questions",
    "Common misconceptions",
    "Grading the written answers",
    "Epilogue",
)
SOURCE_ID = re.compile(r"`([a-z][a-z0-9]*(?:_[a-z0-9]+)*_(?:19|20)\d\d(?:_[a-z0-9]+)*)`")


def _note(name: str) -> Path:
    found = sorted(NOTES.glob(f"{name[:2]}-*.md"))
    if not found:
        pytest.fail(
            f"{name}: no teaching note. Write docs/teaching-notes/{name}.md with the "
            f"sections {list(SECTIONS)} (see docs/teaching-notes/README.md); until the "
            "notebook's author adds it, this test fails on purpose."
        )
    return found[0]


def _sections(text: str) -> dict[str, str]:
    parts = re.split(r"^## +(.+)$", text, flags=re.M)
    return {
        heading.strip().lower(): body
        for heading, body in zip(parts[1::2], parts[2::2], strict=True)
    }


def _section(text: str, wanted: str) -> str:
    for heading, body in _sections(text).items():
        if heading.startswith(wanted.lower()):
            return body
    return ""


def _grade_ids(name: str) -> tuple[set[str], set[str]]:
    notebook = cells.read(SOURCE / name / f"{name}.ipynb")
    graded = list(cells.grade_cells(notebook))
    return (
        {c.grade_id for c in graded if c.kind != "written"},
        {c.grade_id for c in graded if c.kind == "written"},
    )


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_note_exists_with_every_section(name):
    text = _note(name).read_text(encoding="utf-8")
    headings = _sections(text)
    missing = [s for s in SECTIONS if not any(h.startswith(s.lower()) for h in headings)]
    assert not missing, f"{_note(name).name} lacks the section(s) {missing}"


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_note_names_exactly_the_notebook_s_questions(name):
    text = _note(name).read_text(encoding="utf-8")
    named = set(re.findall(r"`q\.([a-z][a-z0-9_]*)`", text))
    autograded, written = _grade_ids(name)
    unknown = named - autograded - written
    assert not unknown, f"{_note(name).name} names questions {sorted(unknown)} that {name} lacks"
    unmapped = (autograded | written) - named
    assert not unmapped, (
        f"{_note(name).name} never names {sorted(unmapped)}: map every "
        "question to an objective as `q.<grade_id>`"
    )


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_note_has_discussion_questions_and_labelled_samples(name):
    text = _note(name).read_text(encoding="utf-8")
    questions = re.findall(r"^\d+\. ", _section(text, "Discussion questions"), flags=re.M)
    assert 6 <= len(questions) <= 10, f"{len(questions)} discussion questions, not 6-10"
    _, written = _grade_ids(name)
    samples = re.findall(r"\*\*Sample [^*]*\*\*", _section(text, "Grading the written answers"))
    assert len(samples) >= 2 * len(written), (
        f"{len(samples)} sample answers for {len(written)} written questions (two each)"
    )
    assert all("sample" in s.lower() for s in samples)


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_note_cites_only_sources_that_resolve(name):
    text = _note(name).read_text(encoding="utf-8")
    known = set(load("sources")["source_id"])
    cited = set(SOURCE_ID.findall(text))
    assert not cited - known, f"unknown source ids {sorted(cited - known)}"
    assert SOURCE_ID.search(_section(text, "Epilogue")), "the epilogue cites no source id"


def test_index_links_every_note():
    index = (NOTES / "README.md").read_text(encoding="utf-8")
    for note in sorted(NOTES.glob("[0-9][0-9]-*.md")):
        assert f"]({note.name})" in index, (
            f"docs/teaching-notes/README.md does not link {note.name}"
        )
