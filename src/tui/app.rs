//! The whole TUI state of one person's terminal: the screen (browser or an open session), a
//! popup on top, the theme and the terminal size. `handle` routes an event to whoever should see
//! it first (the too-small guard, a popup, an open form or prompt, then the keymap) and returns
//! effects; `on` takes the outcome of an effect back; `draw` draws to any ratatui backend. An
//! `App` owns no terminal and no file, so several can run in one process.

use super::action::{Action, Effect};
use super::browser::Browser;
use super::keymap::{self, Context};
use super::outcome::Outcome;
use super::screens::portfolio::PortfolioScreen;
use super::theme::Theme;
use super::workshop::{FormKey, Workshop};
use crate::store::Settings;
use crossterm::event::{Event, KeyEvent, KeyEventKind};
use std::time::Duration;

mod serving;

/// The smallest terminal the screens are laid out for.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

#[derive(Clone, Debug)]
pub enum Screen {
    Browser(Box<Browser>),
    Workshop(Box<Workshop>),
    /// Every service, and a service's trend (`P` in the browser).
    Portfolio(Box<PortfolioScreen>),
}

/// Popups see keys before the screen under them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Popup {
    /// The keys of a screen.
    Help(Context),
    /// "Throw away the changes in this form?"
    ConfirmDiscard,
    /// "End the workshop for everyone?" (while serving, q is one key from ending it for all).
    ConfirmEnd,
    /// "Leave the session while its step timer runs?"
    ConfirmLeave,
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
    /// Keys of something running beside the app (the server's panel of `covalue serve`), as a
    /// titled keymap context for the `?` help; `None` when nothing runs beside it.
    pub beside_help: Option<(&'static str, Context)>,
    /// Short forms of a status text from what runs beside the app (the server's invite code
    /// and who is connected), longest first: the header shows the longest that fits among
    /// its badges. Empty when nothing runs beside it.
    pub beside_status: Vec<String>,
    /// People at their own screens with a line typed and not sent (`covalue serve`), named by
    /// the question to end the workshop.
    pub typing_elsewhere: Vec<String>,
    /// Serving: people rate at their own screens while this app runs beside them. The app
    /// then shows the room's view, stays on its session and does not suspend.
    serving: bool,
    /// Drawn only to the headless server's facilitator consoles over SSH, where quitting
    /// leaves the console and the workshop goes on (the help says so).
    console: bool,
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
            beside_help: None,
            beside_status: Vec::new(),
            typing_elsewhere: Vec::new(),
            serving: false,
            console: false,
        }
    }

    /// Whether a key of the keymap's `binding` works in this app at all: while serving, the
    /// rating keys, the turn, the way back to the session list and Ctrl-Z do not; rating alone, what
    /// belongs to the room does not (the help leaves them out).
    pub fn offers_key(&self, binding: &keymap::Binding) -> bool {
        let serving_refuses = self.serving
            && matches!(
                binding.action,
                Some(
                    Action::Rate(_)
                        | Action::SwitchTurn
                        | Action::Back
                        | Action::ToggleBlind
                        | Action::Suspend
                )
            );
        // Rating alone, keys that would change what is not theirs are not listed either.
        let alone_refuses = self
            .workshop()
            .zip(binding.action)
            .is_some_and(|(w, action)| !w.ever_offers(action));
        !(serving_refuses || alone_refuses)
    }

    /// An app showing `workshop`, with the settings it reads (auto-reveal, advance, projector).
    pub fn for_workshop(
        workshop: Workshop,
        settings: Settings,
        theme: Theme,
        width: u16,
        height: u16,
    ) -> App {
        let mut app = App::new(Screen::Workshop(Box::new(workshop)), theme, width, height);
        app.settings = settings;
        app.apply_settings();
        app
    }

    /// Takes the settings' effect on the open session.
    fn apply_settings(&mut self) {
        let auto_reveal = self.settings.auto_reveal.unwrap_or(false);
        let advance = self.settings.advance.unwrap_or(true);
        let projector = self.settings.projector.unwrap_or(false);
        if let Screen::Workshop(w) = &mut self.screen {
            w.set_auto_reveal(auto_reveal);
            w.advance = advance;
            w.projector = projector;
        }
    }

    /// The open session, when one is open.
    pub fn workshop(&self) -> Option<&Workshop> {
        match &self.screen {
            Screen::Workshop(w) => Some(w),
            _ => None,
        }
    }

    pub fn workshop_mut(&mut self) -> Option<&mut Workshop> {
        match &mut self.screen {
            Screen::Workshop(w) => Some(w),
            _ => None,
        }
    }

    /// The browser, when it is on screen.
    pub fn browser(&self) -> Option<&Browser> {
        match &self.screen {
            Screen::Browser(b) => Some(b),
            _ => None,
        }
    }

    /// The Portfolio screen, when it is on screen.
    pub fn portfolio(&self) -> Option<&PortfolioScreen> {
        match &self.screen {
            Screen::Portfolio(p) => Some(p),
            _ => None,
        }
    }

    /// The line on the status bar of whatever screen is showing.
    pub fn message(&self) -> Option<&str> {
        match &self.screen {
            Screen::Browser(b) => b.message.as_deref(),
            Screen::Workshop(w) => w.message(),
            Screen::Portfolio(p) => p.message.as_deref(),
        }
    }

    /// The screen's key hints that act now: none under a popup (a question's own keys are in
    /// [`App::question_hints`]) or the too-small notice.
    pub fn hints(&self) -> Vec<keymap::Hint> {
        if self.too_small() || self.popup.is_some() {
            return Vec::new();
        }
        match &self.screen {
            Screen::Browser(b) => b.hints(),
            Screen::Workshop(w) => w.hints_at(self.width, self.height),
            Screen::Portfolio(p) => p.hints(),
        }
    }

    /// Clears the status line, so the default one shows.
    pub fn clear_message(&mut self) {
        match &mut self.screen {
            Screen::Browser(b) => b.message = None,
            Screen::Workshop(w) => w.set_message(None),
            Screen::Portfolio(p) => p.message = None,
        }
    }

    /// Puts `message` on the status line of the screen showing.
    pub fn say(&mut self, message: impl Into<String>) {
        let message = Some(message.into());
        match &mut self.screen {
            Screen::Browser(b) => b.message = message,
            Screen::Workshop(w) => w.set_message(message),
            Screen::Portfolio(p) => p.message = message,
        }
    }

    /// Advances the clock the step timers read (time since the app started).
    pub fn tick(&mut self, since_start: Duration) {
        if let Some(w) = self.workshop_mut() {
            w.tick(since_start);
        }
    }

    /// What the screen shows that moves by itself: the running step timer's seconds. The loop
    /// draws again when it changes, and otherwise only after something happened.
    pub fn clock(&self) -> Option<u64> {
        self.workshop().and_then(Workshop::running_seconds)
    }

    /// Counts changes to the open session (0 in the browser), for the autosave's quiet time.
    pub fn revision(&self) -> u64 {
        self.workshop().map_or(0, Workshop::revision)
    }

    /// Takes the outcome of an effect: what the user reads after a save, an open, a trash…
    pub fn on(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::NothingToSave => self.say("Nothing new to save."),
            Outcome::Opened { workshop, new } => self.opened(workshop, new),
            Outcome::Closed(browser) => {
                self.screen = Screen::Browser(browser);
                self.popup = None;
            }
            // The failed save has said why.
            Outcome::CloseRefused | Outcome::Ended(_) => {}
            Outcome::SettingsFailed(e) => self.say(format!("Could not remember the setting: {e}")),
            Outcome::QuitRefused(e) => self.say(format!(
                "Cannot save anywhere ({e}); not quitting, so nothing is lost."
            )),
            Outcome::Portfolio(_) | Outcome::TargetSaved(_) | Outcome::Trend(_) => {
                self.on_portfolio(outcome)
            }
            Outcome::OpenFailed(_)
            | Outcome::TrashFailed(_)
            | Outcome::Listed(_)
            | Outcome::Trashed(_)
            | Outcome::TrashRefused => self.on_browser(outcome),
            Outcome::Saved { .. }
            | Outcome::SaveFailed { .. }
            | Outcome::SaveTooLarge { .. }
            | Outcome::SaveChangedOnDisk { .. } => self.on_save(outcome),
        }
    }

    /// What a save came to, for the open session to show and remember.
    fn on_save(&mut self, outcome: Outcome) {
        let Some(w) = self.workshop_mut() else { return };
        match outcome {
            Outcome::Saved { revision, asked } => w.saved(revision, asked),
            Outcome::SaveFailed { error } => w.save_failed(error),
            Outcome::SaveTooLarge { revision, error } => {
                w.save_refused_as_too_large(revision, error)
            }
            Outcome::SaveChangedOnDisk { error } => w.save_refused_as_changed_on_disk(error),
            _ => {}
        }
    }

    /// A session opened from the browser: shown with the settings, and for a new one, the
    /// first keys to press.
    fn opened(&mut self, workshop: Box<Workshop>, new: bool) {
        self.screen = Screen::Workshop(workshop);
        self.popup = None;
        self.apply_settings();
        let serving = self.serving;
        if let Some(w) = self.workshop_mut() {
            w.set_room_view(serving);
        }
        if new {
            let message = format!(
                "New session: {} edits its details, {} adds people, {} goes to the next step.",
                keymap::key_for(Context::Workshop, Action::Edit),
                keymap::key_for(Context::Workshop, Action::Add),
                keymap::key_for(Context::Workshop, Action::NextStep),
            );
            self.say(message);
        }
    }

    /// What the Portfolio screen's effects came to.
    fn on_portfolio(&mut self, outcome: Outcome) {
        match (outcome, &mut self.screen) {
            (Outcome::Portfolio(Ok(portfolio)), _) => {
                self.screen = Screen::Portfolio(Box::new(PortfolioScreen::new(portfolio)));
                self.popup = None;
            }
            (Outcome::TargetSaved(Ok(portfolio)), Screen::Portfolio(p)) => {
                p.replace(portfolio);
                p.message = Some(format!(
                    "Targets saved in {} in the sessions folder.",
                    crate::store::TARGETS_FILE
                ));
            }
            (Outcome::TargetSaved(Err(e)), _) => self.say(format!("Targets not saved: {e}")),
            (Outcome::Trend(Ok((trend, paths))), Screen::Portfolio(p)) => {
                p.show_trend(trend, paths)
            }
            (Outcome::Portfolio(Err(e)) | Outcome::Trend(Err(e)), _) => self.say(e.to_string()),
            _ => {}
        }
    }

    /// What the browser's effects came to (listing, opening, trashing).
    fn on_browser(&mut self, outcome: Outcome) {
        match (outcome, &mut self.screen) {
            (Outcome::OpenFailed(e) | Outcome::TrashFailed(e), Screen::Browser(b)) => {
                b.message = Some(e)
            }
            (Outcome::OpenFailed(e) | Outcome::TrashFailed(e), Screen::Portfolio(p)) => {
                p.message = Some(e)
            }
            (Outcome::Listed(Ok(entries)), Screen::Browser(b)) => b.set_entries(entries),
            (Outcome::Listed(Err(e)), Screen::Browser(b)) => b.error = Some(e.to_string()),
            (Outcome::Trashed(to), Screen::Browser(b)) => {
                b.message = Some(format!("Moved to {}.", to.display()));
            }
            (Outcome::TrashRefused, Screen::Browser(b)) => {
                b.message =
                    Some("That session is open in another covalue; close it there first.".into());
            }
            _ => {}
        }
    }

    /// Whether typed keys are the app's text now: a form or a prompt is open.
    pub fn typing(&self) -> bool {
        match &self.screen {
            Screen::Browser(b) => b.modal(),
            Screen::Workshop(w) => w.form().is_some(),
            Screen::Portfolio(p) => p.form.is_some(),
        }
    }

    pub fn too_small(&self) -> bool {
        self.width < MIN_WIDTH || self.height < MIN_HEIGHT
    }

    /// The keymap context of what is on screen now.
    pub fn context(&self) -> Context {
        match &self.screen {
            Screen::Browser(_) => Context::Browser,
            Screen::Workshop(w) => w.context(),
            Screen::Portfolio(p) if p.form.is_some() => Context::Form,
            Screen::Portfolio(p) => p.context(),
        }
    }

    pub fn handle(&mut self, event: Event) -> Vec<Effect> {
        match event {
            Event::Key(key) if key.kind == KeyEventKind::Press => self.key(key),
            Event::Paste(text) => {
                match &mut self.screen {
                    Screen::Browser(b) => b.paste(&text),
                    Screen::Workshop(w) => w.paste(&text),
                    Screen::Portfolio(p) => {
                        if let Some(open) = &mut p.form {
                            open.form.paste(&text);
                        }
                    }
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

    /// Feeds a key press (tests call this directly). The keymap's `Anywhere` keys come first
    /// on every layer (Ctrl-Z suspends, Ctrl-C quits, with whatever is open kept as it is);
    /// then the too-small notice, a popup, an open form or prompt, then the screen.
    pub fn key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let anywhere = keymap::action_for(Context::Anywhere, &key);
        if anywhere == Some(Action::Suspend) {
            return self.suspend();
        }
        let quits = anywhere == Some(Action::Quit);
        // An open form or prompt keeps taking keys behind the notice (a projector switch
        // shrinks the terminal for a moment). Elsewhere a key only quits, and ending a served
        // workshop is asked first, as at full size: the notice asks it, the popup answers.
        let asking_to_end = self.popup == Some(Popup::ConfirmEnd);
        if self.too_small() && !self.typing() && !asking_to_end {
            if !quits && keymap::action_for(Context::TooSmall, &key) != Some(Action::Quit) {
                return Vec::new();
            }
            let effects = self.quit();
            return self.pinned(effects);
        }
        if let Some(popup) = self.popup.take() {
            return if quits {
                self.quit()
            } else {
                self.popup_key(popup, &key)
            };
        }
        if self.typing() {
            return if quits { self.quit() } else { self.typed(key) };
        }
        let context = self.context();
        match keymap::action_for(context, &key).or(anywhere) {
            Some(action) => self.act(context, action),
            None => Vec::new(),
        }
    }

    /// A key on `popup`, which it closed: a yes to a question acts on it, any other key
    /// only closed it.
    fn popup_key(&mut self, popup: Popup, key: &KeyEvent) -> Vec<Effect> {
        if keymap::action_for(Context::Confirm, key) != Some(Action::Yes) {
            return Vec::new();
        }
        match (popup, &mut self.screen) {
            (Popup::ConfirmEnd, _) => vec![Effect::Quit],
            (Popup::ConfirmLeave, Screen::Workshop(w)) => {
                w.pause_timer();
                let effects = w.update(Action::Back);
                self.pinned(effects)
            }
            (Popup::ConfirmDiscard, Screen::Workshop(w)) => {
                w.close_form();
                w.set_message(Some("Changes thrown away.".into()));
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// A key while a form or prompt is open: it is the form's or the prompt's.
    fn typed(&mut self, key: KeyEvent) -> Vec<Effect> {
        match &mut self.screen {
            Screen::Browser(browser) => browser.modal_key(key),
            Screen::Portfolio(portfolio) => portfolio.form_key(key),
            Screen::Workshop(workshop) => {
                if workshop.form_key(key) == FormKey::AskDiscard {
                    self.popup = Some(Popup::ConfirmDiscard);
                }
                Vec::new()
            }
        }
    }

    /// Carries out `action`, pressed on a screen whose keymap is `context`: the actions about
    /// the app itself here, the rest by the screen.
    fn act(&mut self, context: Context, action: Action) -> Vec<Effect> {
        match action {
            Action::Help => self.popup = Some(Popup::Help(context)),
            Action::Explain => self.popup = Some(Popup::Explain),
            Action::CycleTheme => return self.cycle_theme(),
            Action::ScrollDetail(down) => {
                let screen = ratatui::layout::Rect::new(0, 0, self.width, self.height);
                if let Screen::Workshop(workshop) = &mut self.screen {
                    workshop.set_message(None);
                    workshop.scroll_detail(down, screen);
                }
            }
            // The browser's way to the Portfolio screen, asked of the effects (it reads files).
            Action::Portfolio => return vec![Effect::Portfolio],
            Action::ToggleProjector => return self.toggle_projector(),
            Action::Suspend => return self.suspend(),
            // Leaving would stop the step's clock unseen: asked first.
            Action::Back
                if self
                    .workshop()
                    .is_some_and(|w| w.timer().is_some() && !w.alone())
                    && !self.serving =>
            {
                self.popup = Some(Popup::ConfirmLeave);
            }
            action => {
                let effects = match &mut self.screen {
                    Screen::Browser(browser) => browser.update(action),
                    Screen::Workshop(workshop) => workshop.update(action),
                    Screen::Portfolio(portfolio) => portfolio.update(action),
                };
                return self.pinned(effects);
            }
        }
        Vec::new()
    }

    /// Projector mode on or off on the open session, remembered in the settings.
    fn toggle_projector(&mut self) -> Vec<Effect> {
        let Screen::Workshop(workshop) = &mut self.screen else {
            return Vec::new();
        };
        let mut effects = workshop.update(Action::ToggleProjector);
        self.settings.projector = Some(workshop.projector);
        effects.push(Effect::SaveSettings(self.settings.clone()));
        effects
    }

    /// Switches theme, says so, and asks the loop to remember it.
    fn cycle_theme(&mut self) -> Vec<Effect> {
        self.theme = self.theme.next();
        let message = format!(
            "Colours: {} ({} switches; remembered for next time).",
            self.theme.describe(),
            keymap::key_for(Context::Workshop, Action::CycleTheme)
        );
        self.say(message);
        self.settings.theme = Some(self.theme.name());
        vec![Effect::SaveSettings(self.settings.clone())]
    }

    /// Quitting never loses words: an open form that can be applied is applied first.
    pub fn quit(&mut self) -> Vec<Effect> {
        if let Screen::Workshop(w) = &mut self.screen
            && w.form().is_some()
        {
            w.submit_form();
            w.close_form();
        }
        vec![Effect::Quit]
    }
}
