#!/usr/bin/env bash
# The pinned installs (decision 0014), written by `make lock`:
#   requirements/production.txt   pyproject.toml's [project] dependencies
#   requirements/development.txt  the same pins, plus the dev extra
# each with pip and what building hezuo needs (requirements/build.in, from [build-system]),
# every pin with the hashes of all its files. uv resolves them for Python 3.11 and newer on
# every platform at once (markers say where a pin applies); CI and the container run them on
# Linux x86_64. Pins already in the files are kept, so adding a dependency changes nothing
# else; `make lock-upgrade` moves every pin to the newest release the ranges allow.
set -euo pipefail
cd "$(dirname "$0")/.."

uv=.venv/bin/uv
if [[ ! -x $uv ]]; then
  # A fresh clone whose lock does not install yet: a uv of its own, in a temporary folder.
  tools=$(mktemp -d)
  trap 'rm -rf "$tools"' EXIT
  "${PYTHON:-python3}" -m venv "$tools"
  "$tools/bin/python" -m pip install --quiet --disable-pip-version-check uv
  uv=$tools/bin/uv
fi

"${PYTHON:-python3}" - <<'PYTHON'
import tomllib
from pathlib import Path

build = tomllib.loads(Path("pyproject.toml").read_text(encoding="utf-8"))["build-system"]
lines = [
    "# Written by `make lock` (scripts/lock.sh): the installer, and what building hezuo needs",
    "# (pyproject.toml [build-system] requires). The installs build hezuo without isolation, so",
    "# these come from the lock, with their hashes, like everything else.",
    "pip",
    *build["requires"],
]
Path("requirements/build.in").write_text("\n".join(lines) + "\n", encoding="utf-8")
PYTHON

options=(--universal --python-version 3.11 --generate-hashes --quiet
  --custom-compile-command "make lock")
if [[ ${UPGRADE:-0} == 1 ]]; then
  options+=(--upgrade)
fi
"$uv" pip compile pyproject.toml requirements/build.in "${options[@]}" \
  --output-file requirements/production.txt
# The development pins are the production ones where both need a package: the tests run what
# a school's server runs.
"$uv" pip compile pyproject.toml requirements/build.in --extra dev \
  --constraint requirements/production.txt "${options[@]}" \
  --output-file requirements/development.txt
echo "lock: requirements/production.txt and requirements/development.txt are up to date."
