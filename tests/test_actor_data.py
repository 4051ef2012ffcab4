"""Checks on the actor dictionary data files (src/newscoder/data/actors/*.tsv)."""
import csv
import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "src" / "newscoder" / "data" / "actors"

HEADERS = {
    "countries.tsv": ["iso3", "name", "aliases", "demonyms", "capitals"],
    "metonyms.tsv": ["phrase", "country", "sector"],
    "organizations.tsv": ["name", "aliases", "kind", "country", "sector", "code"],
    "people.tsv": ["name", "aliases", "country", "sector", "role", "start", "end", "gender"],
    "agents.tsv": ["word", "sector", "number", "kind"],
}
SECTORS = {"GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "LEG", "SPY", "REL", "MED", "EDU", "BUS",
           "CRM", "CVL", "HLH", "NGO", "IGO", "REF", "LAB", "AGR", "ENV", "ELI", "UAF"}
ORG_KINDS = {"igo", "group", "media", "organization"}
# Forms that are correct for two countries and are listed under both on purpose (README.md):
# "Congolese" (DRC and Republic of the Congo), "Dominican" (Dominican Republic and Dominica).
COUNTRY_SHARED_FORMS = {"congolese", "dominican"}


def load(name):
    """Rows of one file as dicts; '#' lines are comments. Checks every row has the header's width."""
    with open(DATA / name, encoding="utf-8", newline="") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader)
    rows = []
    for n, row in enumerate(reader, 2):
        assert len(row) == len(header), f"{name}: data row {n} has {len(row)} cells: {row}"
        rows.append(dict(zip(header, row)))
    return header, rows


def alts(cell):
    return [a for a in cell.split("|") if a] if cell else []


def is_acronym(text):
    """All-caps forms (US, U.S., IS, WHO, ICE, SADR, G20, RFE/RL) match case-sensitively (README.md)."""
    return bool(re.fullmatch(r"[A-Z0-9./&+-]+", text)) and any(c.isalpha() for c in text)


def key(text):
    """The form as a matcher compares it: exact for acronyms, case-folded otherwise."""
    return text if is_acronym(text) else " ".join(text.casefold().split())


@pytest.fixture(scope="module")
def countries():
    return load("countries.tsv")[1]


@pytest.fixture(scope="module")
def iso3(countries):
    return {r["iso3"] for r in countries}


@pytest.fixture(scope="module")
def orgs():
    return load("organizations.tsv")[1]


@pytest.fixture(scope="module")
def people():
    return load("people.tsv")[1]


@pytest.fixture(scope="module")
def metonyms():
    return load("metonyms.tsv")[1]


@pytest.fixture(scope="module")
def agents():
    return load("agents.tsv")[1]


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_headers_exact(name):
    assert load(name)[0] == HEADERS[name]


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_cells_are_clean(name):
    for row in load(name)[1]:
        for col, cell in row.items():
            assert cell == cell.strip(), f"{name}: stray space in {col}: {cell!r}"
            assert "||" not in cell and not cell.startswith("|") and not cell.endswith("|"), (name, cell)
            assert "\ufffd" not in cell, (name, cell)
            for a in alts(cell):
                assert a == a.strip(), (name, col, cell)


def test_countries_codes(countries):
    codes = [r["iso3"] for r in countries]
    assert all(re.fullmatch(r"[A-Z]{3}", c) for c in codes), [c for c in codes if not re.fullmatch(r"[A-Z]{3}", c)]
    assert len(codes) == len(set(codes)), "duplicate iso3"
    assert len(codes) >= 245
    assert all(r["name"] for r in countries)


def test_countries_no_leading_the(countries):
    for r in countries:
        for form in [r["name"], *alts(r["aliases"]), *alts(r["demonyms"])]:
            assert not form.lower().startswith("the "), (r["iso3"], form)


def test_country_forms_map_to_one_country(countries):
    owners = defaultdict(set)
    for r in countries:
        for form in [r["name"], *alts(r["aliases"]), *alts(r["demonyms"]), *alts(r["capitals"])]:
            owners[key(form)].add(r["iso3"])
    clashes = {k: sorted(v) for k, v in owners.items() if len(v) > 1 and k not in COUNTRY_SHARED_FORMS}
    assert not clashes
    for form in COUNTRY_SHARED_FORMS:   # the allow-list must stay accurate
        assert len(owners[form]) == 2, form


def test_required_countries(countries):
    by = {r["iso3"]: r for r in countries}
    for code in ["USA", "RUS", "PSE", "XKX", "ISR", "GBR", "CHN", "UKR", "IRN", "SYR", "COD", "COG", "TWN"]:
        assert code in by, code
    assert by["XKX"]["name"] == "Kosovo"
    assert by["PSE"]["name"] == "Palestine"
    pse = alts(by["PSE"]["aliases"])
    for form in ["Gaza", "Gaza Strip", "West Bank", "State of Palestine"]:
        assert form in pse, form
    assert "Palestinian Authority" not in pse
    assert "Palestinian" in alts(by["PSE"]["demonyms"])
    assert "Israeli" in alts(by["ISR"]["demonyms"])
    assert {"Jerusalem", "Tel Aviv"} <= set(alts(by["ISR"]["capitals"]))
    assert {"US", "U.S.", "USA", "United States of America", "America"} <= set(alts(by["USA"]["aliases"]))
    assert {"UK", "Britain", "Great Britain"} <= set(alts(by["GBR"]["aliases"]))
    assert {"Kyiv", "Kiev"} <= set(alts(by["UKR"]["capitals"]))
    assert "Congo" in alts(by["COG"]["aliases"]) and "Congo" not in alts(by["COD"]["aliases"])
    assert "DRC" in alts(by["COD"]["aliases"])
    assert "Yangon" not in by["MMR"]["capitals"]
    assert "Dutch" in alts(by["NLD"]["demonyms"])


def test_metonyms(metonyms, iso3, countries):
    assert len(metonyms) >= 60
    seen, row_of = {}, {}
    for i, r in enumerate(metonyms):
        assert r["country"] in iso3, r
        assert r["sector"] in SECTORS, r
        assert r["phrase"], r
        for p in alts(r["phrase"]):
            # one row may list case variants; two rows may not share a phrase
            assert row_of.setdefault(key(p), i) == i, f"{p!r} is in two rows"
            seen[key(p)] = (r["country"], r["sector"])
    assert seen["kremlin"] == ("RUS", "GOV")
    assert seen["white house"] == ("USA", "GOV")
    assert seen["pentagon"] == ("USA", "MIL")
    assert seen["IDF"] == ("ISR", "MIL")
    assert seen["mossad"] == ("ISR", "SPY")
    assert "senate" not in seen   # bare "Senate" is ambiguous
    country_forms = {key(f) for r in countries
                     for f in [r["name"], *alts(r["aliases"]), *alts(r["demonyms"]), *alts(r["capitals"])]}
    assert not (set(seen) & country_forms), set(seen) & country_forms


def test_organizations(orgs, iso3):
    for r in orgs:
        assert r["name"], r
        assert r["kind"] in ORG_KINDS, r
        assert r["sector"] in SECTORS, r
        assert r["country"] == "" or r["country"] in iso3, r
        code = r["code"]
        assert re.fullmatch(r"(?:[A-Z0-9]{3})+", code), r
        if r["country"]:
            assert code.startswith(r["country"] + r["sector"]), r
        else:
            assert code[:3] in {"IGO", "NGO", "IMG"}, r
        if r["kind"] == "igo":
            assert r["sector"] == "IGO" and r["country"] == "" and code.startswith("IGO"), r
        if r["kind"] == "media":
            assert r["sector"] == "MED" and r["country"], r
        assert not r["name"].lower().startswith("the "), r


def test_organization_names_unique(orgs, countries, metonyms):
    owner = {}
    for r in orgs:
        for form in [r["name"], *alts(r["aliases"])]:
            # the same row may list case variants ("NATO|Nato"); two rows may not share a form
            assert owner.setdefault(key(form), r["name"]) == r["name"], f"{form!r}: {owner[key(form)]} and {r['name']}"
    others = {key(f) for r in countries for f in [r["name"], *alts(r["aliases"]), *alts(r["demonyms"]),
                                                  *alts(r["capitals"])]}
    others |= {key(p) for r in metonyms for p in alts(r["phrase"])}
    assert not (set(owner) & others), set(owner) & others


def test_required_organizations(orgs):
    by = {r["name"]: r for r in orgs}
    form = {key(f): r for r in orgs for f in [r["name"], *alts(r["aliases"])]}
    assert (by["Hamas"]["country"], by["Hamas"]["sector"], by["Hamas"]["kind"]) == ("PSE", "REB", "group")
    assert (by["Hezbollah"]["country"], by["Hezbollah"]["sector"]) == ("LBN", "REB")
    assert by["Reuters"]["kind"] == "media"
    assert form["UN"]["code"] == "IGOUNO" and form["security council"]["code"] == "IGOUNO"
    assert form["ISIS"]["code"] == "IMGREB" and form["ISIS"]["country"] == ""
    assert form["wagner"]["code"] == "RUSMIL"
    assert form["palestinian authority"]["kind"] == "organization"
    assert "PA" not in form          # "PA" is ambiguous (Palestinian Authority / PA Media)
    assert form["RSF"]["name"] == "Rapid Support Forces"
    assert form["red cross"]["sector"] == "NGO"


def parse_date(text):
    return dt.date.fromisoformat(text) if text else None


def test_people_rows(people, iso3):
    assert len(people) >= 100
    for r in people:
        assert r["name"] and r["role"], r
        assert r["country"] == "" or r["country"] in iso3, r
        assert r["sector"] in SECTORS, r
        if not r["country"]:
            assert r["sector"] in {"IGO", "REB"}, r
        for col in ("start", "end"):
            if r[col]:
                assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", r[col]), r
        start, end = parse_date(r["start"]), parse_date(r["end"])
        if start and end:
            assert start <= end, r
        assert (end or dt.date(2000, 1, 1)) <= dt.date(2026, 12, 31), r


def test_people_aliases_consistent_and_unshared(people):
    per_name = defaultdict(set)
    for r in people:
        per_name[r["name"]].add(r["aliases"])
    assert all(len(v) == 1 for v in per_name.values()), {k: v for k, v in per_name.items() if len(v) > 1}
    owner = {}
    for name, (aliases,) in per_name.items():
        for form in [name, *alts(aliases)]:
            assert owner.setdefault(key(form), name) == name, f"{form!r}: {owner[key(form)]} and {name}"


def test_people_names_distinct_from_other_files(people, countries, orgs, metonyms):
    person_forms = {key(f) for r in people for f in [r["name"], *alts(r["aliases"])]}
    others = {key(f) for r in countries for f in [r["name"], *alts(r["aliases"]), *alts(r["demonyms"]),
                                                  *alts(r["capitals"])]}
    others |= {key(f) for r in orgs for f in [r["name"], *alts(r["aliases"])]}
    others |= {key(p) for r in metonyms for p in alts(r["phrase"])}
    assert not (person_forms & others), sorted(person_forms & others)


def test_people_no_same_office_overlap(people):
    """One person does not hold the same role twice at once (catches copy-paste date slips)."""
    spans = defaultdict(list)
    for r in people:
        spans[(r["name"], r["role"], r["country"])].append(
            (parse_date(r["start"]) or dt.date.min, parse_date(r["end"]) or dt.date.max))
    for k, v in spans.items():
        v.sort()
        for (s1, e1), (s2, e2) in zip(v, v[1:]):
            assert e1 <= s2, k


def test_required_people(people):
    rows = defaultdict(list)
    for r in people:
        rows[r["name"]].append(r)
    putin = rows["Vladimir Putin"]
    assert all(r["country"] == "RUS" and r["sector"] == "GOV" for r in putin)
    assert any(r["start"] == "2012-05-07" and r["end"] == "" for r in putin)
    assert "Putin" in alts(putin[0]["aliases"])
    biden = rows["Joe Biden"]
    assert any((r["start"], r["end"], r["country"], r["sector"]) == ("2021-01-20", "2025-01-20", "USA", "GOV")
               for r in biden)
    assert "Biden" in alts(biden[0]["aliases"])
    assad = rows["Bashar al-Assad"]
    assert max(r["end"] for r in assad) == "2024-12-08"
    sharaa = {(r["sector"], r["start"], r["end"]) for r in rows["Ahmed al-Sharaa"]}
    assert ("REB", "", "2024-12-08") in sharaa and any(s == "GOV" and e == "" for s, _, e in sharaa)
    assert {r["start"] for r in rows["Donald Trump"]} == {"2017-01-20", "2025-01-20"}
    assert {r["start"] for r in rows["Benjamin Netanyahu"]} == {"1996-06-18", "2009-03-31", "2022-12-29"}
    assert any(r["sector"] == "IGO" and r["country"] == "" for r in rows["Antonio Guterres"])
    assert rows["Hassan Nasrallah"][0]["end"] == "2024-09-27"
    assert "Zelensky" in alts(rows["Volodymyr Zelensky"][0]["aliases"])


def test_agents(agents):
    assert len(agents) >= 100
    seen = set()
    for r in agents:
        w = r["word"]
        assert w and w == w.lower() and w == " ".join(w.split()), r
        assert w not in seen, f"{w!r} listed twice"
        seen.add(w)
        assert r["sector"] in SECTORS, r
        assert r["number"] in {"any", "sing", "plur"}, r
        assert r["kind"] in {"person", "group"}, r
    by = {r["word"]: r for r in agents}
    assert by["soldier"]["sector"] == "MIL" and by["troops"]["sector"] == "MIL"
    assert by["police"]["sector"] == "COP" and by["rebel"]["sector"] == "REB"
    assert by["spokesman"]["kind"] == "person" and by["army"]["kind"] == "group"
    assert by["journalist"]["sector"] == "MED"
