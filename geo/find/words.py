"""The word lists the mention finders consult (all folded: lower case, no diacritics).

Words that are never a place on their own, however the gazetteer spells its
villages (calendar words, titles, function words and the head nouns of
organisations), and the words around a name that tell what it is: a locative
preposition before it, a verb of speech after it, an outlet's head noun.
"""

from __future__ import annotations

from ..text.abbreviations import REGION_ABBREVIATIONS

__all__ = [
    "CALENDAR",
    "TITLES",
    "FUNCTION_WORDS",
    "NOT_NAME_WORDS",
    "ORG_WORDS",
    "PERSON_VERBS",
    "METONYMY_VERBS",
    "CONNECTORS",
    "FACILITY_HEADS",
    "STREET_HEADS",
    "GOVERNMENT_HEADS",
    "SITE_NOUNS",
    "NAME_JOINERS",
    "OUTLET_HEADS",
    "LOCATIVE",
    "DEMONYM_SUFFIXES",
    "PLACE_HEADS",
    "PLACE_PREPOSITIONS",
    "DIRECTIONS",
    "GENERIC_AREAS",
    "POSITION_WORDS",
    "COMPOUND_PREFIXES",
    "REGION_ABBREVIATIONS",
]

CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december today tomorrow yesterday spring summer autumn winter".split()
)
TITLES = frozenset(
    "president vice mr mrs ms miss dr prof sir lord lady king queen prince princess sheikh emir sultan mullah "
    "minister secretary spokesman spokeswoman spokesperson envoy official officials leader chief general gen "
    "senator sen rep representative governor ambassador commander colonel col captain lieutenant sergeant "
    "pope bishop imam judge justice mayor premier chancellor former predecessor successor deputy".split()
)
FUNCTION_WORDS = frozenset(
    "a an the this that these those it its he she they we i you his her their our my your however while but and "
    "or if when since during after before according also as at in on of for from by with to not no yes there here "
    "what which who whom whose why how where all any some each every many most more other such only even still "
    "just then thus so yet nor both either neither earlier later once shortly meanwhile despite although though "
    "because unless until within without among between against about above below under over into onto upon".split()
)
#: Words that do not continue a name after a connector ("Bank of" + "Monday").
NOT_NAME_WORDS = CALENDAR | FUNCTION_WORDS | TITLES
ORG_WORDS = frozenset(
    "ministry department agency council house party parties force forces army navy bank company group "
    "organisation organization union assembly court office committee commission times post news press social "
    "media network networks international airport base street road province district state states talks deal "
    "agreement war verify review report photo graphic university college school institute centre center "
    "foundation administration government parliament congress senate embassy corporation inc ltd club "
    "association federation command operations program programme project service services".split()
)
PERSON_VERBS = frozenset(
    "said says told added posted wrote argued claimed stated praised emphasized emphasised reiterated clarified "
    "warned insisted stressed noted declared ordered suggested threatened renewed replied answered asked urged "
    "tweeted announced explained admitted denied vowed".split()
)
#: Verbs after a capital or country that make it stand for its government.
METONYMY_VERBS = PERSON_VERBS | frozenset(
    "rejected rejects denied denies accused accuses demanded demands condemned condemns welcomed welcomes "
    "wants wanted hopes hoped refused refuses agreed agrees signed signs responded responds criticised "
    "criticized sanctioned imposed pledged promised vetoed recognised recognized".split()
)
#: Small words inside names ("Bay of Bengal", "Rio de Janeiro", "Mazar-i-Sharif").
CONNECTORS = frozenset("of de del la le al el upon du da do dos das di am der den van von i e ul ud au aux".split())
#: Words that may join two names into one longer name the gazetteer knows ("Jammu and Kashmir",
#: "Trinidad and Tobago", "Rio Grande do Sul", "Boulogne-sur-Mer").
NAME_JOINERS = CONNECTORS | frozenset("and y sur on the".split())
#: Last words of the names of news outlets: a place inside such a name is not
#: a place mention ("The New York Times", "Washington Post").
OUTLET_HEADS = frozenset(
    "times post journal herald tribune gazette telegraph guardian chronicle observer standard express mail daily "
    "weekly news press radio tv television broadcasting review courier dispatch inquirer examiner today voice".split()
)
#: Prepositions that put what follows them somewhere ("in Xyz", "near Xyz").
LOCATIVE = frozenset("in at near from to across outside inside around towards toward via into".split())
#: Prepositions after which a name is a place even when the recogniser calls it a person
#: ("in Dadu"): "to", "from" and "at" also come before people ("a letter from Smith").
PLACE_PREPOSITIONS = frozenset("in near outside inside across around towards toward via".split())
#: Words before "of" that make what follows a place ("southwest of Corbin", "the outskirts of Keavy").
DIRECTIONS = frozenset(
    "north south east west northeast northwest southeast southwest north-east north-west south-east south-west "
    "outskirts edge heart centre center".split()
)
#: Endings of demonyms ("Afghan", "Pakistani", "Chinese", "Turkish").
DEMONYM_SUFFIXES = ("ian", "an", "ese", "ish", "i", "n")
#: Last words that make an unknown name a place ("Scott County", "Kuhmo Valley").
PLACE_HEADS = frozenset(
    "county province district region state territory prefecture municipality parish borough township village "
    "city town valley river lake mountain mountains mount island islands peninsula coast bay gulf sea desert "
    "plateau basin strait canyon forest park camp airport airbase base port harbour harbor".split()
)
#: Single words the recogniser calls places that are directions, not places.
GENERIC_AREAS = frozenset("west east north south centre center central midwest northeast northwest southeast southwest".split())
#: Words of direction and position: English adjectives first, and the names of regions
#: in several countries ("Central" in Ghana, "Western" in Zambia, "Southern" in Hong Kong).
POSITION_WORDS = GENERIC_AREAS | frozenset(
    "western eastern northern southern upper lower middle inner outer greater coastal interior".split()
)
#: Prefixes that make a compound adjective of the word after their hyphen ("pro-Western",
#: "anti-government", "non-Arab"): the word is then not a place of its own.
COMPOUND_PREFIXES = frozenset("pro anti non ex post pre mid trans pan neo quasi semi cross inter intra all un".split())

#: The generic word of a natural feature's name, before it ("Lake Erie", "Mount Kenya") or
#: after it ("Cumberland River", "Korean Peninsula"): the whole name is one place, found or not.
FEATURE_PREFIXES = frozenset("lake lakes mount mt. mt cape river loch lough rio río".split())
FEATURE_SUFFIXES = frozenset(
    "river lake lakes mountains mountain range hills desert peninsula island islands valley canal strait straits "
    "sea ocean bay gulf plateau basin delta falls glacier reef archipelago lagoon creek isle pass gorge canyon".split()
)
#: Last words of the names of schools, hospitals, buildings and businesses, not of towns ("Franklin
#: Elementary", "Auckland Zoo"); a council or a police force is its town's ("Santa Ana City Council").
FACILITY_HEADS = frozenset(
    "school elementary college university academy hospital clinic hotel museum stadium arena church mosque "
    "cathedral zoo prison jail mall restaurant cafe market terminal plant factory railroad railway center centre hall "
    "library courthouse auditorium gymnasium".split()
)
#: Last words of the names of streets and roads ("Washington Street", "Pennsylvania Avenue", "Kandahar
#: Road"): a name before one is the street's, not the town or state it was named after.
STREET_HEADS = frozenset(
    "street st avenue ave road rd boulevard blvd drive lane highway parkway pike turnpike terrace".split()
)
#: The first word of the body that governs, polices or judges a town or county, written after
#: its name ("Dallas Police Department", "Winnebago County Sheriff's Office", "Westminster
#: City Council", "Laurel County Fiscal Court"): the name is then the body's jurisdiction.
GOVERNMENT_HEADS = frozenset(
    "police sheriff sheriff's council city county court courts fiscal commission commissioners board "
    "department fire government municipal mayor mayor's legislature assembly township borough".split()
)
#: Sites written in lower case after the name of the place they are at ("the Pirbright laboratory",
#: "the Dadaab refugee camps", "the Yanacocha mine"): the name is then where the site is.
SITE_NOUNS = frozenset(
    "camp camps mine mines laboratory laboratories lab labs racecourse station airport airbase base hospital "
    "clinic plant factory farm farms market slum slums prison refinery dam reservoir quarry harbour harbor "
    "port crossing checkpoint".split()
)
#: The last word of an institution's name: "Lake Erie College" is no lake.
INSTITUTION_HEADS = frozenset(
    "university college school academy hospital clinic company corp corporation inc ltd council authority "
    "commission committee association club hotel airlines airways bank group institute foundation museum "
    "stadium arena church mosque cathedral center centre".split()
)
