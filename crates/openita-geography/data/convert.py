#!/usr/bin/env python3
"""Produce provinces.csv, districts.csv and subdistricts.csv from the geothai wheel.

Development-time only: the Rust crate embeds the CSVs, so building it needs neither
Python nor the network.

    pip download --no-deps geothai==3.2.1 -d /tmp/geothai
    python3 convert.py /tmp/geothai/geothai-3.2.1-py3-none-any.whl

The wheel is read as a zip archive; nothing is installed or imported from it.
"""

import csv
import json
import sys
import zipfile
from collections import Counter
from pathlib import Path

OUT = Path(__file__).resolve().parent

# Words for the level that may stand before a name. GeoThai writes Bangkok's khet as
# "เขตพระนคร"; every other name is already bare. Longest first.
PREFIXES = ("กิ่งอำเภอ", "จังหวัด", "อำเภอ", "เขต", "ตำบล", "แขวง")

# The six regions of the geographic division used in Thai schools and by the Royal
# Institute (1977). GeoThai has no region, so this table is written here by hand,
# keyed by DOPA province code. It is not an administrative unit.
REGIONS = {
    "north": "50 51 52 53 54 55 56 57 58",
    "northeast": "30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49",
    "central": "10 11 12 13 14 15 16 17 18 19 26 60 61 62 64 65 66 67 72 73 74 75",
    "east": "20 21 22 23 24 25 27",
    "west": "63 70 71 76 77",
    "south": "80 81 82 83 84 85 86 90 91 92 93 94 95 96",
}
REGION_OF = {code: region for region, codes in REGIONS.items() for code in codes.split()}


def bare(name: str) -> str:
    name = " ".join(name.split())
    for prefix in PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            return name[len(prefix):].strip()
    return name


def load(wheel: zipfile.ZipFile, name: str) -> list:
    return json.loads(wheel.read(f"geothai/_data/{name}.json").decode("utf-8"))


def dedupe(rows: list, what: str) -> list:
    by_code = {}
    for row in rows:
        if row[0] in by_code and by_code[row[0]] != row:
            sys.exit(f"{what} {row[0]} appears twice with different data")
        by_code[row[0]] = row
    return [by_code[code] for code in sorted(by_code)]


def write(name: str, header: list, rows: list) -> None:
    with open(OUT / name, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with zipfile.ZipFile(sys.argv[1]) as wheel:
        provinces = load(wheel, "provinces")
        districts = load(wheel, "districts")
        subdistricts = load(wheel, "subdistricts")

    provinces = dedupe([[c, bare(th), en.strip()] for c, th, en in provinces], "province")
    districts = dedupe([[c, c[:2], bare(th), en.strip()] for c, th, en in districts], "district")
    subdistricts = dedupe(
        [[c, c[:4], bare(th), en.strip(), " ".join(pc.split())] for c, th, en, pc in subdistricts],
        "subdistrict",
    )

    province_codes = {p[0] for p in provinces}
    district_codes = {d[0] for d in districts}
    assert len(provinces) == 77, len(provinces)
    assert province_codes == set(REGION_OF), province_codes ^ set(REGION_OF)
    assert all(d[1] in province_codes for d in districts)
    assert all(s[1] in district_codes for s in subdistricts)
    assert all(len(p[0]) == 2 and len(d[0]) == 4 and len(s[0]) == 6
               for p, d, s in zip(provinces, districts, subdistricts))
    assert all(row[2] and row[3] for row in districts + subdistricts)
    per_province = Counter(d[1] for d in districts)
    names = {p[1]: p[0] for p in provinces}
    for name, count in {"เชียงใหม่": 25, "ชัยภูมิ": 16, "กระบี่": 8, "นครราชสีมา": 32,
                        "สุพรรณบุรี": 10, "กรุงเทพมหานคร": 50}.items():
        assert per_province[names[name]] == count, (name, per_province[names[name]])

    write("provinces.csv", ["code", "name_th", "name_en", "region"],
          [p + [REGION_OF[p[0]]] for p in provinces])
    write("districts.csv", ["code", "province_code", "name_th", "name_en"], districts)
    write("subdistricts.csv", ["code", "district_code", "name_th", "name_en", "postal_codes"],
          subdistricts)
    print(f"{len(provinces)} provinces, {len(districts)} districts, {len(subdistricts)} subdistricts")


if __name__ == "__main__":
    main()
