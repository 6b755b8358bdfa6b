#!/usr/bin/env bash
# The test command (README, .ci/run): lint, type-check, then the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_MKDOCS_2_WARNING=1
.venv/bin/ruff check .
.venv/bin/mypy
.venv/bin/python -m pytest "$@"
