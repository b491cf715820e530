//! The driver: runs a target on generated inputs, catches panics and hangs, saves the failing input.
//!
//! Input `i` of a run is a deterministic function of the seed and `i` (random bytes of a random length,
//! mostly short), so a failure also reproduces from `seed` and `i` alone. Targets read their input through
//! [`arbitrary::Unstructured`], which turns the bytes into choices: the same targets would run under a
//! coverage-guided engine (cargo-fuzz, on nightly) unchanged.
//!
//! Settings come from the environment (the test harness runs the targets):
//!
//! | variable | meaning | default |
//! | --- | --- | --- |
//! | `CCMUX_FUZZ_INPUTS` | inputs per target | 2000 |
//! | `CCMUX_FUZZ_SEED` | seed of the run (decimal) | a fixed one |
//! | `CCMUX_FUZZ_REPLAY` | run only this saved input file | |
//! | `CCMUX_FUZZ_TIMEOUT` | seconds one input may take before it counts as a hang | 20 |
//! | `CCMUX_FUZZ_FAILURES` | where failing inputs are saved | `$TMPDIR/ccmux-fuzz-failures` |
//! | `CCMUX_FUZZ_TRACE` | write each input to `<target>.current` there before running it (finds the input of a crash that kills the process, such as a stack overflow) | off |

use arbitrary::Unstructured;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One fuzz target.
pub struct Target {
    pub name: &'static str,
    /// Runs one input; a failed property panics. Running out of input (`Err`) is not a failure.
    pub run: fn(&mut Unstructured) -> arbitrary::Result<()>,
    /// The longest input generated (most are much shorter).
    pub max_len: usize,
}

/// Settings of a run.
#[derive(Clone, Debug)]
pub struct Config {
    pub inputs: u64,
    pub seed: u64,
    pub replay: Option<PathBuf>,
    pub timeout: Duration,
    pub failures: PathBuf,
    pub trace: bool,
}

impl Config {
    pub fn from_env() -> Config {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let number = |name: &str, default: u64| {
            var(name).map_or(default, |v| {
                v.parse()
                    .unwrap_or_else(|_| panic!("{name}={v:?} is not a number"))
            })
        };
        Config {
            inputs: number("CCMUX_FUZZ_INPUTS", 2000),
            seed: number("CCMUX_FUZZ_SEED", 0x0ccc_a11e_d5ee_d001),
            replay: var("CCMUX_FUZZ_REPLAY").map(PathBuf::from),
            timeout: Duration::from_secs(number("CCMUX_FUZZ_TIMEOUT", 20)),
            failures: var("CCMUX_FUZZ_FAILURES").map_or_else(
                || std::env::temp_dir().join("ccmux-fuzz-failures"),
                PathBuf::from,
            ),
            trace: var("CCMUX_FUZZ_TRACE").is_some_and(|v| v != "0"),
        }
    }
}

/// What a run did.
#[derive(Debug)]
pub struct Report {
    pub target: &'static str,
    pub inputs: u64,
    pub elapsed: Duration,
}

impl Report {
    pub fn per_second(&self) -> f64 {
        self.inputs as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// splitmix64: a small, good generator for input bytes.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

/// Input `index` of a run with `seed`: random bytes, mostly up to 256 of them, sometimes up to `max_len`.
pub fn input(seed: u64, index: u64, max_len: usize) -> Vec<u8> {
    let mut rng = Rng::new(seed ^ index.wrapping_mul(0xd1b5_4a32_d192_ed03));
    let max = max_len.max(1) as u64;
    let len = match rng.below(20) {
        0 => rng.below(max + 1),
        1..=5 => rng.below(max.min(1024) + 1),
        _ => rng.below(max.min(256) + 1),
    } as usize;
    let mut bytes = Vec::with_capacity(len + 8);
    while bytes.len() < len {
        bytes.extend_from_slice(&rng.next_u64().to_le_bytes());
    }
    bytes.truncate(len);
    bytes
}

/// Runs `data` through the target once.
fn run_one(target: &Target, data: &[u8]) {
    let mut u = Unstructured::new(data);
    let _ = (target.run)(&mut u);
}

/// Runs `target` as `config` says. `Err` describes a failure, whose input was saved.
pub fn run(target: &Target, config: &Config) -> Result<Report, String> {
    if let Some(path) = &config.replay {
        let data = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let start = Instant::now();
        run_one(target, &data);
        return Ok(Report {
            target: target.name,
            inputs: 1,
            elapsed: start.elapsed(),
        });
    }
    let current = Arc::new(AtomicU64::new(0));
    let finished = Arc::new(AtomicBool::new(false));
    let failure: Arc<Mutex<Option<(u64, String)>>> = Arc::default();
    let worker = {
        let (current, finished, failure) = (current.clone(), finished.clone(), failure.clone());
        let (run, max_len, name) = (target.run, target.max_len, target.name);
        let config = config.clone();
        std::thread::Builder::new()
            .name(format!("fuzz-{name}"))
            // Deep but legitimate recursion (nested blocks, formats) must not look like a crash.
            .stack_size(64 << 20)
            .spawn(move || {
                let target = Target { name, run, max_len };
                for i in 0..config.inputs {
                    current.store(i, Ordering::Relaxed);
                    let data = input(config.seed, i, max_len);
                    if config.trace {
                        let _ = std::fs::create_dir_all(&config.failures);
                        let _ =
                            std::fs::write(config.failures.join(format!("{name}.current")), &data);
                    }
                    if let Err(panic) = catch_unwind(AssertUnwindSafe(|| run_one(&target, &data))) {
                        let message = panic
                            .downcast_ref::<String>()
                            .cloned()
                            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                            .unwrap_or_else(|| "panic".into());
                        *failure.lock().unwrap_or_else(|e| e.into_inner()) = Some((i, message));
                        break;
                    }
                }
                finished.store(true, Ordering::Release);
            })
            .map_err(|e| format!("spawn: {e}"))?
    };
    let start = Instant::now();
    let (mut seen, mut since) = (u64::MAX, Instant::now());
    while !finished.load(Ordering::Acquire) {
        std::thread::sleep(Duration::from_millis(20));
        let now = current.load(Ordering::Relaxed);
        if now != seen {
            (seen, since) = (now, Instant::now());
        } else if since.elapsed() > config.timeout {
            // The worker is stuck on this input: it is left running, the process is about to fail.
            let data = input(config.seed, now, target.max_len);
            let saved = save(config, target.name, &data);
            return Err(format!(
                "{}: input {now} (seed {}) ran for more than {:?} (a hang); saved to {saved}",
                target.name, config.seed, config.timeout
            ));
        }
    }
    let _ = worker.join();
    let elapsed = start.elapsed();
    if let Some((i, message)) = failure.lock().unwrap_or_else(|e| e.into_inner()).take() {
        let data = input(config.seed, i, target.max_len);
        let saved = save(config, target.name, &data);
        return Err(format!(
            "{}: input {i} (seed {}) failed: {message}\nsaved to {saved}; replay with CCMUX_FUZZ_REPLAY={saved}",
            target.name, config.seed
        ));
    }
    Ok(Report {
        target: target.name,
        inputs: config.inputs,
        elapsed,
    })
}

fn save(config: &Config, name: &str, data: &[u8]) -> String {
    let path = config.failures.join(format!(
        "{name}-{:016x}.bin",
        Rng::new(data.len() as u64 ^ hash(data)).next_u64()
    ));
    let written =
        std::fs::create_dir_all(&config.failures).and_then(|()| std::fs::write(&path, data));
    match written {
        Ok(()) => path.display().to_string(),
        Err(e) => format!("(not saved: {e}) {}", path.display()),
    }
}

fn hash(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// Runs `target` with the settings of the environment and prints its figures; panics on a failure (for a
/// `#[test]`).
pub fn check(target: &Target) {
    let config = Config::from_env();
    match run(target, &config) {
        // On a line of its own: the test harness has written `test NAME ... ` before it.
        Ok(report) => eprintln!(
            "\nfuzz {}: {} inputs in {:.2}s ({:.0} inputs/s, seed {})",
            report.target,
            report.inputs,
            report.elapsed.as_secs_f64(),
            report.per_second(),
            config.seed
        ),
        Err(e) => panic!("fuzz {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(name: &str) -> Config {
        Config {
            inputs: 500,
            seed: 1,
            replay: None,
            timeout: Duration::from_millis(300),
            failures: std::env::temp_dir()
                .join(format!("ccmux-fuzz-driver-{}-{name}", std::process::id())),
            trace: false,
        }
    }

    fn fails_on_a_zero(u: &mut Unstructured) -> arbitrary::Result<()> {
        let b: u8 = u.arbitrary()?;
        assert!(b != 0, "a zero");
        Ok(())
    }

    fn hangs_on_a_zero(u: &mut Unstructured) -> arbitrary::Result<()> {
        if u.arbitrary::<u8>()? == 0 {
            loop {
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        Ok(())
    }

    #[test]
    fn inputs_are_a_function_of_seed_and_index() {
        assert_eq!(input(5, 9, 300), input(5, 9, 300));
        assert_ne!(input(5, 9, 300), input(5, 10, 300));
        assert!((0..1000).all(|i| input(3, i, 40).len() <= 40));
    }

    #[test]
    fn a_failing_input_is_reported_saved_and_replays() {
        let target = Target {
            name: "zero",
            run: fails_on_a_zero,
            max_len: 4,
        };
        let c = config("fail");
        let e = run(&target, &c).unwrap_err();
        assert!(e.contains("a zero"), "{e}");
        let saved = e.split("CCMUX_FUZZ_REPLAY=").nth(1).expect("a file").trim();
        // Empty input reads as zeros too.
        assert!(std::fs::read(saved)
            .unwrap()
            .first()
            .is_none_or(|b| *b == 0));
        let replay = Config {
            replay: Some(PathBuf::from(saved)),
            ..c.clone()
        };
        let again = std::panic::catch_unwind(|| run(&target, &replay));
        assert!(again.is_err(), "the saved input fails again");
        let _ = std::fs::remove_dir_all(&c.failures);
    }

    #[test]
    fn a_hang_is_reported() {
        let target = Target {
            name: "hang",
            run: hangs_on_a_zero,
            max_len: 4,
        };
        let c = config("hang");
        let e = run(&target, &c).unwrap_err();
        assert!(e.contains("a hang"), "{e}");
        let _ = std::fs::remove_dir_all(&c.failures);
    }
}
