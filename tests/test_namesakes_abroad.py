"""Namesakes in another country than the one a name means, acronyms read as towns, and names
joined or renamed: each case is an invented sentence."""

from __future__ import annotations

import pytest

from .parsing import parsed as _mentions
from .parsing import place as _place
from .parsing import resolved as _resolved


# ------------------------------------------------------------ great cities of a country the article names
def test_a_great_city_of_a_named_country_beats_a_suburb_in_a_named_state(gazetteer):
    found = _resolved(gazetteer, "Drought hit farms across New South Wales and Queensland. Canada sent experts; "
                                 "the team flew in from Toronto on Friday.")
    assert _place(found, "Toronto").country == "CA"


def test_the_suburb_stays_where_the_great_citys_country_goes_unnamed(gazetteer):
    found = _resolved(gazetteer, "Storms hit New South Wales. Homes flooded in Toronto, Swansea and Belmont "
                                 "near Newcastle.")
    assert _place(found, "Toronto").country == "AU"


# ------------------------------------------------------------ a capital spelt another way is no landmark
def test_a_capital_known_by_another_spelling_is_doubted_outside_the_articles_countries(gazetteer):
    found = _resolved(gazetteer, "Aid lorries reached Suba and Migori in western Kenya on Tuesday.")
    assert _place(found, "Migori").country == "KE"
    _, answer = found["Suba"]
    assert answer.place is None or answer.place.country == "KE" or answer.place.confidence < 0.75
    assert "in none of the countries" in answer.reason or answer.place is None


def test_a_capital_by_its_own_name_is_trusted_outside_the_articles_countries(gazetteer):
    found = _resolved(gazetteer, "Fighting spread across Sudan. Talks on a truce were held in Nairobi.")
    assert _place(found, "Nairobi").confidence >= 0.75


# ------------------------------------------------------------ acronyms
def test_an_acronym_after_a_preposition_is_no_town(gazetteer):
    found = _resolved(gazetteer, "Poultry farmers in the EU and inspectors from the UN met in Brussels.")
    assert _place(found, "Brussels").country == "BE"
    for acronym in ("EU", "UN"):
        if acronym in found:
            mention, answer = found[acronym]
            assert mention.rejected and answer.place is None, (acronym, answer.reason)


def test_a_countrys_acronym_after_a_preposition_is_the_country(gazetteer):
    found = _resolved(gazetteer, "Exports to the UAE rose while trade in the DRC fell.")
    assert _place(found, "UAE").country == "AE"
    assert _place(found, "DRC").country == "CD"


# ------------------------------------------------------------ names joined or renamed
def test_two_countries_joined_by_and_are_two_places(gazetteer):
    found = _resolved(gazetteer, "Flights between Australia and New Zealand resumed on Monday.")
    assert "Australia and New Zealand" not in found
    assert _place(found, "Australia").country == "AU"
    assert _place(found, "New Zealand").country == "NZ"


def test_a_macroregion_named_with_and_stays_one_place(gazetteer):
    found = _resolved(gazetteer, "Growth slowed across Latin America and the Caribbean last year.")
    assert _place(found, "Latin America and the Caribbean").kind == "macroregion"


def test_a_countrys_former_name_is_the_country(gazetteer):
    found = _resolved(gazetteer, "Mobutu ruled Zaire for three decades. Planters sold tea grown in Ceylon.")
    assert _place(found, "Zaire").country == "CD"
    assert _place(found, "Ceylon").country == "LK"


def test_a_province_named_like_a_former_country_stays_the_province(gazetteer):
    found = _resolved(gazetteer, "Cholera spread in Zaire province, one of Angola's northern provinces.")
    place = _place(found, "Zaire province")
    assert (place.country, place.kind) == ("AO", "region")


# ------------------------------------------------------------ a name read as a person, placed by the text
def test_a_name_read_as_a_person_is_a_place_where_the_text_locates_by_it(gazetteer):
    found = _resolved(gazetteer, "Water ran short in southern Indiana. Austin, in Scott County, Indiana, was worst "
                                 "hit. Crews from Louisville, Kentucky, some 35 miles south of Austin, helped.")
    mentions = [(m, a) for m, a in found.values() if m.text == "Austin"]
    assert mentions
    place = _place(found, "Austin")
    assert (place.country, place.region) == ("US", "Indiana")


# ------------------------------------------------------------ names followed by their kind in lower case
def test_a_list_before_a_plural_kind_is_a_list_of_places_of_that_kind(gazetteer):
    found = _mentions(gazetteer, "Boats ferried families along the Kelvi, Sarnath and Dhamora rivers. "
                                 "The Kelvi crested at dawn.")
    kept = [(m.text, m.key) for m, _ in found if not m.rejected]
    assert ("Kelvi", "kelvi river") in kept and ("Dhamora", "dhamora river") in kept
    assert sum(1 for text, _ in kept if text == "Kelvi") == 2  # its repeat is the river too
    assert all(a.place is None for m, a in found if m.key.endswith(" river"))  # listed, not a namesake town


def test_names_before_a_kind_of_division_are_places_whatever_the_recogniser_says(gazetteer):
    found = _mentions(gazetteer, "Convoys reached villages in Jhal Magsi and Naseerabad districts on Tuesday.")
    kept = {m.text for m, _ in found if not m.rejected}
    assert {"Jhal Magsi", "Naseerabad"} <= kept


def test_a_known_division_before_its_kind_is_that_division(gazetteer):
    found = _resolved(gazetteer, "Floods closed roads in Allen and Auglaize counties in Ohio on Monday.")
    for name in ("Allen", "Auglaize"):
        place = _place(found, name)
        assert (place.kind, place.region) == ("district", "Ohio"), place


def test_adjectives_and_common_words_before_a_kind_are_no_places(gazetteer):
    found = _mentions(gazetteer, "Talks covered the Kurdish region and European regions. The Tiny Class B region "
                                 "champions won. Republican districts voted no.")
    kept = {m.text for m, _ in found if not m.rejected}
    assert not kept & {"Kurdish", "European", "Tiny Class B", "Republican"}, kept


# ------------------------------------------------------------ appositions that say where a name lies
def test_an_unknown_name_placed_by_an_apposition_is_placed_at_its_town(gazetteer):
    found = _resolved(gazetteer, "Water reached Kotli Bagh, on the outskirts of Kasur, by noon on Monday.")
    place, kasur = _place(found, "Kotli Bagh"), _place(found, "Kasur")
    assert (place.lat, place.lon, place.country) == (kasur.lat, kasur.lon, "PK")


def test_a_namesake_abroad_yields_to_the_town_an_apposition_names(gazetteer):
    found = _resolved(gazetteer, "Pakistani police cordoned off Shahdara, on the northern edge of Lahore, "
                                 "after the blast.")
    assert _place(found, "Shahdara").country == "PK"


def test_residents_of_a_name_make_it_a_place(gazetteer):
    found = _resolved(gazetteer, "Residents of Rohri were told to leave as the river rose near Sukkur.")
    assert _place(found, "Rohri").country == "PK"


# ------------------------------------------------------------ English words and features
def test_english_words_that_spell_another_name_of_a_foreign_town_are_no_place():
    from geo.find.rules import word_trap
    from geo.find.scan import GazetteerHit
    from geo.text.normalise import tokens

    text = "Crowds gathered by the White House on Sunday."
    words = list(tokens(text))
    sub = [t for t in words if t.text in ("White", "House")]
    casablanca = GazetteerHit("city", "MA", 3_000_000, name="Casablanca")
    assert "not another name of Casablanca" in word_trap(sub, casablanca, words[3], set(), text)
    assert word_trap(sub, casablanca, words[3], {"MA"}, text) == ""  # an article about Morocco may mean it
    own = GazetteerHit("city", "US", 12_000, name="White House")
    assert word_trap(sub, own, words[3], set(), text) == ""  # the town's own name: other rules judge it


def test_a_mountain_pass_is_one_feature_even_as_the_recognisers_work_of_art(gazetteer):
    found = _mentions(gazetteer, "Lorries crossed the Khyber Pass at dawn. The Bolan Pass road reopened.")
    kept = {m.text: a for m, a in found if not m.rejected}
    assert {"Khyber Pass", "Bolan Pass"} <= set(kept)
    assert kept["Khyber Pass"].place is None  # listed unresolved: no pass is in the gazetteer


def test_a_railroad_is_no_natural_feature(gazetteer):
    found = _mentions(gazetteer, "Trains of the Rio Grande Southern Railroad reached Durango in Colorado.")
    assert not any("Railroad" in m.text for m, _ in found)


def test_a_comma_list_before_counties_names_counties_whoever_found_its_names(gazetteer):
    found = _resolved(gazetteer, "Schools in Henry, Weakley and Carroll counties in Tennessee stayed shut on Friday.")
    for name in ("Henry", "Weakley", "Carroll"):
        place = _place(found, name)
        assert (place.kind, place.region) == ("district", "Tennessee"), (name, place)


# ------------------------------------------------------------ streets, buildings, appositions
def test_a_name_before_street_or_avenue_is_the_streets(gazetteer):
    found = _mentions(gazetteer, "Volunteers met on Washington Street in Paris, Tenn., and marched down "
                                 "Pennsylvania Avenue later.")
    by_text = {m.text: (m, a) for m, a in found}
    for name in ("Washington", "Pennsylvania"):
        mention, answer = by_text[name]
        assert mention.rejected == "part of a street's name" and answer.place is None
    assert by_text["Paris"][1].place.region == "Tennessee"


def test_a_civic_center_in_a_town_is_no_town_of_its_own(gazetteer):
    found = _mentions(gazetteer, "Shelters opened at the Carroll County Civic Center in Huntingdon on Friday.")
    kept = {m.text for m, a in found if not m.rejected}
    assert "Huntingdon" in kept and not any("Center" in text for text in kept), kept


def test_an_apposition_across_a_state_line_places_the_name(gazetteer):
    found = _resolved(gazetteer, "Crews from Murray, just across the state line in Kentucky, brought generators.")
    assert _place(found, "Murray").region == "Kentucky"


# ------------------------------------------------------------ capitals read as people; kinds that say "town"
def test_a_capital_read_as_a_lone_person_is_the_capital(gazetteer):
    found = _resolved(gazetteer, "Upstream, Bratislava closed its riverside promenade on Thursday.")
    place = _place(found, "Bratislava")
    assert (place.kind, place.country) == ("capital", "SK")


def test_a_capital_in_a_persons_longer_name_stays_the_person(gazetteer):
    found = _mentions(gazetteer, "Sofia Carter won the race. Later, Sofia thanked her team.")
    assert all(m.rejected or a.place is None for m, a in found if m.text == "Sofia")


def test_the_towns_of_makes_small_towns_places(gazetteer):
    found = _resolved(gazetteer, "In Austria the towns of Melk and Krems shut the roads along the river.")
    assert _place(found, "Melk").country == "AT"


def test_names_after_the_village_of_are_places_known_or_not(gazetteer):
    found = _mentions(gazetteer, "A dead swan was found in the village of Cellardyke in Fife, Scotland. Tests "
                                 "followed in the nearby villages of Brasova and Dunelm, and in four hamlets: "
                                 "Kerrow, Ardmaddy and Lusk. Kerrow was sealed off.")
    kept = {m.text for m, _ in found if not m.rejected}
    assert {"Cellardyke", "Brasova", "Dunelm", "Kerrow", "Ardmaddy"} <= kept, kept
    assert sum(1 for m, _ in found if m.text == "Kerrow" and not m.rejected) == 2
    cellardyke = next(a.place for m, a in found if m.text == "Cellardyke")
    assert cellardyke is not None and cellardyke.country == "GB"  # placed at Fife, written right after it


def test_a_sentence_end_stops_a_list_of_names(gazetteer):
    found = _mentions(gazetteer, "He was born in the nearby village of Piya. Kara includes a busy market.")
    assert not any(". " in m.text for m, _ in found)


def test_an_unknown_name_the_text_defines_as_a_place_is_listed_and_placed(gazetteer):
    found = _mentions(gazetteer, "Lorvanu is a rural township in the hills. A resident of Kelmbwe, a suburb "
                                 "located east of Harare, said the taps were dry.")
    by_text = {m.text: (m, a) for m, a in found}
    assert not by_text["Lorvanu"][0].rejected and by_text["Lorvanu"][1].place is None  # listed unresolved
    kelmbwe = by_text["Kelmbwe"][1].place
    assert kelmbwe is not None and kelmbwe.country == "ZW"  # placed at the town the text puts it in


@pytest.mark.parametrize("body", ["Garrick is a town councillor in the county.", "Brody, a city official, spoke.",
                                  "Marlowe Avenue is the main road of the town in the valley."])
def test_a_kind_word_that_qualifies_a_noun_defines_no_place(gazetteer, body):
    found = _mentions(gazetteer, body)
    assert all(m.rejected or a.place is None and m.finder.value != "context" for m, a in found), found


# ------------------------------------------------------------ a first name and a surname
def test_a_first_name_and_a_surname_are_a_person_not_a_town(gazetteer):
    found = _mentions(gazetteer, "Nora Harden died on Saturday. Harden was nine. Paris Hilton sent flowers. "
                                 "In March, crews from Buffalo came.")
    by_text = {}
    for m, a in found:
        by_text.setdefault(m.text, []).append((m, a))
    assert all(m.rejected for m, _ in by_text["Harden"]), by_text["Harden"]
    assert all(m.rejected for m, _ in by_text.get("Paris", []))
    assert not any(not m.rejected for m, _ in by_text.get("March", []))  # a month, not a town or a person


def test_a_place_named_like_a_first_name_and_a_word_stays_a_place(gazetteer):
    found = _resolved(gazetteer, "Flooding reached Alice Springs and Victoria Park, and roads in Austin Texas closed.")
    assert _place(found, "Austin").region == "Texas"


def test_an_english_word_spelling_another_name_of_a_foreign_city_is_no_place(gazetteer):
    found = _mentions(gazetteer, "The singer, known as the Godfather of Soul, died in Atlanta on Monday.")
    assert all(m.rejected for m, _ in found if m.text == "Soul")


def test_a_towns_name_before_river_is_the_river(gazetteer):
    found = _mentions(gazetteer, "Swans were found dead on the bank of the Colorado river near the dam.")
    colorado = [(m, a) for m, a in found if m.text == "Colorado"]
    assert colorado and all(a.place is None or a.place.kind not in ("city", "region") for _, a in colorado), colorado


def test_a_definition_with_a_peoples_word_puts_the_name_in_that_country(gazetteer):
    found = _mentions(gazetteer, "Bala is a Canadian community on the Moon River. Santa Cruz is a Chilean city.")
    bala = next(a for m, a in found if m.text == "Bala")
    assert bala.place is None or bala.place.country == "CA", bala.reason  # no Bala of Wales
    santa_cruz = next(a for m, a in found if m.text == "Santa Cruz")
    assert santa_cruz.place.country == "CL"


@pytest.mark.parametrize("body", ["Kerrow is a village under the hills.", "Kerrow is a town famous for its fair."])
def test_a_kind_followed_by_a_preposition_or_an_adjective_still_defines(gazetteer, body):
    found = _mentions(gazetteer, body)
    assert any(m.text == "Kerrow" and not m.rejected for m, _ in found)


def test_counties_written_after_a_states_name_are_the_counties(gazetteer):
    found = _resolved(gazetteer, "LEBANON, Ky. — Deputies from Marion and Washington counties joined the search.")
    for name in ("Marion", "Washington"):
        place = _place(found, name)
        assert (place.kind, place.region) == ("district", "Kentucky"), (name, place)


def test_residents_of_a_list_make_each_name_a_place(gazetteer):
    found = _mentions(gazetteer, "Residents of Loretto and Dunkerrin said the chase was fast.")
    kept = {m.text for m, _ in found if not m.rejected}
    assert {"Loretto", "Dunkerrin"} <= kept, kept
