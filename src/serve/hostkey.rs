//! The server's host key: made on first use, kept owner-only in the data folder, reused after,
//! so participants' `known_hosts` keep trusting the same server. Nothing here talks SSH.

use super::ServeError;
use russh::keys::ssh_key::LineEnding;
use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::{HashAlg, PrivateKey};
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// The folder under the data folder that holds the server's own files.
const FOLDER: &str = "serve";
/// The host key's file name, as OpenSSH names its own.
const FILE: &str = "ssh_host_ed25519_key";

/// Where the host key lives for a data folder.
pub fn path(data_dir: &Path) -> PathBuf {
    data_dir.join(FOLDER).join(FILE)
}

/// The host key for `data_dir`: read if it exists, made and written (0600 in a 0700 folder)
/// if not. A key file that others can read is refused, as OpenSSH refuses one.
pub fn load_or_create(data_dir: &Path) -> Result<PrivateKey, ServeError> {
    let folder = data_dir.join(FOLDER);
    let file = folder.join(FILE);
    let io = |source| ServeError::HostKey {
        path: file.clone(),
        source,
    };
    fs::create_dir_all(&folder).map_err(io)?;
    // The folder is ours alone whether we made it just now or on an earlier run.
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o700)).map_err(io)?;
    // People keep their sessions folder in git: this folder says by itself that git must
    // leave it out, so a `git add .` never commits the private key.
    let ignore = folder.join(".gitignore");
    if !ignore.exists() {
        fs::write(
            &ignore,
            "# covalue serve's private host key: never commit it.\n*\n",
        )
        .map_err(io)?;
    }
    match fs::read_to_string(&file) {
        Ok(text) => {
            let mode = fs::metadata(&file).map_err(io)?.permissions().mode();
            if mode & 0o077 != 0 {
                return Err(ServeError::HostKeyUnprotected { path: file, mode });
            }
            PrivateKey::from_openssh(text).map_err(|e| ServeError::HostKeyUnreadable {
                path: file.clone(),
                problem: e.to_string(),
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => create(&folder, &file),
        Err(e) => Err(io(e)),
    }
}

/// Makes a new Ed25519 key and writes it without ever leaving a readable or half-written file:
/// a temporary file made 0600, synced, then renamed into place.
fn create(folder: &Path, file: &Path) -> Result<PrivateKey, ServeError> {
    let io = |source| ServeError::HostKey {
        path: file.to_path_buf(),
        source,
    };
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| io(std::io::Error::other(e.to_string())))?;
    let key = PrivateKey::from(Ed25519Keypair::from_seed(&seed));
    seed.fill(0);
    let text = key
        .to_openssh(LineEnding::LF)
        .map_err(|e| io(std::io::Error::other(e.to_string())))?;
    let temp = folder.join(format!(".{FILE}.{}.tmp", std::process::id()));
    let mut out = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&temp)
        .map_err(io)?;
    let written = out
        .write_all(text.as_bytes())
        .and_then(|()| out.sync_all())
        .and_then(|()| fs::rename(&temp, file));
    if let Err(e) = written {
        let _ = fs::remove_file(&temp);
        return Err(io(e));
    }
    Ok(key)
}

/// The key's SHA256 fingerprint as `ssh` prints it (`SHA256:…`), for people to compare.
pub fn fingerprint(key: &PrivateKey) -> String {
    key.public_key().fingerprint(HashAlg::Sha256).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_once_owner_only_then_reused() {
        let dir = tempfile::tempdir().unwrap();
        let first = load_or_create(dir.path()).unwrap();
        let file = path(dir.path());
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&file), 0o600);
        assert_eq!(mode(file.parent().unwrap()), 0o700);
        let again = load_or_create(dir.path()).unwrap();
        assert_eq!(fingerprint(&first), fingerprint(&again));
        assert!(fingerprint(&first).starts_with("SHA256:"));
        // No temporary file is left beside it: only the key and the note that keeps it out of
        // git are there.
        let mut names: Vec<String> = fs::read_dir(file.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [".gitignore", FILE]);
        let ignore = fs::read_to_string(file.parent().unwrap().join(".gitignore")).unwrap();
        assert!(
            ignore.lines().any(|l| l == "*"),
            "git leaves the whole folder out"
        );
    }

    #[test]
    fn a_key_others_can_read_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        load_or_create(dir.path()).unwrap();
        let file = path(dir.path());
        fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
        let err = load_or_create(dir.path()).unwrap_err();
        assert!(
            matches!(err, ServeError::HostKeyUnprotected { .. }),
            "{err}"
        );
        assert!(err.to_string().contains(&file.display().to_string()));
    }

    #[test]
    fn a_damaged_key_is_reported_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        load_or_create(dir.path()).unwrap();
        let file = path(dir.path());
        fs::write(&file, "not a key").unwrap();
        let err = load_or_create(dir.path()).unwrap_err();
        assert!(matches!(err, ServeError::HostKeyUnreadable { .. }), "{err}");
        assert_eq!(fs::read_to_string(&file).unwrap(), "not a key");
    }
}
