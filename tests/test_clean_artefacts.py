"""One test per export artefact of data contract §2, on tiny hand-made export folders.

Each test writes a few lines as the practice software would, cleans the folder with
``clean_exports`` and checks what reached the store and what the quarantine says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from beyou_analytics.clean import CleanResult, clean_exports
from beyou_analytics.errors import BadFileError
from beyou_analytics.io.store import Store, load_store

AS_OF = dt.date(2026, 10, 31)
EPISODES = (
    "Patiëntnummer;Naam;BSN;Geboortedatum;Geslacht;Therapeut;Startdatum;Einddatum;"
    "Diagnosecode;Verwijzer;Aantal behandelingen;Reden einde\n"
    "12;Jan Jansen;111222333;15-06-1980;M;Anna Bakker;05-01-2026;;3401;huisarts;3;\n"
    "13;Els de Wit;222333444;1-1-1990;V;Bram Visser;2026-02-01;30-04-2026;3402;DTF;8;"
    "Doel bereikt\n"
)
CHECKINS = "Patiëntnummer;Datum;Pijn nu;Slaapuren;Oefeningen gedaan\n"
WIDE = "Patiëntnummer;Vragenlijst;Meetmoment;Ingevuld op;V1;V2;V3;V4;V5;V6;V7;V8;V9;V10;V11\n"
LONG = "Patiëntnummer;Vragenlijst;Ingevuld op;Item;Antwoord\n"


@dataclass(frozen=True)
class Cleaned:
    result: CleanResult
    store: Store

    @property
    def quarantine(self) -> pd.DataFrame:
        return self.store.quarantine

    def reasons(self, file: str | None = None) -> list[tuple]:
        q = self.quarantine if file is None else self.quarantine[
            self.quarantine["source_file"] == file]
        return list(q[["source_row", "field", "reason_code", "action"]]
                    .astype(object).where(q[["source_row", "field", "reason_code",
                                             "action"]].notna(), None)
                    .itertuples(index=False, name=None))

    def account(self, file: str):
        return next(a for a in self.result.files if a.file == file)


def clean(tmp_path: Path, files: dict[str, str | bytes], *, episodes: bool = True) -> Cleaned:
    export = tmp_path / "export"
    export.mkdir(exist_ok=True)
    if episodes:
        files = {"episodes.csv": EPISODES, **files}
    for name, content in files.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (export / name).write_bytes(data)
    result = clean_exports(export, tmp_path / "store", as_of=AS_OF)
    assert result.balanced, [a for a in result.files if not a.balanced]
    return Cleaned(result, load_store(tmp_path / "store"))


# --- encodings, delimiters, headers ----------------------------------------------------------


def test_bom(tmp_path: Path) -> None:
    out = clean(tmp_path, {"c.csv": b"\xef\xbb\xbf" + (CHECKINS + "12;06-01-2026;4;7;ja\n")
                           .encode("utf-8")})
    assert out.account("c.csv").encoding == "utf-8-sig"
    assert out.store.checkins["pain_now"].tolist() == [4.0]


def test_windows_1252_accents(tmp_path: Path) -> None:
    out = clean(tmp_path, {"episodes.csv": EPISODES.encode("cp1252"),
                           "c.csv": (CHECKINS + "12;06-01-2026;4;7;ja\n").encode("cp1252")},
                episodes=False)
    assert {a.encoding for a in out.result.files} == {"cp1252"}
    assert len(out.store.checkins) == 1 and len(out.store.episodes) == 2


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_delimiters(tmp_path: Path, delimiter: str) -> None:
    text = (CHECKINS + "12;06-01-2026;4;7;ja\n").replace(";", delimiter)
    out = clean(tmp_path, {"c.csv": text})
    assert out.account("c.csv").delimiter == delimiter
    assert out.store.checkins["pain_now"].tolist() == [4.0]


def test_header_case_spacing_and_accent_variants(tmp_path: Path) -> None:
    header = "PATIENTNUMMER ; datum;Pijn  Nu;Slaap-uren;oefeningen gedaan\n"
    out = clean(tmp_path, {"c.csv": header + "12;06-01-2026;4;7;ja\n"})
    assert out.store.checkins[["pain_now", "sleep_hours", "exercises_done"]].values.tolist() == [
        [4.0, 7.0, True]]


def test_unknown_extra_columns_are_dropped(tmp_path: Path) -> None:
    text = "Patiëntnummer;Datum;Pijn nu;App-versie;Kleur\n12;06-01-2026;4;3.4.1;blauw\n"
    out = clean(tmp_path, {"c.csv": text})
    assert list(out.store.checkins.columns)[:3] == ["patient_id", "episode_id", "date"]
    assert "blauw" not in out.store.checkins.to_string()


# --- values --------------------------------------------------------------------------------


def test_patient_numbers_are_normalised(tmp_path: Path) -> None:
    text = CHECKINS + " P-0012;06-01-2026;4;;\np12;07-01-2026;4;;\n00012;08-01-2026;4;;\n"
    out = clean(tmp_path, {"c.csv": text})
    assert out.store.checkins["patient_id"].tolist() == ["12", "12", "12"]


def test_decimal_commas(tmp_path: Path) -> None:
    out = clean(tmp_path, {"c.csv": CHECKINS + "12;06-01-2026;4,5;6,5;ja\n"})
    assert out.store.checkins[["pain_now", "sleep_hours"]].values.tolist() == [[4.5, 6.5]]


def test_day_first_dates_in_several_formats(tmp_path: Path) -> None:
    text = CHECKINS + ("12;06-01-2026;1;;\n12;7-1-2026 08:15;2;;\n12;08/01/2026;3;;\n"
                       "12;2026-01-09;4;;\n12;03-02-2026 21:00;5;;\n")
    out = clean(tmp_path, {"c.csv": text})
    assert out.store.checkins["date"].dt.strftime("%d-%m").tolist() == [
        "06-01", "07-01", "08-01", "09-01", "03-02"]


def test_yes_no_in_dutch_and_english(tmp_path: Path) -> None:
    rows = "".join(f"12;{d:02d}-01-2026;;;{w}\n" for d, w in
                   enumerate(["ja", "Nee", "yes", "no", "1", "0", "waar", "onwaar", "J"], 6))
    out = clean(tmp_path, {"c.csv": CHECKINS + rows})
    assert out.store.checkins["exercises_done"].tolist() == [True, False, True, False, True,
                                                             False, True, False, True]


@pytest.mark.parametrize("value", ["11", "-1"])
def test_values_out_of_range_are_cleared(tmp_path: Path, value: str) -> None:
    out = clean(tmp_path, {"c.csv": CHECKINS + f"12;06-01-2026;{value};7;ja\n"})
    assert out.store.checkins["pain_now"].isna().all()
    assert out.store.checkins["sleep_hours"].tolist() == [7.0]
    assert out.reasons("c.csv") == [(2, "Pijn nu", "out_of_range", "cleared_value")]
    assert out.quarantine["value"].tolist() == [value]
    assert out.account("c.csv").values_cleared == 1


@pytest.mark.parametrize("value", ["n.v.t.", "?", "—"])
def test_non_numeric_answers_are_cleared(tmp_path: Path, value: str) -> None:
    out = clean(tmp_path, {"c.csv": CHECKINS + f"12;06-01-2026;{value};7;ja\n"})
    assert out.reasons("c.csv") == [(2, "Pijn nu", "not_a_number", "cleared_value")]
    assert out.quarantine["reason"].tolist() == [
        f"got '{value}', expected a number from 0 to 10"]


HUGE = ["99999999999999999999", "9223372036854775808", "1" + "0" * 400]


@pytest.mark.parametrize("huge", HUGE, ids=["20_digits", "2**63", "400_digits"])
def test_huge_numbers_in_every_numeric_column_are_cleared(tmp_path: Path, huge: str) -> None:
    measures = ["Pijn nu", "Pijn ergste 24u", "Stress", "Slaapkwaliteit", "Slaapuren",
                "Beweegminuten", "Oefeningen gedaan", "Vertrouwen", "Belasting",
                "Belastbaarheid"]
    episodes = EPISODES.replace(";3;\n", f";{huge};\n").replace(";8;", ";-1;")
    out = clean(tmp_path, {
        "episodes.csv": episodes,
        "c.csv": "Patiëntnummer;Datum;" + ";".join(measures) + "\n"
                 + f"12;06-01-2026;{';'.join([huge] * len(measures))}\n",
        "q.csv": WIDE + f"12;NPRS;intake;06-01-2026;{huge};;;;;;;;;;\n",
        "l.csv": LONG + f"12;ODI;07-01-2026;{huge};1\n12;ODI;07-01-2026;2;{huge}\n",
    }, episodes=False)
    assert out.reasons("episodes.csv") == [
        (2, "Aantal behandelingen", "out_of_range", "cleared_value"),
        (3, "Aantal behandelingen", "out_of_range", "cleared_value")]
    assert out.store.episodes["n_sessions"].isna().all()
    assert {r[1] for r in out.reasons("c.csv")} == set(measures)
    assert out.store.checkins.drop(columns=["patient_id", "episode_id", "date"]).isna().all(
        axis=None)
    assert [r[2:] for r in out.reasons("q.csv")] == [
        ("no_items_answered", "rejected_row"), ("out_of_range", "cleared_value")]
    assert out.reasons("l.csv") == [(2, "Item", "invalid_item", "rejected_row"),
                                    (3, "Antwoord", "out_of_range", "rejected_row")]


# --- rows ----------------------------------------------------------------------------------


def test_blank_lines_and_trailing_separators(tmp_path: Path) -> None:
    text = CHECKINS.replace("\n", ";\n") + "12;06-01-2026;4;7;ja;\n\n;;;;;\n12;07-01-2026;5;7;ja;\n"
    out = clean(tmp_path, {"c.csv": text})
    account = out.account("c.csv")
    assert (account.rows_in, account.rows_stored, account.blank_lines) == (2, 2, 2)
    assert out.store.quarantine.empty


def test_an_unquoted_decimal_comma_rejects_the_row(tmp_path: Path) -> None:
    # "6,5" in a comma-separated file is two cells: every later value would shift.
    text = ("Patiëntnummer,Datum,Slaapuren,Pijn nu,Stress\n12,06-01-2026,6,5,4,3\n"
            "12,07-01-2026,7,5,4,\n")
    out = clean(tmp_path, {"c.csv": text})
    assert out.reasons("c.csv") == [(2, None, "too_many_cells", "rejected_row")]
    assert out.quarantine["reason"].tolist() == [
        "this row has 6 cells where the header has 5 (an unquoted decimal comma?); not read"]
    assert out.account("c.csv").equation == "2 = 1 + 1 + 0"
    assert out.store.checkins[["sleep_hours", "pain_now", "stress"]].values.tolist() == [
        [7.0, 5.0, 4.0]]


def test_exact_duplicate_rows(tmp_path: Path) -> None:
    text = CHECKINS + "12;06-01-2026;4;7;ja\n12;06-01-2026;4;7;ja\n"
    out = clean(tmp_path, {"c.csv": text})
    assert out.reasons("c.csv") == [(3, None, "exact_duplicate", "removed_duplicate")]
    assert out.quarantine["reason"].tolist() == ["an exact copy of row 2 of this file"]
    assert out.account("c.csv").equation == "2 = 1 + 0 + 1"


def test_two_checkins_of_one_patient_on_one_day_keep_the_last(tmp_path: Path) -> None:
    text = CHECKINS + "12;06-01-2026 20:00;6;7;ja\n12;06-01-2026 08:00;4;7;ja\n"
    out = clean(tmp_path, {"c.csv": text})
    assert out.store.checkins["pain_now"].tolist() == [6.0]  # 20:00 is the later one
    assert out.reasons("c.csv") == [(3, None, "same_day_checkin", "rejected_row")]


def test_future_dates(tmp_path: Path) -> None:
    episodes = EPISODES.replace("30-04-2026", "30-12-2026")  # episode 13 ends after as_of
    out = clean(tmp_path, {"episodes.csv": episodes,
                           "c.csv": CHECKINS + "12;01-11-2026;4;7;ja\n"}, episodes=False)
    assert out.store.checkins.empty
    assert out.reasons("c.csv") == [(2, "Datum", "future_date", "rejected_row")]
    ended = out.store.episodes.set_index("patient_id")["end_date"]
    assert pd.isna(ended["13"])  # a future end date is cleared: the episode stays open
    assert out.reasons("episodes.csv") == [(3, "Einddatum", "future_date", "cleared_value")]


def test_an_episode_starting_after_the_data_date_is_rejected(tmp_path: Path) -> None:
    planned = EPISODES + "14;Piet Post;333444555;2-2-1970;M;Anna Bakker;01-12-2026;;;;;\n"
    out = clean(tmp_path, {"episodes.csv": planned}, episodes=False)
    assert sorted(out.store.episodes["patient_id"]) == ["12", "13"]
    assert out.reasons("episodes.csv") == [(4, "Startdatum", "future_date", "rejected_row")]
    [reason] = out.quarantine.loc[out.quarantine["source_row"] == 4, "reason"]
    assert "01-12-2026" in reason and "31-10-2026" in reason


def test_checkins_outside_any_episode(tmp_path: Path) -> None:
    text = CHECKINS + "13;14-05-2026;4;;\n13;15-05-2026;4;;\n12;20-12-2025;4;;\n"
    out = clean(tmp_path, {"c.csv": text})
    # 14 May is within 14 days of episode 13's end (30 April), 15 May is not; 20 December
    # is 16 days before episode 12 starts.
    assert out.store.checkins["date"].dt.strftime("%d-%m").tolist() == ["14-05"]
    assert [r[2] for r in out.reasons("c.csv")] == ["outside_any_episode"] * 2


def test_patient_numbers_unknown_to_the_episodes_export(tmp_path: Path) -> None:
    out = clean(tmp_path, {"c.csv": CHECKINS + "99;06-01-2026;4;;\n"})
    assert out.reasons("c.csv") == [(2, "Patiëntnummer", "patient_not_in_episodes",
                                     "rejected_row")]
    assert out.quarantine["value"].tolist() == ["99"]


def test_missing_or_malformed_patient_numbers_are_never_shown(tmp_path: Path) -> None:
    out = clean(tmp_path, {"c.csv": CHECKINS + ";06-01-2026;4;;\nJansen;06-01-2026;4;;\n"})
    assert [r[2] for r in out.reasons("c.csv")] == ["missing_patient_number",
                                                    "invalid_patient_number"]
    assert out.quarantine["value"].isna().all()
    assert "Jansen" not in out.quarantine.to_string()


# --- questionnaires ------------------------------------------------------------------------


def test_questionnaires_with_missing_items(tmp_path: Path) -> None:
    """Unanswered items are not stored; the instrument's rule decides on a score."""
    wide = WIDE + ("12;ODI;intake;06-01-2026 09:00;3;2;4;2;3;2;2;;2;3;\n"
                   "12;ODI;eind;01-03-2026 09:00;3;2;;2;;2;;;2;3;\n")
    out = clean(tmp_path, {"q.csv": wide})
    items = out.store.questionnaire_items
    assert items.groupby("completed_at").size().tolist() == [9, 6]
    scores = out.store.scores.set_index("completed_at")
    assert scores["valid"].tolist() == [True, False]  # >= 8 of 10 sections answered
    assert scores["value"].iloc[0] == pytest.approx(51.111, abs=1e-3)  # instruments.md, B


def test_unknown_instrument_name(tmp_path: Path) -> None:
    out = clean(tmp_path, {"q.csv": WIDE + "12;SF-36;intake;06-01-2026;1;2;3;;;;;;;;\n"})
    assert out.reasons("q.csv") == [(2, "Vragenlijst", "unknown_instrument", "rejected_row")]
    # An unknown name could be anything typed there (a name, too): it is withheld, and the
    # reason lists the names that are known.
    reason = out.quarantine["reason"].iloc[0]
    assert reason.startswith("expected one of NPRS, ODI, RMDQ") and "GPE" in reason
    assert reason.endswith("(value withheld: may identify a person)")
    assert "SF-36" not in out.quarantine.to_string()


@pytest.mark.parametrize("name", ["TSK", "Tampa", "Tampa Schaal voor Kinesiofobie", "TSK-17",
                                  "tampa-schaal"])
def test_instrument_names_and_aliases(tmp_path: Path, name: str) -> None:
    answers = ";".join(["2"] * 11)
    header = WIDE.replace("V11\n", "V11;V12;V13;V14;V15;V16;V17\n")
    row = f"12;{name};intake;06-01-2026;{answers};2;2;2;2;2;2\n"
    out = clean(tmp_path, {"q.csv": header + row})
    assert set(out.store.questionnaire_items["instrument"]) == {"TSK17"}


def test_item_answers_are_checked_against_the_instrument(tmp_path: Path) -> None:
    wide = WIDE + ("12;Oswestry;intake;06-01-2026;2/3;6;x;1;1;1;1;1;1;1;1\n"
                   "12;Roland-Morris;intake;06-01-2026;ja;nee;Ja;misschien;;;;;;;\n")
    out = clean(tmp_path, {"q.csv": wide})
    items = out.store.questionnaire_items.set_index(["instrument", "item"])["response"]
    assert items[("ODI", 1)] == 3.0  # two boxes ticked: the higher
    assert ("ODI", 2) not in items.index and ("ODI", 3) not in items.index
    assert items[("RMDQ", 1)] == 1.0 and items[("RMDQ", 2)] == 0.0
    assert out.reasons("q.csv") == [
        (2, "V11", "invalid_item", "cleared_value"),
        (2, "V2", "out_of_range", "cleared_value"),
        (2, "V3", "not_a_number", "cleared_value"),
        (3, "V4", "invalid_yes_no", "cleared_value"),
    ]


@pytest.mark.parametrize(("answer", "stored", "reason"), [
    ("2/3", 3.0, None), ("4 en 5", 5.0, None), ("2,3", 3.0, None), ("2,0", 2.0, None),
    ("2.5", None, "out_of_range"), ("2,7", None, "out_of_range"),
])
def test_an_odi_double_tick_counts_as_the_higher_box(
    tmp_path: Path, answer: str, stored: float | None, reason: str | None
) -> None:
    out = clean(tmp_path, {"q.csv": WIDE + f'12;Oswestry;intake;06-01-2026;"{answer}";1;1;1;1;1;'
                                           "1;1;1;1;\n"})
    items = out.store.questionnaire_items.set_index(["instrument", "item"])["response"]
    if stored is None:
        assert ("ODI", 1) not in items.index
    else:
        assert items[("ODI", 1)] == stored
    assert [r[1:3] for r in out.reasons("q.csv")] == ([("V1", reason)] if reason else [])


def test_a_questionnaire_without_answers_is_rejected(tmp_path: Path) -> None:
    out = clean(tmp_path, {"q.csv": WIDE + "12;NPRS;intake;06-01-2026;;;;;;;;;;;\n"
                                          "12;NPRS;eind;07-01-2026;12;;;;;;;;;;\n"})
    assert [r[2:] for r in out.reasons("q.csv")] == [
        ("no_items_answered", "rejected_row"), ("no_items_answered", "rejected_row"),
        ("out_of_range", "cleared_value")]
    assert out.quarantine["reason"].tolist()[:2] == [
        "no question answered", "no valid answer (1 given, all cleared)"]
    assert out.account("q.csv").equation == "2 = 0 + 2 + 0"


def test_timepoints(tmp_path: Path) -> None:
    wide = WIDE + ("12;NPRS;Baseline;06-01-2026;5;;;;;;;;;;\n12;NPRS;;07-01-2026;5;;;;;;;;;;\n"
                   "12;NPRS;ergens;08-01-2026;5;;;;;;;;;;\n12;NPRS;eind;09-01-2026;5;;;;;;;;;;\n")
    out = clean(tmp_path, {"q.csv": wide})
    assert out.store.questionnaire_items["timepoint"].fillna("-").tolist() == [
        "intake", "-", "-", "discharge"]
    assert out.reasons("q.csv") == [(4, "Meetmoment", "invalid_category", "cleared_value")]


def test_long_form(tmp_path: Path) -> None:
    long = LONG + ("12;PSK;06-01-2026 09:00;1;7\n12;PSK;06-01-2026 09:00;2;8\n"
                   "12;PSK;06-01-2026 09:00;3;n.v.t.\n12;PSK;06-01-2026 09:00;9;5\n"
                   "12;PSK;06-01-2026 09:00;;5\n12;PSK;06-01-2026 09:00;4;\n")
    out = clean(tmp_path, {"q.csv": long})
    assert out.store.questionnaire_items["response"].tolist() == [7.0, 8.0]
    assert [r[1:3] for r in out.reasons("q.csv")] == [
        ("Antwoord", "not_a_number"), ("Item", "invalid_item"), ("Item", "invalid_item"),
        ("Antwoord", "no_items_answered")]
    assert out.account("q.csv").equation == "6 = 2 + 4 + 0"


def test_wide_and_long_overlap(tmp_path: Path) -> None:
    wide = WIDE + "12;NPRS;intake;06-01-2026 09:00;5;;;;;;;;;;\n"
    long = LONG + "12;Pijnscore;2026-01-06 09:00;1;5\n12;PSK;2026-01-06 09:05;1;4\n"
    out = clean(tmp_path, {"a_wide.csv": wide, "b_long.csv": long})
    assert out.store.questionnaire_items["instrument"].tolist() == ["NPRS", "PSK"]
    assert out.reasons("b_long.csv") == [(2, None, "already_in_another_file",
                                          "removed_duplicate")]
    assert out.quarantine["reason"].tolist() == [
        "the same questionnaire is already in a_wide.csv"]


def test_overlapping_reexports(tmp_path: Path) -> None:
    first = CHECKINS + "12;06-01-2026;4;7;ja\n12;07-01-2026;5;7;ja\n"
    second = CHECKINS + "12;07-01-2026;5;7;ja\n12;08-01-2026;6;7;ja\n"
    episodes_then = EPISODES.replace("30-04-2026", "")  # the earlier export: still open
    out = clean(tmp_path, {"checkins_2026-01.csv": first, "checkins_2026-02.csv": second,
                           "episodes_2026-01.csv": episodes_then, "episodes_2026-05.csv":
                           EPISODES}, episodes=False)
    assert out.store.checkins["date"].dt.day.tolist() == [6, 7, 8]
    assert out.reasons("checkins_2026-02.csv") == [(2, None, "already_in_another_file",
                                                    "removed_duplicate")]
    # The later episodes export knows the end date: its version is kept.
    ends = out.store.episodes.set_index("patient_id")["end_date"]
    assert ends["13"] == pd.Timestamp("2026-04-30")
    assert [r[2] for r in out.reasons("episodes_2026-01.csv")] == ["already_in_another_file"] * 2
    assert out.account("episodes_2026-05.csv").rows_stored == 2


# --- episodes ------------------------------------------------------------------------------


def test_episode_values(tmp_path: Path) -> None:
    out = clean(tmp_path, {})
    columns = ["patient_id", "episode_id", "therapist", "age", "sex", "diagnosis_code",
               "referral", "n_sessions", "end_reason"]
    eps = out.store.episodes[columns].fillna({"end_reason": "-"})
    assert eps.astype(object).values.tolist() == [
        ["12", "12-20260105", "Anna Bakker", 45, "M", "3401", "gp", 3, "-"],
        ["13", "13-20260201", "Bram Visser", 36, "F", "3402", "direct_access", 8,
         "goal_reached"]]
    assert "birth_date" not in out.store.episodes.columns


def test_episodes_from_a_workbook(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Patiëntnummer", "Naam", "Geboortedatum", "Startdatum", "Einddatum",
                  "Therapeut"])
    sheet.append([12, "Jan", dt.datetime(1980, 6, 15), dt.datetime(2026, 1, 5), None, "Anna"])
    sheet.append(["P-013", "Els", "01-01-1990", "01-02-2026", "30-04-2026", None])
    path = tmp_path / "export"
    path.mkdir()
    book.save(path / "episodes.xlsx")
    out = clean(tmp_path, {}, episodes=False)
    assert out.store.episodes["episode_id"].tolist() == ["12-20260105", "13-20260201"]
    assert out.store.episodes["therapist"].tolist() == ["Anna", "unknown"]
    assert out.reasons() == [(3, "Therapeut", "missing_required_value", "cleared_value")]


def test_episode_listed_twice_with_other_details(tmp_path: Path) -> None:
    episodes = EPISODES + EPISODES.splitlines()[1].replace("Anna Bakker", "Cor") + "\n"
    out = clean(tmp_path, {"episodes.csv": episodes}, episodes=False)
    assert out.store.episodes["therapist"].tolist() == ["Cor", "Bram Visser"]
    assert out.reasons() == [(2, None, "conflicting_record", "rejected_row")]


# --- bad files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [("leeg.csv", b"", "leeg.csv: the file is empty"),
     ("notities.txt", b"Gebeld met Jan over de afspraak\n",
      "notities.txt: not a recognised export: no patient-number column"),
     ("logo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "logo.png: not a text export"),
     ("oud.csv", b"Patientnummer;Datum\n\x81\x8d\x8f\n", "oud.csv: cannot be decoded")],
)
def test_bad_files_stop_the_clean(tmp_path: Path, name: str, content: bytes, problem: str) -> None:
    export = tmp_path / "export"
    export.mkdir()
    (export / "episodes.csv").write_text(EPISODES)
    (export / name).write_bytes(content)
    with pytest.raises(BadFileError) as info:
        clean_exports(export, tmp_path / "store", as_of=AS_OF)
    assert str(info.value).startswith(problem)
    assert info.value.exit_code == 2
    assert not (tmp_path / "store").exists()


def test_skip_bad_files_lists_them(tmp_path: Path) -> None:
    export = tmp_path / "export"
    export.mkdir()
    (export / "episodes.csv").write_text(EPISODES)
    (export / "leeg.csv").write_bytes(b"")
    (export / ".DS_Store").write_bytes(b"\x00\x01")  # hidden files are not exports
    result = clean_exports(export, tmp_path / "store", as_of=AS_OF, skip_bad_files=True)
    assert result.quality["skipped_files"] == [{"file": "leeg.csv",
                                                "problem": "the file is empty"}]
    assert result.tables["episodes"] == 2
