//! ccmux-term
