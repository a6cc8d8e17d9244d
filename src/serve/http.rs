//! Connections: hyper's HTTP/1 server under our own accept loop, because
//! `axum::serve` has no header-read timeout and no connection cap, so idle,
//! half-sent-header and keep-alive sockets stayed open for good and 1,100 of
//! them used up a 1,024 open-files limit (`/healthz` then timed out for
//! everyone).
//!
//! - **Header-read timeout**: a connection that has not sent a whole request
//!   head within [`Net::header_timeout`] of opening, or of its last answer
//!   (keep-alive), is closed (hyper's `header_read_timeout`, which restarts
//!   for each request).
//! - **Connection cap** ([`Net::max_connections`], below the open-files
//!   limit, see [`open_files_limit`]): a connection past the cap closes the
//!   oldest one with no request in flight (an idle or slow-header socket),
//!   so a client holding many sockets cannot keep a new one out; if every
//!   connection is busy, the new one is closed.

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::BTreeMap;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify};

/// How connections are bounded.
#[derive(Debug, Clone)]
pub struct Net {
    /// Longest wait for a request head, from the connection's start or its
    /// previous answer.
    pub header_timeout: Duration,
    /// Most connections open at once.
    pub max_connections: usize,
}

/// Open files kept for the index, its reloads and the process itself.
const RESERVED_FILES: u64 = 32;

/// Raises the soft open-files limit (`RLIMIT_NOFILE`) to the hard one (at
/// most 65,536) where allowed, and returns the soft limit now in force.
pub fn raise_open_files() -> u64 {
    // SAFETY: getrlimit/setrlimit write only to the struct passed.
    unsafe {
        let mut r: libc::rlimit = std::mem::zeroed();
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut r) != 0 {
            return 1024;
        }
        let want = r.rlim_max.min(65_536);
        if r.rlim_cur < want {
            let raised = libc::rlimit {
                rlim_cur: want,
                rlim_max: r.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                return want as u64;
            }
        }
        r.rlim_cur as u64
    }
}

/// The default connection cap under an open-files limit of `files`: a
/// quarter of it (at least [`RESERVED_FILES`], at most 256) is left for the
/// rest of the process; at most 16,384 connections.
pub fn open_files_limit(files: u64) -> usize {
    let reserve = (files / 4).clamp(RESERVED_FILES, 256);
    files.saturating_sub(reserve).clamp(8, 16_384) as usize
}

/// One open connection: requests in flight, and the signal to close it.
struct Conn {
    busy: AtomicUsize,
    evict: Notify,
}

/// Open connections, oldest first (ids are given in accept order).
#[derive(Default)]
struct Conns {
    next: u64,
    open: BTreeMap<u64, Arc<Conn>>,
}

impl Conns {
    /// Room for one more connection under `cap`, closing the oldest idle one
    /// if need be; `None` if every open connection has a request in flight.
    fn admit(&mut self, cap: usize) -> Option<(u64, Arc<Conn>)> {
        if self.open.len() >= cap {
            let idle = self
                .open
                .iter()
                .find(|(_, c)| c.busy.load(Ordering::Acquire) == 0)
                .map(|(&id, _)| id)?;
            if let Some(c) = self.open.remove(&idle) {
                c.evict.notify_one();
            }
        }
        let id = self.next;
        self.next += 1;
        let c = Arc::new(Conn {
            busy: AtomicUsize::new(0),
            evict: Notify::new(),
        });
        self.open.insert(id, c.clone());
        Some((id, c))
    }
}

/// A request in flight on a connection: it is not closed to make room.
struct Busy(Arc<Conn>);

impl Busy {
    fn enter(c: &Arc<Conn>) -> Busy {
        c.busy.fetch_add(1, Ordering::AcqRel);
        Busy(c.clone())
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.busy.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Serves `app` on `listener` until `stop` completes, then lets answers in
/// flight finish (5 s at most).
pub async fn serve(listener: TcpListener, app: Router, net: Net, stop: impl Future<Output = ()>) {
    let conns = Arc::new(Mutex::new(Conns::default()));
    let (quit, quitting) = watch::channel(false);
    tokio::pin!(stop);
    let mut warned: Option<std::time::Instant> = None;
    loop {
        let stream = tokio::select! {
            r = listener.accept() => r,
            _ = &mut stop => break,
        };
        let stream = match stream {
            Ok((s, _)) => s,
            Err(e) => {
                // Out of file handles (EMFILE) and the like: they pass as
                // connections close. Said once a minute at most.
                if warned.is_none_or(|t| t.elapsed() > Duration::from_secs(60)) {
                    eprintln!("ideas serve: warning: accepting a connection: {e}");
                    warned = Some(std::time::Instant::now());
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Some((id, conn)) = conns.lock().unwrap().admit(net.max_connections) else {
            continue; // every connection is busy: this one is dropped
        };
        let (app, conns, quitting) = (app.clone(), conns.clone(), quitting.clone());
        let timeout = net.header_timeout;
        tokio::spawn(async move {
            connection(stream, app, &conn, timeout, quitting).await;
            conns.lock().unwrap().open.remove(&id);
        });
    }
    let _ = quit.send(true);
    for _ in 0..250 {
        if conns.lock().unwrap().open.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Serves one connection until it closes, is evicted, or the server stops.
async fn connection(
    stream: TcpStream,
    app: Router,
    conn: &Arc<Conn>,
    header_timeout: Duration,
    mut quitting: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    let me = conn.clone();
    let svc = hyper::service::service_fn(move |req| {
        let busy = Busy::enter(&me);
        let app = app.clone();
        async move {
            let res = tower::ServiceExt::oneshot(app, req).await;
            drop(busy);
            res
        }
    });
    let http = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout)
        .serve_connection(TokioIo::new(stream), svc);
    tokio::pin!(http);
    tokio::select! {
        _ = http.as_mut() => {}
        _ = conn.evict.notified() => {}
        _ = quitting.changed() => {
            http.as_mut().graceful_shutdown();
            let _ = tokio::time::timeout(Duration::from_secs(5), http).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_table_closes_the_oldest_idle_connection_not_a_busy_one() {
        let mut t = Conns::default();
        let (a, ca) = t.admit(2).unwrap();
        let (b, _cb) = t.admit(2).unwrap();
        let _busy = Busy::enter(&ca);
        let (c, _) = t.admit(2).unwrap();
        assert!(t.open.contains_key(&a) && !t.open.contains_key(&b));
        assert!(t.open.contains_key(&c));
        let _also = Busy::enter(&t.open[&c].clone());
        assert!(t.admit(2).is_none(), "every connection busy: no room");
    }

    #[test]
    fn the_cap_leaves_files_for_the_rest_of_the_process() {
        assert_eq!(open_files_limit(1024), 768);
        assert_eq!(open_files_limit(64), 32);
        assert_eq!(open_files_limit(1 << 20), 16_384);
    }
}
