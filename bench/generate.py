"""Write N meetings shaped like the example minutes (about 7 KB each) into a folder.

Usage: python bench/generate.py N OUT_DIR

Meetings rotate over ten committees, a fortnight apart, each raising actions and
updating the previous meeting's actions as matters arising, so the corpus exercises the
same paths as real minutes. One meeting in twenty-five also takes an item in private:
its notice is in the minutes and its record in ``exempt/`` beside OUT_DIR. Deterministic:
the same N gives the same files.
"""

from __future__ import annotations

import random
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

PEOPLE = [("EW", "Evonne Williams", "Councillor"), ("HG", "Heather Greenan", None),
          ("AB", "Andrew Bunyan", None), ("SH", "Sharon Hancock", None),
          ("JJ", "Jacqui Jensen", None), ("MB", "Mark Barratt", None),
          ("SB", "Sara Bolton", "Councillor"), ("FW", "Faye Winter", "Councillor"),
          ("RT", "Ruth Turner", "Councillor"), ("PK", "Paul Kettle", "Councillor")]
COMMITTEES = [f"Performance Surgery {name}" for name in
              ("North", "South", "East", "West", "Central", "Children", "Adults", "Housing",
               "Planning", "Finance")]
SENTENCES = [
    "SH talked the surgery through the performance template and the reasons for the referral.",
    "The rate moves from month to month but the trend has worsened since the base year.",
    "Comparative performance is weaker than the national and comparator group averages.",
    "JJ set out the issues behind current performance and the key actions under way.",
    "Work with families through the MATs is expected to bring the rate down safely.",
    "AB felt that concentrating on fewer cases at high risk gives better outcomes for children.",
    "Feedback from partners through the DV triage arrangement has been positive this quarter.",
    "MB stressed close working with schools on attendance and on inclusion.",
    "Officers expect a safe reduction to take between three and five years of sustained work.",
    "The strategy will be shared with partner agencies once internal consultation closes.",
]


EXEMPT_EVERY = 25


def exempt_part(n: int, rng: random.Random) -> str:
    """The exempt part of meeting ``n``: the record and narrative of its item e."""
    narrative = " ".join(rng.sample(SENTENCES, 4))
    return "\n".join([
        "---", "items:", "  - id: e", f"    title: Placement review for child {n}", "    decisions:",
        f"      - The placement plan for child {n} was endorsed.", "    actions:",
        f"      - id: x{n}", f"        text: Confirm the school transport for child {n} and report back.",
        "        owner: JJ", "---", "", f"## e) Placement review for child {n}", "",
        f"The review of child {n} was taken in private. {narrative} The carers of child {n} "
        f"asked for respite in the school holidays, which the service agreed to fund.", ""])


def meeting(n: int, rng: random.Random) -> tuple[str, str]:
    committee = COMMITTEES[n % len(COMMITTEES)]
    slug = f"committee-{n % len(COMMITTEES)}"
    day = date(2010, 1, 4) + timedelta(days=14 * (n // len(COMMITTEES)))
    present, away = PEOPLE[:6], PEOPLE[6:8]
    lines = ["---", "organisation: Derby City Council", f"committee: {committee}",
             f"date: {day}", "venue: Saxon House, 5th floor meeting room",
             'start: "10:00"', 'end: "11:30"', "status: draft", "attendees:"]
    lines += [f"  - {{initials: {i}, name: {nm}{', title: ' + t if t else ''}}}" for i, nm, t in present]
    lines += ["apologies:"] + [f"  - {{initials: {i}, name: {nm}}}" for i, nm, _ in away]
    lines += ["abbreviations:", "  DV: domestic violence", "  MAT: multi-agency team",
              "  CP: child protection"]
    if n >= len(COMMITTEES):
        lines.append("matters_arising:")
        for k in range(3):
            lines += [f"  - action: m{n - len(COMMITTEES)}-{k}", "    status: in progress",
                      "    note: Work continues; a fuller report will come to the next meeting."]
    lines.append("items:")
    body = [f"# {committee}, {day:%d %B %Y}", ""]
    for k, label in enumerate("abcd"):
        code = f"PM {n % 50:02d}{k}"
        title = "Fewer children with safeguarding plans" if k % 2 else "Children in care per 10,000"
        lines += [f"  - id: {label}", f"    code: {code}", f"    title: {title}", "    measures:",
                  f"      - code: {code}", "        period: Q3 2011/12",
                  "        unit: per 10,000 population", "        better: lower",
                  f"        actual: {rng.uniform(40, 90):.2f}", "        target: 51.00",
                  f"        forecast: {rng.uniform(40, 90):.2f}"]
        if k < 3:
            lines += ["    actions:", f"      - id: m{n}-{k}",
                      "        text: Develop a robust action plan to support the strategy.",
                      f"        owner: {present[k + 3][0]}", f"        due: {day + timedelta(days=60)}"]
        body += [f"## {label}) {code} \u2013 {title}", ""]
        body += ["- " + rng.choice(SENTENCES) for _ in range(8)] + [""]
        body += ["### Issues", "", " ".join(rng.sample(SENTENCES, 5)), ""]
    if n % EXEMPT_EVERY == EXEMPT_EVERY - 1:
        lines += ["  - id: e", "    title: An individual placement", "    exempt: true",
                  "    exempt_paragraph: 1"]
    lines.append("---")
    return f"{slug}/{day}.md", "\n".join(lines) + "\n\n" + "\n".join(body)


def generate(count: int, out: Path, exempt: Path | None = None) -> None:
    """The minutes into ``out``; with ``exempt``, the exempt parts into it (without, the
    notices stand without their records, as in a public copy of a repository)."""
    rng = random.Random(count)
    for n in range(count):
        name, text = meeting(n, rng)
        files = [(out / name, text)]
        if exempt is not None and n % EXEMPT_EVERY == EXEMPT_EVERY - 1:
            files.append((exempt / name, exempt_part(n, rng)))
        for path, content in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")


def site_repo(count: int) -> Path:
    """``bench/repo-<count>``: generated minutes (made once) with the example's
    ``mkdocs.yml`` and theme overrides, ready for a site build."""
    here = Path(__file__).resolve().parent
    root = here / f"repo-{count}"
    if not (root / "minutes").exists():
        generate(count, root / "minutes", root / "exempt")
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "format.md").write_text("# Format\n")
    shutil.copy(here.parent / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(here.parent / "overrides", root / "overrides", dirs_exist_ok=True)
    return root


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[2]).parent / "exempt")
