//! Limiting a channel to some colours for an audience (SMS only for red, say). The rule is
//! the dispatcher's to apply; this is the small value it is written with.

use mim_domain::impact::Colour;
use serde::{Deserialize, Serialize};

/// The colours a channel is used for with one audience. Deserialises from a list such as
/// `["red"]`; an empty list or a missing setting means every colour, so leaving it out never
/// silences a channel by accident.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ColourFilter {
    colours: Vec<Colour>,
}

impl ColourFilter {
    /// Every colour.
    pub fn all() -> Self {
        ColourFilter::default()
    }

    /// Only these colours (every colour when `colours` is empty).
    pub fn only(colours: impl IntoIterator<Item = Colour>) -> Self {
        let mut colours: Vec<Colour> = colours.into_iter().collect();
        colours.sort();
        colours.dedup();
        ColourFilter { colours }
    }

    /// Whether a case of `colour` goes out through the channel.
    pub fn allows(&self, colour: Colour) -> bool {
        self.colours.is_empty() || self.colours.contains(&colour)
    }

    /// The colours allowed, `Colour::ALL` when unrestricted.
    pub fn colours(&self) -> Vec<Colour> {
        if self.colours.is_empty() {
            Colour::ALL.to_vec()
        } else {
            self.colours.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sms_only_for_red() {
        let f: ColourFilter = serde_json::from_str(r#"["red"]"#).expect("a list of colours");
        assert!(f.allows(Colour::Red));
        assert!(!f.allows(Colour::Yellow));
        assert!(!f.allows(Colour::Green));
    }

    #[test]
    fn empty_means_every_colour() {
        let f: ColourFilter = serde_json::from_str("[]").expect("an empty list");
        assert!(Colour::ALL.iter().all(|c| f.allows(*c)));
        assert_eq!(ColourFilter::all().colours(), Colour::ALL.to_vec());
    }
}
