"""What the scripts that rewrite fixtures/cica.json share: the fixture as they write it, and the
choice between writing it and, with `--check`, only saying whether it would change."""

import json
from pathlib import Path


def as_fixture_text(entries: list) -> str:
    return json.dumps(entries, ensure_ascii=False, indent=2) + "\n"


def write_unless_checking(path: Path, before: str, after: str, check: bool, updated: str) -> int:
    """Write `after` over the fixture when it differs (printing `updated`), or with `check` only
    say that it would change; the exit status: 1 when a check finds a change, else 0."""
    if after == before:
        print("the fixture is up to date")
        return 0
    if check:
        print("the fixture would change")
        return 1
    path.write_text(after, encoding="utf-8")
    print(updated)
    return 0
