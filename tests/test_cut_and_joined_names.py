"""Names cut by an apostrophe ("St. John's", "King's Lynn", "Coeur d'Alene") and lands named
after both their halves ("Bosnia and Herzegovina"): found whole, and known by each half. Each
case is an invented sentence or a made-up name."""

from __future__ import annotations

import pytest

from geo.find.rules import LABEL_REASONS, numbered_after_the
from geo.model import Finder, Mention, Span
from geo.resolve.area_parts import names_a_part, part_point
from geo.resolve.gazetteer_features import compass_variant, halves
from geo.resolve.second_look import among_places
from geo.text.english import is_common_word
from geo.text.normalise import tokens

from .parsing import place as _place
from .parsing import resolved as _resolved


# ------------------------------------------------------------ names cut by an apostrophe
@pytest.mark.parametrize(
    "body, name, country",
    [
        ("Ferries to King's Lynn were cancelled on Monday.", "King's Lynn", "GB"),
        ("The storm reached Lee's Summit late at night.", "Lee's Summit", "US"),
        ("A teacher in Coeur d'Alene was honoured.", "Coeur d'Alene", "US"),
        ("Water ran short in Sana'a this week.", "Sana'a", "YE"),
        ("Delegates of the Democratic People's Republic of Korea walked out.",
         "Democratic People's Republic of Korea", "KP"),
        ("The Ministry of Health of the People's Republic of China said so.", "People's Republic of China", "CN"),
        ("Flights from St. John's, Newfoundland, resumed after the storm.", "St. John's", "CA"),
    ],
)
def test_a_name_cut_by_an_apostrophe_is_found_whole(gazetteer, body, name, country):
    assert _place(_resolved(gazetteer, body), name).country == country


def test_a_possessive_is_no_part_of_the_name(gazetteer):
    found = _resolved(gazetteer, "Kabul's mayor met Afghanistan's envoys in Doha's old port.")
    assert {"Kabul", "Afghanistan", "Doha"} <= set(found)
    assert not any("'" in text for text in found)


def test_the_recognisers_abbreviated_name_grows_to_the_whole_name(gazetteer):
    """The recogniser reads "St. John's" and the possessive is trimmed: the gazetteer's name
    ("St. John's", Newfoundland) is the whole of it, not "St. John" (Jersey)."""
    place = _place(_resolved(gazetteer, "Fishing boats stayed in St. John's, Newfoundland, all week."), "St. John's")
    assert (place.country, round(place.lat)) == ("CA", 48)


# ------------------------------------------------------------ lands named after both halves
@pytest.mark.parametrize(
    "name, parts",
    [
        ("Bosnia and Herzegovina", ("Bosnia", "Herzegovina")),
        ("Testland and Probia", ("Testland", "Probia")),
        ("Saint Vincent and the Grenadines", ("Saint Vincent", "Grenadines")),
        ("Turks and Caicos Islands", ()),  # the kind is both halves': "Turks" is no name alone
        ("Central and Western", ()),  # words of direction
        ("Dadra and Nagar Haveli and Daman and Diu", ()),  # more than two parts
        ("Bonaire, Saint Eustatius and Saba", ()),
        ("Testland", ()),
    ],
)
def test_a_land_named_after_two_halves_is_known_by_each(name, parts):
    assert halves(name) == parts


@pytest.mark.parametrize(
    "body, name, country",
    [
        ("Refugees from Bosnia crossed the border at dawn.", "Bosnia", "BA"),
        ("The ferry to Newfoundland was cancelled because of ice.", "Newfoundland", "CA"),
        ("Shelling in Kashmir killed two farmers on Sunday.", "Kashmir", "IN"),
    ],
)
def test_a_half_of_a_lands_name_is_that_land(gazetteer, body, name, country):
    place = _place(_resolved(gazetteer, body), name)
    assert (place.country, place.kind) in ((country, "region"), (country, "country"))


def test_a_half_that_is_a_division_of_its_own_stays_that_division(gazetteer):
    """"Tobago" is a division of Trinidad and Tobago: the half does not take it from it."""
    place = _place(_resolved(gazetteer, "Divers found the wreck off Tobago last year."), "Tobago")
    assert (place.country, place.kind, place.name) == ("TT", "region", "Tobago")


# ------------------------------------------------------------ names joined by a hyphen or a short form
@pytest.mark.parametrize(
    "body, name, country",
    [
        ("Aid flights landed in Port-au-Prince on Friday.", "Port-au-Prince", "HT"),
        ("The festival moved to Aix-en-Provence this year.", "Aix-en-Provence", "FR"),
        ("The ferry from Port aux Basques was late.", "Port aux Basques", "CA"),
        ("Ice covered the Gulf of St. Lawrence for weeks.", "Gulf of St. Lawrence", ""),
        ("Rebels were seen near Ft. Portal in the west.", "Ft. Portal", "UG"),
    ],
)
def test_a_name_joined_by_hyphens_or_a_short_form_is_found_whole(gazetteer, body, name, country):
    assert _place(_resolved(gazetteer, body), name).country == country


def test_a_short_form_ending_a_sentence_joins_nothing(gazetteer):
    found = _resolved(gazetteer, "He lived on Main St. Kabul was far away.")
    assert "Kabul" in found and not any(text.startswith("St") for text in found)


def test_a_word_between_names_joins_them_only_where_hyphened(gazetteer):
    """"Ilocos Sur" keeps its last word; "Obama en route" is no name."""
    assert _place(_resolved(gazetteer, "Floods hit Ilocos Sur on Monday."), "Ilocos Sur").country == "PH"


# ------------------------------------------------------------ provinces abbreviated with dots
@pytest.mark.parametrize(
    "body, name, province",
    [
        ("P.E.I. Premier Jo Smith called the damage unprecedented.", "P.E.I.", "Prince Edward Island"),
        ("Storms hit N.S. overnight.", "N.S.", "Nova Scotia"),
    ],
)
def test_a_province_abbreviated_with_dots_is_the_province_anywhere(gazetteer, body, name, province):
    assert _place(_resolved(gazetteer, body), name).name == province


def test_a_postal_code_in_capitals_still_needs_a_preposition(gazetteer):
    found = _resolved(gazetteer, "OK, the ME team said IN the end it was fine.")
    assert not any(found[t][1].place is not None for t in ("OK", "ME", "IN") if t in found)


# ------------------------------------------------------------ a journey's end, read as a person or a title
@pytest.mark.parametrize(
    "body, names",
    [
        ("Evacuees drove 260 kilometres south to Hope and Chilliwack, others east to Merritt, B.C.",
         ["Merritt"]),
        ("After the fire in Kamloops, some drove south to Hope and Chilliwack.", ["Hope", "Chilliwack"]),
    ],
)
def test_a_journeys_end_is_a_place_whatever_the_recogniser_read(gazetteer, body, names):
    found = _resolved(gazetteer, body)
    for name in names:
        assert _place(found, name).country == "CA"


@pytest.mark.parametrize(
    "text, placed",
    [
        ("They fled south to Merritt at dawn.", True),
        ("Crews flew back to Merritt at dawn.", True),
        ("Smith wrote a letter to Merritt at dawn.", False),  # a person may be written to
        ("The prize went to Merritt at dawn.", False),
    ],
)
def test_only_a_journey_to_a_name_read_as_a_persons_places_it(text, placed):
    start = text.index("Merritt")
    person = Mention("a.md", start, start + 7, "Merritt", "merritt", Span(0, len(text)), finder=Finder.GAZETTEER,
                     rejected=LABEL_REASONS["PERSON"])
    assert bool(among_places(text, [person], [], [])) is placed


# ------------------------------------------------------------ numbered names
def test_a_name_between_the_and_a_number_is_a_numbered_site(gazetteer):
    found = _resolved(gazetteer, "Engineers will study the Loop 10 bypass near Atlanta.")
    assert found["Loop"][1].place is None and found["Loop"][0].rejected.startswith("a numbered name")
    assert _place(found, "Atlanta").country == "US"


@pytest.mark.parametrize("text, numbered", [("the Loop 10 bypass", True), ("the Camp 4 clinic", True),
                                             ("the Paris 2024 bid", False), ("the Loop, 10 miles", False)])
def test_a_year_after_a_name_is_no_number_of_a_site(text, numbered):
    words = list(tokens(text))
    assert numbered_after_the(words[1:2], words[0], words[2], text) is numbered


# ------------------------------------------------------------ seats of government, and cities known the world over
STORY_ABROAD = ("Fighting spread across Darfur on Monday, with shelling in El Fasher and Nyala, and residents "
                "of Omdurman, near Khartoum, fled. ")


def test_a_name_standing_for_a_government_is_a_countrys_capital(gazetteer):
    """A namesake in the article's country (a district of Khartoum called Riyadh) does not beat
    the capital where the name acts as a government."""
    place = _place(_resolved(gazetteer, STORY_ABROAD + "Washington and Riyadh urged a ceasefire."), "Riyadh")
    assert (place.country, place.kind) == ("SA", "capital")


def test_a_capital_acting_is_no_evidence_of_the_state_of_its_name(gazetteer):
    """"Washington urged" is the government: the towns of Washington state gain nothing from it."""
    found = _resolved(gazetteer, STORY_ABROAD + "Diplomats met in Geneva. Washington urged a ceasefire.")
    assert _place(found, "Geneva").country == "CH"
    assert _place(found, "Washington").kind == "capital"


def test_a_state_written_after_a_comma_still_places_its_towns(gazetteer):
    place = _place(_resolved(gazetteer, "Toledo is a city in Lewis County, Washington. Toledo said no."), "Toledo")
    assert (place.country, place.region) == ("US", "Washington")


@pytest.mark.parametrize("name, country", [("Nairobi", "KE"), ("Addis Ababa", "ET"), ("Jeddah", "SA")])
def test_a_capital_or_a_city_of_a_million_elsewhere_is_not_at_odds_with_the_story(gazetteer, name, country):
    """A story about Sudan that mentions talks in Nairobi: the capital of Kenya is no doubtful
    namesake, whatever countries the article names."""
    place = _place(_resolved(gazetteer, STORY_ABROAD + f"The envoy travelled to {name} for talks."), name)
    assert place.country == country and place.confidence >= 0.75


# ------------------------------------------------------------ divisions by their direction, and capitals among provinces
@pytest.mark.parametrize(
    "name, other",
    [("Southern Kordofan", "South Kordofan"), ("North Testia", "Northern Testia"), ("West Kordofan", "Western Kordofan"),
     ("Northern Province", ""), ("North West", ""), ("Eastern Cape", "")],
)
def test_a_division_opening_with_a_direction_is_known_by_its_other_form(name, other):
    assert compass_variant(name) == other


def test_a_division_written_with_the_other_form_of_its_direction_is_found(gazetteer):
    place = _place(_resolved(gazetteer, "Fighting has reached South Kordofan, aid groups said."), "South Kordofan")
    assert (place.country, place.kind) == ("SD", "region")


def test_a_capital_named_like_its_province_is_the_capital_away_from_the_provinces(gazetteer):
    body = ("Aid convoys were stuck at Port Sudan, in Red Sea state. The war began in Khartoum last year. "
            "Refugees crossed into Chad and Egypt. Aid workers said so. Fighting has also reached Blue Nile state.")
    assert _place(_resolved(gazetteer, body), "Khartoum").kind == "capital"


def test_a_province_listed_with_two_others_is_the_province(gazetteer):
    body = "Cases were confirmed in British Columbia, one in Alberta, one in Ontario and one in Quebec."
    assert _place(_resolved(gazetteer, body), "Quebec").kind == "region"


# ------------------------------------------------------------ "the <name>": a feature, not a town
@pytest.mark.parametrize(
    "body, name",
    [
        ("Dust from across the Sahara, scientists said, reached Spain.", "Sahara"),
        ("Boats on the Thames at Richmond were moored.", "Thames"),
        ("Scientists said the Sahara and the Sahel could dry out.", "Sahara"),
    ],
)
def test_a_town_name_written_with_the_standing_alone_is_no_town(gazetteer, body, name):
    mention, answer = _resolved(gazetteer, body)[name]
    assert answer.place is None and mention.rejected.startswith("written with")


@pytest.mark.parametrize(
    "body, name, country",
    [
        ("Officials at the Kandahar airfield in Afghanistan said so.", "Kandahar", "AF"),
        ("Police in the Bronx, New York, said so.", "Bronx", "US"),
        ("Officials announced a quarantine of the Etoumbi and Mbomo districts of Congo.", "Etoumbi", "CG"),
        ("It is part of the Pittsfield, Massachusetts area.", "Pittsfield", "US"),
    ],
)
def test_a_town_name_after_the_that_qualifies_a_word_is_the_town(gazetteer, body, name, country):
    assert _place(_resolved(gazetteer, body), name).country == country


# ------------------------------------------------------------ the kind written after a name, lists, sites
@pytest.mark.parametrize(
    "body, name, region",
    [
        ("Fighting raged around Pokrovsk in the Donetsk region on Friday.", "Donetsk", "Donetsk"),
        ("Drones were launched from Russia's Kursk and Belgorod regions overnight.", "Belgorod", "Belgorod Oblast"),
    ],
)
def test_a_name_with_its_kind_written_after_it_is_the_division(gazetteer, body, name, region):
    place = _place(_resolved(gazetteer, body), name)
    assert (place.kind, place.name) == ("region", region)


def test_states_after_a_name_in_a_compound_are_no_kind_of_it(gazetteer):
    """"mid-Atlantic states" names states, not a state called Atlantic."""
    found = _resolved(gazetteer, "Stores in nine mid-Atlantic states closed.")
    assert "Atlantic" not in found or found["Atlantic"][1].place is None or found["Atlantic"][1].place.kind == "water"


def test_a_name_read_as_a_persons_listed_with_the_next_place_is_a_place(gazetteer):
    found = _resolved(gazetteer, "Israeli strikes hit Khan Younis and the Jabalia refugee camp in Gaza.")
    assert _place(found, "Khan Younis").country == "PS"


def test_a_comma_and_the_is_an_apposition_not_a_list(gazetteer):
    text = "It was the rule of dictator Porfirio Diaz, the Mexican leader, in Oaxaca."
    start = text.index("Porfirio Diaz")
    person = Mention("a.md", start, start + 13, "Porfirio Diaz", "porfirio diaz", Span(0, len(text)),
                     finder=Finder.GAZETTEER, rejected=LABEL_REASONS["PERSON"])
    start = text.index("Oaxaca")
    oaxaca = Mention("a.md", start, start + 6, "Oaxaca", "oaxaca", Span(0, len(text)), finder=Finder.NER)
    start = text.index("Mexican")
    mexican = Mention("a.md", start, start + 7, "Mexican", "mexican", Span(0, len(text)), finder=Finder.DEMONYM)
    assert not among_places(text, [person], [mexican, oaxaca], [])


def test_a_name_before_a_crossing_is_where_the_crossing_is(gazetteer):
    found = _resolved(gazetteer, "Aid trucks from Egypt entered the Gaza Strip through the Rafah crossing on Saturday.")
    assert _place(found, "Rafah").country == "PS"


# ------------------------------------------------------------ the part of an area a word of direction names
def _grid(lat0: float, lon0: float, n: int = 10) -> list[tuple[float, float]]:
    return [(lat0 + i, lon0 + j) for i in range(n) for j in range(n)]


@pytest.mark.parametrize(
    "direction, check",
    [
        ("east", lambda lat, lon: lon > 6.0 and 3.0 < lat < 6.0),
        ("western", lambda lat, lon: lon < 3.0),
        ("north", lambda lat, lon: lat > 6.0),
        ("southeast", lambda lat, lon: lat < 5.0 and lon > 5.0),
        ("central", lambda lat, lon: abs(lat - 4.5) < 1 and abs(lon - 4.5) < 1),
    ],
)
def test_a_word_of_direction_names_the_towns_on_that_side(direction, check):
    lat, lon = part_point(direction, _grid(0.0, 0.0))
    assert check(lat, lon), (lat, lon)


def test_too_few_towns_or_no_direction_make_no_part():
    assert part_point("east", _grid(0.0, 0.0, 3)) is None
    assert part_point("upper", _grid(0.0, 0.0)) is None
    assert not names_a_part(("north", "eastern")) and not names_a_part(("east", "west"))
    assert names_a_part(("east", "texas"))


@pytest.mark.parametrize(
    "body, name, near",
    [
        ("Storms swept across East Texas on Monday.", "East Texas", (32.0, -95.0)),
        ("Fires burned across Southern California again.", "Southern California", (34.0, -117.5)),
    ],
)
def test_a_part_of_a_state_is_placed_among_its_towns_on_that_side(gazetteer, body, name, near):
    place = _place(_resolved(gazetteer, body), name)
    assert place.kind == "region" and abs(place.lat - near[0]) < 1.5 and abs(place.lon - near[1]) < 1.5


def test_a_part_of_an_area_in_another_country_than_the_storys_is_not_read(gazetteer):
    """In a story about California, "North San Juan" is no part of San Juan, Argentina."""
    found = _resolved(gazetteer, "Firefighters from Nevada City, California, reached North San Juan at dawn.")
    assert "North San Juan" not in found or found["North San Juan"][1].place is None \
        or found["North San Juan"][1].place.country == "US"


# ------------------------------------------------------------ an article opening a sentence; ", who"
def test_an_article_opening_the_sentence_is_no_part_of_the_name(gazetteer):
    found = _resolved(gazetteer, "Texas saw 400 cases. A Longview woman said it was terrifying.")
    assert _place(found, "Longview").country == "US"


@pytest.mark.parametrize("body", ["As well as Hadad, who was from Cairo, two others died.",
                                  "It rained. Hadad, who was from Cairo, died."])
def test_a_name_followed_by_who_is_a_person(gazetteer, body):
    mention, answer = _resolved(gazetteer, body)["Hadad"]
    assert answer.place is None and mention.rejected.startswith("followed by")


def test_who_after_a_place_in_a_phrase_speaks_of_someone_else(gazetteer):
    body = "A pig farm worker in Cabanatuan in Nueva Ecija, who had no contact with pigs, fell ill."
    assert _place(_resolved(gazetteer, body), "Nueva Ecija").country == "PH"


# ------------------------------------------------------------ English words spelt like small foreign towns
def test_the_word_list_knows_common_words_and_not_town_names():
    assert is_common_word("Police") and is_common_word("hope") and is_common_word("Temple")
    assert not is_common_word("Kokomo") and not is_common_word("Tyler") and not is_common_word("Kabul")


def test_a_common_word_is_no_small_foreign_town(gazetteer):
    found = _resolved(gazetteer, "PERU, Ind. — Police arrested nine people, the Indiana State Police said.")
    assert all(answer.place is None for text, (mention, answer) in found.items() if text == "Police")


def test_a_common_word_is_the_town_in_its_country(gazetteer):
    """"Hope" in a story about British Columbia is the town there."""
    body = "Evacuees from Lytton, British Columbia, drove south to Hope and Chilliwack."
    assert _place(_resolved(gazetteer, body), "Hope").country == "CA"


def test_a_word_of_direction_before_a_name_qualifies_it(gazetteer):
    found = _resolved(gazetteer, "A campaign across 19 West and Central African countries began.")
    assert "West" not in found or found["West"][1].place is None


# ------------------------------------------------------------ a country's name as a town of the dateline's state
def test_a_countrys_name_with_a_state_abbreviated_after_it_is_the_town(gazetteer):
    found = _resolved(gazetteer, "PERU, Ind. — Police arrested nine people in Peru and Mexico, a small town north of Peru.")
    assert (_place(found, "PERU").country, _place(found, "PERU").region) == ("US", "Indiana")
    assert _place(found, "Mexico").country == "US"


def test_a_name_defined_by_an_apposition_is_placed_in_its_county(gazetteer):
    body = "PERU, Ind. — Officers searched a farm outside Denver, a town of about 500 in Miami County."
    place = _place(_resolved(gazetteer, body), "Denver")
    assert place.country == "US" and abs(place.lat - 40.7) < 0.5 and abs(place.lon + 86.0) < 0.5


def test_a_river_named_after_its_generic_word_is_one_feature_not_a_town(gazetteer):
    """"The River Ouse": one feature, listed unresolved where no data holds it, never a town "The River"."""
    mention, answer = _resolved(gazetteer, "The River Ouse burst its banks in York, England.")["River Ouse"]
    assert not mention.rejected and answer.place is None
