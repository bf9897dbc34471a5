"""Pieces every transcription-tool format shares: timestamps, speaker labels, lines with offsets."""

from __future__ import annotations

import re

# 1:02:03, 01:02:03.500, 02:03, 2:03, 0:0:5.120 (Teams .docx), 00:00:01,000 (SRT)
TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{1,2}(?:[.,]\d{1,3})?"
TIME_RE = re.compile(TIME)
# Characters that never occur in a speaker label: sentence punctuation, quotes, brackets, colons.
NOT_IN_LABEL = re.compile(r"[,;!?。，；！？、\"“”‘’()（）<>\[\]【】{}|/\\:：]")
# Title and date lines of Feishu and Tencent Meeting exports look like "label time" lines.
DATE_LIKE = re.compile(r"\d\s*[年月日号]|\d{4}\s*[-/.]\s*\d|星期|周[一二三四五六日天]|^(?:上午|下午|晚上|中午|凌晨)$"
                       r"|^(?:am|pm|a\.m\.|p\.m\.)$", re.IGNORECASE)


def seconds(stamp: str) -> float:
    """'01:02:03.5' -> 3723.5; 'MM:SS' and SRT's comma decimal too."""
    parts = stamp.replace(",", ".").split(":")
    total = 0.0
    for part in parts:
        total = total * 60 + float(part)
    return round(total, 3)


def is_label(label: str, max_words: int = 5) -> bool:
    """Could this be a speaker's name or a tool's speaker number ("说话人1", "Speaker 2", "Dr. Lin")?"""
    label = label.strip()
    return (0 < len(label) <= 40 and len(label.split()) <= max_words and not NOT_IN_LABEL.search(label)
            and any(ch.isalpha() for ch in label) and not DATE_LIKE.search(label))


def lines_of(text: str) -> list[str]:
    return text.split("\n")


def paragraphs(lines: list[str]) -> list[str]:
    """Blank-line separated blocks of lines; the lines of a block stay on their own lines."""
    out: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            block.append(line.strip())
        elif block:
            out.append("\n".join(block))
            block = []
    return out
