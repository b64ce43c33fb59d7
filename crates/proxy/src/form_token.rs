//! Form tokens: the spam check the server can trust. When the form is shown it asks
//! `GET /api/v1/form-token` and sends the token it gets as `X-Form-Token` with its bulk. The token
//! says when it was issued, for which page origin, signed with a key only the proxy holds (HMAC-SHA256),
//! so a script cannot claim it spent a minute on the form: it has to ask for a token and wait.
//!
//! What a bulk's token decides ([`FormTokens::check`]):
//! - signed and old enough, not older than the lifetime: a person ([`TokenCheck::Good`]);
//! - signed but younger than `min_fill` (filled faster than a person can), or not signed by any key
//!   (forged): a bot, answered with the decoy ([`TokenCheck::Young`], [`TokenCheck::Forged`]);
//! - missing, not a token at all, or older than the lifetime: 428, and the form fetches a fresh
//!   one and sends again by itself ([`TokenCheck::Renew`]) — a person's lead is never decoyed
//!   because a token could not be fetched in time. The token answer says how long to wait
//!   (`minFillMs`) before a fresh token is old enough.
//!
//! Keys rotate without downtime: the first key signs, every key is accepted.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::config::ConfigError;

/// The request header carrying the form token.
pub const FORM_TOKEN: &str = "x-form-token";

/// How far in the future an issue time may lie (clocks of instances differ a little).
const CLOCK_SKEW_MS: u64 = 60_000;
/// The shortest key accepted from the environment.
const MIN_KEY_BYTES: usize = 16;

/// What a bulk's token says of the person who sent it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenCheck {
    Good,
    Young,
    Forged,
    Renew,
}

/// The keys, and what a token must be to pass.
pub struct FormTokens {
    keys: Vec<Vec<u8>>,
}

impl FormTokens {
    /// With the configured keys; with none, a random key of this process's own (a single instance:
    /// a restart makes the forms fetch fresh tokens, by the 428 path).
    pub fn new(keys: &[Vec<u8>]) -> Result<FormTokens, ConfigError> {
        if keys.iter().any(|k| k.len() < MIN_KEY_BYTES) {
            return Err(ConfigError::Invalid {
                name: "PROXY_FORM_TOKEN_KEYS",
                reason: format!("each key needs at least {MIN_KEY_BYTES} characters"),
            });
        }
        let keys = match keys.is_empty() {
            false => keys.to_vec(),
            true => {
                let mut key = vec![0u8; 32];
                getrandom::fill(&mut key).map_err(|e| ConfigError::Invalid {
                    name: "PROXY_FORM_TOKEN_KEYS",
                    reason: format!("no key given and none could be made: {e}"),
                })?;
                vec![key]
            }
        };
        Ok(FormTokens { keys })
    }

    /// A token issued at `now_ms` (ms since the epoch) for pages on `origin` (empty: a request
    /// without `Origin`, as a page on the proxy's own origin sends its GETs).
    pub fn issue(&self, origin: &[u8], now_ms: u64) -> String {
        // A nonce, so two visitors given a token in the same millisecond do not share one (a token
        // is good for one bulk).
        let mut nonce = [0u8; 8];
        if getrandom::fill(&mut nonce).is_err() {
            nonce = now_ms.to_le_bytes();
        }
        let nonce = hex(&nonce);
        let mac = mac_of(&self.keys[0], now_ms, &nonce, origin)
            .finalize()
            .into_bytes();
        format!("v1.{now_ms}.{nonce}.{}", hex(&mac))
    }

    /// What `token`, sent with a bulk from `origin` at `now_ms`, says.
    pub fn check(
        &self,
        token: Option<&str>,
        origin: &[u8],
        now_ms: u64,
        min_fill_ms: u64,
        max_age_ms: u64,
    ) -> TokenCheck {
        let Some((issued, nonce, mac)) = token.and_then(parse) else {
            return TokenCheck::Renew;
        };
        let signed = |origin: &[u8]| {
            self.keys.iter().any(|key| {
                mac_of(key, issued, nonce, origin)
                    .verify_slice(&mac)
                    .is_ok()
            })
        };
        // A token fetched without an `Origin` (a same-origin page) is good for any allowed origin.
        if issued > now_ms + CLOCK_SKEW_MS || !(signed(origin) || signed(b"")) {
            return TokenCheck::Forged;
        }
        let age = now_ms.saturating_sub(issued);
        if age > max_age_ms {
            TokenCheck::Renew
        } else if age < min_fill_ms {
            TokenCheck::Young
        } else {
            TokenCheck::Good
        }
    }
}

fn mac_of(key: &[u8], issued: u64, nonce: &str, origin: &[u8]) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(format!("v1.{issued}.{nonce}.").as_bytes());
    mac.update(origin);
    mac
}

/// `v1.<issued ms>.<16 hex digits of nonce>.<64 hex digits of signature>`; `None` for anything else.
/// What names a token once its MAC has been checked: its version, time and nonce. The one-bulk
/// memory keys its records by this, not by the whole token (the MAC, two thirds of it, tells
/// nothing more about which token it is).
pub fn identity(token: &str) -> &str {
    token.rsplit_once('.').map_or(token, |(named, _mac)| named)
}

fn parse(token: &str) -> Option<(u64, &str, Vec<u8>)> {
    let rest = token.strip_prefix("v1.")?;
    let (issued, rest) = rest.split_once('.')?;
    let (nonce, mac) = rest.split_once('.')?;
    if nonce.len() != 16 || !nonce.bytes().all(|b| b.is_ascii_hexdigit()) || mac.len() != 64 {
        return None;
    }
    let mac = (0..32)
        .map(|i| u8::from_str_radix(mac.get(2 * i..2 * i + 2)?, 16).ok())
        .collect::<Option<Vec<u8>>>()?;
    Some((issued.parse().ok()?, nonce, mac))
}

/// Lower-case hexadecimal, two digits a byte.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Milliseconds since the epoch, now.
pub fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: &[u8] = b"https://shop.example";
    const MIN_FILL: u64 = 3_000;
    const MAX_AGE: u64 = 7_200_000;

    fn tokens(keys: &[&str]) -> FormTokens {
        let keys: Vec<Vec<u8>> = keys.iter().map(|k| k.as_bytes().to_vec()).collect();
        FormTokens::new(&keys).unwrap()
    }

    #[test]
    fn a_token_passes_once_a_person_could_have_filled_the_form() {
        let tokens = tokens(&["0123456789abcdef-key"]);
        let token = tokens.issue(ORIGIN, 1_000_000);
        let at = |now| tokens.check(Some(&token), ORIGIN, now, MIN_FILL, MAX_AGE);
        assert_eq!(at(1_000_500), TokenCheck::Young);
        assert_eq!(at(1_004_000), TokenCheck::Good);
        assert_eq!(at(1_000_000 + MAX_AGE + 1), TokenCheck::Renew);
        assert_eq!(at(1_000_000 - CLOCK_SKEW_MS - 1), TokenCheck::Forged);
    }

    #[test]
    fn forged_tokens_and_tokens_of_another_origin_are_bots_missing_ones_are_renewed() {
        let tokens = tokens(&["0123456789abcdef-key"]);
        let check = |token: Option<&str>, origin| tokens.check(token, origin, 9_000, 0, MAX_AGE);
        let good = tokens.issue(ORIGIN, 5_000);
        assert_eq!(check(Some(&good), ORIGIN), TokenCheck::Good);
        assert_eq!(
            check(Some(&good), b"https://other.example"),
            TokenCheck::Forged
        );
        let tampered = good.replacen("v1.5000", "v1.4000", 1);
        assert_eq!(check(Some(&tampered), ORIGIN), TokenCheck::Forged);
        let other_key = self::tokens(&["another-key-0123456789"]).issue(ORIGIN, 5_000);
        assert_eq!(check(Some(&other_key), ORIGIN), TokenCheck::Forged);
        assert_ne!(
            good,
            tokens.issue(ORIGIN, 5_000),
            "two visitors, two tokens"
        );
        for missing in [None, Some(""), Some("45000"), Some("v1.5000.zz")] {
            assert_eq!(check(missing, ORIGIN), TokenCheck::Renew, "{missing:?}");
        }
        // Fetched without an Origin (a page on the proxy's own origin): good for any origin.
        let same_origin = tokens.issue(b"", 5_000);
        assert_eq!(check(Some(&same_origin), ORIGIN), TokenCheck::Good);
    }

    #[test]
    fn keys_rotate_without_refusing_tokens_already_out() {
        let before = tokens(&["old-key-0123456789"]);
        let token = before.issue(ORIGIN, 5_000);
        let during = tokens(&["new-key-0123456789", "old-key-0123456789"]);
        assert_eq!(
            during.check(Some(&token), ORIGIN, 9_000, 0, MAX_AGE),
            TokenCheck::Good
        );
        let fresh = during.issue(ORIGIN, 5_000);
        let after = tokens(&["new-key-0123456789"]);
        assert_eq!(
            after.check(Some(&fresh), ORIGIN, 9_000, 0, MAX_AGE),
            TokenCheck::Good
        );
        assert_eq!(
            after.check(Some(&token), ORIGIN, 9_000, 0, MAX_AGE),
            TokenCheck::Forged
        );
        assert!(FormTokens::new(&[b"short".to_vec()]).is_err());
    }
}
