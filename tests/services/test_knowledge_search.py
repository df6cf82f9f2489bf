from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest

from grensdesk.bootstrap import Database
from grensdesk.services.context import Actor
from grensdesk.services.errors import ValidationError
from grensdesk.services.knowledge import get_comparison
from grensdesk.services.knowledge_editorial import retire
from grensdesk.services.knowledge_search import (
    SearchHit,
    Situation,
    SituationMatch,
    find_for_situation,
    search,
)
from tests.conftest import sign_in_as
from tests.services.knowledge_support import TODAY, comparison_id, load_sample


@pytest.fixture
def kb(database: Database) -> Database:
    load_sample(database)
    return database


def codes(hits: Sequence[SearchHit | SituationMatch]) -> list[str]:
    return [hit.row.code for hit in hits]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("zorgverzekering", "health-insurance-live-nl-work-de"),
        ("ZORGVERZEKERING", "health-insurance-live-nl-work-de"),
        ("Krankenversicherung", "health-insurance-live-nl-work-de"),
        ("krankenversicherung grenzganger", "health-insurance-live-nl-work-de"),
        ("kinderbijslag", "child-benefit-nl"),
        ("Kindergeld", "child-benefit-nl"),
        ("Arbeitslosigkeit", "unemployment-live-de-work-nl"),
        ("arbeitslosigkeit", "unemployment-live-de-work-nl"),
        ("Beschaftigungsstaat", "child-benefit-nl"),
        ("Sécurité sociale", "family-benefits-wallonie"),
        ("securite SOCIALE", "family-benefits-wallonie"),
        ("impot frontaliers", "tax-live-nl-work-be"),
        ("Impôt", "tax-live-nl-work-be"),
        ("wallonie", "family-benefits-wallonie"),
        ("Wallonië", "family-benefits-wallonie"),
    ],
)
def test_case_and_accents_do_not_matter_in_any_language(
    kb: Database, adviser: Actor, query: str, expected: str
) -> None:
    hits = search(kb.sessions, adviser, query, "nl")
    assert hits, query
    assert hits[0].row.code == expected


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("zorgver", "health-insurance-live-nl-work-de"),
        ("kranken", "health-insurance-live-nl-work-de"),
        ("kinderbij", "child-benefit-nl"),
        ("alloc", "family-benefits-wallonie"),
        ("groei", "child-benefit-vlaanderen"),
    ],
)
def test_words_match_as_prefixes_while_typing(
    kb: Database, adviser: Actor, prefix: str, expected: str
) -> None:
    assert expected in codes(search(kb.sessions, adviser, prefix, "nl"))


def test_an_exact_title_match_outranks_a_passing_mention(kb: Database, adviser: Actor) -> None:
    hits = search(kb.sessions, adviser, "Kinderbijslag", "nl")
    found = codes(hits)
    # "Kinderbijslag" is one entry's whole title; the student entry mentions it in passing
    # (twice), the Flemish one has it in a longer title.
    assert found[0] == "child-benefit-nl"
    assert found.index("child-benefit-vlaanderen") < found.index("student-finance-de")
    assert hits[0].score > hits[-1].score


def test_a_title_word_outranks_a_body_mention(kb: Database, adviser: Actor) -> None:
    found = codes(search(kb.sessions, adviser, "krankenkasse", "nl"))
    assert set(found) >= {"health-insurance-live-nl-work-de", "employer-obligations-de"}
    found = codes(search(kb.sessions, adviser, "groeipakket", "nl"))
    assert found == ["child-benefit-vlaanderen"]


def test_every_word_must_match(kb: Database, adviser: Actor) -> None:
    assert codes(search(kb.sessions, adviser, "kinderbijslag groeipakket", "nl")) == [
        "child-benefit-vlaanderen"
    ]
    assert search(kb.sessions, adviser, "kinderbijslag xylofoon", "nl") == []
    assert search(kb.sessions, adviser, "  ", "nl") == []
    assert search(kb.sessions, adviser, "'\"*()", "nl") == []


def test_matches_are_highlighted_as_spans_on_the_original_text(
    kb: Database, adviser: Actor
) -> None:
    hit = search(kb.sessions, adviser, "zorgverz", "nl")[0]
    assert hit.title.text == "Zorgverzekering als grensarbeider in Duitsland"
    assert hit.title.spans == ((0, len("Zorgverzekering")),)
    assert hit.title.marked("<", ">") == "<Zorgverzekering> als grensarbeider in Duitsland"
    assert any(hit.snippet.text[a:b].lower().startswith("zorgverz") for a, b in hit.snippet.spans)

    accented = search(kb.sessions, adviser, "securite", "fr")[0]
    assert accented.matched_language == "fr"
    start, end = accented.matched_title.spans[0]
    assert accented.matched_title.text[start:end] == "sécurité"


def test_a_match_in_another_language_shows_the_readers_language(
    kb: Database, adviser: Actor
) -> None:
    hit = search(kb.sessions, adviser, "Krankenversicherung", "nl")[0]
    assert hit.row.title == "Zorgverzekering als grensarbeider in Duitsland"
    assert hit.row.language == "nl" and not hit.row.is_fallback
    assert hit.matched_language == "de"
    assert hit.matched_title.text.startswith("Krankenversicherung")


def test_a_missing_translation_falls_back_visibly(kb: Database, adviser: Actor) -> None:
    hit = search(kb.sessions, adviser, "arbeitgeberpflichten", "fr")[0]
    assert hit.row.is_fallback and hit.row.language == "de"
    detail = get_comparison(
        kb.sessions, adviser, comparison_id=hit.row.comparison_id, language="en"
    )
    assert detail.row.is_fallback
    assert detail.texts.language == "de"
    assert detail.requested_language == "en"
    assert detail.available_languages == ("de",)


def test_the_comparison_view_has_everything_side_by_side(kb: Database, adviser: Actor) -> None:
    detail = get_comparison(
        kb.sessions,
        adviser,
        comparison_id=comparison_id(kb, "health-insurance-live-nl-work-de"),
        language="de",
    )
    assert detail.texts.title == "Krankenversicherung als Grenzgänger in Deutschland"
    assert detail.texts.dutch_rule and detail.texts.neighbour_rule and detail.texts.practice
    assert detail.row.neighbour_country == "DE"
    assert detail.sources[0].url == "https://www.cz.nl/verdragspolis"
    assert detail.reviewer_name == "Markus Weber, SVB Bureau voor Duitse Zaken"
    assert detail.reviewed_at is not None and detail.reviewed_at.date() == dt.date(2026, 10, 15)
    assert detail.next_review_due == dt.date(2027, 4, 15)
    assert detail.row.valid_from == dt.date(2026, 1, 1)
    assert detail.topic_name == "Krankenversicherung"
    assert detail.applies_to.profiles == ("frontier_worker",)


def test_a_retired_comparison_is_no_longer_found(kb: Database) -> None:
    markus = sign_in_as(kb, "markus")
    retire(kb.sessions, markus, comparison_id(kb, "child-benefit-nl"), "replaced")
    assert "child-benefit-nl" not in codes(search(kb.sessions, markus, "kinderbijslag", "nl"))


def test_unknown_language_is_refused(kb: Database, adviser: Actor) -> None:
    with pytest.raises(ValidationError, match="Unknown language"):
        search(kb.sessions, adviser, "zorg", "es")


# --- the situation finder ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("situation", "expected_first", "included", "excluded"),
    [
        (
            Situation("NL", "DE", "frontier_worker", topics=("health_insurance",)),
            "health-insurance-live-nl-work-de",
            {"telework-social-security-de"},
            {"unemployment-live-de-work-nl", "tax-live-nl-work-be", "pension-aow-de"},
        ),
        (
            Situation("DE", "NL", "frontier_worker", topics=("unemployment",)),
            "unemployment-live-de-work-nl",
            set(),
            {"health-insurance-live-nl-work-de", "telework-social-security-de"},
        ),
        (
            Situation("DE", "NL", "job_seeker"),
            "unemployment-live-de-work-nl",
            set(),
            {"health-insurance-live-nl-work-de", "self-employed-be"},
        ),
        (
            Situation("BE", "NL", "frontier_worker", residence_region="Vlaanderen"),
            "child-benefit-vlaanderen",
            set(),
            {"family-benefits-wallonie", "tax-live-nl-work-be", "health-insurance-live-nl-work-de"},
        ),
        (
            Situation(
                "BE",
                "NL",
                "migrant_worker",
                residence_region="Wallonië",
                topics=("family_benefits",),
            ),
            "family-benefits-wallonie",
            set(),
            {"child-benefit-vlaanderen"},
        ),
        (
            Situation("NL", "BE", "frontier_worker", topics=("tax",)),
            "tax-live-nl-work-be",
            set(),
            {"health-insurance-live-nl-work-de", "child-benefit-vlaanderen"},
        ),
        (
            Situation("NL", "DE", "pensioner"),
            "pension-aow-de",
            {"telework-social-security-de"},
            {"health-insurance-live-nl-work-de", "student-finance-de"},
        ),
        (
            Situation("NL", "DE", "student", topics=("education_diplomas",)),
            "student-finance-de",
            set(),
            {"pension-aow-de", "employer-obligations-de"},
        ),
        (
            Situation("BE", "BE", "self_employed"),
            "self-employed-be",
            set(),
            {"employer-obligations-de", "child-benefit-vlaanderen"},
        ),
        (
            Situation("NL", "DE", "employer"),
            "employer-obligations-de",
            set(),
            {"self-employed-be"},
        ),
    ],
)
def test_the_situation_finder_lists_what_applies_best_first(
    kb: Database,
    adviser: Actor,
    situation: Situation,
    expected_first: str,
    included: set[str],
    excluded: set[str],
) -> None:
    found = codes(find_for_situation(kb.sessions, adviser, situation, "nl", today=TODAY))
    assert found[0] == expected_first
    assert included <= set(found)
    assert not excluded & set(found)


def test_the_home_working_share_selects_telework_rules(kb: Database, adviser: Actor) -> None:
    def found(share: int | None) -> set[str]:
        situation = Situation("NL", "DE", "frontier_worker", home_work_percent=share)
        return set(codes(find_for_situation(kb.sessions, adviser, situation, "nl", today=TODAY)))

    assert "telework-social-security-de" in found(30)
    assert "telework-social-security-de" not in found(10)
    assert "telework-social-security-de" not in found(60)
    assert "telework-social-security-de" in found(None)


def test_the_finder_gives_reasons_and_ranks_the_consultations_topics_first(
    kb: Database, adviser: Actor
) -> None:
    situation = Situation("NL", "DE", "frontier_worker", 30, topics=("social_security",))
    matches = find_for_situation(kb.sessions, adviser, situation, "nl", today=TODAY)
    assert matches[0].row.code == "telework-social-security-de"
    assert "topic" in matches[0].reasons and "home_work" in matches[0].reasons
    assert matches == sorted(matches, key=lambda match: -match.score)


def test_the_finder_only_lists_currently_valid_versions(kb: Database, adviser: Actor) -> None:
    situation = Situation("NL", "DE", "frontier_worker")
    in_spring = codes(
        find_for_situation(kb.sessions, adviser, situation, "nl", today=dt.date(2026, 3, 1))
    )
    assert "child-benefit-nl" in in_spring
    assert "child-benefit-nl" not in codes(
        find_for_situation(kb.sessions, adviser, situation, "nl", today=TODAY)
    )


def test_search_can_be_narrowed_to_a_situation(kb: Database, adviser: Actor) -> None:
    everyone = codes(search(kb.sessions, adviser, "kinderbijslag", "nl"))
    assert "child-benefit-vlaanderen" in everyone
    narrowed = codes(
        search(
            kb.sessions,
            adviser,
            "kinderbijslag",
            "nl",
            situation=Situation("NL", "DE", "frontier_worker"),
        )
    )
    assert "child-benefit-nl" in narrowed
    assert "child-benefit-vlaanderen" not in narrowed


@pytest.mark.parametrize(
    "situation",
    [
        Situation("FR", "DE", "frontier_worker"),
        Situation("NL", "XX", "frontier_worker"),
        Situation("NL", "DE", "astronaut"),
    ],
)
def test_an_unknown_country_or_profile_is_refused(
    kb: Database, adviser: Actor, situation: Situation
) -> None:
    with pytest.raises(ValidationError):
        find_for_situation(kb.sessions, adviser, situation, "nl")
