//! Waiting for terminal input without handing a dead terminal to crossterm. crossterm 0.29
//! reads a hung-up terminal in an endless loop (each read returns 0 bytes and it reads again),
//! so the app waits on the terminal itself and asks crossterm for events only when there is
//! input, which also lets it notice a closed window and save before it goes.

use std::time::Duration;

/// What waiting for the terminal found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait {
    /// Bytes are waiting to be read.
    Input,
    /// Nothing arrived in time.
    Timeout,
    /// The terminal is gone (window closed, connection dropped).
    HungUp,
}

pub struct Tty {
    #[cfg(unix)]
    file: Option<std::fs::File>,
}

impl Tty {
    pub fn open() -> Tty {
        Tty {
            #[cfg(unix)]
            file: std::fs::File::open("/dev/tty").ok(),
        }
    }

    /// Waits up to `timeout` for input.
    #[cfg(unix)]
    pub fn wait(&self, timeout: Duration) -> Wait {
        use std::os::fd::AsRawFd;
        let Some(file) = &self.file else {
            return fallback(timeout);
        };
        let mut fds = libc::pollfd {
            fd: file.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        let millis = i32::try_from(timeout.as_millis()).unwrap_or(i32::MAX);
        // SAFETY: one valid, initialised pollfd and a count of one; the fd outlives the call.
        let ready = unsafe { libc::poll(&mut fds, 1, millis) };
        if ready <= 0 {
            // A timeout, or a signal arrived (EINTR): the caller checks its flags either way.
            return Wait::Timeout;
        }
        if fds.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
            Wait::HungUp
        } else if fds.revents & libc::POLLIN != 0 {
            Wait::Input
        } else {
            Wait::Timeout
        }
    }

    #[cfg(not(unix))]
    pub fn wait(&self, timeout: Duration) -> Wait {
        fallback(timeout)
    }
}

fn fallback(timeout: Duration) -> Wait {
    match crossterm::event::poll(timeout) {
        Ok(true) => Wait::Input,
        Ok(false) => Wait::Timeout,
        Err(_) => Wait::HungUp,
    }
}
