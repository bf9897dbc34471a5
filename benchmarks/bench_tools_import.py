"""Parsing transcription-tool exports against parsing the same speech as a plain transcript.

Printed figures and a ratio, never pass/fail. The same synthetic turns (Chinese and English, a
backchannel every fourth turn) are written as a plain ``Name: text`` file, a Feishu one-line file,
an iFlytek block file and a Zoom WebVTT file; each is parsed (read, detect, speakers, merge, fold)
``--repeat`` times. Target: a tool format within 3x plain (PERFORMANCE.md: reading and splitting is
never the bottleneck; jieba is about 70% of import + autocode).

    python benchmarks/bench_tools_import.py [--turns 20000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from interview_coder.io.transcripts import ImportOptions, read_transcripts

SPEECH = ["我们是高新技术企业，所得税按百分之十五交，研发费用加计扣除也一直在享受。",
          "The R&D tax credit helps, we claim it every year, but customers decide what we build."]


def _stamp(s: int) -> str:
    return f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}"


def write(folder: Path, turns: int) -> dict[str, Path]:
    plain, line, block, vtt = [], [], [], ["WEBVTT", ""]
    for i in range(turns):
        name = "访谈者" if i % 2 == 0 else "王总"
        text = "嗯。" if i % 4 == 2 else ("请问税收优惠有帮助吗？" if i % 2 == 0 else SPEECH[i // 2 % 2])
        plain.append(f"{name}：{text}\n")
        line.append(f"{name}({_stamp(i * 9)}): {text}")
        block += [f"{name} {_stamp(i * 9)}", text, ""]
        vtt += [str(i + 1), f"{_stamp(i * 9)}.000 --> {_stamp(i * 9 + 8)}.500", f"{name}: {text}", ""]
    files = {"plain": folder / "plain.txt", "timed-line": folder / "line.txt", "timed-block": folder / "block.txt",
             "webvtt": folder / "zoom.vtt"}
    for key, lines in (("plain", plain), ("timed-line", line), ("timed-block", block), ("webvtt", vtt)):
        files[key].write_text("\n".join(lines) + "\n", encoding="utf-8")
    return files


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = write(Path(tmp), args.turns)
        options = ImportOptions(fold_backchannels=True)
        best: dict[str, float] = {}
        for key, path in files.items():
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                parsed = read_transcripts(path, options)
                times.append(time.perf_counter() - t0)
            best[key] = min(times)
            mb = path.stat().st_size / 1e6
            print(f"{key:12} {parsed.format:12} {mb:6.2f} MB  {best[key]:6.3f} s  {mb / best[key]:6.1f} MB/s  "
                  f"{len(parsed.transcripts[0].passages)} passages")
        for key in ("timed-line", "timed-block", "webvtt"):
            print(f"{key} / plain: {best[key] / best['plain']:.2f}x (target under 3x)")


if __name__ == "__main__":
    main()
