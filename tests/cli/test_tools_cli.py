"""`import` of transcription-tool exports (mapping printed, --speakers, --no-merge, --fold-backchannels),
`speakers list|set`, and auto-coding counting only respondents' words (hand-counted keyword hits)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from interview_coder.cli import main

ROOT = Path(__file__).parent.parent.parent
DATA = ROOT / "tests" / "data" / "tools"
SAMPLES = ROOT / "transcripts" / "tools"
SIM = ROOT / "codebooks" / "sim.yaml"
FIXTURES = ["feishu_zh.txt", "tencent_zh.txt", "feishu_twoline_zh.txt", "iflytek_zh.txt", "otter_en.txt",
            "zoom_en.vtt", "teams_en.vtt", "liu_zh.srt"]


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def query(db: Path, sql: str, *params: object) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return [tuple(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def test_import_prints_the_speaker_mapping_it_used(tmp_path):
    db = str(tmp_path / "p.db")
    result = run("import", "-p", db, str(DATA / "tencent_zh.txt"), str(DATA / "teams_en.vtt"))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "added      tencent_zh  (timed-line, utf-8, 5 passages)",
        "  speaker 李静 -> interviewer  (proposed; 2 turns, 1 questions)",
        "  speaker 张工 -> respondent tencent_zh  (default; 2 turns, 0 questions)",
        "added      teams_en  (webvtt, utf-8, 5 passages)",
        "  speaker Moderator -> interviewer  (label; 2 turns, 2 questions)",
        "  speaker Kim Wu -> respondent teams_en-Kim Wu  (default; 2 turns, 0 questions)",
        "  speaker Raj Patel -> respondent teams_en-Raj Patel  (default; 1 turns, 0 questions)",
        "2 added, 0 replaced, 0 unchanged, 0 changed (not replaced), 0 failed",
    ]


def test_import_with_speakers_file_interviewer_option_and_no_merge(tmp_path):
    db = str(tmp_path / "p.db")
    speakers = tmp_path / "speakers.csv"
    speakers.write_text("label,transcript,respondent,group,city\n"
                        "Ben Cole,zoom_en,T91,enterprise,Leeds\n", encoding="utf-8")
    result = run("import", "-p", db, str(DATA / "zoom_en.vtt"), "--speakers", str(speakers), "--no-merge",
                 "--interviewer", "Anna Lee")
    assert result.exit_code == 0, result.output
    assert "  speaker Anna Lee -> interviewer  (label; 3 turns, 2 questions)" in result.output
    assert "  speaker Ben Cole -> respondent T91  (speakers file; 3 turns, 0 questions)" in result.output
    assert query(tmp_path / "p.db", "SELECT a.name, a.value FROM attributes a JOIN respondents r ON r.id = a.respondent_id "
                 "WHERE r.key = 'T91' ORDER BY a.name") == [("city", "Leeds"), ("group", "enterprise")]
    assert query(tmp_path / "p.db", "SELECT count(*) FROM turns") == [(6,)]


def test_a_bad_speakers_file_stops_before_anything_is_written(tmp_path):
    db = tmp_path / "p.db"
    speakers = tmp_path / "speakers.csv"
    speakers.write_text("label,role\nBen Cole,boss\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "-p", str(db), str(DATA / "zoom_en.vtt"), "--speakers", str(speakers)])
    assert result.exit_code == 1
    assert result.output.strip() == f"{speakers}:2: role must be interviewer or respondent, not 'boss'"
    assert not db.exists()


def test_fold_backchannels_and_limits(tmp_path):
    db = tmp_path / "p.db"
    assert run("import", "-p", str(db), str(DATA / "feishu_zh.txt"), "--fold-backchannels").exit_code == 0
    assert query(db, "SELECT role, text FROM passages ORDER BY seq")[1:] == [
        ("interviewer", "贵公司享受税收优惠吗？"),
        ("respondent", "享受。我们是高新技术企业。所得税交百分之十五。研发费用加计扣除也有。"),
        ("interviewer", "嗯。"), ("interviewer", "税收优惠和补贴哪个更重要呢？"),
        ("respondent", "我们呢，更看重市场需求。")]
    db2 = tmp_path / "q.db"
    # "嗯。" is one character: a limit of 1 still folds it; the words limit does not matter for Chinese
    assert run("import", "-p", str(db2), str(DATA / "feishu_zh.txt"), "--fold-backchannels",
               "--backchannel-chars", "1", "--backchannel-words", "1").exit_code == 0
    assert query(db2, "SELECT count(*) FROM passages WHERE role = 'respondent'") == [(2,)]


def test_speakers_list_and_set(tmp_path):
    db = str(tmp_path / "p.db")
    run("import", "-p", db, str(DATA / "iflytek_zh.txt"))
    listed = json.loads(run("speakers", "list", "-p", db, "--format", "json").output)
    rows = listed["Speakers"] if isinstance(listed, dict) else listed
    assert [(r["label"], r["role"], r["respondent"], r["turns"], r["passages"], r["words"]) for r in rows] == [
        ("说话人1", "interviewer", None, 2, 2, 0), ("说话人2", "respondent", "iflytek_zh", 2, 3, 36)]
    result = run("speakers", "set", "-p", db, "说话人1", "--role", "respondent", "--respondent", "T77",
                 "--transcript", "iflytek_zh", "--group", "government")
    assert result.exit_code == 0
    assert result.output.splitlines() == ["iflytek_zh: 说话人1 -> respondent T77",
                                          "2 turns, 2 passages; respondent words 0 -> 15"]
    status = json.loads(run("status", "-p", db, "--format", "json").output)
    assert status["respondents_by_group"] == {"(none)": 1, "government": 1}
    assert status["respondent_words"] == 36 + 15


def test_speakers_set_refuses_over_codings_without_force(tmp_path):
    db = str(tmp_path / "p.db")
    run("codebook", "load", "-p", db, str(SIM))
    run("import", "-p", db, str(DATA / "otter_en.txt"))
    assert run("autocode", "-p", db, "--quiet").exit_code == 0
    refused = CliRunner().invoke(main, ["speakers", "set", "-p", db, "Speaker 2", "--role", "interviewer"])
    assert refused.exit_code == 1
    assert "give --force" in refused.output
    (stored,) = query(tmp_path / "p.db", "SELECT count(*) FROM codings")[0]
    assert stored >= 1  # "tax credit" at least
    forced = CliRunner().invoke(main, ["speakers", "set", "-p", db, "Speaker 2", "--role", "interviewer", "--force"])
    assert forced.exit_code == 0
    assert f"{stored} codings now sit on interviewer passages: kept, not counted" in forced.output
    # every speaker is now an interviewer: nothing counts, the codings are still stored
    assert query(tmp_path / "p.db", "SELECT count(*) FROM passages WHERE role = 'respondent'") == [(0,)]
    assert query(tmp_path / "p.db", "SELECT count(*) FROM codings") == [(stored,)]


# Hand-counted hits of the tax_incentives keywords in respondent passages (interviewer mentions in
# brackets are never counted):
#   feishu_zh 高新技术企业, 所得税, 研发费用加计扣除 = 3 in 2 passages      [税收优惠 x2]
#   tencent_zh 税收优惠, 退税 = 2 in 1 passage                             [税收优惠]
#   feishu_twoline_zh 增值税, 高企认定, 所得税 = 3 in 1 passage            [税收优惠]
#   iflytek_zh 加计扣除 = 1                                                 [税收优惠]
#   otter_en "tax credit" = 1                                              [tax incentives, tax relief]
#   zoom_en "tax credit" = 1                                               [tax incentives]
#   teams_en "tax relief" = 1 (Kim Wu)                                     [tax relief, tax incentive]
#   liu_zh 退税 = 1                                                         [税收优惠]
TAX_HITS = {"feishu_zh": 3, "tencent_zh": 2, "feishu_twoline_zh": 3, "iflytek_zh": 1, "otter_en": 1, "zoom_en": 1,
            "teams_en": 1, "liu_zh": 1}


@pytest.fixture(scope="module")
def coded(tmp_path_factory):
    db = tmp_path_factory.mktemp("coded") / "p.db"
    assert run("codebook", "load", "-p", str(db), str(SIM)).exit_code == 0
    assert run("import", "-p", str(db), *(str(DATA / f) for f in FIXTURES)).exit_code == 0
    assert run("autocode", "-p", str(db), "--quiet").exit_code == 0
    return db


def test_autocode_counts_only_respondent_words(coded):
    hits = dict(query(coded, "SELECT t.name, count(*) FROM codings c JOIN passages p ON p.id = c.passage_id "
                      "JOIN transcripts t ON t.id = p.transcript_id WHERE c.code_id = 'tax_incentives' GROUP BY t.name"))
    assert hits == TAX_HITS
    assert query(coded, "SELECT count(*) FROM codings c JOIN passages p ON p.id = c.passage_id "
                 "WHERE p.role != 'respondent'") == [(0,)]
    assert query(coded, "SELECT count(*) FROM codings WHERE keyword IS NULL") == [(0,)]


def test_frequencies_of_tool_transcripts(coded):
    from interview_coder.analysis.frequencies import code_frequencies
    from interview_coder.store.project import Project
    from interview_coder.store.scope import Filters

    with Project.open(coded) as project:
        frame = code_frequencies(project, Filters(status="suggested"))
    row = frame[frame.code == "tax_incentives"].iloc[0]
    # 13 hits; passages: feishu 2 + 1 each for the other seven; 8 of the 9 respondents (Raj Patel has none)
    assert (row.keyword_hits, row.passages, row.respondents, row.respondents_total) == (13, 9, 8, 9)


def test_report_frequencies_command_when_present(coded):
    if "report" not in main.commands:
        pytest.skip("the report command is not built yet")
    result = run("report", "frequencies", "-p", str(coded), "--status", "suggested", "--format", "json")
    data = json.loads(result.output)
    rows = data if isinstance(data, list) else next(iter(data.values()))
    (tax,) = [r for r in rows if r["code"] == "tax_incentives"]
    assert (tax["keyword_hits"], tax["passages"], tax["respondents"]) == (13, 9, 8)


def test_sample_tool_transcripts_import_with_the_right_speakers(tmp_path):
    db = tmp_path / "p.db"
    result = run("import", "-p", str(db), str(SAMPLES))
    assert result.exit_code == 0, result.output
    assert query(db, "SELECT t.name, tu.speaker, tu.role, r.key, count(*) FROM turns tu JOIN transcripts t "
                 "ON t.id = tu.transcript_id LEFT JOIN respondents r ON r.id = tu.respondent_id WHERE tu.role != 'preamble' "
                 "GROUP BY t.name, tu.speaker ORDER BY t.name, min(tu.seq)") == [
        ("T01", "李静", "interviewer", None, 5), ("T01", "周总", "respondent", "T01", 5),
        ("T02", "说话人1", "interviewer", None, 4), ("T02", "说话人2", "respondent", "T02", 4),
        ("T03", "Helen Ward", "interviewer", None, 5), ("T03", "Tom Baker", "respondent", "T03", 5),
        ("T04", "Helen Ward", "interviewer", None, 4), ("T04", "Priya Shah", "respondent", "T04-Priya Shah", 3),
        ("T04", "Mark Evans", "respondent", "T04-Mark Evans", 3)]
    # ids do not clash with the plain sample transcripts (E.., G.., S..)
    assert all(k.startswith("T0") for (k,) in query(db, "SELECT key FROM respondents"))


def test_importing_twice_equals_once_and_other_options_mean_changed(tmp_path):
    db = tmp_path / "p.db"
    run("import", "-p", str(db), str(DATA / "zoom_en.vtt"))
    conn = sqlite3.connect(db)
    before = list(conn.iterdump())
    conn.close()
    again = run("import", "-p", str(db), str(DATA / "zoom_en.vtt"))
    assert "unchanged  zoom_en" in again.output and "speaker" not in again.output
    conn = sqlite3.connect(db)
    assert list(conn.iterdump()) == before
    conn.close()
    folded = run("import", "-p", str(db), str(DATA / "zoom_en.vtt"), "--fold-backchannels")
    assert "changed    zoom_en  (not replaced: use --replace)" in folded.output


def test_replace_with_folding_keeps_codings_whose_text_still_exists(tmp_path):
    db = tmp_path / "p.db"
    run("codebook", "load", "-p", str(db), str(SIM))
    run("import", "-p", str(db), str(DATA / "zoom_en.vtt"))
    run("autocode", "-p", str(db), "--quiet")
    (before,) = query(db, "SELECT count(*) FROM codings")[0]
    result = run("import", "-p", str(db), str(DATA / "zoom_en.vtt"), "--fold-backchannels", "--replace")
    # the spans (tax credit, customers) are inside the merged passage now
    assert f"replaced   zoom_en  ({before} codings kept, 0 lost;" in result.output
    assert query(db, "SELECT c.text FROM codings c ORDER BY c.text") == [("customers",), ("tax credit",)]


def test_samples_autocode_then_report_counts_only_respondents(tmp_path):
    # Respondents' tax_incentives hits, by hand: T01 高新技术企业, 所得税, 研发费用加计扣除, 税收优惠 (4);
    # T02 研发费用加计扣除, 增值税 (2); T03 "tax credit" (1); T04 Mark Evans "tax relief" (1) = 8.
    # The interviewers' 6 mentions (T01 税收优惠 x2, T02 税收优惠, T03 tax incentive(s) x2, T04 tax relief)
    # never count. Folded, each transcript's hits sit in one passage: 4 passages, 4 of 5 respondents.
    db = str(tmp_path / "p.db")
    run("codebook", "load", "-p", db, str(SIM))
    assert run("import", "-p", db, str(SAMPLES), "--fold-backchannels").exit_code == 0
    assert run("autocode", "-p", db, "--quiet").exit_code == 0
    from interview_coder.analysis.frequencies import code_frequencies
    from interview_coder.store.project import Project
    from interview_coder.store.scope import Filters

    with Project.open(db) as project:
        frame = code_frequencies(project, Filters(status="suggested"))
    row = frame[frame.code == "tax_incentives"].iloc[0]
    assert (row.keyword_hits, row.passages, row.respondents, row.respondents_total) == (8, 4, 4, 5)
    if "report" in main.commands:
        out = run("report", "frequencies", "-p", db, "--status", "suggested", "--format", "csv").output
        assert "tax_incentives,Tax incentives,government_policy,all,4,4,5,80.0,8" in out.splitlines()
