"""build/constraints.txt pins the versions the suite passed with, for the Windows build
(README) and ./dev: pyproject's ranges alone let a build months later take whatever is newest
(pyinstaller>=6.0 …), and a CI run months later a newer pytest, ruff, mypy or Hypothesis.
Every dependency is pinned, each pin within pyproject's range."""

from __future__ import annotations

import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
CONSTRAINTS = ROOT / "build" / "constraints.txt"


def pins() -> dict[str, Version]:
    found: dict[str, Version] = {}
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, _, pinned = line.partition("==")
        assert pinned and name.strip(), f"not an exact pin: {line}"
        key = canonicalize_name(name.strip())
        assert key not in found, f"pinned twice: {name}"
        found[key] = Version(pinned.strip())
    return found


def requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(r) for r in
            [*project["dependencies"], *project["optional-dependencies"]["build"],
             *project["optional-dependencies"]["test"]]]


def test_every_runtime_build_and_test_dependency_is_pinned_within_pyproject_s_range():
    pinned = pins()
    for req in requirements():
        key = canonicalize_name(req.name)
        assert key in pinned, f"{req.name} is not pinned in build/constraints.txt"
        for python in ("3.11", "3.12", "3.13"):  # (PySide6 6.12.0: excluded on 3.11 only)
            if req.marker is None or req.marker.evaluate({"python_version": python}):
                assert req.specifier.contains(pinned[key], prereleases=True), (
                    f"{req.name}=={pinned[key]} is outside pyproject's {req} (Python {python})")


def test_the_pins_are_what_this_environment_tests_with():
    """./dev installs with the pins: the suite passing here passed with them."""
    differ = []
    for name, pinned in pins().items():
        try:
            have = Version(version(name))
        except PackageNotFoundError:
            differ.append(f"{name}: not installed")
            continue
        if have != pinned:
            differ.append(f"{name}: {have} installed, {pinned} pinned")
    assert not differ, "; ".join(differ)


def test_dev_and_the_windows_steps_install_with_the_pins():
    assert "-c build/constraints.txt -e '.[test,build]'" in (ROOT / "dev").read_text()
    assert 'pip install -c build\\constraints.txt -e ".[build]"' in (
        ROOT / "README.md").read_text(encoding="utf-8")
