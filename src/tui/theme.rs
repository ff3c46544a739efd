//! The semantic theme: screens ask for a meaning (`provider`, `gap`, `muted`), never a colour.
//! `NO_COLOR` gives a monochrome theme in which selection and emphasis stay visible through
//! bold, reverse and underline.

use crate::store::ThemeName;
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

    /// The colour of one side.
    pub fn side(&self, side: crate::domain::Side) -> Style {
        match side {
            crate::domain::Side::Provider => self.provider,
            crate::domain::Side::Consumer => self.consumer,
        }
    }

    /// The theme to start with: monochrome when `NO_COLOR` is set and not empty, else the
    /// user's setting, else the default.
    pub fn choose(setting: Option<ThemeName>, no_color_env: bool) -> Theme {
        let kind = match (no_color_env, setting) {
            (true, _) | (false, Some(ThemeName::NoColor)) => ThemeKind::NoColor,
            (false, Some(ThemeName::HighContrast)) => ThemeKind::HighContrast,
            (false, Some(ThemeName::Default) | None) => ThemeKind::Default,
        };
        Theme::new(kind)
    }

    /// Whether the environment asks for no colour (`NO_COLOR` set and not empty).
    pub fn no_color_env() -> bool {
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
    }

    /// The next theme in the cycle default → high contrast → no colour.
    pub fn next(&self) -> Theme {
        Theme::new(match self.kind {
            ThemeKind::Default => ThemeKind::HighContrast,
            ThemeKind::HighContrast => ThemeKind::NoColor,
            ThemeKind::NoColor => ThemeKind::Default,
        })
    }

    pub fn name(&self) -> ThemeName {
        match self.kind {
            ThemeKind::Default => ThemeName::Default,
            ThemeKind::HighContrast => ThemeName::HighContrast,
            ThemeKind::NoColor => ThemeName::NoColor,
        }
    }

    pub fn describe(&self) -> &'static str {
        match self.kind {
            ThemeKind::Default => "default colours",
            ThemeKind::HighContrast => "high contrast",
            ThemeKind::NoColor => "no colour",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_wins_and_keeps_selection_visible() {
        assert_eq!(
            Theme::choose(Some(ThemeName::HighContrast), true).kind,
            ThemeKind::NoColor
        );
        assert_eq!(
            Theme::choose(Some(ThemeName::HighContrast), false).kind,
            ThemeKind::HighContrast
        );
        assert_eq!(Theme::choose(None, false).kind, ThemeKind::Default);
        let mono = Theme::new(ThemeKind::NoColor);
        for style in [
            mono.selected,
            mono.current_step,
            mono.gap,
            mono.provider,
            mono.consumer,
        ] {
            assert_eq!(style.fg, None);
            assert_eq!(style.bg, None);
        }
        assert!(mono.selected.add_modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn the_cycle_visits_every_theme() {
        let start = Theme::new(ThemeKind::Default);
        assert_eq!(start.next().next().next().kind, ThemeKind::Default);
        assert_eq!(start.next().name(), ThemeName::HighContrast);
    }
}
