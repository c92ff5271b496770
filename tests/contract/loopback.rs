//! A scripted loopback HTTP/1.1 server for the harness's own tests: it answers, or drops a
//! request unanswered as Prism's Node server does when it closes a connection under a request.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with the next request (one action per request, in order).
#[derive(Debug, Clone)]
pub enum Action {
    /// A JSON answer; the connection stays open.
    Answer(u16, &'static str),
    /// The same, with an `sl-violations` header as Prism sends on a request it finds wrong.
    AnswerWithViolation(u16, &'static str),
    /// Answers a request that came on a new connection; a request on a connection that already
    /// served one is read and dropped unanswered, as Node does when its keep-alive timer
    /// (`keepAliveTimeout`, 5 s) fires with the request's bytes already in the socket.
    AnswerOnAFreshConnection(u16, &'static str),
    /// Reads the request and closes the connection without a word.
    CloseUnanswered,
}

pub struct Loopback {
    addr: std::net::SocketAddr,
    requests: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Loopback {
    /// Serves `script` on a free port; a request beyond the script is dropped unanswered.
    pub async fn start(script: Vec<Action>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port");
        let addr = listener.local_addr().expect("its address");
        let requests = Arc::new(AtomicUsize::new(0));
        let script = Arc::new(Mutex::new(script.into_iter()));
        let counter = Arc::clone(&requests);
        let task = tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let (script, counter) = (Arc::clone(&script), Arc::clone(&counter));
                tokio::spawn(serve(socket, script, counter));
            }
        });
        Self {
            addr,
            requests,
            task,
        }
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Requests received (answered or not).
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

impl Drop for Loopback {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(
    mut socket: TcpStream,
    script: Arc<Mutex<std::vec::IntoIter<Action>>>,
    requests: Arc<AtomicUsize>,
) {
    let mut served = 0;
    while read_request(&mut socket).await {
        requests.fetch_add(1, Ordering::SeqCst);
        let action = script.lock().expect("the script").next();
        let (status, body, violation) = match action {
            Some(Action::Answer(status, body)) => (status, body, false),
            Some(Action::AnswerWithViolation(status, body)) => (status, body, true),
            Some(Action::AnswerOnAFreshConnection(status, body)) if served == 0 => {
                (status, body, false)
            }
            _ => return,
        };
        let violation = if violation {
            "sl-violations: [{\"severity\":\"Error\",\"message\":\"made up\"}]\r\n"
        } else {
            ""
        };
        let head = format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
             {violation}\r\n",
            body.len()
        );
        if socket.write_all(head.as_bytes()).await.is_err()
            || socket.write_all(body.as_bytes()).await.is_err()
        {
            return;
        }
        served += 1;
    }
}

/// Reads one request (head and `Content-Length` body); false at the end of the connection.
async fn read_request(socket: &mut TcpStream) -> bool {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        match socket.read(&mut chunk).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + length {
        match socket.read(&mut chunk).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    true
}
