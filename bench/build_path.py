"""Where `cargo build --release` puts the ccmux binary: `target/<host tuple>/release/ccmux`, because
.cargo/config.toml builds for an explicit target (see there); `target/release/ccmux` if that is all there is."""
import glob
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def release_binary():
    found = sorted(glob.glob(os.path.join(ROOT, "target", "*", "release", "ccmux")))
    return found[0] if found else os.path.join(ROOT, "target", "release", "ccmux")
