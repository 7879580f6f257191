"""The build: the stages run in order over a project, with the article cache and parallel work.

:func:`build_story` reads a project into a :class:`~geo.model.Story`;
:func:`render_project` turns it into the files of ``maps/``.
"""

from .options import BuildOptions, BuildResult
from .pipeline import build_story
from .render import render_project

__all__ = ["BuildOptions", "BuildResult", "build_story", "render_project"]
