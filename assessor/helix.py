"""The triple helix per domain: which partners (government, business, academia, civil society) stand behind the values
and behind the evidence.

Counted on the assessment's year, over the indicators that have a value: per domain and partner, how many values and
how many of them are evidenced (verified or documented), and their shares of the domain's values. A value whose row
names no partner counts under `unstated`. ICF values collaboration, so a domain whose values all come from one partner
is named.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from assessor.assess import Assessment
from assessor.framework import EVIDENCED_STATUSES, Framework, Lang
from assessor.i18n import percent, t
from assessor.layout import HELIX_LABELS, label_text

UNSTATED = "unstated"
PARTNERS = (*HELIX_LABELS, UNSTATED)


def helix_table(a: Assessment) -> pd.DataFrame:
    """One row per community, domain and partner (every partner, zeros included): `values`, `evidenced`,
    `value_share` (of the domain's values) and `evidenced_share` (of the domain's values)."""
    ind = a.indicators
    has = ind["score"].notna()
    rows = pd.DataFrame(
        {
            "community": ind["community"],
            "domain": ind["domain"],
            "helix": ind["helix"].astype(object).where(ind["helix"].notna(), UNSTATED),
            "values": has.astype(int),
            "evidenced": (has & ind["evidence_status"].isin(EVIDENCED_STATUSES).fillna(False)).astype(int),
        }
    )
    counts = rows[has].groupby(["community", "domain", "helix"])[["values", "evidenced"]].sum()
    communities = ind["community"].drop_duplicates().tolist()
    domains = [d.id for d in a.framework.domains]
    full = pd.MultiIndex.from_product([communities, domains, list(PARTNERS)], names=["community", "domain", "helix"])
    out = counts.reindex(full, fill_value=0).reset_index()
    total = out.groupby(["community", "domain"])["values"].transform("sum").astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["value_share"] = (out["values"] / total).where(total > 0)
        out["evidenced_share"] = (out["evidenced"] / total).where(total > 0)
    return out


def partners_per_domain(table: pd.DataFrame) -> pd.DataFrame:
    """Per community and domain: the number of named partners behind its values, and the only one when there is one."""
    named = table[(table["helix"] != UNSTATED) & (table["values"] > 0)]
    count = named.groupby(["community", "domain"])["helix"].agg(["nunique", "first"])
    keys = table[["community", "domain"]].drop_duplicates().set_index(["community", "domain"])
    out = keys.join(count).reset_index().rename(columns={"nunique": "partners", "first": "only"})
    out["partners"] = out["partners"].fillna(0).astype(int)
    out["only"] = out["only"].where(out["partners"] == 1)
    return out


def single_partner_sentence(table: pd.DataFrame, framework: Framework, lang: Lang) -> str:
    """The domains whose values all come from one named partner, said by name; or that none does."""
    per = partners_per_domain(table)
    single = per[per["partners"] == 1]
    if single.empty:
        return t("helix.no_single", lang)
    names = {d.id: d.name(lang) for d in framework.domains}
    listed = "; ".join(
        f"{names[d]} ({label_text(HELIX_LABELS, h, lang)})"
        for d, h in zip(single["domain"], single["only"], strict=True)
    )
    return t("helix.single", lang, domains=listed)


def partner_name(key: str, lang: Lang) -> str:
    return t("helix.unstated", lang) if key == UNSTATED else label_text(HELIX_LABELS, key, lang)


def domain_table(table: pd.DataFrame, domain: str, lang: Lang) -> pd.DataFrame:
    """One domain's partners as a reader sees them, headers in `lang`; partners with no value are left out."""
    rows = table[(table["domain"] == domain) & (table["values"] > 0)]
    return pd.DataFrame(
        {
            t("helix.col.partner", lang): [_capital(partner_name(h, lang)) for h in rows["helix"]],
            t("helix.col.values", lang): rows["values"].astype(int).tolist(),
            t("helix.col.value_share", lang): [percent(v, lang) for v in rows["value_share"]],
            t("helix.col.evidenced", lang): rows["evidenced"].astype(int).tolist(),
            t("helix.col.evidenced_share", lang): [percent(v, lang) for v in rows["evidenced_share"]],
        }
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
