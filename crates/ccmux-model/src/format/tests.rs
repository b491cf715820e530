//! Behaviour that real tmux cannot show on demand (`#()`, `C:`, contexts without sessions), the API
//! wrappers, and garbage formats that must not panic.

use super::{expand, expand_format, expand_time, FormatContext};
use std::cell::RefCell;
