//! The on-disk cache of successful results, so that a rerun needs no network for links that
//! worked recently.
//!
//! - Only responses with an ok verdict are stored, each with the time it was fetched; entries
//!   older than the time to live are dropped on load.
//! - The key is the SHA-256 of the method, the URL, the parameters and the account SID, so
//!   the file holds no request parameters in the clear. The auth token is never part of a key
//!   or an entry, and neither is the signature.
//! - The file is binary: a line of text that names it, then the format version and the
//!   entries in postcard's encoding. A warm rerun reads it in a fraction of the time JSON took,
//!   since keys need no hexadecimal and bodies no unescaping.
//! - The file is written atomically (a temporary file in the same folder, then a rename) and
//!   readable by its owner only (mode 0600 on Unix).
//! - A file that does not decode is discarded with a warning, and an entry that fails a check
//!   is dropped. Nothing read from the cache is trusted: address policy is checked before the
//!   cache is consulted, and a cached body is linted again like a fetched one.
//! - A file that is not a cache at all, such as a config file named by mistake, is an error
//!   when the cache is opened, so that saving the cache never replaces it.

use std::collections::{BTreeMap, HashMap, HashSet, btree_map};
use std::fmt;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, RwLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::de::Visitor;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};
use twiml::schema::HttpMethod;

use crate::links::{LinkError, MAX_BODY_BYTES};

/// The format version written to and expected in the file.
const VERSION: u32 = 3;

/// [`VERSION`] in decimal, as cache keys hash it.
const VERSION_DIGITS: &str = "3";

/// The line every cache file starts with, so that a cache is recognized before it is
/// replaced, and a person who opens one can tell what it is.
const MAGIC: &[u8] = b"twiml-lint link cache\n";

/// The starts of the JSON files that earlier releases wrote, format versions 1 and 2, always
/// without spaces. Such a file is a cache too: it may be replaced, and it is discarded with a
/// warning when read. Other JSON, even with a `version` key first, is not a cache.
const JSON_STARTS: [&[u8]; 2] = [br#"{"version":1,"entries":{"#, br#"{"version":2,"entries":{"#];

/// The key of a cached request: the SHA-256 of what makes two requests get the same
/// response, written in the file as its 32 bytes. Keys read from a file may have been chosen by
/// an attacker, so maps of keys use the standard library's randomly keyed hasher: keys made to
/// collide cannot slow the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key([u8; 32]);

/// Shows a key as 64 hexadecimal digits, for logs.
impl fmt::Display for Key {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        for byte in self.0 {
            write!(formatter, "{byte:02x}")?;
        }
        Ok(())
    }
}

/// A key is written as a byte string, which postcard copies in one piece rather than as 32
/// separate numbers.
impl Serialize for Key {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key, D::Error> {
        struct KeyVisitor;

        impl Visitor<'_> for KeyVisitor {
            type Value = Key;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a cache key of 32 bytes")
            }

            fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Key, E> {
                let bytes = bytes
                    .try_into()
                    .map_err(|_| E::invalid_length(bytes.len(), &"a cache key of 32 bytes"))?;
                Ok(Key(bytes))
            }
        }

        deserializer.deserialize_bytes(KeyVisitor)
    }
}

/// A map keyed by [`Key`].
type KeyMap<V> = HashMap<Key, V>;

/// The largest cache file read; a larger one is discarded.
const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// A cached response, written in the file as the tuple
/// `(fetched_at, status, content_type, body, final_url, redirects)`.
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

/// An [`Entry`] as the file stores it: its fields in order, without their names.
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

/// Encodes a cache file: [`MAGIC`], then the version and the entries, sorted by key so that
/// the same entries always give the same bytes.
fn encode(entries: &BTreeMap<Key, Entry>) -> Result<Vec<u8>, postcard::Error> {
    let mut bytes = MAGIC.to_vec();
    postcard::to_io(&(VERSION, entries), &mut bytes)?;
    Ok(bytes)
}

/// The contents of a cache file, as [`decode`] reads them.
#[derive(Debug)]
enum Decoded {
    /// The entries of a file of this format version.
    Entries(KeyMap<Entry>),
    /// A file of another format version, whose entries were not read.
    OtherVersion(u32),
    /// A JSON file of an earlier release.
    Json,
}

/// Decodes the bytes of a cache file, or describes why they are not one.
fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    let Some(body) = bytes.strip_prefix(MAGIC) else {
        if JSON_STARTS.iter().any(|start| bytes.starts_with(start)) {
            return Ok(Decoded::Json);
        }
        return Err("it does not start as a twiml-lint link cache".to_owned());
    };
    let (version, rest) = postcard::take_from_bytes::<u32>(body).map_err(decode_error)?;
    if version != VERSION {
        return Ok(Decoded::OtherVersion(version));
    }
    let (entries, rest) = postcard::take_from_bytes::<KeyMap<Entry>>(rest).map_err(decode_error)?;
    if !rest.is_empty() {
        return Err(format!("{} bytes follow the entries", rest.len()));
    }
    Ok(Decoded::Entries(entries))
}

/// Describes why the bytes after the header do not decode.
fn decode_error(error: postcard::Error) -> String {
    match error {
        postcard::Error::DeserializeUnexpectedEnd => "it ends in the middle of an entry".to_owned(),
        postcard::Error::DeserializeBadUtf8 => "it contains text that is not UTF-8".to_owned(),
        other => other.to_string(),
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
    /// then renamed over the cache file. The file is read again under a lock just before it
    /// is replaced, so that its entries are kept, those saved meanwhile by another run too.
    pub fn save(&self) -> std::io::Result<()> {
        let added =
            !self.added.lock().unwrap_or_else(std::sync::PoisonError::into_inner).is_empty();
        let changed = self.read.get().is_some_and(|read| read.changed);
        if !added && !changed {
            return Ok(());
        }
        let path = file_behind_links(&self.path);
        let folder = match path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
            _ => PathBuf::from("."),
        };
        let name = path.file_name().map_or_else(|| "cache".into(), |name| name.to_string_lossy());

        // Runs that share the file take turns from here to the rename, so that none replaces
        // the file between another's reading and writing it.
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(folder.join(format!(".{name}.lock")))?;
        lock_within(&lock, LOCK_WAIT)?;

        // The file may have changed since the run opened the cache.
        check_replaceable(&path).map_err(std::io::Error::other)?;
        let mut entries = self.merged();
        // Another run may have saved the file since this one read it. Its entries are kept,
        // the newer of two for one key, so that runs sharing a cache keep each other's work.
        for (key, entry) in read_file(&path, self.ttl).entries {
            match entries.entry(key) {
                btree_map::Entry::Vacant(vacant) => {
                    vacant.insert(entry);
                }
                btree_map::Entry::Occupied(mut kept) => {
                    if entry.fetched_at > kept.get().fetched_at {
                        kept.insert(entry);
                    }
                }
            }
        }
        let bytes = encode(&entries).map_err(std::io::Error::other)?;
        let nanos =
            SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.subsec_nanos());
        let temporary = folder.join(format!(".{name}.{}.{nanos}.tmp", std::process::id()));

        let written =
            write_private(&temporary, &bytes).and_then(|()| std::fs::rename(&temporary, &path));
        if written.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        written
    }
}

/// Returns the file that `path` leads to through symbolic links, so that saving replaces
/// that file and keeps the links, even a link to a file not yet written.
fn file_behind_links(path: &Path) -> PathBuf {
    if let Ok(file) = std::fs::canonicalize(path) {
        return file;
    }
    match std::fs::read_link(path) {
        Ok(target) => path.parent().unwrap_or_else(|| Path::new(".")).join(target),
        Err(_) => path.to_owned(),
    }
}

/// The maximum time a run waits for another to finish saving the same cache file. A save
/// takes milliseconds, so a run that waits this long gives up and does not save.
const LOCK_WAIT: Duration = Duration::from_secs(10);

/// Takes the exclusive lock on `file`, waiting at most `limit` for another holder.
fn lock_within(file: &std::fs::File, limit: Duration) -> std::io::Result<()> {
    let start = std::time::Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(()),
            Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < limit => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(std::io::Error::other(format!(
                    "timed out after {} s waiting for another run to finish saving it, so the \
                     results of this run were not saved; run again once the other run ends",
                    limit.as_secs()
                )));
            }
            Err(std::fs::TryLockError::Error(error)) => return Err(error),
        }
    }
}

/// How much of an existing file is read to tell whether it is a cache: more than the start
/// of any cache file.
const SNIFF_BYTES: u64 = 64;

/// Checks that saving a cache at `path` would replace no other kind of file. The path may be
/// missing, or name a regular file that is empty or starts as a cache file does, even one cut
/// short within its first key. A file that cannot be opened passes too, and reading it later
/// gives the warning.
fn check_replaceable(path: &Path) -> Result<(), LinkError> {
    let not_a_cache = || LinkError::NotACache { path: path.to_owned() };
    // What cannot be read might be worth keeping, so it is never replaced.
    let unreadable = |error: std::io::Error| LinkError::CacheUnreadable {
        path: path.to_owned(),
        reason: error.to_string(),
    };
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(unreadable(error)),
    };
    // A device or a pipe would be replaced by a regular file, and reading a pipe could block.
    if !metadata.is_file() {
        return Err(not_a_cache());
    }
    if metadata.len() == 0 {
        return Ok(());
    }
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let mut start = Vec::new();
    file.take(SNIFF_BYTES).read_to_end(&mut start).map_err(unreadable)?;
    // A cache cut short within its first line is still a cache.
    let is_cache = start.starts_with(MAGIC) || MAGIC.starts_with(&start);
    let is_json_cache =
        JSON_STARTS.iter().any(|json| start.starts_with(json) || json.starts_with(&start));
    if is_cache || is_json_cache { Ok(()) } else { Err(not_a_cache()) }
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

    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            read.warnings.push(format!(
                "cannot read the link cache {shown}: {error}; starting with an empty cache"
            ));
            return read;
        }
    };
    if bytes.is_empty() {
        return read;
    }
    let mut entries = match decode(&bytes) {
        Ok(Decoded::Entries(entries)) => entries,
        Ok(Decoded::OtherVersion(version)) => {
            read.warnings.push(format!(
                "the link cache {shown} has format version {version}, not {VERSION}, so it was discarded"
            ));
            read.changed = true;
            return read;
        }
        Ok(Decoded::Json) => {
            read.warnings.push(format!(
                "the link cache {shown} is in the JSON format of an earlier release, so it was \
                 discarded"
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
    fn write_owner_only(path: &Path, bytes: impl AsRef<[u8]>) {
        std::fs::write(path, bytes).expect("write");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        }
    }

    fn sample() -> Entry {
        Cache::entry(200, Some("text/xml".to_owned()), Some("<Response/>".to_owned()), None, 0)
    }

    /// Encodes a cache file of this version containing `entries`.
    fn file_of(entries: &[(Key, Entry)]) -> Vec<u8> {
        encode(&entries.iter().cloned().collect()).expect("encoded")
    }

    #[test]
    fn keys_shown_in_hex_and_stored_as_bytes() {
        let key = key(HttpMethod::Get, "https://a.test/", &[], None);
        let text = key.to_string();
        assert_eq!(text.len(), 64);
        assert!(text.bytes().all(|byte| byte.is_ascii_hexdigit() && !byte.is_ascii_uppercase()));

        let bytes = postcard::to_stdvec(&key).expect("encoded");
        assert_eq!(bytes.len(), 33, "a length byte, then the digest");
        assert_eq!(postcard::from_bytes::<Key>(&bytes).expect("decoded"), key);
        let short = postcard::to_stdvec(&serde_bytes_of(&[7; 31])).expect("encoded");
        assert!(postcard::from_bytes::<Key>(&short).is_err(), "31 bytes are not a key");
    }

    /// Encodes `bytes` as a byte string, as a key is encoded.
    fn serde_bytes_of(bytes: &[u8]) -> impl Serialize + '_ {
        struct Bytes<'a>(&'a [u8]);
        impl Serialize for Bytes<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_bytes(self.0)
            }
        }
        Bytes(bytes)
    }

    #[test]
    fn entries_round_trip() {
        let moved = Entry {
            final_url: Some("https://example.com/b".to_owned()),
            redirects: 1,
            fetched_at: 7,
            ..sample()
        };
        let unmoved = Entry { content_type: None, body: None, ..sample() };
        for entry in [moved, unmoved] {
            let bytes = postcard::to_stdvec(&entry).expect("encoded");
            assert_eq!(postcard::from_bytes::<Entry>(&bytes).expect("decoded"), entry);
        }
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
        let path = dir.path().join("links-cache");
        let (cache, warnings) = Cache::load(&path, Duration::from_secs(60)).expect("cache opens");
        assert!(warnings.is_empty());
        let key = key(HttpMethod::Get, "https://example.com/a", &[], None);
        cache.put(key, sample());
        cache.save().expect("saved");

        let bytes = std::fs::read(&path).expect("read");
        assert!(bytes.starts_with(b"twiml-lint link cache\n"));
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
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("list")
            .flatten()
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [".links-cache.lock", "links-cache"], "no temporary file is left behind");
    }

    /// A cache loaded from a file written by a test, with the folder that contains it.
    struct Loaded {
        cache: Cache,
        warnings: Vec<String>,
        path: PathBuf,
        _dir: tempfile::TempDir,
    }

    /// Loads a cache file containing `bytes`.
    fn load_bytes(bytes: impl AsRef<[u8]>) -> Loaded {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("links-cache");
        write_owner_only(&path, bytes);
        let (cache, warnings) = Cache::load(&path, Duration::from_secs(3600)).expect("opens");
        Loaded { cache, warnings, path, _dir: dir }
    }

    #[test]
    fn corrupt_files_discarded_with_warning() {
        let key = key(HttpMethod::Get, "https://example.com/a", &[], None);
        let full = file_of(&[(key, sample())]);
        let mut trailing = full.clone();
        trailing.push(0);
        let mut bad_text = full.clone();
        let at = bad_text.windows(3).position(|window| window == b"<Re").expect("body");
        bad_text[at] = 0xff;
        let mut short_key = MAGIC.to_vec();
        let short_keys: BTreeMap<Vec<u8>, Entry> = [(vec![1; 31], sample())].into();
        let short_keys: Vec<_> =
            short_keys.iter().map(|(key, entry)| (serde_bytes_of(key), entry)).collect();
        postcard::to_io(&(VERSION, short_keys), &mut short_key).expect("encoded");

        let cases = [
            ("cut short", full[..full.len() - 4].to_vec()),
            ("a byte after the entries", trailing),
            ("text that is not UTF-8", bad_text),
            ("a key of 31 bytes", short_key),
        ];
        for (case, bytes) in cases {
            let Loaded { cache, warnings, path, .. } = load_bytes(&bytes);
            assert!(cache.is_empty(), "{case}");
            assert_eq!(warnings.len(), 1, "{case}: {warnings:?}");
            let expected = format!("the link cache {} is corrupt (", path.display());
            assert!(warnings[0].starts_with(&expected), "{case}: {}", warnings[0]);
            assert!(warnings[0].ends_with("), so it was discarded"), "{case}: {}", warnings[0]);
        }
    }

    #[test]
    fn other_format_version_discarded_with_warning() {
        let mut bytes = MAGIC.to_vec();
        bytes.extend(postcard::to_stdvec(&(2_u32, "entries in another form")).expect("encoded"));
        let Loaded { cache, warnings, path, .. } = load_bytes(&bytes);
        assert!(cache.is_empty());
        assert_eq!(
            warnings,
            [format!(
                "the link cache {} has format version 2, not {VERSION}, so it was discarded",
                path.display()
            )]
        );
    }

    #[test]
    fn json_cache_of_earlier_release_discarded_with_warning() {
        let Loaded { cache, warnings, path, .. } = load_bytes(r#"{"version":2,"entries":{}}"#);
        assert!(cache.is_empty());
        assert_eq!(
            warnings,
            [format!(
                "the link cache {} is in the JSON format of an earlier release, so it was \
                 discarded",
                path.display()
            )]
        );
    }

    #[test]
    fn invalid_and_stale_entries_dropped() {
        let good = key(HttpMethod::Get, "https://example.com/a", &[], None);
        let stale = key(HttpMethod::Get, "https://example.com/b", &[], None);
        let failed = key(HttpMethod::Get, "https://example.com/c", &[], None);
        let huge = key(HttpMethod::Get, "https://example.com/d", &[], None);
        let bytes = file_of(&[
            (good, sample()),
            (stale, Entry { fetched_at: 10, ..sample() }),
            (failed, Entry { status: 500, ..sample() }),
            (huge, Entry { body: Some("x".repeat(MAX_BODY_BYTES + 1)), ..sample() }),
        ]);
        let Loaded { cache, warnings, path, .. } = load_bytes(&bytes);
        assert_eq!(cache.len(), 1);
        assert_eq!(
            warnings,
            [format!("dropped 2 invalid entries from the link cache {}", path.display())]
        );
        assert!(cache.get(&good).is_some());
        assert!(cache.get(&stale).is_none());
    }

    #[cfg(unix)]
    #[test]
    fn readable_by_others_warned_and_rewritten() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("links-cache");
        std::fs::write(&path, file_of(&[])).expect("write");
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

        let others: [&[u8]; 9] = [
            b"[1, 2]",
            br#"{"entries": {}, "version": 2}"#,
            br#"{"version": 2, "builds": []}"#,
            br#"{"version":"4.0.0","packages":[]}"#,
            br#"{"version":2,"builds":[]}"#,
            b"{\n  \"version\": 2,\n  \"entries\": {}\n}\n",
            b"  \n",
            b"twiml-lint linked",
            b"\x00\x01\x02",
        ];
        for bytes in others {
            std::fs::write(&path, bytes).expect("write");
            assert!(Cache::open(&path, Duration::from_secs(60)).is_err(), "{bytes:?}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn unreadable_file_rejected_and_kept() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("notes.txt");
        std::fs::write(&path, "keep me\n").expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
        // A superuser reads the file all the same, and then it is simply not a cache.
        if std::fs::File::open(&path).is_ok() {
            assert!(matches!(
                Cache::open(&path, Duration::from_secs(60)),
                Err(LinkError::NotACache { .. })
            ));
            return;
        }
        let error = Cache::open(&path, Duration::from_secs(60)).expect_err("unreadable");
        assert!(matches!(&error, LinkError::CacheUnreadable { path: named, .. } if *named == path));
        assert!(error.to_string().starts_with("cannot read the link cache"), "{error}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "keep me\n");
    }

    #[test]
    fn runs_sharing_a_file_keep_each_others_entries() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("links-cache");
        let ttl = Duration::from_secs(60);
        let first = key(HttpMethod::Get, "https://example.com/a", &[], None);
        let second = key(HttpMethod::Get, "https://example.com/b", &[], None);
        let (one, _) = Cache::load(&path, ttl).expect("opens");
        let (two, _) = Cache::load(&path, ttl).expect("opens");
        one.put(first, sample());
        two.put(second, sample());
        one.save().expect("saved");
        two.save().expect("saved");

        let (merged, warnings) = Cache::load(&path, ttl).expect("opens");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert!(merged.get(&first).is_some(), "the first run's entry is kept");
        assert!(merged.get(&second).is_some(), "the second run's entry is kept");
    }

    #[test]
    fn concurrent_saves_keep_every_entry() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("links-cache");
        let ttl = Duration::from_secs(60);
        let keys: Vec<Key> = (0..8)
            .map(|index| key(HttpMethod::Get, &format!("https://example.com/{index}"), &[], None))
            .collect();
        let caches: Vec<Cache> =
            keys.iter().map(|_| Cache::load(&path, ttl).expect("opens").0).collect();
        std::thread::scope(|scope| {
            for (cache, key) in caches.iter().zip(&keys) {
                scope.spawn(move || {
                    cache.put(*key, sample());
                    cache.save().expect("saved");
                });
            }
        });
        let (merged, _) = Cache::load(&path, ttl).expect("opens");
        for key in &keys {
            assert!(merged.get(key).is_some(), "entry {key} kept");
        }
    }

    #[test]
    fn file_replaced_during_the_run_kept() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("links-cache");
        let (cache, _) = Cache::load(&path, Duration::from_secs(60)).expect("opens");
        cache.put(key(HttpMethod::Get, "https://example.com/a", &[], None), sample());
        let text = "[rules]\nunknown-voice = \"off\"\n";
        std::fs::write(&path, text).expect("write");
        let error = cache.save().expect_err("not replaced");
        assert!(error.to_string().contains("is not a twiml-lint link cache"), "{error}");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), text);
    }

    #[cfg(unix)]
    #[test]
    fn link_to_a_cache_kept() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let target = dir.path().join("target-cache");
        let link = dir.path().join("links-cache");
        std::os::unix::fs::symlink(&target, &link).expect("symlink");
        let (cache, _) = Cache::load(&link, Duration::from_secs(60)).expect("opens");
        cache.put(key(HttpMethod::Get, "https://example.com/a", &[], None), sample());
        cache.save().expect("saved");
        let (cache, _) = Cache::load(&link, Duration::from_secs(60)).expect("opens");
        cache.put(key(HttpMethod::Get, "https://example.com/b", &[], None), sample());
        cache.save().expect("saved");
        assert!(std::fs::symlink_metadata(&link).expect("metadata").file_type().is_symlink());
        assert_eq!(Cache::load(&target, Duration::from_secs(60)).expect("opens").0.len(), 2);
    }

    #[test]
    fn lock_held_elsewhere_times_out() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join(".links-cache.lock");
        let holder = std::fs::File::create(&path).expect("create");
        holder.lock().expect("locked");
        let waiter = std::fs::File::options().write(true).open(&path).expect("open");
        let error = lock_within(&waiter, Duration::from_millis(50)).expect_err("times out");
        assert!(error.to_string().starts_with("timed out after 0 s"), "{error}");
        holder.unlock().expect("unlocked");
        assert!(lock_within(&waiter, Duration::from_millis(50)).is_ok());
    }

    #[test]
    fn empty_file_is_an_empty_cache() {
        let Loaded { cache, warnings, .. } = load_bytes("");
        assert!(cache.is_empty());
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn folder_rejected() {
        let dir = tempfile::tempdir().expect("temporary folder");
        assert!(Cache::open(dir.path(), Duration::from_secs(60)).is_err());
    }

    #[test]
    fn empty_and_cut_short_caches_opened() {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join("links-cache");
        let full = file_of(&[(key(HttpMethod::Get, "https://a.test/", &[], None), sample())]);
        let cases: [&[u8]; 10] = [
            b"",
            &MAGIC[..5],
            MAGIC,
            &full[..full.len() - 3],
            &full,
            b"{",
            br#"{"vers"#,
            br#"{"version":"#,
            br#"{"version":1,"entries":{}}"#,
            br#"{"version":2,"entries":{"#,
        ];
        for bytes in cases {
            write_owner_only(&path, bytes);
            assert!(Cache::open(&path, Duration::from_secs(60)).is_ok(), "{bytes:?}");
        }
        write_owner_only(&path, &full);
        let (cache, warnings) = Cache::load(&path, Duration::from_secs(60)).expect("cache opens");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(cache.len(), 1);
    }
}
