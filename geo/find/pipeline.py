"""The mention finders in order, and ``find_mentions`` that runs them.

As in spaCy's ``Language``, the pipeline is a list of named steps with one
signature (:data:`FINDERS`); each reads and extends one
:class:`~geo.find.scan.Scan` of the article, whose mask of taken words keeps
a later, less trusted finder from finding again what an earlier one found.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from ..model import Article, Finder, Mention, Span
from ..text.spans import starting_before
from .aliases import AliasIndex
from .finders import (
    find_aliases,
    find_demonyms,
    find_entities,
    find_feature_names,
    find_gazetteer_names,
    find_listed_abbreviations,
    find_listed_names,
    find_located_names,
    find_locative_names,
    find_measured_names,
    find_paired_towns,
    find_region_abbreviations,
    find_repeated_names,
    find_standalone_abbreviations,
    mark_metonymy,
    note_definitions,
    note_people,
    note_set_aside,
    set_aside_disease_names,
    set_aside_notations,
)
from .kind_named import find_kind_named
from .ner import Entity
from .scan import DemonymLookup, NameLookup, Scan

__all__ = ["FINDERS", "Step", "find_mentions", "find_names", "run_finders"]

#: One step of the pipeline: reads and extends the scan of an article.
Step = Callable[[Scan], None]

#: The steps, in order of authority. A finder takes the words of its mentions
#: and the later ones leave them alone: curated aliases, the recogniser's
#: places, names after a locative preposition (these take no words),
#: gazetteer names among the capitals left, repeats of the names found, and
#: demonyms. ``people`` and ``definitions`` note what later steps need, from
#: the capitals left when they run; ``metonymy`` marks the places that act. ``located_names``
#: and ``listed_names`` overrule the recogniser's "person" or "organisation" where the text
#: puts the name somewhere ("in Dadu", "southwest of Corbin") or lists it among places;
#: ``paired_towns`` where it lists neighbouring towns together ("Kitchener and Guelph").
#: ``kind_named`` takes the names a kind of place follows in lower case ("Jhal Magsi and Naseerabad
#: districts", "the Ravi and Chenab rivers"), whatever the recogniser made of them.
#: ``feature_names`` keeps a natural feature's name whole ("Lake Erie", "Cumberland River");
#: ``measured_names`` takes a name the text gives a distance of ("Alexandria is 180 km ...").
#: ``standalone_abbreviations`` reads a state abbreviated on its own ("storms hit Ky. and Tenn."),
#: ``listed_abbreviations`` one listed with a place ("NSW and Queensland"). ``disease_names`` sets
#: aside a name the article gives a disease ("Ebola virus"), wherever it stands; ``notations`` a
#: name in a currency's sign or a virus strain's name ("US$", "A/California/7/2009").
FINDERS: tuple[tuple[str, Step], ...] = (
    ("aliases", find_aliases),
    ("region_abbreviations", find_region_abbreviations),
    ("standalone_abbreviations", find_standalone_abbreviations),
    ("people", note_people),
    ("entities", find_entities),
    ("definitions", note_definitions),
    ("locative_names", find_locative_names),
    ("feature_names", find_feature_names),
    ("gazetteer_names", find_gazetteer_names),
    ("located_names", find_located_names),
    ("measured_names", find_measured_names),
    ("listed_names", find_listed_names),
    ("listed_abbreviations", find_listed_abbreviations),
    ("kind_named", find_kind_named),
    ("paired_towns", find_paired_towns),
    ("repeated_names", find_repeated_names),
    ("disease_names", set_aside_disease_names),
    ("notations", set_aside_notations),
    ("demonyms", find_demonyms),
    ("metonymy", mark_metonymy),
    ("set_aside", note_set_aside),
)


def run_finders(scan: Scan, finders: Iterable[tuple[str, Step]] = FINDERS) -> Scan:
    """Run *finders* over *scan*, in order; returns *scan*."""
    for _, finder in finders:
        finder(scan)
    return scan


def find_names(
    article: Article,
    aliases: AliasIndex,
    lookup: NameLookup | None = None,
    country_names: Iterable[str] = (),
    entities: Sequence[Entity] = (),
    demonym: DemonymLookup | None = None,
) -> tuple[tuple[Mention, ...], tuple[Mention, ...]]:
    """Every place mention in *article*, and every name set aside (with
    :attr:`~geo.model.Mention.rejected` saying why), each in text order.

    *lookup* gives access to the offline gazetteer; without it only curated
    aliases, the recogniser's places that the text backs and locative names
    are found. *entities* are named entities of the article (from
    :mod:`geo.find.ner`): places among them are mentions, people and
    organisations block gazetteer names inside them. *demonym* maps a word
    ("Afghan") to a country code; *country_names* helps to recognise demonyms
    that are not in that table.
    """
    scan = run_finders(Scan.of(article, aliases, lookup, country_names, entities, demonym))
    text, sentences = scan.text, scan.sentences
    found = (
        Mention(article.name, f.start, f.end, text[f.start : f.end], " ".join(f.key),
                _sentence_of(sentences, f.start, f.end), f.place_id, f.finder, f.role, f.country)
        for f in sorted(scan.found, key=lambda f: (f.start, f.end))
    )
    aside = (
        Mention(article.name, start, end, text[start:end], " ".join(key), _sentence_of(sentences, start, end),
                finder=Finder.GAZETTEER, rejected=reason)
        for start, end, key, reason in sorted(scan.rejected)
    )
    return tuple(found), tuple(aside)


def find_mentions(
    article: Article,
    aliases: AliasIndex,
    lookup: NameLookup | None = None,
    country_names: Iterable[str] = (),
    entities: Sequence[Entity] = (),
    demonym: DemonymLookup | None = None,
) -> tuple[Mention, ...]:
    """Every place mention in *article*, in text order (see :func:`find_names`)."""
    return find_names(article, aliases, lookup, country_names, entities, demonym)[0]


def _sentence_of(sentences: tuple[Span, ...], start: int, end: int) -> Span:
    """The sentence that holds ``[start, end)`` (sentences are sorted and disjoint)."""
    index = starting_before(sentences, start, key=lambda s: s.start, inclusive=True)
    if index >= 0:
        span = sentences[index]
        if end <= span.end:
            return span
        if start < span.end:
            return Span(span.start, max(span.end, end))
    return Span(start, end)
