//! Writes a sessions folder for measuring `covalue portfolio` (docs/PERFORMANCE.md): SESSIONS
//! ordinary workshops spread over SERVICES services, one a quarter going back in time, some
//! partial, some never rated. Run:
//! `cargo run --release --example portfolio_folder -- DIR [SESSIONS] [SERVICES]`.

use covalue::domain::*;
use std::path::PathBuf;

/// One review: a dozen items, rated unless the service is one of the never-rated ones.
fn session(n: usize, services: usize) -> Session {
    let service = n % services;
    let quarter = n / services;
    // A quarter is about 91 days; the newest reviews are in late 2026.
    let created = Timestamp::from_unix(1_795_000_000 - quarter as i64 * 91 * 86_400);
    let mut s = Session::new(
        format!("p{n:07}"),
        format!("Service {service} review {quarter}"),
        created,
    );
    s.service = format!("Service {service}");
    s.blind = false;
    let rated = !service.is_multiple_of(50);
    let r = |k: usize| Rating::new(((n + k) % 5) as u8 + 1).filter(|_| rated);
    for k in 0..12_usize {
        // Every 7th session has half its items unrated on one side: partial.
        let consumer = if n.is_multiple_of(7) && k.is_multiple_of(2) {
            None
        } else {
            r(k * 3)
        };
        let rating = Ratings::new(r(k), consumer);
        let text = format!("Item {k} of service {service}, a sentence of ordinary length");
        match k % 3 {
            0 => s.benefits.push(Benefit {
                text,
                rating,
                ..Default::default()
            }),
            1 => s.outcomes.push(Outcome {
                text,
                rating,
                ..Default::default()
            }),
            _ => s.costs.push(Cost {
                text,
                rating,
                ..Default::default()
            }),
        }
    }
    s.agreements.push(Agreement {
        text: format!("Follow up item {} by next quarter", n % 12),
        due: Date::new(2026, 1 + (n % 12) as u8, 15),
        ..Default::default()
    });
    s
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: portfolio_folder DIR [SESSIONS] [SERVICES]");
        std::process::exit(2);
    };
    let number =
        |text: Option<String>, default: usize| text.and_then(|t| t.parse().ok()).unwrap_or(default);
    let (sessions, services) = (number(args.next(), 10_000), number(args.next(), 500).max(1));
    std::fs::create_dir_all(&dir).expect("the folder can be made");
    // Dated an hour back: the listing cache does not keep a file changed moments ago.
    let then = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for n in 0..sessions {
        let s = session(n, services);
        let path = dir.join(format!("{}.ron", s.id));
        std::fs::write(&path, covalue::store::to_ron(&s)).expect("the file is written");
        let file = std::fs::File::options().write(true).open(&path);
        file.and_then(|f| f.set_modified(then))
            .expect("the file's time is set");
    }
    println!(
        "{sessions} sessions of {services} services in {}",
        dir.display()
    );
}
