"""Parallel corpora: bitext writers (:mod:`translate.corpus.writers`) shared by ``lintas align`` and the corpus builder."""
