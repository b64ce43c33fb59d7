//! Optional Cloudflare Turnstile check of public bulks: the widget passes the token the Turnstile
//! widget gave the person (`X-Turnstile-Token`); the proxy verifies it server-side with the secret
//! and sends the bulk on only when Cloudflare says it is good (428 otherwise; 503 when Cloudflare
//! cannot be asked, so the outbox tries again).
//!
//! A token is good for one bulk. Cloudflare answers a token only once, so a token verified here is
//! remembered with the fingerprint of its bulk: a retry of that same bulk (the outbox after a
//! network failure) passes without asking again, while the token on any other bulk is refused.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::config::Turnstile;

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

/// Verified tokens with the fingerprint of their bulk, and the order they were verified in.
#[derive(Default)]
struct Used {
    tokens: HashMap<String, u64>,
    order: VecDeque<(Instant, String)>,
}

pub struct Verifier {
    config: Turnstile,
    client: reqwest::Client,
    /// Tokens verified, with the fingerprint of the bulk each was used for.
    used: Mutex<Used>,
}

impl Verifier {
    pub fn new(config: Turnstile, client: reqwest::Client) -> Verifier {
        Verifier {
            config,
            client,
            used: Mutex::default(),
        }
    }

    /// Checks `token` for the bulk with fingerprint `bulk`.
    pub async fn verify(&self, token: Option<&str>, bulk: u64) -> Verdict {
        let Some(token) = token.filter(|t| !t.is_empty() && t.len() <= 2048) else {
            return Verdict::Refused;
        };
        {
            let mut used = self.used.lock().unwrap_or_else(|p| p.into_inner());
            let Used { tokens, order } = &mut *used;
            while let Some((at, _)) = order.front() {
                if at.elapsed() < REMEMBER && tokens.len() <= CAPACITY {
                    break;
                }
                if let Some((_, old)) = order.pop_front() {
                    tokens.remove(&old);
                }
            }
            if let Some(for_bulk) = tokens.get(token) {
                return if *for_bulk == bulk {
                    Verdict::Human
                } else {
                    Verdict::Refused
                };
            }
        }
        let answer = self
            .client
            .post(&self.config.verify_url)
            .form(&[("secret", self.config.secret.as_str()), ("response", token)])
            .send()
            .await;
        let Ok(answer) = answer else {
            return Verdict::Unavailable;
        };
        if !answer.status().is_success() {
            return Verdict::Unavailable;
        }
        let body = answer.bytes().await.unwrap_or_default();
        match serde_json::from_slice::<SiteVerify>(&body) {
            Ok(SiteVerify { success: true }) => {
                let mut used = self.used.lock().unwrap_or_else(|p| p.into_inner());
                used.tokens.insert(token.to_owned(), bulk);
                used.order.push_back((Instant::now(), token.to_owned()));
                Verdict::Human
            }
            Ok(_) => Verdict::Refused,
            Err(_) => Verdict::Unavailable,
        }
    }
}
