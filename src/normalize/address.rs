//! Postal addresses: USPS Publication 28 suffixes and directionals, Thai and Iranian street
//! words, units, postcodes, countries.
//!
//! [`normalize_address`] turns a [`PostalAddress`] as a source gave it into an [`Address`] whose
//! parts are comparable across sources:
//!
//! * **Text** is folded with [`fold`] (NFKD, lower-case, accents and punctuation removed), so NFC
//!   and NFD input, case and punctuation never matter.
//! * **House number** is split from the street line: `"12 N Main St"` → `"12"` + `"n main st"`.
//!   A letter after the number stays with it (`"12B"`, `"12 B Main St"`, `"109-A Wimbledon Sq"`
//!   → `"12b"`, `"109a"`), except when the letter is the street's own name (`"12 B St"`,
//!   `"1800 M Street NW"`) or begins initials or a road number (`"2964 L B J Fwy"`,
//!   `"254 U.S. Hwy 202"`); `bis` / `ter` too (`"8 bis avenue Foch"` → `"8bis"`). A range
//!   `"12-14"` is kept as `"12-14"`; a fraction is kept (`"12 1/2 Main St"` → `"12 1/2"`); an
//!   Australian `"4/12 Main St"` (also `"Unit 4/12 Main St"`) is unit `"4"` at number `"12"`,
//!   and so is a Canadian
//!   `"5-1234 Main St"` (unit 5 at number 1234) when the country is `CA` (elsewhere it is a
//!   range, as in Queens). Spelled-out numbers `one`…`twenty`, the tens and `hundred` are read
//!   before a street (`"One S. Dearborn St."` → `"1"`); a building name before the number is
//!   dropped (`"The Biltmore, 817 West Peachtree Street"` → `"817"`); Wisconsin grid numbers are
//!   one number (`"W148 N9748"` → `"w148n9748"`). A number after the street (`"Hauptstraße 12"`,
//!   `"Lindenallee 7 a"` → `"7a"`) is the house number unless the word before it is a
//!   highway, route, box or unit word (`"Route 66"`); what follows it is a unit
//!   (`"Keizersgracht 123 1"` → unit `"1"`, `"Calle Mayor 5, 3º B"` → unit `"3b"`).
//! * **Street** ([`standardize_street`]): USPS Publication 28 Appendix C1 suffixes (plus a few
//!   Commonwealth ones: close, parade, esplanade) and C2 directionals are abbreviated. Only the
//!   *last* suffix-like word is treated as a suffix, so `"Court Street"` → `"court st"`.
//!   Directionals are abbreviated in first (pre) and last (post) position whenever another word
//!   remains as the name (`"North Main Street"` → `"n main st"`, `"North Street"` → `"n st"`),
//!   which keeps both spellings consistent. `saint`/`sainte`/`mount`/`fort` before the suffix
//!   become `st`/`ste`/`mt`/`ft` and ordinal words `first`…`twelfth` become `1st`…`12th`; a
//!   number between a directional and the suffix is an ordinal (`"NW 1 St"` = `"NW 1st St"`).
//!   German `…straße` / `…str.` compounds end in `str` (`"Hauptstraße"` = `"Hauptstr."` →
//!   `"hauptstr"`); after a French street type (`rue`, `boul`, `chemin`, …) the directionals
//!   `Ouest`/`O`, `Est`, `Nord`, `Sud` become `w e n s`.
//! * **Numbered roads, PO boxes, rural routes** have one form each:
//!
//! | written | canonical |
//! |---|---|
//! | `Highway 1`, `Hwy 1`, `Hiway 1` | `hwy 1` |
//! | `Route 66`, `Rte 66`, `Rt 66` | `rte 66` |
//! | `County Road 12`, `County Rd 12`, `CR 12` | `cr 12` |
//! | `State Road 7`, `State Route 7`, `SR 7` | `sr 7` |
//! | `U.S. Highway 1`, `US Hwy 1`, `US Route 1`, `US 1` | `us hwy 1` |
//! | `Interstate 95`, `I-95` | `i 95` |
//! | `P.O. Box 12`, `PO Box 12`, `POB 12`, `Box 12`, `Post Office Box 12` | `po box 12` |
//! | `Rural Route 2`, `RR 2`, `R.R. 2`, `RFD 2`, `RFD Route 2` | `rr 2` |
//! | `Star Route 1`, `HC 1`, `HCR 1`, `Highway Contract Route 1` | `hc 1` |
//!
//! * **Recipient, building and box text** that names no other place is left out of the street:
//!   `Attn …` and `c/o …` (after the street to the end of the line, also when a company name
//!   comes first, or before the house number, or as a whole first segment: `Attn Dept 528, 4th
//!   Floor 300 E Randolph St`); a recipient, company or building before a house number that a
//!   street follows (`Hayes Hall 4859 S Wabash`, `Jane Doe, 435 Lasalle St` where the number
//!   comes first), a building before or after a unit written first (`Willis Tower, 45th Floor,
//!   233 S Wacker Dr`, `14th Floor L&C Tower 401 Church St` → unit `fl 45` / `fl 14`),
//!   a numbered complex before the street address (`One Liberty Plaza 165 Broadway` →
//!   `165 broadway`), a building between the street and a unit (`600 Grant St 1 Mellon Plaza
//!   Ste 3000`), a complex name after a thoroughfare type (`410 W Grand Ave Riverview Lofts`,
//!   `88 Hollis Rd The Ellington`), and a PO box or rural route box after a street address with
//!   its house number (`220 W Elm St PO Box 77` → `220 w elm st`), and so is a bank lockbox
//!   (`6000 Main Rd Lockbox # 4026`, `Acme Bank Lockbox 3601 500 Ross St`). In a PO box line,
//!   the mail stop beside the box is its unit (`Dept 4410 PO Box 1234`, `PO Box 60000 File
//!   30580` → street `po box …`, unit `dept 4410` / `file unit 30580`); a rural route box has
//!   none.
//!
//! * **Unit**: designators (USPS C2: apartment, apt, suite, ste, unit, room, floor, building,
//!   lot, space, trailer, `#`, …, plus `flat`, `shop`, `pmb`, `no`, `level`, `tower`, the
//!   mail code `M/C` / `M/S` (`ms 525`), and `piso`,
//!   `etage`, `stock`, `og`, `whg`, `appt`, `puerta`) are recognized in the `unit` field and
//!   inside the street line, also glued to their identifier (`"Suite100"`, `"Apt4B"`). In a
//!   street line that starts with the house number, a unit is also what follows the street's
//!   suffix (and post-directional): a bare identifier (`"123 Main St 600"`, `"… St 12C"`), a
//!   floor (`"15th Floor"`, `"Fourth Fl"`), `"No. 102"`, `"PMB 214"`; after a street written
//!   without suffix, a trailing number (`"203 N Wabash 608"`, `"308 Elizabeth 1W"`). A unit
//!   never stays in the street: `"n michigan avenue 41st floor"` → street `"n michigan ave"`,
//!   unit `"fl 41"`. A floor, a building or a number before the house number is a unit too
//!   (`"4th floor 300 east randolph st"`, `"Apt 4, 12 Main St"`, `"Dept 528, 4th Floor, 300 …"`,
//!   `"Dept PN-12 1500 S Hicks Rd"`, `"Portofino N 507 2600 N Flagler Dr"` → unit `"n507"` at
//!   number `"2600"`), and so is `# G` between the house number and a named
//!   street (`"6910 # G Mary Caroline Cir"`); a line of units alone (`"Bldg 15, Suite 100"`)
//!   has no street. After a common thoroughfare type (street, avenue, road, drive, boulevard,
//!   lane, parkway, highway, circle, terrace), two letters ending the line are the apartment
//!   (`"4315 Webster Ave LH"` → `"lh"`; not a state code, directional or word), and one or two
//!   words before a designator with its identifier, or before a number ending the line, belong
//!   to the unit (`"600 32nd Ave, Interim Unit 1"` → `"interim unit 1"`, `"1155 Reliable Pkwy
//!   Client Code 28502"`); a trailing `Bldg E` after a named street is a unit even with a
//!   directional letter.
//!
//!   The canonical unit: the **door** (apartment, suite, unit, room, `#`, …) is one thing
//!   whatever its designator, because sources mix them freely. **One door alone is only its
//!   identifier**, lower-case: `"Apartment 4B"`, `"Apt. 4b"`, `"#4-B"`, `"Unit 4 B"` all give
//!   `"4b"`. A letter or directional next to a number joins it (`"Apt 13 C"` → `"13c"`, `"# 3
//!   South"` → `"3s"`); two numbers never join, and a range keeps its dash (`"Apt 1-23"` →
//!   `"1-23"`, `"Apt 12-3"` → `"12-3"`). Anything else is written part by part with its
//!   designator, free words first (only when they name a building written without a number,
//!   `"North Tower Suite 100"`; beside an identified part any other free words, a department
//!   or a campus, say nothing: `"Rm 501 Sponsored Programs"` → `"501"`), then building,
//!   floor, doors, designators without identifier, others: `"Building 1, Suite 100"` → `"bldg 1 unit 100"` (never `"1100"`),
//!   `"Bldg 3 Apt 12"` → `"bldg 3 unit 12"`, `"15th Floor"` / `"Floor 15"` → `"fl 15"`,
//!   `"PMB 214"` → `"pmb 214"`, `"Suite 200c PMB 214"` → `"unit 200c pmb 214"`; a door or
//!   building word without identifier (a building's also without a name) says nothing
//!   (`"Tower, 4th Floor"` → `"fl 4"`, but `"Keller Bldg"` stays). So two
//!   different units never share a key. A name without designator or number (a house name, as
//!   FEBRL's `address_2` holds) is one word whatever its spacing (`"Tinaroo Falls"` →
//!   `"tinaroofalls"`). A designator that takes no identifier (`Rear`,
//!   `Basement`, `Penthouse`, …) gives its USPS abbreviation (`"rear"`, `"bsmt"`, `"ph"`). When
//!   the `unit` field and the street line both carry a unit, the `unit` field wins.
//! * **Postcode** ([`normalize_postcode`]): US ZIP+4 is split (`"02139-4307"` → `"02139"` +
//!   `"4307"`); a US ZIP that lost its leading zeros in a spreadsheet (3 or 4 digits, or 8 for
//!   ZIP+4) is zero-padded, but only when the country is known to be US (no 3- or 4-digit ZIP
//!   exists). **Postcodes are upper-case**: UK `"SW1A 1AA"`, Canada `"K1A 0B1"`, Netherlands
//!   `"1234 AB"` in their official spaced form, every other country without spaces
//!   (`"00-950"` → `"00950"`). With no country, the shape decides (5 or 5+4 digits → US rules; UK,
//!   Canadian and Dutch shapes → their forms). A postcode of the wrong shape for its country is
//!   kept in the compact upper-case form, never dropped, so that the same typo still matches.
//! * **Country** ([`country_code`]): ISO 3166-1 alpha-2 from any alpha-2 or alpha-3 code, English
//!   short name, or common alias / native name (`"U.S.A."`, `"United Kingdom"`, `"England"`,
//!   `"Deutschland"`, `"España"`, `"日本"`, `"ایران"`, `"ไทย"`). Country text that is not recognized gives
//!   `country: None` (not an error); `default_country` applies only when the address names none.
//! * **Region**: US state and Canadian province names become their postal codes (`"ma"`, `"qc"`).
//!
//! ## Thailand and Iran
//!
//! A street line is read in the Thai or Iranian convention when the country is `TH` or `IR`
//! (in any form [`country_code`] knows: `ไทย`, `ایران`, …), or, with no country, when the street
//! it leaves is written in Thai or Arabic script. In every street line, whatever the country:
//!
//! * Persian (`۰–۹`), Arabic-Indic (`٠–٩`) and Thai (`๐–๙`) digits read as ASCII digits, in the
//!   street line, unit and postcode; Arabic-keyboard letters read as Persian (`ي ى → ی`,
//!   `ك → ک`) and the elongation mark `ـ` is dropped; a zero-width non-joiner is dropped by
//!   [`fold`] (`بن‌بست` = `بنبست`).
//! * Street words are standardized like USPS suffixes, in any position (Thai words are matched
//!   with their vowel and tone marks ignored, so dropped or mistyped marks do not matter):
//!
//! | written | canonical | | written | canonical |
//! |---|---|---|---|---|
//! | `ถนน`, `ถ.` (road) | `ถ` | | `خیابان`, `خ.` (street) | `خیابان` |
//! | `ซอย`, `ซ.` (soi) | `ซ` | | `کوچه`, `ک.` (alley) | `کوچه` |
//! | `หมู่`, `หมู่ที่`, `ม.` (village no.) | `ม` | | `میدان`, `م.` (square) | `میدان` |
//! | `ตำบล`, `ต.` (subdistrict) | `ต` | | `بلوار` (boulevard) | `بلوار` |
//! | `แขวง` (Bangkok subdistrict) | `แขวง` | | `بن بست`, `بن‌بست` (dead end) | `بنبست` |
//! | `อำเภอ`, `อ.` (district) | `อ` | | `بزرگراه`, `بزرگ راه`, `اتوبان` | `بزرگراه` |
//! | `เขต` (Bangkok district) | `เขต` | | `آزادراه`, `آزاد راه` (freeway) | `ازادراه` |
//! | `จังหวัด`, `จ.` (province) | `จ` | | `چهارراه`, `چهار راه` | `چهارراه` |
//! | `หมู่บ้าน`, `มบ.` (estate) | `มบ` | | `جاده`, `تقاطع`, `کوی`, `شهرک` | themselves |
//! | `อาคาร` (building) | `อาคาร` | | | |
//!
//! * Thai words are often glued to what follows: a street word of three letters or more is split
//!   off a name (`ถนนศรีตะวัน` = `ถ.ศรีตะวัน` = `ถนน ศรีตะวัน` → `ถ ศรีตะวัน`), and a Thai or
//!   Persian word off a number (`หมู่5`, `پلاک12`). A name that merely begins like a street word
//!   (`ถนอม`) is left whole.
//! * Unit designators: `ห้อง` (room), `ชั้น` (floor), `واحد` (unit), `سوئیت` (suite), `طبقه`
//!   (floor), beside the USPS ones.
//!
//! In the Thai and Iranian convention:
//!
//! * The **house number** is the leading number, kept whole: a Thai house/sub-number `824/65` is
//!   one house number (not unit 824 of number 65 as in Australia). Without a leading number, a
//!   marker gives it: `پلاک 12` / `پ. 12`, `เลขที่ 12` / `บ้านเลขที่ 12`. A trailing number is part
//!   of the street name (`کوچه 12`, `ซอยสุขุมวิท 11`), never a house number.
//! * **Units**: each designator takes only the one word after it (`واحد 158`, `ห้อง 1201`,
//!   `Suite 4`); of several, the room / unit / suite wins over the floor (`ชั้น 12 ห้อง 1201` →
//!   `"1201"`). Two numbers are never glued into one unit: a `unit` field holding two numbers
//!   and no designator (`"12 3"`) gives no unit, and `"12/3"` stays `"12/3"`. Moo and soi
//!   numbers are part of the street, not units.
//! * **Postcodes**: Iran's 10 digits (`1434863111`, also written `14348-63111` or in Persian
//!   digits) and Thailand's 5 (`10110`) are kept as compact digits; like every other country, a
//!   postcode of the wrong length is kept compact, not dropped. With no country, a Thai or
//!   Persian street line (or Persian / Thai digits in the postcode) selects these rules.
//!
//! Parts longer than [`MAX_PART_LEN`] bytes are rejected before any work, so time is bounded.
//! Errors and `Debug` output never contain address text.
//!
//! ```
//! use selfsame::{normalize::address::normalize_address, PostalAddress};
//! let a = normalize_address(&PostalAddress::new().with_street("12 North Main Street Apt 4").with_postcode("02139-4307"), None).unwrap();
//! let b = normalize_address(&PostalAddress::new().with_street("12 N Main St #4").with_postcode("02139"), None).unwrap();
//! assert_eq!(a.key(), b.key());
//! assert_eq!(a.key(), "12|n main st|4|02139");
//! assert_eq!(a.postcode_ext.as_deref(), Some("4307"));
//! ```

use std::fmt;
use std::sync::OnceLock;

use crate::normalize::lookup::{self, FnvMap, Shape};
use crate::normalize::text::{fold, fold_into};
use crate::PostalAddress;

/// Longest accepted part (street, unit, city, region, postcode, country), in bytes.
///
/// ```
/// use selfsame::{normalize::address::{normalize_address, AddressError, MAX_PART_LEN}, PostalAddress};
/// let long = PostalAddress::new().with_city("x".repeat(MAX_PART_LEN + 1));
/// assert_eq!(normalize_address(&long, None), Err(AddressError::TooLong { part: "city" }));
/// ```
pub const MAX_PART_LEN: usize = 512;

/// A standardized postal address; text parts are folded lower-case, postcodes upper-case.
///
/// `Debug` prints `Address { .. }` so that addresses never reach logs by accident.
///
/// ```
/// use selfsame::{normalize::address::normalize_address, PostalAddress};
/// let a = normalize_address(&PostalAddress::new().with_street("12 N Main St Apt 4B").with_city("Boston"), None).unwrap();
/// assert_eq!(a.house_number.as_deref(), Some("12"));
/// assert_eq!(a.street.as_deref(), Some("n main st"));
/// assert_eq!(a.unit.as_deref(), Some("4b"));
/// assert_eq!(format!("{a:?}"), "Address { .. }");
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Address {
    /// House number (`"12"`, `"12b"`, `"12-14"`, `"12 1/2"`).
    pub house_number: Option<String>,
    /// Street name with standardized suffix and directionals (`"n main st"`).
    pub street: Option<String>,
    /// Unit: one door's identifier alone (`"4b"`), a designator that takes none (`"rear"`), or
    /// each part with its designator (`"fl 41"`, `"bldg 1 unit 100"`); see the module docs.
    pub unit: Option<String>,
    /// City, folded (`"st louis"`).
    pub city: Option<String>,
    /// Region / state, folded; US states and Canadian provinces as postal codes (`"ma"`).
    pub region: Option<String>,
    /// Postcode in its country's canonical upper-case form (US: ZIP5, UK: `"SW1A 1AA"`).
    pub postcode: Option<String>,
    /// Postcode extension (US ZIP+4's four digits).
    pub postcode_ext: Option<String>,
    /// ISO 3166 alpha-2 country code (`"US"`).
    pub country: Option<String>,
}

impl fmt::Debug for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Address { .. }")
    }
}

impl Address {
    /// Canonical single-line key for exact matching: house number, street, unit and postcode
    /// (ZIP5 for the US, without the +4), separated by `|`, an absent part left empty. City,
    /// region and country are left out because sources spell them too differently (vanity city
    /// names, missing states) while the postcode already pins the place. An address with none
    /// of those four parts keys on what it has instead: `~` + city, region and country
    /// (`"~boston|ma|US|"`), so that such partial addresses never share a key with full ones.
    ///
    /// ```
    /// use selfsame::{normalize::address::normalize_address, PostalAddress};
    /// let a = normalize_address(&PostalAddress::new().with_street("2807 Jennifer Stravenue Apartment 14B").with_city("Tucson"), None).unwrap();
    /// let b = normalize_address(&PostalAddress::new().with_street("2807 Jennifer Stra #14b"), None).unwrap();
    /// assert_eq!(a.key(), "2807|jennifer stra|14b|");
    /// assert_eq!(a.key(), b.key());
    /// ```
    pub fn key(&self) -> String {
        let mut parts = [&self.house_number, &self.street, &self.unit, &self.postcode];
        let mut out = String::with_capacity(48);
        if parts.iter().all(|p| p.is_none()) {
            out.push('~');
            parts = [&self.city, &self.region, &self.country, &None];
        }
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                out.push('|');
            }
            out.push_str(p.as_deref().unwrap_or(""));
        }
        out
    }

    /// Folded tokens of house number, street, unit, city and postcode (lower-case, spaces
    /// removed), for fuzzy token-set comparison. Region and country are left out.
    ///
    /// ```
    /// use selfsame::{normalize::address::normalize_address, PostalAddress};
    /// let a = normalize_address(&PostalAddress::new().with_street("12 N Main St #4").with_city("Boston").with_postcode("02139"), None).unwrap();
    /// assert_eq!(a.tokens(), ["12", "n", "main", "st", "4", "boston", "02139"]);
    /// ```
    pub fn tokens(&self) -> Vec<String> {
        let mut out = Vec::with_capacity(8);
        for part in [&self.house_number, &self.street, &self.unit, &self.city]
            .into_iter()
            .flatten()
        {
            out.extend(
                part.split(' ')
                    .filter(|t| !t.is_empty())
                    .map(str::to_string),
            );
        }
        if let Some(p) = &self.postcode {
            let mut t: String = p.chars().filter(|c| *c != ' ').collect();
            t.make_ascii_lowercase();
            out.push(t);
        }
        out
    }
}

/// Why an address was rejected. Messages never contain address text.
///
/// ```
/// use selfsame::{normalize::address::{normalize_address, AddressError}, PostalAddress};
/// assert_eq!(normalize_address(&PostalAddress::new(), None), Err(AddressError::Empty));
/// assert_eq!(normalize_address(&PostalAddress::new().with_street("--"), None), Err(AddressError::Empty));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AddressError {
    /// No part other than the country has any text (after folding away punctuation and symbols).
    #[error("address is empty")]
    Empty,
    /// A part is longer than [`MAX_PART_LEN`] bytes.
    #[error("address {part} is longer than 512 bytes")]
    TooLong {
        /// Which part: `street`, `unit`, `city`, `region`, `postcode` or `country`.
        part: &'static str,
    },
}

/// Normalizes an address; `default_country` (any code or name [`country_code`] knows) applies
/// only when the address names no country.
///
/// Fails with [`AddressError::TooLong`] when a part exceeds [`MAX_PART_LEN`] bytes, and with
/// [`AddressError::Empty`] when no part other than the country carries usable text (every part
/// blank or punctuation, or a country alone). See the [module docs](self) for every rule.
///
/// ```
/// use selfsame::{normalize::address::normalize_address, PostalAddress};
/// let a = normalize_address(
///     &PostalAddress::new()
///         .with_street("3990 WEST MONICA TRACK, Suite 300")
///         .with_city("Saint Louis")
///         .with_region("Missouri")
///         .with_postcode("63101-1234")
///         .with_country("U.S.A."),
///     None,
/// ).unwrap();
/// assert_eq!(a.key(), "3990|w monica trak|300|63101");
/// assert_eq!(a.city.as_deref(), Some("st louis"));
/// assert_eq!(a.region.as_deref(), Some("mo"));
/// assert_eq!(a.country.as_deref(), Some("US"));
///
/// let uk = normalize_address(&PostalAddress::new().with_street("10 Downing Street").with_postcode("sw1a2aa"), Some("UK")).unwrap();
/// assert_eq!(uk.postcode.as_deref(), Some("SW1A 2AA"));
/// assert_eq!(uk.country.as_deref(), Some("GB"));
///
/// // Units in the street line, structured and never glued together.
/// let u = |s: &str| normalize_address(&PostalAddress::new().with_street(s), None).unwrap().unit;
/// assert_eq!(u("100 N Michigan Avenue 41st Floor").as_deref(), Some("fl 41"));
/// assert_eq!(u("12 Main St, Building 1, Suite 100").as_deref(), Some("bldg 1 unit 100"));
/// assert_eq!(u("12 Main St Suite 1100").as_deref(), Some("1100"));
/// assert_eq!(u("123 Main St 12C").as_deref(), Some("12c"));
///
/// // Thailand: one house/sub-number, road abbreviated and glued or not.
/// let th = |s: &str| normalize_address(&PostalAddress::new().with_street(s), Some("TH")).unwrap();
/// assert_eq!(th("824/65 ถนนศรีตะวัน").key(), th("๘๒๔/๖๕ ถ.ศรีตะวัน").key());
/// assert_eq!(th("824/65 ถนนศรีตะวัน").house_number.as_deref(), Some("824/65"));
/// assert_eq!(th("824/65 ถนนศรีตะวัน").unit, None);
///
/// // Iran: unit after `واحد`, Persian digits, plaque marker.
/// let ir = normalize_address(&PostalAddress::new().with_street("خ. ولیعصر، کوچه ۱۲، پلاک ۳۴، واحد ۵"), Some("ایران")).unwrap();
/// assert_eq!(ir.key(), "34|خیابان ولیعصر کوچه 12|5|");
/// ```
pub fn normalize_address(
    a: &PostalAddress,
    default_country: Option<&str>,
) -> Result<Address, AddressError> {
    let parts = [
        ("street", &a.street),
        ("unit", &a.unit),
        ("city", &a.city),
        ("region", &a.region),
        ("postcode", &a.postcode),
        ("country", &a.country),
    ];
    for (part, value) in parts {
        if value.as_deref().is_some_and(|s| s.len() > MAX_PART_LEN) {
            return Err(AddressError::TooLong { part });
        }
    }
    if a.is_empty() {
        return Err(AddressError::Empty);
    }
    let country = match a.country.as_deref().filter(|c| !c.trim().is_empty()) {
        Some(c) => country_code(c),
        None => default_country.and_then(country_code),
    };
    let line = a
        .street
        .as_deref()
        .map(|s| parse_street_line(s, country))
        .unwrap_or_else(|| StreetLine {
            conv: country_convention(country),
            ..StreetLine::default()
        });
    let unit = a
        .unit
        .as_deref()
        .and_then(|u| normalize_unit(u, line.conv))
        .or(line.unit);
    // With no country, a Thai or Persian street line tells which postcode rules apply.
    let postcode_country = country.or(match line.conv {
        Convention::Thai => Some("TH"),
        Convention::Persian => Some("IR"),
        Convention::Default => None,
    });
    let (postcode, postcode_ext) = match a
        .postcode
        .as_deref()
        .and_then(|p| normalize_postcode(p, postcode_country))
    {
        Some((p, ext)) => (Some(p), ext),
        None => (None, None),
    };
    let city = a.city.as_deref().and_then(normalize_city);
    let region = a
        .region
        .as_deref()
        .and_then(|r| normalize_region(r, country));
    let mut out = Address {
        house_number: line.house,
        street: line.street,
        unit,
        city,
        region,
        postcode,
        postcode_ext,
        country: country.map(str::to_string),
    };
    settle_street(&mut out, country);
    let only_country = Address {
        country: out.country.clone(),
        ..Address::default()
    };
    if out == only_country {
        return Err(AddressError::Empty);
    }
    Ok(out)
}

/// A street that still holds a unit word, a `#`, a number or a lone letter (`main st apt n`
/// from `Main St Apt North`, `aa 0a` beside unit `0`, `n 3 n 3rd st`), or that starts with a
/// unit word and has no house number (`apt 1st`, `# flat p`), can read otherwise once written
/// back as a source would store it (house number and street in the street field, the unit in
/// its own): standardizing a word (`north` → `n`, `stravenue` → `stra`) or taking a unit out
/// can leave a shape the street rules read as a unit or a house number. Read it again that way
/// until it stops changing (at most three times), so that an address and its own normalized
/// parts give one key. Streets of plain name words, types and directionals are never read
/// again.
fn settle_street(out: &mut Address, country: Option<&str>) {
    let mut text = String::new();
    for _ in 0..3 {
        let Some(street) = out.street.as_deref() else {
            return;
        };
        if !may_read_otherwise(street) {
            return;
        }
        text.clear();
        if let Some(h) = &out.house_number {
            text.push_str(h);
            text.push(' ');
        }
        text.push_str(street);
        let line = parse_street_line(&text, country);
        let unit = out
            .unit
            .as_deref()
            .and_then(|u| normalize_unit(u, line.conv))
            .or(line.unit);
        if line.house == out.house_number && line.street == out.street && unit == out.unit {
            return;
        }
        out.house_number = line.house;
        out.street = line.street;
        out.unit = unit;
    }
}

/// Could a normalized street read otherwise written back (see [`settle_street`])? When it
/// holds a unit word, a `#`, a lone letter that is no directional, or a word with a digit that
/// is no ordinal (`us hwy 1`, `aa 0a`).
fn may_read_otherwise(street: &str) -> bool {
    street.split(' ').any(|w| {
        w.starts_with('#')
            || (has_digit(w) && !is_ordinal(w))
            || (w.len() == 1 && directional(w).is_none())
            || designator(w).is_some()
    })
}

/// Standardizes a street name (without house number or unit): folds it, abbreviates the last
/// suffix-like word per USPS Publication 28 C1 and pre-/post-directionals per C2, and maps
/// `saint`/`mount`/`fort` and ordinal words before the suffix. Idempotent. A leading all-digit
/// word (a house number) is left alone and not counted as part of the name.
///
/// ```
/// use selfsame::normalize::address::standardize_street;
/// assert_eq!(standardize_street("North Main Street"), "n main st");
/// assert_eq!(standardize_street("Court Street"), "court st");
/// assert_eq!(standardize_street("Martin Luther King Jr. Boulevard South-West"), "martin luther king jr blvd sw");
/// assert_eq!(standardize_street("Fifth Avenue"), "5th ave");
/// assert_eq!(standardize_street("Saint Charles Ave."), "st charles ave");
/// assert_eq!(standardize_street("Broadway"), "broadway");
/// assert_eq!(standardize_street(&standardize_street("Jennifer Stravenue")), "jennifer stra");
/// assert_eq!(standardize_street("ถนนสีลม"), standardize_street("ถ.สีลม"));
/// assert_eq!(standardize_street("خ. آزادی"), "خیابان ازادی");
/// assert_eq!(standardize_street("چهار راه ولیعصر"), "چهارراه ولیعصر");
/// ```
pub fn standardize_street(s: &str) -> String {
    let folded = unify_script(fold(s));
    let mut toks: Vec<&str> = folded.split(' ').filter(|t| !t.is_empty()).collect();
    if !folded.is_ascii() {
        toks = split_glued(&toks);
    }
    standardize_tokens(&mut toks);
    toks.join(" ")
}

/// Normalizes a postcode for a country (alpha-2, alpha-3 or name; `None` when unknown) into its
/// canonical upper-case form and, for US ZIP+4, the extension. `None` when the text folds to
/// nothing. See the [module docs](self) for the per-country rules.
///
/// ```
/// use selfsame::normalize::address::normalize_postcode;
/// let p = |s, c| normalize_postcode(s, c);
/// assert_eq!(p("02139-4307", Some("US")), Some(("02139".to_string(), Some("4307".to_string()))));
/// assert_eq!(p("021394307", None), Some(("02139".to_string(), Some("4307".to_string()))));
/// assert_eq!(p("2139", Some("US")), Some(("02139".to_string(), None)));
/// assert_eq!(p("2139", None), Some(("2139".to_string(), None)));
/// assert_eq!(p("sw1a1aa", Some("GB")), Some(("SW1A 1AA".to_string(), None)));
/// assert_eq!(p("k1a0b1", None), Some(("K1A 0B1".to_string(), None)));
/// assert_eq!(p("00-950", Some("PL")), Some(("00950".to_string(), None)));
/// assert_eq!(p("۱۴۳۴۸-۶۳۱۱۱", Some("IR")), Some(("1434863111".to_string(), None)));
/// assert_eq!(p("๑๐๑๑๐", Some("ไทย")), Some(("10110".to_string(), None)));
/// assert_eq!(p(" - ", Some("US")), None);
/// ```
pub fn normalize_postcode(s: &str, country: Option<&str>) -> Option<(String, Option<String>)> {
    let folded = fold(&ascii_digits(s));
    if folded.is_empty() {
        return None;
    }
    let mut compact: String = folded.chars().filter(|c| *c != ' ').collect();
    compact.make_ascii_uppercase();
    // With no country, Persian or Arabic-Indic digits say Iran and Thai digits Thailand.
    let country = country.and_then(country_code).or_else(|| {
        (!s.is_ascii()).then_some(())?;
        s.chars().find_map(native_digit_script).map(|c| match c {
            Convention::Thai => "TH",
            _ => "IR",
        })
    });
    let formatted = match country {
        Some(c) if is_us_like(c) => us_zip(&folded, &compact, true),
        Some("GB" | "GG" | "JE" | "IM") => uk_postcode(&compact).map(|p| (p, None)),
        Some("CA") => ca_postcode(&compact).map(|p| (p, None)),
        Some("NL") => nl_postcode(&compact).map(|p| (p, None)),
        // Every other country, Iran (10 digits, also written `12345-67890`) and Thailand
        // (5 digits) included: the compact form is canonical, whatever the shape.
        Some(_) => None,
        None => us_zip(&folded, &compact, false)
            .or_else(|| uk_postcode(&compact).map(|p| (p, None)))
            .or_else(|| ca_postcode(&compact).map(|p| (p, None)))
            .or_else(|| nl_postcode(&compact).map(|p| (p, None))),
    };
    Some(formatted.unwrap_or((compact, None)))
}

/// ISO 3166-1 alpha-2 code for a country code (alpha-2 or alpha-3, any case), English short
/// name, or common alias or native name; `None` when not recognized. Case, accents, spacing
/// and punctuation are ignored.
///
/// ```
/// use selfsame::normalize::address::country_code;
/// for s in ["US", "usa", "U.S.A.", "United States of America", "America"] {
///     assert_eq!(country_code(s), Some("US"), "{s}");
/// }
/// assert_eq!(country_code("England"), Some("GB"));
/// assert_eq!(country_code("uk"), Some("GB"));
/// assert_eq!(country_code("Deutschland"), Some("DE"));
/// assert_eq!(country_code("DEU"), Some("DE"));
/// assert_eq!(country_code("España"), Some("ES"));
/// assert_eq!(country_code("日本"), Some("JP"));
/// assert_eq!(country_code("ایران"), Some("IR"));
/// assert_eq!(country_code("ايران"), Some("IR")); // Arabic yeh
/// assert_eq!(country_code("ไทย"), Some("TH"));
/// assert_eq!(country_code("Côte d’Ivoire"), Some("CI"));
/// assert_eq!(country_code("Narnia"), None);
/// ```
pub fn country_code(s: &str) -> Option<&'static str> {
    if s.len() > MAX_PART_LEN {
        return None;
    }
    // ASCII folds to its lower-case letters and digits: look it up from a stack buffer.
    if s.is_ascii() && s.len() <= 64 {
        let mut buf = [0u8; 64];
        let mut n = 0;
        for b in s.bytes().filter(u8::is_ascii_alphanumeric) {
            buf[n] = b.to_ascii_lowercase();
            n += 1;
        }
        let key = std::str::from_utf8(&buf[..n]).ok()?;
        return country_index().get(key).copied();
    }
    let key = crate::normalize::text::fold_compact(s);
    country_index().get(key.as_str()).copied()
}

/// [`country_table`] as a hash index (asked up to three times per address: the record's
/// country, the address's, the postcode's). The table's keys are distinct and never empty, so
/// a lookup answers as the binary search of the sorted table did, an empty key included.
fn country_index() -> &'static FnvMap<&'static str, &'static str> {
    static INDEX: OnceLock<FnvMap<&'static str, &'static str>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let table = country_table();
        let pairs: Vec<(&'static str, &'static str)> =
            table.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        lookup::index(&pairs)
    })
}

const COUNTRY_CODES: &str = include_str!("data/country_codes.csv");
const COUNTRY_ALIASES: &str = include_str!("data/country_aliases.csv");

/// Folded compact name or code → alpha-2, sorted by key.
fn country_table() -> &'static [(String, &'static str)] {
    static TABLE: OnceLock<Vec<(String, &'static str)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let compact = crate::normalize::text::fold_compact;
        let mut v = Vec::with_capacity(1100);
        for line in COUNTRY_CODES.lines().skip(1) {
            let mut f = line.splitn(3, ',');
            let (Some(a2), Some(a3), Some(name)) = (f.next(), f.next(), f.next()) else {
                continue;
            };
            v.push((compact(a2), a2));
            v.push((compact(a3), a2));
            v.push((compact(name), a2));
        }
        for line in COUNTRY_ALIASES.lines().skip(1) {
            if let Some((alias, a2)) = line.rsplit_once(',') {
                v.push((compact(alias), a2));
            }
        }
        v.retain(|(k, _)| !k.is_empty());
        v.sort();
        v.dedup_by(|a, b| a.0 == b.0);
        v
    })
}

fn is_us_like(c: &str) -> bool {
    matches!(
        c,
        "US" | "PR" | "VI" | "GU" | "AS" | "MP" | "UM" | "MH" | "FM" | "PW"
    )
}

/// US ZIP / ZIP+4. `pad` restores leading zeros lost in spreadsheets (only when the country is
/// known to use ZIP codes).
fn us_zip(folded: &str, compact: &str, pad: bool) -> Option<(String, Option<String>)> {
    if !compact.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let split9 = |z: &str| Some((z[..5].to_string(), Some(z[5..].to_string())));
    match compact.len() {
        5 => Some((compact.to_string(), None)),
        9 => split9(compact),
        3 | 4 if pad => Some((format!("{compact:0>5}"), None)),
        8 if pad => split9(&format!("{compact:0>9}")),
        _ => {
            let first = folded.split(' ').next().unwrap_or("");
            (first.len() == 5 && compact.len() > 5).then(|| (first.to_string(), None))
        }
    }
}

/// UK (and Crown dependency) postcode: outward code, space, inward code (`SW1A 1AA`).
fn uk_postcode(c: &str) -> Option<String> {
    let b = c.as_bytes();
    if !(5..=7).contains(&b.len()) {
        return None;
    }
    let (out, inw) = b.split_at(b.len() - 3);
    let a = |x: u8| x.is_ascii_uppercase();
    let d = |x: u8| x.is_ascii_digit();
    let inward_ok = d(inw[0]) && a(inw[1]) && a(inw[2]);
    let outward_ok = match *out {
        [x, y] => a(x) && d(y),
        [x, y, z] => a(x) && ((d(y) && (d(z) || a(z))) || (a(y) && d(z))),
        [w, x, y, z] => a(w) && a(x) && d(y) && (d(z) || a(z)),
        _ => false,
    } || out == b"GIR";
    (inward_ok && outward_ok).then(|| format!("{} {}", &c[..out.len()], &c[out.len()..]))
}

/// Canadian postal code `A9A 9A9`.
fn ca_postcode(c: &str) -> Option<String> {
    let b = c.as_bytes();
    let ok = b.len() == 6
        && b.iter().enumerate().all(|(i, x)| {
            if i % 2 == 0 {
                x.is_ascii_uppercase()
            } else {
                x.is_ascii_digit()
            }
        });
    ok.then(|| format!("{} {}", &c[..3], &c[3..]))
}

/// Dutch postcode `1234 AB`.
fn nl_postcode(c: &str) -> Option<String> {
    let b = c.as_bytes();
    let ok = b.len() == 6
        && b[0] != b'0'
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4..].iter().all(u8::is_ascii_uppercase);
    ok.then(|| format!("{} {}", &c[..4], &c[4..]))
}

/// House number, street and unit found in one street line, and the convention it was read in.
#[derive(Default)]
struct StreetLine {
    house: Option<String>,
    street: Option<String>,
    unit: Option<String>,
    conv: Convention,
}

fn parse_street_line(raw: &str, country: Option<&str>) -> StreetLine {
    let raw = without_recipient_segment(raw, country);
    // ASCII in, ASCII out: the script steps are skipped on the common path.
    let ascii = raw.is_ascii();
    let raw = if ascii {
        std::borrow::Cow::Borrowed(raw)
    } else {
        ascii_digits(raw)
    };
    let mut buf = String::with_capacity(raw.len() + 8);
    lex(&raw, true, &mut buf);
    let buf = if ascii { buf } else { unify_script(buf) };
    let native = !ascii && !buf.is_ascii();
    // Ordinals and saint/mount/fort are mapped first, so that house-number and unit detection
    // see the same words in raw and in already-normalized input.
    let mut all: Vec<&str> = buf
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(|w| name_word(w).unwrap_or(w))
        .collect();
    if native {
        all = split_glued(&all);
    }
    drop_box_number_signs(&mut all);
    if country.is_some() {
        let conv = country_convention(country);
        if conv != Convention::Default {
            return parse_native_line(&all, conv);
        }
    } else if native {
        // No country: the Thai or Iranian reading holds when the street it leaves is written in
        // that script, so that the line rebuilt from the normalized parts is read the same way.
        let line = parse_native_line(&all, Convention::Default);
        if let Some(conv) = line.street.as_deref().and_then(script_convention) {
            return StreetLine { conv, ..line };
        }
    }
    let mut line = parse_default_line(all, country);
    if native && country.is_none() {
        // A Thai or Persian street read the default way (`پلاک 12` with nothing else): the unit
        // field beside it is read as it will be beside the rebuilt line (`12 پلاک`).
        line.conv = line
            .street
            .as_deref()
            .and_then(script_convention)
            .unwrap_or_default();
        if line.conv != Convention::Default {
            line.unit = line.unit.and_then(|u| normalize_unit(&u, line.conv));
        }
    }
    line
}

/// The end (past the closing bracket) of the annotation that opens at byte `at` of `raw`, a
/// group in parentheses or brackets that holds no digit and no unit ([`is_annotation`]).
fn annotation_end(raw: &str, at: usize) -> Option<usize> {
    let close = match raw.as_bytes().get(at)? {
        b'(' => ')',
        b'[' => ']',
        _ => return None,
    };
    let rest = raw.get(at + 1..)?;
    let len = rest.find(close)?;
    is_annotation(rest.get(..len)?).then_some(at + 1 + len + 1)
}

/// Whether the text of a group in parentheses or brackets is an annotation: no digit, not a
/// letter alone (`(B)` may be the door) and no unit designator (a designator without
/// identifier counts only alone: `(Rear)`).
pub(crate) fn is_annotation(inner: &str) -> bool {
    if inner.chars().any(char::is_numeric) {
        return false;
    }
    let words = || {
        inner
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
    };
    let alone = words().count() == 1;
    !words().any(|w| {
        (alone && w.chars().nth(1).is_none())
            || designator(&w.to_lowercase())
                .is_some_and(|d| alone || !matches!(d, Designator::NoId(_)))
    })
}

/// A recipient written in its own segment before the street address, in a country that writes
/// the house number first (US, Canada, UK, Ireland, Australia, New Zealand): `Jane Doe, 435
/// Lasalle`, `Acme Corp, 90 Claire Gulch`. The segment has two words or more, no digit and no
/// unit, box or route word; the rest starts with a number and a name. Elsewhere (`Via Roma,
/// 12`) the street comes first and nothing is dropped.
fn without_recipient_segment<'a>(raw: &'a str, country: Option<&str>) -> &'a str {
    if !matches!(country, Some("US" | "CA" | "GB" | "IE" | "AU" | "NZ")) {
        return raw;
    }
    let Some((first, rest)) = raw.split_once([',', ';']) else {
        return raw;
    };
    let rest = rest.trim_start();
    let mut rest_words = rest.split_whitespace();
    let numbered = rest_words.next().is_some_and(starts_with_digit)
        && rest_words
            .next()
            .is_some_and(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2);
    if !numbered {
        return raw;
    }
    let mut buf = String::new();
    lex(first, true, &mut buf);
    let words: Vec<&str> = buf.split(' ').filter(|w| !w.is_empty()).collect();
    // `Attn Dept 528, 4th Floor 300 E Randolph St`: an attention line, whatever it holds.
    let attention =
        matches!(words.first(), Some(&("attn" | "attention"))) || words.starts_with(&["c", "o"]);
    let recipient = attention
        || words.len() >= 2
            && words.iter().all(|w| {
                !has_digit(w)
                    && *w != "#"
                    && designator(w).is_none()
                    && !blocks_trailing_number(w)
                    && !matches!(*w, "box" | "po" | "pob" | "rr" | "rfd" | "hc" | "the")
            });
    if recipient {
        rest
    } else {
        raw
    }
}

/// A street line read the US / Commonwealth / European way (see the module docs). Works in
/// place on the words: on a clean line nothing is allocated but the house number and street.
fn parse_default_line<'a>(mut t: Vec<&'a str>, country: Option<&str>) -> StreetLine {
    split_glued_designators(&mut t);
    // What the rules below look for, found once: most lines hold no box, recipient marker,
    // designator or `#`, and the rules that need one are skipped (the rules only take words
    // out, so a word absent now stays absent).
    let boxed = has_box_or_recipient_word(&t);
    let designated = t.iter().any(|w| designator(w).is_some());
    // "Dept 4410, PO Box 1234", "PO Box 60000 File 30580": a box line with its mail stop.
    if boxed {
        if let Some(line) = box_with_secondary(&t) {
            return line;
        }
        drop_recipient(&mut t);
    }
    let mut unit_toks: Vec<&'a str> = Vec::new();
    // Australian `Unit 5/12 Smith St`, `Shop 2/40 Queen St`: the door's designator before the
    // unit / number pair says what the pair says already (read below).
    if let (true, [d, pair, rest @ ..]) = (designated, &t[..]) {
        if designator(d).is_some_and(|d| part_kind(d) == PartKind::Door)
            && is_number_pair(pair, b'/')
            && named_street_after(rest)
        {
            t.remove(0);
        }
    }
    // A building, then a unit, written first: "Willis Tower, 45th Floor, 233 S Wacker Dr".
    let mut leading = designated.then(|| leading_unit_len(&t)).flatten();
    if designated && leading.is_none() {
        if let Some(b) = building_before_unit_len(&t).or_else(|| complex_before_unit_len(&t)) {
            t.drain(..b);
            leading = leading_unit_len(&t);
        }
    }
    // A unit written first: "Apt 4, 12 Main St", "Flat 3 12 High St", "4th Floor 300 E Main St",
    // also with a building after it ("14th Floor, Tower B, …" is one; "14th Floor L&C Tower
    // 401 Church St" drops the building).
    if let Some(n) = leading {
        unit_toks.extend(t.drain(..n));
        if let Some(b) = leading_building_len(&t) {
            t.drain(..b);
        }
    }
    // "# 4 Main St", "4 Main St #": a `#` before the house number or at the end says nothing.
    while t.first() == Some(&"#") {
        t.remove(0);
    }
    while t.last() == Some(&"#") {
        t.pop();
    }
    // "Portofino N 507 2600 N Flagler Dr": a number right before the house number of a named
    // street is a unit (with a letter before it), and what comes first a building.
    if let Some(k) = t.iter().position(|w| starts_with_digit(w)) {
        let unit_number = t[k].bytes().all(|b| b.is_ascii_digit())
            && t.get(k + 1)
                .is_some_and(|h| starts_with_digit(h) && !h.contains('/') && !is_ordinal(h))
            && t.get(k + 2..).is_some_and(named_street_after)
            && t[..k]
                .iter()
                .all(|w| designator(w).is_none() && !blocks_trailing_number(w) && !has_digit(w));
        if unit_number {
            let a = if k >= 1 && is_letter(t[k - 1]) {
                k - 1
            } else {
                k
            };
            unit_toks.extend(t.drain(a..=k));
            t.drain(..a);
        }
    }
    // "One S. Dearborn St.": a spelled-out house number.
    if let Some(n) = t.first().and_then(|w| number_word(w)) {
        if spelled_house_number(&t) {
            t[0] = n;
        }
    }
    // "The Biltmore, 817 W Peachtree St": the building name is dropped.
    if let Some(k) = building_first(&t).or_else(|| numbered_complex_len(&t)) {
        t.drain(..k);
    }
    let h = t.first().is_some_and(|f| starts_with_digit(f)).then_some(1);
    if h.is_some() {
        if designated {
            drop_building_before_unit(&mut t);
        }
        // `6910 # G Mary Caroline Cir`: the unit written between the number and the street.
        if t.get(1) == Some(&"#")
            && t.get(2).is_some_and(|w| is_id_like(w) || is_letter(w))
            && named_street_after(&t[3..])
        {
            unit_toks.extend(t.drain(1..3));
        }
    }
    if let Some(j) = (1..t.len()).find(|&j| unit_starts_at(&t, j, h)) {
        unit_toks.extend(t.drain(j..));
    }
    t.retain(|w| *w != "#");
    // Australian "4/12 Smith St": unit 4 of number 12; in Canada, "5-1234 Main St" likewise.
    let mut first_unit = None;
    if let Some(&first) = t.first() {
        let ca = country == Some("CA") && is_number_pair(first, b'-');
        let pair = first
            .split_once('/')
            .or_else(|| ca.then(|| first.split_once('-')).flatten());
        if let Some((u, h)) = pair {
            first_unit = non_empty(u.to_string());
            t[0] = h;
        }
    }
    let (house, tail) = split_house_number(&mut t);
    unit_toks.extend(tail);
    // A designator without identifier ends the line right after a suffix or directional that
    // follows a name: "12 Main St Rear".
    if let [.., _, prev, last] = t[..] {
        if matches!(designator(last), Some(Designator::NoId(_)))
            && (suffix(prev).is_some() || directional(prev).is_some())
            && t[..t.len() - 2].iter().any(|w| !starts_with_digit(w))
        {
            unit_toks.push(last);
            t.pop();
        }
    }
    drop_trailing_complex(&mut t);
    standardize_tokens(&mut t);
    StreetLine {
        house,
        street: (!t.is_empty()).then(|| t.join(" ")),
        unit: unit_canonical(&unit_toks).or(first_unit),
        conv: Convention::Default,
    }
}

/// A post office box line with a secondary identifier beside it, as remittance and
/// institutional addresses write the mail stop, department or lockbox of the box holder:
/// `Dept 4410 PO Box 1234`, `Lockbox # 9351 PO Box 8500`, `PO Box 60000 File 30580`,
/// `PO Box 12000 MS 5-230`, `Mail Code 55083 PO Box 105046`. The box stays the street line and
/// the secondary group (one or two words, an optional `#` or `No`, an identifier with a digit)
/// is the unit. Words without digits before the group are the recipient (`Health Sciences
/// Center PO Box 26901 SCB 223`) and are dropped. Only for a line that does not start with a
/// house number, and never for a rural or highway-contract route (`RR 1 Box 81`).
fn box_with_secondary(t: &[&str]) -> Option<StreetLine> {
    if t.first().is_none_or(|w| starts_with_digit(w)) {
        return None;
    }
    let (b, e) = po_box_span(t)?;
    let is_mark = |w: &str| matches!(w, "#" | "no" | "number");
    let route = |w: &str| {
        matches!(
            w,
            "rr" | "rt" | "rte" | "route" | "rfd" | "hc" | "hcr" | "star" | "hwy" | "highway"
        )
    };
    // The designator word(s) of a group: alphabetic, not a directional, street type or route.
    let designator_word = |w: &str| {
        w.len() >= 2
            && w.bytes().all(|c| c.is_ascii_alphabetic())
            && !is_mark(w)
            && directional(w).is_none()
            && street_suffix(w).is_none()
            && !route(w)
    };
    let (before, after) = (&t[..b], &t[e..]);
    // `R R 2 Box 5`, `H C 1 Box 3`: routes written with spaced letters.
    if before
        .iter()
        .chain(after)
        .any(|w| route(w) || w.len() == 1 && has_alpha(w))
    {
        return None;
    }
    let group: &[&str] = match (before, after) {
        ([.., _], []) => {
            // The group ends the words before the box: designator, optional mark, identifier.
            let id = before.len() - 1;
            if !has_digit(before[id]) || id == 0 {
                return None;
            }
            let mut d = id;
            while d > 0 && is_mark(before[d - 1]) {
                d -= 1;
            }
            if d == 0
                || !designator_word(before[d - 1])
                || before[..d - 1].iter().any(|w| has_digit(w))
            {
                return None;
            }
            // Two-word designators: `Mail Code`, `Mail Stop`, `Lock Box`, `Client Code`.
            if d >= 2 && matches!(before[d - 2], "mail" | "lock" | "client" | "account") {
                d -= 1;
            }
            &before[d - 1..]
        }
        (_, [first, .., last]) => {
            let mid = &after[1..after.len() - 1];
            let words = mid.iter().take_while(|w| !is_mark(w)).count();
            let ok = designator_word(first)
                && has_digit(last)
                && words <= 1
                && mid[..words].iter().all(|w| designator_word(w))
                && mid[words..].iter().all(|w| is_mark(w))
                && before.iter().all(|w| !has_digit(w));
            if !ok {
                return None;
            }
            after
        }
        _ => return None,
    };
    let mut street: Vec<&str> = t[b..e].to_vec();
    standardize_tokens(&mut street);
    Some(StreetLine {
        house: None,
        street: Some(street.join(" ")),
        unit: unit_canonical(group),
        conv: Convention::Default,
    })
}

/// Removes what is addressed to a person or office rather than a place: `Attn …` or `c/o …`
/// after the street (to the end of the line: `12 Main St Ste 100 Attn: Accounts Payable`), or
/// before the house number (`c/o Acme Corp 12 Main St`, `Attn Jane Doe 3 Fl 45-18 Court Sq`),
/// and a post office box or rural route box written after a street address with its house
/// number (`110 W Edwards PO Box 5000`, `104 S Walnut RR 1 Box 297`): the street address is
/// the place, the box only another way to reach it.
fn drop_recipient(t: &mut Vec<&str>) {
    let marker = |t: &[&str], i: usize| {
        matches!(t[i], "attn" | "attention") || t[i..].starts_with(&["c", "o"])
    };
    // Before the house number: the marker and the words without digits after it.
    if !t.is_empty() && marker(t, 0) {
        let skip = if t[0] == "c" { 2 } else { 1 };
        let name = t[skip..]
            .iter()
            .take_while(|w| !has_digit(w) && designator(w).is_none())
            .count();
        if t.get(skip + name).is_some_and(|w| starts_with_digit(w)) {
            t.drain(..skip + name);
        }
    }
    // After the street (its house number and a name): from the marker to the end, also when
    // a building or company name comes first (`Acme Corp 77 Wacker Dr Attn: Jane Doe`).
    if let Some(k) = t.iter().position(|w| starts_with_digit(w)) {
        if let Some(i) = (k + 2..t.len()).find(|&i| marker(t, i)) {
            if t[k + 1..i].iter().any(|w| is_name_word(w)) {
                t.truncate(i);
            }
        }
    }
    drop_lockbox(t);
    if !t.first().is_some_and(|w| starts_with_digit(w)) {
        return;
    }
    // A box after the street address, ending the line.
    let box_start = (2..t.len()).find(|&i| {
        let rest = &t[i..];
        let route = matches!(rest, ["rr" | "rfd" | "hc" | "hcr", n, "box", m] | ["r", "r", n, "box", m]
            if has_digit(n) && has_digit(m));
        route || po_box_span(rest) == Some((0, rest.len()))
    });
    if let Some(mut i) = box_start {
        // A bare `box` found after the written-out start of its own form (`1st po box 12`):
        // the box starts there.
        if t[i] == "box" {
            for form in [&["post", "office"][..], &["p", "o"], &["po"]] {
                if i >= form.len() && t[i - form.len()..i] == *form {
                    i -= form.len();
                    break;
                }
            }
        }
        if t[1..i]
            .iter()
            .any(|w| is_name_word(w) && directional(w).is_none())
        {
            t.truncate(i);
        }
    }
}

/// Removes a bank lockbox (`Lockbox 848104`, `Lock Box # 427`, `LBX # 402605`, `LB # 842467`,
/// `Lockbox No 774193`) written beside a street address: like a PO box after a street address,
/// it is a way to route the mail, not the place. After the house number and a name
/// (`6000 Feldwood Rd Lockbox # 402605`, `1950 N Stemmons Fwy Ste 5010 Lockbox 848104`) the
/// lockbox words go; before the house number, with what precedes them (a bank's name:
/// `Mellon Bank Lockbox 360172 500 Ross St`), when a house number and a named street follow.
/// A lockbox with a PO box and no street address is the box's mail stop (see
/// [`box_with_secondary`]).
fn drop_lockbox(t: &mut Vec<&str>) {
    let span = |t: &[&str], i: usize| -> Option<usize> {
        let n = match t[i..] {
            ["lockbox" | "lbx", ..] => 1,
            ["lock", "box", ..] => 2,
            ["lb", "#" | "no", ..] => 1,
            _ => return None,
        };
        let m = usize::from(matches!(t.get(i + n), Some(&("#" | "no" | "number"))));
        t.get(i + n + m)
            .is_some_and(|w| has_digit(w))
            .then_some(i + n + m + 1)
    };
    let Some((i, e)) = (0..t.len()).find_map(|i| span(t, i).map(|e| (i, e))) else {
        return;
    };
    // An ordinal is a name (`First Valley Bank`), not a house number.
    let house = t
        .iter()
        .position(|w| starts_with_digit(w) && !is_ordinal(w));
    if house.is_some_and(|k| k < i && t[k + 1..i].iter().any(|w| is_name_word(w))) {
        t.drain(i..e);
    } else if t[..i].iter().all(|w| !has_digit(w) || is_ordinal(w))
        && t.get(e)
            .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit()))
        && named_street_after(&t[e + 1..])
    {
        t.drain(..e);
    }
}

/// The written-out forms of a post office box, before its number.
const PO_BOX_FORMS: &[&[&str]] = &[
    &["post", "office", "box"],
    &["p", "o", "box"],
    &["po", "box"],
    &["pobox"],
    &["pob"],
    &["p", "o", "b"],
];

/// Whether a line holds a word that [`box_with_secondary`] or [`drop_recipient`] needs: the
/// last word of a box form (every box, lockbox or rural route box has one), a lockbox word or
/// an attention marker. Without one, neither changes the line.
fn has_box_or_recipient_word(t: &[&str]) -> bool {
    // The box forms' last words (a test holds this list to `PO_BOX_FORMS`), then lockbox words
    // and markers.
    t.iter().any(|w| {
        matches!(
            *w,
            "box" | "pob" | "pobox" | "b" | "lockbox" | "lbx" | "lb" | "attn" | "attention" | "c"
        )
    })
}

/// Where a post office box (`PO Box 12`, `P O Box 12`, `POB 12`, `Post Office Box 12`, or a
/// bare `Box 12` when no written-out one is there) and its number lie in a line: `(start, end)`.
fn po_box_span(t: &[&str]) -> Option<(usize, usize)> {
    let numbered = |end: usize| t.get(end).is_some_and(|w| has_digit(w)).then_some(end + 1);
    // A written-out box may be lettered (`PO Box X`) when the letter ends the line.
    let lettered = |end: usize| {
        (end + 1 == t.len() && t.get(end).is_some_and(|w| is_letter(w))).then_some(end + 1)
    };
    for i in 0..t.len() {
        for form in PO_BOX_FORMS {
            if t[i..].starts_with(form) {
                if let Some(e) = numbered(i + form.len()).or_else(|| lettered(i + form.len())) {
                    return Some((i, e));
                }
            }
        }
    }
    // A bare `Box 12`, the last one (`Box # 2806 Box 8500` is not written; `Dept 1 Box 4110` is).
    (0..t.len()).rev().find_map(|i| {
        (t[i] == "box")
            .then(|| numbered(i + 1).map(|e| (i, e)))
            .flatten()
    })
}

/// Splits a designator glued to its identifier (`suite100`, `apt4b`, `unit508`) into two words.
fn split_glued_designators(t: &mut Vec<&str>) {
    let mut i = 0;
    while let Some(&w) = t.get(i) {
        if let Some((d, id)) = glued_designator(w) {
            t[i] = d;
            t.insert(i + 1, id);
            i += 1;
        }
        i += 1;
    }
}

fn glued_designator(w: &str) -> Option<(&str, &str)> {
    let b = w.as_bytes();
    if b.len() < 3 || !b.first()?.is_ascii_alphabetic() || !b.last()?.is_ascii_alphanumeric() {
        return None;
    }
    let k = b.iter().position(u8::is_ascii_digit)?;
    let (d, id) = w.split_at(k);
    let ok = matches!(
        d,
        "apt"
            | "apartment"
            | "unit"
            | "ste"
            | "suite"
            | "rm"
            | "room"
            | "bldg"
            | "building"
            | "flr"
            | "floor"
            | "pmb"
            | "lot"
            | "trlr"
            | "spc"
            | "space"
            | "dept"
    );
    ok.then_some((d, id))
}

/// Length of a unit written before the house number: a designator with its identifier (also
/// letters and a number: `Dept PN 12`), or a floor number and its designator, followed by a
/// number. Several may come in a row (`Suite 200, Building 17, 7000 Peachtree Dunwoody Rd`,
/// `Dept 528, 4th Floor, 300 E Randolph St`); with more than one, a named street must follow
/// the number. A second number right after the identifier is the identifier's too (`Dept 96
/// 0430, 3545 NW 58th`: the house number is the one a name follows).
fn leading_unit_len(t: &[&str]) -> Option<usize> {
    let group = |t: &[&str]| {
        let [a, b, ..] = t else {
            return None;
        };
        let designated = designator(a).is_some_and(|d| !matches!(d, Designator::NoId(_)));
        if designated && *a != "#" && *b == "#" && t.get(2).is_some_and(|c| has_digit(c)) {
            return Some(3);
        }
        // `Dept PN 12`, `Room B 12`: a short letter code, then the number.
        let code =
            |w: &str| (1..=3).contains(&w.len()) && w.bytes().all(|c| c.is_ascii_alphabetic());
        if designated
            && *a != "#"
            && code(b)
            && directional(b).is_none()
            && t.get(2)
                .is_some_and(|c| starts_with_digit(c) && !c.contains('/'))
            && t.get(3).is_none_or(|c| starts_with_digit(c))
        {
            return Some(3);
        }
        let designated = designated && (is_id_like(b) || *a == "#");
        let floor = is_floor_number(a) && designator(b).is_some_and(is_floor);
        (designated || floor).then_some(2)
    };
    let mut n = 0;
    let mut groups = 0;
    while let Some(g) = t.get(n..).and_then(group) {
        n += g;
        groups += 1;
        // A line of units alone (`Bldg 15, Suite 100`, `Dept LA 21702`): no street.
        if n == t.len() {
            return Some(n);
        }
        // `Dept 96 0430 3545 NW 58th`: numbers in a row, the last one before a name is the
        // house number.
        while t.get(n).is_some_and(|c| has_digit(c) && !c.contains('/'))
            && t.get(n + 1).is_some_and(|c| {
                starts_with_digit(c) && !c.contains('/') && group(&t[n + 1..]).is_none()
            })
        {
            n += 1;
        }
        // A building name between the unit and the house number (`14th Floor L&C Tower 401
        // Church St`): dropped by the caller.
        if t.get(n..).and_then(leading_building_len).is_some() {
            return Some(n);
        }
        // Another group may follow (`Dept 528 4th Floor 300 …`).
        if t.get(n).is_some_and(|c| starts_with_digit(c)) && t.get(n..).and_then(group).is_none() {
            let named = t
                .get(n + 1..)
                .is_some_and(|r| r.iter().any(|w| is_name_word(w)));
            if groups == 1 || named {
                return Some(n);
            }
            return None;
        }
    }
    None
}

/// A word that ends a building's name: `Tower`, `Building`, `Center`, `Plaza`, `Hall`.
fn is_building_word(w: &str) -> bool {
    matches!(
        w,
        "tower"
            | "towers"
            | "twr"
            | "building"
            | "bldg"
            | "bld"
            | "center"
            | "centre"
            | "ctr"
            | "plaza"
            | "plz"
            | "hall"
    )
}

/// Length of a building name that starts the line and that a house number and a named street
/// follow: one to six words without digits, the last a building word (`L&C Tower 401 Church
/// St`, `Kingston Building 12 Main St`). A lone building word is a unit designator, not a name.
fn leading_building_len(t: &[&str]) -> Option<usize> {
    let b = t.iter().take(7).position(|w| has_digit(w) || *w == "#")?;
    let words = t.get(..b)?;
    let ok = (2..=6).contains(&b)
        && words.last().is_some_and(|w| is_building_word(w))
        && words[..b - 1]
            .iter()
            .all(|w| designator(w).is_none() && !blocks_trailing_number(w))
        && t.get(b)
            .is_some_and(|w| w.bytes().all(|c| c.is_ascii_digit()))
        && named_street_after(&t[b + 1..]);
    ok.then_some(b)
}

/// Length of a building name that starts the line before a unit written first (`Willis Tower,
/// 45th Floor, 233 S Wacker Dr`, `WRS Tower 10th Floor 312 Rosa L Parks Ave`): one to six words
/// without digits, the last a building word, then what [`leading_unit_len`] reads.
fn building_before_unit_len(t: &[&str]) -> Option<usize> {
    let b = t.iter().take(7).position(|w| has_digit(w) || *w == "#")?;
    let words = t.get(..b)?;
    let ok = (1..=6).contains(&b)
        && words.last().is_some_and(|w| is_building_word(w))
        && words[..b - 1]
            .iter()
            .all(|w| designator(w).is_none() && !blocks_trailing_number(w))
        && words.iter().any(|w| !is_building_word(w))
        && leading_unit_len(&t[b - 1..]).is_none()
        && leading_unit_len(&t[b..]).is_some();
    ok.then_some(b)
}

/// Do the words after a house number name a street with a suffix (`W Peachtree St`, `8th St`:
/// an ordinal is a name; `W Lake St`: a type before the type is a name)?
fn named_street_after(after: &[&str]) -> bool {
    let name = |x: &str| {
        (!starts_with_digit(x) || (floor_number(x).is_some() && has_alpha(x)))
            && directional(x).is_none()
            && suffix(x).is_none()
    };
    // A name that is a street type too (`Lake`, `Park`, `Mill`) before the last type is a name.
    let type_as_name = |x: &str| {
        !starts_with_digit(x) && suffix(x).is_some() && directional(x).is_none() && x != "st"
    };
    after.iter().enumerate().any(|(i, w)| {
        street_suffix(w).is_some() && after[..i].iter().any(|x| name(x) || type_as_name(x))
    })
}

/// A spelled-out house number (`One`, `Fifty`) is read as one only before at least two more
/// words that begin with a directional or hold a street suffix: `One S Dearborn St`,
/// `Six Concourse Pkwy` (but `One Way`, `Two` alone stay names).
fn spelled_house_number(t: &[&str]) -> bool {
    t.len() >= 3
        && (directional(t[1]).is_some() || t[2..].iter().any(|w| street_suffix(w).is_some()))
}

/// `one` … `twenty`, the tens and `hundred` as digits.
fn number_word(w: &str) -> Option<&'static str> {
    Some(match w {
        "one" => "1",
        "two" => "2",
        "three" => "3",
        "four" => "4",
        "five" => "5",
        "six" => "6",
        "seven" => "7",
        "eight" => "8",
        "nine" => "9",
        "ten" => "10",
        "eleven" => "11",
        "twelve" => "12",
        "thirteen" => "13",
        "fourteen" => "14",
        "fifteen" => "15",
        "sixteen" => "16",
        "seventeen" => "17",
        "eighteen" => "18",
        "nineteen" => "19",
        "twenty" => "20",
        "thirty" => "30",
        "forty" => "40",
        "fifty" => "50",
        "sixty" => "60",
        "seventy" => "70",
        "eighty" => "80",
        "ninety" => "90",
        "hundred" => "100",
        _ => return None,
    })
}

/// Index of the house number when a building name comes first: the line starts with words, and
/// the first number is followed by a named street with a suffix (`The Biltmore 817 W Peachtree
/// St`). Not after a route, box or unit word (`Route 66 …`, `Box 12 …`).
fn building_first(t: &[&str]) -> Option<usize> {
    if t.first().is_none_or(|w| starts_with_digit(w)) {
        return None;
    }
    let k = t.iter().position(|w| starts_with_digit(w))?;
    let before = t.get(k.checked_sub(1)?)?;
    // An ordinal is a street's name (`N 1st N 3rd St`), not the house number after a building.
    if blocks_trailing_number(before)
        || designator(before).is_some()
        || t[k].contains('/')
        || is_ordinal(t[k])
    {
        return None;
    }
    let after = t.get(k + 1..)?;
    // An ordinal is a name (`815 N 1st Ave`, `110 8th Street`).
    let name = |x: &str| {
        (!starts_with_digit(x) || (floor_number(x).is_some() && has_alpha(x)))
            && directional(x).is_none()
            && suffix(x).is_none()
    };
    let named = named_street_after(after)
        // A directional and a name: `Hayes Center 4859 S Wabash`.
        || matches!(after, [d, n, ..] if directional(d).is_some() && name(n) && designator(n).is_none())
        // A numbered road: `Radiation Physics 2495 State Route 118`.
        || matches!(after, [a, b, n, ..] if numbered_road_prefix(a) && blocks_trailing_number(b) && starts_with_digit(n));
    named.then_some(k)
}

/// Drops a building written between a named street (with its house number first) and a unit:
/// `3340 Peachtree Rd NE Tower Place Ste 1685`, `3565 Piedmont Rd 1 Piedmont Ctr Ste 700`,
/// `3520 W Broward Blvd Kingston Building 2nd Floor`. The building is words without digits, or
/// a number and such words, that end in a building word (`Tower`, `Place`, `Center`, `Plaza`,
/// `Square`, `Building`); the unit after it is a designator with its identifier or a floor.
fn drop_building_before_unit(t: &mut Vec<&str>) {
    let Some(mut j) = (2..t.len()).find(|&j| after_named_street(t, j, Some(1))) else {
        return;
    };
    while j + 1 < t.len()
        && t[j].len() <= 2
        && directional(t[j]).is_some()
        && after_named_street(t, j + 1, Some(1))
    {
        j += 1;
    }
    let unit_at = |k: usize| {
        let next = t.get(k + 1).copied();
        match designator(t[k]) {
            Some(Designator::Hash) => next.is_some_and(has_digit),
            Some(Designator::Strong(d)) if d != "bldg" => {
                next.is_some_and(|n| is_id_like(n) || n == "#")
            }
            _ => is_floor_number(t[k]) && next.and_then(designator).is_some_and(is_floor),
        }
    };
    let Some(k) = (j + 1..t.len()).find(|&k| unit_at(k)) else {
        return;
    };
    let run = &t[j..k];
    let building_word = |w: &str| {
        matches!(
            w,
            "tower"
                | "twr"
                | "place"
                | "pl"
                | "center"
                | "centre"
                | "ctr"
                | "plaza"
                | "plz"
                | "square"
                | "sq"
                | "building"
                | "bldg"
        )
    };
    // `Professional Office Building 1 Suite 205`: the name of a numbered building goes, the
    // building and its number stay with the unit.
    // The name is one to four words without digit or street type, after the street's type
    // (`Medical Center Boulevard`: the street may run past `j`).
    if run.len() >= 3
        && designator(t[k - 2]) == Some(Designator::Strong("bldg"))
        && is_id_like(t[k - 1])
    {
        let end = k - 2;
        let name_word = |w: &str| !has_digit(w) && w != "#" && suffix(w).is_none();
        let mut s = end;
        while s > j && end - s < 4 && name_word(t[s - 1]) {
            s -= 1;
        }
        let named = s < end
            && (s == j || suffix(t[s - 1]).is_some())
            && t[s..end]
                .iter()
                .any(|w| is_name_word(w) && designator(w).is_none());
        if named {
            t.drain(s..end);
            return;
        }
    }
    let words = match run {
        [n, rest @ ..] if n.bytes().all(|b| b.is_ascii_digit()) => rest,
        _ => run,
    };
    let ok = words.len() >= 2
        && words.iter().all(|w| !has_digit(w) && *w != "#")
        && words.last().is_some_and(|w| building_word(w))
        && words[..words.len() - 1].iter().any(|w| is_name_word(w))
        // No street type inside (`Lake Shore Dr Bldg 1`: the street ends at `Dr`), and not a
        // designator with its number (`Bldg 1 Fl 2`; but `Building 12th Floor` is a floor).
        && words.iter().all(|w| suffix(w).is_none() || building_word(w))
        && !(words.last().is_some_and(|w| designator(w).is_some())
            && is_id_like(t[k])
            && !(has_alpha(t[k]) && is_floor_number(t[k])));
    if ok {
        t.drain(j..k);
    }
}

/// Drops the name of an apartment complex or building written after the street (house number
/// already split off): `Essex St SE Factory Lofts`, `Frederick Rd The Reed`, `Brickell Bay Dr
/// Panorama Tower`. The street must end in a common thoroughfare type (street, avenue, road,
/// drive, boulevard, lane) after a name, with its directional; the name after it has no digit
/// and either begins with `The` or has two words or more and ends in a complex word
/// (`Apartments`, `Lofts`, `Flats`, `Townhomes`, `Gardens`, `Commons`, `Tower`, `Place`,
/// `Square`, `Court`, `Cove`, `Village`, …). `Forest Hill Place` or `Creek View Ct` keep their
/// words: `Hill` and `View` are no thoroughfare types.
fn drop_trailing_complex(t: &mut Vec<&str>) {
    let thoroughfare = |w: &str| {
        matches!(
            w,
            "st" | "street"
                | "ave"
                | "avenue"
                | "rd"
                | "road"
                | "dr"
                | "drive"
                | "blvd"
                | "boulevard"
                | "ln"
                | "lane"
        )
    };
    let complex_word = |w: &str| {
        matches!(
            w,
            "apartments"
                | "apts"
                | "lofts"
                | "flats"
                | "townhomes"
                | "townhouses"
                | "gardens"
                | "commons"
                | "tower"
                | "towers"
                | "place"
                | "square"
                | "court"
                | "cove"
                | "village"
                | "residences"
                | "condominiums"
                | "condos"
                | "manor"
                | "estates"
                | "plaza"
                | "center"
                | "building"
        )
    };
    let Some(s) = (1..t.len()).find(|&i| {
        thoroughfare(t[i])
            && t[..i]
                .iter()
                .any(|w| is_name_word(w) && suffix(w).is_none())
    }) else {
        return;
    };
    let mut end = s + 1;
    while end < t.len() && end <= s + 2 && directional(t[end]).is_some() && t[end].len() <= 2 {
        end += 1;
    }
    let rest = &t[end..];
    let plain = rest
        .iter()
        .all(|w| !has_digit(w) && designator(w).is_none() && *w != "#");
    let named = match rest {
        ["the", _, ..] => true,
        [_, .., last] => complex_word(last),
        _ => false,
    };
    if plain && named {
        t.truncate(end);
    }
}

/// Length of a numbered building complex written first, before a unit and the street address
/// (`Two Allen Center, Suite 1600, 1200 Smith St`, `30 Allen Plaza, Ste 700, 30 Ivan Allen Jr
/// Blvd`): the complex's number (digits or spelled), one to four name words, a plaza, center,
/// place or square word, then what [`leading_unit_len`] reads and a house number with a name.
fn complex_before_unit_len(t: &[&str]) -> Option<usize> {
    let first = *t.first()?;
    if !(first.bytes().all(|b| b.is_ascii_digit()) || number_word(first).is_some()) {
        return None;
    }
    let j = (3..t.len().min(7)).find(|&j| {
        matches!(
            t[j - 1],
            "plaza" | "plz" | "center" | "centre" | "ctr" | "place" | "pl" | "square" | "sq"
        )
    })?;
    let named = t[1..j - 1]
        .iter()
        .all(|w| !has_digit(w) && designator(w).is_none() && directional(w).is_none());
    let n = j + leading_unit_len(&t[j..])?;
    let numbered = t
        .get(n)
        .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit()));
    let street = t
        .get(n + 1..)
        .is_some_and(|r| r.iter().any(|w| is_name_word(w)));
    (named && numbered && street).then_some(j)
}

/// Length of a numbered building complex written before the street address it stands on:
/// `One Exchange Plaza 55 Broadway`, `1 Lincoln Ctr 5400 LBJ Fwy`, `1015 Financial Center
/// 505 20th St N` (the building's own number, then the street's). The complex ends in a
/// plaza, center, place or square word right before the second number, and a street follows
/// it: a suffix or directional with a name, or name words alone.
fn numbered_complex_len(t: &[&str]) -> Option<usize> {
    if !t
        .first()
        .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let j = (2..t.len()).find(|&j| {
        matches!(
            t[j - 1],
            "plaza" | "plz" | "center" | "centre" | "ctr" | "place" | "pl" | "square" | "sq"
        ) && t[j].bytes().all(|b| b.is_ascii_digit())
    })?;
    // The street, up to a unit after it (`1 Midtown Plaza 1360 Peachtree St Ste 500`).
    let rest = &t[j + 1..];
    let rest = &rest[..rest
        .iter()
        .position(|w| {
            designator(w).is_some() && !matches!(designator(w), Some(Designator::NoId(_)))
        })
        .unwrap_or(rest.len())];
    let plain = |w: &&str| !has_digit(w) && designator(w).is_none() && *w != "#";
    let name = |w: &&str| plain(w) && directional(w).is_none() && suffix(w).is_none();
    let street = !rest.is_empty()
        && rest
            .iter()
            .all(|w| plain(w) || (floor_number(w).is_some() && has_alpha(w)))
        && rest
            .iter()
            .any(|w| name(w) || (floor_number(w).is_some() && has_alpha(w)));
    (street && t[1..j - 1].iter().any(|w| !has_digit(w))).then_some(j)
}

/// Splits the house number off a street line (in place) and returns it with the words after a
/// trailing house number, which are a unit (`Keizersgracht 123 1`, `Calle Mayor 5 3 B`).
fn split_house_number<'a>(t: &mut Vec<&'a str>) -> (Option<String>, Vec<&'a str>) {
    let Some(&first) = t.first() else {
        return (None, Vec::new());
    };
    if let Some((house, n)) = grid_house_number(t) {
        t.drain(..n);
        return (Some(house), Vec::new());
    }
    // An ordinal starts a street's name (`1st Ave`), never a house number.
    if starts_with_digit(first) && !is_ordinal(first) {
        let mut house = first.to_string();
        let mut rest = 1;
        match t.get(1) {
            Some(frac) if frac.contains('/') => {
                house.push(' ');
                house.push_str(frac);
                rest = 2;
            }
            // "12 B Main St" → 12b (but "12 B St" is B Street); "8 bis avenue Foch" → 8bis.
            Some(&s) if is_bis(s) || is_house_letter_before(s, &t[2..]) => {
                house.push_str(s);
                rest = 2;
            }
            _ => {}
        }
        t.drain(..rest);
        return (Some(house), Vec::new());
    }
    // A house number after the street: "Hauptstraße 12", "Lindenallee 7 a".
    let Some(k) = t.iter().position(|w| starts_with_digit(w)) else {
        return (None, Vec::new());
    };
    if floor_number(t[k]).is_some() && has_alpha(t[k]) {
        // An ordinal is part of the name ("Rear 1st N").
        return (None, Vec::new());
    }
    // A street that begins with a letter and a name ("B Main St 12") would read as house "12b"
    // once its house number is written first: it keeps its number.
    let letter_first = t
        .get(1..k)
        .is_some_and(|rest| is_house_letter_before(first, rest));
    if k == 0 || letter_first || blocks_trailing_number(t[k - 1]) || t[k].contains('/') {
        return (None, Vec::new());
    }
    let mut house = t[k].to_string();
    let mut rest = k + 1;
    if let Some(&s) = t.get(rest).filter(|s| is_bis(s) || is_house_letter(s)) {
        house.push_str(s);
        rest += 1;
    }
    let tail = t.get(rest..).unwrap_or_default();
    if tail
        .iter()
        .all(|w| has_digit(w) || is_house_letter(w) || designator(w).is_some())
    {
        let mut tail = tail.to_vec();
        t.truncate(k);
        // Read as the line will be with the house number first ("Apt St P 12" = "12 Apt St P").
        if let Some(j) = (1..k).find(|&j| unit_starts_at(t, j, Some(0))) {
            tail.splice(0..0, t.drain(j..));
        }
        return (Some(house), tail);
    }
    (None, Vec::new())
}

/// `bis`, `ter`, `quater` after a house number (French, Italian).
fn is_bis(w: &str) -> bool {
    matches!(w, "bis" | "ter" | "quater")
}

/// A single letter that may follow a house number: not a directional.
fn is_house_letter(w: &str) -> bool {
    w.len() == 1 && w.bytes().all(|b| b.is_ascii_alphabetic()) && directional(w).is_none()
}

/// A letter after a leading house number belongs to it when a street name follows (`12 B Main
/// St`, `214 B South Blvd`), not when it is the street's own name (`12 B St`, `1800 M St NW`) or
/// begins initials or a road number (`2964 L B J Fwy`, `254 U S Hwy 202`, `728 C and N Smith
/// Mill Rd`, `11745 I 10 W`, `1180 P de Leon Blvd`).
fn is_house_letter_before(letter: &str, rest: &[&str]) -> bool {
    let Some(&next) = rest.first() else {
        return false;
    };
    if !is_house_letter(letter) {
        return false;
    }
    // "1521 J S Indiana Ave": a directional letter may follow, before a name.
    let initials = is_letter(next)
        && !(directional(next).is_some()
            && rest
                .get(1)
                .is_some_and(|w| is_name_word(w) && suffix(w).is_none()));
    let named = rest.iter().enumerate().any(|(i, w)| {
        (is_name_word(w) && suffix(w).is_none())
            // "South Blvd" is a name; "Street NW" is not.
            || (directional(w).is_some()
                && i + 2 == rest.len()
                && rest.get(i + 1).is_some_and(|s| street_suffix(s).is_some()))
    });
    !initials
        && !starts_with_digit(next)
        && !matches!(next, "and" | "de" | "del" | "la" | "le" | "du")
        && named
}

/// Wisconsin grid house numbers: `N79W5406`, `W148 N9748` → `n79w5406`, `w148n9748`.
fn grid_house_number(t: &[&str]) -> Option<(String, usize)> {
    fn half(w: &str) -> bool {
        let b = w.as_bytes();
        b.len() >= 2
            && matches!(b[0], b'n' | b's' | b'e' | b'w')
            && b[1..].iter().all(u8::is_ascii_digit)
    }
    let first = *t.first()?;
    if !first.is_ascii() {
        return None;
    }
    let glued = first.bytes().skip(2).position(|c| !c.is_ascii_digit());
    if let Some(p) = glued {
        let (x, y) = first.split_at(p + 2);
        return (half(x) && half(y) && t.len() >= 2).then(|| (first.to_string(), 1));
    }
    let second = *t.get(1)?;
    (half(first) && half(second) && t.len() >= 3).then(|| (format!("{first}{second}"), 2))
}

/// Words after which a trailing number is part of the street name, not a house number.
fn blocks_trailing_number(w: &str) -> bool {
    matches!(
        w,
        "route"
            | "rte"
            | "rt"
            | "highway"
            | "hwy"
            | "hiway"
            | "hiwy"
            | "hway"
            | "highwy"
            | "freeway"
            | "fwy"
            | "expressway"
            | "expy"
            | "turnpike"
            | "tpke"
            | "business"
            | "bus"
            | "alt"
            | "alternate"
            | "hwys"
            | "loop"
            | "spur"
            | "bypass"
            | "byp"
            | "box"
            | "pob"
            | "interstate"
            | "i"
            | "ih"
            | "us"
            | "sr"
            | "cr"
            | "fm"
            | "county"
            | "state"
            | "rr"
            | "rfd"
            | "hc"
            | "hcr"
            | "road"
            | "rd"
            | "no"
            | "number"
            | "nr"
            | "unit"
            | "apt"
            | "suite"
            | "ste"
            | "lot"
            | "space"
            | "spc"
            | "trlr"
    )
}

/// The USPS abbreviation of a street suffix that can end a named street before a unit: every
/// suffix but the numbered-road ones (`Highway 1`, `Route 66`, `Loop 410`).
fn street_suffix(w: &str) -> Option<&'static str> {
    suffix(w).filter(|s| {
        !matches!(
            *s,
            "hwy" | "rte" | "fwy" | "expy" | "tpke" | "byp" | "loop" | "spur" | "pike" | "mtwy"
        )
    })
}

/// Is a unit (designator and what follows) starting at `j` in a street line?
/// `h`: where the street name starts after a house number written first (`Some(1)` when
/// `t[0]` is the house number), `None` when no house number comes first.
fn unit_starts_at(t: &[&str], j: usize, h: Option<usize>) -> bool {
    let Some(&w) = t.get(j) else {
        return false;
    };
    let name_before = t[..j].iter().any(|w| !starts_with_digit(w));
    let next = t.get(j + 1).copied();
    // "15th Floor", "Fourth Fl", "2 FLOOR".
    if name_before && is_floor_number(w) && next.and_then(designator).is_some_and(is_floor) {
        return true;
    }
    let designated = match designator(w) {
        Some(Designator::Hash) => true,
        // "No. 102" is a unit only after a house number and street ("Av. Reforma No. 222" is
        // Mexico's house number).
        Some(Designator::Weak("no")) => after_named_street(t, j, h) && next.is_some_and(has_digit),
        Some(Designator::Strong(_)) => {
            let letter_number =
                next.is_some_and(is_letter) && t.get(j + 2).is_some_and(|n| starts_with_digit(n));
            // `Bldg E` ending the line after a named street: a directional letter is the
            // identifier there.
            let last_letter = next.is_some_and(is_letter)
                && t.len() == j + 2
                && (after_named_street(t, j, h)
                    || h.is_some_and(|h| {
                        j > h + 1
                            && suffix(t[j - 1]).is_some()
                            && t[h..j - 1].iter().all(|w| is_name_word(w) && !has_digit(w))
                    }));
            // `Apt LH` ending the line after a named street.
            let last_two = t.len() == j + 2
                && next.is_some_and(is_two_letter_id)
                && after_named_street(t, j, h);
            name_before
                && (letter_number
                    || last_letter
                    || last_two
                    || next.is_some_and(|n| n == "#" || is_id_like(n)))
        }
        Some(Designator::Weak(_)) => name_before && next.is_some_and(has_digit),
        // Handled after the house number is split off (see `parse_default_line`).
        Some(Designator::NoId(_)) | None => false,
    };
    designated
        || (after_named_street(t, j, h) && unit_like_start(t, j))
        || trailing_unit_at(t, j, h)
}

/// Does a named street with a house number end just before `j` (`12 N Main St | …`, `12 Main
/// St NW | …`, `12 Main St N E | …`)? The suffix must not be a numbered road's (`12 County Rd
/// | 5`).
/// `h` is where the name starts after the house number (`None`: no house number first).
fn after_named_street(t: &[&str], j: usize, h: Option<usize>) -> bool {
    let Some(h) = h else {
        return false;
    };
    if j < h + 1 || j > t.len() {
        return false;
    }
    let mut p = j - 1;
    for _ in 0..2 {
        if p > h && directional(t[p]).is_some() {
            p -= 1;
        }
    }
    if street_suffix(t[p]).is_none() || (p > h && numbered_road_prefix(t[p - 1])) {
        return false;
    }
    t.get(h..p)
        .is_some_and(|name| name.iter().any(|w| is_name_word(w)))
}

/// A word before `Road` that makes it a numbered road (`County Road 12`, `Co Rd 5`, `State Rd 7`).
fn numbered_road_prefix(w: &str) -> bool {
    matches!(
        w,
        "county"
            | "co"
            | "cnty"
            | "cty"
            | "country"
            | "state"
            | "us"
            | "farm"
            | "ranch"
            | "forest"
            | "township"
            | "twp"
    )
}

/// A word of a street name: it has a letter and is not a directional or fraction (`10th` is one).
fn is_name_word(w: &str) -> bool {
    w.chars().any(char::is_alphabetic) && directional(w).is_none() && !w.contains('/')
}

/// What may begin the words `t[j..]` after a named street for them to be a unit: an
/// identifier (`600`, `12c`, `b`), a designator (`Rear`, `Apt` alone, `Dept PN 12`), a word
/// followed by a number, `#` or a floor (`PMB 214`, `msc 24`, `kba # 5`, `Ground Floor`),
/// `North Tower` (`West Hall`, `East Wing` ending the line or before a unit), or `St` for a
/// suite (`St 1400`); after a common thoroughfare type, one or two plain words before a
/// designator with its identifier or before a number ending the line (`Interim Unit 1`,
/// `Client Code 28502`). Never another directional or suffix.
fn unit_like_start(t: &[&str], j: usize) -> bool {
    let Some(&w) = t.get(j) else {
        return false;
    };
    let next = t.get(j + 1).copied();
    let after_next = t.get(j + 2).copied();
    // `North Tower`, `West Hall`, `East Wing`: a building of the address (the last two
    // ending the line or before a unit: `West Hall Rd` is a street).
    if directional(w).is_some() {
        return next == Some("tower")
            || (matches!(next, Some("hall" | "wing"))
                && after_next.is_none_or(|a| designator(a).is_some() || has_digit(a)));
    }
    let designated = match designator(w) {
        Some(Designator::NoId(_) | Designator::Hash) => true,
        Some(_) => {
            next.is_none_or(|n| is_id_like(n) || n == "#") || after_next.is_some_and(has_digit)
        }
        None => false,
    };
    // A designator that takes an identifier, with it (`Unit 1`, `Room 311`, `Bldg E`).
    let unit_at = |k: usize| {
        matches!(
            designator(t.get(k).copied().unwrap_or("")),
            Some(Designator::Strong(_))
        ) && t.get(k + 1).is_some_and(|n| is_id_like(n) || is_letter(n))
    };
    // After a common thoroughfare type only: a rarer suffix may be a word of the name before
    // an unknown type (`Paradise Harbour Bvd`, `Palm Beach Lakes Boulevar`).
    let after_thoroughfare = || {
        // Past up to two abbreviated directionals (`Ave N`, `Dr S E`).
        let mut p = j;
        for _ in 0..2 {
            if p > 1 && t[p - 1].len() <= 2 && directional(t[p - 1]).is_some() {
                p -= 1;
            }
        }
        p.checked_sub(1)
            .and_then(|p| suffix(t[p]))
            .is_some_and(|s| {
                matches!(
                    s,
                    "st" | "ave" | "rd" | "dr" | "blvd" | "ln" | "pkwy" | "hwy" | "cir" | "ter"
                )
            })
    };
    let plain = |x: &str| {
        x != "the"
            && has_alpha(x)
            && !has_digit(x)
            && designator(x).is_none()
            && suffix(x).is_none()
            && directional(x).is_none()
    };
    let word_then_unit =
        || next.is_some_and(|n| has_digit(n) || n == "#" || designator(n).is_some_and(is_floor));
    designated
        || is_id_like(w)
        // `4315 Webster Ave LH`, `3850 Hudson Manor Ter EE`: two letters ending the line.
        || (t.len() == j + 1 && is_two_letter_id(w) && after_thoroughfare())
        || (w == "st" && next.is_some_and(has_digit))
        || (suffix(w).is_none() && word_then_unit())
        // One or two words, then a designator with its identifier or a number that ends the
        // line: `Interim Unit 1`, `Client Code 28502` (what follows a finished street is no
        // part of its name).
        || (plain(w)
            && after_thoroughfare()
            && (unit_at(j + 1)
                || next.is_some_and(plain)
                    && (unit_at(j + 2)
                        || after_next.is_some_and(has_digit) && t.len() == j + 3)))
}

/// Two letters that can be an apartment's identifier (`LH`, `EE`, `FE`, as New York buildings
/// write them) where a unit may end the line: not a directional, street type, unit word, US
/// state or Canadian province code (a region left in the street line), a name's `Jr` / `Sr`,
/// or a common two-letter word.
fn is_two_letter_id(w: &str) -> bool {
    w.len() == 2
        && w.bytes().all(|b| b.is_ascii_alphabetic())
        && directional(w).is_none()
        && suffix(w).is_none()
        && designator(w).is_none()
        && !REGIONS.iter().any(|&(_, code)| code == w)
        && !matches!(
            w,
            "jr" | "sr"
                | "of"
                | "to"
                | "at"
                | "by"
                | "an"
                | "as"
                | "is"
                | "it"
                | "up"
                | "so"
                | "do"
                | "go"
                | "we"
                | "he"
                | "my"
                | "us"
                | "if"
                | "be"
                | "am"
                | "po"
                | "rr"
                | "hc"
                | "cr"
                | "fm"
                | "el"
                | "la"
                | "le"
                | "de"
                | "du"
                | "da"
        )
}

/// A unit after a street written without suffix, at the end of a line that starts with the
/// house number (`203 N Wabash 608`, `308 Elizabeth 1W`, `1056 W Northshore 1 W`,
/// `1960 S 18th Rear`): a number (and a letter or directional after it), or a designator that
/// takes no identifier, or a letter (no directional) and a number before another unit
/// (`7000 Peachtree Dunwoody B-17 Ste 200` → `unit b17 unit 200`). Not after a numbered-road or
/// type word (`12 County Road 5`, `12 Calle 5`).
fn trailing_unit_at(t: &[&str], j: usize, h: Option<usize>) -> bool {
    let (Some(&w), Some(&prev), Some(h)) = (t.get(j), j.checked_sub(1).and_then(|p| t.get(p)), h)
    else {
        return false;
    };
    if j < h + 1 {
        return false;
    }
    let rest = t.get(j + 1..).unwrap_or_default();
    let shape = match designator(w) {
        // Not `front`, `side`, `upper`, `lower`: street words too ("Ocean Front").
        // "… Rear # 12": another unit may follow, as after a number.
        Some(Designator::NoId(a)) => {
            rest.first().is_none_or(|x| designator(x).is_some())
                && matches!(a, "rear" | "bsmt" | "ph" | "lbby")
        }
        Some(_) => false,
        // `… Dunwoody B-17 Ste 200`: a letter and a number before another unit are one
        // identifier (`b17`), as in the unit field.
        None if is_letter(w) && directional(w).is_none() => matches!(
            rest,
            [n, d, ..] if starts_with_digit(n) && !is_ordinal(n) && designator(d).is_some()
        ),
        // Not an ordinal (`12 Main 1st N`): it reads as `first`, a street word.
        None => {
            starts_with_digit(w)
                && !is_ordinal(w)
                && match rest {
                    [] => true,
                    [x] => is_letter(x) || directional(x).is_some(),
                    // "203 N Wabash 608 Rear", "… 608 # 2", "… 608 W # 2": another unit
                    // follows.
                    [x, y, ..] if is_letter(x) || directional(x).is_some() => {
                        designator(y).is_some()
                    }
                    [x, ..] => designator(x).is_some(),
                }
        }
    };
    shape
        && is_name_word(prev)
        && !is_letter(prev)
        && !numbered_road_prefix(prev)
        && !blocks_trailing_number(prev)
        && !matches!(
            prev,
            "calle" | "carrera" | "avenida" | "ruta" | "via" | "avenue" | "ave"
        )
        && designator(prev).is_none()
        && t.get(h..j)
            .is_some_and(|name| name.iter().any(|x| is_name_word(x)))
}

/// An ordinal written with digits: `1st`, `22nd`, `4th`.
fn is_ordinal(w: &str) -> bool {
    let n = w.bytes().take_while(u8::is_ascii_digit).count();
    n > 0 && matches!(&w[n..], "st" | "nd" | "rd" | "th")
}

/// A floor number: `4`, `41st`, `2nd`.
fn is_floor_number(w: &str) -> bool {
    floor_number(w).is_some()
}

/// The number of a floor written `4` or `4th`.
fn floor_number(w: &str) -> Option<&str> {
    let n = w.bytes().take_while(u8::is_ascii_digit).count();
    let (digits, rest) = w.split_at(n);
    (n > 0 && matches!(rest, "" | "st" | "nd" | "rd" | "th")).then_some(digits)
}

fn is_floor(d: Designator) -> bool {
    matches!(d, Designator::Strong("fl") | Designator::Weak("fl"))
}

/// What a part of a unit is; the order is the order of the canonical text.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum PartKind {
    /// A word without designator or identifier (`north tower`), kept as written.
    Label,
    /// Building or tower.
    Building,
    /// Floor or level.
    Floor,
    /// The door: apartment, suite, unit, room, `#`, … or a bare identifier.
    Door,
    /// A designator that takes no identifier (`rear`).
    NoId,
    /// Any other designator, kept with its identifier (`pmb 214`, `dept 5`).
    Other,
}

struct UnitPart {
    kind: PartKind,
    /// Designator abbreviation (empty for labels and bare identifiers).
    abbr: &'static str,
    id: Option<String>,
    /// A bare identifier (no designator before it).
    bare: bool,
}

fn part_kind(d: Designator) -> PartKind {
    match d {
        Designator::NoId(_) => PartKind::NoId,
        Designator::Hash => PartKind::Door,
        Designator::Strong(a) | Designator::Weak(a) => match a {
            "bldg" => PartKind::Building,
            "fl" => PartKind::Floor,
            "pmb" | "dept" | "ms" => PartKind::Other,
            _ => PartKind::Door,
        },
    }
}

/// The canonical unit of its words (the `unit` field, or the unit found in a street line): see
/// the module docs. One door (`Apt 4B`, `#4-B`, `Unit 4 B`) is its identifier alone (`4b`);
/// anything else is each part with its designator, in a fixed order (`bldg 1 unit 100`,
/// `fl 41`, `pmb 214`), never two identifiers glued together.
fn unit_canonical(toks: &[&str]) -> Option<String> {
    // Thai or Persian words in a unit: the Thai / Iranian reading (one identifier), which is how
    // the unit is read again beside the Thai or Persian street it comes with.
    if toks.iter().any(|w| script_convention(w).is_some()) {
        return native_unit(toks);
    }
    // The common case, one door and its number (`Apt 2`, `Ste 100`, `# 4b`): the identifier,
    // as the general reading below gives it.
    if let [d, id] = toks {
        let door = match *d {
            "st" => true,
            _ => {
                d.is_ascii()
                    && designator(d).is_some_and(|x| {
                        !matches!(x, Designator::NoId(_)) && part_kind(x) == PartKind::Door
                    })
            }
        };
        if door && starts_with_digit(id) && id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Some(ordinal(id).unwrap_or(id).to_string());
        }
    }
    let mut words: Vec<&str> = toks
        .iter()
        .filter(|w| !w.is_empty())
        .map(|w| ordinal(w).unwrap_or(w))
        .collect();
    split_glued_designators(&mut words);
    let mut parts: Vec<UnitPart> = Vec::new();
    // The part whose designator waits for its identifier, and the part the previous word was
    // the identifier of.
    let mut open: Option<usize> = None;
    let mut last_id: Option<usize> = None;
    for (i, &w) in words.iter().enumerate() {
        let last = i + 1 == words.len();
        // In a unit, `St 2` is a suite.
        let d = match w {
            "st" => Some(Designator::Strong("ste")),
            _ => designator(w),
        };
        match d {
            Some(Designator::Hash) if open.is_some() => continue,
            Some(Designator::NoId(abbr)) => {
                parts.push(UnitPart {
                    kind: PartKind::NoId,
                    abbr,
                    id: None,
                    bare: false,
                });
                open = None;
                last_id = None;
                continue;
            }
            Some(d) => {
                let kind = part_kind(d);
                // "15th Floor", "2 Floor": the number before is the floor's.
                if kind == PartKind::Floor && open.is_none() {
                    if let Some(p) = last_id.and_then(|i| parts.get_mut(i)) {
                        let id = p.id.as_deref().unwrap_or_default();
                        let ordinal = id.bytes().any(|b| b.is_ascii_alphabetic());
                        if let Some(n) = floor_number(id).filter(|_| p.bare || ordinal) {
                            let n = n.to_string();
                            if p.bare {
                                p.kind = PartKind::Floor;
                                p.abbr = "fl";
                                p.bare = false;
                                p.id = Some(n);
                            } else {
                                p.id = None;
                                parts.push(UnitPart {
                                    kind,
                                    abbr: "fl",
                                    id: Some(n),
                                    bare: false,
                                });
                            }
                            last_id = None;
                            continue;
                        }
                    }
                }
                let abbr = match d {
                    Designator::Strong(a) | Designator::Weak(a) | Designator::NoId(a) => a,
                    Designator::Hash => "#",
                };
                parts.push(UnitPart {
                    kind,
                    abbr,
                    id: None,
                    bare: false,
                });
                open = Some(parts.len() - 1);
                last_id = None;
                continue;
            }
            None => {}
        }
        if let Some(i) = open.take() {
            if let Some(p) = parts.get_mut(i) {
                let id = match p.kind {
                    PartKind::Floor => floor_number(w).unwrap_or(w),
                    _ => w,
                };
                p.id = Some(id.to_string());
                last_id = Some(i);
            }
            continue;
        }
        if let Some(p) = last_id.and_then(|i| parts.get_mut(i)) {
            if let Some(id) = p.id.as_mut() {
                let letter_then_number =
                    is_letter(id) && starts_with_digit(w) && !w.contains(['-', '/']);
                // A spelled directional is the door's only as the last word (`Suite 500
                // North`); before more words it begins a name (`500 North Breakers`).
                let number_then_letter = id.ends_with(|c: char| c.is_ascii_digit())
                    && (is_letter(w)
                        || (directional(w).is_some() && !id.contains(['-', '/']) && last));
                if letter_then_number || number_then_letter {
                    id.push_str(directional(w).unwrap_or(w));
                    continue;
                }
            }
        }
        if has_digit(w) || w.chars().count() == 1 {
            parts.push(UnitPart {
                kind: PartKind::Door,
                abbr: "",
                id: Some(w.to_string()),
                bare: true,
            });
            last_id = Some(parts.len() - 1);
        } else {
            parts.push(UnitPart {
                kind: PartKind::Label,
                abbr: "",
                id: Some(w.to_string()),
                bare: true,
            });
            last_id = None;
        }
    }
    // A door designator without identifier says nothing, and nor does a building one without
    // a name before it (`Plaza Tower, 4th Floor` → `fl 4`; `Keller Bldg` names one).
    let labeled = parts.iter().any(|p| p.kind == PartKind::Label);
    parts.retain(|p| match p.kind {
        PartKind::Door => p.id.is_some(),
        PartKind::Building => p.id.is_some() || labeled,
        _ => true,
    });
    // Beside a part with its identifier, words that are neither designator nor identifier (a
    // department, `Mizzou North`, `Sponsored Programs`) say nothing about the door, unless they
    // name a building written without a number (`North Tower Suite 100` keeps `north`, `West
    // Hall, Room 311` and `East Wing Suite 4` are kept whole).
    let named_building = parts.iter().any(|p| match p.kind {
        PartKind::Building => p.id.is_none(),
        PartKind::Label => p.id.as_deref().is_some_and(|w| {
            is_building_word(w) || matches!(w, "wing" | "annex" | "pavilion" | "pav")
        }),
        _ => false,
    });
    // Only words written after the first identified part go: a word before one may be its
    // designator mistyped (`Suioe 611`, `Apz. 550`) or a code's name (`Lockbox 5512`,
    // `Interim Unit 2`), and a door is never read as another one's. (The canonical text puts
    // kept words first, so it reads the same again.)
    let first_identified = parts
        .iter()
        .position(|p| p.kind != PartKind::Label && p.id.is_some());
    let first_label = parts.iter().position(|p| p.kind == PartKind::Label);
    let trailing = matches!((first_identified, first_label), (Some(i), Some(l)) if i < l);
    if trailing && !named_building {
        parts.retain(|p| p.kind != PartKind::Label);
    }
    // A name without designator or number ("Tinaroo Falls", a house name) is one word, as
    // written, whatever its spacing ("laur e" = "laure").
    let letters_only = |p: &UnitPart| {
        p.bare
            && p.id
                .as_deref()
                .is_some_and(|id| !id.bytes().any(|b| b.is_ascii_digit()))
    };
    if parts.iter().any(|p| p.kind == PartKind::Label) && parts.iter().all(letters_only) {
        return non_empty(parts.iter().filter_map(|p| p.id.as_deref()).collect());
    }
    match parts.as_slice() {
        [] => return None,
        [p] if p.kind == PartKind::Door => return p.id.clone(),
        [p] if p.kind == PartKind::NoId => return Some(p.abbr.to_string()),
        _ => {}
    }
    // Labels first, so that no label word can be read as part of an identifier before it.
    parts.sort_by_key(|p| p.kind);
    let mut out = String::with_capacity(24);
    for p in &parts {
        let abbr = match p.kind {
            PartKind::Label => "",
            PartKind::Door => "unit",
            _ => p.abbr,
        };
        for piece in [abbr, p.id.as_deref().unwrap_or_default()] {
            if !piece.is_empty() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(piece);
            }
        }
    }
    non_empty(out)
}

fn has_alpha(w: &str) -> bool {
    w.bytes().any(|b| b.is_ascii_alphabetic())
}

/// One ASCII letter.
fn is_letter(w: &str) -> bool {
    w.len() == 1 && w.bytes().all(|b| b.is_ascii_alphabetic())
}

fn non_empty(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

/// The `unit` field, read in the convention of the street line beside it.
fn normalize_unit(raw: &str, conv: Convention) -> Option<String> {
    let raw = ascii_digits(raw);
    let mut buf = String::with_capacity(raw.len() + 4);
    // Number pairs (`1-23`, `12-3b`) are kept whole, as in a street line.
    lex(&raw, true, &mut buf);
    let buf = unify_script(buf);
    // A unit written wholly in Thai or Persian (no Latin letters or ASCII digits once folded) is
    // read by those rules even beside a street line read the default way, so the same unit text
    // gives the same unit whatever the street says.
    let conv = match conv {
        Convention::Default if !buf.bytes().any(|b| b.is_ascii_alphanumeric()) => {
            script_convention(&buf).unwrap_or(conv)
        }
        c => c,
    };
    let native = conv != Convention::Default;
    let toks: Vec<&str> = buf.split(' ').filter(|t| !t.is_empty()).collect();
    if !native {
        return unit_canonical(&toks);
    }
    native_unit(&toks)
}

/// A unit read the Thai / Iranian way: the identifier of the highest-ranked designator, else
/// the words when they hold at most one number (see [`native_unit_text`]).
fn native_unit(toks: &[&str]) -> Option<String> {
    let toks = split_glued(toks);
    let mut unit = None;
    let rest = take_units(&toks, None, &mut unit);
    unit_id(unit).or_else(|| native_unit_text(&rest))
}

fn normalize_city(raw: &str) -> Option<String> {
    let folded = unify_script(fold(raw));
    let words: Vec<&str> = folded
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(|w| match w {
            "saint" => "st",
            "mount" => "mt",
            "fort" => "ft",
            _ => w,
        })
        .collect();
    non_empty(words.join(" "))
}

/// The postal code of a US state or Canadian province named by its compact key (`newyork` →
/// `ny`).
pub(crate) fn region_name_code(compact: &str) -> Option<&'static str> {
    static INDEX: OnceLock<FnvMap<&'static str, &'static str>> = OnceLock::new();
    INDEX
        .get_or_init(|| lookup::index(REGIONS))
        .get(compact)
        .copied()
}

/// [`region_name_code`] by binary search of the sorted table: the reference the index is tested
/// against.
#[cfg(test)]
fn region_name_code_by_search(compact: &str) -> Option<&'static str> {
    REGIONS
        .binary_search_by(|(k, _)| (*k).cmp(compact))
        .ok()
        .map(|i| REGIONS[i].1)
}

fn normalize_region(raw: &str, country: Option<&str>) -> Option<String> {
    let folded = fold(raw);
    if folded.is_empty() {
        return None;
    }
    if matches!(country, None | Some("US" | "CA")) {
        let compact: std::borrow::Cow<'_, str> = if folded.contains(' ') {
            folded
                .chars()
                .filter(|c| *c != ' ')
                .collect::<String>()
                .into()
        } else {
            folded.as_str().into()
        };
        if let Some(code) = region_name_code(&compact) {
            return Some(code.to_string());
        }
        // `Georgia, GA`: the name and its own code.
        if compact.is_ascii() && compact.len() > 2 {
            let (name, code) = compact.split_at(compact.len() - 2);
            if region_name_code(name) == Some(code) {
                return Some(code.to_string());
            }
        }
    }
    Some(folded)
}

/// Splits raw text into folded words separated by single spaces, appended to `buf`. Before
/// folding (which would lose them) it keeps `#` as its own word, and in a street line keeps
/// number ranges `12-14` and slashed numbers `1/2`, `4/12` whole.
fn lex(raw: &str, street: bool, buf: &mut String) {
    let chunks = raw
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|c| !c.is_empty());
    // In a street line, an annotation that starts a word (`(east side)`, `[do not use]`) is
    // dropped, as names drop theirs; a group that may be the unit stays (`(Apt 4)`, `(Rear)`).
    let mut skip_to = 0;
    for chunk in chunks {
        let offset = |c: &str| c.as_ptr() as usize - raw.as_ptr() as usize;
        let mut chunk = chunk;
        if offset(chunk) < skip_to {
            match chunk.get(skip_to - offset(chunk)..) {
                Some(rest) if !rest.is_empty() => chunk = rest,
                _ => continue,
            }
        }
        if street && matches!(chunk.as_bytes().first(), Some(b'(' | b'[')) {
            if let Some(end) = annotation_end(raw, offset(chunk)) {
                skip_to = end;
                match chunk.get(end - offset(chunk)..) {
                    Some(rest) if !rest.is_empty() => chunk = rest,
                    _ => continue,
                }
            }
        }
        // `3º B`, `1ª`: the ordinal indicator after a digit only ends the number.
        if let Some(i) = (!chunk.is_ascii())
            .then(|| chunk.find(['º', 'ª', '°']))
            .flatten()
            .filter(|&i| {
                chunk
                    .get(..i)
                    .is_some_and(|h| h.ends_with(|c: char| c.is_ascii_digit()))
            })
        {
            let (head, tail) = chunk.split_at(i);
            let tail = tail
                .get(tail.chars().next().map_or(0, char::len_utf8)..)
                .unwrap_or("");
            lex(head, street, buf);
            lex(tail, street, buf);
            continue;
        }
        let number_pair = |c: &str| is_number_pair(c, b'-') || is_number_pair(c, b'/');
        // `(M/C 525)`, `M/S 5-230`: a mail code, one word (a bare `MC` or `MS` is left alone).
        let mail_code = chunk
            .trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']'))
            .as_bytes();
        if mail_code.len() == 3
            && mail_code[0].eq_ignore_ascii_case(&b'm')
            && mail_code[1] == b'/'
            && matches!(mail_code[2].to_ascii_lowercase(), b'c' | b's')
        {
            push_word(buf, "mailcode");
            if let Some(rest) = chunk.get(chunk.find('/').map_or(0, |i| i + 2)..) {
                push_folded(buf, rest);
            }
            continue;
        }
        if street && number_pair(chunk) {
            push_word(buf, &chunk.to_ascii_lowercase());
        } else if let Some((word, number)) = (street && !chunk.is_ascii())
            .then(|| split_native_number(chunk))
            .flatten()
            .filter(|(_, n)| number_pair(n))
        {
            // `หมู่12/3`, `پلاک12-14`: the word, then the number pair kept whole.
            push_folded(buf, word);
            push_word(buf, &number.to_ascii_lowercase());
        } else if chunk.contains('#') || (!chunk.is_ascii() && chunk.contains(is_hash)) {
            for (i, piece) in chunk.split(is_hash).enumerate() {
                if i > 0 {
                    push_word(buf, "#");
                }
                push_folded(buf, piece);
            }
        } else {
            push_folded(buf, chunk);
        }
    }
}

/// A Thai or Arabic-script word glued to a number: (`ถนน`, `824/65`) of `ถนน824/65`.
fn split_native_number(chunk: &str) -> Option<(&str, &str)> {
    if chunk.is_ascii() {
        return None;
    }
    let d = chunk.find(|c: char| c.is_ascii_digit())?;
    let before = chunk.get(..d)?.chars().next_back()?;
    (is_thai(before) || is_arabic_script(before)).then(|| chunk.split_at(d))
}

/// Removes a number sign between a box or route word and its number (`PO Box #103`, `RR # 1`,
/// `HC #2 Box 15`): it is not a unit there, and the box is `po box 103` however it is written.
fn drop_box_number_signs(t: &mut Vec<&str>) {
    let mut k = 1;
    while k < t.len() {
        let lead = matches!(
            t[k - 1],
            "box" | "pob" | "rr" | "rfd" | "hc" | "hcr" | "route" | "rte" | "r" | "d"
        );
        if t[k] == "#" && lead && t.get(k + 1).is_some_and(|w| starts_with_digit(w)) {
            t.remove(k);
        } else {
            k += 1;
        }
    }
}

fn is_hash(c: char) -> bool {
    matches!(c, '#' | '\u{ff03}' | '\u{fe5f}')
}

fn push_word(buf: &mut String, w: &str) {
    if !buf.is_empty() {
        buf.push(' ');
    }
    buf.push_str(w);
}

fn push_folded(buf: &mut String, piece: &str) {
    let start = buf.len();
    if start > 0 {
        buf.push(' ');
    }
    let mark = buf.len();
    fold_into(piece, buf);
    if buf.len() == mark {
        buf.truncate(start);
    }
}

/// `digits [letter] sep digits [letter]`, ASCII: `12-14`, `12a-12c`, `1/2`.
fn is_number_pair(chunk: &str, sep: u8) -> bool {
    fn number(b: &[u8]) -> Option<&[u8]> {
        let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        let rest = &b[n..];
        Some(match rest.first() {
            Some(c) if c.is_ascii_alphabetic() => &rest[1..],
            _ => rest,
        })
    }
    let b = chunk.as_bytes();
    match number(b) {
        Some([s, rest @ ..]) if *s == sep => number(rest).is_some_and(<[u8]>::is_empty),
        _ => false,
    }
}

fn starts_with_digit(w: &str) -> bool {
    w.starts_with(|c: char| c.is_ascii_digit())
}

fn has_digit(w: &str) -> bool {
    w.bytes().any(|b| b.is_ascii_digit())
}

/// Could this word be a unit identifier after a designator in a street line? Single letters
/// count, except the directionals `n s e w` (so "Apt North" stays a street name whether or not
/// the directional was already abbreviated) and Thai and Persian abbreviations (`ถ`, `خ`); write
/// such a unit in the `unit` field or after `#`.
fn is_id_like(w: &str) -> bool {
    has_digit(w) || (w.chars().count() == 1 && directional(w).is_none() && native_word(w).is_none())
}

/// Street-name standardization on folded words (see [`standardize_street`]).
fn standardize_tokens(t: &mut Vec<&str>) {
    if t.iter().any(|w| !w.is_ascii()) {
        standardize_native(t);
    }
    let start = usize::from(
        t.first()
            .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit())),
    );
    standardize_routes(t, start);
    for w in t.iter_mut() {
        // German `…straße` / `…str.` compounds: `hauptstr`.
        if w.len() > 7 && w.ends_with("strasse") {
            *w = &w[..w.len() - 4];
        }
    }
    let mut name_end = t.len();
    // French post-directionals after a French street type: `rue Ste-Catherine Ouest` / `O`.
    let french = t.get(start).is_some_and(|w| {
        matches!(
            *w,
            "rue" | "boul" | "chemin" | "impasse" | "montee" | "rang" | "quai" | "cours"
        )
    });
    if french && name_end >= start + 3 {
        if let Some(d) = match t[name_end - 1] {
            "ouest" | "o" => Some("w"),
            "est" => Some("e"),
            "nord" => Some("n"),
            "sud" => Some("s"),
            _ => None,
        } {
            t[name_end - 1] = d;
        }
    }
    // Post-directional.
    let pair = if name_end >= start + 3 {
        directional_pair(t[name_end - 2], t[name_end - 1])
    } else {
        None
    };
    if let Some(d) = pair {
        t[name_end - 2] = d;
        t.remove(name_end - 1);
        name_end -= 2;
    } else if name_end >= start + 2 {
        if let Some(d) = directional(t[name_end - 1]) {
            t[name_end - 1] = d;
            name_end -= 1;
        }
    }
    // Suffix: only the last word of the name.
    let has_suffix_slot = name_end >= start + 2;
    if has_suffix_slot {
        if let Some(s) = suffix(t[name_end - 1]) {
            t[name_end - 1] = s;
            // "NW 1 St" = "NW 1st St".
            let i = name_end - 2;
            if street_suffix(s).is_some()
                && i > start
                && directional(t[i - 1]).is_some()
                && (1..=3).contains(&t[i].len())
                && t[i].bytes().all(|b| b.is_ascii_digit())
            {
                if let Some(o) = t[i].parse::<usize>().ok().and_then(ordinal_number) {
                    t[i] = o;
                }
            }
        }
    }
    let words_end = if has_suffix_slot {
        name_end - 1
    } else {
        name_end
    };
    for w in &mut t[start..words_end] {
        if let Some(m) = name_word(w) {
            *w = m;
        }
    }
    // Pre-directional.
    let pair = if name_end >= start + 3 {
        directional_pair(t[start], t[start + 1])
    } else {
        None
    };
    if let Some(d) = pair {
        t[start] = d;
        t.remove(start + 1);
    } else if name_end >= start + 2 {
        if let Some(d) = directional(t[start]) {
            t[start] = d;
        }
    }
}

/// PO boxes, rural and star routes at the start of a street: (written, canonical, needs a
/// number after).
const ROUTE_LEADS: &[(&[&str], &[&str], bool)] = &[
    (&["post", "office", "box"], &["po", "box"], false),
    (&["p", "o", "box"], &["po", "box"], false),
    (&["p", "o", "b"], &["po", "box"], true),
    (&["po", "b"], &["po", "box"], true),
    (&["pob"], &["po", "box"], true),
    (&["pobox"], &["po", "box"], false),
    (&["box"], &["po", "box"], true),
    (&["post", "office"], &["po"], false),
    (&["p", "o"], &["po"], false),
    (&["rural", "route"], &["rr"], true),
    (&["rural", "rte"], &["rr"], true),
    (&["rural", "free", "delivery"], &["rr"], true),
    (&["r", "r"], &["rr"], true),
    (&["rfd"], &["rr"], true),
    (&["r", "f", "d"], &["rr"], true),
    (&["star", "route"], &["hc"], true),
    (&["star", "rte"], &["hc"], true),
    (&["highway", "contract", "route"], &["hc"], true),
    (&["hcr"], &["hc"], true),
    (&["h", "c"], &["hc"], true),
];

/// Whether a word can start one of [`ROUTE_LEADS`] (a test holds this to the table).
fn route_lead(w: &str) -> bool {
    matches!(
        w,
        "post"
            | "p"
            | "po"
            | "pob"
            | "pobox"
            | "box"
            | "rural"
            | "r"
            | "rfd"
            | "star"
            | "highway"
            | "hcr"
            | "h"
    )
}

/// PO boxes, rural and star routes (at the start of the street) and numbered roads (anywhere)
/// in one canonical form each; see the module docs.
fn standardize_routes(t: &mut Vec<&str>, start: usize) {
    // A number, not an ordinal ("Route 9W" but not "Route 1st").
    let number_at = |t: &[&str], k: usize| {
        t.get(k)
            .is_some_and(|w| starts_with_digit(w) && !(floor_number(w).is_some() && has_alpha(w)))
    };
    let route_word = |w: &str| matches!(w, "route" | "rte" | "rt");
    let highway_word =
        |w: &str| matches!(w, "highway" | "hwy" | "hiway" | "hiwy" | "hway" | "highwy");
    let lead = t.get(start).is_some_and(|w| route_lead(w));
    for &(written, canon, needs_number) in ROUTE_LEADS.iter().filter(|_| lead) {
        let Some(head) = t.get(start..start + written.len()) else {
            continue;
        };
        if head != written {
            continue;
        }
        let mut end = start + written.len();
        // "RFD Route 2".
        if matches!(canon, ["rr"] | ["hc"]) && t.get(end).is_some_and(|w| route_word(w)) {
            end += 1;
        }
        if !needs_number || number_at(t, end) {
            t.splice(start..end, canon.iter().copied());
        }
        break;
    }
    // The rest changes only lines holding one of these words.
    let routed = t.get(start..).is_some_and(|r| {
        r.iter().any(|w| {
            route_word(w)
                || highway_word(w)
                || matches!(*w, "u" | "us" | "road" | "rd" | "interstate")
        })
    });
    let mut i = if routed { start } else { t.len() };
    while i < t.len() {
        if t[i] == "u" && t.get(i + 1) == Some(&"s") {
            let after = t.get(i + 2).copied().unwrap_or_default();
            if highway_word(after) || route_word(after) || starts_with_digit(after) {
                t[i] = "us";
                t.remove(i + 1);
            }
        }
        let road = t
            .get(i + 1)
            .is_some_and(|w| matches!(*w, "road" | "rd") || route_word(w));
        if road && number_at(t, i + 2) {
            let short = match t[i] {
                "county" | "co" | "cnty" => Some("cr"),
                "state" => Some("sr"),
                _ => None,
            };
            if let Some(short) = short {
                t[i] = short;
                t.remove(i + 1);
            }
        }
        if number_at(t, i + 1) {
            if highway_word(t[i]) {
                t[i] = "hwy";
            } else if route_word(t[i]) {
                t[i] = "rte";
            } else if t[i] == "interstate" {
                t[i] = "i";
            }
        }
        // "US 1", "US Route 1", "U.S. Highway 1" → "us hwy 1".
        if t[i] == "us" {
            if t.get(i + 1)
                .is_some_and(|w| route_word(w) || highway_word(w))
            {
                t[i + 1] = "hwy";
            } else if number_at(t, i + 1) {
                t.insert(i + 1, "hwy");
            }
        }
        i += 1;
    }
}

/// `1st`, `2nd`, … `999th` as static text.
fn ordinal_number(n: usize) -> Option<&'static str> {
    static TABLE: OnceLock<Vec<String>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (0..1000usize)
            .map(|n| {
                let suffix = match (n % 10, n % 100) {
                    (_, 11..=13) => "th",
                    (1, _) => "st",
                    (2, _) => "nd",
                    (3, _) => "rd",
                    _ => "th",
                };
                format!("{n}{suffix}")
            })
            .collect()
    });
    table.get(n).filter(|_| n > 0).map(String::as_str)
}

fn name_word(w: &str) -> Option<&'static str> {
    Some(match w {
        "saint" => "st",
        "sainte" => "ste",
        "mount" => "mt",
        "fort" => "ft",
        _ => return ordinal(w),
    })
}

/// An ordinal written out, lower case, as its short form (`fourth` → `4th`).
pub(crate) fn ordinal(w: &str) -> Option<&'static str> {
    Some(match w {
        "first" => "1st",
        "second" => "2nd",
        "third" => "3rd",
        "fourth" => "4th",
        "fifth" => "5th",
        "sixth" => "6th",
        "seventh" => "7th",
        "eighth" => "8th",
        "ninth" => "9th",
        "tenth" => "10th",
        "eleventh" => "11th",
        "twelfth" => "12th",
        _ => return None,
    })
}

/// USPS C2 directional abbreviation.
fn directional(w: &str) -> Option<&'static str> {
    Some(match w {
        "n" | "north" => "n",
        "s" | "south" => "s",
        "e" | "east" => "e",
        "w" | "west" => "w",
        "ne" | "northeast" => "ne",
        "nw" | "northwest" => "nw",
        "se" | "southeast" => "se",
        "sw" | "southwest" => "sw",
        _ => return None,
    })
}

/// Two-word directionals: `north east` / `n e` → `ne`.
fn directional_pair(a: &str, b: &str) -> Option<&'static str> {
    let ns = match a {
        "n" | "north" => 'n',
        "s" | "south" => 's',
        _ => return None,
    };
    let ew = match b {
        "e" | "east" => 'e',
        "w" | "west" => 'w',
        _ => return None,
    };
    Some(match (ns, ew) {
        ('n', 'e') => "ne",
        ('n', _) => "nw",
        (_, 'e') => "se",
        _ => "sw",
    })
}

/// USPS C1 standard suffix abbreviation.
///
/// Asked several times of every word of every street line, mostly of words that are not
/// suffixes: looked up in a hash index of [`SUFFIXES`] (the same answers as a binary search of
/// the sorted table, see [`suffix_by_search`]).
pub(crate) fn suffix(w: &str) -> Option<&'static str> {
    // No suffix starts with a digit (house numbers, postcodes, unit numbers: most lookups).
    if w.as_bytes().first().is_none_or(u8::is_ascii_digit) || !SUFFIX_SHAPE.may_hold(w) {
        return None;
    }
    static INDEX: OnceLock<FnvMap<&'static str, &'static str>> = OnceLock::new();
    INDEX
        .get_or_init(|| lookup::index(SUFFIXES))
        .get(w)
        .copied()
}

/// The shape of [`SUFFIXES`]: most words are turned away before the hash.
static SUFFIX_SHAPE: Shape = Shape::of(SUFFIXES);

/// [`suffix`] by binary search of the sorted table: the reference the index is tested against.
#[cfg(test)]
fn suffix_by_search(w: &str) -> Option<&'static str> {
    SUFFIXES
        .binary_search_by(|(k, _)| (*k).cmp(w))
        .ok()
        .map(|i| SUFFIXES[i].1)
}

/// Secondary unit designators (USPS C2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Designator {
    /// `#`.
    Hash,
    /// Unambiguous designator that takes an identifier.
    Strong(&'static str),
    /// Designator that is also a common street word; needs a numeric identifier.
    Weak(&'static str),
    /// Designator that takes no identifier.
    NoId(&'static str),
}

/// Declares [`DESIGNATORS`] and the `match` that looks them up, from one list.
macro_rules! designators {
    ($($word:literal => $d:expr,)*) => {
        /// The unit designators written in ASCII: USPS C2, a few European forms, `#`, and a
        /// mail code (`M/C 525`, `M/S 5-230`, see `lex`). Those marked weak (`no`, `piso`,
        /// `etage`, `stock`, `og`, `hoog`, `puerta`, …) are street words too and need a
        /// numeric identifier.
        const DESIGNATORS: &[(&str, Designator)] = &[$(($word, $d)),*];

        /// [`DESIGNATORS`] as a `match` (compiled to a length switch and inline compares).
        fn ascii_designator(w: &str) -> Option<Designator> {
            Some(match w {
                $($word => $d,)*
                _ => return None,
            })
        }
    };
}

designators! {
    "#" => Designator::Hash,
    "apartment" => Designator::Strong("apt"),
    "appartement" => Designator::Strong("apt"),
    "appt" => Designator::Strong("apt"),
    "apt" => Designator::Strong("apt"),
    "apts" => Designator::Strong("apt"),
    "basement" => Designator::NoId("bsmt"),
    "bld" => Designator::Strong("bldg"),
    "bldg" => Designator::Strong("bldg"),
    "bldng" => Designator::Strong("bldg"),
    "blg" => Designator::Strong("bldg"),
    "bsmt" => Designator::NoId("bsmt"),
    "building" => Designator::Strong("bldg"),
    "department" => Designator::Strong("dept"),
    "dept" => Designator::Strong("dept"),
    "etage" => Designator::Weak("fl"),
    "fl" => Designator::Strong("fl"),
    "flat" => Designator::Strong("flat"),
    "floor" => Designator::Strong("fl"),
    "flr" => Designator::Strong("fl"),
    "frnt" => Designator::NoId("frnt"),
    "front" => Designator::NoId("frnt"),
    "hangar" => Designator::Weak("hngr"),
    "hngr" => Designator::Weak("hngr"),
    "hoog" => Designator::Weak("fl"),
    "key" => Designator::Weak("key"),
    "lbby" => Designator::NoId("lbby"),
    "level" => Designator::Strong("fl"),
    "lobby" => Designator::NoId("lbby"),
    "lot" => Designator::Strong("lot"),
    "lower" => Designator::NoId("lowr"),
    "lowr" => Designator::NoId("lowr"),
    "lvl" => Designator::Strong("fl"),
    "mailcode" => Designator::Strong("ms"),
    "no" => Designator::Weak("no"),
    "number" => Designator::Weak("no"),
    "ofc" => Designator::Strong("ofc"),
    "office" => Designator::Strong("ofc"),
    "og" => Designator::Weak("fl"),
    "penthouse" => Designator::NoId("ph"),
    "ph" => Designator::NoId("ph"),
    "pier" => Designator::Weak("pier"),
    "piso" => Designator::Weak("fl"),
    "pmb" => Designator::Strong("pmb"),
    "pta" => Designator::Weak("apt"),
    "puerta" => Designator::Weak("apt"),
    "rear" => Designator::NoId("rear"),
    "rm" => Designator::Strong("rm"),
    "room" => Designator::Strong("rm"),
    "shop" => Designator::Strong("shop"),
    "side" => Designator::NoId("side"),
    "slip" => Designator::Weak("slip"),
    "space" => Designator::Strong("spc"),
    "spc" => Designator::Strong("spc"),
    "ste" => Designator::Strong("ste"),
    "stock" => Designator::Weak("fl"),
    "stop" => Designator::Weak("stop"),
    "suite" => Designator::Strong("ste"),
    "tower" => Designator::Strong("bldg"),
    "trailer" => Designator::Strong("trlr"),
    "trlr" => Designator::Strong("trlr"),
    "twr" => Designator::Strong("bldg"),
    "unit" => Designator::Strong("unit"),
    "upper" => Designator::NoId("uppr"),
    "uppr" => Designator::NoId("uppr"),
    "whg" => Designator::Strong("apt"),
    "wohnung" => Designator::Strong("apt"),
}

/// The shape of [`DESIGNATORS`]: most words are turned away before the `match`.
static DESIGNATOR_SHAPE: Shape = Shape::of(DESIGNATORS);

fn designator(w: &str) -> Option<Designator> {
    // No designator starts with a digit (nor is empty).
    let first = *w.as_bytes().first()?;
    if first.is_ascii_digit() {
        return None;
    }
    if DESIGNATOR_SHAPE.may_hold(w) {
        if let Some(d) = ascii_designator(w) {
            return Some(d);
        }
    }
    // A Thai or Persian unit word (native words never start with an ASCII byte).
    if first.is_ascii() {
        return None;
    }
    native_word(w).and_then(|e| match e.kind {
        NativeKind::Unit(d) => Some(d),
        _ => None,
    })
}

// ---------------------------------------------------------------------------------------------
// Thai and Iranian (Persian) street lines.

/// How a street line is read: the US/Commonwealth rules, or those of Thailand or Iran.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Convention {
    #[default]
    Default,
    Thai,
    Persian,
}

/// The convention of a country code (`TH`, `IR`), `Default` for every other one or none.
fn country_convention(country: Option<&str>) -> Convention {
    match country {
        Some("TH") => Convention::Thai,
        Some("IR") => Convention::Persian,
        _ => Convention::Default,
    }
}

/// Thai when the text has a Thai letter, else Persian when it has an Arabic-script one.
fn script_convention(s: &str) -> Option<Convention> {
    let mut conv = None;
    for c in s.chars().filter(|c| !c.is_ascii()) {
        if is_thai(c) {
            return Some(Convention::Thai);
        }
        if is_arabic_script(c) {
            conv = Some(Convention::Persian);
        }
    }
    conv
}

fn is_thai(c: char) -> bool {
    ('\u{E01}'..='\u{E5B}').contains(&c)
}

fn is_arabic_script(c: char) -> bool {
    matches!(c, '\u{600}'..='\u{6FF}' | '\u{750}'..='\u{77F}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// A Thai or Iranian street line (see the module docs): house number from a marker
/// (`پلاک 12`, `เลขที่ 12`) or else the leading number, kept whole (`824/65`); each unit
/// designator takes the one word after it, and of several units the room / suite / unit wins
/// over the floor; a trailing number stays in the street name (`کوچه 12`, `ซอย 11`).
fn parse_native_line(all: &[&str], conv: Convention) -> StreetLine {
    let mut unit = None;
    let mut house = None;
    let mut rest = take_units(all, None, &mut unit);
    rest.retain(|t| *t != "#");
    // A leading number is the house number; only without one does a marker give it, so that
    // the line rebuilt with the house number first reads the same.
    if rest.first().is_some_and(|w| starts_with_digit(w)) {
        house = Some(rest.remove(0).to_string());
    } else {
        rest = take_units(&rest, Some(&mut house), &mut unit);
    }
    let unit = unit_id(unit);
    standardize_tokens(&mut rest);
    StreetLine {
        house,
        street: (!rest.is_empty()).then(|| rest.join(" ")),
        unit,
        conv,
    }
}

/// The highest-ranked unit found (rank, identifier).
type RankedUnit<'a> = Option<(u8, &'a str)>;

/// Takes every designator with its identifier (`واحد 158`, `ห้อง 301`, `Unit 4`, `# 4`) and,
/// when `house` is given, the first house-number marker with its number, out of `toks`, and
/// returns the other words. `unit` keeps the identifier of the highest-ranked designator (a
/// floor ranks below every other): one identifier, never several glued together. Passes repeat
/// until nothing more is taken, so that words brought together by a removal (`ชั้น ห้อง 5 12`)
/// are read as they will be when the normalized line is read again.
fn take_units<'a>(
    toks: &[&'a str],
    mut house: Option<&mut Option<String>>,
    unit: &mut RankedUnit<'a>,
) -> Vec<&'a str> {
    let mut cur: Vec<&'a str> = toks.to_vec();
    loop {
        let mut kept = Vec::with_capacity(cur.len());
        let mut i = 0;
        while let Some(&w) = cur.get(i) {
            let next = cur.get(i + 1).copied();
            if let (Some(h), Some(n)) = (house.as_deref_mut(), next) {
                if h.is_none() && is_house_marker(w) && starts_with_digit(n) {
                    *h = Some(n.to_string());
                    i += 2;
                    continue;
                }
            }
            // `Apt # 4`: the `#` between designator and identifier is skipped.
            let hash = usize::from(next == Some("#") && designator(w) != Some(Designator::Hash));
            let id = cur.get(i + 1 + hash).copied();
            let found = id.and_then(|n| Some((unit_rank(designator(w)?, n)?, n)));
            if let Some((rank, id)) = found {
                if unit.is_none_or(|(r, _)| rank > r) {
                    *unit = Some((rank, id));
                }
                i += 2 + hash;
                continue;
            }
            kept.push(w);
            i += 1;
        }
        let done = kept.len() == cur.len();
        cur = kept;
        if done {
            return cur;
        }
    }
}

/// The canonical unit of a [`take_units`] result: the identifier without dashes.
fn unit_id(unit: RankedUnit<'_>) -> Option<String> {
    unit.and_then(|(_, id)| non_empty(id.chars().filter(|c| *c != '-').collect()))
}

/// Rank of a designator followed by `id` when `id` can be its identifier (floors rank 1, other
/// designators 2); `None` when it cannot.
fn unit_rank(d: Designator, id: &str) -> Option<u8> {
    let ok = id != "#"
        && match d {
            Designator::Hash | Designator::Strong(_) => is_id_like(id),
            Designator::Weak(_) => has_digit(id),
            Designator::NoId(_) => false,
        };
    let floor = matches!(d, Designator::Strong("fl") | Designator::Weak("fl"));
    ok.then_some(if floor { 1 } else { 2 })
}

/// A Thai or Iranian `unit` field without a designator and identifier: its words joined (dashes
/// removed) when at most one of them holds a digit; `None` when several do (`12 3` is not unit
/// `123`), when a house/sub-number `12/3` is not alone, or when the joined words would read as
/// a designator.
fn native_unit_text(toks: &[&str]) -> Option<String> {
    let takes_id = |t: &str| designator(t).is_some_and(|d| !matches!(d, Designator::NoId(_)));
    let words = || toks.iter().filter(|t| !takes_id(t));
    let several = words().nth(1).is_some();
    if words().filter(|t| has_digit(t)).count() > 1 || (several && words().any(|t| t.contains('/')))
    {
        return None;
    }
    let joined: String = words()
        .flat_map(|t| t.chars())
        .filter(|c| *c != '-')
        .collect();
    if takes_id(&joined) || (several && designator(&joined).is_some()) {
        return None;
    }
    non_empty(joined)
}

/// ASCII digit of a Persian, Arabic-Indic or Thai digit.
fn native_digit(c: char) -> Option<char> {
    let zero = match c {
        '\u{660}'..='\u{669}' => 0x660,
        '\u{6F0}'..='\u{6F9}' => 0x6F0,
        '\u{E50}'..='\u{E59}' => 0xE50,
        _ => return None,
    };
    char::from_digit(u32::from(c) - zero, 10)
}

/// The script of a Persian, Arabic-Indic or Thai digit.
fn native_digit_script(c: char) -> Option<Convention> {
    match c {
        '\u{660}'..='\u{669}' | '\u{6F0}'..='\u{6F9}' => Some(Convention::Persian),
        '\u{E50}'..='\u{E59}' => Some(Convention::Thai),
        _ => None,
    }
}

/// The text with Persian, Arabic-Indic and Thai digits as ASCII ones; borrowed when it has none.
fn ascii_digits(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_ascii() || !s.chars().any(|c| native_digit(c).is_some()) {
        return std::borrow::Cow::Borrowed(s);
    }
    s.chars().map(|c| native_digit(c).unwrap_or(c)).collect()
}

/// Folded text with Arabic-keyboard letters as Persian ones (`ي ى → ی`, `ك → ک`), the
/// elongation mark (tatweel `ـ`) removed, and native digits as ASCII; unchanged (no
/// allocation) when there is nothing to do.
fn unify_script(s: String) -> String {
    let needs = |c: char| matches!(c, 'ي' | 'ى' | 'ك' | 'ـ') || native_digit(c).is_some();
    if s.is_ascii() || !s.chars().any(needs) {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'ي' | 'ى' => out.push('ی'),
            'ك' => out.push('ک'),
            'ـ' => {}
            _ => out.push(native_digit(c).unwrap_or(c)),
        }
    }
    out
}

/// Thai marks that folds may keep or drop (vowel signs above and below, tone marks, nikhahit).
fn is_thai_mark(c: char) -> bool {
    matches!(c, '\u{E31}' | '\u{E34}'..='\u{E3A}' | '\u{E47}'..='\u{E4E}')
}

/// The form street words are looked up in: Thai marks removed and `ำ` as `า`, so that a word
/// matches whether its vowel and tone marks were kept, dropped or mistyped.
fn skeleton(w: &str) -> String {
    w.chars()
        .filter(|c| !is_thai_mark(*c))
        .map(|c| if c == 'ำ' { 'า' } else { c })
        .collect()
}

/// What a Thai or Persian street-line word is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NativeKind {
    /// A street-type or place word, standardized to the canonical word.
    Street(&'static str),
    /// A house-number marker (`پلاک`, `เลขที่`).
    House,
    /// A unit designator.
    Unit(Designator),
}

/// Thai and Persian street-line words as written (one or two words), and what they are. The
/// canonical word of a street type is its first form; it is looked up folded and as a skeleton
/// (see [`skeleton`]), so spellings with and without marks, `ي`/`ی` and ZWNJ all match.
const NATIVE_WORDS: &[(&str, NativeKind)] = {
    use Designator::{Strong, Weak};
    use NativeKind::{House, Street, Unit};
    &[
        // Thai: road, soi (lane), moo (village number), tambon / khwaeng (subdistrict), amphoe /
        // khet (district), changwat (province), mu ban (housing estate), building.
        ("ถ", Street("ถ")),
        ("ถนน", Street("ถ")),
        ("ซ", Street("ซ")),
        ("ซอย", Street("ซ")),
        ("ม", Street("ม")),
        ("หมู่", Street("ม")),
        ("หมู่ที่", Street("ม")),
        ("หมู่ ที่", Street("ม")),
        ("ต", Street("ต")),
        ("ตำบล", Street("ต")),
        ("แขวง", Street("แขวง")),
        ("อ", Street("อ")),
        ("อำเภอ", Street("อ")),
        ("เขต", Street("เขต")),
        ("จ", Street("จ")),
        ("จังหวัด", Street("จ")),
        ("มบ", Street("มบ")),
        ("หมู่บ้าน", Street("มบ")),
        ("อาคาร", Street("อาคาร")),
        ("เลขที่", House),
        ("บ้านเลขที่", House),
        ("ชั้น", Unit(Weak("fl"))),
        ("ชั้นที่", Unit(Weak("fl"))),
        ("ห้อง", Unit(Strong("rm"))),
        ("ห้องเลขที่", Unit(Strong("rm"))),
        // Persian: street, alley, boulevard, square, dead end, road, expressway, freeway,
        // crossroads, intersection, quarter, township.
        ("خیابان", Street("خیابان")),
        ("خ", Street("خیابان")),
        ("کوچه", Street("کوچه")),
        ("ک", Street("کوچه")),
        ("بلوار", Street("بلوار")),
        ("میدان", Street("میدان")),
        ("م", Street("میدان")),
        ("بن‌بست", Street("بن‌بست")),
        ("بن بست", Street("بن‌بست")),
        ("جاده", Street("جاده")),
        ("بزرگراه", Street("بزرگراه")),
        ("بزرگ راه", Street("بزرگراه")),
        ("اتوبان", Street("بزرگراه")),
        ("آزادراه", Street("آزادراه")),
        ("آزاد راه", Street("آزادراه")),
        ("چهارراه", Street("چهارراه")),
        ("چهار راه", Street("چهارراه")),
        ("تقاطع", Street("تقاطع")),
        ("کوی", Street("کوی")),
        ("شهرک", Street("شهرک")),
        ("پلاک", House),
        ("پ", House),
        ("واحد", Unit(Weak("unit"))),
        ("سوئیت", Unit(Strong("ste"))),
        ("سوییت", Unit(Strong("ste"))),
        ("سویت", Unit(Strong("ste"))),
        ("طبقه", Unit(Weak("fl"))),
    ]
};

/// One entry of the looked-up native word table.
struct NativeWord {
    /// Skeleton of the folded form; two words are separated by one space.
    key: String,
    kind: NativeKind,
    /// Folded canonical word of a street type (empty for markers and designators).
    canon: String,
    /// May be split off the front of a longer Thai word (`ถนนศรีตะวัน` → `ถนน ศรีตะวัน`).
    glued_prefix: bool,
}

/// [`NATIVE_WORDS`] folded with the same fold as the input (so the table follows any change to
/// [`fold`]), sorted by key.
fn native_words() -> &'static [NativeWord] {
    static TABLE: OnceLock<Vec<NativeWord>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let folded = |s: &str| unify_script(fold(s));
        let mut v: Vec<NativeWord> = NATIVE_WORDS
            .iter()
            .map(|&(form, kind)| {
                let f = folded(form);
                let key = skeleton(&f);
                let thai = key.chars().any(is_thai);
                let glued_prefix = thai
                    && !key.contains(' ')
                    && key.chars().count() >= 3
                    && matches!(kind, NativeKind::Street(_) | NativeKind::House);
                let canon = match kind {
                    NativeKind::Street(c) => folded(c),
                    _ => String::new(),
                };
                NativeWord {
                    key,
                    kind,
                    canon,
                    glued_prefix,
                }
            })
            .collect();
        v.sort_by(|a, b| a.key.cmp(&b.key));
        v
    })
}

fn native_lookup(key: &str) -> Option<&'static NativeWord> {
    let t = native_words();
    t.binary_search_by(|e| e.key.as_str().cmp(key))
        .ok()
        .and_then(|i| t.get(i))
}

/// The native word a folded word is, if any (ASCII words never are).
fn native_word(w: &str) -> Option<&'static NativeWord> {
    if w.is_ascii() {
        return None;
    }
    native_lookup(&skeleton(w))
}

fn is_house_marker(w: &str) -> bool {
    native_word(w).is_some_and(|e| e.kind == NativeKind::House)
}

/// Splits Thai and Persian street words glued to what follows: a word glued to digits
/// (`หมู่5`, `پلاک12`), and a Thai street-type word or house marker of three letters or more
/// glued to a name of two letters or more (`ถนนศรีตะวัน`, `ซอยทีฆะ`). Dotted abbreviations
/// (`ถ.ศรีตะวัน`) are already apart after folding.
fn split_glued<'a>(toks: &[&'a str]) -> Vec<&'a str> {
    let mut out = Vec::with_capacity(toks.len() + 2);
    for &t in toks {
        let mut t = t;
        while let Some((head, tail)) = split_glued_word(t) {
            out.push(head);
            t = tail;
        }
        out.push(t);
    }
    out
}

fn split_glued_word(t: &str) -> Option<(&str, &str)> {
    if t.is_ascii() {
        return None;
    }
    if let Some(d) = t.find(|c: char| c.is_ascii_digit()).filter(|&d| d > 0) {
        let (head, tail) = t.split_at(d);
        if native_word(head).is_some() {
            return Some((head, tail));
        }
    }
    if !t.starts_with(is_thai) {
        return None;
    }
    let key = skeleton(t);
    let n = key.chars().count();
    // Longest prefix first; at least two letters must remain.
    for k in (3..=n.saturating_sub(2)).rev() {
        let end = key.char_indices().nth(k).map_or(key.len(), |(i, _)| i);
        let prefix = key.get(..end)?;
        if native_lookup(prefix).is_some_and(|e| e.glued_prefix) {
            return Some(t.split_at(skeleton_byte_end(t, k)));
        }
    }
    None
}

/// Byte offset in `t` just after its first `k` skeleton letters and the marks that follow them.
fn skeleton_byte_end(t: &str, k: usize) -> usize {
    let mut letters = 0;
    for (i, c) in t.char_indices() {
        if is_thai_mark(c) {
            continue;
        }
        if letters == k {
            return i;
        }
        letters += 1;
    }
    t.len()
}

/// Standardizes Thai and Persian words in place: two-word forms merged (`بن بست`, `چهار راه`,
/// `หมู่ ที่`), street-type words replaced by their canonical word.
fn standardize_native(t: &mut Vec<&str>) {
    let mut i = 0;
    while i < t.len() {
        let pair = match (t.get(i), t.get(i + 1)) {
            (Some(a), Some(b)) if !a.is_ascii() && !b.is_ascii() => {
                native_lookup(&format!("{} {}", skeleton(a), skeleton(b)))
            }
            _ => None,
        };
        let single = || t.get(i).and_then(|w| native_word(w));
        if let Some(e) = pair.or_else(single) {
            if let NativeKind::Street(_) = e.kind {
                t[i] = e.canon.as_str();
                if pair.is_some() {
                    t.remove(i + 1);
                }
            }
        }
        i += 1;
    }
}

// Generated: 557 entries (USPS), plus German `strasse`.
const SUFFIXES: &[(&str, &str)] = &[
    ("allee", "aly"),
    ("alley", "aly"),
    ("ally", "aly"),
    ("aly", "aly"),
    ("anex", "anx"),
    ("annex", "anx"),
    ("annx", "anx"),
    ("anx", "anx"),
    ("arc", "arc"),
    ("arcade", "arc"),
    ("av", "ave"),
    ("ave", "ave"),
    ("aven", "ave"),
    ("avenu", "ave"),
    ("avenue", "ave"),
    ("avn", "ave"),
    ("avnue", "ave"),
    ("bayoo", "byu"),
    ("bayou", "byu"),
    ("bch", "bch"),
    ("beach", "bch"),
    ("bend", "bnd"),
    ("bg", "bg"),
    ("bgs", "bgs"),
    ("blf", "blf"),
    ("blfs", "blfs"),
    ("bluf", "blf"),
    ("bluff", "blf"),
    ("bluffs", "blfs"),
    ("blvd", "blvd"),
    ("bnd", "bnd"),
    ("bot", "btm"),
    ("bottm", "btm"),
    ("bottom", "btm"),
    ("boul", "blvd"),
    ("boulevard", "blvd"),
    ("boulv", "blvd"),
    ("br", "br"),
    ("branch", "br"),
    ("brdge", "brg"),
    ("brg", "brg"),
    ("bridge", "brg"),
    ("brk", "brk"),
    ("brks", "brks"),
    ("brnch", "br"),
    ("brook", "brk"),
    ("brooks", "brks"),
    ("btm", "btm"),
    ("burg", "bg"),
    ("burgs", "bgs"),
    ("byp", "byp"),
    ("bypa", "byp"),
    ("bypas", "byp"),
    ("bypass", "byp"),
    ("byps", "byp"),
    ("byu", "byu"),
    ("camp", "cp"),
    ("canyn", "cyn"),
    ("canyon", "cyn"),
    ("cape", "cpe"),
    ("causeway", "cswy"),
    ("causwa", "cswy"),
    ("cen", "ctr"),
    ("cent", "ctr"),
    ("center", "ctr"),
    ("centers", "ctrs"),
    ("centr", "ctr"),
    ("centre", "ctr"),
    ("cir", "cir"),
    ("circ", "cir"),
    ("circl", "cir"),
    ("circle", "cir"),
    ("circles", "cirs"),
    ("cirs", "cirs"),
    ("cl", "cl"),
    ("clb", "clb"),
    ("clf", "clf"),
    ("clfs", "clfs"),
    ("cliff", "clf"),
    ("cliffs", "clfs"),
    ("close", "cl"),
    ("club", "clb"),
    ("cmn", "cmn"),
    ("cmns", "cmns"),
    ("cmp", "cp"),
    ("cnter", "ctr"),
    ("cntr", "ctr"),
    ("cnyn", "cyn"),
    ("common", "cmn"),
    ("commons", "cmns"),
    ("cor", "cor"),
    ("corner", "cor"),
    ("corners", "cors"),
    ("cors", "cors"),
    ("course", "crse"),
    ("court", "ct"),
    ("courts", "cts"),
    ("cove", "cv"),
    ("coves", "cvs"),
    ("cp", "cp"),
    ("cpe", "cpe"),
    ("crcl", "cir"),
    ("crcle", "cir"),
    ("creek", "crk"),
    ("cres", "cres"),
    ("crescent", "cres"),
    ("crest", "crst"),
    ("crk", "crk"),
    ("crossing", "xing"),
    ("crossroad", "xrd"),
    ("crossroads", "xrds"),
    ("crse", "crse"),
    ("crsent", "cres"),
    ("crsnt", "cres"),
    ("crssng", "xing"),
    ("crst", "crst"),
    ("cswy", "cswy"),
    ("ct", "ct"),
    ("ctr", "ctr"),
    ("ctrs", "ctrs"),
    ("cts", "cts"),
    ("curv", "curv"),
    ("curve", "curv"),
    ("cv", "cv"),
    ("cvs", "cvs"),
    ("cyn", "cyn"),
    ("dale", "dl"),
    ("dam", "dm"),
    ("div", "dv"),
    ("divide", "dv"),
    ("dl", "dl"),
    ("dm", "dm"),
    ("dr", "dr"),
    ("driv", "dr"),
    ("drive", "dr"),
    ("drives", "drs"),
    ("drs", "drs"),
    ("drv", "dr"),
    ("dv", "dv"),
    ("dvd", "dv"),
    ("esp", "esp"),
    ("esplanade", "esp"),
    ("est", "est"),
    ("estate", "est"),
    ("estates", "ests"),
    ("ests", "ests"),
    ("exp", "expy"),
    ("expr", "expy"),
    ("express", "expy"),
    ("expressway", "expy"),
    ("expw", "expy"),
    ("expy", "expy"),
    ("ext", "ext"),
    ("extension", "ext"),
    ("extensions", "exts"),
    ("extn", "ext"),
    ("extnsn", "ext"),
    ("exts", "exts"),
    ("fall", "fall"),
    ("falls", "fls"),
    ("ferry", "fry"),
    ("field", "fld"),
    ("fields", "flds"),
    ("flat", "flt"),
    ("flats", "flts"),
    ("fld", "fld"),
    ("flds", "flds"),
    ("fls", "fls"),
    ("flt", "flt"),
    ("flts", "flts"),
    ("ford", "frd"),
    ("fords", "frds"),
    ("forest", "frst"),
    ("forests", "frst"),
    ("forg", "frg"),
    ("forge", "frg"),
    ("forges", "frgs"),
    ("fork", "frk"),
    ("forks", "frks"),
    ("fort", "ft"),
    ("frd", "frd"),
    ("frds", "frds"),
    ("freeway", "fwy"),
    ("freewy", "fwy"),
    ("frg", "frg"),
    ("frgs", "frgs"),
    ("frk", "frk"),
    ("frks", "frks"),
    ("frry", "fry"),
    ("frst", "frst"),
    ("frt", "ft"),
    ("frway", "fwy"),
    ("frwy", "fwy"),
    ("fry", "fry"),
    ("ft", "ft"),
    ("fwy", "fwy"),
    ("garden", "gdn"),
    ("gardens", "gdns"),
    ("gardn", "gdn"),
    ("gateway", "gtwy"),
    ("gatewy", "gtwy"),
    ("gatway", "gtwy"),
    ("gdn", "gdn"),
    ("gdns", "gdns"),
    ("glen", "gln"),
    ("glens", "glns"),
    ("gln", "gln"),
    ("glns", "glns"),
    ("grden", "gdn"),
    ("grdn", "gdn"),
    ("grdns", "gdns"),
    ("green", "grn"),
    ("greens", "grns"),
    ("grn", "grn"),
    ("grns", "grns"),
    ("grov", "grv"),
    ("grove", "grv"),
    ("groves", "grvs"),
    ("grv", "grv"),
    ("grvs", "grvs"),
    ("gtway", "gtwy"),
    ("gtwy", "gtwy"),
    ("harb", "hbr"),
    ("harbor", "hbr"),
    ("harbors", "hbrs"),
    ("harbour", "hbr"),
    ("harbr", "hbr"),
    ("haven", "hvn"),
    ("hbr", "hbr"),
    ("hbrs", "hbrs"),
    ("heights", "hts"),
    ("hgts", "hts"),
    ("highway", "hwy"),
    ("highwy", "hwy"),
    ("hill", "hl"),
    ("hills", "hls"),
    ("hiway", "hwy"),
    ("hiwy", "hwy"),
    ("hl", "hl"),
    ("hllw", "holw"),
    ("hls", "hls"),
    ("hollow", "holw"),
    ("hollows", "holw"),
    ("holw", "holw"),
    ("holws", "holw"),
    ("hrbor", "hbr"),
    ("ht", "hts"),
    ("hts", "hts"),
    ("hvn", "hvn"),
    ("hway", "hwy"),
    ("hwy", "hwy"),
    ("inlet", "inlt"),
    ("inlt", "inlt"),
    ("is", "is"),
    ("island", "is"),
    ("islands", "iss"),
    ("isle", "isle"),
    ("isles", "isle"),
    ("islnd", "is"),
    ("islnds", "iss"),
    ("iss", "iss"),
    ("jct", "jct"),
    ("jction", "jct"),
    ("jctn", "jct"),
    ("jctns", "jcts"),
    ("jcts", "jcts"),
    ("junction", "jct"),
    ("junctions", "jcts"),
    ("junctn", "jct"),
    ("juncton", "jct"),
    ("key", "ky"),
    ("keys", "kys"),
    ("knl", "knl"),
    ("knls", "knls"),
    ("knol", "knl"),
    ("knoll", "knl"),
    ("knolls", "knls"),
    ("ky", "ky"),
    ("kys", "kys"),
    ("lake", "lk"),
    ("lakes", "lks"),
    ("land", "land"),
    ("landing", "lndg"),
    ("lane", "ln"),
    ("lck", "lck"),
    ("lcks", "lcks"),
    ("ldg", "ldg"),
    ("ldge", "ldg"),
    ("lf", "lf"),
    ("lgt", "lgt"),
    ("lgts", "lgts"),
    ("light", "lgt"),
    ("lights", "lgts"),
    ("lk", "lk"),
    ("lks", "lks"),
    ("ln", "ln"),
    ("lndg", "lndg"),
    ("lndng", "lndg"),
    ("loaf", "lf"),
    ("lock", "lck"),
    ("locks", "lcks"),
    ("lodg", "ldg"),
    ("lodge", "ldg"),
    ("loop", "loop"),
    ("loops", "loop"),
    ("mall", "mall"),
    ("manor", "mnr"),
    ("manors", "mnrs"),
    ("mdw", "mdw"),
    ("mdws", "mdws"),
    ("meadow", "mdw"),
    ("meadows", "mdws"),
    ("medows", "mdws"),
    ("mews", "mews"),
    ("mill", "ml"),
    ("mills", "mls"),
    ("mission", "msn"),
    ("missn", "msn"),
    ("ml", "ml"),
    ("mls", "mls"),
    ("mnr", "mnr"),
    ("mnrs", "mnrs"),
    ("mnt", "mt"),
    ("mntain", "mtn"),
    ("mntn", "mtn"),
    ("mntns", "mtns"),
    ("motorway", "mtwy"),
    ("mount", "mt"),
    ("mountain", "mtn"),
    ("mountains", "mtns"),
    ("mountin", "mtn"),
    ("msn", "msn"),
    ("mssn", "msn"),
    ("mt", "mt"),
    ("mtin", "mtn"),
    ("mtn", "mtn"),
    ("mtns", "mtns"),
    ("mtwy", "mtwy"),
    ("nck", "nck"),
    ("neck", "nck"),
    ("opas", "opas"),
    ("orch", "orch"),
    ("orchard", "orch"),
    ("orchrd", "orch"),
    ("oval", "oval"),
    ("overpass", "opas"),
    ("ovl", "oval"),
    ("parade", "pde"),
    ("park", "park"),
    ("parks", "park"),
    ("parkway", "pkwy"),
    ("parkways", "pkwy"),
    ("parkwy", "pkwy"),
    ("pass", "pass"),
    ("passage", "psge"),
    ("path", "path"),
    ("paths", "path"),
    ("pde", "pde"),
    ("pike", "pike"),
    ("pikes", "pike"),
    ("pine", "pne"),
    ("pines", "pnes"),
    ("pkway", "pkwy"),
    ("pkwy", "pkwy"),
    ("pkwys", "pkwy"),
    ("pky", "pkwy"),
    ("pl", "pl"),
    ("place", "pl"),
    ("plain", "pln"),
    ("plains", "plns"),
    ("plaza", "plz"),
    ("pln", "pln"),
    ("plns", "plns"),
    ("plz", "plz"),
    ("plza", "plz"),
    ("pne", "pne"),
    ("pnes", "pnes"),
    ("point", "pt"),
    ("points", "pts"),
    ("port", "prt"),
    ("ports", "prts"),
    ("pr", "pr"),
    ("prairie", "pr"),
    ("prk", "park"),
    ("prr", "pr"),
    ("prt", "prt"),
    ("prts", "prts"),
    ("psge", "psge"),
    ("pt", "pt"),
    ("pts", "pts"),
    ("rad", "radl"),
    ("radial", "radl"),
    ("radiel", "radl"),
    ("radl", "radl"),
    ("ramp", "ramp"),
    ("ranch", "rnch"),
    ("ranches", "rnch"),
    ("rapid", "rpd"),
    ("rapids", "rpds"),
    ("rd", "rd"),
    ("rdg", "rdg"),
    ("rdge", "rdg"),
    ("rdgs", "rdgs"),
    ("rds", "rds"),
    ("rest", "rst"),
    ("ridge", "rdg"),
    ("ridges", "rdgs"),
    ("riv", "riv"),
    ("river", "riv"),
    ("rivr", "riv"),
    ("rnch", "rnch"),
    ("rnchs", "rnch"),
    ("road", "rd"),
    ("roads", "rds"),
    ("route", "rte"),
    ("row", "row"),
    ("rpd", "rpd"),
    ("rpds", "rpds"),
    ("rst", "rst"),
    ("rte", "rte"),
    ("rue", "rue"),
    ("run", "run"),
    ("rvr", "riv"),
    ("shl", "shl"),
    ("shls", "shls"),
    ("shoal", "shl"),
    ("shoals", "shls"),
    ("shoar", "shr"),
    ("shoars", "shrs"),
    ("shore", "shr"),
    ("shores", "shrs"),
    ("shr", "shr"),
    ("shrs", "shrs"),
    ("skwy", "skwy"),
    ("skyway", "skwy"),
    ("smt", "smt"),
    ("spg", "spg"),
    ("spgs", "spgs"),
    ("spng", "spg"),
    ("spngs", "spgs"),
    ("spring", "spg"),
    ("springs", "spgs"),
    ("sprng", "spg"),
    ("sprngs", "spgs"),
    ("spur", "spur"),
    ("spurs", "spur"),
    ("sq", "sq"),
    ("sqr", "sq"),
    ("sqre", "sq"),
    ("sqrs", "sqs"),
    ("sqs", "sqs"),
    ("squ", "sq"),
    ("square", "sq"),
    ("squares", "sqs"),
    ("st", "st"),
    ("sta", "sta"),
    ("station", "sta"),
    ("statn", "sta"),
    ("stn", "sta"),
    ("str", "st"),
    ("stra", "stra"),
    ("strasse", "st"),
    ("strav", "stra"),
    ("straven", "stra"),
    ("stravenue", "stra"),
    ("stravn", "stra"),
    ("stream", "strm"),
    ("street", "st"),
    ("streets", "sts"),
    ("streme", "strm"),
    ("strm", "strm"),
    ("strt", "st"),
    ("strvn", "stra"),
    ("strvnue", "stra"),
    ("sts", "sts"),
    ("sumit", "smt"),
    ("sumitt", "smt"),
    ("summit", "smt"),
    ("ter", "ter"),
    ("terr", "ter"),
    ("terrace", "ter"),
    ("throughway", "trwy"),
    ("tpke", "tpke"),
    ("trace", "trce"),
    ("traces", "trce"),
    ("track", "trak"),
    ("tracks", "trak"),
    ("trafficway", "trfy"),
    ("trail", "trl"),
    ("trailer", "trlr"),
    ("trails", "trl"),
    ("trak", "trak"),
    ("trce", "trce"),
    ("trfy", "trfy"),
    ("trk", "trak"),
    ("trks", "trak"),
    ("trl", "trl"),
    ("trlr", "trlr"),
    ("trlrs", "trlr"),
    ("trls", "trl"),
    ("trnpk", "tpke"),
    ("trwy", "trwy"),
    ("tunel", "tunl"),
    ("tunl", "tunl"),
    ("tunls", "tunl"),
    ("tunnel", "tunl"),
    ("tunnels", "tunl"),
    ("tunnl", "tunl"),
    ("turnpike", "tpke"),
    ("turnpk", "tpke"),
    ("un", "un"),
    ("underpass", "upas"),
    ("union", "un"),
    ("unions", "uns"),
    ("uns", "uns"),
    ("upas", "upas"),
    ("valley", "vly"),
    ("valleys", "vlys"),
    ("vally", "vly"),
    ("vdct", "via"),
    ("via", "via"),
    ("viadct", "via"),
    ("viaduct", "via"),
    ("view", "vw"),
    ("views", "vws"),
    ("vill", "vlg"),
    ("villag", "vlg"),
    ("village", "vlg"),
    ("villages", "vlgs"),
    ("ville", "vl"),
    ("villg", "vlg"),
    ("villiage", "vlg"),
    ("vis", "vis"),
    ("vist", "vis"),
    ("vista", "vis"),
    ("vl", "vl"),
    ("vlg", "vlg"),
    ("vlgs", "vlgs"),
    ("vlly", "vly"),
    ("vly", "vly"),
    ("vlys", "vlys"),
    ("vst", "vis"),
    ("vsta", "vis"),
    ("vw", "vw"),
    ("vws", "vws"),
    ("walk", "walk"),
    ("walks", "walk"),
    ("wall", "wall"),
    ("way", "way"),
    ("ways", "ways"),
    ("well", "wl"),
    ("wells", "wls"),
    ("wl", "wl"),
    ("wls", "wls"),
    ("wy", "way"),
    ("xing", "xing"),
    ("xrd", "xrd"),
    ("xrds", "xrds"),
];
const REGIONS: &[(&str, &str)] = &[
    ("alabama", "al"),
    ("alaska", "ak"),
    ("alberta", "ab"),
    ("americansamoa", "as"),
    ("arizona", "az"),
    ("arkansas", "ar"),
    ("armedforcesamericas", "aa"),
    ("armedforceseurope", "ae"),
    ("armedforcespacific", "ap"),
    ("britishcolumbia", "bc"),
    ("cal", "ca"),
    ("calif", "ca"),
    ("california", "ca"),
    ("colorado", "co"),
    ("connecticut", "ct"),
    ("delaware", "de"),
    ("districtofcolumbia", "dc"),
    ("florida", "fl"),
    ("georgia", "ga"),
    ("guam", "gu"),
    ("hawaii", "hi"),
    ("idaho", "id"),
    ("illinois", "il"),
    ("indiana", "in"),
    ("iowa", "ia"),
    ("kansas", "ks"),
    ("kentucky", "ky"),
    ("louisiana", "la"),
    ("maine", "me"),
    ("manitoba", "mb"),
    ("maryland", "md"),
    ("mass", "ma"),
    ("massachusetts", "ma"),
    ("michigan", "mi"),
    ("minnesota", "mn"),
    ("mississippi", "ms"),
    ("missouri", "mo"),
    ("montana", "mt"),
    ("nebraska", "ne"),
    ("nevada", "nv"),
    ("newbrunswick", "nb"),
    ("newfoundland", "nl"),
    ("newfoundlandandlabrador", "nl"),
    ("newhampshire", "nh"),
    ("newjersey", "nj"),
    ("newmexico", "nm"),
    ("newyork", "ny"),
    ("northcarolina", "nc"),
    ("northdakota", "nd"),
    ("northernmarianaislands", "mp"),
    ("northwestterritories", "nt"),
    ("novascotia", "ns"),
    ("nunavut", "nu"),
    ("ohio", "oh"),
    ("oklahoma", "ok"),
    ("ontario", "on"),
    ("oregon", "or"),
    ("pennsylvania", "pa"),
    ("princeedwardisland", "pe"),
    ("puertorico", "pr"),
    ("quebec", "qc"),
    ("rhodeisland", "ri"),
    ("saskatchewan", "sk"),
    ("southcarolina", "sc"),
    ("southdakota", "sd"),
    ("tennessee", "tn"),
    ("texas", "tx"),
    ("usvirginislands", "vi"),
    ("utah", "ut"),
    ("vermont", "vt"),
    ("virginia", "va"),
    ("virginislands", "vi"),
    ("washington", "wa"),
    ("washingtondc", "dc"),
    ("westvirginia", "wv"),
    ("wisconsin", "wi"),
    ("wyoming", "wy"),
    ("yukon", "yt"),
    ("yukonterritory", "yt"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_sign_before_a_box_or_route_number_is_not_a_unit() {
        let read = |street: &str| {
            let a = normalize_address(&PostalAddress::new().with_street(street), Some("US"))
                .expect("an address");
            (a.street, a.unit)
        };
        for (forms, street) in [
            (
                &["PO Box 103", "PO Box #103", "P.O. Box # 103"][..],
                "po box 103",
            ),
            (
                &[
                    "RR 1 Box 103",
                    "rr # 1 box 103",
                    "RR#1 Box 103",
                    "RR 1 Box #103",
                ][..],
                "rr 1 box 103",
            ),
            (&["HC 2 Box 15", "HC # 2 Box 15"][..], "hc 2 box 15"),
            (&["Rural Route 3", "Rural Route # 3"][..], "rr 3"),
        ] {
            for f in forms {
                assert_eq!(read(f), (Some(street.to_string()), None), "{f}");
            }
        }
        // After a street name the sign still marks the unit.
        assert_eq!(read("12 Main St # 4").1.as_deref(), Some("4"));
    }

    /// (street, unit, postcode, country, expected key).
    const KEYS: &[(&str, &str, &str, &str, &str)] = &[
        ("12 North Main Street Apt 4", "", "", "", "12|n main st|4|"),
        ("12 N Main St #4", "", "", "", "12|n main st|4|"),
        ("12 N. Main St., Apt. 4", "", "", "", "12|n main st|4|"),
        ("12 N MAIN ST", "Unit 4", "", "", "12|n main st|4|"),
        ("12 N Main St", "#4", "", "", "12|n main st|4|"),
        ("Apt 4, 12 N Main St", "", "", "", "12|n main st|4|"),
        (
            "12 N Main St Apt 9",
            "Apartment 4",
            "",
            "",
            "12|n main st|4|",
        ),
        (
            "2807 Jennifer Stravenue Apartment 14B",
            "",
            "",
            "",
            "2807|jennifer stra|14b|",
        ),
        (
            "2807 Jennifer Stra #14b",
            "",
            "",
            "",
            "2807|jennifer stra|14b|",
        ),
        (
            "2807 Jennifer Stra",
            "Apt. 14-B",
            "",
            "",
            "2807|jennifer stra|14b|",
        ),
        (
            "2807 Jennifer Stra # 14 B",
            "",
            "",
            "",
            "2807|jennifer stra|14b|",
        ),
        ("3990 WEST MONICA TRACK", "", "", "", "3990|w monica trak||"),
        ("3990 W Monica Trak", "", "", "", "3990|w monica trak||"),
        ("100 Court Street", "", "", "", "100|court st||"),
        ("500 Main Street North West", "", "", "", "500|main st nw||"),
        ("500 Main St. N.W.", "", "", "", "500|main st nw||"),
        ("1 Northeast 5th Avenue", "", "", "", "1|ne 5th ave||"),
        ("1 North East Fifth Ave", "", "", "", "1|ne 5th ave||"),
        (
            "1600 Pennsylvania Avenue NW",
            "",
            "20500",
            "USA",
            "1600|pennsylvania ave nw||20500",
        ),
        (
            "1600 Pennsylvania Ave N.W.",
            "",
            "20500-0003",
            "",
            "1600|pennsylvania ave nw||20500",
        ),
        ("12 N Main St, Suite 300", "", "", "", "12|n main st|300|"),
        ("12 N Main St Ste. 300", "", "", "", "12|n main st|300|"),
        ("12 N Main St Rear", "", "", "", "12|n main st|rear|"),
        // A designator without identifier before another unit, with or without a street type.
        ("12 N Main Rear # 4", "", "", "", "12|n main|unit 4 rear|"),
        ("12 N Main", "4 Rear", "", "", "12|n main|unit 4 rear|"),
        // A trailing ordinal is a street word (`first`), not a unit.
        ("12 Main First N", "", "", "", "12|main 1st n||"),
        ("12 Main 1st N", "", "", "", "12|main 1st n||"),
        (
            "203 N Wabash 608 W # 2",
            "",
            "",
            "",
            "203|n wabash|unit 608w unit 2|",
        ),
        ("12 Front St", "", "", "", "12|front st||"),
        ("12-14 Elm Road", "", "", "", "12-14|elm rd||"),
        ("12B Elm Rd", "", "", "", "12b|elm rd||"),
        ("12 1/2 Elm Rd", "", "", "", "12 1/2|elm rd||"),
        (
            "4/12 Smith Street",
            "",
            "2000",
            "Australia",
            "12|smith st|4|2000",
        ),
        (
            "Hauptstraße 12",
            "",
            "10115",
            "Deutschland",
            "12|hauptstr||10115",
        ),
        ("Route 66", "", "", "", "|rte 66||"),
        ("P.O. Box 123", "", "", "", "|po box 123||"),
        ("Post Office Box 123", "", "", "", "|po box 123||"),
        ("12 Saint Charles Avenue", "", "", "", "12|st charles ave||"),
        ("12 St. Charles Ave", "", "", "", "12|st charles ave||"),
        (
            "10 Downing Street",
            "",
            "sw1a2aa",
            "UK",
            "10|downing st||SW1A 2AA",
        ),
        (
            "24 Sussex Drive",
            "",
            "k1m1m4",
            "Canada",
            "24|sussex dr||K1M 1M4",
        ),
        ("7 Old Key Road", "", "", "", "7|old key rd||"),
        ("12 Main St Unit Rd", "", "", "", "12|main st unit rd||"),
        ("12 N Main St", "", "2139", "US", "12|n main st||02139"),
        ("12 N Main St", "", "2139", "", "12|n main st||2139"),
        ("12 N Main St", "", "021394307", "", "12|n main st||02139"),
        ("Flat 3, 12 High Street", "", "", "", "12|high st|3|"),
        ("12 Calle Mayor", "Piso 2", "", "", "12|calle mayor|fl 2|"),
    ];

    #[test]
    fn address_keys() {
        for &(street, unit, postcode, country, want) in KEYS {
            let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
            let a = PostalAddress {
                street: opt(street),
                unit: opt(unit),
                postcode: opt(postcode),
                country: opt(country),
                ..PostalAddress::default()
            };
            let got = normalize_address(&a, None).map(|x| x.key());
            assert_eq!(got.as_deref(), Ok(want), "street {street:?} unit {unit:?}");
        }
    }

    /// (input, country, expected postcode and extension).
    type PostcodeCase = (
        &'static str,
        Option<&'static str>,
        Option<(&'static str, Option<&'static str>)>,
    );
    const POSTCODES: &[PostcodeCase] = &[
        ("02139-4307", Some("US"), Some(("02139", Some("4307")))),
        ("02139 4307", None, Some(("02139", Some("4307")))),
        ("021394307", Some("USA"), Some(("02139", Some("4307")))),
        ("21394307", Some("US"), Some(("02139", Some("4307")))),
        ("501", Some("US"), Some(("00501", None))),
        ("02139-43", Some("US"), Some(("02139", None))),
        ("ABCDE", Some("US"), Some(("ABCDE", None))),
        ("sw1a 1aa", Some("GB"), Some(("SW1A 1AA", None))),
        ("SW1A1AA", None, Some(("SW1A 1AA", None))),
        ("m1 1ae", Some("United Kingdom"), Some(("M1 1AE", None))),
        ("b33 8th", Some("GB"), Some(("B33 8TH", None))),
        ("cr2 6xh", Some("GB"), Some(("CR2 6XH", None))),
        ("dn55 1pt", Some("GB"), Some(("DN55 1PT", None))),
        ("w1a 0ax", Some("GB"), Some(("W1A 0AX", None))),
        ("ec1a 1bb", Some("GB"), Some(("EC1A 1BB", None))),
        ("12345", Some("GB"), Some(("12345", None))),
        ("k1a 0b1", Some("CA"), Some(("K1A 0B1", None))),
        ("K1A-0B1", None, Some(("K1A 0B1", None))),
        ("1234ab", Some("NL"), Some(("1234 AB", None))),
        ("10115", Some("DE"), Some(("10115", None))),
        ("75008", Some("France"), Some(("75008", None))),
        ("100-0001", Some("JP"), Some(("1000001", None))),
        ("01310-100", Some("BR"), Some(("01310100", None))),
        ("２０００", Some("AU"), Some(("2000", None))),
        ("", None, None),
        ("--", Some("US"), None),
    ];

    #[test]
    fn traditional_state_abbreviations_are_the_state() {
        for (written, code) in [
            ("Cal.", "ca"),
            ("Calif", "ca"),
            ("CA", "ca"),
            ("Mass.", "ma"),
        ] {
            assert_eq!(
                normalize_region(written, Some("US")).as_deref(),
                Some(code),
                "{written}"
            );
        }
        // `chicko cal` written at the end of a line without a comma: city and state.
        let a = crate::normalize::oneline::normalize_one_line(
            "2320 mocking bird lane chicko cal",
            None,
        )
        .unwrap();
        assert_eq!(
            (a.city.as_deref(), a.region.as_deref()),
            (Some("chicko"), Some("ca"))
        );
    }

    #[test]
    fn postcodes() {
        for &(input, country, want) in POSTCODES {
            let got = normalize_postcode(input, country);
            let want = want.map(|(p, e)| (p.to_string(), e.map(str::to_string)));
            assert_eq!(got, want, "input {input:?} country {country:?}");
        }
    }

    const COUNTRIES: &[(&str, Option<&str>)] = &[
        ("US", Some("US")),
        ("usa", Some("US")),
        ("U.S.A.", Some("US")),
        ("United States", Some("US")),
        ("united states of america", Some("US")),
        ("GB", Some("GB")),
        ("GBR", Some("GB")),
        ("Great Britain", Some("GB")),
        ("Scotland", Some("GB")),
        ("Germany", Some("DE")),
        ("France", Some("FR")),
        ("Spain", Some("ES")),
        ("Italia", Some("IT")),
        ("Brasil", Some("BR")),
        ("México", Some("MX")),
        ("Mexico", Some("MX")),
        ("Japan", Some("JP")),
        ("India", Some("IN")),
        ("CAN", Some("CA")),
        ("Australia", Some("AU")),
        ("The Netherlands", Some("NL")),
        ("South Korea", Some("KR")),
        ("Korea, Republic of", Some("KR")),
        ("Côte d'Ivoire", Some("CI")),
        ("Guinea-Bissau", Some("GW")),
        ("Saint Kitts and Nevis", Some("KN")),
        ("Zimbabwe", Some("ZW")),
        ("", None),
        ("Atlantis", None),
        ("XX", None),
    ];

    #[test]
    fn countries() {
        for &(input, want) in COUNTRIES {
            assert_eq!(country_code(input), want, "input {input:?}");
        }
    }

    #[test]
    fn country_data_is_consistent() {
        let codes: Vec<&str> = COUNTRY_CODES
            .lines()
            .skip(1)
            .filter_map(|l| l.split(',').next())
            .collect();
        assert_eq!(codes.len(), 249);
        for line in COUNTRY_CODES.lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            assert_eq!(f.len(), 3, "{line}");
            assert_eq!(country_code(f[1]), Some(f[0]), "{line}");
            assert_eq!(country_code(f[2]), Some(f[0]), "{line}");
        }
        // No alias may point at two countries.
        let compact = crate::normalize::text::fold_compact;
        let mut all: Vec<(String, &str)> = COUNTRY_CODES
            .lines()
            .skip(1)
            .flat_map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                [
                    (compact(f[0]), f[0]),
                    (compact(f[1]), f[0]),
                    (compact(f[2]), f[0]),
                ]
            })
            .collect();
        for line in COUNTRY_ALIASES.lines().skip(1) {
            let (alias, code) = line.rsplit_once(',').unwrap();
            assert!(codes.contains(&code), "{line}");
            all.push((compact(alias), code));
        }
        all.sort();
        for w in all.windows(2) {
            assert!(
                w[0].0 != w[1].0 || w[0].1 == w[1].1,
                "{:?} {:?}",
                w[0],
                w[1]
            );
        }
    }

    /// [`country_code`] by binary search of the sorted table, as it was before the hash index.
    fn country_code_by_search(s: &str) -> Option<&'static str> {
        let key = crate::normalize::text::fold_compact(s);
        let table = country_table();
        table
            .binary_search_by(|(k, _)| k.as_str().cmp(key.as_str()))
            .ok()
            .map(|i| table[i].1)
    }

    #[test]
    fn hash_indexes_answer_as_the_sorted_tables() {
        for &(k, v) in SUFFIXES {
            assert_eq!(suffix(k), Some(v), "{k}");
        }
        for (k, v) in country_table() {
            assert_eq!(country_code(k), Some(*v), "{k}");
        }
        for w in [
            "",
            "st",
            "street",
            "Street",
            "strasse",
            "straße",
            "xyz",
            "ave.",
            "us",
            "ไทย",
        ] {
            assert_eq!(suffix(w), suffix_by_search(w), "{w}");
            assert_eq!(country_code(w), country_code_by_search(w), "{w}");
            assert_eq!(region_name_code(w), region_name_code_by_search(w), "{w}");
        }
        for &(k, v) in REGIONS {
            assert_eq!(region_name_code(k), Some(v), "{k}");
        }
        // The shape filters never turn a key away.
        for &(k, d) in DESIGNATORS {
            assert_eq!(designator(k), Some(d), "{k}");
        }
        // `designator` skips the native table for words starting with an ASCII byte.
        assert!(native_words()
            .iter()
            .all(|e| !e.key.as_bytes()[0].is_ascii()));
        for w in [
            "apt", "Apt", "apts", "floor", "flr", "#", "rear", "main", "ap", "aptt",
        ] {
            let by_scan = DESIGNATORS.iter().find(|(k, _)| *k == w).map(|&(_, d)| d);
            assert_eq!(designator(w), by_scan, "{w}");
        }
        // The quick gates skip rules only for lines without the words those rules need.
        for form in PO_BOX_FORMS {
            let last = form.last().copied().unwrap_or_default();
            assert!(has_box_or_recipient_word(&[last]), "{form:?}");
        }
        for (written, _, _) in ROUTE_LEADS {
            assert!(route_lead(written[0]), "{written:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn hash_indexes_answer_as_binary_search(
            w in "[a-z]{0,12}",
            any in "\\PC{0,12}",
            name in "[A-Za-z .,'-]{0,16}",
        ) {
            for x in [&w, &any, &name] {
                proptest::prop_assert_eq!(suffix(x), suffix_by_search(x));
                if x.is_ascii() {
                    let by_scan = DESIGNATORS.iter().find(|(k, _)| k == x).map(|&(_, d)| d);
                    proptest::prop_assert_eq!(designator(x), by_scan);
                }
                proptest::prop_assert_eq!(country_code(x), country_code_by_search(x));
                proptest::prop_assert_eq!(region_name_code(x), region_name_code_by_search(x));
            }
        }
    }

    #[test]
    fn tables_are_sorted_and_suffixes_idempotent() {
        assert!(SUFFIXES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(REGIONS.windows(2).all(|w| w[0].0 < w[1].0));
        for &(_, std) in SUFFIXES {
            assert_eq!(suffix(std), Some(std));
            assert!(directional(std).is_none());
        }
    }

    #[test]
    fn street_standardization() {
        let cases = [
            ("North Main Street", "n main st"),
            ("Court Street", "court st"),
            ("Main Street Court", "main street ct"),
            ("North", "north"),
            ("North Street", "n st"),
            ("north east", "north e"),
            ("Avenue of the Americas", "avenue of the americas"),
            ("Stravenue", "stravenue"),
            ("Mount Vernon Parkway", "mt vernon pkwy"),
            ("Fort Hamilton Pkwy", "ft hamilton pkwy"),
            ("Jennifer STRAVENUE", "jennifer stra"),
            ("Lake Shore Drive South", "lake shore dr s"),
            ("", ""),
        ];
        for (input, want) in cases {
            assert_eq!(standardize_street(input), want, "{input:?}");
            assert_eq!(standardize_street(want), want, "idempotent {want:?}");
        }
    }

    #[test]
    fn other_parts() {
        let a = normalize_address(
            &PostalAddress::new()
                .with_street("12 N Main St")
                .with_city("Mount Pleasant")
                .with_region("South Carolina")
                .with_postcode("29464")
                .with_country("Narnia"),
            Some("US"),
        )
        .unwrap();
        assert_eq!(a.city.as_deref(), Some("mt pleasant"));
        assert_eq!(a.region.as_deref(), Some("sc"));
        assert_eq!(a.country, None);
        let b = normalize_address(
            &PostalAddress::new()
                .with_city("Québec")
                .with_region("Québec"),
            Some("CAN"),
        )
        .unwrap();
        assert_eq!(b.region.as_deref(), Some("qc"));
        assert_eq!(b.country.as_deref(), Some("CA"));
        assert_eq!(b.key(), "~quebec|qc|CA|");
    }

    /// (street, unit, postcode, country, expected key): Thai and Iranian addresses as
    /// fa_th_5k and real forms write them. The keys are checked against the keys of their
    /// variants in `native_variants_share_a_key`, and against literal text here.
    const NATIVE_KEYS: &[(&str, &str, &str, &str, &str)] = &[
        ("0 ซ.ทีฆะ", "", "", "TH", "0|ซ ทีฆะ||"),
        (
            "824/65 ถนนศรีตะวัน",
            "",
            "10110",
            "TH",
            "824/65|ถ ศรีตะวัน||10110",
        ),
        ("64 หมู่ 64 ถ.ศรีสัตย์", "", "", "ไทย", "64|ม 64 ถ ศรีสัตย์||"),
        ("918/83 ถ.ทรงโกมล", "", "", "", "918/83|ถ ทรงโกมล||"),
        (
            "83948 ولاشجردی جزیره سوئیت 395",
            "",
            "",
            "IR",
            "83948|ولاشجردی جزیره|395|",
        ),
        (
            "3563 محمدیاسین چهار راه واحد 158",
            "",
            "0144846224",
            "ایران",
            "3563|محمدیاسین چهارراه|158|0144846224",
        ),
        (
            "خیابان ولیعصر، کوچه ۱۲، پلاک ۳۴، طبقه ۲، واحد ۵",
            "",
            "۱۴۳۴۸-۶۳۱۱۱",
            "",
            "34|خیابان ولیعصر کوچه 12|5|1434863111",
        ),
        ("کوچه 12", "", "", "IR", "|کوچه 12||"),
        ("ซอยสุขุมวิท 11", "", "", "", "|ซ สุขุมวิท 11||"),
        ("ถนนสีลม", "ห้อง 1201", "", "", "|ถ สีลม|1201|"),
        (
            "อาคารสาธรซิตี้ ชั้น 12 ห้อง 1201 เลขที่ 175 ถนนสาทรใต้",
            "",
            "",
            "",
            "175|อาคาร สาธรซิตี้ ถ สาทรใต้|1201|",
        ),
        ("5/1 ถนนสีลม", "", "", "", "5/1|ถ สีลม||"),
        ("ถนนสีลม", "5/1", "", "TH", "|ถ สีลม|5/1|"),
        ("Sukhumvit Road", "12 3", "", "TH", "|sukhumvit rd||"),
        (
            "824/65 Sukhumvit Road",
            "",
            "",
            "TH",
            "824/65|sukhumvit rd||",
        ),
        ("4/12 Smith Street", "", "", "", "12|smith st|4|"),
    ];

    fn key_of(street: &str, unit: &str, postcode: &str, country: &str) -> String {
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
        let a = PostalAddress {
            street: opt(street),
            unit: opt(unit),
            postcode: opt(postcode),
            country: opt(country),
            ..PostalAddress::default()
        };
        normalize_address(&a, None)
            .map(|x| x.key())
            .unwrap_or_default()
    }

    /// The expected keys are written in full Thai spelling; what survives of the vowel and
    /// tone marks is [`fold`]'s business, so they are compared after folding each word.
    fn refold_key(k: &str) -> String {
        k.split('|')
            .map(|p| {
                p.split(' ')
                    .map(|w| {
                        if w.is_ascii() {
                            w.to_string()
                        } else {
                            unify_script(fold(w))
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join("|")
    }

    #[test]
    fn native_address_keys() {
        for &(street, unit, postcode, country, want) in NATIVE_KEYS {
            let got = key_of(street, unit, postcode, country);
            assert_eq!(got, refold_key(want), "street {street:?} unit {unit:?}");
        }
    }

    /// Groups of spellings of one address: every one must give the same key.
    const NATIVE_VARIANTS: &[&[(&str, &str, &str)]] = &[
        &[
            ("824/65 ถนนศรีตะวัน", "", "TH"),
            ("824/65 ถ.ศรีตะวัน", "", "TH"),
            ("824/65 ถนน ศรีตะวัน", "", "TH"),
            ("๘๒๔/๖๕ ถ. ศรีตะวัน", "", ""),
            ("เลขที่ 824/65 ถนนศรีตะวัน", "", "TH"),
            ("บ้านเลขที่ ๘๒๔/๖๕ ถนนศรีตะวัน", "", ""),
        ],
        &[
            ("64 หมู่ 64 ถ.ศรีสัตย์", "", "TH"),
            ("64 ม.64 ถนนศรีสัตย์", "", "TH"),
            ("64 หมู่ที่ 64 ถนนศรีสัตย์", "", ""),
            ("64 หมู่ ที่ 64 ถนน ศรีสัตย์", "", ""),
            ("64 หมู่64 ถ ศรีสัตย์", "", "TH"),
            // Tone marks may be dropped; vowel signs (ั) are part of the name and kept.
            ("64 หมู 64 ถ.ศรีสัตย์", "", "TH"),
        ],
        &[
            ("0 ซ.ทีฆะ", "", "TH"),
            ("0 ซอยทีฆะ", "", "TH"),
            ("0 ซอย ทีฆะ", "", ""),
        ],
        &[
            ("99 ถนนพหลโยธิน ตำบลในเมือง อำเภอเมือง จังหวัดขอนแก่น", "", "TH"),
            ("99 ถ.พหลโยธิน ต.ในเมือง อ.เมือง จ.ขอนแก่น", "", "TH"),
            ("๙๙ ถ.พหลโยธิน ต.ในเมือง อ.เมือง จ.ขอนแก่น", "", ""),
        ],
        &[
            ("12 หมู่บ้านศุภาลัย ถนนสีลม", "ห้อง 5", "TH"),
            ("12 มบ.ศุภาลัย ถ.สีลม ห้อง 5", "", "TH"),
            ("12 หมู่บ้าน ศุภาลัย ถนนสีลม ห้อง5", "", ""),
        ],
        &[
            ("3563 محمدیاسین چهار راه واحد 158", "", "IR"),
            ("3563 محمدياسين چهارراه واحد ١٥٨", "", "IR"),
            ("۳۵۶۳ محمدیاسین چهار راه", "واحد ۱۵۸", ""),
            ("3563 محمدیاسین چهار راه", "158", "IR"),
            ("3563 محمدیاسین چهار راه Unit 158", "", "IR"),
        ],
        &[
            ("83948 ولاشجردی جزیره سوئیت 395", "", "IR"),
            ("83948 ولاشجردی جزیره سوییت 395", "", "IR"),
            ("۸۳۹۴۸ ولاشجردی جزیره Suite 395", "", "IR"),
            ("83948 ولاشجردی جزیره", "سوئیت ۳۹۵", ""),
        ],
        &[
            ("خیابان ولیعصر، کوچه ۱۲، پلاک ۳۴، واحد ۵", "", ""),
            ("خ. ولیعصر ک. 12 پ. 34 واحد 5", "", "IR"),
            ("خيابان وليعصر كوچه 12 پلاك 34", "5", "IR"),
            ("خیابـان ولیعصر کوچه 12 پلاک34 واحد5", "", "IR"),
        ],
        &[
            ("12 ترکاشوند بن بست", "", "IR"),
            ("12 ترکاشوند بن‌بست", "", "IR"),
            ("12 ترکاشوند بنبست", "", ""),
        ],
        &[
            ("24707 مائده بزرگ راه", "", "IR"),
            ("24707 مائده بزرگراه", "", "IR"),
            ("24707 مائده اتوبان", "", ""),
        ],
    ];

    #[test]
    fn native_variants_share_a_key() {
        for group in NATIVE_VARIANTS {
            let (s0, u0, c0) = group[0];
            let want = key_of(s0, u0, "", c0);
            assert!(!want.is_empty(), "{s0:?}");
            for &(s, u, c) in group.iter() {
                assert_eq!(key_of(s, u, "", c), want, "{s:?} / {u:?} vs {s0:?}");
            }
        }
    }

    #[test]
    fn native_street_words() {
        for (a, b) in [
            ("ถนนศรีตะวัน", "ถ.ศรีตะวัน"),
            ("ถนน ศรีตะวัน", "ถ ศรีตะวัน"),
            ("ซอยทีฆะ", "ซ.ทีฆะ"),
            ("แขวงลุมพินี เขตปทุมวัน", "แขวง ลุมพินี เขต ปทุมวัน"),
            ("อาคารสาธรซิตี้", "อาคาร สาธรซิตี้"),
            ("خیابان ولیعصر", "خ. ولیعصر"),
            ("کوچه بهار", "ک. بهار"),
            ("میدان آزادی", "م. آزادی"),
            ("چهار راه ولیعصر", "چهارراه ولیعصر"),
            ("بزرگراه همت", "اتوبان همت"),
        ] {
            assert_eq!(standardize_street(a), standardize_street(b), "{a:?}");
            let once = standardize_street(a);
            assert_eq!(standardize_street(&once), once, "idempotent {a:?}");
        }
        // A name merely starting like a street word is left whole; one letter stays glued.
        assert_eq!(standardize_street("ถนอม"), fold("ถนอม"));
        assert_eq!(standardize_street("میدانی"), "میدانی");
        assert_eq!(standardize_street("ถนนก").split(' ').count(), 1);
    }

    #[test]
    fn native_units_are_never_invented() {
        let unit = |street: &str, unit: &str, country: &str| {
            let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
            let a = PostalAddress {
                street: opt(street),
                unit: opt(unit),
                country: opt(country),
                ..PostalAddress::default()
            };
            normalize_address(&a, None).ok().and_then(|a| a.unit)
        };
        // A Thai house/sub-number is one house number, not a unit.
        assert_eq!(unit("824/65 ถนนศรีตะวัน", "", ""), None);
        assert_eq!(unit("824/65 ถนนศรีตะวัน", "", "TH"), None);
        // Moo and soi numbers are not units.
        assert_eq!(unit("64 หมู่ 64 ถ.ศรีสัตย์", "", "TH"), None);
        assert_eq!(unit("1 ซอย 5", "", "TH"), None);
        // Floor and room: the room, not both numbers glued.
        assert_eq!(
            unit("ถนนสีลม ชั้น 12 ห้อง 1201", "", "TH").as_deref(),
            Some("1201")
        );
        assert_eq!(unit("ولیعصر طبقه 2 واحد 5", "", "IR").as_deref(), Some("5"));
        assert_eq!(unit("ولیعصر طبقه 2", "", "IR").as_deref(), Some("2"));
        assert_eq!(
            unit("ถนนสีลม", "ชั้น 12 ห้อง 1201", "TH").as_deref(),
            Some("1201")
        );
        // Two bare numbers in the unit field of a Thai/Iranian address give no unit at all.
        assert_eq!(unit("ถนนสีลม", "12 3", "TH"), None);
        assert_eq!(unit("ถนนสีลม", "12/3", "TH").as_deref(), Some("12/3"));
        // Vahed is also a given name: a word after it is not a unit.
        assert_eq!(unit("خیابان شهید واحد", "", "IR"), None);
    }

    #[test]
    fn native_postcodes() {
        let p = |s, c| normalize_postcode(s, c).map(|(p, _)| p);
        for s in [
            "1434863111",
            "14348-63111",
            "۱۴۳۴۸-۶۳۱۱۱",
            "١٤٣٤٨٦٣١١١",
            "14348 63111",
        ] {
            assert_eq!(p(s, Some("IR")).as_deref(), Some("1434863111"), "{s:?}");
            assert_eq!(p(s, Some("ایران")).as_deref(), Some("1434863111"), "{s:?}");
        }
        // With no country, Persian digits say Iran; ASCII digits follow the shape rules, where
        // five digits and more are a US ZIP (`normalize_address` also reads the street's script).
        assert_eq!(p("۱۴۳۴۸-۶۳۱۱۱", None).as_deref(), Some("1434863111"));
        assert_eq!(p("1434863111", None).as_deref(), Some("1434863111"));
        assert_eq!(p("14348-63111", None).as_deref(), Some("14348"));
        assert_eq!(p("0144846224", Some("IR")).as_deref(), Some("0144846224"));
        for s in ["10110", "๑๐๑๑๐", "10 110"] {
            assert_eq!(p(s, Some("TH")).as_deref(), Some("10110"), "{s:?}");
            assert_eq!(p(s, Some("ไทย")).as_deref(), Some("10110"), "{s:?}");
        }
        // Wrong length for the country: kept in the compact form, as for every country.
        assert_eq!(p("143486311", Some("IR")).as_deref(), Some("143486311"));
        assert_eq!(p("1011", Some("TH")).as_deref(), Some("1011"));
        assert_eq!(p("۱۰۱۱", Some("TH")).as_deref(), Some("1011"));
    }

    #[test]
    fn native_country_names() {
        for (s, want) in [
            ("ایران", "IR"),
            ("ايران", "IR"),
            ("جمهوری اسلامی ایران", "IR"),
            ("Iran", "IR"),
            ("IRN", "IR"),
            ("ไทย", "TH"),
            ("ประเทศไทย", "TH"),
            ("ราชอาณาจักรไทย", "TH"),
            ("Thailand", "TH"),
            ("THA", "TH"),
            ("Deutschland", "DE"),
            ("España", "ES"),
            ("Россия", "RU"),
            ("中国", "CN"),
            ("日本", "JP"),
            ("대한민국", "KR"),
            ("México", "MX"),
            ("Brasil", "BR"),
            ("Türkiye", "TR"),
            ("Italia", "IT"),
            ("Nederland", "NL"),
            ("Polska", "PL"),
            ("Việt Nam", "VN"),
            ("भारत", "IN"),
            ("پاکستان", "PK"),
            ("افغانستان", "AF"),
            ("العراق", "IQ"),
            ("مصر", "EG"),
            ("السعودية", "SA"),
            ("الإمارات", "AE"),
            ("الامارات", "AE"),
        ] {
            assert_eq!(country_code(s), Some(want), "{s:?}");
        }
    }

    #[test]
    fn native_word_table_is_consistent() {
        for &(form, kind) in NATIVE_WORDS {
            let f = unify_script(fold(form));
            let key = skeleton(&f);
            let e = native_lookup(&key).unwrap_or_else(|| panic!("{form:?}"));
            assert_eq!(
                e.kind, kind,
                "{form:?} is listed twice with different meanings"
            );
            if let NativeKind::Street(c) = kind {
                // The canonical word is itself a form of the same word.
                let canon = unify_script(fold(c));
                assert_eq!(native_word(&canon).map(|e| e.kind), Some(kind), "{c:?}");
                assert_eq!(standardize_street(&canon), canon, "{c:?}");
            }
        }
    }

    #[test]
    fn rejects() {
        let empty = |a: PostalAddress| normalize_address(&a, Some("US"));
        assert_eq!(empty(PostalAddress::new()), Err(AddressError::Empty));
        assert_eq!(
            empty(PostalAddress::new().with_street(" ,.# ")),
            Err(AddressError::Empty)
        );
        assert_eq!(
            empty(PostalAddress::new().with_country("Narnia")),
            Err(AddressError::Empty)
        );
        let long = "a".repeat(1 << 20);
        assert_eq!(
            empty(PostalAddress::new().with_street(long.clone())),
            Err(AddressError::TooLong { part: "street" })
        );
        assert!(!AddressError::TooLong { part: "street" }
            .to_string()
            .contains('a'.to_string().repeat(2).as_str()));
        assert_eq!(country_code(&long), None);
    }

    #[test]
    fn building_and_letter_number_before_a_unit() {
        // In the street line as in the unit field: `West Hall, Room 311` is one unit, and so
        // is `B-17, Ste 200`.
        for (line, unit, street_unit) in [
            (
                "110 8th Street, West Hall, Room 311",
                "West Hall, Room 311",
                "west hall unit 311",
            ),
            (
                "500 College Ave East Wing Suite 4",
                "East Wing Suite 4",
                "east wing unit 4",
            ),
            (
                "7000 Peachtree Dunwoody Rd, B-17, Ste 200",
                "B-17 Ste 200",
                "unit b17 unit 200",
            ),
            ("12 Elm Ave C 4 Apt 2", "C4 Apt 2", "unit c4 unit 2"),
        ] {
            let one = normalize_address(&PostalAddress::new().with_street(line), None).unwrap();
            assert_eq!(one.unit.as_deref(), Some(street_unit), "{line}");
            let (head, _) = line.split_at(line.len() - unit.len());
            let parts = normalize_address(
                &PostalAddress::new()
                    .with_street(head.trim_end_matches([' ', ',']))
                    .with_unit(unit),
                None,
            )
            .unwrap();
            assert_eq!(one.key(), parts.key(), "{line}");
        }
        // A directional letter stays the street's (`Main St N 4 Apt 2`), and a directional
        // word before a street type is no building.
        let a = normalize_address(
            &PostalAddress::new().with_street("12 Main St N 4 Apt 2"),
            None,
        )
        .unwrap();
        assert_eq!(a.street.as_deref(), Some("main st n"));
        let b = normalize_address(
            &PostalAddress::new().with_street("12 Main St West Hall Rd"),
            None,
        )
        .unwrap();
        assert_eq!(b.unit, None);
    }

    #[test]
    fn mail_codes() {
        // `M/C 525` (a university's mail code) is one part of the unit, in the street line and
        // in the unit field alike; a bare `MC` is no designator.
        for (street, unit) in [
            ("1919 W Taylor St", "(M/C 525) Rm. 128"),
            ("1200 W Harrison St", "M/C 123"),
            ("4800 Oak Grove Dr", "M/S 180-401"),
        ] {
            let one = normalize_address(
                &PostalAddress::new().with_street(format!("{street} {unit}")),
                None,
            )
            .unwrap();
            let parts = normalize_address(
                &PostalAddress::new().with_street(street).with_unit(unit),
                None,
            )
            .unwrap();
            assert_eq!(one.key(), parts.key(), "{street} {unit}");
            assert!(
                one.unit.as_deref().is_some_and(|u| u.contains("ms ")),
                "{street} {unit}"
            );
        }
        let a =
            normalize_address(&PostalAddress::new().with_street("12 Mc Kinley Ave"), None).unwrap();
        assert_eq!(a.street.as_deref(), Some("mc kinley ave"));
    }

    #[test]
    fn a_number_before_the_house_number_is_a_unit() {
        // `Portofino N 507 2600 N Flagler Dr`: the house number is the one the street follows;
        // the number before it is the unit (with its letter), the building name is left out.
        for (line, key) in [
            (
                "Portofino N 507 2600 N Flagler Dr",
                "2600|n flagler dr|n507|",
            ),
            ("507 2600 N Flagler Dr", "2600|n flagler dr|507|"),
            ("Harbour Towers 1204 8 Bay St", "8|bay st|1204|"),
        ] {
            let a = normalize_address(&PostalAddress::new().with_street(line), None).unwrap();
            assert_eq!(a.key(), key, "{line}");
        }
        // A fraction or an ordinal after the number is no house number, and a route's number
        // no unit.
        for (line, key) in [
            ("12 1/2 Main St", "12 1/2|main st||"),
            ("1600 10th Ave N", "1600|10th ave n||"),
        ] {
            let a = normalize_address(&PostalAddress::new().with_street(line), None).unwrap();
            assert_eq!(a.key(), key, "{line}");
        }
        let r = normalize_address(
            &PostalAddress::new().with_street("Route 9 120 Main St"),
            None,
        )
        .unwrap();
        assert_eq!(r.unit, None);
    }

    #[test]
    fn australian_unit_forms() {
        // `Unit 5/12`, `5/12`, `Unit 5, 12` and the unit in its own field give one key; `Shop`
        // is a door like `Unit`.
        let key = |street: &str, unit: &str| {
            let mut a = PostalAddress::new()
                .with_street(street)
                .with_postcode("2010");
            if !unit.is_empty() {
                a = a.with_unit(unit);
            }
            normalize_address(&a, Some("AU")).unwrap().key()
        };
        let want = "12|smith st|5|2010";
        for (street, unit) in [
            ("Unit 5/12 Smith St", ""),
            ("5/12 Smith St", ""),
            ("Unit 5, 12 Smith St", ""),
            ("Apt 5/12 Smith Street", ""),
            ("Shop 5, 12 Smith St", ""),
            ("Shop 5/12 Smith St", ""),
            ("12 Smith St", "Shop 5"),
        ] {
            assert_eq!(key(street, unit), want, "{street} | {unit}");
        }
        // Not before a number pair that no street follows, nor a level.
        assert_ne!(key("Level 5/12 Smith St", ""), want);
    }

    #[test]
    fn annotations_in_brackets_are_dropped_units_in_brackets_are_read() {
        let read = |street: &str| {
            let a = normalize_address(&PostalAddress::new().with_street(street), Some("US"))
                .expect("an address");
            (a.street.unwrap_or_default(), a.unit.unwrap_or_default())
        };
        let plain = read("728 W Roosevelt Rd 2nd Floor");
        assert_eq!(plain, ("w roosevelt rd".to_string(), "fl 2".to_string()));
        for line in [
            "728 W Roosevelt Rd (east side) 2nd Floor",
            "728 W Roosevelt Rd [do not use] 2nd Floor",
            "728 W Roosevelt Rd 2nd Floor (old address)",
        ] {
            assert_eq!(read(line), plain, "{line}");
        }
        // A number or a designator keeps the group: it may be the unit.
        assert_eq!(read("12 Main St (Apt 4)").1, "4");
        assert_eq!(read("12 Main St (Rear)").1, "rear");
        assert_ne!(read("12 Main St (Rear)"), read("12 Main St"));
        assert_eq!(read("1919 W Taylor (M/C 525) Rm 128").1, "unit 128 ms 525");
        // An unclosed bracket is read as before.
        assert_eq!(read("12 Main St (Unit B").1, "b");
        // A lone letter may be the door: two of them never read as one address.
        assert_ne!(read("12 Main St (B)"), read("12 Main St (C)"));
        assert_ne!(read("12 Main St (B)"), read("12 Main St"));
    }

    #[test]
    fn a_spelled_directional_after_a_unit_number_is_its_own_only_last() {
        let unit = |street: &str| {
            normalize_address(&PostalAddress::new().with_street(street), Some("US"))
                .expect("an address")
                .unit
        };
        assert_eq!(
            unit("1470 Wood Ave Suite 500 North").as_deref(),
            Some("500n")
        );
        assert_eq!(unit("1470 Wood Ave Suite 500 N").as_deref(), Some("500n"));
        // Before more words it begins a name, which says nothing about the door.
        assert_eq!(
            unit("1470 Wood Ave, 500 North Breakers").as_deref(),
            Some("500")
        );
        assert_eq!(
            unit("1470 Wood Ave Suite 500 North Tower").as_deref(),
            Some("north bldg unit 500")
        );
    }
}
