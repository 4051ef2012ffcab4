"""The worker pool shared by `newscoder analyze` and `newscoder ingest`: order, failures, dead workers."""
import os

import pytest

from newscoder import workers
from newscoder.inputs import Article
from newscoder.settings import Settings
from newscoder.workers import Workers, analyse_in_workers

TEXTS = [
    "The mayor of Lisbon said on Monday that the new bridge would open in May.",
    "Police in Nairobi arrested 12 protesters outside parliament, a spokesman said.",
    "Floods killed at least 30 people in the north of the country, officials said.",
    "The two ministers met in Geneva to discuss a ceasefire.",
]


def articles(n: int) -> list[Article]:
    return [Article(id=f"a{i:03}", text=TEXTS[i % len(TEXTS)] + f" Report number {i}.") for i in range(n)]


def test_two_workers_give_the_same_records_in_the_same_order():
    arts = articles(40)
    alone = [r.to_dict() for r in analyse_in_workers(arts, Settings(), 0, chunk_size=4)]
    pooled = [r.to_dict() for r in analyse_in_workers(arts, Settings(), 2, chunk_size=4)]
    assert [r["id"] for r in pooled] == [a.id for a in arts]
    assert pooled == alone


def test_small_input_is_analysed_in_this_process(monkeypatch):
    started = []
    monkeypatch.setattr(Workers, "_start", lambda self: started.append(self.n) or workers.configure(self.settings))
    recs = list(analyse_in_workers(articles(3), Settings(), None, chunk_size=16))
    assert len(recs) == 3 and started == [0]
    list(analyse_in_workers(articles(17), Settings(), None, chunk_size=16))
    assert started[1] == workers.cores()


def _flaky(chunk):
    if any(a.id == "a002" for a in chunk):
        raise RuntimeError("the chunk fails" if len(chunk) > 1 else "this article breaks a stage")
    return os.getpid(), 0, [a.id for a in chunk]


def test_a_failing_chunk_costs_only_the_article_that_fails():
    arts = articles(7)
    with Workers(Settings(), 0, _flaky, lambda art, why: f"{art.id}: {why}") as pool:
        got = [r for _, rs in pool.map((None, arts[k:k + 3]) for k in range(0, 7, 3)) for r in rs]
    assert got == ["a000", "a001", "a002: internal error: RuntimeError: this article breaks a stage",
                   "a003", "a004", "a005", "a006"]


def test_a_model_that_cannot_load_stops_the_run():
    from newscoder.errors import ModelError
    with pytest.raises(ModelError):
        list(analyse_in_workers(articles(2), Settings(model="no_such_model_package"), 0))


def test_bad_articles_become_error_records_among_good_ones():
    arts = articles(20)
    arts[5] = Article(id="empty", text="   ")
    arts[9] = Article(id="broken", error="not valid JSON")
    recs = list(analyse_in_workers(arts, Settings(), 2, chunk_size=4))
    assert [r.id for r in recs] == [a.id for a in arts]
    assert recs[5].error == "empty text" and recs[9].error == "not valid JSON"
    assert all(r.error is None for k, r in enumerate(recs) if k not in (5, 9))
