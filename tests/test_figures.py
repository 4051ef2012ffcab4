"""Figures: counts of people killed, injured, displaced, taken hostage, arrested, missing, affected or
otherwise counted, with qualifier, victims, evidence span, place and source. All sentences are written
for these tests."""
from pathlib import Path

import pytest

import newscoder
from newscoder import actors, figures
from newscoder.nlp import load
from newscoder.settings import Settings

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed" / "000_1a7beac0dd8a92b8.txt"


@pytest.fixture(scope="module")
def nlp():
    return load(Settings())


def run(nlp, text, published="2024-05-01"):
    doc = nlp(text)
    table = actors.extract(doc, published)
    found = figures.extract(doc, table, published)
    for f in found:                               # every figure's evidence is exactly its span of the text
        assert doc.text[f.start:f.end] == f.text
    return found, table


def figs(nlp, text):
    return [(f.kind, f.value, f.qualifier) for f in run(nlp, text)[0]]


# --------------------------------------------------------------- kind, value, qualifier

CASES = [
    # number forms
    ("Officials said 7,000 people were killed in the fighting.", [("killed", 7000, "exact")]),
    ("The floods have displaced 1.5 million people across the region.", [("displaced", 1_500_000, "exact")]),
    ("Three soldiers were wounded in the ambush near the border.", [("injured", 3, "exact")]),
    ("Twenty-five protesters were arrested outside parliament.", [("arrested", 25, "exact")]),
    ("Two hundred and fifty villagers fled their homes after the attack.", [("displaced", 250, "exact")]),
    ("A dozen civilians were abducted from the market on Sunday.", [("hostages", 12, "about")]),
    ("Dozens of people were killed when the building collapsed.", [("killed", 12, "at_least")]),
    ("Scores of students were injured in the stampede.", [("injured", 20, "at_least")]),
    ("Hundreds of families were left homeless by the storm.", [("displaced", 100, "at_least")]),
    ("Hundreds of thousands of people have fled the city since the offensive began.",
     [("displaced", 100_000, "at_least")]),
    ("Tens of thousands of residents were evacuated ahead of the hurricane.", [("displaced", 10_000, "at_least")]),
    ("Several journalists were detained by security forces.", [("arrested", 3, "at_least")]),
    ("Two dozen miners remain missing after the explosion.", [("missing", 24, "exact")]),
    # ranges
    ("Between 20 and 30 people were wounded in the clashes.", [("injured", 20, "at_least")]),
    ("Police said 20 to 30 people were arrested.", [("arrested", 20, "at_least")]),
    ("The blast killed 20-30 people, witnesses said.", [("killed", 20, "at_least")]),
    ("Two or three gunmen were killed in the exchange of fire.", [("killed", 2, "at_least")]),
    # qualifiers
    ("More than 100 people were killed in the earthquake.", [("killed", 100, "over")]),
    ("Over 200 migrants are missing after the boat capsized.", [("missing", 200, "over")]),
    ("At least 34 people were killed in the strikes.", [("killed", 34, "at_least")]),
    ("Nearly 50 people were injured.", [("injured", 50, "under")]),
    ("Almost 3,000 residents have been displaced by the fighting.", [("displaced", 3000, "under")]),
    ("Up to 40 people may have been taken hostage.", [("hostages", 40, "up_to")]),
    ("As many as 70 people may have died in the fire.", [("killed", 70, "up_to")]),
    ("About 60 protesters were arrested.", [("arrested", 60, "about")]),
    ("Around 300 people were evacuated from the area.", [("displaced", 300, "about")]),
    ("Some 500 people were killed in the massacre.", [("killed", 500, "about")]),
    ("Roughly 1,000 people were displaced.", [("displaced", 1000, "about")]),
    ("Fewer than 10 people were injured in the incident.", [("injured", 10, "under")]),
    ("Less than a dozen soldiers were killed in the raid.", [("killed", 12, "under")]),
    # the governing word, found on the parse
    ("The airstrike killed 12 civilians, including five children.", [("killed", 12, "exact")]),
    ("The death toll rose to 45 on Tuesday.", [("killed", 45, "exact")]),
    ("The death toll from the quake has climbed to more than 2,000.", [("killed", 2000, "over")]),
    ("The attack left 34 dead and 60 wounded.", [("killed", 34, "exact"), ("injured", 60, "exact")]),
    ("Troops killed 5 militants and wounded 12 others.", [("killed", 5, "exact"), ("injured", 12, "exact")]),
    ("Two civilians were killed and three injured in the shelling.",
     [("killed", 2, "exact"), ("injured", 3, "exact")]),
    ("At least 34 were killed, officials said.", [("killed", 34, "at_least")]),
    ("Health officials reported 18 deaths from the violence.", [("killed", 18, "exact")]),
    ("The hospital received 40 bodies overnight.", [("killed", 40, "exact")]),
    ("The bodies of four men were found near the river.", [("killed", 4, "exact")]),
    ("Six people lost their lives in the collision.", [("killed", 6, "exact")]),
    ("At least 30 people died when the ferry sank.", [("killed", 30, "at_least")]),
    ("Nine people drowned when their boat capsized.", [("killed", 9, "exact")]),
    ("Twelve people were hospitalized after the riot.", [("injured", 12, "exact")]),
    ("Fifteen fishermen are missing after the storm.", [("missing", 15, "exact")]),
    ("Gunmen kidnapped 20 students from a boarding school.", [("hostages", 20, "exact")]),
    ("Militants are holding 30 hostages.", [("hostages", 30, "exact")]),
    ("Police arrested 12 protesters and detained two journalists.",
     [("arrested", 12, "exact"), ("arrested", 2, "exact")]),
    ("Five demonstrators were taken into custody.", [("arrested", 5, "exact")]),
    ("Hundreds of thousands of people are left without shelter, food and water.",
     [("affected", 100_000, "at_least")]),
    ("Floodwaters drove more than 12,000 from their homes.", [("displaced", 12_000, "over")]),
    ("Thousands of protesters marched through the capital on Saturday.", [("other", 1000, "at_least")]),
    ("The shelling killed or wounded dozens of soldiers.", [("other", 12, "at_least")]),
    # people counted without a number
    ("A man was shot dead by police on Friday.", [("killed", 1, "exact")]),
    ("The body of a woman was found in the river.", [("killed", 1, "exact")]),
    ("A shepherd and his cousin were killed in a quarrel over grazing rights.",
     [("killed", 1, "exact"), ("killed", 1, "exact")]),
    ("Snipers opened fire on a civilian, killing him.", [("killed", 1, "exact")]),
    ("No one was killed in the attack, police said.", [("killed", 0, "exact")]),
    ("No fatalities were reported.", [("killed", 0, "exact")]),
    # not figures
    ("The war began in 2023 and the attack on Oct. 7 shocked the country.", []),
    ("The 12-year-old attended school in the town.", []),
    ("John Smith, 45, runs a bakery in the town.", []),
    ("The UN Security Council adopted Resolution 2334 in December.", []),
    ("Flight 17 was shot down over eastern Ukraine.", []),
    ("The government pledged $3 million in aid and 40% of the funds went to charities.", []),
    ("Turnout was 60 percent, and the navy seized 12 ships and shot down 5 drones.", []),
    ("Aid groups opened 140 shelters and delivered 3,000 tonnes of food.", []),
    ("One of the most dangerous roads in the country reopened on Tuesday.", []),
    ("The magnitude 6.1 quake struck at a depth of 10 km at 9 a.m.", []),
    ("The team won 3-1 on Sunday.", []),
    ("Gunmen tried to kill a policeman in the city.", []),
    ("Bangladesh, a delta nation of about 170 million people, is exposed to floods.", []),
    ("He vowed to protect the feelings of millions of people.", []),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0][:40] for c in CASES])
def test_kind_value_qualifier(nlp, text, expected):
    assert figs(nlp, text) == expected


# --------------------------------------------------------------- evidence span and victims

SPANS = [
    ("Israel's airstrikes on the Gaza Strip have left over 7,000 people, mostly civilians and at least half "
     "of them women and children, dead.",
     "over 7,000 people, mostly civilians and at least half of them women and children, dead",
     "people, mostly civilians"),
    ("Floods tore through villages, killing at least 34 people.", "killing at least 34 people", "people"),
    ("Dozens of pro-government fighters were killed overnight.",
     "Dozens of pro-government fighters were killed", "pro-government fighters"),
    ("The death toll rose to 45 on Tuesday.", "death toll rose to 45", None),
    ("The bodies of four men were found near the river.", "bodies of four men", "men"),
    ("Six people lost their lives in the collision.", "Six people lost their lives", "people"),
    ("Up to 40 people may have been taken hostage.", "Up to 40 people may have been taken hostage", "people"),
    ("A farmer was shot dead near the market.", "A farmer was shot dead", "farmer"),
    ("The raid killed a family of three.", "killed a family of three", "family of three"),
]


@pytest.mark.parametrize("text, evidence, victims", SPANS, ids=[s[1][:40] for s in SPANS])
def test_evidence_span_and_victims(nlp, text, evidence, victims):
    [f] = run(nlp, text)[0]
    assert f.text == evidence
    assert text[f.start:f.end] == evidence and f.start == text.index(evidence)
    assert f.victims == victims


def test_two_figures_in_one_sentence_have_their_own_spans(nlp):
    text = "Troops killed 5 militants and wounded 12 others in Kunduz."
    killed, injured = run(nlp, text)[0]
    assert (killed.text, killed.start, killed.end) == ("killed 5 militants", 7, 25)
    assert (injured.text, injured.victims) == ("wounded 12 others", "others")


# --------------------------------------------------------------- place

@pytest.mark.parametrize("text, name, country", [
    ("At least 34 people were killed in Gaza on Monday.", "Gaza", "PSE"),
    ("Twelve people were wounded in Syria's Idlib province.", "Idlib province", "SYR"),
    ("Israeli strikes killed 20 people in the Gaza Strip overnight.", "Gaza Strip", "PSE"),
    ("The army said it had arrested 25 suspects in Kabul, Afghanistan.", "Kabul", "AFG"),
    ("Fighting in Khartoum has killed 60 people, the health ministry said.", "Khartoum", "SDN"),
])
def test_location(nlp, text, name, country):
    [f] = run(nlp, text)[0]
    assert (f.location.name, f.location.country) == (name, country)


@pytest.mark.parametrize("text", [
    "At least 34 people were killed in the strikes.",
    "Israel's airstrikes have left 700 people dead.",          # the attacker's country is not the place
])
def test_no_location(nlp, text):
    [f] = run(nlp, text)[0]
    assert f.location is None


# --------------------------------------------------------------- source

@pytest.mark.parametrize("text, source", [
    ("At least 50 people were killed, according to the Gaza health ministry.", "Gaza health ministry"),
    ("The Syrian Observatory for Human Rights said 15 fighters were killed near Aleppo.",
     "Syrian Observatory for Human Rights"),
    ("Fighting in Khartoum has killed 60 people, Sudan's health ministry said.", "Sudan's health ministry"),
    ("Hamas-run health authorities said 7,000 people had been killed in Gaza.", "Hamas-run health authorities"),
    ('"We counted 40 bodies in the village," said Ahmed Ali, a local official.', "Ahmed Ali"),
    ('"More than 200 families have been displaced," the UN refugee agency said.', "UNHCR"),
])
def test_according_to(nlp, text, source):
    [f], table = run(nlp, text)
    assert table.actor(f.according_to).name == source


def test_quote_speaker_in_the_same_paragraph(nlp):
    text = ('Colonel Jane Roe spoke to reporters at the base on Monday.\n'
            'Roe said the night had been long. "Our medics treated 14 wounded soldiers before dawn. '
            'Two of them are in a critical condition."')
    found, table = run(nlp, text)
    [f] = [f for f in found if f.value == 14]
    assert f.kind == "injured" and table.actor(f.according_to).name == "Jane Roe"


def test_no_source_when_none_is_named(nlp):
    [f] = run(nlp, "At least 34 people were killed in the strikes.")[0]
    assert f.according_to is None


# --------------------------------------------------------------- through the pipeline

def test_analyze_fills_record_figures():
    rec = newscoder.analyze("Police in Lima arrested 40 protesters on Monday, officials said.",
                            published="2024-03-04")
    [f] = rec.figures
    assert (f.kind, f.value, f.qualifier, f.victims) == ("arrested", 40, "exact", "protesters")
    assert rec.text[f.start:f.end] == f.text == "arrested 40 protesters"
    assert f.location.name == "Lima"
    assert rec.to_dict()["figures"][0]["kind"] == "arrested"


def test_empty_text(nlp):
    assert run(nlp, " ")[0] == []


@pytest.mark.skipif(not SEED.exists(), reason=f"{SHARED} is not present beside the project (the seed article "
                    "lives there)")
def test_seed_article():
    rec = newscoder.analyze(SEED.read_text(encoding="utf-8"), published="2023-10-27")
    killed = [f for f in rec.figures if f.kind == "killed"]
    assert len(killed) == 1
    [f] = killed
    assert (f.value, f.qualifier, f.victims) == (7000, "over", "people, mostly civilians")
    assert f.text.startswith("over 7,000 people") and f.text.endswith("dead")
    assert rec.text[f.start:f.end] == f.text
    assert (f.location.name, f.location.country) == ("Gaza Strip", "PSE")
    [affected] = [f for f in rec.figures if f.kind == "affected"]
    assert (affected.value, affected.qualifier) == (100_000, "at_least")
    putin = next(a for a in rec.actors if a.name == "Vladimir Putin")
    assert affected.according_to == putin.id      # a figure inside Putin's quote is his
