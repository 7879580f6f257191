#!/usr/bin/env python3
"""A battery of invented claim sentences, checked end to end and against an independent truth.

    python benchmarks/claims.py [--verbose]

Each sentence becomes one article of a project with nothing curated; ``geo claims`` (the
library call behind it) finds and checks its claim. The expected verdict is not written by
hand: it follows from the sentence's stated distance, hedge and direction, and from a true
distance computed here independently of the tool:

- between two places: a geodesic (pyproj's Geod) between coordinates typed in from public
  references (not the tool's gazetteer);
- to a border: the line two named countries share in Natural Earth's 1:10m outlines, cut into
  points 100 m apart, the least geodesic to any of them (brute force, not the tool's projection);
- to a coast: the same over the outline of the land (Natural Earth 1:10m) within that country, or
  of the land a named place stands on, less the coast of the island the subject stands on.

The rules applied are the documented ones (``geo/claims/verify.py``, ``geo/claims/borders.py``):
± 10 % without a hedge, ± 20 % for "about", 0–102 % for "within" or "less than", the compass
sector ± its half-width and 10°, 10 km "on", 50 km "near", 25 km "just across" a border.
A third of the sentences are wrong on purpose; a few cannot be checked (no place, a road).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from pyproj import Geod

GEOD = Geod(ellps="WGS84")

#: Coordinates from public references (lat, lon), not from the tool's gazetteer.
COORDS = {
    "London": (51.5074, -0.1278), "Paris": (48.8566, 2.3522), "Berlin": (52.5200, 13.4050),
    "Warsaw": (52.2297, 21.0122), "Madrid": (40.4168, -3.7038), "Lisbon": (38.7223, -9.1393),
    "Rome": (41.9028, 12.4964), "Naples": (40.8518, 14.2681), "Cairo": (30.0444, 31.2357),
    "Alexandria": (31.2001, 29.9187), "Nairobi": (-1.2921, 36.8219), "Mombasa": (-4.0435, 39.6682),
    "Tokyo": (35.6762, 139.6503), "Osaka": (34.6937, 135.5023), "Sydney": (-33.8688, 151.2093),
    "Canberra": (-35.2809, 149.1300), "Chicago": (41.8781, -87.6298), "Detroit": (42.3314, -83.0458),
    "Moscow": (55.7558, 37.6173), "Saint Petersburg": (59.9311, 30.3609), "Key West": (24.5551, -81.7800),
    "Havana": (23.1136, -82.3666), "Kharkiv": (49.9935, 36.2304), "Przemyśl": (49.7838, 22.7678),
    "Lahore": (31.5204, 74.3587), "Mosul": (36.3400, 43.1300), "Aleppo": (36.2021, 37.1343),
    "Geneva": (46.2044, 6.1432), "Strasbourg": (48.5734, 7.7521), "El Paso": (31.7619, -106.4850),
    "Madrid ": (40.4168, -3.7038), "Denver": (39.7392, -104.9903), "Rafah": (31.2969, 34.2455),
    "Basel": (47.5596, 7.5886), "Lyon": (45.7640, 4.8357), "Tijuana": (32.5149, -117.0382),
    "Windsor": (42.3149, -83.0364), "Kabul": (34.5553, 69.2075), "Perth": (-31.9505, 115.8605),
    "Lviv": (49.8397, 24.0297), "Dresden": (51.0504, 13.7373), "Vienna": (48.2082, 16.3738),
    "Bratislava": (48.1486, 17.1077), "Gibraltar": (36.1408, -5.3536), "Jersey": (49.1858, -2.1100),
    "Zanzibar": (-6.1659, 39.2026), "Malta": (35.8989, 14.5146), "Sicily": (37.6000, 14.0154),
}


@dataclass(frozen=True)
class Case:
    sentence: str
    truth: tuple  # ("point", A, B) | ("border", subject, ISO3, ISO3 of a neighbour) | ("inland", subject)
    #             | ("coast", subject, ISO3 or a place whose land's coast it is)
    stated_km: float | None  # None for "on/near/across the border" and for unverifiable cases
    hedge: str = "exact"  # "exact", "approx", "below", "above", "at_most"
    direction: str | None = None  # compass sector the sentence states, from the reference
    proximity: str = ""  # "on-border", "near-border", "across-border"
    inside: str = ""  # "across-border": the subject must lie in this country (ISO3)
    unverifiable: bool = False


MI, NMI = 1.609344, 1.852
CASES = [
    # Between two places.
    Case("Paris lies about 340 km south-east of London.", ("point", "London", "Paris"), 340, "approx", "SE"),
    Case("Paris is about 500 km from London.", ("point", "London", "Paris"), 500, "approx"),
    Case("Warsaw is about 520 km east of Berlin.", ("point", "Berlin", "Warsaw"), 520, "approx", "E"),
    Case("Warsaw lies some 520 km west of Berlin.", ("point", "Berlin", "Warsaw"), 520, "approx", "W"),
    Case("Lisbon is roughly 500 km west of Madrid.", ("point", "Madrid", "Lisbon"), 500, "approx", "W"),
    Case("Naples is about 190 km south-east of Rome.", ("point", "Rome", "Naples"), 190, "approx", "SE"),
    Case("Naples is almost 300 km from Rome.", ("point", "Rome", "Naples"), 300, "below"),
    Case("Alexandria is 180 km north-west of Cairo.", ("point", "Cairo", "Alexandria"), 180, "exact", "NW"),
    Case("Alexandria is 180 km north-east of Cairo.", ("point", "Cairo", "Alexandria"), 180, "exact", "NE"),
    Case("Mombasa lies about 440 km south-east of Nairobi.", ("point", "Nairobi", "Mombasa"), 440, "approx", "SE"),
    Case("Osaka is some 400 kilometres west of Tokyo.", ("point", "Tokyo", "Osaka"), 400, "approx", "W"),
    Case("Osaka is about 250 miles from Tokyo.", ("point", "Tokyo", "Osaka"), 250 * MI, "approx"),
    Case("Osaka is about 400 miles from Tokyo.", ("point", "Tokyo", "Osaka"), 400 * MI, "approx"),
    Case("Canberra lies nearly 250 km south-west of Sydney.", ("point", "Sydney", "Canberra"), 250, "below", "SW"),
    Case("Detroit is more than 500 km from Chicago.", ("point", "Chicago", "Detroit"), 500, "above"),
    Case("Saint Petersburg is about 630 km north-west of Moscow.", ("point", "Moscow", "Saint Petersburg"), 630, "approx", "NW"),
    Case("Havana lies about 90 nautical miles south of Key West.", ("point", "Key West", "Havana"), 90 * NMI, "approx", "S"),
    Case("Havana lies 300 nautical miles south of Key West.", ("point", "Key West", "Havana"), 300 * NMI, "exact", "S"),
    Case("Dresden is about 160 km south of Berlin.", ("point", "Berlin", "Dresden"), 160, "approx", "S"),
    Case("Bratislava is about 55 km east of Vienna.", ("point", "Vienna", "Bratislava"), 55, "approx", "E"),
    Case("Bratislava is about 150 km east of Vienna.", ("point", "Vienna", "Bratislava"), 150, "approx", "E"),
    # To a border.
    Case("Kharkiv, a city some 100 kilometres from the Russian border, was shelled again.",
         ("border", "Kharkiv", "RUS", "UKR"), 100, "approx"),
    Case("Kharkiv lies about 30 km from the Russian border.", ("border", "Kharkiv", "RUS", "UKR"), 30, "approx"),
    Case("Przemyśl, about 12 km from the Ukrainian border, took in refugees.",
         ("border", "Przemyśl", "UKR", "POL"), 12, "approx"),
    Case("Lahore lies about 20 km from the Indian border.", ("border", "Lahore", "IND", "PAK"), 20, "approx"),
    Case("Mosul is about 100 km from the border with Syria.", ("border", "Mosul", "SYR", "IRQ"), 100, "approx"),
    Case("Mosul is about 300 km from the Syrian border.", ("border", "Mosul", "SYR", "IRQ"), 300, "approx"),
    Case("Aleppo is about 45 km from the Turkish border.", ("border", "Aleppo", "TUR", "SYR"), 45, "approx"),
    Case("Geneva lies less than 10 km from the French border.", ("border", "Geneva", "FRA", "CHE"), 10, "at_most"),
    Case("Strasbourg is about 40 km from the German border.", ("border", "Strasbourg", "DEU", "FRA"), 40, "approx"),
    Case("El Paso lies within 5 km of the Mexican border.", ("border", "El Paso", "MEX", "USA"), 5, "at_most"),
    Case("Lviv is about 70 km from the Polish border.", ("border", "Lviv", "POL", "UKR"), 70, "approx"),
    Case("Kharkiv is about 30 km inside Ukraine.", ("border", "Kharkiv", "UKR", "RUS"), 30, "approx"),
    Case("Lviv is about 200 km inside Ukraine.", ("border", "Lviv", "UKR", "POL"), 200, "approx"),
    # Inland.
    Case("Nairobi lies about 440 km inland.", ("inland", "Nairobi"), 440, "approx"),
    Case("Madrid lies about 300 km inland.", ("inland", "Madrid"), 300, "approx"),
    Case("Paris is some 600 km inland.", ("inland", "Paris"), 600, "approx"),
    Case("Denver is about 1,000 miles inland.", ("inland", "Denver"), 1000 * MI, "approx"),
    Case("Lahore lies about 900 km inland.", ("inland", "Lahore"), 900, "approx"),
    # Off a coast.
    Case("Gibraltar lies about 25 km off the coast of Morocco.", ("coast", "Gibraltar", "MAR"), 25, "approx"),
    Case("Gibraltar lies about 80 km off the coast of Morocco.", ("coast", "Gibraltar", "MAR"), 80, "approx"),
    Case("Jersey lies about 25 km off the coast of France.", ("coast", "Jersey", "FRA"), 25, "approx"),
    Case("Zanzibar lies about 35 km off the coast of Tanzania.", ("coast", "Zanzibar", "TZA"), 35, "approx"),
    Case("Malta lies about 90 km off the coast of Sicily.", ("coast", "Malta", "Sicily"), 90, "approx"),
    Case("Malta lies about 30 km off the coast of Sicily.", ("coast", "Malta", "Sicily"), 30, "approx"),
    # On, near, just across a border.
    Case("Rafah lies on the border with Egypt.", ("border", "Rafah", "EGY", "PSE"), None, proximity="on-border"),
    Case("Aleppo lies on the border with Turkey.", ("border", "Aleppo", "TUR", "SYR"), None, proximity="on-border"),
    Case("Strasbourg sits on the German border.", ("border", "Strasbourg", "DEU", "FRA"), None, proximity="on-border"),
    Case("Basel lies near the German border.", ("border", "Basel", "DEU", "CHE"), None, proximity="near-border"),
    Case("Lyon lies near the Swiss border.", ("border", "Lyon", "CHE", "FRA"), None, proximity="near-border"),
    Case("Tijuana, just across the Mexican border, was busy.", ("border", "Tijuana", "MEX", "USA"), None,
         proximity="across-border", inside="MEX"),
    Case("Windsor, just across the Canadian border, was quiet.", ("border", "Windsor", "CAN", "USA"), None,
         proximity="across-border", inside="CAN"),
    Case("Detroit, just across the Canadian border, was quiet.", ("border", "Detroit", "CAN", "USA"), None,
         proximity="across-border", inside="CAN"),
    # What cannot be checked.
    Case("The epicentre was 80 km off the coast of Sumatra, officials said.", ("none",), None, unverifiable=True),
    Case("Bagram is a 60 km drive from Kabul.", ("none",), None, unverifiable=True),
]

BANDS = {"exact": (0.90, 1.10), "approx": (0.80, 1.20), "below": (0.85, 1.02), "above": (0.98, np.inf),
         "at_most": (0.0, 1.02)}
PROXIMITY_KM = {"on-border": 10.0, "near-border": 50.0, "across-border": 25.0}
SECTORS = {"N": 0, "NE": 45, "E": 90, "SE": 135, "S": 180, "SW": 225, "W": 270, "NW": 315}


def _shared_border(a: str, b: str):
    from geo.measure.outlines import fine_country_polygons

    outlines = fine_country_polygons()
    return shapely.intersection(outlines[a].boundary, outlines[b].buffer(0.01))


def _least_geodesic(lat: float, lon: float, lines) -> float:
    """The least geodesic (km) from a point to a line cut into points 100 m apart."""
    dense = shapely.segmentize(lines, 0.001)
    xy = shapely.get_coordinates(dense)
    _, _, metres = GEOD.inv(np.full(len(xy), lon), np.full(len(xy), lat), xy[:, 0], xy[:, 1])
    return float(np.min(metres)) / 1000.0


def _land_outline_near(lat: float, lon: float):
    from geo.measure.basemap import _layer

    geometries, tree = _layer("land")
    area = shapely.box(lon - 40, lat - 25, lon + 40, lat + 25)
    return shapely.union_all([shapely.intersection(shapely.boundary(geometries[i]), area) for i in tree.query(area)])


def _land_part(lat: float, lon: float):
    from geo.measure.basemap import _layer

    geometries, tree = _layer("land")
    point = shapely.Point(lon, lat)
    parts = [p for i in tree.query(point) for p in shapely.get_parts(geometries[i]) if p.contains(point)]
    return parts[0] if parts else None


def _coast_of(owner: str, lat: float, lon: float):
    """A country's coast (the land's outline within it), or the coast of the land a named place
    stands on; less the coast of the island the subject stands on ("off" means another shore)."""
    from geo.measure.outlines import fine_country_polygons

    if owner in COORDS:
        lines = _land_part(*COORDS[owner]).boundary
    else:
        lines = shapely.intersection(_land_outline_near(lat, lon), fine_country_polygons()[owner].buffer(0.02))
    island = _land_part(lat, lon)
    if island is not None and island.area < 10:
        lines = shapely.difference(lines, island.boundary.buffer(0.02))
    return lines


def truth(case: Case) -> tuple[float | None, float | None, bool | None]:
    """The true distance (km), the true bearing from the reference, and, for "just across",
    whether the subject lies in the country named: all computed independently of the tool."""
    kind = case.truth[0]
    if kind == "point":
        (lat1, lon1), (lat2, lon2) = COORDS[case.truth[1]], COORDS[case.truth[2]]
        azimuth, _, metres = GEOD.inv(lon1, lat1, lon2, lat2)
        return metres / 1000.0, azimuth % 360.0, None
    if kind == "border":
        from geo.measure.outlines import fine_country_polygons

        lat, lon = COORDS[case.truth[1]]
        owner, other = case.truth[2], case.truth[3]
        inside = bool(fine_country_polygons()[case.inside].contains(shapely.Point(lon, lat))) if case.inside else None
        return _least_geodesic(lat, lon, _shared_border(owner, other)), None, inside
    if kind == "coast":
        lat, lon = COORDS[case.truth[1]]
        return _least_geodesic(lat, lon, _coast_of(case.truth[2], lat, lon)), None, None
    if kind == "inland":
        lat, lon = COORDS[case.truth[1]]
        return _least_geodesic(lat, lon, _land_outline_near(lat, lon)), None, None
    return None, None, None


def expected(case: Case) -> str:
    """The verdict the documented rules give for the independent truth."""
    if case.unverifiable:
        return "unverifiable"
    km, bearing, inside = truth(case)
    if case.proximity:
        ok = km <= PROXIMITY_KM[case.proximity] and (inside is not False)
        return "consistent" if ok else "inconsistent"
    low, high = BANDS[case.hedge]
    ok = case.stated_km * low <= km <= case.stated_km * high
    if case.direction and bearing is not None:
        off = abs((bearing - SECTORS[case.direction] + 180) % 360 - 180)
        ok = ok and off <= 22.5 + 10.0
    return "consistent" if ok else "inconsistent"


def run(verbose: bool) -> None:
    from geo.build import build_story

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "articles").mkdir()
        (root / "places.yaml").write_text("story:\n  title: Claims battery\n", encoding="utf-8")
        for n, case in enumerate(CASES):
            (root / "articles" / f"c{n:02d}.md").write_text(f"---\ntitle: c{n}\n---\n{case.sentence}\n", encoding="utf-8")
        story = build_story(root).story
        shutil.rmtree(root / "articles")
    got = {}
    for checked in story.claims:
        got.setdefault(checked.claim.article, checked)
    for n, case in enumerate(CASES):
        checked = got.get(f"c{n:02d}.md")
        verdict = checked.verdict if checked is not None else "not found"
        want = expected(case)
        km = truth(case)[0]
        rows.append((case.sentence, want, verdict, km, checked.computed_km if checked is not None else None,
                     checked.reason if checked is not None else ""))
    _report(rows, verbose)


def _report(rows: list[tuple], verbose: bool) -> None:
    right = sum(1 for _, want, got, *_ in rows if want == got)
    wrong_on_purpose = sum(1 for _, want, *_ in rows if want == "inconsistent")
    print(f"{right} of {len(rows)} verdicts right ({right / len(rows):.0%}); "
          f"{wrong_on_purpose} sentences wrong on purpose, {sum(1 for r in rows if r[1] == 'unverifiable')} uncheckable")
    print()
    print("| sentence | true km (independent) | tool km | expected | tool | |")
    print("|---|---|---|---|---|---|")
    for sentence, want, got, km, tool_km, reason in rows:
        mark = "ok" if want == got else "**MISS**"
        true_km = "–" if km is None else f"{km:,.1f}"
        measured = "–" if tool_km is None else f"{tool_km:,.1f}"
        print(f"| {sentence} | {true_km} | {measured} | {want} | {got} | {mark} |")
        if verbose and want != got:
            print(f"|  | | | | {reason} | |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true", help="print the tool's reason for each miss")
    run(parser.parse_args().verbose)


if __name__ == "__main__":
    main()
