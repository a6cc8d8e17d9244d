//! How many searches run at once, and how many may wait for a turn.
//!
//! Searches are CPU work on the blocking pool. Unbounded, 256 concurrent
//! heavy searches made tokio start 515 threads (its default pool is 512)
//! and 1.2 GB, and `/healthz` took 4-5 s. Here at most `running` searches
//! run, at most `waiting` more wait in line, and any request beyond both
//! is answered at once with 503 and `Retry-After`. The line is a tokio
//! semaphore: a client that hangs up while waiting gives its place back.

use super::ApiError;
use axum::http::StatusCode;
use std::sync::Arc;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Seconds a client is told to wait (`Retry-After`) when the line is full.
pub const RETRY_AFTER_SECS: u64 = 1;

/// The search line: `running` at once, `waiting` more in line.
pub struct Searches {
    running: Arc<Semaphore>,
    admitted: Arc<Semaphore>,
    /// `running + waiting`, for the 503's message.
    places: usize,
}

/// A place in the line (admitted, maybe not running yet): while it is held,
/// one fewer request is admitted.
pub struct Place(#[allow(dead_code)] OwnedSemaphorePermit);

impl Searches {
    /// At most `running` (at least 1) searches at once, `waiting` in line.
    pub fn new(running: usize, waiting: usize) -> Searches {
        let running = running.max(1);
        Searches {
            running: Arc::new(Semaphore::new(running)),
            admitted: Arc::new(Semaphore::new(running + waiting)),
            places: running + waiting,
        }
    }

    /// A place in the line, or the 503 (with `Retry-After`) when it is full.
    pub fn admit(&self) -> Result<Place, ApiError> {
        match self.admitted.clone().try_acquire_owned() {
            Ok(p) => Ok(Place(p)),
            Err(_) => Err(ApiError {
                status: StatusCode::SERVICE_UNAVAILABLE,
                message: format!(
                    "busy: {} searches running or waiting, the most this server takes; retry in {RETRY_AFTER_SECS} s",
                    self.places
                ),
                retry_after: Some(RETRY_AFTER_SECS),
            }),
        }
    }

    /// Runs `f` on the blocking pool once it is `place`'s turn.
    pub async fn run<T: Send + 'static>(
        &self,
        place: Place,
        f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let turn = self
            .running
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| ApiError::internal(e.to_string()))?;
        // The permits move into the task: a client gone mid-search does not
        // free a place before the search itself ends.
        tokio::task::spawn_blocking(move || {
            let _held = (place, turn);
            f()
        })
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?
    }
}
