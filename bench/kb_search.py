"""Knowledge-base search and the situation finder over 10,000 comparisons in four languages.

Every keystroke of a person typing a query is one search through the service (the way the
screen calls it: ranking, loading the rows, highlighting), on SQLite and, when
``GRENSDESK_BENCH_DATABASE_URL`` (or ``GRENSDESK_TEST_DATABASE_URL``) names a server, on a
throwaway PostgreSQL database. Figures are the 95th percentile in milliseconds.

The generated texts draw words from a Zipf distribution over a vocabulary of real domain
words and synthetic ones, so that common words match thousands of entries, as they would.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import random
import statistics
import time
from collections.abc import Callable, Iterator
from typing import Any, Final

from sqlalchemy import insert, select

from bench.demo_load import SERVER_ENVS, _throwaway_postgres
from bench.workspace import Workspace
from grensdesk.bootstrap import connect, migrate
from grensdesk.db import parse_database_url
from grensdesk.models import (
    COUNTRIES,
    PROFILES,
    Comparison,
    ComparisonText,
    ComparisonVersion,
    Topic,
)
from grensdesk.services.context import system_actor
from grensdesk.services.knowledge_search import (
    Situation,
    find_for_situation,
    rebuild_search_index,
    search,
)
from grensdesk.services.knowledge_text import search_form

COMPARISONS: Final = 10_000
LANGUAGES: Final = ("nl", "de", "fr", "en")
SEED: Final = 4
WARM_UP: Final = 3

DOMAIN_WORDS: Final = {
    "nl": [
        "zorgverzekering",
        "kinderbijslag",
        "grensarbeider",
        "belasting",
        "pensioen",
        "werkloosheid",
        "uitkering",
        "werkgever",
        "werknemer",
        "premie",
        "verdrag",
        "woonland",
        "werkland",
        "aanvraag",
        "formulier",
        "inkomen",
        "ziektekosten",
        "toeslag",
        "verzekering",
        "arbeidsongeschiktheid",
        "thuiswerken",
        "sociale",
        "zekerheid",
        "aangifte",
        "compensatieregeling",
        "studiefinanciering",
        "rijbewijs",
        "verhuizing",
        "huurtoeslag",
    ],
    "de": [
        "Krankenversicherung",
        "Kindergeld",
        "Grenzgänger",
        "Steuer",
        "Rente",
        "Arbeitslosigkeit",
        "Leistung",
        "Arbeitgeber",
        "Arbeitnehmer",
        "Beitrag",
        "Abkommen",
        "Wohnstaat",
        "Beschäftigungsstaat",
        "Antrag",
        "Formular",
        "Einkommen",
        "Krankenkasse",
        "Zuschlag",
        "Versicherung",
        "Erwerbsminderung",
        "Homeoffice",
        "Sozialversicherung",
        "Steuererklärung",
        "Familienkasse",
        "Führerschein",
        "Umzug",
        "Wohngeld",
        "Grenzgängerin",
    ],
    "fr": [
        "assurance",
        "maladie",
        "allocations",
        "familiales",
        "frontalier",
        "impôt",
        "pension",
        "chômage",
        "prestation",
        "employeur",
        "salarié",
        "cotisation",
        "convention",
        "résidence",
        "emploi",
        "demande",
        "formulaire",
        "revenu",
        "mutualité",
        "supplément",
        "sécurité",
        "sociale",
        "invalidité",
        "télétravail",
        "déclaration",
        "indemnités",
        "permis",
        "déménagement",
        "Wallonie",
    ],
    "en": [
        "health",
        "insurance",
        "child",
        "benefit",
        "frontier",
        "worker",
        "tax",
        "pension",
        "unemployment",
        "benefit",
        "employer",
        "employee",
        "contribution",
        "treaty",
        "residence",
        "employment",
        "application",
        "form",
        "income",
        "sickness",
        "allowance",
        "insurance",
        "disability",
        "telework",
        "social",
        "security",
        "return",
        "compensation",
        "student",
        "finance",
        "licence",
        "moving",
    ],
}
SYLLABLES: Final = {
    "nl": [
        "ver",
        "ge",
        "be",
        "ont",
        "zorg",
        "werk",
        "land",
        "loon",
        "tijd",
        "heid",
        "ing",
        "en",
        "er",
        "aan",
        "de",
        "recht",
        "plicht",
        "bij",
        "toe",
    ],
    "de": [
        "ver",
        "ge",
        "be",
        "ent",
        "kranken",
        "arbeit",
        "land",
        "lohn",
        "zeit",
        "heit",
        "ung",
        "en",
        "er",
        "an",
        "recht",
        "pflicht",
        "bei",
        "zu",
    ],
    "fr": [
        "re",
        "dé",
        "con",
        "pré",
        "ment",
        "tion",
        "eur",
        "ité",
        "ais",
        "ance",
        "pro",
        "com",
        "tra",
        "vail",
        "droit",
        "loi",
        "fran",
        "ces",
    ],
    "en": [
        "re",
        "de",
        "con",
        "pre",
        "ment",
        "tion",
        "er",
        "ity",
        "ance",
        "pro",
        "com",
        "work",
        "law",
        "right",
        "ing",
        "ness",
        "able",
        "over",
    ],
}
FUNCTION_WORDS: Final = {
    "nl": ("de", "het", "een", "en", "van", "in", "is", "op", "te", "voor", "met", "u", "bij"),
    "de": ("der", "die", "das", "und", "in", "von", "zu", "mit", "den", "ist", "für", "Sie"),
    "fr": ("de", "la", "le", "et", "les", "des", "en", "du", "un", "une", "à", "pour", "vous"),
    "en": ("the", "of", "and", "to", "in", "a", "is", "for", "you", "on", "with", "by"),
}
# A person typing: every prefix from two letters on is one search.
TYPED: Final = (
    "zorgverzekering",
    "Krankenversicherung",
    "kinderbijslag",
    "kindergeld grenzganger",
    "allocations familiales",
    "securite sociale",
    "pensioen",
    "Arbeitslosigkeit",
    "frontier worker tax",
    "thuiswerken",
    "Steuererklärung",
    "werkgever premie",
)
SITUATIONS: Final = tuple(
    Situation(residence, work, profile, share, topics)
    for residence, work, profile, share, topics in (
        ("NL", "DE", "frontier_worker", None, ("health_insurance",)),
        ("DE", "NL", "frontier_worker", 30, ("tax", "social_security")),
        ("BE", "NL", "frontier_worker", None, ("family_benefits",)),
        ("NL", "BE", "pensioner", None, ("pension",)),
        ("NL", "DE", "student", None, ()),
        ("BE", "NL", "self_employed", 10, ("self_employment", "tax")),
        ("DE", "NL", "job_seeker", None, ("unemployment",)),
        ("NL", "DE", "employer", None, ("employment_law",)),
    )
)


def _vocabulary(rng: random.Random, language: str) -> list[str]:
    """Words by frequency rank: function words first, as in real text, then domain words
    spread over ranks 10 to 2,000 among synthetic words."""
    synthetic = sorted(
        {
            "".join(rng.choice(SYLLABLES[language]) for _ in range(rng.randint(2, 4)))
            for _ in range(8000)
        }
    )
    rng.shuffle(synthetic)
    words = [*FUNCTION_WORDS[language], *synthetic]
    for word in DOMAIN_WORDS[language]:
        words.insert(rng.randint(10, 2000), word)
    return words


def _sampler(rng: random.Random, vocabulary: list[str]) -> Callable[[int], list[str]]:
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    cumulative = list(_accumulate(weights))

    def draw(count: int) -> list[str]:
        return rng.choices(vocabulary, cum_weights=cumulative, k=count)

    return draw


def _accumulate(values: list[float]) -> Iterator[float]:
    total = 0.0
    for value in values:
        total += value
        yield total


def _sentence(words: list[str]) -> str:
    return " ".join(words).capitalize() + "."


def _generate(session: Any) -> None:
    rng = random.Random(SEED)
    samplers = {lang: _sampler(rng, _vocabulary(rng, lang)) for lang in LANGUAGES}
    topics = list(session.scalars(select(Topic.id)))
    moment = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    comparisons, versions, texts = [], [], []
    for number in range(1, COMPARISONS + 1):
        neighbour = rng.choice(("DE", "BE"))
        comparisons.append(
            {
                "id": number,
                "code": f"bench-{number:05d}",
                "topic_id": rng.choice(topics),
                "neighbour_country": neighbour,
                "region": None,
                "status": "active",
                "created_at": moment,
                "version": 1,
            }
        )
        low = rng.choice((None, None, None, 0, 25))
        versions.append(
            {
                "id": number,
                "comparison_id": number,
                "number": 1,
                "state": "published",
                "valid_from": dt.date(2024, 1, 1),
                "valid_to": rng.choice((None, None, dt.date(2027, 12, 31))),
                "residence_countries": ",".join(rng.sample(COUNTRIES, rng.randint(0, 2))),
                "work_countries": ",".join(rng.sample(COUNTRIES, rng.randint(0, 2))),
                "profiles": ",".join(rng.sample(PROFILES, rng.choice((0, 0, 1, 2, 3)))),
                "home_work_min": low,
                "home_work_max": None if low is None else low + 24,
                "author_name": "bench",
                "reviewer_name": "bench",
                "reviewed_at": moment,
                "published_at": moment,
                "next_review_due": dt.date(2027, 1, 1),
                "created_at": moment,
                "updated_at": moment,
                "version": 1,
            }
        )
        for language in LANGUAGES:
            draw = samplers[language]
            title = " ".join(draw(rng.randint(3, 7))).capitalize()
            fields = [
                " ".join(_sentence(draw(rng.randint(8, 16))) for _ in range(rng.randint(2, 4)))
                for _ in range(3)
            ]
            legal = f"Verordening (EG) 883/2004, art. {rng.randint(1, 90)}"
            texts.append(
                {
                    "version_id": number,
                    "language": language,
                    "title": title[:200],
                    "dutch_rule": fields[0],
                    "neighbour_rule": fields[1],
                    "practice": fields[2],
                    "legal_basis": legal,
                    "keywords": "",
                    "search_title": search_form(title),
                    "search_keywords": "",
                    "search_body": search_form(*fields, legal),
                }
            )
    session.execute(insert(Comparison), comparisons)
    session.execute(insert(ComparisonVersion), versions)
    for start in range(0, len(texts), 5000):
        session.execute(insert(ComparisonText), texts[start : start + 5000])
    rebuild_search_index(session)


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def _measure(url: str, engine: str) -> dict[str, float]:
    database = connect(parse_database_url(url))
    try:
        migrate(database)
        started = time.perf_counter()
        with database.sessions.begin() as session:
            _generate(session)
        if engine == "postgresql":
            with database.engine.connect() as connection:
                connection.exec_driver_sql("ANALYZE")
                connection.commit()
        print(
            f"kb {engine}: {COMPARISONS} comparisons x {len(LANGUAGES)} languages generated "
            f"in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        actor = system_actor()
        keystrokes = [query[:length] for query in TYPED for length in range(2, len(query) + 1)]
        for query in keystrokes[:WARM_UP]:
            search(database.sessions, actor, query, "nl")
        search_ms = []
        results = 0
        for query in keystrokes:
            begun = time.perf_counter()
            results += len(search(database.sessions, actor, query, "nl"))
            search_ms.append((time.perf_counter() - begun) * 1000)
        finder_ms = []
        for _round in range(3):
            for situation in SITUATIONS:
                begun = time.perf_counter()
                find_for_situation(database.sessions, actor, situation, "nl")
                finder_ms.append((time.perf_counter() - begun) * 1000)
        print(
            f"kb {engine}: {len(keystrokes)} searches, {results} rows, median "
            f"{statistics.median(search_ms):.1f} ms, max {max(search_ms):.1f} ms; finder median "
            f"{statistics.median(finder_ms):.1f} ms",
            flush=True,
        )
        return {
            f"kb_search_p95_ms_{engine}": round(_p95(search_ms), 2),
            f"situation_finder_ms_{engine}": round(_p95(finder_ms), 2),
        }
    finally:
        database.dispose()


def measure_kb_search(workspace: Workspace) -> dict[str, float]:
    figures = _measure(f"sqlite:///{workspace.root / 'kb-search.sqlite3'}", "sqlite")
    server = next((os.environ[name] for name in SERVER_ENVS if os.environ.get(name)), None)
    if server is None:
        print("kb search on PostgreSQL skipped: set GRENSDESK_BENCH_DATABASE_URL", flush=True)
        return figures
    with _throwaway_postgres(server) as url:
        figures.update(_measure(url, "postgresql"))
    return figures


if __name__ == "__main__":
    import tempfile
    from pathlib import Path

    print(measure_kb_search(Workspace(Path(tempfile.mkdtemp(prefix="grensdesk-kb-")))))
