"""``python -m telegram_case.hub``: the same as ``telegram-case hub``."""

import sys

from .cli import main

sys.exit(main())
