"""The tunables of attribution: one frozen settings object read from a data file.

Every threshold, window and confidence parameter is named and documented in
``sayso/nlp/lexicons/attribution.cfg`` (the shipped values); this module only declares
their names and types and reads the file. The passes take an ``AttributionSettings`` and
never hold a number of their own, so an experiment is
``dataclasses.replace(default_settings(), quotes=replace(s.quotes, float_reach_chars=300))``
or a copy of the file given to ``load_settings``.
"""

from __future__ import annotations

import configparser
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any  # Any: a different settings dataclass per section (see groups)

from sayso.nlp.lexicons import HERE

SETTINGS_FILE = HERE / "attribution.cfg"


@dataclass(frozen=True, slots=True)
class CueSettings:
    min_precision: float
    min_precision_with_clause: float
    clause_strength_floor: float
    object_min_precision: float
    speech_verb_strength: float
    colon_verb_strength: float
    colon_label_strength: float


@dataclass(frozen=True, slots=True)
class QuoteSettings:
    after_window: int
    after_sentence_window: int
    speech_verb_window: int
    before_window: int
    before_reach_chars: int
    sentence_min_words: int
    statement_min_words: int
    mixed_words_min_words: int
    float_reach_chars: int
    run_on_chars: int


@dataclass(frozen=True, slots=True)
class ClauseSettings:
    min_content_chars: int
    min_phrase_tokens: int


@dataclass(frozen=True, slots=True)
class SpeakerSettings:
    governor_hops: int
    nearby_name_window: int
    inverted_name_window: int
    dateline_min_chars: int


@dataclass(frozen=True, slots=True)
class LayoutSettings:
    turn_label_max_chars: int
    turn_label_max_caps_words: int
    turn_label_max_words: int
    headline_reach_chars: int
    headline_max_words: int
    title_case_min_words: int
    title_case_min_share: float


@dataclass(frozen=True, slots=True)
class ConfidenceSettings:
    direct_balanced: float
    direct_unbalanced: float
    direct_cue_base: float
    direct_cue_weight: float
    direct_no_source: float
    mixed_words_base: float
    mixed_words_weight: float
    clause_base: float
    clause_weight: float
    clause_no_source: float
    according_to: float
    credit_line: float
    floating_balanced: float
    floating_unbalanced: float
    floating_other_paragraph: float
    turn: float
    headline: float
    unresolved_speaker: float


@dataclass(frozen=True, slots=True)
class AttributionSettings:
    """All tunables; one field per ``[section]`` of the settings file."""

    cues: CueSettings
    quotes: QuoteSettings
    clauses: ClauseSettings
    speakers: SpeakerSettings
    layout: LayoutSettings
    confidence: ConfidenceSettings


class SettingsError(ValueError):
    """The settings file is incomplete or malformed: names the file, key and fix."""


def load_settings(path: Path = SETTINGS_FILE) -> AttributionSettings:
    """Read a settings file; every section and key of ``AttributionSettings`` is required
    and no other is allowed, so a typo cannot silently leave a value unset."""
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(path.read_text(encoding="utf-8"), source=str(path))
    except (OSError, configparser.Error) as exc:
        raise SettingsError(f"cannot read attribution settings {path}: {exc}") from exc
    unknown = set(parser.sections()) - set(GROUPS)
    if unknown:
        raise SettingsError(f"{path}: unknown section(s) {sorted(unknown)}; "
                            f"the sections are {sorted(GROUPS)}")
    groups: dict[str, Any] = {}  # section name → its settings dataclass, checked by GROUPS
    for name, group in GROUPS.items():
        if not parser.has_section(name):
            raise SettingsError(f"{path}: section [{name}] is missing; copy it from "
                                f"{SETTINGS_FILE}")
        groups[name] = _read_group(path, name, parser[name], group)
    return AttributionSettings(**groups)


# Section name → the settings group it fills (the fields of AttributionSettings).
GROUPS: dict[str, type] = {
    "cues": CueSettings,
    "quotes": QuoteSettings,
    "clauses": ClauseSettings,
    "speakers": SpeakerSettings,
    "layout": LayoutSettings,
    "confidence": ConfidenceSettings,
}


def _read_group(path: Path, name: str, section: configparser.SectionProxy, group: type
                ) -> object:
    # Field types are annotation strings here ("int", "float": from __future__ annotations).
    wanted = {f.name: f.type for f in fields(group)}
    extra = set(section) - set(wanted)
    if extra:
        raise SettingsError(f"{path}: [{name}] has unknown key(s) {sorted(extra)}; "
                            f"the keys are {sorted(wanted)}")
    values: dict[str, int | float] = {}
    for key, kind in wanted.items():
        if key not in section:
            raise SettingsError(f"{path}: [{name}] lacks {key}; copy it from {SETTINGS_FILE}")
        raw = section[key]
        try:
            values[key] = int(raw) if kind == "int" else float(raw)
        except ValueError:
            raise SettingsError(f"{path}: [{name}] {key} = {raw!r} is not "
                                f"{'a whole number' if kind == 'int' else 'a number'}"
                                ) from None
    return group(**values)


@cache
def default_settings() -> AttributionSettings:
    """The shipped settings, read once per process."""
    return load_settings()
