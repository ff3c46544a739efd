//! The keymap's table: every key on every screen and layer, what it does, its footer word and
//! its help line. Rows of one context are kept together; within one, earlier rows win. A data
//! table, so longer than a module would otherwise be: one row per binding, nothing else.

use super::{Binding, Context, Key};
use crate::domain::{Rating, Step};
use crate::tui::action::Action;
use crossterm::event::{KeyCode, KeyModifiers};
use std::sync::LazyLock;

const fn plain(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::NONE,
    }
}

const fn code(code: KeyCode) -> Key {
    Key {
        code,
        modifiers: KeyModifiers::NONE,
    }
}

const fn alt(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::ALT,
    }
}

const GO_TO_HELP: &str = "go to a step (1 Setup … 0 Summary)";

/// Alt-1 … Alt-9 and Alt-0: one row per step, sharing one help line.
fn go_to_steps(context: Context) -> Vec<Binding> {
    Step::ALL
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let digit = char::from_digit(((i + 1) % 10) as u32, 10).unwrap_or('0');
            bind(context, &[alt(digit)], Action::GoTo(*step), "", GO_TO_HELP)
        })
        .collect()
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::CONTROL,
    }
}

fn bind(
    context: Context,
    keys: &[Key],
    action: Action,
    hint: &'static str,
    help: &'static str,
) -> Binding {
    Binding {
        context,
        keys: keys.to_vec(),
        action: Some(action),
        hint,
        help,
    }
}

/// A key the focused field of a form handles itself, listed for the help and the footer.
fn form(keys: &[Key], hint: &'static str, help: &'static str) -> Binding {
    Binding {
        context: Context::Form,
        keys: keys.to_vec(),
        action: None,
        hint,
        help,
    }
}

use Context::{
    Agenda, Anywhere, Browser, Confirm, Filter, Pick, Portfolio, Serve, Summary, TooSmall, Trend,
    Workshop,
};

const RATE_HELP: &str = "rate (1 low … 5 high)";

/// The table, built once on first use (a `Rating` is made at run time).
pub static BINDINGS: LazyLock<Vec<Binding>> = LazyLock::new(|| {
    let mut all = vec![
        // The session browser.
        bind(
            Browser,
            &[code(KeyCode::Up), plain('k')],
            Action::Up,
            "",
            "move up",
        ),
        bind(
            Browser,
            &[code(KeyCode::Down), plain('j')],
            Action::Down,
            "",
            "move down",
        ),
        bind(
            Browser,
            &[plain('g'), code(KeyCode::Home)],
            Action::Top,
            "",
            "first session",
        ),
        bind(
            Browser,
            &[plain('G'), code(KeyCode::End)],
            Action::Bottom,
            "",
            "last session",
        ),
        bind(
            Browser,
            &[plain('n')],
            Action::NewSession,
            "new",
            "new session (blank or template)",
        ),
        bind(
            Browser,
            &[code(KeyCode::Enter), plain('o')],
            Action::Open,
            "open",
            "open for editing",
        ),
        bind(
            Browser,
            &[plain('v')],
            Action::Review,
            "review",
            "open read-only (review)",
        ),
        bind(
            Browser,
            &[plain('d'), code(KeyCode::Delete)],
            Action::Delete,
            "delete",
            "move the session to the trash",
        ),
        bind(
            Browser,
            &[plain('/')],
            Action::Filter,
            "filter",
            "filter (Esc clears)",
        ),
        bind(
            Browser,
            &[plain('c')],
            Action::CycleTheme,
            "",
            "switch colours",
        ),
        bind(
            Browser,
            &[plain('P')],
            Action::Portfolio,
            "portfolio",
            "portfolio: every service, worst first",
        ),
        bind(Browser, &[plain('?')], Action::Help, "help", "this help"),
        // The Portfolio screen.
        bind(
            Portfolio,
            &[code(KeyCode::Up), plain('k')],
            Action::Up,
            "",
            "move up",
        ),
        bind(
            Portfolio,
            &[code(KeyCode::Down), plain('j')],
            Action::Down,
            "",
            "move down",
        ),
        bind(
            Portfolio,
            &[plain('g'), code(KeyCode::Home)],
            Action::Top,
            "",
            "first service",
        ),
        bind(
            Portfolio,
            &[plain('G'), code(KeyCode::End)],
            Action::Bottom,
            "",
            "last service",
        ),
        bind(
            Portfolio,
            &[code(KeyCode::Enter)],
            Action::Open,
            "trend",
            "the service's trend as a chart",
        ),
        bind(
            Portfolio,
            &[plain('s')],
            Action::NextPage,
            "sort",
            "sort: worst first, by name, lowest index, longest unreviewed",
        ),
        bind(
            Portfolio,
            &[plain('t'), plain('e')],
            Action::Edit,
            "targets",
            "the service's targets and review cadence",
        ),
        bind(
            Portfolio,
            &[code(KeyCode::Esc)],
            Action::Back,
            "back",
            "back to the session list",
        ),
        bind(Portfolio, &[plain('?')], Action::Help, "help", "this help"),
        bind(
            Portfolio,
            &[plain('q'), ctrl('c')],
            Action::Quit,
            "quit",
            "quit",
        ),
        // A service's trend on the Portfolio screen.
        bind(
            Trend,
            &[
                code(KeyCode::Left),
                plain('h'),
                code(KeyCode::Up),
                plain('k'),
            ],
            Action::PrevStep,
            "",
            "the review before",
        ),
        bind(
            Trend,
            &[
                code(KeyCode::Right),
                plain('l'),
                code(KeyCode::Down),
                plain('j'),
            ],
            Action::NextStep,
            "",
            "the review after",
        ),
        bind(
            Trend,
            &[code(KeyCode::Tab)],
            Action::NextPage,
            "chart",
            "next chart: index and alignment, then each dimension per side",
        ),
        bind(
            Trend,
            &[code(KeyCode::Enter)],
            Action::Open,
            "open",
            "open the selected review read-only",
        ),
        bind(
            Trend,
            &[code(KeyCode::Esc)],
            Action::Back,
            "back",
            "back to the portfolio",
        ),
        bind(Trend, &[plain('?')], Action::Help, "help", "this help"),
        bind(
            Trend,
            &[plain('q'), ctrl('c')],
            Action::Quit,
            "quit",
            "quit",
        ),
        bind(
            Browser,
            &[plain('q'), ctrl('c')],
            Action::Quit,
            "quit",
            "quit",
        ),
        // A workshop step.
        bind(
            Workshop,
            &[plain(']'), code(KeyCode::Right)],
            Action::NextStep,
            "step",
            "next step",
        ),
        bind(
            Workshop,
            &[plain('['), code(KeyCode::Left)],
            Action::PrevStep,
            "",
            "previous step",
        ),
        bind(
            Workshop,
            &[code(KeyCode::Up), plain('k')],
            Action::Up,
            "",
            "move up",
        ),
        bind(
            Workshop,
            &[code(KeyCode::Down), plain('j')],
            Action::Down,
            "",
            "move down",
        ),
        bind(
            Workshop,
            &[plain('g'), code(KeyCode::Home)],
            Action::Top,
            "",
            "first item",
        ),
        bind(
            Workshop,
            &[plain('G'), code(KeyCode::End)],
            Action::Bottom,
            "",
            "last item",
        ),
        bind(Workshop, &[plain('a')], Action::Add, "add", "add an item"),
        bind(
            Workshop,
            &[code(KeyCode::Enter), plain('e')],
            Action::Edit,
            "edit",
            "edit the selected item",
        ),
        bind(
            Workshop,
            &[plain('d'), code(KeyCode::Delete)],
            Action::Delete,
            "del",
            "delete the item (u undoes)",
        ),
        bind(
            Workshop,
            &[plain('1')],
            Action::Rate(Rating::new(1)),
            "1-5 rate",
            RATE_HELP,
        ),
        bind(
            Workshop,
            &[plain('2')],
            Action::Rate(Rating::new(2)),
            "",
            RATE_HELP,
        ),
        bind(
            Workshop,
            &[plain('3')],
            Action::Rate(Rating::new(3)),
            "",
            RATE_HELP,
        ),
        bind(
            Workshop,
            &[plain('4')],
            Action::Rate(Rating::new(4)),
            "",
            RATE_HELP,
        ),
        bind(
            Workshop,
            &[plain('5')],
            Action::Rate(Rating::new(5)),
            "",
            RATE_HELP,
        ),
        bind(
            Workshop,
            &[plain('0')],
            Action::Rate(None),
            "",
            "clear the rater's rating",
        ),
        bind(
            Workshop,
            &[code(KeyCode::Tab)],
            Action::SwitchTurn,
            "turn",
            "switch whose turn it is",
        ),
        bind(
            Workshop,
            &[plain('u')],
            Action::Undo,
            "undo",
            "undo the last change",
        ),
        bind(Workshop, &[ctrl('r')], Action::Redo, "", "redo"),
        bind(
            Workshop,
            &[plain('b')],
            Action::ToggleBlind,
            "",
            "blind rating on or off",
        ),
        bind(
            Workshop,
            &[plain('r')],
            Action::Reveal,
            "",
            "reveal hidden ratings",
        ),
        bind(
            Workshop,
            &[plain('s')],
            Action::ToggleSummary,
            "",
            "show/hide live summary",
        ),
        bind(
            Workshop,
            &[plain('t')],
            Action::ToggleTimer,
            "",
            "start/pause step timer",
        ),
        bind(
            Workshop,
            &[plain(' ')],
            Action::CycleStatus,
            "Space status",
            "agreement done/dropped/open",
        ),
        bind(
            Workshop,
            &[plain('<')],
            Action::KeepConflictValue,
            "keep",
            "conflict: keep ours",
        ),
        bind(
            Workshop,
            &[plain('>')],
            Action::TakeOtherConflictValue,
            "take",
            "conflict: take theirs",
        ),
        bind(Workshop, &[ctrl('s')], Action::Save, "", "save now"),
        bind(
            Workshop,
            &[plain('c')],
            Action::CycleTheme,
            "",
            "switch colours",
        ),
        bind(
            Workshop,
            &[code(KeyCode::Esc)],
            Action::Back,
            "",
            "back to the session list",
        ),
        bind(
            Workshop,
            &[plain('?')],
            Action::Help,
            "help",
            "help for this screen",
        ),
        bind(
            Workshop,
            &[plain('q'), ctrl('c')],
            Action::Quit,
            "quit",
            "save and quit",
        ),
        // The Summary step.
        bind(
            Summary,
            &[plain('['), code(KeyCode::Left)],
            Action::PrevStep,
            "step",
            "previous step",
        ),
        bind(
            Summary,
            &[plain(']'), code(KeyCode::Right)],
            Action::NextStep,
            "",
            "next step",
        ),
        bind(
            Summary,
            &[code(KeyCode::Up), plain('k')],
            Action::Up,
            "",
            "move up",
        ),
        bind(
            Summary,
            &[code(KeyCode::Down), plain('j')],
            Action::Down,
            "",
            "move down",
        ),
        bind(
            Summary,
            &[plain('g'), code(KeyCode::Home)],
            Action::Top,
            "",
            "first item",
        ),
        bind(
            Summary,
            &[plain('G'), code(KeyCode::End)],
            Action::Bottom,
            "",
            "last item",
        ),
        bind(
            Summary,
            &[code(KeyCode::Enter)],
            Action::Jump,
            "jump",
            "go to the item in its step",
        ),
        bind(
            Summary,
            &[plain('e'), plain('a')],
            Action::Edit,
            "answers",
            "write the closing answers",
        ),
        bind(
            Summary,
            &[plain('w')],
            Action::Agenda,
            "gaps",
            "the gaps agenda: discuss-next, one by one",
        ),
        bind(
            Summary,
            &[plain('u')],
            Action::Undo,
            "undo",
            "undo the last change",
        ),
        bind(Summary, &[ctrl('r')], Action::Redo, "", "redo"),
        bind(
            Summary,
            &[code(KeyCode::Tab)],
            Action::SwitchTurn,
            "",
            "switch turn",
        ),
        bind(
            Summary,
            &[plain('b')],
            Action::ToggleBlind,
            "",
            "blind rating on or off",
        ),
        bind(
            Summary,
            &[plain('r')],
            Action::Reveal,
            "",
            "reveal every hidden rating",
        ),
        bind(
            Summary,
            &[plain('t')],
            Action::ToggleTimer,
            "",
            "start/pause step timer",
        ),
        bind(Summary, &[ctrl('s')], Action::Save, "", "save now"),
        bind(
            Summary,
            &[plain('v')],
            Action::NextPage,
            "view",
            "next dashboard view",
        ),
        bind(
            Summary,
            &[plain('x')],
            Action::Explain,
            "explain",
            "explain the value index",
        ),
        bind(
            Summary,
            &[plain('c')],
            Action::CycleTheme,
            "",
            "switch colours",
        ),
        bind(
            Summary,
            &[code(KeyCode::Esc)],
            Action::Back,
            "",
            "back to the session list",
        ),
        bind(
            Summary,
            &[plain('?')],
            Action::Help,
            "help",
            "help for this screen",
        ),
        bind(
            Summary,
            &[plain('q'), ctrl('c')],
            Action::Quit,
            "quit",
            "save and quit",
        ),
        // The gaps agenda: one discuss-next item at a time.
        bind(
            Agenda,
            &[
                plain(']'),
                code(KeyCode::Right),
                code(KeyCode::Down),
                plain('j'),
            ],
            Action::NextStep,
            // Short, so every agenda key fits at 80 columns; the header names the gap.
            "] next",
            "next gap",
        ),
        bind(
            Agenda,
            &[
                plain('['),
                code(KeyCode::Left),
                code(KeyCode::Up),
                plain('k'),
            ],
            Action::PrevStep,
            "[ back",
            "previous gap",
        ),
        bind(
            Agenda,
            &[plain('a')],
            Action::Add,
            "agree",
            "add an agreement that resolves this item (its text, then Enter)",
        ),
        bind(
            Agenda,
            &[plain('e'), code(KeyCode::Enter)],
            Action::Edit,
            "note",
            "write the item's note: what the room said",
        ),
        bind(
            Agenda,
            &[plain('t')],
            Action::ToggleTimer,
            "timer",
            "start/pause the timer of this gap",
        ),
        bind(
            Agenda,
            &[plain('u')],
            Action::Undo,
            "undo",
            "undo the last change",
        ),
        bind(Agenda, &[ctrl('r')], Action::Redo, "", "redo"),
        bind(Agenda, &[ctrl('s')], Action::Save, "", "save now"),
        bind(
            Agenda,
            &[plain('c')],
            Action::CycleTheme,
            "",
            "switch colours",
        ),
        bind(
            Agenda,
            &[code(KeyCode::Esc), code(KeyCode::Backspace)],
            Action::LeaveAgenda,
            "summary",
            "leave the agenda for the Summary step",
        ),
        bind(
            Agenda,
            &[plain('?')],
            Action::Help,
            "help",
            "help for this screen",
        ),
        bind(
            Agenda,
            &[plain('q'), ctrl('c')],
            Action::Quit,
            "quit",
            "save and quit",
        ),
        // Picking from a list.
        bind(
            Pick,
            &[code(KeyCode::Up), plain('k')],
            Action::Up,
            "↑↓ choose",
            "previous choice",
        ),
        bind(
            Pick,
            &[code(KeyCode::Down), plain('j')],
            Action::Down,
            "",
            "next choice",
        ),
        bind(
            Pick,
            &[code(KeyCode::Enter)],
            Action::Choose,
            "next",
            "take this choice",
        ),
        bind(
            Pick,
            &[code(KeyCode::Esc)],
            Action::Cancel,
            "cancel",
            "cancel",
        ),
        // Typing a filter; other keys type into it.
        bind(
            Filter,
            &[code(KeyCode::Enter), code(KeyCode::Up), code(KeyCode::Down)],
            Action::Choose,
            "keeps",
            "keep the filter and go back to the list",
        ),
        bind(
            Filter,
            &[code(KeyCode::Esc)],
            Action::Cancel,
            "clears",
            "clear the filter",
        ),
        bind(
            Filter,
            &[code(KeyCode::Backspace)],
            Action::DeleteBack,
            "",
            "delete a character",
        ),
        // A yes/no question.
        bind(
            Confirm,
            &[plain('y'), plain('Y')],
            Action::Yes,
            "yes",
            "yes",
        ),
        // Any key but yes says no; these are the ones a footer names for it.
        bind(
            Confirm,
            &[plain('n'), plain('N'), code(KeyCode::Esc)],
            Action::Cancel,
            "no",
            "no (so does any other key)",
        ),
        // Forms: these keys are the form's own; every other key edits the focused field.
        bind(
            Context::Form,
            &[code(KeyCode::Tab)],
            Action::NextField,
            "Tab field",
            "next/previous field",
        ),
        bind(
            Context::Form,
            &[code(KeyCode::BackTab)],
            Action::PrevField,
            "",
            "next/previous field",
        ),
        bind(
            Context::Form,
            &[code(KeyCode::Enter)],
            Action::Submit,
            "Enter save",
            "save the form",
        ),
        bind(
            Context::Form,
            &[code(KeyCode::Esc)],
            Action::Cancel,
            "Esc cancel",
            "cancel (asks if changed)",
        ),
        form(
            &[Key {
                code: KeyCode::Enter,
                modifiers: KeyModifiers::ALT,
            }],
            "",
            "new line in a text field",
        ),
        form(
            &[code(KeyCode::Left), code(KeyCode::Right), plain(' ')],
            "←→ choose",
            "change a choice or number",
        ),
        form(&[ctrl('u')], "", "clear to the start of the line"),
        // The server's console: the panel beside the local app (F2), or the remote
        // facilitator's screen. Hint words are one word: the footer puts the key before them.
        bind(
            Serve,
            &[code(KeyCode::Up), plain('k')],
            Action::Up,
            "",
            "move in the waiting list",
        ),
        bind(
            Serve,
            &[code(KeyCode::Down), plain('j')],
            Action::Down,
            "",
            "move in the waiting list",
        ),
        bind(
            Serve,
            &[code(KeyCode::Enter)],
            Action::Admit,
            "admit",
            "admit the selected person",
        ),
        bind(
            Serve,
            &[code(KeyCode::Left)],
            Action::AsWhom(false),
            "←→ as whom",
            "choose as whom they join",
        ),
        bind(
            Serve,
            &[code(KeyCode::Right)],
            Action::AsWhom(true),
            "",
            "choose as whom they join",
        ),
        bind(
            Serve,
            &[plain('x'), code(KeyCode::Delete)],
            Action::TurnAway,
            "refuse",
            "turn the person away",
        ),
        bind(
            Serve,
            &[plain('n')],
            Action::NewInviteCode,
            "code",
            "new invite code",
        ),
        bind(
            Serve,
            &[plain('L')],
            Action::ToggleLock,
            "lock",
            "lock/open this step",
        ),
        bind(
            Serve,
            &[plain('N')],
            Action::ToggleNotes,
            "notes",
            "open/close the notes",
        ),
        bind(
            Serve,
            &[plain('A')],
            Action::ToggleItems,
            "items",
            "open/close adding items",
        ),
        bind(
            Serve,
            &[code(KeyCode::F(2))],
            Action::TogglePanel,
            "panel",
            "show/hide the server panel",
        ),
        bind(
            Serve,
            &[code(KeyCode::Esc)],
            Action::HidePanel,
            "hide",
            "hide the server panel",
        ),
        bind(Serve, &[plain('?')], Action::Help, "help", "this help"),
        // Whatever is open: in a form, Ctrl-C keeps what is typed before it quits.
        bind(Anywhere, &[ctrl('c')], Action::Quit, "", "save and quit"),
        bind(
            Anywhere,
            &[ctrl('z')],
            Action::Suspend,
            "",
            "suspend (fg resumes)",
        ),
        bind(TooSmall, &[plain('q')], Action::Quit, "", "quit"),
    ];
    all.push(bind(
        Workshop,
        &[plain('J')],
        Action::ScrollDetail(true),
        "",
        "scroll the item's details",
    ));
    all.push(bind(
        Workshop,
        &[plain('K')],
        Action::ScrollDetail(false),
        "",
        "scroll the item's details",
    ));
    all.push(bind(
        Workshop,
        &[code(KeyCode::Backspace)],
        Action::BackToSummary,
        "⌫ summary",
        "back to the discuss-next list",
    ));
    for context in [Workshop, Summary] {
        all.push(bind(
            context,
            &[plain('p')],
            Action::ToggleProjector,
            "",
            "projector mode (large, no key hints)",
        ));
        all.extend(go_to_steps(context));
    }
    all
});
