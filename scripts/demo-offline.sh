#!/usr/bin/env bash
# `make demo-offline`: every stage of `lintas translate` on the tiny fixture model (random weights: the English is noise).
set -euo pipefail
sample="$1"
model="$2"
export HF_HUB_OFFLINE=1
rule() { printf '\n=== %s\n' "$1"; }
echo "Offline demo on the tiny fixture model in $model: its weights are random, so the 'English' below is noise." \
     "It shows the plumbing (segmenting, batching, Markdown layout, formats), not translation quality."
rule "1. the sample article: $sample"
cat "$sample"
rule "2. lintas segment $sample --lang id   (one sentence a line, paragraphs separated by a blank line; first 12 lines)"
lintas segment "$sample" --lang id | head -n 12
rule "3. lintas translate $sample --model $model   (same Markdown layout, links kept)"
lintas translate "$sample" --model "$model" --beam 2 --max-output-length 12 --quiet
rule "4. lintas translate --bilingual   (each source block followed by its translation; first 12 lines)"
lintas translate "$sample" --model "$model" --beam 2 --max-output-length 12 --quiet --bilingual | head -n 12
rule "5. lintas translate --format jsonl   (sentence-aligned pairs; first 3)"
lintas translate "$sample" --model "$model" --beam 2 --max-output-length 12 --quiet --format jsonl | head -n 3
