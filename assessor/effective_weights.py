"""Each indicator's real share of its community score after coverage and aggregation (COINr's "effective
weights"), shown in the app and on the evidence workbook's Method sheet."""

from __future__ import annotations

import numpy as np
import pandas as pd

from assessor.assess import Assessment


def effective_weights(assessment: Assessment, empty_domain: str = "zero") -> pd.DataFrame:
    """Each indicator's real share of its community score, after coverage and aggregation (COINr's effective weights).

    `nominal_weight` is the catalogue's share: the indicator's weight over its domain's, times the domain's weight over
    all domains'. `effective_weight` is what the score really gives it: weights renormalised over the indicators with
    data in the domain (an indicator without data gets 0 and its share goes to the others), times the domain's share.
    Under both arithmetic and geometric aggregation within a domain this is the weight of the indicator's score (or
    of its logarithm) in the domain, and the domains are averaged arithmetically.

    A domain with no data at all: with `empty_domain="zero"` (the assessment's rule) it still holds its share and
    counts 0, so its indicators keep their nominal weights and score 0 (`counted_as_zero`); with `"left_out"` it is
    dropped and the other domains share its weight. Either way the weights of a community sum to 1 (unless every
    domain is empty and left out, when there is nothing to weigh).
    """
    if empty_domain not in ("zero", "left_out"):
        raise ValueError("empty_domain is 'zero' or 'left_out'")
    ind = assessment.indicators
    keys = ["community", "domain"]
    has = ind["score"].notna()
    w = ind["weight"].astype(float)
    w_has = w.where(has, 0.0)
    in_domain = w.groupby([ind[k] for k in keys], sort=False).transform("sum")
    with_data = w_has.groupby([ind[k] for k in keys], sort=False).transform("sum")
    empty = with_data == 0
    dw = ind["domain_weight"].astype(float)
    # One row per indicator, so a domain's weight is counted once: spread it over its indicators by catalogue share.
    dw_row = dw * w / in_domain
    all_dw = dw_row.groupby(ind["community"], sort=False).transform("sum")
    counted_dw = dw_row.where(~empty, 0.0).groupby(ind["community"], sort=False).transform("sum")
    nominal = w / in_domain * dw / all_dw
    with np.errstate(invalid="ignore", divide="ignore"):
        within = (w_has / with_data).where(~empty, w / in_domain)
        kept = within * dw / all_dw
        shared = (within * dw / counted_dw).where(~empty, 0.0)
    effective = kept if empty_domain == "zero" else shared
    return pd.DataFrame(
        {
            "community": ind["community"].to_numpy(),
            "indicator_id": ind["indicator_id"].to_numpy(),
            "domain": ind["domain"].to_numpy(),
            "weight": w.to_numpy(),
            "nominal_weight": nominal.to_numpy(),
            "effective_weight": effective.fillna(0.0).to_numpy(),
            "has_data": has.to_numpy(),
            "counted_as_zero": (empty & (empty_domain == "zero")).to_numpy(),
        }
    )
