"""The event stage: one sentence (written for these tests) per behaviour, through the real pipeline."""
from __future__ import annotations

import pytest
from conftest import SEED, assert_valid, needs_shared

from newscoder import event_lexicon
from newscoder.pipeline import analyze
from newscoder.record import EVENT_TYPES

PUBLISHED = "2023-10-27"   # a Friday


def run(text: str, published: str | None = PUBLISHED):
    rec = analyze(text, published)
    assert rec.error is None, rec.error
    assert_valid(rec.to_dict())
    return rec


def described(rec) -> list[dict]:
    """Events with actor ids replaced by (name, country) for readable assertions."""
    actors = {a.id: a for a in rec.actors}
    side = lambda ids: [(actors[i].name, actors[i].country) for i in ids]
    out = []
    for e in rec.events:
        d = dict(e.__dict__)
        d["source"], d["target"] = side(e.source), side(e.target)
        d["claimed_by"] = actors[e.claimed_by].name if e.claimed_by else None
        out.append(d)
    return out


def only(rec, kind: str) -> dict:
    found = [e for e in described(rec) if e["type"] == kind]
    assert len(found) == 1, f"expected one {kind}, got {described(rec)}"
    return found[0]


def countries(side) -> set[str | None]:
    return {c for _, c in side}


# ---- every PLOVER type, with its source and target ----------------------------------------------------
TYPES = [
    ("AGREE", "Jordan and Egypt agreed to hold joint talks next month.", {"JOR", "EGY"}, set()),
    ("CONSULT", "The Egyptian foreign minister met his Jordanian counterpart in Cairo on Tuesday.", {"EGY"}, {"JOR"}),
    ("SUPPORT", "The Kenyan president praised Ethiopia for its role in the peace process.", {"KEN"}, {"ETH"}),
    ("CONCEDE", "The Sudanese government lifted the curfew in Khartoum on Monday.", {"SDN"}, set()),
    ("COOPERATE", "Norway extradited a Swedish suspect to Sweden on Monday.", {"NOR"}, {"SWE"}),
    ("AID", "Japan donated medical supplies to Bangladesh last week.", {"JPN"}, {"BGD"}),
    ("RETREAT", "Russian troops withdrew from the Georgian town of Gori.", {"RUS"}, set()),
    ("REQUEST", "The Chilean senate demanded that Peru release the detained fishermen.", {"CHL"}, {"PER"}),
    ("ACCUSE", "Kenya accused Somalia of backing the militants.", {"KEN"}, {"SOM"}),
    ("REJECT", "Hungary rejected the Austrian proposal on Thursday.", {"HUN"}, {"AUT"}),
    ("THREATEN", "Turkey threatened to expel the Dutch ambassador.", {"TUR"}, set()),
    ("PROTEST", "Thousands of French farmers protested in Paris against the new fuel tax.", {"FRA"}, set()),
    ("SANCTION", "Canada imposed sanctions on Belarus on Friday.", {"CAN"}, {"BLR"}),
    ("MOBILIZE", "Pakistan deployed troops along the Afghan border.", {"PAK"}, set()),
    ("COERCE", "Turkish police arrested twelve journalists in Ankara on Sunday.", {"TUR"}, set()),
    ("ASSAULT", "Ethiopian forces shelled the town of Mekelle on Wednesday.", {"ETH"}, set()),
]


@pytest.mark.parametrize("kind,text,src,tgt", TYPES, ids=[t[0] for t in TYPES])
def test_each_plover_type(kind, text, src, tgt):
    e = only(run(text), kind)
    assert src <= countries(e["source"]), e
    assert tgt <= countries(e["target"]), e
    assert e["cameo"] and e["cameo"].startswith(e["cameo"][:2]) and e["quad_class"] in (1, 2, 3, 4)
    assert -10 <= e["goldstein"] <= 10
    assert text[e["start"]:e["end"]] == e["trigger"]


def test_codes_quad_class_and_score_follow_the_cameo_table():
    e = only(run("Ethiopian forces shelled the town of Mekelle on Wednesday."), "ASSAULT")
    assert (e["cameo"], e["quad_class"], e["mode"], e["goldstein"]) == ("194", 4, "heavy-weapons", -10.0)
    e = only(run("The Kenyan president praised Ethiopia for its role in the peace process."), "SUPPORT")
    assert e["quad_class"] == 1 and e["goldstein"] > 0
    assert event_lexicon.quad_class("0871") == 2 and event_lexicon.quad_class("112") == 3


# ---- arguments -------------------------------------------------------------------------------------------
def test_passive_agent_is_the_source_and_date_and_place_follow():
    e = only(run("Gaza was bombed by Israel on Wednesday."), "ASSAULT")
    assert countries(e["source"]) == {"ISR"} and countries(e["target"]) == {"PSE"}
    assert e["date"] == "2023-10-25"
    assert (e["location"].name, e["location"].country) == ("Gaza Strip", "PSE")


def test_nominal_trigger_with_possessor_and_target_phrase():
    e = only(run("Israel's airstrikes on the Gaza Strip destroyed a hospital."), "ASSAULT")
    assert countries(e["source"]) == {"ISR"} and countries(e["target"]) == {"PSE"}
    assert e["trigger"] == "airstrikes" and e["location"].country == "PSE"
    assert e["confidence"] < 0.9


def test_light_verb_gives_the_noun_its_source_and_place():
    e = only(run("The Pentagon launched airstrikes against militants in Syria on Thursday."), "ASSAULT")
    assert countries(e["source"]) == {"USA"} and e["trigger"] == "airstrikes"
    assert e["location"].country == "SYR" and e["date"] == "2023-10-26"


def test_visit_is_consult_from_the_visitor_to_the_host_city():
    e = only(run("A Hamas delegation made a rare visit to Moscow on Wednesday."), "CONSULT")
    assert countries(e["source"]) == {"PSE"} and countries(e["target"]) == {"RUS"}
    assert e["mode"] == "visit" and e["location"].name == "Moscow"


def test_attack_inside_a_denunciation_is_its_own_dated_event():
    rec = run("The minister denounced Hamas' Oct.7 attack on southern Israeli communities.")
    attack = only(rec, "ASSAULT")
    assert countries(attack["source"]) == {"PSE"} and countries(attack["target"]) == {"ISR"}
    assert attack["date"] == "2023-10-07" and attack["location"].country == "ISR"
    accuse = only(rec, "ACCUSE")
    assert countries(accuse["target"]) == {"PSE"} and accuse["date"] is None   # Oct.7 is the attack's


def test_compound_actors_make_one_record_with_lists():
    e = only(run("Bosnia and Slovenia agreed to a ceasefire on Sunday."), "AGREE")
    assert countries(e["source"]) == {"BIH", "SVN"}


def test_reciprocal_actions_are_coded_each_way():
    rec = run("Moscow and Washington charged each other with bad faith.")
    pairs = {(next(iter(countries(e["source"]))), next(iter(countries(e["target"])))) for e in described(rec)
             if e["type"] == "ACCUSE"}
    assert pairs == {("RUS", "USA"), ("USA", "RUS")}


def test_phrase_without_an_actor_head_takes_the_actor_inside_it():
    e = only(run("Bangladesh rejected an Indian proposal for a free trade agreement."), "REJECT")
    assert countries(e["target"]) == {"IND"}


def test_unknown_proper_name_becomes_an_actor():
    e = only(run("Putin blamed the West for the escalation."), "ACCUSE")
    assert [n for n, _ in e["target"]] == ["West"]


def test_protest_that_makes_demands_is_one_protest_with_their_target():
    rec = run("Students staged rallies in Jakarta against President Widodo, demanding his resignation.")
    assert [e["type"] for e in described(rec)] == ["PROTEST"]
    assert "Widodo" in " ".join(n for n, _ in only(rec, "PROTEST")["target"])


def test_crowd_violence_is_a_riot():
    e = only(run("On 7 May 2020, angry residents attacked a police station in Kano."), "PROTEST")
    assert e["mode"] == "riot" and e["location"].country == "NGA"


# ---- frames: intentions, refusals, demands, hypotheticals, negation, questions -------------------------
@pytest.mark.parametrize("text,kind,modality", [
    ("Israel will evacuate the settlements in the Gaza Strip.", "AGREE", "intent"),
    ("Nigeria said it will withdraw its peacekeepers from Chad unless the fighting stops.", "THREATEN", "intent"),
    ("Turkey threatened to strike Kurdish positions in Syria.", "THREATEN", "intent"),
    ("Syria refused to deploy troops in Iraq.", "REJECT", None),
    ("Syria says it will not accept more refugees.", "REJECT", "intent"),
    ("The Macedonian army prepared to resume shelling rebel positions.", "MOBILIZE", None),
])
def test_announced_actions_are_coded_as_the_statement(text, kind, modality):
    rec = run(text)
    assert [e.type for e in rec.events] == [kind], described(rec)
    assert rec.events[0].modality == modality


@pytest.mark.parametrize("text", [
    "The conflict could spill over into Lebanon.",
    "Iran may attack Israel if the talks fail.",
    "If Russia attacks Finland, NATO will respond.",
    "Did Russia strike the dam on Wednesday?",
    "Russian and US convoys came close to clashing in Syria.",
])
def test_hypothetical_actions_are_not_coded(text):
    assert [e.type for e in run(text).events if e.type == "ASSAULT"] == []


def test_reported_obligation_is_a_demand_of_the_speaker():
    e = only(run("The Canadian government declared Monday that Brazil must lift its import tariffs."), "REQUEST")
    assert countries(e["source"]) == {"CAN"} and countries(e["target"]) == {"BRA"}


def test_negation_is_kept_and_flagged():
    e = only(run("Israel did not attack Lebanon on Tuesday."), "ASSAULT")
    assert e["negated"] is True
    assert only(run("Israel attacked Lebanon on Tuesday."), "ASSAULT")["negated"] is False


# ---- claims ------------------------------------------------------------------------------------------------
def test_action_in_a_reported_clause_is_claimed_by_the_speaker():
    e = only(run("Human Rights Watch said Ethiopian soldiers tortured detainees in Mekelle."), "ASSAULT")
    assert e["claimed_by"] == "Human Rights Watch"
    assert countries(e["source"]) == {"ETH"}


def test_action_in_a_direct_quote_is_claimed_by_its_speaker():
    rec = run('"The army shelled our village all night," the mayor of Kharkiv said on Friday.')
    e = only(rec, "ASSAULT")
    assert e["claimed_by"] and "mayor" in e["claimed_by"].lower()


def test_speaker_who_is_the_source_is_not_a_claim():
    e = only(run("Syria said it would permit the return of aid convoys."), "AGREE")
    assert countries(e["source"]) == {"SYR"} and e["claimed_by"] is None


# ---- dates -------------------------------------------------------------------------------------------------
def test_no_temporal_expression_means_no_date():
    e = only(run("Kenya accused Somalia of backing the militants."), "ACCUSE")
    assert e["date"] is None and e["historical"] is False


def test_historical_background_is_flagged_and_not_dated():
    e = only(run("Putin has in prior years condemned Washington's occupation of Syrian territory."), "ACCUSE")
    assert e["historical"] is True and e["date"] is None
    e = only(run("The United States invaded Iraq in 2003."), "ASSAULT")
    assert e["historical"] is True and e["date"] is None


def test_paragraph_date_governs_later_sentences_but_not_other_paragraphs():
    rec = run("On Tuesday, Ethiopian forces shelled Mekelle. Rebels attacked a checkpoint near Adigrat.\n"
              "Kenya accused Somalia of backing the militants.")
    dates = {e.trigger: e.date for e in rec.events}
    assert dates["shelled"] == "2023-10-24" and dates["attacked"] == "2023-10-24" and dates["accused"] is None


def test_last_week_and_weekday_before_publication():
    assert only(run("Japan donated medical supplies to Bangladesh last week."), "AID")["date"] == "2023-10-20"
    assert only(run("Turkish police arrested twelve journalists on Friday."), "COERCE")["date"] == "2023-10-27"


def test_event_after_an_earlier_statement_takes_the_next_day():
    rec = run("On Wednesday, Putin decried the bombing of Gaza.\n"
              "In the hours after Putin's remarks, the Pentagon launched airstrikes against militants in Syria.")
    assert only(rec, "ACCUSE")["date"] == "2023-10-25"
    assert [e["date"] for e in described(rec) if e["trigger"] == "airstrikes"] == ["2023-10-26"]


def test_without_a_publication_date_relative_days_stay_empty():
    e = only(run("Ethiopian forces shelled the town of Mekelle on Wednesday.", published=None), "ASSAULT")
    assert e["date"] is None


# ---- places ------------------------------------------------------------------------------------------------
def test_seat_of_power_places_the_statement_in_its_city():
    e = only(run("In a meeting at the Kremlin on Wednesday, Putin praised China."), "SUPPORT")
    assert (e["location"].name, e["location"].country) == ("Moscow", "RUS")
    assert e["location"].lat == pytest.approx(55.75, abs=0.1)


def test_palestine_is_not_texas():
    e = only(run("Israeli soldiers arrested ten protesters in Palestine on Monday."), "COERCE")
    assert e["location"].country == "PSE"


def test_statement_is_not_placed_in_the_country_it_criticises():
    e = only(run("Kenya accused Somalia of backing the militants."), "ACCUSE")
    assert e["location"] is None


def test_a_national_classifier_does_not_make_the_article_about_that_country():
    rec = run("On Tuesday, angry shopkeepers protesting against the US dollar exchange rate blocked the main road in Zahle.")
    assert only(rec, "PROTEST")["location"].country == "LBN"      # not rejected as a small town outside the USA


def test_an_event_with_no_place_of_its_own_takes_the_country_of_a_mission_working_there():
    rec = run("On Tuesday, the OSCE SMM recorded 14 explosions near Kvetkovo-Dolne.")   # a village no gazetteer holds
    e = only(rec, "ASSAULT")
    assert e["location"].country == "UKR"


def test_a_region_in_brackets_chooses_the_country_of_the_town_before_it():
    e = only(run("On Tuesday, soldiers shelled houses in Rafah (Rafah, North Sinai)."), "ASSAULT")
    assert e["location"].country == "EGY"
    e = only(run("On Tuesday, taxi drivers protested in Kuito (Kuito, Bie) against police checks."), "PROTEST")
    assert e["location"].country == "AGO"


def test_a_capitalised_modifier_of_a_common_noun_is_not_taken_for_a_town():
    e = only(run("On Tuesday, rioters hurled Molotov cocktails at a bank."), "PROTEST")
    assert e["location"] is None


# ---- output contract ---------------------------------------------------------------------------------------
def test_events_are_in_text_order_with_offsets_into_the_text():
    rec = run("Kenya accused Somalia of backing the militants. Canada imposed sanctions on Belarus.")
    assert [e.start for e in rec.events] == sorted(e.start for e in rec.events)
    for e in rec.events:
        assert rec.text[e.start:e.end] == e.trigger
        assert 0 <= e.confidence <= 1


def test_lexicon_rows_are_well_formed():
    lex = event_lexicon.load()
    types = set(EVENT_TYPES)
    for rows in lex.rows.values():
        for row in rows:
            assert row.pos in ("V", "N")
            if row.type is not None:
                assert row.type in types and (row.alt_type is None or row.alt_type in types)
                assert row.cameo and lex.score(row.cameo) is not None, row
                assert event_lexicon.quad_class(row.cameo) is not None


# ---- the seed article --------------------------------------------------------------------------------------
@needs_shared
def test_seed_article_events():
    rec = run(SEED.read_text(encoding="utf-8"), PUBLISHED)
    events = described(rec)
    by_trigger = {}
    for e in events:
        by_trigger.setdefault(e["trigger"], []).append(e)
    pentagon = [e for e in by_trigger["airstrikes"] if countries(e["source"]) == {"USA"}]
    assert pentagon and pentagon[0]["location"].country == "SYR" and pentagon[0]["date"] == "2023-10-26"
    assert by_trigger["decried"][0]["date"] == "2023-10-25"
    assert by_trigger["decried"][0]["location"].name == "Moscow"
    visit = by_trigger["visit"][0]
    assert visit["type"] == "CONSULT" and visit["date"] == "2023-10-25"
    assert {(next(iter(countries(e["source"]))), next(iter(countries(e["target"])))) for e in by_trigger["vetoing"]} \
        == {("RUS", "USA"), ("USA", "RUS")}
    condemned = by_trigger["condemned"][0]
    assert condemned["historical"] and condemned["date"] is None
    assert any(e["claimed_by"] == "Vladimir Putin" for e in events)       # "he thought Israel was wrong to keep bombing Gaza"
    attack = by_trigger["attack"][0]
    assert attack["date"] == "2023-10-07" and countries(attack["target"]) == {"ISR"}


# ---- the learned type classifier (event_model; trained by `make train`) ---------------------------------
def _trigger(text: str, word: str):
    from newscoder.nlp import load
    from newscoder.settings import Settings
    doc = load(Settings())(text)
    return next(t for t in doc if t.lower_ == word)


def test_type_model_ships_and_reads_a_strike_by_its_context():
    from newscoder import event_model
    model = event_model.load()
    assert model is not None and len(model.types) == 16 and set(model.types) <= set(EVENT_TYPES)
    labour = _trigger("Nurses at the city's public hospitals began an indefinite strike over unpaid wages.", "strike")
    air = _trigger("Government warplanes carried out a strike on a rebel base, killing nine fighters.", "strike")
    among = {"PROTEST", "ASSAULT"}
    p = model.probs(event_model.features(labour), among)
    assert max(p, key=p.get) == "PROTEST", p
    p = model.probs(event_model.features(air), among)
    assert max(p, key=p.get) == "ASSAULT", p
    scores = model.scores(event_model.features(air))
    assert abs(float(scores.sum()) - 1.0) < 1e-5


def test_type_model_training_is_deterministic(tmp_path):
    from newscoder import event_model
    data = [(["t=strike", "s=nurse", "s=wage"], "PROTEST"), (["t=strike", "s=warplane", "s=base"], "ASSAULT"),
            (["t=strike", "s=teacher", "s=pay"], "PROTEST"), (["t=strike", "s=missile", "s=kill"], "ASSAULT"),
            (["t=meet", "s=minister", "s=talks"], "CONSULT")]
    types = ["ASSAULT", "CONSULT", "PROTEST"]
    w1, b1 = event_model.train(data, types, bits=8, iters=50)
    w2, b2 = event_model.train(data, types, bits=8, iters=50)
    assert w1.shape == (256, 3) and (w1 == w2).all() and (b1 == b2).all()
    event_model.save(tmp_path / "a.npz", types, w1, b1, bits=8)
    event_model.save(tmp_path / "b.npz", types, w2, b2, bits=8)
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()
    m = event_model.Model(tuple(types), w1.astype("float32"), b1.astype("float32"), 8)
    p = m.probs(["t=strike", "s=teacher"], {"PROTEST", "ASSAULT"})
    assert p["PROTEST"] > 0.5


def test_type_model_reads_a_labour_strike_the_rules_took_for_an_attack():
    # "strike" without a labour modifier or verb ("went on strike") falls to the lexicon's default row,
    # ASSAULT; the classifier reads the dockworkers, the pay offer and the union as a labour strike
    rec = run("The strike by Kenyan dockworkers entered its third day on Wednesday as union leaders "
              "rejected a pay offer.")
    kinds = {(e.type, e.trigger) for e in rec.events}
    assert ("PROTEST", "strike") in kinds and ("ASSAULT", "strike") not in kinds, kinds
    e = only(rec, "PROTEST")
    assert e["mode"] == "strike" and "KEN" in countries(e["source"]), e


def test_a_hyphen_parsed_as_a_name_is_no_actor():
    # en_core_web_sm reads the "-" of "Wal-Mart" as a PROPN object inside an ORG entity (seen on a real
    # article); the event stage used to fail the whole article on it (IndexError). The parse is given here.
    from spacy.tokens import Doc
    from newscoder.actors import ActorTable
    from newscoder.event_args import ArgFinder
    from newscoder.nlp import load
    from newscoder.settings import Settings

    vocab = load(Settings()).vocab
    doc = Doc(vocab, words=["Unions", "accuse", "Wal", "-", "Mart", "."], spaces=[True, True, False, False, False, False],
              pos=["NOUN", "VERB", "PROPN", "PROPN", "PROPN", "PUNCT"],
              deps=["nsubj", "ROOT", "nmod", "dobj", "appos", "punct"], heads=[1, 1, 3, 1, 3, 1],
              ents=["O", "O", "B-ORG", "I-ORG", "I-ORG", "O"])
    finder = ArgFinder(doc, ActorTable(), {1}, lambda offset: None)
    assert finder.actor(doc[3]) is None
