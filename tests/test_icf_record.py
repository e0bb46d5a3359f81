"""ICF's record as context: the data file, its checks, Bình Dương's public record and the page in both languages."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessor.framework import CatalogueError
from assessor.i18n import t
from assessor.icf_record import RECORD_FILE, STAGES, by_country, by_year, community_record, load_record

from shown import shown

APP = str(Path(__file__).resolve().parents[1] / "app.py")
HEADER = "year,stage,community,country,list,source,note\n"


@pytest.fixture(scope="module")
def record():
    return load_record()


def test_every_line_has_a_year_a_known_stage_and_a_source(record):
    assert len(record) > 300
    assert set(record["stage"]) == set(STAGES)
    assert record["source"].str.match(r"https?://").all()
    assert record["year"].between(2010, 2024).all()


def test_binh_duong_matches_the_public_record(record):
    mine = community_record(record, "Bình Dương")
    years = {s: sorted(mine.loc[mine["stage"] == s, "year"]) for s in STAGES}
    assert years == {"smart21": [2019, 2020, 2021, 2022, 2023], "top7": [2021, 2022, 2023], "icoty": [2023]}
    assert set(mine["country"]) == {"VN"}


def test_each_year_has_one_community_of_the_year_and_seven_finalists(record):
    years = by_year(record)
    assert (years.loc[years["stage"] == "icoty", "count"] == 1).all()
    assert (years.loc[years["stage"] == "top7", "count"] == 7).all()
    whole = years[(years["stage"] == "smart21") & ~years["partial"]]
    assert len(whole) >= 8 and (whole["count"] == 21).all()


def test_counts_by_country_count_selections(record):
    counts = by_country(record).set_index("country")
    assert counts.loc["VN", ["icoty", "top7", "smart21", "total"]].tolist() == [1, 3, 5, 9]
    assert counts["total"].sum() == len(record)
    assert counts.index[0] == "CA"  # the country named most often


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("2019,smart21,Somewhere,CA,complete,,\n", "no source address"),
        ("2019,finalist,Somewhere,CA,complete,https://example.org,\n", "stage 'finalist'"),
        ("19,smart21,Somewhere,CA,complete,https://example.org,\n", "is not a year"),
    ],
)
def test_a_bad_line_is_refused_with_its_line_number(tmp_path, line, problem):
    path = tmp_path / "record.csv"
    path.write_text(
        "# comment\n" + HEADER + "2019,top7,Elsewhere,US,complete,https://example.org,\n" + line, encoding="utf-8"
    )
    with pytest.raises(CatalogueError, match=problem) as err:
        load_record(path)
    assert "line 3" in str(err.value)


def test_the_shipped_file_is_the_one_loaded():
    assert RECORD_FILE.name == "icf_record.csv" and RECORD_FILE.is_file()


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_record_page_shows_binh_duong_and_the_countries(tmp_path, monkeypatch, lang):
    monkeypatch.setenv("ASSESSOR_WORKSPACE", str(tmp_path / "ws.sqlite3"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("assessor/ui/pages/record.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert [e.value for e in at.title] == [t("record.title", lang)]
    assert t("record.binh_duong_title", lang) in [shown(e.value) for e in at.subheader]
    body = " ".join(shown(e.value) for e in at.markdown)
    assert t("record.own_summary", lang, smart21="5", top7="3", icoty="1") in body
    own = at.dataframe[0].value
    assert own[t("record.col_year", lang)].tolist() == [
        "2023",
        "2023",
        "2023",
        "2022",
        "2022",
        "2021",
        "2021",
        "2020",
        "2019",
    ]
    assert own.columns.tolist()[-1] == t("record.col_source", lang)
    countries = at.dataframe[1].value
    assert countries.iloc[0][t("record.col_country", lang)] == t("record.country.CA", lang)
    viet = countries[countries[t("record.col_country", lang)] == t("record.country.VN", lang)].iloc[0]
    assert viet[t("record.col_total", lang)] == "9"
    assert "score" not in " ".join(map(str, countries.columns)).lower()
