//! Idempotent bulk POSTs: the widget sends an `Idempotency-Key` with every bulk, and a retry of the
//! same bulk (after a lost answer, a reload, a flaky network) gets the first answer again instead of
//! creating a second bulk in the DMS.
//!
//! The store is in memory, bounded in entries and in age. A key reused with a different body is
//! refused; a key whose first request is still on its way is answered "in progress".

use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasher, RandomState};
use std::sync::Mutex;
use std::time::{Duration, Instant};

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
}

struct Inner {
    entries: HashMap<String, Entry>,
    /// Keys in the order they were claimed, for expiry and eviction.
    order: VecDeque<(Instant, String)>,
}

/// Remembered answers by idempotency key.
pub struct IdempotencyStore {
    inner: Mutex<Inner>,
    hasher: RandomState,
    ttl: Duration,
    capacity: usize,
}

/// Accepts keys of 1–128 characters from `A–Z a–z 0–9 - _` (UUIDs and the like).
pub fn valid_key(key: &str) -> bool {
    (1..=128).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl IdempotencyStore {
    pub fn new(ttl: Duration, capacity: usize) -> IdempotencyStore {
        IdempotencyStore {
            inner: Mutex::new(Inner {
                entries: HashMap::new(),
                order: VecDeque::new(),
            }),
            hasher: RandomState::new(),
            ttl,
            capacity: capacity.max(1),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Registers `key` for `body`, or says what to do with a key already seen.
    pub fn claim(&self, key: &str, body: &[u8]) -> Claim {
        let fingerprint = self.hasher.hash_one(body);
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
    fn keys() {
        assert!(valid_key("0b9c6a4e-3f1d-4a57-9c1e-2f9a8d7c6b5a"));
        assert!(!valid_key(""));
        assert!(!valid_key("a b"));
        assert!(!valid_key(&"k".repeat(129)));
    }
}
