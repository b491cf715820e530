use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($name:ident, $sigil:literal, $doc:literal) => {
        #[doc = $doc]
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
        )]
        pub struct $name(pub u32);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($sigil, "{}"), self.0)
            }
        }

        impl $name {
            /// Parses the tmux-style spelling (`$3`, `@3`, `%3`).
            pub fn parse(s: &str) -> Option<Self> {
                s.strip_prefix($sigil)?.parse().ok().map(Self)
            }
        }
    };
}

id_type!(SessionId, "$", "A session id, shown as `$N`; never reused.");
id_type!(WindowId, "@", "A window id, shown as `@N`; never reused.");
id_type!(PaneId, "%", "A pane id, shown as `%N`; never reused.");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_parse() {
        assert_eq!(SessionId(3).to_string(), "$3");
        assert_eq!(WindowId::parse("@12"), Some(WindowId(12)));
        assert_eq!(PaneId::parse("%0"), Some(PaneId(0)));
        assert_eq!(PaneId::parse("@0"), None);
        assert_eq!(SessionId::parse("$x"), None);
    }
}
