"""The questions of each notebook, one module per notebook.

Import a notebook's questions as ``q`` and check an answer with
``q.<question>.check()``; see :mod:`telegram_case.checking`.
"""
