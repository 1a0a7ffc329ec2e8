//! End-to-end tests of `twiml-lint [PATHS]`: the built binary on files it writes to a temporary
//! folder, checking exit statuses and every output format.

#[cfg(unix)]
#[path = "support/unreadable.rs"]
mod unreadable;

use std::fmt::Write as _;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

const CLEAN: &str = "<Response>\n  <Say>Hello</Say>\n</Response>\n";
const BROKEN: &str = "<Response>\n  <Say>Tom & Jerry</Say>\n</Response>\n";
const WARNING_ONLY: &str = "\u{feff}<Response/>\n";

fn twiml_lint() -> Command {
    let mut command = Command::cargo_bin("twiml-lint").expect("the twiml-lint binary is built");
    command.env_remove("NO_COLOR").env("COLUMNS", "100");
    command
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create the folder");
    }
    std::fs::write(path, text).expect("write the fixture");
}

#[test]
fn clean_folder_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.xml", CLEAN);
    twiml_lint()
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("checked 1 file: no findings"));
}

#[test]
fn error_finding_exits_one() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.xml", BROKEN);
    twiml_lint()
        .args(["--format", "compact"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "bad.xml:2:12: error[not-well-formed] `&` must be written `&amp;` when it does not start a reference (Twilio 12100)",
        ));
}

#[test]
fn warnings_alone_exit_zero() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bom.xml", WARNING_ONLY);
    twiml_lint()
        .args(["--format", "compact"])
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("warning[byte-order-mark]"));
}

#[test]
fn missing_path_exits_two_and_names_it() {
    twiml_lint()
        .arg("no/such/folder")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("path not found: no/such/folder"));
}

#[test]
fn unknown_format_exits_two() {
    twiml_lint().args(["--format", "yaml", "."]).assert().code(2);
}

#[test]
fn walk_reads_only_twiml_extensions_and_skips_excludes() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.xml", BROKEN);
    write(dir.path(), "b.twiml", BROKEN);
    write(dir.path(), "notes.txt", BROKEN);
    write(dir.path(), "vendor/c.xml", BROKEN);
    write(dir.path(), ".hidden/d.xml", BROKEN);
    let output = twiml_lint()
        .args(["--format", "compact", "--exclude", "vendor/**"])
        .current_dir(dir.path())
        .arg(".")
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("a.xml:2:12"), "{stdout}");
    assert!(stdout.contains("b.twiml:2:12"), "{stdout}");
    assert!(!stdout.contains("notes.txt"), "{stdout}");
    assert!(!stdout.contains("vendor"), "{stdout}");
    assert!(!stdout.contains(".hidden"), "{stdout}");
}

/// Lists the paths that compact output names, sorted.
fn named_paths(stdout: &[u8]) -> Vec<String> {
    let stdout = String::from_utf8_lossy(stdout);
    let mut paths: Vec<String> = stdout
        .lines()
        .filter_map(|line| line.split_once(':').map(|(path, _)| path.to_owned()))
        .filter(|path| !path.starts_with("checked "))
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

#[test]
fn config_excludes_relative_to_config_folder() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ex/twiml-lint.toml", "exclude = [\"vendor/**\"]\n");
    write(dir.path(), "ex/a.xml", BROKEN);
    write(dir.path(), "ex/vendor/v.xml", BROKEN);
    let from_parent = twiml_lint()
        .args(["--offline", "--format", "compact", "ex"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(named_paths(&from_parent.stdout), ["ex/a.xml"]);
    let from_inside = twiml_lint()
        .args(["--offline", "--format", "compact", "."])
        .current_dir(dir.path().join("ex"))
        .output()
        .unwrap();
    assert_eq!(named_paths(&from_inside.stdout), ["./a.xml"]);
    let named_config = twiml_lint()
        .args(["--offline", "--format", "compact", "--config", "ex/./twiml-lint.toml"])
        .arg(dir.path().join("ex"))
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        named_paths(&named_config.stdout),
        [dir.path().join("ex/a.xml").display().to_string()]
    );
}

#[test]
fn exclude_flag_relative_to_current_folder() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ex/a.xml", BROKEN);
    write(dir.path(), "ex/vendor/v.xml", BROKEN);
    let run = |exclude: &str| {
        let output = twiml_lint()
            .args(["--offline", "--format", "compact", "--exclude", exclude, "ex"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        named_paths(&output.stdout)
    };
    assert_eq!(run("ex/vendor/**"), ["ex/a.xml"]);
    assert_eq!(run("./ex/vendor/"), ["ex/a.xml"]);
    assert_eq!(run("vendor/**"), ["ex/a.xml", "ex/vendor/v.xml"], "anchored at the current folder");
    assert_eq!(run("ex/*.xml"), ["ex/vendor/v.xml"], "`*` stops at `/`");
}

#[test]
fn exclude_without_slash_matches_names_at_any_depth() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bins/after-hours.xml", BROKEN);
    write(dir.path(), "bins/menu.xml", BROKEN);
    write(dir.path(), "bins/vendor/a.xml", BROKEN);
    write(dir.path(), "bins/deep/vendor/b.xml", BROKEN);
    write(dir.path(), "bins/deep/vendor.xml", BROKEN);

    let run = |exclude: &str| {
        let output = twiml_lint()
            .args(["--offline", "--format", "compact", "--exclude", exclude, "bins"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        named_paths(&output.stdout)
    };
    let all = [
        "bins/after-hours.xml",
        "bins/deep/vendor.xml",
        "bins/deep/vendor/b.xml",
        "bins/menu.xml",
        "bins/vendor/a.xml",
    ];
    let without = |skipped: &[&str]| -> Vec<&str> {
        all.iter().copied().filter(|path| !skipped.contains(path)).collect()
    };
    assert_eq!(run("after-hours.xml"), without(&["bins/after-hours.xml"]));
    assert_eq!(run("vendor"), without(&["bins/vendor/a.xml", "bins/deep/vendor/b.xml"]));
    assert_eq!(
        run("vendor*"),
        without(&["bins/vendor/a.xml", "bins/deep/vendor/b.xml", "bins/deep/vendor.xml"])
    );
    assert_eq!(run("vendor.xml/"), all, "a trailing `/` matches folders only");
}

#[cfg(unix)]
#[test]
fn unreadable_folder_reported_and_walk_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.xml", BROKEN);
    let folder = unreadable::UnreadableFolder::new(dir.path());
    write(dir.path(), "z.xml", BROKEN);
    let output =
        twiml_lint().args(["--offline", "--format", "compact"]).arg(dir.path()).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with(&format!("error: cannot read folder {}: ", folder.path.display())),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stdout.contains("a.xml:2:12"), "{stdout}");
    assert!(stdout.contains("z.xml:2:12"), "{stdout}");
    assert!(!stdout.contains("hidden.xml"), "{stdout}");
    assert!(
        stdout.ends_with(
            "checked 2 files: 2 errors, 0 warnings in 2 files; 1 folder could not be read\n"
        ),
        "{stdout}"
    );
}

#[test]
fn unreadable_file_counted_in_summary() {
    let dir = tempfile::tempdir().unwrap();
    let huge = std::fs::File::create(dir.path().join("huge.xml")).unwrap();
    huge.set_len(17 * 1024 * 1024).unwrap();
    write(dir.path(), "a.xml", CLEAN);
    let output = twiml_lint().arg("--offline").arg(dir.path()).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout, "checked 1 file: no findings; 1 file could not be read\n");

    let json =
        twiml_lint().args(["--offline", "--format", "json"]).arg(dir.path()).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(json["summary"]["unreadable"], 1);
    assert_eq!(json["summary"]["unreadable_folders"], 0);
}

#[cfg(unix)]
#[test]
fn walk_checks_links_to_files_not_folders() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "shared/menu.xml", BROKEN);
    write(dir.path(), "bins/own.xml", CLEAN);
    symlink("../shared/menu.xml", dir.path().join("bins/menu.xml")).unwrap();
    symlink("../shared", dir.path().join("bins/shared")).unwrap();
    symlink("..", dir.path().join("bins/parent")).unwrap();
    symlink("missing.xml", dir.path().join("bins/dangling.xml")).unwrap();

    let output = twiml_lint()
        .args(["--offline", "--format", "compact", "-vv", "bins"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(named_paths(&output.stdout), ["bins/menu.xml"], "{stdout}");
    assert!(stdout.ends_with("checked 2 files: 1 error, 0 warnings in 1 file\n"), "{stdout}");
    assert!(
        stderr.contains("not walking bins/shared: it is a symbolic link to a folder"),
        "{stderr}"
    );
    assert!(
        stderr.contains("not walking bins/parent: it is a symbolic link to a folder"),
        "{stderr}"
    );
    assert!(
        stderr.contains("skipping bins/dangling.xml: cannot follow the symbolic link"),
        "{stderr}"
    );
}

#[test]
fn file_named_on_command_line_is_always_read() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "notes.txt", BROKEN);
    twiml_lint()
        .args(["--format", "compact"])
        .arg(dir.path().join("notes.txt"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains("notes.txt:2:12"));
}

#[test]
fn stdin_is_read_with_dash() {
    twiml_lint()
        .args(["--format", "compact", "-"])
        .write_stdin(BROKEN)
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("-:2:12: error[not-well-formed]"));
}

#[test]
fn human_long_line_without_frame() {
    let dir = tempfile::tempdir().unwrap();
    let line = format!("<Response>{}</Response>\n", "<Say>hello</Say>".repeat(4_200));
    write(dir.path(), "oneline.xml", &line);
    let output = twiml_lint().args(["--offline", "--format", "human"]).arg(dir.path()).output();
    let output = output.unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("document-too-large"), "{stdout}");
    assert!(stdout.contains("oneline.xml:1:65537:"), "{stdout}");
}

/// Builds a document whose first line contains 50 unknown attributes, each with a value of
/// two-, three- and four-byte characters, so that columns in characters run far behind byte
/// offsets on a line of several hundred bytes. The second line contains one more.
fn document_with_long_non_ascii_line() -> String {
    let mut attributes = String::new();
    for i in 0..50 {
        let _ = write!(attributes, " a{i}=\"é中😀\"");
    }
    format!(
        "<Response><Say voice=\"Polly.Mía\"{attributes}>hi</Say>\n<Say b=\"x\">hi</Say></Response>\n"
    )
}

/// Finds the 1-based line and column, in characters, of the first attribute called `name` in
/// `text` by counting the characters before it.
fn attribute_position(text: &str, name: &str) -> (usize, usize) {
    let offset = text.find(&format!(" {name}=")).expect("the attribute is in the text") + 1;
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    (before.matches('\n').count() + 1, before[line_start..].chars().count() + 1)
}

#[test]
fn long_line_columns_count_characters() {
    let dir = tempfile::tempdir().unwrap();
    let text = document_with_long_non_ascii_line();
    write(dir.path(), "long.xml", &text);
    let output = twiml_lint()
        .args(["--offline", "--format", "compact"])
        .arg(dir.path().join("long.xml"))
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let positions: Vec<&str> = stdout
        .lines()
        .filter(|line| line.contains("warning[unknown-attribute]"))
        .map(|line| line.split(": ").next().unwrap_or_default())
        .collect();

    let names: Vec<String> = (0..50).map(|i| format!("a{i}")).chain(["b".to_owned()]).collect();
    let expected: Vec<String> = names
        .iter()
        .map(|name| {
            let (line, column) = attribute_position(&text, name);
            format!("{}:{line}:{column}", dir.path().join("long.xml").display())
        })
        .collect();
    assert_eq!(positions, expected);
    // The same positions, written out: `a49` starts at byte 808 but column 514.
    assert!(expected[0].ends_with("long.xml:1:34"), "{expected:?}");
    assert!(expected[49].ends_with("long.xml:1:514"), "{expected:?}");
    assert!(expected[50].ends_with("long.xml:2:6"), "{expected:?}");
}

#[test]
fn long_line_json_end_columns_count_characters() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "long.xml", &document_with_long_non_ascii_line());
    let output = twiml_lint()
        .args(["--offline", "--format", "json"])
        .arg(dir.path().join("long.xml"))
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let findings = value["files"][0]["findings"].as_array().unwrap();
    let last_on_first_line = findings
        .iter()
        .find(|finding| {
            finding["message"].as_str().is_some_and(|message| message.contains("`a49`"))
        })
        .expect("a finding for `a49`");

    assert_eq!(last_on_first_line["start"]["line"], 1);
    assert_eq!(last_on_first_line["start"]["column"], 514);
    assert_eq!(last_on_first_line["end"]["line"], 1);
    assert_eq!(last_on_first_line["end"]["column"], 517);
}

#[test]
fn compact_output_keeps_each_finding_on_one_line() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "nl.xml", "<Response><Say ']abc\ndef'/></Response>\n");
    let output = twiml_lint()
        .args(["--offline", "--format", "compact"])
        .arg(dir.path().join("nl.xml"))
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let mut lines = stdout.lines();
    let summary = lines.next_back().unwrap_or_default();
    assert!(summary.starts_with("checked 1 file"), "{stdout}");
    assert!(lines.all(|line| line.contains("nl.xml:")), "{stdout}");
}

#[test]
fn closed_stderr_keeps_the_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.xml", CLEAN);
    write(dir.path(), "twiml-lint.toml", "rules = 5\n");
    let binary = assert_cmd::cargo::cargo_bin("twiml-lint");
    let mut child = std::process::Command::new(binary)
        .arg("--offline")
        .arg(dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Closing the read end first makes every write to standard error fail.
    drop(child.stderr.take());
    assert_eq!(child.wait().unwrap().code(), Some(2), "a bad config exits 2");
}

#[cfg(unix)]
#[test]
fn symlink_loop_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("loop1.xml");
    let second = dir.path().join("loop2.xml");
    std::os::unix::fs::symlink(&second, &first).unwrap();
    std::os::unix::fs::symlink(&first, &second).unwrap();
    twiml_lint()
        .arg("--offline")
        .arg(&first)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot follow the symbolic link"));
}

#[test]
fn cache_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.xml", CLEAN);
    twiml_lint()
        .arg("--cache")
        .arg(dir.path())
        .arg(dir.path().join("a.xml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a folder, and the cache is one file"));
}

#[test]
fn bins_entry_for_missing_file_warns() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.xml", CLEAN);
    write(
        dir.path(),
        "twiml-lint.toml",
        "[bins]\n\"gone.xml\" = \"https://handler.twilio.com/twiml/EH00000000000000000000000000000000\"\n",
    );
    let output = twiml_lint().arg("--offline").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("maps \"gone.xml\", which is not a file"), "{stderr}");
}

#[test]
fn config_sets_levels_and_is_found_in_parent() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "twiml-lint.toml", "[rules]\nnot-well-formed = \"warning\"\n");
    write(dir.path(), "bins/bad.xml", BROKEN);
    twiml_lint()
        .args(["--format", "compact"])
        .arg(dir.path().join("bins"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("warning[not-well-formed]"));
}

#[test]
fn config_can_turn_a_rule_off() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "twiml-lint.toml", "[rules]\nbyte-order-mark = \"off\"\n");
    write(dir.path(), "bom.xml", WARNING_ONLY);
    twiml_lint()
        .args(["--format", "compact"])
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no findings"));
}

#[test]
fn config_with_unknown_rule_exits_two_with_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "twiml-lint.toml", "[rules]\nnot-well-formd = \"off\"\n");
    write(dir.path(), "a.xml", CLEAN);
    twiml_lint()
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule `not-well-formd`"))
        .stderr(predicate::str::contains("did you mean `not-well-formed`?"));
}

#[test]
fn config_with_bad_toml_exits_two_and_points_at_it() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "twiml-lint.toml", "[rules\n");
    write(dir.path(), "a.xml", CLEAN);
    twiml_lint()
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid config file"));
}

/// `text` without whitespace or the frame characters of an error report, so that a phrase the
/// report wrapped, even inside a path, is still found in it.
fn squashed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && !matches!(c, '│' | '×')).collect()
}

/// Runs `twiml-lint --offline` with `args` in `dir`, asserts exit status 2, and returns
/// standard error squashed.
fn tool_error(dir: &Path, args: &[&str]) -> String {
    let output = twiml_lint().arg("--offline").args(args).current_dir(dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
    squashed(&stderr)
}

#[test]
fn config_errors_name_file_and_key() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.xml", CLEAN);
    let config = dir.path().join("cfg/twiml-lint.toml");
    let shown = config.display().to_string();
    let args = ["--config", "cfg/./twiml-lint.toml", "a.xml"];

    write(dir.path(), "cfg/twiml-lint.toml", "exclude = [\"[x\"]\n");
    let stderr = tool_error(dir.path(), &args);
    let expected = format!("invalid exclude pattern `[x` in the `exclude` list of {shown}");
    assert!(stderr.contains(&squashed(&expected)), "{stderr}");

    write(dir.path(), "cfg/twiml-lint.toml", "[links]\nallow-hosts = [\"*\"]\n");
    let stderr = tool_error(dir.path(), &args);
    let expected = format!("invalid host \"*\" in the `allow-hosts` list of [links] in {shown}");
    assert!(stderr.contains(&squashed(&expected)), "{stderr}");
    assert!(stderr.contains(&squashed("write each entry of `allow-hosts`")), "{stderr}");
    assert!(!stderr.contains("--allow-host"), "{stderr}");

    std::fs::write(&config, b"exclude = [\"caf\xe9\"]\n").unwrap();
    let stderr = tool_error(dir.path(), &args);
    let expected = format!("config file {shown} is not valid UTF-8");
    assert!(stderr.contains(&squashed(&expected)), "{stderr}");
    assert!(stderr.contains(&squashed("save the file as UTF-8")), "{stderr}");
    assert!(!stderr.contains(&squashed("exists and is readable")), "{stderr}");
}

#[test]
fn host_flags_reject_values_that_are_not_hosts() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.xml", CLEAN);
    for flag in ["--allow-host", "--sign-host"] {
        for (value, reason) in
            [("*", "wildcards are not supported"), ("a b", "the host has characters other than")]
        {
            let stderr = tool_error(dir.path(), &[flag, value, "a.xml"]);
            let expected = format!("invalid {flag} value {value:?}: {reason}");
            assert!(stderr.contains(&squashed(&expected)), "{stderr}");
        }
    }
}

#[test]
fn config_with_unknown_key_exits_two() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "twiml-lint.toml", "exclud = [\"x\"]\n");
    write(dir.path(), "a.xml", CLEAN);
    twiml_lint().arg(dir.path()).assert().code(2).stderr(predicate::str::contains("exclud"));
}

#[test]
fn json_output_is_one_document_with_stable_fields() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.xml", BROKEN);
    write(dir.path(), "good.xml", CLEAN);
    let output = twiml_lint().args(["--format", "json"]).arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(value["version"], 1);
    assert_eq!(value["summary"]["files"], 2);
    assert_eq!(value["summary"]["errors"], 1);
    let files = value["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    let finding = &files[0]["findings"][0];
    assert_eq!(finding["rule"], "not-well-formed");
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["twilio_code"], 12100);
    assert_eq!(finding["start"]["line"], 2);
    assert_eq!(finding["start"]["column"], 12);
    assert_eq!(files[1]["findings"].as_array().unwrap().len(), 0);
}

#[test]
fn sarif_output_is_valid_json_with_results() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.xml", BROKEN);
    let output = twiml_lint().args(["--format", "sarif"]).arg(dir.path()).output().unwrap();
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(value["version"], "2.1.0");
    let result = &value["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "not-well-formed");
    assert_eq!(result["locations"][0]["physicalLocation"]["region"]["startLine"], 2);
}

#[test]
fn json_sarif_keep_file_name_line_breaks() {
    let dir = tempfile::tempdir().unwrap();
    let name = "two\nlines\tand\rreturn.xml";
    write(dir.path(), name, "\u{feff}<Response/>\n");
    let run = |format: &str| {
        let output = twiml_lint()
            .args(["--offline", "--format", format, name])
            .current_dir(dir.path())
            .output()
            .unwrap();
        serde_json::from_slice::<serde_json::Value>(&output.stdout).expect("valid JSON")
    };

    let json = run("json");
    assert_eq!(json["files"][0]["path"], name);
    let sarif = run("sarif");
    let location = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "two%0Alines%09and%0Dreturn.xml");
}

#[test]
fn github_output_annotates_lines() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.xml", BROKEN);
    twiml_lint()
        .args(["--format", "github"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("::error file="))
        .stdout(predicate::str::contains(",line=2,col=12,"));
}

#[test]
fn junit_output_has_a_failing_case() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.xml", BROKEN);
    write(dir.path(), "good.xml", CLEAN);
    let output = twiml_lint().args(["--format", "junit"]).arg(dir.path()).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("tests=\"2\" failures=\"1\""), "{stdout}");
    assert!(stdout.contains("<failure type=\"error\" message=\"1 error\">"), "{stdout}");
    let document = twiml::parse(&stdout);
    assert!(
        document.problems.is_empty(),
        "JUnit output is well-formed XML: {:?}",
        document.problems
    );
}

/// Reads the `<testcase>` elements of a `JUnit` report back with an XML parser, each as its
/// `name` attribute and the `message` attribute and text of its `<failure>`.
fn junit_cases(report: &str) -> Vec<(String, Option<(String, String)>)> {
    let document = twiml::parse(report);
    assert!(document.problems.is_empty(), "not well-formed: {:?}", document.problems);
    document
        .elements()
        .filter(|element| element.name() == "testcase")
        .map(|case| {
            let name = case.attribute_value("name").unwrap_or_default().to_owned();
            let failures: Vec<_> =
                case.child_elements().filter(|child| child.name() == "failure").collect();
            assert!(failures.len() <= 1, "more than one <failure> for {name:?}");
            let failure = failures.first().map(|failure| {
                let message = failure.attribute_value("message").unwrap_or_default().to_owned();
                (message, failure.text().into_owned())
            });
            (name, failure)
        })
        .collect()
}

#[test]
fn junit_lists_every_finding_in_one_failure() {
    let dir = tempfile::tempdir().unwrap();
    let source = "<Response>\n<Say vioce=\"x\">hi</Say>\n<Say loop=\"x\" vioce=\"y\">hi</Say>\n</Response>\n";
    write(dir.path(), "many.xml", source);
    let output = twiml_lint()
        .args(["--offline", "--format", "junit", "many.xml"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();

    assert!(stdout.contains("tests=\"1\" failures=\"1\""), "{stdout}");
    let cases = junit_cases(&stdout);
    assert_eq!(cases.len(), 1, "{stdout}");
    let (name, failure) = &cases[0];
    assert_eq!(name, "many.xml");
    let (message, text) = failure.as_ref().expect("a failure");
    assert_eq!(message, "1 error and 2 warnings");
    let expected = [
        "many.xml:2:6: warning[unknown-attribute] `vioce` is not an attribute of `<Say>` (Twilio 12200)",
        "many.xml:3:12: error[invalid-attribute-value] `x` is not a valid `loop` for `<Say>`: it is not a whole number (Twilio 13510)",
        "many.xml:3:15: warning[unknown-attribute] `vioce` is not an attribute of `<Say>` (Twilio 12200)",
    ];
    assert_eq!(text.lines().collect::<Vec<_>>(), expected);
}

#[test]
fn junit_keeps_line_breaks_in_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let name = "two\nlines\tand\rreturn.xml";
    write(dir.path(), name, "\u{feff}<Response/>\n");
    let output = twiml_lint()
        .args(["--offline", "--format", "junit", name])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();

    assert!(stdout.contains("name=\"two&#10;lines&#9;and&#13;return.xml\""), "{stdout}");
    let cases = junit_cases(&stdout);
    assert_eq!(cases.len(), 1, "{stdout}");
    assert_eq!(cases[0].0, name);
    let (_, text) = cases[0].1.as_ref().expect("a failure");
    assert!(text.starts_with("two\\nlines\tand\\rreturn.xml:1:1: warning"), "{text:?}");
}

#[test]
fn human_output_has_code_frame_and_no_color_when_piped() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.xml", BROKEN);
    let output = twiml_lint().arg(dir.path()).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("× `&` must be written `&amp;` when it does not start a reference"),
        "{stdout}"
    );
    assert!(stdout.contains(" 2 │   <Say>Tom & Jerry</Say>"), "{stdout}");
    assert!(!stdout.contains('\u{1b}'), "no escape codes when not a terminal: {stdout}");
    assert!(stdout.ends_with("checked 1 file: 1 error, 0 warnings in 1 file\n"), "{stdout}");
}

#[test]
fn human_frames_keep_document_line_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let says = "<Say vioce=\"x\">hi</Say>\r\n".repeat(3_000);
    write(dir.path(), "many.xml", &format!("<Response>\r\n{says}</Response>\r\n"));
    let output = twiml_lint().args(["--offline", "--no-progress"]).arg(dir.path()).output();
    let stdout = String::from_utf8(output.unwrap().stdout).unwrap();

    assert_eq!(stdout.matches("`vioce` is not an attribute of `<Say>`").count(), 3_000);
    let last_frame = [
        "many.xml:3001:6]",
        " 3000 │ <Say vioce=\"x\">hi</Say>",
        " 3001 │ <Say vioce=\"x\">hi</Say>",
        "      ·      ─────",
        " 3002 │ </Response>",
    ];
    for line in last_frame {
        assert!(stdout.contains(line), "missing {line:?} in the last frame");
    }
}

#[test]
fn inline_suppression_silences_the_next_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = "<Response>\n  <!-- twiml-lint-disable-next-line not-well-formed -->\n  <Say>Tom & Jerry</Say>\n</Response>\n";
    write(dir.path(), "a.xml", text);
    twiml_lint()
        .args(["--format", "compact"])
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no findings"));
}

#[test]
fn shards_split_files_between_runs() {
    let dir = tempfile::tempdir().unwrap();
    for n in 0..12 {
        write(dir.path(), &format!("f{n}.xml"), BROKEN);
    }
    let mut total = 0;
    for shard in ["1/3", "2/3", "3/3"] {
        let output = twiml_lint()
            .args(["--format", "json", "--shard", shard])
            .arg(dir.path())
            .output()
            .unwrap();
        let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        total += value["summary"]["files"].as_u64().unwrap();
    }
    assert_eq!(total, 12);
    twiml_lint().args(["--shard", "4/3", "."]).assert().code(2);
}

#[test]
fn offline_flag_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.xml", CLEAN);
    twiml_lint().arg("--offline").arg(dir.path()).assert().code(0);
}

#[test]
fn offline_links_are_counted_not_listed() {
    let dir = tempfile::tempdir().unwrap();
    let twiml = "<Response>\n  <Gather action=\"/menu\"><Say>Press 1</Say></Gather>\n  \
                 <Play>https://example.com/a.mp3</Play>\n  <Redirect>next.xml</Redirect>\n</Response>\n";
    write(dir.path(), "a.xml", twiml);
    let output =
        twiml_lint().args(["--offline", "--format", "compact"]).arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    // The missing file is worth a finding; the other two are only counted.
    assert_eq!(stdout.matches("unverified-link").count(), 1, "{stdout}");
    assert!(stdout.contains("next.xml"), "{stdout}");
    assert!(!stdout.contains("/menu"), "{stdout}");
    assert!(!stdout.contains("example.com"), "{stdout}");
    assert!(stdout.contains("; 2 links not checked (--offline)"), "{stdout}");

    let output =
        twiml_lint().args(["--offline", "--format", "json"]).arg(dir.path()).output().unwrap();
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(value["summary"]["links_not_checked"], 2);
}

#[test]
fn local_targets_judged_as_a_server_would_serve_them() {
    let dir = tempfile::tempdir().unwrap();
    let main = "<Response>\n  <Play>menu.xml</Play>\n  <Play>song.mp3</Play>\n  \
                <Redirect>notes.txt</Redirect>\n  <Gather action=\"old.xml.bak\"/>\n  \
                <Redirect>blank.bak</Redirect>\n</Response>\n";
    write(dir.path(), "main.xml", main);
    write(dir.path(), "menu.xml", CLEAN);
    write(dir.path(), "song.mp3", "ID3 not markup");
    write(dir.path(), "notes.txt", "call the office\n");
    write(dir.path(), "old.xml.bak", "<Response><Say>hello</Response>\n");
    write(dir.path(), "blank.bak", "  \n");
    let output = twiml_lint()
        .current_dir(dir.path())
        .args(["--offline", "--format", "compact", "main.xml", "menu.xml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> =
        stdout.lines().filter(|line| line.contains("[invalid-link-target]")).collect();
    assert_eq!(lines.len(), 4, "{stdout}");
    assert!(
        lines[0].starts_with("main.xml:2:9:")
            && lines[0].contains("`menu.xml` is an XML document, but `<Play>` needs media"),
        "{stdout}"
    );
    assert!(
        lines[1].starts_with("main.xml:4:13:")
            && lines[1].contains("`notes.txt` is not well-formed TwiML"),
        "{stdout}"
    );
    assert!(
        lines[2].starts_with("main.xml:5:19:")
            && lines[2].contains(
                "`old.xml.bak` is not well-formed TwiML: element `<Say>` is never closed at line 1"
            ),
        "{stdout}"
    );
    assert!(
        lines[3].starts_with("main.xml:6:13:") && lines[3].contains("`blank.bak` is empty"),
        "{stdout}"
    );
}

#[test]
fn local_document_played_as_media_without_other_links() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.xml", "<Response>\n  <Play>menu.xml</Play>\n</Response>\n");
    write(dir.path(), "menu.xml", CLEAN);
    let output = twiml_lint()
        .current_dir(dir.path())
        .args(["--offline", "--format", "compact", "."])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("main.xml:2:9: error[invalid-link-target]"), "{stdout}");
}

#[test]
fn audio_file_accepted_where_twilio_plays_audio() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.xml", "<Response><Redirect>goodbye.mp3</Redirect></Response>\n");
    write(dir.path(), "goodbye.mp3", "ID3 not markup");
    twiml_lint()
        .current_dir(dir.path())
        .args(["--offline", "--format", "compact", "main.xml"])
        .assert()
        .code(0);
}

#[test]
fn online_unplaced_relative_link_reported() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.xml", "<Response><Gather action=\"/menu\"/></Response>\n");
    let output = twiml_lint().args(["--format", "compact"]).arg(dir.path()).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("info[unverified-link]"), "{stdout}");
    assert!(stdout.contains("no deployed URL"), "{stdout}");
    assert!(!stdout.contains("not checked (--offline)"), "{stdout}");
}

#[test]
fn logging_flags_under_their_own_heading() {
    for command in [&["--help"][..], &["sign", "--help"], &["fmt", "--help"], &["check", "--help"]]
    {
        let output = twiml_lint().args(command).output().unwrap();
        let help = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(0), "{command:?}");
        let (before, logging) = help.split_once("\nLogging:\n").expect("a Logging heading");
        assert!(!before.contains("--verbose"), "{command:?}: {help}");
        assert!(!before.contains("--quiet"), "{command:?}: {help}");
        assert!(logging.contains("-v, --verbose"), "{command:?}: {help}");
        assert!(logging.contains("-q, --quiet"), "{command:?}: {help}");
    }
}

#[test]
fn rules_lists_and_explain_prints_a_page() {
    twiml_lint().arg("rules").assert().code(0).stdout(predicate::str::contains("not-well-formed"));
    // A logging flag before the subcommand is the subcommand's, not the start of a check.
    twiml_lint()
        .args(["-v", "rules"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("not-well-formed"));
    twiml_lint()
        .args(["explain", "not-well-formed"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("# not-well-formed"))
        .stdout(predicate::str::contains("## Why Twilio cares"));
    twiml_lint()
        .args(["explain", "not-well-formd"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `not-well-formed`?"));
}

#[test]
fn input_over_size_cap_is_refused_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let huge = "<Response>".to_owned() + &" ".repeat(17 * 1024 * 1024) + "</Response>";
    write(dir.path(), "huge.xml", &huge);
    twiml_lint()
        .arg("--offline")
        .arg(dir.path().join("huge.xml"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is larger than 16 MiB, so it is not checked"));
}

#[test]
fn extension_flag_accepts_a_leading_dot() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.twiml", BROKEN);
    twiml_lint()
        .args(["--offline", "--format", "compact", "--extension", ".twiml"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("a.twiml:2:12"));
}

#[test]
fn extension_that_never_matches_rejected() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.xml", CLEAN);
    let cases = [
        ("", "the extension is empty"),
        (".", "the extension is empty"),
        ("tar.gz", "it contains a dot"),
        ("*", "wildcards are not supported"),
    ];
    for (value, reason) in cases {
        let stderr = tool_error(dir.path(), &["--extension", value, "."]);
        let expected = format!("invalid value '{value}' for '--extension <EXT>': {reason}");
        assert!(stderr.contains(&squashed(&expected)), "{value:?}: {stderr}");
    }

    write(dir.path(), "twiml-lint.toml", "extensions = [\"xml\", \"\"]\n");
    let stderr = tool_error(dir.path(), &["."]);
    let config = dir.path().join("twiml-lint.toml");
    let expected = format!(
        "invalid extension \"\" in the `extensions` list of {}: the extension is empty",
        config.display()
    );
    assert!(stderr.contains(&squashed(&expected)), "{stderr}");
}

#[test]
fn control_characters_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "esc.xml", "<Response/>\n<?\u{1b}[2J\u{1b}]0;title\u{7}");
    for format in ["human", "compact", "github"] {
        let output =
            twiml_lint().args(["--offline", "--format", format]).arg(dir.path()).output().unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(!stdout.contains('\u{1b}'), "{format}: {stdout}");
        assert!(!stdout.contains('\u{7}'), "{format}: {stdout}");
    }
}
