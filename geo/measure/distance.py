"""Geodesic distances and bearings on the WGS84 ellipsoid.

Model: the shortest path on the WGS84 ellipsoid between the places' reference
points (Karney's algorithm, as implemented by PROJ's ``geod``). A city or a
country is a point here, so a base 47 km from Kabul's centre may be 40 km from
its edge. :func:`distance_matrix` applies the same model to every ordered pair
of a list of points at once.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol

import numpy as np
from numpy.typing import ArrayLike
from pyproj import Geod

from ..model import Distance

__all__ = ["WGS84", "aeqd", "geodesic", "geodesic_km", "distance_matrix", "compass", "COMPASS_POINTS", "describe", "distance_label"]

#: The WGS84 ellipsoid (a = 6378137 m, f = 1/298.257223563, NIMA TR8350.2).
WGS84 = Geod(ellps="WGS84")

COMPASS_POINTS = (
    "N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
    "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW",
)


class _Located(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def lat(self) -> float: ...
    @property
    def lon(self) -> float: ...


def compass(bearing_deg: float) -> str:
    """The 16-point compass word of a bearing: ``compass(190.4) == "S"``."""
    return COMPASS_POINTS[int(((bearing_deg % 360) + 11.25) // 22.5) % 16]


def geodesic(origin: _Located, target: _Located) -> Distance:
    """Distance and initial bearing from *origin* to *target*.

    >>> from geo.model import Place
    >>> bagram = Place("bagram", "Bagram", "airbase", 34.9461, 69.2650)
    >>> kabul = Place("kabul", "Kabul", "capital", 34.52813, 69.17233)
    >>> d = geodesic(bagram, kabul)
    >>> round(d.distance_km, 1), round(d.bearing_deg), d.compass
    (47.1, 190, 'S')
    """
    azimuth, _, metres = WGS84.inv(origin.lon, origin.lat, target.lon, target.lat)
    bearing = round(azimuth % 360.0, 6) % 360.0
    return Distance(
        origin=origin.id,
        target=target.id,
        distance_km=round(metres / 1000.0, 6),
        bearing_deg=bearing,
        compass=compass(bearing),
    )


def describe(distance: Distance) -> str:
    """How a distance reads wherever it is shown.

    >>> describe(Distance("a", "b", 47.08, 190.4, "S"))
    '47.1 km, bearing 190° (S)'
    """
    return f"{distance.distance_km:,.1f} km, bearing {distance.bearing_deg:.0f}° ({distance.compass})"


def distance_label(origin: str, target: str, distance: Distance) -> str:
    """The label of a distance line on the map: ``"Bagram Air Base → Kabul: 47.1 km, bearing 190° (S)"``."""
    return f"{origin} → {target}: {describe(distance)}"


def geodesic_km(origin: _Located, target: _Located) -> float:
    """Geodesic distance in kilometres."""
    return WGS84.inv(origin.lon, origin.lat, target.lon, target.lat)[2] / 1000.0


def _coordinates(values: ArrayLike, name: str) -> np.ndarray:
    """*values* as a 1-D float64 array of finite numbers, or ValueError."""
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numbers: {exc}") from None
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
    bad = np.flatnonzero(~np.isfinite(array))
    if bad.size:
        raise ValueError(f"{name} must be finite; {name}[{bad[0]}] is {array[bad[0]]}")
    return array


def distance_matrix(
    lats: ArrayLike,
    lons: ArrayLike,
    *,
    block_rows: int = 256,
) -> tuple[np.ndarray, np.ndarray]:
    """Distances and initial bearings between every ordered pair of *N* points.

    The model is that of :func:`geodesic` (WGS84, Karney's algorithm through
    :data:`WGS84`), computed with vectorised :meth:`pyproj.Geod.inv` calls.

    Parameters
    ----------
    lats, lons : array_like of float, shape (N,)
        Latitudes in degrees, in [-90, 90], and longitudes in degrees (any
        finite value, taken modulo 360). Both finite and of the same length.
    block_rows : int, default 256
        Rows of the matrix computed per ``Geod.inv`` call. Temporary memory is
        O(block_rows * N), besides the two N x N results.

    Returns
    -------
    km : numpy.ndarray of float64, shape (N, N)
        ``km[i, j]`` is the geodesic distance in kilometres from point *i* to
        point *j*. Symmetric; the diagonal is 0.
    bearing : numpy.ndarray of float64, shape (N, N)
        ``bearing[i, j]`` is the initial bearing in degrees, in [0, 360), from
        point *i* towards point *j*. Not symmetric. Off the diagonal it is what
        ``geodesic(point_i, point_j).bearing_deg`` gives, before that
        function's rounding to 1e-6 degrees -- including its convention for two
        distinct entries at the same place. The diagonal is NaN: a point has
        no bearing to itself, and a NaN cannot pass unnoticed as north.

    Raises
    ------
    ValueError
        If the inputs are not one-dimensional arrays of finite numbers of the
        same length, if a latitude is outside [-90, 90], or if *block_rows*
        is below 1.

    Notes
    -----
    Only the pairs i < j are handed to ``Geod.inv``: its first return value is
    the bearing from *i* to *j*, its second, the back azimuth, the bearing from
    *j* to *i*, and the distance serves both. Karney's algorithm puts the two
    points in a canonical order (larger absolute latitude first), so the back
    azimuth is the forward azimuth of the reversed call, except when both
    points have the same absolute latitude: there the order is not canonical,
    and when the geodesic is not unique (coincident or antipodal points) the
    reversed call may pick the other one. For those pairs the bearing from *j*
    to *i* is computed by a reversed call, as :func:`geodesic` would.

    Examples
    --------
    >>> km, bearing = distance_matrix([34.9461, 34.52813], [69.2650, 69.17233])
    >>> round(float(km[0, 1]), 1), round(float(bearing[0, 1])), round(float(bearing[1, 0]))
    (47.1, 190, 10)
    >>> float(km[1, 1]), float(bearing[1, 1])
    (0.0, nan)
    """
    lat = _coordinates(lats, "lats")
    lon = _coordinates(lons, "lons")
    if lat.shape != lon.shape:
        raise ValueError(f"lats and lons must have the same length, got {lat.size} and {lon.size}")
    outside = np.flatnonzero(np.abs(lat) > 90.0)
    if outside.size:
        raise ValueError(f"latitudes must be in [-90, 90]; lats[{outside[0]}] is {lat[outside[0]]}")
    if isinstance(block_rows, bool) or not isinstance(block_rows, (int, np.integer)) or block_rows < 1:
        raise ValueError(f"block_rows must be a positive integer, got {block_rows!r}")

    n = lat.size
    km = np.zeros((n, n), dtype=np.float64)
    bearing = np.full((n, n), np.nan, dtype=np.float64)
    columns = np.arange(n)
    for first in range(0, n, block_rows):
        rows = np.arange(first, min(first + block_rows, n))
        i, j = np.nonzero(columns[np.newaxis, :] > rows[:, np.newaxis])
        if i.size == 0:
            continue
        i += first
        forward, back, metres = WGS84.inv(lon[i], lat[i], lon[j], lat[j])
        km[i, j] = km[j, i] = metres / 1000.0
        bearing[i, j] = forward
        bearing[j, i] = back
        tie = np.flatnonzero(np.abs(lat[i]) == np.abs(lat[j]))
        if tie.size:
            it, jt = i[tie], j[tie]
            bearing[jt, it] = WGS84.inv(lon[jt], lat[jt], lon[it], lat[it])[0]
    np.mod(bearing, 360.0, out=bearing)
    # A tiny negative azimuth becomes exactly 360.0 modulo 360 in floating point.
    bearing[bearing >= 360.0] = 0.0
    return km, bearing


@lru_cache(maxsize=256)
def aeqd(lat: float, lon: float):
    """Transformers to and from the azimuthal equidistant projection centred on a point: there,
    distances from the centre are true geodesic distances (WGS84)."""
    from pyproj import Transformer

    projection = f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m"
    return (Transformer.from_crs("EPSG:4326", projection, always_xy=True),
            Transformer.from_crs(projection, "EPSG:4326", always_xy=True))
