"""Geocoding backends behind one interface, and the chain that asks them in order.

* :class:`~geo.resolve.geocoders.curated.CuratedGeocoder`: ``places.yaml`` (authoritative);
* :class:`~geo.resolve.geocoders.offline.OfflineGeocoder`: the GeoNames index shipped offline;
* :class:`~geo.resolve.geocoders.online.OnlineGeocoder`: any geopy geocoder (Nominatim by
  default), rate-limited and cached on disk; used only when asked for.
"""

from .base import Geocoder, Query
from .chain import GeocoderChain
from .curated import CuratedGeocoder
from .offline import OfflineGeocoder

__all__ = ["Geocoder", "Query", "GeocoderChain", "CuratedGeocoder", "OfflineGeocoder"]
