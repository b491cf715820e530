//! Each target briefly (2000 inputs unless `CCMUX_FUZZ_INPUTS` says otherwise): `run.sh` runs them long.

use ccmux_fuzz::{check, targets};

macro_rules! fuzz_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                check(targets::find(stringify!($name)).expect("a target of that name"));
            }
        )*

        #[test]
        fn every_target_has_a_test() {
            let tested = [$(stringify!($name)),*];
            for t in targets::ALL {
                assert!(tested.contains(&t.name), "no test runs {}", t.name);
            }
        }
    };
}

fuzz_tests!(
    lang_parse_print,
    lang_arguments_quote,
    format_expand,
    model_apply,
    target_resolve,
    key_names,
    key_decode,
    option_values,
    colours_styles,
    proto_frames,
    persist_records,
    persist_snapshots,
    persist_wal_segments,
    persist_state_dir,
);
