//! Every user intent (`Action`) and every piece of work the app loop carries out for the state
//! (`Effect`). Keys become actions through the keymap; `update` turns actions into state
//! changes and effects.

use crate::domain::{Rating, Side};
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Go to the next step.
    NextStep,
    /// Go to the previous step.
    PrevStep,
    /// Move the selection up one row.
    Up,
    /// Move the selection down one row.
    Down,
    /// Select the first row.
    Top,
    /// Select the last row.
    Bottom,
    /// Add an item to the current step.
    Add,
    /// Edit the selected item.
    Edit,
    /// Delete the selected item.
    Delete,
    /// Undo the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Rate the selected item for the side whose turn it is (`None` clears it).
    Rate(Option<Rating>),
    /// Switch whose turn it is to rate.
    SwitchTurn,
    /// Turn blind rating on or off.
    ToggleBlind,
    /// Reveal the hidden ratings of the current step.
    Reveal,
    /// Show or hide the live summary panel.
    ToggleSummary,
    /// Start or pause the step timer.
    ToggleTimer,
    /// Save now.
    Save,
    /// Show help for the current screen.
    Help,
    /// Save and quit.
    Quit,
    /// Start a new session (browser).
    NewSession,
    /// Open the selected session for editing (browser).
    Open,
    /// Open the selected session read-only (browser).
    Review,
    /// Filter the session list (browser).
    Filter,
    /// Jump to the item of the selected discuss-next row (Summary step).
    Jump,
    /// Close the session and go back to the session browser.
    Back,
    /// Show the next part of the dashboard (Summary step).
    NextPage,
    /// Explain how the value index is computed (Summary step).
    Explain,
    /// Switch between the default, high-contrast and monochrome themes.
    CycleTheme,
    /// Move the selected agreement on: open → done → dropped → open.
    CycleStatus,
    /// Settle the first merge conflict (Setup) keeping the value the merge kept.
    KeepConflictValue,
    /// Settle the first merge conflict (Setup) taking the other copy's value.
    TakeOtherConflictValue,
    /// Give the terminal back and stop until the shell's `fg` (Ctrl-Z).
    Suspend,
    /// Take the highlighted choice of a prompt.
    Choose,
    /// Leave a prompt without acting.
    Cancel,
    /// Answer yes to a confirmation.
    Yes,
    /// Delete the character before the cursor of a one-line prompt.
    DeleteBack,
    /// Move to the next field of a form.
    NextField,
    /// Move to the previous field of a form.
    PrevField,
    /// Save the form.
    Submit,
    /// Go straight to a step (Alt-1 … Alt-0).
    GoTo(crate::domain::Step),
    /// Scroll the detail pane of the selected item down (`true`) or up.
    ScrollDetail(bool),
    /// Back to the Summary's discuss-next row after a jump to its item.
    BackToSummary,
    /// Projector mode on or off: no footer, a large turn band and large digits.
    ToggleProjector,
    /// Let the selected person waiting to join in, as the chosen participant (serve).
    Admit,
    /// Choose the next (`true`) or previous way to admit the selected person: as whom (serve).
    AsWhom(bool),
    /// Turn the selected person waiting away (serve).
    TurnAway,
    /// Make a new invite code; the old one stops working (serve).
    NewInviteCode,
    /// Lock or unlock the participants' ratings (serve).
    ToggleLock,
    /// Open or close the items' notes to participants (serve).
    ToggleNotes,
    /// Open or close adding items to participants (serve).
    ToggleItems,
    /// Show or hide the server's panel beside the app (serve).
    TogglePanel,
    /// Hide the server's panel (serve).
    HidePanel,
    /// Open the Portfolio screen: every service, its latest review and flags (browser).
    Portfolio,
    /// Walk only the discuss-next items, one at a time (Summary step).
    Agenda,
    /// Leave the gaps agenda for the Summary step.
    LeaveAgenda,
}

/// Work for the app loop: everything that touches files or ends the program.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Save the open session now.
    Save,
    /// Save if needed, then end the program.
    Quit,
    /// Read the sessions folder again for the browser.
    Refresh,
    /// Open a session file, for editing or read-only.
    Open { path: PathBuf, read_only: bool },
    /// Create a session and open it at Setup.
    Create { start: Start, title: String },
    /// Move a session file to the trash.
    Trash(PathBuf),
    /// Close the open session (after saving) and go back to the browser.
    Close,
    /// Write the user's settings (after a theme change).
    SaveSettings(crate::store::Settings),
    /// Give the terminal back until `fg`; carried out by the terminal's driver, not the store.
    Suspend,
    /// Make the portfolio of the sessions folder for the Portfolio screen.
    Portfolio,
    /// Load one service's trend (by name) for the Portfolio screen.
    Trend(String),
    /// Write a service's own targets into the folder's portfolio settings.
    SaveTarget {
        service: String,
        target: crate::domain::portfolio::Target,
    },
}

/// What a new session starts from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Start {
    Blank,
    /// A built-in template, by name: its context and items, unrated.
    Template(&'static str),
    /// A built-in template's worked example, rated by its own participants, for a demo.
    Example(&'static str),
    /// The latest session of a service: its open agreements and its items, ratings cleared.
    FollowUp(PathBuf),
}

/// The side name as shown in headers.
pub fn side_label(side: Side) -> &'static str {
    match side {
        Side::Provider => "PROVIDER",
        Side::Consumer => "CONSUMER",
    }
}
