//! Optional Cloudflare Turnstile check of public bulks: the widget passes the token the Turnstile
//! widget gave the person (`X-Turnstile-Token`); the proxy verifies it server-side with the secret
//! and sends the bulk on only when Cloudflare says it is good (428 otherwise; 503 when Cloudflare
//! cannot be asked, so the outbox tries again).
//!
//! A token is good for exactly one bulk. Cloudflare answers a token only once, so a token verified
//! here is remembered with its bulk — Idempotency-Key and body — in the same kind of store as
//! idempotency keys: a retry of that same bulk (the outbox after a network failure) passes without
//! asking again, while the token on any other bulk is refused, the same body under a new key
//! included (that would be a second bulk in the DMS).

use std::time::Duration;

use axum::body::Bytes;
use axum::http::StatusCode;

use crate::config::Turnstile;
use std::sync::Arc;

use crate::idempotency::{Answer, IdempotencyStore, Memory, SharedMemory, TokenUse};
use crate::shared::Redis;
use crate::upstream::UpstreamClient;

/// The request header carrying the token.
pub const TURNSTILE_TOKEN: &str = "x-turnstile-token";

/// How long a verified token is remembered (Cloudflare's tokens live five minutes; the outbox may
/// retry later than that, so a little longer).
const REMEMBER: Duration = Duration::from_secs(30 * 60);
const CAPACITY: usize = 50_000;

/// What the verification said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Human,
    /// Missing, invalid, expired or already used for another bulk.
    Refused,
    /// Cloudflare could not be asked: the bulk may be retried.
    Unavailable,
}

#[derive(serde::Deserialize)]
struct SiteVerify {
    success: bool,
}

pub struct Verifier {
    config: Turnstile,
    /// Tokens verified, by the bulk each was used for (in Redis when the instances share one).
    used: Memory,
}

impl Verifier {
    pub fn new(config: Turnstile, redis: Option<Arc<Redis>>) -> Verifier {
        let used = match redis {
            None => Memory::Local(IdempotencyStore::new(REMEMBER, CAPACITY)),
            Some(redis) => Memory::Shared(SharedMemory {
                redis,
                prefix: "dms-proxy:turnstile:",
                ttl: REMEMBER,
                in_flight: Duration::from_secs(60),
            }),
        };
        Verifier { config, used }
    }

    /// Checks `token` for `bulk` ([`token_bulk`]: the bulk's Idempotency-Key and body); `keyed`:
    /// the bulk has a key. A token is good for exactly one bulk: its retries under the same key
    /// pass without asking Cloudflare again; the same body under a new key is another bulk.
    pub async fn verify(
        &self,
        client: &UpstreamClient,
        token: Option<&str>,
        bulk: &[u8],
        keyed: bool,
    ) -> Verdict {
        let Some(token) = token.filter(|t| !t.is_empty() && t.len() <= 2048) else {
            return Verdict::Refused;
        };
        match self.used.use_token(token, bulk, keyed).await {
            // The shared memory cannot say whether the token was used: not now.
            Err(_) => return Verdict::Unavailable,
            Ok(TokenUse::SameBulk) => return Verdict::Human,
            Ok(TokenUse::OtherBulk) => return Verdict::Refused,
            // The same bulk is being checked right now (a double send): try again shortly.
            Ok(TokenUse::Busy) => return Verdict::Unavailable,
            Ok(TokenUse::First) => {}
        }
        let verdict = self.ask_cloudflare(client, token).await;
        // Only a good token is remembered; any other outcome lets the token be asked about again.
        let status = match verdict {
            Verdict::Human => StatusCode::OK,
            Verdict::Refused | Verdict::Unavailable => StatusCode::FORBIDDEN,
        };
        let outcome = Answer {
            status,
            content_type: None,
            body: Bytes::new(),
        };
        self.used.complete(token, bulk, &outcome).await;
        verdict
    }

    async fn ask_cloudflare(&self, client: &UpstreamClient, token: &str) -> Verdict {
        let form = [("secret", self.config.secret.as_str()), ("response", token)];
        let Ok(answer) = client.post_form(&self.config.verify_url, &form).await else {
            return Verdict::Unavailable;
        };
        if !answer.status.is_success() {
            return Verdict::Unavailable;
        }
        match serde_json::from_slice::<SiteVerify>(&answer.body) {
            Ok(SiteVerify { success: true }) => Verdict::Human,
            Ok(_) => Verdict::Refused,
            Err(_) => Verdict::Unavailable,
        }
    }
}
