"""Window targets: parsed from 対象者, read from the CSV, and used by ranking when a query states an age or role."""

import pytest

from directory.values import (
    AUDIENCE_BUSINESS,
    AUDIENCE_FAMILY,
    TargetFacts,
    format_ages,
    parse_ages,
    parse_target,
)
from importers.pipeline import ImportInputError
from importers.readers.csvdir import read_directory_csv
from search.analyzer import analyze_query
from search.engines import get_engine, search_settings
from search.engines.embedded import EmbeddedEngine
from search.registry import WEIGHT_TITLE, WEIGHT_TOPICS, SearchDocument


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        ("65歳以上の方とその家族", TargetFacts(65, None, AUDIENCE_FAMILY)),
        ("15歳から49歳までの方", TargetFacts(15, 49, "")),
        ("18歳未満の子ども", TargetFacts(None, 17, "")),
        ("市内に住むおおむね60歳以上の方", TargetFacts(60, None, "")),
        ("市内の事業者", TargetFacts(None, None, AUDIENCE_BUSINESS)),
        ("市民", TargetFacts()),
    ],
)
def test_parse_target(text, facts):
    assert parse_target(text) == facts


def test_ages_cell_round_trip():
    for low, high in ((65, None), (15, 49), (None, 17)):
        assert parse_ages(format_ages(low, high)) == (low, high)
    assert parse_ages("いくつでも") is None


STANDARD = "名称,名称_カナ,住所,電話番号,内線番号,FAX番号,利用可能曜日,開始時間,終了時間,利用可能日時特記事項,URL,備考"
CATEGORIES = "経済,健康・医療,高齢者,障がい,子ども・子育て,DV,仕事,住まい,ひきこもり,環境,人権"
HEADER = f"{STANDARD},{CATEGORIES},組織名,対象者,対象年齢,対象区分"


def _row(name, organisation, target, ages, audience):
    flags = ["1" if c == "仕事" else "" for c in CATEGORIES.split(",")]
    return ",".join([name, *[""] * 11, *flags, organisation, target, ages, audience])


def test_a_file_without_target_columns_reads_the_target_text():
    header = f"{STANDARD},{CATEGORIES},組織名,対象者"
    row = _row("若者の就労", "サポステ", "15歳から49歳の方と家族", "", "").rsplit(",", 2)[0]
    (record,) = read_directory_csv(f"{header}\n{row}", city="x", document="t.csv")
    assert (record.age_min, record.age_max, record.audience) == (15, 49, AUDIENCE_FAMILY)


def test_csv_columns_win_over_the_text_and_bad_cells_are_refused():
    rows = [
        _row("若者の就労", "サポステ", "15歳から49歳", "15-49", ""),
        _row("シニアの仕事", "シルバー", "どなたでも", "60-", ""),
        _row("経営相談", "商工係", "", "", "事業者"),
    ]
    records = read_directory_csv("\n".join([HEADER, *rows]), city="x", document="t.csv")
    assert [(r.age_min, r.age_max, r.audience) for r in records] == [
        (15, 49, ""),
        (60, None, ""),
        (None, None, AUDIENCE_BUSINESS),
    ]
    with pytest.raises(ImportInputError, match="対象年齢"):
        read_directory_csv(
            HEADER + "\n" + _row("若者", "サポステ", "", "十五歳", ""), city="x", document="t.csv"
        )


def _job_window(key, title, **payload):
    return SearchDocument(
        kind="window",
        key=key,
        title=title,
        url=f"/x/{key}/",
        city="x",
        categories=["shigoto"],
        fields=[(title, WEIGHT_TITLE), ("仕事探し\n就職の相談", WEIGHT_TOPICS)],
        payload={"organisation": title, **payload},
    )


@pytest.fixture
def job_engine(db):
    engine = EmbeddedEngine(search_settings())
    engine.clear()
    engine.index(
        [
            _job_window("a", "若者の仕事相談", age_min=15, age_max=49),
            _job_window("b", "シニアの仕事相談", age_min=60),
            _job_window("c", "事業者の相談", audience="business"),
        ]
    )
    yield engine
    get_engine().invalidate()


def test_ranking_follows_the_stated_age(job_engine):
    def titles(query):
        return [
            h.title for h in job_engine.search(analyze_query(query), city="x", kinds=["window"], limit=3).hits
        ]

    assert titles("65歳で仕事を探している")[0] == "シニアの仕事相談"
    assert titles("30代で仕事を探している")[0] == "若者の仕事相談"
    assert titles("仕事を探している")[-1] == "事業者の相談"


def test_a_list_of_groups_is_a_broad_target():
    from search.engines.scoring import GROUP_LIST_NOT_STATED, GROUP_NOT_STATED, target_factor

    query = analyze_query("大家に出ていけと言われた")
    assert target_factor(query, ["@grp:disabled"]) == GROUP_NOT_STATED
    # 高齢者・障がい者・子育て世帯・外国人: who may come, one penalty at most, and a mild one.
    assert target_factor(query, ["@grp:disabled", "@grp:foreign"]) == GROUP_LIST_NOT_STATED
    assert target_factor(analyze_query("車いすで住める部屋"), ["@grp:disabled", "@grp:foreign"]) == 1.0
