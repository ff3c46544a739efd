//! The one keymap: which key does what on which screen. The same table draws the footer hints
//! and the `?` help, so the three can never disagree (PRODUCT.md "Keys" is the contract).

use super::action::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a key is pressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// The session browser.
    Browser,
    /// A step with a list of items (and Setup).
    Workshop,
    /// The Summary step.
    Summary,
    /// An open form; its keys are handled by the form, listed here for help and hints.
    Form,
    /// Picking from a list in a prompt (what a new session starts from).
    Pick,
    /// Typing a filter for the session list.
    Filter,
    /// A yes/no question; every key but yes means no.
    Confirm,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

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

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        modifiers: KeyModifiers::CONTROL,
    }
}

impl Key {
    pub fn matches(&self, event: &KeyEvent) -> bool {
        // Terminals report capitals and symbols with or without SHIFT; only CONTROL and ALT
        // tell keys apart here.
        let significant = KeyModifiers::CONTROL | KeyModifiers::ALT;
        let code_matches = match (self.code, event.code) {
            (KeyCode::Char(a), KeyCode::Char(b)) => {
                a == b
                    || (self.modifiers.contains(KeyModifiers::CONTROL)
                        && a == b.to_ascii_lowercase())
            }
            (a, b) => a == b,
        };
        code_matches && (event.modifiers & significant) == (self.modifiers & significant)
    }

    pub fn name(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::Delete => "Delete".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            other => format!("{other:?}"),
        };
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{}", base.to_uppercase())
        } else if self.modifiers.contains(KeyModifiers::ALT) {
            format!("Alt-{base}")
        } else {
            base
        }
    }
}

/// One row of the keymap.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    /// `None` for keys a form handles itself.
    pub action: Option<Action>,
    /// A word or two for the footer; empty keeps it out of the footer.
    pub hint: &'static str,
    /// What the help overlay says.
    pub help: &'static str,
}

const fn bind(
    context: Context,
    keys: &'static [Key],
    action: Action,
    hint: &'static str,
    help: &'static str,
) -> Binding {
    Binding {
        context,
        keys,
        action: Some(action),
        hint,
        help,
    }
}

const fn form(keys: &'static [Key], hint: &'static str, help: &'static str) -> Binding {
    Binding {
        context: Context::Form,
        keys,
        action: None,
        hint,
        help,
    }
}

use Context::{Browser, Confirm, Filter, Pick, Summary, Workshop};

const RATE_HELP: &str = "rate (1 low … 5 high)";

pub const BINDINGS: &[Binding] = &[
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
    bind(Browser, &[plain('?')], Action::Help, "help", "this help"),
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
        Action::Rate(Some(1)),
        "1-5 rate",
        RATE_HELP,
    ),
    bind(
        Workshop,
        &[plain('2')],
        Action::Rate(Some(2)),
        "",
        RATE_HELP,
    ),
    bind(
        Workshop,
        &[plain('3')],
        Action::Rate(Some(3)),
        "",
        RATE_HELP,
    ),
    bind(
        Workshop,
        &[plain('4')],
        Action::Rate(Some(4)),
        "",
        RATE_HELP,
    ),
    bind(
        Workshop,
        &[plain('5')],
        Action::Rate(Some(5)),
        "",
        RATE_HELP,
    ),
    bind(
        Workshop,
        &[plain('0')],
        Action::Rate(None),
        "",
        "clear that side's rating",
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
        "",
        "agreement done/dropped/open",
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
    // Forms.
    form(
        &[code(KeyCode::Tab), code(KeyCode::BackTab)],
        "Tab field",
        "next/previous field",
    ),
    form(&[code(KeyCode::Enter)], "Enter save", "save the form"),
    form(
        &[code(KeyCode::Esc)],
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
    form(&[ctrl('u')], "", "undo typing"),
];

/// The action a key press means in `context`, if any.
pub fn action_for(context: Context, event: &KeyEvent) -> Option<Action> {
    BINDINGS
        .iter()
        .filter(|b| b.context == context)
        .find(|b| b.keys.iter().any(|k| k.matches(event)))
        .and_then(|b| b.action)
}

/// The name of the first key bound to `action` in `context`, for messages that name a key.
pub fn key_for(context: Context, action: Action) -> String {
    BINDINGS
        .iter()
        .find(|b| b.context == context && b.action == Some(action))
        .map(|b| b.keys[0].name())
        .unwrap_or_default()
}

/// One footer hint: the keys as shown, the word, and the binding behind it.
#[derive(Clone, Debug)]
pub struct Hint {
    pub keys: String,
    pub word: &'static str,
    pub binding: &'static Binding,
}

impl Hint {
    /// The key press the hint stands for.
    pub fn event(&self) -> KeyEvent {
        let key = self.binding.keys[0];
        KeyEvent::new(key.code, key.modifiers)
    }
}

/// The footer hints of `context` whose binding `offers` says does something now; a screen
/// never shows a hint for a key that does nothing there.
pub fn hints_where(context: Context, offers: impl Fn(&Binding) -> bool) -> Vec<Hint> {
    BINDINGS
        .iter()
        .filter(|b| b.context == context && !b.hint.is_empty() && offers(b))
        .map(|b| {
            let (keys, word) = match b.hint.split_once(' ') {
                Some((keys, word)) => (keys.to_string(), word),
                None => (b.keys[0].name(), b.hint),
            };
            Hint {
                keys,
                word,
                binding: b,
            }
        })
        .collect()
}

/// Every footer hint of `context`: (keys, word) pairs.
pub fn hints(context: Context) -> Vec<(String, &'static str)> {
    hints_where(context, |_| true)
        .into_iter()
        .map(|h| (h.keys, h.word))
        .collect()
}

/// Help lines for `context`: (keys, what they do). Neighbours with the same help share a line.
pub fn help(context: Context) -> Vec<(String, &'static str)> {
    let mut lines: Vec<(String, &'static str)> = Vec::new();
    for b in BINDINGS.iter().filter(|b| b.context == context) {
        let keys = b.keys.iter().map(Key::name).collect::<Vec<_>>().join(" ");
        match lines.last_mut() {
            Some((previous, help)) if *help == b.help => {
                previous.push(' ');
                previous.push_str(&keys);
            }
            _ => lines.push((keys, b.help)),
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn the_contract_keys_mean_what_product_md_says() {
        let w = Context::Workshop;
        let none = KeyModifiers::NONE;
        let cases = [
            (KeyCode::Char(']'), none, Action::NextStep),
            (KeyCode::Right, none, Action::NextStep),
            (KeyCode::Char('['), none, Action::PrevStep),
            (KeyCode::Left, none, Action::PrevStep),
            (KeyCode::Char('k'), none, Action::Up),
            (KeyCode::Char('j'), none, Action::Down),
            (KeyCode::Char('g'), none, Action::Top),
            (KeyCode::Char('G'), KeyModifiers::SHIFT, Action::Bottom),
            (KeyCode::Char('a'), none, Action::Add),
            (KeyCode::Enter, none, Action::Edit),
            (KeyCode::Char('e'), none, Action::Edit),
            (KeyCode::Char('d'), none, Action::Delete),
            (KeyCode::Delete, none, Action::Delete),
            (KeyCode::Char('u'), none, Action::Undo),
            (KeyCode::Char('r'), KeyModifiers::CONTROL, Action::Redo),
            (KeyCode::Char('3'), none, Action::Rate(Some(3))),
            (KeyCode::Char('0'), none, Action::Rate(None)),
            (KeyCode::Tab, none, Action::SwitchTurn),
            (KeyCode::Char('b'), none, Action::ToggleBlind),
            (KeyCode::Char('r'), none, Action::Reveal),
            (KeyCode::Char('s'), none, Action::ToggleSummary),
            (KeyCode::Char('t'), none, Action::ToggleTimer),
            (KeyCode::Char('s'), KeyModifiers::CONTROL, Action::Save),
            (KeyCode::Char('?'), KeyModifiers::SHIFT, Action::Help),
            (KeyCode::Char('q'), none, Action::Quit),
            (KeyCode::Char('c'), KeyModifiers::CONTROL, Action::Quit),
        ];
        for (code, modifiers, action) in cases {
            assert_eq!(
                action_for(w, &press(code, modifiers)),
                Some(action),
                "{code:?} {modifiers:?}"
            );
        }
        assert_eq!(action_for(w, &press(KeyCode::Char('x'), none)), None);
    }

    #[test]
    fn footer_and_help_come_from_the_same_table() {
        let hints = hints(Context::Workshop);
        assert!(hints.iter().any(|(k, w)| k == "a" && *w == "add"));
        assert!(hints.iter().any(|(k, w)| k == "1-5" && *w == "rate"));
        let help = help(Context::Workshop);
        assert!(
            help.iter()
                .any(|(k, h)| k == "d Delete" && h.contains("delete"))
        );
        assert!(
            help.iter()
                .any(|(k, h)| k == "1 2 3 4 5" && h.starts_with("rate")),
            "the rating keys share a line"
        );
        assert!(help.iter().any(|(k, _)| k == "Ctrl-R"));
    }
}
