"""decode_bytes: BOMs, declared charsets, UTF-8, legacy and mixed encodings; never raises."""

from __future__ import annotations

import codecs

from hypothesis import given
from hypothesis import strategies as st

from sayso.ingest.decode import declared_charset, decode_bytes

RUSSIAN = (
    "Президент Беларуси Александр Лукашенко заявил, что Россия и Беларусь — союзники.\n"
    "«Мы союзники, и больше слов не надо», — сказал он журналистам в Минске.\n"
)


def test_utf8_is_read_as_is():
    assert decode_bytes("Zelenskyy said “no” – twice.".encode()) == "Zelenskyy said “no” – twice."


def test_byte_order_marks_are_honoured_and_dropped():
    assert decode_bytes(codecs.BOM_UTF8 + "Минск".encode()) == "Минск"
    assert decode_bytes("Минск".encode("utf-16")) == "Минск"  # BOM + UTF-16
    assert decode_bytes(codecs.BOM_UTF16_BE + "Kyiv".encode("utf-16-be")) == "Kyiv"


def test_cp1251_russian_without_declaration():
    assert decode_bytes(RUSSIAN.encode("cp1251")) == RUSSIAN


def test_short_cp1251_without_declaration():
    assert decode_bytes("Мы союзники.".encode("cp1251")) == "Мы союзники."
    assert decode_bytes("Президент заявил".encode("cp1251")) == "Президент заявил"


def test_short_latin_legacy_texts_stay_latin():
    assert decode_bytes("café au lait, naïve".encode("cp1252")) == "café au lait, naïve"
    assert decode_bytes("Zażółć gęślą jaźń".encode("cp1250")) == "Zażółć gęślą jaźń"


def test_mixed_utf8_and_cp1251_lines_both_come_out_right():
    data = (
        "An English line with “smart quotes” in UTF-8.\n".encode()
        + RUSSIAN.encode("cp1251")
        + "Ещё строка, на этот раз в UTF-8.\n".encode()
    )
    assert decode_bytes(data) == (
        "An English line with “smart quotes” in UTF-8.\n"
        + RUSSIAN
        + "Ещё строка, на этот раз в UTF-8.\n"
    )


def test_declared_charset_is_used():
    assert decode_bytes(RUSSIAN.encode("koi8-r", errors="replace"), "koi8-r") == (
        RUSSIAN.encode("koi8-r", errors="replace").decode("koi8-r")
    )


def test_a_false_declaration_loses_to_the_bytes():
    # Declared UTF-8, actually cp1251: the declaration cannot decode it, the bytes can.
    assert decode_bytes(RUSSIAN.encode("cp1251"), "utf-8") == RUSSIAN
    # Declared Latin-1, actually UTF-8 (a common server misconfiguration).
    assert decode_bytes("Lukashenko’s “allies”".encode(), "iso-8859-1") == "Lukashenko’s “allies”"


def test_declared_utf16_on_utf8_bytes_is_ignored():
    assert decode_bytes("Лукашенко said “yes”.".encode(), "utf-16") == "Лукашенко said “yes”."
    assert decode_bytes(b"Plain ASCII text here.", "UTF-16LE") == "Plain ASCII text here."
    assert decode_bytes("Real UTF-16 text".encode("utf-16-le"), "utf-16le") == "Real UTF-16 text"


def test_unknown_declared_charset_is_ignored():
    assert decode_bytes("Минск".encode(), "x-no-such-charset") == "Минск"


def test_truncated_utf8_keeps_everything_before_the_cut():
    data = "Лукашенко сказал: «Мы союзники»".encode()[:-1]
    text = decode_bytes(data)
    assert text.startswith("Лукашенко сказал: «Мы союзники")
    assert text.endswith("\ufffd")


def test_declared_charset_from_content_type():
    assert declared_charset("text/html; charset=windows-1251") == "windows-1251"
    assert declared_charset('text/plain; charset="UTF-8"') == "UTF-8"
    assert declared_charset("text/html") is None
    assert declared_charset(None) is None


@given(
    st.binary(max_size=2000),
    st.one_of(
        st.none(),
        st.sampled_from(["utf-8", "cp1251", "utf-16", "latin-1", "bogus", "", "shift_jis"]),
    ),
)
def test_never_raises_whatever_the_bytes(data, declared):
    assert isinstance(decode_bytes(data, declared), str)


# NUL-riddled strings are read as BOM-less UTF-16 (see test_utf16_without_bom): no NULs here.
@given(st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=500))
def test_utf8_text_round_trips(text):
    assert decode_bytes(text.encode("utf-8")) == text.removeprefix("\ufeff")


def test_utf16_without_bom():
    assert decode_bytes("Plain text in UTF-16".encode("utf-16-le")) == "Plain text in UTF-16"
    assert decode_bytes("Plain text in UTF-16".encode("utf-16-be")) == "Plain text in UTF-16"
