"""Parallel corpora: the corpus builder (``lintas corpus build|translate``) and the bitext writers it shares with
``lintas align``.

Modules, in the order a document meets them: :mod:`~translate.corpus.sources` and :mod:`~translate.corpus.rows`
read documents; :mod:`~translate.corpus.work` segments, aligns (or translates) and filters one document
(:mod:`~translate.corpus.filters`, :mod:`~translate.corpus.config`) into :mod:`~translate.corpus.records`;
:mod:`~translate.corpus.executors` runs that work in this process or a pool, :mod:`~translate.corpus.ray_engine`
(fed by :mod:`~translate.corpus.ray_feed`) on a Ray cluster; :mod:`~translate.corpus.manifest` keeps the
shards; :mod:`~translate.corpus.merge` deduplicates and writes the files (:mod:`~translate.corpus.writers`) and
the statistics (:mod:`~translate.corpus.stats`); :mod:`~translate.corpus.pipeline` drives a build.
"""
