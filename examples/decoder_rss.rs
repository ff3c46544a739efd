//! Resident memory of `covalue serve`'s input decoders: each connection has its own termwiz
//! parser, which builds its own table of every key sequence (docs/PERFORMANCE.md, the
//! server's memory per participant). Run: `cargo run --release --example decoder_rss [COUNT]`.

use covalue::serve::input::Decoder;

/// Resident set size in KiB, from /proc (Linux only; 0 elsewhere).
fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.split_whitespace().next().map(str::to_string))
        })
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn main() {
    let count: usize = match std::env::args().nth(1) {
        None => 100,
        Some(arg) => match arg.parse() {
            Ok(n) if n > 0 => n,
            _ => {
                eprintln!("decoder_rss: COUNT must be a whole number above 0, not {arg:?}");
                std::process::exit(2);
            }
        },
    };
    let before = rss_kib();
    let mut decoders: Vec<Decoder> = (0..count).map(|_| Decoder::new()).collect();
    // Each decoder decodes a key, as a connection's first press would, so nothing is left
    // unbuilt until first use.
    for decoder in &mut decoders {
        std::hint::black_box(decoder.feed(b"j"));
    }
    let after = rss_kib();
    let grown = after.saturating_sub(before);
    println!(
        "{count} decoder(s): RSS {before} KiB before, {after} KiB after: {:.1} MiB in all, {} KiB each",
        grown as f64 / 1024.0,
        grown / count as u64
    );
}
