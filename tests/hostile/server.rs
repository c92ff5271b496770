//! A raw loopback HTTP/1.1 server (tokio, no HTTP library), so that answers can be as wrong as a
//! real misbehaving server's: bodies cut short, endless or trickled, lengths that lie.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The most a request head may take; a 1 MB path parameter fits.
const MAX_HEAD: usize = 8 * 1024 * 1024;

/// The most of a request body that is kept for the test to read.
const MAX_KEPT_BODY: usize = 64 * 1024;

/// A request as it arrived.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    /// The request target exactly as sent (path and query, still percent-encoded).
    pub target: String,
    /// Header names lower-cased; values as raw bytes.
    pub headers: BTreeMap<String, Vec<u8>>,
    /// The body, when it declared its length (the clients here always do).
    pub body: Vec<u8>,
}

impl Received {
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }
}

/// How to answer.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A complete answer with `Content-Length`.
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// `Content-Length: declared`, then zeros until `declared` bytes or the client leaves.
    Declared { status: u16, declared: u64 },
    /// Chunked zeros: `total` bytes, or forever when `None`.
    Chunked { status: u16, total: Option<u64> },
    /// A JSON body of `len` bytes sent one byte every `every`.
    Trickle {
        status: u16,
        len: usize,
        every: Duration,
    },
    /// `reply`, after `delay`.
    Delayed(Duration, Box<Reply>),
    /// `Content-Length: declared`, only `sent` of it, then the connection closes.
    CloseMidBody {
        status: u16,
        declared: usize,
        sent: Vec<u8>,
    },
}

impl Reply {
    pub fn json(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self::typed(status, "application/json", body)
    }

    pub fn typed(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self::Full {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.into(),
        }
    }
}

type Script = dyn Fn(&Received) -> Reply + Send + Sync;

/// A server on 127.0.0.1 that answers every request with `script(request)`, recording each.
pub struct Server {
    pub addr: SocketAddr,
    seen: Arc<Mutex<Vec<Received>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Server {
    pub async fn start(script: impl Fn(&Received) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("local address");
        let seen: Arc<Mutex<Vec<Received>>> = Arc::default();
        let script: Arc<Script> = Arc::new(script);
        let record = Arc::clone(&seen);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let script = Arc::clone(&script);
                let record = Arc::clone(&record);
                tokio::spawn(async move {
                    let _ = serve(stream, &*script, &record).await;
                });
            }
        });
        Self { addr, seen, task }
    }

    /// Answers every request the same way.
    pub async fn always(reply: Reply) -> Self {
        Self::start(move |_| reply.clone()).await
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn requests(&self) -> Vec<Received> {
        self.seen.lock().map(|s| s.clone()).unwrap_or_default()
    }

    pub fn hits(&self) -> usize {
        self.seen.lock().map(|s| s.len()).unwrap_or_default()
    }
}

async fn serve(
    mut stream: TcpStream,
    script: &Script,
    record: &Mutex<Vec<Received>>,
) -> std::io::Result<()> {
    let Some(request) = read_request(&mut stream).await? else {
        return Ok(());
    };
    let reply = script(&request);
    if let Ok(mut seen) = record.lock() {
        seen.push(request);
    }
    write_reply(&mut stream, reply).await
}

async fn read_request(stream: &mut TcpStream) -> std::io::Result<Option<Received>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 64 * 1024];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        if buf.len() > MAX_HEAD {
            return Ok(None);
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next().unwrap_or("").split(' ');
    let method = first.next().unwrap_or("").to_string();
    let target = first.next().unwrap_or("").to_string();
    let mut headers = BTreeMap::new();
    let raw_head = &buf[..head_end];
    for line in raw_head.split(|b| *b == b'\n').skip(1) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if let Some(colon) = line.iter().position(|b| *b == b':') {
            let name = String::from_utf8_lossy(&line[..colon]).to_ascii_lowercase();
            let value = line[colon + 1..].trim_ascii().to_vec();
            headers.insert(name, value);
        }
    }
    let length: usize = headers
        .get("content-length")
        .and_then(|v| std::str::from_utf8(v).ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    // The body is read so the client can finish sending; kept up to a bound (a test that sends
    // a huge path or body does not need it back).
    let mut body = buf[head_end + 4..].to_vec();
    let mut read = body.len();
    while read < length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        if body.len() < MAX_KEPT_BODY {
            body.extend_from_slice(&chunk[..n]);
        }
        read += n;
    }
    body.truncate(MAX_KEPT_BODY.min(length));
    Ok(Some(Received {
        method,
        target,
        headers,
        body,
    }))
}

fn status_line(status: u16) -> String {
    format!("HTTP/1.1 {status} Hostile\r\nconnection: close\r\n")
}

async fn write_reply(stream: &mut TcpStream, reply: Reply) -> std::io::Result<()> {
    let zeros = vec![b'0'; 64 * 1024];
    let reply = match reply {
        Reply::Delayed(delay, reply) => {
            tokio::time::sleep(delay).await;
            *reply
        }
        other => other,
    };
    match reply {
        Reply::Delayed(..) => {}
        Reply::Full {
            status,
            headers,
            body,
        } => {
            let mut head = status_line(status);
            for (k, v) in headers {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            head.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
            stream.write_all(head.as_bytes()).await?;
            stream.write_all(&body).await?;
        }
        Reply::Declared { status, declared } => {
            let head = format!(
                "{}content-type: application/json\r\ncontent-length: {declared}\r\n\r\n",
                status_line(status)
            );
            stream.write_all(head.as_bytes()).await?;
            let mut left = declared;
            while left > 0 {
                let n = left.min(zeros.len() as u64) as usize;
                stream.write_all(&zeros[..n]).await?;
                left -= n as u64;
            }
        }
        Reply::Chunked { status, total } => {
            let head = format!(
                "{}content-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n",
                status_line(status)
            );
            stream.write_all(head.as_bytes()).await?;
            let mut left = total.unwrap_or(u64::MAX);
            while left > 0 {
                let n = left.min(zeros.len() as u64) as usize;
                stream.write_all(format!("{n:x}\r\n").as_bytes()).await?;
                stream.write_all(&zeros[..n]).await?;
                stream.write_all(b"\r\n").await?;
                left -= n as u64;
            }
            stream.write_all(b"0\r\n\r\n").await?;
        }
        Reply::Trickle { status, len, every } => {
            let head = format!(
                "{}content-type: application/json\r\ncontent-length: {len}\r\n\r\n",
                status_line(status)
            );
            stream.write_all(head.as_bytes()).await?;
            for _ in 0..len {
                tokio::time::sleep(every).await;
                stream.write_all(b" ").await?;
            }
        }
        Reply::CloseMidBody {
            status,
            declared,
            sent,
        } => {
            let head = format!(
                "{}content-type: application/json\r\ncontent-length: {declared}\r\n\r\n",
                status_line(status)
            );
            stream.write_all(head.as_bytes()).await?;
            stream.write_all(&sent).await?;
        }
    }
    stream.flush().await?;
    stream.shutdown().await
}
