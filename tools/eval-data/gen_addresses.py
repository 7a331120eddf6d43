#!/usr/bin/env python3
"""Labeled addresses of other countries, each written on one line as that country writes it.

Writes OUT_CC.csv for CC in US, GB, CA, AU, DE, FR with the columns `normalize_eval` reads:
`address` (one line) and the same address split into `house_number`, `street`, `unit`, `city`,
`state`, `zip`, `country`. Components come from Faker's locales; the one-line forms follow each
country's postal conventions, with common variations (commas or none, upper case, the unit
before or after the street, `5-1234 Main St` in Canada, `5/12 Smith St` in Australia).

    python3 tools/eval-data/gen_addresses.py --per-country 500 --seed 5 --out /tmp/addr
    cargo run --release --example normalize_eval -- /tmp/addr_GB.csv --country GB
"""
import argparse
import csv
import random

from faker import Faker

LOCALES = {"US": "en_US", "GB": "en_GB", "CA": "en_CA", "AU": "en_AU", "DE": "de_DE", "FR": "fr_FR"}


def region(f, cc):
    if cc in ("US", "AU"):
        return f.state_abbr()
    if cc == "CA":
        return f.province_abbr()
    return ""


def unit_for(rng, cc):
    n = rng.randint(1, 999)
    if cc in ("US", "CA"):
        return rng.choice([f"Apt {n}", f"Suite {n}", f"Unit {n}", f"# {n}"])
    if cc == "GB":
        return rng.choice([f"Flat {n}", f"Flat {n}", f"Unit {n}"])
    if cc == "AU":
        return rng.choice([f"Unit {n}", f"Apt {n}"])
    return ""


def one_line(rng, cc, num, street, unit, city, reg, zipc):
    sep = rng.choice([", ", ", ", " "])
    if cc == "US":
        line = f"{num} {street}" + (f" {unit}" if unit else "")
        return f"{line}{sep}{city}{sep}{reg} {zipc}"
    if cc == "CA":
        if unit and rng.random() < 0.5:
            line = f"{unit.split()[-1]}-{num} {street}"
        else:
            line = f"{num} {street}" + (f" {unit}" if unit else "")
        return f"{line}{sep}{city}{sep}{reg} {zipc}"
    if cc == "GB":
        line = (f"{unit}, " if unit else "") + f"{num} {street}"
        return f"{line}, {city}{sep}{zipc}"
    if cc == "AU":
        if unit and rng.random() < 0.5:
            line = f"{unit.split()[-1]}/{num} {street}"
        else:
            line = (f"{unit}, " if unit else "") + f"{num} {street}"
        return f"{line}{sep}{city} {reg} {zipc}"
    if cc == "DE":
        return f"{street} {num}{sep}{zipc} {city}"
    if cc == "FR":
        return f"{num}{rng.choice([', ', ' '])}{street}{sep}{zipc} {city}"
    raise ValueError(cc)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-country", type=int, default=500)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--out", default="addr")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    for cc, loc in LOCALES.items():
        f = Faker(loc)
        f.seed_instance(a.seed)
        with open(f"{a.out}_{cc}.csv", "w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["address", "house_number", "street", "unit", "city", "state", "zip", "country"])
            for _ in range(a.per_country):
                num = str(rng.randint(1, 9999)) if cc != "GB" else str(rng.randint(1, 250))
                street, city, zipc = f.street_name(), f.city(), f.postcode()
                reg = region(f, cc)
                unit = unit_for(rng, cc) if rng.random() < 0.35 else ""
                line = one_line(rng, cc, num, street, unit, city, reg, zipc)
                if rng.random() < 0.15:
                    line = line.upper()
                w.writerow([line, num, street, unit, city, reg, zipc, cc])


if __name__ == "__main__":
    main()
