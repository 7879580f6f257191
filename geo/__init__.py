"""geo-storymap: turn news articles into an interactive geospatial story map.

The pipeline runs one way: articles -> mentions -> resolved places ->
distances -> map and exports. See :func:`geo.build.pipeline.build_story`.
"""

__version__ = "0.1.0"
