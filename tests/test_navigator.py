"""The Navigator: views, history and the related walk, without Textual."""

from __future__ import annotations

import subprocess
import sys

from reader.tui.items import ListItem
from reader.tui.navigator import Navigator
from reader.tui.views import View


def view(label: str, total: int = 10, kind: str = "all") -> View:
    def load(offset: int, limit: int) -> list[ListItem]:
        return []

    return View(label, total, load, kind)  # type: ignore[arg-type]


def test_the_navigator_loads_without_textual() -> None:
    code = (
        "import sys, reader.tui.navigator, reader.tui.views, reader.tui.config;"
        "print(any(name == 'textual' or name.startswith('textual.') for name in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_views_stack_and_keep_their_cursor() -> None:
    nav = Navigator()
    archive, search = view("All articles", 49), view("Search “x”", 3, "search")
    nav.start(archive)
    assert not nav.narrowed and nav.view is archive
    nav.push(search, cursor=7)
    assert nav.view is search and archive.cursor == 7
    assert nav.crumbs() == ["All articles (49)", "Search “x” (3)"]
    assert nav.pop() is archive and archive.cursor == 7
    assert nav.pop() is None  # the archive is never popped
    assert nav.view is archive


def test_a_search_typed_further_replaces_the_one_before() -> None:
    nav = Navigator()
    nav.start(view("All articles"))
    nav.push(view("Search “ta”", kind="search"), cursor=0)
    longer = view("Search “tag”", kind="search")
    nav.push(longer, cursor=0, replace=True)
    assert len(nav.views) == 2 and nav.view is longer


def test_a_view_still_being_counted_says_so() -> None:
    counting = view("Search “a”", 10_000, "search")
    counting.counted = False
    assert counting.crumb() == "Search “a” (10,000+, counting…)"


def test_moving_through_the_list_is_one_step_of_history() -> None:
    nav = Navigator()
    for article_id in (1, 2, 3):
        nav.visit(article_id, "list")
    nav.visit(9, "link")
    assert [visit.article_id for visit in nav.history] == [3, 9]
    back = nav.back()
    assert back is not None and back.article_id == 3
    assert nav.back() is None
    forward = nav.forward()
    assert forward is not None and forward.article_id == 9
    assert nav.forward() is None


def test_back_returns_to_where_the_pane_was() -> None:
    nav = Navigator()
    nav.visit(1, "open")
    nav.visit(2, "link", scroll=40)  # the pane was 40 lines into article 1
    back = nav.back(scroll=12)  # and 12 lines into article 2
    assert back is not None and (back.article_id, back.scroll) == (1, 40)
    forward = nav.forward(scroll=40)
    assert forward is not None and (forward.article_id, forward.scroll) == (2, 12)


def test_a_new_visit_after_going_back_drops_the_forward_history() -> None:
    nav = Navigator()
    nav.visit(1, "open")
    nav.visit(2, "link")
    nav.visit(3, "link")
    nav.back()
    nav.visit(7, "entity")
    assert [visit.article_id for visit in nav.history] == [1, 2, 7]
    assert nav.forward() is None


def test_history_visits_are_not_recorded_again() -> None:
    nav = Navigator()
    nav.visit(1, "open")
    nav.visit(2, "link")
    nav.back()
    nav.visit(1, "history")
    assert len(nav.history) == 2 and nav.index == 0


def test_the_related_walk_keeps_to_the_list_it_began_in() -> None:
    nav = Navigator()
    nav.visit(1, "open")
    assert nav.walk_related(1, [], 1) == "none"
    assert nav.walk_related(1, [5, 6, 7], 1) == 5
    nav.visit(5, "related")
    # Article 5 has related articles of its own: ] still walks article 1's.
    assert nav.walk_related(5, [8, 9], 1) == 6
    nav.visit(6, "related")
    assert nav.walk_related(6, [], 1) == 7
    nav.visit(7, "related")
    assert nav.walk_related(7, [], 1) == "end"
    assert nav.walk_related(7, [], -1) == 6


def test_going_elsewhere_ends_the_related_walk() -> None:
    nav = Navigator()
    nav.visit(1, "open")
    assert nav.follow_related(1, [5, 6], 1) == 6
    nav.visit(6, "related")
    nav.visit(2, "list")
    assert nav.walk is None
    assert nav.walk_related(2, [3], -1) == 3  # [ starts from the end of the new list
