"""Properties of merging and folding: no character of the spoken text is lost or duplicated, and no
timestamp ever reaches passage text."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from interview_coder.core.model import Role
from interview_coder.io.transcripts import ImportOptions, read_transcripts
from interview_coder.io.transcripts.speakers import Cue, build_from_cues

LABELS = ["I", "A", "B"]
# Speech: Chinese and English letters, punctuation, backchannel words; no digits or colons, so a
# timestamp in a passage could only come from the parser.
WORDS = ["税收优惠", "嗯", "对", "好的", "tax", "incentive", "mm-hmm", "right", "。", "，", "？", "?", ".", "吗", "呢",
         "we", "客户", "研发"]
speech = st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(lambda ws: " ".join(ws).strip())
cues_strategy = st.lists(st.tuples(st.sampled_from(LABELS), st.lists(speech, min_size=1, max_size=2)),
                         min_size=1, max_size=14)
options_strategy = st.builds(ImportOptions, interviewer=st.just(("I",)), no_merge=st.booleans(),
                             fold_backchannels=st.booleans(), backchannel_chars=st.integers(1, 5),
                             backchannel_words=st.integers(1, 4))


def nonspace(text: str) -> str:
    return "".join(text.split())


def build(raw, options):
    cues = [Cue(label, tuple(paras), float(i)) for i, (label, paras) in enumerate(raw)]
    if not any(label != "I" for label, _ in raw):
        cues.append(Cue("A", ("end",), 99.0))
    return cues, build_from_cues(cues, [], Path("p.txt"), "p", options)


@settings(max_examples=150, deadline=None)
@given(cues_strategy, options_strategy)
def test_no_spoken_character_is_lost_or_duplicated(raw, options):
    cues, t = build(raw, options)
    spoken = [p for p in t.passages if p.role != Role.PREAMBLE]
    # the same characters, each as often
    assert Counter(nonspace("".join(p.text for p in spoken))) == Counter(nonspace("".join(c.text for c in cues)))
    # each speaker's words stay in the order they were said
    for label in LABELS:
        said = nonspace("".join(c.text for c in cues if c.label == label))
        assert nonspace("".join(p.text for p in spoken if p.speaker == label)) == said
    if not options.fold_backchannels or options.no_merge:
        # without folding nothing moves at all
        assert nonspace("".join(p.text for p in spoken)) == nonspace("".join(c.text for c in cues))
    for p in t.passages:
        assert t.text[p.start:p.end] == p.text


@settings(max_examples=150, deadline=None)
@given(cues_strategy, options_strategy)
def test_merging_leaves_no_two_adjacent_turns_of_one_speaker(raw, options):
    _, t = build(raw, options)
    pairs = list(zip(t.turns, t.turns[1:], strict=False))
    same = [a for a, b in pairs if a.speaker == b.speaker]
    if options.no_merge:
        assert len(t.turns) == len(raw) + (0 if any(lb != "I" for lb, _ in raw) else 1)
    elif not options.fold_backchannels:
        assert same == []
    # only respondent passages count words; interviewer turns keep the interviewer role
    assert all(p.respondent is None for p in t.passages if p.role == Role.INTERVIEWER)
    assert all(p.role == Role.INTERVIEWER for p in t.passages if p.speaker == "I")


def _stamp(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


@settings(max_examples=60, deadline=None)
@given(cues_strategy, st.sampled_from(["line", "block", "vtt", "srt"]), st.booleans())
def test_timestamps_and_labels_never_reach_passage_text(tmp_path_factory, raw, shape, fold):
    raw = [(label, [" ".join(paras)]) for label, paras in raw] + [("A", ["end"])]
    lines = []
    for i, (label, (text,)) in enumerate(raw):
        start, end = _stamp(i * 7 + 1), _stamp(i * 7 + 5)
        name = {"I": "Interviewer", "A": "Ann Lee", "B": "Bo Chen"}[label]
        if shape == "line":
            lines.append(f"{name}({start}): {text}")
        elif shape == "block":
            lines += [f"{name} {start}", text, ""]
        elif shape == "vtt":
            lines += [str(i + 1), f"{start}.000 --> {end}.000", f"<v {name}>{text}</v>", ""]
        else:
            lines += [str(i + 1), f"{start},000 --> {end},000", f"{name}: {text}", ""]
    body = "\n".join(lines) + "\n"
    if shape == "vtt":
        body = "WEBVTT\n\n" + body
    path = tmp_path_factory.mktemp("t") / ("t.vtt" if shape == "vtt" else "t.srt" if shape == "srt" else "t.txt")
    path.write_text(body, encoding="utf-8")
    t = read_transcripts(path, ImportOptions(fold_backchannels=fold)).transcripts[0]
    texts = [p.text for p in t.passages]
    for i in range(len(raw)):
        assert not any(_stamp(i * 7 + 1) in x for x in texts)
    assert not any(x in p for p in texts for x in ("Ann Lee", "Bo Chen", "-->", "<v"))
    assert Counter(nonspace("".join(texts))) == Counter(nonspace("".join(text for _, (text,) in raw)))
