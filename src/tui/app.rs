//! The whole TUI state: the screen (browser or an open session), a popup on top, the theme and
//! the terminal size. `handle` routes an event to whoever should see it first: the too-small
//! guard, a popup, an open form or prompt, then the keymap.

use super::action::{Action, Effect};
use super::browser::Browser;
use super::keymap::{self, Context};
use super::theme::Theme;
use super::workshop::{FormKey, Workshop};
use crate::store::Settings;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// The smallest terminal the screens are laid out for.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

#[derive(Clone, Debug)]
pub enum Screen {
    Browser(Box<Browser>),
    Workshop(Box<Workshop>),
}

/// Popups see keys before the screen under them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Popup {
    /// The keys of a screen.
    Help(Context),
    /// "Throw away the changes in this form?"
    ConfirmDiscard,
    /// How the value index is computed.
    Explain,
}

#[derive(Clone, Debug)]
pub struct App {
    pub screen: Screen,
    /// The user's settings as loaded; changes are written back through an effect.
    pub settings: Settings,
    pub popup: Option<Popup>,
    pub theme: Theme,
    pub width: u16,
    pub height: u16,
}

fn is_ctrl_c(key: &KeyEvent) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL)
        && matches!(key.code, KeyCode::Char('c') | KeyCode::Char('C'))
}

impl App {
    pub fn new(screen: Screen, theme: Theme, width: u16, height: u16) -> App {
        App {
            screen,
            settings: Settings::default(),
            popup: None,
            theme,
            width,
            height,
        }
    }

    pub fn too_small(&self) -> bool {
        self.width < MIN_WIDTH || self.height < MIN_HEIGHT
    }

    /// The keymap context of what is on screen now.
    pub fn context(&self) -> Context {
        match &self.screen {
            Screen::Browser(_) => Context::Browser,
            Screen::Workshop(w) if w.form.is_some() => Context::Form,
            Screen::Workshop(w) if w.step == crate::domain::Step::Summary => Context::Summary,
            Screen::Workshop(_) => Context::Workshop,
        }
    }

    pub fn handle(&mut self, event: Event) -> Vec<Effect> {
        match event {
            Event::Key(key) if key.kind == KeyEventKind::Press => self.key(key),
            Event::Paste(text) => {
                match &mut self.screen {
                    Screen::Browser(b) => b.paste(&text),
                    Screen::Workshop(w) => w.paste(&text),
                }
                Vec::new()
            }
            Event::Resize(width, height) => {
                self.width = width;
                self.height = height;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// Feeds a key press (tests call this directly).
    pub fn key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if self.too_small() {
            let quit = is_ctrl_c(&key) || key.code == KeyCode::Char('q');
            return if quit { self.quit() } else { Vec::new() };
        }
        if let Some(popup) = self.popup.take() {
            if popup == Popup::ConfirmDiscard
                && matches!(key.code, KeyCode::Char('y') | KeyCode::Char('Y'))
                && let Screen::Workshop(w) = &mut self.screen
            {
                w.form = None;
                w.message = Some("Changes thrown away.".into());
            }
            return if is_ctrl_c(&key) {
                self.quit()
            } else {
                Vec::new()
            };
        }
        let context = self.context();
        // Prompts and forms see keys before the keymap does.
        match &mut self.screen {
            Screen::Browser(browser) if browser.modal() => {
                return if is_ctrl_c(&key) {
                    vec![Effect::Quit]
                } else {
                    browser.modal_key(key)
                };
            }
            Screen::Workshop(workshop) if workshop.form.is_some() => {
                if is_ctrl_c(&key) {
                    return self.quit();
                }
                if workshop.form_key(key) == FormKey::AskDiscard {
                    self.popup = Some(Popup::ConfirmDiscard);
                }
                return Vec::new();
            }
            _ => {}
        }
        let Some(action) = keymap::action_for(context, &key) else {
            return Vec::new();
        };
        // Actions about the app itself; the rest belong to the screen.
        match action {
            Action::Help => {
                self.popup = Some(Popup::Help(context));
                Vec::new()
            }
            Action::Explain => {
                self.popup = Some(Popup::Explain);
                Vec::new()
            }
            Action::CycleTheme => self.cycle_theme(),
            action => match &mut self.screen {
                Screen::Browser(browser) => browser.update(action),
                Screen::Workshop(workshop) => workshop.update(action),
            },
        }
    }

    /// Switches theme, says so, and asks the loop to remember it.
    fn cycle_theme(&mut self) -> Vec<Effect> {
        self.theme = self.theme.next();
        let message = format!(
            "Colours: {} (c switches; remembered for next time).",
            self.theme.describe()
        );
        match &mut self.screen {
            Screen::Browser(b) => b.message = Some(message),
            Screen::Workshop(w) => w.message = Some(message),
        }
        self.settings.theme = Some(self.theme.name());
        vec![Effect::SaveSettings(self.settings.clone())]
    }

    /// Quitting never loses words: an open form that can be applied is applied first.
    fn quit(&mut self) -> Vec<Effect> {
        if let Screen::Workshop(w) = &mut self.screen
            && w.form.is_some()
        {
            w.form_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE));
            w.form = None;
        }
        vec![Effect::Quit]
    }
}
