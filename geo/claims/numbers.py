"""Numbers as news text writes them: "2,000", "2 000", "1.5 million", "forty",
"two thousand", "one hundred and fifty" (pure)."""

from __future__ import annotations

import re

__all__ = ["parse_number", "NUMBER_PATTERN"]

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "a": 1, "an": 1,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000}

_WORD = "|".join(sorted([*_UNITS, *_TENS, *_SCALES, "half", "dozen"], key=len, reverse=True))
_WORD_NUMBER = rf"(?:(?:half\s+an?\s+)?(?:{_WORD})(?:[\s-]+(?:and[\s-]+(?:an?\s+)?)?(?:{_WORD}))*)"
_DIGITS = r"(?<![\d.,])(?:\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE_AFTER = r"(?:[\s-]*(?:thousand|million|k)\b)?"

#: A number in digits (optionally followed by "thousand"/"million") or in words.
NUMBER_PATTERN = rf"(?:{_DIGITS}{_SCALE_AFTER}|\b{_WORD_NUMBER}\b)"


def _words_value(text: str) -> float | None:
    total = 0.0
    current = 0.0
    seen = False
    text = text.casefold()
    # "two and a half thousand", "one and a half": a half of the last unit.
    text = re.sub(r"\band\s+an?\s+half\b", "andhalf", text)
    text = re.sub(r"^half\s+an?(?:\s+|$)", "halfof ", text)
    half_pending = False
    for word in re.split(r"[\s-]+", text):
        if word == "andhalf":
            current += 0.5
            seen = True
            continue
        if word == "halfof":
            half_pending = True
            continue
        if not word or word == "and":
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "half":
            current = (current or 1) * 0.5
        elif word == "dozen":
            current = (current or 1) * 12
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in ("thousand", "million"):
            total += (current or 1) * _SCALES[word]
            current = 0
        else:
            return None
        seen = True
    if half_pending:
        return 0.5 * (total + current) if seen else 0.5  # "half a million", "half a (kilometre)"
    return total + current if seen else None


def parse_number(text: str) -> float | None:
    """The value of a number written in *text*, or ``None``.

    >>> parse_number("2,000"), parse_number("2 000"), parse_number("1.5 million"), parse_number("two thousand")
    (2000.0, 2000.0, 1500000.0, 2000.0)
    """
    text = text.strip()
    match = re.fullmatch(r"(\d[\d,\u00a0\u202f ]*(?:\.\d+)?)[\s-]*(thousand|million|k)?", text, re.IGNORECASE)
    if match:
        digits = re.sub(r"[,\u00a0\u202f ]", "", match.group(1))
        try:
            value = float(digits)
        except ValueError:
            return None
        scale = (match.group(2) or "").casefold()
        return value * {"thousand": 1_000, "k": 1_000, "million": 1_000_000}.get(scale, 1)
    return _words_value(text)
