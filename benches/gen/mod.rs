//! Deterministic synthetic US customer profiles for the matching benches.
//!
//! A Rust port of the habits of `tools/gen_profiles.py` (no Python, no data files): each person
//! yields 1..6 records (about 1.9 on average) from five source systems with their own field
//! coverage, and each record varies the way real ones do — nicknames, name typos, case, swapped
//! names, email case / Gmail dots / `+tags` / domain typos / work addresses, phone formats and
//! extensions, street suffix and unit variants, ZIP+4, moves, new phones, married names, date
//! formats. Households (15% of people) share surname, address and landline; one in ten is a
//! twin. Names follow a heavy-headed distribution over a few hundred common US names plus a long
//! synthetic tail, so common names repeat (which sets block sizes) while most people are rare.
//!
//! Same seed, same profiles, in the same (shuffled) order. [`profiles_with_truth`] also returns
//! who is who: the person behind every record, for accuracy measurements.

use rayon::prelude::*;
use selfsame::{PostalAddress, Profile};

/// About `1.9 * people` profiles, shuffled, deterministic for `seed` (whatever the thread count:
/// people are generated in fixed-size chunks, each with its own seed, on rayon's pool).
pub fn profiles(people: usize, seed: u64) -> Vec<Profile> {
    profiles_with_truth(people, seed).0
}

/// The profiles of [`profiles`] (the same ones, in the same order) and the truth: `truth[i]` is
/// the person behind `profiles[i]`, a number in `0..people` (people in generation order, so
/// unique across chunks). Every person has 1..=6 records. Households and twins are distinct
/// people.
///
/// # Panics
///
/// If `people` does not fit in a `u32`.
pub fn profiles_with_truth(people: usize, seed: u64) -> (Vec<Profile>, Vec<u32>) {
    assert!(
        u32::try_from(people).is_ok(),
        "at most u32::MAX people (person ids are u32)"
    );
    let chunks: Vec<Vec<(usize, u32, Profile)>> = (0..people.div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| chunk(CHUNK.min(people - c * CHUNK), seed, c as u64))
        .collect();
    // Ids are numbered per source in generation order, then the records are shuffled.
    let mut counts = [0u32; SOURCES.len()];
    let len = chunks.iter().map(Vec::len).sum();
    let mut out = Vec::with_capacity(len);
    let mut truth = Vec::with_capacity(len);
    for (src, person, mut p) in chunks.into_iter().flatten() {
        counts[src] += 1;
        p.id = format!("{}-{:07}", SOURCES[src].0, counts[src]);
        out.push(p);
        truth.push(person);
    }
    let mut rng = Rng(seed ^ 0x0073_6875_6666_6c65);
    for i in (1..out.len()).rev() {
        let j = rng.below(i + 1);
        out.swap(i, j);
        truth.swap(i, j);
    }
    (out, truth)
}

/// People per independently seeded chunk.
const CHUNK: usize = 4096;

/// The records of chunk `index` (`people` people): source index, global person id, profile.
fn chunk(people: usize, seed: u64, index: u64) -> Vec<(usize, u32, Profile)> {
    let mut g = Gen {
        rng: Rng(mix(seed ^ mix(index.wrapping_add(0x5e1f_5a3e)))),
        seed,
        out: Vec::with_capacity(people * 2),
    };
    let mut persons = Vec::with_capacity(people * 2);
    let first_person = index as usize * CHUNK;
    let mut pending: Option<Household> = None;
    for k in 0..people {
        let household = pending.take();
        let person = g.person(household.as_ref());
        if household.is_none() && g.rng.chance(0.15) {
            pending = Some(Household {
                last: person.last.clone(),
                home: person.home.clone(),
                landline: person.landline.unwrap_or(person.mobile),
                email: person.email.clone(),
                dob: g.rng.chance(0.1).then_some(person.dob),
            });
        }
        let family_email = household
            .as_ref()
            .filter(|_| g.rng.chance(0.35))
            .map(|h| h.email.clone());
        g.records(&person, family_email.as_deref());
        // The caller checked that every person id fits in a u32.
        persons.resize(g.out.len(), (first_person + k) as u32);
    }
    g.out
        .into_iter()
        .zip(persons)
        .map(|((src, profile), person)| (src, person, profile))
        .collect()
}

/// splitmix64: tiny, fast, good enough for test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.0)
    }
    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below((hi - lo + 1) as usize) as u32
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
    /// Heavy head: index 0 of n is drawn with probability about 1/sqrt(n).
    fn zipf(&mut self, n: usize) -> usize {
        let r = self.unit();
        ((n as f64 * r * r) as usize).min(n - 1)
    }
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// An address, kept in parts so each record can spell it its own way.
#[derive(Clone)]
struct Home {
    number: u32,
    direction: Option<usize>,
    name: &'static str,
    suffix: usize,
    unit: Option<(u32, &'static str)>,
    city: &'static str,
    zip: u32,
}

struct Household {
    last: String,
    home: Home,
    landline: u64,
    email: String,
    dob: Option<(u32, u32, u32)>,
}

struct Person {
    first: String,
    last: String,
    dob: (u32, u32, u32),
    home: Home,
    moved: Option<Home>,
    mobile: u64,
    new_mobile: Option<u64>,
    landline: Option<u64>,
    email: String,
    alt_email: String,
    married: Option<String>,
}

struct Gen {
    rng: Rng,
    seed: u64,
    out: Vec<(usize, Profile)>,
}

/// Field coverage per source: (name, email, phone, address, date of birth).
const SOURCES: [(&str, f64, f64, f64, f64); 5] = [
    ("crm", 0.9, 0.85, 0.9, 0.8),
    ("shop", 1.0, 0.6, 0.95, 0.2),
    ("newsletter", 1.0, 0.05, 0.05, 0.1),
    ("support", 0.6, 0.9, 0.3, 0.3),
    ("pos", 0.3, 0.8, 0.5, 0.1),
];

/// Records per person 1..=6 (mean 1.91).
const SIZE_WEIGHTS: [f64; 6] = [0.55, 0.2, 0.12, 0.07, 0.04, 0.02];

/// Name pools: the embedded common names, then a synthetic tail up to these sizes (about the
/// diversity of the Python generator's pools).
const FIRST_POOL: usize = 3_000;
const LAST_POOL: usize = 28_000;
/// Distinct (city, ZIP) places and street names.
const PLACES: u64 = 30_000;

impl Gen {
    fn first_name(&mut self) -> String {
        if self.rng.chance(0.12) {
            return self.rng.pick(NICKNAMES).0.to_string();
        }
        pool_name(self.rng.zipf(FIRST_POOL), FIRST, 7)
    }

    fn last_name(&mut self) -> String {
        pool_name(self.rng.zipf(LAST_POOL), LAST, 11)
    }

    fn home(&mut self) -> Home {
        let r = &mut self.rng;
        let name = if r.chance(0.5) {
            r.pick(STREETS)
        } else {
            r.pick(LAST)
        };
        let number = r.range(1, 9999);
        let direction = r.chance(0.2).then(|| r.below(DIRECTIONS.len()));
        let suffix = r.below(SUFFIXES.len());
        let unit = r
            .chance(0.25)
            .then(|| (r.range(1, 40), ["", "A", "B"][r.below(3)]));
        let place = mix(self.seed ^ (r.below(PLACES as usize) as u64 + 1));
        Home {
            number,
            direction,
            name,
            suffix,
            unit,
            city: CITIES[(place % CITIES.len() as u64) as usize],
            zip: 1001 + ((place >> 32) % 98_000) as u32,
        }
    }

    fn phone(&mut self) -> u64 {
        let r = &mut self.rng;
        let area = r.pick(AREA_CODES);
        let exchange = loop {
            let e = r.range(200, 999);
            if e != 555 && e % 100 != 11 {
                break e;
            }
        };
        u64::from(area) * 10_000_000 + u64::from(exchange) * 10_000 + u64::from(r.range(0, 9999))
    }

    fn person(&mut self, household: Option<&Household>) -> Person {
        let first = self.first_name();
        let last = match household {
            Some(h) => h.last.clone(),
            None => self.last_name(),
        };
        let r = &mut self.rng;
        let mut dob = (r.range(1940, 2005), r.range(1, 12), r.range(1, 28));
        if let Some(twin) = household.and_then(|h| h.dob) {
            dob = twin;
        }
        let (home, landline) = match household {
            Some(h) => (h.home.clone(), Some(h.landline)),
            None => {
                let home = self.home();
                let landline = self.rng.chance(0.3).then(|| self.phone());
                (home, landline)
            }
        };
        let mobile = self.phone();
        let r = &mut self.rng;
        let (f, l) = (email_part(&first), email_part(&last));
        let initial = &f[..1];
        let local = match r.below(5) {
            0 => format!("{f}.{l}"),
            1 => format!("{f}{l}"),
            2 => format!("{initial}{l}"),
            3 => format!("{f}.{l}{}", r.range(1, 99)),
            _ => format!("{f}{}", r.range(60, 99)),
        };
        let email = format!("{local}@{}", r.pick(EMAIL_DOMAINS));
        let alt_email = format!("{initial}{l}@{}", r.pick(WORK_DOMAINS));
        let moved = self.rng.chance(0.1).then(|| self.home());
        let new_mobile = self.rng.chance(0.08).then(|| self.phone());
        let married = self.rng.chance(0.04).then(|| self.last_name());
        Person {
            first,
            last,
            dob,
            home,
            moved,
            mobile,
            new_mobile,
            landline,
            email,
            alt_email,
            married,
        }
    }

    fn records(&mut self, p: &Person, family_email: Option<&str>) {
        let r = &mut self.rng;
        let u = r.unit();
        let mut acc = 0.0;
        let n = SIZE_WEIGHTS
            .iter()
            .position(|w| {
                acc += w;
                u < acc
            })
            .unwrap_or(SIZE_WEIGHTS.len() - 1)
            + 1;
        // Distinct sources first (a partial shuffle), repeats only past five records.
        let mut order = [0usize, 1, 2, 3, 4];
        for i in 0..order.len() {
            let j = i + r.below(order.len() - i);
            order.swap(i, j);
        }
        for k in 0..n {
            let src = if k < order.len() {
                order[k]
            } else {
                self.rng.below(SOURCES.len())
            };
            let profile = self.render(p, src, k == 0, family_email);
            self.out.push((src, profile));
        }
    }

    fn render(
        &mut self,
        p: &Person,
        src: usize,
        first_record: bool,
        family_email: Option<&str>,
    ) -> Profile {
        let (source, cov_email, cov_phone, cov_addr, cov_dob) = SOURCES[src];
        let r = &mut self.rng;
        let (mut first, mut last) = (p.first.clone(), p.last.clone());
        if !first_record {
            let x = r.unit();
            let nicks = NICKNAMES.iter().find(|(n, _)| *n == first).map(|n| n.1);
            if let (true, Some(nicks)) = (x < 0.10, nicks) {
                first = r.pick(nicks).to_string();
            } else if x < 0.18 {
                first = typo(r, &first);
            } else if x < 0.22 {
                last = typo(r, &last);
            } else if x < 0.24 {
                first = format!("{}.", first.chars().next().unwrap_or('X'));
            } else if x < 0.27 {
                if let Some(m) = &p.married {
                    last = m.clone();
                }
            }
        }
        if r.chance(0.05) {
            first = strip_accents(&first);
            last = strip_accents(&last);
        }
        if r.chance(0.08) {
            first = first.to_uppercase();
            last = last.to_uppercase();
        } else if r.chance(0.05) {
            first = first.to_lowercase();
            last = last.to_lowercase();
        }
        if r.chance(0.03) {
            std::mem::swap(&mut first, &mut last);
        }
        if r.chance(0.03) {
            first = format!("  {first} ");
        }
        if source == "newsletter" && r.chance(0.4) {
            last.clear();
        }
        let mut profile = Profile::new(source, "").with_given_name(first);
        if !last.is_empty() {
            profile = profile.with_family_name(last);
        }

        if r.chance(cov_email) {
            let mut email = match family_email {
                Some(f) if r.chance(0.5) => f,
                _ => &p.email,
            };
            if !first_record && r.chance(0.12) {
                email = &p.alt_email;
            }
            profile = profile.with_email(vary_email(r, email));
        }

        if r.chance(cov_phone) {
            let mut num = match p.landline {
                Some(l) if r.chance(0.35) => l,
                _ => p.mobile,
            };
            if let Some(m) = p.new_mobile.filter(|_| !first_record && r.chance(0.5)) {
                num = m;
            }
            if r.chance(0.03) {
                // A typo in the line number keeps the number valid (a different person's).
                num = num / 10_000 * 10_000 + (num % 10_000 + 1 + r.below(9_998) as u64) % 10_000;
            }
            profile = profile.with_phone(format_phone(r, num));
        }

        if r.chance(cov_addr) {
            let home = match &p.moved {
                Some(m) if !first_record && r.chance(0.5) => m,
                _ => &p.home,
            };
            profile = profile.with_address(vary_address(r, home));
        }

        if r.chance(cov_dob) {
            let (mut y, mut m, mut d) = p.dob;
            if r.chance(0.03) && d <= 12 {
                std::mem::swap(&mut m, &mut d);
            }
            if r.chance(0.02) {
                y = (y as i32 + [-1, 1, -10, 10][r.below(4)]) as u32;
            }
            let dob = match r.below(4) {
                0 => format!("{y:04}-{m:02}-{d:02}"),
                1 => format!("{m}/{d}/{y}"),
                2 => format!("{m:02}/{d:02}/{y}"),
                _ => format!("{m}/{d}/{:02}", y % 100),
            };
            profile = profile.with_date_of_birth(dob);
        }
        profile
    }
}

/// A pool entry: an embedded common name, or past the list a synthetic one built from syllables.
fn pool_name(i: usize, common: &[&str], salt: usize) -> String {
    if let Some(n) = common.get(i) {
        return (*n).to_string();
    }
    let k = i - common.len();
    let s = SYLLABLES.len();
    let mut out = String::with_capacity(12);
    out.push_str(SYLLABLES[(k + salt) % s]);
    out.push_str(SYLLABLES[(k / s + 3 * salt) % s]);
    if k >= s * s || k.is_multiple_of(3) {
        out.push_str(SYLLABLES[(k / (s * s) + k) % s]);
    }
    let mut chars = out.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => out,
    }
}

fn email_part(s: &str) -> String {
    strip_accents(s)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn strip_accents(s: &str) -> String {
    if s.is_ascii() {
        return s.to_string();
    }
    s.chars()
        .map(|c| match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ï' => 'i',
            'ó' | 'ö' | 'ô' => 'o',
            'ú' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            'Á' => 'A',
            'É' => 'E',
            'Ö' => 'O',
            c => c,
        })
        .collect()
}

fn typo(r: &mut Rng, s: &str) -> String {
    let mut c: Vec<char> = s.chars().collect();
    if c.len() < 3 {
        return s.to_string();
    }
    let i = 1 + r.below(c.len() - 1);
    let letter = (b'a' + r.below(26) as u8) as char;
    match r.below(4) {
        0 => {
            c.remove(i);
        }
        1 => c.insert(i, letter),
        2 => c[i] = letter,
        _ if i + 1 < c.len() => c.swap(i, i + 1),
        _ => {}
    }
    c.into_iter().collect()
}

fn vary_email(r: &mut Rng, email: &str) -> String {
    let (local, domain) = email.split_once('@').unwrap_or((email, "example.com"));
    let (mut local, mut domain) = (local.to_string(), domain.to_string());
    let x = r.unit();
    if domain == "gmail.com" && x < 0.15 {
        let bare = local.replace('.', "");
        local = if r.chance(0.3) {
            let mut dotted = String::with_capacity(bare.len() * 2);
            for (k, ch) in bare.chars().enumerate() {
                if k > 0 {
                    dotted.push('.');
                }
                dotted.push(ch);
            }
            dotted
        } else {
            bare
        };
    } else if domain == "gmail.com" && x < 0.2 {
        domain = "googlemail.com".to_string();
    } else if x < 0.28 {
        local = format!("{local}+{}", r.pick(TAGS));
    } else if x < 0.31 {
        if let Some((_, typos)) = DOMAIN_TYPOS.iter().find(|(d, _)| *d == domain) {
            domain = r.pick(typos).to_string();
        }
    }
    let mut out = format!("{local}@{domain}");
    if r.chance(0.2) {
        out = if r.chance(0.3) {
            out.to_uppercase()
        } else {
            let mut c = out.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        };
    }
    if r.chance(0.04) {
        out = format!(" {out} ");
    }
    out
}

fn format_phone(r: &mut Rng, num: u64) -> String {
    let d = format!("{num:010}");
    let (a, e, l) = (&d[..3], &d[3..6], &d[6..]);
    let mut s = match r.below(8) {
        0 => format!("({a}) {e}-{l}"),
        1 => format!("{a}.{e}.{l}"),
        2 => format!("{a}-{e}-{l}"),
        3 => d.clone(),
        4 => format!("+1 {a} {e} {l}"),
        5 => format!("+1{d}"),
        6 => format!("1-{a}-{e}-{l}"),
        _ => format!("+1 ({a}) {e}-{l}"),
    };
    if r.chance(0.04) {
        s.push_str(r.pick(EXTENSIONS));
    }
    s
}

fn vary_address(r: &mut Rng, home: &Home) -> PostalAddress {
    use std::fmt::Write;
    let mut street = String::with_capacity(40);
    let _ = write!(street, "{} ", home.number);
    if let Some(d) = home.direction {
        let (full, abbrs) = DIRECTIONS[d];
        street.push_str(if r.chance(0.6) { r.pick(abbrs) } else { full });
        street.push(' ');
    }
    street.push_str(&strip_accents(home.name));
    street.push(' ');
    let (full, abbrs) = SUFFIXES[home.suffix];
    street.push_str(if r.chance(0.6) { r.pick(abbrs) } else { full });
    if let Some((n, letter)) = home.unit {
        let form = if r.chance(0.6) { r.pick(UNITS) } else { "Apt " };
        let _ = write!(street, " {form}{n}{letter}");
    }
    if r.chance(0.04) {
        street = typo(r, &street);
    }
    if r.chance(0.1) {
        street = street.to_uppercase();
    }
    let city = if r.chance(0.05) {
        typo(r, home.city)
    } else {
        home.city.to_string()
    };
    let zip = if r.chance(0.2) {
        format!("{:05}-{:04}", home.zip, r.range(0, 9999))
    } else {
        format!("{:05}", home.zip)
    };
    let mut a = PostalAddress::new()
        .with_street(street)
        .with_city(city)
        .with_postcode(zip);
    let country = r.pick(COUNTRIES);
    if !country.is_empty() {
        a = a.with_country(country);
    }
    a
}

/// Area codes in service; with an exchange of 2xx–9xx (not 555, not N11) every number is valid.
const AREA_CODES: &[u32] = &[
    212, 213, 206, 303, 312, 404, 415, 470, 503, 602, 617, 646, 702, 713, 808, 917,
];

const EMAIL_DOMAINS: &[&str] = &[
    "gmail.com",
    "gmail.com",
    "gmail.com",
    "gmail.com",
    "gmail.com",
    "gmail.com",
    "yahoo.com",
    "yahoo.com",
    "outlook.com",
    "hotmail.com",
    "icloud.com",
    "aol.com",
    "proton.me",
    "fastmail.com",
];

const TAGS: &[&str] = &["shop", "news", "promo", "2024"];

const EXTENSIONS: &[&str] = &[" x12", " ext. 204", " ext 7", ";ext=33"];

const COUNTRIES: &[&str] = &["US", "USA", "United States", "U.S.A.", ""];

const WORK_DOMAINS: &[&str] = &["acme.com", "globex.net", "initech.org", "umbrella.co"];

const DOMAIN_TYPOS: &[(&str, &[&str])] = &[
    ("gmail.com", &["gmial.com", "gmail.con", "gmai.com"]),
    ("yahoo.com", &["yaho.com", "yahooo.com"]),
    ("hotmail.com", &["hotmial.com", "hotmail.co"]),
    ("outlook.com", &["outlok.com"]),
];

const SUFFIXES: &[(&str, &[&str])] = &[
    ("Street", &["St", "St.", "ST", "Str"]),
    ("Avenue", &["Ave", "Av.", "AVE"]),
    ("Road", &["Rd", "Rd."]),
    ("Drive", &["Dr", "Dr."]),
    ("Lane", &["Ln", "Ln."]),
    ("Boulevard", &["Blvd", "Blvd."]),
    ("Court", &["Ct", "Ct."]),
    ("Place", &["Pl", "Pl."]),
    ("Terrace", &["Ter", "Terr"]),
    ("Way", &["Wy"]),
];

const DIRECTIONS: &[(&str, &[&str])] = &[
    ("North", &["N", "N."]),
    ("South", &["S", "S."]),
    ("East", &["E", "E."]),
    ("West", &["W", "W."]),
];

const UNITS: &[&str] = &["Apt ", "Apartment ", "#", "Unit ", "Apt. ", "Suite "];

const NICKNAMES: &[(&str, &[&str])] = &[
    ("Robert", &["Bob", "Rob", "Bobby", "Robbie"]),
    ("William", &["Bill", "Will", "Billy", "Liam"]),
    ("Elizabeth", &["Liz", "Beth", "Betty", "Eliza"]),
    ("Katherine", &["Kate", "Kathy", "Katie"]),
    ("Richard", &["Rick", "Dick", "Rich"]),
    ("James", &["Jim", "Jimmy", "Jamie"]),
    ("Margaret", &["Maggie", "Peggy", "Meg"]),
    ("Michael", &["Mike", "Mikey", "Mick"]),
    ("Jennifer", &["Jen", "Jenny"]),
    ("Christopher", &["Chris", "Kit"]),
    ("Anthony", &["Tony"]),
    ("Patricia", &["Pat", "Patty", "Trish"]),
    ("Joseph", &["Joe", "Joey"]),
    ("Thomas", &["Tom", "Tommy"]),
    ("Daniel", &["Dan", "Danny"]),
    ("Matthew", &["Matt"]),
    ("Jessica", &["Jess", "Jessie"]),
    ("Samuel", &["Sam", "Sammy"]),
    ("Alexander", &["Alex", "Xander"]),
    ("Victoria", &["Vicky", "Tori"]),
    ("Nicholas", &["Nick", "Nicky"]),
    ("Rebecca", &["Becky", "Becca"]),
    ("Edward", &["Ed", "Eddie", "Ted"]),
    ("Susan", &["Sue", "Suzy"]),
    ("Charles", &["Charlie", "Chuck"]),
    ("Deborah", &["Debbie", "Deb"]),
];

const SYLLABLES: &[&str] = &[
    "ka", "ren", "mo", "li", "ster", "ber", "son", "da", "vi", "na", "tor", "mel", "an", "ri",
    "go", "sel", "tha", "bro", "quin", "ley", "mar", "co", "dell", "fi", "ga", "hol", "ja", "ken",
    "lu", "nor", "pa", "ros", "sa", "tu", "val", "wen", "ya", "zel", "bar", "cal",
];

/// Common US given names, most frequent first (roughly).
const FIRST: &[&str] = &[
    "James",
    "Mary",
    "John",
    "Patricia",
    "Robert",
    "Jennifer",
    "Michael",
    "Linda",
    "William",
    "Elizabeth",
    "David",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Charles",
    "Karen",
    "Christopher",
    "Lisa",
    "Daniel",
    "Nancy",
    "Matthew",
    "Betty",
    "Anthony",
    "Margaret",
    "Mark",
    "Sandra",
    "Donald",
    "Ashley",
    "Steven",
    "Kimberly",
    "Paul",
    "Emily",
    "Andrew",
    "Donna",
    "Joshua",
    "Michelle",
    "Kenneth",
    "Carol",
    "Kevin",
    "Amanda",
    "Brian",
    "Dorothy",
    "George",
    "Melissa",
    "Timothy",
    "Deborah",
    "Ronald",
    "Stephanie",
    "Edward",
    "Rebecca",
    "Jason",
    "Sharon",
    "Jeffrey",
    "Laura",
    "Ryan",
    "Cynthia",
    "Jacob",
    "Kathleen",
    "Gary",
    "Amy",
    "Nicholas",
    "Angela",
    "Eric",
    "Shirley",
    "Jonathan",
    "Anna",
    "Stephen",
    "Brenda",
    "Larry",
    "Pamela",
    "Justin",
    "Emma",
    "Scott",
    "Nicole",
    "Brandon",
    "Helen",
    "Benjamin",
    "Samantha",
    "Samuel",
    "Katherine",
    "Gregory",
    "Christine",
    "Alexander",
    "Debra",
    "Frank",
    "Rachel",
    "Patrick",
    "Carolyn",
    "Raymond",
    "Janet",
    "Jack",
    "Catherine",
    "Dennis",
    "Maria",
    "Jerry",
    "Heather",
    "Tyler",
    "Diane",
    "Aaron",
    "Ruth",
    "José",
    "Julie",
    "Adam",
    "Olivia",
    "Nathan",
    "Joyce",
    "Henry",
    "Virginia",
    "Douglas",
    "Victoria",
    "Zachary",
    "Kelly",
    "Peter",
    "Lauren",
    "Kyle",
    "Christina",
    "Ethan",
    "Joan",
    "Walter",
    "Evelyn",
    "Noah",
    "Judith",
    "Jeremy",
    "Megan",
    "Christian",
    "Andrea",
    "Keith",
    "Cheryl",
    "Roger",
    "Hannah",
    "Terry",
    "Jacqueline",
    "Gerald",
    "Martha",
    "Harold",
    "Gloria",
    "Sean",
    "Teresa",
    "Austin",
    "Ann",
    "Carl",
    "Sara",
    "Arthur",
    "Madison",
    "Lawrence",
    "Frances",
    "Dylan",
    "Kathryn",
    "Jesse",
    "Janice",
    "Jordan",
    "Jean",
    "Bryan",
    "Abigail",
    "Billy",
    "Alice",
    "Joe",
    "Julia",
    "Bruce",
    "Judy",
    "Gabriel",
    "Sophia",
    "Logan",
    "Grace",
    "Albert",
    "Denise",
    "Willie",
    "Amber",
    "Alan",
    "Doris",
    "Juan",
    "Marilyn",
    "Wayne",
    "Danielle",
    "Elijah",
    "Beverly",
    "Randy",
    "Isabella",
    "Roy",
    "Theresa",
    "Vincent",
    "Diana",
    "Ralph",
    "Natalie",
    "Eugene",
    "Brittany",
    "Russell",
    "Charlotte",
    "Bobby",
    "Marie",
    "Mason",
    "Kayla",
    "Philip",
    "Alexis",
    "Louis",
    "Lori",
    "Carlos",
    "Chloé",
    "Luis",
    "Zoë",
    "Jesús",
    "Renée",
    "Liam",
    "Ava",
    "Lucas",
    "Mia",
    "Mateo",
    "Camila",
    "Ángel",
    "Sofía",
    "Diego",
    "Valentina",
    "Miguel",
    "Lucía",
    "Mohammed",
    "Fatima",
    "Wei",
    "Mei",
    "Minh",
    "Linh",
    "Raj",
    "Priya",
    "Darnell",
    "Keisha",
    "DeShawn",
    "Tanisha",
    "Connor",
    "Erin",
    "Sean",
    "Siobhan",
    "Hector",
    "Rosa",
    "Jorge",
    "Carmen",
    "Manuel",
    "Ana",
    "Oscar",
    "Elena",
    "Ricardo",
    "Gabriela",
    "Francisco",
    "Adriana",
    "Antonio",
    "Isabel",
    "Alejandro",
    "Mariana",
    "Eduardo",
    "Veronica",
    "Marcus",
    "Jasmine",
    "Tyrone",
    "Latoya",
    "Derek",
    "Crystal",
    "Travis",
    "Tiffany",
    "Shawn",
    "Erica",
    "Chad",
    "Monica",
    "Cody",
    "Holly",
    "Dustin",
    "Courtney",
    "Trevor",
    "Lindsey",
    "Cameron",
    "Morgan",
    "Evan",
    "Taylor",
    "Ian",
    "Paige",
    "Owen",
    "Brooke",
    "Hunter",
    "Haley",
    "Caleb",
    "Sydney",
    "Luke",
    "Audrey",
    "Isaac",
    "Claire",
    "Jayden",
    "Leah",
    "Aiden",
    "Zoe",
    "Carter",
    "Stella",
];

/// Common US family names, most frequent first (roughly).
const LAST: &[&str] = &[
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "García",
    "Miller",
    "Davis",
    "Rodríguez",
    "Martínez",
    "Hernández",
    "López",
    "González",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Pérez",
    "Thompson",
    "White",
    "Harris",
    "Sánchez",
    "Clark",
    "Ramírez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
    "Baker",
    "Hall",
    "Rivera",
    "Campbell",
    "Mitchell",
    "Carter",
    "Roberts",
    "Gómez",
    "Phillips",
    "Evans",
    "Turner",
    "Díaz",
    "Parker",
    "Cruz",
    "Edwards",
    "Collins",
    "Reyes",
    "Stewart",
    "Morris",
    "Morales",
    "Murphy",
    "Cook",
    "Rogers",
    "Gutiérrez",
    "Ortiz",
    "Morgan",
    "Cooper",
    "Peterson",
    "Bailey",
    "Reed",
    "Kelly",
    "Howard",
    "Ramos",
    "Kim",
    "Cox",
    "Ward",
    "Richardson",
    "Watson",
    "Brooks",
    "Chávez",
    "Wood",
    "James",
    "Bennett",
    "Gray",
    "Mendoza",
    "Ruiz",
    "Hughes",
    "Price",
    "Álvarez",
    "Castillo",
    "Sanders",
    "Patel",
    "Myers",
    "Long",
    "Ross",
    "Foster",
    "Jiménez",
    "Powell",
    "Jenkins",
    "Perry",
    "Russell",
    "Sullivan",
    "Bell",
    "Coleman",
    "Butler",
    "Henderson",
    "Barnes",
    "Gonzales",
    "Fisher",
    "Vásquez",
    "Simmons",
    "Romero",
    "Jordan",
    "Patterson",
    "Alexander",
    "Hamilton",
    "Graham",
    "Reynolds",
    "Griffin",
    "Wallace",
    "Moreno",
    "West",
    "Cole",
    "Hayes",
    "Bryant",
    "Herrera",
    "Gibson",
    "Ellis",
    "Tran",
    "Medina",
    "Aguilar",
    "Stevens",
    "Murray",
    "Ford",
    "Castro",
    "Marshall",
    "Owens",
    "Harrison",
    "Fernández",
    "McDonald",
    "Woods",
    "Washington",
    "Kennedy",
    "Wells",
    "Vargas",
    "Henry",
    "Chen",
    "Freeman",
    "Webb",
    "Tucker",
    "Guzmán",
    "Burns",
    "Crawford",
    "Olson",
    "Simpson",
    "Porter",
    "Hunter",
    "Gordon",
    "Mendez",
    "Silva",
    "Shaw",
    "Snyder",
    "Mason",
    "Dixon",
    "Muñoz",
    "Hunt",
    "Hicks",
    "Holmes",
    "Palmer",
    "Wagner",
    "Black",
    "Robertson",
    "Boyd",
    "Rose",
    "Stone",
    "Salazar",
    "Fox",
    "Warren",
    "Mills",
    "Meyer",
    "Rice",
    "Schmidt",
    "García",
    "Daniels",
    "Ferguson",
    "Nichols",
    "Stephens",
    "Soto",
    "Weaver",
    "Ryan",
    "Gardner",
    "Payne",
    "Grant",
    "Dunn",
    "Kelley",
    "Spencer",
    "Hawkins",
    "Arnold",
    "Pierce",
    "Vázquez",
    "Hansen",
    "Peters",
    "Santos",
    "Hart",
    "Bradley",
    "Knight",
    "Elliott",
    "Cunningham",
    "Duncan",
    "Armstrong",
    "Hudson",
    "Carroll",
    "Lane",
    "Riley",
    "Andrews",
    "Alvarado",
    "Ray",
    "Delgado",
    "Berry",
    "Perkins",
    "Hoffman",
    "Johnston",
    "Matthews",
    "Peña",
    "Richards",
    "Contreras",
    "Willis",
    "Carpenter",
    "Lawrence",
    "Sandoval",
    "Guerrero",
    "George",
    "Chapman",
    "Ríos",
    "Estrada",
    "Ortega",
    "Watkins",
    "Greene",
    "Núñez",
    "Wheeler",
    "Valdez",
    "Harper",
    "Burke",
    "Larson",
    "Santiago",
    "Maldonado",
    "Morrison",
    "Franklin",
    "Carlson",
    "Austin",
    "Domínguez",
    "Carr",
    "Lawson",
    "Jacobs",
    "O'Brien",
    "Lynch",
    "Singh",
    "Vega",
    "Bishop",
    "Montgomery",
    "Oliver",
    "Jensen",
    "Harvey",
    "Williamson",
    "Gilbert",
    "Dean",
    "Sims",
    "Espinoza",
    "Howell",
    "Li",
    "Wong",
    "Reid",
    "Hanson",
    "Le",
    "McCoy",
    "Garrett",
    "Burton",
    "Fuller",
    "Wang",
    "Weber",
    "Welch",
    "Rojas",
    "Lucas",
    "Márquez",
    "Fields",
    "Park",
    "Yang",
    "Little",
    "Banks",
    "Padilla",
    "Day",
    "Walsh",
    "Bowman",
    "Schultz",
    "Luna",
    "Fowler",
    "Mejía",
    "Davidson",
    "Acosta",
    "Brewer",
    "May",
    "Holland",
    "Juárez",
    "Newman",
    "Pearson",
    "Curtis",
    "Cortez",
    "Douglas",
    "Schneider",
    "Joseph",
    "Barrett",
    "Navarro",
    "Figueroa",
    "Keller",
    "Ávila",
    "Wade",
    "Molina",
    "Stanley",
    "Hopkins",
    "Campos",
    "Barnett",
    "Bates",
    "Chambers",
    "Caldwell",
    "Beck",
    "Lambert",
    "Miranda",
    "Byrd",
    "Craig",
    "Ayala",
    "Lowe",
    "Frazier",
    "Powers",
    "Neal",
    "Leonard",
    "Gregory",
    "Carrillo",
    "Sutton",
    "Fleming",
    "Rhodes",
    "Shelton",
    "Schwartz",
    "Norris",
    "Jennings",
    "Watts",
    "Durán",
    "Walters",
    "Cohen",
    "McDaniel",
    "Moran",
    "Parks",
    "Steele",
    "Vaughn",
    "Becker",
    "Holt",
    "DeLeon",
    "Barker",
    "Terry",
    "Hale",
    "Leon",
    "Hail",
    "Benson",
    "Haynes",
    "Horton",
    "Miles",
    "Lyons",
    "Pham",
    "Graves",
    "Bush",
    "Thornton",
    "Wolfe",
    "Warner",
    "Cabrera",
    "McKinney",
    "Mann",
    "Zimmerman",
    "Dawson",
    "Lara",
    "Fletcher",
    "Page",
    "McCarthy",
    "Love",
    "Robles",
    "Cervantes",
    "Solis",
    "Erickson",
    "Reeves",
    "Chang",
    "Klein",
    "Salinas",
    "Fuentes",
    "Baldwin",
    "Daniel",
    "Simon",
    "Velásquez",
    "Hardy",
    "Higgins",
    "Aguirre",
    "Lin",
    "Cummings",
    "Chandler",
    "Sharp",
    "Barber",
    "Bowen",
    "Ochoa",
    "Dennis",
    "Robbins",
    "Liu",
    "Ramsey",
    "Francis",
    "Griffith",
    "Paul",
    "Blair",
    "O'Connor",
    "Cardenas",
    "Pacheco",
    "Cross",
    "Calderón",
    "Quinn",
    "Moss",
    "Swanson",
    "Chan",
    "Rivas",
    "Khan",
    "Rodgers",
    "Serrano",
    "Fitzgerald",
    "Rosales",
    "Stevenson",
    "Christensen",
    "Manning",
    "Gill",
    "Curry",
    "McLaughlin",
    "Harmon",
    "McGee",
    "Gross",
    "Doyle",
    "Garner",
    "Newton",
    "Burgess",
    "Reese",
    "Walton",
    "Blake",
    "Trujillo",
    "Adkins",
    "Brady",
    "Goodman",
    "Roman",
    "Webster",
    "Goodwin",
    "Fischer",
    "Huang",
    "Potter",
    "Delacruz",
    "Montoya",
    "Todd",
    "Wu",
    "Hines",
    "Mullins",
    "Castañeda",
    "Malone",
    "Cannon",
    "Tate",
    "Mack",
    "Sherman",
    "Hubbard",
    "Hodges",
    "Zhang",
    "Guerra",
    "Wolf",
    "Valencia",
    "Saunders",
    "Franco",
    "Rowe",
    "Gallagher",
    "Farmer",
    "Hammond",
    "Hampton",
    "Townsend",
    "Ingram",
    "Wise",
    "Gallegos",
    "Clarke",
    "Barton",
    "Schroeder",
    "Maxwell",
    "Waters",
    "Logan",
    "Camacho",
    "Strickland",
    "Norman",
    "Person",
    "Colón",
    "Parsons",
    "Frank",
    "Harrington",
    "Glover",
    "Osborne",
    "Buchanan",
    "Casey",
    "Floyd",
    "Patton",
    "Ibarra",
    "Ball",
    "Tyler",
    "Suárez",
    "Bowers",
    "Orozco",
    "Salas",
    "Cobb",
    "Gibbs",
    "Andrade",
    "Bauer",
    "Conner",
    "Moody",
    "Escobar",
    "McGuire",
    "Lloyd",
    "Mueller",
    "Hartman",
    "French",
    "Kramer",
    "McBride",
    "Pope",
    "Lindsey",
    "Velázquez",
    "Norton",
    "McCormick",
    "Sparks",
    "Flynn",
    "Yates",
    "Hogan",
    "Marsh",
    "Macías",
    "Villanueva",
    "Zamora",
    "Pratt",
    "Stokes",
    "Owen",
    "Ballard",
    "Lang",
    "Brock",
    "Villarreal",
    "Charles",
    "Drake",
    "Barrera",
    "Cain",
    "Patrick",
    "Piñeda",
    "Burnett",
    "Mercado",
    "Santana",
    "Shepherd",
    "Bautista",
    "Ali",
    "Shaffer",
    "Lamb",
    "Trevino",
    "McKenzie",
    "Hess",
    "Beil",
    "Olsen",
    "Cochran",
    "Morton",
    "Nash",
    "Wilkins",
    "Petersen",
    "Briggs",
    "Shah",
    "Roth",
    "Nicholson",
    "Holloway",
    "Lozano",
    "Rangel",
    "Flowers",
    "Hoover",
    "Short",
    "Arias",
    "Mora",
    "Valenzuela",
    "Bryan",
    "Meyers",
    "Weiss",
    "Underwood",
    "Bass",
    "Greer",
    "Summers",
    "Houston",
    "Carson",
    "Morrow",
    "Clayton",
    "Whitaker",
    "Decker",
    "Yoder",
    "Collier",
    "Zúñiga",
    "Carey",
    "Wilcox",
    "Melendez",
    "Poole",
    "Roberson",
    "Larsen",
    "Conley",
    "Davenport",
    "Copeland",
    "Massey",
    "Lam",
    "Huff",
    "Rocha",
    "Cameron",
    "Jefferson",
    "Hood",
    "Monroe",
    "Anthony",
    "Pittman",
    "Huynh",
    "Randall",
    "Singleton",
    "Kirk",
    "Combs",
    "Mathis",
    "Christian",
    "Skinner",
    "Bradford",
    "Richard",
    "Galván",
    "Wall",
    "Boone",
    "Kirby",
    "Wilkinson",
    "Bridges",
    "Bruce",
    "Atkinson",
    "Velez",
    "Meza",
    "Roy",
    "Vincent",
    "York",
    "Hodge",
    "Villa",
    "Abbott",
    "Allison",
    "Tapia",
    "Gates",
    "Chase",
    "Sosa",
    "Sweeney",
    "Farrell",
    "Wyatt",
    "Dalton",
    "Horn",
    "Barron",
    "Phelps",
    "Yu",
    "Dickerson",
    "Heath",
    "Foley",
    "Atkins",
    "Mathews",
    "Bonilla",
    "Acevedo",
    "Benítez",
    "Zavala",
    "Hensley",
    "Glenn",
    "Cisneros",
    "Harrell",
    "Shields",
    "Rubio",
    "Huffman",
    "Choi",
    "Boyer",
    "Garrison",
    "Arroyo",
    "Bond",
    "Kane",
    "Hancock",
    "Callahan",
    "Dillon",
    "Cline",
    "Wiggins",
    "Grimes",
    "Arellano",
    "Melton",
    "O'Neill",
    "Savage",
    "Ho",
    "Beltrán",
    "Pitts",
    "Parrish",
    "Ponce",
    "Rich",
    "Booth",
    "Koch",
    "Golden",
    "Ware",
    "Brennan",
    "McDowell",
    "Marks",
    "Cantu",
    "Humphrey",
    "Baxter",
    "Sawyer",
    "Clay",
    "Tanner",
    "Hutchinson",
    "Kaur",
    "Berg",
    "Wiley",
    "Gilmore",
    "Russo",
    "Villegas",
    "Hobbs",
    "Keith",
    "Wilkerson",
    "Ahmed",
    "Beard",
    "McClain",
    "Montes",
    "Mata",
    "Rosario",
    "Vang",
    "Walter",
    "Henson",
    "O'Neal",
    "Mosley",
    "McClure",
    "Beasley",
    "Stephenson",
    "Snow",
    "Huerta",
    "Preston",
    "Vance",
    "Barry",
    "Johns",
    "Eaton",
    "Blackwell",
    "Dyer",
    "Prince",
    "Macdonald",
    "Solomon",
    "Guevara",
    "Stafford",
    "English",
    "Hurst",
    "Woodard",
    "Cortes",
    "Shannon",
    "Kemp",
    "Nolan",
    "McCullough",
    "Merritt",
    "Murillo",
    "Moon",
    "Salgado",
    "Strong",
    "Kline",
    "Cordova",
    "Barajas",
    "Roach",
    "Rosas",
    "Winters",
    "Jacobson",
    "Lester",
    "Knox",
    "Bullock",
    "Kerr",
    "Leach",
    "Meadows",
    "Davila",
    "Orr",
    "Whitehead",
    "Pruitt",
    "Kent",
    "Conway",
    "McKee",
    "Barr",
    "David",
    "Dejesus",
    "Marin",
    "Berger",
    "McIntyre",
    "Blankenship",
    "Gaines",
    "Palacios",
    "Cuevas",
    "Bartlett",
    "Durham",
    "Dorsey",
    "McCall",
    "O'Donnell",
    "Stein",
    "Browning",
    "Stout",
    "Lowery",
    "Sloan",
    "McLean",
    "Hendricks",
    "Calhoun",
    "Sexton",
    "Chung",
    "Gentry",
    "Hull",
    "Duarte",
    "Ellison",
    "Nielsen",
    "Gillespie",
    "Buck",
    "Middleton",
    "Sellers",
    "Leblanc",
    "Esparza",
    "Hardin",
    "Bradshaw",
    "McIntosh",
    "Howe",
    "Livingston",
    "Frost",
    "Glass",
    "Morse",
    "Knapp",
    "Herman",
    "Stark",
    "Bravo",
    "Noble",
    "Spears",
    "Weeks",
    "Corona",
    "Frederick",
    "Buckley",
    "McFarland",
    "Hebert",
    "Enríquez",
    "Hickman",
    "Quintero",
    "Randolph",
    "Schaefer",
    "Walls",
    "Trejo",
    "House",
    "Reilly",
    "Pennington",
    "Michael",
    "Conrad",
    "Giles",
    "Benjamin",
    "Crosby",
    "Fitzpatrick",
    "Donovan",
    "Mays",
    "Mahoney",
    "Valentine",
    "Raymond",
    "Medrano",
    "Hahn",
    "McMillan",
    "Small",
    "Bentley",
    "Felix",
    "Peck",
    "Lucero",
    "Boyle",
    "Hanna",
    "Pace",
    "Rush",
    "Hurley",
    "Harding",
    "McConnell",
    "Bernal",
    "Nava",
    "Ayers",
    "Everett",
    "Ventura",
    "Avery",
    "Pugh",
    "Mayer",
    "Bender",
    "Shepard",
    "McMahon",
    "Landry",
    "Case",
    "Sampson",
    "Moses",
    "Magaña",
    "Blackburn",
    "Dunlap",
    "Gould",
    "Duffy",
    "Vaughan",
    "Herring",
    "McKay",
    "Espinosa",
    "Rivers",
    "Farley",
    "Bernard",
    "Ashley",
    "Friedman",
    "Potts",
    "Truong",
    "Costa",
    "Correa",
    "Blevins",
    "Nixon",
    "Clements",
    "Fry",
    "Delarosa",
    "Best",
    "Benton",
    "Lugo",
    "Portillo",
    "Dougherty",
    "Crane",
    "Haley",
    "Phan",
    "Villalobos",
    "Blanchard",
    "Horne",
    "Finley",
    "Quintana",
    "Lynn",
    "Esquivel",
    "Bean",
    "Dodson",
    "Mullen",
    "Xiong",
    "Hayden",
    "Cano",
    "Levy",
    "Huber",
    "Richmond",
    "Moyer",
    "Lim",
    "Frye",
    "Sheppard",
    "McCarty",
    "Avalos",
    "Booker",
    "Waller",
    "Parra",
    "Woodward",
    "Jaramillo",
    "Krueger",
    "Rasmussen",
    "Brandt",
    "Peralta",
    "Donaldson",
    "Stuart",
    "Faulkner",
    "Maynard",
    "Galindo",
    "Coffey",
    "Estes",
    "Sanford",
    "Burch",
    "Maddox",
    "Vo",
    "O'Connell",
    "Vu",
    "Andersen",
    "Spence",
    "McPherson",
    "Church",
    "Schmitt",
    "Stanton",
    "Leal",
    "Cherry",
    "Compton",
    "Dudley",
    "Sierra",
    "Pollard",
    "Alfaro",
    "Hester",
    "Proctor",
    "Lu",
    "Hinton",
    "Novak",
    "Good",
    "Madden",
    "McCann",
    "Terrell",
    "Jarvis",
    "Dickson",
    "Reyna",
    "Cantrell",
    "Mayo",
    "Branch",
    "Hendrix",
    "Rollins",
    "Rowland",
    "Whitney",
    "Duke",
    "Odom",
    "Daugherty",
    "Travis",
    "Tang",
];

/// Street name stems besides surnames.
const STREETS: &[&str] = &[
    "Oak",
    "Maple",
    "Cedar",
    "Pine",
    "Elm",
    "Walnut",
    "Willow",
    "Birch",
    "Chestnut",
    "Spruce",
    "Hickory",
    "Sycamore",
    "Magnolia",
    "Dogwood",
    "Aspen",
    "Park",
    "Lake",
    "Hill",
    "River",
    "Sunset",
    "Highland",
    "Meadow",
    "Forest",
    "Spring",
    "Valley",
    "Ridge",
    "Church",
    "Mill",
    "Main",
    "Center",
    "Market",
    "Broad",
    "High",
    "Water",
    "Bridge",
    "Union",
    "Franklin",
    "Washington",
    "Lincoln",
    "Jefferson",
    "Madison",
    "Adams",
    "Jackson",
    "Monroe",
    "Grant",
    "Hamilton",
    "Liberty",
    "Prospect",
    "Pleasant",
    "Fairview",
    "Lakeview",
    "Woodland",
    "Orchard",
    "Harbor",
    "Bay",
    "Ocean",
    "Canyon",
    "Vista",
    "Mission",
    "College",
    "School",
    "Railroad",
    "First",
    "Second",
    "Third",
    "Fourth",
    "Fifth",
    "Sixth",
    "Seventh",
    "Eighth",
    "Ninth",
    "Tenth",
    "Green",
    "Cherry",
    "Poplar",
    "Laurel",
    "Holly",
    "Juniper",
    "Cypress",
    "Redwood",
    "Sequoia",
    "Summit",
    "Crest",
    "Heritage",
    "Colonial",
    "Country Club",
    "Shady",
    "Quail",
    "Deer",
    "Fox",
];

const CITIES: &[&str] = &[
    "New York",
    "Los Angeles",
    "Chicago",
    "Houston",
    "Phoenix",
    "Philadelphia",
    "San Antonio",
    "San Diego",
    "Dallas",
    "San Jose",
    "Austin",
    "Jacksonville",
    "Fort Worth",
    "Columbus",
    "Charlotte",
    "Indianapolis",
    "San Francisco",
    "Seattle",
    "Denver",
    "Oklahoma City",
    "Nashville",
    "El Paso",
    "Washington",
    "Boston",
    "Las Vegas",
    "Portland",
    "Detroit",
    "Louisville",
    "Memphis",
    "Baltimore",
    "Milwaukee",
    "Albuquerque",
    "Fresno",
    "Tucson",
    "Sacramento",
    "Mesa",
    "Kansas City",
    "Atlanta",
    "Omaha",
    "Colorado Springs",
    "Raleigh",
    "Long Beach",
    "Virginia Beach",
    "Miami",
    "Oakland",
    "Minneapolis",
    "Tulsa",
    "Bakersfield",
    "Wichita",
    "Arlington",
    "Aurora",
    "Tampa",
    "New Orleans",
    "Cleveland",
    "Honolulu",
    "Anaheim",
    "Lexington",
    "Stockton",
    "Corpus Christi",
    "Henderson",
    "Riverside",
    "Newark",
    "Saint Paul",
    "Santa Ana",
    "Cincinnati",
    "Irvine",
    "Orlando",
    "Pittsburgh",
    "St. Louis",
    "Greensboro",
    "Jersey City",
    "Anchorage",
    "Lincoln",
    "Plano",
    "Durham",
    "Buffalo",
    "Chandler",
    "Chula Vista",
    "Toledo",
    "Madison",
    "Gilbert",
    "Reno",
    "Fort Wayne",
    "North Las Vegas",
    "St. Petersburg",
    "Lubbock",
    "Irving",
    "Laredo",
    "Winston-Salem",
    "Chesapeake",
    "Glendale",
    "Garland",
    "Scottsdale",
    "Norfolk",
    "Boise",
    "Fremont",
    "Spokane",
    "Santa Clarita",
    "Baton Rouge",
    "Richmond",
    "Hialeah",
    "San Bernardino",
    "Tacoma",
    "Modesto",
    "Huntsville",
    "Des Moines",
    "Yonkers",
    "Rochester",
    "Moreno Valley",
    "Fayetteville",
    "Fontana",
    "Columbus",
    "Worcester",
    "Port St. Lucie",
    "Little Rock",
    "Augusta",
    "Oxnard",
    "Birmingham",
    "Montgomery",
    "Frisco",
    "Amarillo",
    "Salt Lake City",
    "Grand Rapids",
    "Huntington Beach",
    "Overland Park",
    "Glendale",
    "Tallahassee",
    "Grand Prairie",
    "McKinney",
    "Cape Coral",
    "Sioux Falls",
    "Peoria",
    "Providence",
    "Vancouver",
    "Knoxville",
    "Akron",
    "Shreveport",
    "Mobile",
    "Brownsville",
    "Newport News",
    "Fort Lauderdale",
    "Chattanooga",
    "Tempe",
    "Springfield",
    "Ontario",
    "Elk Grove",
    "Salem",
    "Santa Rosa",
    "Clarksville",
    "Pembroke Pines",
];
