"""Write the Russian texts of the CICA records into fixtures/cica.json, idempotently.

    python scripts/apply_translations.py [--check]

Reads locale/ru/records/<model>.json (one object per model: record key -> {field: Russian text};
the key is the record's slug, or `<state ISO code>:<start date>` for a chairmanship) and sets
each record's `<field>_ru` in the fixture, right after its English `<field>`. The files are the
whole truth: a `_ru` value they no longer hold is removed. A key or field the fixture does not
have is an error, and nothing is written. `--check` writes nothing and exits 1 if the fixture
would change (or on an error).
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fixture_file import as_fixture_text, write_unless_checking  # noqa: E402 - beside this script

from registry.translated_fields import TRANSLATED_FIELDS  # noqa: E402 - needs ROOT on the path

FIXTURE = ROOT / "fixtures" / "cica.json"
RECORDS = ROOT / "locale" / "ru" / "records"


def record_key(model: str, fields: dict) -> str | None:
    if model == "chairmanship":
        return f"{fields['state'][0]}:{fields['start_date']}"
    return fields.get("slug")


def russian_texts(records_dir: Path) -> dict[str, dict]:
    """model -> key -> field -> Russian text, for every model with a file."""
    texts = {}
    for model in TRANSLATED_FIELDS:
        path = records_dir / f"{model}.json"
        if path.exists():
            texts[model] = json.loads(path.read_text(encoding="utf-8"))
    return texts


def with_russian(model: str, fields: dict, russian: dict) -> dict:
    """The record's fields with `<field>_ru` after each translated `<field>`, as `russian` says."""
    result = {}
    for name, value in fields.items():
        if name.endswith("_ru") and name[:-3] in TRANSLATED_FIELDS[model]:
            continue
        result[name] = value
        if name in TRANSLATED_FIELDS[model] and russian.get(name):
            result[f"{name}_ru"] = russian[name]
    return result


def apply(entries: list, texts: dict[str, dict]) -> list[str]:
    """Set every record's Russian fields from `texts`; the errors found (empty when none)."""
    errors, seen = [], set()
    for entry in entries:
        model = entry["model"].removeprefix("registry.")
        if model not in TRANSLATED_FIELDS:
            continue
        key = record_key(model, entry["fields"])
        russian = texts.get(model, {}).get(key, {})
        seen.add((model, key))
        unknown = set(russian) - set(TRANSLATED_FIELDS[model])
        errors += [f"{model} {key}: {field} is not translated" for field in sorted(unknown)]
        errors += [
            f"{model} {key}: {field} has Russian but no English text"
            for field in sorted(set(russian) & set(TRANSLATED_FIELDS[model]))
            if not entry["fields"].get(field)
        ]
        entry["fields"] = with_russian(model, entry["fields"], russian)
    for model, records in texts.items():
        errors += [f"{model} {key}: no such record" for key in records if (model, key) not in seen]
    return errors


def missing(entries: list) -> list[str]:
    """Fields with English text and no Russian, as `model key field`."""
    found = []
    for entry in entries:
        model = entry["model"].removeprefix("registry.")
        fields = entry["fields"]
        for field in TRANSLATED_FIELDS.get(model, ()):
            if fields.get(field) and not fields.get(f"{field}_ru"):
                found.append(f"{model} {record_key(model, fields)} {field}")
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 on changes")
    parser.add_argument("--records", type=Path, default=RECORDS, help=argparse.SUPPRESS)
    parser.add_argument("--fixture", type=Path, default=FIXTURE, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    before = args.fixture.read_text(encoding="utf-8")
    entries = json.loads(before)
    errors = apply(entries, russian_texts(args.records))
    for error in errors:
        print(f"error: {error}")
    if errors:
        print("nothing written")
        return 1
    for line in missing(entries):
        print(f"no Russian text: {line}")
    after = as_fixture_text(entries)
    return write_unless_checking(args.fixture, before, after, args.check, f"updated {args.fixture}")


if __name__ == "__main__":
    sys.exit(main())
