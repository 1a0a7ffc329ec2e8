//! The on-disk cache of successful results, so that a rerun needs no network for links that
//! worked recently.
//!
//! - Only responses with an ok verdict are stored, each with the time it was fetched; entries
//!   older than the time to live are dropped on load.
//! - The key is the SHA-256 of the method, the URL, the parameters and the account SID, so
//!   the file holds no request parameters in the clear. The auth token is never part of a key
//!   or an entry, and neither is the signature.
//! - Each entry is a JSON array rather than an object, and the final URL is left out when no
//!   redirect was followed, so that a warm rerun reads a small file quickly.
//! - The file is written atomically (a temporary file in the same folder, then a rename) and
//!   readable by its owner only (mode 0600 on Unix).
//! - A file that does not parse is discarded with a warning; an entry that fails a check is
//!   dropped. Nothing read from the cache is trusted: address policy is checked before the
//!   cache is consulted, and a cached body is linted again like a fetched one.
//! - A file that is not a cache at all, such as a config file named by mistake, is an error
//!   when the cache is opened, so that saving the cache never replaces it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, RwLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::de::{IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};
use twiml::schema::HttpMethod;

use crate::links::{LinkError, MAX_BODY_BYTES};

/// The format version written to and expected in the file.
const VERSION: u32 = 2;

/// [`VERSION`] in decimal, as cache keys hash it.
const VERSION_DIGITS: &str = "2";

/// The key of a cached request: the SHA-256 of what makes two requests get the same
/// response, written in the file as 64 hexadecimal digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Key([u8; 32]);

impl Key {
    /// Reads a key written as 64 hexadecimal digits.
    pub fn from_hex(text: &str) -> Option<Key> {
        let mut bytes = [0; 32];
        hex::decode_to_slice(text, &mut bytes).ok()?;
        Some(Key(bytes))
    }
}

impl fmt::Display for Key {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        for byte in self.0 {
            write!(formatter, "{byte:02x}")?;
        }
        Ok(())
    }
}

/// A key is a digest, so its first eight bytes are as good a hash as any.
impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let mut first = [0; 8];
        first.copy_from_slice(&self.0[..8]);
        state.write_u64(u64::from_le_bytes(first));
    }
}

impl Serialize for Key {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Hashes [`Key`]s, which hash themselves as one `u64` taken from their digest.
#[derive(Debug, Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write_u64(&mut self, word: u64) {
        self.0 = word;
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `Key` is hashed with this hasher, and it writes one `u64`; other input is
        // still hashed in full.
        for &byte in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(byte)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A map keyed by [`Key`].
type KeyMap<V> = HashMap<Key, V, BuildHasherDefault<KeyHasher>>;

/// The largest cache file read; a larger one is discarded.
const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// A cached response, written in the file as the array
/// `[fetched_at, status, content_type, body, final_url, redirects]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Row", into = "Row")]
pub struct Entry {
    /// Seconds since the Unix epoch when it was fetched.
    pub fetched_at: u64,
    /// The HTTP status, 2xx.
    pub status: u16,
    /// The media type.
    pub content_type: Option<String>,
    /// The TwiML body, for documents.
    pub body: Option<String>,
    /// The URL of the last hop, which references in the body resolve against. It is `None`
    /// when no redirect was followed: the last hop is then the URL requested.
    pub final_url: Option<String>,
    /// Redirects followed.
    pub redirects: u32,
}

/// An [`Entry`] as the file stores it. An array spares the file the field names of every
/// entry, which made up a third of its size.
#[derive(Serialize, Deserialize)]
struct Row(u64, u16, Option<String>, Option<String>, Option<String>, u32);

impl From<Row> for Entry {
    fn from(Row(fetched_at, status, content_type, body, final_url, redirects): Row) -> Entry {
        Entry { fetched_at, status, content_type, body, final_url, redirects }
    }
}

impl From<Entry> for Row {
    fn from(entry: Entry) -> Row {
        let Entry { fetched_at, status, content_type, body, final_url, redirects } = entry;
        Row(fetched_at, status, content_type, body, final_url, redirects)
    }
}

#[derive(Debug, Serialize)]
struct File {
    version: u32,
    entries: BTreeMap<Key, Entry>,
}

/// The file as read: a hash map, which is quicker to build than the sorted map written.
/// The entries of a file of another format version are skipped unread, since their form may
/// differ; the version comes first in every file written.
#[derive(Debug)]
struct FileRead {
    version: u32,
    entries: ReadEntries,
}

impl<'de> Deserialize<'de> for FileRead {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<FileRead, D::Error> {
        deserializer.deserialize_map(FileReadVisitor)
    }
}

struct FileReadVisitor;

impl<'de> Visitor<'de> for FileReadVisitor {
    type Value = FileRead;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a link cache object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FileRead, A::Error> {
        let mut version = None;
        let mut entries = ReadEntries::default();
        while let Some(field) = map.next_key::<FileField>()? {
            match field {
                FileField::Version => version = Some(map.next_value()?),
                FileField::Entries if version.is_none_or(|version| version == VERSION) => {
                    entries = map.next_value()?;
                }
                FileField::Entries | FileField::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let version = version.ok_or_else(|| serde::de::Error::missing_field("version"))?;
        Ok(FileRead { version, entries })
    }
}

/// The fields of the cache file's object.
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum FileField {
    Version,
    Entries,
    #[serde(other)]
    Other,
}

/// The entries of the file with a valid key, and the number with an invalid one.
#[derive(Debug, Default)]
struct ReadEntries {
    entries: KeyMap<Entry>,
    invalid_keys: usize,
}

impl<'de> Deserialize<'de> for ReadEntries {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ReadEntries, D::Error> {
        deserializer.deserialize_map(ReadEntriesVisitor)
    }
}

struct ReadEntriesVisitor;

impl<'de> Visitor<'de> for ReadEntriesVisitor {
    type Value = ReadEntries;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an object of cache entries")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ReadEntries, A::Error> {
        let mut read = ReadEntries::default();
        while let Some(KeyText(key)) = map.next_key()? {
            let entry: Entry = map.next_value()?;
            match key {
                Some(key) => {
                    read.entries.insert(key, entry);
                }
                None => read.invalid_keys += 1,
            }
        }
        Ok(read)
    }
}

/// A key as the file writes it, `None` when it is not 64 hexadecimal digits. Its text is read
/// in place, without a copy.
struct KeyText(Option<Key>);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<KeyText, D::Error> {
        struct KeyTextVisitor;

        impl Visitor<'_> for KeyTextVisitor {
            type Value = KeyText;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a cache key")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<KeyText, E> {
                Ok(KeyText(Key::from_hex(text)))
            }
        }

        deserializer.deserialize_str(KeyTextVisitor)
    }
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
    added: Mutex<BTreeMap<Key, Entry>>,
    /// Cached bodies that linted clean in this run, so that the same body served at many
    /// URLs is linted once. A cache is opened for one run, with one lint configuration.
    /// Every worker reads it for each cached document, and it rarely grows, so readers share
    /// its lock rather than wait for one another.
    clean: RwLock<HashSet<String>>,
}

/// The maximum number of bodies remembered as clean, and the maximum length of one, so that
/// the set stays small.
const MAX_CLEAN_BODIES: usize = 1_024;
const MAX_CLEAN_BODY_BYTES: usize = 4_096;

/// The entries of the cache file, with the warnings reading it gave.
#[derive(Debug, Default)]
struct Read {
    entries: KeyMap<Entry>,
    warnings: Vec<String>,
    /// Whether the file needs writing again even if nothing is added: entries were dropped,
    /// or its permissions were too open.
    changed: bool,
}

/// Returns the key of a request: a hash of what makes two requests get the same response.
pub fn key(
    method: HttpMethod,
    url: &str,
    params: &[(String, String)],
    account_sid: Option<&str>,
) -> Key {
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
    Key(hasher.finalize().into())
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_secs())
}

impl Cache {
    /// Opens the cache at `path` without reading its entries: they are read when an entry is
    /// first looked up. Only the start of an existing file is read now, to check that it is a
    /// cache that may be replaced.
    pub fn open(path: &Path, ttl: Duration) -> Result<Cache, LinkError> {
        check_replaceable(path)?;
        Ok(Cache {
            path: path.to_owned(),
            ttl,
            read: OnceLock::new(),
            added: Mutex::default(),
            clean: RwLock::default(),
        })
    }

    /// Opens and reads the cache at `path`, with the warnings reading it gave. A missing file
    /// is an empty cache; a cache file that cannot be read or parsed is an empty cache and a
    /// warning. A file that is not a cache is an error, as for [`Cache::open`].
    pub fn load(path: &Path, ttl: Duration) -> Result<(Cache, Vec<String>), LinkError> {
        let cache = Cache::open(path, ttl)?;
        let warnings = cache.read().warnings.clone();
        Ok((cache, warnings))
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

    /// Returns the entry of the file for `key`. Entries older than the time to live were
    /// dropped when the file was read, which is once per run. Entries added by this run are
    /// not looked up, because the session keeps the responses of its own requests.
    pub fn get(&self, key: &Key) -> Option<&Entry> {
        self.read().entries.get(key)
    }

    /// Stores a successful response.
    pub fn put(&self, key: Key, entry: Entry) {
        // Only an insert runs under the lock, so a lock poisoned by a panic still guards a
        // whole map.
        let mut added = self.added.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        added.insert(key, entry);
    }

    /// Checks whether `body` linted clean earlier in this run.
    pub fn is_clean(&self, body: &str) -> bool {
        let clean = self.clean.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        clean.contains(body)
    }

    /// Remembers that `body` lints clean, unless it is long or many are remembered already.
    pub fn remember_clean(&self, body: &str) {
        let mut clean = self.clean.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        if body.len() <= MAX_CLEAN_BODY_BYTES && clean.len() < MAX_CLEAN_BODIES {
            clean.insert(body.to_owned());
        }
    }

    /// Returns a new entry stamped with the current time. `final_url` is `None` when the last
    /// hop was the URL requested.
    pub fn entry(
        status: u16,
        content_type: Option<String>,
        body: Option<String>,
        final_url: Option<String>,
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

    fn merged(&self) -> BTreeMap<Key, Entry> {
        let mut entries: BTreeMap<Key, Entry> = self
            .read
            .get()
            .map(|read| read.entries.iter().map(|(key, entry)| (*key, entry.clone())).collect())
            .unwrap_or_default();
        let added = self.added.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        entries.extend(added.iter().map(|(key, entry)| (*key, entry.clone())));
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

/// The text every cache file starts with, whitespace aside: the cache writes `version` as the
/// first key of its object.
const FILE_START: &[u8] = br#"{"version":"#;

/// How much of an existing file is read to tell whether it is a cache. A cache file has no
/// whitespace before its first key, so this leaves room for files edited by hand.
const SNIFF_BYTES: u64 = 1024;

/// Checks that saving a cache at `path` would replace no other kind of file. The path may be
/// missing, or name a regular file that is empty or starts as a cache file does, even one cut
/// short within its first key. A file that cannot be opened passes too, and reading it later
/// gives the warning.
fn check_replaceable(path: &Path) -> Result<(), LinkError> {
    let not_a_cache = || LinkError::NotACache { path: path.to_owned() };
    let Ok(metadata) = std::fs::metadata(path) else { return Ok(()) };
    // A device or a pipe would be replaced by a regular file, and reading a pipe could block.
    if !metadata.is_file() {
        return Err(not_a_cache());
    }
    let Ok(file) = std::fs::File::open(path) else { return Ok(()) };
    let mut start = Vec::new();
    if file.take(SNIFF_BYTES).read_to_end(&mut start).is_err() {
        return Ok(());
    }
    start.retain(|byte| !byte.is_ascii_whitespace());
    let looks_like_cache = start.starts_with(FILE_START) || FILE_START.starts_with(&start);
    if looks_like_cache { Ok(()) } else { Err(not_a_cache()) }
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
    let ReadEntries { mut entries, invalid_keys } = file.entries;
    let mut dropped = invalid_keys;
    entries.retain(|_, entry| {
        if !is_valid(entry) {
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

/// Checks an entry read from disk: a 2xx status, a body within the cap, no more redirects
/// than are followed. The final URL is parsed when the entry is used, and an entry whose URL
/// does not parse is not used.
fn is_valid(entry: &Entry) -> bool {
    (200..300).contains(&entry.status)
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
        Cache::entry(200, Some("text/xml".to_owned()), Some("<Response/>".to_owned()), None, 0)
    }

    #[test]
    fn keys_read_back_from_their_text() {
        let key = key(HttpMethod::Get, "https://a.test/", &[], None);
        let text = key.to_string();
        assert_eq!(text.len(), 64);
        assert!(text.bytes().all(|byte| byte.is_ascii_hexdigit() && !byte.is_ascii_uppercase()));
        assert_eq!(Key::from_hex(&text), Some(key));
        assert_eq!(Key::from_hex(&text[1..]), None);
        assert_eq!(Key::from_hex(&format!("{}g", &text[1..])), None);
    }

    #[test]
    fn entries_written_as_arrays() {
        let moved = Entry {
            final_url: Some("https://example.com/b".to_owned()),
            redirects: 1,
            fetched_at: 7,
            ..sample()
        };
        let json = serde_json::to_string(&moved).expect("json");
        assert_eq!(json, r#"[7,200,"text/xml","<Response/>","https://example.com/b",1]"#);
        assert_eq!(serde_json::from_str::<Entry>(&json).expect("entry"), moved);
        let unmoved = serde_json::to_string(&Entry { fetched_at: 7, ..sample() }).expect("json");
        assert_eq!(unmoved, r#"[7,200,"text/xml","<Response/>",null,0]"#);
    }

    #[test]
    fn keys_depend_on_every_part() {
        let params = vec![("A".to_owned(), "1".to_owned())];
        let base = key(HttpMethod::Get, "https://a.test/", &params, Some("AC1"));
        assert_eq!(base.to_string().len(), 64);
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
        let (cache, warnings) = Cache::load(&path, Duration::from_secs(60)).expect("cache opens");
        assert!(warnings.is_empty());
        let key = key(HttpMethod::Get, "https://example.com/a", &[], None);
        cache.put(key, sample());
        cache.save().expect("saved");

        let (loaded, warnings) = Cache::load(&path, Duration::from_secs(60)).expect("cache opens");
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
        write_owner_only(&path, r#"{"version": 2, "entries": { not json"#);
        let (cache, warnings) = Cache::load(&path, Duration::from_secs(60)).expect("cache opens");
        assert!(cache.is_empty());
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("is corrupt"), "{}", warnings[0]);
    }

    #[test]
    fn other_format_version_discarded_with_warning() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("links.json");
        // Version 1 wrote each entry as an object.
        let old = format!(
            r#"{{"version":1,"entries":{{"{}":{{"fetched_at":{},"status":200,"content_type":null,"body":null,"final_url":"https://example.com/a","redirects":0}}}}}}"#,
            "0".repeat(64),
            now()
        );
        write_owner_only(&path, &old);
        let (cache, warnings) = Cache::load(&path, Duration::from_secs(60)).expect("cache opens");
        assert!(cache.is_empty());
        assert_eq!(
            warnings,
            [format!(
                "the link cache {} has format version 1, not {VERSION}, so it was discarded",
                path.display()
            )]
        );
    }

    #[test]
    fn invalid_and_stale_entries_dropped() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("links.json");
        let good = key(HttpMethod::Get, "https://example.com/a", &[], None);
        let stale = key(HttpMethod::Get, "https://example.com/b", &[], None);
        let mut entries = BTreeMap::new();
        entries.insert(good, sample());
        entries.insert(stale, Entry { fetched_at: 10, ..sample() });
        entries.insert(
            key(HttpMethod::Get, "https://example.com/c", &[], None),
            Entry { status: 500, ..sample() },
        );
        let text = serde_json::to_string(&File { version: VERSION, entries }).expect("json");
        let row = serde_json::to_string(&sample()).expect("json");
        let text =
            text.replacen("\"entries\":{", &format!("\"entries\":{{\"not-a-key\":{row},"), 1);
        write_owner_only(&path, &text);

        let (cache, warnings) = Cache::load(&path, Duration::from_secs(3600)).expect("cache opens");
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
        let (cache, warnings) = Cache::load(&path, Duration::from_secs(60)).expect("cache opens");
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("readable by others (mode 644)"), "{}", warnings[0]);
        cache.save().expect("saved");
        let mode = std::fs::metadata(&path).expect("metadata").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[test]
    fn other_file_rejected_and_kept() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("twiml-lint.toml");
        let text = "[rules]\nunknown-voice = \"off\"\n";
        std::fs::write(&path, text).expect("write");
        let error = Cache::open(&path, Duration::from_secs(60)).expect_err("not a cache");
        assert!(matches!(&error, LinkError::NotACache { path: named } if *named == path));
        assert_eq!(
            error.to_string(),
            format!("{} exists and is not a twiml-lint link cache", path.display())
        );
        assert_eq!(std::fs::read_to_string(&path).expect("read"), text);

        std::fs::write(&path, "[1, 2]").expect("write");
        assert!(Cache::open(&path, Duration::from_secs(60)).is_err(), "a JSON array");
        std::fs::write(&path, r#"{"entries": {}, "version": 2}"#).expect("write");
        assert!(Cache::open(&path, Duration::from_secs(60)).is_err(), "another JSON object");
    }

    #[test]
    fn folder_rejected() {
        let dir = tempfile::tempdir().expect("temporary folder");
        assert!(Cache::open(dir.path(), Duration::from_secs(60)).is_err());
    }

    #[test]
    fn empty_and_cut_short_caches_opened() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("links.json");
        let full = format!(r#"{{"version":{VERSION},"entries":{{}}}}"#);
        let cases =
            ["", "  \n", "{", r#"{"vers"#, r#"{"version":"#, &full[..full.len() - 3], &full];
        for text in cases {
            write_owner_only(&path, text);
            assert!(Cache::open(&path, Duration::from_secs(60)).is_ok(), "{text:?}");
        }
        write_owner_only(
            &path,
            &format!("{{\n  \"version\": {VERSION},\n  \"entries\": {{}}\n}}\n"),
        );
        let (_, warnings) =
            Cache::load(&path, Duration::from_secs(60)).expect("indented cache opens");
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn cut_short_cache_discarded_with_warning() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("links.json");
        write_owner_only(&path, r#"{"version":2,"entr"#);
        let (cache, warnings) = Cache::load(&path, Duration::from_secs(60)).expect("cache opens");
        assert!(cache.is_empty());
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("is corrupt"), "{}", warnings[0]);
    }
}
