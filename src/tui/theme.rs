//! The semantic theme: screens ask for a meaning (`provider`, `gap`, `muted`), never a colour.
//! `NO_COLOR` gives a monochrome theme in which selection and emphasis stay visible through
//! bold, reverse and underline.

use ratatui::style::{Color, Modifier, Style};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThemeKind {
    Default,
    HighContrast,
    NoColor,
}

#[derive(Clone, Debug)]
pub struct Theme {
    pub kind: ThemeKind,
    pub base: Style,
    pub title: Style,
    pub muted: Style,
    pub border: Style,
    pub selected: Style,
    pub provider: Style,
    pub consumer: Style,
    /// A gap of 2 or more: worth discussing.
    pub gap: Style,
    pub good: Style,
    pub warn: Style,
    pub bad: Style,
    pub current_step: Style,
    pub key: Style,
    pub field_focus: Style,
}

impl Theme {
    pub fn new(kind: ThemeKind) -> Theme {
        let plain = Style::default();
        let bold = plain.add_modifier(Modifier::BOLD);
        match kind {
            ThemeKind::Default => Theme {
                kind,
                base: plain,
                title: bold.fg(Color::Cyan),
                muted: plain.fg(Color::DarkGray),
                border: plain.fg(Color::DarkGray),
                selected: plain
                    .bg(Color::Rgb(40, 50, 70))
                    .add_modifier(Modifier::BOLD),
                provider: plain.fg(Color::Blue),
                consumer: plain.fg(Color::Magenta),
                gap: bold.fg(Color::Yellow),
                good: plain.fg(Color::Green),
                warn: plain.fg(Color::Yellow),
                bad: plain.fg(Color::Red),
                current_step: bold.fg(Color::Black).bg(Color::Cyan),
                key: bold.fg(Color::Cyan),
                field_focus: bold.fg(Color::Cyan),
            },
            ThemeKind::HighContrast => Theme {
                kind,
                base: plain.fg(Color::White).bg(Color::Black),
                title: bold.fg(Color::White),
                muted: plain.fg(Color::Gray),
                border: plain.fg(Color::White),
                selected: bold.fg(Color::Black).bg(Color::White),
                provider: bold.fg(Color::LightCyan),
                consumer: bold.fg(Color::LightYellow),
                gap: bold.fg(Color::Black).bg(Color::LightYellow),
                good: bold.fg(Color::LightGreen),
                warn: bold.fg(Color::LightYellow),
                bad: bold.fg(Color::LightRed),
                current_step: bold.fg(Color::Black).bg(Color::White),
                key: bold.fg(Color::White).add_modifier(Modifier::UNDERLINED),
                field_focus: bold.fg(Color::White).add_modifier(Modifier::UNDERLINED),
            },
            ThemeKind::NoColor => Theme {
                kind,
                base: plain,
                title: bold,
                muted: plain.add_modifier(Modifier::DIM),
                border: plain,
                selected: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
                provider: plain,
                consumer: plain,
                gap: bold.add_modifier(Modifier::UNDERLINED),
                good: plain,
                warn: bold,
                bad: bold.add_modifier(Modifier::UNDERLINED),
                current_step: plain.add_modifier(Modifier::REVERSED | Modifier::BOLD),
                key: bold,
                field_focus: bold.add_modifier(Modifier::UNDERLINED),
            },
        }
    }

    /// The theme the environment asks for: monochrome when `NO_COLOR` is set and not empty.
    pub fn from_env() -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme::new(if no_color {
            ThemeKind::NoColor
        } else {
            ThemeKind::Default
        })
    }
}
