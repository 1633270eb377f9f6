"""Odd values inside well-formed files (issue 12, second attack run): one field, one
character or one attribute costs that field, never the file it is in, and never a
traceback. Each test here failed before its fix."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from reader.cli import cli
from reader.importers.encoding import normalise_label
from reader.importers.feeds import parse_feed
from reader.importers.files import OverBudget, time_budget
from reader.importers.markup import html_to_markdown
from reader.store import ArchiveStore

BODY = (
    "The harbour master of Port Linden said the new quay would open in May. "
    "“We are ready,” said Elena Varga, who runs the ferry company."
)


def run(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(arg) for arg in args])


def titles(db: Path) -> list[str]:
    with ArchiveStore(db) as store:
        return sorted(row[0] for row in store.conn.execute("SELECT title FROM articles"))


def imported(db: Path, *paths: Path) -> Result:
    result = run("import", "--db", db, *paths)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


def test_a_lone_surrogate_costs_one_character_not_the_file(tmp_path: Path) -> None:
    """JSON's "\\ud83d" (an emoji cut in two) and YAML's "\\ud800" give half a character,
    which no UTF-8 holds: SQLite refused the row, the feed lost every item, and in
    the batch writer one Markdown file ended the whole import with a traceback."""
    items = [
        {
            "id": "1",
            "url": "https://example.org/one",
            "title": "Quay \ud83d opens",
            "content_text": BODY,
        },
        {"id": "2", "url": "https://example.org/two", "title": "Ferry", "content_text": BODY},
    ]
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Gazette \udc80",
        "items": items,
    }
    (tmp_path / "feed.json").write_text(json.dumps(feed), encoding="utf-8")
    (tmp_path / "half.md").write_text(f'---\ntitle: "Half \\ud800 a character"\n---\n\n{BODY}\n')
    (tmp_path / "whole.md").write_text(f"# Whole\n\n{BODY}\n")
    db = tmp_path / "a.db"
    result = imported(db, tmp_path)
    assert result.exit_code == 0, result.output
    assert titles(db) == ["Ferry", "Half \ufffd a character", "Quay \ufffd opens", "Whole"]


def test_an_export_id_at_sqlites_limit_leaves_an_id_for_the_next_article(tmp_path: Path) -> None:
    """New articles are numbered after the largest id: an export's id of 2^63-1 left
    none, and every later import ended in an OverflowError traceback."""
    (tmp_path / "last.md").write_text(f"---\ntitle: Last\nid: {2**63 - 1}\n---\n\n{BODY}\n")
    (tmp_path / "next.md").write_text(f"# Next\n\n{BODY} The boats run.\n")
    db = tmp_path / "a.db"
    assert imported(db, tmp_path / "last.md").exit_code == 0
    assert imported(db, tmp_path / "next.md").exit_code == 0
    assert titles(db) == ["Last", "Next"]


@pytest.mark.parametrize("label", ["rot13", "base64", "undefined", "punycode", "unicode_escape"])
def test_a_page_declaring_a_codec_that_is_no_charset_is_read_as_undeclared(
    tmp_path: Path, label: str
) -> None:
    """Python's codecs include transforms (rot13, base64), "undefined" and punycode
    (quadratic): a page declaring one failed ("LookupError: 'rot-13' is not a text
    encoding"); browsers read an unknown label as no label."""
    page = (
        f'<html><head><meta charset="{label}"><title>Quay opens</title></head><body>'
        f"<article><h1>Quay opens</h1><p>{BODY}</p><p>{BODY}</p></article></body></html>"
    )
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    db = tmp_path / "a.db"
    assert imported(db, tmp_path / "page.html").exit_code == 0
    assert titles(db) == ["Quay opens"]
    assert normalise_label(label) is None
    assert normalise_label("koi8-r") == "koi8-r" and normalise_label("latin1") == "cp1252"


def rss(*items: str) -> bytes:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>'
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def item(number: int, title: str, html: str) -> str:
    escaped = html.replace("&", "&amp;").replace("<", "&lt;")
    return (
        f"<item><title>{title}</title><link>https://example.org/{number}</link>"
        f"<description>{escaped}</description></item>"
    )


def test_a_number_attribute_int_refuses_costs_nothing() -> None:
    """markdownify reads <ol start> and <td colspan> with int() when isnumeric() or
    isdigit() agree, and they agree on "²" and "五": the feed's every item was lost."""
    odd = f"<p>{BODY}</p><ol start='²'><li>one</li><li>two</li></ol><table><tr>"
    odd += "<td colspan='五'>a</td><td colspan='²'>b</td>"
    odd += f"<td colspan='{'9' * 5000}'>c</td></tr></table>"
    parsed = parse_feed(rss(item(1, "Lists", odd), item(2, "Plain", f"<p>{BODY}</p>")))
    assert [article.title for article in parsed.articles] == ["Lists", "Plain"]
    assert "1. one\n2. two" in parsed.articles[0].body
    assert "| a | b | c |" in html_to_markdown(odd)
    assert "7. seven" in html_to_markdown("<ol start='7'><li>seven</li></ol>")


@pytest.mark.parametrize("reference", ["&#xD800;", "&#56319;", "&#x110000;", "&#" + "9" * 30 + ";"])
def test_a_reference_to_no_character_costs_one_character(reference: str) -> None:
    """feedparser's sanitizer failed on a surrogate, a code point past U+10FFFF or one
    past a C long (UnicodeEncodeError, ValueError, OverflowError), and the feed with it."""
    parsed = parse_feed(
        rss(
            item(1, f"Quay {reference}", f"<p>{BODY} {reference}</p>"),
            item(2, "Ferry", f"<p>{BODY}</p>"),
        )
    )
    assert [article.title for article in parsed.articles] == ["Quay \ufffd", "Ferry"]
    assert parsed.articles[0].body.endswith("\ufffd")


def test_json_feed_fields_of_the_wrong_type_are_no_text(tmp_path: Path) -> None:
    """ "url": 7 or "title": 5 in one item was a TypeError that cost the whole feed."""
    items: list[object] = [
        {"id": [1], "url": {"a": 1}, "title": 5, "content_text": BODY, "date_published": 12345},
        {"id": "ok", "url": "https://example.org/ok", "title": "Fine", "content_text": BODY},
    ]
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": 3.5, "items": items}
    (tmp_path / "feed.json").write_text(json.dumps(feed), encoding="utf-8")
    db = tmp_path / "a.db"
    assert imported(db, tmp_path / "feed.json").exit_code == 0
    assert titles(db) == ["5", "Fine"]


def test_a_number_too_long_for_python_in_front_matter_is_text(tmp_path: Path) -> None:
    """YAML read a 5,000-digit title as an integer, which Python refuses to make."""
    digits = "9" * 5000
    (tmp_path / "a.md").write_text(f"---\ntitle: {digits}\n---\n\n{BODY}\n")
    db = tmp_path / "a.db"
    assert imported(db, tmp_path / "a.md").exit_code == 0
    assert titles(db) == [digits]


def test_a_csv_field_over_128_kb_is_read(tmp_path: Path) -> None:
    """The csv module's limit is 128 KB a field: one long article in a dataset cost the
    whole file ("field larger than field limit")."""
    long_body = "The council met again. " * 10_000  # 230 KB
    (tmp_path / "data.csv").write_text(
        f'title,body,url\nLong,"{long_body}",https://example.org/long\n'
        f'Short,"{BODY.replace(chr(34), chr(34) * 2)}",https://example.org/short\n',
        encoding="utf-8",
    )
    db = tmp_path / "a.db"
    result = run("import", "--db", db, "--map", "title=title,body=body,url=url", tmp_path)
    assert result.exit_code == 0, result.output
    assert titles(db) == ["Long", "Short"]


def newsboat_cache(path: Path, items: str) -> Path:
    """A cache with newsboat's two tables' names; ``items`` makes rss_item."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE rss_feed (rssurl TEXT, url TEXT, title TEXT)")
    conn.execute("INSERT INTO rss_feed VALUES ('https://example.org/feed', '', 'Gazette')")
    conn.execute(items)
    conn.commit()
    conn.close()
    return path


ITEM_COLUMNS = "id, guid, title, author, url, feedurl, pubDate, content, unread, flags, deleted"


def test_a_cache_whose_items_are_an_endless_view_is_refused_at_once(tmp_path: Path) -> None:
    """A view of a recursive query sorted before its first row never returned to
    Python: neither the file's time budget nor Ctrl-C was seen, and the import hung
    (still running after 240 s, its temporary files growing)."""
    view = (
        "CREATE VIEW rss_item AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
        "FROM n) SELECT x AS id, 'g' || x AS guid, 'Item' AS title, '' AS author, "
        "'https://example.org/' || x AS url, 'https://example.org/feed' AS feedurl, "
        "0 AS pubDate, 'text' AS content, 1 AS unread, '' AS flags, 0 AS deleted FROM n"
    )
    cache = newsboat_cache(tmp_path / "nb" / "cache.db", view)
    started = time.monotonic()
    result = imported(tmp_path / "a.db", cache)
    assert time.monotonic() - started < 20
    assert result.exit_code == 1
    assert "rss_item is not a table" in result.output


def test_a_query_on_a_cache_stops_when_its_time_budget_runs_out(tmp_path: Path) -> None:
    """The budget's timer signal reaches a query inside SQLite (the progress handler)."""
    from reader.importers.newsboat import _open

    cache = newsboat_cache(tmp_path / "cache.db", f"CREATE TABLE rss_item ({ITEM_COLUMNS})")
    endless = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT x FROM n"
    conn = _open(str(cache))
    started = time.monotonic()
    with pytest.raises((OverBudget, sqlite3.OperationalError)), time_budget(0.3):
        conn.execute(endless + " ORDER BY x").fetchone()
    conn.close()
    assert time.monotonic() - started < 5


def test_one_items_odd_date_in_a_cache_costs_its_date_only(tmp_path: Path) -> None:
    """SQLite keeps any type in any column: pubDate "yesterday" was a ValueError that
    cost the cache every item."""
    cache = newsboat_cache(tmp_path / "nb" / "cache.db", f"CREATE TABLE rss_item ({ITEM_COLUMNS})")
    conn = sqlite3.connect(cache)
    for number, published in enumerate(["yesterday", 1e300, float("nan"), 1700000000], 1):
        conn.execute(
            f"INSERT INTO rss_item ({ITEM_COLUMNS}) VALUES (?, ?, ?, '', ?, "
            "'https://example.org/feed', ?, ?, 1, '', 0)",
            (
                number,
                f"g{number}",
                f"Item {number}",
                f"https://example.org/{number}",
                published,
                BODY,
            ),
        )
    conn.commit()
    conn.close()
    db = tmp_path / "a.db"
    assert imported(db, cache).exit_code == 0
    assert titles(db) == ["Item 1", "Item 2", "Item 3", "Item 4"]


def test_a_limit_past_sqlites_and_an_empty_tag_to_remove_are_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(f"# Harbour\n\n{BODY}\n")
    db = tmp_path / "a.db"
    assert imported(db, tmp_path / "a.md").exit_code == 0
    for args in (
        ("quotes", "--db", db, "--speaker", "Varga", "--limit", 10**30),
        ("search", "--db", db, "harbour", "--limit", 10**30),
    ):
        result = run(*args)
        assert result.exit_code == 2 and "is not in the range" in result.output, args
    result = run("untag", "--db", db, 1, "")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "a tag needs a name" in result.output


FIXTURES = Path(__file__).parent / "fixtures" / "imports"


def test_half_a_character_in_an_exports_html_costs_one_character(tmp_path: Path) -> None:
    """BeautifulSoup encodes the HTML it is given: one wallabag entry's "\\ud800"
    (UnicodeEncodeError) cost the whole export."""
    entries = json.loads((FIXTURES / "wallabag" / "wallabag-export.json").read_text())
    entries[0]["content"] = f"<p>{BODY} \ud800</p>"
    (tmp_path / "wallabag.json").write_text(json.dumps(entries), encoding="utf-8")
    db = tmp_path / "a.db"
    assert imported(db, tmp_path / "wallabag.json").exit_code == 0
    assert len(titles(db)) == len(entries)
    assert html_to_markdown("<p>half \ud83d</p>") == "half \ufffd"


def test_a_karakeep_bookmarks_lists_that_are_no_list_cost_its_lists_only(tmp_path: Path) -> None:
    document = json.loads((FIXTURES / "karakeep" / "karakeep-export.json").read_text())
    document["bookmarks"][0]["lists"] = 5
    (tmp_path / "karakeep.json").write_text(json.dumps(document), encoding="utf-8")
    db = tmp_path / "a.db"
    assert imported(db, tmp_path / "karakeep.json").exit_code == 0
    assert titles(db)


def test_karakeep_lists_nested_thousands_deep_read_in_linear_time() -> None:
    """Each list walked its whole chain of parents: 4,000 lists each inside the last
    took 6.5 s and 44 MB of path text (quadratic in both)."""
    from reader.importers.karakeep import MAX_LIST_DEPTH, _list_paths

    def chain(count: int) -> list[dict[str, object]]:
        return [
            {"id": str(i), "name": f"L{i}", "parentId": str(i - 1) if i else None}
            for i in range(count)
        ]

    started = time.perf_counter()
    paths = _list_paths(chain(20_000))
    assert time.perf_counter() - started < 2
    assert paths["19999"].split("/") == [f"L{i}" for i in range(19_984, 20_000)]
    assert len(paths["19999"].split("/")) == MAX_LIST_DEPTH
    assert _list_paths(chain(2)) == {"0": "L0", "1": "L0/L1"}


def test_yaml_sets_pairs_and_binary_are_not_their_python_spelling() -> None:
    """``tags: !!set {x, y}`` became the tags "{'x'" and "'y'}", ``!!omap`` pairs the
    tags "('a', 1)", and ``title: !!binary`` the title "b'hello'"."""
    from reader.importers.markdown import parse_markdown

    def front(matter: str) -> tuple[str, list[str]]:
        article = parse_markdown(f"---\n{matter}\n---\n\n{BODY}\n")
        return article.title, article.tags

    assert front("tags: !!set {x, y}\ntitle: Quay") == ("Quay", ["x", "y"])
    assert front("tags: !!omap [a: 1, b: 2]\ntitle: Quay") == ("Quay", [])
    assert "b'" not in front("title: !!binary aGVsbG8=")[0]
    assert front("tags: water, port\ntitle: 12") == ("12", ["water", "port"])


def test_a_large_feed_broken_late_is_counted_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 4.4 MB feed whose item 1,500 of 2,200 held "&#xD800;" said "2,200 imported,
    1,344 unchanged" into an empty archive (and "2/1 files" on the way)."""
    from reader.importers import files, run_import
    from tests.test_feed_stream import ITEMS, write_feed

    feed = tmp_path / "big.xml"
    write_feed(feed, broken=True)
    monkeypatch.setattr(files, "STREAM_FEED_BYTES", 1024)
    with ArchiveStore(tmp_path / "a.db") as store:
        summary = run_import(store, [feed], jobs=1)
        assert store.count_articles() == ITEMS + 1
    assert summary.imported == ITEMS + 1
    assert summary.unchanged == 0


def test_exporting_onto_the_archive_itself_is_refused_and_the_archive_kept(
    tmp_path: Path,
) -> None:
    """`reader export --db a.db -o a.db` opened the archive for writing: emptied, every
    article lost. Its journal files and a link to it are the archive too."""
    (tmp_path / "a.md").write_text(f"# Harbour\n\n{BODY}\n")
    db = tmp_path / "a.db"
    assert imported(db, tmp_path / "a.md").exit_code == 0
    (tmp_path / "link.db").symlink_to(db)
    for target, extra in (
        (db, ()),
        (tmp_path / "a.db-wal", ()),
        (tmp_path / "link.db", ()),
        (tmp_path / "sub" / ".." / "a.db", ("--quotes",)),
    ):
        result = run("export", "--db", db, "-o", target, *extra)
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), target
        assert "is the archive being exported" in result.output
        assert titles(db) == ["Harbour"]
    result = run("export", "--db", db, "-o", tmp_path / "out.jsonl")
    assert result.exit_code == 0 and titles(db) == ["Harbour"]


def test_a_quote_never_closed_fails_the_csv_at_any_size(tmp_path: Path) -> None:
    """Read leniently, an unclosed quote made the rest of the file one field: the rows
    after it were lost without a word (only past 128 KB did the field limit say so)."""
    (tmp_path / "data.csv").write_text(
        'title,body,url\nOpen,"never closed,https://example.org/a\n'
        f"Lost,{BODY},https://example.org/b\n",
        encoding="utf-8",
    )
    result = run(
        "import",
        "--db",
        tmp_path / "a.db",
        "--map",
        "title=title,body=body,url=url",
        tmp_path / "data.csv",
    )
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "broken CSV (line 2): a quoted field is never closed" in result.output


@pytest.mark.parametrize(
    "invisible", ["\u3164", "\uffa0", "\u115f", "\u1160", "\u034f", "\u17b4", "\U0001d173"]
)
def test_letters_rich_measures_as_nothing_are_not_shown(invisible: str) -> None:
    """A shared archive's title of Hangul fillers (U+3164) showed as a blank row, and
    the terminal drew each two cells wide where Rich counted none: the date column
    and the reading pane's heading moved (seen through tmux). Default-ignorable
    letters and marks go at display; ZWJ, ZWNJ and variation selectors stay."""
    from rich.cells import cell_len

    from reader.sanitize import display_body, display_text

    title = f"Quay{invisible * 3} opens"
    assert display_text(title) == "Quay opens"
    shown, offsets = display_body(f"A{invisible}B “Yes,” she said.")
    assert shown == "AB “Yes,” she said." and offsets.shown(3) == 2
    assert cell_len(display_text(title)) == len("Quay opens")
    kept = "e\u0301 \u200d\u200c \u2764\ufe0f"
    assert display_text(kept) == kept


@pytest.mark.parametrize("label", ["undefined", "punycode", "unicode_escape"])
def test_a_feed_declaring_a_codec_that_is_no_charset_is_read(label: str) -> None:
    """feedparser decodes with the XML declaration's encoding: "undefined" and
    "punycode" failed (UnicodeError) and cost the feed; with "unicode_escape" it
    found the XML ill-formed and read it leniently."""
    data = rss(item(1, "Quay opens", f"<p>{BODY} \\x1b</p>")).replace(
        b'<?xml version="1.0"?>', f'<?xml version="1.0" encoding="{label}"?>'.encode()
    )
    [article] = parse_feed(data).articles
    assert article.title == "Quay opens"
    assert article.body.endswith("\\x1b")


def lying_zip(path: Path, inflated_mb: int) -> Path:
    """A zip whose first member says it holds 1,000 bytes and inflates to
    ``inflated_mb`` MB (written in pieces, never held whole), then an article."""
    import struct
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("bomb.md", "w", force_zip64=False) as member:
            member.write(b"# Bomb\n\n")
            for _ in range(inflated_mb):
                member.write(b"a" * 2**20)
        archive.writestr("fine.md", f"# Fine\n\n{BODY}\n")
    raw = bytearray(path.read_bytes())
    struct.pack_into("<I", raw, raw.find(b"PK\x03\x04") + 22, 1000)  # local header
    struct.pack_into("<I", raw, raw.find(b"PK\x01\x02") + 24, 1000)  # central directory
    path.write_bytes(bytes(raw))
    return path


def test_a_zip_member_that_lies_about_its_size_is_read_within_the_limit(tmp_path: Path) -> None:
    """A member whose directory entry says 1 KB was inflated whole before its checksum
    failed: a 300 KB zip took 650 MB (every zip reader: containers, Pocket, Omnivore)."""
    import tracemalloc
    import zipfile

    from reader.importers.containers import read_zip_member

    path = lying_zip(tmp_path / "liar.zip", 200)
    archive = zipfile.ZipFile(path)
    tracemalloc.start()
    try:
        with pytest.raises(zipfile.BadZipFile):
            read_zip_member(archive, "bomb.md")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 2**20
    assert read_zip_member(archive, "fine.md").startswith(b"# Fine")
    db = tmp_path / "a.db"
    assert imported(db, path).exit_code == 0
    assert titles(db) == ["Fine"]


def test_a_corrupt_member_costs_itself_not_the_zip(tmp_path: Path) -> None:
    """zlib's "Error -3 while decompressing" is no OSError: one damaged member cost the
    whole zip, its sound members too, and a damaged .gz said "cannot parse: error"."""
    import gzip
    import io
    import zipfile

    text = "# Quay\n\n" + "The quay opens in May, the harbour master of Port Linden said. " * 500
    held = io.BytesIO()
    with zipfile.ZipFile(held, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("damaged.md", text)
        archive.writestr("sound.md", f"# Sound\n\n{BODY}\n")
    raw = bytearray(held.getvalue())
    for index in range(50, 200):  # inside damaged.md's deflate stream
        raw[index] ^= 0x5A
    (tmp_path / "some.zip").write_bytes(bytes(raw))
    db = tmp_path / "a.db"
    result = imported(db, tmp_path / "some.zip")
    assert result.exit_code == 0 and "damaged.md: cannot read: Error -3" in result.output
    assert titles(db) == ["Sound"]

    squeezed = bytearray(gzip.compress(text.encode(), compresslevel=1, mtime=0))
    for index in range(30, 200):
        squeezed[index] ^= 0x5A
    (tmp_path / "one.md.gz").write_bytes(bytes(squeezed))
    result = imported(db, tmp_path / "one.md.gz")
    assert result.exit_code == 1 and "one.md.gz: broken gzip file: Error -3" in result.output


@pytest.mark.parametrize(
    ("offsets", "value", "reason"),
    [
        ((6, 8), 1, "odd.md: encrypted (a password is needed)"),  # flag bit 0
        ((8, 10), 9, "odd.md: cannot read: That compression method is not supported"),
    ],
)
def test_an_encrypted_or_deflate64_member_costs_itself_not_the_zip(
    tmp_path: Path, offsets: tuple[int, int], value: int, reason: str
) -> None:
    """zipfile raises RuntimeError (encrypted) and NotImplementedError (Deflate64, which
    Windows' own zipper writes for large files): "cannot parse" and the whole zip lost."""
    import io
    import struct
    import zipfile

    held = io.BytesIO()
    with zipfile.ZipFile(held, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("odd.md", f"# Odd\n\n{BODY}\n")
        archive.writestr("sound.md", f"# Sound\n\n{BODY} The boats run.\n")
    raw = bytearray(held.getvalue())
    local, central = offsets
    struct.pack_into("<H", raw, raw.find(b"PK\x03\x04") + local, value)
    struct.pack_into("<H", raw, raw.find(b"PK\x01\x02") + central, value)
    (tmp_path / "some.zip").write_bytes(bytes(raw))
    db = tmp_path / "a.db"
    result = imported(db, tmp_path / "some.zip")
    assert result.exit_code == 0 and reason in result.output
    assert titles(db) == ["Sound"]


def test_a_json_number_too_long_for_python_costs_itself(tmp_path: Path) -> None:
    """A 5,000-digit number anywhere in a JSON export failed the whole file."""
    export = tmp_path / "wallabag.json"
    export.write_text(
        '[{"url": "https://news.example/a", "is_archived": 0, "is_starred": 0, '
        f'"title": "Harbour", "reading_time": {"9" * 5000}, "content": "<p>{BODY}</p>"}}]',
        encoding="utf-8",
    )
    db = tmp_path / "a.db"
    assert imported(db, export).exit_code == 0
    with ArchiveStore(db) as store:
        assert store.count_articles() == 1


def test_one_article_brings_at_most_a_thousand_tags(tmp_path: Path) -> None:
    from reader.models import MAX_TAGS, Article

    article = Article(title="T", body="B", tags=[f"t{n}" for n in range(20_000)]).cleaned()
    assert len(article.tags) == MAX_TAGS == 1000


def test_a_field_mapped_twice_is_refused() -> None:
    from reader.importers.parsed import parse_field_map

    with pytest.raises(ValueError, match="title is mapped twice"):
        parse_field_map("title=a,title=b")
    assert parse_field_map("title=a,title=a") == {"title": "a"}
