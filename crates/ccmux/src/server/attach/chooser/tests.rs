use super::*;

#[test]
fn default_keys() {
    assert_eq!(default_key(0), Key::parse("0"));
    assert_eq!(default_key(10), Key::parse("M-a"));
    assert_eq!(default_key(35), Key::parse("M-z"));
    assert_eq!(default_key(36), None);
}
