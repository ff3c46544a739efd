//! The writer thread: serialises and writes copies of the session while the UI goes on, and
//! reports each save's outcome back.

use super::Outcome;
use crate::domain::Session;
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;

/// A save handed to the writer thread: a copy of the session at one revision.
pub(super) struct Job {
    pub path: PathBuf,
    /// The file as covalue last read or wrote it, shared with saves on the UI thread.
    pub known: super::Known,
    pub session: Box<Session>,
    pub revision: u64,
    pub asked: bool,
}

/// The writer thread: serialises and writes copies of the session while the UI goes on.
pub(super) struct Saver {
    jobs: Option<Sender<Job>>,
    done: Receiver<Outcome>,
    thread: Option<JoinHandle<()>>,
    pub busy: bool,
}

impl Saver {
    pub fn start() -> Saver {
        let (jobs, inbox) = mpsc::channel::<Job>();
        let (report, done) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("covalue-save".into())
            .spawn(move || {
                for job in inbox {
                    let outcome = super::save_outcome(
                        super::write_session(&job.path, &job.session, &job.known),
                        job.revision,
                        job.asked,
                    );
                    if report.send(outcome).is_err() {
                        return;
                    }
                }
            })
            .ok();
        Saver {
            jobs: Some(jobs),
            done,
            thread,
            busy: false,
        }
    }

    /// Hands a job to the thread; `false` when there is no thread to take it.
    pub fn send(&mut self, job: Job) -> Result<(), Job> {
        match (&self.jobs, &self.thread) {
            (Some(jobs), Some(_)) => match jobs.send(job) {
                Ok(()) => {
                    self.busy = true;
                    Ok(())
                }
                Err(mpsc::SendError(job)) => Err(job),
            },
            _ => Err(job),
        }
    }

    /// The outcome of a finished save, if one has finished.
    pub fn finished(&mut self) -> Option<Outcome> {
        let outcome = self.done.try_recv().ok()?;
        self.busy = false;
        Some(outcome)
    }

    /// Waits for the save in progress, if any.
    pub fn wait(&mut self) -> Option<Outcome> {
        if !self.busy {
            return None;
        }
        let outcome = self.done.recv().ok();
        self.busy = false;
        outcome
    }
}

impl Drop for Saver {
    fn drop(&mut self) {
        self.jobs = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
