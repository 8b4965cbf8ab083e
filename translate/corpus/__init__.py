"""Parallel corpora: the corpus builder (``lintas corpus build|translate``).

Modules, in the order a document meets them: :mod:`~lintas.translate.corpus.sources` and :mod:`~lintas.translate.corpus.rows`
read documents; :mod:`~lintas.translate.corpus.work` segments, aligns (or translates) and filters one document
(:mod:`~lintas.translate.corpus.filters`, :mod:`~lintas.translate.corpus.config`) into :mod:`~lintas.translate.corpus.records`;
:mod:`~lintas.translate.corpus.executors` runs that work in this process or a pool, :mod:`~lintas.translate.corpus.ray_engine`
(fed by :mod:`~lintas.translate.corpus.ray_feed`) on a Ray cluster; :mod:`~lintas.translate.corpus.manifest` keeps the
shards; :mod:`~lintas.translate.corpus.merge` deduplicates (:mod:`~lintas.translate.corpus.dedupe`) and writes the
files, with the bitext writers it shares with ``lintas align`` (:mod:`lintas.translate.bitext`), and the statistics
(:mod:`~lintas.translate.corpus.stats`); :mod:`~lintas.translate.corpus.pipeline` drives a build.
"""
