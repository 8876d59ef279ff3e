"""The demo's content: one YAML file per area in `seeds/demo/`, beside the plan. Each value is
checked where it is used: a missing or wrong one is refused naming its file and key."""

from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

import yaml

from config import ROOT
from rollout.plan.seeding import SeedError

#: Found the way the plan's seed file is (config.ROOT), so also in an editable install.
DEMO_DIR = ROOT / "seeds" / "demo"

E = TypeVar("E", bound=Enum)


class DemoContentError(SeedError):
    """A demo file that cannot be read, or a value in it that is missing or wrong."""


class Content:
    """One mapping of a demo file: `file` names the file, `path` the keys that lead to it."""

    def __init__(self, data: Any, file: str, path: str = ""):
        self.file = file
        self.path = path
        if not isinstance(data, dict):
            raise DemoContentError(f"{file}: {path or 'het bestand'} bevat geen sleutels")
        self.data = data

    def error(self, key: str, problem: str) -> DemoContentError:
        """What is wrong with the value at `key`, naming the file and the key."""
        return DemoContentError(f"{self.file}: '{self._path(key)}' {problem}")

    def _path(self, key: str | int) -> str:
        if isinstance(key, int):
            return f"{self.path}[{key}]"
        return f"{self.path}.{key}" if self.path else key

    def value(self, key: str, kind: type | tuple[type, ...] = str) -> Any:
        """The value at `key`, which must be there and of `kind`."""
        value = self.data.get(key)
        if value is None:
            raise self.error(key, "ontbreekt")
        if not isinstance(value, kind):
            raise self.error(key, f"heeft een ongeldige waarde {value!r}")
        return value

    def text(self, key: str) -> str:
        return self.value(key, str)

    def number(self, key: str) -> int:
        return self.value(key, int)

    def day(self, key: str) -> date:
        value = self.value(key, date)
        if isinstance(value, datetime):
            raise self.error(key, "is een datum, zonder uur")
        return value

    def moment(self, key: str) -> datetime:
        """A moment with its timezone (e.g. 2021-06-08T10:00:00Z), in UTC."""
        value = self.value(key, datetime)
        if value.tzinfo is None:
            raise self.error(key, "mist zijn verschil met UTC (bv. Z of +01:00)")
        return value.astimezone(UTC)

    def choice(self, key: str, enum_cls: type[E]) -> E:
        value = self.text(key)
        try:
            return enum_cls(value)
        except ValueError:
            allowed = ", ".join(str(member.value) for member in enum_cls)
            raise self.error(key, f"is {value!r}, geen van {allowed}") from None

    def part(self, key: str) -> "Content":
        return Content(self.value(key, dict), self.file, self._path(key))

    def parts(self, key: str) -> list["Content"]:
        within = Content({}, self.file, self._path(key))
        return [
            Content(item, self.file, within._path(index))
            for index, item in enumerate(self.value(key, list))
        ]

    def mapping(self, key: str) -> dict:
        return self.value(key, dict)

    def fill(self, key: str, **values: str) -> str:
        """The text at `key` with its {placeholders} filled in from `values`."""
        return self._filled(self.text(key), values, self._path(key))

    def filled(self, key: str, **values: str) -> Any:
        """The value at `key` (of any shape) with the placeholders in each text filled in."""
        return self._filled(self.value(key, object), values, self._path(key))

    def _filled(self, value: Any, values: dict[str, str], path: str) -> Any:
        if isinstance(value, dict):
            return {k: self._filled(v, values, f"{path}.{k}") for k, v in value.items()}
        if isinstance(value, list):
            return [self._filled(v, values, f"{path}[{i}]") for i, v in enumerate(value)]
        if not isinstance(value, str):
            return value
        try:
            return value.format_map(values)
        except (KeyError, IndexError, ValueError) as error:
            known = ", ".join(f"{{{name}}}" for name in values) or "geen"
            raise DemoContentError(
                f"{self.file}: '{path}' gebruikt een onbekende plaatshouder {error} "
                f"(hier bekend: {known})"
            ) from None


def read_content(area: str, directory: Path | None = None) -> Content:
    """The demo file of `area`: `<area>.yaml` in `directory` (by default DEMO_DIR)."""
    path = (directory or DEMO_DIR) / f"{area}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise DemoContentError(f"{path}: kan de demogegevens niet lezen: {error}") from error
    return Content(data, _shown(path))


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
