//! The private folder where export files wait for their download. Raw survey responses are
//! sensitive, so this is not the shared temporary folder: the folder is made `0700`, each
//! file is created `0600` and only if it does not exist yet (`create_new`: no following a
//! link planted there, no overwriting), under a name with 128 random bits, so two exports
//! never collide and nobody can guess another's file. Clients never see the folder or the
//! stored name: a job's page and JSON offer a download URL instead.
//!
//! The folder is chosen by whoever builds the `Core` (the `openita` binary: `exports` in the
//! data directory, or `OPENITA_EXPORT_DIR`); this crate reads no environment.

use rand::RngCore;
use std::{
    fs::{File, OpenOptions},
    io,
    path::{Path, PathBuf},
};

/// Where finished exports are kept.
#[derive(Debug, Clone)]
pub struct ExportFolder {
    dir: PathBuf,
}

impl ExportFolder {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        ExportFolder { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Creates `{stem}-{32 random hex digits}.{extension}` in the folder (made first if
    /// needed) and returns its name and the open file.
    pub fn create(&self, stem: &str, extension: &str) -> io::Result<(String, File)> {
        self.prepare()?;
        let mut random = [0u8; 16];
        rand::thread_rng().fill_bytes(&mut random);
        let name = format!("{stem}-{}.{extension}", hex::encode(random));
        let file = create_private_file(&self.dir.join(&name))?;
        Ok((name, file))
    }

    /// Opens a stored file by the name `create` gave. Anything but a plain file name (a path,
    /// `..`) is refused, so a stored name can never point outside the folder.
    pub fn open(&self, name: &str) -> io::Result<File> {
        if !is_plain_name(name) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "not a stored export name",
            ));
        }
        File::open(self.dir.join(name))
    }

    /// Removes a stored file (a failed export's remains).
    pub fn remove(&self, name: &str) {
        if is_plain_name(name) {
            let _ = std::fs::remove_file(self.dir.join(name));
        }
    }

    /// The folder exists and only its owner may enter it. A folder that was there already
    /// (an `OPENITA_EXPORT_DIR` made by hand, or the old world-readable one) is narrowed to
    /// `0700`; if that is not allowed the files are still `0600`, and the operator is told.
    fn prepare(&self) -> io::Result<()> {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
            builder.mode(0o700);
            builder.create(&self.dir)?;
            let mode = std::fs::metadata(&self.dir)?.permissions().mode();
            if mode & 0o077 != 0
                && let Err(e) =
                    std::fs::set_permissions(&self.dir, std::fs::Permissions::from_mode(0o700))
            {
                tracing::warn!(
                    export.dir = %self.dir.display(),
                    error.cause = %e,
                    "the export folder is open to other users and could not be narrowed to 0700"
                );
            }
        }
        #[cfg(not(unix))]
        builder.create(&self.dir)?;
        Ok(())
    }
}

/// Creates a file that must not exist yet, readable and writable by its owner only (unix).
/// Used for every export the system writes, the CLI's `--to` files too.
pub fn create_private_file(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// Letters, digits, `-`, `_` and one `.` before the extension: what `create` makes.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name.matches('.').count() == 1
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn mode_of(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or(0)
    }

    #[test]
    #[cfg(unix)]
    fn files_are_private_in_a_private_folder_under_names_that_do_not_repeat()
    -> Result<(), Box<dyn std::error::Error>> {
        let root = tempfile::tempdir()?;
        let folder = ExportFolder::new(root.path().join("data").join("exports"));
        let (first, _) = folder.create("responses-2568", "csv")?;
        let (second, _) = folder.create("responses-2568", "csv")?;
        assert_ne!(first, second);
        assert!(first.starts_with("responses-2568-") && first.ends_with(".csv"));
        assert_eq!(first.len(), "responses-2568-".len() + 32 + ".csv".len());
        assert_eq!(mode_of(folder.dir()), 0o700);
        assert_eq!(mode_of(&folder.dir().join(&first)), 0o600);
        assert!(folder.open(&first).is_ok());
        Ok(())
    }

    #[test]
    #[cfg(unix)]
    fn an_existing_open_folder_is_narrowed() -> Result<(), Box<dyn std::error::Error>> {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir()?;
        let dir = root.path().join("shared");
        std::fs::create_dir(&dir)?;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777))?;
        ExportFolder::new(&dir).create("x", "csv")?;
        assert_eq!(mode_of(&dir), 0o700);
        Ok(())
    }

    #[test]
    fn an_existing_file_is_never_overwritten() -> Result<(), Box<dyn std::error::Error>> {
        let root = tempfile::tempdir()?;
        let path = root.path().join("answers.csv");
        std::fs::write(&path, "keep me")?;
        assert!(create_private_file(&path).is_err());
        assert_eq!(std::fs::read_to_string(&path)?, "keep me");
        Ok(())
    }

    #[test]
    fn stored_names_cannot_leave_the_folder() {
        let folder = ExportFolder::new("/nonexistent");
        for bad in [
            "../etc/passwd",
            "/etc/passwd",
            "a/b.csv",
            "..",
            ".hidden",
            "",
        ] {
            let refused = folder
                .open(bad)
                .err()
                .is_some_and(|e| e.kind() == io::ErrorKind::InvalidInput);
            assert!(refused, "{bad:?}");
        }
    }
}
