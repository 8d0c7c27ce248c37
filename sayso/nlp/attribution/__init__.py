"""Attribution: tie each statement to its cue (said, according to, :) and its source.

``attribute(doc, text, title)`` runs these passes over one parsed document, in this order
(the first pass to take a cue word or a quotation keeps it):

1. ``layout.find_turns``: transcript turns ("Vladimir Putin: Good afternoon …");
2. ``direct.quotes_with_cues``: every quotation (``quotes``) with the cue right before or
   after it (``cues``) and that cue's speaker (``sources``);
3. ``indirect.reported_speech``: every cue verb with the clause it reports (indirect and
   mixed speech, "according to", "as noted by");
4. ``direct.floating_quotes``: the quotations still without a cue that read like
   statements take the speaker established before them;
5. ``layout.find_headline``: "Speaker on topic: words" as the first line;

then ``resolve`` merges duplicates and links nested statements. The passes share a
read-only ``Document`` and add to one ``Findings`` (``state``); every threshold and
confidence parameter is in ``AttributionSettings`` (``settings``, values in
``lexicons/attribution.cfg``) and every word list in ``lexicons/``. The passes are linear in
the length of the document, so this layer stays cheap next to the parser.
"""

from __future__ import annotations

from spacy.tokens import Doc

from sayso.nlp.attribution.direct import floating_quotes, quotes_with_cues
from sayso.nlp.attribution.indirect import reported_speech
from sayso.nlp.attribution.layout import find_headline, find_turns
from sayso.nlp.attribution.quotes import find_quotes
from sayso.nlp.attribution.resolve import resolve
from sayso.nlp.attribution.settings import AttributionSettings, default_settings
from sayso.nlp.attribution.sources import phrase_span
from sayso.nlp.attribution.state import Document, Findings, Found

__all__ = ["AttributionSettings", "Found", "attribute", "default_settings", "phrase_span"]


def attribute(doc: Doc, text: str, title: str | None = None,
              settings: AttributionSettings | None = None) -> list[Found]:
    """Every statement of ``text`` (parsed as ``doc``), outer before nested, in text order."""
    settings = settings or default_settings()
    d = Document(doc, text, find_quotes(text, settings.quotes.run_on_chars), settings)
    found = Findings()
    find_turns(d, found)
    quotes_with_cues(d, found)
    reported_speech(d, found)
    floating_quotes(d, found)
    find_headline(d, found, title)
    return resolve([f for f in found.statements if _has_words(text, f)])


def _has_words(text: str, found: Found) -> bool:
    """Speech has words: "Published: 2024-04-11" or "Reported: 12:30" report nothing."""
    start, end = found.content
    return any(ch.isalpha() for ch in text[start:end])
