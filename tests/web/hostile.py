"""An article written to attack the page that shows it: markup, handlers, javascript: links."""

from __future__ import annotations

from datetime import datetime

from sayso.model import Article, Mention, Quote, Span

HOSTILE = (
    'Breaking <script>document.title="pwned"</script> news.\n'
    "<img src=x onerror=\"document.title='pwned'\"> "
    "<a href=\"javascript:document.title='pwned'\">read more</a>\n"
    'The minister said: "<svg onload=alert(1)>We will win</svg>".'
)


def hostile_article() -> Article:
    start = HOSTILE.index("<svg")
    end = HOSTILE.index('".', start)
    speaker = HOSTILE.index("The minister")
    cue = HOSTILE.index("said")
    return Article(
        source="hostile.txt",
        text=HOSTILE,
        title='<script>alert("title")</script>',
        published=datetime(2024, 8, 16),
        url="javascript:alert(1)",
        outlet="<b>outlet</b>",
        quotes=[
            Quote(
                id="q1",
                kind="direct",
                start=start,
                end=end,
                text=HOSTILE[start:end],
                speaker=Mention(
                    speaker, speaker + 12, "The minister", name="<img src=x onerror=alert(2)>"
                ),
                cue=Span(cue, cue + 4, "said"),
            )
        ],
    )
