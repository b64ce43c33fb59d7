//! State shared by every proxy instance behind a load balancer: one Redis (`[shared] redis_url`,
//! `PROXY_REDIS_URL`). The idempotency records and the Turnstile tokens already used live there
//! (so a retry reaching another instance is still answered from the first one's record), and so do
//! the list answers (so the DMS is asked once per list for all instances). Without it, each process
//! keeps its own in memory: right for a single instance.
//!
//! The rate-limit counters live there too ([`crate::limits::SharedLimits`]), so a limit means the
//! same with one instance or ten.
//!
//! The connection is made on first use and again after Redis was lost; every command has a short
//! deadline, so an unreachable Redis costs a request a second at most. What a caller does then is
//! its own choice: a bulk is not forwarded (its claim could not be recorded), a list is served from
//! the process's memory.

use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use tokio::sync::Mutex;

/// Deadline of one connection attempt and of one command.
const DEADLINE: Duration = Duration::from_millis(1000);

/// Redis could not be used just now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the shared store (Redis) cannot be reached")]
pub struct Unreachable;

impl From<redis::RedisError> for Unreachable {
    fn from(_: redis::RedisError) -> Unreachable {
        Unreachable
    }
}

/// One Redis, shared by the instances.
pub struct Redis {
    client: redis::Client,
    connection: Mutex<Option<ConnectionManager>>,
}

impl Redis {
    /// Checks the URL; connects on first use.
    pub fn new(url: &str) -> Result<Redis, String> {
        Ok(Redis {
            client: redis::Client::open(url).map_err(|e| e.to_string())?,
            connection: Mutex::new(None),
        })
    }

    async fn connection(&self) -> Result<ConnectionManager, Unreachable> {
        let mut slot = self.connection.lock().await;
        if let Some(connection) = slot.as_ref() {
            return Ok(connection.clone());
        }
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(DEADLINE)
            .set_response_timeout(DEADLINE)
            .set_number_of_retries(1);
        let made = tokio::time::timeout(
            DEADLINE * 2,
            ConnectionManager::new_with_config(self.client.clone(), config),
        )
        .await
        .map_err(|_| Unreachable)??;
        *slot = Some(made.clone());
        Ok(made)
    }

    /// Runs `command`, within the deadline.
    async fn run<T: redis::FromRedisValue>(&self, command: redis::Cmd) -> Result<T, Unreachable> {
        let mut connection = self.connection().await?;
        within_deadline(command.query_async(&mut connection)).await
    }

    /// `SET key value NX PX ttl`: true when this call set it (nobody had).
    pub async fn set_new(
        &self,
        key: &str,
        value: &[u8],
        ttl: Duration,
    ) -> Result<bool, Unreachable> {
        let mut command = redis::cmd("SET");
        command
            .arg(key)
            .arg(value)
            .arg("NX")
            .arg("PX")
            .arg(millis(ttl));
        let set: Option<String> = self.run(command).await?;
        Ok(set.is_some())
    }

    /// `SET key value PX ttl`.
    pub async fn set(&self, key: &str, value: &[u8], ttl: Duration) -> Result<(), Unreachable> {
        let mut command = redis::cmd("SET");
        command.arg(key).arg(value).arg("PX").arg(millis(ttl));
        self.run::<()>(command).await
    }

    pub async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, Unreachable> {
        let mut command = redis::cmd("GET");
        command.arg(key);
        self.run(command).await
    }

    pub async fn delete(&self, key: &str) -> Result<(), Unreachable> {
        let mut command = redis::cmd("DEL");
        command.arg(key);
        self.run::<()>(command).await
    }

    /// Runs a Lua `script` (by its hash, sent whole the first time), within the deadline.
    pub async fn script<T: redis::FromRedisValue>(
        &self,
        script: &redis::Script,
        keys: &[&[u8]],
        args: &[u64],
    ) -> Result<T, Unreachable> {
        let mut connection = self.connection().await?;
        let mut invocation = script.prepare_invoke();
        for key in keys {
            invocation.key(*key);
        }
        for arg in args {
            invocation.arg(*arg);
        }
        within_deadline(invocation.invoke_async(&mut connection)).await
    }

    /// Whether Redis answers (readiness).
    pub async fn ping(&self) -> Result<(), Unreachable> {
        self.run::<String>(redis::cmd("PING")).await.map(drop)
    }
}

/// A command's answer, or `Unreachable` when it failed or took longer than the deadline.
async fn within_deadline<T>(
    answer: impl std::future::Future<Output = redis::RedisResult<T>>,
) -> Result<T, Unreachable> {
    match tokio::time::timeout(DEADLINE, answer).await {
        Ok(Ok(value)) => Ok(value),
        _ => Err(Unreachable),
    }
}

/// Milliseconds for `PX`, at least one.
fn millis(ttl: Duration) -> u64 {
    (ttl.as_millis() as u64).max(1)
}
