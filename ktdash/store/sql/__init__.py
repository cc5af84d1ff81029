"""The fixed analytics queries, one ``<name>.sql`` file each in this folder, loaded by name like the migrations.

``{{ other }}`` in a file stands for the query ``other.sql`` (a subquery written once: the metrics' base rows
are part of every key figure). Values never appear in these files: they are ``$name`` parameters.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

_INCLUDE = re.compile(r"\{\{\s*([a-z0-9_]+)\s*\}\}")


@cache
def load(name: str) -> str:
    """The text of ``<name>.sql`` with its ``{{ includes }}`` filled in and its leading comment left out."""
    text = resources.files(__name__).joinpath(f"{name}.sql").read_text(encoding="utf-8")
    lines = text.splitlines()
    while lines and lines[0].lstrip().startswith("--"):
        lines.pop(0)
    return "\n" + _INCLUDE.sub(lambda match: load(match.group(1)), "\n".join(lines)) + "\n"


def names() -> list[str]:
    """Every query shipped."""
    return sorted(entry.name[:-4] for entry in resources.files(__name__).iterdir() if entry.name.endswith(".sql"))
