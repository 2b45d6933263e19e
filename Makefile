# The two commands of the README, and the checks CI runs.
.PHONY: demo test check setup lock lock-upgrade

setup:
	@bash scripts/setup.sh

# Run hezuo with the demo schools on SQLite and a local folder: http://127.0.0.1:8000/
demo: setup
	.venv/bin/hezuo demo

# The whole test suite, on every core (DATABASE_URL=postgres://… runs it on PostgreSQL).
test: setup
	.venv/bin/pytest -n auto --dist load --durations=25

# The static gates: lint, format, types, the apps' layers (docs/architecture.md), migrations.
check: setup
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/mypy .
	.venv/bin/lint-imports
	.venv/bin/hezuo manage makemigrations --check --dry-run

# The pinned installs, requirements/production.txt and development.txt (decision 0014), after a
# change of pyproject.toml's dependencies: keeps every pin it can; lock-upgrade moves them all.
lock:
	@bash scripts/lock.sh

lock-upgrade:
	@UPGRADE=1 bash scripts/lock.sh
