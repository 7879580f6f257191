"""The Jinja environment for our templates: autoescaping on, one place."""

from __future__ import annotations

import html
import json
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

__all__ = ["environment", "render", "safe_url", "script_json", "ROLE_NOTES"]

#: How a mention's role is told to the reader, before the place's name.
ROLE_NOTES = {
    "literal": "",
    "associative": "Associated with (not located in) ",
    "metonymic": "Stands for the government of ",
}


def safe_url(url: str) -> str:
    """*url* if it is an http(s) address, else an empty string (never ``javascript:``)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return parts.geturl()


def script_json(value: Any) -> Markup:
    """JSON safe to put inside ``<script>``: ``<``, ``>``, ``&`` and quotes escaped."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return Markup(text)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("geo.render", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["safe_url"] = safe_url
    env.filters["script_json"] = script_json
    env.globals["role_notes"] = ROLE_NOTES
    env.filters["km"] = lambda v: f"{v:,.1f} km"
    env.filters["deg"] = lambda v: f"{v:.0f}\u00b0"
    return env


def render(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)


def escape(text: str) -> str:
    return html.escape(text, quote=True)
