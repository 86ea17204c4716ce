"""Who said what from the dependency parse (assistant.speakers through attribution.analyze): loads the parser."""

from __future__ import annotations

import pytest

from assistant.attribution import analyze
from assistant.speakers import quotations, read


def claims_of(text: str) -> list[tuple[str | None, str | None, str]]:
    claims = analyze(text, ((0, len(text)),))
    for c in claims:  # every span indexes the original text
        assert text[c.content_start : c.content_start + len(c.content)] == c.content
        assert 0 <= c.start <= c.end <= len(text)
    return [(c.actor, c.act, c.content) for c in claims if c.act]


def test_speaker_after_the_quote():
    got = claims_of("“We will not accept this,” said Dmitry Peskov, the Kremlin spokesman.")
    assert ("Dmitry Peskov", "say", "We will not accept this") in got
    assert not any(actor == "We" for actor, _, _ in got)


def test_pronoun_speaker_after_the_quote_resolves_to_the_person():
    got = claims_of("Mr Peskov spoke to reporters in Moscow. “It is over,” he added.")
    assert ("Peskov", "say", "It is over") in got


def test_reported_speech_and_quoted_as_saying():
    got = claims_of("Anna Lindqvist told the BBC that the plant would close. "
                    "Tom Mbeki was quoted as saying the deal was dead.")  # fmt: skip
    # the rules' claim is kept when its actor is an entity, with their content (the rest of the sentence)
    assert any(a == "Anna Lindqvist" and act == "say" and c.endswith("the plant would close") for a, act, c in got)
    assert ("Tom Mbeki", "say", "the deal was dead") in got


def test_told_the_listener_is_not_part_of_what_was_said():
    got = claims_of("The family says the boy has waited a year. A spokesperson for the Harbour Authority told the BBC "
                    "they could not comment on individual cases.")  # fmt: skip
    assert any(a and a.endswith("Harbour Authority") and act == "say" and c == "they could not comment on individual cases"
               for a, act, c in got), got  # fmt: skip


def test_an_organisation_named_for_a_place_is_not_the_place():
    text = "Health Inspectorate Wales said staff were under pressure. The Russian police said two men were held."
    claims = analyze(text, ((0, len(text)),))
    groups = {c.group for c in claims if c.act}
    assert groups == {"Health Inspectorate Wales", "Russia"}  # a state body of a country is still the country


def test_a_nationality_as_the_speaker_is_the_person_named_before():
    got = claims_of("Mauricio Pochettino watched his side lose 2-0 at home. “We were not ready to fight,” said the "
                    "Argentine.")  # fmt: skip
    assert ("Mauricio Pochettino", "say", "We were not ready to fight") in got
    assert not any(a == "Argentine" for a, _, _ in got)


def test_according_to():
    got = claims_of("About 1,200 workers stopped work, according to the union of Acme Corporation.")
    assert ("Acme Corporation", "say", "About 1,200 workers stopped work") in got


def test_a_capitalised_common_word_is_never_an_actor():
    claims = analyze(t := "About 1,200 workers said they stopped work.", ((0, len(t)),))
    assert all(c.actor != "About" for c in claims)


def test_a_quotation_without_a_speaker_is_the_previous_speakers():
    text = "“We are ready,” said Joan Ruiz, the union leader.\n“The port will stay closed until Friday.”"
    assert ("Joan Ruiz", "say", "The port will stay closed until Friday") in claims_of(text)


def test_a_quotation_split_into_sentences_is_one_content():
    text = "“First, a truce. Second, talks,” he said."
    sentences, found = read("Dmitry Peskov spoke. " + text, ((0, len(text) + 21),))
    assert len(found) == 1 and found[0].actor.endswith("Peskov")
    assert ("Dmitry Peskov spoke. " + text)[found[0].content_start : found[0].content_end] == "First, a truce. Second, talks"


@pytest.mark.parametrize("text", ['He said “No. Never,” and left.', "“Open\n“Again”"])
def test_quotations_are_exact(text):
    assert all(text[a:b].strip() and "“" not in text[a:b] for a, b in quotations(text, ((0, len(text)),)))


def groups_of(text: str) -> list[tuple[str | None, str | None, str]]:
    return [(c.group, c.act, c.content) for c in analyze(text, ((0, len(text)),)) if c.act]


def test_an_organisation_keeps_its_whole_name_and_a_state_body_is_its_country():
    got = groups_of("The Liberal Democrats have called for an urgent review. The Russian embassy said it was investigating.")
    assert ("Liberal Democrats", "demand", "an urgent review") in got
    assert any(g == "Russia" and act == "say" for g, act, _ in got)


def test_a_person_is_grouped_by_the_surname_the_article_uses():
    got = groups_of("Alvaro Garcia Linera said the law was needed. Mr Garcia said it was fair.")
    assert [g for g, _, _ in got] == ["Garcia", "Garcia"]


def test_the_parse_names_the_person_of_a_longer_speaker_phrase():
    text = "“The page has been turned,” FTF vice-president Maher Snoussi told BBC Sport."
    claims = [c for c in analyze(text, ((0, len(text)),)) if c.act]
    assert [(c.actor, c.actor_label, c.content) for c in claims] == [("Maher Snoussi", "PERSON", "The page has been turned")]


def test_an_unnamed_spokesman_speaks_for_the_organisation_just_named():
    text = "British Athletics confirmed the time was official. A spokesman said: “The time will be ratified.”"
    assert ("British Athletics", "say", "The time will be ratified") in groups_of(text)


def test_a_given_parse_is_used_not_made_again(monkeypatch):
    from assistant import nlp, speakers

    text = "Tom Mbeki said the deal was dead."
    parsed = nlp.parse_segments(text, ((0, len(text)),))
    monkeypatch.setattr(speakers, "parse_segments", lambda *a: pytest.fail("parsed again"))
    claims = analyze(text, ((0, len(text)),), parsed=parsed)
    assert [(c.actor, c.actor_label, c.content) for c in claims] == [("Tom Mbeki", "PERSON", "the deal was dead")]


def test_an_acronym_the_article_spells_out_is_the_organisation():
    text = ("The data was collected by the British Geological Survey (BGS). "
            "In an analysis the BGS said: “Any such process will cause the rock to fracture.”")  # fmt: skip
    assert ("British Geological Survey", "say", "Any such process will cause the rock to fracture") in groups_of(text)


def test_a_quotation_left_open_goes_on_in_the_next_paragraph():
    text = ('Ms Okafor spoke in Lagos. But she added: "The port will reopen on Monday.\n'
            '"Nobody should expect the old tariffs.\n"We will publish the new rules in March."')
    got = claims_of(text)
    assert ("Okafor", "say", "We will publish the new rules in March") in [(a and a.split()[-1], b, c) for a, b, c in got]


def test_the_source_is_the_speaker_described_before():
    text = ('A Labour source in the Lords told the BBC it was "fairly obvious grandstanding" by the Lib Dems.\n'
            '"It is pretty unforgivable to build up false hope," the source said.')
    got = claims_of(text)
    assert ("Labour", "say", "It is pretty unforgivable to build up false hope") in got
    assert not any(a == "BBC" for a, _, _ in got)


def test_a_negated_act_is_no_act():
    got = claims_of("Harris did not say she planned to send officers to the homes of gun owners.")
    assert not any(a == "Harris" for a, _, _ in got)


def test_quoted_as_saying_after_the_quotation_and_said_in_a_statement_that():
    text = ('"There is no bitterness," his lawyer Eric Lewis was quoted as saying by the Associated Press.\n'
            'The Anti-Defamation League, a Jewish civil rights organisation, said in a statement that it was "deeply '
            'disturbed" by the threats.')
    got = claims_of(text)
    assert ("Eric Lewis", "say", "There is no bitterness") in got
    assert any(a == "Anti-Defamation League" and "it was \"deeply disturbed\" by the threats" in c for a, _, c in got)


def test_phrasal_acts_read_what_the_particle_governs():
    got = claims_of("The Welsh government called on Westminster to address the impact of high energy prices. "
                    "Governor Bruce Rauner warned of dire tax consequences. President Donald Trump went on Twitter.")  # fmt: skip
    assert any(act == "demand" and "to address the impact" in c for _, act, c in got)
    assert any(a == "Bruce Rauner" and c.endswith("dire tax consequences") for a, _, c in got)
    assert not any(c == "Twitter" for _, _, c in got)


def test_a_speech_tag_after_its_clause_reads_the_clause_not_the_speakers_description():
    got = claims_of("Funding has not decreased in the city budget, said Donna Estrich, commissioner of finance.")
    assert ("Donna Estrich", "say", "Funding has not decreased in the city budget") in got
    got = claims_of("Mr Tata spoke in Moscow. In addition, Mr Tata said, the challenges are linked to the budget.")
    assert any(a.endswith("Tata") and c == "the challenges are linked to the budget" for a, _, c in got)


def test_a_passive_act_verb_is_no_act_of_its_subject():
    got = claims_of("The journalist, Wang Xiaolu, is accused of spreading fake information, the report said.")
    assert not any(a and "Wang" in a for a, _, _ in got)


def test_asked_someone_to_is_a_demand_and_an_occupation_is_not_part_of_the_name():
    got = claims_of("Previously, the FBI had asked Apple to write new software.")
    assert any(a == "FBI" and act == "demand" and "write new software" in c for a, act, c in got)
    claims = analyze(t := "Lawyer Gankhuugiin Batbayar said the suspect had not been arrested.", ((0, len(t)),))
    assert [c.actor for c in claims if c.act] == ["Gankhuugiin Batbayar"]


def test_a_pronoun_continues_the_previous_subject_but_is_never_its_verbs_object():
    got = claims_of("Myra Forde says she has no knowledge of it. Richard Griffiths, her solicitor in 1992, has now spoken "
                    'on her behalf to the Salisbury Journal. He told the newspaper: "My former client wishes me to '
                    'make it very clear."')  # fmt: skip
    assert ("Richard Griffiths", "say", "My former client wishes me to make it very clear") in got
    got = claims_of("Mitch McConnell spoke to Dana Bash on Sunday. She asked McConnell to explain the process.")
    assert any(a == "Dana Bash" and act == "demand" for a, act, _ in got)
    assert not any(a == "Mitch McConnell" and act == "demand" for a, act, _ in got)


def test_a_pronoun_after_a_quotation_is_not_the_subject_inside_it():
    text = ("Ukraine’s President Volodymyr Zelenskyy arrived in Vilnius for a summit.\n“If Ukraine is not present at the "
            "NATO summit, it will be a victory for Putin, but not over Ukraine, but over NATO,” he said last week, "
            "referring to Russian President Vladimir Putin.")  # fmt: skip
    got = claims_of(text)
    assert any(a == "Volodymyr Zelenskyy" and c.startswith("If Ukraine is not present") for a, _, c in got)
    assert not any(a == "Russian" for a, _, _ in got)


def test_campaigning_to_do_something_is_a_demand_campaigning_for_a_seat_is_not():
    got = claims_of("Denise Fergus spoke to the BBC. She has campaigned to have both men kept in prison.")
    assert any(a == "Denise Fergus" and act == "demand" and "both men kept in prison" in c for a, act, c in got)
    assert not claims_of("Sinema is campaigning against Martha McSally for the seat held by Jeff Flake.")


def test_made_it_clear_that_says_the_clause():
    got = claims_of('Sean Spicer said that Donald Trump had made it "abundantly clear" that such actions were "unacceptable".')
    assert any(a == "Donald Trump" and act == "say" and c.startswith("such actions were") for a, act, c in got)


def test_a_role_stands_for_the_organisation_named_earlier():
    text = ("Greater Manchester Police said two men were arrested in Bolton on Friday.\n"
            "Both were later released on bail, the force said.\n"
            "Police said a third man was still being sought.\n"
            "Kent County Council has bought the old depot near the harbour.\n"
            "The authority said the site would become a park.")  # fmt: skip
    got = claims_of(text)
    assert any(a == "Greater Manchester Police" and c.startswith("Both were later released") for a, _, c in got)
    assert any(a == "Greater Manchester Police" and c.startswith("a third man") for a, _, c in got)
    assert any(a == "Kent County Council" and c.startswith("the site would become") for a, _, c in got)


def test_a_role_without_a_matching_name_is_no_speaker():
    got = claims_of("Anna Berg visited the depot on Monday.\nThe force said the site was closed.")
    assert not any(c.startswith("the site was closed") and a for a, _, c in got)


def test_the_judge_is_the_person_titled_judge_not_the_last_person_named():
    text = ("Judge Mary Ellis heard the case against Tom Baker in Leeds.\n"
            "Tom Baker admitted the theft of two vans.\n"
            "The judge said the offences were serious.")  # fmt: skip
    got = claims_of(text)
    assert any(a and a.endswith("Ellis") and c.startswith("the offences were serious") for a, _, c in got)
    assert not any(a and "Baker" in a and c.startswith("the offences") for a, _, c in got)


def test_a_name_line_with_a_colon_introduces_the_quotations_under_it():
    text = ("Rovers manager Paul Dean:\n\"We were poor in the first half.\n\"The second half was better.\"\n"
            "City boss Jan Kowalski:\n\"I am happy with the point.\"")  # fmt: skip
    got = claims_of(text)
    assert any(a == "Paul Dean" and c.startswith("We were poor") for a, _, c in got)
    assert any(a == "Paul Dean" and c.startswith("The second half") for a, _, c in got)
    assert any(a == "Jan Kowalski" and c.startswith("I am happy") for a, _, c in got)
    assert not any(a == "Paul Dean" and c.startswith("I am happy") for a, _, c in got)


def test_no_speaker_from_a_relative_clause_on_the_subject():
    text = ("Kent County Council plans a new station.\n"
            "The council - which owns Oakfield College - said trains could run by 2020.")  # fmt: skip
    got = claims_of(text)
    assert not any(a == "Oakfield College" for a, _, _ in got)
    assert any(a == "Kent County Council" and c.startswith("trains could run") for a, _, c in got)


def test_a_document_speaks_for_whoever_issued_it():
    text = ("In a briefing note sent to councillors, Northgate Energy criticised the survey.\n"
            "\"The survey ignores the new turbines,\" the briefing said.\n"
            "The plant will open in May, the Leeds Examiner reports.\n"
            "If approved, it would be the largest plant in Leeds county, the report adds.")  # fmt: skip
    got = claims_of(text)
    assert any(a == "Northgate Energy" and c.startswith("The survey ignores") for a, _, c in got)
    assert any(a and a.endswith("Leeds Examiner") and c.startswith("If approved") for a, _, c in got)
    assert not any(a == "Leeds" for a, _, _ in got)  # never a name read from the reported clause


def test_a_document_with_no_issuer_nearby_is_no_speaker():
    got = claims_of("Anna Berg visited the depot on Monday.\nThe report said the depot was unsafe.")
    assert not any(a == "Anna Berg" and c.startswith("the depot was unsafe") for a, _, c in got)


def test_a_participle_opening_the_sentence_does_not_hide_its_speaker():
    text = ("Speaking to BBC Radio Kent, Mary Jones, of the Port Authority, said the ferry would return in June.\n"
            "Responding for the Greens, Councillor Tom Price, member for Dover, said the plan was \"too late\".")  # fmt: skip
    got = claims_of(text)
    assert any(a == "Mary Jones" and c.startswith("the ferry would return") for a, _, c in got)
    assert any(a and a.endswith("Tom Price") and c.startswith("the plan was") for a, _, c in got)
    assert not any(a == "Dover" for a, _, _ in got)


def test_estimates_and_objections_are_acts_but_an_agentless_passive_names_no_one():
    got = claims_of("The Marine Agency estimated 20% of the fish would die.\n"
                    "Harbour Power disputed the agency's figures.")  # fmt: skip
    assert any(a == "Marine Agency" and act == "say" and c.startswith("20% of the fish") for a, act, c in got)
    assert any(a == "Harbour Power" and act == "reject" and "figures" in c for a, act, c in got)
    got = claims_of("Harbour Power opened in May.\nIt’s estimated the plant cost £2m.")
    assert not any(c.startswith("the plant cost") and a for a, _, c in got)
