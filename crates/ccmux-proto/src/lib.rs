//! ccmux-proto
