"""Who speaks as which respondent in a ``.qdpx`` that lost our note (a peer tool's copy of our export).

Our export writes each respondent's speaker label(s) as the case variable ``speaker label``
(io/refi.py). Read back from a file without ``interview-coder.json``, the text is parsed as a plain
transcript (every labelled speaker a respondent of one case); these labels then give each turn its
respondent, and a labelled speaker no case names becomes an interviewer, as in the project exported.
"""

from __future__ import annotations

from dataclasses import replace

from interview_coder.core.model import Respondent, Role, Transcript


def split_labels(value: object) -> list[str]:
    """The labels of one ``speaker label`` value (comma-separated)."""
    return [part.strip() for part in str(value or "").split(",") if part.strip()]


def assign_case_speakers(transcript: Transcript, speakers: dict[str, str],
                         attributes: dict[str, dict[str, str | int | float]]) -> Transcript:
    """The transcript with each labelled turn given to the case whose ``speaker label`` names it.

    ``speakers`` maps a label (case-insensitively) to a case name; labelled turns of other speakers
    become interviewer turns. Unlabelled turns keep their role and respondent. Nothing changes when
    no turn's label is named.
    """
    folded = {label.casefold(): case for label, case in speakers.items()}
    if not any((t.speaker or "").casefold() in folded for t in transcript.turns):
        return transcript
    turns, owner = [], {}
    for t in transcript.turns:
        case = folded.get((t.speaker or "").casefold())
        if case is not None:
            t = replace(t, role=Role.RESPONDENT, respondent=case)
        elif t.speaker and t.role == Role.RESPONDENT:
            t = replace(t, role=Role.INTERVIEWER, respondent=None)
        owner[t.seq] = t
        turns.append(t)
    passages = tuple(replace(p, role=owner[p.turn_seq].role, respondent=owner[p.turn_seq].respondent)
                     for p in transcript.passages)
    keys = list(dict.fromkeys(t.respondent for t in turns if t.respondent))
    respondents = tuple(Respondent(k, dict(attributes.get(k, {}))) for k in keys)
    return replace(transcript, turns=tuple(turns), passages=passages, respondents=respondents)
