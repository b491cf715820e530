//! tmux's options. So far: colours and styles for renderers ([`Colour`], [`Style`]).

mod cnum;
mod colour;
mod style;
mod x11_colours;

pub use colour::Colour;
pub use style::{Align, Attrs, DefaultType, List, Range, Style, StyleError};
