//! Idempotent bulk POSTs: the widget sends an `Idempotency-Key` with every bulk, and a retry of the
//! same bulk (after a lost answer, a reload, a flaky network) gets the first answer again instead of
//! creating a second bulk in the DMS.
//!
//! The store is bounded in entries and in age. A key reused with a different body is refused; a key
//! whose first request is still on its way is answered "in progress". With a file, every remembered
//! answer is also appended to it (one JSON line each) and read back at start, so a proxy restart
//! does not turn a retry into a second bulk in the DMS; the file is compacted to the live entries
//! each time it is opened.

use std::collections::{HashMap, VecDeque};
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::shared::{Redis, Unreachable};

/// An upstream answer as the proxy passes it on: status, content type and body, nothing else.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: StatusCode,
    pub content_type: Option<HeaderValue>,
    pub body: Bytes,
}

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        let mut response = (self.status, self.body).into_response();
        if let Some(content_type) = self.content_type {
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, content_type);
        }
        response
    }
}

/// What a request with a key may do.
#[derive(Debug)]
pub enum Claim {
    /// First time this key is seen: go upstream, then [`IdempotencyStore::complete`].
    Fresh,
    /// Seen and answered: send this answer again.
    Replay(Answer),
    /// Seen, and its first request has not been answered yet.
    InProgress,
    /// Seen with another body.
    Mismatch,
}

struct Entry {
    fingerprint: u64,
    answer: Option<Stored>,
    /// When the key was claimed, in Unix seconds (for the file).
    at: u64,
}

/// An answer as the store keeps it, as small as it can be: a store holds up to `capacity` of
/// them (100,000 by default). The body is copied into an allocation of its own: an upstream body is
/// a slice of the connection's read buffer, and kept as it came, each key held kilobytes.
struct Stored {
    status: u16,
    content_type: ContentType,
    body: Box<[u8]>,
}

enum ContentType {
    None,
    Json,
    Other(Box<str>),
}

impl Stored {
    fn of(answer: &Answer) -> Stored {
        let content_type = match answer.content_type.as_ref().map(HeaderValue::as_bytes) {
            None => ContentType::None,
            Some(b"application/json") => ContentType::Json,
            Some(other) => ContentType::Other(String::from_utf8_lossy(other).into()),
        };
        Stored {
            status: answer.status.as_u16(),
            content_type,
            body: answer.body.to_vec().into_boxed_slice(),
        }
    }

    fn answer(&self) -> Answer {
        Answer {
            status: StatusCode::from_u16(self.status).unwrap_or(StatusCode::OK),
            content_type: match &self.content_type {
                ContentType::None => None,
                ContentType::Json => Some(HeaderValue::from_static("application/json")),
                ContentType::Other(other) => HeaderValue::from_str(other).ok(),
            },
            body: Bytes::copy_from_slice(&self.body),
        }
    }
}

struct Inner {
    /// The key is shared with `order`, not stored twice.
    entries: HashMap<Arc<str>, Entry>,
    /// Keys in the order they were claimed, for expiry and eviction.
    order: VecDeque<(Instant, Arc<str>)>,
}

/// Remembered answers by idempotency key.
pub struct IdempotencyStore {
    inner: Mutex<Inner>,
    ttl: Duration,
    capacity: usize,
    /// Where answers are appended, when the store outlives the process.
    file: Option<Mutex<File>>,
    /// Held while the store lives: one process per file (see [`IdempotencyStore::open`]).
    _lock: Option<File>,
}

/// A body's fingerprint, stable across restarts and builds (64-bit FNV-1a and the length). Keys are
/// random per lead, so this only has to tell a retry from a different bulk, not resist forgery.
pub fn fingerprint(body: &[u8]) -> u64 {
    let hash = body.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    });
    hash ^ (body.len() as u64).rotate_left(32)
}

/// One remembered answer as a line of the file.
#[derive(serde::Serialize, serde::Deserialize)]
struct Line {
    key: String,
    fingerprint: u64,
    /// Seconds since the Unix epoch when the key was first claimed.
    at: u64,
    status: u16,
    content_type: Option<String>,
    body: String,
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// Accepts keys of 1–128 characters from `A–Z a–z 0–9 - _` (UUIDs and the like).
pub fn valid_key(key: &str) -> bool {
    (1..=128).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl IdempotencyStore {
    /// A store in memory only.
    pub fn new(ttl: Duration, capacity: usize) -> IdempotencyStore {
        IdempotencyStore {
            inner: Mutex::new(Inner {
                entries: HashMap::new(),
                order: VecDeque::new(),
            }),
            ttl,
            capacity: capacity.max(1),
            file: None,
            _lock: None,
        }
    }

    /// A store kept in `path` as well: answers remembered by an earlier run (and not yet expired)
    /// are loaded, the file is rewritten with just those, and new answers are appended.
    /// A store kept in the file at `path` as well. Only one process may use a file: two would each
    /// remember only their own keys, and one compacting the file under the other loses answers. A
    /// second one is refused (an exclusive lock on `<path>.lock`); several instances share their
    /// records through Redis instead (`[shared] redis_url`).
    pub fn open(ttl: Duration, capacity: usize, path: &Path) -> std::io::Result<IdempotencyStore> {
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path.with_extension("lock"))?;
        lock.try_lock().map_err(|_| {
            std::io::Error::other(
                "another dms-proxy process uses this file; several instances share their records through [shared] redis_url",
            )
        })?;
        let mut store = IdempotencyStore::new(ttl, capacity);
        store._lock = Some(lock);
        let now = unix_now();
        let mut live: Vec<Line> = Vec::new();
        if let Ok(file) = File::open(path) {
            for line in BufReader::new(file).lines() {
                // A line cut short by a crash is skipped, not fatal.
                if let Ok(line) = serde_json::from_str::<Line>(&line?) {
                    if now.saturating_sub(line.at) < ttl.as_secs() {
                        live.push(line);
                    }
                }
            }
        }
        if live.len() > store.capacity {
            live.drain(..live.len() - store.capacity);
        }
        let compacted = path.with_extension("compacting");
        {
            let mut out = File::create(&compacted)?;
            for line in &live {
                writeln!(out, "{}", serde_json::to_string(line)?)?;
            }
            out.sync_all()?;
        }
        std::fs::rename(&compacted, path)?;
        {
            let inner = store.inner.get_mut().unwrap_or_else(|p| p.into_inner());
            let instant_now = Instant::now();
            for line in live {
                let age = Duration::from_secs(now.saturating_sub(line.at));
                let claimed = instant_now.checked_sub(age).unwrap_or(instant_now);
                let answer = Answer {
                    status: StatusCode::from_u16(line.status).unwrap_or(StatusCode::OK),
                    content_type: line
                        .content_type
                        .and_then(|c| HeaderValue::from_str(&c).ok()),
                    body: Bytes::from(line.body),
                };
                let key: Arc<str> = line.key.into();
                inner.order.push_back((claimed, key.clone()));
                inner.entries.insert(
                    key,
                    Entry {
                        fingerprint: line.fingerprint,
                        answer: Some(Stored::of(&answer)),
                        at: now.saturating_sub(age.as_secs()),
                    },
                );
            }
        }
        store.file = Some(Mutex::new(
            std::fs::OpenOptions::new().append(true).open(path)?,
        ));
        Ok(store)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Registers `key` for `body`, or says what to do with a key already seen.
    pub fn claim(&self, key: &str, body: &[u8]) -> Claim {
        let fingerprint = fingerprint(body);
        let now = Instant::now();
        let mut inner = self.lock();
        self.expire(&mut inner, now);
        if let Some(entry) = inner.entries.get(key) {
            return if entry.fingerprint != fingerprint {
                Claim::Mismatch
            } else {
                entry
                    .answer
                    .as_ref()
                    .map_or(Claim::InProgress, |stored| Claim::Replay(stored.answer()))
            };
        }
        while inner.entries.len() >= self.capacity {
            match inner.order.pop_front() {
                Some((_, oldest)) => {
                    inner.entries.remove(&oldest);
                }
                None => break,
            }
        }
        let key: Arc<str> = key.into();
        inner.entries.insert(
            key.clone(),
            Entry {
                fingerprint,
                answer: None,
                at: unix_now(),
            },
        );
        inner.order.push_back((now, key));
        Claim::Fresh
    }

    /// Records the answer to a fresh claim. Only a success is remembered: after a failure the key is
    /// forgotten, so the retry goes upstream again.
    pub fn complete(&self, key: &str, answer: &Answer) {
        let mut inner = self.lock();
        if answer.status.is_success() {
            if let Some(entry) = inner.entries.get_mut(key) {
                entry.answer = Some(Stored::of(answer));
                if let (Some(file), Ok(body)) = (&self.file, std::str::from_utf8(&answer.body)) {
                    let line = Line {
                        key: key.to_owned(),
                        fingerprint: entry.fingerprint,
                        at: entry.at,
                        status: answer.status.as_u16(),
                        content_type: answer
                            .content_type
                            .as_ref()
                            .and_then(|c| c.to_str().ok())
                            .map(str::to_owned),
                        body: body.to_owned(),
                    };
                    if let Ok(text) = serde_json::to_string(&line) {
                        let mut file = file.lock().unwrap_or_else(|p| p.into_inner());
                        // Written before the answer goes back to the browser; a failed write only
                        // costs the restart guarantee for this key, so it is reported, not fatal.
                        if let Err(e) = writeln!(file, "{text}").and_then(|()| file.flush()) {
                            tracing::error!(error = %e, "cannot record an idempotency answer");
                        }
                    }
                }
            }
        } else {
            inner.entries.remove(key);
            inner.order.retain(|(_, k)| &**k != key);
        }
    }

    fn expire(&self, inner: &mut Inner, now: Instant) {
        while let Some((claimed, _)) = inner.order.front() {
            if now.duration_since(*claimed) < self.ttl {
                break;
            }
            if let Some((_, key)) = inner.order.pop_front() {
                inner.entries.remove(&key);
            }
        }
    }
}

/// Where remembered answers live: this process (one instance), or Redis (every instance behind a
/// load balancer sees the same record, so a retry that reaches another instance is still answered
/// from the first one's).
pub enum Memory {
    Local(IdempotencyStore),
    Shared(SharedMemory),
}

/// Records in Redis under `prefix`: `SET NX` claims a key with an in-flight marker (the body's
/// fingerprint) that expires after `in_flight`, long enough for the slowest upstream call; the
/// answer then replaces it for `ttl`. A failure deletes the marker, so the key may be tried again.
pub struct SharedMemory {
    pub redis: Arc<Redis>,
    pub prefix: &'static str,
    pub ttl: Duration,
    pub in_flight: Duration,
}

impl Memory {
    /// What a request with `key` and `body` may do; `Err` when the shared store cannot say (the
    /// request must then not go upstream: nothing would stop a second one).
    pub async fn claim(&self, key: &str, body: &[u8]) -> Result<Claim, Unreachable> {
        match self {
            Memory::Local(store) => Ok(store.claim(key, body)),
            Memory::Shared(shared) => shared.claim(key, body).await,
        }
    }

    /// Records the answer to `key`, claimed for `body` (a failure lets the key be tried again).
    pub async fn complete(&self, key: &str, body: &[u8], answer: &Answer) {
        match self {
            Memory::Local(store) => store.complete(key, answer),
            Memory::Shared(shared) => shared.complete(key, fingerprint(body), answer).await,
        }
    }
}

/// How a token good for one bulk (Turnstile's, the form's) is being used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenUse {
    /// Not used before: it is now claimed for this bulk ([`Memory::complete`] with the verdict).
    First,
    /// Used before for this same bulk under this same Idempotency-Key: a retry of it.
    SameBulk,
    /// Used before for another bulk, or for this body under another key (a resend as a new bulk).
    OtherBulk,
    /// Being checked for this bulk right now.
    Busy,
}

/// What a token is remembered with: the bulk's Idempotency-Key and body. A bulk without a key has
/// no retries, so its token is never good a second time.
pub fn token_bulk(key: Option<&str>, body: &[u8]) -> Vec<u8> {
    let mut bulk = Vec::with_capacity(body.len() + 64);
    bulk.extend_from_slice(key.unwrap_or_default().as_bytes());
    bulk.push(b'\n');
    bulk.extend_from_slice(body);
    bulk
}

impl Memory {
    /// Takes `token` for `bulk` ([`token_bulk`]); `keyed`: the bulk has an Idempotency-Key.
    pub async fn use_token(
        &self,
        token: &str,
        bulk: &[u8],
        keyed: bool,
    ) -> Result<TokenUse, Unreachable> {
        Ok(match self.claim(token, bulk).await? {
            Claim::Fresh => TokenUse::First,
            Claim::Replay(_) if keyed => TokenUse::SameBulk,
            Claim::Replay(_) | Claim::Mismatch => TokenUse::OtherBulk,
            Claim::InProgress => TokenUse::Busy,
        })
    }
}

impl SharedMemory {
    fn key(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    async fn claim(&self, key: &str, body: &[u8]) -> Result<Claim, Unreachable> {
        let fingerprint = fingerprint(body);
        let marker = format!("{fingerprint:016x}");
        let name = self.key(key);
        // Claimed, or read what is there; a record that expired in between is claimed again.
        for _ in 0..2 {
            if self
                .redis
                .set_new(&name, marker.as_bytes(), self.in_flight)
                .await?
            {
                return Ok(Claim::Fresh);
            }
            if let Some(record) = self.redis.get(&name).await? {
                return Ok(read_record(&record, fingerprint));
            }
        }
        Ok(Claim::InProgress)
    }

    /// Records the answer, trying again while Redis is away (a restart) for as long as the
    /// in-flight marker lives: once it expired, a retry would be sent again.
    async fn complete(&self, key: &str, fingerprint: u64, answer: &Answer) {
        let name = self.key(key);
        let record = answer.status.is_success().then(|| {
            let mut record = format!("{fingerprint:016x}").into_bytes();
            let content_type = answer
                .content_type
                .as_ref()
                .map_or(&b"-"[..], |c| c.as_bytes());
            record.extend_from_slice(format!(" {} ", answer.status.as_u16()).as_bytes());
            record.extend_from_slice(content_type);
            record.push(b'\n');
            record.extend_from_slice(&answer.body);
            record
        });
        let give_up = tokio::time::Instant::now() + self.in_flight;
        let mut pause = Duration::from_millis(100);
        loop {
            let done = match &record {
                Some(record) => self.redis.set(&name, record, self.ttl).await,
                None => self.redis.delete(&name).await,
            };
            if done.is_ok() {
                return;
            }
            if tokio::time::Instant::now() + pause >= give_up {
                // The marker expires by itself; until then a retry is told the bulk is on its way.
                tracing::error!("the shared store could not record an idempotency answer");
                return;
            }
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(Duration::from_secs(2));
        }
    }
}

/// What a Redis record says to a request whose body has `fingerprint`: `<fingerprint>` alone while
/// in flight, `<fingerprint> <status> <content type>\n<body>` once answered.
fn read_record(record: &[u8], fingerprint: u64) -> Claim {
    let (head, body) = match record.iter().position(|b| *b == b'\n') {
        Some(at) => (&record[..at], Some(&record[at + 1..])),
        None => (record, None),
    };
    let head = String::from_utf8_lossy(head);
    let mut parts = head.split(' ');
    let recorded = parts.next().and_then(|f| u64::from_str_radix(f, 16).ok());
    if recorded != Some(fingerprint) {
        return Claim::Mismatch;
    }
    let Some(body) = body else {
        return Claim::InProgress;
    };
    let status = parts.next().and_then(|s| s.parse().ok());
    let content_type = parts.next().filter(|c| *c != "-");
    Claim::Replay(Answer {
        status: status
            .and_then(|s| StatusCode::from_u16(s).ok())
            .unwrap_or(StatusCode::OK),
        content_type: content_type.and_then(|c| HeaderValue::from_str(c).ok()),
        body: Bytes::copy_from_slice(body),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(body: &'static str) -> Answer {
        Answer {
            status: StatusCode::OK,
            content_type: None,
            body: Bytes::from_static(body.as_bytes()),
        }
    }

    #[test]
    fn a_key_replays_its_first_success() {
        let store = IdempotencyStore::new(Duration::from_secs(60), 10);
        assert!(matches!(store.claim("k1", b"bulk"), Claim::Fresh));
        assert!(matches!(store.claim("k1", b"bulk"), Claim::InProgress));
        store.complete("k1", &ok("1001"));
        match store.claim("k1", b"bulk") {
            Claim::Replay(answer) => assert_eq!(answer.body, "1001"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(store.claim("k1", b"other bulk"), Claim::Mismatch));
    }

    #[test]
    fn failures_are_not_remembered() {
        let store = IdempotencyStore::new(Duration::from_secs(60), 10);
        assert!(matches!(store.claim("k", b"x"), Claim::Fresh));
        let failed = Answer {
            status: StatusCode::BAD_GATEWAY,
            ..ok("")
        };
        store.complete("k", &failed);
        assert!(matches!(store.claim("k", b"x"), Claim::Fresh));
    }

    #[test]
    fn the_store_is_bounded_in_size_and_age() {
        let store = IdempotencyStore::new(Duration::from_secs(60), 2);
        for key in ["a", "b", "c"] {
            assert!(matches!(store.claim(key, b"x"), Claim::Fresh));
            store.complete(key, &ok("1"));
        }
        assert!(
            matches!(store.claim("a", b"x"), Claim::Fresh),
            "the oldest was evicted"
        );
        let short = IdempotencyStore::new(Duration::ZERO, 10);
        assert!(matches!(short.claim("a", b"x"), Claim::Fresh));
        short.complete("a", &ok("1"));
        assert!(matches!(short.claim("a", b"x"), Claim::Fresh), "expired");
    }

    #[test]
    fn answers_survive_a_restart_with_a_file() {
        let dir = std::env::temp_dir().join(format!("dms-proxy-idem-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("keys.jsonl");
        let _ = std::fs::remove_file(&path);
        let ttl = Duration::from_secs(3600);
        {
            let store = IdempotencyStore::open(ttl, 10, &path).unwrap();
            assert!(matches!(store.claim("k1", b"bulk"), Claim::Fresh));
            store.complete("k1", &ok("1001"));
            assert!(matches!(store.claim("k2", b"bulk 2"), Claim::Fresh));
            // k2 never got an answer: the process died while it was on its way.
        }
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .and_then(|mut f| f.write_all(b"{\"key\":\"cut"))
            .unwrap();
        let store = IdempotencyStore::open(ttl, 10, &path).unwrap();
        let second = IdempotencyStore::open(ttl, 10, &path);
        assert!(second.is_err(), "one process per file");
        match store.claim("k1", b"bulk") {
            Claim::Replay(answer) => assert_eq!(answer.body, "1001"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(store.claim("k1", b"other"), Claim::Mismatch));
        assert!(matches!(store.claim("k2", b"bulk 2"), Claim::Fresh));
        let lines = std::fs::read_to_string(&path).unwrap();
        assert_eq!(lines.lines().count(), 1, "compacted: {lines}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn fingerprints_are_stable() {
        assert_eq!(fingerprint(b""), 0xcbf2_9ce4_8422_2325);
        assert_ne!(fingerprint(b"ab"), fingerprint(b"ba"));
    }

    #[test]
    fn keys() {
        assert!(valid_key("0b9c6a4e-3f1d-4a57-9c1e-2f9a8d7c6b5a"));
        assert!(!valid_key(""));
        assert!(!valid_key("a b"));
        assert!(!valid_key(&"k".repeat(129)));
    }
}
