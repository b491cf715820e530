//! The fuzz targets of the library crates, one per parser of untrusted input (the binary's own, `args`
//! and `cli`, are in its test module).

pub mod files;
pub mod format;
pub mod keys;
pub mod lang;
pub mod model;
pub mod options;
pub mod persist;
pub mod proto;
pub mod target;

use crate::Target;

const fn t(
    name: &'static str,
    run: fn(&mut arbitrary::Unstructured) -> arbitrary::Result<()>,
    max_len: usize,
) -> Target {
    Target { name, run, max_len }
}

/// Every target of this crate.
pub const ALL: &[Target] = &[
    t("lang_parse_print", lang::parse_print, 1024),
    t("lang_arguments_quote", lang::arguments_quote, 1024),
    t("format_expand", format::expand_any, 1024),
    t("model_apply", model::apply, 2048),
    t("target_resolve", target::resolve, 2048),
    t("key_names", keys::names, 256),
    t("key_decode", keys::decode_input, 512),
    t("option_values", options::values, 512),
    t("colours_styles", options::colours_and_styles, 512),
    t("proto_frames", proto::frames, 2048),
    t("persist_records", persist::records, 4096),
    t("persist_snapshots", persist::snapshots, 4096),
    t("persist_wal_segments", files::wal_segments, 4096),
    t("persist_state_dir", files::state_dir, 8192),
];

/// The target called `name`.
pub fn find(name: &str) -> Option<&'static Target> {
    ALL.iter().find(|t| t.name == name)
}
