//! Property tests for `selfsame::normalize::name`: no panics, idempotence, Unicode-form
//! independence and bounded work on huge input.

use proptest::prelude::*;
use selfsame::normalize::name::*;
use unicode_normalization::UnicodeNormalization;

/// Name-like text: letters with accents, particles, punctuation, honorifics and suffixes.
fn name_like() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        "[A-Za-z]{1,10}",
        "[a-zà-ÿ]{1,8}",
        Just("Dr.".to_string()),
        Just("Jr.".to_string()),
        Just("Ph.D.".to_string()),
        Just("van".to_string()),
        Just("de la".to_string()),
        Just("O'".to_string()),
        Just("-".to_string()),
        Just(",".to_string()),
        Just("V".to_string()),
        Just("Jose\u{301}".to_string()),
        Just("한국".to_string()),
        Just("ＡＢ".to_string()),
    ];
    proptest::collection::vec(word, 0..8).prop_map(|w| w.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics_on_arbitrary_unicode(s in "\\PC{0,10000}") {
        let _ = parse_full_name(&s);
        let _ = normalize_name_part(&s);
        let _ = nickname_groups(&s);
        let _ = phonetic_key(&s);
        let _ = canonical_given(&s);
    }

    #[test]
    fn never_panics_with_control_and_marks(s in "(.|\\p{M}|\\p{Cc}){0,300}") {
        let _ = parse_full_name(&s);
        let _ = normalize_name_part(&s);
        let _ = phonetic_key(&s);
    }

    #[test]
    fn normalize_name_part_is_idempotent(s in prop_oneof![name_like(), "\\PC{0,300}"]) {
        if let Ok(once) = normalize_name_part(&s) {
            prop_assert_eq!(normalize_name_part(&once), Ok(once.clone()));
        }
    }

    #[test]
    fn nfc_and_nfd_give_the_same_result(s in prop_oneof![name_like(), "\\PC{0,300}"]) {
        let nfc: String = s.nfc().collect();
        let nfd: String = s.nfd().collect();
        prop_assert_eq!(normalize_name_part(&nfc), normalize_name_part(&nfd));
        prop_assert_eq!(parse_full_name(&nfc), parse_full_name(&nfd));
    }

    #[test]
    fn parsed_parts_are_folded_and_keyable(s in name_like()) {
        if let Ok(p) = parse_full_name(&s) {
            for part in [&p.prefix, &p.given, &p.middle, &p.family, &p.suffix].into_iter().flatten() {
                prop_assert!(!part.is_empty());
                prop_assert_eq!(selfsame::normalize::text::fold(part), part.clone());
                let _ = phonetic_key(part);
                let _ = nickname_groups(part);
            }
            // Without a given or family name, the name was titles alone (`Dr.`, `Mr. and Mrs.`).
            let titles_alone = p.prefix.is_some() && p.middle.is_none();
            prop_assert!(p.given.is_some() || p.family.is_some() || titles_alone);
        }
    }

    #[test]
    fn nickname_groups_sorted_and_symmetric(a in "[a-z]{2,8}", b in prop::sample::select(vec!["bob", "liz", "kate", "ron", "bill"])) {
        let g = nickname_groups(&a);
        prop_assert!(g.windows(2).all(|w| w[0] < w[1]));
        prop_assert_eq!(same_nickname_group(&a, b), same_nickname_group(b, &a));
    }
}

#[test]
fn megabyte_inputs_return() {
    let inputs = [
        "a".repeat(1 << 20),
        "a ".repeat(1 << 19),
        "é".repeat(1 << 19),
        format!("a{}", "\u{301}".repeat(1 << 19)),
        "한".repeat(1 << 18),
        ",".repeat(1 << 20),
    ];
    for s in &inputs {
        assert_eq!(normalize_name_part(s), Err(NameError::TooLong));
        assert_eq!(parse_full_name(s), Err(NameError::TooLong));
    }
    // Phonetic keys are linear: a megabyte of letters still returns.
    assert!(!phonetic_key(&inputs[0]).is_empty());
}

/// A word that reads as an abbreviation (`Ὕx.`) is one whether its letters carry their marks
/// precomposed (NFC) or as combining characters (NFD): found by the property above.
#[test]
fn dotted_word_with_combining_marks_reads_alike_in_nfc_and_nfd() {
    for s in ["Ὕ𛰀.{}a:Aᥰ", "Émé. Jane Doe", "Ŏř. Ann Lee"] {
        let nfc: String = s.nfc().collect();
        let nfd: String = s.nfd().collect();
        assert_ne!(nfc, nfd);
        assert_eq!(parse_full_name(&nfc), parse_full_name(&nfd), "{s}");
    }
}
