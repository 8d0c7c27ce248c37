"""Near-duplicate articles (syndicated copies, re-headed wire stories) grouped into stories.

Each article's text gets a MinHash signature (datasketch) over word 5-gram shingles; the
signature is cut into bands and each band hashed to a 64-bit key stored in
``article_bands`` — a persistent LSH index that every process and both back-ends share.
Articles sharing at least ``MIN_BAND_HITS`` band keys are candidates; a candidate joins the
story when the exact Jaccard similarity of the two shingle sets reaches ``SIMILARITY``.

With 12 bands of 3 rows and 2 shared bands required, a pair at Jaccard 0.8 is found with
probability 0.9995, at 0.67 with 0.92, at 0.5 with 0.45; an unrelated pair sharing one
sentence in twenty (Jaccard ~0.05) becomes a candidate about once in a million, so the
exact check (which re-reads the candidate's text) stays rare even in a large store.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any, cast  # Any: datasketch is untyped

if TYPE_CHECKING:  # numpy comes with datasketch, on first use (opening a store skips it)
    import numpy as np

from sayso.store.keys import fold

SHINGLE_WORDS = 5
BANDS = 12
ROWS = 3
NUM_PERM = BANDS * ROWS
SEED = 20240815
SIMILARITY = 0.5  # exact Jaccard of shingle sets to count as the same story
MIN_WORDS = 25  # shorter texts are too small to call near-duplicates
MIN_BAND_HITS = 2
MAX_CANDIDATES = 20  # most band hits first; more would only be checked to no avail


def shingles(text: str) -> set[str]:
    words = fold(text).split()
    if len(words) < MIN_WORDS:
        return set()
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


@cache
def _template() -> Any:
    """The permutations, made once, not per text. datasketch is imported here, on first
    use: it pulls in scipy (~1 s), which opening a store must not cost."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED)


def signature(shingle_set: Iterable[str]) -> np.ndarray:
    from datasketch import MinHash

    template = _template()
    mh = MinHash(
        num_perm=NUM_PERM,
        hashfunc=zlib.crc32,
        permutations=template.permutations,
        scheme=template.scheme,
    )
    mh.update_batch([s.encode("utf-8") for s in shingle_set])
    return cast("np.ndarray", mh.hashvalues)  # datasketch is untyped


def band_keys(hashvalues: np.ndarray) -> list[int]:
    """One signed 64-bit key per band (the band number is part of the key)."""
    keys = []
    for band in range(BANDS):
        chunk = hashvalues[band * ROWS : (band + 1) * ROWS].astype("<u8").tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def text_band_keys(text: str) -> list[int]:
    shingle_set = shingles(text)
    return band_keys(signature(shingle_set)) if shingle_set else []


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)
