//! `covalue serve`: checks the command line's options for a remote workshop and hands the
//! session to the SSH server; the workshop itself is the serve module's.

use super::error::Failure;
use super::find::load;
use crate::serve::workshop::{self, Allowed, Serving, Window};
use crate::store::{self, Store};
use clap::{Args, ValueEnum};
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;

/// `covalue serve`.
#[derive(Args, Debug)]
pub struct ServeArgs {
    /// A .ron path, a file name in the sessions folder, a session id (or a unique prefix), or a unique part of a title
    pub session: String,
    /// The address to listen on
    #[arg(long, value_name = "ADDR", default_value = crate::serve::DEFAULT_LISTEN, value_parser = listen_address)]
    pub listen: SocketAddr,
    /// authorized_keys lines whose comment names a participant (`(facilitator)` marks the facilitator)
    #[arg(long, value_name = "FILE")]
    pub keys: Option<PathBuf>,
    /// No local screen: the facilitator joins over SSH with a key marked (facilitator)
    #[arg(long)]
    pub headless: bool,
    /// What participants may add from the start (the facilitator's A and N keys change it)
    #[arg(long, value_enum, value_delimiter = ',', value_name = "WHAT")]
    pub allow: Vec<Allow>,
    /// A pre-work window: participants join any time and rate at their own pace until
    /// DATETIME, in UTC: `2026-12-08 17:00` or `2026-12-08T17:00` (add an offset such as
    /// +01:00 for another zone), or from now: +2h, +90m, +1d. It is kept in the session, so
    /// a restarted server keeps it
    #[arg(long, value_name = "DATETIME")]
    pub open_until: Option<String>,
    /// With --open-until: reveal every rating at the close (and say so)
    #[arg(long, requires = "open_until")]
    pub reveal_at_close: bool,
}

/// `serve --allow`: what participants may add besides their ratings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Allow {
    /// New items on the rated steps
    Items,
    /// Lines in the items' discussion notes
    Notes,
}

impl ServeArgs {
    /// Runs the workshop server until it stops.
    pub fn run(self, store: Store, w: &mut dyn Write) -> Result<(), Failure> {
        let window = self
            .open_until
            .as_deref()
            .map(|text| workshop::parse_close(text, store::now()))
            .transpose()
            .map_err(|e| Failure::CloseTime(e.into()))?
            .map(|until| Window {
                until,
                reveal: self.reveal_at_close,
            });
        let (path, session) = load(&store, &self.session)?;
        if self.headless && self.keys.is_none() {
            return Err(if window.is_some() {
                Failure::WindowWithoutKeys
            } else {
                Failure::HeadlessWithoutKeys
            });
        }
        if let Some(keys) = &self.keys
            && !keys.is_file()
        {
            return Err(Failure::NoKeysFile(keys.clone()));
        }
        let mut options = crate::serve::Options::new(
            store.dir().to_path_buf(),
            session.title.clone(),
            workshop::people(&session),
        );
        options.listen = self.listen;
        options.keys_file = self.keys;
        let serving = Serving {
            options,
            headless: self.headless,
            allowed: Allowed {
                items: self.allow.contains(&Allow::Items),
                notes: self.allow.contains(&Allow::Notes),
            },
            window,
        };
        workshop::serve(store, &path, session, serving, w).map_err(Failure::data)
    }
}

/// A `--listen` value that names no address to listen on.
#[derive(Debug, thiserror::Error)]
#[error(
    "{text:?} {problem}; expected an address and port such as 127.0.0.1:2222 or localhost:2222"
)]
pub struct BadListen {
    text: String,
    problem: String,
}

/// `--listen`: an address as `127.0.0.1:2222` or `[::1]:2222`, or a host name with a port
/// (`localhost:2222`), which is looked up once, here (a trial's `localhost:2324` was refused
/// as invalid syntax).
fn listen_address(text: &str) -> Result<SocketAddr, BadListen> {
    use std::net::ToSocketAddrs;
    if let Ok(address) = text.parse() {
        return Ok(address);
    }
    let bad = |problem: String| BadListen {
        text: text.to_string(),
        problem,
    };
    match text.to_socket_addrs() {
        Ok(mut found) => found.next().ok_or_else(|| bad("names no address".into())),
        Err(e) => Err(bad(format!("is not an address ({e})"))),
    }
}

#[cfg(test)]
mod tests {
    use super::listen_address;

    #[test]
    fn listen_takes_an_address_or_a_host_name_with_a_port() {
        assert_eq!(
            listen_address("127.0.0.1:2222").unwrap().to_string(),
            "127.0.0.1:2222"
        );
        assert_eq!(listen_address("[::1]:2222").unwrap().port(), 2222);
        let local = listen_address("localhost:2324").unwrap();
        assert!(local.ip().is_loopback() && local.port() == 2324, "{local}");
        for bad in ["localhost", "127.0.0.1", ":2222"] {
            let said = listen_address(bad).unwrap_err().to_string();
            assert!(
                said.contains("expected an address and port"),
                "{bad}: {said}"
            );
        }
    }
}
