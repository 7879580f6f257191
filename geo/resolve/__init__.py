"""Stage 3, resolved places: the offline gazetteer (and its builder), the geocoder
backends and their chain, and the geoparser that chooses among namesakes by evidence."""
