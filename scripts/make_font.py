"""Make the bundled CJK font: a subset of Noto Sans CJK SC (SIL OFL 1.1), renamed "Baimo Sans SC".

Run once by a maintainer, on a Debian machine with the `fonts-noto-cjk` package installed;
the output is committed so that a fresh clone needs no system font and no download:

    python scripts/make_font.py /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

Coverage: printable ASCII, Latin-1, general and CJK punctuation, full-width forms, all 6,763
GB2312 hanzi, and every character of the cleaned corpus and the data tables.
The OFL allows subsetting and redistribution; the family is renamed as the OFL asks of
modified versions, and the licence travels with the font (src/baimo/fonts/OFL.txt).
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/baimo/fonts/BaimoSansSC-Regular.otf"
FAMILY = "Baimo Sans SC"


def gb2312_hanzi() -> set[str]:
    chars = set()
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def wanted() -> set[str]:
    chars = gb2312_hanzi()
    chars |= {chr(c) for c in range(0x20, 0x7F)} | {chr(c) for c in range(0xA0, 0x100)}
    chars |= {chr(c) for c in range(0x2000, 0x2070)}  # general punctuation
    chars |= {chr(c) for c in range(0x3000, 0x3040)}  # CJK symbols and punctuation
    chars |= {chr(c) for c in range(0xFF00, 0xFF70)}  # full-width forms
    chars |= set("≈≥≤×÷→←↑↓·•…—–±∞√")
    for f in list((ROOT / "data").rglob("*.txt")) + list((ROOT / "data").rglob("*.csv")) + list((ROOT / "data").rglob("*.md")):
        chars |= set(f.read_text(encoding="utf-8", errors="ignore"))
    return {c for c in chars if c.isprintable()}


def main(src: str) -> None:
    coll = TTCollection(src)
    font = next(f for f in coll.fonts if "SC" in f["name"].getDebugName(1))
    opts = subset.Options()
    opts.layout_features = ["*"]
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    opts.drop_tables += ["DSIG"]
    sub = subset.Subsetter(opts)
    sub.populate(text="".join(sorted(wanted())))
    sub.subset(font)
    name = font["name"]
    for rec in list(name.names):
        if rec.nameID in (1, 16):
            rec.string = FAMILY
        elif rec.nameID in (4,):
            rec.string = f"{FAMILY} Regular"
        elif rec.nameID in (6,):
            rec.string = "BaimoSansSC-Regular"
        elif rec.nameID == 3:
            rec.string = "BaimoSansSC-Regular;subset of Noto Sans CJK SC"
    font.save(OUT)
    print(OUT, OUT.stat().st_size, "bytes", len(font.getBestCmap()), "code points")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
