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
                // Light enough to read on a dark screen and on the selected row (contrast ≥ 3,
                // checked by a test); the named blue and magenta were not.
                provider: plain.fg(Color::Rgb(100, 150, 255)),
                consumer: plain.fg(Color::Rgb(230, 120, 230)),
                gap: bold.fg(Color::Yellow),
                good: plain.fg(Color::Green),
                warn: plain.fg(Color::Yellow),
                bad: plain.fg(Color::LightRed),
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
                // A blue selection keeps the sides' light colours readable on the selected row
                // (black on white made them 1.2 : 1).
                selected: bold.fg(Color::White).bg(Color::Blue),
                provider: bold.fg(Color::LightCyan),
                consumer: bold.fg(Color::LightYellow),
                gap: bold.fg(Color::Black).bg(Color::LightYellow),
                good: bold.fg(Color::LightGreen),
                warn: bold.fg(Color::LightYellow),
                bad: bold.fg(Color::White).bg(Color::Red),
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

    /// The xterm default palette: what the named colours look like on most terminals.
    fn rgb(color: Color) -> (u8, u8, u8) {
        match color {
            Color::Black => (0, 0, 0),
            Color::Red => (205, 0, 0),
            Color::Green => (0, 205, 0),
            Color::Yellow => (205, 205, 0),
            Color::Blue => (0, 0, 238),
            Color::Magenta => (205, 0, 205),
            Color::Cyan => (0, 205, 205),
            Color::Gray => (229, 229, 229),
            Color::DarkGray => (127, 127, 127),
            Color::LightRed => (255, 0, 0),
            Color::LightGreen => (0, 255, 0),
            Color::LightYellow => (255, 255, 0),
            Color::LightBlue => (92, 92, 255),
            Color::LightMagenta => (255, 0, 255),
            Color::LightCyan => (0, 255, 255),
            Color::White => (255, 255, 255),
            Color::Rgb(r, g, b) => (r, g, b),
            other => panic!("no RGB for {other:?} in the contrast test"),
        }
    }

    /// WCAG 2 relative luminance.
    fn luminance(color: Color) -> f64 {
        let (r, g, b) = rgb(color);
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    }

    /// WCAG 2 contrast ratio, 1 to 21.
    fn contrast(a: Color, b: Color) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    /// Every foreground/background pair a theme draws: each style on the screen, and each
    /// style a list cell uses on the selected row. A reversed style (the turn band) swaps a
    /// pair, which keeps its ratio. Colourless styles take a dark terminal's own colours.
    fn pairs(theme: &Theme) -> Vec<(&'static str, Color, Color)> {
        let (screen_fg, screen_bg) = (Color::Gray, Color::Black);
        let fg = |s: Style, under: Color| s.fg.unwrap_or(under);
        let bg = |s: Style, under: Color| s.bg.unwrap_or(under);
        let on_screen = [
            ("base", theme.base),
            ("title", theme.title),
            ("muted", theme.muted),
            ("border", theme.border),
            ("selected", theme.selected),
            ("provider", theme.provider),
            ("consumer", theme.consumer),
            ("gap", theme.gap),
            ("good", theme.good),
            ("warn", theme.warn),
            ("bad", theme.bad),
            ("current_step", theme.current_step),
            ("key", theme.key),
            ("field_focus", theme.field_focus),
        ];
        let base_bg = bg(theme.base, screen_bg);
        let base_fg = fg(theme.base, screen_fg);
        let row_fg = fg(theme.selected, base_fg);
        let row_bg = bg(theme.selected, base_bg);
        let mut pairs: Vec<(&'static str, Color, Color)> = on_screen
            .iter()
            .map(|(name, s)| (*name, fg(*s, base_fg), bg(*s, base_bg)))
            .collect();
        for (name, s) in [
            ("muted on the selected row", theme.muted),
            ("provider on the selected row", theme.provider),
            ("consumer on the selected row", theme.consumer),
            ("gap on the selected row", theme.gap),
            ("bad on the selected row", theme.bad),
            ("base on the selected row", theme.base),
        ] {
            pairs.push((name, fg(s, row_fg), bg(s, row_bg)));
        }
        pairs
    }

    #[test]
    fn every_colour_pair_is_readable_by_wcag_contrast() {
        for (kind, minimum) in [(ThemeKind::HighContrast, 4.5), (ThemeKind::Default, 3.0)] {
            let theme = Theme::new(kind);
            for (name, fg, bg) in pairs(&theme) {
                let ratio = contrast(fg, bg);
                assert!(
                    ratio >= minimum,
                    "{kind:?} {name}: {fg:?} on {bg:?} is {ratio:.2} : 1, below {minimum}"
                );
            }
        }
        // The formula itself: black on white is 21 : 1, a colour on itself 1 : 1.
        assert!((contrast(Color::Black, Color::White) - 21.0).abs() < 1e-9);
        assert!((contrast(Color::Blue, Color::Blue) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn the_cycle_visits_every_theme() {
        let start = Theme::new(ThemeKind::Default);
        assert_eq!(start.next().next().next().kind, ThemeKind::Default);
        assert_eq!(start.next().name(), ThemeName::HighContrast);
    }
}
