"""Question understanding, span widening and the answer gate as plain functions: no index, no model."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.answer.cues import answers_number, answers_part, counted, defines, gives_kind, kind_bonus
from assistant.answer.gate import Gate, UncalibratedEmbedder
from assistant.answer.question import Speller, understand
from assistant.answer.span import Sentence, is_statement, leans_back, sentence_spans, widen
from assistant.models import Chunk, Hit
from assistant.text.sentences import split_sentences


@pytest.mark.parametrize(
    "question, kind",
    [("Hvad er intentionstrængsel?", "definition"), ("Hvad betyder læreplan?", "definition"),
     ("Hvad går aktionslæring ud på?", "definition"), ("Hvad er de seks læreplanstemaer?", "list"),
     ("Hvilke tilgange er der til ledelse?", "list"), ("Hvor mange børn deltog?", "number"),
     ("Hvornår startede projektet?", "number"),
     ("Hvordan kan vi finde ud af, hvornår på dagen konflikterne opstår?", "howto"), ("Hvorfor arbejder man i små grupper?", "why"),
     ("Hvordan inddrager vi barnets perspektiv?", "howto"), ("Giv et eksempel", "example"),
     ("Lav en dagsorden til personalemødet om sprog", "task"),
     ("Hvilke afsnit skal mine medarbejdere læse om inklusion?", "task"),
     ("Hvad er det vigtigste jeg skal vide som ny?", "newcomer"),
     ("Jeg er ny medhjælper. Hvor begynder jeg?", "newcomer"),
     ("Hvor længe skal en ny pædagogmedhjælper have en mentor?", "number"),  # about new staff, not by them
     # "hvor mange" in the context that comes before the question asks for no number
     ("Vi er en børnehave, hvor mange forældre sjældent kommer. Hvad siger materialet om at nå de forældre?", "general"),
     ("Hvad mener man egentlig med børn i udsatte positioner?", "definition"),
     ("Hvad er tryg tilknytning, og hvordan opstår den?", "definition"),
     ("Hvornår lykkes overgangen til skolen bedst?", "general"),  # a judgement asks for conditions
     ("Hvornår træder reglerne i kraft?", "number"), ("Hvor meget tid bruger I på planlægning?", "number"),
     ("Hvad siger strategien om, hvor meget vi skal informere forældrene?", "general"),  # an extent, no number
     ("hvad er KLs fem anbefalinger til christiansborg", "list"),  # things asked for by their count
     ("hvornår på dagen opstår konflikterne typisk?", "general"),  # a time of day, not a date
     ("Hvor mange kvadratmeter udeareal skal der være pr. barn i en daginstitution?", "number"),  # "pr." ends no sentence
     ("Hvad betyder det i praksis?", "example"),
     ("hvornår opstår konflikterne oftest i løbet af dagen?", "general"),  # a time of day, however placed
     ("hvornår skal man underrette?", "general"),  # in which situations, not on which date
     ("Virkede det?", "outcome"), ("Hvad kom der ud af det?", "outcome"),
     ("Fik børnene faktisk bedre sprog af projektet?", "outcome"), ("Gav det nogen effekt?", "outcome"),
     ("Blev personalet bedre til at se ressourcer?", "outcome"),
     ("Hvordan får børnene bedre sprog?", "howto"),  # how to get it better asks how, not what came of it
     ("Hvordan kan vi bruge resultaterne?", "howto"),  # using results asks how, not what came of it
     ("Hvad er de pædagogiske læreplaner?", "definition"),  # what they are, not a list of them
     ("Hvad er de vigtigste opgaver for lederen?", "list"), ("Hvad er de forskellige læreplanstemaer?", "list"),
     ("Gør det en forskel, om vi voksne deltager i børnenes leg?", "why"),  # whether it matters, no comparison
     ("Hvad er forskellen på proceskvalitet og strukturkvalitet?", "comparison"),
     ("Hvad skal jeg gøre, hvis jeg bliver bekymret for et barn?", "howto"),
     ("Hvad er det vigtigste i forældre samarbejdet ifølge Køge?", "important"),  # what matters most, no term
     ("Hvad er afgørende for en god overgang til skolen?", "important"),
     ("Hvad forstår Køge ved faglig ledelse?", "definition"),
     ("hvad er børneinterview og hvorfor skulle personalet lære det?", "definition"),  # a second question after it
     ("Hvordan kan lederen konkret komme tættere på praksis?", "howto"),  # "konkret" in a how: how, no example
     ("Giv et konkret eksempel", "example"), ("Kan du uddybe hvad de fik ud af det?", "outcome"),
     ("Hvordan ser KL og FOA forskelligt på normeringerne?", "comparison"),
     # things that differ are no comparison asked for; the asking sentence after its context says what is asked
     ("jeg er dagplejer med 4 børn. hvordan laver jeg aktiviteter når de er så forskellige i alder?", "general"),
     ("Jeg er ny leder i en stor institution. Hvad er vigtigst, når jeg holder det første personalemøde?", "important"),
     ("Hvilken paragraf i dagtilbudsloven handler om underretningspligten?", "number"),  # a section's number
     ("Hvad skriver Køge om legens betydning?", "important"),  # what play matters for
     ("Hvilken rolle har forældrebestyrelsen?", "general"),  # one role asked for, no list ("hvilken", not "hvilke")
     ("Hvilken betydning har normeringen?", "why"),
     ("Hvad gjorde de konkret?", "general"),  # what was done, in the documents' words, no example box
     ("Hvad lærte de af det?", "outcome"), ("Hvad har coronakrisen lært os om dagtilbud?", "outcome"),
     ("Hvad har børnene lært?", "outcome")],
)
def test_kind_of_question(question, kind):
    assert understand(question).kind == kind


def test_a_question_told_with_its_context_is_led_by_the_sentence_that_asks():
    q = understand("Jeg er leder. Nogle forældre klager over beskeder i appen. Hvad siger strategien om, hvor meget vi "
                   "skal informere forældrene?")
    assert set(q.focus) == {"strategien", "informere", "forældrene"} and "appen" in q.topic
    assert understand("Vi har en dreng, der slår. Hvad gør vi?").focus == ()  # the asking sentence names no topic
    assert understand("Hvordan informerer vi forældrene?").focus == ()  # one sentence: all of it asks


def test_a_definitions_term_is_the_term_not_its_setting_or_a_second_question():
    assert understand("Hvad er tryg tilknytning, og hvordan opstår den?").term == "tryg tilknytning"
    assert understand("Hvad menes der med strukturkvalitet i et dagtilbud?").term == "strukturkvalitet"
    assert understand("Hvad er aktionslæring i evalueringen af projektet?").term == "aktionslæring"


def test_a_term_asked_with_the_setting_after_a_comma_is_a_definition_and_a_pronoun_or_consequence_is_not():
    assert understand("Hvad er aktionslæring, som det blev brugt i Fremtidens Dagtilbud?").term == "aktionslæring"
    q = understand("Hvad forstås ved mestring, når man taler om børn i dagtilbud?")
    assert (q.kind, q.term) == ("definition", "mestring") and "forstås" not in q.topic
    assert understand("Hvad betyder det for børnene, når vi voksne har for travlt?").kind != "definition"
    assert understand("Hvad er det, som gør en forskel?").kind != "definition"
    assert understand("Hvad er vigtigst, når vi holder forældresamtaler?").kind != "definition"


def test_a_definition_asked_first_and_explained_after_is_about_its_term():
    q = understand("hvad betyder spejling? min kollega sagde jeg skulle spejle en dreng der græd, men jeg forstod det ikke")
    assert (q.kind, q.term, q.topic) == ("definition", "spejling", ["spejling"])  # the story is no topic


def test_a_subject_typed_tersely_with_hvornaar_asks_for_situations_not_a_date():
    assert understand("underretning hvornår").kind != "number"
    assert understand("Hvornår starter skolen?").kind == "number"


def test_question_words_carry_no_topic():
    q = understand("Hvad er egentlig vigtigt at gøre i forældresamarbejdet?")
    assert q.topic == ["forældresamarbejdet"]
    assert understand("Hvad betyder læreplan?").term == "læreplan"
    # verbs that ask what a text says or how it defines a thing are no topic either
    assert understand("Hvordan defineres faglig ledelse?").topic == ["faglig", "ledelse"]
    assert understand("Hvad skriver KL om sprog?").topic == ["kl", "sprog"]
    assert understand("Hvad kan vi så konkret gøre?").topic == []
    assert understand("Hvorfor taler alle om børneperspektivet?").topic == ["børneperspektivet"]
    assert understand("Hvor tit skal vi holde brandøvelse?").topic == ["holde", "brandøvelse"]
    # a comparative of a question word, and when the question holds, frame it: neither is what it is about
    assert understand("Hvorfor bliver bestyrelsen vigtigere fremover?").topic == ["bestyrelsen"]
    assert understand("Hvordan kan vi bruge naturen mere?").topic == ["naturen"]  # using it asks how, not what
    assert understand("Hvad skriver Køge om legens betydning?").topic == ["køge", "legens"]  # that it matters is asked
    # to stress something ("lægger … vægt på") is how it is asked; no weight is asked about
    assert understand("Hvorfor lægger både KL og Køge så meget vægt på evalueringskultur?").topic == ["evalueringskultur"]
    # "i dag" says when ("Overalt … ser dagens struktur …" is no answer on parents' payment), "hed" asks a name
    assert understand("hvor meget betaler forældrene for en plads i dag, og hvad foreslår FOA?").topic == \
        ["betaler", "forældrene", "plads", "foa"]
    assert "dag" in understand("hvad siger de om ude miljøer i dag plejen").topic  # "dagplejen" typed apart
    assert understand("Hvad hed Rudersdals sundhedsprojekt?").topic == ["rudersdals", "sundhedsprojekt"]
    # asking for experience, agreement, frankness or a scale names nothing: "er der nogen der har prøvet det?",
    # "er KL på samme linje?", "ærligt talt", "hvor stort var …?" (but "hvor stor er forskellen" keeps its word)
    assert understand("er der nogen der har prøvet det?").topic == []
    assert understand("hvad skriver Køge om det, og er KL på samme linje?").topic == ["køge", "kl"]
    assert understand("det er lidt grænseoverskridende ærligt talt").topic == ["grænseoverskridende"]
    assert understand("hvor stort var projektet?").topic == ["projektet"]
    assert "stor" in understand("Hvor stor er forskellen i ordforråd?").topic
    assert understand("Giv et par eksempler på hvad forældrene skulle lave derhjemme").topic == ["forældrene", "derhjemme"]
    assert understand("hvad handlede vejle-projektet om i inspirationskataloget?").topic == \
        ["vejle", "projektet", "inspirationskataloget"]  # what it was about is asked; "handlede" is no topic
    assert understand("Vi er et par stykker på stuen der er bekymrede for en dreng").topic == ["stuen", "bekymrede", "dreng"]
    assert "mening" not in understand("giver det mening at vi skriver det ned?").topic  # a judgement asked
    ideas = understand("vi har mange konflikter lige før frokost på stuen. nogen gode ideer?")
    assert ideas.kind == "howto" and "ideer" not in ideas.topic  # ideas asked for are ways to do it
    # everyday words: "unger" are children; "på en gang" and "snart" say when, not what
    q = understand("jeg er dagplejer og mine 4 unger er fra 1 til snart 3 år. hvordan får jeg lavet aktiviteter på en gang?")
    assert "børn" in q.topic and not {"unger", "snart", "gang"} & set(q.topic)
    # "hvordan skal vi se på sådan et barn?" asks for a view ("Både … skal kunne se et behov …" matched "se")
    assert understand("hvordan skal vi egentlig se på sådan et barn ifølge køges strategi?").topic == ["barn", "køges", "strategi"]


def test_children_picked_out_by_a_count_are_not_counted():
    asked = "hvor mange børn var der i grupperne"
    assert not answers_part(asked, "Fx når de mindste sover, eller når de to ældste børn leger egne lege, er der tid.")
    assert answers_part(asked, "i børnehaverne med ca. seks børn og i vuggestuer med ca. fire børn i hver gruppe")
    assert answers_part("hvor mange temaer er der", "de seks pædagogiske læreplanstemaer")  # a definite count counts


def test_how_many_of_the_children_is_answered_by_a_share_of_them_not_by_a_count_of_staff():
    asked = "hvor mange af børnene i køge går egentlig i dagtilbud?"
    assert answers_part(asked, "I Køge Kommune er 86 procent af de 1-2 årige og 90 procent af de 3-5 årige indskrevet.")
    assert not answers_part(asked, "I Køge Kommune går mere end 600 pædagogiske medarbejdere på arbejde i dagtilbud.")
    # the word after the counted noun is no noun counted: "uddannede" is what Rudersdal did, not what is counted
    assert not answers_part("Hvor mange sundhedsambassadører uddannede Rudersdal Kommune?",
                            "Arbejder på at fastholde en fagfordeling på minimum 65% uddannede pædagoger.")
    assert answers_part("hvor mange nye pladser kommer der?", "Der kommer 200 pladser.")


def test_for_the_same_reason_gives_a_reason():
    why = understand("Hvorfor skal personalet overvejende være fagprofessionelle?")
    assert gives_kind(why, "Af samme grund bør medarbejdere i vores dagtilbud overvejende være fagprofessionelle.")
    assert kind_bonus(why, "Af samme grund bør medarbejdere i vores dagtilbud overvejende være fagprofessionelle.") > 0


def test_a_demand_is_no_reason_nor_practice():
    why = understand("Hvorfor er evalueringskultur vigtig?")
    demand = "der afsættes ekstra midler til at styrke kompetencer til at fremme evalueringskulturen."
    assert kind_bonus(why, demand, "KL vil arbejde for, at") < 0 < kind_bonus(why, "Det er vigtigt, fordi det styrker praksis.")
    assert kind_bonus(understand("Hvad siger KL om evalueringskultur?"), demand, "KL vil arbejde for, at") == 0  # KL's position


def test_an_age_group_is_found_where_a_passage_names_it_by_its_group():
    from assistant.answer.question import AGE_WORDS

    assert AGE_WORDS["småbørn"].mentioned.search("små effekter, men primært for den yngste aldersgruppe")
    assert AGE_WORDS["småbørn"].mentioned.search("effekter for den yngste børnegruppe")
    assert AGE_WORDS["børnehavebørn"].mentioned.search("især for den ældste aldersgruppe")
    assert not AGE_WORDS["småbørn"].mentioned.search("den største gruppe af forældre")


def test_speller_resolves_typos_ascii_letters_and_split_compounds_against_the_corpus():
    speller = Speller({"forældresamarbejde": 3, "læringsmiljø": 2, "pædagogiske": 9, "regler": 1, "børn": 9})
    assert speller.correct(["forældre", "samarbejde"]) == ["forældresamarbejde"]
    plural = Speller({"børneperspektiver": 2})  # the corpus writes the compound in another form
    assert plural.correct(["børne", "perspektivet"]) == ["børneperspektivet"]
    assert plural.correct(["børne", "per"]) == ["børne", "per"]
    assert speller.correct(["laeringsmiljoe"]) == ["læringsmiljø"]
    assert speller.correct(["paedagogiske"]) == ["pædagogiske"]
    assert speller.correct(["laeringsmiljo", "born"]) == ["læringsmiljø", "børn"]  # ø typed as o
    assert speller.correct(["pædagogsike"]) == ["pædagogiske"]  # a swapped pair of letters
    assert speller.correct(["reglerne"]) == ["reglerne"]  # another form of a known word is no typo
    assert speller.correct(["pige"]) == ["pige"]  # short words are left alone
    names = Speller({"morten": 2, "hverdagen": 5})
    assert names.correct(["morgen"]) == ["morgen"]  # ordinary Danish the corpus does not use is no typo
    assert names.correct(["hverdagn"]) == ["hverdagen"]


def test_a_word_typed_without_æøå_is_resolved_when_the_corpus_writes_another_form_of_it():
    speller = Speller({"sygefraværet": 1, "børn": 9})
    assert speller.correct(["sygefravaer"]) == ["sygefravær"]  # the stem the corpus's "sygefraværet" has
    assert speller.correct(["sygefravaeret"]) == ["sygefraværet"]


def _sentence(chunk: Chunk, needle: str) -> Sentence:
    start = chunk.text.index(needle)
    span = next((s, e) for s, e in split_sentences(chunk.text) if s == start)
    return Sentence(Hit(chunk=chunk, title="T", short="T", score=1.0), 0, *span, score=1.0)


def _chunk(text: str, position: int = 0) -> Chunk:
    return Chunk(id=f"d:{position}", doc_id="d", text=text, section="S", position=position, start=0, end=len(text))


def test_a_colon_brings_its_list():
    chunk = _chunk("Indledning her. Kvalitet er opdelt i tre typer:\n\n• strukturkvalitet om rammer.\n"
                   "• proceskvalitet om samspil.\n• resultatkvalitet om udbytte.\n\nEt nyt afsnit begynder her.")
    (span,) = widen(_sentence(chunk, "Kvalitet er opdelt"), None, None)
    assert len(span.items) == 3
    assert span.text.startswith("Kvalitet er opdelt") and span.text.endswith("resultatkvalitet om udbytte.")


def test_a_short_sentence_opening_its_paragraph_brings_the_sentence_that_develops_it():
    from assistant.answer.span import Span, with_development

    chunk = _chunk("Forrige afsnit slutter her.\n\nDen første overgang er fra hjem til vuggestue. I brobygningen skal "
                   "tryghed og forudsigelighed sikres.\n\n• Et punkt om noget.\n• Et andet punkt om noget andet.")
    lead = _sentence(chunk, "Den første overgang")
    span = with_development(Span(lead.hit, lead.start, lead.end, 1.0))
    assert span.text.endswith("forudsigelighed sikres.")
    item = _sentence(chunk, "Et punkt")  # an item of a list is not a paragraph's subject
    assert with_development(Span(item.hit, item.start, item.end, 1.0)).end == item.end
    inside = _sentence(chunk, "I brobygningen")  # not the paragraph's first sentence
    assert with_development(Span(inside.hit, inside.start, inside.end, 1.0)).end == inside.end


def test_a_paragraph_sentence_does_not_take_the_list_item_before_it():
    from assistant.answer.span import Span, extend_adjacent

    chunk = _chunk("• Ledere bliver bedre til at se ressourcer hos personalet.\n\nVejle Kommune gennemførte et projekt om "
                   "ledelse. Projektet omfattede alle lederteam.\n\nEn tredje tilgang er at finde indikatorer på god "
                   "ledelse\n• indikatorer der kan bruges til at vurdere kvaliteten.")
    item, lead, nxt, opening, goes_on = (_sentence(chunk, t) for t in (
        "Ledere bliver", "Vejle Kommune", "Projektet omfattede", "En tredje", "indikatorer der"))
    scored = {(x.chunk.id, x.start): x for x in (item, lead, nxt, opening, goes_on)}
    span = extend_adjacent(Span(lead.hit, lead.start, lead.end, 1.0), scored, 0.5, before=True, across=True)
    assert span.start == lead.start  # the box's item before it is another idea
    span = extend_adjacent(Span(opening.hit, opening.start, opening.end, 1.0), scored, 0.5, across=True)
    assert span.end == goes_on.end  # an item that goes on with the sentence, in lower case, completes it


def test_a_list_question_without_a_length_takes_the_length_the_answer_announces():
    from assistant.answer.cues import counted_by

    q = understand("Hvilke anbefalinger giver KL til Christiansborg?")
    count = counted_by(q, "I udspillet præsenterer vi fem anbefalinger til politikerne.")
    assert count is not None and count.n == 5 and count.named_by("FEM ANBEFALINGER TIL CHRISTIANSBORG")
    assert counted_by(q, "Der er fem kommuner med i projektet.") is None  # a count of other things
    assert counted_by(understand("Hvad er de fem anbefalinger?"), "… fem anbefalinger …") is None  # asked with its length


def test_a_phrase_in_quotes_is_matched_without_its_punctuation():
    from assistant.text.lexical import plain

    assert plain("'børn altid gør det bedste de kan'") in plain("at ’børn altid gør det bedste, de kan’.")


def test_a_sentence_that_refers_back_brings_the_sentences_it_leans_on_within_the_span_length():
    chunk = _chunk("Fra et barns perspektiv vil dets adfærd altid være meningsfuld for barnet selv i situationen. "
                   "Det er personalets ansvar at sætte sig i barnets sted og forstå dets perspektiv. "
                   "Det kan fx gøres ved at gå på opdagelse i, hvad adfærden er en god løsning på. "
                   "Det er til tider svært og kan føles umuligt for personalet.")
    (span,) = widen(_sentence(chunk, "Det er til tider"), None, None)
    assert span.text.startswith("Det er personalets ansvar") and span.text.endswith("føles umuligt for personalet.")
    long = _chunk("Vi ved, at det er vigtigt at inddrage forældrene " + "i samarbejdet om børnene " * 12 + "hver dag. "
                  "Dette kan gøres gennem samtaler med forældrene.")
    (span,) = widen(_sentence(long, "Dette kan gøres"), None, None)
    assert span.text.startswith("Vi ved")  # the sentence "Dette" refers to, however long


def test_a_list_continues_across_the_chunk_boundary():
    first = _chunk("Noget om kvalitet. Personalet skal:")
    second = _chunk("• lytte til børnene hver dag.\n• lege med børnene ude og inde.\n\nAndet afsnit.", position=1)
    spans = widen(_sentence(first, "Personalet skal:"), second, Hit(chunk=second, title="T", short="T", score=0))
    assert [s.chunk.id for s in spans] == ["d:0", "d:1"]
    assert spans[1].continues and "lytte til børnene" in spans[1].text and "lege med" in spans[1].text


def test_an_abbreviation_inside_a_parenthesis_ends_no_sentence():
    text = "BASIS styrker refleksionskulturen (bl.a. Broström, 2009; Broström, 2013). Et nyt punkt."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "BASIS styrker refleksionskulturen (bl.a. Broström, 2009; Broström, 2013).", "Et nyt punkt."]


def test_a_list_question_knows_how_many_items_and_of_what():
    count = counted(understand("Hvad er de fem anbefalinger til Christiansborg?"))
    assert count is not None and count.n == 5
    assert count.announced_by("I udspillet præsenterer vi fem anbefalinger til politikerne.")
    assert count.announced_by("KL giver 5 konkrete anbefalinger.")
    assert not count.announced_by("Vi giver seks anbefalinger.") and not count.announced_by("Der er fem perspektiver.")
    assert count.named_by("FEM ANBEFALINGER TIL CHRISTIANSBORG") and not count.named_by("01 / VIDEN OM DAGTILBUD")
    typed = counted(understand("hvad er de 3 pejlemaerker", Speller({"pejlemærker": 3})))
    assert typed is not None and typed.n == 3 and typed.announced_by("Strategien bygger på tre pejlemærker.")
    assert counted(understand("Hvilke tilgange er der til ledelse?")) is None  # no length asked
    assert counted(understand("Hvor mange børn deltog i fem kommuner?")) is None  # not a list question


def test_a_count_announced_without_a_colon_brings_the_numbered_run_in_the_next_chunk():
    first = _chunk("Om indsatsen. BASIS omfatter fire bærende elementer, som styrker refleksionen.")
    second = _chunk("Trivsel understøttes af 1) et dynamisk læringsmiljø. Det forudsætter dels en 2) systematisk "
                    "didaktik, dels et 3) samarbejde med forældrene. Sidst er den 4) faglige ledelse afgørende. "
                    "Figuren viser samspillet.\n\nEt nyt afsnit.", position=1)
    lead = _sentence(first, "BASIS omfatter")
    hit = Hit(chunk=second, title="T", short="T", score=0)
    spans = widen(lead, second, hit, announced=True)
    assert [s.chunk.id for s in spans] == ["d:0", "d:1"]
    assert spans[1].text.startswith("Trivsel understøttes af 1)") and spans[1].text.endswith("faglige ledelse afgørende.")
    # without the announced count the sentence is no list lead, and the next chunk is not quoted
    assert len(widen(lead, second, hit)) == 1
    # an announced count with an ordinary sentence after it is no list: nothing is taken for an item
    plain = _chunk("BASIS omfatter fire bærende elementer. De er beskrevet i vejledningen, som kan hentes.")
    (span,) = widen(_sentence(plain, "BASIS omfatter"), None, None, announced=True)
    assert span.text == "BASIS omfatter fire bærende elementer." and not span.items


def test_a_numbered_line_that_holds_the_next_numbers_is_one_item_up_to_its_last_number():
    chunk = _chunk("Temaerne er opdelt i to typer:\n1) Aktivitetstemaer, som omfatter krop og natur, og 2) "
                   "læringstemaer, som omfatter sprog. Opdelingen afspejler temaernes forskellighed. Nogle temaer "
                   "lægger op til forløb.")
    (span,) = widen(_sentence(chunk, "Temaerne er opdelt"), None, None)
    assert span.text.endswith("omfatter sprog.")


def test_a_back_reference_brings_the_sentence_it_refers_to():
    chunk = _chunk("Børn lærer meget i legen med andre børn. Dette kræver voksne, der er nærværende i legen.")
    (span,) = widen(_sentence(chunk, "Dette kræver"), None, None)
    assert span.text.startswith("Børn lærer meget")


def test_a_reason_given_as_af_samme_grund_brings_the_reason():
    chunk = _chunk("Kvaliteten afhænger af personalets uddannelse. Af samme grund bør medarbejderne være uddannede.")
    (span,) = widen(_sentence(chunk, "Af samme grund"), None, None)
    assert span.text.startswith("Kvaliteten afhænger") and span.text.endswith("være uddannede.")


def test_a_demonstrative_early_in_the_sentence_brings_what_it_points_to():
    chunk = _chunk("Lederne brugte de eksisterende personalemøder som statusmøder. "
                   "Fordelen ved denne løsning har været, at strukturen kom hurtigt på plads.")
    (span,) = widen(_sentence(chunk, "Fordelen ved denne"), None, None)
    assert span.text.startswith("Lederne brugte")
    chunk = _chunk("Børn lærer meget i legen med andre børn. Personalet skal deltage i legen hver dag.")
    (span,) = widen(_sentence(chunk, "Personalet skal"), None, None)
    assert span.text.startswith("Personalet skal")  # a sentence that stands alone is quoted alone


def test_both_sides_of_an_argument_are_quoted():
    chunk = _chunk("På den ene side skal børnene have ro til legen. På den anden side skal de voksne deltage i den.")
    (span,) = widen(_sentence(chunk, "På den ene side"), None, None)
    assert "På den anden side" in span.text


def test_a_parenthesis_going_on_from_before_or_a_caption_is_no_statement():
    assert not is_statement("(dvs. chefen for dagtilbud, faglige områdeledere og en pædagogisk konsulent).")
    assert not is_statement("Et udvidet forældresamarbejde (BASIS + forældre).")
    assert is_statement("Det udvidede forældresamarbejde er en individuel indsats for børn (se figur 3).")


def test_statements_not_questions_or_headings():
    assert is_statement("Børnenes indbyrdes relationer kan fremmes gennem leg i mindre grupper.")
    assert not is_statement("Hvad vil hæve kvaliteten i dagtilbuddene?")
    assert not is_statement("Kvalitet kræver konstant opmærksomhed")  # a heading


def test_definition_and_number_cues():
    assert defines("intentionstrængsel", "Intentionstrængsel betyder, at der er for mange mål på én gang.")
    assert not defines("læreplan", "KL vil arbejde for, at læreplanen får mere plads.")
    # the term with its complement, then what it is
    assert defines("spejling", "Denne spejling af barnets indre tilstand er en beskrivelse af, hvad barnet føler.")
    assert not defines("spejling", "Spejlingen kan både være verbal og nonverbal.")
    # a verb phrase ("hvad betyder det at spejle barnets følelser") is defined by what its action noun is
    assert defines("spejle barnets følelser", "Denne spejling af barnets indre tilstand er en beskrivelse af, hvad barnet føler.")
    assert defines("inddrage forældrene", "Inddragelse af forældrene er et fælles ansvar for hele huset.")
    assert not defines("spejle barnets følelser", "Spejle og vinduer er en del af de fysiske rammer i huset.")
    assert answers_number("Hvor mange procent går i vuggestue?", "86 procent af de 1-2 årige er indskrevet.")
    assert not answers_number("Hvor mange procent går i vuggestue?", "Der er 13 børnehuse med i projektet.")
    assert answers_number("Hvilket år startede det?", "Programmet begyndte i 2018 i flere kommuner.")
    assert not answers_number("Hvor mange børn deltog?", "Projektet varede i 3 år.")
    # the counted noun right after "hvor mange", not a verb after it; the noun itself, not a word it begins
    assert answers_number("Hvor mange børn var med i programmet?", "Til sammen deltog ca. 13.000 børn.")
    assert not answers_number("Hvor mange børn var med?", "Projektet omfattede 12 børnehuse.")
    assert not answers_number("Hvor mange børn var med?", "Inklusionen af udsatte børn blev styrket.")  # "en" in a word
    assert answers_number("Hvor mange pædagoger skal der være?", "Målet er minimum 65% uddannede pædagoger.")
    # a share in words gives a number: "hvor mange af dem" is answered by "halvdelen af de unge"
    assert answers_number("Hvor mange af dem bliver afvist?", "Skolerne har afvist halvdelen af de unge.")
    assert not answers_number("Hvor mange af dem bliver afvist?", "Skolerne har afvist mange af de unge.")
    # a share asked for as "en del", given as "pct."; the words that ask for it are no topic
    assert answers_number("Hvor stor en del af børnene går i vuggestue?", "86 procent af de 1-2 årige går der.")
    assert answers_number("Hvor mange procent var glade?", "Omtrent 75 pct., at indsatsen har haft positive konsekvenser.")
    assert not {"stor", "del"} & set(understand("Hvor stor en del af de 1-2-årige går i dagtilbud?").topic)


def test_what_matters_most_is_answered_by_a_sentence_that_says_what_matters():
    q = understand("Hvad er det vigtigste i forældresamarbejdet?")
    assert kind_bonus(q, "Det er afgørende for et velfungerende forældresamarbejde, at det bygger på tillid.") > 0
    assert kind_bonus(q, "Et velfungerende forældresamarbejde er differentieret.") == 0


def test_asked_when_something_holds_a_sentence_naming_the_situation_answers():
    q = understand("Hvornår fungerer netværksgrupper for dagtilbudsledere godt?")
    assert q.kind == "general"  # in which situations, not a date
    assert kind_bonus(q, "Netværksgrupper kan opleves relevante, når de tager udgangspunkt i lederens hverdag.") > 0
    assert kind_bonus(q, "Der blev oprettet netværksgrupper og en hjemmeside.") == 0


def test_a_number_question_prefers_the_number_of_what_it_counts_over_any_number():
    asked = understand("Hvor mange børn skal der være i de små grupper?")
    counted, other, none = ("I børnehaverne var der ca. seks børn i hver gruppe.",
                            "Forløbene varede fem uger ad gangen i små grupper.", "Små grupper giver nærvær.")
    assert kind_bonus(asked, counted) > kind_bonus(asked, other) > kind_bonus(asked, none)
    long = understand("Hvor længe skal rejseholdet køre?")  # a length of time, not how often
    assert kind_bonus(long, "Det kører i to år.") > kind_bonus(long, "Det skal mødes to gange årligt.")
    vague = understand("Hvor stor er bevillingen?")  # says not what it counts: any number will do
    assert kind_bonus(vague, "Det skal mødes to gange årligt.") == kind_bonus(vague, "Det koster 20 mio. kr.")


def test_a_sentence_under_an_example_heading_is_an_example_though_it_names_none():
    asked = understand("Kan du give eksempler på aktiviteter i hjemmet?")
    story = "En familie skulle under aftensmaden tale om, hvad der var sket i løbet af dagen."
    assert kind_bonus(asked, story, "EKSEMPLER") > kind_bonus(asked, "Fx kan man synge sammen.", "Sprog") > \
        kind_bonus(asked, story, "Forældresamarbejde") == 0.0
    assert kind_bonus(understand("Hvad siger de om aftensmaden?"), story, "EKSEMPLER") == 0.0  # only when asked


def test_gate_bands_and_an_uncalibrated_embedder_fails_loudly(tmp_path):
    gate = Gate(centre=0.8, window_slope=1.0, chunk_slope=1.0, unknown_penalty=0.5, answer=0.5, nearest=0.2)
    q = understand("Hvordan arbejder vi med leg?")
    assert gate.coverage(gate.strength(0.9, 0.8, 0.8, 0.0), q, "") == "answered"
    assert gate.coverage(gate.strength(0.3, 0.8, 0.8, 0.0), q, "") == "nearest"
    assert gate.coverage(gate.strength(0.1, 0.8, 0.8, 0.0), q, "") == "not_covered"
    number = understand("Hvor mange timer om ugen?")
    assert gate.coverage(gate.strength(0.9, 0.8, 0.8, 0.0), number, "Leg er vigtigt.") == "nearest"
    # below the answer band, the asked-for number with its unit on the question's topic still answers it
    weekly = "De har 37 timer om ugen."
    assert gate.coverage(gate.strength(0.3, 0.8, 0.8, 0.0), number, weekly, lead_lexical=1.0) == "answered"
    assert gate.coverage(gate.strength(0.3, 0.8, 0.8, 0.0), number, weekly, lead_lexical=0.2) == "nearest"
    assert gate.coverage(gate.strength(0.1, 0.8, 0.8, 0.0), number, weekly, lead_lexical=1.0) == "not_covered"
    (tmp_path / "c.toml").write_text('["known"]\ncentre = 0.8\nwindow_slope = 1.0\nchunk_slope = 9.0\n'
                                     'unknown_penalty = 0.2\nanswer = 0.3\nnearest = 0.2\n')
    assert Gate.for_embedder("known", tmp_path / "c.toml").answer == 0.3
    with pytest.raises(UncalibratedEmbedder, match="python -m evals.calibrate"):
        Gate.for_embedder("sentence-transformers:other", tmp_path / "c.toml")


def test_how_often_is_answered_by_a_frequency_not_by_any_number():
    asked = "Hvor tit vil KL samle politikere og forskere?"
    assert answers_number(asked, "politikere og forskere samles en gang årligt for at drøfte seneste viden.")
    assert answers_number("Hvor ofte mødes netværket?", "Netværket mødes hver måned i en af institutionerne.")
    assert not answers_number(asked, "staten nedsætter et forskningsråd på især 0-6-årsområdet.")


def test_a_number_in_words_counts_when_it_counts_what_is_asked():
    question = understand("Hvor mange temaer er der i læreplanen?")
    assert kind_bonus(question, "Arbejdet tager udgangspunkt i de seks pædagogiske læreplanstemaer.") > 0
    assert kind_bonus(question, "Arbejdet tager udgangspunkt i læreplanen.") < 0
    assert kind_bonus(question, "Den indeholder et grundlag og en række temaer.") < 0  # an article is no count


def test_a_share_asked_for_is_answered_by_a_percentage():
    question = "Hvor stor en andel uddannede pædagoger sigter kommunen efter?"
    assert understand(question).kind == "number"
    assert answers_number(question, "Kommunen sigter efter en fagfordeling på minimum 65% uddannede pædagoger.")
    assert answers_number(question, "Målet er, at 70 procent er uddannede.")
    assert not answers_number(question, "Kommunen har 600 pædagogiske medarbejdere.")


def test_a_quote_running_over_bullet_lines_is_shown_as_a_list_of_verbatim_items():
    from assistant.answer.compose import _render
    from assistant.answer.span import Span

    text = "Kvalitet handler om:\n• strukturkvalitet, som handler om rammer.\n• proceskvalitet, som handler om samspil."
    chunk = _chunk(text)
    hit = Hit(chunk=chunk, title="T", short="T", score=1.0)
    start = text.index("strukturkvalitet")  # the sentence begins inside the first bullet
    lines = _render(Span(hit, start, len(text), 1.0), 1).split("\n")
    assert lines == ["- “strukturkvalitet, som handler om rammer.”", "- “proceskvalitet, som handler om samspil.” [1]"]
    assert "•" not in "\n".join(lines)


def test_a_short_list_lead_is_quoted_with_all_its_short_items():
    names = ["Assens", "Egedal", "Esbjerg", "Frederiksberg", "Guldborgsund", "Herning", "Jammerbugt", "Lejre",
             "Odense", "Randers", "Rebild", "Slagelse", "Vejle", "Aabenraa"]
    assert is_statement("De 14 kommuner er:") and not is_statement("Eksempler:")
    chunk = _chunk("14 kommuner deltog. De 14 kommuner er:\n" + "\n".join(f"• {n}" for n in names) + "\n\nNyt afsnit her.")
    (span,) = widen(_sentence(chunk, "De 14 kommuner er:"), None, None)
    assert len(span.items) == 14 and span.text.endswith("Aabenraa")


def _answerer_without_index():
    """An Answerer whose span choice can run on hand-made evidence: no chunk follows another."""
    from types import SimpleNamespace

    from assistant.answer.offline import Answerer

    answerer = Answerer.__new__(Answerer)
    answerer.searcher = SimpleNamespace(chunks_of=lambda doc_id: [])
    return answerer


def _evidence(sentences, question="Hvad siger de om legen?"):
    from assistant.answer.gate import Strength
    from assistant.answer.offline import Evidence

    return Evidence(question, understand(question), [], sentences, Strength(1, 1, 1, 1, 0), "answered")


def test_a_second_passage_of_the_lead_chunk_is_quoted_when_no_other_chunk_is_close():
    lead_chunk = _chunk("Legen er vigtig for alle børn i hverdagen.\n\nEt andet emne om mad og måltider her.\n\n"
                        "Legen skal have god plads hver eneste dag.")
    other = _chunk("Forældre skal inddrages i arbejdet med børnene.", position=5)

    def scored(chunk, needle, score, lexical=1.0):
        return replace(_sentence(chunk, needle), score=score, lexical=lexical)

    lead, same, far = (scored(lead_chunk, "Legen er vigtig", 1.0), scored(lead_chunk, "Legen skal have", 0.97),
                       scored(other, "Forældre skal", 0.80))
    spans = _answerer_without_index().spans(_evidence([lead, same, far]))
    assert [s.text for s in spans] == [lead.text, same.text]  # the far one is not close enough to add
    close_other = scored(other, "Forældre skal", 0.98)
    spans = _answerer_without_index().spans(_evidence([lead, close_other, same]), support=1)
    assert [s.chunk.id for s in spans] == ["d:0", "d:5"]  # another chunk first: one passage a chunk


def test_a_passage_already_quoted_is_excluded_but_not_the_rest_of_its_chunk():
    from assistant.answer.offline import _quoted

    text = "Første sætning fortæller om leg i skoven. Anden beskriver maden til frokost."
    chunk = Chunk(id="d:3", doc_id="d", text=text, section="S", position=3, start=100, end=100 + len(text))
    first, second = _sentence(chunk, "Første"), _sentence(chunk, "Anden")
    quoted = frozenset({("d:3", 100 + first.start, 100 + first.end, first.text)})  # in document offsets
    assert _quoted(first, quoted) and not _quoted(second, quoted)
    assert not _quoted(first, frozenset({("d:4", 100, 200, "Noget helt andet om sprog og bøger.")}))
    # the documents restate themselves: the same point in another chunk counts as quoted
    restated = frozenset({("d:9", 0, 40, "Igen: første sætning fortæller om leg i skoven.")})
    assert _quoted(first, restated) and not _quoted(second, restated)


def test_the_lead_may_take_a_close_neighbour_across_a_paragraph_break():
    from assistant.answer.span import Span, extend_adjacent

    chunk = _chunk("Tidlig opsporing er en svær opgave.\n\nTidlig opsporing giver mulighed for en tidlig indsats.")
    lead, after = (replace(_sentence(chunk, n), score=x) for n, x in (("Tidlig opsporing er", 1.0),
                                                                        ("Tidlig opsporing giver", 0.95)))
    scored = {(chunk.id, s.start): s for s in (lead, after)}
    span = Span(lead.hit, lead.start, lead.end, lead.score)
    assert extend_adjacent(span, scored, 0.08, before=True).text == lead.text  # a paragraph break stops it
    assert extend_adjacent(span, scored, 0.08, before=True, across=True).text == chunk.text
    far = {**scored, (chunk.id, after.start): replace(after, score=0.5)}
    assert extend_adjacent(span, far, 0.08, before=True, across=True).text == lead.text  # not close enough


def test_a_nearest_answer_may_add_a_passage_of_a_chunk_already_quoted_but_no_third_chunk():
    lead_chunk = _chunk("Legen er vigtig for alle børn i hverdagen.\n\nEt andet emne om mad og måltider her.\n\n"
                        "Legen skal have god plads hver eneste dag.")
    other, third = (_chunk("Legen kræver voksne der er til stede.", position=5),
                    _chunk("Legen udvikler børnenes sprog hver dag.", position=9))

    def scored(chunk, needle, score):
        return replace(_sentence(chunk, needle), score=score, lexical=1.0)

    evidence = _evidence([scored(lead_chunk, "Legen er vigtig", 1.0), scored(other, "Legen kræver", 0.99),
                          scored(third, "Legen udvikler", 0.98), scored(lead_chunk, "Legen skal have", 0.97)])
    answerer = _answerer_without_index()
    assert [s.chunk.id for s in answerer.spans(evidence, support=1)] == ["d:0", "d:5"]
    assert [s.chunk.id for s in answerer.spans(evidence, support=1, same_chunk=1)] == ["d:0", "d:5", "d:0"]


def test_the_lead_takes_the_next_sentence_that_goes_on_with_its_point_whatever_it_scores():
    from assistant.answer.span import Span, extend_adjacent

    chunk = _chunk("EVA og VIVE vurderer kvaliteten i det pædagogiske arbejde ud fra forskning. "
                   "De ser på, om personalet har en god tone over for børnene. "
                   "Kommunerne fører også tilsyn med dagtilbuddene hvert år.\n\n"
                   "Det gælder også for dagplejen i alle kommuner.")
    lead, points_back, other, after_break = (
        replace(_sentence(chunk, n), score=x) for n, x in (("EVA og VIVE", 1.0), ("De ser på", 0.5),
                                                            ("Kommunerne fører", 0.5), ("Det gælder", 0.5)))
    scored = {(chunk.id, s.start): s for s in (lead, points_back, other, after_break)}
    span = Span(lead.hit, lead.start, lead.end, lead.score)
    assert extend_adjacent(span, scored, 0.08, before=True, across=True).text == lead.text  # too far below
    widened = extend_adjacent(span, scored, 0.08, before=True, across=True, leaning=True)
    assert widened.text == chunk.text[lead.start : points_back.end]  # "De ser på …" goes on with the lead
    second = Span(other.hit, other.start, other.end, 1.0)  # a sentence that does not point back stays out,
    assert extend_adjacent(second, scored, 0.08, across=True, leaning=True).text == other.text  # as does one
    # that points back across a paragraph break


def test_a_named_second_document_keeps_its_place_among_closer_passages_of_the_first():
    lead_chunk, more, most = (_chunk("Legen er vigtig for alle børn i hverdagen."),
                              _chunk("Legen kræver voksne der er til stede.", position=5),
                              _chunk("Legen skal have god plads hver eneste dag.", position=7))
    second_doc = _chunk("Legen udvikler børnenes sprog hver dag.", position=9).model_copy(
        update={"id": "e:9", "doc_id": "e"})

    def scored(chunk, needle, score):
        return replace(_sentence(chunk, needle), score=score, lexical=1.0)

    sentences = [scored(lead_chunk, "Legen er vigtig", 1.0), scored(more, "Legen kræver", 0.99),
                 scored(most, "Legen skal have", 0.98), scored(second_doc, "Legen udvikler", 0.70)]
    answerer = _answerer_without_index()
    one_doc = answerer.spans(_evidence(sentences))
    assert [s.chunk.id for s in one_doc] == ["d:0", "d:5", "d:7"]  # unnamed, the far passage does not compete
    both = answerer.spans(replace(_evidence(sentences), docs=frozenset({"d", "e"})))
    assert [s.chunk.id for s in both] == ["d:0", "d:5", "e:9"]  # the last place is the second document's


def test_the_lead_line_announces_a_reason_or_an_example_only_before_one():
    from assistant.answer.compose import _lead_line
    from assistant.answer.span import Span

    def span(text: str) -> Span:
        chunk = _chunk(text)
        return Span(Hit(chunk=chunk, title="T", short="T", score=1.0), 0, len(text), 1.0)

    why = understand("Hvorfor er det vigtigt?")
    assert _lead_line(why, span("Det er vigtigt, fordi børn lærer i leg.")) == "{doc} begrunder det sådan:"
    assert _lead_line(why, span("Forældrene har en opgave i hjemmet.")) == "{doc} skriver:"  # no reason in it
    example = understand("Giv et eksempel")
    assert _lead_line(example, span("Fx går de i skoven hver uge.")) == "Et eksempel fra {doc}:"
    assert _lead_line(example, span("Personalet planlægger ugen.")) == "{doc} skriver:"


def test_a_heading_run_into_its_paragraph_is_left_out_of_the_quote():
    text = ("Lederudvikling gennem ledelsesfaglig uddannelse Man kan vælge at efteruddanne ledere. "
            "I kan også spørge jer selv, om I har tid. Det skriver Køge Kommune om FOA Danmark.")
    quoted = [text[s:e] for s, e in sentence_spans(text)]
    assert quoted[0] == "Man kan vælge at efteruddanne ledere."
    assert quoted[1] == "I kan også spørge jer selv, om I har tid."  # "I" (you) is no sentence opener
    assert quoted[2] == "Det skriver Køge Kommune om FOA Danmark."  # names are no openers
    more = ("Ledere oplever nye greb til at understøtte den faglige ledelse Ser vi på ledelsen, varierer det. "
            "Dialog med forældre I dette afsnit kan du læse om dialogen. I hvilken grad har I en fælles tilgang?")
    quoted = [more[s:e] for s, e in sentence_spans(more)]
    assert quoted[:2] == ["Ser vi på ledelsen, varierer det.", "I dette afsnit kan du læse om dialogen."]
    assert quoted[2] == "I hvilken grad har I en fælles tilgang?"  # "har I en …": the pronoun
    report = ("Pædagog Små og spredte positive effekter på børnenes kompetencer Spørgsmålet er, om det virker. "
              "Resultaterne viser små effekter.")
    assert [report[s:e] for s, e in sentence_spans(report)][0] == "Spørgsmålet er, om det virker."


def test_a_sentence_that_poses_the_question_is_no_answer_to_it():
    assert not is_statement("Spørgsmålet er, om erfaringerne også giver sig udslag i effekter på børnenes kompetencer.")
    assert not is_statement("Et andet spørgsmål er, hvordan personalet oplever forandringen i hverdagen.")
    assert is_statement("Spørgsmålet om normeringer fylder meget i debatten om dagtilbud i disse år.")


@pytest.mark.parametrize(
    "question, age",
    [("Hvad med de helt små?", "småbørn"), ("Hvad med de mindste?", "småbørn"), ("Og de ældste?", "børnehavebørn"),
     ("Hvordan skaber vi ro for de yngste i vuggestuen?", "småbørn"), ("Hvad med de 1-2-årige?", "småbørn"),
     ("Hvad gør vi med de store børn, når de keder sig?", "børnehavebørn"),
     ("Hvad med de små grupper?", None), ("Hvordan ser vi de små tegn?", None)],  # "små" before a noun is no age
)
def test_an_adjective_standing_for_children_names_their_age_not_the_word(question, age):
    q = understand(question)
    assert (age in q.topic) if age else not {"småbørn", "børnehavebørn"} & set(q.topic)
    assert age is None or not {"små", "mindste", "yngste", "ældste", "store"} & set(q.topic)


def test_an_age_is_held_by_a_passage_that_names_it_in_the_documents_ways_not_by_the_word():
    from assistant.answer.question import AGE_WORDS

    small = AGE_WORDS["småbørn"].mentioned
    for held in ("de yngste børns udvikling", "i dagtilbud 0-2 år", "i vuggestuen", "når de mindste sover",
                 "investere i de små børn"):
        assert small.search(held), held
    for not_held in ("de små tegn, der kalder på", "ikke mindst", "i små børnegrupper", "mindst muligt"):
        assert not small.search(not_held), not_held


def test_a_short_typo_of_a_question_word_names_no_topic_and_in_praksis_asks_for_practice():
    speller = Speller({"natur": 3, "udsatte": 5, "børn": 40})
    assert "sigr" not in understand("hvad sigr de om natur", speller).topic  # "siger"
    assert understand("Hvad betyder det i praksis?").topic == []
    assert understand("må man godt ha dage med rå pasning?").topic == ["dage", "rå", "pasning"]
    assert "praksis" in understand("Hvordan arbejder man med sprog i praksis?").topic  # a topic of its own


def test_a_question_asking_several_numbers_is_answered_by_any_of_them():
    asked = "hvor ofte og hvor længe var børnene i de små grupper, og hvor mange børn var der i en gruppe?"
    assert answers_number(asked, "i børnehaverne med ca. seks børn og i vuggestuer med ca. fire børn i hver gruppe")
    assert not answers_number(asked, "Det har været en omfattende kulturforandring at organisere arbejdet")
    assert not {"ofte", "længe", "foreslår"} & set(understand("Hvor ofte og hvor længe foreslår KL det?").topic)


def test_a_small_word_typed_without_aeoeaa_is_no_topic():
    speller = Speller({"vikarer": 2, "kende": 3, "børnene": 40, "forældrebestyrelsen": 2})
    assert understand("vikarer - skal de ogsaa kende børnene?", speller).topic == ["vikarer", "kende", "børnene"]
    assert understand("hvad skal foraeldrebestyrelsen vaere med til", speller).topic == ["forældrebestyrelsen"]


def test_a_noun_the_corpus_uses_only_as_its_adjective_is_that_adjective_and_faktisk_fik_ask():
    speller = Speller({"matematiske": 3, "psykologisk": 2, "pædagogik": 4, "pædagogiske": 30, "sprog": 5,
                       "musik": 2, "børnene": 40})
    assert understand("Fik børnene faktisk bedre sprog og matematik?", speller).topic == ["børnene", "sprog", "matematisk"]
    assert "psykologisk" in understand("Hvad siger de om psykologi?", speller).topic
    assert understand("Hvad er pædagogik?", speller).topic == ["pædagogik"]  # the corpus uses the noun itself
    assert understand("Hvad med musik?", speller).topic == ["musik"]  # no adjective in the corpus: as typed
    assert "især" not in understand("Hvad siger Køge og KL hver især om forældrene?").topic  # each, no topic


def test_chat_shorthand_and_a_small_word_typed_onto_a_corpus_word_name_no_topic():
    speller = Speller({"gang": 5, "hjemme": 3, "kost": 2, "tryghed": 4, "psykologisk": 2})
    assert understand("kost hvordan kommer man igang", speller).topic == ["kost", "kommer", "gang"]
    assert understand("lege derhjemme", speller).topic[-1] == "hjemme"
    assert understand("hvad skal en leder goere ifht psykologisk tryghed", speller).topic[-2:] == ["psykologisk", "tryghed"]
    assert "ifht" not in understand("hvad skal en leder goere ifht psykologisk tryghed", speller).topic


def test_a_frequency_is_how_often_not_each_of_something_and_the_first_number_asked_leads():
    from assistant.answer.cues import FREQUENCY, first_asked

    assert FREQUENCY.search("minimum to gange om ugen") and FREQUENCY.search("hvert halve år")
    assert not FREQUENCY.search("i vuggestuer med ca. fire børn i hver gruppe")
    assert first_asked("hvad er spindelvævet og hvor tit skal det laves") == "hvor tit skal det laves"
    assert first_asked("Hvor ofte mødtes de, og hvor mange var der?").startswith("Hvor ofte mødtes de")


def test_a_number_asked_with_a_typo_counts_the_noun_in_the_corpus_spelling_and_pr_is_no_topic():
    speller = Speller({"børn": 40, "voksen": 5, "forskningen": 2})
    asked = understand("hvor mange born pr voksen anbefaler forskningen", speller)
    answer = "Forskningen anbefaler en normering på én voksen til højest tre børn i dagtilbud 0-2 år"
    assert answers_number(asked.wording, answer)
    assert not answers_number(asked.text, answer)  # "born" as typed counts nothing the documents say
    assert "pr" not in asked.topic


def test_a_count_qualifies_its_noun_not_a_noun_after_a_preposition():
    asked = "hvor mange børn pr voksen anbefaler forskningen"
    assert not answers_number(asked, "forskellen er vokset til op imod to år mellem børn med de svageste kompetencer")
    assert answers_number(asked, "én voksen til højest tre små børn")
    assert answers_number("hvor mange børn fik tilbud", "60 procent af børnene fik et tilbud")


def test_how_long_is_answered_by_a_length_of_time_and_a_sentence_giving_both_numbers_asked_counts_more():
    from assistant.answer.cues import DURATION

    assert answers_number("Hvor længe varer et forløb?", "Et forløb i udvidet forældresamarbejde svarer til fem uger")
    assert answers_number("Hvor længe varer et forløb?", "et toårigt rejsehold")
    assert not answers_number("Hvor længe varer et forløb?", "arbejdet i 14 kommuner med 400 dagplejere")
    assert not DURATION.search("arbejdet i små børnegrupper hver uge")  # how often, not how long
    asked = understand("Hvor ofte og hvor længe skulle man være i de små grupper?")
    both = "der bruges ca. en halv time i grupperne, og at aktiviteterne gennemføres minimum to gange om ugen"
    one = "arbejdet i små børnegrupper hver uge har bidraget til at skabe et større nærvær"
    assert kind_bonus(asked, both) > kind_bonus(asked, one) > 0


def test_fillers_of_everyday_speech_and_griber_an_name_no_topic():
    q = understand("der er en meget stille pige som aldrig siger noget, er hun bare genert? vi har vildt travlt")
    assert not {"aldrig", "bare", "vildt"} & set(q.topic) and {"stille", "genert"} <= set(q.topic)
    assert understand("Hvordan griber vi forældresamtalen an?").topic == ["forældresamtalen"]
    assert "gribe" in understand("Hvornår skal vi gribe ind?").topic  # to intervene is what is asked about
    # "en god idé" asks for a judgement, "i løbet af dagen" says when
    assert understand("Hvorfor er det en god idé at dele børnene op i grupper i løbet af dagen?").topic == [
        "dele", "børnene", "grupper", "dagen"]


def test_gaar_ud_paa_asks_what_something_is_and_names_no_topic():
    assert "går" not in understand("Hvad går det udvidede forældresamarbejde ud på?").topic
    assert "går" in understand("Hvad gør vi med børn der går alene rundt?").topic


def test_an_answers_list_heading_is_set_in_italics_and_the_quoted_words_stay_escaped():
    from assistant.text.markdown import answer_markdown

    shown = answer_markdown("*KL vil arbejde for, at …*\n- “der afsættes *ekstra* midler” [1]")
    assert shown.splitlines()[0] == "*KL vil arbejde for, at …*"
    assert "*ekstra*" not in shown.splitlines()[1]  # a quote's own asterisks are text, not emphasis


def test_a_passage_that_is_itself_a_quotation_gets_one_pair_of_marks():
    from assistant.text.quotes import quoted

    assert quoted("”Det er unikt at arbejde i små grupper.”") == "”Det er unikt at arbejde i små grupper.”"
    assert quoted("”Det er her guldet ligger.") == "”Det er her guldet ligger.”"  # its closing mark was cut
    assert quoted("Legen er helt afgørende.") == "“Legen er helt afgørende.”"
    assert quoted("”Børn kan ikke skynde sig med at udvikle sig”.") == "”Børn kan ikke skynde sig med at udvikle sig”."


def test_an_expert_quoted_in_a_report_is_named_as_the_one_who_says_it():
    from assistant.answer.compose import signed
    from assistant.answer.span import quoted_person

    text = ("”Børns behov er, at de har en god dag. Hverdagen skal give børn en oplevelse af fællesskab”.\n\n"
            "Pernille Juhl, Professor · Roskilde Universitet\n\n"
            "Kend alle børnene ”Kvalitet er der, hvor personalet fjerner barriererne. Det kræver en anden organisering.\n\n"
            "Janne Hedegaard Hansen · Centerchef · Københavns Professionshøjskole\n\n"
            "Rundbordssamtalerne har været præget af en fælles opfattelse af opgaven.")
    at = text.index
    assert quoted_person(text, 0, at("Hverdagen") - 1) == "Pernille Juhl, Professor · Roskilde Universitet"
    assert quoted_person(text, at("Hverdagen"), at("”.")).startswith("Pernille Juhl")
    assert quoted_person(text, at("Det kræver"), at("organisering.") + 13).startswith("Janne Hedegaard Hansen")
    assert quoted_person(text, at("Rundbordssamtalerne"), len(text)) is None  # the report's own words
    unquoted = "Personalet fører logbog over konflikter.\n\nSøren Fisker · Udviklingskonsulent"
    assert quoted_person(unquoted, 0, 40) is None  # a signature with no quotation before it signs nothing here
    assert signed("Pernille Juhl, Professor · Roskilde Universitet") == "Pernille Juhl (professor, Roskilde Universitet)"
    assert signed("Grethe Kragh-Müller · Børnepsykolog") == "Grethe Kragh-Müller (børnepsykolog)"


def test_a_word_typed_whole_for_two_the_corpus_writes_apart_is_split_and_a_short_typo_of_a_frequent_word_fixed():
    speller = Speller({"små": 40, "grupper": 30, "børn": 120, "gruppe": 20, "vuggestuen": 10},
                      pairs=frozenset({("små", "grupper")}))
    assert understand("smågrupper?", speller).topic == ["små", "grupper"]
    assert understand("hvor mange borm skal der vaere i en gruppe i vuggestuen", speller).topic[0] == "børn"
    assert understand("småbørn", speller).topic == ["småbørn"]  # no such pair: left as typed


def test_pay_is_asked_as_an_amount_of_money():
    for asked in ("Hvad får man i løn som ny pædagogmedhjælper?", "Hvad tjener en pædagogmedhjælper om måneden?"):
        assert understand(asked).kind == "number"
        assert not answers_number(asked, "den 15 dage lange AMU-uddannelse for nye pædagogmedhjælpere")
        assert answers_number(asked, "En pædagogmedhjælper tjener 28.000 kr. om måneden")
    assert understand("Hvad er det vigtigste jeg skal vide som ny medhjælper?").kind == "newcomer"


def test_what_something_is_called_names_no_topic():
    asked = understand("Hvad er det der hedder intentionstrængsel?")
    assert (asked.kind, asked.term, asked.topic) == ("definition", "intentionstrængsel", ["intentionstrængsel"])


def test_a_citation_is_labelled_by_the_heading_nearest_its_text():
    # walkthrough: labels such as "Foto: Jakob Carlsen – 06 / SAMARBEJDET …", "Rapporten findes på www.sm.dk – …"
    # and "SIDE 5" (headings the PDF text ran together, and a page number)
    from assistant.models import Citation, readable_section

    assert readable_section("Foto: Jakob Carlsen – 06 / SAMARBEJDET MED FORÆLDRENE") == "06 / SAMARBEJDET MED FORÆLDRENE"
    assert readable_section("Rapporten findes på www.sm.dk – OM EN HØJNET FAGLIGHED") == "OM EN HØJNET FAGLIGHED"
    assert readable_section("SIDE 5") == "" and readable_section("Legens betydning") == "Legens betydning"
    c = Citation(n=2, doc_id="d", title="T", short="Køge", section="SIDE 5", chunk_id="d:1", quote="q",
                 chunk_text="q", start=0, end=1)
    assert c.label() == "[2] Køge"
    assert c.model_copy(update={"section": "Kilde: Anne Mette Møller 2021 – Fagprofessionelle"}).label() == \
        "[2] Køge, Fagprofessionelle"
    assert c.model_copy(update={"section": "Køge"}).label() == "[2] Køge"  # an uploaded file headed by its title


def test_a_sentence_opening_with_og_goes_on_from_the_one_before():
    # quoted alone, "Og det står ikke i dagtilbudsloven, …" reads as half a thought
    assert leans_back("Og det står ikke i dagtilbudsloven, hvordan dagen skal være struktureret.")
    assert not leans_back("Overalt i Danmark ser dagens struktur i et dagtilbud fuldstændig ens ud.")
    # nor does "Så dagplejere ikke selv skal dække større udgifter …" (why the modules), unlike "Så vidt muligt …"
    assert leans_back("Så dagplejere ikke selv skal dække større udgifter til etablering af udemiljøer.")
    assert not leans_back("Så vidt muligt i samarbejde med familierne, underretter ved bekymringer.")


def test_compounds_sharing_their_second_part_are_written_out():
    from assistant.answer.question import written_out

    assert written_out("forskellen på struktur-, proces- og resultatkvalitet?") == \
        "forskellen på strukturkvalitet, proceskvalitet og resultatkvalitet?"
    assert written_out("hvad siger de om inde- og udemiljøer?") == "hvad siger de om indemiljøer og udemiljøer?"
    assert written_out("børn på 0-6 år og 3-5-årige") == "børn på 0-6 år og 3-5-årige"  # no part to share
