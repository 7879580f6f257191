"""How US states and Canadian provinces are abbreviated: the Associated Press and Canadian Press
styles and the two-letter postal codes ("Tenn.", "Ont.", "KY"). The finders read them as places
after a name ("Paris, Tenn."); the sentence splitter does not end a sentence at their dot
("GLASGOW, Ky. (AP) —").
"""

from __future__ import annotations

__all__ = ["REGION_ABBREVIATIONS", "DOTTED_ABBREVIATIONS", "STANDALONE_ABBREVIATIONS", "AMBIGUOUS_ABBREVIATIONS"]


def _abbreviations(table: str) -> dict[str, str]:
    """``{"Tenn.": "Tennessee", ...}`` from lines ``Tenn.=Tennessee``."""
    return dict(line.split("=", 1) for line in table.strip().splitlines())


#: How US states and Canadian provinces are abbreviated after a place name ("Paris, Tenn.",
#: "GLASGOW, Ky. (AP)", "London, Ont.", "Glasgow, KY"): the Associated Press and Canadian Press
#: styles and the two-letter postal codes. Only read right after a comma that follows a name.
REGION_ABBREVIATIONS: dict[str, str] = _abbreviations("""
Ala.=Alabama
Ariz.=Arizona
Ark.=Arkansas
Calif.=California
Colo.=Colorado
Conn.=Connecticut
Del.=Delaware
D.C.=District of Columbia
Fla.=Florida
Ga.=Georgia
Ill.=Illinois
Ind.=Indiana
Kan.=Kansas
Kans.=Kansas
Ky.=Kentucky
La.=Louisiana
Md.=Maryland
Mass.=Massachusetts
Mich.=Michigan
Minn.=Minnesota
Miss.=Mississippi
Mo.=Missouri
Mont.=Montana
Neb.=Nebraska
Nev.=Nevada
N.H.=New Hampshire
N.J.=New Jersey
N.M.=New Mexico
N.Y.=New York
N.C.=North Carolina
N.D.=North Dakota
Okla.=Oklahoma
Ore.=Oregon
Pa.=Pennsylvania
R.I.=Rhode Island
S.C.=South Carolina
S.D.=South Dakota
Tenn.=Tennessee
Tex.=Texas
Vt.=Vermont
Va.=Virginia
Wash.=Washington
W.Va.=West Virginia
Wis.=Wisconsin
Wyo.=Wyoming
AL=Alabama
AK=Alaska
AZ=Arizona
AR=Arkansas
CA=California
CO=Colorado
CT=Connecticut
DE=Delaware
DC=District of Columbia
FL=Florida
GA=Georgia
HI=Hawaii
ID=Idaho
IL=Illinois
IN=Indiana
IA=Iowa
KS=Kansas
KY=Kentucky
LA=Louisiana
ME=Maine
MD=Maryland
MA=Massachusetts
MI=Michigan
MN=Minnesota
MS=Mississippi
MO=Missouri
MT=Montana
NE=Nebraska
NV=Nevada
NH=New Hampshire
NJ=New Jersey
NM=New Mexico
NY=New York
NC=North Carolina
ND=North Dakota
OH=Ohio
OK=Oklahoma
OR=Oregon
PA=Pennsylvania
RI=Rhode Island
SC=South Carolina
SD=South Dakota
TN=Tennessee
TX=Texas
UT=Utah
VT=Vermont
VA=Virginia
WV=West Virginia
WI=Wisconsin
WY=Wyoming
Alta.=Alberta
B.C.=British Columbia
Man.=Manitoba
N.B.=New Brunswick
N.L.=Newfoundland and Labrador
Nfld.=Newfoundland and Labrador
N.S.=Nova Scotia
N.W.T.=Northwest Territories
Ont.=Ontario
P.E.I.=Prince Edward Island
Que.=Quebec
Sask.=Saskatchewan
AB=Alberta
BC=British Columbia
MB=Manitoba
NL=Newfoundland and Labrador
NS=Nova Scotia
ON=Ontario
PE=Prince Edward Island
QC=Quebec
SK=Saskatchewan
""")

#: The dotted abbreviations without their dots, folded ("tenn", "ky", "b.c" is "b.c"): a dot after
#: one of them abbreviates, it does not end a sentence.
DOTTED_ABBREVIATIONS = frozenset(k[:-1].casefold() for k in REGION_ABBREVIATIONS if k.endswith("."))

#: Abbreviations that name a state standing alone, not only after a town ("NSW Health said",
#: "floods across Qld"): the Australian states, whose names news abbreviates on their own.
STANDALONE_ABBREVIATIONS: dict[str, str] = {
    **REGION_ABBREVIATIONS,
    "NSW": "New South Wales",
    "QLD": "Queensland",
    "Qld": "Queensland",
    "Tas.": "Tasmania",
}

#: Abbreviations that are also words, titles or common acronyms ("Miss.", "Del." a delegate,
#: "IN", "OR", "ME", "CA"): a place alone only after a preposition of place or listed with one.
AMBIGUOUS_ABBREVIATIONS = frozenset(
    "Miss. Del. Ind. Pa. Mass. La. Md. Mo. Wash. Ga. Va. Ill. Ore. Mont. Neb. Man. "
    "AL AR CA CO DE GA HI ID IN LA MA MD ME MI MO MS MT NE OH OK OR PA SC WA AB BC MB NL NS ON PE QC SK".split()
)
