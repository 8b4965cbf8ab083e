"""Rebuild the sample articles in this folder from the shipped TICO-19 test set (run from the repo root).

Each sample is one Wikinews article of TICO-19: its first segment is the title, the rest are grouped into
paragraphs of three sentences. The Markdown samples also carry a source line with a link, so that a translation
run shows links and URLs kept intact.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
TICO = HERE.parent / "testsets" / "tico19"
URLS = {
    "Wikinews_1": "https://en.wikinews.org/wiki/Bangladesh_reports_five_new_deaths_due_to_COVID-19,_a_daily_highest",
    "Wikinews_3": "https://en.wikinews.org/wiki/SARS-CoV-2_surpasses_one_million_infections_worldwide",
    "Wikinews_4": "https://en.wikinews.org/wiki/Australian_retailers_cut_toilet_paper_limits_per_transaction",
}
SAMPLES = {
    "Wikinews_3": "korona-sejuta-kasus.md",
    "Wikinews_4": "tisu-toilet-australia.txt",
    "Wikinews_1": "bangladesh.md",
}


def _document(docid: str) -> list[str]:
    ids = (TICO / "test.docid").read_text(encoding="utf-8").splitlines()
    lines = (TICO / "test.ind").read_text(encoding="utf-8").splitlines()
    return [line for d, line in zip(ids, lines, strict=True) if d == docid]


def build(docid: str, name: str) -> str:
    title, *sentences = _document(docid)
    paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
    if name.endswith(".md"):
        body = [f"# {title}", *paragraphs, f"*Sumber: [Wikinews]({URLS[docid]}), CC BY-SA 2.5.*"]
    else:
        body = [title, *paragraphs]
    return "\n\n".join(body) + "\n"


def main() -> None:
    for docid, name in SAMPLES.items():
        (HERE / name).write_text(build(docid, name), encoding="utf-8")
        print(HERE / name)


if __name__ == "__main__":
    main()
