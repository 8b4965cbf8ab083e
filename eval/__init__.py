"""Evaluation and benchmarking: score translations, test differences, benchmark models.

The modules follow the third data flow of lintas (hypotheses + references → metrics → report):

- :mod:`lintas.eval.segments`: read hypothesis and reference streams, refuse mismatched or empty ones.
- :mod:`lintas.eval.metrics`: a registry of sacrebleu metrics by name; :func:`lintas.eval.metrics.score_corpus` returns each
  score with its sacrebleu signature, so every printed number can be reproduced.
- :mod:`lintas.eval.significance`: paired bootstrap resampling and approximate randomization (sacrebleu's own tests).
- :mod:`lintas.eval.testsets`: the test sets shipped in ``data/testsets`` by name.
- :mod:`lintas.eval.bench`: translate a test set with several models (cached in the output folder), then measure
  quality (:mod:`lintas.eval.metrics`, :mod:`lintas.eval.comet_metric`), speed (:mod:`lintas.eval.speed`) and failures
  (:mod:`lintas.eval.analysis`); :mod:`lintas.eval.report_sections`, :mod:`lintas.eval.report` and :mod:`lintas.eval.plots` write the
  Markdown, JSON and HTML report.

Heavy libraries (torch, transformers, matplotlib) are imported only inside the functions that need them.
"""

from __future__ import annotations
