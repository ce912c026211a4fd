"""The 15 instruments the library scores, one ``register`` call each.

Every rule is taken from ``../shared/instruments.md`` ("PROM scoring reference"); the numbers in
square brackets are that document's source list (§17), and "binding decision" refers to its
table of binding decisions where the sources disagree or are silent.
"""

from __future__ import annotations

from beyou_analytics.instruments.registry import Band, Instrument, Reference, Scale, register

R = Reference

# Binding decision (missing items): pro-rate when at most floor(10 % of items) are missing.
PRORATE_SOURCE = "instruments.md binding decision: pro-rate when <= floor(10 % x n_items) missing"
OSTELO = "[1] Ostelo et al. 2008 (consensus MIC)"


def _items(first: int, last: int) -> tuple[int, ...]:
    return tuple(range(first, last + 1))


def _high_low(threshold: float, op: str, high: str, high_nl: str, low: str, low_nl: str):
    return (
        Band(high, op, threshold, high_nl, high.replace("_", " ")),
        Band(low, None, None, low_nl, low.replace("_", " ")),
    )


register(
    Instrument(
        code="NPRS",
        name_en="Numeric Pain Rating Scale",
        name_nl="Numerieke pijnschaal (NPRS)",
        aliases=("NRS", "NPRS 0-10", "NRS pijn", "Pijnscore", "Pijn NRS", "Numeric Rating Scale",
                 "Numerieke pijnschaal", "Pijnschaal", "Gemiddelde pijn"),
        domain="pain",
        n_items=1, item_min=0, item_max=10, higher_is_worse=True,
        scales=(
            Scale(
                "total", (1,), 0, 10, method="single_item",
                mcid_abs=R(2, OSTELO), mcid_pct=R(30, OSTELO),
                sem=R(1.02, "[2] Childs et al. 2005"),
                alternatives=(
                    ("mcid_abs", R(2.2, "[2] Childs et al. 2005, 1 week")),
                    ("mcid_abs", R(1.5, "[2] Childs et al. 2005, 4 weeks")),
                ),
                label_nl="Pijn (gemiddeld, 24 uur)", label_en="Pain (average, 24 h)",
            ),
        ),
        item_labels=("Average pain in the last 24 hours (0 no pain - 10 worst imaginable)",),
        sources=("[1] Ostelo 2008", "[2] Childs 2005", "[7] KNGF-richtlijn Lage rugpijn 2021",
                 "[12] Kamper 2010"),
        notes="Single item: a missing answer gives no score. KNGF 2021 core instrument.",
    )
)

ODI_SECTIONS = (
    "Pain intensity", "Personal care", "Lifting", "Walking", "Sitting", "Standing",
    "Sleeping", "Sex life (if applicable)", "Social life", "Travelling",
)
register(
    Instrument(
        code="ODI",
        name_en="Oswestry Disability Index 2.1a",
        name_nl="Oswestry Disability Index (ODI 2.1a, Nederlandse versie)",
        aliases=("Oswestry", "ODI 2.1a", "ODI-NL", "Oswestry Disability Index",
                 "Oswestry vragenlijst", "Oswestry Low Back Pain Disability Questionnaire"),
        domain="function",
        n_items=10, item_min=0, item_max=5, higher_is_worse=True,
        scales=(
            Scale(
                "total", _items(1, 10), 0, 100, method="odi_percent", min_answered=8,
                bands=(
                    Band("minimal", "<=", 20, "minimale beperking", "minimal disability"),
                    Band("moderate", "<=", 40, "matige beperking", "moderate disability"),
                    Band("severe", "<=", 60, "ernstige beperking", "severe disability"),
                    Band("crippled", "<=", 80, "invaliderend", "crippling back pain"),
                    Band("bed_bound", None, None, "bedgebonden of overdrijvend",
                         "bed-bound or exaggerating"),
                ),
                mcid_abs=R(10, OSTELO), mcid_pct=R(30, OSTELO),
                sem=R(4.92, "computed: SD 12.3 [8] x sqrt(1 - ICC 0.84 [3])"),
                alternatives=(
                    ("sem", R(6.0, "[3] Davidson & Keating 2002 (modified ODI, stable)")),
                    ("sem", R(4.5, "[3] Davidson & Keating 2002 (modified ODI, 'about the same')")),
                    ("min_answered", R(9, "[6] AO/Stata odi, Awell: at most 1 missing section")),
                    ("mcid_pct", R(18, "[25] Mannion 2006 (German ODI)")),
                ),
                label_nl="Beperkingen (ODI, %)", label_en="Disability (ODI, %)",
            ),
        ),
        item_labels=ODI_SECTIONS,
        sources=("[4] Fairbank (Mapi text), Fairbank & Pynsent 2000", "[6] AO/Stata odi",
                 "[8] van Hooff 2015 (Dutch ODI 2.1a)", "[1] Ostelo 2008", "[3] Davidson 2002"),
        notes=("Score = sum / (5 x sections answered) x 100; scored when >= 8 of 10 sections "
               "are answered (binding decision; strict alternative >= 9). Two boxes ticked: the "
               "higher. Bands on the unrounded score, upper-inclusive (binding decision). "
               "Licence: Mapi Research Trust."),
    )
)

register(
    Instrument(
        code="RMDQ",
        name_en="Roland-Morris Disability Questionnaire",
        name_nl="Roland-Morris vragenlijst (RMDQ)",
        aliases=("RDQ", "RMD", "RMDQ-24", "RDQ-24", "Roland-Morris", "Roland Morris",
                 "Roland Disability Questionnaire", "Roland-Morris vragenlijst"),
        domain="function",
        n_items=24, item_min=0, item_max=1, higher_is_worse=True,
        yes_no_items=_items(1, 24),
        scales=(
            Scale(
                "total", _items(1, 24), 0, 24, max_missing=2,
                mcid_abs=R(5, OSTELO), mcid_pct=R(30, OSTELO),
                sem=R(3.7, "[3] Davidson & Keating 2002 (stable group)"),
                alternatives=(("sem", R(4.1, "[3] Davidson & Keating 2002 ('about the same')")),),
                label_nl="Beperkingen (RMDQ)", label_en="Disability (RMDQ)",
            ),
        ),
        sources=("[10] Roland & Fairbank 2000", "[11] Kent & Lauridsen (missing items)",
                 "[1] Ostelo 2008", "[3] Davidson 2002", "[12] Kamper 2010 (recovered <= 2)"),
        notes=("Ticked statement = 1 (ja), not ticked = 0 (nee). Yes/no electronic format: up to "
               "2 missing answers are pro-rated (binding decision)."),
    )
)

QBPDS_ITEMS = (
    "Get out of bed", "Sleep through the night", "Turn over in bed", "Ride in a car",
    "Stand up for 20-30 minutes", "Sit in a chair for several hours", "Climb one flight of stairs",
    "Walk a few blocks (300-400 m)", "Walk several kilometres", "Reach up to high shelves",
    "Throw a ball", "Run one block (about 100 m)", "Take food out of the refrigerator",
    "Make your bed", "Put on socks (pantyhose)", "Bend over to clean the bathtub",
    "Move a chair", "Pull or push heavy doors", "Carry two bags of groceries",
    "Lift and carry a heavy suitcase",
)
register(
    Instrument(
        code="QBPDS",
        name_en="Quebec Back Pain Disability Scale",
        name_nl="Quebec Back Pain Disability Scale (QBPDS, Nederlandse versie)",
        aliases=("Quebec", "QBPDS-NL", "Quebec Back Pain Disability", "Quebec schaal"),
        domain="function",
        n_items=20, item_min=0, item_max=5, higher_is_worse=True,
        scales=(
            Scale(
                "total", _items(1, 20), 0, 100, max_missing=2,
                mcid_abs=R(20, OSTELO), mcid_pct=R(30, OSTELO),
                sem=R(8.0, "[3] Davidson & Keating 2002 (stable group)"),
                alternatives=(
                    ("mcid_abs", R(6, "[16] Monticone 2022 (CLBP, multidisciplinary)")),
                    ("mcid_pct", R(18, "[16] Monticone 2022")),
                    ("mcid_abs", R(5, "[16b] Demoulin 2010")),
                    ("mcid_pct", R(18.1, "[16b] Demoulin 2010")),
                    ("mcid_abs", R(6.5, "[16c] Vieira 2014 (Portuguese PT cohort)")),
                    ("sem", R(4.33, "computed: MDC95 12 [16] / 2.772")),
                    ("sem", R(7.0, "[3] Davidson & Keating 2002 ('about the same')")),
                ),
                label_nl="Beperkingen (QBPDS)", label_en="Disability (QBPDS)",
            ),
        ),
        item_labels=QBPDS_ITEMS,
        response_labels={0: "not difficult at all", 1: "minimally difficult",
                         2: "somewhat difficult", 3: "fairly difficult", 4: "very difficult",
                         5: "unable to do"},
        sources=("[14] Kopec 1995", "[15] Schoppink 1996 (Dutch version)", "[1] Ostelo 2008",
                 "[16] Monticone 2022", "[3] Davidson 2002", "[7] KNGF 2021"),
        notes=("Sum of 20 items (0-5). Up to 2 missing items pro-rated (binding decision). "
               "Domains (bed/rest 1-3, sitting/standing 4-6, ambulation 7-9, movement 10-12, "
               "bending 13-16, heavy objects 17-20) are descriptive, not scored [15]. The "
               "consensus MCID (20 points) is 3-4x the empirical CLBP values (5-6.5 points); "
               "both are listed, and SEM 8 vs 4.33 changes RCI verdicts: report the one used."),
    )
)

register(
    Instrument(
        code="PSFS",
        name_en="Patient-Specific Functional Scale",
        name_nl="Patiënt Specifieke Functionele Schaal (PSFS)",
        aliases=("PSFS-NL", "Patient Specific Functional Scale",
                 "Patient-Specific Functional Scale (PSFS)",
                 "Patiënt Specifieke Functionele Schaal"),
        domain="function",
        n_items=5, item_min=0, item_max=10, higher_is_worse=False,
        scales=(
            Scale(
                "total", _items(1, 5), 0, 10, method="mean_of_answered", min_answered=1,
                alternatives=(
                    ("mcid_abs", R(2, "Horn 2012 review, as cited in instruments.md §5 "
                                      "[UNVERIFIED]: not applied unless chosen")),
                ),
                label_nl="Activiteiten (PSFS, 10 = kan het)",
                label_en="Activities (PSFS, 10 = able)",
            ),
        ),
        item_labels=tuple(f"Activity {i} (0 unable - 10 able at prior level)" for i in range(1, 6)),
        sources=("[19] Stratford 1995; Schreuders & Videler 2008 (PSFS-NL)",),
        notes=("Higher = better (0 unable, 10 able at pre-problem level). Score = mean of the "
               "rated activities (1-5, at least 1). Never pooled with the PSK (binding decision). "
               "The commonly cited MCID of 2 points is UNVERIFIED, so it is an alternative, not "
               "the default: change is reported, not classified, unless the caller chooses it."),
    )
)

register(
    Instrument(
        code="PSK",
        name_en="Patient-Specific Complaints",
        name_nl="Patiënt Specifieke Klachten (PSK)",
        aliases=("Patient Specifieke Klachten", "Patiëntspecifieke klachten",
                 "Patient Specific Complaints", "PSK-NL"),
        domain="function",
        n_items=5, item_min=0, item_max=10, higher_is_worse=True,
        scales=(
            Scale(
                "total", _items(1, 5), 0, 10, method="mean_of_answered", min_answered=1,
                label_nl="Moeite met activiteiten (PSK, 10 = onmogelijk)",
                label_en="Difficulty with activities (PSK, 10 = impossible)",
            ),
        ),
        item_labels=tuple(f"Activity {i} (0 no difficulty - 10 impossible)" for i in range(1, 6)),
        sources=("[17] Meetinstrumenten in de zorg: PSK", "[18] Oefentherapie DRV: PSK",
                 "[20] Beurskens 1996", "[7] KNGF 2021"),
        notes=("Higher = worse (more difficulty), the opposite of the PSFS; Awell's psk uses the "
               "PSFS direction and is not copied. Score = mean of the rated activities (binding "
               "decision). No published MCID or SEM: change is reported, not classified."),
    )
)

TSK_SOURCES = ("[24] Vlaeyen 1995 via Carlbring (reversed items, range)",
               "[26] Woby 2005 (TSK-11, MIC, SEM)")
register(
    Instrument(
        code="TSK17",
        name_en="Tampa Scale for Kinesiophobia (17 items)",
        name_nl="Tampa Schaal voor Kinesiofobie (TSK-17)",
        aliases=("TSK", "TSK-17", "Tampa", "Tampa Scale", "Tampa Scale for Kinesiophobia",
                 "Tampa schaal", "Tampa Schaal voor Kinesiofobie", "Tampa Schaal Kinesiofobie"),
        domain="psychosocial",
        n_items=17, item_min=1, item_max=4, higher_is_worse=True,
        reversed_items=(4, 8, 12, 16),
        scales=(
            Scale(
                "total", _items(1, 17), 17, 68, max_missing=1,
                bands=_high_low(37, ">", "high", "hoge bewegingsangst",
                                "not_high", "geen hoge bewegingsangst"),
                mcid_abs=R(4, "[26] Woby 2005"),
                sem=R(3.16, "[26] Woby 2005"),
                label_nl="Bewegingsangst (TSK-17)", label_en="Fear of movement (TSK-17)",
            ),
        ),
        response_labels={1: "strongly disagree", 2: "disagree", 3: "agree", 4: "strongly agree"},
        sources=TSK_SOURCES,
        notes=("Items 4, 8, 12, 16 reversed (5 - x) before summing. High kinesiophobia when > 37 "
               "(37 is not high; Awell's code uses >= 37). One missing item pro-rated."),
    )
)

register(
    Instrument(
        code="TSK11",
        name_en="Tampa Scale for Kinesiophobia (11 items)",
        name_nl="Tampa Schaal voor Kinesiofobie, korte versie (TSK-11)",
        aliases=("TSK-11", "Tampa 11", "Tampa kort", "Tampa Scale for Kinesiophobia 11",
                 "TSK-11 kort", "Tampa Schaal voor Kinesiofobie, korte versie"),
        domain="psychosocial",
        n_items=11, item_min=1, item_max=4, higher_is_worse=True,
        scales=(
            Scale(
                "total", _items(1, 11), 11, 44, max_missing=1,
                mcid_abs=R(4, "[26] Woby 2005"),
                sem=R(2.54, "[26] Woby 2005"),
                alternatives=(("mcid_abs", R(5.6, "[27] Archives of Physiotherapy (secondary)")),),
                label_nl="Bewegingsangst (TSK-11)", label_en="Fear of movement (TSK-11)",
            ),
        ),
        response_labels={1: "strongly disagree", 2: "disagree", 3: "agree", 4: "strongly agree"},
        sources=TSK_SOURCES,
        notes=("TSK-17 items 1, 2, 3, 5, 6, 7, 10, 11, 13, 15, 17 in that order; no reversed "
               "items. No validated cut-off. One missing item pro-rated."),
    )
)

PCS_SOURCES = ("[28] RehabMeasures PCS (subscales)", "[29] Sullivan PCS manual",
               "[30] Monticone 2022 (MIC)", "[13] Fernandes 2012 (SEM)")
register(
    Instrument(
        code="PCS",
        name_en="Pain Catastrophizing Scale",
        name_nl="Pijn Catastroferen Schaal (PCS)",
        aliases=("Pain Catastrophising Scale", "PCS-DV", "PCS-NL", "Pijn Catastroferings Schaal",
                 "Pijncatastroferen", "Pijn Catastroferen Schaal"),
        domain="psychosocial",
        n_items=13, item_min=0, item_max=4, higher_is_worse=True,
        scales=(
            Scale(
                "total", _items(1, 13), 0, 52, max_missing=1,
                bands=_high_low(30, ">=", "clinically_relevant", "klinisch relevant",
                                "below_threshold", "onder de drempel"),
                mcid_abs=R(8, "[30] Monticone 2022"),
                mcid_high_baseline=(30, R(11, "[30] Monticone 2022 (catastrophisers > 30)")),
                sem=R(4.6, "[13] Fernandes 2012"),
                label_nl="Catastroferen (PCS)", label_en="Catastrophising (PCS)",
            ),
            Scale("rumination", (8, 9, 10, 11), 0, 16, max_missing=0,
                  label_nl="Rumineren", label_en="Rumination"),
            Scale("magnification", (6, 7, 13), 0, 12, max_missing=0,
                  label_nl="Uitvergroten", label_en="Magnification"),
            Scale("helplessness", (1, 2, 3, 4, 5, 12), 0, 24, max_missing=0,
                  label_nl="Hulpeloosheid", label_en="Helplessness"),
        ),
        response_labels={0: "not at all", 1: "to a slight degree", 2: "to a moderate degree",
                         3: "to a great degree", 4: "all the time"},
        sources=PCS_SOURCES,
        notes=("Clinically relevant when >= 30 (binding decision; RehabMeasures [28] says "
               "'above 30', others '>= 30'). MCID 8 points, 11 when the baseline is above 30. "
               "Subscales follow the 10 % rule on their own items: floor(10 % x 4, 3 or 6) = 0, "
               "so a subscale needs all its items."),
    )
)

PSEQ_ITEMS = (
    "Enjoy things despite the pain", "Do most household chores", "Socialise as often as before",
    "Cope with pain in most situations", "Do some form of work (incl. housework)",
    "Do many of the things I enjoy (hobbies, leisure)", "Cope without medication",
    "Accomplish most of my goals in life", "Live a normal lifestyle",
    "Gradually become more active",
)
register(
    Instrument(
        code="PSEQ",
        name_en="Pain Self-Efficacy Questionnaire",
        name_nl="Vragenlijst pijn-zelfeffectiviteit (PSEQ)",
        aliases=("PSEQ10", "PSEQ-10", "Pain Self Efficacy Questionnaire", "Pain Self-Efficacy",
                 "Pijn zelfeffectiviteit vragenlijst", "PSEQ-NL",
                 "Vragenlijst pijn-zelfeffectiviteit"),
        domain="psychosocial",
        n_items=10, item_min=0, item_max=6, higher_is_worse=False,
        scales=(
            Scale(
                "total", _items(1, 10), 0, 60, max_missing=1,
                mcid_abs=R(5.5, "[34] Chiarotto 2016"),
                sem=R(4.57, "computed: SDC 12.67 [35] / 2.772"),
                alternatives=(("mcid_abs", R(11, "[27] Archives of Physiotherapy (secondary)")),),
                label_nl="Vertrouwen ondanks pijn (PSEQ)",
                label_en="Confidence despite pain (PSEQ)",
            ),
        ),
        item_labels=PSEQ_ITEMS,
        response_labels={0: "not at all confident", 6: "completely confident"},
        sources=("[32] Nicholas 2007", "[34] Chiarotto 2016", "[35] Vejlgaard 2021",
                 "[36] van der Maas 2012 (Dutch)"),
        notes="Higher = better. No verified cut-offs, so no bands. One missing item pro-rated.",
    )
)

register(
    Instrument(
        code="PSEQ2",
        name_en="Pain Self-Efficacy Questionnaire, 2-item short form",
        name_nl="Vragenlijst pijn-zelfeffectiviteit, korte versie (PSEQ-2)",
        aliases=("PSEQ-2", "PSEQ kort", "PSEQ 2 item", "Pain Self-Efficacy Questionnaire 2",
                 "Vragenlijst pijn-zelfeffectiviteit, korte versie"),
        domain="psychosocial",
        n_items=2, item_min=0, item_max=6, higher_is_worse=False,
        scales=(
            Scale(
                "total", (1, 2), 0, 12, max_missing=0,
                mcid_abs=R(1.5, "[34] Chiarotto 2016"),
                label_nl="Vertrouwen ondanks pijn (PSEQ-2)",
                label_en="Confidence despite pain (PSEQ-2)",
            ),
        ),
        item_labels=(PSEQ_ITEMS[4], PSEQ_ITEMS[8]),
        sources=("[33] Nicholas 2015", "[34] Chiarotto 2016"),
        notes="PSEQ items 5 and 9 (work, normal lifestyle). No published SEM: no RCI.",
    )
)

register(
    Instrument(
        code="CSI",
        name_en="Central Sensitization Inventory (part A)",
        name_nl="Centrale Sensitisatie Inventarisatie (CSI, deel A)",
        aliases=("Central Sensitization Inventory", "Central Sensitisation Inventory",
                 "CSI-NL", "CSI deel A", "Centrale sensitisatie vragenlijst",
                 "Centrale Sensitisatie Inventarisatie"),
        domain="psychosocial",
        n_items=25, item_min=0, item_max=4, higher_is_worse=True,
        scales=(
            Scale(
                "total", _items(1, 25), 0, 100, max_missing=2,
                bands=(
                    Band("subclinical", "<", 30, "subklinisch", "subclinical"),
                    Band("mild", "<", 40, "licht", "mild"),
                    Band("moderate", "<", 50, "matig", "moderate"),
                    Band("severe", "<", 60, "ernstig", "severe"),
                    Band("extreme", None, None, "extreem", "extreme"),
                ),
                alternatives=(
                    ("cutoff", R(40, "Neblett 2013 (international)")),
                    ("cutoff", R(30, "[39] Schuttert 2023 (Dutch, overall)")),
                    ("cutoff", R(33, "[39] Schuttert 2023 (Dutch, women)")),
                    ("cutoff", R(25, "[39] Schuttert 2023 (Dutch, men)")),
                ),
                label_nl="Centrale sensitisatie (CSI)", label_en="Central sensitisation (CSI)",
            ),
        ),
        response_labels={0: "never", 1: "rarely", 2: "sometimes", 3: "often", 4: "always"},
        sources=("[37] Neblett 2017 (severity levels)", "[38] Kregel 2016 (Dutch CSI)",
                 "[39] Schuttert 2023 (Dutch cut-offs)"),
        notes=("Part B (diagnoses) is not scored. No published MCID or SEM: change is reported, "
               "not classified. Up to 2 missing items pro-rated."),
    )
)

SBST_ITEMS = (
    "Back pain spread down the leg(s)", "Pain in the shoulder or neck",
    "Only walked short distances because of back pain", "Dressed more slowly than usual",
    "Not really safe to be physically active (fear)", "Worrying thoughts a lot of the time",
    "Back pain is terrible and never going to get better", "Not enjoyed things as usual",
    "Bothersomeness of back pain, last 2 weeks",
)
register(
    Instrument(
        code="SBST",
        name_en="Keele STarT Back Screening Tool",
        name_nl="Keele STarT Back Screening Tool (SBST)",
        aliases=("STarT Back", "Keele", "Keele STarT Back", "STarT Back Tool", "SBT",
                 "STarT Back Screening Tool", "STarT", "STarT Back vragenlijst"),
        domain="screening",
        n_items=9, item_min=0, item_max=1, higher_is_worse=True,
        item_ranges={9: (0, 4)},
        yes_no_items=_items(1, 8),
        scales=(
            Scale(
                "total", _items(1, 9), 0, 9, method="sbst_sum", band_rule="sbst_risk",
                label_nl="STarT Back totaal", label_en="STarT Back total",
            ),
            Scale(
                "psychosocial", (5, 6, 7, 8, 9), 0, 5, method="sbst_sum",
                label_nl="STarT Back psychosociaal", label_en="STarT Back psychosocial",
            ),
        ),
        # instruments.md: "SBST and OMPSQ10: no score/category if any item is missing".
        all_items_required=True,
        item_labels=SBST_ITEMS,
        response_labels={0: "not at all", 1: "slightly", 2: "moderately", 3: "very much",
                         4: "extremely"},
        change_method="none",
        sources=("[40] Keele University: using and scoring the SBST", "[41] Bier 2017 (Dutch)",
                 "[40b] Keele licence: no licence for non-commercial use"),
        notes=("Items 1-8 agree = 1; item 9 counts 1 only for 'very much' (3) or 'extremely' "
               "(4). Risk: total <= 3 low; psychosocial >= 4 high; otherwise medium. No score "
               "if any item is missing. A screening tool, not an outcome measure."),
    )
)

OMPSQ_ITEMS = (
    "Duration of current pain (1 = 0-1 week ... 10 = over 1 year)", "Pain in the past week",
    "Bothered by feeling depressed", "Tense or anxious", "Risk that pain becomes persistent",
    "Chance of doing normal work in 3 months (reversed)", "Increase in pain: I should stop",
    "Should not do normal work with present pain", "Can do light work for an hour (reversed)",
    "Can sleep at night (reversed)",
)
register(
    Instrument(
        code="OMPSQ10",
        name_en="Örebro Musculoskeletal Pain Screening Questionnaire, short form",
        name_nl="Örebro vragenlijst, korte versie (ÖMPSQ-10)",
        aliases=("Örebro", "ÖMPSQ-10", "OMPSQ", "ÖMPSQ-SF", "OMPQ-SF", "ÖMPQ-10", "Örebro kort",
                 "Örebro short form", "Örebro korte versie", "Örebro vragenlijst, korte versie",
                 "Örebro Musculoskeletal Pain Screening Questionnaire short form",
                 "Örebro Musculoskeletal Pain Screening Questionnaire 10 items"),
        domain="screening",
        n_items=10, item_min=0, item_max=10, higher_is_worse=True,
        item_ranges={1: (1, 10)},
        reversed_items=(6, 9, 10),
        scales=(
            Scale(
                "total", _items(1, 10), 1, 100, max_missing=0,
                bands=_high_low(50, ">=", "elevated_risk", "verhoogd risico",
                                "low_risk", "laag risico"),
                alternatives=(("cutoff", R(48, "[44] Nicholas 2019 (return to work)")),),
                label_nl="Örebro risicoscore", label_en="Örebro risk score",
            ),
        ),
        all_items_required=True,  # instruments.md: no score if any item is missing
        item_labels=OMPSQ_ITEMS,
        change_method="none",
        sources=("[43] Linton 2011", "[45] Norwegian RCT protocol (3 items reversed, 1-100)",
                 "[A] awell-score orebro/short_version (item order)"),
        notes=("Item 1 duration category 1-10 (so the minimum total is 1); items 6, 9, 10 "
               "reversed (10 - x) on their 0-10 range. Elevated risk when >= 50 (48 for return "
               "to work [44]). No score if any item is missing (binding decision). The 21-item "
               "long form is a different instrument and is not scored; its full name is "
               "deliberately not an alias. Dutch RTW item wording (6 vs 3 months) UNVERIFIED."),
    )
)

register(
    Instrument(
        code="GPE",
        name_en="Global Perceived Effect (7-point)",
        name_nl="Globaal Ervaren Effect (GPE-DV)",
        aliases=("GPE-DV", "GPE7", "GPE-7", "Global Perceived Effect", "Globaal Ervaren Effect",
                 "Ervaren effect"),
        domain="global",
        n_items=1, item_min=1, item_max=7, higher_is_worse=True,
        scales=(
            Scale(
                "total", (1,), 1, 7, method="single_item",
                bands=(
                    Band("improved", "<=", 2, "verbeterd", "improved"),
                    Band("slightly_improved", "<=", 3, "iets verbeterd", "slightly improved"),
                    Band("no_change", "<=", 4, "geen verandering", "no change"),
                    Band("deteriorated", None, None, "verslechterd", "deteriorated"),
                ),
                label_nl="Ervaren effect (GPE)", label_en="Perceived effect (GPE)",
            ),
        ),
        response_labels={1: "completely recovered", 2: "much improved", 3: "slightly improved",
                         4: "no change", 5: "slightly worse", 6: "much worse",
                         7: "worse than ever"},
        change_method="transition",
        sources=("[21] MDS lage rugklachten", "[22] Verburg 2019", "[46] Kamper 2009"),
        notes=("A transition question (now vs start of treatment): it is itself the change. "
               "Improved = 1-2, deteriorated = 5-7 (binding decision); 3 reported separately."),
    )
)
