"""The floor `bench launch` measures the review app's start against: a hello-world Textual app.

A Header, a Label and a Footer, started the same way (`python -m`), so the difference is what
the review app imports and does before its first screen.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Label

GREETING = "Hello from a minimal Textual app"


class HelloApp(App[None]):
    """What every Textual app pays to start; `q` quits."""

    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(GREETING)
        yield Footer()


if __name__ == "__main__":
    HelloApp().run()
