"""The ``geo`` command: a thin layer over the library, one function per command.

Library errors (:class:`~geo.errors.GeoError`) become a one-line message and
exit status 1; usage errors exit with 2.
"""

from __future__ import annotations

import json
import logging
import re
import signal
import sys
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, replace
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .build import BuildOptions, BuildResult, build_story
from .errors import GeoError
from .measure.distance import describe, geodesic
from .model import Mention
from .project.paths import Project
from .resolve.geocoders.online import OnlineSettings

F = TypeVar("F", bound=Callable[..., Any])

PROGRESS_THRESHOLD = 8

#: Characters a terminal may act on: C0 controls but tab and line feed, DEL, C1 controls, and the
#: bidirectional overrides and line separators that make a text display as another.
_TERMINAL_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """*text* with every control character shown as an escape, so names from files and
    servers cannot move the cursor, recolour or retitle the user's terminal.

    >>> terminal_safe("a\\x1b[31mb")
    'a\\\\x1b[31mb'
    """
    return _TERMINAL_CONTROLS.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _echo(message: str = "", err: bool = False) -> None:
    click.echo(terminal_safe(message), err=err)


def _echo_json(value: Any) -> None:
    # json.dumps escapes C0 controls itself; C1 ones are escaped here, the value stays the same.
    text = json.dumps(value, indent=1, ensure_ascii=False)
    click.echo(re.sub(r"[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text))


class _SafeFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return terminal_safe(super().format(record))


class Terminated(BaseException):
    """SIGTERM, raised where the program is so that clean-up code runs."""


def _terminate(signum: int, frame: Any) -> None:
    raise Terminated()


def _errors_to_exit(func: F) -> F:
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        previous = signal.signal(signal.SIGTERM, _terminate)
        try:
            return func(*args, **kwargs)
        except GeoError as err:
            raise click.ClickException(terminal_safe(str(err))) from err
        except MemoryError as err:
            kept = " maps/ is as it was." if func.__name__ == "build" else ""
            raise click.ClickException(f"out of memory; try fewer --workers or smaller articles.{kept}") from err
        except (KeyboardInterrupt, Terminated) as err:
            _echo("Interrupted." + (" maps/ is as it was." if func.__name__ == "build" else ""), err=True)
            sys.exit(143 if isinstance(err, Terminated) else 130)
        finally:
            signal.signal(signal.SIGTERM, previous)

    return wrapper  # type: ignore[return-value]


def _online_options(func: F) -> F:
    func = click.option("--online", is_flag=True, help="Also ask an online geocoder for names not found offline.")(func)
    func = click.option("--service", default="nominatim", show_default=True, help="geopy geocoder to use online.")(func)
    func = click.option("--domain", default=None, help="Server of that service (host[:port]), e.g. your own Nominatim.")(func)
    func = click.option("--scheme", type=click.Choice(["https", "http"]), default="https", show_default=True)(func)
    func = click.option("--user-agent", default=OnlineSettings().user_agent, show_default=True,
                        help="Identify your project to the service, as its usage policy asks.")(func)
    func = click.option("--min-delay", type=click.FloatRange(min=0), default=1.0, show_default=True,
                        help="Seconds between online requests (Nominatim's policy: at least 1).")(func)
    return func


_dir_option = click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path), default=".",
                           help="Project folder whose places.yaml is used first.")
_json_option = click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")


def _options(online: bool, service: str, domain: str | None, scheme: str, user_agent: str, min_delay: float) -> BuildOptions:
    settings = OnlineSettings(
        service=service, domain=domain, scheme=scheme, user_agent=user_agent, min_delay_seconds=min_delay
    )
    return BuildOptions(online=online, online_settings=settings)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="geo")
@click.option("-v", "--verbose", count=True, help="More detail on standard error (-vv for debugging).")
def main(verbose: int) -> None:
    """Turn news articles into a geospatial story map.

    A project folder holds articles/ and places.yaml; `geo build` writes maps/.
    """
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_SafeFormatter("%(levelname)s: %(message)s"))
    logging.basicConfig(level=level, handlers=[handler])
    if verbose < 2:
        # geopy logs every retry with a traceback; our own messages say enough.
        logging.getLogger("geopy").setLevel(logging.CRITICAL)


def _render(directory: Path, result: BuildResult, layout: str, cache: bool,
            on_index: Callable[[bytes], None] | None) -> dict[str, bytes]:
    from .build import render_project

    return render_project(Project(directory).cache if cache else None, result, layout, on_index)


class _Snapshot:
    """index.png, rendered by Chromium in a thread while the other files are made."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._png: bytes | None = None
        self._error: BaseException | None = None

    def start(self, html: bytes) -> None:
        def run() -> None:
            from .render.snapshot import render_png

            try:
                self._png = render_png(html.decode("utf-8"))
            except BaseException as err:  # handed to the main thread in result()
                self._error = err

        self._thread = threading.Thread(target=run, name="snapshot", daemon=True)
        self._thread.start()

    def result(self) -> bytes:
        assert self._thread is not None
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._png is not None
        return self._png


def _scheduler(address: str | None) -> str | None:
    if address is not None and not address.startswith(("tcp://", "tls://", "inproc://", "ucx://")):
        raise click.BadParameter(f"{address!r} is not a scheduler address such as tcp://10.0.0.5:8786",
                                 param_hint="--dask-scheduler")
    return address


def _project_dir(path: Path) -> Path:
    if not (path / "places.yaml").exists() and not (path / "articles").exists():
        raise GeoError(f"{path} holds neither places.yaml nor articles/: is it a story project folder?")
    return path


def _build(directory: Path, options: BuildOptions, progress: bool) -> BuildResult:
    articles_dir = Project(directory).articles
    count = sum(1 for p in articles_dir.iterdir() if p.is_file()) if articles_dir.is_dir() else 0
    if progress and count > PROGRESS_THRESHOLD:
        with click.progressbar(length=count, label="Reading articles", file=sys.stderr) as bar:
            return build_story(directory, options, progress=bar.update)
    return build_story(directory, options)


def _build_and_write(directory: Path, options: BuildOptions, layout: str, png: bool, quiet: bool) -> BuildResult:
    """Read the project, render the map and swap it into maps/ (under the build lock)."""
    from .build.audit import audit_story, changes_json, read_previous
    from .project.output import write_site
    from .render.snapshot import SnapshotUnavailable

    result = _build(directory, options, not quiet)
    for problem in result.problems:
        _echo(f"Skipped: {problem}", err=True)
    if not result.story.articles:
        reason = "every article was skipped" if result.problems else f"no articles in {Project(directory).articles}"
        raise GeoError(f"nothing to build: {reason}; maps/ was not changed")
    snapshot = _Snapshot() if png else None
    files = _render(directory, result, layout, options.cache, snapshot.start if snapshot else None)
    files["changes.json"] = changes_json(audit_story(result.story, read_previous(Project(directory).maps)))
    if snapshot is not None:
        try:
            files["index.png"] = snapshot.result()
        except SnapshotUnavailable as err:
            _echo(f"Skipped maps/index.png: {err.message}", err=True)
    write_site(Project(directory).maps, files)
    return result


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@_online_options
@click.option("--ner/--no-ner", default=True, show_default=True,
              help="Find places with spaCy's named-entity recogniser too (when its model is installed).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes that read the articles (default: the machine's cores); the map does not depend on it.")
@click.option("--dask-scheduler", metavar="tcp://HOST:PORT", default=None,
              help="Read the articles on the workers of this Dask cluster instead; the map does not depend on it.")
@click.option("--cache/--no-cache", default=True, show_default=True,
              help="Reuse the results of articles unchanged since the last build (kept in .geo-cache/).")
@click.option("--layout", type=click.Choice(["auto", "story", "archive"]), default="auto", show_default=True,
              help="story: every excerpt in the page; archive: clustered markers, excerpts loaded on demand, "
                   "paged articles; auto: archive from 150 articles.")
@click.option("--png/--no-png", default=True, show_default=True,
              help="Also render maps/index.png with headless Chromium, when it is installed.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
@_errors_to_exit
def build(directory: Path, online: bool, service: str, domain: str | None, scheme: str, user_agent: str,
          min_delay: float, ner: bool, workers: int | None, dask_scheduler: str | None, cache: bool, layout: str,
          png: bool, quiet: bool) -> None:
    """Build the story map of DIRECTORY (default: here) into DIRECTORY/maps/."""
    from .find.ner import default_workers
    from .project.output import build_lock

    directory = _project_dir(directory)
    options = replace(_options(online, service, domain, scheme, user_agent, min_delay), ner=ner,
                      workers=workers or default_workers(), dask_scheduler=_scheduler(dask_scheduler), cache=cache)
    waiting = "Another build of this project is running; waiting for it to finish (Ctrl-C to stop waiting)."
    with build_lock(directory, on_wait=lambda: _echo(waiting, err=True)):
        result = _build_and_write(directory, options, layout, png, quiet)
    if quiet:
        return
    story = result.story
    unresolved = Counter(m.text for m in story.unresolved)
    counts = ", ".join((
        _count(len(story.articles), "article"), _count(len(story.places), "place"),
        _count(len(story.mentions), "mention"), _count(len(unresolved), "unresolved name"),
    ))
    _echo(f"Built {Project(directory).maps / 'index.html'}: {counts}, "
          f"{_count(len({m.key for m in story.rejected}), 'name')} set aside.")
    if unresolved:
        shown = ", ".join(f"{name} ({n})" for name, n in sorted(unresolved.items()))
        _echo(f"Unresolved: {shown}. See `geo places --unresolved`; add them to places.yaml or use --online.")
    if story.rejected:
        _echo("Set aside (not mapped): see `geo places --rejected` for each name and why; "
              "add a place to places.yaml to map it.")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--unresolved", is_flag=True, help="List the names no backend could place.")
@click.option("--rejected", is_flag=True,
              help="List the names the finders considered and set aside, with the reason (a person, a common word...).")
@click.option("--review", is_flag=True,
              help="Write review.yaml: the names placed with little confidence, with their candidates, to choose from.")
@_json_option
@_online_options
@_errors_to_exit
def places(directory: Path, unresolved: bool, rejected: bool, review: bool, as_json: bool, online: bool, service: str,
           domain: str | None, scheme: str, user_agent: str, min_delay: float) -> None:
    """List the places of the story (or the unresolved names) without writing maps/."""
    from .build.listing import place_rows
    directory = _project_dir(directory)
    result = _build(directory, _options(online, service, domain, scheme, user_agent, min_delay), False)
    story = result.story
    if review:
        _write_review(directory, result)
        return
    if unresolved or rejected:
        _list_names(story.rejected if rejected else story.unresolved, as_json, rejected)
        return
    rows = place_rows(story)
    if as_json:
        _echo_json(rows)
        return
    width = max((len(r["id"]) for r in rows), default=2)
    for r in rows:
        _echo(
            f"{r['id']:<{width}}  {r['kind']:<9} {r['lat']:>9.4f} {r['lon']:>10.4f}  "
            f"{_count(r['mentions'], 'mention'):>12} in {_count(r['articles'], 'article')}  [{r['source']}] {r['shown_as']}"
        )


def _count(n: int, noun: str) -> str:
    """"1 article", "2 articles"."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _list_names(mentions: tuple[Mention, ...], as_json: bool, rejected: bool) -> None:
    rows = [
        {"name": m.text, "article": m.article, "start": m.start, "end": m.end, "finder": m.finder,
         **({"reason": m.rejected} if rejected else {})}
        for m in mentions
    ]
    if as_json:
        _echo_json(rows)
        return
    if not rows:
        _echo("No name was set aside." if rejected else "Every place name was resolved.")
    for row in rows:
        reason = f"\t{row['reason']}" if rejected else ""
        _echo(f"{row['name']}\t{row['article']}:{row['start']}-{row['end']}{reason}")


def _write_review(directory: Path, result: BuildResult) -> None:
    from .build.review import write_review

    path, count = write_review(Project(directory), result)
    _echo(f"Wrote {path}: {count} name{'s' if count != 1 else ''} to review. "
          "Write a choice under each, then run `geo build`.")


@main.command()
@click.argument("origin")
@click.argument("target")
@_dir_option
@_json_option
@_online_options
@_errors_to_exit
def distance(origin: str, target: str, directory: Path, as_json: bool, online: bool, service: str,
             domain: str | None, scheme: str, user_agent: str, min_delay: float) -> None:
    """Geodesic distance (WGS84) and bearing from ORIGIN to TARGET."""
    from .build.locate import locate_many

    a, b = locate_many([origin, target], directory, _options(online, service, domain, scheme, user_agent, min_delay))
    assert a.place is not None and b.place is not None
    if a.place.id == b.place.id:
        raise GeoError(f"{origin!r} and {target!r} are the same place ({a.place.name})")
    d = geodesic(a.place, b.place)
    if as_json:
        payload = {
            "from": {"id": a.place.id, "name": a.place.name, "lat": a.place.lat, "lon": a.place.lon, "source": a.backend},
            "to": {"id": b.place.id, "name": b.place.name, "lat": b.place.lat, "lon": b.place.lon, "source": b.backend},
            "distance_km": round(d.distance_km, 3),
            "bearing_deg": round(d.bearing_deg, 2),
            "compass": d.compass,
            "model": "geodesic on the WGS84 ellipsoid between the places' reference points",
        }
        _echo_json(payload)
        return
    _echo(f"{describe(d)} from {a.place.name} to {b.place.name}")


@main.command()
@click.argument("name")
@_dir_option
@_json_option
@_online_options
@_errors_to_exit
def geocode(name: str, directory: Path, as_json: bool, online: bool, service: str, domain: str | None,
            scheme: str, user_agent: str, min_delay: float) -> None:
    """Resolve NAME through the geocoder chain and say which backend answered."""
    from .build.locate import locate

    answer = locate(name, directory, _options(online, service, domain, scheme, user_agent, min_delay))
    place = answer.place
    assert place is not None
    if as_json:
        _echo_json({**asdict(place), "aliases": list(place.aliases), "backend": answer.backend,
                               "reason": answer.reason})
        return
    _echo(f"{place.name} ({place.kind}, {place.country or '?'}): {place.lat:.5f}, {place.lon:.5f}")
    _echo(f"  from {answer.backend}: {answer.reason}")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output: a list of claims.")
@_online_options
@_errors_to_exit
def claims(directory: Path, as_json: bool, online: bool, service: str, domain: str | None, scheme: str,
           user_agent: str, min_delay: float) -> None:
    """Check the distances and directions the articles state.

    Each claim ("about 40 km north of Kabul") is compared with the geodesic
    between the two places: consistent, inconsistent (and in what) or
    unverifiable (and why).
    """
    from .claims import MODEL

    directory = _project_dir(directory)
    result = _build(directory, _options(online, service, domain, scheme, user_agent, min_delay), False)
    rows = [c.as_dict() for c in result.story.claims]
    if as_json:
        _echo_json(rows)
        return
    if not rows:
        _echo("No distance claims found.")
        return
    names = {p.id: p.name for p in result.story.places}
    for row in rows:
        stated = f"{row['hedge'] + ' ' if row['hedge'] else ''}{row['stated'] or '(no distance given)'}"
        if row["stated_direction"]:
            stated += f" {row['stated_direction']}"
        computed = "–" if row["computed_km"] is None else f"{row['computed_km']:,.1f} km"
        bearing = "" if row["computed_bearing_deg"] is None else f", bearing {row['computed_bearing_deg']:.0f}° ({row['computed_compass']})"
        _echo(f"{row['verdict'].upper()}  {row['article']}")
        _echo(f"  “{row['quote']}”")
        _echo(
            f"  from {names.get(row['from'] or '', row['from'] or '?')} to {names.get(row['to'] or '', row['to'] or '?')}: "
            f"stated {stated}; computed {computed}{bearing}"
        )
        if row["measured_between"]:
            _echo(f"  measured {row['measured_between']}")
        _echo(f"  {row['reason']}")
    _echo("")
    _echo(MODEL)


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@_json_option
@_online_options
@_errors_to_exit
def audit(directory: Path, as_json: bool, online: bool, service: str, domain: str | None, scheme: str,
          user_agent: str, min_delay: float) -> None:
    """What an editor must look at before publishing: a name placed in two places, doubtful
    places that claims are measured from, verdicts that depend on the reference point, and what
    changed on the map since the last build (maps/ is not written)."""
    from .build.audit import audit_story, changes_json, read_previous

    directory = _project_dir(directory)
    result = _build(directory, _options(online, service, domain, scheme, user_agent, min_delay), False)
    report = audit_story(result.story, read_previous(Project(directory).maps))
    if as_json:
        _echo(changes_json(report).decode("utf-8").rstrip("\n"))
        return
    _echo_audit(report)


def _echo_audit(report) -> None:
    for item in report.namesakes:
        where = "; ".join(f"{p['name']} ({', '.join(x for x in (p['region'], p['country']) if x)}) in "
                          f"{', '.join(p['articles'])}" for p in item["places"])
        _echo(f"SAME NAME, TWO PLACES  “{item['name']}”: {where}")
    for item in report.doubtful_with_claims:
        _echo(f"DOUBTFUL PLACE IN A CLAIM  {item['name']} (confidence {item['confidence']:.2f}): "
              + " | ".join(f"“{q}”" for q in item["claims"]))
    for item in report.depends_on_reference:
        low, high = item["range_km"]
        _echo(f"VERDICT DEPENDS ON THE REFERENCE POINT  “{item['quote']}” ({item['verdict']}; {low:,.0f}–{high:,.0f} km)")
    if not report.findings:
        _echo("Nothing for the editor: no name placed twice, no doubtful place in a claim, no verdict that depends "
              "on the reference point.")
    changes = report.changes
    if changes.get("since") == "no earlier build":
        _echo(f"Changes: no earlier build in maps/ ({len(changes['places_added'])} places would be new).")
        return
    parts = [f"{len(changes[k])} {label}" for k, label in (
        ("places_added", "places added"), ("places_removed", "removed"), ("places_moved", "moved"),
        ("verdicts_changed", "verdicts changed"), ("claims_added", "claims added"), ("claims_removed", "claims removed"))]
    _echo("Changes since the last build: " + ", ".join(parts) + ".")
    for moved in changes["places_moved"]:
        _echo(f"  moved {moved['id']} by {moved['km']:,.1f} km")
    for changed in changes["verdicts_changed"]:
        _echo(f"  “{changed['quote']}”: {changed['was']} → {changed['now']}")


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--title", default="My story", show_default=True, help="The story's title (story: title in places.yaml).")
@_errors_to_exit
def init(directory: Path, title: str) -> None:
    """Start a project in DIRECTORY: an empty articles/ and a commented places.yaml."""
    from .project.init import init_project

    made = init_project(directory, title.strip() or "My story")
    for path in made:
        _echo(f"Created {path}{'/' if path.is_dir() else ''}")
    _echo(f"Next: save articles in {directory / 'articles'}/ (Markdown with front matter, or plain text), "
          f"then run `geo build {directory}` and open {directory / 'maps' / 'index.html'}.")


@main.command("geoparse")
@click.argument("source", type=click.File("r", encoding="utf-8"))
@click.option("-o", "--output", type=click.File("w", encoding="utf-8", atomic=True), required=True,
              help="Where to write the results (JSON Lines); '-' for standard output.")
@_dir_option
@click.option("--no-places", is_flag=True, help="Ignore places.yaml: only the offline gazetteer (and --online).")
@click.option("--region", metavar="REGION", default=None,
              help="Where the texts happen, preferred for namesakes (overrides story.region): a country code (US), "
                   "a state or province (Kentucky; Ontario, CA) or a box west,south,east,north.")
@click.option("--ner/--no-ner", default=True, show_default=True, help="Use spaCy's named-entity recogniser.")
@click.option("--demonyms", is_flag=True,
              help="Also write the demonyms (\"Afghan\": its country, with literal false); they name no place.")
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True)
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes that read the texts (default: the machine's cores); results do not depend on it.")
@click.option("--dask-scheduler", metavar="tcp://HOST:PORT", default=None,
              help="Read the texts on the workers of this Dask cluster instead; results do not depend on it.")
@_online_options
@_errors_to_exit
def geoparse_command(source, output, directory: Path, no_places: bool, region: str | None, ner: bool, demonyms: bool,
                     batch_size: int,
                     workers: int | None, dask_scheduler: str | None, online: bool, service: str, domain: str | None,
                     scheme: str, user_agent: str, min_delay: float) -> None:
    """Find and resolve the places of every text in SOURCE (JSON Lines).

    Each input line is {"id": ..., "text": ...}; each output line is
    {"id": ..., "toponyms": [{"start", "end", "name", "lat", "lon",
    "geonameid", "kind", "country", "source", "confidence", "literal"}]}, with offsets
    into the given text: the place names, literal or metonymic ("Washington said");
    demonyms only with --demonyms.
    """
    from .build.geoparse import geoparse_config, geoparse_project
    from .find.ner import default_workers

    options = replace(_options(online, service, domain, scheme, user_agent, min_delay), ner=ner,
                      workers=workers or default_workers(), dask_scheduler=_scheduler(dask_scheduler))
    project = Project(directory)
    config = geoparse_config(project, use_places=not no_places)
    if region is not None:
        config = replace(config, story=replace(config.story, region=region.strip()), path="--region")
    documents = list(_read_documents(source))
    with click.progressbar(length=len(documents), label="Geoparsing", file=sys.stderr) as bar:
        for record in geoparse_project(documents, config, options, project, bar.update, batch_size, demonyms):
            output.write(json.dumps(record, ensure_ascii=False) + "\n")


def _read_documents(source) -> Any:
    from .build.geoparse import Document

    name = getattr(source, "name", "input")
    for number, line in enumerate(source, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise GeoError(f"not JSON: {err.msg}", path=name, line=number) from err
        if not isinstance(record, dict) or not isinstance(record.get("text"), str) or "id" not in record:
            raise GeoError('each line must be an object with "id" and "text"', path=name, line=number)
        yield Document(str(record["id"]), record["text"])
