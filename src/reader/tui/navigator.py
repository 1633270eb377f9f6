"""Where the reader is and how it got there: views, history, the related walk.

A plain class with no Textual in it, so the paths between articles are tested
without an app (tests/test_navigator.py); the main screen asks it where to go
and shows the answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from reader.tui.views import View

# How an article came to be shown: from the list cursor, opened (enter), by a
# related article, an entity, a link, a quote, back/forward in history, or
# restored from the last session. Only "list" and "restore" are not opened.
Origin = Literal["list", "open", "related", "entity", "link", "quote", "history", "restore"]
RelatedEnd = Literal["none", "end"]  # no related articles / none further that way


@dataclass
class Visit:
    """One article in the history, and where the reading pane was in it when left."""

    article_id: int
    origin: Origin
    scroll: int = 0


@dataclass(frozen=True)
class RelatedWalk:
    """Walking an article's related articles with ] and [ keeps to that article's list."""

    origin_id: int
    related: tuple[int, ...]
    index: int


class Navigator:
    """The stack of views, the history of articles, and the related walk."""

    def __init__(self) -> None:
        self.views: list[View] = []
        self.history: list[Visit] = []
        self.index = -1  # the history entry being shown
        self.walk: RelatedWalk | None = None

    # -- views -------------------------------------------------------------

    @property
    def view(self) -> View | None:
        """The view the list shows."""
        return self.views[-1] if self.views else None

    @property
    def narrowed(self) -> bool:
        return len(self.views) > 1

    def start(self, view: View) -> None:
        """The whole archive, at the bottom of the stack."""
        self.views = [view]

    def push(self, view: View, *, cursor: int, replace: bool = False) -> None:
        """Show view; the one it covers keeps its cursor for the way back.

        ``replace``: a search typed further replaces the search before it.
        """
        if self.views:
            self.views[-1].cursor = cursor
        if replace and self.narrowed:
            self.views[-1] = view
        else:
            self.views.append(view)

    def pop(self) -> View | None:
        """Leave the top view; the one under it, or None when only the archive is left."""
        if not self.narrowed:
            return None
        self.views.pop()
        return self.views[-1]

    def crumbs(self) -> list[str]:
        return [view.crumb() for view in self.views]

    # -- history -----------------------------------------------------------

    @property
    def current(self) -> Visit | None:
        return self.history[self.index] if 0 <= self.index < len(self.history) else None

    def visit(self, article_id: int, origin: Origin, *, scroll: int = 0) -> None:
        """Record that article_id is shown; ``scroll`` is where the pane was in the one left."""
        if origin == "history":
            return
        if self.current is not None:
            self.current.scroll = scroll
        del self.history[self.index + 1 :]
        browsing = ("list", "open", "restore")
        last = self.history[-1] if self.history else None
        if last is not None and origin in browsing and last.origin in browsing:
            self.history[-1] = Visit(article_id, origin)  # j/k is one step, not fifty
        elif last is None or last.article_id != article_id:
            self.history.append(Visit(article_id, origin))
        self.index = len(self.history) - 1
        if origin != "related":
            self.walk = None

    def back(self, scroll: int = 0) -> Visit | None:
        """The visit before, with where its pane was; None at the start."""
        return self._step(-1, scroll)

    def forward(self, scroll: int = 0) -> Visit | None:
        return self._step(1, scroll)

    def _step(self, step: int, scroll: int) -> Visit | None:
        target = self.index + step
        if not 0 <= target < len(self.history):
            return None
        if self.current is not None:
            self.current.scroll = scroll
        self.index = target
        self.walk = None
        return self.history[target]

    # -- related -----------------------------------------------------------

    def follow_related(self, origin_id: int, related: list[int], index: int) -> int:
        """The related article chosen in the sidebar: ] and [ go on from it."""
        self.walk = RelatedWalk(origin_id, tuple(related), index)
        return related[index]

    def walk_related(self, article_id: int, related: list[int], step: int) -> int | RelatedEnd:
        """The next (step 1) or previous (-1) related article, walking the list it began in.

        ``article_id`` and ``related`` are the article shown and its related
        articles: where a walk starts when none is under way.
        """
        walk = self.walk
        if walk is None:
            if not related:
                return "none"
            walk = RelatedWalk(article_id, tuple(related), -1 if step > 0 else len(related))
        index = walk.index + step
        if not 0 <= index < len(walk.related):
            return "end"
        self.walk = RelatedWalk(walk.origin_id, walk.related, index)
        return walk.related[index]
