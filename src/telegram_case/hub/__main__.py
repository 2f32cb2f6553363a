"""``python -m telegram_case.hub up|down|status``."""

import sys

from .cli import main

sys.exit(main())
