"""Shared fixtures: the repository's seed story, built once per test session."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path
from typing import Any

import pytest

from geo.gazetteer import Gazetteer, open_gazetteer
from geo.story import BuildResult, build_story

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
