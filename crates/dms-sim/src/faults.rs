//! Fault knobs, for proving that no lead is lost or doubled when the DMS misbehaves. A plan is set
//! with `POST /__sim/faults` (JSON below; `{}` clears it) and read back, with how many faults were
//! injected, with `GET /__sim/faults`.
//!
//! ```json
//! { "burst": 3, "bulk_failure_rate": 0.3, "kinds": ["5xx", "drop", "hang"], "latency_ms": 50, "seed": 7 }
//! ```
//! - `latency_ms` delays every DMS call;
//! - the next `burst` bulk POSTs fail, then each fails with probability `bulk_failure_rate`;
//! - a failure is, in turn, each of `kinds`: `5xx` (a 503), `drop` (the connection is cut before an
//!   answer), `hang` (no answer at all; the caller's timeout decides), `late` (the bulk is taken and
//!   recorded, and the answer comes `late_ms` later, default 5 s: past a proxy's timeout).
//!
//! A failed bulk is never recorded (the DMS did not take it, as when it fails before committing),
//! except a `late` one: that is the DMS that took it and answered too late.

use std::sync::Mutex;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FaultKind {
    #[serde(rename = "5xx")]
    ServerError,
    #[serde(rename = "drop")]
    Drop,
    #[serde(rename = "hang")]
    Hang,
    #[serde(rename = "late")]
    Late,
}

/// What to break, and how often.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FaultPlan {
    pub burst: u32,
    pub bulk_failure_rate: f64,
    pub kinds: Vec<FaultKind>,
    pub latency_ms: u64,
    pub seed: u64,
    /// How late a `late` answer comes (0: 5 s).
    pub late_ms: u64,
}

/// The plan in force and what it did so far.
#[derive(Debug, Default, Serialize)]
pub struct FaultState {
    pub plan: FaultPlan,
    /// Injected failures per kind: `5xx`, `drop`, `hang`, `late`.
    pub injected: [u64; 4],
    #[serde(skip)]
    rng: u64,
    #[serde(skip)]
    turn: usize,
}

/// The faults of one simulator.
#[derive(Default)]
pub struct Faults(Mutex<FaultState>);

impl Faults {
    fn lock(&self) -> std::sync::MutexGuard<'_, FaultState> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn set(&self, plan: FaultPlan) {
        let mut state = self.lock();
        state.rng = plan.seed.max(1);
        state.turn = 0;
        state.plan = plan;
    }

    pub fn report(&self) -> serde_json::Value {
        serde_json::to_value(&*self.lock()).unwrap_or_default()
    }

    pub fn latency(&self) -> Duration {
        Duration::from_millis(self.lock().plan.latency_ms)
    }

    /// Whether the next bulk POST fails, and how.
    pub fn next_bulk_fault(&self) -> Option<FaultKind> {
        let mut state = self.lock();
        if state.plan.kinds.is_empty() {
            return None;
        }
        let fails = if state.plan.burst > 0 {
            state.plan.burst -= 1;
            true
        } else {
            // xorshift64: repeatable for a seed, no dependency.
            let mut x = state.rng;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            state.rng = x;
            (x >> 11) as f64 / (1u64 << 53) as f64 <= state.plan.bulk_failure_rate
                && state.plan.bulk_failure_rate > 0.0
        };
        if !fails {
            return None;
        }
        let kind = state.plan.kinds[state.turn % state.plan.kinds.len()];
        state.turn += 1;
        state.injected[kind as usize] += 1;
        Some(kind)
    }
}

/// The answer (or the lack of one) for a fault.
pub async fn fail(kind: FaultKind) -> Response {
    match kind {
        FaultKind::ServerError => {
            (StatusCode::SERVICE_UNAVAILABLE, "the DMS is unavailable").into_response()
        }
        // Headers go out, then the body fails: the server cuts the connection mid-answer.
        FaultKind::Drop => {
            let broken = futures_util::stream::once(async {
                Err::<Bytes, std::io::Error>(std::io::Error::other("connection dropped"))
            });
            Response::new(Body::from_stream(broken))
        }
        FaultKind::Hang => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            StatusCode::GATEWAY_TIMEOUT.into_response()
        }
        // Handled where the bulk is taken first (`inject_faults`).
        FaultKind::Late => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

impl Faults {
    /// How late a `late` answer comes.
    pub fn late(&self) -> Duration {
        match self.lock().plan.late_ms {
            0 => Duration::from_secs(5),
            ms => Duration::from_millis(ms),
        }
    }
}
