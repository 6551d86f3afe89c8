#!/usr/bin/env bash
# Set up everything the site needs on a fresh machine, then serve it or run the tests.
#   bash scripts/dev.sh serve   # build deps (venv + npm), then `mkdocs serve` on http://127.0.0.1:8000/
#   bash scripts/dev.sh test    # build + test deps (Debian's chromium, libreoffice-calc, Java, poppler-utils), then the whole test suite
#   bash scripts/dev.sh build   # build deps, then `mkdocs build --strict` into site/
set -euo pipefail
cd "$(dirname "$0")/.."
export NO_MKDOCS_2_WARNING=1
# Reproducible builds: dates in the sitemap come from the last commit, not from the clock
SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}"
export SOURCE_DATE_EPOCH

install_python() {  # $1: requirements file
  [ -x .venv/bin/python ] || python3 -m venv .venv
  .venv/bin/pip install --quiet --disable-pip-version-check -r "$1"
}

install_build() {
  install_python requirements.txt
  npm ci --omit=dev --no-audit --no-fund --loglevel=error  # KaTeX only
}

install_tests() {
  install_python requirements-dev.txt
  # KaTeX, and axe-core, Lighthouse and vnu-jar (the HTML checker) for tests and benchmarks. No
  # install scripts: vnu-jar's would download a Java runtime; Debian's Java runs it (below).
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
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
  test)  install_tests; exec .venv/bin/python -m pytest "${@:2}" ;;
  *) echo "usage: bash scripts/dev.sh serve|build|test [args]" >&2; exit 2 ;;
esac
