"""Pairing quotation marks: nesting, straight vs curly, unbalanced marks, multi-paragraph quotes."""
from newscoder.quotemarks import find, outermost


def texts(text, spans):
    return [text[q.start:q.end] for q in spans]


def test_curly_and_straight_pairs():
    t = 'He said “one thing” and then "another thing" too.'
    assert texts(t, find(t)) == ["one thing", "another thing"]


def test_nested_curly_inside_straight():
    t = 'She asks, "So you knew that “they were striking civilians”, but not this?"'
    found = find(t)
    assert texts(t, outermost(found)) == ["So you knew that “they were striking civilians”, but not this?"]
    assert "they were striking civilians" in texts(t, found)


def test_unclosed_quote_stops_at_its_paragraph():
    t = "He said “this never closes\nThe next paragraph is “fine” here."
    found = find(t)
    assert texts(t, found) == ["this never closes", "fine"]
    assert found[0].close_mark is None


def test_stray_closing_mark_is_ignored_and_rest_survives():
    t = "A stray ” mark here. Then “a real quote” follows."
    assert texts(t, find(t)) == ["a real quote"]


def test_multi_paragraph_quote_continues():
    t = "“First part of the statement\n“Second part,” she said."
    found = find(t)
    assert texts(t, found) == ["First part of the statement", "Second part,"]
    assert found[1].continues


def test_single_quotes_but_not_apostrophes():
    t = "what the US has called 'Iran-linked militants' in Syria, and it's the group's base"
    found = find(t)
    assert texts(t, found) == ["Iran-linked militants"] and found[0].single


def test_many_marks_is_linear():
    import time
    t = ('“a” "b" ' * 20000) + "\n" + ("“" * 50000)
    t0 = time.perf_counter()
    find(t)
    assert time.perf_counter() - t0 < 20  # catastrophic backtracking would take minutes; a loaded CI box takes seconds


def test_two_apostrophes_stand_for_a_double_mark():
    t = "''We are anxious,'' said Jo Bayer. The mayor ''looked tired'' and the town's mood is grim."
    found = find(t)
    assert texts(t, found) == ["We are anxious,", "looked tired"]
    assert t[found[0].open_mark:found[0].start] == "''" and t[found[0].end:found[0].outer_end] == "''"


def test_curly_opening_closed_by_a_straight_mark():
    t = '“The bridge will open in May," the mayor said. "Nobody will wait longer.“ Work resumed.'
    assert texts(t, find(t)) == ["The bridge will open in May,", "Nobody will wait longer."]


def test_straight_mark_opening_inside_curly_quote_still_nests():
    t = '“They called it "a mess" twice,” she said.'
    assert texts(t, outermost(find(t))) == ['They called it "a mess" twice,']
