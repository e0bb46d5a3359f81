"""`python -m assessor plan`: the JSON shape the README documents, the table in both languages, plain refusals."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook

from assessor.cli import main

from factory import xlsx
from mini_catalogue import raw

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "binh_duong_illustrative.xlsx"


@pytest.fixture()
def mini_files(tmp_path):
    """The mini catalogue as a file, and a workbook: every indicator at score 50, verified, and three actions."""
    catalogue = tmp_path / "mini.yaml"
    catalogue.write_text(yaml.safe_dump(raw(), allow_unicode=True), encoding="utf-8")
    book = tmp_path / "plan.xlsx"
    head = ["Community", "Indicator ID", "Year", "Value", "Evidence status"]
    values = [("AAA01", 75), ("AAA02", 60), ("AAA03", "partial"), ("BBB01", 30), ("BBB02", 20), ("BBB03", 2)]
    book.write_bytes(
        xlsx(
            {
                "Indicators": [head, *(["Town", i, 2025, v, "verified"] for i, v in values)],
                "Actions": [
                    ["Action ID", "Title", "Indicator ID", "Expected value", "Due", "Status", "Cost"],
                    ["A1", "Fibre to every estate", "AAA01", 100, "2026-03-31", "in progress", 400],
                    ["A2", "Level 4 strategy", "BBB03", 4, "2027-06-30", "planned", 100],
                    ["A3", "Dropped idea", "BBB01", 50, "2026-01-31", "cancelled", 1],
                ],
            }
        )
    )
    return catalogue, book


def _rows(book: Path) -> tuple[list[list], list[list]]:
    """The workbook's Indicators and Actions sheets as rows, header first."""
    sheets = load_workbook(book)
    return tuple([list(r) for r in sheets[name].iter_rows(values_only=True)] for name in ("Indicators", "Actions"))


def _run(args: list[str]):
    return CliRunner().invoke(main, ["plan", *args])


def test_the_json_is_what_the_readme_documents_and_its_numbers_are_closed_form(mini_files):
    catalogue, book = mini_files
    result = _run([str(book), "--catalogue", str(catalogue), "--format", "json", "--as-of", "2026-04-01"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("`plan` reads the same files") :]
    block = block[block.index("```text") : block.index("```", block.index("```text") + 3)]
    documented = set(re.findall(r'"([a-z_]+)"', block))

    def keys(node: object) -> set[str]:
        if isinstance(node, dict):
            return set(node) | {k for v in node.values() for k in keys(v)}
        if isinstance(node, list):
            return {k for v in node for k in keys(v)}
        return set()

    assert keys(doc) <= documented
    assert set(doc) == {
        "community",
        "year",
        "framework",
        "as_of",
        "selection",
        "rules",
        "today",
        "planned",
        "domains",
        "moved",
        "actions",
        "overdue",
        "not_in_data",
        "untouched",
        "shortest_path",
    }
    # Today every indicator scores 50: alpha and beta 50, community 50. The whole plan (A1, A2; A3 is cancelled)
    # takes AAA01 (weight 2 of 4) and BBB03 (1 of 3) to 100: alpha + 25, beta + 50/3.
    assert doc["today"] == {"score": 50.0, "evidenced_score": 50.0, "level": "developing"}
    assert doc["selection"]["actions"] == ["A1", "A2"]
    planned = {d["id"]: d["planned_evidenced_score"] for d in doc["domains"]}
    assert planned == {"alpha": 75.0, "beta": round(50 + 50 / 3, 2)}
    assert doc["planned"]["evidenced_score"] == round(50 + (25 + 50 / 3) / 2, 2)
    assert [m["id"] for m in doc["moved"]] == ["AAA01", "BBB03"]
    assert doc["overdue"] == ["A1"]  # due 31 March, in progress on 1 April; A3 is cancelled
    assert doc["untouched"]["domains"] == []
    # The next level is competitive (60): A1 alone gives 62.5 for 400; A2 alone 58.33; cheapest is A1.
    path = doc["shortest_path"]
    assert (path["target"], path["target_level"], path["measure"]) == (60.0, "competitive", "cost")
    assert (path["actions"], path["total"], path["reached"], path["exact"]) == (["A1"], 400.0, 62.5, True)
    assert path["planned"]["level"] == "competitive"


def test_a_budget_buys_the_best_score_it_can(mini_files):
    catalogue, book = mini_files
    result = _run([str(book), "--catalogue", str(catalogue), "--format", "json", "--budget", "150"])
    path = json.loads(result.output)["shortest_path"]
    assert (path["goal"], path["actions"], path["total"], path["within_budget"]) == ("budget", ["A2"], 100.0, True)
    assert path["reached"] == round(50 + 50 / 3 / 2, 2)


def test_the_table_in_vietnamese_and_the_csv(mini_files):
    catalogue, book = mini_files
    result = _run([str(book), "--catalogue", str(catalogue), "--lang", "vi", "--as-of", "01/04/2026"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Lộ trình hành động — Town, số liệu năm 2025" in out
    assert "Kịch bản giả định: thực hiện 2/3 hành động." in out
    assert "Quá hạn tính đến ngày 01/04/2026: 1 hành động" in out and "31/03/2026  chậm 1 ngày" in out
    # The sheet says "Cost" without its unit and is read the same; the money is shown in million đồng, and the
    # path's start (today with the completed actions; none here) is said to be that.
    assert "kinh phí 400 triệu đồng" in out and "Kết quả chính xác" in out
    assert "nâng điểm từ 50,0 (hiện trạng cộng các hành động đã hoàn thành) lên 62,5" in out
    assert "không phải điểm do ICF chấm" in out
    csv_out = _run([str(book), "--catalogue", str(catalogue), "--format", "csv"]).output.splitlines()
    assert csv_out[0].startswith("community,year,domain,score")
    assert csv_out[1:] == [
        "Town,2025,alpha,50.0,50.0,developing,75.0,75.0,leading",
        "Town,2025,beta,50.0,50.0,developing,66.67,66.67,competitive",
        "Town,2025,,50.0,50.0,developing,70.83,70.83,competitive",
    ]
    # In Vietnamese, as `score` writes it: for Excel set to Vietnamese (`;`, decimal commas, a byte-order mark).
    vi = _run([str(book), "--catalogue", str(catalogue), "--format", "csv", "--lang", "vi"]).output
    assert vi.startswith("\ufeff") and vi[1:].splitlines() == [
        "Địa phương;Năm;Lĩnh vực;Kê khai, hiện nay;Có minh chứng, hiện nay;Mức hiện nay;Kê khai, theo kế hoạch;"
        "Có minh chứng, theo kế hoạch;Mức theo kế hoạch",
        "Town;2025;Anpha;50;50;Đang phát triển;75;75;Dẫn đầu",
        "Town;2025;Bêta;50;50;Đang phát triển;66,67;66,67;Cạnh tranh",
        "Town;2025;Điểm tổng hợp;50;50;Đang phát triển;70,83;70,83;Cạnh tranh",
    ]


@pytest.mark.parametrize(
    "args, said",
    [
        (["--target-level", "leading", "--target-score", "70"], "Give a target level or a target score, not both."),
        (["--until", "soon"], "'soon' is not a date"),
        (["--target-score", "140"], "'140' for --target-score is not a number from 0 to 100."),
        (["--budget", "-5"], "'-5' for --budget is not a number zero or more."),
        (["--target-level", "legendary"], "'legendary' is not a readiness level"),
    ],
)
def test_bad_options_get_one_plain_sentence(mini_files, args, said):
    catalogue, book = mini_files
    result = _run([str(book), "--catalogue", str(catalogue), *args])
    assert result.exit_code == 1
    assert said in result.output and "Traceback" not in result.output


def test_the_sample_plan_in_english(framework):
    result = _run([str(SAMPLE), "--as-of", "2026-11-30"])
    assert result.exit_code == 0, result.output
    assert "Action roadmap — Bình Dương, data of 2025" in result.output
    assert "ICF-style self-assessment — not an ICF score." in result.output


def test_a_plan_kept_in_a_file_of_its_own_reads_as_the_same_roadmap(mini_files, tmp_path):
    """The Actions sheet in its own workbook from the template (Indicators left empty, no Community column), read
    beside the indicator file, is the same plan as the one workbook holding both."""
    catalogue, book = mini_files
    indicators, actions = _rows(book)
    figures, plan = tmp_path / "figures.xlsx", tmp_path / "plan-only.xlsx"
    figures.write_bytes(xlsx({"Indicators": indicators}))
    plan.write_bytes(xlsx({"Indicators": indicators[:1], "Actions": actions}))
    args = ["--catalogue", str(catalogue), "--format", "json", "--as-of", "2026-04-01"]
    one = json.loads(_run([str(book), *args]).output)
    result = _run([str(figures), str(plan), *args])
    assert result.exit_code == 0, result.output
    two = json.loads(result.output)
    assert two["selection"]["actions"] == ["A1", "A2"]
    for key in ("today", "planned", "domains", "moved", "actions", "overdue", "shortest_path"):
        assert two[key] == one[key], key


def test_a_workbook_of_actions_alone_is_a_plan(mini_files, tmp_path):
    """An action catalogue kept as a workbook with nothing but its Actions sheet (no Indicators sheet at all) is read
    as a plan, said so, and joined to the indicator file read beside it."""
    catalogue, book = mini_files
    indicators, actions = _rows(book)
    figures, plan = tmp_path / "figures.xlsx", tmp_path / "ke-hoach.xlsx"
    figures.write_bytes(xlsx({"Indicators": indicators}))
    plan.write_bytes(xlsx({"Actions": actions}))
    args = ["--catalogue", str(catalogue), "--format", "json", "--as-of", "2026-04-01"]
    one = json.loads(_run([str(book), *args]).output)
    result = _run([str(figures), str(plan), *args])
    assert result.exit_code == 0, result.output
    two = json.loads(result.output)
    for key in ("today", "planned", "domains", "moved", "actions", "overdue", "shortest_path"):
        assert two[key] == one[key], key
    checked = CliRunner().invoke(main, ["validate", str(plan), "--catalogue", str(catalogue), "--lang", "vi"])
    assert "chỉ có kế hoạch hành động" in checked.stdout and "Hồ sơ" not in checked.stdout  # no missing-Profile noise


def test_an_action_naming_no_community_beside_several_is_said_on_its_row(mini_files, tmp_path):
    catalogue, book = mini_files
    indicators, actions = _rows(book)
    two_towns = indicators + [["Village", *row[1:]] for row in indicators[1:]]
    figures, plan = tmp_path / "figures.xlsx", tmp_path / "ke-hoach.xlsx"
    figures.write_bytes(xlsx({"Indicators": two_towns}))
    plan.write_bytes(xlsx({"Actions": actions}))
    for files in ([figures, plan], [tmp_path / "one.xlsx"]):
        if len(files) == 1:  # the same, in one workbook: the reader says it as it reads
            files[0].write_bytes(xlsx({"Indicators": two_towns, "Actions": actions}))
        said = CliRunner().invoke(main, ["validate", *map(str, files), "--catalogue", str(catalogue)]).stdout
        lines = [line for line in said.splitlines() if "names no community" in line]
        assert [re.search(r"row (\d+)", line).group(1) for line in lines] == ["2", "3", "4"], said
        assert all("Action A" in line for line in lines)


def test_the_table_names_each_icf_data_point_no_action_moves():
    result = _run([str(SAMPLE), "--as-of", "2026-11-30", "--lang", "vi"])
    lines = result.output.splitlines()
    at = next(k for k, line in enumerate(lines) if line.strip().endswith(": 6"))
    listed = [line.split()[0] for line in lines[at + 1 : at + 7]]
    assert listed == ["CON04", "WRK04", "WRK08", "INN07", "INN09", "ENG07"]
    assert "“Broadband: affordability”" in lines[at + 1]  # quoted as ICF writes it


def test_every_key_the_readme_documents_is_in_the_samples_json():
    """The other way round from the test above: nothing documented is missing from what the command prints."""
    result = _run([str(SAMPLE), "--format", "json", "--as-of", "2026-11-30"])
    doc = json.loads(result.output)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("`plan` reads the same files") :]
    block = block[block.index("```text") : block.index("```", block.index("```text") + 3)]
    # A name is a key where it is written as one: not after `: ` or `|` (`"goal": "score"|"budget"` gives values).
    documented_keys = {m.group(1) for m in re.finditer(r'(?<!: )(?<!\|)"([a-z_]+)"', block)}

    def keys(node: object) -> set[str]:
        if isinstance(node, dict):
            return set(node) | {k for v in node.values() for k in keys(v)}
        if isinstance(node, list):
            return {k for v in node for k in keys(v)}
        return set()

    assert len(documented_keys) > 30 and documented_keys <= keys(doc), documented_keys - keys(doc)
