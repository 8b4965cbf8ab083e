"""Evaluation and benchmarking: score translations, test differences, benchmark models.

The modules follow the third data flow of lintas (hypotheses + references → metrics → report):

- :mod:`eval.segments`: read hypothesis and reference streams, refuse mismatched or empty ones.
- :mod:`eval.metrics`: a registry of sacrebleu metrics by name; :func:`eval.metrics.score_corpus` returns each
  score with its sacrebleu signature, so every printed number can be reproduced.
- :mod:`eval.significance`: paired bootstrap resampling and approximate randomization (sacrebleu's own tests).
- :mod:`eval.testsets`: the test sets shipped in ``data/testsets`` by name.
- :mod:`eval.bench`: translate a test set with several models (cached in the output folder), then measure
  quality (:mod:`eval.metrics`, :mod:`eval.comet_metric`), speed (:mod:`eval.speed`) and failures
  (:mod:`eval.analysis`); :mod:`eval.report_sections`, :mod:`eval.report` and :mod:`eval.plots` write the
  Markdown, JSON and HTML report.

Heavy libraries (torch, transformers, matplotlib) are imported only inside the functions that need them.
"""

from __future__ import annotations
