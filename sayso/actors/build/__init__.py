"""Regenerate the shipped knowledge-base files (``sayso/actors/data``) from their sources.

Run ``python -m sayso.actors.build [--phoenix DIR]``. The sources (the Phoenix dictionaries
in ``../shared/data/actors/phoenix``, pycountry, country_converter and
``build/sources/countries_extra.tsv``) are needed only here, never at run time.
"""
