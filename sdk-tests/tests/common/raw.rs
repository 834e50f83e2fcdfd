//! A scripted HTTP/1.1 server on loopback for the hostile-server tests: each connection's
//! request is read, then a script writes whatever it likes to the socket (wrong lengths, endless
//! bodies, huge headers, redirects), as a broken proxy or an attacker would.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A request as the server read it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What a script gets: the request, its index (0 for the first), the socket, and a counter of
/// the bytes written to it.
pub struct Exchange {
    pub index: usize,
    pub request: Seen,
    pub socket: TcpStream,
    pub written: Arc<AtomicU64>,
}

impl Exchange {
    /// Writes `bytes`, counting them; `false` once the client has gone.
    pub async fn write(&mut self, bytes: &[u8]) -> bool {
        match self.socket.write_all(bytes).await {
            Ok(()) => {
                self.written.fetch_add(bytes.len() as u64, Ordering::SeqCst);
                true
            }
            Err(_) => false,
        }
    }

    /// A whole answer: status line, headers, `Content-Length`, body; the connection closes.
    pub async fn respond(&mut self, status: &str, headers: &[(&str, &str)], body: &[u8]) {
        let mut head = format!(
            "HTTP/1.1 {status}\r\nconnection: close\r\ncontent-length: {}\r\n",
            body.len()
        );
        for (n, v) in headers {
            head.push_str(&format!("{n}: {v}\r\n"));
        }
        head.push_str("\r\n");
        self.write(head.as_bytes()).await;
        self.write(body).await;
    }

    /// Writes `total` bytes of `fill` in 64 KiB chunks, until the client goes away.
    pub async fn stream_bytes(&mut self, total: u64, fill: u8) {
        let chunk = vec![fill; 64 * 1024];
        let mut sent = 0u64;
        while sent < total {
            let n = chunk.len().min((total - sent) as usize);
            if !self.write(&chunk[..n]).await {
                return;
            }
            sent += n as u64;
        }
    }
}

type Script = Arc<dyn Fn(Exchange) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

/// The server: its address, what it read, and how many bytes it wrote.
pub struct RawServer {
    pub addr: SocketAddr,
    pub seen: Arc<Mutex<Vec<Seen>>>,
    pub written: Arc<AtomicU64>,
    count: Arc<AtomicUsize>,
}

impl RawServer {
    /// Listens on `ip` (`127.0.0.1`, `127.0.0.2`: two loopback origins) and runs `script` for
    /// each request.
    pub async fn start<F, Fut>(ip: &str, script: F) -> Self
    where
        F: Fn(Exchange) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let listener = TcpListener::bind((ip, 0)).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let written = Arc::new(AtomicU64::new(0));
        let count = Arc::new(AtomicUsize::new(0));
        let script: Script = Arc::new(move |e| Box::pin(script(e)));
        let (s, w, c) = (seen.clone(), written.clone(), count.clone());
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let (seen, written, count, script) =
                    (s.clone(), w.clone(), c.clone(), script.clone());
                tokio::spawn(async move {
                    let Some(request) = read_request(&mut socket).await else {
                        return;
                    };
                    seen.lock().unwrap().push(request.clone());
                    let index = count.fetch_add(1, Ordering::SeqCst);
                    script(Exchange {
                        index,
                        request,
                        socket,
                        written,
                    })
                    .await;
                });
            }
        });
        Self {
            addr,
            seen,
            written,
            count,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many requests the server read.
    pub fn requests(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }

    pub fn bytes_written(&self) -> u64 {
        self.written.load(Ordering::SeqCst)
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

async fn read_request(socket: &mut TcpStream) -> Option<Seen> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 4096];
    let head_end = loop {
        let n = socket.read(&mut byte).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&byte[..n]);
        if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let (method, target) = (first.next()?.to_owned(), first.next()?.to_owned());
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end..].to_vec();
    while body.len() < length {
        let n = socket.read(&mut byte).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&byte[..n]);
    }
    Some(Seen {
        method,
        target,
        headers,
        body,
    })
}
