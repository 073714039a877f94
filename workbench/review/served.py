"""What textual-serve runs for each browser tab: the review app, behind its login screen.

`python -m workbench.review.served STORE`; never started by hand (see `workbench serve`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from workbench.review.app import ReviewApp


class ServedReviewApp(ReviewApp):
    """The review app for a browser tab: log in first; no command palette to get around it."""

    ENABLE_COMMAND_PALETTE = False

    def __init__(self, store_path: Path, **options: Any) -> None:
        super().__init__(store_path, reviewer="", login=True, **options)


if __name__ == "__main__":
    ServedReviewApp(Path(sys.argv[1])).run()
