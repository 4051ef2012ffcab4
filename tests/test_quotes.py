"""Quotes: direct, mixed and indirect, with speaker, cue and via; written from realistic phrasing."""
import pytest
from conftest import SEED, needs_shared

import newscoder


def quotes_of(text, published="2024-03-05"):
    rec = newscoder.analyze(text, published=published)
    names = {a.id: a.name for a in rec.actors}
    return rec, [(q.kind, names.get(q.speaker), q.speaker_text, q.cue, q.text, q.via) for q in rec.quotes]


def one(text, **kw):
    rec, qs = quotes_of(text, **kw)
    assert len(qs) == 1, qs
    return qs[0]


def hand_parse(words, heads, deps, pos, vocab=None, **attrs):
    """A parse written by hand: the parser's errors a rule must survive, reproduced exactly (a bare
    vocabulary unless the rule reads lexical attributes such as is_punct)."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab
    return Doc(vocab or Vocab(), words=words, heads=heads, deps=deps, pos=pos, **attrs)


def test_speaker_after_the_quote():
    k, who, said_by, cue, text, via = one('“We will rebuild every house,” said Kenyan President William Ruto.')
    assert (k, who, cue, text) == ("direct", "William Ruto", "said", "We will rebuild every house,")


def test_speaker_after_inverted_and_pronoun():
    rec, qs = quotes_of('Macron met the press on Tuesday.\n"The talks are over," he said.')
    assert qs[0][1] == "Emmanuel Macron" and qs[0][2] == "he" and qs[0][3] == "said"


def test_speaker_before_with_colon():
    k, who, _, cue, text, _ = one('Finance minister Lars Example said: "The budget is balanced for the first time."')
    assert (k, who, cue, text) == ("direct", "Lars Example", "said", "The budget is balanced for the first time.")


def test_question_then_lowercase_cue():
    k, who, _, cue, text, _ = one('"Where will the families go?" asked Maria Sample, a local teacher.')
    assert (who, cue) == ("Maria Sample", "asked")


def test_interrupting_cue_is_mixed():
    text = 'The goal, Ruto said, was to "bring every family home before the rains return."'
    k, who, _, cue, content, _ = one(text)
    assert k == "mixed" and who == "William Ruto" and cue == "said"
    # PolNeAR's content of a mixed quote is the reported clause around the aside, not the marks alone
    assert content.startswith('The goal was to "bring every family home')


def test_statement_in_two_pieces_is_one_quote():
    rec, qs = quotes_of('"The bridge is safe," said engineer Tom Sample. "We checked every bolt twice."')
    assert len(qs) == 1
    q = rec.quotes[0]
    assert q.parts and len(q.parts) == 2
    assert q.text == "The bridge is safe, We checked every bolt twice."


def test_quote_within_a_quote_is_no_statement_of_its_own():
    # the single-quoted phrase is the speaker's words; it must not stand between the two pieces
    rec, qs = quotes_of("The council met on Tuesday.\n\n\"Last spring he described the levy as 'a small price.' Now he "
                        "wants to scrap it,\" said council member Ada Brooks at the meeting. \"Voters deserve a straight "
                        "answer.\"")
    assert [(q[0], q[1], q[3]) for q in qs] == [("direct", "Ada Brooks", "said")]
    assert qs[0][4].endswith("Voters deserve a straight answer.")


def test_fragment_in_the_tag_leaves_the_statement_open():
    # the quoted word in the tag's relative clause is a statement of the tag; the next piece goes on Ridley's
    rec, qs = quotes_of('Rain fell all week on the valley.\n\n"We have never seen water this high," said Tom Ridley, '
                        'a farmer who described how the river had "swallowed" his lower field. "The pumps cannot keep up."')
    (first,) = [q for q in qs if q[0] == "direct"]
    assert first[1] == "Tom Ridley" and first[4] == "We have never seen water this high, The pumps cannot keep up."
    assert any(q[0] == "mixed" and q[3] == "described" for q in qs)


def test_marks_in_a_clause_of_the_speakers_description_are_no_more_of_the_statement():
    # the quoted phrase sits in a relative clause about the speaker, after the cue: it is not what she said
    rec, qs = quotes_of("The council met on Tuesday.\n\n\u201cThe bridge is finally safe,\u201d said Maria Okafor, a welder "
                        "who spent a \u201cvery long winter\u201d on the girders above the river.")
    assert [(q[0], q[1], q[3], q[4]) for q in qs] == [("direct", "Maria Okafor", "said", "The bridge is finally safe,")]


def test_second_piece_after_the_tag_comma_is_the_marks_alone():
    # the words after the closing mark are the writer's, not the second piece of the statement
    rec, qs = quotes_of("The orchard opened on Saturday.\n\n\u201cThe harvest was late,\u201d Tomas Brandt wrote on Friday, "
                        "\u201cbut the apples are sweeter than ever,\u201d after a week of heavy rain in the valley.")
    assert [(q[0], q[2], q[4]) for q in qs] == [
        ("direct", "Tomas Brandt", "The harvest was late, but the apples are sweeter than ever,")]


def test_next_paragraph_quote_continues_the_speaker():
    text = ('"Our first task is to stop the fighting," said Ruto.\n'
            '"After that, we will count what has been lost." The talks resume on Friday.')
    rec, qs = quotes_of(text)
    assert [q[1] for q in qs] == ["William Ruto", "William Ruto"]
    assert qs[1][3] is None


def test_paragraph_that_is_all_quote_joins_the_statement_before():
    # PolNeAR's convention: a continuation paragraph is part of the same attribution.
    text = ('"Our first task is to stop the fighting," said Ruto.\n\n'
            '"After that, we will count what has been lost."\n\nThe talks resume on Friday.')
    rec, qs = quotes_of(text)
    assert len(qs) == 1 and qs[0][1] == "William Ruto" and len(rec.quotes[0].parts) == 2
    assert rec.quotes[0].text.endswith("we will count what has been lost.")


def test_multi_paragraph_quote_without_closing_mark():
    text = ('Ruto said: “The first point is simple.\n'
            '“The second point is harder, and it will take years,” he added.')
    rec, qs = quotes_of(text)
    assert all(q[1] == "William Ruto" for q in qs) and len(qs) == 2


def test_quote_inside_a_quote_stays_inside():
    text = 'A reporter asks, "You said “the war is over”, so why are troops still there?"'
    k, who, said_by, cue, content, _ = one(text)
    assert said_by == "reporter" and cue == "asks"
    assert "“the war is over”" in content


def test_one_bad_mark_does_not_lose_the_rest():
    text = ('He added a stray mark ” here and an unclosed “ one there.\n'
            '"The port will reopen on Monday," the harbour master said.')
    rec, qs = quotes_of(text)
    assert any(q[4] == "The port will reopen on Monday," and q[2] == "harbour master" for q in qs)


def test_mixed_quote_with_fragment_in_reported_speech():
    k, who, _, cue, content, _ = one('Ruto said certain "foreign interests" were behind the unrest.')
    assert k == "mixed" and cue == "said" and content == 'certain "foreign interests" were behind the unrest'


def test_quote_after_the_listener_and_a_comma_is_direct():
    # "to her followers on Facebook" says whom it was written to; no clause of the writer's own leads into the quote
    rec, qs = quotes_of('After the vote the mayor wrote to her 5,000 followers on Facebook, "Thank you for standing '
                        'with the library," and posted a photo of the reading room.')
    assert [(q[0], q[3], q[4]) for q in qs] == [("direct", "wrote", "Thank you for standing with the library,")]


def test_lower_case_quote_after_an_aside_cue_is_the_sentence_around_it():
    k, who, _, cue, content, _ = one('The new library, the mayor said, "is a gift to every child" in the county.')
    assert (k, cue, content) == ("mixed", "said", 'The new library "is a gift to every child" in the county')


def test_clause_going_on_past_the_marks_makes_the_quote_mixed():
    # the parse hangs the opening mark on the cue, the clause on the quote's verb: still one reported clause
    k, who, _, cue, content, _ = one('Harbor master Tom Reyes says “the water is at our doors” despite the new sea '
                                     'wall built in the spring.')
    assert (k, cue) == ("mixed", "says") and content.startswith("“the water") and content.endswith("in the spring")


def test_sentence_opening_quote_whose_clause_goes_on_to_the_tag_is_mixed():
    k, who, _, cue, content, _ = one('“We are thrilled and humbled” by the support of so many neighbors in the '
                                     'valley, Okafor said.')
    assert (k, cue, content) == ("mixed", "said", "“We are thrilled and humbled” by the support of so many "
                                 "neighbors in the valley")


def test_clause_between_cue_and_lower_case_quote_makes_it_mixed():
    # the parse starts the cue's complement at the quote; the speaker's "no matter what ..." clause leads into it
    k, who, _, cue, content, _ = one('Council member Ida Moss says no matter what budget the county passes this '
                                     'fall, “our parks will stay open all winter.”')
    assert (k, cue) == ("mixed", "says") and content.startswith("no matter what budget")


def test_sentence_going_on_after_the_tag_makes_the_quote_mixed():
    # after the tag comes a verb whose subject is in the quote: one sentence, the quote and the rest of it
    k, who, _, cue, content, _ = one('“Only a fool,” the farmer said, would plant corn before the last frost.')
    assert (k, cue, content) == ("mixed", "said", "“Only a fool,” would plant corn before the last frost")
    # a participle after the tag is the writer's
    assert one('“We will win,” Lee said, pointing to the polls.')[0] == "direct"


def test_continuation_of_a_dropped_statement_goes_too():
    from newscoder.quotes import _without_orphans
    from newscoder.record import Quote
    said = Quote(text="The ferry runs at noon.", start=1, end=24, kind="direct", speaker_text="Ana Pole")
    more = Quote(text="Bring a coat.", start=40, end=53, kind="direct", speaker_text="Ana Pole")
    title = Quote(text="Sea Days", start=60, end=68, kind="direct", speaker_text="the guide")
    after = Quote(text="It rains there.", start=80, end=95, kind="direct", speaker_text="the guide")
    # the last check dropped `title`; `after` took its speaker from it
    kept = _without_orphans([said, more, after], {id(more): (more, said), id(after): (after, title)})
    assert kept == [said, more]


def test_orphan_check_is_by_the_quote_itself_not_a_reused_id():
    # a continuation joined to its statement is discarded; a later quote may then get its id (the address
    # of freed memory) and must not be taken for it: that made the output depend on the allocator
    from newscoder.quotes import _without_orphans
    from newscoder.record import Quote
    gone = Quote(text="Bring a coat.", start=40, end=53, kind="direct", speaker_text="Ana Pole")
    later = Quote(text="the ferry is late", start=90, end=107, kind="indirect", speaker_text="Lee")
    origin = {id(later): (gone, None)}           # what a reused id looked like before the entry held its quote
    assert _without_orphans([later], origin) == [later]


def test_same_quotes_under_any_hash_seed(tmp_path):
    # string hashing (and with it memory layout) changes with PYTHONHASHSEED; the records must not
    import os
    import subprocess
    import sys
    text = ('"We will open the bridge in May," the mayor said. "It is safe."\n\n'
            '"Then we will see," she said. Engineers say the cables are new, and residents say '
            'the tolls are too high.\n\n"Trust the tests," Ortiz added.')
    script = ("import json, sys; from newscoder.pipeline import analyze; "
              "r = analyze(sys.stdin.read(), '2024-05-01'); "
              "print(json.dumps([(q.start, q.end, q.kind, q.speaker_text) for q in r.quotes]))")
    outs = set()
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        run = subprocess.run([sys.executable, "-c", script], input=text, capture_output=True, text=True, env=env,
                             check=True)
        outs.add(run.stdout)
    assert len(outs) == 1


def test_mixed_quote_in_two_apostrophe_marks():
    # some feeds write a double mark as two apostrophes; the parser reads each as one token ('')
    k, _, _, cue, content, _ = one("The harbor master said that the old pier ''will not survive another storm season.''")
    assert (k, cue, content) == ("mixed", "said", "the old pier ''will not survive another storm season.''")


@pytest.mark.parametrize("text,cue,content", [
    ("The ministry said that 140 shelters had been opened in the north.", "said",
     "140 shelters had been opened in the north"),
    ("Ruto warned that the floods could spread to the capital.", "warned",
     "the floods could spread to the capital"),
    ("He made it clear that he thought the plan was wrong.", "made it clear", "he thought the plan was wrong"),
    ("The army denied that its troops had crossed the border.", "denied", "its troops had crossed the border"),
    ("The opposition accused the government of rigging the vote.", "accused", "the government of rigging the vote"),
    ("Officials insisted the dam was safe despite the cracks.", "insisted", "the dam was safe despite the cracks"),
])
def test_indirect_quotes(text, cue, content):
    rec, qs = quotes_of(text)
    assert any(q[0] == "indirect" and q[3] == cue and q[4] == content for q in qs), qs


def test_according_to():
    rec, qs = quotes_of("At least 40 people died when the shells hit the market, according to the Lebanese health ministry.")
    (q,) = [q for q in qs if q[3] == "according to"]
    assert q[4] == "At least 40 people died when the shells hit the market" and "health ministry" in q[2]


def test_group_and_unnamed_speakers_are_actors():
    rec, qs = quotes_of("Critics of the dam project have said the river will dry up within a decade.")
    (q,) = qs
    assert q[2] == "Critics of the dam project" and q[1] == "Critics of the dam project"
    assert any(a.name == "Critics of the dam project" and a.kind == "unknown" for a in rec.actors)


@pytest.mark.parametrize("text,via", [
    ('"We are ready," said Ruto, as cited from an official transcript.', "official transcript"),
    ('"We are ready," Ruto said in a statement on Monday.', "statement"),
    ('"We are ready," Ruto told Reuters.', "Reuters"),
    ('Ruto said on X that the country was "ready for the rains."', "X"),
])
def test_via(text, via):
    rec, qs = quotes_of(text)
    assert qs and qs[0][5] == via, qs


def test_scare_quotes_and_titles_are_not_quotes():
    rec, qs = quotes_of('The so-called "peace plan" was shown in the film "Long Road Home" on Friday.')
    assert qs == []


def test_naming_verb_makes_a_short_quote_the_namers():
    rec, qs = quotes_of("The strikes hit what the US has called 'Iran-linked militants' in Syria.")
    assert [(q[0], q[1], q[3], q[4]) for q in qs] == [("mixed", "United States", "called", "Iran-linked militants")]


def test_first_person_narration_is_not_an_indirect_quote():
    rec, qs = quotes_of("I think the market will recover, but we said nothing of the sort.")
    assert qs == []


def test_offsets_are_exact():
    rec, _ = quotes_of('Ruto said: "Enough." The ministry said that the roads were closed.')
    for q in rec.quotes:
        if not q.parts:
            assert rec.text[q.start:q.end] == q.text
        assert rec.text[q.cue_start:q.cue_end] == q.cue
        if q.speaker_start is not None:
            assert rec.text[q.speaker_start:q.speaker_end] == q.speaker_text


@needs_shared
def test_seed_quotes():
    rec = newscoder.analyze(SEED.read_text(encoding="utf-8"))
    names = {a.id: a.name for a in rec.actors}
    def by_start(prefix):
        return next(q for q in rec.quotes if q.text.startswith(prefix))
    putin = [q for q in rec.quotes if names.get(q.speaker) == "Vladimir Putin"]
    assert len(putin) >= 10
    assert by_start("Our task today, our main task,").via == "official transcript"
    assert names[by_start("So you were able to quickly dete").speaker] == "curious journalist"
    assert names[by_start("The United States is not ready").speaker] == "State Department spokesman"
    assert by_start("The United States is not ready").text.endswith("whether the…")
    assert names[by_start("the US doesn't want peace or cea").speaker] == "Moscow"


def test_mixed_quote_after_a_cue_and_a_that_clause():
    # The parse may lose the clause; the sentence after "that" is still what was said.
    k, who, _, cue, content, _ = one('Dana Reyes said during the hearing that she backs the levy and '
                                     '"a great deal more."')
    assert (k, who, cue) == ("mixed", "Dana Reyes", "said")
    assert content.startswith("she backs the levy") and content.endswith('more."')


def test_participle_after_a_mixed_quote_is_not_content():
    rec, qs = quotes_of('Omar Hale said the plan "should be settled by June," referring to the budget vote.')
    k, _, _, cue, content, _ = qs[0]
    assert k == "mixed" and cue == "said"
    assert "referring" not in content and content.startswith("the plan")
    # the participle is an attribution of its own, by the sentence's speaker
    assert [(q[2], q[3], q[4]) for q in qs[1:]] == [("Omar Hale", "referring", "the budget vote")]


def test_speech_and_accuse_verbs_without_a_clause_report_their_object():
    rec, qs = quotes_of('The mayor announced a new plan for the harbor. Critics criticized the cost of the tunnel.')
    assert [(q[3], q[4]) for q in qs] == [("announced", "a new plan for the harbor"),
                                          ("criticized", "the cost of the tunnel")]


def test_name_and_colon_introduce_a_quote():
    text = 'The polls moved late.\n\nMore from Nadia Ferro: “The state vote is only a starting point.”'
    k, who, speaker_text, cue, content, _ = one(text)
    assert (k, speaker_text, cue) == ("direct", "Nadia Ferro", ":")
    assert content.startswith("The state vote")


def test_cue_in_the_paragraph_before_a_block_quote():
    text = ('As Dana Pike of the Tribune reported after the vote:\n\n'
            '"The council has done almost nothing with the money. Residents waited months for answers."')
    k, _, speaker_text, cue, content, _ = one(text)
    assert (speaker_text, cue) == ("Dana Pike", "reported") and content.startswith("The council has done")


def test_naming_verb_with_its_object_makes_a_mixed_quote():
    k, _, speaker_text, cue, content, _ = one('Ramos called the council’s decision “arbitrary.”')
    assert (k, speaker_text, cue) == ("mixed", "Ramos", "called")
    assert content.startswith("the council’s decision")


def test_later_pieces_of_a_mixed_quote_are_not_quotes_of_their_own():
    rec, qs = quotes_of('Kim Sato said on Tuesday that Lee was “a hopeless amateur” while Park is '
                        '“a walking disaster” and “a cheat.”')
    assert len(qs) == 1 and qs[0][0] == "mixed" and qs[0][4].endswith("a cheat")


def test_relative_pronoun_stays_the_speakers_mention():
    rec, qs = quotes_of('Senator Ada Lund, who has long opposed the bill, said it would fail.')
    assert [(q[1], q[2], q[3]) for q in qs] == [("Ada Lund", "who", "opposed"), ("Ada Lund", "Ada Lund", "said")]
    rec, qs = quotes_of('The union backed Ada Lund, who says the bill "will never pass the Senate."')
    says = [q for q in qs if q[3] == "says"]
    assert says and says[0][2] == "who" and says[0][1] == "Ada Lund"


def test_trailing_which_clause_is_not_what_was_said():
    k, _, _, cue, content, _ = one('Chris Dole said he would close the schools over fears of the virus, which is '
                                   'spread mainly by mosquitoes.')
    assert (k, cue) == ("indirect", "said") and content == "he would close the schools over fears of the virus"


def test_speaker_before_the_cue_when_the_parse_gives_no_subject():
    k, _, speaker_text, cue, content, _ = one('In a statement to the Herald, her senior adviser, Jake Moss, said: '
                                              '“Ann Lee believes that cooperation is essential. She values a strong union.”')
    assert (k, speaker_text, cue) == ("direct", "Jake Moss", "said")


def test_cue_before_whose_clause_holds_the_quote_wins_over_a_later_verb():
    rec, qs = quotes_of('Carter said the approach remained “one of commitment and strength” as he warned rivals.')
    assert qs[0][0] == "mixed" and qs[0][3] == "said" and qs[0][4].startswith("the approach remained")


def test_according_to_around_a_quote_is_the_outer_attribution():
    k, _, speaker_text, cue, content, _ = one('“We will stay here,” Lee Park said on Monday, according to the Daily Sun.')
    assert (speaker_text, cue) == ("Daily Sun", "according to")
    assert "We will stay here" in content and "Lee Park said" in content


def test_according_to_after_a_quote_of_several_sentences_is_the_outer_attribution():
    text = ('The ferry was late again.\n\n“Nobody told us a thing. We waited on the pier for three hours,” '
            'Dana Ortiz said, according to a recording of the meeting.')
    rec, qs = quotes_of(text)
    (q,) = [q for q in qs if "Nobody told us" in q[4]]
    assert (q[2], q[3]) == ("recording of the meeting", "according to")
    assert q[4].startswith("“Nobody told us") and "Dana Ortiz said" in q[4]


def test_verb_before_a_colon_is_part_of_the_cue():
    k, _, speaker_text, cue, content, _ = one('At the rally, Ann Lee boomed: “Let us win in November.”')
    assert (k, speaker_text, cue) == ("direct", "Ann Lee", "boomed:")


def test_cueless_quote_after_a_long_attribution_joins_the_statement():
    rec, qs = quotes_of('“He set a standard for all of us,” said Dino Reyes, who now runs the old gym on Fifth Street, '
                        'which still offers a wrestling class named after the founder, who reopened it in 2010. '
                        '“He made people fear him and adore him.”')
    assert len(qs) == 1 and len(rec.quotes[0].parts) == 2


def test_verb_with_a_that_clause_reports_an_attitude():
    rec, qs = quotes_of('The new study shows that the river is cleaner than a decade ago.')
    assert [(q[2], q[3], q[4]) for q in qs] == [("new study", "shows", "the river is cleaner than a decade ago")]


def test_intention_verbs_report_their_infinitive():
    rec, qs = quotes_of('Mayor Ana Ruiz plans to rebuild the old harbor wall next spring.')
    assert [(q[3], q[4]) for q in qs] == [("plans", "to rebuild the old harbor wall next spring")]


def test_noun_of_saying_with_its_owner_and_clause():
    rec, qs = quotes_of('Senator Lee Ann Cho revived her claim that the mayor had lied about the budget.')
    assert [(q[1], q[2], q[3], q[4]) for q in qs if q[3] == "claim"] == \
        [("Lee Ann Cho", "her", "claim", "the mayor had lied about the budget")]


def test_stance_verbs_may_take_a_bare_name():
    rec, qs = quotes_of('Governor Ann Hale endorsed Cruz on Monday.')
    assert [(q[2], q[3], q[4]) for q in qs] == [("Ann Hale", "endorsed", "Cruz")]


def test_naming_verb_reports_its_object_and_complement():
    rec, qs = quotes_of('Senator Ann Hale called the plan a disaster.')
    assert [(q[3], q[4]) for q in qs] == [("called", "the plan a disaster")]


def test_verb_of_acclaim_gives_a_short_quote_its_owner():
    rec, qs = quotes_of('Angela Moss heralded the deal with Ankara as a “breakthrough.”')
    assert [(q[0], q[2], q[3], q[4]) for q in qs] == \
        [("mixed", "Angela Moss", "heralded", "the deal with Ankara as a “breakthrough.”")]


def test_name_in_marks_between_quote_and_cue():
    rec, qs = quotes_of('“We have seen livelier meetings than this one,” delegate Bill Easton, wearing a red scarf '
                        'and “Ana Ortiz” badges, said calmly.')
    assert [(q[0], q[2], q[3]) for q in qs] == [("direct", "Bill Easton", "said")]


def test_title_in_marks_is_not_a_statement():
    rec, qs = quotes_of('Ann Hale told “Meet the Nation” on Sunday that taxes would rise.')
    assert qs and not any(q[0] == "direct" for q in qs)


def test_quote_inside_an_attitude_clause_is_part_of_it():
    rec, qs = quotes_of('The senator projects that “charging a fee of a few cents on every ticket” would raise '
                        'millions a year.')
    assert [(q[0], q[3]) for q in qs] == [("mixed", "projects")]
    assert qs[0][4].startswith("“charging a fee") and qs[0][4].endswith("millions a year")


def test_second_statement_joined_by_and_is_its_own():
    rec, qs = quotes_of('Many farmers believe water rights can be settled only in court and have been calling '
                        'on the council to change the rules.')
    assert [(q[2], q[3], q[4]) for q in qs] == [
        ("Many farmers", "believe", "water rights can be settled only in court"),
        ("Many farmers", "calling", "to change the rules")]


def test_appointment_reports_whom_and_as_what():
    rec, qs = quotes_of('Governor Ann Lee named Ann Poe as her running mate.')
    assert [(q[3], q[4]) for q in qs] == [("named", "Ann Poe as her running mate")]


def test_participle_clause_before_a_closing_cue_is_part_of_the_statement():
    k, _, _, cue, content, _ = one('Floods tore through the valley this week, killing at least 30 people, officials said.')
    assert cue == "said" and content.endswith("killing at least 30 people")


def test_mixed_statement_goes_on_into_the_next_quote():
    rec, qs = quotes_of('Rep. Tom Massie said on Monday that Lee had “the chance to bring us together.”\n\n'
                        '“I think he can do that.”\n\nThe crowd cheered.')
    assert len(qs) == 1 and qs[0][0] == "mixed" and len(rec.quotes[0].parts) == 2


def test_quote_after_a_colon_stays_direct():
    k, _, _, cue, content, _ = one('Signs on the cardboard houses say it all: "We live here too."')
    assert (k, cue, content) == ("direct", "say", "We live here too.")


def test_tag_after_quote_with_verb_taken_for_a_noun():
    k, who, said_by, cue, text, _ = one('“We counted every ballot twice, and nothing changed,” Okafor answers.')
    assert (k, said_by, cue) == ("direct", "Okafor", "answers")


def test_tag_after_quote_with_phrasal_verb():
    rec, qs = quotes_of('The senator spoke for an hour.\n“The county cannot pay for the new road alone,” she went on.')
    assert qs and qs[0][2] == "she" and qs[0][3] == "went on"


def test_relative_clause_after_title_is_no_tag():
    rec, qs = quotes_of('“The Long Night,” which aired for years, was a hit with critics and viewers alike.')
    assert qs == []


def test_name_after_question_before_cue():
    k, who, said_by, cue, text, _ = one('“Is this really the best the council can do?” County Judge Ann Roe asked at the hearing.')
    assert (said_by, cue) == ("Ann Roe", "asked")


def test_lead_clause_before_fragment_with_tag_after_is_mixed():
    rec, qs = quotes_of('Voters argued about it online. She would make a stronger mayor than Lee "no matter what," one resident wrote.')
    mixed = [q for q in qs if q[0] == "mixed"]
    assert len(mixed) == 1 and mixed[0][3] == "wrote"
    assert mixed[0][4].startswith("She would make a stronger mayor than Lee")



def test_mixed_content_ends_before_a_dash_after_the_quote():
    rec, qs = quotes_of('Mayor Dana Holt said the budget was “a disaster for families” — a phrase she has used all year.')
    assert qs and qs[0][0] == "mixed" and qs[0][4] == "the budget was “a disaster for families”"


def test_mixed_content_ends_before_relative_clause_after_quote():
    rec, qs = quotes_of('The senator called the judge "deeply unqualified," which surprised few of his colleagues.')
    assert qs and qs[0][4].rstrip(',"') == 'the judge "deeply unqualified'


def test_cue_aside_before_quote_keeps_the_sentence_around_it():
    rec, qs = quotes_of('The two towns, Mayor Ana Ortiz said, now face a "rare chance" to share a ferry.')
    assert qs and qs[0][0] == "mixed" and qs[0][3] == "said"
    assert qs[0][4] == 'The two towns now face a "rare chance" to share a ferry'


def test_fragment_closing_its_sentence_is_mixed():
    rec, qs = quotes_of('Chancellor Angela Merkel heralded the new trade deal with Kenya as a “breakthrough.” Talks start in May.')
    assert qs and qs[0][0] == "mixed" and qs[0][2] == "Angela Merkel"
    assert qs[0][4] == "the new trade deal with Kenya as a “breakthrough.”"


def test_outermost_speech_verb_owns_a_quote_in_its_reported_clause():
    rec, qs = quotes_of('Governor Lena Park said on Monday that she had asked her “team” to “look into” the costs.')
    assert qs and qs[0][2] == "Lena Park" and qs[0][3] == "said"


def test_outermost_speech_verb_reaches_through_a_non_finite_complement():
    # 'was right to urge': the speech verb of the quote sits in an infinitive under the reported clause
    rec, qs = quotes_of('Ames said Tuesday that the mayor was right to urge residents "to stay home and stay safe."')
    (q,) = qs
    assert (q[0], q[2], q[3]) == ("mixed", "Ames", "said")
    assert q[4].startswith("the mayor was right")


def test_a_cue_before_the_quote_in_a_reported_clause_gives_way_to_its_speech_verb():
    # the parse hangs the quote off 'read', not 'disagrees': the cue found before it still climbs to 'said'
    rec, qs = quotes_of('Aldo Moreno has said he read every page and disagrees with the county decision to '
                        'retroactively lock them away, because "the public paid for these reports."')
    (q,) = qs
    assert (q[0], q[2], q[3]) == ("mixed", "Aldo Moreno", "said")
    assert q[4].startswith("he read every page")


def test_naming_participle_after_another_cue_owns_the_short_quote():
    rec, qs = quotes_of('Governor Ray Holt also attacked the mayor, with whom he clashed over taxes last week, calling him a “failure.”')
    mixed = [q for q in qs if q[0] == "mixed"]
    assert len(mixed) == 1 and mixed[0][3] == "calling" and mixed[0][4].startswith("him a “failure")


def test_quote_filter_keeps_a_plain_statement_and_never_touches_indirect_quotes():
    from newscoder import quote_filter
    from newscoder.record import Quote

    text = '“We will reopen the bridge in May,” said Mayor Ana Ortiz.'
    said = Quote(text="We will reopen the bridge in May,", start=1, end=34, kind="direct", speaker="A1",
                 speaker_text="Ana Ortiz", cue="said", cue_start=36, cue_end=40)
    assert quote_filter.load() is not None
    assert quote_filter.keep(said, text, "person")
    assert quote_filter.features(said, text, "person") == quote_filter.features(said, text, "person")
    reported = Quote(text="x", start=0, end=1, kind="indirect", speaker_text="Ana Ortiz", cue="said", cue_start=36)
    assert quote_filter.keep(reported, text, "person")


def test_speech_verb_above_a_joined_clause_is_the_cue():
    # the quote sits in a clause joined to the reported one: the speech verb above both is the cue
    text = ('Asked about the closure, Mayor Ann Sample said that she did not regret it, but was referring '
            'to the "same careless attitude of the council."')
    _, qs = quotes_of(text)
    mixed = [q for q in qs if q[0] == "mixed"]
    assert mixed and mixed[0][3] == "said" and "she did not regret it" in mixed[0][4]


def test_second_said_stays_its_own_cue():
    text = 'Ann Sample said the plan had given the town hope and said the council was "not listening."'
    _, qs = quotes_of(text)
    assert any(q[0] == "mixed" and q[4].startswith("the council was") for q in qs), qs


def test_show_title_in_the_attribution_is_no_piece():
    # the show's name stands in the first piece's attribution; the piece after it goes on the statement
    text = ('“We are not winning yet, but it is too soon to give up,” Jane Sample said on Channel Nine’s “Town '
            'Hall Tonight” on Sunday. “I think the council will hear us in the end.”')
    _, qs = quotes_of(text)
    assert len(qs) == 1 and qs[0][3] == "said", qs
    assert "Town Hall Tonight" not in qs[0][4] and qs[0][4].endswith("hear us in the end.")


def test_naming_verb_parsed_as_participle_still_names_its_speaker():
    # a sentence whose only verb the parser hung on the noun ('member called ...'): the noun is the speaker
    _, qs = quotes_of('The mayor spoke on Monday.\n\nOne council member called Sample "the worst mayor in the '
                      'history of the county."\n')
    assert len(qs) == 1 and qs[0][2] == "One council member" and qs[0][3] == "called", qs
    # a naming verb's content is its object and the name, as PolNeAR marks it ('called Lee “a liar”')
    assert qs[0][4].startswith('Sample "the worst mayor')


def test_long_name_in_marks_after_a_naming_verb():
    _, qs = quotes_of('Tom Black, who ran the campaign in 2010, called Sample\'s remarks on Sunday "childish."')
    assert any(q[3] == "called" and q[2] == "Tom Black" and "childish" in q[4] for q in qs), qs


def test_clause_going_on_past_the_marks_before_a_tag():
    text = ('The board met on Friday.\n\nThe closure of the mill marks "the start of a long decline" for '
            'the valley, said Ruth Adler, head of the Workers League.\n')
    _, qs = quotes_of(text)
    assert len(qs) == 1 and qs[0][0] == "mixed" and qs[0][2] == "Ruth Adler" and qs[0][3] == "said", qs
    assert qs[0][4].startswith("The closure of the mill") and qs[0][4].endswith("for the valley")


def test_no_lead_clause_when_the_cue_has_its_own_statement():
    text = ('She often speaks of "the hardest glass ceiling" in her speeches, and she tells crowds that '
            'after so many years "it is time."')
    _, qs = quotes_of(text)
    assert not any(q[4].startswith("She often speaks") and "it is time" in q[4] for q in qs), qs


def test_unknown_surname_after_the_cue_is_the_speaker():
    text = ('“Keeping the donor list and three staff who know it is essential,” said Brightly, explaining '
            'he had worked for years with Moss.')
    _, qs = quotes_of(text)
    assert qs and qs[0][2] == "Brightly" and qs[0][3] == "said", qs


def test_according_to_between_clauses_credits_the_clause_after_it():
    text = ('While most of the files were marked "confidential," according to a city official, two in the '
            'latest batch were raised to the "secret" level.')
    _, qs = quotes_of(text)
    acc = [q for q in qs if q[3] == "according to"]
    assert acc and acc[0][4].startswith("two in the latest batch"), qs


def test_mixed_content_stops_before_the_cues_next_verb():
    text = 'Mayor Ann Sample says she would tell the board "no more delays" and tells the crowd she was first to act.'
    _, qs = quotes_of(text)
    m = [q for q in qs if q[0] == "mixed" and q[3] == "says"]
    assert m and m[0][4].rstrip('"”').endswith("no more delays") and "crowd" not in m[0][4], qs


def test_according_to_before_a_joined_verb_keeps_the_whole_sentence():
    text = ('The parents read the inspection report on Friday, according to their neighbours, and said it left '
            'them "angrier than before."')
    _, qs = quotes_of(text)
    acc = [q for q in qs if q[3] == "according to"]
    assert acc and acc[0][4].startswith("The parents read"), qs


def test_participle_cue_reports_its_whole_clause():
    text = ('Mayor Ann Sample went after her rival on Monday, saying he would close the library, '
            'his budget is "plainly reckless" and he is a "coward" -- all without naming him.')
    _, qs = quotes_of(text)
    m = [q for q in qs if q[3] == "saying"]
    assert m and m[0][0] == "mixed" and m[0][4].startswith("he would close the library"), qs
    assert "naming him" not in m[0][4]


def test_dash_byline_on_its_own_line():
    text = ('The debate went on for hours.\n\n"We will cut the deficit in half before the end of my first term, '
            'and we will do it fairly."\n\n- Emmanuel Macron.\n\nHe tends to overstate his record.\n')
    _, qs = quotes_of(text)
    assert len(qs) == 1 and qs[0][1] == "Emmanuel Macron" and qs[0][0] == "direct", qs


def test_tag_verb_outside_the_lexicon_with_the_sentence_going_on():
    text = ('The mayor spoke to reporters on Tuesday.\n\n"We have no money left for the parks, and the roads are '
            'next," the city manager riffed on the report, drawing applause.\n')
    _, qs = quotes_of(text)
    assert len(qs) == 1 and qs[0][2] == "city manager" and qs[0][3] == "riffed", qs


def test_inverted_tag_with_a_verb_outside_the_lexicon():
    text = ('The crowd cheered on Tuesday.\n\n"This is a fantastic night for the whole town!" beamed Tom Hartley '
            'of Springfield, who came early.\n')
    _, qs = quotes_of(text)
    assert len(qs) == 1 and qs[0][2] == "Tom Hartley" and qs[0][3] == "beamed", qs


def test_mixed_content_stops_before_the_writers_gloss():
    text = ('Nigel Sample, leader of the Town Party, says such polls are warm-ups for the decisive "split" '
            'ballot on whether the district should quit the region, a step that could spark a crisis.')
    _, qs = quotes_of(text)
    m = [q for q in qs if q[3] == "says"]
    assert m and m[0][4].endswith("quit the region"), qs


def test_place_after_a_comma_stays_in_the_content():
    text = 'Ann Sample claimed that the "City Museum" in Springfield, Illinois, had offered to buy the painting.'
    _, qs = quotes_of(text)
    m = [q for q in qs if q[3] == "claimed"]
    assert m and m[0][4].endswith("buy the painting"), qs


def test_quote_inside_another_speakers_statement_is_not_its_own():
    # PolNeAR annotates only the outermost attribution: the grandmother's words are the councilman's quote
    rec, qs = quotes_of('Councilman Dale Hart said he often remembers what his grandmother told him: '
                        '"Work hard and never lie to the people you serve."')
    assert [(k, said_by, cue) for k, _, said_by, cue, *_ in qs] == [("mixed", "Dale Hart", "said")]


def test_participle_on_an_issued_statement_speaks_for_the_issuer():
    # 'issued a statement Tuesday saying': the day and the statement are how it was said, not who said it
    k, who, said_by, cue, text, _ = one('Senator Ann Holloway, who spoke in Ohio last month, issued a statement '
                                        'Tuesday saying, "I will not resign over a smear."')
    assert (said_by, cue, text) == ("Ann Holloway", "saying", "I will not resign over a smear.")



def test_of_two_subjects_the_nearest_one_speaks():
    # a misparse gives the verb two subjects ('in Akron, Ohio, Lee went ...'): the place is no speaker
    from newscoder.speech import subject
    words = ["In", "Akron", ",", "Ohio", ",", "Lee", "went", "on", "."]
    doc = hand_parse(words, heads=[6, 0, 6, 6, 6, 6, 6, 6, 6],
                     deps=["prep", "pobj", "punct", "nsubj", "punct", "nsubj", "ROOT", "prt", "punct"],
                     pos=["ADP", "PROPN", "PUNCT", "PROPN", "PUNCT", "PROPN", "VERB", "ADP", "PUNCT"])
    assert subject(doc[6]).text == "Lee"


def test_a_thing_someone_released_speaks_for_its_maker():
    # 'released a video that says ...': PolNeAR takes the sentient source, the video is how it was said
    k, who, said_by, cue, text, _ = one('Senator Ann Holloway released a new video on Monday that says her rival '
                                        '"has never held a real job."')
    assert (said_by, cue) == ("Ann Holloway", "says")


def test_the_agent_of_a_passive_cue_speaks():
    _, _, said_by, cue, _, _ = quotes_of('The plan was criticized by Governor Tom Briggs, calling it '
                                         '"a disaster for farmers."')[1][-1]
    assert (said_by, cue) == ("Tom Briggs", "calling")


def test_a_participle_after_a_passive_is_the_subjects_not_the_agents():
    # 'Lee was booed by fans after telling them ...': Lee tells, the fans only boo
    from newscoder.speech import subject
    doc = hand_parse(words=["Lee", "was", "booed", "by", "fans", "after", "telling", "them"],
                     heads=[2, 2, 2, 2, 3, 2, 5, 6],
                     deps=["nsubjpass", "auxpass", "ROOT", "agent", "pobj", "prep", "pcomp", "dobj"],
                     pos=["PROPN", "AUX", "VERB", "ADP", "NOUN", "ADP", "VERB", "PRON"],
                     tags=["NNP", "VBD", "VBN", "IN", "NNS", "IN", "VBG", "PRP"])
    assert subject(doc[6]).text == "Lee" and subject(doc[2]).text == "fans"


def test_quote_filter_features_the_cue_class_and_what_stands_before_the_marks():
    from newscoder import quote_filter
    from newscoder.record import Quote

    # the cue's lemma through the model's own lemmatizer tables: irregular past tenses are speech verbs
    assert [quote_filter.cue_class(c) for c in ("said", "told", "admitted", "according to", "strode", ":", None)] \
        == ["speech", "speech", "speech", "according", "other", "punct", "nocue"]
    text = 'Later that night she appeared on "Evening Talk With Sam Reyes" to promote the tour.'
    title = Quote(text="Evening Talk With Sam Reyes", start=34, end=61, kind="direct", speaker_text="she",
                  cue="appeared", cue_start=21)
    feats = quote_filter.features(title, text, None)
    assert "prev=on" in feats and "caps=3" in feats and "cueclass=other" in feats
    said = '“We will reopen the bridge in May,” said Mayor Ana Ortiz.'
    q = Quote(text="We will reopen the bridge in May,", start=1, end=34, kind="direct", speaker_text="Ana Ortiz",
              cue="said", cue_start=36)
    assert "prev=^" in quote_filter.features(q, said, "person")


def test_a_noun_joined_to_the_cue_is_a_second_object():
    # 'questioned her plan and her judgment' misparsed with "judgment" as the verb's conjunct: a noun is
    # no verb's conjunct, so what was questioned runs on through it
    from newscoder.speech import object_content
    words = ["Ortiz", "questioned", "her", "plan", "and", "her", "judgment", "."]
    doc = hand_parse(words, heads=[1, 1, 3, 1, 1, 6, 1, 1],
                     deps=["nsubj", "ROOT", "poss", "dobj", "cc", "poss", "conj", "punct"],
                     pos=["PROPN", "VERB", "PRON", "NOUN", "CCONJ", "PRON", "NOUN", "PUNCT"],
                     lemmas=["Ortiz", "question", "her", "plan", "and", "her", "judgment", "."])
    start, end = object_content(doc[1])
    assert doc.text[start:end] == "her plan and her judgment"


def test_a_verb_sharing_the_cues_infinitive_is_still_content():
    # 'calling on X to "stop ..." and call on Y to ...': the second verb shares the "to", it is no new statement
    k, _, said_by, cue, text, _ = one('The students are calling on Dean Marsh to "stop hiding the budget" and call '
                                      'on trustees to step down.')
    assert (k, cue, text) == ("mixed", "calling", 'to "stop hiding the budget" and call on trustees to step down')


def test_a_participle_right_after_the_closing_mark_is_content():
    # no comma sets it off: 'would "gladly consider" moving ...' is one clause, not the writer's aside
    k, _, said_by, cue, text, _ = one('The coach said she would "gladly consider" moving the final to a bigger arena.')
    assert (k, cue, text) == ("mixed", "said", 'she would "gladly consider" moving the final to a bigger arena')


def test_a_preposition_after_the_cue_goes_with_the_cue():
    # 'bragged about [a scheme to raise "..."]': PolNeAR's cue takes the preposition, the content its object
    k, _, said_by, cue, text, _ = one('Its chairman bragged about a scheme to raise "a small fortune" selling old bus '
                                      'tickets to collectors.')
    assert k == "mixed" and cue == "bragged" and text.startswith("a scheme to raise")


def test_a_reported_clause_starts_at_its_that():
    # 'said on Sunday that ...' misparsed with the time inside the clause: the clause starts at "that"
    import spacy
    from newscoder.speech import content_span
    words = ["Lee", "said", "on", "Sunday", "that", "Kim", "won", "."]
    doc = hand_parse(words, heads=[1, 1, 6, 2, 6, 6, 1, 1],
                     deps=["nsubj", "ROOT", "prep", "pobj", "mark", "nsubj", "ccomp", "punct"],
                     pos=["PROPN", "VERB", "ADP", "PROPN", "SCONJ", "PROPN", "VERB", "PUNCT"],
                     lemmas=["Lee", "say", "on", "Sunday", "that", "Kim", "win", "."],
                     vocab=spacy.blank("en").vocab)  # content_span trims the full stop: is_punct
    start, end = content_span(doc[1])
    assert doc.text[start:end] == "Kim won"


def test_a_show_title_before_the_cues_that_is_not_what_was_said():
    # 'told NBC's "Sunday Roundup" that ...': the title names where it was said; the mixed quote is the clause
    k, _, said_by, cue, text, _ = one('Pell told NBC\'s "Sunday Roundup" that he would "take a hard look" at the '
                                      'stadium deal.')
    assert (k, cue, text) == ("mixed", "told", 'he would "take a hard look" at the stadium deal')


def test_a_speech_verb_in_the_cues_tense_after_the_quote_is_the_next_statement():
    # 'says he would ... tell them "..." and tells fans ...': "tells" hangs inside the clause in the parse,
    # but in the cue's tense and with no subject it is the speaker's next statement
    rec, qs = quotes_of('Pell says he would sit the owners down and tell them "no more excuses" and tells fans '
                        'the team will stay.')
    assert qs[0][:5] == ("mixed", "Pell", "Pell", "says", 'he would sit the owners down and tell them "no more excuses"')


def test_a_gloss_after_a_comma_inside_the_closing_mark_is_not_content():
    # ',” which ...' and ',” a ...': the comma inside the marks sets the writer's words off as well
    for text, said in (('The bar association said the judge was "well qualified," which is its highest grade.',
                        'the judge was "well qualified,"'),
                       ('Lee said the plan would close the "water gap," a shortfall that has dried up three farms.',
                        'the plan would close the "water gap,"')):
        k, _, _, cue, content, _ = one(text)
        assert (k, cue, content) == ("mixed", "said", said)


def test_a_naming_verb_with_its_object_says_all_it_governs():
    # 'called the bridge "a folly" because ...': PolNeAR's content is the object, the name and the reason
    k, _, said_by, cue, text, _ = one('Mayor Ruth Okafor called the new bridge "a costly folly" because it carries '
                                      'so little traffic.')
    assert (k, cue, text) == ("mixed", "called", 'the new bridge "a costly folly" because it carries so little traffic')


def test_a_comma_participle_speaks_for_the_clause_it_follows():
    # the clause right before the comma, not the sentence's root, says what the participle says
    text = ('The mayor spoke near the depot, where about forty drivers had gathered by noon, '
            'chanting "no deal, no vote" as talks stalled.')
    rec, qs = quotes_of(text)
    q = next(q for q in qs if "no deal" in q[4])
    assert q[2] == "about forty drivers" and q[3] == "chanting"


def test_a_participle_joined_deep_in_adjuncts_still_finds_its_doer():
    text = ('Councillor Pia Lund has softened her attacks on the board, shifting her energy to '
            'fighting the levy and admitting that her “grand bargain” will probably fail.')
    rec, qs = quotes_of(text)
    q = next(q for q in qs if "grand bargain" in q[4])
    assert q[1] == "Councillor Pia Lund" and q[3] == "admitting"


def test_a_speech_verb_in_a_relative_clause_is_not_the_quotes_cue():
    rec, qs = quotes_of('“The answer is simple, and I stand by it,” Senator Mara Quill, who has proposed '
                        'cutting the levy over ten years, said at the forum.')
    assert [(q[1], q[3]) for q in qs if "stand by it" in q[4]] == [("Mara Quill", "said")]
    rec, qs = quotes_of('On Tuesday, Quill insisted that mayors who refused to rule out a fare hike were "out of touch."')
    assert [(q[2], q[3]) for q in qs if "out of touch" in q[4]] == [("Quill", "insisted")]


def test_asked_in_an_adverbial_clause_is_the_question_not_the_answer():
    rec, qs = quotes_of('Asked which diner in town was her favorite, Mayor Tilda Fenn smiled: '
                        '“Whichever one is open at midnight.”')
    assert [(q[1], q[3]) for q in qs if "midnight" in q[4]] == [("Tilda Fenn", "smiled")]


def test_a_relative_pronoun_of_a_second_relative_verb_speaks_for_the_antecedent():
    text = ('The mayor was campaigning for a retired nurse named Ada Moss, who is running for the board and '
            'who worked the room, praising "the best clinic staff in the county" all night.')
    rec, qs = quotes_of(text)
    assert [(q[1], q[3]) for q in qs if "clinic staff" in q[4]] == [("Ada Moss", "praising")]


def test_a_naming_verb_joined_to_the_reported_clause_is_its_own_statement():
    rec, qs = quotes_of('He says he admires the governor and calls her “a tireless worker with a sharp mind '
                        'and a long record.”')
    assert [q[3] for q in qs if "tireless" in q[4]] == ["calls"]


def test_a_quote_reported_inside_a_report_is_the_outer_speakers():
    # PolNeAR annotates the outermost attribution: the neighbour's words are what the pastor reports
    rec, qs = quotes_of('Pastor Ivo Renn said the valley lost a neighbor who said “kindness in a hard season is '
                        'the bravest thing a town can offer.”')
    assert [(q[1], q[3]) for q in qs if "kindness" in q[4]] == [("Ivo Renn", "said")]


def test_a_participle_after_a_subordinate_clause_goes_on_the_main_clause():
    # 'after they surfaced' and 'the claim that ...' are no clauses a participle after them goes on
    rec, qs = quotes_of('Mayor Ruth Abel apologized for the letters after they surfaced, saying the notes were '
                        'decades stale and “say nothing about the city I lead today.”')
    assert [(q[1], q[3]) for q in qs if "say nothing" in q[4]] == [("Ruth Abel", "saying")]
    rec, qs = quotes_of('Councillor Tove Brandt rejected the claim that residents could simply move away from the flood '
                        'zone, arguing that there is "no money for anyone to start over."')
    assert [q[2] for q in qs if "no money" in q[4]] == ["Councillor Tove Brandt"]


def test_a_past_participle_with_its_own_auxiliary_is_no_question_put():
    rec, qs = quotes_of('A judge fined the 30-year-old clerk after the clerk had posted on his blog that the council '
                        'members should "resign in shame."')
    assert [q[3] for q in qs if "resign" in q[4]] == ["posted"]


def test_who_after_an_apposition_speaks_for_the_name():
    rec, qs = quotes_of('Ola Brandt, a Bergen teacher who said “we will not close a single school,” joined the march.')
    assert [(q[1], q[2]) for q in qs] == [("Ola Brandt", "who")]


def test_colon_after_long_headline_and_dash():
    # a newsletter line: a long headline, a dash, then the author and a colon before the quote;
    # only the words after the dash are the introduction, however long the headline
    text = ("Wheat prices slide for a third week as growers across the plains wait out the cold spell - "
            "Rosa Delgado: “Growers who planted early are holding on, but the rest are selling at a loss.”")
    k, who, said_by, cue, quoted, _ = one(text)
    assert (k, said_by, quoted) == ("direct", "Rosa Delgado",
                                     "Growers who planted early are holding on, but the rest are selling at a loss.")


def test_long_colon_lead_past_an_opening_phrase():
    # a lead too long for a name tag, but for the phrase before its comma: the clause after it introduces
    text = ("In reply to the ruling that the court handed down on Monday and the appeal that followed, "
            "Tom Berk issued this statement:\n\n“We will keep fighting for the families of the valley.”")
    k, who, _, cue, quoted, _ = one(text)
    assert (k, who, cue) == ("direct", "Tom Berk", "issued this statement:")
    assert quoted == "We will keep fighting for the families of the valley."


def test_second_marks_in_the_same_reported_clause_widen_the_first_quote():
    # the first marks end their quote early; the second pair's reading of the same cue holds it whole
    rec, qs = quotes_of('Ms. Reyes said the union has “several routes” to a contract, including through about '
                        'thirty “undecided” locals that meet in June.')
    assert len(qs) == 1 and qs[0][3] == "said" and qs[0][4].endswith("locals that meet in June"), qs


def test_second_speech_verb_keeps_two_statements_apart():
    rec, qs = quotes_of('Ms. Reyes said the union has “several routes” to a contract, and insisted that about '
                        'thirty “undecided” locals would sign in June.')
    assert [q[3] for q in qs] == ["said", "insisted"], qs


def test_quote_right_after_a_reported_statement_is_more_of_it():
    # the quote has no cue of its own: it goes on the reported statement before it, which becomes mixed
    rec, qs = quotes_of('Harbour master Daniel Brooks argued that the old pier could not take another winter. '
                        '“The timbers under the east end have rotted through, and we cannot patch them again.”')
    assert len(qs) == 1, qs
    kind, who, _, cue, text, _ = qs[0]
    assert (kind, who, cue) == ("mixed", "Daniel Brooks", "argued")
    assert text.startswith("the old pier could not take") and "timbers under the east end" in text
    assert rec.quotes[0].parts and len(rec.quotes[0].parts) == 2


def test_quote_paragraph_after_a_reported_statement_takes_its_speaker_and_cue():
    rec, qs = quotes_of('Daniel Brooks said that repairs to the pier would begin in April.\n\n'
                        '“We have the timber, we have the crews, and the weather should finally be on our side.”')
    direct = [q for q in qs if q[0] == "direct"]
    assert [(q[1], q[3]) for q in direct] == [("Daniel Brooks", "said")], qs


def test_quote_after_a_statement_with_no_speech_verb_stays_unattributed():
    rec, qs = quotes_of('Daniel Brooks wants a new pier before the summer.\n\n'
                        '“We have the timber, we have the crews, and the weather should finally be on our side.”')
    assert not [q for q in qs if q[0] == "direct"], qs
    assert len(rec.unattributed_quotes) == 1


def test_a_joined_speech_verb_with_a_that_clause_owns_the_quote_in_it():
    # 'said the club will "..." and insisted that ...': the parse hangs "insisted" inside said's clause, but
    # a speech verb in the cue's tense, with no subject and a "that" clause of its own, is the next statement
    for text, first, second in (
            ('Pell said on Friday that the club will "fight for every point" and insisted that the new coach was '
             '"the right man for the job."', "said", "insisted"),
            ('Marta Quill says the county "has run out of patience" with the landlord, and warns that tenants are '
             '"ready to strike."', "says", "warns")):
        rec, qs = quotes_of(text)
        assert [q[3] for q in qs] == [first, second], qs
        assert qs[1][4].startswith(("the new coach", "tenants")) and qs[0][4].endswith(("point\"", "landlord"))


def test_a_show_or_platform_after_a_mixed_quote_is_where_it_was_said():
    # the parser hangs "on her weekly podcast" on the quoted noun, not on the cue: still where, not what
    rec, qs = quotes_of('Mara Quill called the new stadium a “money pit” on her weekly podcast when discussing '
                        'the city budget.')
    assert [(q[0], q[3], q[4]) for q in qs] == [("mixed", "called", "the new stadium a “money pit”")]
    rec, qs = quotes_of('Mara Quill said the ferry service was “running on fumes” on Twitter before urging riders '
                        'to write to the council.')
    assert (qs[0][3], qs[0][4]) == ("said", "the ferry service was “running on fumes”")


def test_a_counterpoint_after_a_comma_closed_quote_is_the_writers():
    rec, qs = quotes_of('Most parents in the district say the new lunch menu is “a bit bland,” though teachers '
                        'report that fewer trays come back full.')
    assert (qs[0][0], qs[0][3], qs[0][4]) == ("mixed", "say", "the new lunch menu is “a bit bland,”")


def test_a_when_clause_after_a_mixed_quote_is_cut_where_it_begins():
    # cut at "when", not at the clause's verb (which left 'when' dangling on the content)
    k, _, _, cue, content, _ = one('Ada Brook called the bridge plan “a fantasy” when asked about its cost.')
    assert (k, cue, content) == ("mixed", "called", "the bridge plan “a fantasy”")


def test_an_object_before_a_subjectless_cue_is_no_speaker():
    # the parse lost issued's subject ('Harbor Watch' read as a modifier): the statement the participle
    # hangs from is no speaker, the name before the verb is
    from newscoder.speakers import speaker_before
    words = ["Harbor", "Watch", "issued", "a", "short", "statement", "saying", "it", "would", "appeal", "."]
    doc = hand_parse(words, heads=[1, 2, 2, 5, 5, 2, 5, 9, 9, 6, 2],
                     deps=["compound", "advmod", "ROOT", "det", "amod", "dobj", "acl", "nsubj", "aux", "ccomp",
                           "punct"],
                     pos=["PROPN", "PROPN", "VERB", "DET", "ADJ", "NOUN", "VERB", "PRON", "AUX", "VERB", "PUNCT"])
    assert speaker_before(doc, doc[6]).text == "Watch"


def test_a_quote_in_a_sentence_with_its_own_speech_verb_is_no_continuation():
    # no cue is found right at the marks, but the sentence's own verb ('cited') has a subject before it:
    # the deputy's words, not more of the mayor's statement
    rec, qs = quotes_of('Mayor Ines Calder spoke for an hour at the depot on Monday. "We will finish the bridge by '
                        'spring," she said. Her deputy cited the flooded tunnels as "the worst failure of planning '
                        'this city has seen in twenty years."')
    assert [(q[2], q[3], q[0]) for q in qs] == [("she", "said", "direct"), ("Her deputy", "cited", "mixed")]


def test_a_colon_tag_keeps_its_verb_as_the_cue_when_the_verb_stands_before_the_name():
    # 'borrows from X:' puts the verb before the name that introduces the quote: the cue is the verb, not
    # the colon (the colon only where the line before it has no verb)
    rec, qs = quotes_of('The harbor board met on Friday. Its new chair borrows from the old fisherman Tobias Wrenn: '
                        '“We will rebuild only where the sea allows.”')
    assert [(q[0], q[3], q[4]) for q in qs] == [("direct", "borrows", "We will rebuild only where the sea allows.")]


def test_a_mixed_quote_after_a_participle_cue_is_a_statement_of_its_own():
    # the first marks sit in the main clause, the second in what the participle reports: two statements,
    # not one in two pieces
    rec, qs = quotes_of('Coach Harlan Pike called the referee “half asleep,” accusing him of “ignoring every foul '
                        'in the second half.”')
    assert len(qs) == 2, qs
    assert (qs[1][0], qs[1][4]) == ("mixed", "him of “ignoring every foul in the second half.”")


def test_a_quote_in_a_possessed_statement_noun_clause_is_the_possessors():
    # the sentence's subject only blames someone for the row; the words in marks are in her remark
    k, name, spk, cue, content, _ = one('Senator Mara Quill blamed reporters for the uproar over her remark that '
                                        'the harbor tunnel was “a hole for money.”')
    assert (k, spk, cue, content) == ("mixed", "her", "remark", "that the harbor tunnel was “a hole for money.”")


def test_tag_sentence_after_a_quote_that_ends_its_sentence():
    text = ('The vote ended late on Monday.\n\n"Nobody in this hall expected the bill to pass tonight." '
            'Senator Mara Quill said.\n')
    _, qs = quotes_of(text)
    assert len(qs) == 1 and qs[0][2] == "Mara Quill" and qs[0][3] == "said", qs
    text = ('The vote ended late on Monday.\n\n"Nobody in this hall expected the bill to pass tonight." '
            'Senator Mara Quill went on to say:\n\n"We will try again in the spring with a smaller bill."\n')
    _, qs = quotes_of(text)
    assert not any(q[4].startswith("Nobody") and q[2] for q in qs), qs


def test_inverted_colon_lead_names_the_speaker_after_the_verb():
    text = ('The mayor spoke for an hour about the harbor.\n\nAdded the mayor: “We will need every boat in the '
            'bay to finish the dredging by spring.”\n')
    _, qs = quotes_of(text)
    assert len(qs) == 1 and qs[0][2] == "mayor" and qs[0][3] == "Added", qs


def test_speech_sentence_before_a_quote_announces_it():
    text = ('The board met in the old library on Friday.\n\nCouncillor Brenna Koss agreed. "The town cannot wait '
            'another year for a new bridge over the river."\n')
    _, qs = quotes_of(text)
    assert len(qs) == 1 and qs[0][2] == "Brenna Koss" and qs[0][3] == "agreed", qs


def test_colon_lead_from_a_document_or_after_a_dash():
    text = ('The ferry audit was published on Tuesday.\nFares are only half the story - From the audit: “Crews on '
            'the night routes worked far more unpaid hours than the company ever admitted.”\n')
    _, qs = quotes_of(text)
    assert len(qs) == 1 and qs[0][2] == "audit", qs
    text = ('The ferry audit was published on Tuesday.\nFares were never the real issue, it seems -More from '
            'Okonkwo and Brandt: “Night crews logged the longest unpaid hours of any staff we met.”\n')
    _, qs = quotes_of(text)
    assert len(qs) == 1 and qs[0][2] == "Okonkwo", qs


def test_quote_after_a_report_holding_a_report_goes_on_the_outer_speaker():
    text = ('The minister toured the harbour on Sunday.\n\nMinister Olsen said that fishermen had long warned the '
            'quay would flood in winter, yet the new sea wall would hold.\n\n“The wall was built for a storm '
            'twice the size of the worst one anyone here can remember.”\n')
    _, qs = quotes_of(text)
    assert any(q[0] == "direct" and q[2] == "Olsen" for q in qs), qs


def test_participle_sentence_goes_on_the_speaker_of_the_sentence_before():
    text = ('The council met on Friday.\n\nMayor Dunmore told reporters the bridge was safe. Adding, “Look, the '
            'bridge will open in the spring and nobody should doubt it.”\n')
    _, qs = quotes_of(text)
    assert any(q[0] == "direct" and q[2] == "Dunmore" and q[3] == "Adding" for q in qs), qs


def test_naming_verb_on_a_noun_inside_a_sentence_speaks():
    # the naming verb hung on 'alderman' as a participle after a semicolon: the alderman still speaks
    _, qs = quotes_of('The council met late on Tuesday to debate whether to fund the pier; one alderman called '
                      'Ferraro "the loudest salesman of empty harbor dreams."')
    assert len(qs) == 1 and qs[0][:4] == ("mixed", "one alderman", "one alderman", "called"), qs
    assert qs[0][4].startswith("Ferraro")


def test_named_statement_when_the_quote_hangs_off_the_naming_verb():
    # parser's error: the quoted noun is the root and 'called' a participle on the subject, with its object
    from newscoder import quotemarks
    from newscoder.quote_spans import named_statement
    words = ["The", "union", "called", "the", "memo", "a", "“", "pure", "fantasy", ",", "”", "because", "money",
             "ran", "out", "."]
    heads = [1, 8, 1, 4, 2, 8, 8, 8, 8, 8, 8, 13, 13, 8, 13, 8]
    deps = ["det", "nsubj", "acl", "det", "oprd", "det", "punct", "amod", "ROOT", "punct", "punct", "mark", "nsubj",
            "advcl", "prt", "punct"]
    pos = ["DET", "NOUN", "VERB", "DET", "NOUN", "DET", "PUNCT", "ADJ", "NOUN", "PUNCT", "PUNCT", "SCONJ", "NOUN",
           "VERB", "ADP", "PUNCT"]
    spaces = [True, True, True, True, True, True, False, True, False, False, True, True, True, True, False, False]
    lemmas = ["the", "union", "call", "the", "memo", "a", "“", "pure", "fantasy", ",", "”", "because", "money",
              "run", "out", "."]
    tags = ["VBN" if w == "called" else "X" for w in words]
    doc = hand_parse(words, heads, deps, pos, spaces=spaces, lemmas=lemmas, tags=tags)
    q = next(m for m in quotemarks.find(doc.text) if not m.single)
    span = named_statement(doc, doc[2], q)
    # a bare vocabulary does not know '.' as punctuation, so the full stop may come along
    assert span is not None and doc.text[span[0]:span[1]].rstrip(".") == "the memo a “pure fantasy,” because money ran out"
