"""Unquoted attributions found by the rules of newscoder.reported (see test_quotes.py for the rest)."""
import newscoder


def quotes_of(text):
    rec = newscoder.analyze(text, published="2024-03-05")
    names = {a.id: a.name for a in rec.actors}
    return [(q.kind, q.speaker_text, names.get(q.speaker), q.cue, q.text) for q in rec.quotes]


def test_transcript_turn_belongs_to_the_named_person():
    text = ("Senator Ann Harper spoke to reporters in Boston on Tuesday.\n\n"
            "HARPER: We will not raise taxes on working families this year.\n\nThe session ended at noon.")
    assert quotes_of(text) == [("indirect", "HARPER", "Ann Harper", ":",
                                "We will not raise taxes on working families this year")]


def test_headline_with_a_name_and_colon_is_that_persons_claim():
    text = "Harper: Tax cuts will pay for themselves\n\nSenator Ann Harper spoke at a rally in Ohio on Monday."
    qs = quotes_of(text)
    assert qs[0][2:] == ("Ann Harper", ":", "Tax cuts will pay for themselves")


def test_labels_with_a_colon_are_no_speakers():
    text = "Contributing: Mark Doe and Lisa Roe in Washington.\n\nThe Latest: Storm moves east after flooding two towns."
    assert quotes_of(text) == []


def test_object_statement_without_the_writers_aside():
    text = "The governor praised the new bridge, which opened to traffic on Sunday after six years of work."
    assert [q[3:] for q in quotes_of(text)] == [("praised", "the new bridge")]
