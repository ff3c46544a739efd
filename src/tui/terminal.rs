//! The real terminal, and everything about it that is not the app: taking and giving it back
//! (raw mode, alternate screen, bracketed paste, through ratatui), the signals that end or
//! suspend the program, and waiting for input on a terminal that may have hung up.
//!
//! Why wait on the terminal ourselves: crossterm 0.29 reads a hung-up terminal in an endless
//! loop (each read returns 0 bytes and it reads again; crossterm issue 793), so the app polls the
//! terminal's file with `rustix` and asks crossterm for events only when there is input. That also
//! lets it notice a closed window and save before it goes.

use super::TuiError;
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::execute;
use ratatui::DefaultTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
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

/// The controlling terminal, opened once to wait on it.
pub struct Tty {
    #[cfg(unix)]
    file: Option<std::fs::File>,
}

impl Tty {
    pub fn open() -> Tty {
        Tty {
            // Without a controlling terminal (started by a supervisor, under `setsid`), standard
            // input is the terminal crossterm reads, so it is the one watched for a hang-up.
            #[cfg(unix)]
            file: std::fs::File::open("/dev/tty").ok().or_else(|| {
                use std::io::IsTerminal;
                use std::os::fd::AsFd;
                let stdin = std::io::stdin();
                if !stdin.is_terminal() {
                    return None;
                }
                let fd = stdin.as_fd().try_clone_to_owned().ok()?;
                Some(std::fs::File::from(fd))
            }),
        }
    }

    /// Waits up to `timeout` for input.
    #[cfg(unix)]
    pub fn wait(&self, timeout: Duration) -> Wait {
        use rustix::event::{PollFd, PollFlags, Timespec, poll};
        let Some(file) = &self.file else {
            return fallback(timeout);
        };
        let mut fds = [PollFd::new(file, PollFlags::IN)];
        let timeout = Timespec::try_from(timeout).ok();
        match poll(&mut fds, timeout.as_ref()) {
            // A timeout, or a signal arrived (EINTR): the caller checks its flags either way.
            Ok(0) | Err(_) => Wait::Timeout,
            Ok(_) => {
                let revents = fds[0].revents();
                if revents.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) {
                    Wait::HungUp
                } else if revents.contains(PollFlags::IN) {
                    Wait::Input
                } else {
                    Wait::Timeout
                }
            }
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

/// Flags the signal handlers set; the loop reads them between events.
#[derive(Clone, Debug, Default)]
pub struct Signals {
    /// SIGINT, SIGQUIT, SIGTERM or SIGHUP (or a hang-up): save, restore the terminal, end.
    pub stop: Arc<AtomicBool>,
    /// SIGTSTP from outside: give the terminal back and stop until `fg`.
    pub suspend: Arc<AtomicBool>,
}

impl Signals {
    /// Catches the signals that would end or stop the program behind the app's back: the one
    /// signal set-up, for the app on this terminal and for the servers.
    pub fn watch() -> Result<Signals, TuiError> {
        Signals::catch(true)
    }

    /// [`Signals::watch`] for a program with no terminal to give back (the headless server):
    /// SIGTSTP is left to stop it as it would any program.
    pub fn watch_headless() -> Result<Signals, TuiError> {
        Signals::catch(false)
    }

    fn catch(suspend: bool) -> Result<Signals, TuiError> {
        let signals = Signals::default();
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
            for signal in [SIGINT, SIGQUIT, SIGTERM, SIGHUP] {
                signal_hook::flag::register(signal, Arc::clone(&signals.stop))
                    .map_err(TuiError::Signals)?;
            }
            if suspend {
                signal_hook::flag::register(SIGTSTP, Arc::clone(&signals.suspend))
                    .map_err(TuiError::Signals)?;
            }
        }
        #[cfg(not(unix))]
        let _ = suspend;
        Ok(signals)
    }

    pub fn stopping(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// Whether a suspend was asked for since the last call.
    pub fn take_suspend(&self) -> bool {
        self.suspend.swap(false, Ordering::Relaxed)
    }
}

/// Takes the terminal: raw mode, alternate screen, bracketed paste; a panic gives it back.
pub fn init() -> Result<DefaultTerminal, TuiError> {
    let terminal = ratatui::try_init().map_err(TuiError::NoTerminal)?;
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(std::io::stdout(), DisableBracketedPaste);
        previous_hook(info);
    }));
    let _ = execute!(std::io::stdout(), EnableBracketedPaste);
    Ok(terminal)
}

/// Gives the terminal back as it was, the cursor shown: ratatui's own restore leaves it hidden,
/// which a shell after Ctrl-Z would inherit.
pub fn restore() {
    let _ = execute!(
        std::io::stdout(),
        DisableBracketedPaste,
        crossterm::cursor::Show
    );
    ratatui::restore();
}

/// [`restore`] for the watchdog, which runs while the stuck main thread may hold the lock on
/// stdout (the command line keeps it for its whole run): the bytes go straight to the file
/// descriptor, so giving the terminal back can never wait on that lock.
pub(super) fn restore_unlocked() {
    let _ = crossterm::terminal::disable_raw_mode();
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        // Bracketed paste off, the main screen back, the cursor shown.
        let _ = rustix::io::write(
            std::io::stdout().as_fd(),
            b"\x1b[?2004l\x1b[?1049l\x1b[?25h",
        );
    }
}

/// Ctrl-Z: gives the terminal back, stops until the shell's `fg`, then takes it again and
/// redraws everything.
pub fn suspend(terminal: &mut DefaultTerminal) -> Result<(), TuiError> {
    restore();
    #[cfg(unix)]
    {
        use rustix::process::{Signal, getpid, kill_process};
        // SIGSTOP cannot be caught, so this stops here until SIGCONT.
        let _ = kill_process(getpid(), Signal::STOP);
    }
    crossterm::terminal::enable_raw_mode().map_err(TuiError::NoTerminal)?;
    execute!(
        std::io::stdout(),
        crossterm::terminal::EnterAlternateScreen,
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All),
        EnableBracketedPaste
    )
    .map_err(TuiError::NoTerminal)?;
    // Forget both frames so the next draw paints everything. (`Terminal::clear` would ask the
    // terminal for the cursor position, which not every terminal answers.)
    terminal.swap_buffers();
    terminal.swap_buffers();
    terminal.hide_cursor().map_err(TuiError::Draw)
}

/// A last resort: if the loop has not finished a few seconds after a signal asked it to stop
/// (stuck on a terminal that is gone), give the terminal back and end the process rather than
/// spin. Autosave has by then written everything older than a second.
pub fn watchdog(stop: Arc<AtomicBool>, finished: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_millis(100));
            if finished.load(Ordering::Relaxed) {
                return;
            }
            if stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_secs(3));
                if !finished.load(Ordering::Relaxed) {
                    restore_unlocked();
                    std::process::exit(1);
                }
                return;
            }
        }
    });
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_hang_up_asks_a_headless_program_to_stop() {
        let signals = Signals::watch_headless().unwrap();
        assert!(!signals.stopping());
        signal_hook::low_level::raise(signal_hook::consts::SIGHUP).unwrap();
        assert!(signals.stopping());
        assert!(
            !signals.take_suspend(),
            "Ctrl-Z is not asked of a headless program"
        );
    }
}
