"""Study identity: when two records name the same study.

Two records are the same study when their labels match (case aside), or their DOIs
match (case aside: DOIs are case-insensitive), or their PMIDs match. The label is
asked first, then the DOI, then the PMID.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypeVar

from extractor.core.model import Citation

T = TypeVar("T", bound=Hashable)


def identity_keys(label: str, citation: Citation) -> list[tuple[str, str]]:
    """The keys by which a record is recognised, in the order they are asked."""
    keys = [("label", label.casefold())]
    if citation.doi:
        keys.append(("doi", citation.doi.strip().casefold()))
    if citation.pmid:
        keys.append(("pmid", citation.pmid.strip()))
    return keys


class StudyIndex(Generic[T]):
    """Studies by their identity keys, for finding a record's study in constant time."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[str, str], T] = {}
        self._keys_of: dict[T, list[tuple[str, str]]] = {}

    def find(self, label: str, citation: Citation) -> T | None:
        for key in identity_keys(label, citation):
            if key in self._by_key:
                return self._by_key[key]
        return None

    def put(self, item: T, label: str, citation: Citation) -> None:
        """Index `item` under the keys of its (new) label and citation only."""
        for key in self._keys_of.pop(item, []):
            if self._by_key.get(key) == item:
                del self._by_key[key]
        keys = identity_keys(label, citation)
        for key in keys:
            self._by_key.setdefault(key, item)  # the first study to hold a key keeps it
        self._keys_of[item] = keys
