//! A pane's output ring: the last [`CAPACITY`] bytes a pane printed, in shared memory (a memfd) that the
//! keeper holds along with the pane's PTY. The pane's IO thread copies every chunk it reads into the ring
//! before anything else sees it; output reaches the WAL up to a flush interval later (output that has
//! settled, within milliseconds). When the server is killed in between, those bytes are gone from the
//! PTY but not from the ring: the next server takes the ring back from the keeper with the pane and
//! replays (and logs) what the WAL lacks, so a server crash loses no output (issue 9.3). A machine crash
//! loses the ring with the processes; the WAL bound holds.
//!
//! Layout (native endian, this machine only, never on disk): a 64-byte header — magic `CCMXRNG1`,
//! capacity (u64), `start` and `end` (u64 output offsets, as the pane's `offset` counts them: the ring
//! holds bytes `[start, end)`) — then `CAPACITY` bytes of data, byte `o` at `o % CAPACITY`. The writer
//! copies the data first and publishes `end` after (release); a reader loads `end` (acquire).

use rustix::fd::{AsFd, OwnedFd};
use std::sync::atomic::{AtomicU64, Ordering};

/// Bytes of output kept: several flush intervals of a fast stream.
pub const CAPACITY: usize = 256 << 10;
const HEADER: usize = 64;
const MAGIC: u64 = u64::from_ne_bytes(*b"CCMXRNG1");

pub struct OutputRing {
    fd: OwnedFd,
    base: *mut u8,
}

// SAFETY: the mapping lives as long as the ring; the header is read and written through atomics only,
// and data bytes are written by the one IO thread of the pane (under its screen lock) and read before
// that thread starts (recovery).
unsafe impl Send for OutputRing {}
unsafe impl Sync for OutputRing {}

impl OutputRing {
    /// A new, empty ring.
    pub fn create() -> std::io::Result<OutputRing> {
        let fd = rustix::fs::memfd_create("ccmux-output", rustix::fs::MemfdFlags::CLOEXEC)?;
        rustix::fs::ftruncate(&fd, (HEADER + CAPACITY) as u64)?;
        let ring = Self::map(fd)?;
        ring.word(0).store(MAGIC, Ordering::Relaxed);
        ring.word(1).store(CAPACITY as u64, Ordering::Relaxed);
        Ok(ring)
    }

    /// A new ring's memfd (to hand to the keeper and to a pane).
    pub fn new_fd() -> std::io::Result<OwnedFd> {
        let ring = Self::create()?;
        Ok(rustix::io::fcntl_dupfd_cloexec(ring.fd(), 0)?)
    }

    /// A ring handed back by the keeper; checked before it is trusted.
    pub fn open(fd: OwnedFd) -> std::io::Result<OutputRing> {
        let size = rustix::fs::fstat(&fd)?.st_size;
        if size != (HEADER + CAPACITY) as i64 {
            return Err(std::io::Error::other(format!(
                "output ring of {size} bytes, expected {}",
                HEADER + CAPACITY
            )));
        }
        let ring = Self::map(fd)?;
        if ring.word(0).load(Ordering::Relaxed) != MAGIC
            || ring.word(1).load(Ordering::Relaxed) != CAPACITY as u64
        {
            return Err(std::io::Error::other("not an output ring"));
        }
        Ok(ring)
    }

    fn map(fd: OwnedFd) -> std::io::Result<OutputRing> {
        // SAFETY: a fresh shared mapping of the whole memfd, unmapped in Drop.
        let base = unsafe {
            rustix::mm::mmap(
                std::ptr::null_mut(),
                HEADER + CAPACITY,
                rustix::mm::ProtFlags::READ | rustix::mm::ProtFlags::WRITE,
                rustix::mm::MapFlags::SHARED,
                &fd,
                0,
            )?
        };
        Ok(OutputRing {
            fd,
            base: base.cast(),
        })
    }

    /// The memfd, to hand to the keeper.
    pub fn fd(&self) -> rustix::fd::BorrowedFd<'_> {
        self.fd.as_fd()
    }

    fn word(&self, i: usize) -> &AtomicU64 {
        // SAFETY: the header's words are 8-aligned (the mapping is page-aligned) and inside it.
        unsafe { AtomicU64::from_ptr(self.base.cast::<u64>().add(i)) }
    }

    /// Appends output that starts at offset `at`. A gap since the last append (a respawn, a restart)
    /// starts the ring over at `at`.
    pub fn append(&self, at: u64, bytes: &[u8]) {
        let (start, end) = (self.word(2), self.word(3));
        if end.load(Ordering::Acquire) != at || start.load(Ordering::Relaxed) > at {
            start.store(at, Ordering::Relaxed);
            end.store(at, Ordering::Release);
        }
        // Only the last CAPACITY bytes can be kept.
        let skip = bytes.len().saturating_sub(CAPACITY);
        let tail = bytes.get(skip..).unwrap_or_default();
        let mut pos = at + skip as u64;
        let mut rest = tail;
        while !rest.is_empty() {
            let i = (pos % CAPACITY as u64) as usize;
            let n = rest.len().min(CAPACITY - i);
            // SAFETY: i + n <= CAPACITY, inside the data area; no reader runs concurrently.
            unsafe {
                std::ptr::copy_nonoverlapping(rest.as_ptr(), self.base.add(HEADER + i), n);
            }
            rest = rest.get(n..).unwrap_or_default();
            pos += n as u64;
        }
        let new_end = at + bytes.len() as u64;
        let keep_from = new_end.saturating_sub(CAPACITY as u64);
        if start.load(Ordering::Relaxed) < keep_from {
            start.store(keep_from, Ordering::Relaxed);
        }
        end.store(new_end, Ordering::Release);
    }

    /// The output up to offset `at` is durable elsewhere (the WAL): when nothing came after it, the
    /// ring empties (`start = end`, so a reader finds nothing there, as it finds nothing past what the
    /// WAL has) and gives its data pages back to the system, a hole punched in the memfd (the
    /// header's page stays). Without this, a pane that printed `CAPACITY` bytes once keeps them
    /// resident in shared memory for as long as it lives. Called with the pane's screen locked (no
    /// append meanwhile); false when output came after `at` or the ring was empty already.
    pub fn release(&self, at: u64) -> bool {
        let (start, end) = (self.word(2), self.word(3));
        if end.load(Ordering::Acquire) != at || start.load(Ordering::Relaxed) == at {
            return false;
        }
        start.store(at, Ordering::Release);
        // From the second page to the end of the last, partial one (past the memfd's size: nothing
        // there to punch, but the whole last page goes).
        const PAGE: u64 = 4096;
        let _ = rustix::fs::fallocate(
            &self.fd,
            rustix::fs::FallocateFlags::PUNCH_HOLE | rustix::fs::FallocateFlags::KEEP_SIZE,
            PAGE,
            ((HEADER + CAPACITY) as u64).next_multiple_of(PAGE) - PAGE,
        );
        true
    }

    /// The output from offset `from` on: the bytes the ring has past it, and how many bytes between
    /// `from` and the ring's start it no longer has (lost). (Recovery reads with [`read_since`].)
    #[cfg(test)]
    pub fn since(&self, from: u64) -> (Vec<u8>, u64) {
        let end = self.word(3).load(Ordering::Acquire);
        let start = self.word(2).load(Ordering::Relaxed);
        if end <= from {
            return (Vec::new(), 0);
        }
        let first = from.max(start);
        let mut out = Vec::with_capacity((end - first) as usize);
        let mut pos = first;
        while pos < end {
            let i = (pos % CAPACITY as u64) as usize;
            let n = ((end - pos) as usize).min(CAPACITY - i);
            // SAFETY: i + n <= CAPACITY, inside the data area.
            out.extend_from_slice(unsafe {
                std::slice::from_raw_parts(self.base.add(HEADER + i), n)
            });
            pos += n as u64;
        }
        (out, first - from)
    }
}

/// [`OutputRing::open`] then [`OutputRing::since`], read with `pread` instead of a mapping (recovery
/// asks this of a hundred rings before it answers: no mapping made and torn down for each). The ring
/// is checked as `open` checks it. Read while no writer runs (the pane's IO thread is not started).
pub fn read_since(fd: &OwnedFd, from: u64) -> std::io::Result<(Vec<u8>, u64)> {
    let size = rustix::fs::fstat(fd)?.st_size;
    if size != (HEADER + CAPACITY) as i64 {
        return Err(std::io::Error::other(format!(
            "output ring of {size} bytes, expected {}",
            HEADER + CAPACITY
        )));
    }
    let mut header = [0u8; HEADER];
    read_exact_at(fd, &mut header, 0)?;
    let word = |i: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(header.get(i * 8..i * 8 + 8).unwrap_or(&[0; 8]));
        u64::from_ne_bytes(w)
    };
    if word(0) != MAGIC || word(1) != CAPACITY as u64 {
        return Err(std::io::Error::other("not an output ring"));
    }
    let (start, end) = (word(2), word(3));
    if end <= from {
        return Ok((Vec::new(), 0));
    }
    let first = from.max(start);
    if end - first > CAPACITY as u64 {
        return Err(std::io::Error::other(
            "output ring holds more than its capacity",
        ));
    }
    let mut out = vec![0u8; (end - first) as usize];
    let mut pos = first;
    let mut done = 0;
    while pos < end {
        let i = (pos % CAPACITY as u64) as usize;
        let n = ((end - pos) as usize).min(CAPACITY - i);
        read_exact_at(fd, &mut out[done..done + n], (HEADER + i) as u64)?;
        done += n;
        pos += n as u64;
    }
    Ok((out, first - from))
}

fn read_exact_at(fd: &OwnedFd, mut buf: &mut [u8], mut at: u64) -> std::io::Result<()> {
    while !buf.is_empty() {
        match rustix::io::pread(fd, &mut *buf, at) {
            Ok(0) => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                buf = &mut buf[n..];
                at += n as u64;
            }
            Err(rustix::io::Errno::INTR) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

impl Drop for OutputRing {
    fn drop(&mut self) {
        // SAFETY: the mapping made in `map`, not used after this.
        unsafe {
            let _ = rustix::mm::munmap(self.base.cast(), HEADER + CAPACITY);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_last_bytes_and_reports_what_it_lost() {
        let ring = OutputRing::create().unwrap();
        ring.append(100, b"hello ");
        ring.append(106, b"world");
        assert_eq!(ring.since(100), (b"hello world".to_vec(), 0));
        assert_eq!(ring.since(106), (b"world".to_vec(), 0));
        assert_eq!(ring.since(111), (Vec::new(), 0));
        assert_eq!(ring.since(90), (b"hello world".to_vec(), 10));
        // A gap starts over.
        ring.append(500, b"again");
        assert_eq!(ring.since(400), (b"again".to_vec(), 100));
        // Wrapping round: only the last CAPACITY bytes stay, in order.
        let big: Vec<u8> = (0..CAPACITY + 1000).map(|i| (i % 251) as u8).collect();
        ring.append(505, &big);
        let (bytes, lost) = ring.since(505);
        assert_eq!(lost, 1000);
        assert_eq!(bytes, big[1000..]);
        ring.append(505 + big.len() as u64, b"xyz");
        let (bytes, _) = ring.since(505 + big.len() as u64 - 3);
        assert_eq!(bytes, [&big[big.len() - 3..], b"xyz"].concat());
    }

    #[test]
    fn read_since_reads_what_since_does_without_a_mapping() {
        let ring = OutputRing::create().unwrap();
        let fd = || ring.fd().try_clone_to_owned().unwrap();
        assert_eq!(read_since(&fd(), 0).unwrap(), (Vec::new(), 0));
        ring.append(100, b"hello ");
        ring.append(106, b"world");
        for from in [90, 100, 103, 111, 200] {
            assert_eq!(
                read_since(&fd(), from).unwrap(),
                ring.since(from),
                "from {from}"
            );
        }
        // Wrapped round the end of the data area.
        let big: Vec<u8> = (0..CAPACITY + 1000).map(|i| (i % 251) as u8).collect();
        ring.append(111, &big);
        ring.append(111 + big.len() as u64, b"xyz");
        for from in [0, 111, 2000, 111 + big.len() as u64 - 5] {
            assert_eq!(
                read_since(&fd(), from).unwrap(),
                ring.since(from),
                "from {from}"
            );
        }
        // Not a ring: refused, as `open` refuses it.
        let other = rustix::fs::memfd_create("x", rustix::fs::MemfdFlags::CLOEXEC).unwrap();
        rustix::fs::ftruncate(&other, (HEADER + CAPACITY) as u64).unwrap();
        assert!(read_since(&other, 0).is_err());
        let short = rustix::fs::memfd_create("y", rustix::fs::MemfdFlags::CLOEXEC).unwrap();
        assert!(read_since(&short, 0).is_err());
    }

    #[test]
    fn a_ring_survives_its_writer_through_its_fd() {
        let ring = OutputRing::create().unwrap();
        ring.append(0, b"survives");
        let fd = ring.fd().try_clone_to_owned().unwrap();
        drop(ring);
        let back = OutputRing::open(fd).unwrap();
        assert_eq!(back.since(0), (b"survives".to_vec(), 0));
    }

    /// Released, the ring holds nothing (a reader finds no bytes and none lost from where the WAL
    /// ends), its data pages are gone from memory, and appending goes on where it was.
    #[test]
    fn release_empties_the_ring_and_gives_its_pages_back() {
        let ring = OutputRing::create().unwrap();
        let resident = |ring: &OutputRing| rustix::fs::fstat(ring.fd()).unwrap().st_blocks * 512;
        let big: Vec<u8> = (0..CAPACITY + 100).map(|i| (i % 251) as u8).collect();
        ring.append(0, &big);
        let end = big.len() as u64;
        assert!(resident(&ring) >= CAPACITY as i64);
        assert!(!ring.release(end - 1), "output came after that offset");
        assert_eq!(ring.since(end - 5).0.len(), 5);
        assert!(ring.release(end));
        assert!(!ring.release(end), "empty already");
        assert_eq!(ring.since(end), (Vec::new(), 0));
        assert!(
            resident(&ring) <= 4096,
            "{} bytes resident after the release",
            resident(&ring)
        );
        ring.append(end, b"more");
        assert_eq!(ring.since(end), (b"more".to_vec(), 0));
        assert_eq!(
            read_since(&ring.fd().try_clone_to_owned().unwrap(), end).unwrap(),
            (b"more".to_vec(), 0)
        );
    }
}
