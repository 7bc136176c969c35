//! SMS sizes: what a sender sees before sending.

use mim_messages::{SmsEncoding, sms_size};

#[test]
fn finnish_and_swedish_letters_stay_in_gsm_7() {
    let s = sms_size("Häiriö: Wilma. Störning: Wilma å Å ö Ö ä Ä é ü");
    assert_eq!(s.encoding, SmsEncoding::Gsm7);
    assert_eq!(s.segments, 1);
}

#[test]
fn segments_are_160_alone_and_153_a_part_with_escapes_counted_twice_and_never_cut() {
    assert_eq!(sms_size("").segments, 0);
    assert_eq!(sms_size(&"a".repeat(160)).segments, 1);
    assert_eq!(sms_size(&"a".repeat(161)).segments, 2);
    assert_eq!(sms_size(&"a".repeat(306)).segments, 2);
    assert_eq!(sms_size(&"a".repeat(307)).segments, 3);
    let euro = sms_size("€");
    assert_eq!((euro.encoding, euro.units), (SmsEncoding::Gsm7, 2));
    assert_eq!(sms_size(&"€".repeat(80)).segments, 1, "160 septets");
    // 152 plain septets then an escaped pair: the pair does not fit in the first part.
    let edge = format!("{}€{}", "a".repeat(152), "a".repeat(10));
    assert_eq!(sms_size(&edge).units, 164);
    assert_eq!(sms_size(&edge).segments, 2);
}

#[test]
fn anything_outside_gsm_7_makes_the_whole_message_ucs_2() {
    let s = sms_size("Häiriö ✓");
    assert_eq!(s.encoding, SmsEncoding::Ucs2);
    assert_eq!(s.units, 8);
    assert_eq!(sms_size(&"✓".repeat(70)).segments, 1);
    assert_eq!(sms_size(&"✓".repeat(71)).segments, 2);
    // An emoji is a surrogate pair: two units, never split between parts.
    assert_eq!(sms_size("🔥").units, 2);
    // 134 units would fill two parts of 67 exactly, but the pair at 67–68 moves whole into
    // the second part, and the last character needs a third.
    let pairs = format!("{}🔥{}", "✓".repeat(66), "✓".repeat(66));
    assert_eq!(sms_size(&pairs).units, 134);
    assert_eq!(sms_size(&pairs).segments, 3);
}
