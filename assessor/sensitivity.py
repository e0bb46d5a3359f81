"""The first-order sensitivity index of a Monte Carlo's inputs on its outputs, from the draws already made (the
"given data" estimator: each input binned into quantiles, no extra model runs), and what it says of each indicator
and each method switch of the catalogue. Used by robustness.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from assessor.framework import Framework


def first_order(inputs: np.ndarray, output: np.ndarray, bins: int = 20) -> tuple[np.ndarray, np.ndarray]:
    """First-order sensitivity index of each input column on each output column, from the same draws.

    inputs: draws × k; output: draws × m. Each input is cut into `bins` quantile groups (or its own values when it
    takes fewer); the index is the variance of the group means of the output over its variance, less the level chance
    alone gives, (groups − 1) / (draws − 1), so an input that does nothing is 0 on average (a single estimate may be a
    little below). Returns the k × m indices (0 for a constant input or output) and, per input, the spread such an
    estimate has by chance alone, √(2 (groups − 1)) / draws, to tell a real effect from noise.
    """
    n, k = inputs.shape
    if n < 2:
        return np.zeros((k, output.shape[1])), np.zeros(k)
    # One sort of every column at once: a value's rank, and the code of its distinct value, scattered back in place.
    order = np.argsort(inputs, axis=0, kind="stable")
    ordered = np.take_along_axis(inputs, order, axis=0)
    new_value = np.vstack([np.zeros((1, k), dtype=bool), np.diff(ordered, axis=0) != 0])
    n_distinct = new_value.sum(axis=0) + 1
    rank, code = np.empty((n, k), dtype=np.int64), np.empty((n, k), dtype=np.int64)
    np.put_along_axis(rank, order, np.broadcast_to(np.arange(n)[:, None], (n, k)), axis=0)
    np.put_along_axis(code, order, np.cumsum(new_value, axis=0), axis=0)
    few = n_distinct <= bins
    groups = np.where(few, code, rank * bins // n)
    n_groups = np.where(few, n_distinct, bins)
    flat = (groups + np.arange(k) * bins).ravel()
    counts = np.bincount(flat, minlength=k * bins).astype(float)  # k·bins
    centred = output - output.mean(axis=0)
    sums = np.column_stack(  # k·bins × m: one weighted count per output column (the communities of a block)
        [np.bincount(flat, weights=np.repeat(centred[:, m], k), minlength=k * bins) for m in range(output.shape[1])]
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        between = np.where(counts[:, None] > 0, sums**2 / counts[:, None], 0.0).reshape(k, bins, -1).sum(axis=1)
        index = between / (centred**2).sum(axis=0) - ((n_groups - 1) / (n - 1))[:, None]
    moves = ((centred**2).sum(axis=0) > 0)[None, :] & (n_groups > 1)[:, None]
    chance = np.sqrt(2.0 * (n_groups - 1)) / n
    return np.where(moves, np.nan_to_num(index), 0.0), chance


def by_input(
    fw: Framework,
    per_indicator: tuple[np.ndarray, ...],
    switches: np.ndarray,
    switch_names: tuple[str, ...],
    evidenced: np.ndarray,
    communities: list[str],
) -> pd.DataFrame:
    """Per community: each indicator's first-order index (its inputs in `per_indicator`, draws × indicators each,
    summed: weight, floor, target) and each method switch's (`switches`, draws × switches, booleans), with `clear`
    where the index is over three times what chance alone gives; and each indicator's index on the spread left with
    the switches held fixed (`within_method`, `within_clear`; NaN and False for a switch)."""
    n_ind, n_sw = len(fw.indicators), len(switch_names)
    inputs = np.concatenate([*per_indicator, switches.astype(float)], axis=1)
    index, chance = first_order(inputs, evidenced)
    parts = [slice(k * n_ind, (k + 1) * n_ind) for k in range(len(per_indicator))]
    own = len(parts) * n_ind  # where the switches' columns start
    summed = sum(index[s] for s in parts)
    noise = np.sqrt(sum(chance[s] ** 2 for s in parts))
    # What is left once the switches are held fixed: each draw less the mean of the draws with its choices.
    cell = np.eye(2**n_sw)[switches.astype(int) @ (2 ** np.arange(n_sw))]  # draws × combinations
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.nan_to_num((cell.T @ evidenced) / cell.sum(axis=0)[:, None])
    within_index, within_chance = first_order(inputs[:, :own], evidenced - cell @ means)
    within = np.clip(sum(within_index[s] for s in parts), 0.0, 1.0)  # indicators × communities
    within_noise = np.sqrt(sum(within_chance[s] ** 2 for s in parts))
    blank = np.full((n_sw, len(communities)), np.nan)
    names = [i.id for i in fw.indicators] + list(switch_names)
    values = np.clip(np.concatenate([summed, index[own:]], axis=0), 0.0, 1.0)  # inputs × communities
    noise = np.concatenate([noise, chance[own:]])
    frame = pd.DataFrame(
        {
            "community": np.repeat(communities, len(names)),
            "input": np.tile(names, len(communities)),
            "kind": np.tile(["indicator"] * n_ind + ["choice"] * n_sw, len(communities)),
            "first_order": values.T.ravel(),
            "clear": (values > 3 * noise[:, None]).T.ravel(),
            "within_method": np.concatenate([within, blank], axis=0).T.ravel(),
            "within_clear": np.concatenate(
                [within > 3 * within_noise[:, None], np.zeros_like(blank, dtype=bool)]
            ).T.ravel(),
        }
    )
    frame = frame.sort_values(["community", "first_order", "input"], ascending=[True, False, True], kind="stable")
    frame["rank"] = frame.groupby("community").cumcount() + 1
    return frame.reset_index(drop=True)
