"""Transcription-tool exports, one hand-written fixture per format: turns, passages, roles, timestamps.

Every expected value below was written by reading the fixture in tests/data/tools/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_coder.core.model import Role
from interview_coder.io.transcripts import ImportOptions, read_transcripts

DATA = Path(__file__).parent.parent / "data" / "tools"
I, R, P = Role.INTERVIEWER, Role.RESPONDENT, Role.PREAMBLE  # noqa: E741 - short for the tables


def parse(name: str, **options):
    parsed = read_transcripts(DATA / name, ImportOptions(**options))
    return parsed.format, parsed.transcripts[0]


def rows(t):
    """(role, speaker, respondent, time_start, time_end, text) per passage."""
    return [(p.role, p.speaker, p.respondent, t.turns[p.turn_seq].time_start, t.turns[p.turn_seq].time_end, p.text)
            for p in t.passages]


def test_feishu_one_line_with_title_preamble_and_known_interviewer_label():
    fmt, t = parse("feishu_zh.txt")
    assert fmt == "timed-line"
    assert t.preamble == "创新访谈 企业A\n2024年3月5日 下午 2:30|12分钟"
    assert rows(t) == [
        (P, None, None, None, None, "创新访谈 企业A\n2024年3月5日 下午 2:30|12分钟"),
        (I, "访谈者", None, 2.0, None, "贵公司享受税收优惠吗？"),
        # two consecutive turns of 王总 are one passage, joined without a space (Chinese)
        (R, "王总", "feishu_zh", 6.0, None, "享受。我们是高新技术企业。所得税交百分之十五。"),
        (I, "访谈者", None, 15.0, None, "嗯。"),
        (R, "王总", "feishu_zh", 16.0, None, "研发费用加计扣除也有。"),
        (I, "访谈者", None, 21.0, None, "税收优惠和补贴哪个更重要呢？"),
        (R, "王总", "feishu_zh", 25.0, None, "我们呢，更看重市场需求。"),
    ]
    assert [r.key for r in t.respondents] == ["feishu_zh"]
    assert t.language == "zh"


def test_feishu_fold_backchannels_keeps_the_answer_whole():
    _, t = parse("feishu_zh.txt", fold_backchannels=True)
    assert rows(t)[1:] == [
        (I, "访谈者", None, 2.0, None, "贵公司享受税收优惠吗？"),
        (R, "王总", "feishu_zh", 6.0, None, "享受。我们是高新技术企业。所得税交百分之十五。研发费用加计扣除也有。"),
        (I, "访谈者", None, 15.0, None, "嗯。"),  # kept as an interviewer turn, after the answer it interrupted
        (I, "访谈者", None, 21.0, None, "税收优惠和补贴哪个更重要呢？"),
        (R, "王总", "feishu_zh", 25.0, None, "我们呢，更看重市场需求。"),
    ]


def test_feishu_no_merge_keeps_every_source_turn():
    _, t = parse("feishu_zh.txt", no_merge=True)
    assert [(p.role, p.text) for p in t.passages if p.role == R] == [
        (R, "享受。我们是高新技术企业。"), (R, "所得税交百分之十五。"), (R, "研发费用加计扣除也有。"),
        (R, "我们呢，更看重市场需求。")]
    assert [tu.time_start for tu in t.turns] == [None, 2.0, 6.0, 11.0, 15.0, 16.0, 21.0, 25.0]


def test_tencent_full_width_brackets_minutes_and_proposed_interviewer():
    fmt, t = parse("tencent_zh.txt")
    assert fmt == "timed-line"
    assert t.preamble == "会议主题：企业创新访谈\n会议时间：2024-03-06 10:00"
    # 李静 asks the only question, so 李静 is proposed as the interviewer
    assert rows(t)[1:] == [
        (I, "李静", None, 3.0, None, "你们怎么看税收优惠？"),
        (R, "张工", "tencent_zh", 9.0, None, "税收优惠有用，但是退税太慢。"),
        (I, "李静", None, 15.0, None, "对。"),
        (R, "张工", "tencent_zh", 16.0, None, "所以我们更依赖自己的利润。"),
    ]


def test_feishu_two_line_style():
    fmt, t = parse("feishu_twoline_zh.txt")
    assert fmt == "timed-block"
    assert rows(t) == [
        (P, None, None, None, None, "产品创新访谈\n2024年3月7日"),
        (I, "说话人 1", None, 1.0, None, "请问贵公司有哪些税收优惠？"),
        (R, "说话人 2", "feishu_twoline_zh", 5.0, None, "我们享受增值税即征即退。另外还有高企认定带来的所得税减免。"),
        (I, "说话人 1", None, 20.0, None, "好的。"),  # not between two respondent turns: nothing to fold
    ]


def test_iflytek_blocks_keep_paragraphs_as_passages_of_one_turn():
    fmt, t = parse("iflytek_zh.txt")
    assert fmt == "timed-block"
    assert t.preamble == ""
    assert rows(t) == [
        (I, "说话人1", None, 2.0, None, "您觉得税收优惠对创新有帮助吗？"),
        (R, "说话人2", "iflytek_zh", 7.0, None, "有帮助，加计扣除省了不少钱。"),
        (R, "说话人2", "iflytek_zh", 7.0, None, "我们把省下来的钱投到了新产品上。"),
        (I, "说话人1", None, 21.0, None, "嗯。"),
        (R, "说话人2", "iflytek_zh", 22.0, None, "不过人才还是最难的。"),
    ]
    assert [p.turn_seq for p in t.passages] == [0, 1, 1, 2, 3]
    _, folded = parse("iflytek_zh.txt", fold_backchannels=True)
    assert [p.text for p in folded.passages if p.role == R] == [
        "有帮助，加计扣除省了不少钱。", "我们把省下来的钱投到了新产品上。不过人才还是最难的。"]


def test_otter_english_speaker_numbers_and_hour_timestamps():
    fmt, t = parse("otter_en.txt")
    assert fmt == "timed-block"
    assert rows(t) == [
        (I, "Speaker 1", None, 2.0, None, "Do tax incentives matter to your company?"),
        (R, "Speaker 2", "otter_en", 6.0, None, "Yes. We claim the tax credit every year."),
        (I, "Speaker 1", None, 11.0, None, "Mm-hmm."),
        (R, "Speaker 2", "otter_en", 12.0, None, "It pays for one engineer."),
        (I, "Speaker 1", None, 3903.0, None, "What about tax relief on equipment?"),
        (R, "Speaker 2", "otter_en", 3909.0, None, "We never used it."),
    ]
    _, folded = parse("otter_en.txt", fold_backchannels=True)
    assert [(p.role, p.text) for p in folded.passages] == [
        (I, "Do tax incentives matter to your company?"),
        (R, "Yes. We claim the tax credit every year. It pays for one engineer."),  # joined with a space
        (I, "Mm-hmm."),
        (I, "What about tax relief on equipment?"),  # the folded backchannel does not merge into it
        (R, "We never used it."),
    ]


def test_zoom_vtt_name_colon_cues_wrapped_lines_and_notes():
    fmt, t = parse("zoom_en.vtt")
    assert fmt == "webvtt"
    assert rows(t) == [
        (I, "Anna Lee", None, 1.0, 4.5, "Do tax incentives influence your R&D budget?"),
        (R, "Ben Cole", "zoom_en", 5.0, 9.25, "A little. The tax credit covers part of our salaries."),
        (I, "Anna Lee", None, 9.8, 10.3, "Right."),
        (R, "Ben Cole", "zoom_en", 10.6, 14.0, "But customers decide what we build."),
        (I, "Anna Lee", None, 14.5, 17.0, "Why is that?"),
        (R, "Ben Cole", "zoom_en", 17.2, 20.0, "They pay for it."),
    ]
    _, folded = parse("zoom_en.vtt", fold_backchannels=True)
    # the merged turn runs from the first cue's start to the last cue's end
    assert rows(folded)[1] == (R, "Ben Cole", "zoom_en", 5.0, 14.0,
                               "A little. The tax credit covers part of our salaries. But customers decide what we build.")


def test_teams_vtt_voice_tags_focus_group():
    fmt, t = parse("teams_en.vtt")
    assert fmt == "webvtt"
    assert rows(t) == [
        (I, "Moderator", None, 2.0, 6.0, "Does the tax relief help your firms?"),
        (R, "Kim Wu", "teams_en-Kim Wu", 6.5, 10.0, "Yes, the tax relief & grants pay for testing."),
        (R, "Raj Patel", "teams_en-Raj Patel", 10.5, 16.0, "We never applied. Too much paperwork."),
        (I, "Moderator", None, 16.5, 19.0, "And the tax incentive for equipment?"),
        (R, "Kim Wu", "teams_en-Kim Wu", 19.5, 23.0, "That one we use."),
    ]
    assert [r.key for r in t.respondents] == ["teams_en-Kim Wu", "teams_en-Raj Patel"]
    _, apart = parse("teams_en.vtt", no_merge=True)
    assert [p.text for p in apart.passages if p.speaker == "Raj Patel"] == ["We never applied.", "Too much paperwork."]


def test_srt_chinese_colon_labels_and_wrapped_cue():
    fmt, t = parse("liu_zh.srt")
    assert fmt == "srt"
    assert rows(t) == [
        (I, "主持人", None, 1.0, 4.0, "贵公司申请过税收优惠吗？"),
        (R, "刘经理", "liu_zh", 4.5, 8.0, "申请过，今年退税到账了。"),
        (I, "主持人", None, 8.5, 9.0, "好的。"),
        (R, "刘经理", "liu_zh", 9.2, 12.0, "主要还是靠市场需求。"),
    ]


def _docx(path: Path, paragraphs: list[str]) -> Path:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def test_teams_docx_older_layout_timing_speaker_text(tmp_path):
    path = _docx(tmp_path / "teams_doc.docx", [
        "Innovation interview", "8 March 2024",
        "0:0:0.0 --> 0:0:4.200", "Helen Ward", "Do tax incentives matter to you?",
        "0:0:4.900 --> 0:0:9.0", "Tom Baker", "The tax credit helps.",
        "0:0:9.500 --> 0:0:12.250", "Tom Baker", "But customers matter more.",
        "0:0:13.0 --> 0:0:15.0", "Helen Ward", "Why?",
        "0:0:15.500 --> 0:1:2.0", "Tom Baker", "They pay."])
    parsed = read_transcripts(path, ImportOptions())
    t = parsed.transcripts[0]
    assert parsed.format == "docx/teams"
    assert t.preamble == "Innovation interview\n\n8 March 2024"
    assert rows(t)[2:] == [
        (I, "Helen Ward", None, 0.0, 4.2, "Do tax incentives matter to you?"),
        (R, "Tom Baker", "teams_doc", 4.9, 12.25, "The tax credit helps. But customers matter more."),
        (I, "Helen Ward", None, 13.0, 15.0, "Why?"),
        (R, "Tom Baker", "teams_doc", 15.5, 62.0, "They pay."),
    ]


def test_teams_docx_newer_layout_is_the_block_format(tmp_path):
    path = _docx(tmp_path / "teams_new.docx", [
        "Helen Ward   0:03", "Do tax incentives matter to you?",
        "Tom Baker   0:09", "The tax credit helps.",
        "Helen Ward   0:15", "And customers?",
        "Tom Baker   1:02", "They matter more."])
    parsed = read_transcripts(path, ImportOptions())
    assert parsed.format == "docx/timed-block"
    assert rows(parsed.transcripts[0]) == [
        (I, "Helen Ward", None, 3.0, None, "Do tax incentives matter to you?"),
        (R, "Tom Baker", "teams_new", 9.0, None, "The tax credit helps."),
        (I, "Helen Ward", None, 15.0, None, "And customers?"),
        (R, "Tom Baker", "teams_new", 62.0, None, "They matter more."),
    ]


@pytest.mark.parametrize("name", ["feishu_zh.txt", "tencent_zh.txt", "feishu_twoline_zh.txt", "iflytek_zh.txt",
                                  "otter_en.txt", "zoom_en.vtt", "teams_en.vtt", "liu_zh.srt"])
@pytest.mark.parametrize("options", [{}, {"fold_backchannels": True}, {"no_merge": True}])
def test_offsets_slice_the_text_and_no_label_or_timestamp_is_text(name, options):
    _, t = parse(name, **options)
    for p in t.passages:
        assert t.text[p.start:p.end] == p.text
    for turn in t.turns:
        inside = [p for p in t.passages if p.turn_seq == turn.seq]
        assert inside and turn.start == inside[0].start and turn.end == inside[-1].end
    spoken = "\n".join(p.text for p in t.passages if p.role != P)
    assert "-->" not in spoken and "00:0" not in spoken and "0:0" not in spoken
    assert "WEBVTT" not in t.text and "<v" not in t.text


@pytest.mark.parametrize("name,fmt", [("zoom_en.vtt", "webvtt"), ("liu_zh.srt", "srt"), ("feishu_zh.txt", "timed-line"),
                                      ("iflytek_zh.txt", "timed-block")])
def test_format_is_detected_from_content_not_extension(tmp_path, name, fmt):
    copy = tmp_path / "renamed.txt"
    copy.write_bytes((DATA / name).read_bytes())
    assert read_transcripts(copy, ImportOptions()).format == fmt


def test_plain_transcripts_are_not_mistaken_for_tool_exports():
    root = Path(__file__).parent.parent.parent
    files = [*(root / "transcripts" / "en").glob("*.txt"), *(root / "transcripts" / "zh").glob("*.txt"),
             *(root / "transcripts" / "en").glob("*.md"), *(root / "transcripts" / "zh").glob("*.md"),
             *(root / "tests" / "data" / "import").glob("*_labels.txt")]
    assert files
    for path in files:
        assert read_transcripts(path, ImportOptions()).format == "plain", path


def test_forced_format_overrides_detection():
    parsed = read_transcripts(DATA / "feishu_zh.txt", ImportOptions(), fmt="plain")
    assert parsed.format == "plain"


def test_srt_quirks_override_tags_and_a_missing_blank_line():
    """What subtitle editors leave in SRT files: {\\an8} and {\\i1} tags, <font>, entities, cue positions,
    and cue numbers right under the text when the blank line is missing (tests/data/tools/quirks/)."""
    fmt, t = parse("quirks/subtitle_edit_en.srt")
    assert fmt == "srt"
    assert rows(t) == [
        (I, "Interviewer", None, 1.0, 3.5, "Why did you apply for the tax credit?"),
        (R, "Li Ming", "subtitle_edit_en", 4.0, 7.0, "Because the refund came fast."),
        (I, "Interviewer", None, 7.5, 9.0, "And customers?"),
        (R, "Li Ming", "subtitle_edit_en", 9.5, 14.0, "They pay for new sensors & support. Every year."),
    ]
