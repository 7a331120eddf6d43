#!/usr/bin/env python3
"""Small, heavily corrupted customer-record set with ground truth (same columns as public_10k).

usage: gen_corrupt.py [--records 1000] [--seed 7] [--out corrupt1k] [--blank-lo 0.2] [--blank-hi 0.4]
                      [--typo 0.35]

Writes OUT.csv (record_id, source, first_name, last_name, email, phone, street, city, postcode, country,
date_of_birth) and OUT_truth.csv (record_id, entity_id).

About 1,000 records of about 450 people (1-5 records each, mean ~2.2). Every field of every record is
blank with a per-field rate drawn in [blank-lo, blank-hi] (country more often), and a non-blank field gets
character typos with probability --typo (names, email local part, phone digits, street, city, postcode,
date digits). On top: first/last name swapped (8%), family name missing (extra 10%), nicknames (6%),
initials (4%), case changes, several phone / date formats, a second email or a moved address per person
sometimes. Hard negatives: households (same surname, street, city, postcode, landline; different first
name, dob, email), a few twins (same dob as well), common-name namesakes.
Standard library plus faker; deterministic for a given seed.
"""
import argparse
import csv
import random
import string

from faker import Faker

NICK = {"robert": ["bob", "rob"], "william": ["bill", "will"], "elizabeth": ["liz", "beth"], "james": ["jim", "jimmy"],
        "michael": ["mike"], "katherine": ["kate", "kathy"], "jennifer": ["jen", "jenny"], "richard": ["rick", "dick"],
        "thomas": ["tom"], "joseph": ["joe"], "daniel": ["dan"], "christopher": ["chris"], "margaret": ["peggy", "maggie"],
        "matthew": ["matt"], "anthony": ["tony"], "patricia": ["pat", "trish"], "samuel": ["sam"], "nicholas": ["nick"],
        "rebecca": ["becky"], "edward": ["ed", "ted"], "susan": ["sue"], "charles": ["charlie"], "andrew": ["andy"],
        "jessica": ["jess"], "alexander": ["alex"], "victoria": ["vicky"], "deborah": ["debbie"], "steven": ["steve"]}
DOMAINS = ["gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "aol.com", "icloud.com", "proton.me", "mail.com"]
SOURCES = ["crm", "shop", "newsletter", "support", "pos"]
LOCALES = ["en_US"] * 6 + ["de_DE", "fr_FR", "nl_NL", "es_ES", "it_IT", "pl_PL", "en_GB", "da_DK"]


def typo(s, rng, digits=False):
    if not s or len(s) < 2:
        return s
    idx = [i for i, c in enumerate(s) if (c.isdigit() if digits else c.isalnum())]
    if not idx:
        return s
    i = rng.choice(idx)
    k = rng.random()
    alphabet = string.digits if digits else (string.digits if s[i].isdigit() else string.ascii_lowercase)
    if k < 0.4:
        c = rng.choice(alphabet)
        return s[:i] + (c.upper() if s[i].isupper() else c) + s[i + 1:]
    if k < 0.6:
        return s[:i] + s[i + 1:]
    if k < 0.75:
        return s[:i] + rng.choice(alphabet) + s[i:]
    if k < 0.9 and i + 1 < len(s):
        return s[:i] + s[i + 1] + s[i] + s[i + 2:]
    return s[:i] + s[i] + s[i:]


def ascii_fold(s):
    import unicodedata
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", default="corrupt1k")
    ap.add_argument("--blank-lo", type=float, default=0.2)
    ap.add_argument("--blank-hi", type=float, default=0.4)
    ap.add_argument("--typo", type=float, default=0.35)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    fakers = {loc: Faker(loc) for loc in sorted(set(LOCALES))}
    for i, f in enumerate(fakers.values()):
        f.seed_instance(a.seed * 100 + i)
    us = fakers["en_US"]
    fields = ["first_name", "last_name", "email", "phone", "street", "city", "postcode", "country", "date_of_birth"]
    blank_rate = {f: rng.uniform(a.blank_lo, a.blank_hi) for f in fields}
    blank_rate["country"] = 0.6

    def new_person(base=None, kind=None):
        loc = rng.choice(LOCALES)
        fk = fakers[loc]
        p = {"first": ascii_fold(fk.first_name()).lower() if rng.random() < 0.5 else fk.first_name().lower(),
             "last": fk.last_name().lower()}
        if rng.random() < 0.25:  # common-name namesake pool
            p["first"] = rng.choice(["john", "james", "mary", "michael", "david", "maria", "robert", "jennifer"])
            p["last"] = rng.choice(["smith", "johnson", "williams", "brown", "jones", "garcia", "miller"])
        p["dob"] = (rng.randint(1935, 2005), rng.randint(1, 12), rng.randint(1, 28))
        p["street"] = us.street_address()
        p["city"] = us.city()
        p["zip"] = us.zipcode()
        p["phone"] = f"{rng.randint(201, 989)}{rng.randint(200, 999)}{rng.randint(0, 9999):04d}"
        p["mobile"] = None
        if kind in ("household", "twin"):
            for k in ("last", "street", "city", "zip"):
                p[k] = base[k]
            p["phone"] = base["phone"] if rng.random() < 0.6 else p["phone"]
            if kind == "twin":
                p["dob"] = base["dob"]
            else:
                p["dob"] = (min(2005, base["dob"][0] + rng.choice([-30, -28, -3, -2, 2, 3, 25, 29])), rng.randint(1, 12), rng.randint(1, 28))
        sep = rng.choice([".", "", "_", ""])
        p["emails"] = [f"{p['first']}{sep}{p['last']}{rng.choice(['', str(p['dob'][0] % 100), str(rng.randint(1, 99))])}@{rng.choice(DOMAINS)}".replace(" ", "")]
        if rng.random() < 0.25:
            p["emails"].append(f"{p['first'][0]}{p['last']}{rng.randint(1, 999)}@{rng.choice(DOMAINS)}".replace(" ", ""))
        if rng.random() < 0.2:  # moved
            p["street2"], p["city2"], p["zip2"] = us.street_address(), us.city(), us.zipcode()
        return p

    def fmt_phone(d):
        k = rng.random()
        if k < 0.25:
            return f"+1{d}"
        if k < 0.5:
            return f"({d[:3]}) {d[3:6]}-{d[6:]}"
        if k < 0.75:
            return f"{d[:3]}.{d[3:6]}.{d[6:]}"
        return f"1-{d[:3]}-{d[3:6]}-{d[6:]}"

    def fmt_date(y, m, d):
        k = rng.random()
        if k < 0.4:
            return f"{m}/{d}/{y}"
        if k < 0.6:
            return f"{y:04d}-{m:02d}-{d:02d}"
        if k < 0.8:
            return f"{d}/{m}/{y % 100:02d}"
        return f"{m:02d}/{d:02d}/{y}"

    def case(s):
        k = rng.random()
        return s.upper() if k < 0.12 else s.capitalize() if k < 0.7 else s if k < 0.9 else s.title()

    rows, truth, people = [], [], []
    counters = {s: 0 for s in SOURCES}
    pid = 0
    while len(rows) < a.records:
        r = rng.random()
        kind = "household" if people and r < 0.12 else "twin" if people and r < 0.14 else None
        p = new_person(rng.choice(people) if kind else None, kind)
        people.append(p)
        pid += 1
        eid = f"e{pid:05d}"
        n = rng.choices([1, 2, 3, 4, 5], weights=[30, 30, 22, 12, 6])[0]
        for _ in range(min(n, a.records - len(rows))):
            src = rng.choice(SOURCES)
            counters[src] += 1
            rid = f"{src}-{counters[src]:07d}"
            first, last = p["first"], p["last"]
            k = rng.random()
            if k < 0.06 and first in NICK:
                first = rng.choice(NICK[first])
            elif k < 0.10:
                first = first[0]
            if rng.random() < a.typo:
                first = typo(first, rng)
            if rng.random() < a.typo:
                last = typo(last, rng)
            if rng.random() < 0.10:
                last = ""  # family name missing
            if rng.random() < 0.08:
                first, last = last, first
            email = rng.choice(p["emails"]) if len(p["emails"]) > 1 and rng.random() < 0.4 else p["emails"][0]
            if rng.random() < a.typo:
                local, dom = email.split("@")
                email = typo(local, rng) + "@" + (dom if rng.random() < 0.8 else typo(dom, rng))
            if rng.random() < 0.15:
                email = email.upper()
            ph = p["phone"]
            if rng.random() < a.typo:
                ph = typo(ph, rng, digits=True)
            moved = "street2" in p and rng.random() < 0.5
            street = p["street2"] if moved else p["street"]
            city = p["city2"] if moved else p["city"]
            zp = p["zip2"] if moved else p["zip"]
            if rng.random() < a.typo:
                street = typo(street, rng)
            if rng.random() < a.typo:
                city = typo(city, rng)
            if rng.random() < a.typo * 0.6:
                zp = typo(zp, rng, digits=True)
            y, m, d = p["dob"]
            if rng.random() < a.typo:
                kk = rng.random()
                if kk < 0.3 and d <= 12:
                    m, d = d, m
                elif kk < 0.6:
                    y += rng.choice([-1, 1, -10, 10])
                else:
                    d = min(28, max(1, d + rng.choice([-1, 1, 10, -10])))
            rec = {"first_name": case(first) if first else "", "last_name": case(last) if last else "",
                   "email": email, "phone": fmt_phone(ph) if len(ph) == 10 else ph,
                   "street": street.upper() if rng.random() < 0.2 else street, "city": city, "postcode": zp,
                   "country": rng.choice(["US", "USA", "United States", "us"]), "date_of_birth": fmt_date(y, m, d)}
            for f in fields:
                if rng.random() < blank_rate[f]:
                    rec[f] = ""
            rows.append([rid, src] + [rec[f] for f in fields])
            truth.append((rid, eid))
    order = list(range(len(rows)))
    rng.shuffle(order)
    with open(a.out + ".csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["record_id", "source"] + fields)
        w.writerows(rows[i] for i in order)
    with open(a.out + "_truth.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["record_id", "entity_id"])
        w.writerows(truth[i] for i in order)
    print(f"{len(rows)} records, {pid} people, blank rates {{{', '.join(f'{k}: {v:.2f}' for k, v in blank_rate.items())}}} -> {a.out}.csv")


if __name__ == "__main__":
    main()
