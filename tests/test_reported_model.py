"""The learned unquoted attributions (newscoder.reported_model): the tail of cue verbs the rules leave."""
import newscoder
from newscoder import reported_model
from newscoder.nlp import load
from newscoder.settings import Settings


def quotes_of(text):
    rec = newscoder.analyze(text, published="2024-03-05")
    return [(q.kind, q.speaker_text, q.cue, q.text) for q in rec.quotes]


def test_tail_verb_with_preposition_reports_its_object():
    qs = quotes_of("The governor pushed for a vote on the new water tax before the summer recess.")
    assert len(qs) == 1
    kind, speaker, cue, text = qs[0]
    assert (kind, speaker, cue) == ("indirect", "governor", "pushed")
    assert "a vote on the new water tax" in text


def test_talked_about_takes_the_topic_without_the_preposition():
    qs = quotes_of("Union leaders talked about the risks of the new shift schedule for hours.")
    assert [(q[1], q[2], q[3]) for q in qs] == [("Union leaders", "talked", "the risks of the new shift schedule")]


def test_a_pronoun_alone_is_no_content():
    # "argued about it" would otherwise be reported with "it" as what was said
    assert quotes_of("Voters in the district argued about it online for a week.") == []
    assert [q[3] for q in quotes_of("Voters in the district argued about the parking fees online.")] \
        == ["the parking fees online"]


def test_ordinary_acts_are_no_statements():
    assert quotes_of("The farmer grabbed a shovel and dug a trench behind the barn.") == []
    assert quotes_of("Residents of the valley drove to the city on Saturday.") == []


def test_accuse_and_naming_verbs_are_left_to_the_rules():
    doc = load(Settings())("The minister denounced the raid on the village as a crime.")
    verb = next(t for t in doc if t.lemma_ == "denounce")
    assert reported_model.eligible(verb) is None


def test_first_person_and_expletive_subjects_are_not_speakers():
    nlp = load(Settings())
    for text in ("We pushed for a vote on the tax.", "It pushed for a vote on the tax."):
        verb = next(t for t in nlp(text) if t.lemma_ == "push")
        assert reported_model.eligible(verb) is None


def test_options_offer_clause_object_and_preposition_spans():
    doc = load(Settings())("The mayor pointed to the budget and argued that taxes must rise.")
    verb = next(t for t in doc if t.lemma_ == "point")
    texts = {c.option: " ".join(t.text for t in c.toks) for c in reported_model.options(verb)}
    assert texts["prep:to"] == "the budget"
    assert "rest" in texts


def test_without_the_artifact_the_rules_work_alone(monkeypatch):
    monkeypatch.setattr(reported_model, "load", lambda: None)
    assert quotes_of("The governor pushed for a vote on the new water tax before the summer recess.") == []


def test_things_that_cannot_speak_are_no_speakers():
    # a date or a common noun never seen as a speaker in training ("rain", "days") reports nothing
    assert quotes_of("Four days of heavy rain pushed the river over its banks near the old mill.") == []
    assert quotes_of("The heavy rain pushed for a change in the schedule of the harvest festival.") == []
