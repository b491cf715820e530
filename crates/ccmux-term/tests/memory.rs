//! What an emulator keeps on the heap: its screens (the hidden alternate one parked at a line once
//! compacted), not alacritty's spare rows. Counted by a
//! global allocator, so this file holds one test (tests of one binary run in parallel).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

use ccmux_term::{CaptureOptions, Emulator, LineBound};

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

// SAFETY: forwards to the system allocator, only counting.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(
            new_size as isize - layout.size() as isize,
            Ordering::Relaxed,
        );
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live() -> isize {
    LIVE.load(Ordering::Relaxed)
}

/// Bytes of one screen of alacritty cells (24 bytes each), rows' own headers aside.
fn screen_bytes(cols: isize, rows: isize) -> isize {
    cols * rows * 24
}

fn text(emu: &Emulator) -> String {
    emu.capture(&CaptureOptions {
        start: Some(LineBound::Edge),
        ..Default::default()
    })
}

#[test]
fn an_emulator_holds_its_screens_not_spare_rows() {
    let before = live();
    let mut emu = Emulator::new(40, 10, 1000);
    // The parser's buffer for synchronized updates (2 MiB, never written here) and the rest.
    let blank = live() - before;

    // Growing and shrinking (as splits and layouts do) leaves both screens of the final size.
    for (cols, rows) in [(200, 60), (100, 29), (49, 19), (120, 40), (50, 20)] {
        emu.resize(cols, rows);
    }
    let resized = live() - before - blank;
    let two_screens = 2 * screen_bytes(50, 20);
    assert!(
        resized < two_screens + 16 * 1024,
        "after resizes: {resized} bytes more than a blank emulator, two 50x20 screens are {two_screens}"
    );

    // Output that scrolls would make alacritty allocate 1000 spare rows; a flood's terminal is
    // rebuilt with a ring of rows + 64 spare rows instead (the primary grid: the screen, the
    // ring; the alternate grid: its screen). Compacting gives the spare rows back and keeps
    // every line.
    for i in 0..300 {
        emu.advance(format!("line {i}\r\n").as_bytes());
    }
    let scrolled = live() - before - blank;
    let ring = screen_bytes(50, 20 + (20 + 64) + 20);
    let history_heap = emu.history_bytes() as isize;
    assert!(
        scrolled < ring + history_heap + 16 * 1024,
        "after scrolling: {scrolled} bytes, the grids with the ring {ring}, history {history_heap}"
    );
    assert!(scrolled < 1000 * screen_bytes(50, 1), "{scrolled}");
    let shown = text(&emu);
    let history = emu.history_len();
    emu.compact();
    let compacted = live() - before - blank;
    let history_heap = emu.history_bytes() as isize;
    // The hidden alternate screen is parked at one line (`alternate.rs`).
    let screen_and_line = screen_bytes(50, 20) + screen_bytes(50, 1);
    assert!(
        compacted < screen_and_line + history_heap + 16 * 1024,
        "after compacting: {compacted} bytes, a screen and a line {screen_and_line}, history {history_heap}"
    );
    assert_eq!(text(&emu), shown);
    assert_eq!(emu.history_len(), history);

    // The alternate screen gets its size back when entered, and gives it back when compacted.
    emu.advance(b"\x1b[?1049h\x1b[20;50Hz");
    assert!(
        text(&emu).ends_with(&format!("{}z\n", " ".repeat(49))),
        "{}",
        text(&emu)
    );
    assert!(live() - before - blank >= compacted + screen_bytes(50, 19));
    emu.advance(b"\x1b[?1049l");
    emu.compact();
    assert!(live() - before - blank < screen_and_line + history_heap + 16 * 1024);

    // It scrolls back and prints on as before.
    // A line scrolling through the compacted screen takes its spare row: alacritty adds no cache
    // of 1000 rows (1.2 MB at 50 columns).
    let at = live();
    emu.advance(b"after\r\n");
    let one_line = live() - at;
    assert!(one_line < 64 * 1024, "{one_line} bytes for one line");
    assert!(text(&emu).contains("line 0\nline 1\n"));
    assert!(
        text(&emu).ends_with("line 299\nafter\n\n"),
        "{}",
        text(&emu)
    );
}
