"""The allowed directions between the areas (docs/architecture.md), checked over every import
in rollout/, so that the shape stays when the next area is added."""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "rollout"

#: Domain areas: one sub-package each. `plan` is the base every other area builds on.
DOMAIN = {"plan", "auth", "applications", "qa", "prematching", "staffing", "sessions", "audit"}
#: Above the domain areas: pages that combine them (home) and what assembles the app.
COMPOSING = {"home"}
ASSEMBLY = {"setup", "cli", "demo"}
#: The shared layer: top-level modules that know no area.
SHARED = {
    "assets",
    "backup",
    "auditing",
    "caching",
    "changes",
    "database",
    "extensions",
    "fields",
    "formatting",
    "invitations",
    "mailing",
    "models",
    "slugs",
    "text",
    "timeutil",
    "versioning",
}
#: The web layer: what every view uses (the policy, the request helpers, the navigation, the
#: error and static pages). It may read the areas' models and queries, never change anything.
WEB = {"policy", "web", "navigation", "main"}
#: An area's modules that no other domain area may import: its changes and its web face.
PRIVATE = {"services", "views", "forms", "blueprint"}
#: The modules of an area that read or decide, below its views.
BELOW_VIEWS = {"models", "rules", "queries", "services", "interviews", "progress", "seeding"}


@dataclass(frozen=True)
class Import:
    source: str  # "plan/views.py"
    area: str  # the importing module's area or top-level name
    module: str  # "views"
    target: tuple[str, ...]  # ("prematching", "queries")
    line: int


def _owner(path: Path) -> tuple[str, str]:
    parts = path.relative_to(ROOT).with_suffix("").parts
    if len(parts) == 1:
        return parts[0], parts[0]
    return parts[0], parts[1]


def _imports() -> list[Import]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        area, module = _owner(path)
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
                if node.module.count(".") == 1:  # `from rollout.plan import queries`
                    names += [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                if name.startswith("rollout."):
                    target = tuple(name.split(".")[1:3])
                    source = str(path.relative_to(ROOT))
                    found.append(Import(source, area, module, target, node.lineno))
    return found


IMPORTS = _imports()


def _violations(rule) -> list[str]:
    return [f"{i.source}:{i.line} imports rollout.{'.'.join(i.target)}" for i in IMPORTS if rule(i)]


def test_the_checker_sees_the_imports_it_checks():
    assert len(IMPORTS) > 300
    assert any(i.area == "home" and i.target[0] == "staffing" for i in IMPORTS)
    assert {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()} == (
        DOMAIN | COMPOSING | {"demo"}
    ), "a new area: add it to DOMAIN (or COMPOSING) here and to docs/architecture.md"
    top_level = {p.stem for p in ROOT.glob("*.py")} - {"__init__"}
    assert top_level == SHARED | WEB | {"setup", "cli"}, "a new top-level module: give it a layer"


def test_the_plan_imports_no_other_area():
    others = (DOMAIN - {"plan"}) | COMPOSING | ASSEMBLY
    assert _violations(lambda i: i.area == "plan" and i.target[0] in others) == []


def test_no_domain_area_imports_another_areas_changes_views_or_forms():
    def crosses(i: Import) -> bool:
        return (
            i.area in DOMAIN
            and i.target[0] in DOMAIN
            and i.target[0] != i.area
            and len(i.target) > 1
            and i.target[1] in PRIVATE
        )

    assert _violations(crosses) == []


def test_only_an_areas_blueprint_imports_its_views():
    def reaches_views(i: Import) -> bool:
        return (
            len(i.target) > 1
            and i.target[1] == "views"
            and not (i.module == "blueprint" and i.target[0] == i.area)
            and not (i.area == "setup" and i.target == ("auth", "views"))  # sign-in hooks
        )

    assert _violations(reaches_views) == []


def test_nothing_below_the_composing_and_assembling_modules_imports_them():
    above = COMPOSING | ASSEMBLY
    assert _violations(lambda i: i.target[0] in above and i.area not in above) == []


def test_the_shared_layer_knows_no_area_and_the_web_layer_changes_nothing():
    assert _violations(lambda i: i.area in SHARED and i.target[0] not in SHARED) == []
    assert (
        _violations(
            lambda i: i.area in WEB
            and i.target[0] in DOMAIN
            and len(i.target) > 1
            and i.target[1] in PRIVATE
        )
        == []
    )


def test_within_an_area_reads_and_rules_never_reach_up_to_the_web():
    def reaches_up(i: Import) -> bool:
        return (
            i.area in DOMAIN | COMPOSING
            and i.module in BELOW_VIEWS
            and (
                (i.target[0] in WEB and i.target[0] != "policy")
                or (len(i.target) > 1 and i.target[1] in {"views", "forms", "blueprint"})
            )
        )

    assert _violations(reaches_up) == []


@pytest.mark.parametrize("path", sorted(ROOT.rglob("rules.py")), ids=lambda p: p.parent.name)
def test_rules_are_plain_functions_without_flask(path):
    tree = ast.parse(path.read_text())
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    modules |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not {m for m in modules if m.split(".")[0].startswith("flask")}


def test_setup_imports_nothing_for_its_side_effects():
    assert "noqa: F401" not in (ROOT / "setup.py").read_text()
