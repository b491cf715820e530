//! Feeds a file through one emulator in PTY-sized chunks and prints the rate: the emulator's share
//! of `bench/throughput.py`, without the PTY, the threads or the scheduler.
//!
//! usage: cargo run --release -p ccmux-term --example flood -- FILE [CHUNK=4095] [COLSxROWS=200x50]
//!        [HISTORY=2000] [ROUNDS=3]
//! (make FILE with `python3 bench/gen_text.py FILE 100`)

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: flood FILE [CHUNK] [COLSxROWS] [HISTORY] [ROUNDS]");
        std::process::exit(2);
    };
    let data = std::fs::read(path).unwrap_or_else(|e| {
        eprintln!("flood: {path}: {e}");
        std::process::exit(1);
    });
    let chunk: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(4095);
    let (cols, rows) = args
        .get(3)
        .and_then(|s| s.split_once('x'))
        .and_then(|(c, r)| Some((c.parse().ok()?, r.parse().ok()?)))
        .unwrap_or((200u16, 50u16));
    let history: usize = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(2000);
    let rounds: usize = args.get(5).and_then(|s| s.parse().ok()).unwrap_or(3);
    for _ in 0..rounds {
        let mut emu = ccmux_term::Emulator::new(cols, rows, history);
        let start = Instant::now();
        for part in data.chunks(chunk.max(1)) {
            emu.advance(part);
            let _ = emu.take_replies();
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{:.1} MB/s ({} bytes in {:.3} s, {} history lines)",
            data.len() as f64 / secs / 1e6,
            data.len(),
            secs,
            emu.history_len()
        );
    }
}
