//! End-to-end tests of `twiml-lint fmt`: rewriting files and folders, `--check` for CI,
//! standard input, files that do not parse, and writes that fail.

#[cfg(unix)]
#[path = "support/unreadable.rs"]
mod unreadable;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

const UNFORMATTED: &str = "<Response><Gather numDigits='1'><Say>Press  1</Say></Gather></Response>";
const FORMATTED: &str =
    "<Response>\n  <Gather numDigits=\"1\">\n    <Say>Press  1</Say>\n  </Gather>\n</Response>\n";
const NOT_WELL_FORMED: &str = "<Response>\n  <Say>Tom & Jerry</Say>\n</Response>\n";

fn twiml_lint() -> Command {
    Command::cargo_bin("twiml-lint").expect("the twiml-lint binary")
}

fn write(folder: &Path, name: &str, contents: &str) -> PathBuf {
    let path = folder.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("a folder for the file");
    }
    fs::write(&path, contents).expect("a written file");
    path
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).expect("a readable file")
}

#[test]
fn fmt_rewrites_files_found_in_folders() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let top = write(folder.path(), "a.xml", UNFORMATTED);
    let nested = write(folder.path(), "bins/menu.twiml", UNFORMATTED);
    let done = write(folder.path(), "done.xml", FORMATTED);
    let other = write(folder.path(), "notes.txt", UNFORMATTED);
    let hidden = write(folder.path(), ".git/b.xml", UNFORMATTED);

    twiml_lint()
        .arg("fmt")
        .arg(folder.path())
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains("formatted").and(predicate::str::contains("a.xml")));

    assert_eq!(read(&top), FORMATTED);
    assert_eq!(read(&nested), FORMATTED);
    assert_eq!(read(&done), FORMATTED);
    assert_eq!(read(&other), UNFORMATTED, "only *.xml and *.twiml are walked");
    assert_eq!(read(&hidden), UNFORMATTED, "hidden folders are skipped");
}

#[test]
fn fmt_rewrites_a_file_named_with_any_extension() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let file = write(folder.path(), "bin.txt", UNFORMATTED);
    twiml_lint().arg("fmt").arg(&file).assert().success();
    assert_eq!(read(&file), FORMATTED);
}

#[test]
fn fmt_keeps_file_permissions() {
    use std::os::unix::fs::PermissionsExt;

    let folder = tempfile::tempdir().expect("a temporary folder");
    let file = write(folder.path(), "a.xml", UNFORMATTED);
    fs::set_permissions(&file, fs::Permissions::from_mode(0o640)).expect("permissions set");
    twiml_lint().arg("fmt").arg(&file).assert().success();
    let mode = fs::metadata(&file).expect("metadata").permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    assert_eq!(read(&file), FORMATTED);
}

#[test]
fn fmt_refuses_a_read_only_file() {
    use std::os::unix::fs::PermissionsExt;

    let folder = tempfile::tempdir().expect("a temporary folder");
    let file = write(folder.path(), "a.xml", UNFORMATTED);
    fs::set_permissions(&file, fs::Permissions::from_mode(0o444)).expect("permissions set");
    twiml_lint()
        .arg("fmt")
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is read-only, so it was not formatted"));
    assert_eq!(read(&file), UNFORMATTED);
    let mode = fs::metadata(&file).expect("metadata").permissions().mode() & 0o777;
    assert_eq!(mode, 0o444);
}

#[test]
fn fmt_check_lists_changes_writes_nothing() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let unformatted = write(folder.path(), "a.xml", UNFORMATTED);
    write(folder.path(), "b.xml", FORMATTED);

    twiml_lint()
        .args(["fmt", "--check"])
        .arg(folder.path())
        .assert()
        .code(1)
        .stdout(format!("{}\n", unformatted.display()))
        .stderr(predicate::str::contains("1 file is not in the canonical layout"));
    assert_eq!(read(&unformatted), UNFORMATTED);
}

#[test]
fn fmt_check_passes_once_formatted() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    write(folder.path(), "a.xml", UNFORMATTED);
    twiml_lint().arg("fmt").arg(folder.path()).assert().success();
    twiml_lint()
        .args(["fmt", "--check"])
        .arg(folder.path())
        .assert()
        .success()
        .stdout("")
        .stderr("");
}

#[test]
fn fmt_reads_stdin_and_writes_stdout() {
    twiml_lint().args(["fmt", "-"]).write_stdin(UNFORMATTED).assert().success().stdout(FORMATTED);
}

#[test]
fn fmt_check_on_stdin_writes_nothing() {
    twiml_lint()
        .args(["fmt", "--check", "-"])
        .write_stdin(UNFORMATTED)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("standard input is not in the canonical layout"));
    twiml_lint().args(["fmt", "--check", "-"]).write_stdin(FORMATTED).assert().success().stdout("");
}

#[test]
fn fmt_reports_not_well_formed_stdin() {
    twiml_lint()
        .args(["fmt", "-"])
        .write_stdin(NOT_WELL_FORMED)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("-:2:12: cannot format: "))
        .stderr(predicate::str::contains("; nothing was written to standard output: fix the XML"))
        .stderr(predicate::str::contains("file").not());
}

#[test]
fn fmt_names_stdin_as_check_does() {
    twiml_lint()
        .args(["fmt", "--stdin-name", "bins/menu.xml", "-"])
        .write_stdin(NOT_WELL_FORMED)
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with("bins/menu.xml:2:12: cannot format: "));
    twiml_lint().args(["fmt", "-"]).write_stdin("  \n").assert().code(1).stdout("").stderr(
        "-: cannot format: standard input is empty, and a TwiML document needs at least \
             `<Response/>`; nothing was written to standard output\n",
    );
}

#[test]
fn fmt_leaves_unparseable_file_untouched() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let broken = write(folder.path(), "broken.xml", NOT_WELL_FORMED);
    let fine = write(folder.path(), "fine.xml", UNFORMATTED);

    twiml_lint().arg("fmt").arg(folder.path()).assert().code(1).stderr(
        predicate::str::contains(format!("{}:2:12: cannot format: ", broken.display()))
            .and(predicate::str::contains("`&` must be written `&amp;`"))
            .and(predicate::str::contains("the file was left as it was")),
    );
    assert_eq!(read(&broken), NOT_WELL_FORMED);
    assert_eq!(read(&fine), FORMATTED, "the other files are still formatted");
}

#[test]
fn fmt_reports_empty_file() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let empty = write(folder.path(), "empty.xml", "");
    twiml_lint()
        .arg("fmt")
        .arg(&empty)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("empty.xml: cannot format: the file is empty"));
    assert_eq!(read(&empty), "");
}

#[test]
fn fmt_exits_2_for_a_missing_path() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let fine = write(folder.path(), "fine.xml", UNFORMATTED);
    twiml_lint()
        .arg("fmt")
        .arg(folder.path().join("missing.xml"))
        .arg(&fine)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("path not found").and(predicate::str::contains("missing.xml")),
        );
    assert_eq!(read(&fine), FORMATTED, "the paths that exist are still formatted");
}

/// Makes a folder read-only for the length of a test, and writable again when dropped. For
/// root, whom permission bits do not stop, it marks the folder immutable with `chattr +i`.
struct ReadOnlyFolder {
    path: PathBuf,
    immutable: bool,
}

impl ReadOnlyFolder {
    /// Locks `path`, or returns `None` when no way to stop writes to it works here.
    fn lock(path: &Path) -> Option<ReadOnlyFolder> {
        use std::os::unix::fs::PermissionsExt;

        fs::set_permissions(path, fs::Permissions::from_mode(0o555)).ok()?;
        let mut folder = ReadOnlyFolder { path: path.to_path_buf(), immutable: false };
        if folder.refuses_writes() {
            return Some(folder);
        }
        let chattr = std::process::Command::new("chattr").arg("+i").arg(path).status();
        folder.immutable = chattr.is_ok_and(|status| status.success());
        folder.refuses_writes().then_some(folder)
    }

    fn refuses_writes(&self) -> bool {
        let probe = self.path.join(".probe");
        let refused = fs::write(&probe, "x").is_err();
        let _ = fs::remove_file(probe);
        refused
    }
}

impl Drop for ReadOnlyFolder {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;

        if self.immutable {
            let _ = std::process::Command::new("chattr").arg("-i").arg(&self.path).status();
        }
        let _ = fs::set_permissions(&self.path, fs::Permissions::from_mode(0o755));
    }
}

#[test]
fn fmt_leaves_original_when_folder_is_read_only() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let file = write(folder.path(), "a.xml", UNFORMATTED);
    let Some(locked) = ReadOnlyFolder::lock(folder.path()) else {
        // NOTE: neither permission bits nor `chattr +i` stop writes on this system, so the
        // failed write cannot be arranged. The other tests still cover the rename.
        #[expect(clippy::print_stderr, reason = "the test says why it checked nothing")]
        {
            eprintln!("skipped: cannot make {} read-only here", folder.path().display());
        }
        return;
    };

    twiml_lint().arg("fmt").arg(&file).assert().code(2).stderr(
        predicate::str::contains(format!("cannot write {}", file.display()))
            .and(predicate::str::contains("the file was left as it was")),
    );
    assert_eq!(read(&file), UNFORMATTED);
    drop(locked);
    let entries: Vec<_> = fs::read_dir(folder.path()).expect("a folder").flatten().collect();
    assert_eq!(entries.len(), 1, "no temporary file is left behind: {entries:?}");
}

#[cfg(unix)]
#[test]
fn fmt_check_reports_unreadable_folder_and_goes_on() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let first = write(folder.path(), "a.xml", UNFORMATTED);
    let unreadable = unreadable::UnreadableFolder::new(folder.path());
    let last = write(folder.path(), "z.xml", UNFORMATTED);
    let output =
        twiml_lint().args(["fmt", "--check"]).arg(folder.path()).output().expect("twiml-lint runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with(&format!("cannot read folder {}: ", unreadable.path.display())),
        "{stderr}"
    );
    assert!(stdout.contains(&format!("{}\n", first.display())), "{stdout}");
    assert!(stdout.contains(&format!("{}\n", last.display())), "{stdout}");
}

#[test]
fn fmt_error_replaces_terminal_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let path =
        write(dir.path(), "title.xml", "<Response><Foo\u{1b}]0;pwned\u{7}>x</Foo></Response>\n");
    let output = twiml_lint().arg("fmt").arg(&path).output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("element `<Foo\u{fffd}]0;pwned\u{fffd}>` is never closed"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "{stderr}");
    assert!(!stderr.contains('\u{7}'), "{stderr}");
}
