//! The server loop: hyper's HTTP/1 connections with the limits a public endpoint needs, so no slow
//! or hostile client can hold the proxy.
//!
//! - **Headers within `header_timeout`** (hyper's header-read timer, which starts as the connection
//!   opens and again while a kept-alive connection waits for its next request): a silent socket
//!   or one trickling header bytes is closed; an idle keep-alive connection too.
//! - **At most `max_connections` open**, and **`max_connections_per_ip`** from one address (an
//!   IPv6 client by its /64, which one subscriber usually holds whole). A connection over either is
//!   accepted and closed at once, so it leaves the listen queue and a legitimate client behind it
//!   is still served.
//! - The **body** limits (size declared and read, time to read it) are the router's
//!   ([`crate::limits::whole_body`]): they depend on the route's group.
//! - **Shutdown**: stop accepting, let each connection finish the request under way and close
//!   (idle and slow connections at once), and give up on what is left at the deadline.

use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::http::Request;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

use crate::config::ServerConfig;
use crate::limits::client_key;

/// Serves `app` on `listener` until `shutdown` resolves, then closes the connections within the
/// configured deadline; true when every connection closed in time.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: &ServerConfig,
    shutdown: impl Future<Output = ()>,
) -> bool {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    let graceful = GracefulShutdown::new();
    let open = Arc::new(Semaphore::new(limits.max_connections));
    let per_client = PerClient::new(limits.max_connections_per_ip);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors (or a connection reset before it was taken): wait a
                // little for connections to close rather than spinning.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(slot) = open.clone().try_acquire_owned() else {
            metrics::counter!("proxy_connections_refused_total", "reason" => "total").increment(1);
            continue;
        };
        let Some(client_slot) = per_client.admit(peer.ip()) else {
            metrics::counter!("proxy_connections_refused_total", "reason" => "per_ip").increment(1);
            continue;
        };
        // Answers are small: sent at once rather than waiting to fill a segment (Nagle).
        let _ = stream.set_nodelay(true);
        let service = app
            .clone()
            .map_request(move |mut request: Request<Incoming>| {
                // The client's address, for the rate limits.
                request.extensions_mut().insert(ConnectInfo(peer));
                request
            });
        let connection =
            http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let open = metrics::gauge!("proxy_open_connections");
            open.increment(1.0);
            let _ = connection.await;
            open.decrement(1.0);
            drop((slot, client_slot));
        });
    }
    drop(listener);
    tokio::time::timeout(limits.shutdown_deadline, graceful.shutdown())
        .await
        .is_ok()
}

/// Open connections by client.
struct PerClient {
    most: usize,
    open: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

/// One open connection of a client, given back when dropped.
struct ClientSlot {
    client: IpAddr,
    open: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

impl PerClient {
    fn new(most: usize) -> PerClient {
        PerClient {
            most,
            open: Arc::default(),
        }
    }

    fn admit(&self, ip: IpAddr) -> Option<ClientSlot> {
        let client = client_key(ip);
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let count = open.entry(client).or_default();
        if *count >= self.most {
            return None;
        }
        *count += 1;
        Some(ClientSlot {
            client,
            open: self.open.clone(),
        })
    }
}

impl Drop for ClientSlot {
    fn drop(&mut self) {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(count) = open.get_mut(&self.client) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.client);
            }
        }
    }
}

/// The address a listener bound, for logs and tests.
pub fn local_addr(listener: &TcpListener) -> SocketAddr {
    listener
        .local_addr()
        .expect("a bound listener has an address")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_gets_its_share_and_gives_it_back() {
        let clients = PerClient::new(2);
        let ip: IpAddr = "203.0.113.7".parse().unwrap();
        let (a, b) = (clients.admit(ip), clients.admit(ip));
        assert!(a.is_some() && b.is_some());
        assert!(clients.admit(ip).is_none(), "a third connection");
        assert!(clients.admit("203.0.113.8".parse().unwrap()).is_some());
        drop(a);
        assert!(clients.admit(ip).is_some(), "one was given back");
        // One IPv6 subscriber (a /64) is one client, whatever address it picks.
        let v6 = PerClient::new(1);
        let _held = v6.admit("2001:db8:1:2::1".parse().unwrap());
        assert!(v6.admit("2001:db8:1:2:ffff::9".parse().unwrap()).is_none());
        assert!(v6.admit("2001:db8:1:3::1".parse().unwrap()).is_some());
    }
}
