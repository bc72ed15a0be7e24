"""``baimo`` command line: check, clean, candidates, build, bench.

Heavy modules are imported inside each command so that a no-change ``baimo build`` stays
below the cost of importing pandas.
"""

from __future__ import annotations

import argparse
import sys

from . import BaimoError


def cmd_check(args) -> int:
    """Every check the build runs (raw files, metadata, cleaning, tables, lexicon, notebooks)."""
    from .data import claims
    from .publish.build import checks

    problems = checks.run()
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} problem(s); the build would refuse these inputs", file=sys.stderr)
        return 1
    counts = {t: len(claims.load(t)) for t in claims.threads()}
    print("all checks passed (the build will accept these inputs): "
          + ", ".join(f"{t} {n} rows" for t, n in counts.items()))
    return 0


def cmd_clean(args) -> int:
    from .core import paths
    from .data import cleaning

    written = cleaning.write_clean()
    print(cleaning.cleaning_report().to_string(index=False))
    print("updated: " + (", ".join(paths.rel(f) for f in written) or "nothing (already up to date)"))
    return 0


def cmd_agreement(args) -> int:
    """Krippendorff's α per round and double-coded field, from the codings of every round."""
    from .core import paths
    from .data import reliability
    from .text import agreement

    table = agreement.computed()
    text = agreement.render(table)
    if reliability.AGREEMENT.exists() and reliability.AGREEMENT.read_text(encoding="utf-8") == text:
        print(f"{paths.rel(reliability.AGREEMENT)} is up to date")
    else:
        reliability.AGREEMENT.write_text(text, encoding="utf-8")
        print(f"wrote {paths.rel(reliability.AGREEMENT)}")
    print(table.to_string(index=False))
    return 0


def cmd_candidates(args) -> int:
    """Every number and China–US comparison in the articles, coded, excluded or uncovered."""
    from .text import candidates

    print(candidates.report(args.article, uncovered_only=args.uncovered))
    return 0


def cmd_new_article(args) -> int:
    """Bring a new article in: raw copy and checksum, metadata rows, speakers, cleaned text."""
    from pathlib import Path

    from .core import paths
    from .data import intake

    def speaker(text: str) -> intake.Speaker:
        parts = (text.split(":") + ["", "", ""])[:4]
        return intake.Speaker(*[p.strip() for p in parts])

    art = intake.Article(args.id, Path(args.raw), args.title_zh, args.title_en, args.outlet, args.kind, args.date,
                         args.date_precision, args.date_note, args.script, args.host,
                         [speaker(s) for s in args.speaker])
    for f in intake.add_article(art):
        print(f"wrote {paths.rel(f)}")
    stubs = intake.chrome_suggestions(args.id)
    print(f"\nCleaning stubs: lines of data/processed/clean/{args.id}.txt that look like page chrome; for each one "
          "that is, add a row (article_id, line, reason) to data/cleaning/chrome.csv and run `baimo clean`:")
    print("\n".join(f"  {line}" for line in stubs) or "  (none)")
    print(f"\nNext: code the article's claims in data/claims/*.csv (ids like C-{args.id}-01), exclude or code every "
          f"number `baimo candidates {args.id}` lists, then `baimo check` and `./dev build` (ARCHITECTURE.md, "
          "'add an article').")
    return 0


def cmd_build(args) -> int:
    from .publish.build.run import build

    build(jobs=args.jobs, force=args.force, site=not args.no_site)
    return 0


def cmd_bench(args) -> int:
    from .publish.build.bench import bench

    bench(runs=args.runs)
    return 0


def _new_article_parser(sub) -> None:
    n = sub.add_parser("new-article", help="bring a new article in (raw copy, checksum, metadata, cleaned text)")
    n.add_argument("id", help="the article id: lower-case letters and digits (e.g. caixin24)")
    n.add_argument("--raw", required=True, help="the raw text file (UTF-8), copied byte for byte")
    n.add_argument("--title-zh", required=True)
    n.add_argument("--title-en", required=True)
    n.add_argument("--outlet", required=True)
    n.add_argument("--kind", default="interview", help="podcast transcript, panel write-up, interview, …")
    n.add_argument("--date", required=True, help="YYYY-MM-DD, YYYY-MM, YYYY or YYYY-MM/YYYY-MM")
    n.add_argument("--date-precision", default="day", choices=["day", "month", "year", "range"])
    n.add_argument("--date-note", default="", help="how the article was dated")
    n.add_argument("--script", default="simplified", choices=["simplified", "traditional (pinyin-annotated)"])
    n.add_argument("--host", default="", help="who 问/主持人 stands for (default: the first speaker)")
    n.add_argument("--speaker", action="append", default=[], metavar="NAME[:NAME_EN:ROLE:AFFILIATION]",
                   help="a speaker as named in the text; a new one needs all four parts (repeat for each)")
    n.set_defaults(fn=cmd_new_article)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="baimo", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("check", help="validate raw files and every data table").set_defaults(fn=cmd_check)
    sub.add_parser("clean", help="regenerate the cleaned article texts").set_defaults(fn=cmd_clean)
    sub.add_parser("agreement", help="Krippendorff's alpha per round and double-coded field → data/reliability/agreement.csv"
                   ).set_defaults(fn=cmd_agreement)
    ca = sub.add_parser("candidates", help="every number and China–US comparison, with whether it is coded or excluded")
    ca.add_argument("article", nargs="?", help="one article id (default: all)")
    ca.add_argument("--uncovered", action="store_true", help="only the candidates neither coded nor excluded")
    ca.set_defaults(fn=cmd_candidates)
    _new_article_parser(sub)
    b = sub.add_parser("build", help="execute notebooks, write figures, render the site")
    b.add_argument("--jobs", type=int, default=None, help="notebooks run at once (default: cores + 1)")
    b.add_argument("--force", action="store_true", help="ignore the build state and redo everything")
    b.add_argument("--no-site", action="store_true", help="skip rendering the site")
    b.set_defaults(fn=cmd_build)
    be = sub.add_parser("bench", help="time the build against plain nbconvert (medians)")
    be.add_argument("--runs", type=int, default=3)
    be.set_defaults(fn=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    for stream in (sys.stdout, sys.stderr):  # an ASCII-only terminal gets \\uXXXX, not a UnicodeEncodeError
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    from .core import paths

    if not paths.FOUND and args.cmd in ("check", "clean", "build", "bench", "agreement", "candidates", "new-article"):
        print(f"baimo {args.cmd}: {paths.NOT_FOUND}", file=sys.stderr)
        return 2
    notice = paths.which_checkout() if paths.FOUND else None
    if notice:
        print(f"baimo {args.cmd}: {notice}", file=sys.stderr)
    try:
        return args.fn(args)
    except BaimoError as e:
        print(f"baimo {args.cmd}: error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"baimo {args.cmd}: interrupted; nothing was published", file=sys.stderr)
        return 130


def run() -> None:
    """The ``baimo`` command: :func:`main`, and on failure an exit that skips the interpreter's teardown.
    (By then every ``finally`` has run — staging removed, kernels killed, the journal closed — but the
    kernels' messaging threads can still be torn down noisily: an ``InvalidStateError`` after the
    one-line message, or ZMQ's "Bad file descriptor" abort turning exit code 1 into a crash.)"""
    code = main()
    if code:
        import os

        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    run()
