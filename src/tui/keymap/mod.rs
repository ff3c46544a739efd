//! The one keymap: which key does what on which screen. The same table draws the footer hints
//! and the `?` help, so the three can never disagree (PRODUCT.md "Keys" is the contract).

mod table;

use super::action::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
pub use table::BINDINGS;

/// Where a key is pressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// The session browser.
    Browser,
    /// A step with a list of items (and Setup).
    Workshop,
    /// The Summary step.
    Summary,
    /// The gaps-only agenda: one discuss-next item at a time.
    Agenda,
    /// An open form; its keys are handled by the form, listed here for help and hints.
    Form,
    /// Picking from a list in a prompt (what a new session starts from).
    Pick,
    /// Typing a filter for the session list.
    Filter,
    /// A yes/no question; every key but yes means no.
    Confirm,
    /// The Portfolio screen's table of services.
    Portfolio,
    /// A service's trend chart on the Portfolio screen.
    Trend,
    /// The server's console (`covalue serve`): the panel beside the local app, or the remote
    /// facilitator's screen. Listed in the app's help only while it serves.
    Serve,
    /// Every layer at once: keys that work whatever is open (a form, a prompt, a popup, the
    /// too-small notice), read before the layer's own keys.
    Anywhere,
    /// The notice that the terminal is too small, which takes no other key; a form or prompt
    /// open behind it keeps its own keys.
    TooSmall,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Key {
    /// Control and the letter `c`.
    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            modifiers: KeyModifiers::CONTROL,
        }
    }

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
            KeyCode::F(n) => format!("F{n}"),
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
#[derive(Clone, Debug)]
pub struct Binding {
    pub context: Context,
    pub keys: Vec<Key>,
    /// `None` for keys a form handles itself.
    pub action: Option<Action>,
    /// A word or two for the footer; empty keeps it out of the footer.
    pub hint: &'static str,
    /// What the help overlay says.
    pub help: &'static str,
}

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

/// The name of key `c` if it is bound to `action` in `context`, else of the action's first key:
/// for messages that name the handiest of several keys ("press e"), and still never a key that
/// does not do it.
pub fn key_named(context: Context, action: Action, c: char) -> String {
    let bound = BINDINGS.iter().any(|b| {
        b.context == context
            && b.action == Some(action)
            && b.keys.iter().any(|k| k.code == KeyCode::Char(c))
    });
    if bound {
        c.to_string()
    } else {
        key_for(context, action)
    }
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
    help_where(context, |_, _| true)
}

/// [`help`] with only the keys `keep` says work where the help is shown (a screen that
/// takes some of a context's keys for itself, or uses only some of its actions).
pub fn help_where(
    context: Context,
    keep: impl Fn(&Binding, &Key) -> bool,
) -> Vec<(String, &'static str)> {
    let mut lines: Vec<(String, &'static str)> = Vec::new();
    for b in BINDINGS.iter().filter(|b| b.context == context) {
        let keys: Vec<String> = b
            .keys
            .iter()
            .filter(|k| keep(b, k))
            .map(Key::name)
            .collect();
        if keys.is_empty() {
            continue;
        }
        let keys = keys.join(" ");
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
    use crate::domain::Rating;

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
            (KeyCode::Char('3'), none, Action::Rate(Rating::new(3))),
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
    fn ctrl_c_and_ctrl_z_are_keys_of_every_layer() {
        let ctrl = |c| press(KeyCode::Char(c), KeyModifiers::CONTROL);
        assert_eq!(
            action_for(Context::Anywhere, &ctrl('c')),
            Some(Action::Quit)
        );
        assert_eq!(
            action_for(Context::Anywhere, &ctrl('z')),
            Some(Action::Suspend)
        );
        assert_eq!(action_for(Context::Anywhere, &ctrl('s')), None);
        let q = press(KeyCode::Char('q'), KeyModifiers::NONE);
        assert_eq!(action_for(Context::TooSmall, &q), Some(Action::Quit));
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
