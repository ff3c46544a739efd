//! The user's settings: a small RON file in the config folder from `directories`. Only what
//! the user changed is written, so a later default reaches everyone who never chose otherwise.

use super::{StoreError, write_atomic};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The look of the screens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeName {
    Default,
    HighContrast,
    /// No colours: selection and emphasis by bold, reverse and underline.
    NoColor,
}

/// Every setting is optional: `None` means "the default", and is not written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<ThemeName>,
    /// Reveal an item as soon as both sides have rated it, instead of waiting for `r`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_reveal: Option<bool>,
    /// After a rating, move the selection to the next item the same side has not rated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advance: Option<bool>,
    /// Projector mode: no footer, a large turn band, large digits, a wide live summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub projector: Option<bool>,
}

impl Settings {
    /// `config.ron` in the user's config folder.
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "covalue").map(|d| d.config_dir().join("config.ron"))
    }

    /// The settings at `path`; a missing file is the defaults. The error's sentence says the
    /// defaults are used instead, which is what the caller does.
    pub fn load(path: &Path) -> Result<Settings, SettingsError> {
        match read_settings(path) {
            Ok(text) => ron::Options::default()
                .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
                .from_str(&text)
                .map_err(|e| SettingsError::Invalid {
                    path: path.to_path_buf(),
                    line: e.span.start.line,
                    column: e.span.start.col,
                    source: e.code,
                }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Settings::default()),
            Err(source) => Err(SettingsError::Unreadable {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    /// Writes the settings atomically, keeping the previous file as `config.ron.bak`. A
    /// `config.ron` that is a symbolic link (as dotfile managers make) is written where it
    /// points, and stays a link.
    pub fn save(&self, path: &Path) -> Result<(), StoreError> {
        let real = super::fs::follow_links(path)?;
        let path = real.as_path();
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
                path: dir.to_path_buf(),
                action: "create the folder",
                source,
            })?;
        }
        let config = ron::ser::PrettyConfig::new().struct_names(false);
        let text = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .to_string_pretty(self, config)
            .expect("settings always serialize");
        write_atomic(
            path,
            format!("// covalue settings; delete a line to go back to its default.\n{text}\n")
                .as_bytes(),
        )
    }
}

/// Why the settings file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// The file exists but cannot be read (permissions, not a regular file, not UTF-8…).
    #[error("cannot read {}: {source} (using the default settings)", path.display())]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file was read but is not valid settings; line and column from 1.
    #[error("{}:{line}:{column}: {source} (using the default settings)", path.display())]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        #[source]
        source: ron::Error,
    },
}

/// The settings file's text: a regular file of at most 1 MiB (it holds two lines).
fn read_settings(path: &Path) -> std::io::Result<String> {
    use super::fs::{Capped, read_capped};
    let invalid = |what: String| std::io::Error::new(std::io::ErrorKind::InvalidData, what);
    match read_capped(path, 1024 * 1024) {
        Ok(Capped::Bytes(bytes)) => String::from_utf8(bytes)
            .map_err(|_| invalid("the bytes are not UTF-8 text".to_string())),
        Ok(Capped::TooLarge(size)) => Err(invalid(format!("it is too large ({size} bytes)"))),
        Err(StoreError::Io { source, .. }) => Err(source),
        Err(other) => Err(invalid(other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changed_settings_are_written_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/config.ron");
        assert_eq!(Settings::load(&path).unwrap(), Settings::default());
        let settings = Settings {
            theme: Some(ThemeName::HighContrast),
            auto_reveal: None,
            ..Settings::default()
        };
        settings.save(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("theme: HighContrast") && !text.contains("auto_reveal"),
            "{text}"
        );
        assert_eq!(Settings::load(&path).unwrap(), settings);
        std::fs::write(&path, "(theme: Purple)").unwrap();
        let error = Settings::load(&path).unwrap_err();
        assert!(error.to_string().contains("config.ron:1:"), "{error}");
        // The parser's own error stays reachable as the source.
        assert!(matches!(error, SettingsError::Invalid { .. }));
        assert!(std::error::Error::source(&error).is_some());
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_settings_file_is_written_where_it_points() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("dotfiles-config.ron");
        let link = dir.path().join("config.ron");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let settings = Settings {
            theme: Some(ThemeName::NoColor),
            auto_reveal: Some(true),
            ..Settings::default()
        };
        settings.save(&link).unwrap();
        settings.save(&link).unwrap();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(Settings::load(&real).unwrap(), settings);
        // A FIFO in its place is refused without blocking.
        let fifo = dir.path().join("fifo.ron");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        let error = Settings::load(&fifo).unwrap_err();
        assert!(error.to_string().contains("not a regular file"), "{error}");
        assert!(std::error::Error::source(&error).is_some());
    }
}
