"""Quotation marks: find quoted stretches of text, whatever the convention.

Works on the raw text, before any parsing, so that a quote's span never depends on how the
parser split sentences. Handles “ ” ‘ ’ " ' « » „ “ ‚ ‘ ‹ ›, a quote opened in one style and
closed in another, quotes nested in quotes (even with the same marks), quotes running over
several paragraphs (an opening mark at the start of each paragraph, one closing mark at the
end; or, on the Kremlin's pages, no mark between the paragraphs at all) and apostrophes
(it’s, Monomakh's, the 1990’s, leaders’), which are never quotes.
Unbalanced marks never raise: the quote is closed at the end of its paragraph and flagged.
"""

from __future__ import annotations

from dataclasses import dataclass

DOUBLE, SINGLE = "double", "single"
# mark -> (family, can open, can close); ambiguous marks (" ' “ ‘) are decided by context.
MARKS: dict[str, tuple[str, bool, bool]] = {
    "“": (DOUBLE, True, True),  # opens in English, closes after German „
    "”": (DOUBLE, False, True),
    '"': (DOUBLE, True, True),
    "„": (DOUBLE, True, False),
    "«": (DOUBLE, True, True),  # « » and » « both occur; context decides
    "»": (DOUBLE, True, True),
    "‘": (SINGLE, True, True),  # opens in English, closes after ‚
    "’": (SINGLE, False, True),
    "'": (SINGLE, True, True),
    "‚": (SINGLE, True, False),
    "‹": (SINGLE, True, True),
    "›": (SINGLE, True, True),
}
OPEN_PREFERRED = set("“„«‘‚‹")
CLOSE_PREFERRED = set("”»’›")
# Characters after which a mark is more likely to open (start of a stretch).
BEFORE_OPEN = set(" \t\n([{—–-/:;") | {"\u00a0"}
PARAGRAPH_BREAK = "\n"


@dataclass(slots=True)
class Quoted:
    """A quoted stretch: ``[start, end)`` excludes the marks; ``open_at``/``close_at`` are the
    mark offsets (``close_at`` is None when the quote never closed)."""

    start: int
    end: int
    open_at: int
    close_at: int | None
    family: str
    depth: int = 0
    parent: Quoted | None = None  # the quote this one is nested in
    paragraphs: int = 1

    @property
    def balanced(self) -> bool:
        return self.close_at is not None

    def words(self, text: str) -> int:
        """How many words are quoted."""
        return len(text[self.start:self.end].split())

    def embedded(self, text: str) -> bool:
        """The quote continues a clause begun before it (no sentence start, colon or comma
        before its opening mark): "appeared on “Morning Joe”", "want to “create …”"."""
        k = self.open_at - 1
        while k >= 0 and text[k] in " \t\u00a0":
            k -= 1
        return k >= 0 and (text[k].isalnum() or text[k] in "’'")


def _is_letter_or_digit(ch: str) -> bool:
    return ch.isalnum()


def is_apostrophe(text: str, i: int) -> bool:
    """’ or ' inside a word (it’s, Monomakh's, 1990’s, rock ’n’ roll) or after a plural s."""
    ch = text[i]
    if ch not in "’'":
        return False
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if _is_letter_or_digit(before) and _is_letter_or_digit(after):
        return True
    # ’90s: elision at word start followed by digits.
    return not _is_letter_or_digit(before) and after.isdigit()


def _role(text: str, i: int) -> str | None:
    """'open', 'close', 'either' or None (not a quotation mark here)."""
    ch = text[i]
    if ch not in MARKS or is_apostrophe(text, i):
        return None
    _, can_open, can_close = MARKS[ch]
    before = text[i - 1] if i > 0 else "\n"
    after = text[i + 1] if i + 1 < len(text) else "\n"
    opens_ctx = (before in BEFORE_OPEN or before in MARKS or before.isspace()) and not (
        after.isspace())
    closes_ctx = (not before.isspace()) and (
        after.isspace() or after in ".,;:!?)]}—–-…" or after in MARKS)
    if opens_ctx and not closes_ctx:
        return "open" if can_open else ("close" if can_close else None)
    if closes_ctx and not opens_ctx:
        return "close" if can_close else ("open" if can_open else None)
    if ch in OPEN_PREFERRED:
        return "open" if can_open else "either"
    if ch in CLOSE_PREFERRED:
        return "close" if can_close else "either"
    if before.isspace() and after.isspace():
        if i > 1 and text[i - 2] in ",.!?…’'" and can_close:
            return "close"  # a stray space before the closing mark: 'a disgrace, " Trump said'
        return None  # a lone mark between spaces ("5 ' 10") carries no meaning
    return "either"


def _paragraph_end(text: str, i: int) -> int:
    j = text.find(PARAGRAPH_BREAK, i)
    return len(text) if j < 0 else j


def _next_paragraph_opens(text: str, para_end: int, family: str) -> int | None:
    """Offset of the opening mark that starts the next paragraph, if it continues a quote."""
    j = para_end
    n = len(text)
    while j < n and text[j].isspace():
        j += 1
    if j < n and text[j] in MARKS and MARKS[text[j]][0] == family and MARKS[text[j]][1]:
        return j
    return None


RUN_ON_CHARS = 6000  # the default reach of a quote that runs on without re-opening marks


def find_quotes(text: str, run_on_chars: int = RUN_ON_CHARS) -> list[Quoted]:
    """All quoted stretches in ``text``, outer quotes before the quotes nested in them. A
    quote left open at a paragraph's end runs on over the next paragraphs when its closing
    mark follows within ``run_on_chars`` characters with no mark of its kind between."""
    found: list[Quoted] = []
    stack: list[Quoted] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == PARAGRAPH_BREAK and stack and not _soft_wrap(text, i):
            i = _close_or_continue_at_paragraph(text, i, stack, found, run_on_chars)
            continue
        if ch not in MARKS:
            i += 1
            continue
        role = _role(text, i)
        if role is None:
            i += 1
            continue
        family = MARKS[ch][0]
        open_idx = _innermost_open(stack, family)
        if role == "close" or (role == "either" and open_idx is not None):
            if open_idx is not None:
                # Anything opened inside the quote we close and never closed is unbalanced.
                while len(stack) > open_idx + 1:
                    _finish(stack.pop(), i, None, found)
                _finish(stack.pop(), i, i, found)
            i += 1
            continue
        if role in ("open", "either"):
            stack.append(Quoted(i + 1, i + 1, i, None, family, depth=len(stack)))
        i += 1
    while stack:
        _finish(stack.pop(), n, None, found)
    return _order_and_link(found)


def _soft_wrap(text: str, i: int) -> bool:
    """A single line break inside a sentence (hard-wrapped text): the next line goes on in
    lower case, or the line breaks off mid-sentence ("My representative and\nI continue")."""
    j = i + 1
    while j < len(text) and text[j] in " \t":
        j += 1
    if j >= len(text) or text[j] == PARAGRAPH_BREAK:
        return False
    if text[j].islower():
        return True
    k = i - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    return k >= 0 and (text[k].isalnum() or text[k] in ",;")


def _innermost_open(stack: list[Quoted], family: str) -> int | None:
    for k in range(len(stack) - 1, -1, -1):
        if stack[k].family == family:
            return k
    return None


def _close_or_continue_at_paragraph(text: str, i: int, stack: list[Quoted],
                                    found: list[Quoted], run_on_chars: int) -> int:
    """At a line break inside a quote: continue it if the next paragraph re-opens it or its
    closing mark is still to come, otherwise close every open quote here as unbalanced."""
    outer = stack[0]
    reopen = _next_paragraph_opens(text, i, outer.family)
    if reopen is not None and len(stack) == 1:
        outer.paragraphs += 1
        return reopen + 1
    if len(stack) == 1 and _closes_later(text, i, outer.family, run_on_chars):
        outer.paragraphs += 1
        return i + 1
    while stack:
        _finish(stack.pop(), trim_end(text, i), None, found)
    return i + 1


def _closes_later(text: str, i: int, family: str, reach: int) -> bool:
    """The next mark of ``family`` after ``i`` is a closing one (”, ») at a paragraph's
    end within ``reach`` characters: “… ⏎ … ⏎ …” is one quote over three paragraphs."""
    for j in range(i, min(len(text), i + reach)):
        ch = text[j]
        if ch in MARKS and MARKS[ch][0] == family and not is_apostrophe(text, j):
            return ch in CLOSE_PREFERRED and _role(text, j) == "close" and \
                text[j + 1:_paragraph_end(text, j)].strip() in ("", ".")
    return False


def trim_end(text: str, end: int) -> int:
    """``end`` moved back over the whitespace before it."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def _finish(q: Quoted, end: int, close_at: int | None, found: list[Quoted]) -> None:
    q.end = max(q.start, end)
    q.close_at = close_at
    if q.end > q.start:  # "“”" quotes nothing
        found.append(q)


def _order_and_link(found: list[Quoted]) -> list[Quoted]:
    found.sort(key=lambda q: (q.start, -q.end))
    for k, q in enumerate(found):
        for j in range(k - 1, -1, -1):
            p = found[j]
            if p.start <= q.start and q.end <= p.end and (p.start, p.end) != (q.start, q.end):
                q.parent = p
                q.depth = p.depth + 1
                break
        else:
            q.depth = 0
    return found
