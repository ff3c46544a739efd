//! Drawing the console's lines: the server, the room's progress, the waiting list.

use super::progress::{everyone_progress, rated_count};
use super::*;
use crate::tui::workshop::clock;

impl Console {
    /// The console's lines, for a screen or an overlay `width` columns wide.
    pub(in super::super) fn lines(&self, room: &Room, width: usize) -> Vec<Line<'static>> {
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let mut lines = vec![
            Line::styled(
                fit(&format!("Serving {}", one_line(room.title())), width),
                bold,
            ),
            Line::raw(fit(&format!("Host key {}", room.fingerprint()), width)),
        ];
        let code = room.invite_code();
        if let Some(address) = self.address {
            lines.push(Line::raw(fit(
                &format!(
                    "Listening on {address} · join with ssh -p {} NAME@HOST",
                    address.port()
                ),
                width,
            )));
        }
        lines.push(Line::raw(fit(&format!("Invite code {code}"), width)));
        for note in room.door_notes() {
            lines.push(Line::raw(fit(&note, width)));
        }
        // A listed key that names nobody in the session lets nobody in by itself; say so here,
        // where the facilitator can fix the name or expect that person on the waiting list.
        for (line, name) in room.unmatched_keys() {
            lines.push(Line::raw(fit(
                &format!(
                    "Keys file line {line}: \"{}\" is not a participant; they need the invite code",
                    one_line(&name)
                ),
                width,
            )));
        }
        let (step, rated, locked) = self.master.with(|session, step, locked| {
            let mut rated: Vec<(String, usize, usize)> = room
                .connected()
                .iter()
                .map(|p| {
                    let who = rater_of(session, &p.person.name);
                    let (done, all) = match (who, step.dimension()) {
                        (Some(who), Some(d)) => rated_count(session, d, &who),
                        _ => (0, 0),
                    };
                    (p.person.name.clone(), done, all)
                })
                .collect();
            // In the same order every time, so nobody seems to move when someone joins.
            rated.sort_by_key(|(name, _, _)| name.to_lowercase());
            (step, rated, locked)
        });
        let parts = self.status_parts(step, rated.len(), locked);
        lines.extend(wrapped(&parts, width));
        if let Some(window) = self.master.window() {
            lines.extend(self.prework_lines(window, room, width));
            return self.waiting_lines(lines, room, width);
        }
        for (name, done, all) in rated {
            let progress = if all > 0 {
                format!(" · rated {done} of {all}")
            } else {
                String::new()
            };
            lines.push(Line::raw(fit(
                &format!("  ● {}{progress}", one_line(&name)),
                width,
            )));
        }
        self.waiting_lines(lines, room, width)
    }

    /// The console's status line in parts: the step, how many are connected, the timer, and
    /// what participants may do beyond rating, each with the key that changes it (the parts
    /// wrap rather than be cut).
    fn status_parts(&self, step: Step, connected: usize, locked: bool) -> Vec<String> {
        let setting = |on: bool, what: &str, action: Action| {
            on.then(|| format!("{what} ({})", keymap::key_for(Context::Serve, action)))
        };
        let timer = self.master.timer().map(|t| match t {
            t if !t.running => format!("timer paused, {} left", clock(t.left)),
            t if t.left < 0 => format!("⏱ {} over", clock(t.left)),
            t => format!("⏱ {} left", clock(t.left)),
        });
        [
            Some(format!("Step {}", step.title())),
            Some(format!("{connected} connected")),
            timer,
            setting(locked, "step locked", Action::ToggleLock),
            setting(
                self.master.notes_allowed(),
                "notes open",
                Action::ToggleNotes,
            ),
            setting(
                self.master.items_allowed(),
                "items open",
                Action::ToggleItems,
            ),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// A pre-work window's lines: when it closes, and each person's progress over all the
    /// rated steps (`● Priya Raman 31/42`; ● connected now, ○ not).
    fn prework_lines(&self, window: Window, room: &Room, width: usize) -> Vec<Line<'static>> {
        let closed = window.closed(self.master.now());
        let when = match (closed, window.reveal) {
            (false, true) => format!(
                "Pre-work open until {}; revealed at the close",
                shown(window.until)
            ),
            (false, false) => format!("Pre-work open until {}", shown(window.until)),
            (true, true) => format!(
                "Pre-work closed at {}; ratings revealed",
                shown(window.until)
            ),
            (true, false) => format!("Pre-work closed at {}", shown(window.until)),
        };
        let mut lines = vec![Line::raw(fit(&when, width))];
        let connected = connected_names(room);
        let progress = self.master.with(|session, _, _| everyone_progress(session));
        for (name, done, all) in progress {
            let here = connected.iter().any(|c| same_name(c, &name));
            lines.push(Line::raw(fit(
                &format!(
                    "  {} {} {done}/{all}",
                    if here { "●" } else { "○" },
                    one_line(&name)
                ),
                width,
            )));
        }
        lines
    }

    /// The waiting list and the last message, after the console's other lines.
    fn waiting_lines(
        &self,
        mut lines: Vec<Line<'static>>,
        room: &Room,
        width: usize,
    ) -> Vec<Line<'static>> {
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let waiting = room.waiting();
        if waiting.is_empty() {
            lines.push(Line::raw("Nobody waiting."));
        } else {
            let keys = hint_text(&self.hints(room, false, true)).join(" · ");
            lines.push(Line::styled(fit(&format!("Waiting: {keys}"), width), bold));
        }
        let connected = connected_names(room);
        for (i, w) in waiting.iter().enumerate() {
            let choices = self
                .master
                .with(|s, _, _| admit_choices(s, &w.login, &connected));
            let as_whom = if i == self.selected {
                choices
                    .get(self.choice.min(choices.len().saturating_sub(1)))
                    .map(|(name, role)| match role {
                        Some(Role::Provider) => format!("as new provider {}", one_line(name)),
                        Some(_) => format!("as new consumer {}", one_line(name)),
                        None => format!("as {}", one_line(name)),
                    })
                    .unwrap_or_default()
            } else {
                String::new()
            };
            let line = format!(
                "{} {} {as_whom}",
                if i == self.selected { "›" } else { " " },
                one_line(&w.login)
            );
            let style = if i == self.selected {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            };
            lines.push(Line::styled(fit(&line, width), style));
        }
        if let Some(message) = &self.message {
            lines.push(Line::raw(fit(message, width)));
        }
        lines
    }
}
