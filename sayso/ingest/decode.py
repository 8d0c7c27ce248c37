"""Bytes → text without ever raising, whatever the encoding (or mix of encodings).

Order of evidence, strongest first:

1. a byte-order mark (UTF-8, UTF-16, UTF-32);
2. the declared charset (HTTP header, ``<meta charset>``, XML declaration) — except that
   bytes which are valid UTF-8 *and* contain non-ASCII win over a declared legacy 8-bit
   charset: pages often declare ISO-8859-1 and serve UTF-8, while legacy text that happens
   to be valid UTF-8 is vanishingly rare;
3. UTF-8;
4. charset-normalizer's guess for the lines that are not UTF-8. Files that mix encodings
   (a UTF-8 file with a pasted cp1251 paragraph) are decoded line by line: UTF-8 lines as
   UTF-8, the others in the guessed legacy charset, so neither part becomes mojibake.

Whatever is left undecodable becomes U+FFFD; nothing here raises.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from sayso.ingest.registry import RawInput

# Longest first: the UTF-32 LE BOM starts with the UTF-16 LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# charset-normalizer reads this much of the undecodable lines; more adds time, not accuracy.
DETECT_SAMPLE_BYTES = 64 * 1024

# Used when nothing better is known for bytes that are not UTF-8: the commonest legacy
# charset of news text on the web (and a superset of Latin-1 for printable characters).
FALLBACK_LEGACY = "cp1252"


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode ``data`` as text; never raises. ``declared`` is a charset name, if any."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    declared_codec = codec_name(declared)
    if declared_codec and not prefer_utf8_over(declared_codec, data):
        try:
            return data.decode(declared_codec)
        except UnicodeError:
            pass  # the declaration lies; fall through to the evidence of the bytes
    wide = bomless_utf32(data) or bomless_utf16(data)
    if wide:
        return data.decode(wide, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":
            # UTF-8 cut off mid-character (a truncated download): only the tail is broken.
            return data.decode("utf-8", errors="replace")
        return decode_legacy_or_mixed(data)


# Below this, a few NULs prove nothing about UTF-16.
MIN_UTF16_BYTES = 16


def bomless_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` for UTF-16 text without a BOM (NULs on every other byte in
    text that is mostly ASCII), else None. Valid UTF-8 as bytes, so it must be caught first."""
    sample = data[:4096]
    if len(sample) < MIN_UTF16_BYTES or b"\x00" not in sample:
        return None
    even, odd = sample[0::2], sample[1::2]
    nul_even, nul_odd = even.count(0) / len(even), odd.count(0) / max(len(odd), 1)
    if nul_odd > 0.4 and nul_even < 0.05:
        return "utf-16-le"
    if nul_even > 0.4 and nul_odd < 0.05:
        return "utf-16-be"
    return None


# Python codecs that are not charsets a page can be written in: transforms that turn the
# text into something else (rot-13 is a text encoding to Python) or decode escapes, which
# browsers do not read either (WHATWG has no UTF-7).
NOT_CHARSETS = frozenset(
    ("rot-13", "unicode-escape", "raw-unicode-escape", "undefined", "idna", "punycode", "utf-7")
)


def bomless_utf32(data: bytes) -> str | None:
    """``utf-32-le``/``-be`` for UTF-32 text without a BOM, else None. Checked before
    UTF-16, whose test it would fail anyway."""
    sample = data[: 4096 - 4096 % 4]
    if len(sample) < MIN_UTF16_BYTES or len(data) % 4:
        return None
    lanes = [sample[i::4] for i in range(4)]
    nul = [lane.count(0) / len(lane) for lane in lanes]
    # Outside the Basic Multilingual Plane is rare: the two high bytes of each character
    # are NUL, the lowest one is not.
    if nul[0] < 0.05 and nul[2] > 0.95 and nul[3] > 0.95:
        return "utf-32-le"
    if nul[3] < 0.05 and nul[0] > 0.95 and nul[1] > 0.95:
        return "utf-32-be"
    return None


def codec_name(charset: str | None) -> str | None:
    """Python's codec name for a charset label, or None if unknown, blank or not a charset
    (``base64``, ``rot-13``: a page declaring one is read from its bytes instead)."""
    if not charset:
        return None
    label = charset.strip().strip("\"'").lower()
    # WHATWG: browsers read these labels as windows-1252, and so do pages written for them.
    if label in ("iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii"):
        label = "cp1252"
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    # bytes-to-bytes codecs (base64, zlib) are marked as not text encodings by Python
    text_encoding = getattr(info, "_is_text_encoding", True)
    return info.name if text_encoding and info.name not in NOT_CHARSETS else None


def prefer_utf8_over(codec: str, data: bytes) -> bool:
    """Whether valid UTF-8 bytes should be read as UTF-8 despite declaring ``codec``."""
    if codec.startswith(("utf-16", "utf-32")):
        # WHATWG reads a UTF-16 <meta> label as UTF-8; real UTF-16 shows its NULs.
        return bomless_utf16(data) is None
    if codec == "utf-8" or data.isascii() or not is_utf8(data):
        return False
    return is_ascii_compatible(codec)


def is_ascii_compatible(codec: str) -> bool:
    """Whether ``codec`` encodes ASCII (notably the newline) as ASCII bytes."""
    try:
        return "a\nz".encode(codec) == b"a\nz"
    except (LookupError, UnicodeError):
        return False


def decode_legacy_or_mixed(data: bytes) -> str:
    """Decode bytes that are not valid UTF-8: a legacy charset, or lines in mixed ones."""
    lines = [(line, is_utf8(line)) for line in data.splitlines(keepends=True)]
    bad = [line for line, ok in lines if not ok]
    legacy = guess_legacy_charset(b"".join(bad)[:DETECT_SAMPLE_BYTES])
    if not is_ascii_compatible(legacy):
        # UTF-16 without a BOM and the like: lines cannot be split on b"\n".
        return data.decode(legacy, errors="replace")
    has_utf8_text = any(ok and not line.isascii() for line, ok in lines)
    if not has_utf8_text:
        return data.decode(legacy, errors="replace")
    return "".join(
        line.decode("utf-8") if ok else line.decode(legacy, errors="replace")
        for line, ok in lines
    )


def is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def guess_legacy_charset(sample: bytes) -> str:
    """The likeliest legacy charset of ``sample`` (never raises)."""
    non_ascii = sum(1 for b in sample if b > 0x7F)
    if non_ascii < SHORT_SAMPLE_NON_ASCII:
        return guess_short_sample(sample)
    from charset_normalizer import from_bytes

    try:
        best = from_bytes(sample).best()
    except Exception:  # noqa: BLE001 - a detector bug must not stop decoding
        best = None
    if best is None or best.encoding in ("utf_8", "ascii"):
        return guess_short_sample(sample)
    return codec_name(best.encoding) or FALLBACK_LEGACY


# Below this many non-ASCII bytes charset-normalizer guesses wildly (it reads a short
# cp1251 "Мы союзники." as Big5); the word-shape score below is steadier there.
SHORT_SAMPLE_NON_ASCII = 200

# Candidates for short samples, likeliest first for news text: ties go to the earlier one.
SHORT_SAMPLE_CANDIDATES = (
    "cp1252",
    "cp1251",
    "cp1250",
    "koi8_r",
    "cp1253",
    "cp1254",
    "cp1257",
    "cp1255",
    "cp1256",
    "shift_jis",
    "gb18030",
    "big5",
    "euc_kr",
)

# Non-letters that legacy text really contains outside ASCII.
COMMON_SYMBOLS = set("\u00a0«»“”„‘’‚–—…•·°§©®™№€£¥¢±×÷¶")


def guess_short_sample(sample: bytes) -> str:
    """The candidate charset whose decoding of ``sample`` looks most like words."""
    best, best_score = FALLBACK_LEGACY, float("-inf")
    for codec in SHORT_SAMPLE_CANDIDATES:
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        score = word_shape_score(text)
        if score > best_score:
            best, best_score = codec, score
    return best


def word_shape_score(text: str) -> float:
    """How word-like a decoding is: letters of one script per word, sane case, few oddities.

    A wrong single-byte charset turns words into mixed-script runs ("cafй"), Latin words
    made of accented letters only ("Ìû ñîþçíèêè"), case flipping inside words (koi8-r read
    as cp1251) or stray symbols in the middle of words ("Za¿ó³æ").
    """
    score = 0.0
    for word in re.findall(r"[^\W\d_]+", text):
        scripts = {script_of(ch) for ch in word}
        non_ascii = sum(1 for ch in word if not ch.isascii())
        if len(scripts) > 1:
            score -= 2 * len(word)
        elif implausible_latin(word, scripts, non_ascii) or flips_case(word):
            score -= non_ascii
        else:
            score += non_ascii * SCRIPT_WEIGHT.get(min(scripts), 1.0)
    for ch in text:
        if not ch.isascii() and not ch.isalpha() and ch not in COMMON_SYMBOLS:
            score -= 3
    return score


# Multi-byte charsets spend two bytes per letter, and half-width katakana is rare in news:
# letters of those scripts count for less, so that single-byte readings win ties.
SCRIPT_WEIGHT = {"CJK": 0.6, "HALFWIDTH": 0.1}


def implausible_latin(word: str, scripts: set[str], non_ascii: int) -> bool:
    """Latin words are mostly ASCII letters, even in Polish or Czech."""
    return scripts == {"LATIN"} and len(word) > 1 and non_ascii * 3 > len(word) * 2


def flips_case(word: str) -> bool:
    """A lower-case letter followed by a capital inside one word."""
    return any(a.islower() and b.isupper() for a, b in zip(word, word[1:], strict=False))


def script_of(ch: str) -> str:
    """The script of a letter as the first word of its Unicode name (LATIN, CYRILLIC, ...)."""
    if ch.isascii():
        return "LATIN"
    name = unicodedata.name(ch, "")
    first = name.split(" ", 1)[0]
    if first in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "FULLWIDTH"):
        return "CJK"
    return first


def decode_raw(raw: RawInput) -> str:
    """The text of a raw input, using the charset its HTTP headers declare, if any."""
    return decode_bytes(raw.data, declared_charset(raw.content_type))


def declared_charset(content_type: str | None) -> str | None:
    """``text/html; charset=windows-1251`` → ``windows-1251``."""
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type or "", re.I)
    return match.group(1) if match else None
