"""Finding the place mentions of an article (see :mod:`geo.find.mentions`).

``mentions`` is the entry point; ``pipeline`` runs the finders of ``finders``
in order over a ``scan`` of the article; ``aliases`` indexes the curated names,
``words`` and ``rules`` hold what the finders know about words and names, and
``ner`` wraps spaCy's named-entity recogniser.
"""
