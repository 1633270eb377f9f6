"""Articles that read like news for benchmarks: names, places, organisations and quotes.

Lower-case word salad flatters an extractor (no capitalised words, nothing to
attribute). These articles have proper names in most sentences and 4-8 quotes of
the shapes newsrooms use, 2-3 KB each, so import speed is measured on the work
real archives make. Everything is generated from a seed: the same N gives the
same corpus. All names are invented for this project.
"""

from __future__ import annotations

import html
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

FIRST = (
    "Elena Tomas Mira Jonas Aiko Priya Samuel Ingrid Kwame Lucia Omar Hannah Mateo Sofia "
    "Daniel Amara Felix Nadia Rafael Greta Yusuf Clara Viktor Leila Hugo Marta Ravi Chloe "
    "Anders Beatriz Kofi Irene Pablo Sina Marcus Zofia Tariq Elsa Nikolai Rosa"
).split()
LAST = (
    "Varga Ekholm Castell Weber Tanaka Raman Okafor Lindqvist Moreau Haddad Novak Brennan "
    "Alvarez Petrov Mensah Kowalski Duarte Fischer Sato Quinlan Oduya Marchetti Holm Reyes "
    "Andersen Kaplan Baptiste Nakamura Sorensen Abara Whitcombe Delacroix Ferreira Lund "
    "Okonkwo Varela Strand Mbeki Hartmann Costa"
).split()
PLACES = (
    "Westhaven|Port Alder|Northfield|Kestrel Bay|Marrow Hill|Eastbrook|Saltmarsh|Granton|"
    "Ashford Vale|Linden Cross|Copper Falls|Redwater"
).split("|")
ORGS = (
    "Harbour Authority|Ministry of Transport|Northfield Council|Alder Bank|Coastal Water Agency|"
    "Westhaven Port Workers Union|National Rail Board|Kestrel Energy|Granton University|"
    "Redwater Police|Civic Budget Office|Supreme Court"
).split("|")
ROLES = (
    "spokesperson|chief executive|director|mayor|minister|chair|senior analyst|president|"
    "deputy leader|treasurer|professor|superintendent"
).split("|")
VERBS = "said|told reporters|said in a statement|added|told the Gazette|wrote|argued".split("|")
# The common words of news copy. Clauses draw from them at random, so that two
# articles share words but not sentences: slices of one fixed passage made every
# article a near copy of every other (a third of their runs of four words shared).
WORDS = (
    "the a an of to in for on with at by from about after before over under between "
    "against during without within through into across around since until while when "
    "and but or because although if that which who whose as than then also still only "
    "just even more most less least very much many few several other another each every "
    "new old first last next early late long short high low large small major minor "
    "public private local national regional federal foreign economic political social "
    "budget plan contract revenue cost price rate tax fee wage salary pension fund loan "
    "debt deficit surplus growth decline increase cut rise fall drop gain loss profit "
    "council committee board agency ministry court union company firm bank port harbour "
    "school hospital police station office department government parliament election "
    "vote campaign party candidate voter poll result seat majority coalition opposition "
    "report study survey inquiry review audit investigation evidence finding data figure "
    "number share percent million billion thousand dozen year month week day hour morning "
    "evening night season spring summer autumn winter today yesterday tomorrow recently "
    "workers families residents children students patients drivers farmers officials "
    "inspectors engineers lawyers judges doctors nurses teachers managers owners tenants "
    "water energy power fuel gas oil road rail bridge ferry tunnel line route service "
    "housing rent land building site project scheme programme policy rule law bill act "
    "safety security health care education transport traffic weather storm flood drought "
    "said says told asked called warned argued claimed agreed denied expected planned "
    "proposed approved rejected delayed announced confirmed reported found showed raised "
    "would could should might must may will can did does had has have was were is are "
    "be been being make made take took give gave keep kept hold held meet met pay paid "
    "open opened close closed start started end ended continue continued remain remained "
    "talks meeting hearing session statement decision deal agreement dispute strike "
    "protest complaint question answer concern pressure support opposition criticism "
    "pay safety terminal summer recess region share fair ignored years"
).split()
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


@dataclass(frozen=True, slots=True)
class NewsArticle:
    title: str
    published: str
    url: str
    source: str
    paragraphs: list[str]


def clause(rng: random.Random, low: int = 8, high: int = 18) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(low, high)))


def statement(rng: random.Random) -> str:
    text = clause(rng)
    if rng.random() < 0.5:
        text += f". {clause(rng, 6, 12).capitalize()}"
    return text[0].upper() + text[1:]


def person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST), rng.choice(LAST)


def quote_paragraph(rng: random.Random, cast: list[tuple[str, str, str, str]]) -> str:
    first, last, role, org = rng.choice(cast)
    full, said, place, day = (
        f"{first} {last}",
        rng.choice(VERBS),
        rng.choice(PLACES),
        rng.choice(DAYS),
    )
    shape = rng.randrange(7)
    if shape == 0:
        return f"“{statement(rng)},” {full} {said}."
    if shape == 1:
        return f"“{statement(rng)},” said {full}, the {role} of the {org}."
    if shape == 2:
        return f"{full}, {role} at the {org}, said: “{statement(rng)}.”"
    if shape == 3:
        return f"“{statement(rng)},” {last} {said} in {place} on {day}."
    if shape == 4:
        return f"{last} said the plan would {clause(rng, 4, 8)} “{clause(rng, 3, 6)}” by {day}."
    if shape == 5:
        return f"According to {full}, {clause(rng)}. “{statement(rng)},” {last} said."
    return f"“{statement(rng)}.” The {org} did not respond to a request for comment."


def narrative(rng: random.Random, cast: list[tuple[str, str, str, str]]) -> str:
    first, last, _role, org = rng.choice(cast)
    place = rng.choice(PLACES)
    sentences = [
        f"The {org} in {place} announced on {rng.choice(DAYS)} that {clause(rng)}.",
        f"{first} {last}, who has led the {org} since {rng.randint(2009, 2024)}, "
        f"{clause(rng, 6, 12)}.",
        f"Officials in {rng.choice(PLACES)} and {place} {clause(rng, 6, 12)}.",
        f"{clause(rng).capitalize()}.",
    ]
    rng.shuffle(sentences)
    return " ".join(sentences[: rng.randint(2, 4)])


def article(rng: random.Random, number: int) -> NewsArticle:
    cast = []
    for _ in range(rng.randint(2, 4)):
        first, last = person(rng)
        cast.append((first, last, rng.choice(ROLES), rng.choice(ORGS)))
    paragraphs: list[str] = []
    quotes = rng.randint(4, 8)
    while sum(len(p) for p in paragraphs) < rng.randint(2000, 2800) or quotes > 0:
        if quotes > 0 and rng.random() < 0.55:
            paragraphs.append(quote_paragraph(rng, cast))
            quotes -= 1
        else:
            paragraphs.append(narrative(rng, cast))
    org = rng.choice(ORGS)
    return NewsArticle(
        title=f"{org} {clause(rng, 4, 8)} in {rng.choice(PLACES)}",
        published=f"2026-{1 + number % 12:02d}-{1 + number % 28:02d}",
        url=f"https://gazette.example/{number // 1000}/{number}-{org.lower().replace(' ', '-')}",
        source="The Harbour Gazette",
        paragraphs=paragraphs,
    )


def articles(n: int, seed: int = 7) -> Iterator[NewsArticle]:
    rng = random.Random(seed)
    for number in range(n):
        yield article(rng, number)


def markdown(item: NewsArticle) -> str:
    """The seed layout: title, date, body, then the original URL."""
    year, month, day = item.published.split("-")
    months = "January February March April May June July August September October November December"
    date = f"{months.split()[int(month) - 1]} {int(day)}, {year}"
    body = "\n\n".join(item.paragraphs)
    return f"# {item.title}\n\n{date}\n\n\n\n{body}\n\nOriginal url:\n\n<{item.url}>\n"


def write_markdown(folder: Path, n: int) -> None:
    for number, item in enumerate(articles(n)):
        sub = folder / f"{number // 1000:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{number:07d}.md").write_text(markdown(item), encoding="utf-8")


def write_feed(path: Path, n: int) -> None:
    """One RSS 2.0 file of n items, each a whole article in its description."""
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            "<title>The Harbour Gazette</title><link>https://gazette.example/</link>"
            "<description>All the news</description>\n"
        )
        for number, item in enumerate(articles(n)):
            body = "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in item.paragraphs)
            out.write(
                f"<item><title>{html.escape(item.title)}</title><link>{item.url}</link>"
                f'<guid isPermaLink="true">{item.url}</guid>'
                f"<pubDate>{_rfc822(item.published, number)}</pubDate>"
                f"<description>{html.escape(body)}</description></item>\n"
            )
        out.write("</channel></rss>\n")


def _rfc822(day: str, number: int) -> str:
    from datetime import datetime

    moment = datetime.fromisoformat(day).replace(hour=number % 24, minute=number % 60)
    return moment.strftime("%a, %d %b %Y %H:%M:%S +0000")
