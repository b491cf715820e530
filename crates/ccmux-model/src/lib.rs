//! ccmux-model
