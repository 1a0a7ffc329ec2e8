//! A folder that a walk cannot list, for the tests of unreadable folders.
//!
//! Mode 000 stops an ordinary user from listing a folder, but not root, and tests often run as
//! root in containers. So when mode 000 is not enough, the folder is made unreadable another
//! way: it is nested so deep that its path is longer than the system accepts (`PATH_MAX`, 4096
//! bytes on Linux), and listing it fails with "File name too long". The nesting is built from
//! short pieces renamed into each other, so that no call made here needs a path that long.

#![cfg(unix)]

use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};

/// A folder that cannot be listed. Dropping it makes a locked folder readable again, so that
/// the temporary folder around it can be removed.
#[derive(Debug)]
pub(crate) struct UnreadableFolder {
    /// The folder that cannot be listed.
    pub(crate) path: PathBuf,
    locked: bool,
}

/// The length of each folder name in the deep nesting; names may have at most 255 bytes.
const NAME_LENGTH: usize = 200;

/// Folders per piece, and pieces: nested, they make a path of more than 24 names of 200
/// bytes, over 4,800 bytes.
const PIECE_DEPTH: usize = 8;
const PIECES: usize = 3;

impl UnreadableFolder {
    /// Makes a folder under `parent` that cannot be listed, holding a file `hidden.xml` that a
    /// walk therefore never finds.
    pub(crate) fn new(parent: &Path) -> UnreadableFolder {
        let locked = parent.join("locked");
        std::fs::create_dir(&locked).expect("create the folder");
        std::fs::write(locked.join("hidden.xml"), "<Response/>\n").expect("write the file");
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
        if std::fs::read_dir(&locked).is_err() {
            return UnreadableFolder { path: locked, locked: true };
        }
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        std::fs::remove_dir_all(&locked).expect("remove the folder");
        UnreadableFolder { path: nest_deep(parent), locked: false }
    }
}

impl Drop for UnreadableFolder {
    fn drop(&mut self) {
        if self.locked {
            let _ = std::fs::set_permissions(&self.path, std::fs::Permissions::from_mode(0o755));
        }
    }
}

/// Builds `parent/deep/<name>/<name>/…` too deep to list, and returns the first folder in it
/// that cannot be listed.
fn nest_deep(parent: &Path) -> PathBuf {
    let name = "d".repeat(NAME_LENGTH);
    let piece_inside = (0..PIECE_DEPTH).fold(PathBuf::new(), |path, _| path.join(&name));
    // The deepest piece is made first, and each new piece takes the one before at its bottom.
    let mut below: Option<PathBuf> = None;
    for piece in 0..PIECES {
        let top = parent.join(format!("piece{piece}"));
        std::fs::create_dir_all(top.join(&piece_inside)).expect("create a piece");
        if let Some(below) = below.take() {
            std::fs::rename(&below, top.join(&piece_inside).join(&name)).expect("nest a piece");
        } else {
            std::fs::write(top.join(&piece_inside).join("hidden.xml"), "<Response/>\n")
                .expect("write the file");
        }
        below = Some(top);
    }
    let deep = parent.join("deep");
    std::fs::rename(below.expect("a piece"), &deep).expect("name the nesting");

    let mut folder = deep;
    while std::fs::read_dir(&folder).is_ok() {
        let next = std::fs::read_dir(&folder)
            .expect("list")
            .flatten()
            .find(|entry| entry.file_type().is_ok_and(|kind| kind.is_dir()))
            .expect("the nesting goes deeper than the system allows");
        folder = next.path();
    }
    folder
}
