"""A seeded, synthetic bilingual corpus for the auto-coding benchmark.

1,000 transcripts x 40 turns (interviewer and respondent alternate), about 4 MB of UTF-8: half
English, half Chinese (a tenth of the Chinese turns mix in English terms, and some use traditional
characters), respondents split between the enterprise and government groups. Sentences are filler
words with the SIM codebook's keywords sprinkled in, so matching has real work to do.

    python benchmarks/corpus.py OUT_DIR [--transcripts 1000] [--turns 40] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

EN_FILLER = ("we the company our team new product market year because it is a and of to in that have with "
             "for this was they more people customers think really important about some very many also "
             "when work time local business growth cost price quality process project build").split()
EN_QUESTIONS = ["What drives innovation in your firm?", "Why is that important to you?",
                "Who do you work with on new products?", "How does government policy affect you?",
                "Could you give an example?", "What about risk?"]
ZH_FILLER = ("我们 公司 企业 产品 市场 今年 因为 这个 非常 重要 很多 一些 发展 技术 创新 时候 问题 需要 "
             "成本 质量 项目 工作 团队 其实 当时 后来 主要 已经 开始 方面 情况 地方 政策 经营 生产").split()
ZH_QUESTIONS = ["贵公司创新的主要动力是什么？", "为什么这一点很重要？", "你们和谁合作开发新产品？",
                "政府政策对你们有什么影响？", "能举个例子吗？", "风险方面呢？"]
TRADITIONAL = str.maketrans("们业产发术这为质项团开经税优惠风险学机构", "們業產發術這為質項團開經稅優惠風險學機構")


def _keywords() -> tuple[list[str], list[str]]:
    data = yaml.safe_load((ROOT / "codebooks" / "sim.yaml").read_text(encoding="utf-8"))
    en = [w for c in data["codes"] for w in (c.get("keywords") or {}).get("en", [])]
    zh = [w for c in data["codes"] for w in (c.get("keywords") or {}).get("zh", [])]
    return en, zh


def _en_sentence(rng: random.Random, keywords: list[str]) -> str:
    words = rng.choices(EN_FILLER, k=rng.randint(8, 15))
    for _ in range(rng.choice((0, 1, 1, 2))):
        keyword = rng.choice(keywords)
        keyword = keyword + "s" if rng.random() < 0.3 and " " not in keyword else keyword
        words.insert(rng.randrange(len(words) + 1), keyword)
    return " ".join(words).capitalize() + "."


def _zh_sentence(rng: random.Random, keywords: list[str], en_keywords: list[str], mixed: bool) -> str:
    words = rng.choices(ZH_FILLER, k=rng.randint(7, 12))
    for _ in range(rng.choice((0, 1, 1, 2))):
        words.insert(rng.randrange(len(words) + 1), rng.choice(keywords))
    if mixed:
        words.insert(rng.randrange(len(words) + 1), rng.choice(en_keywords))
    return "".join(words) + "。"


def transcript(index: int, rng: random.Random, turns: int, en_kw: list[str], zh_kw: list[str]) -> str:
    chinese = index % 2 == 1
    group = "enterprise" if index % 3 else "government"
    traditional = chinese and index % 10 == 1
    head = (f"---\nrespondent: B{index:04d}\ngroup: {group}\nlanguage: {'zh' if chinese else 'en'}\n---\n")
    body = []
    for turn in range(turns):
        if turn % 2 == 0:
            question = rng.choice(ZH_QUESTIONS if chinese else EN_QUESTIONS)
            body.append(f"问：{question}" if chinese else f"Q: {question}")
        elif chinese:
            text = "".join(_zh_sentence(rng, zh_kw, en_kw, rng.random() < 0.1) for _ in range(rng.randint(1, 3)))
            body.append("答：" + (text.translate(TRADITIONAL) if traditional else text))
        else:
            body.append("A: " + " ".join(_en_sentence(rng, en_kw) for _ in range(rng.randint(1, 3))))
    return head + "\n\n".join(body) + "\n"


def write_corpus(out: Path, transcripts: int = 1000, turns: int = 40, seed: int = 7) -> int:
    """Write the corpus as .txt files into ``out``; returns its size in bytes (UTF-8)."""
    rng = random.Random(seed)
    en_kw, zh_kw = _keywords()
    out.mkdir(parents=True, exist_ok=True)
    size = 0
    for i in range(transcripts):
        text = transcript(i, rng, turns, en_kw, zh_kw)
        data = text.encode("utf-8")
        (out / f"bench_{i:04d}.txt").write_bytes(data)
        size += len(data)
    return size


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--transcripts", type=int, default=1000)
    parser.add_argument("--turns", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    size = write_corpus(args.out, args.transcripts, args.turns, args.seed)
    print(f"{args.transcripts} transcripts x {args.turns} turns, {size / 1e6:.1f} MB in {args.out}")
