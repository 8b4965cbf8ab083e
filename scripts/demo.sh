#!/usr/bin/env bash
# `make demo`: translate the sample article with the default model, or say in one line why not and what to do.
set -uo pipefail
sample="$1"
err=$(mktemp)
trap 'rm -f "$err"' EXIT
echo "lintas translate $sample  (model: Helsinki-NLP/opus-mt-id-en)" >&2
lintas translate "$sample" 2>"$err"
rc=$?
if [ "$rc" -eq 3 ]; then
  # Nothing was translated: say why in one line and fail, so a script or CI never reads this as a demo that ran.
  echo "make demo: the default model Helsinki-NLP/opus-mt-id-en cannot be had here (hub unreachable, not in the local cache); run 'make demo-offline' to see the same pipeline on the offline fixture model, or pre-download the model as the README says." >&2
  exit 3
fi
cat "$err" >&2  # the error, or on success the line saying which model and engine translated
exit "$rc"
