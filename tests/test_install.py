"""The pinned installs (decision 0014): requirements/production.txt and development.txt hold
every dependency pyproject.toml asks for, at a version its range allows, each pin with its
hashes; the development lock pins the production packages at the same versions; nothing only
the developers use reaches a school's server. Reads files only: no network."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import NormalizedName, canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PRODUCTION = ROOT / "requirements" / "production.txt"
DEVELOPMENT = ROOT / "requirements" / "development.txt"


@dataclass(frozen=True)
class Pin:
    requirement: Requirement
    hashes: tuple[str, ...]

    @property
    def version(self) -> str:
        (specifier,) = self.requirement.specifier
        assert specifier.operator == "==", self.requirement
        return specifier.version


def read_lock(path: Path) -> dict[NormalizedName, Pin]:
    """The pins of a lock file as uv writes it: ``name==version ; marker \\`` followed by
    ``--hash=sha256:…`` lines; comments (``# via …``) between them."""
    text = re.sub(r"\\\n", " ", path.read_text(encoding="utf-8"))
    pins: dict[NormalizedName, Pin] = {}
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        requirement, *options = re.split(r"\s+(?=--)", line)
        hashes = tuple(
            option.removeprefix("--hash=") for option in options if option.startswith("--hash=")
        )
        assert len(hashes) == len(options), f"{path.name}: an option other than --hash: {line}"
        pin = Pin(Requirement(requirement), hashes)
        name = canonicalize_name(pin.requirement.name)
        assert name not in pins, f"{path.name} pins {name} twice"
        pins[name] = pin
    return pins


def applies(requirement: Requirement, extra: str = "") -> bool:
    """Whether a requirement applies on this machine (Linux x86_64, the Python running)."""
    return requirement.marker is None or requirement.marker.evaluate({"extra": extra})


def wanted(requirements: list[str]) -> list[Requirement]:
    """pyproject.toml's requirements with what their extras ask for (psycopg[binary] →
    psycopg-binary), from the installed packages' metadata."""
    found: list[Requirement] = []
    for text in requirements:
        requirement = Requirement(text)
        if not applies(requirement):
            continue
        found.append(requirement)
        for extra in requirement.extras:
            try:
                requires = metadata(requirement.name).get_all("Requires-Dist") or []
            except PackageNotFoundError:  # pragma: no cover - the venv is installed from the lock
                pytest.fail(f"{requirement.name} is not installed: run make setup")
            found.extend(
                inner
                for inner in map(Requirement, requires)
                if inner.marker is not None
                and inner.marker.evaluate({"extra": extra})
                and not inner.marker.evaluate({"extra": ""})
            )
    return found


PROJECT = PYPROJECT["project"]
RUNTIME = wanted(PROJECT["dependencies"])
DEV = wanted(PROJECT["optional-dependencies"]["dev"])


def assert_pinned(requirements: list[Requirement], pins: dict[NormalizedName, Pin], lock: str):
    for requirement in requirements:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is not in {lock}: run make lock"
        version = pins[name].version
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{lock} pins {name}=={version}, outside pyproject.toml's {requirement}: run make lock"
        )


def test_every_runtime_dependency_is_pinned_in_the_production_lock() -> None:
    assert_pinned(RUNTIME, read_lock(PRODUCTION), "requirements/production.txt")


def test_every_dependency_and_dev_tool_is_pinned_in_the_development_lock() -> None:
    assert_pinned([*RUNTIME, *DEV], read_lock(DEVELOPMENT), "requirements/development.txt")


def test_what_builds_hezuo_is_pinned_too() -> None:
    """The installs build hezuo without build isolation, from the locked setuptools."""
    build_in = (ROOT / "requirements" / "build.in").read_text(encoding="utf-8").splitlines()
    requires = [line for line in build_in if line and not line.startswith("#")]
    assert requires == ["pip", *PYPROJECT["build-system"]["requires"]], "run make lock"
    built_with = [Requirement(text) for text in requires]
    assert_pinned(built_with, read_lock(PRODUCTION), "requirements/production.txt")
    assert_pinned(built_with, read_lock(DEVELOPMENT), "requirements/development.txt")


@pytest.mark.parametrize("lock", [PRODUCTION, DEVELOPMENT], ids=lambda path: path.name)
def test_every_pin_is_exact_and_carries_its_hashes(lock: Path) -> None:
    pins = read_lock(lock)
    assert len(pins) > 20, f"{lock.name} is nearly empty"
    for name, pin in pins.items():
        assert pin.version, name
        assert pin.hashes, f"{lock.name}: {name} has no hash"
        for digest in pin.hashes:
            assert re.fullmatch(r"sha256:[0-9a-f]{64}", digest), f"{lock.name}: {name} {digest}"


def test_the_development_lock_runs_the_production_versions() -> None:
    """The tests run exactly what a school's server runs, where both need a package."""
    production, development = read_lock(PRODUCTION), read_lock(DEVELOPMENT)
    for name, pin in production.items():
        assert name in development, f"{name} is in production.txt only: run make lock"
        assert development[name].version == pin.version, f"{name}: run make lock"


def test_nothing_only_the_developers_use_reaches_a_school() -> None:
    production = read_lock(PRODUCTION)
    runtime = {canonicalize_name(requirement.name) for requirement in RUNTIME}
    dev_only = {canonicalize_name(requirement.name) for requirement in DEV} - runtime
    assert {"pytest", "playwright", "mypy", "ruff", "uv"} <= dev_only
    assert not dev_only & set(production), sorted(dev_only & set(production))


def test_the_locks_are_written_by_make_lock() -> None:
    for lock in (PRODUCTION, DEVELOPMENT):
        head = lock.read_text(encoding="utf-8").splitlines()[:2]
        assert head == [
            "# This file was autogenerated by uv via the following command:",
            "#    make lock",
        ], lock.name


def test_a_lock_missing_a_dependency_is_named(tmp_path: Path) -> None:
    """The checks above can fail: a lock without Django, or with a pin outside its range."""
    production = PRODUCTION.read_text(encoding="utf-8")
    without = tmp_path / "without.txt"
    without.write_text(re.sub(r"(?m)^django==.*\n(    .*\n)*", "", production), encoding="utf-8")
    with pytest.raises(AssertionError, match="Django"):
        assert_pinned(RUNTIME, read_lock(without), "without.txt")
    outside = tmp_path / "outside.txt"
    outside.write_text(re.sub(r"(?m)^django==\S+", "django==4.2.1", production), encoding="utf-8")
    with pytest.raises(AssertionError, match="outside"):
        assert_pinned(RUNTIME, read_lock(outside), "outside.txt")
