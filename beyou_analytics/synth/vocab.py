"""Word lists of the synthetic practice: staff, Dutch names, places and the export vocabularies.

Pure data. Everything here is invented; names and addresses are combinations of common Dutch
words and do not describe real people. Every string is Windows-1252 encodable (the check-in
export is cp1252), which a test checks.
"""

from __future__ import annotations

# Staff as shown in the practice software. Caseload shares of the first six follow a realistic
# spread (two part-timers at the end); more therapists get geometrically smaller shares.
THERAPISTS = (
    "Sanne de Vries", "Thijs Bakker", "Lotte Jansen", "Daan Visser", "Femke Smit",
    "Joris van Dijk", "Iris Mulder", "Bram de Boer", "Noor Hendriks", "Ruben Peters",
    "Anouk Dekker", "Sem van Leeuwen",
)
CASELOAD_SHARES = (0.26, 0.21, 0.17, 0.14, 0.12, 0.10)

# How each therapist runs the measurement protocol (cycled when there are more than six):
# patient-specific scale, disability scale, Tampa version, PSEQ version at interims, and
# whether the Örebro is given at intake next to the STarT Back.
THERAPIST_HABITS = tuple(
    dict(zip(("activity", "disability", "tsk", "pseq_interim", "ompsq"), habits, strict=True))
    for habits in (
        ("PSK", "QBPDS", "TSK17", "PSEQ", True),
        ("PSK", "ODI", "TSK17", "PSEQ2", False),
        ("PSFS", "QBPDS", "TSK11", "PSEQ", True),
        ("PSK", "RMDQ", "TSK17", "PSEQ2", False),
        ("PSFS", "ODI", "TSK17", "PSEQ", True),
        ("PSK", "QBPDS", "TSK17", "PSEQ", False),
    )
)

FEMALE_FIRST = (
    "Anna", "Emma", "Sophie", "Julia", "Lisa", "Eva", "Sara", "Fleur", "Lieke", "Marloes",
    "Inge", "Petra", "Monique", "Anja", "Ingrid", "Marieke", "Esther", "Linda", "Sandra",
    "Wendy", "Karin", "Mirjam", "Annemiek", "Saskia", "Hanneke", "Yvonne", "Carla", "Ria",
    "Joke", "Greet", "Zoë", "Chloë", "Noëlle", "Anaïs", "Fatima", "Samira", "Aylin", "Agnieszka",
    "Mila", "Tess", "Roos", "Nadia", "Priya", "Daphne", "Renée", "Astrid",
)
MALE_FIRST = (
    "Jan", "Peter", "Kees", "Henk", "Gerrit", "Willem", "Johan", "Martijn", "Bas", "Jeroen",
    "Erik", "Mark", "Sander", "Niels", "Wouter", "Joost", "Rob", "Frank", "Paul", "Hans",
    "Dirk", "Arjen", "Ruud", "Marco", "Stefan", "Tim", "Lucas", "Milan", "Noah", "Finn",
    "Mohamed", "Youssef", "Mehmet", "Emre", "Tomasz", "Rajesh", "René", "André", "Joël", "Raf",
)
SURNAMES = (
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser",
    "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks",
    "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer",
    "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen",
    "van den Broek", "de Bruijn", "de Bruin", "van der Heijden", "Schouten", "van Beek",
    "Willems", "van Vliet", "van de Ven", "Hoekstra", "Maas", "Verhoeven", "Koster",
    "van Dam", "van der Wal", "Prins", "Blom", "Huisman", "Peeters", "de Lange", "Kuipers",
    "van Wijk", "Post", "Kramer", "van den Bosch", "Scholten", "Groen", "Ter Horst",
    "Özdemir", "Yilmaz", "El Amrani", "Bouzid", "Nowak", "Kowalski", "Ramdin", "Sewnath",
    "Nguyen", "Çelik", "Lemaître", "Müller",
)
STREETS = (
    "Kerkstraat", "Dorpsstraat", "Molenweg", "Schoolstraat", "Stationsweg", "Julianastraat",
    "Wilhelminalaan", "Beatrixstraat", "Prins Bernhardlaan", "Kastanjelaan", "Eikenlaan",
    "Lindenlaan", "Merelstraat", "Vinkenstraat", "Rozenstraat", "Tulpstraat", "Parkweg",
    "Hoofdstraat", "Nieuwstraat", "Marktstraat", "Zuiderweg", "Noorderkade", "Havenstraat",
    "Sportlaan", "Burgemeester de Withstraat", "Oranjestraat", "Spoorlaan", "Bloemgracht",
)
# City and the first two digits of its postcodes.
CITIES = (
    ("Utrecht", 35), ("Zeist", 37), ("Bilthoven", 37), ("Houten", 39), ("Nieuwegein", 34),
    ("IJsselstein", 34), ("Maarssen", 36), ("De Meern", 34), ("Bunnik", 39), ("Vleuten", 34),
    ("Amersfoort", 38), ("Woerden", 34),
)
EMAIL_DOMAINS = ("gmail.com", "hotmail.com", "outlook.com", "ziggo.nl", "kpnmail.nl",
                 "live.nl", "icloud.com", "xs4all.nl", "planet.nl")

# Practice management system vocabularies (one label per value, as a dropdown exports it).
SEX_SPELLINGS = {  # store code -> (spelling, weight) as seen in exports
    "F": (("V", 0.82), ("vrouw", 0.08), ("Vrouw", 0.06), ("v", 0.04)),
    "M": (("M", 0.82), ("man", 0.08), ("Man", 0.06), ("m", 0.04)),
    "X": (("X", 1.0),),
}
REFERRALS = (("DTF", 0.52), ("huisarts", 0.32), ("specialist", 0.10), ("bedrijfsarts", 0.04),
             ("Huisarts", 0.02))
END_REASON_LABELS = {
    "goal_reached": "Behandeldoel bereikt",
    "own_initiative": "Eigen initiatief patiënt",
    "referred": "Verwezen",
    "no_show": "Niet meer verschenen",
    "moved": "Verhuisd",
    "other": "Overig",
}
# DCSPH codes: location (first two digits) + pathology (last two); synthetic codes in that
# shape for lumbar and lumbosacral complaints, weights favour non-specific low back pain.
DIAGNOSIS_CODES = (("3438", 0.46), ("3338", 0.22), ("3439", 0.10), ("3420", 0.08),
                   ("3440", 0.08), ("3320", 0.06))

# Survey tool: how questionnaires are named besides their registry code, the common shorthand
# first (all resolve through the registry's aliases; fixed here so the sample's bytes do not
# move when aliases are added to the registry).
INSTRUMENT_LABELS = {
    "NPRS": ("Pijnscore", "NRS pijn", "Numerieke pijnschaal"),
    "ODI": ("Oswestry", "ODI 2.1a", "Oswestry Disability Index"),
    "RMDQ": ("Roland-Morris", "RDQ-24", "Roland Morris"),
    "QBPDS": ("Quebec", "Quebec Back Pain Disability Scale", "QBPDS-NL"),
    "PSFS": ("Patient Specific Functional Scale", "PSFS-NL"),
    "PSK": ("Patiënt Specifieke Klachten (PSK)", "Patiëntspecifieke klachten"),
    "TSK17": ("Tampa", "TSK-17", "Tampa Schaal voor Kinesiofobie", "TSK"),
    "TSK11": ("TSK-11", "Tampa kort"),
    "PCS": ("Pijn Catastroferen Schaal (PCS)", "Pain Catastrophizing Scale", "PCS-NL"),
    "PSEQ": ("PSEQ-10", "Pain Self-Efficacy Questionnaire"),
    "PSEQ2": ("PSEQ-2", "PSEQ kort"),
    "CSI": ("Central Sensitization Inventory", "CSI-NL"),
    "SBST": ("STarT Back", "Keele STarT Back", "STarT Back Tool"),
    "OMPSQ10": ("Örebro", "ÖMPSQ-10", "Örebro kort"),
    "GPE": ("GPE-DV", "Globaal Ervaren Effect", "Global Perceived Effect"),
}
# Survey tool: moments as the therapist labelled them (contract §1b), with weights.
TIMEPOINT_LABELS = {
    "intake": (("intake", 0.80), ("baseline", 0.08), ("Intake", 0.06), ("", 0.06)),
    "interim": (("tussentijds", 0.80), ("interim", 0.08), ("Tussentijds", 0.06), ("", 0.06)),
    "discharge": (("eind", 0.80), ("discharge", 0.08), ("Eind", 0.06), ("", 0.06)),
}
# Yes/no encodings of the survey tool, per administration, with weights.
YES_NO_STYLES = ((("ja", "nee"), 0.84), (("1", "0"), 0.08), (("Ja", "Nee"), 0.05),
                 (("yes", "no"), 0.03))
# Check-in app ("Oefeningen gedaan"): the app writes ja/nee; older app versions and manual
# corrections left the other spellings the contract lists.
CHECKIN_YES_NO_VARIANTS = (("j", "n"), ("yes", "no"), ("1", "0"), ("true", "false"),
                           ("waar", "onwaar"), ("Ja", "Nee"))
NOT_A_NUMBER = ("n.v.t.", "?", "—", "nvt", "x")
# Questionnaires the practice also uses but the library does not score: (name, items, min, max).
UNKNOWN_INSTRUMENTS = (("PSQI", 19, 0, 3), ("EQ-5D-5L", 5, 1, 5), ("HADS", 14, 0, 3),
                       ("4DKL-kort", 16, 0, 4))

# Free text of the check-in app. {m}/{f} become a male/female first name, {t} a therapist's
# first name: the free text names people, which is why it never reaches the store.
COMMENTS_NEUTRAL = (
    "Rustige dag.", "Vandaag gewerkt, ging redelijk.", "Oefeningen 's ochtends gedaan.",
    "Stukje gefietst naar de markt.", "Lang gezeten in de auto.", "Wandeling van een half uur.",
    "Weinig tijd gehad voor de oefeningen.", "Druk met de kinderen.", "Zwemmen ging goed!",
    "Tuinieren, daarna wat stijf.", "Fysio zei: \"rustig opbouwen\"; dat probeer ik.",
    "Verjaardag gehad, veel gestaan.",
)
COMMENTS_PEOPLE = (
    "Mijn man {m} vond dat ik vandaag beter liep.", "Met mijn dochter {f} gewandeld.",
    "Buurvrouw {f} hielp met de boodschappen.", "Collega {m} heeft het tilwerk overgenomen.",
    "Oefeningen samen met {f} gedaan.", "Mijn vrouw {f} zegt dat ik minder klaag, haha.",
    "{t} zei dat ik de belasting rustig mag opbouwen.", "Met {m} gaan fietsen, 10 km.",
    "Zoon {m} geholpen met verhuizen, achteraf niet slim.", "Vriendin {f} ging mee zwemmen.",
)
COMMENTS_FLARE = (
    "Veel pijn na een drukke dag.", "Rug schoot vast bij het tillen.",
    "Slecht geslapen van de pijn.",
    "Te veel gedaan dit weekend, nu flink last.", "Pijn straalt weer uit naar mijn been.",
)
COMMENTS_STRESS = (
    "Drukke week op het werk.", "Veel aan mijn hoofd, slecht geslapen.", "Spanning thuis.",
    "Deadline op werk, weinig rust.", "Zorgen om mijn moeder.",
)
COMMENTS_GOOD = (
    "Goede dag, bijna geen pijn!", "Weer een stuk hardgelopen.", "Voel me sterker.",
    "Hele dag gewerkt zonder problemen.", "Goed geslapen.",
)
