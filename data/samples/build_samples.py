"""Builds the illustrative sample workbooks in `data/samples/`: run `python data/samples/build_samples.py`.

Writes, from the criteria catalogue and the spreadsheet layout (so headers and column order are the reader's own):

- `binh_duong_illustrative.xlsx`: Bình Dương, Vietnamese sheets, 2023-2025, with the mess people really send
  (`85%` typed as text, `1.234,5`, `Có`, a merged title row, a blank line) and five planted data problems that the
  reader must report, all in 2023 so the 2025 assessment stays complete;
- `binh_duong_illustrative.csv`: its Indicators sheet, 2025 only, as Excel exports CSV in Vietnam;
- `panel_illustrative.xlsx`: Bình Dương and twelve generic communities, English headers, 2024-2025;
- `panel_illustrative_vi.xlsx`: the same panel in Vietnamese (sheets, headers, titles, "Địa phương A (minh họa)").

Every figure is illustrative, not an official statistic, and every sheet says so in its title row. The script is
deterministic (fixed seed, no dependence on today's date) and generic over the catalogue: it turns an intended
0-100 score into a raw value through each indicator's own method parameters, then calibrates Bình Dương's 2025
scores with the project's scoring code so they land where intended whatever the catalogue's goalposts are.
"""

from __future__ import annotations

import csv
import io
import re
import sys
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))  # run as a script from anywhere: the project root holds `assessor`

from assessor.assess import aggregate, score_table  # noqa: E402
from assessor.export.sheets import write_table  # noqa: E402
from assessor.framework import (  # noqa: E402
    EVIDENCED_STATUSES,
    Bands,
    Categorical,
    Framework,
    Goalpost,
    Indicator,
    Lang,
    Level,
    load_framework,
)
from assessor.layout import (  # noqa: E402
    ACTIONS,
    EVIDENCE_LABELS,
    HELIX_LABELS,
    INDICATORS,
    NARRATIVES,
    PROFILE,
    QUALITY_LABELS,
    Sheet,
    label_text,
)

SEED = 20250621
BD = "Bình Dương"
YEARS = (2023, 2024, 2025)
PANEL_YEARS = (2024, 2025)
ILLUSTRATIVE: dict[Lang, str] = {
    "vi": "Số liệu minh họa, không phải số liệu thống kê chính thức",
    "en": "Illustrative figures, not official statistics",
}

# Where Bình Dương's 2025 claimed domain scores should land: Competitive overall (about 69), innovation and
# connectivity ahead, inclusion and sustainability behind; the evidence gap is what ICF's validation would take away.
BD_DOMAIN_GOAL = {
    "connectivity": 79.0,
    "workforce": 69.0,
    "innovation": 83.0,
    "inclusion": 60.0,
    "sustainability": 57.0,
    "engagement": 70.0,
}
BD_EVIDENCE_GAP_GOAL = 8.6
BD_TREND = {2023: -9.0, 2024: -4.5, 2025: 0.0}  # steady improvement year on year

# Values the generic score-to-value mapping would get visibly wrong for Bình Dương, used when the catalogue has the
# indicator with this kind (still illustrative). Entry-level fibre costs a small fraction of ICF's 2017 US$50
# median, so an inverse of the price bands would invent a Vietnamese price of US$60+; the triple-helix body and
# telling its story abroad are what ICF's coverage of Bình Dương's Smart21 and Top7 years names (reference file).
BD_KNOWN: dict[str, tuple[str, tuple[float, float, float]]] = {
    "CON04": ("currency", (9.6, 9.1, 8.6)),
    "INN07": ("level", (3.0, 4.0, 4.0)),
    "ENG07": ("level", (3.0, 3.0, 4.0)),
}

# Who answers for each indicator, under the name it had before the mergers of 1 March 2025: the body the catalogue's
# evidence text names (the labour department for the labour-survey figures), so that no figure comes from an agency
# that does not hold it. Partners outside government where their work is the figure: Becamex's incubator and
# international promotion, the universities' students and partnerships, Biwase's water meters, the Youth Union's and
# the Women's Union's digital-skills work. An indicator of another catalogue falls back to its domain's pool below.
OWNER_OF: dict[str, str] = {
    "CON01": "Sở Thông tin và Truyền thông",
    "CON02": "Sở Thông tin và Truyền thông",
    "CON03": "Sở Thông tin và Truyền thông",
    "CON04": "Sở Thông tin và Truyền thông",
    "CON05": "Sở Thông tin và Truyền thông",
    "CON06": "Văn phòng UBND tỉnh",
    "CON07": "Sở Thông tin và Truyền thông",
    "CON08": "Văn phòng UBND tỉnh",
    "CON09": "Sở Thông tin và Truyền thông",
    "WRK01": "Sở Giáo dục và Đào tạo",
    "WRK02": "Sở Giáo dục và Đào tạo",
    "WRK03": "Sở Lao động – Thương binh và Xã hội",
    "WRK04": "Trường Đại học Thủ Dầu Một",
    "WRK05": "Sở Lao động – Thương binh và Xã hội",
    "WRK06": "Sở Lao động – Thương binh và Xã hội",
    "WRK07": "Đại học Quốc tế Miền Đông (EIU)",
    "WRK08": "Sở Lao động – Thương binh và Xã hội",
    "WRK09": "Văn phòng UBND tỉnh",
    "INN01": "Becamex IDC",
    "INN02": "Sở Kế hoạch và Đầu tư",
    "INN03": "Sở Khoa học và Công nghệ",
    "INN04": "Sở Khoa học và Công nghệ",
    "INN05": "Sở Khoa học và Công nghệ",
    "INN06": "Trung tâm Điều hành thông minh tỉnh",
    "INN07": "Đại học Quốc tế Miền Đông (EIU)",
    "INN08": "Sở Khoa học và Công nghệ",
    "INN09": "Văn phòng UBND tỉnh",
    "INC01": "Sở Văn hóa, Thể thao và Du lịch",
    "INC02": "Sở Thông tin và Truyền thông",
    "INC03": "Sở Thông tin và Truyền thông",
    "INC04": "Sở Thông tin và Truyền thông",
    "INC05": "Sở Thông tin và Truyền thông",
    "INC06": "Hội Liên hiệp Phụ nữ tỉnh",
    "INC07": "Sở Thông tin và Truyền thông",
    "INC08": "Sở Thông tin và Truyền thông",
    "INC09": "Tỉnh Đoàn Bình Dương",
    "SUS01": "Sở Tài nguyên và Môi trường",
    "SUS02": "Sở Công Thương",
    "SUS03": "Sở Tài nguyên và Môi trường",
    "SUS04": "Sở Xây dựng",
    "SUS05": "Công ty Cổ phần Nước – Môi trường Bình Dương (Biwase)",
    "SUS06": "Sở Giao thông vận tải",
    "SUS07": "Sở Tài nguyên và Môi trường",
    "SUS08": "Sở Tài nguyên và Môi trường",
    "SUS09": "Sở Tài nguyên và Môi trường",
    "ENG01": "Sở Thông tin và Truyền thông",
    "ENG02": "Trung tâm Điều hành thông minh tỉnh",
    "ENG03": "Trung tâm Điều hành thông minh tỉnh",
    "ENG04": "Văn phòng UBND tỉnh",
    "ENG05": "Văn phòng UBND tỉnh",
    "ENG06": "Sở Thông tin và Truyền thông",
    "ENG07": "Becamex IDC",
    "ENG08": "Văn phòng UBND tỉnh",
    "ENG09": "Hội Liên hiệp Phụ nữ tỉnh",
}
# Which helix each partner belongs to (Ba Nhà plus civil society); a domain's pool for another catalogue's indicators.
OWNERS: dict[str, tuple[str, ...]] = {
    "connectivity": ("Sở Thông tin và Truyền thông", "Trung tâm Điều hành thông minh tỉnh"),
    "workforce": ("Sở Giáo dục và Đào tạo", "Trường Đại học Thủ Dầu Một", "Sở Lao động – Thương binh và Xã hội"),
    "innovation": ("Becamex IDC", "Đại học Quốc tế Miền Đông (EIU)", "Sở Khoa học và Công nghệ"),
    "inclusion": ("Sở Thông tin và Truyền thông", "Hội Liên hiệp Phụ nữ tỉnh", "Tỉnh Đoàn Bình Dương"),
    "sustainability": ("Sở Tài nguyên và Môi trường", "Becamex IDC", "Sở Giao thông vận tải"),
    "engagement": ("Văn phòng UBND tỉnh", "Trung tâm Điều hành thông minh tỉnh", "Hội Liên hiệp Phụ nữ tỉnh"),
}
DEFAULT_OWNER = "Văn phòng UBND tỉnh"
HELIX_OF = {
    "Becamex IDC": "business",
    "Công ty Cổ phần Nước – Môi trường Bình Dương (Biwase)": "business",
    "Trường Đại học Thủ Dầu Một": "academia",
    "Đại học Quốc tế Miền Đông (EIU)": "academia",
    "Hội Liên hiệp Phụ nữ tỉnh": "civil society",
    "Tỉnh Đoàn Bình Dương": "civil society",
}
URL_ROOT = "https://binhduong.gov.vn"  # illustrative links in the province portal's style

# The rows keep the name an agency had when it issued the year's figures: the 2023-2024 rows name the provincial
# departments as they were before the mergers of 1 March 2025 (Nghị định 45/2025/NĐ-CP); figures for 2025 are issued
# after Bình Dương joined Hồ Chí Minh City on 1 July 2025 (Nghị quyết 202/2025/QH15), by the successor bodies.
MERGED_FROM = 2025
SUCCESSOR = {
    "Sở Thông tin và Truyền thông": "Sở Khoa học và Công nghệ TP. Hồ Chí Minh",
    "Trung tâm Điều hành thông minh tỉnh": "Sở Khoa học và Công nghệ TP. Hồ Chí Minh",
    "Sở Lao động – Thương binh và Xã hội": "Sở Nội vụ TP. Hồ Chí Minh",
    "Sở Tài nguyên và Môi trường": "Sở Nông nghiệp và Môi trường TP. Hồ Chí Minh",
    "Sở Giao thông vận tải": "Sở Xây dựng TP. Hồ Chí Minh",
    "Sở Kế hoạch và Đầu tư": "Sở Tài chính TP. Hồ Chí Minh",
    "Sở Công Thương": "Sở Công Thương TP. Hồ Chí Minh",
    "Sở Xây dựng": "Sở Xây dựng TP. Hồ Chí Minh",
    "Sở Văn hóa, Thể thao và Du lịch": "Sở Văn hóa và Thể thao TP. Hồ Chí Minh",
    "Sở Giáo dục và Đào tạo": "Sở Giáo dục và Đào tạo TP. Hồ Chí Minh",
    "Sở Khoa học và Công nghệ": "Sở Khoa học và Công nghệ TP. Hồ Chí Minh",
    "Văn phòng UBND tỉnh": "Văn phòng UBND TP. Hồ Chí Minh",
    "Hội Liên hiệp Phụ nữ tỉnh": "Hội Liên hiệp Phụ nữ TP. Hồ Chí Minh",
    "Tỉnh Đoàn Bình Dương": "Thành Đoàn TP. Hồ Chí Minh",
    "Becamex IDC": "Becamex Group",
}
HELIX_OF.update(
    {
        "Becamex Group": "business",
        "Hội Liên hiệp Phụ nữ TP. Hồ Chí Minh": "civil society",
        "Thành Đoàn TP. Hồ Chí Minh": "civil society",
    }
)
HISTORY_NOTE = (
    "tên cơ quan trong số liệu 2023–2024 là tên tại thời điểm ban hành văn bản, trước khi các sở được hợp nhất từ "
    "01/3/2025; tỉnh Bình Dương thuộc TP. Hồ Chí Minh từ 01/7/2025"
)


# ---------------------------------------------------------------- from an intended score to a raw value


def value_for(ind: Indicator, score: float, u: float) -> float | str:
    """A raw value that this indicator's method scores at about `score`; `u` (0..1) rounds discrete answers."""
    s = float(np.clip(score, 0.0, 100.0))
    m = ind.method
    if isinstance(m, Categorical):
        return _pick_category(m, s, u)
    if isinstance(m, Level):
        return float(_stochastic_round(s / 100.0 * m.top, u))
    raw = m.floor + s / 100.0 * (m.target - m.floor) if isinstance(m, Goalpost) else _bands_value(m, s, u)
    low, high = ind.bounds
    return _tidy_number(ind, float(np.clip(raw, low, high)))


def _is_count(ind: Indicator) -> bool:
    """Providers, services, datasets, dialogues: whole numbers (rates per person or per 100,000 are not)."""
    unit = ind.unit.en.lower()
    return (
        ind.kind == "number" and unit.replace(" ", "").isalpha() and "per 100" not in unit and "per person" not in unit
    )


def _stochastic_round(x: float, u: float) -> int:
    """Round up with probability equal to the fraction, so discrete answers average to the intended score."""
    return int(np.floor(x) + (u < x - np.floor(x)))


def _pick_category(m: Categorical, s: float, u: float) -> str:
    cats = sorted(m.categories, key=lambda c: c.score)
    below = [c for c in cats if c.score <= s] or cats[:1]
    above = [c for c in cats if c.score >= s] or cats[-1:]
    lo, hi = below[-1], above[0]
    if hi.score == lo.score:
        return lo.id
    return hi.id if u < (s - lo.score) / (hi.score - lo.score) else lo.id


def _bands_value(m: Bands, s: float, u: float) -> float:
    # The ratio to target is about score/100, jittered inside the band so values do not look computed.
    ratio = max(0.05, s / 100.0 * (0.94 + 0.12 * u))
    return m.target / ratio if m.lower_is_better else m.target * ratio


def _tidy_number(ind: Indicator, v: float) -> float:
    """Round as a department would report it; a percent stays out of (0, 1) so it is never read as a fraction."""
    if ind.kind == "percent":
        v = round(v, 1)
        return 1.0 if 0 < v < 1 else v
    if _is_count(ind):
        return float(round(v))
    if abs(v) >= 100:
        return float(round(v))
    if abs(v) >= 10:
        return round(v, 1)
    return round(v, 2)


# ---------------------------------------------------------------- scoring with the project's own code


def community_scores(framework: Framework, data: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Domain and overall claimed and evidenced scores of a tidy frame, exactly as `assess` computes them."""
    return aggregate(score_table(_tidy(data), framework), framework)


def _tidy(data: pd.DataFrame) -> pd.DataFrame:
    """The reader's shape: numbers in `value`, category ids in `label`."""
    is_label = data["value"].map(lambda v: isinstance(v, str))
    return data.assign(
        value=pd.to_numeric(data["value"].where(~is_label)).astype(float),
        label=data["value"].where(is_label).astype("string"),
    )


def contributions(framework: Framework, data: pd.DataFrame) -> pd.Series:
    """Points each indicator adds to the community score (what it would cost if its evidence did not count)."""
    table = score_table(_tidy(data), framework)
    n = sum(d.weight for d in framework.domains)
    points = table["weight_share"] * table["score"] * table["domain_weight"] / n
    return pd.Series(points.fillna(0.0).to_numpy(), index=table["indicator_id"])


# ---------------------------------------------------------------- Bình Dương: values, evidence, problems


@dataclass(frozen=True)
class Draws:
    """Every random number Bình Dương needs, drawn once so calibration can re-use them."""

    base: np.ndarray  # indicator offset from its domain's base
    noise: np.ndarray  # indicator × year wobble around the trend
    rounding: np.ndarray  # indicator: rounds discrete answers, jitters band values (the same every year)
    order: np.ndarray  # the order in which indicators lose their evidence
    extra: np.ndarray  # indicator, chance of weaker evidence in earlier years
    kind: np.ndarray  # indicator, verified rather than documented


def draw(rng: np.random.Generator, n: int) -> Draws:
    return Draws(
        base=rng.normal(0.0, 9.0, n),
        noise=rng.normal(0.0, 1.5, (n, len(YEARS))),
        rounding=rng.random(n),
        order=rng.permutation(n),
        extra=rng.random(n),
        kind=rng.random(n),
    )


def bd_values(framework: Framework, d: Draws, shift: dict[str, float], fine: dict[str, float]) -> pd.DataFrame:
    """Bình Dương's tidy frame (community, indicator_id, year, value) for per-domain shifts of the intended scores.

    `shift` moves every indicator of a domain; `fine` only its goalpost indicators, whose scores move smoothly.
    """
    trend = np.array([BD_TREND[y] for y in YEARS])
    rows = []
    for i, ind in enumerate(framework.indicators):
        base = BD_DOMAIN_GOAL.get(ind.domain, 65.0) + d.base[i] + shift.get(ind.domain, 0.0)
        base += fine.get(ind.domain, 0.0) if isinstance(ind.method, Goalpost) else 0.0
        # Never worse than the year before: the story is steady progress.
        scores = np.maximum.accumulate(np.clip(base + trend + d.noise[i], 3.0, 100.0))
        known = BD_KNOWN.get(ind.id)
        for j, year in enumerate(YEARS):
            value = known[1][j] if known and known[0] == ind.kind else value_for(ind, scores[j], d.rounding[i])
            rows.append((BD, ind.id, year, value))
    frame = pd.DataFrame(rows, columns=["community", "indicator_id", "year", "value"])
    return frame.assign(evidence_status="verified")


def calibrated_values(framework: Framework, d: Draws) -> pd.DataFrame:
    """Each domain's 2025 claimed score brought to its goal, whatever the catalogue's goalposts.

    Levels, categories and bands make a domain's score jump, so a coarse shift of every indicator comes first,
    then a fine shift of the goalpost indicators alone.
    """
    goal = {dom.id: BD_DOMAIN_GOAL.get(dom.id, 65.0) for dom in framework.domains}
    coarse = _fit_shifts(framework, goal, lambda sh: bd_values(framework, d, sh, {}))
    fine = _fit_shifts(framework, goal, lambda sh: bd_values(framework, d, coarse, sh))
    return bd_values(framework, d, coarse, fine)


def _fit_shifts(
    framework: Framework, goal: dict[str, float], make: Callable[[dict[str, float]], pd.DataFrame]
) -> dict[str, float]:
    """Per-domain shifts that bring the 2025 domain scores closest to `goal` (damped steps, the best kept)."""
    shift = dict.fromkeys(goal, 0.0)
    best = dict.fromkeys(goal, (float("inf"), 0.0))  # domain -> (miss, shift)
    for _ in range(15):
        domains, _ = community_scores(framework, make(shift))
        latest = domains[domains["year"] == YEARS[-1]].set_index("domain")["score"]
        for dom, target in goal.items():
            miss = target - float(latest[dom])
            if abs(miss) < best[dom][0]:
                best[dom] = (abs(miss), shift[dom])
            shift[dom] += 0.7 * miss
        if max(m for m, _ in best.values()) < 0.3:
            break
    return {dom: sh for dom, (_, sh) in best.items()}


def assign_evidence(framework: Framework, data: pd.DataFrame, d: Draws) -> pd.DataFrame:
    """Take evidence away from indicators, in a random order, until 2025's evidence gap reaches its goal."""
    weak = _weakly_evidenced(framework, data[data["year"] == YEARS[-1]], d.order)
    index = {ind.id: i for i, ind in enumerate(framework.indicators)}
    status = [
        _status(weak.get(iid), year, d.extra[index[iid]], d.kind[index[iid]])
        for iid, year in zip(data["indicator_id"], data["year"], strict=True)
    ]
    return data.assign(evidence_status=status)


def _weakly_evidenced(framework: Framework, latest: pd.DataFrame, order: np.ndarray) -> dict[str, int]:
    """Indicator id -> rank, chosen in rounds (at most one more per domain each round) so the gap is spread out;
    an indicator that would overshoot the goal is skipped, so the gap lands close to it, not past it."""
    points = contributions(framework, latest)
    weak: dict[str, int] = {}
    per_domain: dict[str, int] = {}
    gap = 0.0
    for round_ in range(1, len(framework.indicators) + 1):
        for i in order:
            ind = framework.indicators[i]
            fits = points[ind.id] > 0 and gap + points[ind.id] <= BD_EVIDENCE_GAP_GOAL + 0.3
            if ind.id not in weak and per_domain.get(ind.domain, 0) < round_ and fits:
                weak[ind.id] = len(weak)
                per_domain[ind.domain] = per_domain.get(ind.domain, 0) + 1
                gap += points[ind.id]
            if gap >= BD_EVIDENCE_GAP_GOAL - 0.3:
                return weak
    return weak


def _status(weak_rank: int | None, year: int, extra: float, kind: float) -> str:
    if weak_rank is not None:
        return "none" if weak_rank % 3 == 2 else "self-reported"
    # Evidence gets better over time: some indicators documented in 2025 were only self-reported before.
    if (year == 2023 and extra < 0.22) or (year == 2024 and extra < 0.10):
        return "self-reported"
    return "verified" if kind < 0.45 else "documented"


# ---------------------------------------------------------------- presenting a row as a person would type it


def vi_number(v: float, decimals: int = 1) -> str:
    """`1.234,5`: the Vietnamese convention (dot for thousands, comma for decimals)."""
    text = f"{v:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def plain(v: Any) -> Any:
    """A float that is whole is written as an int, as a person would type it."""
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def shown_value(ind: Indicator, value: float | str, lang: Lang) -> Any:
    if isinstance(value, str) and isinstance(ind.method, Categorical):
        # A category id becomes its label; anything else was typed by hand and stays as typed.
        return next((c.label(lang) for c in ind.method.categories if c.id == value), value)
    return plain(value)


def evidence_text(status: str, owner: str, year: int) -> str | None:
    return {
        "verified": f"Báo cáo năm {year} của {owner}; số liệu đã được đơn vị độc lập kiểm chứng.",
        "documented": f"Văn bản báo cáo năm {year} của {owner}, lưu tại Tổ thường trực Đề án thành phố thông minh.",
        "self-reported": f"Số liệu ước tính do {owner} cung cấp, chưa có văn bản kèm theo.",
    }.get(status)


def owner_of(framework: Framework, ind: Indicator, year: int) -> str:
    """The agency answering for an indicator, under the name it had when it issued that year's figures."""
    owner = OWNER_OF.get(ind.id)
    if owner is None:
        pool = OWNERS.get(ind.domain, (DEFAULT_OWNER,))
        owner = pool[[i.id for i in framework.in_domain(ind.domain)].index(ind.id) % len(pool)]
    return SUCCESSOR.get(owner, owner) if year >= MERGED_FROM else owner


def indicator_row(
    framework: Framework, ind: Indicator, rec: dict[str, Any], lang: Lang, community: str | None
) -> dict[str, Any]:
    """One Indicators-sheet row keyed by layout column key."""
    status, year = rec["evidence_status"], rec["year"]
    owner = owner_of(framework, ind, year)
    with_link = status in EVIDENCED_STATUSES and hash_of(ind.id, year) % 5 < 2
    return {
        "community": community,
        "indicator_id": ind.id,
        "name": ind.name(lang),
        "domain": framework.domain_by_id[ind.domain].name(lang),
        "unit": ind.unit(lang),
        "year": year,
        "value": shown_value(ind, rec["value"], lang),
        "evidence_status": label_text(EVIDENCE_LABELS, status, lang),
        "evidence": evidence_text(status, owner, year) if lang == "vi" else _evidence_en(status, year),
        "source_url": f"{URL_ROOT}/so-lieu-thong-minh/{year}/{ind.id.lower()}" if with_link else None,
        "owner": owner if lang == "vi" else None,
        "helix": label_text(HELIX_LABELS, HELIX_OF.get(owner, "government"), lang),
        "quality": quality_of(ind.id, status, year, lang),
        "notes": rec.get("notes"),
    }


def quality_of(iid: str, status: str, year: int, lang: Lang) -> str | None:
    """A plausible data-quality class: third-party checked figures measured and verified, department reports mostly
    measured, self-reported figures estimated or calculated from partial data; a figure with no evidence left blank
    (unknown method). Illustrative, like the values; it never changes a score."""
    h = hash_of(iid, year)
    key = {
        "verified": "measured_verified",
        "documented": "measured" if h % 4 else "calculated",
        "self-reported": "estimated" if h % 3 else "calculated",
    }.get(status)
    return label_text(QUALITY_LABELS, key, lang) if key else None


def _evidence_en(status: str, year: int) -> str | None:
    return {
        "verified": f"{year} report, checked by a third party.",
        "documented": f"{year} department report on file.",
        "self-reported": "Estimate supplied by the department, no document yet.",
    }.get(status)


def hash_of(iid: str, year: int) -> int:
    """A stable small hash (Python's own `hash` of a str changes between runs)."""
    return sum(ord(ch) * (k + 1) for k, ch in enumerate(iid)) + year


# ---------------------------------------------------------------- Bình Dương workbook


@dataclass
class BdRows:
    """The Indicators sheet as written: rows keyed by column, plus what was planted where."""

    rows: list[dict[str, Any] | None]  # None is a deliberately blank line
    planted: dict[str, str]


def bd_indicator_rows(framework: Framework, data: pd.DataFrame) -> BdRows:
    recs = {(r["indicator_id"], r["year"]): dict(r) for r in data.to_dict("records")}
    planted: dict[str, str] = {}
    _type_like_people(framework, recs, planted)
    rows: list[dict[str, Any] | None] = []
    for year in YEARS:
        for ind in framework.indicators:
            rows.append(indicator_row(framework, ind, recs[(ind.id, year)], "vi", BD))
    _plant_problems(framework, rows, planted)
    rows.insert(len(framework.indicators) + len(framework.indicators) // 2, None)  # a blank line mid-2024
    return BdRows(rows, planted)


def _type_like_people(
    framework: Framework, recs: dict[tuple[str, int], dict[str, Any]], planted: dict[str, str]
) -> None:
    """Values typed as text the way people do: `85%`, `1.234,5`, lower-case `một phần`, `Mức 3`."""
    percents = [i for i in framework.indicators if i.kind == "percent"]
    for ind, year in zip(percents[1::4][:3], (2025, 2024, 2025), strict=False):
        rec = recs[(ind.id, year)]
        rec["value"] = f"{vi_number(rec['value'], 1).removesuffix(',0')}%"
        planted.setdefault("percent_text", f"{ind.id} {year}: {rec['value']}")
    quantities = [i for i in framework.indicators if i.kind in ("number", "currency")]
    if quantities:
        ind = max(quantities, key=lambda i: recs[(i.id, 2025)]["value"])
        rec = recs[(ind.id, 2025)]
        rec["value"] = vi_number(float(rec["value"]) + 0.5 if float(rec["value"]) >= 1000 else rec["value"], 1)
        planted["vi_number_text"] = f"{ind.id} 2025: {rec['value']}"
    partial = next((r for (iid, y), r in recs.items() if y == 2025 and r["value"] == "partial"), None)
    if partial is not None:
        partial["value"] = "một phần"  # typed lower-case rather than picked from the list
        planted["category_text"] = f"{partial['indicator_id']} 2025: một phần"
    level = next((i for i in framework.indicators if isinstance(i.method, Level)), None)
    if level is not None:
        rec = recs[(level.id, 2024)]
        rec["value"] = f"Mức {int(rec['value'])}"
        planted["level_text"] = f"{level.id} 2024: {rec['value']}"


def _plant_problems(framework: Framework, rows: list[dict[str, Any] | None], planted: dict[str, str]) -> None:
    """The five data problems the reader must report, all in 2023, so that the 2025 assessment stays complete."""
    n = len(framework.indicators)
    y2023 = rows[:n]
    quantities = [k for k, i in enumerate(framework.indicators) if i.kind in ("number", "currency") and k > 0]
    text_at = quantities[0] if quantities else 1
    # A percent over 100 is the classic; a catalogue without a spare percent gets a level above its top instead.
    bounded = [k for k, i in enumerate(framework.indicators) if k not in (0, text_at) and np.isfinite(i.bounds[1])]
    range_at = min(bounded, key=lambda k: framework.indicators[k].kind != "percent")
    link_at = next(k for k in range(n - 1, 0, -1) if k not in (text_at, range_at))

    y2023[0]["indicator_id"] = _typo(y2023[0]["indicator_id"])
    y2023[0]["notes"] = "Nhập tay từ báo cáo giấy"
    planted["unknown_id"] = f"{y2023[0]['indicator_id']} (for {framework.indicators[0].id}) 2023"
    y2023[text_at]["value"], y2023[text_at]["notes"] = "đang cập nhật", "Chờ số liệu chính thức từ Cục Thống kê"
    planted["text_in_number"] = f"{framework.indicators[text_at].id} 2023: đang cập nhật"
    high = framework.indicators[range_at].bounds[1]
    y2023[range_at]["value"] = 112 if high == 100 else int(high) + 3
    y2023[range_at]["notes"] = "Cộng nhầm cả số liệu của doanh nghiệp"
    planted["out_of_range"] = f"{framework.indicators[range_at].id} 2023: {y2023[range_at]['value']}"
    y2023[link_at]["source_url"] = "www.binhduong.gov.vn"
    planted["bad_link"] = f"{framework.indicators[link_at].id} 2023: www.binhduong.gov.vn"

    # Two values for one indicator and year: the reader scores neither, so the repeat is put in 2023 too.
    taken = {0, text_at, range_at, link_at}
    dup_of = next(
        r for k, r in enumerate(y2023) if k not in taken and r is not None and isinstance(r["value"], (int, float))
    )
    duplicate = dict(
        dup_of, value=_other_value(dup_of["value"]), notes="Số liệu cập nhật lần 2, chưa thống nhất với lần 1"
    )
    rows.append(duplicate)
    planted["duplicate"] = f"{dup_of['indicator_id']} 2023: {dup_of['value']} then {duplicate['value']}"


def _typo(iid: str) -> str:
    """The letter O typed for the digit 0, the commonest slip in these codes."""
    return iid.replace("0", "O", 1) if "0" in iid else iid + "X"


def _other_value(v: float | int) -> float | int:
    bumped = v * 1.08 if v else 1
    return round(bumped) if isinstance(v, int) else round(bumped, 1)


def write_indicators(
    ws: Worksheet, sheet: Sheet, rows: Sequence[dict[str, Any] | None], lang: Lang, title: str
) -> None:
    keys = [c.key for c in sheet.columns]
    table = [[] if r is None else [r.get(k) for k in keys] for r in rows]
    write_table(ws, sheet, table, lang, title)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(keys))
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")


FIXED_TIME = (2025, 1, 1, 0, 0, 0)


def save_reproducibly(wb: Workbook, path: Path) -> None:
    """Save with fixed timestamps (openpyxl stamps 'now' into the file and its zip entries), so that running the
    script again gives the same bytes and a commit shows no change when the data did not change."""
    buf = io.BytesIO()
    wb.save(buf)
    stamp = "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z".format(*FIXED_TIME)
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp.encode(), data)
            dst.writestr(zipfile.ZipInfo(item.filename, date_time=FIXED_TIME), data, zipfile.ZIP_DEFLATED)


def title(lang: Lang, what: str) -> str:
    return f"{what} — {ILLUSTRATIVE[lang]}"


def bd_workbook(framework: Framework, bd: pd.DataFrame, rows: BdRows, path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = PROFILE.name("vi")
    profile = [
        [BD, "Việt Nam", 2_670_000, 2695.22, 2025, "Tổ thường trực Đề án thành phố thông minh (đầu mối minh họa)"]
    ]
    write_table(
        ws,
        PROFILE,
        profile,
        "vi",
        title(
            "vi",
            "Hồ sơ tỉnh Bình Dương (nay thuộc TP. Hồ Chí Minh từ 01/7/2025; dân số 2021 và diện tích: số liệu công bố)",
        ),
    )
    write_indicators(
        wb.create_sheet(INDICATORS.name("vi")),
        INDICATORS,
        rows.rows,
        "vi",
        title("vi", f"Chỉ số Smart21 tỉnh Bình Dương 2023–2025 ({HISTORY_NOTE})"),
    )
    write_table(
        wb.create_sheet(NARRATIVES.name("vi")),
        NARRATIVES,
        narrative_rows(framework),
        "vi",
        title("vi", "Thuyết minh theo câu hỏi"),
    )
    write_table(
        wb.create_sheet(ACTIONS.name("vi")),
        ACTIONS,
        action_rows(framework, current_scores(framework, bd)),
        "vi",
        title(
            "vi",
            "Kế hoạch hành động minh họa theo mô hình Bình Dương Navigator: 50 hành động, 14 chương trình, 4 trụ cột "
            "(khu vực Bình Dương cũ, nay thuộc TP. Hồ Chí Minh; kinh phí: triệu đồng)",
        ),
    )
    save_reproducibly(wb, path)


# ---------------------------------------------------------------- narratives and actions


# Answers keyed by question id first, then by domain. Facts are the public ones of the reference file; every answer
# ends by saying it is illustrative.
NARRATIVE_TEXT = {
    "connectivity": (
        "Tỉnh xây dựng hạ tầng cáp quang đến các khu công nghiệp và khu dân cư, phát triển Trung tâm Điều "
        "hành thông minh để giám sát giao thông, an ninh và dịch vụ công. Các nhà mạng được khuyến khích dùng"
        " chung hạ tầng kỹ thuật và mở rộng vùng phủ ở khu vực phía Bắc (trước ngày 01/7/2025 là các huyện Dầu"
        " Tiếng, Phú Giáo, Bàu Bàng và Bắc Tân Uyên). "
    ),
    "workforce": (
        "Mô hình Ba Nhà gắn Nhà nước, doanh nghiệp và nhà trường: Trường Đại học Thủ Dầu Một và Đại học Quốc "
        "tế Miền Đông đặt hàng đào tạo theo nhu cầu của doanh nghiệp trong các khu công nghiệp; học sinh phổ "
        "thông được học kỹ năng số. "
    ),
    "innovation": (
        "Vườn ươm doanh nghiệp Becamex và Fablab tại khuôn viên Đại học Quốc tế Miền Đông hỗ trợ các nhóm "
        "khởi nghiệp; Trung tâm sản xuất tiên tiến và World Trade Center Bình Dương kết nối doanh nghiệp "
        "trong và ngoài nước. "
    ),
    "NAR-HELIX": (
        "Đề án thành phố thông minh được xây dựng theo mô hình Ba Nhà học từ Eindhoven: Nhà nước đặt mục tiêu"
        " và chính sách, Becamex IDC cùng các doanh nghiệp đầu tư và đặt hàng, các trường đại học đào tạo và "
        "nghiên cứu. Bộ phận thường trực điều phối các dự án chung; Bình Dương Navigator là danh mục hành "
        "động mà ba nhà cùng cập nhật. "
    ),
    "inclusion": (
        "Tỉnh triển khai tổ công nghệ số cộng đồng ở các xã, phường để hướng dẫn người dân dùng dịch vụ công "
        "trực tuyến và thanh toán không dùng tiền mặt, ưu tiên người cao tuổi và công nhân nhập cư. "
    ),
    "sustainability": (
        "Dữ liệu môi trường từ các trạm quan trắc tự động được đưa về Trung tâm Điều hành thông minh; tỉnh "
        "thí điểm chiếu sáng công cộng tiết kiệm năng lượng và phát triển xe buýt điện kết nối các đô thị. "
    ),
    "engagement": (
        "Người dân phản ánh kiến nghị qua ứng dụng di động và tổng đài của tỉnh; câu chuyện thành phố thông "
        "minh được giới thiệu tại các diễn đàn quốc tế cùng đối tác Eindhoven trong mạng lưới ICF. "
    ),
}
CONTEXT = (
    "Bình Dương có diện tích 2.695,22 km² và khoảng 2,67 triệu dân (2021), với gần 30 khu công nghiệp và "
    "hơn 4.000 dự án đầu tư nước ngoài; tỉnh được ICF chọn vào Smart21 các năm 2019–2023, Top7 các năm "
    "2021–2023 và được vinh danh Cộng đồng thông minh của năm 2023; từ 01/7/2025, Bình Dương thuộc TP. Hồ Chí Minh. "
)
CLOSING = "(Nội dung minh họa, cần thay bằng số liệu và minh chứng thực tế trước khi nộp hồ sơ.)"


def narrative_rows(framework: Framework) -> list[list[Any]]:
    """About half the questions answered in Vietnamese; the first answered one runs over its limit."""
    rows = []
    for k, nar in enumerate(framework.narratives):
        answer = None
        if k % 2 == 0:
            text = NARRATIVE_TEXT.get(nar.id) or NARRATIVE_TEXT.get(nar.domain) or NARRATIVE_TEXT["innovation"]
            answer = _fit(CONTEXT + text, nar.limit, over=k == 0)
        rows.append([BD, nar.id, nar.question("vi"), nar.limit, answer])
    return rows


def _fit(text: str, limit: int, over: bool) -> str:
    """A whole answer within the limit, or, for the planted problem, one that runs past it by a little."""
    if over:
        body = text
        while len(body) + len(CLOSING) <= limit + 40:
            body += text  # someone pasted the same paragraph twice: a common way to run over
        return body + CLOSING
    full = text + CLOSING
    if len(full) <= limit:
        return full
    cut = text[: max(0, limit - 1)]
    return cut[: cut.rfind(". ") + 1] if ". " in cut else cut.rstrip() + "…"


@dataclass(frozen=True)
class ActionSpec:
    """A Navigator-shaped action: area → programme → action, with the indicators it moves and by how much.

    `moves` pairs an indicator id with the points its score should gain over 2025 (0 or less: the value is already
    in the data, as for an action completed before the assessment year closed). An id the catalogue does not have is
    left out; an action left with none keeps its row, naming no indicator.
    """

    title: str
    area: str
    programme: str
    moves: tuple[tuple[str, float], ...]
    owner: str
    due: date
    status: str
    cost: int  # million VND
    effort: int  # points, 1-5


# Owners that exist after the 1 March 2025 merger of departments and the 1 July 2025 merger of Bình Dương into
# Hồ Chí Minh City (Nghị định 45/2025/NĐ-CP; Nghị quyết 202/2025/QH15): every action falls due from 2025 on.
HCM = "TP. Hồ Chí Minh"
KHCN, TC, NV = f"Sở Khoa học và Công nghệ {HCM}", f"Sở Tài chính {HCM}", f"Sở Nội vụ {HCM}"
NNMT, XD, GDDT = f"Sở Nông nghiệp và Môi trường {HCM}", f"Sở Xây dựng {HCM}", f"Sở Giáo dục và Đào tạo {HCM}"
CT, VP, DOAN = f"Sở Công Thương {HCM}", f"Văn phòng UBND {HCM}", f"Thành Đoàn {HCM}"
PN, HCC = f"Hội Liên hiệp Phụ nữ {HCM}", f"Trung tâm Phục vụ hành chính công {HCM}"
BECAMEX, TDMU, EIU = "Becamex Group", "Trường Đại học Thủ Dầu Một", "Đại học Quốc tế Miền Đông (EIU)"
PLANNED, DOING, DONE, DROPPED = "Đã lên kế hoạch", "Đang thực hiện", "Hoàn thành", "Đã hủy"

AREAS = {"people": "Con người", "business": "Doanh nghiệp", "technology": "Công nghệ", "infrastructure": "Hạ tầng"}
_I, _T, _P, _B = "infrastructure", "technology", "people", "business"
ACTION_SPECS = (
    # ---- Hạ tầng
    ActionSpec(
        "Phủ cáp quang đến 100% khu dân cư mới",
        _I,
        "CT01 Hạ tầng số",
        (("CON01", 12),),
        KHCN,
        date(2026, 12, 31),
        DOING,
        45_000,
        5,
    ),
    ActionSpec(
        "Nâng tốc độ băng rộng cố định tại các khu công nghiệp",
        _I,
        "CT01 Hạ tầng số",
        (("CON03", 25),),
        KHCN,
        date(2027, 6, 30),
        PLANNED,
        30_000,
        4,
    ),
    ActionSpec(
        "Cho thuê chung hạ tầng cột, cống bể cho nhà mạng mới",
        _I,
        "CT01 Hạ tầng số",
        (("CON05", 34), ("CON02", 8)),
        XD,
        date(2026, 6, 30),
        DOING,
        2_500,
        2,
    ),
    ActionSpec(
        "Wi-Fi miễn phí tại trụ sở UBND phường và nhà văn hóa",
        _I,
        "CT01 Hạ tầng số",
        (("INC02", 20),),
        KHCN,
        date(2026, 9, 30),
        PLANNED,
        6_000,
        2,
    ),
    ActionSpec(
        "Hỗ trợ thuê bao băng rộng cho hộ mới lập nghiệp",
        _I,
        "CT01 Hạ tầng số",
        (("CON02", 12),),
        KHCN,
        date(2027, 12, 31),
        PLANNED,
        12_000,
        3,
    ),
    ActionSpec(
        "Xe buýt điện kết nối Thủ Dầu Một – Thuận An – Dĩ An",
        _I,
        "CT02 Giao thông xanh",
        (("SUS06", 25), ("SUS07", 25)),
        XD,
        date(2027, 12, 31),
        PLANNED,
        120_000,
        5,
    ),
    ActionSpec(
        "Làn xe đạp và điểm xe đạp công cộng quanh các nhà ga",
        _I,
        "CT02 Giao thông xanh",
        (("SUS06", 10),),
        XD,
        date(2026, 12, 31),
        PLANNED,
        8_000,
        2,
    ),
    ActionSpec(
        "Chuyển đội xe công vụ sang xe điện",
        _I,
        "CT02 Giao thông xanh",
        (("SUS07", 10),),
        TC,
        date(2025, 12, 31),
        DROPPED,
        15_000,
        2,
    ),
    ActionSpec(
        "Công viên và vườn hoa mới theo quy hoạch đô thị",
        _I,
        "CT03 Đô thị bền vững",
        (("SUS04", 25),),
        XD,
        date(2027, 6, 30),
        PLANNED,
        60_000,
        4,
    ),
    ActionSpec(
        "Phân loại rác tại nguồn và tái chế chất thải sinh hoạt",
        _I,
        "CT03 Đô thị bền vững",
        (("SUS03", 20),),
        NNMT,
        date(2026, 12, 31),
        DOING,
        25_000,
        4,
    ),
    ActionSpec(
        "Đồng hồ nước thông minh cho 100.000 hộ",
        _I,
        "CT03 Đô thị bền vững",
        (("SUS05", 20),),
        XD,
        date(2026, 6, 30),
        DOING,
        18_000,
        3,
    ),
    ActionSpec(
        "Điện mặt trời mái nhà trên công trình công",
        _I,
        "CT03 Đô thị bền vững",
        (("SUS02", 25),),
        CT,
        date(2027, 12, 31),
        PLANNED,
        40_000,
        4,
    ),
    # ---- Công nghệ
    ActionSpec(
        "Đưa toàn bộ thủ tục đủ điều kiện lên dịch vụ công trực tuyến toàn trình",
        _T,
        "CT04 Chính quyền số",
        (("CON06", 4),),
        HCC,
        date(2026, 3, 31),
        DOING,
        3_000,
        2,
    ),
    ActionSpec(
        "Bổ sung dịch vụ đô thị thông minh trên ứng dụng công dân",
        _T,
        "CT04 Chính quyền số",
        (("INN06", 20),),
        KHCN,
        date(2026, 12, 31),
        DOING,
        9_000,
        3,
    ),
    ActionSpec(
        "Cổng góp ý trực tuyến: rút ngắn thời gian trả lời phản ánh",
        _T,
        "CT04 Chính quyền số",
        (("ENG02", 15),),
        VP,
        date(2026, 6, 30),
        DOING,
        1_500,
        2,
    ),
    ActionSpec(
        "Bổ nhiệm Giám đốc công nghệ thông tin của thành phố",
        _T,
        "CT04 Chính quyền số",
        (("CON08", 25),),
        NV,
        date(2026, 3, 31),
        PLANNED,
        200,
        1,
    ),
    ActionSpec(
        "Công bố thêm bộ dữ liệu mở theo danh mục ưu tiên",
        _T,
        "CT05 Dữ liệu mở",
        (("ENG01", 25),),
        KHCN,
        date(2026, 9, 30),
        DOING,
        1_200,
        2,
    ),
    ActionSpec(
        "Nâng cấp cổng dữ liệu mở và API cho doanh nghiệp",
        _T,
        "CT05 Dữ liệu mở",
        (("ENG06", 15), ("ENG01", 10)),
        KHCN,
        date(2027, 3, 31),
        PLANNED,
        4_000,
        3,
    ),
    ActionSpec(
        "Thêm trạm quan trắc bụi mịn tự động",
        _T,
        "CT06 Giám sát môi trường",
        (("SUS01", 15),),
        NNMT,
        date(2026, 12, 31),
        PLANNED,
        7_500,
        3,
    ),
    ActionSpec(
        "Công khai dữ liệu quan trắc môi trường theo thời gian thực",
        _T,
        "CT06 Giám sát môi trường",
        (("SUS09", 50),),
        NNMT,
        date(2026, 6, 30),
        DOING,
        2_000,
        2,
    ),
    ActionSpec(
        "Kế hoạch hạ tầng số có chỉ tiêu đo được giai đoạn 2026–2030",
        _T,
        "CT07 Chính sách số",
        (("CON09", 50),),
        KHCN,
        date(2026, 6, 30),
        PLANNED,
        500,
        2,
    ),
    ActionSpec(
        "Quy định dùng chung hạ tầng kỹ thuật ngầm",
        _T,
        "CT07 Chính sách số",
        (("CON07", 25),),
        XD,
        date(2027, 6, 30),
        PLANNED,
        300,
        2,
    ),
    ActionSpec(
        "Trung tâm dữ liệu dùng chung của thành phố",
        _T,
        "CT07 Chính sách số",
        (("CON06", 0),),
        KHCN,
        date(2025, 9, 30),
        DONE,
        35_000,
        5,
    ),
    # ---- Con người
    ActionSpec(
        "Tổ công nghệ số cộng đồng: lớp kỹ năng số cho người cao tuổi",
        _P,
        "CT08 Kỹ năng số toàn dân",
        (("INC05", 20), ("INC04", 15)),
        DOAN,
        date(2026, 3, 31),
        DOING,
        3_500,
        3,
    ),
    ActionSpec(
        "Lớp kỹ năng số miễn phí tại thư viện và nhà văn hóa",
        _P,
        "CT08 Kỹ năng số toàn dân",
        (("INC06", 50),),
        PN,
        date(2026, 9, 30),
        PLANNED,
        1_800,
        2,
    ),
    ActionSpec(
        "Điểm truy cập Internet công cộng tại nhà văn hóa khu phố",
        _P,
        "CT08 Kỹ năng số toàn dân",
        (("INC01", 25),),
        KHCN,
        date(2026, 9, 30),
        PLANNED,
        5_000,
        2,
    ),
    ActionSpec(
        "Tặng máy tính tân trang cho học sinh khó khăn",
        _P,
        "CT08 Kỹ năng số toàn dân",
        (("INC09", 0),),
        DOAN,
        date(2025, 8, 31),
        DONE,
        2_000,
        1,
    ),
    ActionSpec(
        "Máy tính tân trang cho hộ công nhân nhập cư",
        _P,
        "CT08 Kỹ năng số toàn dân",
        (("INC09", 15),),
        PN,
        date(2026, 12, 31),
        PLANNED,
        2_500,
        2,
    ),
    ActionSpec(
        "Đào tạo kỹ sư bán dẫn theo đặt hàng doanh nghiệp",
        _P,
        "CT09 Nhân lực tri thức",
        (("WRK07", 25), ("WRK03", 25)),
        TDMU,
        date(2027, 6, 30),
        PLANNED,
        20_000,
        4,
    ),
    ActionSpec(
        "Đào tạo lại cho lao động mất việc tại khu công nghiệp",
        _P,
        "CT09 Nhân lực tri thức",
        (("WRK05", 20),),
        NV,
        date(2026, 6, 30),
        DOING,
        6_000,
        3,
    ),
    ActionSpec(
        "Phòng học thông minh ở các trường trung học",
        _P,
        "CT09 Nhân lực tri thức",
        (("WRK01", 15),),
        GDDT,
        date(2026, 8, 31),
        DOING,
        14_000,
        3,
    ),
    ActionSpec(
        "Giao một lãnh đạo phụ trách kết nối đào tạo với nhu cầu doanh nghiệp",
        _P,
        "CT09 Nhân lực tri thức",
        (("WRK09", 50),),
        NV,
        date(2026, 3, 31),
        PLANNED,
        100,
        1,
    ),
    ActionSpec(
        "Học trực tuyến cho giáo dục thường xuyên",
        _P,
        "CT09 Nhân lực tri thức",
        (("WRK02", 0),),
        GDDT,
        date(2025, 6, 30),
        DONE,
        1_000,
        2,
    ),
    ActionSpec(
        "Nhóm người dân tham gia chọn dự án đầu tư công ở phường",
        _P,
        "CT10 Chính quyền gần dân",
        (("ENG09", 50),),
        VP,
        date(2027, 3, 31),
        PLANNED,
        800,
        3,
    ),
    ActionSpec(
        "Đối thoại trực tiếp định kỳ giữa lãnh đạo thành phố và người dân",
        _P,
        "CT10 Chính quyền gần dân",
        (("ENG05", 25),),
        VP,
        date(2026, 12, 31),
        DOING,
        400,
        2,
    ),
    ActionSpec(
        "Giao một lãnh đạo phụ trách gắn kết cộng đồng",
        _P,
        "CT10 Chính quyền gần dân",
        (("ENG08", 50),),
        NV,
        date(2026, 6, 30),
        PLANNED,
        100,
        1,
    ),
    ActionSpec(
        "Lấy ý kiến trực tuyến cho mọi dự thảo văn bản",
        _P,
        "CT10 Chính quyền gần dân",
        (("ENG04", 15), ("ENG03", 10)),
        VP,
        date(2026, 12, 31),
        PLANNED,
        600,
        2,
    ),
    ActionSpec(
        "Chiến lược chuyển đổi số bao trùm giai đoạn 2026–2030",
        _P,
        "CT11 Hòa nhập số",
        (("INC08", 25), ("INC07", 25)),
        KHCN,
        date(2026, 9, 30),
        PLANNED,
        700,
        2,
    ),
    ActionSpec(
        "Gói cước Internet hỗ trợ hộ nghèo và công nhân nhập cư",
        _P,
        "CT11 Hòa nhập số",
        (("INC03", 25),),
        TC,
        date(2026, 6, 30),
        PLANNED,
        9_000,
        3,
    ),
    ActionSpec(
        "Nội dung số tiếng địa phương cho người lao động nhập cư",
        _P,
        "CT11 Hòa nhập số",
        (("INC07", 15),),
        DOAN,
        date(2025, 12, 31),
        DROPPED,
        600,
        1,
    ),
    # ---- Doanh nghiệp
    ActionSpec(
        "Quỹ hỗ trợ khởi nghiệp đổi mới sáng tạo giai đoạn 2",
        _B,
        "CT12 Hệ sinh thái khởi nghiệp",
        (("INN03", 15),),
        BECAMEX,
        date(2026, 12, 31),
        DOING,
        50_000,
        4,
    ),
    ActionSpec(
        "Mở rộng Fablab và vườn ươm tại EIU",
        _B,
        "CT12 Hệ sinh thái khởi nghiệp",
        (("INN01", 15),),
        EIU,
        date(2025, 10, 31),
        DONE,
        8_000,
        3,
    ),
    ActionSpec(
        "Cuộc thi giải pháp đô thị thông minh mở cho doanh nghiệp",
        _B,
        "CT12 Hệ sinh thái khởi nghiệp",
        (("INN08", 0),),
        KHCN,
        date(2025, 11, 30),
        DONE,
        1_500,
        2,
    ),
    ActionSpec(
        "Vốn đối ứng cho dự án nghiên cứu doanh nghiệp – trường",
        _B,
        "CT13 Nghiên cứu và sở hữu trí tuệ",
        (("INN04", 25),),
        KHCN,
        date(2027, 12, 31),
        PLANNED,
        30_000,
        4,
    ),
    ActionSpec(
        "Hỗ trợ đăng ký sáng chế và giải pháp hữu ích",
        _B,
        "CT13 Nghiên cứu và sở hữu trí tuệ",
        (("INN05", 25),),
        KHCN,
        date(2026, 12, 31),
        PLANNED,
        2_000,
        2,
    ),
    ActionSpec(
        "Một cửa đăng ký doanh nghiệp trực tuyến",
        _B,
        "CT13 Nghiên cứu và sở hữu trí tuệ",
        (("INN02", 25),),
        TC,
        date(2026, 6, 30),
        DOING,
        1_000,
        2,
    ),
    ActionSpec(
        "Kế hoạch hành động về biến đổi khí hậu có lộ trình giảm phát thải",
        _B,
        "CT14 Kinh tế xanh",
        (("SUS08", 25),),
        NNMT,
        date(2026, 12, 31),
        PLANNED,
        900,
        3,
    ),
    ActionSpec(
        "Chuyển đổi xanh cho doanh nghiệp trong khu công nghiệp",
        _B,
        "CT14 Kinh tế xanh",
        (("SUS07", 10), ("SUS02", 10)),
        CT,
        date(2027, 12, 31),
        PLANNED,
        25_000,
        4,
    ),
    ActionSpec(
        "Sàn việc làm số kết nối doanh nghiệp và người lao động",
        _B,
        "CT14 Kinh tế xanh",
        (("WRK06", 10),),
        NV,
        date(2026, 3, 31),
        DONE,
        1_200,
        2,
    ),
    ActionSpec(
        "Khu công nghiệp sinh thái Becamex: chứng nhận quốc tế",
        _B,
        "CT14 Kinh tế xanh",
        (("SUS03", 10),),
        BECAMEX,
        date(2027, 6, 30),
        PLANNED,
        10_000,
        3,
    ),
)


def action_rows(framework: Framework, current: dict[str, float]) -> list[list[Any]]:
    """One row per action × indicator, the action's fields said on its first row; each expected value is what the
    indicator's own method scores at its 2025 score plus the action's points (a category as its Vietnamese label)."""
    keys = [c.key for c in ACTIONS.columns]
    out = []
    for n, spec in enumerate(ACTION_SPECS, start=1):
        moves = [(framework.by_id[i], lift) for i, lift in spec.moves if i in framework.by_id] or [(None, 0.0)]
        for k, (ind, lift) in enumerate(moves):
            expected: Any = None
            if ind is not None:
                now = current.get(ind.id, 50.0)
                expected = value_for(ind, min(100.0, now + lift) if lift > 0 else now - 5.0, 0.5)
                if isinstance(expected, str) and isinstance(ind.method, Categorical):
                    expected = next(c.label("vi") for c in ind.method.categories if c.id == expected)
            first = k == 0
            cells = {
                "community": BD,
                "action_id": f"HD{n:02d}",
                "title": spec.title if first else None,
                "programme": spec.programme if first else None,
                "indicator_id": ind.id if ind is not None else None,
                "expected_value": plain(expected),
                "due": spec.due if first else None,
                "owner": spec.owner if first else None,
                "status": spec.status if first else None,
                "area": AREAS[spec.area] if first else None,
                "cost": spec.cost if first else None,
                "effort": spec.effort if first else None,
            }
            out.append([cells.get(key) for key in keys])
    return out


def current_scores(framework: Framework, data: pd.DataFrame) -> dict[str, float]:
    table = score_table(_tidy(data[data["year"] == YEARS[-1]]), framework)
    return dict(zip(table["indicator_id"], table["score"].fillna(0.0), strict=True))


# ---------------------------------------------------------------- the CSV export (2025 only)


def csv_cell(v: Any) -> str:
    """A cell as Excel's Vietnamese CSV export writes it: decimal comma, no thousands separator."""
    if v is None:
        return ""
    if isinstance(v, float):
        return vi_number(v, 6).rstrip("0").rstrip(",").replace(".", "")
    return str(v)


def write_csv(rows: BdRows, path: Path) -> None:
    keys = [c.key for c in INDICATORS.columns]
    latest = [r for r in rows.rows if r is not None and r["year"] == YEARS[-1]]
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        # Excel exports the sheet's title row too, padded with separators to the table's width.
        writer.writerow([title("vi", "Chỉ số Smart21 tỉnh Bình Dương 2025")] + [""] * (len(keys) - 1))
        writer.writerow([INDICATORS.column(k).header("vi") for k in keys])
        writer.writerows([csv_cell(r.get(k)) for k in keys] for r in latest)


# ---------------------------------------------------------------- the panel


PANEL_NAMES = tuple(f"Community {chr(ord('A') + k)} (illustrative)" for k in range(12))
#: The same twelve communities in the Vietnamese panel.
PANEL_NAMES_VI = dict(zip(PANEL_NAMES, (f"Địa phương {chr(ord('A') + k)} (minh họa)" for k in range(12)), strict=True))
PANEL_TITLES: dict[Lang, tuple[str, str]] = {
    "en": ("Panel profile", "Smart21-style indicators, panel of 13 communities, 2024–2025"),
    "vi": ("Thông tin chung các địa phương", "Chỉ số Smart21 (mô phỏng theo ICF), 13 địa phương, 2024–2025"),
}


def panel_records(framework: Framework, rng: np.random.Generator, bd: pd.DataFrame) -> list[dict[str, Any]]:
    """Twelve generic communities from Foundational to Leading, plus Bình Dương's own (clean) 2024-2025 rows."""
    levels = rng.permutation(np.linspace(18.0, 96.0, len(PANEL_NAMES)))
    records = [dict(r) for r in bd[bd["year"].isin(PANEL_YEARS)].to_dict("records")]
    for name, level in zip(PANEL_NAMES, levels, strict=True):
        domain_offset = {d.id: rng.normal(0.0, 7.0) for d in framework.domains}
        evidenced_share = 0.45 + 0.5 * level / 100.0
        for ind in framework.indicators:
            base = level + domain_offset[ind.domain] + rng.normal(0.0, 10.0)
            status = _panel_status(rng, evidenced_share)
            for year in PANEL_YEARS:
                lift = 0.0 if year == PANEL_YEARS[-1] else -rng.uniform(2.0, 7.0)
                value = value_for(ind, float(np.clip(base + lift, 2.0, 100.0)), rng.random())
                records.append(
                    {"community": name, "indicator_id": ind.id, "year": year, "value": value, "evidence_status": status}
                )
    return records


def _panel_status(rng: np.random.Generator, evidenced_share: float) -> str:
    if rng.random() < evidenced_share:
        return "verified" if rng.random() < 0.5 else "documented"
    return "self-reported" if rng.random() < 0.7 else "none"


def panel_workbook(framework: Framework, records: list[dict[str, Any]], path: Path, lang: Lang = "en") -> None:
    names = {n: PANEL_NAMES_VI[n] if lang == "vi" else n for n in PANEL_NAMES}
    wb = Workbook()
    ws = wb.active
    ws.title = PROFILE.name(lang)
    country = "Việt Nam" if lang == "vi" else "Viet Nam"
    profile = [[BD, country, 2_670_000, 2695.22, 2025, None]] + [
        [names[n], None, None, None, 2025, None] for n in PANEL_NAMES
    ]
    write_table(ws, PROFILE, profile, lang, title(lang, PANEL_TITLES[lang][0]))
    by_id = framework.by_id
    rows = []
    for rec in records:
        ind = by_id[rec["indicator_id"]]
        row = indicator_row(framework, ind, rec, lang, names.get(rec["community"], rec["community"]))
        rows.append(row)
    for k, row in enumerate(r for r in rows if by_id[r["indicator_id"]].kind == "percent"):
        if k % 40 == 7 and isinstance(row["value"], (int, float)):
            row["value"] = f"{row['value']:g}%"  # some departments type the percent sign
    write_indicators(wb.create_sheet(INDICATORS.name(lang)), INDICATORS, rows, lang, title(lang, PANEL_TITLES[lang][1]))
    save_reproducibly(wb, path)


# ---------------------------------------------------------------- main


def build(framework: Framework, out_dir: Path = HERE) -> dict[str, str]:
    """Write the three sample files; returns what was planted in the Bình Dương workbook, for the record."""
    rng = np.random.default_rng(SEED)
    draws = draw(rng, len(framework.indicators))
    bd = assign_evidence(framework, calibrated_values(framework, draws), draws)
    rows = bd_indicator_rows(framework, bd)
    bd_workbook(framework, bd, rows, out_dir / "binh_duong_illustrative.xlsx")
    write_csv(rows, out_dir / "binh_duong_illustrative.csv")
    panel = panel_records(framework, rng, bd)
    panel_workbook(framework, panel, out_dir / "panel_illustrative.xlsx")
    panel_workbook(framework, panel, out_dir / "panel_illustrative_vi.xlsx", "vi")
    _, overall = community_scores(framework, bd)
    latest = overall[overall["year"] == YEARS[-1]].iloc[0]
    rows.planted["bd_2025"] = f"claimed {latest['score']:.1f}, evidenced {latest['evidenced_score']:.1f}"
    return rows.planted


def main() -> None:
    planted = build(load_framework())
    for what, where in planted.items():
        print(f"{what:16} {where}")


if __name__ == "__main__":
    main()
