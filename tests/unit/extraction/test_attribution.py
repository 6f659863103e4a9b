from .conftest import find


def test_direct_quote_with_surname_resolves_to_full_name_and_role(run):
    claims = run('Russian special presidential envoy for Afghanistan Zamir Kabulov spoke on Thursday. '
                 '"The US sponsors the group," Kabulov said.')
    c = find(claims, "sponsors")
    assert c.speaker == "Zamir Kabulov"
    assert c.speaker_role == "Russian special presidential envoy for Afghanistan"
    assert c.attribution == "said"


def test_quote_before_attribution_verb_then_name(run):
    c = find(run('Health minister Jane Doe visited. "Cases doubled in May," said Doe.'), "Cases doubled")
    assert c.speaker == "Jane Doe"
    assert c.speaker_role == "Health minister"


def test_reported_speech_claimed_that(run):
    c = find(run("Senator Mark Holt claimed that crime rose by 30 percent last year."), "crime rose")
    assert (c.speaker, c.attribution) == ("Mark Holt", "claimed")


def test_according_to(run):
    c = find(run("According to the Ministry of Health, 400 people died in the floods."), "400 people")
    assert c.attribution == "according to"
    assert c.speaker == "Ministry of Health"


def test_nested_attribution_keeps_the_original_speaker_and_the_relay(run):
    c = find(run("Envoy Zamir Kabulov claimed the US funds the group, according to the agency Tass."), "funds")
    assert c.speaker == "Zamir Kabulov"
    assert c.attribution == "claimed, according to the agency Tass"
    assert "relayed by: the agency Tass" in c.reasons


def test_pronoun_resolves_to_previous_named_speaker(run):
    claims = run('Mayor Ann Lee opened the bridge. "It cost 40 million dollars," she told reporters.')
    assert find(claims, "40 million").speaker == "Ann Lee"


def test_descriptor_resolves_to_the_named_person_whose_role_matches(run):
    claims = run('Russian envoy Zamir Kabulov spoke. "They want revenge," claimed a Russian official.')
    assert find(claims, "want revenge").speaker == "Zamir Kabulov"


def test_quote_spanning_sentences_is_one_candidate_with_the_speaker(run):
    claims = run('Minister Ravi Shah spoke. "Yes. We have the data. Exports fell by 12 percent," Shah said.')
    c = find(claims, "Exports fell")
    assert c.text.startswith('"Yes.') and c.speaker == "Ravi Shah"
    assert not any(x.text == '"Yes.' for x in claims)


def test_unattributed_statement_belongs_to_the_outlet(run):
    c = find(run("The bridge was closed in 2019 after an inspection."), "bridge")
    assert (c.speaker, c.attribution) == ("The Daily Test", "outlet")


def test_transcript_labels_and_unlabelled_line(run):
    claims = run("HOLT: Unemployment doubled under your plan.\nMARTIN: That is false.\nAnd it fell by 3 percent.\n")
    assert find(claims, "Unemployment").speaker == "Holt"
    assert find(claims, "Unemployment").text == "Unemployment doubled under your plan."
    assert find(claims, "That is false").attribution == "transcript"
    cont = find(claims, "fell by 3 percent")
    assert cont.speaker == "Martin" and "unlabelled" in cont.attribution


def test_transcript_label_resolves_surname_used_in_the_text(run):
    claims = run("Moderator Lester Holt opened the debate.\nHOLT: Taxes rose by 5 percent.\n")
    assert find(claims, "Taxes rose").speaker == "Lester Holt"


def test_title_case_label_in_a_news_headline_is_not_a_transcript_speaker(run):
    claims = run("Report: sea levels along the coast will rise 30 centimetres by 2050\n"
                 "The rise was measured by the coastal agency.\nIt will flood 12 towns.\n")
    head = find(claims, "sea levels")
    assert head.text.startswith("Report: sea levels") and head.attribution == "outlet (headline)"
    assert all(c.speaker != "Report" for c in claims)
    assert not any("transcript" in (c.attribution or "") for c in claims)


def test_debate_transcript_seed_keeps_its_speakers():
    from pathlib import Path

    from factcheck.extraction import ArticleInput, extract
    seed = Path(__file__).resolve().parents[3] / "seeds" / "005_debate_transcript.txt"
    claims = extract(ArticleInput(body=seed.read_text(encoding="utf-8")))
    assert find(claims, "unemployment in this state was 7.1%").speaker == "Hart"
    assert find(claims, "Wages here grew by 9%").speaker == "Morales"
    assert find(claims, "50,000 affordable homes").attribution == "transcript"


def test_according_to_figures_published_by_names_the_publisher(run):
    c = find(run("According to figures published on Thursday by the national grid operator, "
                 "demand fell by 4 percent."), "demand fell")
    assert (c.speaker, c.attribution) == ("the national grid operator", "according to")


def test_according_to_messages_accessed_by_an_outlet(run):
    c = find(run("According to the WhatsApp messages accessed by the RFE/RL's Radio Azadi, "
                 "the commander fled to Iran in 2021."), "commander fled")
    assert (c.speaker, c.attribution) == ("RFE/RL's Radio Azadi", "according to")


def test_according_to_a_report_by_an_organisation_keeps_its_full_name(run):
    c = find(run("According to a report by Human Rights Watch, 30 people were detained."), "detained")
    assert c.speaker == "Human Rights Watch"
