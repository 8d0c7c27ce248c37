"""Attribution constructions, each on a real sentence (the example, kremlin.ru, news)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sayso.model import Article, Quote
from sayso.nlp import analyse

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "lukashenko-allies-2024-08-15.txt"


def run(text: str, **kw) -> Article:
    return analyse(Article(source="test", text=text, **kw))


def find(article: Article, fragment: str) -> Quote:
    hits = [q for q in article.quotes if fragment in q.text]
    assert hits, f"no quote containing {fragment!r}: {[q.text for q in article.quotes]}"
    return min(hits, key=lambda q: len(q.text))


def test_direct_quote_after_cue_pronoun_resolved() -> None:
    a = run("President Aleksandr Lukashenko spoke to reporters. “This is natural, there is no "
            "need to invent anything, there is no conspiracy theory,” he explained.")
    q = find(a, "This is natural")
    assert q.kind == "direct" and q.cue and q.cue.text == "explained"
    assert q.speaker and q.speaker.text == "he" and q.speaker.name == "Aleksandr Lukashenko"


def test_indirect_speech_said_that() -> None:
    a = run("Senator Lindsey Graham said on Sunday that the deal would not survive the next "
            "administration.")
    q = find(a, "the deal would not survive")
    assert q.kind == "indirect" and q.speaker and q.speaker.name == "Lindsey Graham"


def test_according_to() -> None:
    a = run("Aleksandr Lukashenko met the press. According to the President of Belarus, there "
            "is no difference between Belarusians and Russians, they are very close people.")
    q = find(a, "there is no difference")
    assert q.cue and q.cue.text == "According to"
    assert q.speaker and q.speaker.name == "Aleksandr Lukashenko"
    assert not q.text.startswith("According")


def test_as_noted_by() -> None:
    a = run("As noted by the President, that position was criticised by some Russian "
            "journalists.")
    q = find(a, "that position was criticised")
    assert q.cue and q.cue.text == "noted" and q.speaker and q.speaker.text == "the President"


def test_possessive_spokesman_said() -> None:
    a = run("Dmitry Peskov, the Kremlin's spokesman, said the talks would continue next week.")
    q = find(a, "the talks would continue")
    assert q.speaker and "Peskov" in (q.speaker.name or "")


def test_passive_stated_by() -> None:
    a = run("It was stated by the Foreign Ministry that the embassy would remain open.")
    q = find(a, "the embassy would remain open")
    assert q.speaker and "Ministry" in q.speaker.text


def test_mixed_quote_inside_reported_clause() -> None:
    a = run("Aleksandr Lukashenko noted that both Russia and Belarus ‘need to follow in the "
            "footsteps of the two presidents’.")
    mixed = find(a, "both Russia and Belarus")
    assert mixed.kind == "mixed"
    words = find(a, "need to follow in the footsteps of the two presidents")
    assert words.parent == mixed.id and words.speaker and words.speaker.name == \
        "Aleksandr Lukashenko"


def test_transcript_turn_from_kremlin_page() -> None:
    # en.kremlin.ru, meeting with Constitutional Court judges (CC BY 4.0).
    text = ("President of Russia Vladimir Putin: Good afternoon, colleagues,\n"
            "We have a tradition of meeting on the Day of the Russian Constitution, "
            "December 12.")
    a = run(text)
    q = find(a, "Good afternoon, colleagues")
    assert q.kind == "turn" and q.speaker and q.speaker.name == "Vladimir Putin"
    assert "We have a tradition" in q.text


def test_metadata_line_is_not_a_turn() -> None:
    a = run("Posted: 15.08.2024 17:42:00\n\nThe weather was fine.")
    assert not any(q.kind == "turn" for q in a.quotes)


def test_a_metadata_field_with_a_date_is_not_a_statement() -> None:
    # a plain-text copy of a White House page keeps its "Published:" line; it was an
    # indirect statement "2024-04-11" with the cue "Published" and no speaker
    a = run("Published: 2024-04-11\n\n“Our commitment to the Philippines is ironclad,” "
            "President Biden said.")
    assert [q.text for q in a.quotes] == ["Our commitment to the Philippines is ironclad,"]


def test_scare_quotes_and_titles_are_not_statements() -> None:
    a = run("The senator appeared on “Saturday Night Live” and mocked the “establishment” "
            "before the vote.")
    assert not [q for q in a.quotes if q.kind == "direct"]


def test_unbalanced_quote_lowers_confidence() -> None:
    good = run("“We will stand back to back and shoot back together,” he said.")
    bad = run("“We will stand back to back and shoot back together, he said.\n\nThen he left.")
    assert good.quotes and good.quotes[0].confidence > max(
        (q.confidence for q in bad.quotes), default=0.0)


def test_non_english_is_not_analysed() -> None:
    a = run("«Мы союзники», — сказал он.", language="ru")
    assert a.quotes == [] and a.entities == []


@pytest.fixture(scope="module")
def example() -> Article:
    return run(EXAMPLE.read_text())


REQUIRED = [
    ("need to follow in the footsteps of the two presidents", "Aleksandr Lukashenko"),
    ("You see our relationship, they are absolutely close", "Aleksandr Lukashenko"),
    ("there is no difference between Belarusians and Russians", "Aleksandr Lukashenko"),
    ("[There were allegations that] someone wanted to grab Monomakh's hat",
     "Aleksandr Lukashenko"),
    ("there were frequent disagreements between him and Vladimir Putin", "Aleksandr Lukashenko"),
    ("it’s always necessary to see the interests of their own people", "Aleksandr Lukashenko"),
    ("That was the first point. The second one", "Aleksandr Lukashenko"),
    ("that position was criticised by some Russian journalists", "Aleksandr Lukashenko"),
    ("It has turned out that we are now standing back to back", "Aleksandr Lukashenko"),
    ("I am asking you to cover us from the rear.", "Vladimir Putin"),
]


@pytest.mark.parametrize("fragment, speaker", REQUIRED)
def test_example_required_quotes(example: Article, fragment: str, speaker: str) -> None:
    q = find(example, fragment)
    assert q.speaker and q.speaker.name == speaker
    assert example.text[q.start:q.end] == q.text


def test_example_nested_quote_seen_from_inside(example: Article) -> None:
    outer = find(example, "It has turned out that we are now standing back to back")
    inner = find(example, "I am asking you to cover us from the rear.")
    assert outer.speaker is None or outer.speaker.name == "Aleksandr Lukashenko"
    assert inner.parent == outer.id and inner.cue and inner.cue.text == "told"
    assert inner.addressee and inner.addressee.text == "me"
    assert inner.addressee.name == "Aleksandr Lukashenko"


def test_example_headline_and_no_false_statements(example: Article) -> None:
    head = find(example, "we are allies, no more words")
    assert head.kind == "headline" and head.speaker and head.speaker.name == \
        "Aleksandr Lukashenko"
    assert not any(q.text.startswith("15.08.2024") for q in example.quotes)
    assert not any("Photo" in q.text for q in example.quotes)


def test_example_entities(example: Article) -> None:
    names = {e.name: e for e in example.entities}
    assert names["Aleksandr Lukashenko"].type == "PERSON"
    assert names["Vladimir Putin"].type == "PERSON"
    assert names["Russia"].type == "COUNTRY" and names["Russia"].country == "RUS"
    for e in example.entities:
        for s, t in e.mentions:
            assert 0 <= s < t <= len(example.text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300))
def test_analyse_never_raises(text: str) -> None:
    a = run(text)
    for q in a.quotes:
        assert a.text[q.start:q.end] == q.text


def test_press_briefing_turns_run_over_paragraphs() -> None:
    # White House press briefing, April 9, 2021 (public domain), shortened.
    text = ("MS. PSAKI:  Hi, everyone.  Happy Friday.\n\n"
            "Joining us today is Secretary Buttigieg.  He will take a few questions at the end.\n\n"
            "SECRETARY BUTTIGIEG:  Thank you.  All right.  Thanks a lot, Jen.\n\n"
            "Q:  Mr. Secretary, how will the plan be paid for?")
    a = run(text)
    turns = [q for q in a.quotes if q.kind == "turn"]
    assert [t.speaker.text for t in turns if t.speaker] == ["MS. PSAKI", "SECRETARY BUTTIGIEG",
                                                            "Q"]
    assert "He will take a few questions" in turns[0].text
    assert "Thanks a lot, Jen." in turns[1].text and "Mr. Secretary" not in turns[1].text
    assert not [q for q in a.quotes if q.kind == "indirect" and q.start >= turns[0].start
                and q.end <= turns[0].end]


def test_floating_quote_takes_the_speaker_before_it() -> None:
    a = run("As noted by Vladimir Putin, the talks were useful. “We agreed on the main points. "
            "The rest will follow within a month.”")
    q = find(a, "We agreed on the main points")
    assert q.kind == "direct" and q.cue is None
    assert q.speaker and q.speaker.name == "Vladimir Putin"


def test_first_person_inside_a_quote_is_its_speaker() -> None:
    a = run("“I told them that we would not give up,” Emmanuel Macron said.")
    q = find(a, "I told them")
    assert q.speaker and q.speaker.name == "Emmanuel Macron"
    (macron,) = [e for e in a.entities if e.name == "Emmanuel Macron"]
    assert (q.start, q.start + 1) in macron.mentions  # the "I" that opens the quote


def test_quote_before_cue_with_inverted_subject() -> None:
    a = run("“We are ready to talk to anyone who wants peace,” said Sergei Lavrov on Monday.")
    q = find(a, "We are ready to talk")
    assert q.cue and q.cue.text == "said" and q.speaker and q.speaker.name == "Sergei Lavrov"


def test_relative_pronoun_speaker_resolves_to_its_noun() -> None:
    a = run("The plan was criticised by Bernie Sanders, who argued that it would help only "
            "the richest families.")
    q = find(a, "it would help only the richest families")
    assert q.speaker and q.speaker.name == "Bernie Sanders"


def test_unnamed_minister_is_not_guessed() -> None:
    # en.kremlin.ru, meeting on the budget, 2000 (CC BY 4.0), shortened.
    a = run("Vladimir Putin met members of the Government. The finance minister reported that "
            "tax collection had improved in the first months of the year.")
    q = find(a, "tax collection had improved")
    assert q.speaker and q.speaker.text == "The finance minister" and q.speaker.name is None


def test_multi_paragraph_quote_is_one_statement() -> None:
    # en.kremlin.ru, meeting with Constitutional Court judges (CC BY 4.0), quoted as news would.
    text = ("“We have a tradition of meeting on the Day of the Russian Constitution, "
            "December 12.\n\n“This is no accident: it is a good tradition,” Vladimir Putin "
            "told the judges.")
    a = run(text)
    (q,) = [q for q in a.quotes if q.kind == "direct"]
    assert q.text.startswith("We have a tradition") and q.text.endswith("a good tradition,")
    assert q.cue and q.cue.text == "told" and q.speaker and q.speaker.name == "Vladimir Putin"
    assert q.addressee and q.addressee.text == "judges"


def test_role_with_apposed_name_resolves_to_the_name() -> None:
    a = run("In an interview with the Observer, her senior policy adviser, Jake Sullivan, said: "
            "“Hillary Clinton believes that transatlantic ties are vital.”")
    q = find(a, "Hillary Clinton believes")
    assert q.speaker and q.speaker.name == "Jake Sullivan"


# -- speakers the parse hides (news-style sentences written for these tests) ----------------

def test_participle_cue_takes_the_clause_subject() -> None:
    a = run("Speaking at a rally in Ohio on Saturday, the governor defended the budget, calling "
            "it “the best plan this state has seen in a decade.”")
    q = find(a, "the best plan this state")
    assert q.cue and q.cue.text == "calling" and q.speaker and q.speaker.text == "the governor"


def test_dateline_is_not_the_speaker() -> None:
    a = run("WASHINGTON (Reuters) - Senator Mary Jones said the bill would “never pass the House "
            "in its current form.”")
    q = find(a, "never pass the House")
    assert q.speaker and q.speaker.name == "Mary Jones" and "Reuters" not in q.speaker.text


def test_closing_mark_after_a_stray_space() -> None:
    a = run('"We will not raise taxes on working families, " Smith said.')
    [q] = a.quotes
    assert q.kind == "direct" and q.cue and q.cue.text == "said" and q.speaker.text == "Smith"


def test_cue_after_a_no_break_space() -> None:
    a = run("“We are ready to govern on the first day,”\u00a0Garcia said on Tuesday.")
    [q] = a.quotes
    assert q.cue and q.cue.text == "said" and q.speaker and q.speaker.name == "Garcia"


def test_inverted_cue_speaker_is_the_whole_noun_phrase() -> None:
    a = run('"The numbers do not lie," said Anna Berg, a pollster who has tracked the race for '
            "years.")
    q = find(a, "The numbers do not lie")
    assert q.speaker and q.speaker.name == "Anna Berg"
    assert q.speaker.text.startswith("Anna Berg, a pollster")  # PolNeAR marks the full phrase


def test_inverted_cue_with_common_noun_speaker() -> None:
    a = run("“Nobody in this country is above the law,” a narrator says as the ad closes.")
    q = find(a, "above the law")
    assert q.cue and q.cue.text == "says" and q.speaker and q.speaker.text == "a narrator"


def test_name_tagged_as_adverb_after_inverted_cue() -> None:
    a = run('"Having a plan and people who understand it is valuable," said Skelly, explaining '
            "his work.")
    q = find(a, "Having a plan")
    assert q.cue and q.cue.text == "said" and q.speaker and q.speaker.text == "Skelly"


def test_question_then_cue() -> None:
    a = run("“Is that a mistake?” he asked.")
    [q] = a.quotes
    assert q.cue and q.cue.text == "asked" and q.speaker and q.speaker.text == "he"


def test_quote_credited_on_the_next_line() -> None:
    a = run('"We have to rebuild trust in our institutions, and that starts at home."\n\n'
            "- Maria Lopez, mayor of Springfield.")
    [q] = a.quotes
    assert q.speaker and q.speaker.name == "Maria Lopez"


def test_cueless_quote_takes_the_subject_leading_into_it() -> None:
    a = run("“The budget is balanced,” Smith said.\n\nThe mayor then turned to the council "
            "members.\n\n“We cannot wait another year for this bridge.”")
    q = find(a, "We cannot wait another year")
    assert q.cue is None and q.speaker and q.speaker.text == "The mayor"


def test_text_that_speaks_is_its_authors_statement() -> None:
    a = run("The campaign released an ad on Monday that said the senator had “voted against "
            "veterans again and again.”")
    q = find(a, "voted against veterans")
    assert q.speaker and q.speaker.text == "The campaign"


def test_sentence_quoted_in_part_with_cue_after() -> None:
    a = run("Voters deserve better, she argued. Her plan would “put working families first and "
            "keep them there,” Garcia said.")
    q = find(a, "Her plan would")
    assert q.kind == "mixed" and q.cue and q.cue.text == "said"
    assert q.speaker and q.speaker.name == "Garcia"


def test_cueless_quote_after_a_parenthetical_report() -> None:
    a = run("“The budget is balanced,” Smith said.\n\nThe council, Jones said, has no money left "
            "for the bridge.\n\n“We cannot wait another year for this bridge.”")
    q = find(a, "We cannot wait another year")
    assert q.cue is None and q.speaker and q.speaker.name == "Jones"
