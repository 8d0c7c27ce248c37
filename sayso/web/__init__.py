"""The web UI and REST API (``sayso serve``): explore who said what, about whom, when."""

from sayso.web.app import create_app

__all__ = ["create_app"]
