#!/usr/bin/env bash
# Renews the pictures of PDF pages in docs/ from the shipped guide (the web page's screenshots are
# made by their own test helper). Needs pdftoppm (Debian: poppler-utils) and a compiled dist/.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
handouts() { node bin/handouts.js "$@" >/dev/null; }

handouts build --out "$work/stacked"
handouts build --layout parallel --out "$work/parallel"
# A sample person, never a real one.
handouts form --out "$work/stacked" --name 王小明 --number "0917 123 4567" --id-type passport \
  --id-number E12345678 --reason "不再使用 / No longer needed" --date 2026-11-26 --unbound bank,alipay

# 45 dpi for the README's row of three pages, 60 dpi for the two layouts side by side.
pdftoppm -r 45 -png "$work/stacked/checklist.pdf" docs/checklist
pdftoppm -r 45 -png -f 1 -l 1 "$work/stacked/handout.pdf" docs/handout-page-1
pdftoppm -r 45 -png "$work/stacked/store-visit-form-filled.pdf" docs/store-visit-form-prefilled
pdftoppm -r 60 -png -f 2 -l 2 "$work/stacked/handout.pdf" docs/layout-stacked
pdftoppm -r 60 -png -f 2 -l 2 "$work/parallel/handout.pdf" docs/layout-parallel
