"""A speaker mention the resolver takes out of its cluster (a description, a body, a group)
keeps the cluster's name only where its own words spell it or it is a group with that
member: kept otherwise, the name became a second actor under that person's name ("Vladimir
Putin" for "You know, the President" in a 2022 White House briefing, where the President is
Biden). Real White House texts from ../shared (public domain), read at test time; skipped
when ../shared is absent."""

from __future__ import annotations

import pytest

import sayso
from tests.actors import linktable

SHARED = linktable.shared()
pytestmark = pytest.mark.skipif(SHARED is None, reason="../shared/corpora absent")
WH = "corpora/whitehouse-md"


@pytest.mark.parametrize(
    ("doc", "words", "name"),
    [
        (  # "Q — about chemical weapons. You know, the President, as you noted, said on
            # Friday that Russia would pay a severe price." (was: Vladimir Putin)
            "press-briefings/2022-03/2022-03-14-press-briefing-by-press-secretary-jen-psaki-"
            "march-14-2022.md",
            "You know, the President",
            None,
        ),
        (  # a body named after a person is not the person (was: Joe Biden)
            "press-briefings/2024-09/2024-09-19-press-briefing-by-press-secretary-karine-"
            "jean-pierre-and-chair-of-the-council-of-economic-advisers-jared-bernstein-"
            "september-19-2024.md",
            "the Biden administration",
            None,
        ),
        (  # the NLP put "the President" in Hunter Biden's cluster (was: Hunter Biden)
            "press-briefings/2021-04/2021-04-09-press-briefing-by-press-secretary-jen-psaki-"
            "and-secretary-of-transportation-pete-buttigieg-april-9-2021.md",
            "even the President",
            None,
        ),
        (  # words that spell the body's name keep it
            "articles/2025-06/2025-06-26-experts-agree-irans-nuclear-facilities-have-been-"
            "obliterated.md",
            "Israel Atomic Energy Commission",
            "Israel Atomic Energy Commission",
        ),
    ],
)
def test_an_unlinked_speaker_keeps_only_a_name_its_words_give(
    doc: str, words: str, name: str | None
) -> None:
    assert SHARED is not None
    (article,) = sayso.extract(SHARED / WH / doc)
    named = {(q.speaker.name, q.speaker.entity_id) for q in article.quotes
             if q.speaker and q.speaker.text == words}
    assert named == {(name, None)}


@pytest.mark.parametrize(
    ("doc", "words", "actor"),
    [
        (  # turn labels of the President at a state dinner, clustered with "Jill Biden"
            "speeches-remarks/2023-06/2023-06-22-remarks-by-president-biden-and-prime-minister-"
            "modi-of-the-republic-of-india-at-state-dinner.md",
            "PRESIDENT BIDEN",
            "wd:Q6279",
        ),
        (  # "President Biden" in the cluster of Hunter Biden, named once in a question
            "press-briefings/2021-04/2021-04-09-press-briefing-by-press-secretary-jen-psaki-"
            "and-secretary-of-transportation-pete-buttigieg-april-9-2021.md",
            "President Biden",
            "wd:Q6279",
        ),
        (  # a readout's "The Vice President" is the Vice President of the readout's country,
            # not the President of Costa Rica she met
            "statements-releases/2022-06/2022-06-09-readout-of-vice-president-harriss-meeting-"
            "with-president-chaves-of-costa-rica.md",
            "The Vice President",
            "curated:kamala-harris-USA",
        ),
        (  # bidenwhitehouse.archives.gov is the White House's own site (actors/data/
            # outlets.tsv): "The Vice President expressed her appreciation" is Harris
            "statements-releases/2021-09/2021-09-02-readout-of-vice-president-harris-call-with-"
            "crown-prince-mishal-al-ahmad-al-jabir-al-sabah-of-kuwait.md",
            "The Vice President",
            "curated:kamala-harris-USA",
        ),
    ],
)
def test_an_office_leaves_the_cluster_of_someone_never_titled_so(
    doc: str, words: str, actor: str
) -> None:
    assert SHARED is not None
    (article,) = sayso.extract(SHARED / WH / doc)
    linked = {q.speaker.entity_id for q in article.quotes if q.speaker and q.speaker.text == words}
    assert linked == {actor}
