"""The triple helix per domain: counts and shares of values and evidence per partner, closed form on a hand-made
submission, and the sentence naming a domain whose values come from one partner."""

import pytest

from assessor.assess import assess
from assessor.helix import helix_table, partners_per_domain, single_partner_sentence

from factory import submission

ROWS = [
    # alpha: government twice (one evidenced), business once (evidenced); AAA03 no value -> not counted
    {"indicator_id": "AAA01", "value": 75, "helix": "government", "evidence_status": "verified"},
    {"indicator_id": "AAA02", "value": 60, "helix": "government", "evidence_status": "self-reported"},
    {"indicator_id": "AAA03", "label": "yes", "helix": "business", "evidence_status": "documented"},
    # beta: academia only, plus one value with no partner named
    {"indicator_id": "BBB01", "value": 40, "helix": "academia", "evidence_status": "none"},
    {"indicator_id": "BBB03", "value": 2, "helix": None, "evidence_status": "verified"},
]


@pytest.fixture()
def table(mini_fw):
    return helix_table(assess(submission(ROWS), mini_fw)).set_index(["domain", "helix"])


def test_counts_and_shares_by_hand(table):
    assert table.loc[("alpha", "government"), "values"] == 2
    assert table.loc[("alpha", "government"), "evidenced"] == 1
    assert table.loc[("alpha", "government"), "value_share"] == pytest.approx(2 / 3)
    assert table.loc[("alpha", "government"), "evidenced_share"] == pytest.approx(1 / 3)
    assert table.loc[("alpha", "business"), "values"] == 1
    assert table.loc[("alpha", "business"), "evidenced"] == 1
    assert table.loc[("alpha", "academia"), "values"] == 0
    assert table.loc[("beta", "academia"), "value_share"] == pytest.approx(0.5)
    assert table.loc[("beta", "academia"), "evidenced"] == 0
    assert table.loc[("beta", "unstated"), "values"] == 1
    assert table.loc[("beta", "unstated"), "evidenced"] == 1
    # every domain's shares add up to one
    assert table.groupby(level="domain")["value_share"].sum().tolist() == pytest.approx([1.0, 1.0])


def test_a_single_partner_domain_is_named(mini_fw, table):
    per = partners_per_domain(table.reset_index()).set_index("domain")
    assert per.loc["alpha", "partners"] == 2 and per.loc["beta", "partners"] == 1
    assert per.loc["beta", "only"] == "academia"
    en = single_partner_sentence(table.reset_index(), mini_fw, "en")
    vi = single_partner_sentence(table.reset_index(), mini_fw, "vi")
    beta_en, beta_vi = (next(d for d in mini_fw.domains if d.id == "beta").name(lang) for lang in ("en", "vi"))
    assert f"{beta_en} (academia)" in en and "single partner" in en
    assert f"{beta_vi} (nhà trường)" in vi and "một nhóm chủ thể" in vi
    alpha_en = next(d for d in mini_fw.domains if d.id == "alpha").name("en")
    assert alpha_en not in en


def test_no_single_partner_said(mini_fw):
    rows = [
        {"indicator_id": "AAA01", "value": 75, "helix": "government"},
        {"indicator_id": "AAA02", "value": 60, "helix": "civil society"},
    ]
    table = helix_table(assess(submission(rows), mini_fw))
    assert single_partner_sentence(table, mini_fw, "en") == "No domain rests on a single partner."
