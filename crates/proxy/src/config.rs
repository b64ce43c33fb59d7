//! The proxy's configuration: a TOML file for everything that is not secret, the environment for
//! secrets (and for overriding single settings, as container platforms do). Secrets are never
//! read from the file, so a committed or shared file cannot leak them.
//!
//! ```toml
//! listen = "127.0.0.1:8787"
//! workers = 2                              # threads serving requests (default: one per core;
//!                                          # 1: a single-threaded event loop, as an nginx worker)
//! [upstream]
//! api = "https://dms-api.example/api"      # lists, bulk POST
//! gs = "https://dms-gs.example/gs"         # bulk status, customer
//! lead_bank = "https://leadbank.example"   # optional: the dealer inbox's provider
//! timeout_ms = 15000
//! [public]                                 # the public form: lists and one-lead bulks
//! allowed_origins = ["https://www.kia.example"]
//! max_body_bytes = 16384
//! max_leads_per_bulk = 5
//! min_fill_ms = 3000
//! [dealer]                                 # dealer pages: status, customer, lead bank, big bulks
//! allowed_origins = ["https://portal.example"]
//! max_body_bytes = 4194304
//! max_leads_per_bulk = 500
//! auth_header = "x-dealer-token"           # its value: PROXY_DEALER_TOKEN
//! [rate_limits]                           # per instance; with [shared], for all of them too
//! per_ip_burst = 150
//! per_ip_replenish_ms = 250
//! per_origin_burst = 3000
//! per_origin_replenish_ms = 10
//! [lists]                                 # list answers kept in memory (crate::lists)
//! fresh_seconds = 600                      # served as they are
//! stale_seconds = 86400                    # then served while refreshed, and while the DMS is down
//! capacity = 10000                         # lists kept at most
//! [idempotency]
//! ttl_hours = 24
//! capacity = 100000
//! file = "/var/lib/dms-proxy/idempotency.jsonl"   # optional: survives restarts
//! [shared]                                 # several instances behind a load balancer
//! redis_url = "redis://127.0.0.1:6379/"    # optional: idempotency, Turnstile tokens, lists and
//!                                          # rate limits in Redis for every instance (crate::shared)
//! [turnstile]                              # used only when PROXY_TURNSTILE_SECRET is set
//! verify_url = "https://challenges.cloudflare.com/turnstile/v0/siteverify"
//! [server]                                 # connections (crate::serve)
//! header_timeout_ms = 10000                # a request's headers, and a kept-alive idle connection
//! body_timeout_ms = 30000                  # a request's whole body
//! max_connections = 2000                   # open at once, in all
//! max_connections_per_ip = 200             # open at once from one address (IPv6: one /64)
//! shutdown_seconds = 25                    # SIGTERM: finish what is under way within this
//! [metrics]
//! listen = "127.0.0.1:9187"                # optional: Prometheus text at /metrics, never public
//! [lead_bank]                              # the provider's leads (crate::lead_bank)
//! dealer_id = 1                            # the body of the provider's POST api/leads
//! sync_every_seconds = 60                  # optional: sent to the DMS by the proxy itself
//! [lead_bank.mapping]                      # optional: dms_model::leadbank::LeadBankMapping,
//! source = "Lead Bank"                     # camelCase keys as in its JSON; the default mapping
//! [[lead_bank.mapping.routes]]             # when absent
//! bandDealerId = "JTC-KIA-01"
//! set = { brand = "KIA", businessArea = "Sales", branch = "KIA Riyadh Showroom" }
//! ```
//!
//! Secrets (environment only): `DMS_CREDENTIAL` (the `Authorization` value for dms-api and dms-gs),
//! `LEAD_BANK_CREDENTIAL`, `PROXY_DEALER_TOKEN`, `PROXY_TURNSTILE_SECRET`, `PROXY_FORM_TOKEN_KEYS`
//! (comma-separated: the first signs the form tokens, every one is accepted, so a key is rotated by
//! putting the new one first and dropping the old one a token lifetime later; see crate::form_token).
//! Overrides: `PROXY_CONFIG` (the file), `PROXY_ADDR`, `PROXY_WORKERS`, `PROXY_UPSTREAM_API`, `PROXY_UPSTREAM_GS`,
//! `PROXY_UPSTREAM_LEAD_BANK`, `PROXY_UPSTREAM_TIMEOUT_MS`, `PROXY_ALLOWED_ORIGINS` and
//! `PROXY_DEALER_ORIGINS` (comma-separated), `PROXY_MAX_BODY_BYTES`, `PROXY_MAX_LEADS_PER_BULK`,
//! `PROXY_MIN_FILL_MS`, `PROXY_RATE_IP_BURST`, `PROXY_RATE_IP_REPLENISH_MS`,
//! `PROXY_RATE_ORIGIN_BURST`, `PROXY_RATE_ORIGIN_REPLENISH_MS`, `PROXY_IDEMPOTENCY_FILE`,
//! `PROXY_IDEMPOTENCY_CAPACITY`, `PROXY_TURNSTILE_VERIFY_URL`, `PROXY_LIST_FRESH_SECONDS`,
//! `PROXY_LIST_STALE_SECONDS`, `PROXY_LIST_CAPACITY` (0: lists are not kept), `PROXY_REDIS_URL`,
//! `PROXY_HEADER_TIMEOUT_MS`, `PROXY_BODY_TIMEOUT_MS`, `PROXY_MAX_CONNECTIONS`,
//! `PROXY_MAX_CONNECTIONS_PER_IP`, `PROXY_SHUTDOWN_SECONDS`, `PROXY_METRICS_ADDR`,
//! `PROXY_FORM_TOKEN_MAX_AGE_SECONDS`, `PROXY_LEAD_BANK_DEALER_ID`, `PROXY_LEAD_BANK_SYNC_SECONDS`.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use axum::http::{HeaderName, HeaderValue};
use serde::Deserialize;

use dms_model::leadbank::LeadBankMapping;

use crate::limits::Rate;
use crate::lists::ListCacheConfig;

/// The default Turnstile verification endpoint (Cloudflare's documented `siteverify`).
pub const TURNSTILE_VERIFY_URL: &str = "https://challenges.cloudflare.com/turnstile/v0/siteverify";

/// Why the configuration cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0} is not set")]
    Missing(&'static str),
    #[error("{name} is not valid: {reason}")]
    Invalid { name: &'static str, reason: String },
    #[error("cannot read the configuration file {path}: {reason}")]
    File { path: String, reason: String },
}

/// The public group: what the embedded lead form may do.
#[derive(Debug, Clone)]
pub struct PublicGroup {
    /// Origins of the pages allowed to embed the form (exact `scheme://host[:port]`).
    pub allowed_origins: Vec<HeaderValue>,
    /// Largest accepted bulk body.
    pub max_body_bytes: usize,
    /// Most leads one public bulk may carry (the form sends one).
    pub max_leads_per_bulk: usize,
    /// Bulks whose form token is younger than this are taken for bots (answered like a success,
    /// never forwarded).
    pub min_fill: Duration,
    /// A form token older than this is answered 428: the form fetches a fresh one.
    pub form_token_max_age: Duration,
}

/// How the server treats connections ([`crate::serve`]).
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Until a request's headers have all arrived; also how long a kept-alive connection may idle.
    pub header_timeout: Duration,
    /// Until a request's whole body has arrived.
    pub body_timeout: Duration,
    pub max_connections: usize,
    pub max_connections_per_ip: usize,
    /// From SIGTERM until the process exits, whatever is still under way.
    pub shutdown_deadline: Duration,
}

/// The dealer group: bulk status, customer lookup, the lead bank and large bulks. Every request must
/// carry `auth_header` with the configured token; without a token configured the group is closed.
#[derive(Debug, Clone)]
pub struct DealerGroup {
    pub allowed_origins: Vec<HeaderValue>,
    pub max_body_bytes: usize,
    pub max_leads_per_bulk: usize,
    pub auth_header: HeaderName,
    /// The shared secret the portal's reverse proxy sets after it authenticated the dealer.
    pub token: Option<String>,
}

/// Cloudflare Turnstile, when configured: public bulks must carry a token that verifies.
#[derive(Debug, Clone)]
pub struct Turnstile {
    pub secret: String,
    pub verify_url: String,
}

/// Idempotency memory: how long, how many, and where it is kept across restarts.
#[derive(Debug, Clone)]
pub struct IdempotencyConfig {
    pub ttl: Duration,
    pub capacity: usize,
    /// An append-only file the remembered answers are written to and read back from at start.
    pub file: Option<PathBuf>,
}

/// The lead-bank provider's leads: whose they are, how they map to DMS leads, and whether the proxy
/// sends them by itself ([`crate::lead_bank`]).
#[derive(Debug, Clone)]
pub struct LeadBankConfig {
    /// The dealer's id at the provider: the body of `POST api/leads`.
    pub dealer_id: i64,
    /// How often the sync runs; `None`: no sync (the dealer inbox only).
    pub sync_every: Option<Duration>,
    /// The one mapping: the sync uses it, and the inbox reads it from the proxy.
    pub mapping: LeadBankMapping,
}

/// What the proxy forwards where, and with which credential.
#[derive(Debug, Clone)]
pub struct ProxyConfig {
    pub listen: String,
    /// Threads serving requests; `None`: one per core.
    pub workers: Option<usize>,
    /// dms-api base, e.g. `https://dms-api-test.example/api`.
    pub upstream_api: String,
    /// dms-gs base, e.g. `https://dms-gs-test.example/gs`.
    pub upstream_gs: String,
    /// The lead-bank provider's base (the lead-bank provider document), when the dealer inbox is used.
    pub upstream_lead_bank: Option<String>,
    /// Value of the `Authorization` header sent to dms-api and dms-gs.
    pub credential: Option<HeaderValue>,
    /// Value of the `Authorization` header sent to the lead bank.
    pub lead_bank_credential: Option<HeaderValue>,
    pub upstream_timeout: Duration,
    pub public: PublicGroup,
    pub dealer: DealerGroup,
    /// Requests per client IP.
    pub rate_per_ip: Rate,
    /// Requests per page origin (all visitors of one site together).
    pub rate_per_origin: Rate,
    pub idempotency: IdempotencyConfig,
    pub turnstile: Option<Turnstile>,
    /// How long list answers are kept fresh, then stale.
    pub lists: ListCacheConfig,
    /// Redis, for state shared by several instances; `None`: this process keeps its own.
    pub redis_url: Option<String>,
    pub server: ServerConfig,
    /// Where Prometheus reads the metrics (`/metrics`); `None`: not served.
    pub metrics_listen: Option<String>,
    /// The keys form tokens are signed with (the first) and checked against (all); empty: a key of
    /// this process's own, made at start.
    pub form_token_keys: Vec<Vec<u8>>,
    pub lead_bank: LeadBankConfig,
}

impl ProxyConfig {
    /// The defaults in front of the given DMS bases, for pages on `public_origins` (tests and
    /// embedding start from here).
    pub fn new(upstream_api: &str, upstream_gs: &str, public_origins: &[&str]) -> ProxyConfig {
        let file = FileConfig::default();
        let origins = public_origins
            .iter()
            .filter_map(|o| HeaderValue::from_str(o).ok())
            .collect();
        let mut config = file.resolve(Secrets::default()).expect("valid defaults");
        config.upstream_api = upstream_api.trim_end_matches('/').to_owned();
        config.upstream_gs = upstream_gs.trim_end_matches('/').to_owned();
        config.public.allowed_origins = origins;
        config
    }

    /// Reads the file named by `PROXY_CONFIG` (or `path`), applies the environment's overrides and
    /// secrets, and checks the result.
    pub fn load(path: Option<&str>) -> Result<ProxyConfig, ConfigError> {
        let path = path.map(str::to_owned).or_else(|| var("PROXY_CONFIG"));
        let mut file = match &path {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| ConfigError::File {
                    path: path.clone(),
                    reason: e.to_string(),
                })?;
                FileConfig::parse(&text).map_err(|reason| ConfigError::File {
                    path: path.clone(),
                    reason,
                })?
            }
            None => FileConfig::default(),
        };
        file.apply_env()?;
        file.resolve(Secrets::from_env())
    }
}

fn var(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// The secrets, from the environment only.
#[derive(Default)]
struct Secrets {
    credential: Option<String>,
    lead_bank_credential: Option<String>,
    dealer_token: Option<String>,
    turnstile_secret: Option<String>,
    form_token_keys: Option<String>,
}

impl Secrets {
    fn from_env() -> Secrets {
        Secrets {
            credential: var("DMS_CREDENTIAL"),
            lead_bank_credential: var("LEAD_BANK_CREDENTIAL"),
            dealer_token: var("PROXY_DEALER_TOKEN"),
            turnstile_secret: var("PROXY_TURNSTILE_SECRET"),
            form_token_keys: var("PROXY_FORM_TOKEN_KEYS"),
        }
    }
}

/// The file as written; every setting has a default, unknown keys are refused (a typo must not
/// silently leave a door open).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct FileConfig {
    listen: String,
    workers: Option<usize>,
    upstream: UpstreamSection,
    public: GroupSection,
    dealer: GroupSection,
    rate_limits: RateSection,
    idempotency: IdempotencySection,
    turnstile: TurnstileSection,
    lists: ListsSection,
    shared: SharedSection,
    server: ServerSection,
    metrics: MetricsSection,
    lead_bank: LeadBankSection,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct LeadBankSection {
    dealer_id: Option<i64>,
    sync_every_seconds: Option<u64>,
    mapping: Option<LeadBankMapping>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct ServerSection {
    header_timeout_ms: Option<u64>,
    body_timeout_ms: Option<u64>,
    max_connections: Option<usize>,
    max_connections_per_ip: Option<usize>,
    shutdown_seconds: Option<u64>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct MetricsSection {
    listen: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct SharedSection {
    redis_url: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct ListsSection {
    fresh_seconds: Option<u64>,
    stale_seconds: Option<u64>,
    capacity: Option<u64>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct UpstreamSection {
    api: Option<String>,
    gs: Option<String>,
    lead_bank: Option<String>,
    timeout_ms: Option<u64>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct GroupSection {
    allowed_origins: Vec<String>,
    max_body_bytes: Option<usize>,
    max_leads_per_bulk: Option<usize>,
    min_fill_ms: Option<u64>,
    form_token_max_age_seconds: Option<u64>,
    auth_header: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct RateSection {
    per_ip_burst: Option<u32>,
    per_ip_replenish_ms: Option<u64>,
    per_origin_burst: Option<u32>,
    per_origin_replenish_ms: Option<u64>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct IdempotencySection {
    ttl_hours: Option<u64>,
    capacity: Option<usize>,
    file: Option<PathBuf>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
struct TurnstileSection {
    verify_url: Option<String>,
}

impl Default for FileConfig {
    fn default() -> FileConfig {
        FileConfig {
            listen: "127.0.0.1:8787".to_owned(),
            workers: None,
            upstream: UpstreamSection::default(),
            public: GroupSection::default(),
            dealer: GroupSection::default(),
            rate_limits: RateSection::default(),
            idempotency: IdempotencySection::default(),
            turnstile: TurnstileSection::default(),
            lists: ListsSection::default(),
            shared: SharedSection::default(),
            server: ServerSection::default(),
            metrics: MetricsSection::default(),
            lead_bank: LeadBankSection::default(),
        }
    }
}

/// Overrides `slot` with the environment variable `name`, parsed.
fn env_into<T: FromStr>(slot: &mut Option<T>, name: &'static str) -> Result<(), ConfigError> {
    if let Some(value) = var(name) {
        *slot = Some(value.parse().map_err(|_| ConfigError::Invalid {
            name,
            reason: "cannot be read".into(),
        })?);
    }
    Ok(())
}

fn env_list(slot: &mut Vec<String>, name: &str) {
    if let Some(value) = var(name) {
        *slot = value.split(',').map(|o| o.trim().to_owned()).collect();
    }
}

impl FileConfig {
    fn parse(text: &str) -> Result<FileConfig, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    fn apply_env(&mut self) -> Result<(), ConfigError> {
        if let Some(addr) = var("PROXY_ADDR") {
            self.listen = addr;
        }
        env_into(&mut self.workers, "PROXY_WORKERS")?;
        env_into(&mut self.upstream.api, "PROXY_UPSTREAM_API")?;
        env_into(&mut self.upstream.gs, "PROXY_UPSTREAM_GS")?;
        env_into(&mut self.upstream.lead_bank, "PROXY_UPSTREAM_LEAD_BANK")?;
        env_into(&mut self.upstream.timeout_ms, "PROXY_UPSTREAM_TIMEOUT_MS")?;
        env_list(&mut self.public.allowed_origins, "PROXY_ALLOWED_ORIGINS");
        env_list(&mut self.dealer.allowed_origins, "PROXY_DEALER_ORIGINS");
        env_into(&mut self.public.max_body_bytes, "PROXY_MAX_BODY_BYTES")?;
        env_into(
            &mut self.public.max_leads_per_bulk,
            "PROXY_MAX_LEADS_PER_BULK",
        )?;
        env_into(&mut self.public.min_fill_ms, "PROXY_MIN_FILL_MS")?;
        env_into(&mut self.rate_limits.per_ip_burst, "PROXY_RATE_IP_BURST")?;
        env_into(
            &mut self.rate_limits.per_ip_replenish_ms,
            "PROXY_RATE_IP_REPLENISH_MS",
        )?;
        env_into(
            &mut self.rate_limits.per_origin_burst,
            "PROXY_RATE_ORIGIN_BURST",
        )?;
        env_into(
            &mut self.rate_limits.per_origin_replenish_ms,
            "PROXY_RATE_ORIGIN_REPLENISH_MS",
        )?;
        env_into(&mut self.idempotency.file, "PROXY_IDEMPOTENCY_FILE")?;
        env_into(&mut self.idempotency.capacity, "PROXY_IDEMPOTENCY_CAPACITY")?;
        env_into(&mut self.turnstile.verify_url, "PROXY_TURNSTILE_VERIFY_URL")?;
        env_into(&mut self.lists.fresh_seconds, "PROXY_LIST_FRESH_SECONDS")?;
        env_into(&mut self.lists.stale_seconds, "PROXY_LIST_STALE_SECONDS")?;
        env_into(&mut self.lists.capacity, "PROXY_LIST_CAPACITY")?;
        env_into(&mut self.shared.redis_url, "PROXY_REDIS_URL")?;
        let server = &mut self.server;
        env_into(&mut server.header_timeout_ms, "PROXY_HEADER_TIMEOUT_MS")?;
        env_into(&mut server.body_timeout_ms, "PROXY_BODY_TIMEOUT_MS")?;
        env_into(&mut server.max_connections, "PROXY_MAX_CONNECTIONS")?;
        env_into(
            &mut server.max_connections_per_ip,
            "PROXY_MAX_CONNECTIONS_PER_IP",
        )?;
        env_into(&mut server.shutdown_seconds, "PROXY_SHUTDOWN_SECONDS")?;
        env_into(&mut self.metrics.listen, "PROXY_METRICS_ADDR")?;
        env_into(&mut self.lead_bank.dealer_id, "PROXY_LEAD_BANK_DEALER_ID")?;
        env_into(
            &mut self.lead_bank.sync_every_seconds,
            "PROXY_LEAD_BANK_SYNC_SECONDS",
        )?;
        env_into(
            &mut self.public.form_token_max_age_seconds,
            "PROXY_FORM_TOKEN_MAX_AGE_SECONDS",
        )?;
        Ok(())
    }

    fn resolve(self, secrets: Secrets) -> Result<ProxyConfig, ConfigError> {
        let header_value = |name: &'static str, value: String| {
            let mut value = HeaderValue::from_str(&value).map_err(|e| ConfigError::Invalid {
                name,
                reason: e.to_string(),
            })?;
            value.set_sensitive(true);
            Ok::<_, ConfigError>(value)
        };
        let lead_bank = LeadBankConfig {
            dealer_id: self.lead_bank.dealer_id.unwrap_or(1),
            sync_every: self
                .lead_bank
                .sync_every_seconds
                .filter(|s| *s > 0)
                .map(Duration::from_secs),
            mapping: self
                .lead_bank
                .mapping
                .unwrap_or_default()
                .checked()
                .map_err(|e| ConfigError::Invalid {
                    name: "lead_bank.mapping",
                    reason: e.to_string(),
                })?,
        };
        if lead_bank.sync_every.is_some() && self.upstream.lead_bank.is_none() {
            return Err(ConfigError::Invalid {
                name: "lead_bank.sync_every_seconds",
                reason: "the sync needs upstream.lead_bank".into(),
            });
        }
        let auth_header = self
            .dealer
            .auth_header
            .unwrap_or_else(|| "x-dealer-token".to_owned());
        Ok(ProxyConfig {
            listen: self.listen,
            workers: self.workers,
            upstream_api: base("upstream.api", self.upstream.api)?
                .unwrap_or_else(|| "http://127.0.0.1:8788/api".to_owned()),
            upstream_gs: base("upstream.gs", self.upstream.gs)?
                .unwrap_or_else(|| "http://127.0.0.1:8788/gs".to_owned()),
            upstream_lead_bank: base("upstream.lead_bank", self.upstream.lead_bank)?,
            credential: secrets
                .credential
                .map(|c| header_value("DMS_CREDENTIAL", c))
                .transpose()?,
            lead_bank_credential: secrets
                .lead_bank_credential
                .map(|c| header_value("LEAD_BANK_CREDENTIAL", c))
                .transpose()?,
            upstream_timeout: Duration::from_millis(self.upstream.timeout_ms.unwrap_or(15_000)),
            public: PublicGroup {
                allowed_origins: origins("public.allowed_origins", self.public.allowed_origins)?,
                max_body_bytes: self.public.max_body_bytes.unwrap_or(16 * 1024),
                max_leads_per_bulk: self.public.max_leads_per_bulk.unwrap_or(5),
                min_fill: Duration::from_millis(self.public.min_fill_ms.unwrap_or(3_000)),
                form_token_max_age: Duration::from_secs(
                    self.public.form_token_max_age_seconds.unwrap_or(2 * 3600),
                ),
            },
            dealer: DealerGroup {
                allowed_origins: origins("dealer.allowed_origins", self.dealer.allowed_origins)?,
                max_body_bytes: self.dealer.max_body_bytes.unwrap_or(4 * 1024 * 1024),
                max_leads_per_bulk: self.dealer.max_leads_per_bulk.unwrap_or(500),
                auth_header: HeaderName::from_str(&auth_header).map_err(|e| {
                    ConfigError::Invalid {
                        name: "dealer.auth_header",
                        reason: e.to_string(),
                    }
                })?,
                token: secrets.dealer_token,
            },
            rate_per_ip: Rate {
                burst: self.rate_limits.per_ip_burst.unwrap_or(150),
                replenish: Duration::from_millis(
                    self.rate_limits.per_ip_replenish_ms.unwrap_or(250),
                ),
            },
            rate_per_origin: Rate {
                burst: self.rate_limits.per_origin_burst.unwrap_or(3_000),
                replenish: Duration::from_millis(
                    self.rate_limits.per_origin_replenish_ms.unwrap_or(10),
                ),
            },
            idempotency: IdempotencyConfig {
                ttl: Duration::from_secs(3600 * self.idempotency.ttl_hours.unwrap_or(24)),
                capacity: self.idempotency.capacity.unwrap_or(100_000),
                file: self.idempotency.file,
            },
            redis_url: self.shared.redis_url,
            server: ServerConfig {
                header_timeout: Duration::from_millis(
                    self.server.header_timeout_ms.unwrap_or(10_000),
                ),
                body_timeout: Duration::from_millis(self.server.body_timeout_ms.unwrap_or(30_000)),
                max_connections: self.server.max_connections.unwrap_or(2_000).max(1),
                max_connections_per_ip: self.server.max_connections_per_ip.unwrap_or(200).max(1),
                shutdown_deadline: Duration::from_secs(self.server.shutdown_seconds.unwrap_or(25)),
            },
            metrics_listen: self.metrics.listen,
            lead_bank,
            form_token_keys: secrets
                .form_token_keys
                .map(|keys| {
                    keys.split(',')
                        .map(str::trim)
                        .filter(|k| !k.is_empty())
                        .map(|k| k.as_bytes().to_vec())
                        .collect()
                })
                .unwrap_or_default(),
            lists: ListCacheConfig {
                fresh_for: Duration::from_secs(self.lists.fresh_seconds.unwrap_or(600)),
                stale_for: Duration::from_secs(self.lists.stale_seconds.unwrap_or(86_400)),
                capacity: self.lists.capacity.unwrap_or(10_000),
            },
            turnstile: secrets.turnstile_secret.map(|secret| Turnstile {
                secret,
                verify_url: self
                    .turnstile
                    .verify_url
                    .unwrap_or_else(|| TURNSTILE_VERIFY_URL.to_owned()),
            }),
        })
    }
}

/// An upstream base: an http(s) URL without a trailing slash.
fn base(name: &'static str, value: Option<String>) -> Result<Option<String>, ConfigError> {
    let Some(value) = value else {
        return Ok(None);
    };
    if !(value.starts_with("http://") || value.starts_with("https://")) {
        return Err(ConfigError::Invalid {
            name,
            reason: "must be an http(s) URL".into(),
        });
    }
    Ok(Some(value.trim_end_matches('/').to_owned()))
}

/// Exact origins (`scheme://host[:port]`); `null` and wildcards are refused.
fn origins(name: &'static str, values: Vec<String>) -> Result<Vec<HeaderValue>, ConfigError> {
    values
        .iter()
        .map(|o| o.trim().trim_end_matches('/'))
        .filter(|o| !o.is_empty())
        .map(|o| {
            if !(o.starts_with("http://") || o.starts_with("https://")) || o.contains('*') {
                return Err(ConfigError::Invalid {
                    name,
                    reason: format!("{o} is not an exact http(s) origin"),
                });
            }
            HeaderValue::from_str(o).map_err(|e| ConfigError::Invalid {
                name,
                reason: e.to_string(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_configures_both_groups_and_secrets_stay_out_of_it() {
        let file = FileConfig::parse(
            r#"
            listen = "0.0.0.0:9000"
            [upstream]
            api = "https://api.example/api/"
            gs = "https://gs.example/gs"
            [public]
            allowed_origins = ["https://www.kia.example"]
            max_leads_per_bulk = 1
            [dealer]
            allowed_origins = ["https://portal.example"]
            max_leads_per_bulk = 1000
            [idempotency]
            file = "keys.jsonl"
            "#,
        )
        .unwrap();
        let config = file
            .resolve(Secrets {
                dealer_token: Some("t".into()),
                ..Secrets::default()
            })
            .unwrap();
        assert_eq!(config.listen, "0.0.0.0:9000");
        assert_eq!(config.upstream_api, "https://api.example/api");
        assert_eq!(config.public.max_leads_per_bulk, 1);
        assert_eq!(config.dealer.max_leads_per_bulk, 1000);
        assert_eq!(config.dealer.allowed_origins, ["https://portal.example"]);
        assert_eq!(config.dealer.token.as_deref(), Some("t"));
        assert_eq!(config.idempotency.file, Some(PathBuf::from("keys.jsonl")));
        assert!(config.turnstile.is_none());

        let secret_in_file = FileConfig::parse("[upstream]\ncredential = \"Bearer x\"\n");
        assert!(
            secret_in_file.is_err(),
            "a credential is not a file setting"
        );
        assert!(
            FileConfig::parse("[publik]\n").is_err(),
            "typos are refused"
        );
    }

    #[test]
    fn the_demo_configuration_is_valid() {
        let file = FileConfig::parse(include_str!("../../../config/proxy.demo.toml")).unwrap();
        let config = file.resolve(Secrets::default()).unwrap();
        // The demo pages and the example brand site (script embed), each by IP and by name.
        assert_eq!(config.public.allowed_origins.len(), 4);
        assert!(
            config.upstream_lead_bank.is_some(),
            "the dealer inbox has a provider"
        );
        assert!(
            config.dealer.token.is_none(),
            "the token comes from the environment"
        );
    }

    #[test]
    fn origins_must_be_exact() {
        for bad in ["*", "null", "https://*.example", "shop.example"] {
            assert!(origins("o", vec![bad.into()]).is_err(), "{bad}");
        }
        assert!(base("b", Some("ftp://x".into())).is_err());
    }
}
