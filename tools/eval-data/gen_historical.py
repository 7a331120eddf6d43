#!/usr/bin/env python3
"""Synthetic historical-persons data set with ground truth, shaped like Splink's `historical_50k` demo data.

usage: gen_historical.py [--records 50000] [--seed 42] [--out hist50k] [--level 1.2]
                   [--namesake-rate 0.10] [--relative-rate 0.12]

Writes OUT.csv with columns
  record_id,unique_id,cluster,full_name,first_and_surname,first_name,surname,dob,birth_place,
  postcode_fake,gender,occupation
(record_id == unique_id, e.g. "P000123-2"; cluster == the true person id, as in historical_50k) and
OUT_truth.csv with record_id,entity_id (the format ../shared/tools/score.py reads).

Values are lower case, as in historical_50k. People are born 1500-1950 (about 18% before 1800).
Each person yields a skewed number of records (many with 1-8, a few with 10-60). Per record, the
fields vary (base rates in the code are multiplied by --level, default 1.2): name variants (nicknames, spelling variants,
middle name used as first name, initials), character typos, blanks, dob errors (day/month swap,
year +-1, year only as YYYY-01-01, digit typos), misspelt or other birth place, other or mistyped
postcodes, first name and surname swapped (2%), occasional blank/wrong gender, a second occupation. Hard negatives: surnames and first
names drawn from skewed (real-world-like) frequencies, explicit namesakes (a new person copying an
existing person's first name and surname), relatives (same surname, birth place and postcode,
different first name and dob), and a few twins (same dob too). Some people carry a second surname
(married name for 25% of women, title/alias for 5% of men) used in 35% of their records.

Standard library plus faker (en_GB surname pool with its weights). Deterministic for a given seed.
"""
import argparse
import csv
import random
import string

from faker.providers.person.en_GB import Provider as GBPerson

# ---------------------------------------------------------------- pools
MALE = """john 60|william 50|thomas 40|george 30|james 32|charles 22|henry 22|richard 18|robert 20|edward 16|
joseph 10|samuel 8|francis 8|arthur 7|frederick 6|alfred 5|walter 5|albert 4|david 6|peter 4|hugh 4|
philip 4|stephen 3|christopher 3|michael 3|nicholas 3|matthew 3|benjamin 3|daniel 3|alexander 4|
andrew 3|edmund 3|ralph 2|roger 2|humphrey 2|geoffrey 2|anthony 3|herbert 3|ernest 3|harold 3|
sidney 2|percy 2|reginald 2|cecil 2|leonard 2|frank 2|harry 3|patrick 2|isaac 2|jonathan 2|
nathaniel 1|gilbert 1|lawrence 1|maurice 1|owen 1|evan 1|lewis 2|archibald 1|duncan 1|hector 1|
neil 1|ian 1|kenneth 1|douglas 1|stanley 1|victor 1|bernard 1|edwin 1|oliver 1|simon 1|martin 1|
rupert 1|basil 1|cuthbert 1|ambrose 1|jasper 1|tobias 1|abraham 1|jacob 1|josiah 1|silas 1|
augustus 1|horace 1|septimus 1|ebenezer 1|gerald 1|claude 1|norman 1|roland 1|clement 1|oswald 1"""
FEMALE = """mary 50|elizabeth 40|anne 25|sarah 18|jane 18|margaret 18|catherine 12|ann 10|alice 10|
eleanor 6|frances 6|charlotte 6|emily 5|harriet 4|louisa 4|ellen 4|emma 5|isabella 4|susan 4|
martha 4|hannah 5|rebecca 3|dorothy 4|florence 4|edith 4|ethel 3|annie 3|agnes 3|lucy 3|amelia 2|
caroline 3|georgina 2|henrietta 2|matilda 2|maria 3|joan 3|barbara 2|helen 3|grace 2|rose 2|
violet 2|winifred 2|gertrude 2|beatrice 2|mabel 2|clara 2|julia 2|sophia 2|esther 2|rachel 2|
judith 1|abigail 1|phoebe 1|lydia 1|priscilla 1|cecily 1|isabel 2|katherine 3|kathleen 2|
marion 1|muriel 1|doris 1|olive 1|hilda 1|irene 1|lilian 1|ada 1|nora 1|vera 1|joyce 1|
constance 1|adelaide 1|augusta 1|wilhelmina 1|theodora 1|arabella 1|penelope 1|bridget 1|
honora 1|letitia 1|marjorie 1|evelyn 1|gwendolen 1|maud 1|millicent 1|sybil 1|christina 1"""


def parse_pool(s):
    out = []
    for item in s.replace("\n", "").split("|"):
        name, w = item.strip().rsplit(" ", 1)
        out.append((name, int(w)))
    return out


NICK = {
    "william": ["will", "bill", "billy", "wm"], "john": ["jack", "johnny", "jno"], "thomas": ["tom", "thos", "tommy"],
    "robert": ["bob", "rob", "robt", "bobby"], "richard": ["dick", "rich", "richd"], "james": ["jim", "jas", "jamie"],
    "charles": ["charlie", "chas", "chas."], "henry": ["harry", "hal", "hen"], "edward": ["ted", "ned", "eddie", "edw"],
    "george": ["geo", "georgie"], "joseph": ["joe", "jos"], "samuel": ["sam", "saml"], "francis": ["frank", "fran"],
    "frederick": ["fred", "freddie", "fredk"], "alfred": ["alf", "alfie"], "albert": ["bert", "bertie"],
    "benjamin": ["ben", "benj"], "daniel": ["dan", "danny"], "alexander": ["alex", "sandy", "alexr"],
    "andrew": ["andy", "drew"], "christopher": ["kit", "chris"], "michael": ["mick", "mike"],
    "nicholas": ["nick", "nicky"], "matthew": ["matt"], "anthony": ["tony"], "archibald": ["archie"],
    "herbert": ["bert", "herb"], "walter": ["wally", "walt"], "arthur": ["art"], "philip": ["phil"],
    "stephen": ["steve"], "peter": ["pete"], "edmund": ["ned", "ed"], "lawrence": ["larry"],
    "mary": ["molly", "polly", "mae"], "elizabeth": ["eliza", "betty", "bess", "lizzie", "beth", "eliz"],
    "margaret": ["maggie", "peggy", "meg", "madge"], "catherine": ["kate", "kitty", "cathy"],
    "katherine": ["kate", "kitty", "kathy"], "sarah": ["sally", "sadie"], "anne": ["annie", "nan", "nancy"],
    "ann": ["annie", "nan", "nancy"], "eleanor": ["nell", "ellie", "nora"], "frances": ["fanny", "fran"],
    "charlotte": ["lottie", "charlie"], "harriet": ["hattie"], "isabella": ["bella", "isa"],
    "susan": ["sue", "susie"], "martha": ["patty", "mattie"], "hannah": ["nan"], "dorothy": ["dolly", "dot", "dora"],
    "florence": ["flo", "florrie"], "edith": ["edie"], "amelia": ["millie"], "henrietta": ["hetty", "etta"],
    "matilda": ["tilly", "maud"], "helen": ["nell"], "rebecca": ["becky"], "louisa": ["lou"], "emily": ["em"],
    "caroline": ["carrie"], "georgina": ["georgie"], "jane": ["jenny", "jennie"], "agnes": ["aggie"],
    "winifred": ["winnie"], "gertrude": ["gertie"], "beatrice": ["trixie", "bea"], "abigail": ["abby"],
}
FIRST_VARIANT = {
    "catherine": ["katherine", "catharine", "kathryn"], "katherine": ["catherine", "katharine"],
    "ann": ["anne"], "anne": ["ann", "anna"], "philip": ["phillip"], "stephen": ["steven"],
    "geoffrey": ["jeffrey", "jeffery"], "isabel": ["isobel", "isabella"], "isabella": ["isabel"],
    "elizabeth": ["elisabeth"], "eleanor": ["elinor", "elenor"], "john": ["jon"], "sarah": ["sara"],
    "frederick": ["frederic"], "lewis": ["louis"], "alan": ["allan", "allen"], "mathew": ["matthew"],
    "matthew": ["mathew"], "francis": ["frances"], "frances": ["francis"], "edmund": ["edmond"],
    "ralph": ["raff"], "gilbert": ["gilbart"], "henrietta": ["harriet"], "marion": ["marian"],
    "joan": ["jone"], "margaret": ["margret", "margarett"], "dorothy": ["dorothea"], "maria": ["mariah"],
    "sophia": ["sophie"], "lucy": ["lucie"], "emily": ["emilie"], "ellen": ["helen"], "helen": ["ellen"],
}
SUR_VARIANT = {
    "smith": ["smyth", "smythe"], "thompson": ["thomson"], "thomson": ["thompson"], "brown": ["browne"],
    "clark": ["clarke"], "clarke": ["clark"], "green": ["greene"], "cook": ["cooke"], "cooke": ["cook"],
    "reid": ["reed", "read"], "reed": ["reid", "read"], "gray": ["grey"], "grey": ["gray"],
    "phillips": ["philips"], "matthews": ["mathews"], "stephens": ["stevens"], "stevens": ["stephens"],
    "johnson": ["johnston"], "johnston": ["johnstone", "johnson"], "macdonald": ["mcdonald", "mac donald"],
    "mcdonald": ["macdonald"], "mackenzie": ["mckenzie"], "mckenzie": ["mackenzie"], "evans": ["evens"],
    "davies": ["davis", "davys"], "davis": ["davies"], "harris": ["harries"], "lloyd": ["loyd"],
    "white": ["whyte"], "moore": ["more", "moor"], "wood": ["woods"], "hughes": ["hews"],
    "taylor": ["tayler", "taylour"], "walker": ["walkar"], "wright": ["wrighte"], "hall": ["halle"],
    "allen": ["allan", "allin"], "young": ["younge"], "king": ["kyng"], "turner": ["turnor"],
}
TOWNS = """london 40|westminster 6|edinburgh 8|glasgow 6|manchester 6|liverpool 6|birmingham 6|bristol 5|
dublin 4|york 4|leeds 4|sheffield 4|bath 3|oxford 3|cambridge 3|norwich 3|newcastle upon tyne 3|
nottingham 3|leicester 2|coventry 2|hull 2|exeter 2|plymouth 2|portsmouth 2|southampton 2|brighton 2|
canterbury 2|aberdeen 2|dundee 2|cardiff 2|swansea 2|belfast 2|chester 2|lincoln 2|worcester 2|
gloucester 2|hereford 1|shrewsbury 1|derby 2|stoke-on-trent 1|wolverhampton 1|bradford 2|halifax 1|
huddersfield 1|wakefield 1|doncaster 1|sunderland 1|durham 1|carlisle 1|lancaster 1|preston 1|
bolton 1|oldham 1|blackburn 1|stockport 1|warrington 1|wigan 1|salford 1|ipswich 1|colchester 1|
chelmsford 1|reading 1|windsor 1|guildford 1|maidstone 1|rochester 1|dover 1|hastings 1|
chichester 1|winchester 1|salisbury 1|dorchester 1|taunton 1|wells 1|truro 1|falmouth 1|
penzance 1|barnstaple 1|cheltenham 1|tewkesbury 1|stratford-upon-avon 1|warwick 1|northampton 1|
bedford 1|luton 1|st albans 1|hertford 1|peterborough 1|ely 1|king's lynn 1|great yarmouth 1|
bury st edmunds 1|boston 1|grantham 1|stamford 1|newark 1|mansfield 1|chesterfield 1|macclesfield 1|
kendal 1|whitehaven 1|berwick-upon-tweed 1|alnwick 1|hexham 1|darlington 1|scarborough 1|whitby 1|
ripon 1|harrogate 1|beverley 1|perth 1|stirling 1|inverness 1|paisley 1|greenock 1|ayr 1|
dumfries 1|kirkcaldy 1|st andrews 1|leith 1|newport 1|wrexham 1|bangor 1|carmarthen 1|
aberystwyth 1|brecon 1|monmouth 1|cork 1|limerick 1|galway 1|armagh 1|londonderry 1|
kensington 2|chelsea 2|islington 1|hackney 1|lambeth 1|southwark 1|greenwich 1|marylebone 1|
hampstead 1|camden 1|stepney 1|holborn 1|clerkenwell 1|richmond 1|kingston upon thames 1|
croydon 1|woolwich 1|deptford 1|devon 2|cornwall 1|kent 2|yorkshire 2|lancashire 1|somerset 1|
norfolk 1|suffolk 1|essex 1|surrey 1|sussex 1|hampshire 1|dorset 1|wiltshire 1|cheshire 1"""
OCCUPATIONS = """politician|priest|soldier|army officer|naval officer|painter|writer|poet|novelist|
playwright|journalist|lawyer|barrister|solicitor|judge|physician|surgeon|apothecary|chemist|
botanist|astronomer|mathematician|physicist|geologist|engineer|civil engineer|architect|
sculptor|engraver|composer|organist|singer|actor|actress|musician|violinist|pianist|
merchant|banker|industrialist|businessperson|shipowner|brewer|distiller|farmer|landowner|
agriculturalist|gardener|horticulturist|clergyman|anglican priest|catholic priest|bishop|
missionary|theologian|historian|antiquarian|archaeologist|philosopher|economist|teacher|
schoolmaster|headmaster|university teacher|academic|librarian|bookseller|printer|publisher|
editor|translator|diplomat|civil servant|colonial administrator|courtier|peer|baronet|
explorer|sailor|mariner|ship captain|cartographer|surveyor|inventor|manufacturer|
cotton manufacturer|mill owner|weaver|spinner|tailor|shoemaker|cordwainer|blacksmith|
carpenter|joiner|cabinetmaker|mason|stonemason|bricklayer|plumber|glazier|potter|
silversmith|goldsmith|watchmaker|clockmaker|jeweller|draper|grocer|butcher|baker|miller|
innkeeper|publican|coachman|carter|groom|servant|domestic servant|housekeeper|governess|
nurse|midwife|seamstress|milliner|dressmaker|laundress|charwoman|labourer|agricultural labourer|
coal miner|miner|quarryman|fisherman|boatman|dock labourer|railway worker|engine driver|
police officer|gaoler|postmaster|clerk|bank clerk|accountant|auctioneer|estate agent|
land agent|steward|bailiff|magistrate|sheriff|mayor|member of parliament|trade unionist|
social reformer|philanthropist|suffragist|activist|cricketer|footballer|rugby union player|
jockey|boxer|rower|athlete|golfer|tennis player|mountaineer|aviator|pilot|photographer|
illustrator|cartoonist|designer|art collector|art historian|critic|literary critic|
essayist|hymnwriter|diarist|biographer|lexicographer|naturalist|zoologist|ornithologist|
entomologist|chemist and druggist|pharmacist|veterinarian|dentist|psychiatrist|
physiologist|anatomist|statistician|inventor and engineer|shipbuilder|ironmaster|
coal owner|wool merchant|tea merchant|wine merchant|slave trader|privateer|pirate|
highwayman|courtesan|royal|monarch|prince|princess|duke|earl|countess|lady-in-waiting|
nun|monk|abbot|friar|quaker minister|methodist minister|rabbi|organ builder|bell founder"""

PC_AREAS = ["ab", "al", "b", "ba", "bb", "bd", "bh", "bl", "bn", "br", "bs", "bt", "ca", "cb", "cf", "ch",
            "cm", "co", "cr", "ct", "cv", "cw", "da", "dd", "de", "dg", "dh", "dl", "dn", "dt", "dy", "e",
            "ec", "eh", "en", "ex", "fk", "fy", "g", "gl", "gu", "ha", "hd", "hg", "hp", "hr", "hu", "hx",
            "ig", "ip", "iv", "ka", "kt", "ky", "l", "la", "ld", "le", "ll", "ln", "m", "me", "mk", "n",
            "ne", "ng", "nn", "np", "nr", "nw", "ol", "ox", "pa", "pe", "ph", "pl", "po", "pr", "rg", "rh",
            "rm", "s", "sa", "se", "sg", "sk", "sl", "sm", "sn", "so", "sp", "sr", "ss", "st", "sw", "sy",
            "ta", "td", "tf", "tn", "tq", "tr", "ts", "tw", "ub", "w", "wa", "wc", "wd", "wf", "wn", "wr",
            "ws", "wv", "yo"]
INWARD_LETTERS = "abdefghjlnpqrstuwxyz"
KEYB = "qwertyuiop asdfghjkl zxcvbnm"
NEAR = {}
_rows = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
for r, row in enumerate(_rows):
    for i, ch in enumerate(row):
        nb = [row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)]
        for rr in (r - 1, r + 1):
            if 0 <= rr < 3:
                nb += [_rows[rr][j] for j in (i - 1, i) if 0 <= j < len(_rows[rr])]
        NEAR[ch] = nb
OCR = {"m": "rn", "rn": "m", "cl": "d", "d": "cl", "u": "v", "v": "u", "i": "l", "l": "i", "e": "c", "c": "e",
       "a": "o", "o": "a", "h": "b", "b": "h"}


def typo(s, rng, n=1):
    """n character edits: substitution by a keyboard neighbour, deletion, insertion, transposition, OCR-like."""
    for _ in range(n):
        letters = [i for i, c in enumerate(s) if c.isalpha()]
        if len(letters) < 2:
            return s
        i = rng.choice(letters)
        k = rng.random()
        if k < 0.3:
            s = s[:i] + rng.choice(NEAR.get(s[i], [s[i]])) + s[i + 1:]
        elif k < 0.5:
            s = s[:i] + s[i + 1:]
        elif k < 0.65:
            s = s[:i] + rng.choice(string.ascii_lowercase) + s[i:]
        elif k < 0.75:
            s = s[:i] + s[i] + s[i:]  # doubled letter
        elif k < 0.9 and i + 1 < len(s) and s[i + 1].isalpha():
            s = s[:i] + s[i + 1] + s[i] + s[i + 2:]
        else:
            c = s[i]
            s = s[:i] + OCR.get(c, c) + s[i + 1:]
    return s


def weighted(pool):
    names = [n for n, _ in pool]
    cum, t = [], 0
    for _, w in pool:
        t += w
        cum.append(t)
    return names, cum


def pick(rng, nc):
    return rng.choices(nc[0], cum_weights=nc[1])[0]


class Gen:
    def __init__(self, args):
        self.a = args
        self.rng = random.Random(args.seed)
        self.male = weighted(parse_pool(MALE))
        self.female = weighted(parse_pool(FEMALE))
        sur = list(GBPerson.last_names.items())
        # make the head heavier (historical registers are dominated by a few surnames)
        sur = [(n.lower(), w * (3 if i < 20 else 1)) for i, (n, w) in enumerate(sorted(sur, key=lambda x: -x[1]))]
        self.sur = (lambda p: ([n for n, _ in p], self._cum([w for _, w in p])))(sur)
        self.towns = weighted(parse_pool(TOWNS))
        self.occ = [o.strip() for o in OCCUPATIONS.replace("\n", "").split("|")]
        # each town gets 1-3 postcode areas and a few districts
        self.town_pc = {}
        for t in self.towns[0]:
            areas = self.rng.sample(PC_AREAS, self.rng.randint(1, 3))
            self.town_pc[t] = [(a, self.rng.randint(1, 30)) for a in areas]
        self.people = []

    @staticmethod
    def _cum(ws):
        out, t = [], 0
        for w in ws:
            t += w
            out.append(t)
        return out

    def postcode(self, town):
        rng = self.rng
        area, ndist = rng.choice(self.town_pc[town])
        d = str(rng.randint(1, ndist))
        if area in ("sw", "ec", "wc", "w", "e", "n") and rng.random() < 0.3:
            d += rng.choice("abcdehmnpw")
        return f"{area}{d} {rng.randint(0, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"

    def dob(self):
        rng = self.rng
        if rng.random() < 0.18:
            y = rng.randint(1500, 1799)
        else:
            y = min(1950, int(1800 + 150 * rng.betavariate(2.2, 1.6)))
        m = rng.randint(1, 12)
        d = rng.randint(1, 28 if m == 2 else 30 if m in (4, 6, 9, 11) else 31)
        return (y, m, d)

    def given(self, gender):
        pool = self.male if gender == "male" else self.female
        return pick(self.rng, pool)

    def new_person(self, base=None, kind=None):
        rng = self.rng
        gender = "male" if rng.random() < 0.72 else "female"  # wikidata-like skew
        p = {"gender": gender}
        if kind == "namesake":
            p["gender"] = gender = base["gender"]
            p["first"] = base["first"]
            p["surname"] = base["surname"]
            p["town"] = base["town"] if rng.random() < 0.3 else pick(rng, self.towns)
            p["dob"] = self.dob()
            if rng.random() < 0.15:  # same birth year
                p["dob"] = (base["dob"][0], rng.randint(1, 12), rng.randint(1, 28))
        elif kind in ("relative", "twin"):
            p["surname"] = base["surname"]
            p["town"] = base["town"]
            first = self.given(gender)
            while first == base["first"]:
                first = self.given(gender)
            p["first"] = first
            by, bm, bd = base["dob"]
            if kind == "twin":
                p["dob"] = base["dob"]
            else:
                off = rng.choice([-1, 1]) * (rng.randint(1, 8) if rng.random() < 0.6 else rng.randint(20, 40))
                y = min(1950, max(1500, by + off))
                p["dob"] = (y, rng.randint(1, 12), rng.randint(1, 28))
        else:
            p["first"] = self.given(gender)
            p["surname"] = pick(rng, self.sur)
            p["town"] = pick(rng, self.towns)
            p["dob"] = self.dob()
        # middle names
        r = rng.random()
        p["middle"] = [] if r < 0.55 else [self.given(gender)] if r < 0.9 else [self.given(gender), self.given(gender)]
        p["middle"] = [m for m in p["middle"] if m != p["first"]]
        if kind in ("relative", "twin"):
            p["postcodes"] = list(base["postcodes"][:1])
        else:
            p["postcodes"] = [self.postcode(p["town"])]
        if rng.random() < 0.35:
            p["postcodes"].append(self.postcode(p["town"] if rng.random() < 0.7 else pick(rng, self.towns)))
        # a second surname used in some records: married name (women) or title / alias (men)
        p["alt_surname"] = None
        if rng.random() < (0.25 if gender == "female" else 0.05):
            p["alt_surname"] = pick(rng, self.sur) if gender == "female" or rng.random() < 0.5 else pick(rng, self.towns).split()[0]
        p["occ"] = [rng.choice(self.occ)]
        if rng.random() < 0.35:
            p["occ"].append(rng.choice(self.occ))
        return p

    def n_records(self):
        rng = self.rng
        r = rng.random()
        if r < 0.90:
            return rng.choices(range(1, 9), weights=[28, 20, 15, 11, 9, 7, 5, 4])[0]
        if r < 0.985:
            return rng.randint(9, 15)
        return int(16 + 45 * rng.random() ** 2)

    # ---- record-level variation
    def chance(self, p):
        return self.rng.random() < p * self.a.level

    def var_first(self, p):
        rng = self.rng
        f = p["first"]
        r = rng.random() / self.a.level
        if r < 0.07 and f in NICK:
            return rng.choice(NICK[f])
        if r < 0.13 and f in FIRST_VARIANT:
            return rng.choice(FIRST_VARIANT[f])
        if r < 0.17 and p["middle"]:
            return p["middle"][0]  # goes by the middle name
        if r < 0.20:
            return f[0]  # initial only
        if r < 0.28:
            return typo(f, rng, 1 if rng.random() < 0.85 else 2)
        return f

    def var_surname(self, p):
        rng = self.rng
        s = p["surname"]
        if p["alt_surname"] and rng.random() < 0.35:
            s = p["alt_surname"]
        r = rng.random() / self.a.level
        if r < 0.05 and s in SUR_VARIANT:
            return rng.choice(SUR_VARIANT[s])
        if r < 0.13:
            return typo(s, rng, 1 if rng.random() < 0.85 else 2)
        return s

    def var_dob(self, p):
        rng = self.rng
        y, m, d = p["dob"]
        r = rng.random() / self.a.level
        if r < 0.08:
            m, d = 1, 1  # only the year is known
        elif r < 0.12 and d <= 12 and d != m:
            m, d = d, m
        elif r < 0.17:
            y += rng.choice([-1, 1])
        elif r < 0.22:
            s = list(f"{y:04d}{m:02d}{d:02d}")
            i = rng.choice([2, 3, 5, 6, 7])
            s[i] = rng.choice("0123456789")
            y, m, d = int("".join(s[:4])), int("".join(s[4:6])), int("".join(s[6:]))
            m = min(max(m, 1), 12)
            d = min(max(d, 1), 28)
        elif r < 0.24:
            d = min(28, max(1, d + rng.choice([-1, 1])))
        return f"{y:04d}-{m:02d}-{d:02d}"

    def var_town(self, p):
        rng = self.rng
        t = p["town"]
        r = rng.random() / self.a.level
        if r < 0.05:
            return typo(t, rng)
        if r < 0.08:
            return pick(rng, self.towns)  # recorded as a different place (e.g. county vs town)
        return t

    def var_postcode(self, p):
        rng = self.rng
        pc = p["postcodes"][0] if len(p["postcodes"]) == 1 or rng.random() < 0.65 else rng.choice(p["postcodes"][1:])
        r = rng.random() / self.a.level
        if r < 0.05:
            s = list(pc)
            idx = [i for i, c in enumerate(s) if c != " "]
            i = rng.choice(idx)
            s[i] = rng.choice("0123456789") if s[i].isdigit() else rng.choice(string.ascii_lowercase)
            pc = "".join(s)
        elif r < 0.08:
            pc = self.postcode(p["town"])  # another postcode in the same town
        elif r < 0.09:
            pc = pc.replace(" ", "")
        return pc

    def record(self, p):
        rng = self.rng
        blank = lambda rate: self.chance(rate)
        first = None if blank(0.09) else self.var_first(p)
        sur = None if blank(0.07) else self.var_surname(p)
        if first and sur and self.chance(0.02):
            first, sur = sur, first  # first name and surname recorded in each other's column
        mids = [m if rng.random() > 0.2 else m[0] for m in p["middle"]] if rng.random() < 0.6 else []
        if first and mids and first == mids[0]:
            mids = mids[1:]
        parts = [x for x in [first] + mids + [sur] if x]
        if rng.random() < 0.05 and first and sur:
            parts = [sur + ","] + [first] + mids  # "surname, first middle"
        full = " ".join(parts) if parts and not blank(0.05) else None
        fs = " ".join(x for x in [first, sur] if x) or None
        dob = None if blank(0.12) else self.var_dob(p)
        town = None if blank(0.15) else self.var_town(p)
        pc = None if blank(0.15) else self.var_postcode(p)
        g = p["gender"]
        if blank(0.08):
            g = None
        elif rng.random() < 0.01:
            g = "female" if g == "male" else "male"
        occ = None if blank(0.16) else (p["occ"][0] if len(p["occ"]) == 1 or rng.random() < 0.65 else p["occ"][1])
        if occ and self.chance(0.02):
            occ = typo(occ, rng)
        return [full, fs, first, sur, dob, town, pc, g, occ]

    def run(self):
        a, rng = self.a, self.rng
        rows, truth, n_people = [], [], 0
        stats = {"namesake": 0, "relative": 0, "twin": 0, "plain": 0}
        while len(rows) < a.records:
            r = rng.random()
            kind = None
            if self.people and r < a.namesake_rate:
                kind = "namesake"
            elif self.people and r < a.namesake_rate + a.relative_rate:
                kind = "relative"
            elif self.people and r < a.namesake_rate + a.relative_rate + 0.005:
                kind = "twin"
            base = rng.choice(self.people) if kind else None
            p = self.new_person(base, kind)
            stats[kind or "plain"] += 1
            self.people.append(p)
            n_people += 1
            pid = f"P{n_people:06d}"
            for k in range(min(self.n_records(), a.records - len(rows))):
                rid = f"{pid}-{k + 1}"
                rows.append([rid, rid, pid] + self.record(p))
                truth.append((rid, pid))
        order = list(range(len(rows)))
        rng.shuffle(order)
        return [rows[i] for i in order], [truth[i] for i in order], n_people, stats


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=50000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", default="hist50k")
    ap.add_argument("--level", type=float, default=1.2, help="multiplier on every corruption/blank rate")
    ap.add_argument("--namesake-rate", type=float, default=0.10, help="share of people copying another's name")
    ap.add_argument("--relative-rate", type=float, default=0.12, help="share of people who are relatives")
    a = ap.parse_args()
    rows, truth, n_people, stats = Gen(a).run()
    cols = ["record_id", "unique_id", "cluster", "full_name", "first_and_surname", "first_name", "surname",
            "dob", "birth_place", "postcode_fake", "gender", "occupation"]
    with open(a.out + ".csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(cols)
        for r in rows:
            w.writerow(["" if v is None else v for v in r])
    with open(a.out + "_truth.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["record_id", "entity_id"])
        w.writerows(truth)
    print(f"{len(rows)} records, {n_people} people, kinds {stats} -> {a.out}.csv")


if __name__ == "__main__":
    main()
