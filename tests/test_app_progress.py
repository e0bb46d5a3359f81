"""Pace on the Trends page and the triple helix on the Domains page, as the user sees them, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessor.assess import assess
from assessor.framework import default_framework
from assessor.helix import helix_table, single_partner_sentence
from assessor.i18n import t
from assessor.pace import level_threshold, pace, summary
from assessor.read import read_submission

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
SAMPLE = ROOT / "data/samples/binh_duong_illustrative.xlsx"


@pytest.fixture(scope="module")
def sample():
    fw = default_framework()
    return assess(read_submission(SAMPLE, fw), fw)


def page(lang: str, name: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(f"assessor/ui/pages/{name}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_trends_page_shows_the_pace_towards_the_chosen_target(workspace, sample, lang):
    fw = sample.framework
    at = page(lang, "trends")
    latest = int(sample.history["year"].max())
    # The default target is the second level above the first (Competitive), by the year after the latest figures.
    target = level_threshold(fw, "competitive")
    expected = summary(pace(sample, target, latest + 1), fw, lang, fw.levels[2].name(lang))
    assert expected in [m.value for m in at.markdown]
    domains = at.dataframe[1].value
    assert domains.columns[-1] == t("pace.col.verdict", lang)
    assert len(domains) == len(fw.domains)
    # A later deadline: the sentence and the table follow.
    at.number_input(key="pace_deadline").set_value(latest + 10).run()
    later = summary(pace(sample, target, latest + 10), fw, lang, fw.levels[2].name(lang))
    assert later in [m.value for m in at.markdown] and later != expected
    # A score of one's own choosing.
    at.selectbox(key="pace_target").set_value("score").run()
    at.number_input(key="pace_score").set_value(90.0).run()
    own = summary(pace(sample, 90.0, latest + 10), fw, lang, "90")
    assert own in [m.value for m in at.markdown]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_domains_page_shows_the_partners_and_names_single_partner_domains(workspace, sample, lang):
    at = page(lang, "domains")
    sentence = single_partner_sentence(helix_table(sample), sample.framework, lang)
    assert sentence in [i.value for i in at.info]
    tables = [d.value for d in at.dataframe if t("helix.col.partner", lang) in d.value.columns]
    assert len(tables) == len(sample.framework.domains)
    first = helix_table(sample)
    first = first[(first["domain"] == sample.framework.domains[0].id) & (first["values"] > 0)]
    assert tables[0][t("helix.col.values", lang)].tolist() == first["values"].tolist()


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_register_shows_each_values_data_quality_class(workspace, sample, lang):
    import json

    from assessor.quality_class import class_name, classes

    at = page(lang, "register")
    grid = at.dataframe[0]
    assert json.loads(grid.proto.columns)["quality"]["label"] == t("quality.col", lang)
    rows = sample.indicators[sample.indicators["row"].notna()]
    assert grid.value["quality"].tolist() == [class_name(q, lang) for q in classes(rows)]
    # The sample uses several classes, and an empty cell reads as unknown method.
    assert grid.value["quality"].nunique() >= 4
    assert class_name(None, lang) in grid.value["quality"].tolist()
