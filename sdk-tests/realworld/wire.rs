//! The real-world fixture's crate on the wire: what each kind of parameter and body looks like
//! when it reaches a server, and how answers of each kind come back. Copied into the generated
//! crate as `tests/wire.rs` by `.ci/realworld-check`; the server is a plain TCP listener on
//! 127.0.0.1 that records the request and sends one canned answer.

use std::time::Duration;

use real_world::models::{self, PetOrId};
use real_world::{Client, FilePart};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A request as the server read it.
#[derive(Debug)]
struct Seen {
    head: String,
    body: Vec<u8>,
}

impl Seen {
    fn target(&self) -> &str {
        self.head.split(' ').nth(1).unwrap_or_default()
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// Serves one request with `status`, `content_type` and `body`; returns the client and what
/// the server saw.
async fn serve(
    status: u16,
    content_type: &'static str,
    body: &'static [u8],
) -> (Client, tokio::task::JoinHandle<Seen>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut data = Vec::new();
        let mut buf = [0u8; 8192];
        let (head, length) = loop {
            let n = socket.read(&mut buf).await.unwrap();
            data.extend_from_slice(&buf[..n]);
            if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&data[..end]).into_owned();
                let length = head
                    .lines()
                    .find_map(|l| {
                        let (k, v) = l.split_once(':')?;
                        k.eq_ignore_ascii_case("content-length")
                            .then(|| v.trim().parse::<usize>().ok())?
                    })
                    .unwrap_or(0);
                data.drain(..end + 4);
                break (head, length);
            }
        };
        while data.len() < length {
            let n = socket.read(&mut buf).await.unwrap();
            data.extend_from_slice(&buf[..n]);
        }
        let answer = format!(
            "HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
            body.len()
        );
        socket.write_all(answer.as_bytes()).await.unwrap();
        socket.write_all(body).await.unwrap();
        Seen { head, body: data }
    });
    let client = Client::builder()
        .base_url(format!("http://{addr}"))
        .access_token("token")
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    (client, seen)
}

#[tokio::test]
async fn each_query_and_header_style_is_written_as_the_spec_asks() {
    let (client, seen) = serve(200, "application/json", b"{}").await;
    client
        .default()
        .get_item("a/b")
        .id_query(7)
        .tags(vec!["x".into(), "y".into()])
        .csv(vec![1, 2])
        .pipes(vec!["p".into(), "q".into()])
        .x_ids(vec!["i".into(), "j".into()])
        .filter({
            let mut filter = models::GetItemFilter::new();
            filter.name = Some("n".into());
            filter.min = Some(3);
            filter
        })
        .sort("asc")
        .send()
        .await
        .unwrap();
    let seen = seen.await.unwrap();
    // An object's properties go out in the order the spec declares them.
    assert_eq!(
        seen.target(),
        "/items/a%2Fb?id=7&tags=x&tags=y&csv=1%2C2&pipes=p%7Cq&filter%5Bname%5D=n&filter%5Bmin%5D=3&sort=asc"
    );
    assert_eq!(seen.header("x-ids"), Some("i,j"));
}

#[tokio::test]
async fn a_form_body_is_urlencoded_with_lists_repeated() {
    let (client, seen) = serve(204, "application/json", b"").await;
    client
        .default()
        .post_form("Ann & Bob")
        .count(2)
        .tags(vec!["a".into(), "b".into()])
        .send()
        .await
        .unwrap();
    let seen = seen.await.unwrap();
    assert_eq!(
        seen.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8(seen.body).unwrap(),
        "name=Ann+%26+Bob&count=2&tags=a&tags=b"
    );
}

#[tokio::test]
async fn a_multipart_body_carries_the_file_and_the_fields() {
    let (client, seen) = serve(204, "application/json", b"").await;
    client
        .default()
        .post_upload()
        .file(
            FilePart::new(b"\x89PNG".to_vec())
                .file_name("a.png")
                .media_type("image/png"),
        )
        .caption("hello")
        .send()
        .await
        .unwrap();
    let seen = seen.await.unwrap();
    let media = seen.header("content-type").unwrap().to_owned();
    let boundary = media
        .strip_prefix("multipart/form-data; boundary=")
        .expect("a multipart body");
    let body = String::from_utf8_lossy(&seen.body).into_owned();
    assert_eq!(
        body,
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n\u{FFFD}PNG\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\nhello\r\n--{boundary}--\r\n"
        )
    );
}

#[tokio::test]
async fn bytes_go_out_as_they_are_and_come_back_as_they_are() {
    let (client, seen) = serve(200, "application/json", b"{\"fooBar\":\"x\"}").await;
    let item = client
        .default()
        .put_blob()
        .body(vec![0u8, 1, 2, 255])
        .send()
        .await
        .unwrap();
    assert_eq!(item.foo_bar_2.as_deref(), Some("x"));
    let seen = seen.await.unwrap();
    assert_eq!(seen.header("content-type"), Some("application/octet-stream"));
    assert_eq!(seen.body, [0, 1, 2, 255]);

    let (client, seen) = serve(200, "application/octet-stream", b"\x00\xffraw").await;
    let bytes = client.default().get_item2("i").send().await.unwrap();
    assert_eq!(&bytes[..], b"\x00\xffraw");
    assert_eq!(
        seen.await.unwrap().header("accept"),
        Some("application/octet-stream")
    );

    let (client, _) = serve(200, "text/plain", b"plain text").await;
    let text = client.default().get_item_text("i").send().await.unwrap();
    assert_eq!(text, "plain text");
}

#[tokio::test]
async fn a_one_of_without_discriminator_is_told_apart_by_shape() {
    for (body, expected) in [
        (
            &b"{\"name\":\"Rex\"}"[..],
            PetOrId::Pet(Box::new(models::Pet::new("Rex".into()))),
        ),
        (&b"42"[..], PetOrId::Integer(42)),
        (&b"\"p-1\""[..], PetOrId::String("p-1".into())),
        (&b"null"[..], PetOrId::Null),
    ] {
        let (client, _) = serve(200, "application/json", body).await;
        let got = client.default().get_pet().send().await.unwrap();
        assert_eq!(got, expected);
    }
}
