//! ccmux-persist
