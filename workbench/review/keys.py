"""Keys in the order they were typed, each seeing what the keys before it did.

Textual hands every key to the focused widget the moment it arrives, but a key's binding runs
a few message hops later, and a focus move it asks for later still. Keys typed quickly (or
while a worker holds the interpreter) therefore reach the widget that had focus before: `e`
then typing sent the text to the table instead of the editor. Here the app holds each key
until the one before has travelled its whole way, and while the screen says it waits for
work whose result the next key needs (`holds_keys`), then hands them on in order.
"""

from __future__ import annotations

import time
from collections import deque

from textual import events
from textual.app import App
from textual.dom import DOMNode

# A key whose way was cut short (its widget closed under it) lets the next go after this long
# (checked when the next arrives); far above the few milliseconds a key takes, even when busy.
STUCK_AFTER_S = 3.0


class KeysInOrder(App[None]):
    """An app that dispatches one key at a time, and none while its screen `holds_keys`."""

    def __init__(self) -> None:
        super().__init__()
        self._keys: deque[events.Key] = deque()
        self._key_sent_at: float | None = None  # when the key on its way was handed on

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            self._keys.append(event)
            await self._send_keys()
        else:
            await super().on_event(event)

    def resume_keys(self) -> None:
        """The screen no longer holds keys: hand on those typed meanwhile."""
        self.call_later(self._send_keys)

    async def _send_keys(self) -> None:
        while self._keys and not self._waiting():
            key = self._keys.popleft()
            target: DOMNode = self.focused or self.screen
            self._key_sent_at = time.monotonic()
            await super().on_event(key)  # priority bindings, else forwarded to the focus
            self._follow(target)

    def _waiting(self) -> bool:
        if getattr(self.screen, "holds_keys", False):
            return True
        sent = self._key_sent_at
        return sent is not None and time.monotonic() - sent < STUCK_AFTER_S

    def _follow(self, node: DOMNode) -> None:
        """Hop up behind the key, queue by queue (each is first in, first out), to the app.

        There it hops twice: once behind the key's bindings, once behind the focus moves
        they asked for (`Widget.focus` moves it a message later).
        """
        if node is self:
            self.call_later(self.call_later, self._arrived)
        elif node.parent is None or not node.call_later(self._follow, node.parent):
            self._follow(self)

    async def _arrived(self) -> None:
        self._key_sent_at = None
        await self._send_keys()
