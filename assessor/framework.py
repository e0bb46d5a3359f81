"""The criteria catalogue: typed models for `indicators/*.yaml` and the loader that checks them.

The catalogue is data. This module only knows its shape and refuses a bad one with a message that names the
file, the indicator and the field, in words a planner understands.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

CATALOGUE_DIR = Path(__file__).resolve().parent.parent / "indicators"
DEFAULT_CATALOGUE = CATALOGUE_DIR / "icf_smart21.yaml"

Lang = Literal["en", "vi"]
LANGS: tuple[Lang, ...] = ("en", "vi")
EVIDENCED_STATUSES = ("verified", "documented")
EVIDENCE_STATUSES = ("verified", "documented", "self-reported", "none")


class CatalogueError(ValueError):
    """The catalogue cannot be used; the message says where and why."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Model):
    """A text in both languages; neither may be empty."""

    en: str = Field(min_length=1)
    vi: str = Field(min_length=1)

    def __call__(self, lang: Lang) -> str:
        return self.vi if lang == "vi" else self.en


class Goalpost(_Model):
    type: Literal["goalpost"]
    floor: float
    target: float

    @model_validator(mode="after")
    def _range(self) -> Goalpost:
        if self.floor == self.target:
            raise ValueError("floor and target are equal, so every value would divide by zero")
        return self

    @property
    def lower_is_better(self) -> bool:
        return self.floor > self.target


class Bands(_Model):
    """U4SSC-style bands of the ratio to target."""

    type: Literal["bands"]
    target: float = Field(gt=0)
    lower_is_better: bool = False
    edges: tuple[float, ...] = (0.33, 0.66, 0.95)
    points: tuple[float, ...] = (25, 50, 75, 100)

    @model_validator(mode="after")
    def _shape(self) -> Bands:
        if len(self.points) != len(self.edges) + 1:
            raise ValueError("bands need one more point than edges")
        if list(self.edges) != sorted(set(self.edges)):
            raise ValueError("band edges must rise strictly")
        if any(not 0 <= p <= 100 for p in self.points):
            raise ValueError("band points must lie between 0 and 100")
        return self


class Category(_Model):
    id: str = Field(min_length=1)
    score: float = Field(ge=0, le=100)
    label: Text
    aliases: tuple[str, ...] = ()


class Categorical(_Model):
    type: Literal["categorical"]
    categories: tuple[Category, ...] = Field(min_length=2)

    @field_validator("categories")
    @classmethod
    def _unique(cls, cats: tuple[Category, ...]) -> tuple[Category, ...]:
        ids = [c.id for c in cats]
        if len(ids) != len(set(ids)):
            raise ValueError("category ids repeat")
        return cats


class Level(_Model):
    """Rubric levels 0..n-1, scored level × 100/(n-1); each level has its text."""

    type: Literal["level"]
    levels: tuple[Text, ...] = Field(min_length=2)

    @property
    def top(self) -> int:
        return len(self.levels) - 1


Method = Annotated[Goalpost | Bands | Categorical | Level, Field(discriminator="type")]
Kind = Literal["number", "percent", "currency", "categorical", "level"]
Origin = Literal["icf", "icf_self_test", "u4ssc", "iso37120", "iso37122", "our_choice"]


class Crosswalk(_Model):
    icf: str | None = None
    u4ssc: str | None = None
    iso: str | None = None


class Indicator(_Model):
    id: str = Field(pattern=r"^[A-Z]{3}\d{2}$")
    domain: str
    name: Text
    description: Text
    guidance: Text
    evidence: Text
    unit: Text
    kind: Kind
    method: Method
    weight: float = Field(gt=0)
    valid_range: tuple[float, float] | None = None
    origin: Origin
    source: Text
    crosswalk: Crosswalk = Crosswalk()

    @model_validator(mode="after")
    def _kind_matches_method(self) -> Indicator:
        qualitative = {"categorical": "categorical", "level": "level"}
        wanted = qualitative.get(self.kind)
        if wanted and self.method.type != wanted:
            raise ValueError(f"kind '{self.kind}' needs method '{wanted}', not '{self.method.type}'")
        if not wanted and self.method.type in qualitative.values():
            raise ValueError(f"kind '{self.kind}' cannot use method '{self.method.type}'")
        return self

    @property
    def bounds(self) -> tuple[float, float]:
        """The values a cell may hold; anything outside is an input error."""
        if self.valid_range:
            return self.valid_range
        if self.kind == "percent":
            return (0.0, 100.0)
        if isinstance(self.method, Level):
            return (0.0, float(self.method.top))
        return (0.0, float("inf"))


class Domain(_Model):
    id: str
    name: Text
    description: Text
    earlier_name: str
    aliases: tuple[str, ...] = ()
    weight: float = Field(default=1.0, gt=0)


class ReadinessLevel(_Model):
    id: str
    min: float = Field(ge=0, le=100)
    name: Text
    description: Text


class Narrative(_Model):
    id: str
    domain: str
    question: Text
    limit: int = Field(gt=0)


class Meta(_Model):
    id: str
    version: str
    name: Text
    disclaimer: Text
    goalposts_note: Text
    icf_process: Text | None = None  # how ICF itself selects, as it publishes it; shown beside our method
    min_coverage: float = Field(default=0.6, ge=0, le=1)
    aggregation: Literal["arithmetic", "geometric"] = "arithmetic"


class Framework(_Model):
    meta: Meta
    levels: tuple[ReadinessLevel, ...] = Field(min_length=2)
    domains: tuple[Domain, ...] = Field(min_length=1)
    indicators: tuple[Indicator, ...] = Field(min_length=1)
    narratives: tuple[Narrative, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Framework:
        mins = [lv.min for lv in self.levels]
        if mins[0] != 0 or mins != sorted(set(mins)):
            raise ValueError("levels: thresholds must start at 0 and rise strictly")
        domain_ids = [d.id for d in self.domains]
        _no_repeats("domains", domain_ids)
        _no_repeats("indicators", [i.id for i in self.indicators])
        _no_repeats("narratives", [n.id for n in self.narratives])
        for item in (*self.indicators, *self.narratives):
            if item.domain not in domain_ids:
                raise ValueError(f"{item.id}: domain '{item.domain}' is not one of {domain_ids}")
        for d in domain_ids:
            if not any(i.domain == d for i in self.indicators):
                raise ValueError(f"domain '{d}' has no indicators")
        return self

    @cached_property
    def by_id(self) -> dict[str, Indicator]:
        return {i.id: i for i in self.indicators}

    @cached_property
    def domain_by_id(self) -> dict[str, Domain]:
        return {d.id: d for d in self.domains}

    def in_domain(self, domain: str) -> list[Indicator]:
        return [i for i in self.indicators if i.domain == domain]


def _no_repeats(what: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise ValueError(f"{what}: id '{i}' appears more than once")
        seen.add(i)


def _describe(err: ValidationError) -> str:
    parts = []
    for e in err.errors():
        field = ".".join(str(p) for p in e["loc"])
        msg = e["msg"].removeprefix("Value error, ")
        parts.append(f"field '{field}': {msg}" if field else msg)
    return "; ".join(parts)


def parse_framework(raw: Any, origin: str = "<catalogue>") -> Framework:
    """Validate a parsed catalogue; indicators one by one so a message can name the indicator."""
    if not isinstance(raw, dict):
        raise CatalogueError(f"{origin}: the catalogue must be a mapping with meta, levels, domains, indicators")
    for n, item in enumerate(raw.get("indicators") or []):
        label = item.get("id", f"#{n + 1}") if isinstance(item, dict) else f"#{n + 1}"
        try:
            Indicator.model_validate(item)
        except ValidationError as err:
            raise CatalogueError(f"{origin}: indicator {label}: {_describe(err)}") from None
    try:
        return Framework.model_validate(raw)
    except ValidationError as err:
        raise CatalogueError(f"{origin}: {_describe(err)}") from None


def load_yaml(text: str) -> Any:
    """Parse YAML safely, with PyYAML's C loader (libyaml) when it is built in: ten times the pure-Python speed.

    PyYAML is imported here, not at the top, so importing the catalogue models costs nothing for it.
    """
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def load_framework(path: Path | str = DEFAULT_CATALOGUE) -> Framework:
    import yaml

    path = Path(path)
    try:
        raw = load_yaml(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise CatalogueError(f"{path}: cannot be read ({err.strerror})") from None
    except yaml.YAMLError as err:
        raise CatalogueError(f"{path}: is not valid YAML ({err})") from None
    return parse_framework(raw, origin=path.name)


_cache: dict[Path, Framework] = {}


def default_framework() -> Framework:
    """The shipped catalogue, parsed once per process."""
    if DEFAULT_CATALOGUE not in _cache:
        _cache[DEFAULT_CATALOGUE] = load_framework(DEFAULT_CATALOGUE)
    return _cache[DEFAULT_CATALOGUE]


class Benchmark(_Model):
    """A reference profile (e.g. ICF's 2017 applicant averages), scored through the same methods as a community."""

    id: str
    year: int
    label: Text
    source: Text
    caveats: Text | None = None  # what the profile is and is not (its year, its sample, who it leaves out)
    values: dict[str, float | str]


BENCHMARK_DIR = CATALOGUE_DIR / "benchmarks"


def load_benchmark(path: Path | str, framework: Framework | None = None) -> Benchmark:
    import yaml

    path = Path(path)
    try:
        bench = Benchmark.model_validate(load_yaml(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError) as err:
        raise CatalogueError(f"{path.name}: cannot be read ({err})") from None
    except ValidationError as err:
        raise CatalogueError(f"{path.name}: {_describe(err)}") from None
    if framework is not None:
        unknown = sorted(set(bench.values) - set(framework.by_id))
        if unknown:
            raise CatalogueError(f"{path.name}: field 'values': unknown indicator ids {unknown}")
    return bench


def default_benchmarks(framework: Framework) -> list[Benchmark]:
    return [load_benchmark(p, framework) for p in sorted(BENCHMARK_DIR.glob("*.yaml"))]
