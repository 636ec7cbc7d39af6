#!/usr/bin/env python3
"""Builds a SYNTHETIC Bundestag result file of the official schema, as large as asked,
for timing the reader (issue 17: the 26 MB official file read and counted in 30 ms; that
file is not in the repository).

It is the official gesamtergebnis_02.xml (tests/data/de-bundestag-2025/) with its 299
Wahlkreis blocks repeated, in order, until the file reaches the size: copy k of
Wahlkreis n gets Gebietsnummer n + 1000 k and the name "<name> (synthetic k)". The
federal and Land blocks are the official ones, so the file still adds up and counts
(2025 law: the extra winners are simply not covered). The file says it is synthetic in a
comment after the XML declaration. Not a real result: never use it as one.

    python3 scripts/make-big-bundestag-xml.py [--size 26000000] [--out PATH] [--source PATH]

The default output is target/synthetic/gesamtergebnis_synthetic_26mb.xml, which the divan
bench crates/mandat-io/benches/bundestag.rs reads (making it with this script if missing).
"""

import argparse
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join(ROOT, "tests", "data", "de-bundestag-2025", "gesamtergebnis_02.xml")
OUT = os.path.join(ROOT, "target", "synthetic", "gesamtergebnis_synthetic_26mb.xml")

# One <Gebietsergebnis ... Gebietsart="WAHLKREIS" ...> block, indented as in the file.
BLOCK = re.compile(r'    <Gebietsergebnis [^>]*Gebietsart="WAHLKREIS"[^>]*>.*?\n    </Gebietsergebnis>\n', re.S)


def copy_of(block: str, k: int) -> str:
    number = re.search(r' Gebietsnummer="(\d+)"', block)
    block = block.replace(number.group(0), f' Gebietsnummer="{int(number.group(1)) + 1000 * k}"', 1)
    return re.sub(r"<GebietText>(.*?)</GebietText>", lambda m: f"<GebietText>{m.group(1)} (synthetic {k})</GebietText>", block, count=1)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=26_000_000, help="bytes to reach (default 26,000,000)")
    ap.add_argument("--out", default=OUT)
    ap.add_argument("--source", default=SOURCE)
    args = ap.parse_args()

    with open(args.source, encoding="utf-8") as f:
        text = f.read()
    blocks = BLOCK.findall(text)
    if len(blocks) != 299:
        print(f"expected the 299 Wahlkreis blocks of the official file, found {len(blocks)}", file=sys.stderr)
        return 1
    first = text.index(blocks[0])
    end = text.rindex("</Gesamtergebnis>")
    head, body, tail = text[:first], text[first:end], text[end:]
    declaration_end = head.index("?>") + 2
    label = (
        "\n<!-- SYNTHETIC, NOT AN OFFICIAL RESULT: gesamtergebnis_02.xml of the Bundestag election of"
        " 23 February 2025 (Die Bundeswahlleiterin, dl-de/by-2-0) with its Wahlkreis blocks repeated"
        " under new numbers and names by scripts/make-big-bundestag-xml.py, to time the reader. -->"
    )
    head = head[:declaration_end] + label + head[declaration_end:]

    parts = [head, body]
    size = len(head.encode()) + len(body.encode()) + len(tail.encode())
    k = 0
    while size < args.size:
        k += 1
        for b in blocks:
            c = copy_of(b, k)
            parts.append(c)
            size += len(c.encode())
            if size >= args.size:
                break
    parts.append(tail)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8", newline="") as f:
        f.write("".join(parts))
    wahlkreise = 299 + sum(1 for p in parts[2:-1])
    print(f"{args.out}: {size:,} bytes, {wahlkreise} Wahlkreise (299 official, the rest synthetic copies)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
