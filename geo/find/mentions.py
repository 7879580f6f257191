"""Find place mentions in an article: the entry point of :mod:`geo.find`.

:func:`find_mentions` runs the finders of :data:`~geo.find.pipeline.FINDERS`
over the article, in order of authority; a word one finder takes, the later
ones leave alone:

1. **alias** (:mod:`geo.find.aliases`): every name and alias of
   ``places.yaml``; case-, possessive-, punctuation- and diacritic-aware
   ("Afghanistan's", "U.S.", "Bagram air base"); acronyms match only in
   capitals ("US" never matches "us").
2. **ner**: places (GPE, LOC, FAC) that spaCy's named-entity recogniser marks
   (:mod:`geo.find.ner`), with its usual noise filtered out; its people and
   organisations block gazetteer names inside them ("Adam Boehler", "Truth
   Social"), and its nationalities are demonyms.
3. **context**: capitalised names after a locative preposition ("in Xyz",
   "near Xyz") that no gazetteer knows. They are kept as mentions, resolved
   online when asked for, and otherwise listed as unresolved.
4. **gazetteer**: capitalised word sequences that are names in the offline
   GeoNames index, with filters against people, organisations and common
   words; it catches what NER misses, notably Central Asian and Middle
   Eastern names. Then, one sense per discourse, the same names wherever
   else they stand, and names the text defines as places ("Aurora is a city").
5. **demonym**: "Afghan", "Americans": associative mentions of a country.

Capitals and countries followed by a verb of speech or decision ("Washington
said", "Kabul rejected") are marked as metonymic.

The finders never look into the article's debris spans. Each finder is a
function of :mod:`geo.find.finders` that can run alone on a
:class:`~geo.find.scan.Scan`; the word lists they consult are in
:mod:`geo.find.words`, their judgements in :mod:`geo.find.rules`.
"""

from __future__ import annotations

from .aliases import AliasIndex
from .pipeline import FINDERS, find_mentions, find_names
from .scan import AREA_KINDS, GazetteerHit, NameLookup

__all__ = ["AliasIndex", "find_mentions", "find_names", "NameLookup", "GazetteerHit", "AREA_KINDS", "FINDERS"]
