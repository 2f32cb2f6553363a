# The course's commands. Each target sets up what it needs first, so on a fresh
# machine with Python >= 3.11 one command is enough (`make help` lists every target):
#
#   make lab      set up the environment and open the course in JupyterLab
#   make test     set up the test environment and run the complete test suite
#   make hub      (as root, Linux) a course hub with trial accounts; make hub-down removes it
#
# Use another interpreter with `make test PYTHON=python3.12`.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# What a student needs (the library, JupyterLab, nbgrader); the test set-up adds the rest.
COURSE_STAMP := $(VENV)/.installed-course
# Jupyter refuses to run as root unless told to; containers often run as root.
ROOT_OK := $(if $(filter 0,$(shell id -u)),--allow-root,)
# What ruff checks and keeps formatted: the code, the tests, the course (its configuration and
# the instructor notebooks) and the notebooks students open.
LINTED := src tests benchmarks course notebooks hatch_build.py

.PHONY: help lab hub hub-down hub-status hub-install instructor test test-fast lint student-notebooks demo grade benchmarks clean

## This list: every target and what it does.
help:
	@awk '/^## /{doc = doc substr($$0, 4) " "; next} /^[a-z-]+:/{if (doc) printf "  %-18s %s\n", substr($$1, 1, index($$1, ":") - 1), doc} {doc = ""}' $(MAKEFILE_LIST)

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("Python >= 3.11 is required, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when pyproject.toml changes.
$(COURSE_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[course]"
	touch $(COURSE_STAMP)

# The test set-up: the course, plus the test and browser tooling and the linter.
$(STAMP): pyproject.toml $(COURSE_STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

## Students and self-learners: the course in JupyterLab, opened on the first notebook.
lab: $(COURSE_STAMP)
	$(BIN)/jupyter lab $(ROOT_OK) --ServerApp.root_dir="$(CURDIR)" notebooks/00-start-here.ipynb

## A course hub on this machine (Linux, as root): JupyterHub, an instructor and three
## students with generated passwords, nbgrader's exchange. Options: make hub HUB_ARGS="--students 5".
hub: $(COURSE_STAMP)
	$(BIN)/telegram-case hub up $(HUB_ARGS)

## Stop the course hub and remove its accounts (the hub's environment is kept).
hub-down: $(COURSE_STAMP)
	$(BIN)/telegram-case hub down

## Whether the course hub runs, and where.
hub-status: $(COURSE_STAMP)
	$(BIN)/telegram-case hub status

## Only build the hub's environment and proxy (CI does this before the class test).
hub-install: $(COURSE_STAMP)
	$(BIN)/telegram-case hub install

## Instructors: JupyterLab in the nbgrader course (formgrader under Nbgrader > Formgrader).
instructor: $(STAMP)
	cd course && ../$(BIN)/jupyter lab $(ROOT_OK)

## The complete test suite with lint, as CI runs it.
test: lint
	$(BIN)/python -m pytest -n auto --dist loadfile

## The tests without nbgrader round trips and the browser (about a minute).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadfile -m "not slow and not browser"

## ruff check and ruff format --check over the code, the course and the notebooks
## (the rules are in pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

## Regenerate the student notebooks in notebooks/ from course/source/ (telegram-case release).
student-notebooks: $(STAMP)
	$(BIN)/telegram-case release

## The instructor's one-minute demo: a demo class graded end to end (telegram-case demo).
demo: $(COURSE_STAMP)
	$(BIN)/telegram-case demo

## Instructors: grade one assignment of course/, e.g. make grade ASSIGNMENT=01-founding-story.
grade: $(COURSE_STAMP)
	@test -n "$(ASSIGNMENT)" || { echo "usage: make grade ASSIGNMENT=01-founding-story"; exit 2; }
	cd course && ../$(BIN)/telegram-case grade $(ASSIGNMENT)

## Benchmarks: notebook run times and class-scale grading (prints figures; minutes).
benchmarks: $(STAMP)
	$(BIN)/python benchmarks/notebooks.py
	$(BIN)/python benchmarks/grading.py

## Remove the environment and build output.
clean:
	rm -rf $(VENV) build dist .pytest_cache
