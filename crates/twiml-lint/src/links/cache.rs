//! The on-disk cache of successful results, so that a rerun needs no network for links that
//! worked recently.
//!
//! - Only answers with an ok verdict are stored, each with the time it was fetched; entries
//!   older than the time to live are dropped on load.
//! - The key is the SHA-256 of the method, the URL, the parameters and the account SID, so
//!   the file holds no request parameters in the clear. The auth token is never part of a key
//!   or an entry, and neither is the signature.
//! - The file is written atomically (a temporary file in the same folder, then a rename) and
//!   readable by its owner only (mode 0600 on Unix).
//! - A file that does not parse is discarded with a warning; an entry that fails a check is
//!   dropped. Nothing read from the cache is trusted: address policy is checked before the
//!   cache is consulted, and a cached body is linted again like a fetched one.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use twiml::schema::HttpMethod;

use crate::links::MAX_BODY_BYTES;

/// The format version written to and expected in the file.
const VERSION: u32 = 1;

/// [`VERSION`] in decimal, as cache keys hash it.
const VERSION_DIGITS: &str = "1";

/// Hashes cache keys. A key is the hexadecimal SHA-256 of a request, so its first bytes are
/// as good a hash as any, and reading 16 of them is quicker than hashing all 64.
#[derive(Debug, Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        // `str` hashes its bytes and then a `0xff`, which adds nothing here.
        for chunk in bytes.chunks(8).take(2) {
            let mut word = [0; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The largest cache file read; a larger one is discarded.
const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// A cached answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Seconds since the Unix epoch when it was fetched.
    pub fetched_at: u64,
    /// The HTTP status, 2xx.
    pub status: u16,
    /// The media type.
    pub content_type: Option<String>,
    /// The TwiML body, for documents.
    pub body: Option<String>,
    /// The URL of the last hop, which references in the body resolve against.
    pub final_url: String,
    /// Redirects followed.
    pub redirects: u32,
}

#[derive(Debug, Serialize, Deserialize)]
struct File {
    version: u32,
    entries: BTreeMap<String, Entry>,
}

/// The file as read: a hash map, which is quicker to build than the sorted map written.
#[derive(Debug, Deserialize)]
struct FileRead {
    version: u32,
    entries: HashMap<String, Entry, BuildHasherDefault<KeyHasher>>,
}

/// The cache: the entries of the file, read on first use, and the responses this run added.
///
/// It is shared by reference between the threads of a run. The workers read it to settle
/// requests without the link session, and the session reads it too and adds to it. The file
/// is read by whichever thread needs it first, so that the others need not wait for it when
/// they have no request.
#[derive(Debug)]
pub struct Cache {
    path: PathBuf,
    ttl: Duration,
    read: OnceLock<Read>,
    added: Mutex<BTreeMap<String, Entry>>,
    /// Cached bodies that linted clean in this run, so that the same body served at many
    /// URLs is linted once. A cache is opened for one run, with one lint configuration.
    clean: Mutex<HashSet<String>>,
}

/// The maximum number of bodies remembered as clean, and the maximum length of one, so that
/// the set stays small.
const MAX_CLEAN_BODIES: usize = 1_024;
const MAX_CLEAN_BODY_BYTES: usize = 4_096;

/// The entries of the cache file, with the warnings reading it gave.
#[derive(Debug, Default)]
struct Read {
    entries: HashMap<String, Entry, BuildHasherDefault<KeyHasher>>,
    warnings: Vec<String>,
    /// Whether the file needs writing again even if nothing is added: entries were dropped,
    /// or its permissions were too open.
    changed: bool,
}

/// The key of a request: a hash of what makes two requests the same answer.
pub fn key(
    method: HttpMethod,
    url: &str,
    params: &[(String, String)],
    account_sid: Option<&str>,
) -> String {
    let mut hasher = Sha256::new();
    hasher.update(b"twiml-lint cache v");
    hasher.update(VERSION_DIGITS);
    hasher.update([0]);
    hasher.update(method.as_str());
    hasher.update([0]);
    hasher.update(url);
    hasher.update([0]);
    let mut sorted: Vec<&(String, String)> = params.iter().collect();
    sorted.sort();
    for (name, value) in sorted {
        hasher.update(name);
        hasher.update([b'=']);
        hasher.update(value);
        hasher.update([0]);
    }
    hasher.update(account_sid.unwrap_or("-"));
    hex::encode(hasher.finalize())
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_secs())
}

impl Cache {
    /// Opens the cache at `path` without reading it: the file is read when an entry is first
    /// looked up.
    pub fn open(path: &Path, ttl: Duration) -> Cache {
        Cache {
            path: path.to_owned(),
            ttl,
            read: OnceLock::new(),
            added: Mutex::default(),
            clean: Mutex::default(),
        }
    }

    /// Opens and reads the cache at `path`, with the warnings reading it gave. A missing file
    /// is an empty cache; a file that cannot be read or parsed is an empty cache and a
    /// warning.
    pub fn load(path: &Path, ttl: Duration) -> (Cache, Vec<String>) {
        let cache = Cache::open(path, ttl);
        let warnings = cache.read().warnings.clone();
        (cache, warnings)
    }

    /// Reads the file now, if no thread has yet, so that the first lookup need not wait.
    pub fn preload(&self) {
        self.read();
    }

    fn read(&self) -> &Read {
        self.read.get_or_init(|| read_file(&self.path, self.ttl))
    }

    /// Returns the warnings reading the file gave, or none when it was never read.
    pub fn warnings(&self) -> Vec<String> {
        self.read.get().map(|read| read.warnings.clone()).unwrap_or_default()
    }

    /// Returns the entry of the file for `key`, if fresh. Entries added by this run are not
    /// looked up, because the session keeps the responses of its own requests.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        let entry = self.read().entries.get(key)?;
        (entry.fetched_at >= now().saturating_sub(self.ttl.as_secs())).then_some(entry)
    }

    /// Stores a successful answer.
    pub fn put(&self, key: String, entry: Entry) {
        // Only an insert runs under the lock, so a lock poisoned by a panic still guards a
        // whole map.
        let mut added = self.added.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        added.insert(key, entry);
    }

    /// Checks whether `body` linted clean earlier in this run.
    pub fn is_clean(&self, body: &str) -> bool {
        let clean = self.clean.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        clean.contains(body)
    }

    /// Remembers that `body` lints clean, unless it is long or many are remembered already.
    pub fn remember_clean(&self, body: &str) {
        let mut clean = self.clean.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if body.len() <= MAX_CLEAN_BODY_BYTES && clean.len() < MAX_CLEAN_BODIES {
            clean.insert(body.to_owned());
        }
    }

    /// A new entry stamped with the current time.
    pub fn entry(
        status: u16,
        content_type: Option<String>,
        body: Option<String>,
        final_url: String,
        redirects: u32,
    ) -> Entry {
        Entry { fetched_at: now(), status, content_type, body, final_url, redirects }
    }

    /// Returns the number of entries, read and added, counting a key in both once.
    pub fn len(&self) -> usize {
        let read = self.read.get().map(|read| &read.entries);
        let added = self.added.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let new = added.keys().filter(|key| read.is_none_or(|entries| !entries.contains_key(*key)));
        read.map_or(0, HashMap::len) + new.count()
    }

    /// Checks whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn merged(&self) -> BTreeMap<String, Entry> {
        let mut entries: BTreeMap<String, Entry> = self
            .read
            .get()
            .map(|read| {
                read.entries.iter().map(|(key, entry)| (key.clone(), entry.clone())).collect()
            })
            .unwrap_or_default();
        let added = self.added.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        entries.extend(added.iter().map(|(key, entry)| (key.clone(), entry.clone())));
        entries
    }

    /// Writes the cache if anything changed: to a temporary file readable by its owner only,
    /// then renamed over the cache file. A file that was never read is written only when
    /// responses were added, and then it is read first so that its entries are kept.
    pub fn save(&self) -> std::io::Result<()> {
        let added =
            !self.added.lock().unwrap_or_else(std::sync::PoisonError::into_inner).is_empty();
        let changed = self.read.get().is_some_and(|read| read.changed);
        if !added && !changed {
            return Ok(());
        }
        self.read();
        let file = File { version: VERSION, entries: self.merged() };
        let bytes = serde_json::to_vec(&file).map_err(std::io::Error::other)?;
        let folder = match self.path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
            _ => PathBuf::from("."),
        };
        let name =
            self.path.file_name().map_or_else(|| "cache".into(), |name| name.to_string_lossy());
        let nanos =
            SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.subsec_nanos());
        let temporary = folder.join(format!(".{name}.{}.{nanos}.tmp", std::process::id()));

        let written = write_private(&temporary, &bytes)
            .and_then(|()| std::fs::rename(&temporary, &self.path));
        if written.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        written
    }
}

/// Reads the cache file at `path`, dropping entries older than `ttl`.
fn read_file(path: &Path, ttl: Duration) -> Read {
    let mut read = Read::default();
    let shown = path.display();

    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return read,
        Err(error) => {
            read.warnings.push(format!(
                "cannot read the link cache {shown}: {error}; starting with an empty cache"
            ));
            return read;
        }
    };
    if metadata.len() > MAX_FILE_BYTES {
        read.warnings.push(format!(
            "the link cache {shown} is larger than {} MiB, so it was discarded",
            MAX_FILE_BYTES / 1024 / 1024
        ));
        read.changed = true;
        return read;
    }
    if let Some(warning) = permission_warning(&metadata, path) {
        read.warnings.push(warning);
        read.changed = true;
    }

    let parsed = std::fs::read(path).map_err(|error| error.to_string()).and_then(|bytes| {
        serde_json::from_slice::<FileRead>(&bytes).map_err(|error| error.to_string())
    });
    let file = match parsed {
        Ok(file) if file.version == VERSION => file,
        Ok(file) => {
            read.warnings.push(format!(
                "the link cache {shown} has format version {}, not {VERSION}, so it was discarded",
                file.version
            ));
            read.changed = true;
            return read;
        }
        Err(error) => {
            read.warnings.push(format!(
                "the link cache {shown} is corrupt ({}), so it was discarded",
                shortened(&error)
            ));
            read.changed = true;
            return read;
        }
    };

    let oldest = now().saturating_sub(ttl.as_secs());
    let newest = now() + 60;
    let mut dropped = 0;
    let mut entries = file.entries;
    entries.retain(|key, entry| {
        if !is_valid(key, entry) {
            dropped += 1;
            return false;
        }
        let fresh = (oldest..=newest).contains(&entry.fetched_at);
        read.changed |= !fresh;
        fresh
    });
    read.entries = entries;
    if dropped > 0 {
        read.warnings.push(format!(
            "dropped {} from the link cache {shown}",
            entries_phrase(dropped, "invalid ")
        ));
        read.changed = true;
    }
    log::debug!("loaded {} from the link cache {shown}", entries_phrase(read.entries.len(), ""));
    read
}

/// Writes a count of entries in words: `1 entry`, `2 invalid entries`.
fn entries_phrase(count: usize, adjective: &str) -> String {
    if count == 1 { format!("1 {adjective}entry") } else { format!("{count} {adjective}entries") }
}

/// The maximum length of a parse error shown, in characters: serde's message quotes the offending
/// value, which in a damaged file can be megabytes long.
const MAX_ERROR_CHARS: usize = 200;

/// Cuts `error` to [`MAX_ERROR_CHARS`] characters.
fn shortened(error: &str) -> String {
    if error.chars().count() <= MAX_ERROR_CHARS {
        return error.to_owned();
    }
    let mut cut: String = error.chars().take(MAX_ERROR_CHARS).collect();
    cut.push('…');
    cut
}

/// Checks an entry read from disk: a hex key, a 2xx status, a body within the cap. The final
/// URL is parsed when the entry is used, and an entry whose URL does not parse is not used.
fn is_valid(key: &str, entry: &Entry) -> bool {
    key.len() == 64
        && key.bytes().all(|byte| byte.is_ascii_hexdigit())
        && (200..300).contains(&entry.status)
        && entry.body.as_ref().is_none_or(|body| body.len() <= MAX_BODY_BYTES)
        && entry.redirects <= crate::links::fetch::MAX_REDIRECTS
}

/// Creates `path` with mode 0600 and writes `bytes` to it, synced to disk.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(unix)]
fn permission_warning(metadata: &std::fs::Metadata, path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt as _;
    let mode = metadata.permissions().mode() & 0o777;
    (mode & 0o077 != 0).then(|| {
        format!(
            "the link cache {} is readable by others (mode {mode:o}); it is rewritten with mode 600",
            path.display()
        )
    })
}

#[cfg(not(unix))]
fn permission_warning(_metadata: &std::fs::Metadata, _path: &Path) -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_digits_spell_version() {
        assert_eq!(VERSION_DIGITS, VERSION.to_string());
    }

    /// Writes a cache file by hand, owner-only as the cache writes it.
    fn write_owner_only(path: &Path, text: &str) {
        std::fs::write(path, text).expect("write");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        }
    }

    fn sample() -> Entry {
        Cache::entry(
            200,
            Some("text/xml".to_owned()),
            Some("<Response/>".to_owned()),
            "https://example.com/a".to_owned(),
            0,
        )
    }

    #[test]
    fn keys_depend_on_every_part() {
        let params = vec![("A".to_owned(), "1".to_owned())];
        let base = key(HttpMethod::Get, "https://a.test/", &params, Some("AC1"));
        assert_eq!(base.len(), 64);
        assert_ne!(base, key(HttpMethod::Post, "https://a.test/", &params, Some("AC1")));
        assert_ne!(base, key(HttpMethod::Get, "https://a.test/x", &params, Some("AC1")));
        assert_ne!(base, key(HttpMethod::Get, "https://a.test/", &[], Some("AC1")));
        assert_ne!(base, key(HttpMethod::Get, "https://a.test/", &params, Some("AC2")));
        assert_eq!(base, key(HttpMethod::Get, "https://a.test/", &params, Some("AC1")));
    }

    #[test]
    fn round_trip_with_owner_only_mode() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("links.json");
        let (cache, warnings) = Cache::load(&path, Duration::from_secs(60));
        assert!(warnings.is_empty());
        let key = key(HttpMethod::Get, "https://example.com/a", &[], None);
        cache.put(key.clone(), sample());
        cache.save().expect("saved");

        let (loaded, warnings) = Cache::load(&path, Duration::from_secs(60));
        assert!(warnings.is_empty(), "{warnings:?}");
        let entry = loaded.get(&key).expect("entry");
        assert_eq!(entry.status, 200);
        assert_eq!(entry.body.as_deref(), Some("<Response/>"));
        assert_eq!(loaded.len(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).expect("metadata").permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).expect("list").flatten().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
    }

    #[test]
    fn corrupt_file_discarded_with_warning() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("links.json");
        write_owner_only(&path, "{ not json");
        let (cache, warnings) = Cache::load(&path, Duration::from_secs(60));
        assert!(cache.is_empty());
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("is corrupt"), "{}", warnings[0]);
    }

    #[test]
    fn invalid_and_stale_entries_dropped() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("links.json");
        let good = key(HttpMethod::Get, "https://example.com/a", &[], None);
        let stale = key(HttpMethod::Get, "https://example.com/b", &[], None);
        let mut entries = BTreeMap::new();
        entries.insert(good.clone(), sample());
        entries.insert(stale.clone(), Entry { fetched_at: 10, ..sample() });
        entries.insert("not-a-key".to_owned(), sample());
        entries.insert(
            key(HttpMethod::Get, "https://example.com/c", &[], None),
            Entry { status: 500, ..sample() },
        );
        let text = serde_json::to_string(&File { version: VERSION, entries }).expect("json");
        write_owner_only(&path, &text);

        let (cache, warnings) = Cache::load(&path, Duration::from_secs(3600));
        assert!(cache.get(&good).is_some());
        assert!(cache.get(&stale).is_none());
        assert_eq!(cache.len(), 1);
        assert_eq!(
            warnings,
            [format!("dropped 2 invalid entries from the link cache {}", path.display())]
        );
    }

    #[cfg(unix)]
    #[test]
    fn readable_by_others_warned_and_rewritten() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("links.json");
        let text = serde_json::to_string(&File { version: VERSION, entries: BTreeMap::new() })
            .expect("json");
        std::fs::write(&path, text).expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        let (cache, warnings) = Cache::load(&path, Duration::from_secs(60));
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("readable by others (mode 644)"), "{}", warnings[0]);
        cache.save().expect("saved");
        let mode = std::fs::metadata(&path).expect("metadata").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}
