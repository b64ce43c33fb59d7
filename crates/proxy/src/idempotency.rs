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
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

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
    answer: Option<Answer>,
    /// When the key was claimed, in Unix seconds (for the file).
    at: u64,
}

struct Inner {
    entries: HashMap<String, Entry>,
    /// Keys in the order they were claimed, for expiry and eviction.
    order: VecDeque<(Instant, String)>,
}

/// Remembered answers by idempotency key.
pub struct IdempotencyStore {
    inner: Mutex<Inner>,
    ttl: Duration,
    capacity: usize,
    /// Where answers are appended, when the store outlives the process.
    file: Option<Mutex<File>>,
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
        }
    }

    /// A store kept in `path` as well: answers remembered by an earlier run (and not yet expired)
    /// are loaded, the file is rewritten with just those, and new answers are appended.
    pub fn open(ttl: Duration, capacity: usize, path: &Path) -> std::io::Result<IdempotencyStore> {
        let mut store = IdempotencyStore::new(ttl, capacity);
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
                inner.order.push_back((claimed, line.key.clone()));
                inner.entries.insert(
                    line.key,
                    Entry {
                        fingerprint: line.fingerprint,
                        answer: Some(answer),
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
                    .clone()
                    .map_or(Claim::InProgress, Claim::Replay)
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
        inner.entries.insert(
            key.to_owned(),
            Entry {
                fingerprint,
                answer: None,
                at: unix_now(),
            },
        );
        inner.order.push_back((now, key.to_owned()));
        Claim::Fresh
    }

    /// Records the answer to a fresh claim. Only a success is remembered: after a failure the key is
    /// forgotten, so the retry goes upstream again.
    pub fn complete(&self, key: &str, answer: &Answer) {
        let mut inner = self.lock();
        if answer.status.is_success() {
            if let Some(entry) = inner.entries.get_mut(key) {
                entry.answer = Some(answer.clone());
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
                            eprintln!("dms-proxy: cannot record idempotency key: {e}");
                        }
                    }
                }
            }
        } else {
            inner.entries.remove(key);
            inner.order.retain(|(_, k)| k != key);
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
