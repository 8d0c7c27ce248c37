"""JSON Schemas of the API's answers, read from the records they are made of.

The store's records (``QuoteHit``, ``ArticleRecord`` …, ``Correction``) are dataclasses; their
type hints become OpenAPI components (every field required, no others), so the documented
shape of a quote is the one flat row the store hands out and cannot drift from it. The
answers the web builds around them (pages, search, timelines, the actor view) are declared
here from those components. ``tests/web/apifuzz.py`` checks every generated request's
answer against them.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from typing import Any  # Any: JSON Schema documents are JSON

REF = "#/components/schemas/"
Schema = dict[str, Any]

STRING: Schema = {"type": "string"}
NULLABLE_STRING: Schema = {"type": ["string", "null"]}
INTEGER: Schema = {"type": "integer"}
# Dates and date-times are ISO 8601 with the offset the source stated, or without one when it
# stated none: not always RFC 3339 "date-time", so no format is claimed.
ISO_DATE: Schema = {"type": "string", "description": "ISO 8601 date or date-time"}


def ref(name: str) -> Schema:
    return {"$ref": REF + name}


def nullable(schema: Schema) -> Schema:
    return {"anyOf": [schema, {"type": "null"}]}


def obj(properties: dict[str, Schema], *, extra: Schema | bool = False) -> Schema:
    """An object with exactly these properties, all present (``extra``: what other keys hold)."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": extra,
    }


def type_schema(hint: Any, found: dict[str, type]) -> Schema:
    """The JSON Schema of a value of type ``hint`` as ``to_dict()`` writes it; dataclasses
    become references, collected in ``found``."""
    origin = typing.get_origin(hint)
    if hint is Any:
        return {}
    if hint is type(None):
        return {"type": "null"}
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return INTEGER
    if hint is float:
        return {"type": "number"}
    if hint is str:
        return STRING
    if hint in (datetime, date):
        return ISO_DATE
    if origin is typing.Literal:
        return {"enum": list(typing.get_args(hint))}
    if origin in (typing.Union, types.UnionType):
        options = [type_schema(arg, found) for arg in typing.get_args(hint)]
        plain = [o.get("type") for o in options]
        if all(isinstance(t, str) and len(o) == 1 for t, o in zip(plain, options, strict=True)):
            return {"type": plain}  # e.g. ["string", "null"]
        return {"anyOf": options}
    if origin in (list, tuple):
        (item,) = typing.get_args(hint)[:1]
        return {"type": "array", "items": type_schema(item, found)}
    if origin is dict:
        _, value = typing.get_args(hint)
        return {"type": "object", "additionalProperties": type_schema(value, found)}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        found[hint.__name__] = hint
        return ref(hint.__name__)
    raise TypeError(f"no JSON Schema for {hint!r}")


def record_schema(
    cls: type, found: dict[str, type], extra: dict[str, Schema] | None = None
) -> Schema:
    """A record's fields (in order) as an object schema; ``extra`` adds keys a view adds."""
    hints = typing.get_type_hints(cls)
    properties = {f.name: type_schema(hints[f.name], found) for f in dataclasses.fields(cls)}
    schema = obj({**properties, **(extra or {})})
    if cls.__doc__ and not cls.__doc__.startswith(cls.__name__ + "("):  # not the generated one
        schema["description"] = " ".join(cls.__doc__.split())
    return schema


def components() -> dict[str, Schema]:
    """Every schema the API's answers refer to: the records, then the web's own answers."""
    from sayso.store.corrections import Correction
    from sayso.store.records import (
        ActorRecord,
        ArticleRecord,
        ArticleSummary,
        DyadPoint,
        FacetValue,
        NetworkEdge,
        NetworkNode,
        QuoteHit,
        RelationHit,
        StatementRecord,
        StatementSummary,
    )

    found: dict[str, type] = {}
    schemas: dict[str, Schema] = {}
    todo: list[type] = [
        QuoteHit,
        StatementSummary,
        StatementRecord,
        ArticleSummary,
        ArticleRecord,
        ActorRecord,
        RelationHit,
        FacetValue,
        NetworkNode,
        NetworkEdge,
    ]
    while todo:  # the records, and the records inside them (EntityRecord, Role, …)
        cls = todo.pop(0)
        if cls.__name__ not in schemas:
            schemas[cls.__name__] = record_schema(cls, found)
            todo += [c for name, c in found.items() if name not in schemas]
    # Views: a record with what the web adds to it.
    schemas["Correction"] = record_schema(
        Correction,
        found,
        {"id": STRING, "what": {"type": "string", "description": "the correction in words"}},
    )
    dyad = record_schema(DyadPoint, found, {"label": STRING})
    dyad["properties"]["mean_score"] = {"type": ["number", "null"]}  # null: no relation
    schemas["DyadPoint"] = dyad
    neighbour = obj(
        {
            "id": STRING,
            "name": STRING,
            "reports": INTEGER,
            "first": nullable(ISO_DATE),
            "last": nullable(ISO_DATE),
        }
    )
    schemas["ActorView"] = record_schema(
        ActorRecord,
        found,
        {
            "talks_about": {"type": "array", "items": neighbour},
            "talked_about_by": {"type": "array", "items": neighbour},
        },
    )
    for item in ("QuoteHit", "StatementSummary", "ArticleSummary", "ActorRecord", "RelationHit"):
        schemas[f"{item}Page"] = page(ref(item))
    schemas.update(ANSWERS)
    return schemas


def page(item: Schema) -> Schema:
    """One page of a list: its rows, how many, and the cursor and link of the next page."""
    return obj(
        {
            "items": {"type": "array", "items": item},
            "count": INTEGER,
            "next_cursor": {**NULLABLE_STRING, "description": "pass as cursor; null: last page"},
            "next": {**NULLABLE_STRING, "description": "the next page's path and query"},
        }
    )


NAMED_ACTOR = {"id": STRING, "name": STRING, "type": NULLABLE_STRING, "country": NULLABLE_STRING}
# The answers the web builds (rest.py), by component name.
ANSWERS: dict[str, Schema] = {
    "Index": obj(
        {
            "name": STRING,
            "version": STRING,
            "openapi": STRING,
            "endpoints": {"type": "object", "additionalProperties": STRING},
            "csv": STRING,
        }
    ),
    "Search": obj(
        {
            "total": {**INTEGER, "description": "quotes matching, every report counted"},
            "quotes": ref("QuoteHitPage"),
            "facets": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": ref("FacetValue")},
            },
            "actors": {"type": "array", "items": ref("ActorRecord")},
        }
    ),
    "Suggestions": obj(
        {
            "q": NULLABLE_STRING,
            "actors": {
                "type": "array",
                "items": obj(
                    {
                        **NAMED_ACTOR,
                        "reports": INTEGER,
                        "statements": INTEGER,
                        "mentioned_in": INTEGER,
                        "said_by": {**STRING, "description": "search page of their words"},
                        "about": {**STRING, "description": "search page of words about them"},
                    }
                ),
            },
        }
    ),
    "Timeline": obj(
        {
            "interval": {"enum": ["day", "week", "month", "year"]},
            "count": {"enum": ["reports", "statements"]},
            "filters": {"type": "object", "additionalProperties": STRING},
            "series": {
                "type": "array",
                "items": obj({"period": STRING, "start": ISO_DATE, "count": INTEGER}),
            },
        }
    ),
    "Network": obj(
        {
            "nodes": {"type": "array", "items": ref("NetworkNode")},
            "edges": {"type": "array", "items": ref("NetworkEdge")},
        }
    ),
    "Dyad": obj(
        {
            "a": {"type": "array", "items": STRING},
            "b": {"type": "array", "items": STRING},
            "level": {"enum": ["country", "actor"]},
            "interval": {"enum": ["week", "month", "year"]},
            "points": {"type": "array", "items": ref("DyadPoint")},
        }
    ),
    "Added": obj(
        {
            "id": STRING,
            "title": NULLABLE_STRING,
            "quotes": {**INTEGER, "description": "quotes found"},
            "status": {**NULLABLE_STRING, "description": "inserted, updated or unchanged"},
            "url": {**STRING, "description": "the article's page"},
            "api": {**STRING, "description": "the article in this API"},
        }
    ),
    "Corrections": obj({"corrections": {"type": "array", "items": ref("Correction")}}),
    "Corrected": obj(
        {
            "corrections": {"type": "array", "items": ref("Correction")},
            "articles": {**INTEGER, "description": "stored articles the correction changed"},
        }
    ),
}


def json_answer(name: str, description: str = "Successful Response") -> Schema:
    """A route's ``responses`` entry: JSON of the component ``name``."""
    return {"description": description, "content": {"application/json": {"schema": ref(name)}}}
