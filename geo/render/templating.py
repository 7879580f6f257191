"""The Jinja environment of our templates (autoescaping on) and the few
formatters and escapers the templates and the map share: one place each."""

from __future__ import annotations

import html
import json
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import jinja2
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from ..measure.distance import describe
from ..model import Role, Source

__all__ = ["environment", "render", "escape", "safe_url", "script_json", "km", "degrees", "ROLE_NOTES"]

#: How a mention's role is told to the reader, before the place's name.
ROLE_NOTES = {
    Role.LITERAL: "",
    Role.ASSOCIATIVE: "Associated with (not located in) ",
    Role.METONYMIC: "Stands for the government of ",
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


def _dumps(value: Any, **options: Any) -> str:
    """``json.dumps``, with U+2028 and U+2029 escaped too: JavaScript before
    ES2019 ends a string literal at either, and Jinja leaves them as they are."""
    return json.dumps(value, **options).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def script_json(value: Any) -> Markup:
    """Compact JSON, keys sorted, safe inside ``<script>``: Jinja's
    :func:`~jinja2.utils.htmlsafe_json_dumps` escapes ``<``, ``>``, ``&`` and ``'``."""
    return htmlsafe_json_dumps(value, dumps=_dumps, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def km(value: float) -> str:
    """A length as the pages show it: ``1,844.7 km``."""
    return f"{value:,.1f} km"


def degrees(value: float) -> str:
    """A bearing to the nearest degree: ``190°``."""
    return f"{value:.0f}\u00b0"


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
    env.filters["km"] = km
    env.filters["deg"] = degrees
    env.filters["describe"] = describe
    env.globals["role_notes"] = ROLE_NOTES
    env.globals["Role"] = Role
    env.globals["Source"] = Source
    return env


def render(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)


def escape(text: str) -> str:
    """*text* as HTML, quotes included."""
    return html.escape(text, quote=True)
