"""The corpus store: records in a DuckDB database, deduplicated into stories and event clusters.

    db.py       the schema (derived from the record dataclasses) and the connection
    sources.py  every input format (.txt/.html/.jsonl, .csv, .parquet, WARC) as `Article`s, and the key
    worker.py   the task of an ingest worker (newscoder.workers): analyse a chunk, sign each text (MinHash)
    dedup.py    stories (MinHash LSH) and event clusters, kept incrementally
    ingest.py   the run: read, skip what is present, analyse in workers, write one chunk per transaction
    load.py     tables written elsewhere (e.g. by a Spark job) as Parquet, loaded into the database
    query.py    the read-only queries behind `newscoder events|quotes|figures|actors|stats`
    export.py   GDELT 2.0 event table, PLOVER JSON Lines, Parquet and CSV per table

The store imports the pipeline; nothing in the pipeline imports the store. Tables and columns are
documented in docs/corpus.md.
"""
