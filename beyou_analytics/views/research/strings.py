"""The research page's strings: ``key: (Dutch, English)`` (``Page.t`` looks here first, then in
``views.strings``).

Examples
--------
>>> STRINGS["en"]["research.section.model"]
'Weekly pain over time (exploratory model)'
"""

from __future__ import annotations

from beyou_analytics.views.strings import bilingual

STRINGS: dict[str, dict[str, str]] = bilingual({
    "research.heading": (
        "Onderzoeksverkenning (gepseudonimiseerd)",
        "Research exploration (pseudonymised)",
    ),
    "research.subtitle": (
        "Fysiotherapie BeYou · alleen voor onderzoek met de sleutel",
        "Fysiotherapie BeYou · for research with the key only",
    ),
    "research.intro": (
        "Patiëntnummers zijn vervangen door sleutel-pseudoniemen (HMAC-SHA256 met de "
        "sleutel van de praktijk), data zijn per patiënt verschoven, leeftijden staan in "
        "klassen van 5 jaar en elke cel met minder dan 5 patiënten is verborgen. Verkennend "
        "onderzoek: geen effecten van behandeling.",
        "Patient numbers are replaced by keyed pseudonyms (HMAC-SHA256 with the practice's "
        "key), dates are shifted per patient, ages are in 5-year bands and every cell with "
        "fewer than 5 patients is hidden. Exploratory research: no treatment effects.",
    ),
    "research.filters": ("Cohort: {filters}.", "Cohort: {filters}."),
    "research.filters.none": ("alle behandelingen", "all episodes"),
    "research.no_key": (
        "Het onderzoeksdashboard is alleen beschikbaar met de pseudonimiseringssleutel van "
        "de praktijk (beyou serve --key-file).",
        "The research dashboard is only available with the practice's pseudonymisation key "
        "(beyou serve --key-file).",
    ),
    "research.empty": (
        "Het cohort is leeg: geen behandelingen voldoen aan de filters.",
        "The cohort is empty: no episodes pass the filters.",
    ),
    "research.too_few": (
        "Te weinig patiënten (minder dan 5) om iets te tonen.",
        "Too few patients (fewer than 5) to show anything.",
    ),
    "research.section.cohort": ("Het cohort", "The cohort"),
    "research.section.distributions": ("Scores bij intake", "Scores at intake"),
    "research.section.change": (
        "Verandering in bewegingsangst, catastroferen en vertrouwen",
        "Change in fear of movement, catastrophising and confidence",
    ),
    "research.section.model": (
        "Pijn per week in de tijd (verkennend model)",
        "Weekly pain over time (exploratory model)",
    ),
    "research.section.export": ("De-geïdentificeerde export", "De-identified export"),
    "research.card.patients": ("Patiënten", "Patients"),
    "research.card.episodes": ("Behandelingen", "Episodes"),
    "research.card.weeks": ("Weken met check-ins", "Weeks with check-ins"),
    "research.col.variable": ("Kenmerk", "Characteristic"),
    "research.col.category": ("Categorie", "Category"),
    "research.col.patients": ("Patiënten (eerste behandeling)", "Patients (first episode)"),
    "research.col.share": ("%", "%"),
    "research.variable.sex": ("Geslacht", "Sex"),
    "research.variable.age_band": ("Leeftijd bij start", "Age at start"),
    "research.variable.referral": ("Verwijzing", "Referral"),
    "research.variable.end_reason": ("Reden einde", "End reason"),
    "research.category.total": ("totaal", "total"),
    "research.category.unknown": ("onbekend", "unknown"),
    "research.category.other": ("overig", "other"),
    "research.category.ongoing": ("loopt nog", "ongoing"),
    "research.category.F": ("vrouw", "female"),
    "research.category.M": ("man", "male"),
    "research.category.X": ("anders / niet vermeld", "other / not stated"),
    "research.category.gp": ("huisarts", "GP"),
    "research.category.specialist": ("specialist", "specialist"),
    "research.category.direct_access": ("directe toegang", "direct access"),
    "research.category.goal_reached": ("doel bereikt", "goal reached"),
    "research.category.own_initiative": ("eigen initiatief", "own initiative"),
    "research.category.referred": ("doorverwezen", "referred"),
    "research.category.no_show": ("niet verschenen", "did not attend"),
    "research.category.moved": ("verhuisd", "moved"),
    "research.cohort.note": (
        "Elke patiënt telt één keer, met de kenmerken van de eerste behandeling in het cohort "
        "(leeftijd bij de start daarvan), dus elk blok telt op tot het totaal aantal "
        "patiënten. 'overig' = samengevoegde zeldzame categorieën (en wat als overig is "
        "geregistreerd); 'onbekend' = niet geregistreerd; 'loopt nog' = behandeling nog niet "
        "afgesloten. {small} = minder dan 5 patiënten; {hidden} = verborgen zodat een kleine "
        "cel niet uit het totaal te herleiden is; {value} = niet getoond.",
        "Each patient counts once, with the characteristics of their first episode in the "
        "cohort (age at its start), so every block adds up to the total number of patients. "
        "'other' = rare categories pooled together (and what was registered as other); "
        "'unknown' = not registered; 'ongoing' = episode not closed yet. {small} = fewer than "
        "5 patients; {hidden} = hidden so that a small cell cannot be worked out from the "
        "total; {value} = not shown.",
    ),
    "research.cohort.therapists": (
        "Therapeuten: {n}; patiënten per therapeut: mediaan {median}. Aantallen per "
        "therapeut (ook de kleinste en grootste) worden niet getoond: ze zijn te koppelen aan "
        "de namen in de praktijkrapportage.",
        "Therapists: {n}; patients per therapist: median {median}. Counts per therapist (the "
        "smallest and largest too) are not shown: they could be matched to the names in the "
        "practice report.",
    ),
    "research.col.instrument": ("Meetinstrument", "Instrument"),
    "research.col.n": ("n", "n"),
    "research.col.median": ("Mediaan", "Median"),
    "research.col.iqr": ("Middelste helft", "Middle half"),
    "research.patients_axis": ("Behandelingen", "Episodes"),
    "research.distributions.note": (
        "Scores bij intake (eerste meting van de behandeling). Balkjes met minder dan 5 "
        "behandelingen zijn leeg en gemarkeerd met {small}.",
        "Scores at intake (the episode's first measurement). Bins with fewer than 5 "
        "episodes are left empty and marked {small}.",
    ),
    "research.outcome.pain": ("Pijn (NPRS, punten)", "Pain (NPRS, points)"),
    "research.outcome.function": ("Beperkingen (% verandering)", "Disability (% change)"),
    "research.rho": ("rho {rho} (n = {n})", "rho {rho} (n = {n})"),
    "research.col.measure": ("Verandering in", "Change in"),
    "research.col.outcome": ("tegen verandering in", "against change in"),
    "research.col.rho": ("Spearman rho", "Spearman rho"),
    "research.col.p": ("p", "p"),
    "research.change.note": (
        "Eén punt per behandeling met beide veranderingen (laatste min eerste meting). Pijn "
        "in NPRS-punten; beperkingen in % van de intakewaarde van QBPDS, anders ODI, anders "
        "RMDQ. Negatief is beter, behalve bij PSEQ (vertrouwen: positief is beter). Panelen "
        "met minder dan 5 behandelingen worden niet getoond.",
        "One point per episode with both changes (latest minus first measurement). Pain in "
        "NPRS points; disability in % of the intake value of QBPDS, else ODI, else RMDQ. "
        "Negative is better, except for PSEQ (confidence: positive is better). Panels with "
        "fewer than 5 episodes are not shown.",
    ),
    "research.model.exploratory": (
        "Verkennend: patiënten stoppen met inchecken als het beter of slechter gaat, dus de "
        "helling beschrijft het verloop in deze gegevens en is geen effect van behandeling.",
        "Exploratory: patients stop checking in when they feel better or worse, so the "
        "slope describes the course in this data and is not an effect of treatment.",
    ),
    "research.col.term": ("Term", "Term"),
    "research.col.estimate": ("Schatting", "Estimate"),
    "research.col.ci": ("95%-BI", "95% CI"),
    "research.term.Intercept": (
        "Pijn in week 0 (gemiddelde patiënt)",
        "Pain in week 0 (average patient)",
    ),
    "research.term.week": ("Verandering per week", "Change per week"),
    "research.term.TSK17": ("per punt TSK-17 bij intake", "per point of TSK-17 at intake"),
    "research.term.PCS": ("per punt PCS bij intake", "per point of PCS at intake"),
    "research.term.PSEQ": ("per punt PSEQ bij intake", "per point of PSEQ at intake"),
    "research.model.simple": ("Model 1: weken sinds de start", "Model 1: weeks since the start"),
    "research.model.covariates": (
        "Model 2: plus TSK-17, PCS en PSEQ bij intake (gecentreerd)",
        "Model 2: plus TSK-17, PCS and PSEQ at intake (centred)",
    ),
    "research.model.facts": (
        "{patients} patiënten, {episodes} behandelingen, {obs} weekgemiddelden; "
        "{structure}; {converged}.",
        "{patients} patients, {episodes} episodes, {obs} weekly means; {structure}; "
        "{converged}.",
    ),
    "research.model.converged": ("geconvergeerd", "converged"),
    "research.model.not_converged": ("niet zuiver geconvergeerd", "did not converge cleanly"),
    "research.model.random intercept and slope": (
        "willekeurige intercept en helling per behandeling",
        "random intercept and slope per episode",
    ),
    "research.model.random intercept": (
        "willekeurige intercept per behandeling",
        "random intercept per episode",
    ),
    "research.model.not_fitted": (
        "Niet geschat: minder dan 5 behandelingen.",
        "Not fitted: fewer than 5 episodes.",
    ),
    "research.model.observed": (
        "Gemiddelde pijn (weken met ≥ 5 behandelingen)",
        "Mean pain (weeks with ≥ 5 episodes)",
    ),
    "research.model.predicted": ("Model 1", "Model 1"),
    "research.model.figure_note": (
        "De lijn van model 1 volgt het verloop binnen elke behandeling; de gemiddelden per week "
        "gaan over wie die week nog incheckt: {first} behandelingen in week 0, {last} in week "
        "{week}. Wie opknapt stopt vaak met inchecken, dus in de late weken wegen de "
        "behandelingen zonder herstel zwaarder; liggen de gemiddelden daar boven de lijn, dan "
        "is dat die selectie, geen terugval van het cohort.",
        "Model 1's line follows the course within each episode; the weekly means are over "
        "whoever still checks in that week: {first} episodes in week 0, {last} in week "
        "{week}. Patients who recover often stop checking in, so the late weeks weigh the "
        "episodes without recovery more; means above the line there are that selection, not "
        "a relapse of the cohort.",
    ),
    "research.model.x": ("Weken sinds de start", "Weeks since the start"),
    "research.model.y": ("Pijn nu (0–10)", "Current pain (0–10)"),
    "research.export.where": ("Export geschreven naar {path}", "Export written to {path}"),
    "research.export.none": (
        "Geen export geschreven: geef de parameter export_dir op om de de-geïdentificeerde "
        "gegevens en het codeboek te schrijven.",
        "No export written: set the export_dir parameter to write the de-identified data "
        "and its codebook.",
    ),
    "research.export.dashboard": (
        "Het dashboard schrijft geen export; gebruik het rapport.",
        "The dashboard writes no export; use the report.",
    ),
    "research.col.file": ("Bestand", "File"),
    "research.col.rows": ("Rijen", "Rows"),
    "research.col.table": ("In tabel(len)", "In table(s)"),
    "research.col.column": ("Kolom", "Column"),
    "research.col.type": ("Type", "Type"),
    "research.col.description": (
        "Betekenis (Engels, zoals in codebook.md)",
        "Meaning (as in codebook.md)",
    ),
    "research.codebook": ("Codeboek", "Codebook"),

})
"""Every string of the page, Dutch and English."""
