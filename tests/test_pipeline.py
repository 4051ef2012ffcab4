"""The pipeline's own logic: parse batches bounded in articles and in characters, records in order."""
from newscoder.inputs import Article
from newscoder.pipeline import _batches, analyze_many, prepare_safely
from newscoder.settings import Settings


def _prepared(texts, settings):
    return [prepare_safely(Article(id=f"a{i}", text=t), settings) for i, t in enumerate(texts)]


def test_batches_keep_to_the_article_and_character_bounds():
    s = Settings(batch_size=4, batch_chars=1_000)
    texts = ["Rain fell on Lisbon on Monday. " * 5] * 6 + ["The council met in Porto. " * 60] + ["Short note."] * 3
    sizes = [[len(p.record.text) for p in b] for b in _batches(iter(_prepared(texts, s)), s)]
    assert [len(b) for b in sizes] == [4, 2, 1, 3]       # the long article (1,560 characters) alone
    assert all(len(b) == 1 or sum(b) <= 1_000 for b in sizes)
    assert sum(len(b) for b in sizes) == len(texts)


def test_error_records_take_no_room_and_order_is_kept():
    s = Settings(batch_size=16, batch_chars=200)
    arts = [Article(id="a0", text="Police in Quito arrested two men on Friday, officials said."),
            Article(id="a1", text=""), Article(id="a2", error="not valid JSON"),
            Article(id="a3", text="Floods killed four people in the north of Chile, the army said.")]
    recs = list(analyze_many(arts, s))
    assert [r.id for r in recs] == ["a0", "a1", "a2", "a3"]
    assert recs[1].error == "empty text" and recs[2].error == "not valid JSON"
    assert recs[0].error is None and recs[3].error is None
