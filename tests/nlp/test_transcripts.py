"""Official material: transcript turns, their labels and speakers, messages and readouts.

Every text is a real paragraph (or run of paragraphs) of a page in ``../shared/corpora``,
copied unchanged into the test: en.kremlin.ru (CC BY 4.0) and whitehouse.gov (US federal
government works, public domain); each test names its page. The same pages are documents of
the gold set ``sayso/eval/data/official`` (its SOURCES.md gives origin and licence).
"""

from __future__ import annotations

from datetime import datetime

import pytest

from sayso.model import Article, Quote
from sayso.nlp import analyse
from sayso.nlp.attribution.quotes import find_quotes


def run(text: str, **kw) -> Article:
    return analyse(Article(source="test", text=text, **kw))


def run_all(text: str, day: str, url: str = "https://www.whitehouse.gov/briefings") -> Article:
    """The whole analysis with the actors, as the page at ``url`` published on ``day``."""
    from sayso.engine.pipeline import analyse_article

    article = Article(source="test", text=text, url=url, outlet=url.split("/")[2].removeprefix(
        "www."), published=datetime.fromisoformat(day))
    return analyse_article(article).article


def turns(article: Article) -> list[Quote]:
    return [q for q in article.quotes if q.kind == "turn"]


def who(q: Quote) -> tuple[str | None, str | None]:
    """(label text, resolved name) of a statement's speaker."""
    return (q.speaker.text, q.speaker.name) if q.speaker else (None, None)


# Remarks by President Biden and Prime Minister Keir Starmer before their bilateral meeting,
# 2024-09-13 (whitehouse.gov; ../shared/corpora/whitehouse-md/speeches-remarks/2024-09/).
STARMER_OPENING = (
    "Q Mr. President, what do you say to Vladimir Putin’s threat of war?\n\n"
    "PRESIDENT BIDEN: I say to you: Be quiet until I speak. Okay? That’s what I say. "
    "Good idea?\n\n"
    "Q Well, what do you say to Vladimir Putin’s —\n\n"
    "Q Sir —\n\n"
    "Q — threat of war, sir? It’s a serious threat.\n\n"
    "PRESIDENT BIDEN: Well, I — well, I — you’ve got to be quiet, and I’m going to make a "
    "statement here. Okay?")
STARMER_CLOSING = (
    "Q — can you tell us, sir: How close are you to — to agreeing to have missiles go into "
    "deeper Russia? How close are you to that decision?\n\n"
    "(Cross-talk.)\n\n"
    "PRESIDENT BIDEN: We’re going to discuss that now.\n\n"
    "(Cross-talk.)\n\n"
    "(President Biden gives a thumbs up.)\n\n"
    "4:41 P.M. EDT")


def test_a_reporters_question_is_a_turn_of_its_own() -> None:
    a = run_all(STARMER_OPENING, "2024-09-13")
    got = [(q.text[:22], who(q)) for q in turns(a)]
    assert got == [
        ("Mr. President, what do", ("Q", None)),
        ("I say to you: Be quiet", ("PRESIDENT BIDEN", "Joe Biden")),
        ("Well, what do you say ", ("Q", None)),
        ("Sir —", ("Q", None)),
        ("— threat of war, sir? ", ("Q", None)),
        ("Well, I — well, I — yo", ("PRESIDENT BIDEN", "Joe Biden")),
    ]
    # The President's turn stops at the next question: no reporter's words in it.
    assert all("Putin’s" not in q.text for q in turns(a) if q.speaker and q.speaker.name)


def test_stage_directions_and_the_time_stamp_end_a_turn() -> None:
    a = run(STARMER_CLOSING)
    last = turns(a)[-1]
    assert last.text == "We’re going to discuss that now." and who(last)[0] == "PRESIDENT BIDEN"
    assert not [q for q in a.quotes if "Cross-talk" in q.text or "P.M." in q.text]


def test_question_label_of_a_kremlin_interview() -> None:
    # Interview to Anadolu Agency, 2014-11-28 (en.kremlin.ru/events/president/news/47104).
    text = ("Ahead of the state visit to the Republic of Turkey, Vladimir Putin gave an "
            "interview to Anadolu Agency.\n\n"
            "Question: What specific objectives in political, economic and cultural spheres "
            "of Russian-Turkish relations will you set during the meeting of the High-Level "
            "Cooperation Council?\n\n"
            "President of Russia Vladimir Putin: The upcoming state visit to Turkey and "
            "participation in the fifth session of the High-Level Russian-Turkish Cooperation "
            "Council are an important stage in advancing our relations.")
    question, answer = turns(run(text))
    assert who(question) == ("Question", None) and question.text.startswith("What specific")
    assert who(answer)[1] == "Vladimir Putin" and answer.text.startswith("The upcoming")


def test_interpreted_label_starts_the_guests_turn() -> None:
    # Meeting with President of Cyprus, 2019-04-24 (en.kremlin.ru/events/president/news/60389).
    text = ("President of Russia Vladimir Putin: Russia has $166 billion of direct investment "
            "in Cyprus. I do not know what other countries contribute so much to Cyprus. In "
            "any case, I reiterate, our relations are developing quite positively. We are "
            "pleased by that and I am glad to see you again, Mr President.\n\n"
            "President of Cyprus Nicos Anastasiades (retranslated): Mr President, I am also "
            "very happy to meet with you.\n\n"
            "Our relations are indeed developing positively. Both the relations and the "
            "contacts between our countries are developing.")
    host, guest = turns(run(text))
    assert who(host)[1] == "Vladimir Putin" and "Anastasiades" not in host.text
    assert (who(guest)[1] or "").endswith("Nicos Anastasiades")
    assert guest.text.startswith("Mr President, I am also") and \
        guest.text.endswith("between our countries are developing.")
    assert who(guest)[0] == "President of Cyprus Nicos Anastasiades"  # the note is no name


# On army and arms race (interview to TASS), 2020-03-02
# (en.kremlin.ru/events/president/news/62917).
TASS = ("Andrei Vandenko: The army.\n\n"
        "Vladimir Putin: Ok, and…?\n\n"
        "Andrei Vandenko: ”The armour is strong and our tanks are fast“, right?\n\n"
        "Vladimir Putin: Sure. Az okh un vey! [Yiddish expression.] ”And our tanks are "
        "fast.“\n\n"
        "Andrei Vandenko: Who are we going to fight against?\n\n"
        "Vladimir Putin: We are not going to fight against anyone.\n\n"
        "Andrei Vandenko: There is a notion of reasonable adequacy.\n\n"
        "Vladimir Putin: Yes, there is. That’s what we adhere to.\n\n"
        "Today we rank seventh as far as military spending goes. The US has outstripped us, "
        "Donald [Trump] told me, they have approved a huge budget for the next year, $738 "
        "billion, I think.\n\n"
        "Andrei Vandenko: Did he brag?\n\n"
        "Vladimir Putin: No, he said this with regret. He said the costs were too high. But "
        "he had to do it.")


def test_a_label_taken_once_is_taken_again() -> None:
    a = run(TASS)
    speakers = [who(q)[0] for q in turns(a)]
    assert speakers == ["Andrei Vandenko", "Vladimir Putin"] * 5
    assert [q.text for q in turns(a)][8] == "Did he brag?"


def test_he_inside_a_turn_is_not_the_turns_speaker() -> None:
    a = run(TASS)
    report = next(q for q in a.quotes if q.text == "the costs were too high")
    assert report.kind == "indirect" and report.parent is not None
    assert who(report)[1] != "Vladimir Putin"  # Putin says "I"; "he" is Trump
    assert who(report)[1] in ("Donald", "Donald Trump", "Trump")


def test_i_inside_a_turn_is_the_turns_speaker() -> None:
    a = run(TASS)
    putin = next(e for e in a.entities if e.name == "Vladimir Putin")
    i = a.text.index("I think.")
    assert (i, i + 1) in putin.mentions


def test_a_label_that_is_not_taken_ends_the_turn() -> None:
    # Remarks by President Biden and President Herzog of Israel, 2023-07-19 (whitehouse.gov;
    # whitehouse-md/speeches-remarks/2023-07/): "Oval Office" is the place line of the next
    # remarks, and "Note:" a metadata label of the page, not speech.
    text = ("PRESIDENT BIDEN: Thank you for your friendship. And we’ve got a lot to talk "
            "about. Thank you all very much.\n\n"
            "Note: The President spoke at 1:20 P.M. in the Oval Office.\n\n"
            "Thank you for your friendship.")
    (turn,) = turns(run(text))
    assert turn.text.endswith("Thank you all very much.")


def test_a_sentence_opening_with_a_name_is_no_label() -> None:
    # Statement from President Joe Biden on the shooting at Abundant Life Christian School,
    # 2024-12-16 (whitehouse.gov; whitehouse-md/statements-releases/2024-12/).
    text = ("Jill and I are praying for all the victims today, including the teacher and "
            "teenage student who were killed and those who sustained injuries. We are "
            "grateful for the first responders who quickly arrived on the scene, and the FBI "
            "is supporting local law enforcement efforts.\n\n"
            "Congress must pass commonsense gun safety laws: Universal background checks. A "
            "national red flag law. A ban on assault weapons and high-capacity magazines.")
    assert not turns(run(text))


def test_a_surname_label_links_to_the_full_name_in_the_document() -> None:
    # Press briefing by Karine Jean-Pierre and Jared Bernstein, 2024-09-19 (whitehouse.gov;
    # whitehouse-md/press-briefings/2024-09/), with the label misspelt once as on the page.
    text = ("MS. JEAN-PIERRE: With that, I will turn it over to Jared Bernstein, who is "
            "back, chair of the Council of Economic Advisers.\n\n"
            "All right, Jared. Welcome back.\n\n"
            "CHAIR BERNSTEIN: Thank you. Thank you for inviting me back. It’s a pleasure to "
            "be here.\n\n"
            "Q But he misspoke an hour ago, is what you’re saying?\n\n"
            "CHAIR BERSTEIN: — interest rates as president. That’s what he — that’s "
            "certainly what I’m hearing.")
    got = [who(q) for q in turns(run(text))]
    assert got[1] == ("CHAIR BERNSTEIN", "Jared Bernstein")
    assert got[2] == ("Q", None)
    assert got[3] == ("CHAIR BERSTEIN", "Jared Bernstein")


# Remarks by President Trump, Vice President Pence and Governor Scott on Hurricane Irma,
# 2017-09-14 (whitehouse.gov; ../shared/corpora/whitehouse-2017-html).
IRMA = ("We have Linda McMahon, we have so many people, so many of the Cabinet members "
        "because they're going to help. I want to thank Mike Pence. In fact, I'd like you to "
        "say a few words.\n\n"
        "THE VICE PRESIDENT: I would be happy to. Thank you, Mr. President, First Lady. "
        "It's an honor to be with you today just to pay a debt of gratitude for the great "
        "leadership here at the state and local level.")


@pytest.mark.parametrize("day, holder", [("2017-09-14", "Mike Pence"),
                                         ("2025-01-07", "Kamala Harris"),
                                         ("2025-01-22", "JD Vance")])
def test_an_office_label_resolves_by_the_date(day: str, holder: str) -> None:
    (turn,) = turns(run_all(IRMA, day))
    assert who(turn) == ("THE VICE PRESIDENT", holder)


def test_a_message_over_several_paragraphs_is_its_senders() -> None:
    # Greetings to the Ninth Meeting of Russian and Belarusian Twin Cities, 2017-03-30
    # (en.kremlin.ru/events/president/news/54157); no marks between the paragraphs.
    text = ("Vladimir Putin sent his greetings to participants in the Ninth Meeting of "
            "Russian and Belarusian Twin Cities.\n\n"
            "The message reads, in part:\n\n"
            "“The partner ties between over 130 Russian and Belarusian cities are a vital "
            "component of inter-regional cooperation.\n\n"
            "It is indicative that not just Russian and Belarusian cities but also cities "
            "from other countries are taking part in this meeting.\n\n"
            "I am sure that your meeting will outline new areas for joint work.”\n\n"
            "The Ninth Meeting of Russian and Belarusian Twin Cities is being held in Sochi.")
    a = run(text)
    (message,) = [q for q in a.quotes if q.kind == "direct"]
    assert message.text.startswith("The partner ties") and \
        message.text.endswith("new areas for joint work.")
    assert who(message) == ("The message", "Vladimir Putin")


def test_a_message_is_its_senders_actor_not_a_second_speaker_of_the_same_name() -> None:
    # Greetings to participants in celebratory event on Russia-Belarus Unity Day, 2016-04-02
    # (en.kremlin.ru/events/president/news/51633). "The message" describes no one, but it
    # stands for its sender as "he" would: the statement is the knowledge base's Putin, not
    # a separate speaker called "Vladimir Putin" beside him.
    text = ("Vladimir Putin sent greetings to participants in a gala event to celebrate the "
            "Day of Unity between the Peoples of Russia and Belarus.\n\n"
            "The message reads, in part:\n\n"
            "“I warmly congratulate you on the Day of Unity between the Peoples of Russia and "
            "Belarus. On this day 20 years ago, our two nations signed their first integration "
            "treaty, which paved the way for the Union State project.”")
    a = run_all(text, "2016-04-02", url="http://en.kremlin.ru/events/president/news/51633")
    (message,) = [q for q in a.quotes if q.kind == "direct"]
    assert message.speaker is not None
    assert (message.speaker.text, message.speaker.entity_id) == ("The message", "wd:Q7747")


def test_a_quote_left_open_in_a_news_paragraph_still_closes_there() -> None:
    # The run-on needs the closing mark to come: a quote that never closes ends with its
    # paragraph, and a new opening mark in the next paragraph is a new quote.
    text = ("“We are allies, he said.\n\nThe talks went on.\n\n“We agreed,” she said.")
    quoted = [text[q.start:q.end] for q in find_quotes(text)]
    assert quoted == ["We are allies, he said.", "We agreed,"]


def test_readout_topics_and_objects_are_no_statements() -> None:
    # Meeting with Alexander Lukashenko, 2019-02-13 (en.kremlin.ru/events/president/news/59821)
    # and telephone conversation, 2018-03-27 (…/news/57147).
    text = ("The two presidents discussed the main issues on the bilateral agenda and also "
            "prospects for the development of the Eurasian integration processes.\n\n"
            "Alexander Lukashenko expressed his deepest condolences in connection with the "
            "tragic events in Kemerovo – the Belarusian people mourn together with the "
            "fraternal people of Russia.\n\n"
            "Vladimir Putin thanked Mr Lukashenko for this sincere gesture of support.")
    a = run(text)
    assert not [q for q in a.quotes if "bilateral agenda" in q.text]
    assert not [q for q in a.quotes if q.text.strip() == "Mr Lukashenko"]
    # Whoever "the two presidents" are, no single one of them is credited with a topic.
    assert all(q.speaker is None or q.speaker.text != "The two presidents" or
               q.speaker.name is None for q in a.quotes)


@pytest.mark.parametrize("text, content", [
    # Readout of Vice President Harris's call with Chancellor Scholz, 2025-01-08
    # (whitehouse.gov; official gold set wh-2025-01-08-readout-harris-scholz.md).
    ("The Vice President underscored the vital importance of the U.S.-Germany Alliance in "
     "addressing global challenges, from economic growth to global stability and security, "
     "and for standing for democratic principles around the world.",
     "the vital importance of the U.S.-Germany Alliance in addressing global challenges, from "
     "economic growth to global stability and security, and for standing for democratic "
     "principles around the world"),
    # Readout of Jake Sullivan's meetings in Saudi Arabia and Israel, 2024-05-19
    # (whitehouse.gov; wh-2024-05-19-readout-sullivan-saudi-israel.md).
    ("Mr. Sullivan proposed a series of concrete measures to ensure more aid surges into Gaza, "
     "including through all available crossings, and through the multinational humanitarian "
     "maritime corridor.",
     "a series of concrete measures to ensure more aid surges into Gaza, including through all "
     "available crossings, and through the multinational humanitarian maritime corridor"),
])
def test_what_an_object_says_runs_on_past_where_the_parser_ends_the_object(
    text: str, content: str
) -> None:
    (statement,) = run(text).quotes
    assert statement.text == content
