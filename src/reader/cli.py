"""The ``reader`` command. Each command parses its arguments and calls the library."""

from __future__ import annotations

import errno
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from reader import __version__

if TYPE_CHECKING:
    from reader.store import ArchiveStore

# Where a command keeps the archive it opened, for the message if it fails (ctx.meta).
_ARCHIVE = "reader.archive"


def _db_option(function: click.decorators.FC) -> click.decorators.FC:
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False, path_type=Path),
        envvar="READER_DB",
        help="Archive file. Default: $READER_DB, else archive.db in the user data directory.",
    )(function)


# An article's id: SQLite's integers are 64-bit, and ids start at 1.
ARTICLE_ID = click.IntRange(1, 2**63 - 1)


class _Text(click.ParamType[str]):
    """A word or a name the archive will store or look up: it must be text.

    Python hands over argument bytes that are not UTF-8 (a terminal in another
    encoding) as lone surrogates, which no database can store; file names take
    click.Path, where such bytes are fine.
    """

    name = "text"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                self.fail(
                    f"{value.encode('utf-8', 'surrogateescape')!r} is not UTF-8 text "
                    "(is the terminal set to another encoding?)",
                    param,
                    ctx,
                )
        return value


TEXT = _Text()
SORT_CHOICES = ["newest", "oldest", "relevance"]

# How many rows a command prints at most: any count a user means, and one SQLite's
# 64-bit LIMIT can hold (a larger one was an OverflowError traceback).
LIMIT = click.IntRange(1, 2**63 - 1)


def _resolve_db(db_path: Path | None) -> Path:
    from reader.paths import default_db_path

    return db_path or default_db_path()


class _ReaderGroup(click.Group):
    """reader's commands: what the archive's or a file's environment does to one
    (another program holding the lock too long, a read-only archive, a full disk,
    a damaged file, an archive from a newer reader) ends it with one sentence and
    exit status 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as error:
            message = _environment_message(error, ctx.meta.get(_ARCHIVE))
            if message is None:
                raise
            raise click.ClickException(message) from None


def _environment_message(error: Exception, archive: Path | None) -> str | None:
    """One line for an ArchiveProblem, or any sqlite3 or OS error; None for the rest."""
    if isinstance(error, click.ClickException | click.exceptions.Exit | click.Abort):
        return None
    if isinstance(error, OSError) and error.errno == errno.EPIPE:
        return None  # a closed pipe (`reader export | head`): click ends quietly
    import sqlite3

    from reader.sanitize import clean_line, clean_path
    from reader.store import ArchiveProblem

    problem = ArchiveProblem.from_error(error, archive)
    if problem is not None:
        return str(problem)
    if isinstance(error, sqlite3.Error):
        where = f"the archive at {clean_path(archive)}" if archive else "the archive"
        return f"{where}: {clean_line(str(error))}"
    if isinstance(error, OSError):
        reason = error.strerror or clean_line(str(error))
        return f"{clean_path(error.filename)}: {reason}" if error.filename else reason
    return None


@contextmanager
def _archive(
    ctx: click.Context, db_path: Path | None, *, existing: bool = True, writing: bool = False
) -> Iterator[ArchiveStore]:
    """The archive a command works on, opened so that waiting for another writer is said.

    existing: it must be there already. writing: the command changes it, so a
    read-only archive is refused before any work is done.
    """
    from reader.store import ArchiveStore

    path = (
        _existing_db(ctx, db_path)
        if existing
        else _resolve_db(db_path or (ctx.obj or {}).get("db_path"))
    )
    ctx.meta[_ARCHIVE] = path
    with ArchiveStore(path, on_wait=_said_once()) as store:
        if writing:
            store.require_writable()
        yield store


def _said_once() -> Callable[[str], None]:
    """Tell the user (on standard error) that the command waits, once per command."""
    said = False

    def say(message: str) -> None:
        nonlocal said
        if not said:
            click.echo(message, err=True)
            said = True

    return say


@click.group(cls=_ReaderGroup, invoke_without_command=True)
@click.version_option(__version__, prog_name="reader")
@_db_option
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None) -> None:
    """A terminal reader for news archives.

    With no command, opens the archive (importing the sample archive first if
    the archive is empty).

    \b
    Example:
        reader import ~/saved-articles
        reader
    """
    ctx.ensure_object(dict)
    ctx.obj["db_path"] = db_path
    if ctx.invoked_subcommand is None:
        ctx.invoke(open_, db_path=db_path)


@cli.command(name="import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@_db_option
@click.option("--force", is_flag=True, help="Parse every file again, even unchanged ones.")
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), help="Parser processes. Default: one per core."
)
@click.option("-v", "--verbose", is_flag=True, help="Also name the files skipped.")
@click.option(
    "--map",
    "field_map",
    metavar="FIELD=COLUMN,...",
    help="Read JSON/CSV files of another pipeline: which column holds each field "
    "(title, body, url, published, authors, source, tags).",
)
@click.pass_context
def import_(
    ctx: click.Context,
    paths: tuple[Path, ...],
    db_path: Path | None,
    force: bool,
    jobs: int | None,
    verbose: bool,
    field_map: str | None,
) -> None:
    """Import articles from files and folders (searched recursively).

    Reads Markdown (saved-article layout or YAML front matter), HTML pages,
    RSS/Atom/JSON feeds, JSONL from `reader export`, and the exports of other
    tools: newsboat's cache.db, wallabag JSON, Pocket (ril_export.html or
    the zip), Omnivore's zip, Instapaper and Readwise CSV, Karakeep JSON or
    dump, WARC, browser bookmarks, news-please JSON. The format is told from
    the content, not the name. Importing a file again updates its articles in
    place and keeps their tags, bookmarks and read state. Exits with status 1
    if any file failed.

    \b
    Example:
        reader import ~/Downloads/article.html feeds/ exports/archive.jsonl
        reader import ~/pocket.zip ~/.newsboat/cache.db
        reader import --map title=headline,body=text,url=link dataset.csv
    """
    from reader.importers import run_import
    from reader.importers.parsed import parse_field_map
    from reader.progress import BarProgress, listener_for

    try:
        mapping = parse_field_map(field_map) if field_map is not None else None
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--map") from None
    listener = listener_for(sys.stderr, verbose=verbose)
    with _archive(ctx, db_path, existing=False, writing=True) as store:
        path = store.path
        try:
            summary = run_import(store, paths, listener, jobs=jobs, force=force, field_map=mapping)
        except KeyboardInterrupt:
            if isinstance(listener, BarProgress):
                listener.stop()
            click.echo(
                "Interrupted: what was stored is kept; run the same import again to go on.",
                err=True,
            )
            sys.exit(130)
        finally:
            if isinstance(listener, BarProgress):
                listener.stop()
        unfiled = store.count_unfiled_stories()
    rate = summary.articles / summary.seconds if summary.seconds else 0.0
    click.echo(
        f"{summary.imported:,} imported, {summary.updated:,} updated, "
        f"{summary.unchanged:,} unchanged, {summary.skipped:,} skipped, {summary.failed:,} failed "
        f"({summary.files:,} files in {summary.seconds:.1f}s, {rate:,.0f} articles/s) "
        f"→ {_path_shown(path)}"
    )
    if unfiled:
        click.echo(
            f"{unfiled:,} article{'s' if unfiled > 1 else ''} stored by an earlier version "
            "of reader not compared for stories yet: `reader reindex` does it once.",
            err=True,
        )
    if summary.failed:
        sys.exit(1)


@cli.command()
@_db_option
@click.option(
    "--format",
    "format_",
    type=click.Choice(["jsonl", "markdown", "csv"]),
    help="jsonl (default) or markdown; with --quotes, markdown (default) or csv.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="File (jsonl, quotes) or folder (markdown). Default for files: standard output.",
)
@click.option(
    "--query", "-q", type=TEXT, help="Only the articles this query finds (see `reader search`)."
)
@click.option("--quotes", "quotes_only", is_flag=True, help="Export quotes, not articles.")
@click.pass_context
def export(
    ctx: click.Context,
    db_path: Path | None,
    format_: str | None,
    output: Path | None,
    query: str | None,
    quotes_only: bool,
) -> None:
    """Export articles with their tags, bookmarks, read state and extracted data.

    JSONL gives one object per line; Markdown one file per article with YAML
    front matter. `reader import` reads both back. --query narrows the export
    with the query language; --quotes writes quotes with speaker, article title,
    date and URL as Markdown or CSV.

    \b
    Example:
        reader export -o archive.jsonl
        reader export --format markdown -o exported/ --query 'tag:water'
        reader export --quotes --format csv --query 'person:Varga' -o varga.csv
    """
    from reader.exporters import write_jsonl, write_markdown, write_quotes
    from reader.query import QueryError, parse

    if query:
        try:
            parse(query)
        except QueryError as error:
            raise click.ClickException(str(error)) from None
    with _archive(ctx, db_path) as store:
        if quotes_only:
            format_ = format_ or "markdown"
            if format_ not in ("markdown", "csv"):
                raise click.UsageError("--quotes writes markdown or csv")
            with _output(output, store.path) as stream:
                count = write_quotes(store, stream, format_, query)
            click.echo(f"{count} quotes exported", err=True)
            return
        format_ = format_ or "jsonl"
        if format_ == "csv":
            raise click.UsageError("csv is for --quotes; articles export as jsonl or markdown")
        if format_ == "markdown":
            if output is None:
                raise click.UsageError("--format markdown needs -o FOLDER")
            count = write_markdown(store, output, query)
        else:
            with _output(output, store.path) as stream:
                count = write_jsonl(store, stream, query)
    click.echo(f"{count} articles exported", err=True)


# The files SQLite keeps beside an archive: writing over one loses the archive too.
_ARCHIVE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def _is_the_archive(path: Path, archive: Path) -> bool:
    """Whether ``path`` is the archive or one of its companion files, by any name
    (a link, a relative path)."""
    for suffix in _ARCHIVE_COMPANIONS:
        companion = archive.with_name(archive.name + suffix)
        try:
            if path.resolve() == companion.resolve() or (
                path.exists() and companion.exists() and path.samefile(companion)
            ):
                return True
        except OSError:
            continue
    return False


@contextmanager
def _output(path: Path | None, archive: Path) -> Iterator[Any]:
    if path is None:
        yield sys.stdout
        return
    if _is_the_archive(path, archive):
        # Opening it for writing empties it before a line is written: the archive gone.
        raise click.ClickException(
            f"{_path_shown(path)} is the archive being exported; give another file"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        stream = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed below
    except OSError as error:
        raise click.ClickException(
            f"cannot write {_path_shown(path)}: {error.strerror or error}"
        ) from None
    with stream:
        yield stream


@cli.command(name="open")
@_db_option
@click.pass_context
def open_(ctx: click.Context, db_path: Path | None) -> None:
    """Open the archive in the reader (the sample archive is imported into an empty default one).

    Another archive (--db) must exist: a mistyped name is said, not made.

    \b
    Example:
        reader open --db research.db
    """
    from reader.paths import default_db_path, sample_data_dir

    chosen = db_path or (ctx.obj or {}).get("db_path")
    default = chosen is None or _resolve_db(chosen) == default_db_path()
    with _archive(ctx, db_path, existing=not default) as store:
        path = store.path
        empty = store.list_page(0, 1) == []
        if default and empty and not store.read_only and (sample := sample_data_dir()):
            from reader.importers import run_import
            from reader.progress import BarProgress, listener_for

            click.echo(
                f"The archive is empty: importing the sample archive from {sample}", err=True
            )
            listener = listener_for(sys.stderr)
            try:
                run_import(store, [sample], listener)
            finally:
                if isinstance(listener, BarProgress):
                    listener.stop()  # the bar ends before the reader takes the terminal
    from reader.tui import make_app

    make_app(path).run()


@cli.command()
@click.argument("article_id", type=ARTICLE_ID)
@_db_option
@click.pass_context
def show(ctx: click.Context, article_id: int, db_path: Path | None) -> None:
    """Show an article's metadata, quotes with speakers, entities, links and related articles.

    \b
    Example:
        reader show 42
    """
    from reader.report import format_article

    with _archive(ctx, db_path) as store:
        details = store.article_details(article_id)
    if details is None:
        raise click.ClickException(f"no article with id {article_id}")
    click.echo(format_article(details))


@cli.command()
@click.argument("article_id", type=ARTICLE_ID)
@click.argument("number", metavar="N", type=int)
@click.argument("speaker", required=False, type=TEXT)
@click.option("--clear", is_flag=True, help="Leave the quote without a speaker.")
@_db_option
@click.pass_context
def attribute(
    ctx: click.Context,
    article_id: int,
    number: int,
    speaker: str | None,
    clear: bool,
    db_path: Path | None,
) -> None:
    """Correct who said quote N of an article (N as `reader show ID` numbers them).

    The correction is yours: re-imports and `reader reindex` keep it, exports
    carry it, and `reader quotes --speaker`, said: and the reader follow it.
    A name that is a person or organisation of the article ties the quote to it.

    \b
    Example:
        reader show 42
        reader attribute 42 3 "Elena Varga"
        reader attribute 42 5 --clear
    """
    from reader.report import quote_heading
    from reader.store.corrections import CorrectionError

    if clear == (speaker is not None):
        raise click.UsageError("give the speaker's name, or --clear (not both)")
    with _archive(ctx, db_path, writing=True) as store:
        try:
            quote = store.attribute(article_id, number, None if clear else speaker)
        except CorrectionError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"article {article_id}, quote {number}: {quote_heading(quote)}")


@cli.command(context_settings={"ignore_unknown_options": True})
@click.argument("query_words", nargs=-1, type=TEXT)
@click.option(
    "--speaker",
    type=TEXT,
    help="A name, surname or alias: 'Putin' finds Vladimir Putin (the same as said:NAME).",
)
@click.option("--sort", type=click.Choice(SORT_CHOICES), help="Order (default newest first).")
@click.option("--limit", type=LIMIT, default=200, show_default=True)
@_db_option
@click.pass_context
def quotes(
    ctx: click.Context,
    query_words: tuple[str, ...],
    speaker: str | None,
    sort: str | None,
    limit: int,
    db_path: Path | None,
) -> None:
    """Quotes across the archive: what was said, by whom, where and when.

    The query language, with words matching what was said: said:NAME the
    speaker (aliases too), tag:x a quote's tag, and every other operator
    (source:, before:, after:, person:, is:, …) the articles they come from.
    Prints date, outlet, speaker, the whole quote and the article's id.

    \b
    Example:
        reader quotes reservoir said:Varga
        reader quotes '"water prices"' after:2024-01 --sort relevance
        reader quotes --speaker Varga
    """
    from reader.query import QueryError
    from reader.report import format_quote_hits

    query = _with_sort(" ".join(query_words), sort)
    if speaker is not None:
        query = f'said:"{speaker.replace(chr(34), "")}" {query}'.strip()
    with _archive(ctx, db_path) as store:
        try:
            found = list(store.quote_hits(query or None, limit))
        except QueryError as error:
            raise click.ClickException(str(error)) from None
    if not found:
        raise click.ClickException(f"no quotes by {speaker!r}" if speaker else "no quotes found")
    click.echo(format_quote_hits(found))
    click.echo(
        f"{len(found)} quote(s)" + (" (--limit reached)" if len(found) == limit else ""), err=True
    )


@cli.command(name="versions")
@click.argument("article_id", type=ARTICLE_ID)
@_db_option
@click.pass_context
def versions_command(ctx: click.Context, article_id: int, db_path: Path | None) -> None:
    """The wordings of an article kept across re-imports, oldest first.

    A re-import whose title or text differs keeps the wording it replaces, with
    when it was captured and from which file; `reader diff` compares them.

    \b
    Example:
        reader versions 42
    """
    from reader.report import format_versions

    with _archive(ctx, db_path) as store:
        found = store.versions(article_id)
    if not found:
        raise click.ClickException(f"no article with id {article_id}")
    click.echo(format_versions(article_id, found))


@cli.command()
@click.argument("article_id", type=ARTICLE_ID)
@click.argument("first", required=False, metavar="[A]")
@click.argument("second", required=False, metavar="[B]")
@click.option(
    "--with",
    "other_id",
    type=ARTICLE_ID,
    help="Another article (one of its story): how the two outlets worded it.",
)
@_db_option
@click.pass_context
def diff(
    ctx: click.Context,
    article_id: int,
    first: str | None,
    second: str | None,
    other_id: int | None,
    db_path: Path | None,
) -> None:
    """Word by word, what changed between two versions of an article.

    A and B are version numbers from `reader versions` or "current"; by default
    the latest change (the version before the current one, and the current).
    Removed words are »marked« and added ones «marked» (red and green on a
    terminal); quotes that changed are listed after the text.

    \b
    Example:
        reader diff 42
        reader diff 42 1 current
        reader diff 42 --with 57      # two outlets' copies of one story
    """
    from reader.diffing import diff as diff_texts
    from reader.report import format_diff

    with _archive(ctx, db_path) as store:
        found = store.versions(article_id)
        if not found:
            raise click.ClickException(f"no article with id {article_id}")
        if other_id is not None:
            others = store.versions(other_id)
            if not others:
                raise click.ClickException(f"no article with id {other_id}")
            old, new = found[-1], others[-1]
            quotes = store.quotes_between(article_id, other_id)
        elif len(found) == 1:
            raise click.ClickException(f"article {article_id} has one version: nothing changed")
        else:
            old = _version(found, first, default=len(found) - 1)
            new = _version(found, second, default=len(found))
            quotes = store.quote_changes(article_id, old, new)
    paragraphs = diff_texts(old.body, new.body)
    style = _diff_style if sys.stdout.isatty() else None
    click.echo(format_diff(old, new, paragraphs, quotes, style))


def _version(found: list[Any], chosen: str | None, default: int) -> Any:
    """The version a diff argument names: its number, or "current"."""
    if chosen is None:
        return found[default - 1]
    if chosen.lower() == "current":
        return found[-1]
    if not chosen.isdigit() or not 1 <= int(chosen) <= len(found):
        raise click.UsageError(
            f"{shown(chosen)!r}: a version is a number from 1 to {len(found)} or 'current'"
        )
    return found[int(chosen) - 1]


def _diff_style(piece: Any) -> str:
    """A changed piece on a terminal: removed red and struck through, added green."""
    from reader.sanitize import display_text

    text = display_text(piece.text, lines=True)  # its spacing is part of the diff
    if piece.kind == "removed":
        text = click.style(text, fg="red", strikethrough=True)
    elif piece.kind == "added":
        text = click.style(text, fg="green", underline=True)
    return str(text + piece.tail)


@cli.command()
@click.argument("article_id", type=ARTICLE_ID)
@click.argument("passage", type=TEXT)
@click.option(
    "--note", type=TEXT, help='A note on the passage (replaces the one it has; "" removes it).'
)
@click.option("--delete", is_flag=True, help="Remove the highlight instead.")
@_db_option
@click.pass_context
def highlight(
    ctx: click.Context,
    article_id: int,
    passage: str,
    note: str | None,
    delete: bool,
    db_path: Path | None,
) -> None:
    """Highlight a passage of an article, with an optional note.

    The passage is the article's own words (spacing and case aside). A
    highlight is kept by its text, so it survives re-imports, reindex and new
    versions; one whose words leave the text is kept and shown as such.

    \b
    Example:
        reader highlight 42 "the wall will not survive another winter" --note "check"
        reader highlight 42 "the wall will not survive another winter" --delete
    """
    from reader.store.highlights import HighlightError

    with _user_store(ctx, db_path, article_id) as store:
        try:
            if delete:
                changed = store.unhighlight(article_id, passage)
            elif note is not None and not note.strip():  # --note "": no note any more
                changed = store.highlight(article_id, passage)
                changed = store.note_highlight(article_id, passage, None) or changed
            else:
                changed = store.highlight(article_id, passage, note)
        except HighlightError as error:
            raise click.ClickException(str(error)) from None
    verb = "removed" if delete else "highlighted"
    click.echo(f"article {article_id}: {verb}" if changed else f"article {article_id}: no change")


@cli.command()
@click.argument("query_words", nargs=-1, type=TEXT)
@click.option("--limit", type=LIMIT, default=500, show_default=True)
@_db_option
@click.pass_context
def highlights(
    ctx: click.Context, query_words: tuple[str, ...], limit: int, db_path: Path | None
) -> None:
    """Your highlights and notes, newest first; of the articles a query finds, if given.

    \b
    Example:
        reader highlights
        reader highlights note:follow-up
        reader highlights 'tag:water after:6m'
    """
    from reader.query import QueryError
    from reader.report import format_highlights

    query = " ".join(query_words)
    with _archive(ctx, db_path) as store:
        try:
            found = store.highlight_listing(query or None, limit)
        except QueryError as error:
            raise click.ClickException(str(error)) from None
    if not found:
        raise click.ClickException("no highlights" + (" in those articles" if query else ""))
    click.echo(format_highlights(found))


@cli.command(name="show-entity")
@click.argument("name", type=TEXT)
@_db_option
@click.pass_context
def show_entity(ctx: click.Context, name: str, db_path: Path | None) -> None:
    """A person's, organisation's or place's timeline: articles, mentions and quotes
    month by month, the busiest months marked.

    \b
    Example:
        reader show-entity "Elena Varga"
        reader show-entity CWA
    """
    from reader.report import format_timeline

    with _archive(ctx, db_path) as store:
        entities = store.entities_named(name)
        if not entities:
            raise click.ClickException(f"no person, organisation or place named {shown(name)!r}")
        chosen = entities[0]
        months = store.timeline(chosen.id)
    click.echo(format_timeline(chosen, months, others=entities[1:]))


@cli.command()
@click.option("--all", "everything", is_flag=True, help="Every article, not only stale ones.")
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), help="Extraction processes. Default: one per core."
)
@_db_option
@click.pass_context
def reindex(ctx: click.Context, everything: bool, jobs: int | None, db_path: Path | None) -> None:
    """Run extraction again: quotes, entities and links of articles read by an older extractor.

    Tags, bookmarks and read state are untouched.

    \b
    Example:
        reader reindex --all
    """
    from reader.reindex import reindex_archive

    with _archive(ctx, db_path, writing=True) as store:
        done = reindex_archive(store, everything=everything, jobs=jobs)
    compared = f", {done.compared:,} articles compared for stories" if done.compared else ""
    click.echo(f"{done.articles:,} articles re-read{compared} in {done.seconds:.1f}s")


def _existing_db(ctx: click.Context, db_path: Path | None) -> Path:
    path = _resolve_db(db_path or (ctx.obj or {}).get("db_path"))
    if not path.exists():
        raise click.ClickException(
            f"no archive at {_path_shown(path)}; `reader import PATH` makes one"
        )
    return path


@cli.command()
@click.argument("article_id", type=ARTICLE_ID)
@click.argument("names", nargs=-1, required=True, type=TEXT)
@_db_option
@click.pass_context
def tag(ctx: click.Context, article_id: int, names: tuple[str, ...], db_path: Path | None) -> None:
    """Tag an article.

    \b
    Example:
        reader tag 42 water "port linden"
    """
    from reader.store.user_state import TagError

    with _user_store(ctx, db_path, article_id) as store:
        try:
            added = store.tag(article_id, *names)
        except TagError as error:
            raise click.ClickException(str(error)) from None
        tags = ", ".join(shown(name) for name in store.tags_of(article_id))
        click.echo(f"{added} tag(s) added; article {article_id}: {tags}")


@cli.command()
@click.argument("article_id", type=ARTICLE_ID)
@click.argument("names", nargs=-1, required=True, type=TEXT)
@_db_option
@click.pass_context
def untag(
    ctx: click.Context, article_id: int, names: tuple[str, ...], db_path: Path | None
) -> None:
    """Remove tags from an article.

    \b
    Example:
        reader untag 42 water
    """
    from reader.store.user_state import TagError

    with _user_store(ctx, db_path, article_id) as store:
        try:
            removed = store.untag(article_id, *names)
        except TagError as error:
            raise click.ClickException(str(error)) from None
        left = ", ".join(shown(name) for name in store.tags_of(article_id)) or "no tags"
        click.echo(f"{removed} tag(s) removed; article {article_id}: {left}")


@cli.command()
@click.argument("article_id", type=ARTICLE_ID)
@click.option("--off", is_flag=True, help="Remove the bookmark instead.")
@_db_option
@click.pass_context
def bookmark(ctx: click.Context, article_id: int, off: bool, db_path: Path | None) -> None:
    """Bookmark an article (or, with --off, unbookmark it).

    \b
    Example:
        reader bookmark 42
    """
    with _user_store(ctx, db_path, article_id) as store, store.transaction():
        store.set_bookmark(article_id, not off)
    click.echo(f"article {article_id} {'unbookmarked' if off else 'bookmarked'}")


@cli.group(invoke_without_command=True)
@_db_option
@click.pass_context
def tags(ctx: click.Context, db_path: Path | None) -> None:
    """List tags with their article counts; rename or delete them.

    \b
    Example:
        reader tags
        reader tags rename water drinking-water
        reader tags delete old-stuff
    """
    ctx.ensure_object(dict)
    if db_path:
        ctx.obj["db_path"] = db_path
    if ctx.invoked_subcommand is None:
        with _archive(ctx, db_path) as store:
            counts = store.tag_counts()
            saved = store.saved_searches()
        for count in counts:
            click.echo(f"{count.articles:>7}  {shown(count.name)}")
        for search in saved:
            click.echo(f"  saved  {shown(search.name)}: {shown(search.query)}")
        if not counts and not saved:
            click.echo("no tags yet: `reader tag ID TAG` adds one")


@tags.command(name="rename")
@click.argument("old", type=TEXT)
@click.argument("new", type=TEXT)
@_db_option
@click.pass_context
def tags_rename(ctx: click.Context, old: str, new: str, db_path: Path | None) -> None:
    """Rename a tag; renaming onto an existing tag merges the two.

    \b
    Example:
        reader tags rename water drinking-water
    """
    from reader.store.user_state import TagError

    with _archive(ctx, db_path, writing=True) as store:
        try:
            outcome = store.rename_tag(old, new)
        except TagError as error:
            raise click.ClickException(str(error)) from None
    old, new = shown(old), shown(new)
    click.echo(f"{old} {outcome} into {new}" if outcome == "merged" else f"{old} renamed to {new}")


@tags.command(name="delete")
@click.argument("name", type=TEXT)
@_db_option
@click.pass_context
def tags_delete(ctx: click.Context, name: str, db_path: Path | None) -> None:
    """Delete a tag from every article and quote.

    \b
    Example:
        reader tags delete old-stuff
    """
    from reader.store.user_state import TagError

    with _archive(ctx, db_path, writing=True) as store:
        try:
            count = store.delete_tag(name)
        except TagError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"deleted {shown(name)} from {count} article(s)")


@cli.command(context_settings={"ignore_unknown_options": True})
@click.argument("query_words", nargs=-1, required=True, type=TEXT)
@click.option(
    "--save", "save_as", metavar="NAME", type=TEXT, help="Also save the query under a name."
)
@click.option("--limit", type=LIMIT, default=100, show_default=True)
@click.option(
    "--sort",
    type=click.Choice(SORT_CHOICES),
    help="relevance ranks by the words (title hits first); default newest first.",
)
@click.option("--snippets", is_flag=True, help="Under each article, the passage with the words.")
@_db_option
@click.pass_context
def search(
    ctx: click.Context,
    query_words: tuple[str, ...],
    save_as: str | None,
    limit: int,
    sort: str | None,
    snippets: bool,
    db_path: Path | None,
) -> None:
    """Find articles with the query language; prints id, date and title.

    Words and "phrases"; tag:x or #x, -tag:x; is:bookmarked, is:unread, is:read;
    source:x; person:"…", org:…, place:…; said:"…"; before:/after: with
    2024-05-01 or ages (3d, 2w, 6m, 1y); implicit AND, OR, NOT/-, parentheses;
    sort:relevance, sort:oldest (or --sort). With --snippets, the hit words of
    each passage are bold on a terminal and «marked» in a pipe or file.

    \b
    Example:
        reader search 'person:Varga (tag:water OR #harbour) after:6m'
        reader search five takeaways --sort relevance --snippets
    """
    from reader.query import QueryError
    from reader.store.user_state import TagError

    # Several words are one query; a leading "-tag:x" is a query, not an option.
    query = _with_sort(" ".join(query_words), sort)
    with _archive(ctx, db_path, writing=save_as is not None) as store:
        try:
            result = store.run_query(query)
            rows = store.query_page(result, 0, limit)
            total = store.query_count(result)
            if save_as is not None:
                store.save_search(save_as, query)
        except (QueryError, TagError) as error:
            raise click.ClickException(str(error)) from None
        passages = (
            store.snippets([row.id for row in rows], result.words)
            if snippets and result.words
            else {}
        )
    if result.note:
        click.echo(result.note, err=True)
    marks = sys.stdout.isatty()
    for row in rows:
        click.echo(f"{row.id:>7}  {shown(row.published)[:10]:<10}  {shown(row.title)}")
        if row.id in passages:
            click.echo("         " + _snippet_line(passages[row.id], marks))
    counted = f"{len(rows)} of {total}" if total > len(rows) else f"{total}"
    click.echo(f"{counted} article(s)", err=True)


def _with_sort(query: str, sort: str | None) -> str:
    return f"{query} sort:{sort}".strip() if sort else query


def _snippet_line(snippet: Any, terminal: bool) -> str:
    """A snippet's passage, cleaned; its hit words bold on a terminal, else «marked»."""
    if not terminal:
        return shown(snippet.marked())
    return "".join(
        click.style(shown(text), bold=True) if hit else shown(text) for text, hit in snippet.parts
    )


def _path_shown(path: Path) -> str:
    from reader.sanitize import clean_path

    return clean_path(path)


def shown(text: object) -> str:
    """Text from an archive as the terminal may show it (see reader.sanitize.display_text)."""
    from reader.sanitize import display_text

    return display_text(text)


@contextmanager
def _user_store(
    ctx: click.Context, db_path: Path | None, article_id: int
) -> Iterator[ArchiveStore]:
    """An existing archive this command will write, checked to hold the article."""
    with _archive(ctx, db_path, writing=True) as store:
        if store.article_row(article_id) is None:
            raise click.ClickException(f"no article with id {article_id}")
        yield store
