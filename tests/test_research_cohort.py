"""The de-identified cohort: filters, pseudonyms, shifted dates, bands, weekly check-ins."""

from __future__ import annotations

import pandas as pd
import pytest
from factories import checkins, episode, episodes, outcome, outcomes, score, scores

from beyou_analytics.errors import BeyouError, NotFoundError
from beyou_analytics.research import CohortFilter, build_cohort, date_shift_days, pseudonymise
from beyou_analytics.research.cohort import age_band, cohort_age_bands, generalise_rare

KEY = bytes(range(32))
AGES = {"101": 34, "102": 36, "103": 41, "104": 44, "105": 47, "106": 52, "107": 58,
        "108": 91}


def _store() -> dict[str, pd.DataFrame]:
    rows = [episode(p, "2026-03-02", "2026-06-26", therapist="Anne de Vries")
            | {"age": age, "sex": "F" if int(p) % 2 else "M", "referral": "gp",
               "diagnosis_code": "3438", "n_sessions": 9, "end_reason": "goal_reached"}
            for p, age in AGES.items()]
    rows.append(episode("101", "2026-08-03", therapist="Bram Jansen")
                | {"age": 34, "sex": "F", "referral": "specialist", "diagnosis_code": "3440"})
    eps = episodes(*rows)
    sc = scores(*[score(p, "2026-03-02", "NPRS", "2026-03-03 09:15", 7.0, timepoint="intake")
                  for p in AGES],
                score("101", "2026-03-02", "NPRS", "2026-06-20 10:00", 3.0,
                      timepoint="discharge"),
                score("102", "2026-03-02", "PCS", "2026-03-02 08:00", 30.0, valid=False))
    out = outcomes(outcome("101", "2026-03-02", "NPRS", 7, 3, "improved",
                           baseline_at="2026-03-03 09:15", latest_at="2026-06-20 10:00"))
    days = pd.date_range("2026-02-27", periods=12, freq="D")  # 3 days before the start
    chk = checkins("101", "2026-03-02", days, pain_now=[*range(11), 10],
                   exercises_done=[True, False] * 6)
    return {"episodes": eps, "scores": sc, "outcomes": out, "checkins": chk}


def _cohort(**filters):
    t = _store()
    return build_cohort(t["episodes"], t["scores"], t["outcomes"], t["checkins"], key=KEY,
                        filters=CohortFilter(**filters))


def test_no_identifier_real_date_or_name_is_in_any_table() -> None:
    store, cohort = _store(), _cohort()
    for name, table in cohort.tables().items():
        assert not {"patient_id", "episode_id", "therapist", "age"} & set(table.columns), name
        text = table.astype(str).to_csv(index=False)
        for patient in AGES:
            assert patient not in text, (name, patient)
        assert "Anne" not in text and "Bram" not in text
        assert "3438" in text or name != "episodes"  # the diagnosis code is kept
    # every date is its patient's real date moved by that patient's non-zero shift
    shifts = date_shift_days(pd.Series(list(AGES)), KEY)
    assert (shifts != 0).all()
    eps = store["episodes"].sort_values(["patient_id", "start_date"])
    expected = eps["start_date"] + pd.to_timedelta(
        date_shift_days(eps["patient_id"], KEY).to_numpy(), unit="D")
    assert sorted(cohort.episodes["start_date_shifted"]) == sorted(expected)
    assert not set(cohort.episodes["start_date_shifted"]) & set(store["episodes"]["start_date"])


def test_episodes_are_keyed_by_pseudonym_and_numbered_per_patient() -> None:
    eps = _cohort().episodes.set_index("episode")
    code = pseudonymise(pd.Series(["101"]), KEY)[0]
    assert f"{code}-1" in eps.index and f"{code}-2" in eps.index
    assert eps.loc[f"{code}-1", "start_date_shifted"] < eps.loc[f"{code}-2", "start_date_shifted"]
    assert len(eps) == 9 and eps["pseudonym"].nunique() == 8


def test_shifted_dates_keep_every_interval() -> None:
    cohort = _cohort()
    shift = int(date_shift_days(pd.Series(["101"]), KEY)[0])
    code = pseudonymise(pd.Series(["101"]), KEY)[0]
    first = cohort.episodes.set_index("episode").loc[f"{code}-1"]
    assert first["start_date_shifted"] == pd.Timestamp("2026-03-02") + pd.Timedelta(days=shift)
    assert first["duration_days"] == 116
    scored = cohort.scores.loc[cohort.scores["episode"] == f"{code}-1"]
    assert scored["days_since_start"].tolist() == [1, 110]
    assert (scored["date_shifted"] - first["start_date_shifted"]).dt.days.tolist() == [1, 110]
    out = cohort.outcomes.iloc[0]
    assert (out["baseline_day"], out["latest_day"], out["change"]) == (1, 110, -4.0)


def test_only_valid_scores_are_exported() -> None:
    assert "PCS" not in set(_cohort().scores["instrument"])


def test_weekly_checkins_count_weeks_from_the_start() -> None:
    weekly = _cohort().weekly
    # days -3..8 after the start: the 3 grace days are dropped, days 0-6 are week 0
    assert weekly["week"].tolist() == [0, 1]
    assert weekly["n_checkins"].tolist() == [7, 2]
    assert weekly["pain_now"].tolist() == [6.0, 10.0]  # mean of 3..9 and of 10, 10
    assert weekly["adherence"].round(3).tolist() == [round(3 / 7, 3), 0.5]


def test_filters_select_by_start_therapist_and_age() -> None:
    assert len(_cohort(start_from="2026-04-01").episodes) == 1
    assert len(_cohort(start_to="2026-03-02").episodes) == 8
    assert len(_cohort(therapist="Bram Jansen").episodes) == 1
    assert len(_cohort(min_age=40, max_age=50).episodes) == 3
    assert _cohort(min_age=40).filters.describe() == {"min_age": 40}
    with pytest.raises(NotFoundError, match="therapist 'Nobody' has no episodes"):
        _cohort(therapist="Nobody")
    with pytest.raises(BeyouError, match="is after start_to"):
        CohortFilter(start_from="2026-05-01", start_to="2026-04-01")
    with pytest.raises(BeyouError, match="not a date"):
        CohortFilter(start_from="gisteren")


def test_age_is_banded_with_ends_pooled_until_they_hold_five_patients() -> None:
    bands = _cohort().episodes["age_band"]
    # 34, 36, 41, 44, 47, 52, 58, 91 (and 34 again, same patient): the bottom code moves up
    # to <50 (5 patients); the top code moves down to 55+ where it meets the bottom band, and
    # 55+ (58, 91) and 50-54 (52) hold under 5 patients: left out.
    assert bands.value_counts().to_dict() == {"<50": 6}  # 5 patients, 6 episodes
    assert int(bands.isna().sum()) == 3
    assert age_band(pd.Series([19, 20, 84]), top=80).tolist() == ["<20", "20-24", "80+"]
    ages = pd.Series([30, 31, 32, 33, 34, 61])
    bands = cohort_age_bands(ages, pd.Series(list("abcdef")))
    assert bands[:5].tolist() == ["<35"] * 5 and pd.isna(bands[5])  # 61 alone: left out


def test_rare_categories_are_pooled_or_removed() -> None:
    frame = pd.DataFrame({"pseudonym": list("abcdefghij"),
                          "referral": ["gp"] * 6 + ["dtf", "dtf", "x", "y"]})
    # dtf, x and y hold 4 patients together: "other" would still single them out -> removed
    out = generalise_rare(frame, columns=("referral",))["referral"]
    assert out[:6].tolist() == ["gp"] * 6 and out[6:].isna().all()
    bigger = pd.concat([frame, pd.DataFrame({"pseudonym": ["k"], "referral": ["z"]})],
                       ignore_index=True)
    assert generalise_rare(bigger, columns=("referral",))["referral"].tolist()[6:] == [
        "other"] * 5
    assert frame["referral"].tolist()[6:] == ["dtf", "dtf", "x", "y"]  # input untouched


def test_values_left_out_of_the_export_are_other_in_the_characteristics() -> None:
    cohort = _cohort()
    code = pseudonymise(pd.Series(["101"]), KEY)[0]
    eps = cohort.episodes.set_index("episode")
    chars = cohort.characteristics.set_index("episode")
    # 101's second episode: the only specialist referral, by the only episode of Bram Jansen
    assert pd.isna(eps.loc[f"{code}-2", "referral"])
    assert chars.loc[f"{code}-2", "referral"] == "other"
    assert pd.isna(eps.loc[f"{code}-2", "therapist_code"])
    assert chars.loc[f"{code}-2", "therapist_code"].startswith("T-")  # counted, never shown
    # the age bands 50-54 and 55+ (3 patients): missing in the export, other here
    assert int(eps["age_band"].isna().sum()) == 3
    assert chars["age_band"].value_counts().to_dict() == {"<50": 6, "other": 3}
    assert "characteristics" not in cohort.tables()
    assert chars.index.tolist() == eps.index.tolist()


def test_a_value_never_registered_stays_missing_in_the_characteristics() -> None:
    frame = pd.DataFrame({"pseudonym": list("abcdefghij"),
                          "referral": ["gp"] * 6 + [None, None, "x", "y"]})
    kept = generalise_rare(frame, columns=("referral",), withhold=False)["referral"]
    assert kept.tolist()[:6] == ["gp"] * 6 and kept[6:8].isna().all()
    assert kept.tolist()[8:] == ["other", "other"]  # pooled, under 5: other all the same
    ages = pd.Series([30, 31, 32, 33, 34, 61, None])
    bands = cohort_age_bands(ages, pd.Series(list("abcdefg")), withhold=False)
    assert bands[:5].tolist() == ["<35"] * 5 and bands[5] == "other" and pd.isna(bands[6])


def test_an_other_of_five_patients_is_the_same_either_way() -> None:
    frame = pd.DataFrame({"pseudonym": list("abcdefghijk"),
                          "referral": ["gp"] * 6 + ["dtf", "dtf", "x", "y", "z"]})
    withheld = generalise_rare(frame, columns=("referral",))
    kept = generalise_rare(frame, columns=("referral",), withhold=False)
    pd.testing.assert_frame_equal(withheld, kept)
