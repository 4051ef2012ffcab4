"""The data model and the JSON Schema describe the same record; the schema accepts and refuses what it should."""
import dataclasses
import json
from importlib import resources

import pytest
from conftest import assert_valid, validator

from newscoder import record as r


def schema() -> dict:
    return json.loads(resources.files("newscoder").joinpath("schema/record.schema.json").read_text("utf-8"))


CONTRACT_FIELDS = {"id", "text", "published", "published_inferred", "credits", "embeds", "actors", "quotes",
                   "events", "figures", "error"}


def full_record() -> r.Record:
    loc = r.Location(name="Moscow", country="RUS", lat=55.75, lon=37.62)
    return r.Record(
        id="a1", text="Putin said it was over.", published="2023-10-27", credits=["Reuters"],
        embeds=[r.Embed(kind="social_post", author="@x", date="2023-10-27", url="pic.twitter.com/a", start=0, end=5)],
        actors=[r.Actor(id="A1", name="Vladimir Putin", kind="person", country="RUS", sector="GOV",
                        code="RUSGOV", mentions=[(0, 5)])],
        quotes=[r.Quote(text="it was over", start=11, end=22, kind="indirect", speaker="A1", speaker_text="Putin",
                        speaker_start=0, speaker_end=5, cue="said", cue_start=6, cue_end=10)],
        events=[r.Event(type="ACCUSE", mode=None, cameo="111", quad_class=3, source=["A1"], target=[],
                        trigger="said", date="2023-10-25", location=loc, start=6, end=10, confidence=0.8)],
        figures=[r.Figure(kind="killed", value=7000, qualifier="over", victims="people", text="over 7,000",
                          start=0, end=5, location=r.Location(name="Gaza Strip", country="PSE"))])


def test_every_contract_field_is_in_the_model_and_required_by_the_schema():
    names = {f.name for f in dataclasses.fields(r.Record)}
    assert CONTRACT_FIELDS <= names
    assert CONTRACT_FIELDS <= set(schema()["required"])


@pytest.mark.parametrize("cls,key", [(r.Actor, "actors"), (r.Quote, "quotes"), (r.Event, "events"),
                                     (r.Figure, "figures"), (r.Embed, "embeds")])
def test_schema_knows_every_model_field(cls, key):
    props = schema()["properties"][key]["items"]["properties"]
    assert {f.name for f in dataclasses.fields(cls)} <= set(props), f"{cls.__name__} fields missing from schema"


def test_full_record_validates_and_round_trips_through_json():
    d = full_record().to_dict()
    assert_valid(d)
    assert json.loads(json.dumps(d)) == d
    assert d["actors"][0]["mentions"] == [[0, 5]]


def test_error_record_is_valid_and_one_line():
    d = r.error_record("x", "bad\nthing   here").to_dict()
    assert_valid(d)
    assert d["error"] == "bad thing here" and d["id"] == "x"


@pytest.mark.parametrize("mutate", [
    lambda d: d.pop("id"),
    lambda d: d.__setitem__("published", "27/10/2023"),
    lambda d: d["events"][0].__setitem__("type", "FIGHT"),
    lambda d: d["figures"][0].__setitem__("qualifier", "roughly"),
    lambda d: d["actors"][0].__setitem__("country", "Russia"),
    lambda d: d["quotes"][0].__setitem__("start", -1),
])
def test_schema_refuses_broken_records(mutate):
    d = full_record().to_dict()
    mutate(d)
    assert list(validator().iter_errors(d)), "schema accepted a broken record"
