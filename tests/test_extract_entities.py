"""Entities: types, aliases within an article, the gazetteer, and the evaluation set."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from reader.extract import extract_article
from reader.importers.markdown import parse_markdown

from .conftest import REPO, SEED_ARTICLE, SEED_EXPECTED, needs_seed


def entities_of(body: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for entity in extract_article(body).entities:
        found.setdefault(entity.type, set()).add(entity.name)
    return found


@needs_seed
def test_fixture_every_expected_entity() -> None:
    expected = json.loads(SEED_EXPECTED.read_text())
    found = entities_of(parse_markdown(SEED_ARTICLE.read_text()).cleaned().body)
    for type_, names in expected["entities"].items():
        for name in names:
            assert name in found.get(type_, set()), f"{type_} {name} not in {found}"


def test_surname_resolves_to_full_name_and_counts_mentions() -> None:
    body = (
        "Chancellor Olaf Scholz met Emmanuel Laurent in Berlin. Mr. Scholz said little. "
        "Later Scholz left for Paris."
    )
    (scholz,) = [e for e in extract_article(body).entities if e.name == "Olaf Scholz"]
    assert scholz.type == "PERSON"
    assert len(scholz.mentions) == 3
    names = entities_of(body)
    assert "Scholz" not in names.get("PERSON", set())
    assert {"Berlin", "Paris"} <= names["GPE"]


def test_acronym_defined_in_brackets_is_an_alias() -> None:
    body = "The European Union (EU) met on Monday. The EU said it would act."
    (union,) = [e for e in extract_article(body).entities if e.name == "European Union"]
    assert len(union.mentions) == 3


def test_shared_surname_is_not_guessed() -> None:
    body = "Hanna Dorsman and Piet Dorsman run the farm. Dorsman was not available."
    people = entities_of(body)["PERSON"]
    assert people == {"Hanna Dorsman", "Piet Dorsman"}


@pytest.mark.parametrize(
    ("body", "absent"),
    [
        ("Split decisions are rare in boxing, the referee said.", "Split"),
        ("Reading the report took hours.", "Reading"),
        ("Civic Renewal members held a rally.", "Civic Renewal"),
    ],
)
def test_ordinary_words_are_not_entities(body: str, absent: str) -> None:
    found = entities_of(body)
    assert all(absent not in names for names in found.values())


def test_places_organisations_and_nationalities() -> None:
    body = (
        "Ukrainian forces left Mariupol. The Coastal Water Authority and Brenmark Chemicals "
        "met in Santiago de Compostela near the Danube."
    )
    found = entities_of(body)
    assert {"Mariupol", "Santiago de Compostela"} <= found["GPE"]
    assert {"Coastal Water Authority", "Brenmark Chemicals"} <= found["ORG"]
    assert "Ukrainian" in found["NORP"]
    assert "Danube" in found["LOC"]


def test_evaluation_set_meets_its_targets() -> None:
    """The annotated set's figures, as benchmarks/extraction_eval.py measures them."""
    code = (
        "import json, sys\n"
        "sys.path.insert(0, 'benchmarks')\n"
        "import extraction_eval as e\n"
        "items = e.load([e.REPO / 'tests' / 'extraction_set'])\n"
        "print(json.dumps(e.evaluate(items, False)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["quote_precision"] >= 0.95
    assert summary["quote_recall"] >= 0.95
    assert summary["speaker_accuracy"] >= 0.92
    assert summary["entity_recall_any_type"] >= 0.90
    assert summary["person_precision"] >= 0.90
