"""Shared fixtures: the repository's seed story, built once per test session."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path
from typing import Any

import pytest

from geo.build import BuildResult, build_story
from geo.resolve.gazetteer import Gazetteer, open_gazetteer

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    g = open_gazetteer()
    yield g
    g.close()


@pytest.fixture(scope="session")
def seed_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the seed story project (articles/ and places.yaml) in a temporary folder."""
    root = tmp_path_factory.mktemp("seed")
    shutil.copytree(REPO / "articles", root / "articles")
    shutil.copy(REPO / "places.yaml", root / "places.yaml")
    return root


@pytest.fixture(scope="session")
def seed_build(seed_project: Path) -> BuildResult:
    return build_story(seed_project)


def make_project(root: Path, places_yaml: str, articles: dict[str, str]) -> Path:
    """Write a small project folder for a test."""
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "places.yaml").write_text(places_yaml, encoding="utf-8")
    for name, text in articles.items():
        (root / "articles" / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """No proxies, and no connection to anything but 127.0.0.1 / ::1."""
    for var in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    real_connect = socket.socket.connect

    def connect(sock: socket.socket, address: Any) -> Any:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and address[0] not in ("127.0.0.1", "::1"):
            raise AssertionError(f"a test tried to reach the network: {address!r}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)


# A small newsroom archive for the scale tests: many short articles, one hostile.

CITIES = [
    ("Lyon", "France"), ("Porto", "Portugal"), ("Kraków", "Poland"), ("Nairobi", "Kenya"), ("Lima", "Peru"),
    ("Osaka", "Japan"), ("Perth", "Australia"), ("Tucson", "Arizona"), ("Winnipeg", "Canada"),
    ("Accra", "Ghana"), ("Bergen", "Norway"), ("Cebu", "the Philippines"), ("Quito", "Ecuador"),
    ("Tbilisi", "Georgia"), ("Mombasa", "Kenya"), ("Seville", "Spain"), ("Leipzig", "Germany"),
    ("Chiang Mai", "Thailand"), ("Valparaíso", "Chile"), ("Kandahar", "Afghanistan"),
]
HOSTILE_TITLE = '<img src=x onerror="window.__pwned=1">Report'
HOSTILE_BODY = 'Officials in Paris said </script><script>window.__pwned=2</script> nothing; {{ 7*7 }} stays text.'

PLACES_YAML = """story:
  title: "Regional desk archive"
  focus: kabul
  description: Short wire reports from many cities.
places:
  - id: kabul
    name: Kabul
    kind: capital
    lat: 34.52813
    lon: 69.17233
    country: AF
"""

PLACES_YAML_WITH_LYON = PLACES_YAML + """  - id: lyon
    name: Lyon
    kind: city
    lat: 45.74846
    lon: 4.84671
    country: FR
distances:
  - [kabul, lyon]
"""


def article(index: int) -> tuple[str, str]:
    city, country = CITIES[index % len(CITIES)]
    other, other_country = CITIES[(index * 7 + 3) % len(CITIES)]
    day = 1 + index % 28
    body = (
        f"Officials in {city}, {country}, said on Tuesday that flooding had closed roads north of the city.\n\n"
        f"Aid arrived later from {other}, {other_country}, about {100 + index} km away, a spokesman said.\n\n"
        f"Report number {index} was filed from {city}."
    )
    text = f"---\ntitle: \"Report {index}: {city}\"\noutlet: Wire {index % 3}\ndate: 2025-03-{day:02d}\n---\n\n{body}\n"
    return f"report-{index:03d}.md", text


def _write_archive(root: Path, count: int = 60, hostile: bool = True) -> Path:
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "places.yaml").write_text(PLACES_YAML_WITH_LYON, encoding="utf-8")
    for index in range(count):
        name, text = article(index)
        (root / "articles" / name).write_text(text, encoding="utf-8")
    if hostile:
        (root / "articles" / "zz-hostile.md").write_text(
            f"---\ntitle: '{HOSTILE_TITLE}'\ndate: 2025-03-30\n---\n\n{HOSTILE_BODY}\n", encoding="utf-8"
        )
    return root


@pytest.fixture(scope="session")
def archive_kit():
    """What the scale tests need to make archives: the writer and the texts it uses."""
    from types import SimpleNamespace

    return SimpleNamespace(write=_write_archive, places_yaml=PLACES_YAML, hostile_title=HOSTILE_TITLE,
                           hostile_body=HOSTILE_BODY)
