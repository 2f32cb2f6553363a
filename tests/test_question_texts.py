"""Do a notebook's question texts (exercises/nbNN.toml) and its question module fit together,
and does every way they can disagree stop the import with a message naming file and question?"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from telegram_case.checking import Question, TextsError, Written, bind
from telegram_case.course_notebooks import source_notebook
from telegram_case.question_texts import KEYS, read_texts, texts_file

from .exercise_helpers import exercise_modules


def _checker(value):
    pass


def _explain(value):
    return f"{value} is right."


GOOD = """
[square]
title = "Q1 square"
variables = ["x_square"]
lookup = true
hints = ["First hint.", "Second hint."]
explain = "{value:g} is four squared."

[essay]
title = "W1 essay"
"""


def _namespace(**questions) -> dict:
    namespace = {"square": Question(checker=_checker, answer=lambda: 16.0), "essay": Written()}
    namespace.update(questions)
    return namespace


def _bind(tmp_path: Path, text: str, namespace: dict | None = None) -> dict:
    file = tmp_path / "nb99.toml"
    file.write_text(text, encoding="utf-8")
    namespace = _namespace() if namespace is None else namespace
    bind(namespace, notebook="99", texts=file)
    return namespace


def _fails(tmp_path: Path, text: str, namespace: dict | None = None) -> str:
    with pytest.raises(TextsError) as failed:
        _bind(tmp_path, text, namespace)
    message = str(failed.value)
    assert str(tmp_path / "nb99.toml") in message, "the message names the file"
    return message


class TestBindReadsTheTexts:
    def test_fills_every_text_and_setting_from_the_table(self, tmp_path):
        namespace = _bind(tmp_path, GOOD)
        square, essay = namespace["square"], namespace["essay"]
        assert square.title == "Q1 square"
        assert square.variables == ("x_square",)
        assert square.hints == ("First hint.", "Second hint.")
        assert square.lookup is True
        assert square.explain == "{value:g} is four squared."
        assert square.practice_solution is None
        assert essay.title == "W1 essay"
        assert namespace["QUESTIONS"] == (square,) and namespace["WRITTEN"] == (essay,)

    def test_an_explain_function_stays_in_python(self, tmp_path):
        text = GOOD.replace('explain = "{value:g} is four squared."\n', "")
        namespace = _namespace(square=Question(checker=_checker, explain=_explain))
        assert _bind(tmp_path, text, namespace)["square"].explain is _explain

    def test_the_practice_solution_is_code_from_the_table(self, tmp_path):
        text = GOOD.replace("lookup = true", "practice_solution = '''\nx_square = 4 ** 2'''")
        assert _bind(tmp_path, text)["square"].practice_solution == "x_square = 4 ** 2"


class TestBindRefusesTextsThatDoNotFit:
    def test_a_question_without_a_table(self, tmp_path):
        namespace = _namespace(cube=Question(checker=_checker))
        message = _fails(tmp_path, GOOD, namespace)
        assert "question 'cube' has no table [cube]" in message

    def test_a_table_without_a_question(self, tmp_path):
        message = _fails(tmp_path, GOOD + '\n[cube]\ntitle = "Q2 cube"\n')
        assert "table [cube] has no question" in message

    def test_an_unknown_key(self, tmp_path):
        message = _fails(tmp_path, GOOD.replace("hints =", "hint ="))
        assert "question 'square': unknown key 'hint'" in message
        assert "question 'square': missing key 'hints'" in message

    def test_a_written_answer_has_only_a_title(self, tmp_path):
        message = _fails(tmp_path, GOOD + 'hints = ["a", "b"]\n')
        assert "question 'essay': unknown key 'hints' (a written has: title)" in message

    @pytest.mark.parametrize("key", ["title", "variables", "hints"])
    def test_a_missing_required_key(self, tmp_path, key):
        text = re.sub(rf"^{key} = .*\n", "", GOOD, count=1, flags=re.MULTILINE)
        assert f"question 'square': missing key '{key}'" in _fails(tmp_path, text)

    def test_a_written_answer_without_a_title(self, tmp_path):
        text = GOOD.replace('title = "W1 essay"', "")
        assert "question 'essay': missing key 'title'" in _fails(tmp_path, text)

    @pytest.mark.parametrize(
        ("line", "wrong"),
        [
            ('hints = "First hint."', "'hints' should be a list of non-empty strings"),
            ('hints = ["First hint.", ""]', "'hints' should be a list of non-empty strings"),
            ('variables = "x_square"', "'variables' should be a non-empty list of Python names"),
            ('variables = ["x square"]', "'variables' should be a non-empty list of Python names"),
            ("variables = []", "'variables' should be a non-empty list of Python names"),
            ('lookup = "yes"', "'lookup' should be true or false"),
            ("title = 1", "'title' should be a non-empty string"),
            ("explain = 2.5", "'explain' should be a non-empty string"),
        ],
    )
    def test_a_wrong_type(self, tmp_path, line, wrong):
        key = line.split(" ", 1)[0]
        text = re.sub(rf"^{key} = .*$", line, GOOD, count=1, flags=re.MULTILINE)
        assert f"question 'square': {wrong}" in _fails(tmp_path, text)

    def test_explain_given_both_in_python_and_in_the_file(self, tmp_path):
        namespace = _namespace(square=Question(checker=_checker, explain=_explain))
        message = _fails(tmp_path, GOOD, namespace)
        assert "question 'square': 'explain' is given both in Python and in the TOML" in message

    @pytest.mark.parametrize(
        ("question", "drop", "expected"),
        [
            (Question(checker=_checker, title="Q1"), "", "'title' is given both in Python and"),
            (
                Question(checker=_checker, explain="{value} is right."),
                'explain = "{value:g} is four squared."\n',
                "'explain' is set in Python; texts and settings belong in the TOML file",
            ),
            (
                Question(checker=_checker, lookup=True),
                "lookup = true\n",
                "'lookup' is set in Python",
            ),
        ],
        ids=["title", "explain text", "lookup"],
    )
    def test_a_text_or_setting_kept_in_python(self, tmp_path, question, drop, expected):
        text = GOOD.replace(drop, "") if drop else GOOD
        assert f"question 'square': {expected}" in _fails(
            tmp_path, text, _namespace(square=question)
        )

    def test_an_explain_with_an_unknown_field(self, tmp_path):
        text = GOOD.replace("{value:g}", "{valeu:g}")
        assert "'explain' may use only {value}, not valeu" in _fails(tmp_path, text)

    def test_an_explain_that_is_not_a_format_string(self, tmp_path):
        text = GOOD.replace("{value:g}", "{value:g")
        assert "'explain' is not a valid format string" in _fails(tmp_path, text)

    def test_a_practice_solution_that_is_not_python(self, tmp_path):
        text = GOOD.replace("lookup = true", 'practice_solution = "x_square = = 16"')
        assert "'practice_solution' is not valid Python" in _fails(tmp_path, text)

    def test_every_mismatch_is_listed_at_once(self, tmp_path):
        text = GOOD.replace("hints =", "hint =") + '\n[cube]\ntitle = "Q2 cube"\n'
        message = _fails(tmp_path, text)
        assert message.count("\n- ") == 3, message

    def test_a_file_that_is_not_toml(self, tmp_path):
        assert "is not valid TOML" in _fails(tmp_path, GOOD.replace("[essay]", "[essay"))

    def test_a_missing_file(self, tmp_path):
        with pytest.raises(TextsError, match=r"nb99\.toml: the texts file .* is missing"):
            bind(_namespace(), notebook="99", texts=tmp_path / "nb99.toml")

    def test_a_module_without_its_texts_file_does_not_import(self):
        with pytest.raises(TextsError, match=r"exercises/nb99\.toml"):
            bind(_namespace(), notebook="99")


MODULES = exercise_modules()


def _number(module) -> str:
    return module.__name__.rsplit("nb", 1)[1]


@pytest.mark.parametrize("module", MODULES, ids=[m.__name__ for m in MODULES])
def test_every_modules_texts_and_questions_agree(module):
    """Each table of nbNN.toml is a question of nbNN.py, in the same order, and gave it its
    texts (bind checks the rest when the module is imported)."""
    tables = read_texts(texts_file(_number(module)))
    items = (*module.QUESTIONS, *module.WRITTEN)
    assert list(tables) == [item.name for item in items]
    for item in items:
        kind = "question" if isinstance(item, Question) else "written"
        for key in KEYS[kind]:
            if key in tables[item.name]:
                value = tables[item.name][key]
                assert getattr(item, key) == (tuple(value) if isinstance(value, list) else value)


@pytest.mark.parametrize("module", MODULES[1:], ids=[m.__name__ for m in MODULES[1:]])
def test_every_title_carries_the_number_of_its_notebook_heading(module):
    """A title says "Q3 …" in messages and hints; the notebook's prompt for that question
    must be headed "### Q3 · …", so renumbering one without the other fails here."""
    source = source_notebook(_number(module))
    for item in (*module.QUESTIONS, *module.WRITTEN):
        number = re.match(r"[QW]\d+", item.title)
        assert number, f"{item.name}: the title {item.title!r} does not start with Q<n> or W<n>"
        prompt = source.prompt(item.name) or ""
        headings = re.findall(r"^#+\s*([QW]\d+)\b", prompt, flags=re.MULTILINE)
        assert number.group() in headings, (item.name, item.title, headings)
