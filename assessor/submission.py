"""What a spreadsheet (or several merged) says, cleaned: the tidy frames every later step reads."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from assessor.framework import Lang
from assessor.issues import empty_issues


@dataclass(frozen=True)
class Submission:
    """What a spreadsheet says, cleaned: one row per row read, with where it came from."""

    profile: pd.DataFrame
    indicators: pd.DataFrame
    narratives: pd.DataFrame
    actions: pd.DataFrame
    issues: pd.DataFrame = field(default_factory=empty_issues)
    source: str = ""
    sha256: str = ""
    lang: Lang = "en"

    @property
    def scorable(self) -> pd.DataFrame:
        return self.indicators[self.indicators["excluded"].isna()]

    @property
    def communities(self) -> list[str]:
        return sorted(self.indicators["community"].dropna().unique().tolist())

    @property
    def has_errors(self) -> bool:
        return bool((self.issues["severity"] == "error").any())
