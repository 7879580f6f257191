"""Reading the plain-data pickles that registry packages ship (word lists, marine areas).

Only lists, tuples, dicts, sets, strings and numbers are read: any class or function a file
names is refused, so a package's data file cannot run code.
"""

from __future__ import annotations

import pickle
from typing import BinaryIO

__all__ = ["load_plain"]


class _PlainData(pickle.Unpickler):
    """Unpickles plain data only: any class or function is refused."""

    def find_class(self, module: str, name: str):  # refuses everything
        raise pickle.UnpicklingError(f"refused {module}.{name}: only plain data is read")


def load_plain(handle: BinaryIO) -> object:
    """The plain data pickled in *handle* (raises :class:`pickle.UnpicklingError` otherwise)."""
    return _PlainData(handle).load()
