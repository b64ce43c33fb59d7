//! The DMS's lists, asked once and served from memory: a campaign's visitors all need the same few
//! dozen lists, and the DMS must not be asked for each of them per visitor, nor leave the form empty
//! while it is down.
//!
//! Each answer is kept per (list, parent, language) in a bounded [`moka`] cache:
//! - **fresh** for `fresh_for` (default 10 min): served as it is;
//! - then **stale** for up to `stale_for` more (default 24 h): served at once, marked
//!   `X-Cache: STALE`, while one refresh runs in the background; when the DMS cannot answer the
//!   refresh, the last good answer keeps being served — an outage does not empty the form;
//! - then gone: the next request asks the DMS again.
//!
//! Requests for a list that is not cached wait for one upstream call together (moka's
//! `try_get_with` runs one initialisation per key). Only `200` answers that are JSON are kept; any
//! other answer is passed on as it came and not kept.
//!
//! With Redis shared by several instances ([`crate::shared`]), every answer taken from the DMS is
//! also written there, and a list missing from an instance's memory is looked for there before the
//! DMS is asked: the instances together ask the DMS once per list. When Redis cannot be reached the
//! instance goes on with its own memory and the DMS.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use dms_model::ListType;
use moka::future::Cache;

use crate::error::ProxyError;
use crate::idempotency::{fingerprint, Answer};
use crate::shared::Redis;

/// How long list answers are kept, and how many.
#[derive(Debug, Clone, Copy)]
pub struct ListCacheConfig {
    pub fresh_for: Duration,
    pub stale_for: Duration,
    pub capacity: u64,
}

/// A list as the DMS is asked for it: type, parent and language (already checked).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ListKey {
    pub list: ListType,
    pub parent: Option<i64>,
    pub lang: Option<&'static str>,
}

impl ListKey {
    /// The key of `GET …/list/{TYPE}?parentId=…&lang=…`: an integer parent, `en` or `ar`, each at
    /// most once; anything else is refused rather than passed on.
    pub fn from_query(list: ListType, query: Option<&str>) -> Result<ListKey, ProxyError> {
        let mut key = ListKey {
            list,
            parent: None,
            lang: None,
        };
        let (mut seen_parent, mut seen_lang) = (false, false);
        for (name, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            match name.as_ref() {
                "parentId" if !seen_parent => {
                    seen_parent = true;
                    key.parent = Some(value.trim().parse().map_err(|_| ProxyError::BadListQuery)?);
                }
                "lang" if !seen_lang => {
                    seen_lang = true;
                    key.lang = Some(lang_code(&value).ok_or(ProxyError::BadListQuery)?);
                }
                "parentId" | "lang" => return Err(ProxyError::BadListQuery),
                _ => {}
            }
        }
        Ok(key)
    }

    /// The upstream query for this key.
    pub fn upstream_query(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        if let Some(parent) = self.parent {
            query.append_pair("parentId", &parent.to_string());
        }
        if let Some(lang) = self.lang {
            query.append_pair("lang", lang);
        }
        query.finish()
    }
}

/// `en` or `ar`, in any case.
pub fn lang_code(value: &str) -> Option<&'static str> {
    ["en", "ar"]
        .into_iter()
        .find(|code| code.eq_ignore_ascii_case(value.trim()))
}

/// A kept list answer.
#[derive(Debug)]
pub struct Kept {
    pub body: Bytes,
    pub content_type: HeaderValue,
    /// Weak: the same list is sent compressed or not.
    pub etag: String,
    pub fetched: Instant,
}

/// How a served answer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// Taken from the DMS for this request (or for one it waited with).
    Miss,
    Fresh,
    Stale,
}

impl Freshness {
    /// As the `X-Cache` header and the cache metric say it.
    pub fn header(self) -> &'static str {
        match self {
            Freshness::Miss => "MISS",
            Freshness::Fresh => "HIT",
            Freshness::Stale => "STALE",
        }
    }
}

/// Why a list could not be served from the cache.
#[derive(Debug, Clone)]
pub enum NotKept {
    /// The DMS answered, but not with a list to keep (a 404, a 500, HTML): passed on as it is.
    Passed(Answer),
    Failed(ProxyError),
}

/// The list cache of one proxy process.
pub struct ListCache {
    entries: Cache<ListKey, Arc<Kept>>,
    /// Keys whose background refresh is under way (one at a time per key).
    refreshing: Mutex<HashSet<ListKey>>,
    config: ListCacheConfig,
    /// Shared with the other instances, when they share a Redis.
    redis: Option<Arc<Redis>>,
}

impl ListCache {
    pub fn new(config: ListCacheConfig, redis: Option<Arc<Redis>>) -> ListCache {
        ListCache {
            redis,
            entries: Cache::builder()
                .max_capacity(config.capacity)
                .time_to_live(config.fresh_for + config.stale_for)
                .build(),
            refreshing: Mutex::new(HashSet::new()),
            config,
        }
    }

    pub fn config(&self) -> ListCacheConfig {
        self.config
    }

    /// The list `key`: kept, or fetched with `fetch` (once for every request waiting for it). A
    /// stale answer is served and `refresh` is spawned to replace it (at most one per key).
    pub async fn get<F, Fut>(
        self: &Arc<Self>,
        key: &ListKey,
        fetch: F,
    ) -> Result<(Arc<Kept>, Freshness), NotKept>
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = Result<Answer, ProxyError>> + Send + 'static,
    {
        if let Some(kept) = self.entries.get(key).await {
            if kept.fetched.elapsed() < self.config.fresh_for {
                return Ok((kept, Freshness::Fresh));
            }
            self.refresh_behind(key.clone(), fetch);
            return Ok((kept, Freshness::Stale));
        }
        let mut fetched_here = false;
        let kept = self
            .entries
            .try_get_with(key.clone(), async {
                if let Some(kept) = self.shared_copy(key).await {
                    return Ok(kept);
                }
                fetched_here = true;
                let kept = keepable(fetch().await.map_err(NotKept::Failed)?)?;
                self.share(key, &kept).await;
                Ok(kept)
            })
            .await
            .map_err(|shared: Arc<NotKept>| (*shared).clone())?;
        let freshness = match fetched_here {
            true => Freshness::Miss,
            false => Freshness::Fresh,
        };
        Ok((kept, freshness))
    }

    /// Fetches `key` again in the background, unless that is under way already; a failure keeps
    /// the stale answer.
    fn refresh_behind<F, Fut>(self: &Arc<Self>, key: ListKey, fetch: F)
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = Result<Answer, ProxyError>> + Send + 'static,
    {
        let started = self
            .refreshing
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key.clone());
        if !started {
            return;
        }
        let cache = self.clone();
        tokio::spawn(async move {
            // Another instance may have refreshed it already.
            let shared = cache
                .shared_copy(&key)
                .await
                .filter(|kept| kept.fetched.elapsed() < cache.config.fresh_for);
            let fetched = match shared {
                Some(kept) => Ok(kept),
                None => fetch().await.map_err(NotKept::Failed).and_then(keepable),
            };
            if let Ok(kept) = fetched {
                cache.share(&key, &kept).await;
                cache.entries.insert(key.clone(), kept).await;
            }
            cache
                .refreshing
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .remove(&key);
        });
    }

    /// The name of `key` in Redis.
    fn shared_name(key: &ListKey) -> String {
        format!(
            "dms-proxy:list:{}?{}",
            key.list.code(),
            key.upstream_query()
        )
    }

    /// `key` as another instance kept it in Redis (`<fetched, ms since the epoch> <content type>`
    /// on the first line, the body after it), if it is there and not too old.
    async fn shared_copy(&self, key: &ListKey) -> Option<Arc<Kept>> {
        let record = self
            .redis
            .as_ref()?
            .get(&Self::shared_name(key))
            .await
            .ok()??;
        let at = record.iter().position(|b| *b == b'\n')?;
        let head = String::from_utf8_lossy(&record[..at]).into_owned();
        let (fetched_ms, content_type) = head.split_once(' ')?;
        let age = unix_ms().saturating_sub(fetched_ms.parse().ok()?);
        let age = Duration::from_millis(age);
        if age >= self.config.fresh_for + self.config.stale_for {
            return None;
        }
        let body = Bytes::copy_from_slice(&record[at + 1..]);
        Some(Arc::new(Kept {
            etag: etag_of(&body),
            content_type: HeaderValue::from_str(content_type).ok()?,
            body,
            fetched: Instant::now().checked_sub(age)?,
        }))
    }

    /// Writes `kept` to Redis for the other instances (nothing happens without Redis, or when it
    /// cannot be reached: this instance goes on with its own memory).
    async fn share(&self, key: &ListKey, kept: &Kept) {
        let Some(redis) = &self.redis else {
            return;
        };
        let fetched_ms = unix_ms().saturating_sub(kept.fetched.elapsed().as_millis() as u64);
        let content_type = kept.content_type.to_str().unwrap_or("application/json");
        let mut record = format!("{fetched_ms} {content_type}\n").into_bytes();
        record.extend_from_slice(&kept.body);
        let ttl = self.config.fresh_for + self.config.stale_for;
        let _ = redis.set(&Self::shared_name(key), &record, ttl).await;
    }

    /// Forgets every kept list (tests; an operator's reload would do the same).
    pub fn clear(&self) {
        self.entries.invalidate_all();
    }
}

/// A DMS answer as a kept list, when it is one: `200` and a JSON body.
fn keepable(answer: Answer) -> Result<Arc<Kept>, NotKept> {
    let is_json = answer
        .content_type
        .as_ref()
        .and_then(|c| c.to_str().ok())
        .is_some_and(|c| c.trim_start().starts_with("application/json"));
    let parses = serde_json::from_slice::<serde::de::IgnoredAny>(&answer.body).is_ok();
    if answer.status != StatusCode::OK || !is_json || !parses {
        return Err(NotKept::Passed(answer));
    }
    Ok(Arc::new(Kept {
        etag: etag_of(&answer.body),
        content_type: answer
            .content_type
            .unwrap_or_else(|| HeaderValue::from_static("application/json")),
        body: answer.body,
        fetched: Instant::now(),
    }))
}

/// A list's validator: weak, as the same list is sent compressed or not.
pub fn etag_of(body: &[u8]) -> String {
    format!("W/\"{:016x}\"", fingerprint(body))
}

fn unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// Whether `If-None-Match` names `etag` (or is `*`).
pub fn not_modified(headers: &HeaderMap, etag: &str) -> bool {
    let strip = |tag: &str| tag.trim().trim_start_matches("W/").to_owned();
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|tag| tag.trim() == "*" || strip(tag) == strip(etag))
}

/// A list answer for the browser: the body (or `304` when the browser has it), its validator, how
/// long the browser and shared caches may keep it, and whether it is stale.
pub struct ListResponse {
    pub body: Bytes,
    pub content_type: HeaderValue,
    pub etag: String,
    /// When the oldest part was fetched.
    pub fetched: Instant,
    pub freshness: Freshness,
    pub config: ListCacheConfig,
    pub not_modified: bool,
}

impl IntoResponse for ListResponse {
    fn into_response(self) -> Response {
        // `max-age` is the answer's whole lifetime and `Age` how much of it has passed, as a
        // browser or a shared cache in front reads them.
        let age = self.fetched.elapsed();
        let cache_control = format!(
            "public, max-age={}, stale-while-revalidate={}, stale-if-error={}",
            self.config.fresh_for.as_secs(),
            self.config.fresh_for.as_secs(),
            self.config.stale_for.as_secs()
        );
        let mut response = match self.not_modified {
            true => StatusCode::NOT_MODIFIED.into_response(),
            false => ([(header::CONTENT_TYPE, self.content_type)], self.body).into_response(),
        };
        let headers = response.headers_mut();
        let mut put = |name, value: String| {
            if let Ok(value) = HeaderValue::from_str(&value) {
                headers.insert(name, value);
            }
        };
        put(header::CACHE_CONTROL, cache_control);
        put(header::ETAG, self.etag);
        put(header::AGE, age.as_secs().to_string());
        put(
            header::HeaderName::from_static("x-cache"),
            self.freshness.header().to_owned(),
        );
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn list(body: &'static str) -> Answer {
        Answer {
            status: StatusCode::OK,
            content_type: Some(HeaderValue::from_static("application/json")),
            body: Bytes::from_static(body.as_bytes()),
        }
    }

    fn key() -> ListKey {
        ListKey {
            list: ListType::Country,
            parent: None,
            lang: Some("ar"),
        }
    }

    #[test]
    fn queries_are_checked_and_spelled_once() {
        let key = ListKey::from_query(ListType::Region, Some("lang=AR&parentId=1&x=2")).unwrap();
        assert_eq!((key.parent, key.lang), (Some(1), Some("ar")));
        assert_eq!(key.upstream_query(), "parentId=1&lang=ar");
        for bad in [
            "parentId=1&parentId=2",
            "lang=en&lang=ar",
            "parentId=x",
            "lang=fr",
        ] {
            assert!(
                ListKey::from_query(ListType::Region, Some(bad)).is_err(),
                "{bad}"
            );
        }
    }

    #[tokio::test]
    async fn concurrent_misses_make_one_call_and_answers_are_kept() {
        let cache = Arc::new(ListCache::new(
            ListCacheConfig {
                fresh_for: Duration::from_secs(600),
                stale_for: Duration::from_secs(3600),
                capacity: 100,
            },
            None,
        ));
        let calls = Arc::new(AtomicUsize::new(0));
        let fetch = {
            let calls = calls.clone();
            move || {
                let calls = calls.clone();
                async move {
                    calls.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    Ok(list(r#"[{"value":1,"text":"Saudi Arabia"}]"#))
                }
            }
        };
        let waits = (0..10).map(|_| {
            let (cache, fetch) = (cache.clone(), fetch.clone());
            async move { cache.get(&key(), fetch).await.map(|(_, f)| f) }
        });
        let results = futures_join_all(waits).await;
        assert_eq!(calls.load(Ordering::SeqCst), 1, "one upstream call for ten");
        assert_eq!(
            results
                .iter()
                .filter(|r| matches!(r, Ok(Freshness::Miss)))
                .count(),
            1
        );
        let (_, again) = cache.get(&key(), fetch).await.unwrap();
        assert_eq!(again, Freshness::Fresh);
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_stale_answer_is_served_while_the_dms_fails() {
        let cache = Arc::new(ListCache::new(
            ListCacheConfig {
                fresh_for: Duration::ZERO,
                stale_for: Duration::from_secs(3600),
                capacity: 100,
            },
            None,
        ));
        let (kept, _) = cache
            .get(&key(), || async { Ok(list("[]")) })
            .await
            .unwrap();
        let failing = || async {
            Err(ProxyError::Upstream(
                crate::upstream::UpstreamError::Unreachable,
            ))
        };
        let (stale, freshness) = cache.get(&key(), failing).await.unwrap();
        assert_eq!(freshness, Freshness::Stale);
        assert_eq!(stale.body, kept.body);
        // A DMS answer that is not a list is passed on, never kept.
        cache.clear();
        let refused = cache
            .get(&key(), || async {
                Ok(Answer {
                    status: StatusCode::NOT_FOUND,
                    ..list("{}")
                })
            })
            .await;
        assert!(matches!(refused, Err(NotKept::Passed(a)) if a.status == StatusCode::NOT_FOUND));
    }

    /// Runs the futures together and collects their outputs (tests only).
    async fn futures_join_all<T>(
        futures: impl IntoIterator<Item = impl std::future::Future<Output = T> + Send + 'static>,
    ) -> Vec<T>
    where
        T: Send + 'static,
    {
        let handles: Vec<_> = futures.into_iter().map(tokio::spawn).collect();
        let mut out = Vec::new();
        for handle in handles {
            out.push(handle.await.expect("task"));
        }
        out
    }

    #[test]
    fn if_none_match_is_read_weakly() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("\"a\", W/\"b\""),
        );
        assert!(not_modified(&headers, "W/\"b\""));
        assert!(not_modified(&headers, "W/\"a\""));
        assert!(!not_modified(&headers, "W/\"c\""));
    }
}
