"""Geodesy on WGS84: distances and bearings, great-circle lines for the map, and
country outlines. Used by resolution (spatial coherence), claims and the map."""
